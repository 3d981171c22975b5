import GridGeo
@testable import GridLedger
import XCTest

final class OpenCaseIndexTests: XCTestCase {
    /// 5,000 cases of 3 categories over a 600 m square and 30 days, filed in cells of 50 m and
    /// periods of 7 days as the filer files them (several table growths, many cases a cell). For
    /// 3,000 random reports, `nearest` gives the case a search of every case finds: same category,
    /// reported in the 7 days up to the report, at most 50 m away, the nearest, the lower id on a
    /// tie. The reports lie on a 1 m lattice, as do half the cases, so that ties occur.
    func testNearestIsWhatSearchingEveryCaseFinds() {
        let cell = 50.0, period = 7 * 86_400.0, reach = 50.0
        func cellOf(_ category: Int32, _ x: Double, _ y: Double, _ at: Double) -> OpenCaseIndex.Cell {
            OpenCaseIndex.Cell(category: category, x: Int32((x / cell).rounded(.down)), y: Int32((y / cell).rounded(.down)),
                               period: Int32((at / period).rounded(.down)))
        }
        var index = OpenCaseIndex()
        var all: [(category: Int32, c: OpenCaseIndex.Case)] = []
        var random = SeededRandom(seed: 11)
        for id in 1...5_000 {
            let category = Int32(random.unit() * 3)
            var x = random.unit() * 600 - 300, y = random.unit() * 600 - 300
            if id % 2 == 0 { x.round(); y.round() }
            let c = OpenCaseIndex.Case(id: Int64(id), x: x, y: y, at: random.unit() * 30 * 86_400)
            index.insert(c, number: "n\(id)", in: cellOf(category, c.x, c.y, c.at))
            all.append((category, c))
        }
        var found = 0, ties = 0
        for _ in 0..<3_000 {
            let category = Int32(random.unit() * 3)
            let x = (random.unit() * 600 - 300).rounded(), y = (random.unit() * 600 - 300).rounded()
            let at = random.unit() * 30 * 86_400
            let since = at - period
            var expected: (id: Int64, d: Double)?
            var equallyNear = 0
            for (c, o) in all where c == category && o.at >= since && o.at <= at {
                let d = ((o.x - x) * (o.x - x) + (o.y - y) * (o.y - y)).squareRoot()
                guard d <= reach else { continue }
                if let e = expected, e.d < d { continue }
                if let e = expected, e.d == d { equallyNear += 1; if e.id < o.id { continue } }
                expected = (o.id, d)
            }
            let got = index.nearest(x: x, y: y, reach: reach, since: since, until: at, around: cellOf(category, x, y, at))
            XCTAssertEqual(got.map { index.cases[$0].id }, expected?.id, "report at (\(x), \(y)), category \(category)")
            if let got { XCTAssertEqual(index.numbers[got], "n\(index.cases[got].id)", "the number kept with the case") }
            if expected != nil { found += 1 }
            if equallyNear > 0 { ties += 1 }
        }
        XCTAssertGreaterThan(found, 500, "many reports have a case near enough")
        XCTAssertGreaterThan(ties, 0, "some reports are equally near two cases")
    }
}
