import Foundation
import GRDB
import GridPin

/// The case ledger (台账) in SQLite, through GRDB: WAL mode, named forward-only migrations, one
/// writer. Default file `gridpin.sqlite` in the working folder.
public final class Ledger: Sendable {
    public let path: String
    let db: DatabaseQueue

    public static let defaultPath = "gridpin.sqlite"

    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(10)
        do {
            db = try DatabaseQueue(path: path, configuration: config)
            try Self.migrator.migrate(db)
        } catch let error as DatabaseError {
            throw LedgerError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// The schema, one named migration per change, never edited once released.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        // A case holds its first report (主单); `reports` holds the further ones (副单); `history`
        // holds every workflow step after the report.
        m.registerMigration("1 cases, reports, history") { db in
            try db.create(table: "cases") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("number", .text).notNull().unique()
                t.column("category", .text).notNull()
                t.column("lon", .double).notNull()
                t.column("lat", .double).notNull()
                t.column("x_m", .double).notNull()
                t.column("y_m", .double).notNull()
                t.column("source", .text).notNull()
                t.column("source_ref", .text)
                t.column("reporter", .text)
                t.column("description", .text)
                t.column("photos", .text)
                t.column("x_original", .double).notNull()
                t.column("y_original", .double).notNull()
                t.column("crs", .text).notNull()
                for c in ["grid", "community", "compound", "road", "market", "site", "school", "venue", "office_group"] {
                    t.column(c, .text)
                }
                t.column("lead", .text).notNull()
                t.column("support", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("reported_at", .double).notNull()
                t.column("due_at", .double).notNull()
                t.column("closed_at", .double)
                t.column("status", .text).notNull()
                t.column("parked_from", .text)
                t.column("parked_at", .double)
                t.column("reports", .integer).notNull().defaults(to: 1)
                t.column("reworks", .integer).notNull().defaults(to: 0)
            }
            try db.create(index: "cases_category_time", on: "cases", columns: ["category", "reported_at"])
            try db.create(table: "reports") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("case_id", .integer).notNull().indexed().references("cases")
                t.column("source", .text).notNull()
                t.column("source_ref", .text)
                t.column("reporter", .text)
                t.column("reported_at", .double).notNull()
                t.column("lon", .double).notNull()
                t.column("lat", .double).notNull()
                t.column("x_original", .double).notNull()
                t.column("y_original", .double).notNull()
                t.column("crs", .text).notNull()
                t.column("description", .text)
                t.column("photos", .text)
            }
            // Every source reference filed, and the case it went to: a re-import adds nothing.
            try db.create(table: "refs", options: .withoutRowID) { t in
                t.column("source", .text).notNull()
                t.column("source_ref", .text).notNull()
                t.column("case_id", .integer).notNull().references("cases")
                t.primaryKey(["source", "source_ref"])
            }
            try db.create(table: "history") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("case_id", .integer).notNull().indexed().references("cases")
                t.column("at", .double).notNull()
                t.column("by", .text).notNull()
                t.column("step", .text).notNull()
                t.column("from_status", .text)
                t.column("to_status", .text).notNull()
                t.column("note", .text)
                t.column("evidence", .text)
            }
        }
        // Every reading of cases asks for them in report order, from a time and until one
        // (`cases(_:now:catalogue:)`); no query led with the category, so the first index served
        // none, and its insertions in 30 places at once cost a city's import ~3 s of 1 M rows.
        m.registerMigration("2 cases by report time") { db in
            // Tolerant of a ledger whose indexes someone changed by hand.
            try db.execute(sql: "DROP INDEX IF EXISTS cases_category_time")
            try db.create(index: "cases_reported_at", on: "cases", columns: ["reported_at"], options: .ifNotExists)
        }
        return m
    }

    // MARK: - Reading

    public func `case`(_ number: String) throws -> CaseRecord {
        let found = try db.read { db in try CaseRecord.filter(Column("number") == number).fetchOne(db) }
        guard let found else { throw LedgerError.noSuchCase(number) }
        return found
    }

    public func history(_ caseId: Int64) throws -> [HistoryRecord] {
        try db.read { db in try HistoryRecord.filter(Column("case_id") == caseId).order(Column("id")).fetchAll(db) }
    }

    public func reports(_ caseId: Int64) throws -> [ReportRecord] {
        try db.read { db in try ReportRecord.filter(Column("case_id") == caseId).order(Column("id")).fetchAll(db) }
    }

    /// Every case, oldest first.
    public func allCases() throws -> [CaseRecord] {
        try db.read { db in try CaseRecord.order(Column("reported_at"), Column("id")).fetchAll(db) }
    }

    /// SQLite's own check of the file: "ok" when sound.
    public func integrityCheck() throws -> String {
        try db.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    public func count() throws -> (cases: Int, reports: Int) {
        try db.read { db in (try CaseRecord.fetchCount(db), try ReportRecord.fetchCount(db)) }
    }

    // MARK: - The workflow

    /// One step of the workflow, to be taken.
    public struct Step: Sendable {
        public var number: String, step: WorkflowStep, by: String, at: Double
        public var note: String?, evidence: String?

        public init(number: String, step: WorkflowStep, by: String, at: Double, note: String? = nil, evidence: String? = nil) {
            self.number = number; self.step = step; self.by = by; self.at = at; self.note = note; self.evidence = evidence
        }
    }

    /// Takes a case one step, appending to its history; an illegal step changes nothing.
    @discardableResult
    public func apply(_ step: WorkflowStep, to number: String, by: String, at: Double, note: String? = nil,
                      evidence: String? = nil) throws -> CaseRecord {
        try apply([Step(number: number, step: step, by: by, at: at, note: note, evidence: evidence)])[0]
    }

    /// Takes many steps in one transaction: all of them, or, when one is illegal, none.
    public func apply(_ steps: [Step]) throws -> [CaseRecord] {
        try db.write { db in try steps.map { try Self.apply($0, db) } }
    }

    static func apply(_ s: Step, _ db: Database) throws -> CaseRecord {
        guard var record = try CaseRecord.filter(Column("number") == s.number).fetchOne(db), let id = record.id else {
            throw LedgerError.noSuchCase(s.number)
        }
        let from = record.status
        let to = try advance(from, by: s.step, parkedFrom: record.parkedFrom, caseNumber: s.number)
        switch s.step {
        case .close: record.closedAt = s.at
        case .rework: record.reworks += 1
        case .park: record.parkedFrom = from; record.parkedAt = s.at
        case .resume:
            // Time parked does not count against the deadline.
            if let parkedAt = record.parkedAt { record.dueAt += max(0, s.at - parkedAt) }
            record.parkedFrom = nil; record.parkedAt = nil
        default: break
        }
        record.status = to
        try record.update(db)
        var entry = HistoryRecord(caseId: id, at: s.at, by: s.by, step: s.step.rawValue, fromStatus: from, toStatus: to,
                                  note: s.note, evidence: s.evidence)
        try entry.insert(db)
        return record
    }
}

/// What can go wrong with the ledger, in words a clerk can act on.
public enum LedgerError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case noSuchCase(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the ledger \(path): \(reason)"
        case .noSuchCase(let n): "no case numbered \(n) in the ledger 台账中没有该案卷"
        }
    }
}
