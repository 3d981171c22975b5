import XCTest
@testable import GridGeo

/// The cell bounds checked against GEOS (the reference) cell by cell: a cell left out holds no
/// point within the limit, a reported cell's bounds enclose the true distances, and a cell said
/// to be wholly covered is.
final class CellGridTests: XCTestCase {
    func square(_ e: Envelope) -> Geometry {
        .polygon([[Position(e.minX, e.minY), Position(e.maxX, e.minY), Position(e.maxX, e.maxY), Position(e.minX, e.maxY), Position(e.minX, e.minY)]])
    }

    /// The cell's own rectangle, without the slack.
    func cellBox(_ grid: CellGrid, _ cell: Int) -> Envelope {
        grid.rect(column: cell % grid.columns, row: cell / grid.columns).expanded(by: -grid.slack)
    }

    func testPointsFallInTheirCell() {
        let grid = CellGrid(covering: Envelope(minX: 10, minY: 20, maxX: 30, maxY: 25), cells: 100, slack: 1e-9)
        var random = SeededRandom(seed: 1)
        for _ in 0..<1000 {
            let x = random.uniform(10, 30), y = random.uniform(20, 25)
            let cell = try! XCTUnwrap(grid.cell(x, y))
            XCTAssert(cellBox(grid, cell).expanded(by: 1e-12).contains(x, y))
        }
        XCTAssertNotNil(grid.cell(30, 25))                        // the far corner is inside
        XCTAssertNil(grid.cell(9.99, 22)); XCTAssertNil(grid.cell(.nan, 22))
    }

    func testSegmentBoundsAgreeWithGEOS() throws {
        let engine = GeometryEngine()
        var random = SeededRandom(seed: 2)
        let grid = CellGrid(covering: Envelope(minX: 0, minY: 0, maxX: 100, maxY: 100), cells: 256, slack: 1e-6)
        for n in 0..<30 {
            let a = Position(random.uniform(-10, 110), random.uniform(-10, 110))
            let b = n % 5 == 0 ? Position(a.x + random.uniform(-30, 30), a.y) : Position(random.uniform(-10, 110), random.uniform(-10, 110))
            let limit = n % 3 == 0 ? 0 : random.uniform(0, 15)
            let segment = Geometry.lineString([a, b])
            var reported: [Int: (Double, Double)] = [:]
            grid.segmentBounds(a.x, a.y, b.x, b.y, within: limit) { c, r, lower, upper in reported[r * grid.columns + c] = (lower, upper) }
            for cell in 0..<grid.count {
                let box = cellBox(grid, cell)
                let near = try engine.distance(segment, square(box))
                guard let (lower, upper) = reported[cell] else {
                    XCTAssertGreaterThan(near, limit, "segment \(n) cell \(cell) left out")
                    continue
                }
                XCTAssertLessThanOrEqual(lower, near, "segment \(n) cell \(cell)")
                if try engine.intersects(segment, square(box)) { XCTAssertEqual(lower, 0, "segment \(n) cell \(cell) crossed") }
                for _ in 0..<4 {
                    let p = Position(random.uniform(box.minX, box.maxX), random.uniform(box.minY, box.maxY))
                    let d = try engine.distance(segment, .point(p))
                    XCTAssert(lower <= d && d <= upper, "segment \(n) cell \(cell): \(d) not in \(lower)...\(upper)")
                }
            }
        }
    }

    func testPolygonBoundsAgreeWithGEOS() throws {
        let engine = GeometryEngine()
        var random = SeededRandom(seed: 3)
        // An irregular 30-gon with a square hole.
        var ring: [Position] = []
        for k in 0..<30 {
            let t = 2 * Double.pi * Double(k) / 30
            let r = 40 + 15 * random.unit()
            ring.append(Position(50 + r * cos(t), 50 + r * sin(t)))
        }
        ring.append(ring[0])
        let hole = [Position(40, 40), Position(40, 60), Position(60, 60), Position(60, 40), Position(40, 40)]
        let g = Geometry.polygon([ring, hole])
        let polygon = PlanarPolygon(g)!
        let grid = CellGrid(covering: Envelope(minX: -20, minY: -20, maxX: 120, maxY: 120), cells: 900, slack: 1e-6)
        for limit in [0.0, 3.0, 12.0] {
            var reported: [Int: (Double, Double)] = [:]
            grid.polygonBounds(polygon, within: limit) { cell, lower, upper in reported[cell] = (lower, upper) }
            for cell in 0..<grid.count {
                let box = cellBox(grid, cell)
                let near = try engine.distance(g, square(box))
                guard let (lower, upper) = reported[cell] else {
                    XCTAssertGreaterThan(near, limit, "limit \(limit) cell \(cell) left out")
                    continue
                }
                XCTAssertLessThanOrEqual(lower, near, "limit \(limit) cell \(cell)")
                if try engine.intersects(g, square(box)) { XCTAssertEqual(lower, 0, "limit \(limit) cell \(cell) touched") }
                if upper == 0 { XCTAssert(try engine.covers(g, square(box)), "limit \(limit) cell \(cell) said covered") }
                let corners = [Position(box.minX, box.minY), Position(box.maxX, box.minY), Position(box.minX, box.maxY), Position(box.maxX, box.maxY)]
                let samples = corners + (0..<4).map { _ in Position(random.uniform(box.minX, box.maxX), random.uniform(box.minY, box.maxY)) }
                for p in samples {
                    let d = try engine.distance(g, .point(p))
                    XCTAssert(lower <= d && d <= upper, "limit \(limit) cell \(cell): \(d) not in \(lower)...\(upper)")
                }
            }
        }
    }
}
