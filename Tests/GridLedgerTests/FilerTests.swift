import Foundation
import GRDB
import XCTest
@testable import GridLedger
@testable import GridPin

/// The bulk writer's own paths: rows written several a statement at a chunk's end, new cases held
/// until their merge window has passed, further reports counted into a held case's row or by an
/// UPDATE once it is written, references looked up among this import's and in `refs`.
final class FilerTests: LedgerTestCase {
    /// 2022-07-15 10:00 in Beijing time.
    let july15 = 1_657_850_400.0
    let day = 86_400.0

    /// A CSV row `east` metres east of (108.50122, 34.294608), a spot on an alley in community 006
    /// (the point LedgerTests uses), by the local scale of longitude there (111,320 m × cos 34.2946°
    /// per degree), reported `days` after 15 July 10:00.
    func row(_ ref: String, east: Double = 0, category: String = "0506", days: Double) -> String {
        let metresPerDegree = 111_320 * cos(34.294608 * .pi / 180)
        let lon = String(format: "%.8f", 108.50122 + east / metresPerDegree)
        let t = Date(timeIntervalSince1970: july15 + days * day)
        return "\(ref),\(category),\(lon),34.294608,\(office.calendar.format(t))"
    }

    func importRows(_ rows: [String], chunkSize: Int) throws -> ImportSummary {
        let path = folder.appendingPathComponent("rows-\(UUID().uuidString).csv").path
        try (["source_ref,category,lon,lat,reported_at"] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let file = try IntakeFile(path: path, crs: .wgs84, source: .hotline, office: office)
        var importer = Importer(office: office, locator: try Locator(street: office.street))
        importer.chunkSize = chunkSize
        return try importer.run(file, into: ledger, rejects: path + ".rejects.csv", by: "test", now: july15)
    }

    /// Worked by hand, rows in file order (merge: same category, ≤ 50 m, case reported ≤ 7 days before):
    /// - A, day 0, at 0 m: case 1, 619901001-20220715-0001.
    /// - B, day 1, 30 m east: 30 m from case 1 → merged into it.
    /// - C, day 1 + 1 h, 60 m east: 60 m from case 1 (B does not count) → case 2, 20220716-0001.
    /// - D, day 0, A's ticket again: already filed, to case 1.
    /// - E, day 20, at 0 m, category 9201 (another category: no merge): case 3, 20220804-0001;
    ///   after it the latest report is
    ///   day 20, so cases 1 and 2 (day 0 and 1, more than 7 days before) are written.
    /// - F, day 6, 10 m east: the file is not in time order; 10 m from case 1, reported 6 days
    ///   after it → merged into case 1.
    /// - G, day 2, 40 m east: 20 m from case 2, 40 m from case 1 → merged into case 2 (the nearest).
    /// - H, day 21, 5 m east, category 9201: 5 m from case 3, held → merged, counted in its row.
    /// Cases: 1 with A, B, F (3 reports), 2 with C, G (2), 3 with E, H (2); 5 further reports.

    func handMade() -> [String] {
        [row("A", days: 0), row("B", east: 30, days: 1), row("C", east: 60, days: 1 + 1.0 / 24), row("A", days: 0),
         row("E", category: "9201", days: 20), row("F", east: 10, days: 6), row("G", east: 40, days: 2),
         row("H", east: 5, category: "9201", days: 21)]
    }

    func check(_ s: ImportSummary, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(s.rows, 8, file: file, line: line)
        XCTAssertEqual(s.opened, 3, file: file, line: line)
        XCTAssertEqual(s.merged, 4, file: file, line: line)
        XCTAssertEqual(s.alreadyFiled, 1, file: file, line: line)
        let cases = try ledger.allCases()
        XCTAssertEqual(cases.map(\.id), [1, 2, 3], file: file, line: line)
        XCTAssertEqual(cases.map(\.number), ["619901001-20220715-0001", "619901001-20220716-0001", "619901001-20220804-0001"],
                       file: file, line: line)
        XCTAssertEqual(cases.map(\.sourceRef), ["A", "C", "E"], file: file, line: line)
        XCTAssertEqual(cases.map(\.reports), [3, 2, 2], file: file, line: line)
        XCTAssertEqual(try ledger.reports(1).map(\.sourceRef), ["B", "F"], file: file, line: line)
        XCTAssertEqual(try ledger.reports(2).map(\.sourceRef), ["G"], file: file, line: line)
        XCTAssertEqual(try ledger.reports(3).map(\.sourceRef), ["H"], file: file, line: line)
        let refs = try ledger.db.read { db in
            try Row.fetchAll(db, sql: "SELECT source, source_ref, case_id FROM refs ORDER BY source_ref").map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int64)" }
        }
        XCTAssertEqual(try ledger.db.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.count, 0,
                       "every report and reference names a case that exists", file: file, line: line)
        XCTAssertEqual(refs, ["hotline_12345 A 1", "hotline_12345 B 1", "hotline_12345 C 2", "hotline_12345 E 3", "hotline_12345 F 1",
                              "hotline_12345 G 2", "hotline_12345 H 3"], file: file, line: line)
    }

    func testChunksOfTwoGiveTheHandWorkedLedger() throws {
        // Chunks [A B] [C D] [E F] [G H], each taken oldest first: D finds A among the held cases;
        // F merges into case 1 still held (counted in its row), then E's day 20 has cases 1 and 2
        // written; G merges into case 2 already written (an UPDATE), H into case 3 still held.
        try check(try importRows(handMade(), chunkSize: 2))
    }

    func testOneChunkGivesTheSameLedger() throws {
        // One chunk, taken oldest first: A D B C G F E H; nothing is written before the end.
        try check(try importRows(handMade(), chunkSize: 1_000))
    }

    func testOneRowAChunkGivesTheSameLedger() throws {
        // After E, cases 1 and 2 are written: F and G are counted by UPDATEs.
        try check(try importRows(handMade(), chunkSize: 1))
    }

    func testAReimportAddsNothing() throws {
        _ = try importRows(handMade(), chunkSize: 2)
        let again = try importRows(handMade(), chunkSize: 3)
        XCTAssertEqual(again.alreadyFiled, 8)
        XCTAssertEqual(again.opened + again.merged, 0)
        XCTAssertEqual(try ledger.count().cases, 3)
        XCTAssertEqual(try ledger.count().reports, 4)
        XCTAssertEqual(try ledger.allCases().map(\.reports), [3, 2, 2])
    }

    func testReferencesAreFoundRowByRowThenReadWhole() throws {
        _ = try importRows(handMade(), chunkSize: 2)
        // A, B, F went to case 1, C and G to case 2, E and H to case 3 (worked out above).
        let expected: [(String, Int64?)] = [("A", 1), ("B", 1), ("C", 2), ("E", 3), ("F", 1), ("G", 2), ("H", 3), ("Z", nil)]
        try ledger.db.read { db in
            var refs = try FiledRefs(db: db)
            refs.loadAfter = 3
            // The first three by SQL, then every hotline reference read at once: the same answers.
            for (ref, id) in expected + expected {
                XCTAssertEqual(try refs.caseId(.hotline, ref), id, ref)
            }
            XCTAssertNil(try refs.caseId(.gridManager, "A"), "another source's reference")
        }
    }
}

extension FilerTests {
    func testHoldingAtMostOneCaseGivesTheSameLedger() throws {
        // The hand-worked rows through the filer itself, a chunk's end after each, holding at most
        // one new case: case 1 is written when C opens case 2, case 2 when E opens case 3. B and G
        // join cases still held (counted in their rows); F joins case 1 after it was written (an
        // UPDATE); D finds A held.
        let file = try IntakeFile(path: try write(handMade()), crs: .wgs84, source: .hotline, office: office)
        let triage = try Triage(office: office, locator: try Locator(street: office.street))
        let items = try file.next(100).map { try triage.triage(XCTUnwrap($0.problem)) }
        var outcomes: [FileOutcome] = []
        // As fileChunks does: foreign keys are not checked while reports may name held cases.
        try ledger.db.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.inTransaction {
                var filer = try Filer(db: db, streetCode: office.street.area.code, calendar: office.calendar, catalogue: office.catalogue,
                                      merge: MergePolicy())
                filer.pendingLimit = 1
                // Oldest first, as fileChunks takes them: A D B C G F E H.
                let order = items.indices.sorted { (items[$0].problem.reportedAt, $0) < (items[$1].problem.reportedAt, $1) }
                for i in order {
                    outcomes.append(try filer.file(items[i], item: i, by: "test", now: july15))
                    try filer.endChunk(items)
                }
                try filer.finish()
                return .commit
            }
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        XCTAssertEqual(outcomes, [.opened("619901001-20220715-0001"), .alreadyFiled("619901001-20220715-0001"),
                                  .merged("619901001-20220715-0001"), .opened("619901001-20220716-0001"),
                                  .merged("619901001-20220716-0001"), .merged("619901001-20220715-0001"),
                                  .opened("619901001-20220804-0001"), .merged("619901001-20220804-0001")])
        try check(ImportSummary(rows: 8, opened: 3, merged: 4, alreadyFiled: 1))
    }

    /// Rows go in several a statement as INSERT OR FAIL (no statement journal): a row that breaks a
    /// constraint still stops the insert with an error, and the transaction around it then lands
    /// nothing, the rows before it in the same statement included.
    func testABadRowInABatchStopsItAndTheTransactionLandsNothing() throws {
        try ledger.db.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE t (k TEXT NOT NULL UNIQUE, v INTEGER)")
            let keys = ["a", "b", "c", "a", "d"]
            XCTAssertThrowsError(try db.inTransaction {
                var insert = BatchInsert(db, table: "t", columns: ["k", "v"], perStatement: 8)
                try insert.insert(keys.count) { k, v in v.text(keys[k]); v.integer(Int64(k)) }
                return .commit
            }) { error in
                XCTAssertTrue("\(error)".contains("UNIQUE"), "the error names the constraint: \(error)")
            }
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM t"), 0)
            // Good rows land, two statements' worth.
            try db.inTransaction {
                var insert = BatchInsert(db, table: "t", columns: ["k", "v"], perStatement: 2)
                try insert.insert(3) { k, v in v.text(["x", "y", "z"][k]); v.integer(Int64(k)) }
                return .commit
            }
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT k || v FROM t ORDER BY k"), ["x0", "y1", "z2"])
        }
    }

    func write(_ rows: [String]) throws -> String {
        let path = folder.appendingPathComponent("rows-\(UUID().uuidString).csv").path
        try (["source_ref,category,lon,lat,reported_at"] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
