import Foundation
import GridGeo
import XCTest
@testable import GridLedger
@testable import GridPin

/// Figures on a small hand-made ledger, worked out by hand.
final class MetricsTests: LedgerTestCase {
    func testRatesCountOpenOverdueCasesInTheDenominator() throws {
        let triage = try Triage(office: office, locator: try Locator(street: office.street))
        let t0 = 1_657_850_400.0, h = 3600.0   // Friday 15 July 2022, 10:00 in Beijing
        let spots = [(108.496209, 34.298367), (108.50122, 34.294608), (108.503412, 34.295044),
                     (108.50303, 34.305164), (108.500163, 34.300633), (108.497086, 34.297039)]
        // 9205 fire lane blocked: 2 urgent hours. 9203 objects hanging high, 9201 flying-line: 24 urgent hours.
        let plan: [(String, Double)] = [("9205", t0), ("9205", t0), ("9203", t0), ("9203", t0 + 40 * h), ("9201", t0), ("9205", t0)]
        var numbers: [String] = []
        for (i, (category, at)) in plan.enumerated() {
            let p = Problem(category: category, x: spots[i].0, y: spots[i].1, source: .gridManager, reporter: "网格员", reportedAt: at)
            let outcome = try ledger.file([try triage.triage(p)], streetCode: office.street.area.code, calendar: office.calendar, catalogue: office.catalogue, by: "t", at: at)
            numbers.append(outcome[0].caseNumber)
        }
        let (a, b, c, _, e, f) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5])
        func steps(_ n: String, _ list: [(WorkflowStep, Double)]) throws {
            for (s, t) in list { try ledger.apply(s, to: n, by: "办事员", at: t) }
        }
        // A: closed after 1.5 h, within its 2 h. B: reworked, closed after 4 h, late.
        try steps(a, [(.register, t0 + 0.1 * h), (.dispatch, t0 + 0.2 * h), (.handle, t0 + h), (.close, t0 + 1.5 * h)])
        try steps(b, [(.register, t0 + 0.1 * h), (.dispatch, t0 + 0.2 * h), (.handle, t0 + h), (.rework, t0 + 1.2 * h),
                      (.handle, t0 + 3 * h), (.close, t0 + 4 * h)])
        // C: dispatched and still open two days later, due after one: overdue. D: reported at +40 h, due at +64 h.
        try steps(c, [(.register, t0 + 0.1 * h), (.dispatch, t0 + 0.2 * h)])
        // E: void. F: parked, so not counted as due.
        try steps(e, [(.void, t0 + 0.5 * h)])
        try steps(f, [(.register, t0 + 0.1 * h), (.park, t0 + h)])

        let now = t0 + 48 * h
        let cases = try ledger.cases(CaseFilter(), now: now, catalogue: office.catalogue)
        let (groups, total) = Metrics.compute(cases, by: .category, now: now, handled: try ledger.casesWithStep("handle"),
                                              reworked: try ledger.casesWithStep("rework"))
        XCTAssertEqual(total.reported, 6)
        XCTAssertEqual(total.dueToClose, 3)        // A, B closed + C open overdue
        XCTAssertEqual(total.closed, 2)
        XCTAssertEqual(total.closedOnTime, 1)
        XCTAssertEqual(total.closureRate!, 2.0 / 3.0, accuracy: 1e-12)   // not 100%: C is late and open
        XCTAssertEqual(total.onTimeRate!, 1.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(total.reworkRate!, 0.5, accuracy: 1e-12)          // B of A, B
        XCTAssertEqual(total.meanHoursToClose!, 2.75, accuracy: 1e-9)    // (1.5 + 4) / 2
        XCTAssertEqual(total.openOverdue, 1)
        let fireLanes = try XCTUnwrap(groups.first { $0.key == "9205" })
        XCTAssertEqual([fireLanes.reported, fireLanes.dueToClose, fireLanes.closed, fireLanes.closedOnTime, fireLanes.openOverdue], [3, 2, 2, 1, 0])
        let hanging = try XCTUnwrap(groups.first { $0.key == "9203" })
        XCTAssertEqual([hanging.reported, hanging.dueToClose, hanging.closed, hanging.openOverdue], [2, 1, 0, 1])
        XCTAssertEqual(hanging.closureRate, 0)

        let circular = Circular.markdown(cases: cases, office: office, now: now, handled: [], reworked: [], period: "2022-07")
        XCTAssertTrue(circular.contains("| 1 |"), circular)
        XCTAssertTrue(circular.contains(c), circular)
        XCTAssertFalse(circular.contains(f), "a parked case is not overdue")
    }
}
