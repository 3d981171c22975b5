import XCTest
@testable import GridGeo

final class STRtreeTests: XCTestCase {
    func testQueriesEqualABruteForceScan() {
        var random = SeededRandom(seed: 5)
        let boxes = (0..<2000).map { _ -> Envelope in
            let x = random.uniform(0, 1000), y = random.uniform(0, 1000)
            return Envelope(minX: x, minY: y, maxX: x + random.uniform(0, 30), maxY: y + random.uniform(0, 30))
        }
        let tree = STRtree(boxes)
        for _ in 0..<300 {
            let x = random.uniform(-20, 1020), y = random.uniform(-20, 1020)
            let q = Envelope(minX: x, minY: y, maxX: x + random.uniform(0, 50), maxY: y + random.uniform(0, 50))
            XCTAssertEqual(tree.query(q), boxes.indices.filter { boxes[$0].intersects(q) })
        }
    }

    func testPointQueryAndEmptyTree() {
        let tree = STRtree([Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1), Envelope(minX: 1, minY: 1, maxX: 2, maxY: 2)])
        var hits: [Int] = []
        tree.forEach(containing: 1, 1) { hits.append($0) }
        XCTAssertEqual(hits.sorted(), [0, 1])                       // the shared corner is in both
        XCTAssertEqual(STRtree([]).query(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)), [])
    }
}
