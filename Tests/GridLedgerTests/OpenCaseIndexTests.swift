import GridGeo
@testable import GridLedger
import XCTest

final class OpenCaseIndexTests: XCTestCase {
    /// 5,000 cases over few cells (many per cell, several table growths) give back exactly the
    /// cases a plain dictionary of arrays holds for every cell, including cells never filled.
    func testCellsHoldWhatWasFiledInThem() {
        var index = OpenCaseIndex()
        var plain: [String: Set<Int64>] = [:]
        var random = SeededRandom(seed: 11)
        func key(_ c: OpenCaseIndex.Cell) -> String { "\(c.category)/\(c.x)/\(c.y)/\(c.period)" }
        for id in 0..<5_000 {
            let cell = OpenCaseIndex.Cell(category: Int32(random.unit() * 3), x: Int32(random.unit() * 40) - 20,
                                          y: Int32(random.unit() * 40) - 20, period: Int32(random.unit() * 2))
            index.insert(OpenCaseIndex.Case(id: Int64(id), number: "n\(id)", x: 0, y: 0, at: 0), in: cell)
            plain[key(cell), default: []].insert(Int64(id))
        }
        for category: Int32 in 0...3 { for x: Int32 in -21...20 { for y: Int32 in -21...20 { for period: Int32 in 0...2 {
            let cell = OpenCaseIndex.Cell(category: category, x: x, y: y, period: period)
            var got: [Int64] = []
            index.forEach(in: cell) { got.append($0.id) }
            XCTAssertEqual(Set(got), plain[key(cell)] ?? [], key(cell))
            XCTAssertEqual(got, got.sorted(by: >), "latest first")
        } } } }
    }
}
