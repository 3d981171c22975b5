import Foundation
import GRDB
import GridGeo
import XCTest
@testable import GridLedger
@testable import GridPin

final class LedgerTests: LedgerTestCase {
    var triage: Triage!

    override func setUpWithError() throws {
        try super.setUpWithError()
        triage = try Triage(office: office, locator: try Locator(street: office.street))
    }

    /// 2022-07-15 10:00 in Beijing time.
    let july15 = 1_657_850_400.0

    /// A point `east` metres east of (108.50122, 34.294608), a spot on an alley in community 006,
    /// by the local scale of longitude there (111,320 m × cos 34.2946° per degree).
    func problem(east: Double = 0, category: String = "0506", ref: String? = nil, at: Double? = nil) -> Problem {
        let metresPerDegree = 111_320 * cos(34.294608 * .pi / 180)
        return Problem(category: category, x: 108.50122 + east / metresPerDegree, y: 34.294608, source: ref == nil ? .gridManager : .hotline,
                       sourceRef: ref, reporter: "张三", reportedAt: at ?? july15)
    }

    func file(_ problems: [Problem]) throws -> [FileOutcome] {
        try ledger.file(try problems.map(triage.triage), streetCode: triage.office.street.area.code,
                        calendar: triage.office.calendar, catalogue: triage.office.catalogue, by: "test", at: july15)
    }

    func testCaseNumbersAreStreetDateSequence() throws {
        let outcomes = try file([problem(category: "0506"), problem(category: "9201", at: july15 + 60)])
        XCTAssertEqual(outcomes, [.opened("619901001-20220715-0001"), .opened("619901001-20220715-0002")])
        // 16:30 UTC on 15 July is 00:30 on 16 July in Beijing: a new day, a new sequence.
        XCTAssertEqual(try file([problem(category: "9401", at: july15 + 14.5 * 3600)]), [.opened("619901001-20220716-0001")])
    }

    func testTheCaseKeepsItsContextUnitsAndDueTime() throws {
        _ = try file([problem()])
        let c = try ledger.case("619901001-20220715-0001")
        XCTAssertEqual(c.status, .reported)
        XCTAssertEqual(c.community, "619901001006")
        XCTAssertEqual(c.road, "R12-1")
        XCTAssertEqual(c.leadUnits, ["ecs", "cmo"])
        XCTAssertEqual(c.supportUnits, ["og-4"])
        XCTAssertEqual(c.rule, "road-parking")
        // 0506: 4 working hours from Friday 15 July 10:00 → 16:00 the same day.
        XCTAssertEqual(c.dueAt, july15 + 6 * 3600)
        XCTAssertEqual(c.source, .gridManager)
        XCTAssertEqual(c.reporter, "张三")
        XCTAssertEqual(c.crs, "wgs84")
        XCTAssertEqual(try ledger.history(c.id!).count, 0, "the report is the case row; history holds the steps after it")
    }

    func testDuplicateWithin50MetresMergesAnd60DoesNot() throws {
        XCTAssertEqual(try file([problem(), problem(east: 40, at: july15 + 3600)]),
                       [.opened("619901001-20220715-0001"), .merged("619901001-20220715-0001")])
        XCTAssertEqual(try ledger.case("619901001-20220715-0001").reports, 2)
        // 60 m east of that case (and 20 m from the merged report, which does not count).
        XCTAssertEqual(try file([problem(east: 60, at: july15 + 7200)]), [.opened("619901001-20220715-0002")])
    }

    func testMergeNeedsTheSameCategoryAnOpenCaseAndTheLastSevenDays() throws {
        _ = try file([problem()])
        XCTAssertEqual(try file([problem(east: 10, category: "9401", at: july15 + 60)]), [.opened("619901001-20220715-0002")])
        XCTAssertEqual(try file([problem(east: 10, at: july15 + 8 * 86_400)]), [.opened("619901001-20220723-0001")])
        try ledger.apply(.void, to: "619901001-20220715-0001", by: "李四", at: july15 + 100)
        XCTAssertEqual(try file([problem(east: 10, at: july15 + 200)]), [.opened("619901001-20220715-0003")])
    }

    func testFilingTheSameTicketTwiceAddsNothing() throws {
        let first = try file([problem(ref: "12345-0001"), problem(east: 200, ref: "12345-0002")])
        let counts = try ledger.count()
        let again = try file([problem(ref: "12345-0001"), problem(east: 200, ref: "12345-0002")])
        XCTAssertEqual(again, first.map { .alreadyFiled($0.caseNumber) })
        XCTAssertEqual(try ledger.count().cases, counts.cases)
        XCTAssertEqual(try ledger.count().reports, counts.reports)
    }

    /// The legal moves, from the issue: reported → registered → dispatched → handled → closed;
    /// handled → dispatched (rework); reported → void; registered, dispatched or handled → parked,
    /// and back to where it was.
    func testTheStateMachineRefusesEveryIllegalStep() throws {
        let legal: [CaseStatus: [WorkflowStep: CaseStatus]] = [
            .reported: [.register: .registered, .void: .void],
            .registered: [.dispatch: .dispatched, .park: .parked],
            .dispatched: [.handle: .handled, .park: .parked],
            .handled: [.close: .closed, .rework: .dispatched, .park: .parked],
            .closed: [:], .void: [:],
            .parked: [.resume: .dispatched],   // parked from dispatched below
        ]
        for status in CaseStatus.allCases {
            for step in WorkflowStep.allCases {
                let expected = legal[status]?[step]
                let result = try? advance(status, by: step, parkedFrom: .dispatched, caseNumber: "X")
                XCTAssertEqual(result, expected, "\(status) + \(step)")
            }
        }
    }

    func testAnIllegalStepChangesNothing() throws {
        _ = try file([problem()])
        let number = "619901001-20220715-0001"
        try ledger.apply(.register, to: number, by: "王五", at: july15 + 60)
        let before = try ledger.case(number)
        XCTAssertThrowsError(try ledger.apply(.close, to: number, by: "王五", at: july15 + 120)) { error in
            XCTAssertTrue("\(error)".contains("is registered"), "\(error)")
        }
        XCTAssertEqual(try ledger.case(number), before)
        XCTAssertEqual(try ledger.history(before.id!).map(\.step), ["register"])
    }

    func testParkingDoesNotCountAgainstTheDeadline() throws {
        _ = try file([problem()])
        let number = "619901001-20220715-0001"
        let due = try ledger.case(number).dueAt
        try ledger.apply(.register, to: number, by: "a", at: july15 + 60)
        try ledger.apply(.park, to: number, by: "a", at: july15 + 120)
        XCTAssertFalse(try ledger.case(number).isOverdue(at: due + 86_400))
        let resumed = try ledger.apply(.resume, to: number, by: "a", at: july15 + 120 + 3 * 86_400)
        XCTAssertEqual(resumed.status, .registered)
        XCTAssertEqual(resumed.dueAt, due + 3 * 86_400)
    }
}

extension LedgerTests {
    /// The plan SQLite gives the query `cases(_:now:catalogue:)` makes for a time range.
    func plan(_ ledger: Ledger) throws -> String {
        try ledger.db.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM cases WHERE reported_at >= ? AND reported_at < ? ORDER BY reported_at, id",
                             arguments: [july15, july15 + 86_400]).map { $0["detail"] as String }.joined(separator: "; ")
        }
    }

    func testCasesOfATimeRangeAreReadByTheReportTimeIndex() throws {
        let detail = try plan(ledger)
        XCTAssertTrue(detail.contains("USING INDEX cases_reported_at"), detail)
        XCTAssertFalse(detail.contains("TEMP B-TREE"), "no sort after the search: \(detail)")
    }

    /// A ledger written before migration 2 (its cases indexed by category and time) is brought up
    /// to date when opened: its case kept, the old index gone, the new one there.
    func testAnOlderLedgerGetsTheReportTimeIndexAndKeepsItsCases() throws {
        let path = folder.appendingPathComponent("older.sqlite").path
        func indexes() throws -> [String] {
            try DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL ORDER BY name")
            }
        }
        do {
            // A ledger with a case, taken back to how migration 1 left it.
            let current = try Ledger(path: path)
            _ = try current.file([try triage.triage(problem())], streetCode: office.street.area.code, calendar: office.calendar,
                                 catalogue: office.catalogue, by: "test", at: july15)
            try current.db.write { db in
                try db.execute(sql: """
                    DROP INDEX cases_reported_at;
                    CREATE INDEX cases_category_time ON cases(category, reported_at);
                    DELETE FROM grdb_migrations WHERE identifier = '2 cases by report time';
                    """)
            }
        }
        XCTAssertEqual(try indexes(), ["cases_category_time"])
        let older = try Ledger(path: path)
        XCTAssertEqual(try indexes(), ["cases_reported_at"])
        XCTAssertEqual(try older.count().cases, 1)
        XCTAssertEqual(try older.case("619901001-20220715-0001").rule, "road-parking")
        XCTAssertTrue(try plan(older).contains("USING INDEX cases_reported_at"))
    }
}
