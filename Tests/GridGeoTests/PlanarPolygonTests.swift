import XCTest
@testable import GridGeo

/// Exact point location checked by hand on simple shapes, and against GEOS's `covers` and
/// `distance` (the reference implementation) on random and boundary points.
final class PlanarPolygonTests: XCTestCase {
    // A 4×4 square with a 2×2 hole in the middle.
    let squareWithHole = Geometry.polygon([
        [Position(0, 0), Position(4, 0), Position(4, 4), Position(0, 4), Position(0, 0)],
        [Position(1, 1), Position(1, 3), Position(3, 3), Position(3, 1), Position(1, 1)],
    ])

    func testHandWorkedLocations() {
        let p = PlanarPolygon(squareWithHole)!
        XCTAssertEqual(p.locate(0.5, 0.5), .interior)
        XCTAssertEqual(p.locate(2, 2), .exterior)        // in the hole
        XCTAssertEqual(p.locate(1, 2), .boundary)        // on the hole's edge
        XCTAssertEqual(p.locate(4, 4), .boundary)        // a vertex
        XCTAssertEqual(p.locate(2, 0), .boundary)        // a horizontal edge
        XCTAssertEqual(p.locate(0, 3.5), .boundary)      // a vertical edge
        XCTAssertEqual(p.locate(4.000001, 2), .exterior) // just outside
        XCTAssertEqual(p.locate(-1, 4), .exterior)       // level with the top edge, outside
    }

    func testHandWorkedDistances() {
        let p = PlanarPolygon(squareWithHole)!
        XCTAssertEqual(p.distance(2, 2), 1, accuracy: 1e-12)     // centre of the hole: 1 to each side
        XCTAssertEqual(p.distance(7, 8), 5, accuracy: 1e-12)     // 3-4-5 from the corner (4, 4)
        XCTAssertEqual(p.distance(0.5, 0.5), 0)
    }

    func testPointsOnASlantedEdgeAreOnTheBoundary() {
        // The edge (0,0)–(3,1) holds (3k/10, k/10) only where those are exact in binary: k = 0, 5, 10.
        let tri = PlanarPolygon(.polygon([[Position(0, 0), Position(3, 1), Position(0, 1), Position(0, 0)]]))!
        XCTAssertEqual(tri.locate(1.5, 0.5), .boundary)
        XCTAssertEqual(tri.locate(0.75, 0.25), .boundary)
    }

    func testAgreesWithGEOSCoversOnRandomAndEdgePoints() throws {
        let engine = GeometryEngine()
        var random = SeededRandom(seed: 7)
        // An irregular 40-gon with a hole, in degrees as street data is.
        var ring: [Position] = []
        for k in 0..<40 {
            let t = 2 * Double.pi * Double(k) / 40
            let r = 0.004 + 0.002 * random.unit()
            ring.append(Position(108.5 + r * cos(t), 34.3 + r * sin(t)))
        }
        ring.append(ring[0])
        let hole = [Position(108.499, 34.299), Position(108.499, 34.301), Position(108.501, 34.301), Position(108.501, 34.299), Position(108.499, 34.299)]
        let g = Geometry.polygon([ring, hole])
        let fast = PlanarPolygon(g)!
        var samples: [Position] = []
        for _ in 0..<3000 { samples.append(Position(random.uniform(108.493, 108.507), random.uniform(34.293, 34.307))) }
        samples += ring + hole                                   // every vertex
        for i in 0..<(ring.count - 1) {                          // edge midpoints, exact or not
            samples.append(Position((ring[i].x + ring[i + 1].x) / 2, (ring[i].y + ring[i + 1].y) / 2))
        }
        samples.append(Position(108.499, 34.3))                  // on the hole's vertical edge
        for p in samples {
            let covered = try engine.covers(g, .point(p))
            XCTAssertEqual(fast.locate(p.x, p.y).isCovered, covered, "\(p)")
            let d = try engine.distance(g, .point(p))
            XCTAssertEqual(fast.distance(p.x, p.y), d, accuracy: 1e-12, "\(p)")
        }
    }

    func testOrientationAgreesWithGEOSOnNearlyCollinearPoints() throws {
        let engine = GeometryEngine()
        var random = SeededRandom(seed: 11)
        for _ in 0..<5000 {
            let a = Position(random.uniform(108, 109), random.uniform(34, 35))
            let b = Position(random.uniform(108, 109), random.uniform(34, 35))
            let t = random.unit()
            // A point on the segment, up to rounding, nudged by at most a few units in the last place.
            var c = Position(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
            let nudge = Int(random.next() % 5) - 2
            for _ in 0..<abs(nudge) { c.y = nudge > 0 ? c.y.nextUp : c.y.nextDown }
            XCTAssertEqual(orientation(a.x, a.y, b.x, b.y, c.x, c.y), try engine.orientationIndex(a, b, c), "\(a) \(b) \(c)")
        }
    }

    func testPolylineDistanceAgreesWithGEOS() throws {
        let engine = GeometryEngine()
        let line = Geometry.multiLineString([[Position(0, 0), Position(10, 0), Position(10, 10)], [Position(20, 20), Position(30, 20)]])
        let fast = PlanarPolyline(line)!
        XCTAssertEqual(fast.distance(5, 3), 3, accuracy: 1e-12)      // above the first segment
        XCTAssertEqual(fast.distance(13, 14), 5, accuracy: 1e-12)    // 3-4-5 from (10, 10)
        var random = SeededRandom(seed: 3)
        for _ in 0..<500 {
            let p = Position(random.uniform(-10, 40), random.uniform(-10, 30))
            XCTAssertEqual(fast.distance(p.x, p.y), try engine.distance(line, .point(p)), accuracy: 1e-9)
        }
    }
}
