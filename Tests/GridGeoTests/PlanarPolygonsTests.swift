import XCTest
@testable import GridGeo

/// A set of polygons flattened together, checked against GEOS's `covers` and `distance` polygon
/// by polygon, and bit for bit against the same polygons standing alone.
final class PlanarPolygonsTests: XCTestCase {
    func testEachPolygonOfTheSetAnswersAsGEOSAndAsItselfAlone() throws {
        let engine = GeometryEngine()
        var random = SeededRandom(seed: 5)
        func blob(_ cx: Double, _ cy: Double, _ r: Double, _ n: Int) -> [Position] {
            var ring = (0..<n).map { k -> Position in
                let t = 2 * Double.pi * Double(k) / Double(n), q = r * (0.6 + 0.4 * random.unit())
                return Position(cx + q * cos(t), cy + q * sin(t))
            }
            ring.append(ring[0])
            return ring
        }
        // Shapes of different sizes (so different numbers of bands), one with a hole, one in two
        // parts, one a triangle that shares an edge with the square.
        let geometries: [Geometry] = [
            .polygon([blob(0, 0, 10, 40)]),
            .polygon([blob(20, 0, 8, 12), [Position(18, -1), Position(18, 1), Position(22, 1), Position(22, -1), Position(18, -1)]]),
            .multiPolygon([[blob(0, 20, 5, 7)], [blob(12, 22, 4, 200)]]),
            .polygon([[Position(30, 10), Position(40, 10), Position(40, 20), Position(30, 20), Position(30, 10)]]),
            .polygon([[Position(40, 10), Position(45, 15), Position(40, 20), Position(40, 10)]]),
        ]
        let alone = geometries.map { PlanarPolygon($0)! }
        let set = PlanarPolygons(alone)
        XCTAssertEqual(set.count, 5)
        var points = (0..<2000).map { _ in Position(random.uniform(-12, 47), random.uniform(-12, 28)) }
        points += [Position(40, 15), Position(40, 10), Position(35, 10), Position(18, 0), Position(42.5, 12.5)]   // on edges and vertices
        for (p, g) in geometries.enumerated() {
            XCTAssertEqual(set.envelope(p), g.envelope)
            XCTAssertEqual(set.edgeCount(p), alone[p].edgeCount)
            for q in points {
                let located = set.locate(p, q.x, q.y)
                XCTAssertEqual(located, alone[p].locate(q.x, q.y), "polygon \(p) at \(q)")
                XCTAssertEqual(located.isCovered, try engine.covers(g, .point(q)), "polygon \(p) at \(q)")
                let d = set.distance(p, q.x, q.y)
                XCTAssertEqual(d.bitPattern, alone[p].distance(q.x, q.y).bitPattern, "polygon \(p) at \(q)")
                XCTAssertEqual(d, try engine.distance(g, .point(q)), accuracy: 1e-9, "polygon \(p) at \(q)")
            }
        }
        // By hand: (40, 15) is on the edge the square and the triangle share; (45, 15) is 5 from the square.
        XCTAssertEqual(set.locate(3, 40, 15), .boundary)
        XCTAssertEqual(set.locate(4, 40, 15), .boundary)
        XCTAssertEqual(set.distance(3, 45, 15), 5)
    }
}
