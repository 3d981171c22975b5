import Foundation
import GRDB
import GridPin

/// When a new report is the same problem as an open case (DOMAIN.md: 主单/副单): same category,
/// within `metres` of it, the case reported at most `days` before.
public struct MergePolicy: Sendable {
    public var metres: Double = 50
    public var days: Double = 7
    /// Per-category distances that replace `metres`.
    public var metresByCategory: [String: Double] = [:]

    public init(metres: Double = 50, days: Double = 7, metresByCategory: [String: Double] = [:]) {
        self.metres = metres; self.days = days; self.metresByCategory = metresByCategory
    }

    func metres(for category: String) -> Double { metresByCategory[category] ?? metres }
}

/// What filing one report did.
public enum FileOutcome: Sendable, Equatable {
    /// A new case, with its number.
    case opened(String)
    /// Linked to an open case of the same problem (副单).
    case merged(String)
    /// Its source reference was filed before: nothing added.
    case alreadyFiled(String)

    public var caseNumber: String {
        switch self { case .opened(let n), .merged(let n), .alreadyFiled(let n): n }
    }
}

extension Ledger {
    /// Files triaged reports in one transaction: all land or none do. Reports are taken oldest
    /// first, so a later report can merge into an earlier one of the same file. Returns one outcome
    /// per item, in the order given.
    public func file(_ items: [Triaged], streetCode: String, calendar: WorkCalendar, catalogue: Catalogue,
                     merge: MergePolicy = MergePolicy(), by: String, at now: Double) throws -> [FileOutcome] {
        var outcomes: [FileOutcome] = []
        var given: [Triaged]? = items
        try fileChunks(streetCode: streetCode, calendar: calendar, catalogue: catalogue, merge: merge, by: by, at: now) {
            defer { given = nil }
            return given
        } outcomes: { outcomes += $0 }
        return outcomes
    }

    /// Files chunks of triaged reports as `next` gives them (`nil` at the end), all in one
    /// transaction: when `next` or filing throws, nothing lands. Within a chunk, reports are taken
    /// oldest first; `outcomes` hears each chunk's outcomes in the chunk's order.
    public func fileChunks(streetCode: String, calendar: WorkCalendar, catalogue: Catalogue, merge: MergePolicy = MergePolicy(),
                           by: String, at now: Double, next: () throws -> [Triaged]?, outcomes: ([FileOutcome]) -> Void) throws {
        func fileAll(_ db: Database) throws {
            // A page cache for a big import's indexes: 64 MiB (SQLite's default is 2 MiB). On a
            // fresh 1 M-row city import, 256 MiB made no fewer reads or writes; it was no faster
            // there or into a ledger of 896,000 cases, and raised the peak memory by ~200 MB.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            var filer = try Filer(db: db, streetCode: streetCode, calendar: calendar, catalogue: catalogue, merge: merge)
            while let items = try next() {
                var result = [FileOutcome?](repeating: nil, count: items.count)
                let order = items.indices.sorted { (items[$0].problem.reportedAt, $0) < (items[$1].problem.reportedAt, $1) }
                for i in order { result[i] = try filer.file(items[i], item: i, by: by, now: now) }
                try filer.endChunk(items)
                outcomes(result.compactMap { $0 })
            }
            try filer.finish()
        }
        try db.writeWithoutTransaction { db in
            // Foreign keys are not checked a row: the filer links reports and references only to
            // cases it has just read or written in this transaction. They are turned back on
            // however the transaction ends.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            let filed = Result { try db.inTransaction { try fileAll(db); return .commit } }
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try filed.get()
        }
    }
}

/// The work of one filing transaction: the day counters for case numbers, an index of the open
/// cases that new reports may merge into, and the rows not yet written.
///
/// Rows are written several a statement: a chunk's further reports when it ends, and new cases
/// once no report of their merge window is likely to come (reported more than `merge.days`
/// before the latest report filed), so that the further reports a case collects are counted into
/// its row instead of updating it; a report that still comes later, from an unsorted file, is
/// counted by an UPDATE when the import ends. A case's id is given here, as SQLite's
/// AUTOINCREMENT would give it (one above the largest ever used), so that its further reports
/// can name it before it is written.
struct Filer {
    let db: Database
    let streetCode: String
    let calendar: WorkCalendar
    let merge: MergePolicy
    let bumpReports, lastNumber, numberOf: RawStatement
    var insertCases: BatchInsert, insertReports: BatchInsert
    /// The source references filed before and in this import; written to `refs` at the end.
    var refs: FiledRefs
    var sequence: [CivilDay: (n: Int, prefix: String)] = [:]
    /// Open cases by category, 2-D cell of `cell` metres and period of `merge.days` days:
    /// (id, number, x, y, reported_at). A report looks in 9 cells of 2 periods.
    var open = OpenCaseIndex()
    let cell: Double, period: Double
    let categoryIndex: [String: Int32]
    /// Per category (catalogue order): how near a report must be to merge into an open case.
    let reach: [Double]
    /// Further reports counted per case already written, written when the import ends.
    var added: [Int64: Int] = [:]
    /// The id the next new case gets, and the id of the first case not yet written.
    var nextId: Int64, firstPendingId: Int64
    /// The new cases not yet written, from `head` on (ids `firstPendingId…`).
    var pending: [(t: Triaged, number: String, reports: Int)] = []
    var head = 0
    /// New cases kept at most before the oldest are written regardless.
    var pendingLimit = 1 << 17
    /// The chunk's further reports (the item of the chunk, the case), not yet written.
    var newReports: [(item: Int, caseId: Int64)] = []
    /// The latest report time filed.
    var latest = -Double.infinity

    static let caseColumns = ["id", "number", "category", "lon", "lat", "x_m", "y_m", "source", "source_ref", "reporter", "description", "photos",
                              "grid", "community", "compound", "road", "market", "site", "school", "venue", "office_group",
                              "lead", "support", "rule", "reason", "reported_at", "due_at", "status", "x_original", "y_original", "crs",
                              "reports", "reworks"]
    static let reportColumns = ["case_id", "source", "source_ref", "reporter", "reported_at", "lon", "lat", "x_original", "y_original", "crs",
                                "description", "photos"]

    init(db: Database, streetCode: String, calendar: WorkCalendar, catalogue: Catalogue, merge: MergePolicy) throws {
        self.db = db; self.streetCode = streetCode; self.calendar = calendar; self.merge = merge
        cell = max(1, ([merge.metres] + Array(merge.metresByCategory.values)).max() ?? 50)
        period = max(merge.days, 1) * 86_400
        categoryIndex = Dictionary(catalogue.categories.enumerated().map { ($1.code, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        reach = catalogue.categories.map { merge.metres(for: $0.code) }
        insertCases = BatchInsert(db, table: "cases", columns: Self.caseColumns, perStatement: 32)
        insertReports = BatchInsert(db, table: "reports", columns: Self.reportColumns, perStatement: 64)
        bumpReports = try RawStatement(db, "UPDATE cases SET reports = reports + ? WHERE id = ?")
        // The highest number of a day: a range over the unique index on number.
        lastNumber = try RawStatement(db, "SELECT max(number) FROM cases WHERE number >= ? AND number < ?")
        numberOf = try RawStatement(db, "SELECT number FROM cases WHERE id = ?")
        refs = try FiledRefs(db: db)
        // AUTOINCREMENT's next id: above the largest id in the table and the largest ever used.
        let used = try Int64.fetchOne(db, sql: """
            SELECT max(coalesce((SELECT max(id) FROM cases), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'cases'), 0))
            """) ?? 0
        nextId = used + 1
        firstPendingId = nextId
        // Every open case a report may merge into.
        let rows = try Row.fetchCursor(db, sql: "SELECT id, number, category, x_m, y_m, reported_at FROM cases WHERE status NOT IN ('closed', 'void')")
        while let row = try rows.next() {
            index(id: row["id"], number: row["number"], category: row["category"], x: row["x_m"], y: row["y_m"], at: row["reported_at"])
        }
    }

    func cellOf(_ category: Int32, _ x: Double, _ y: Double, _ at: Double) -> OpenCaseIndex.Cell {
        OpenCaseIndex.Cell(category: category, x: Int32((x / cell).rounded(.down)), y: Int32((y / cell).rounded(.down)),
             period: Int32((at / period).rounded(.down)))
    }

    mutating func index(id: Int64, number: String, category: String, x: Double, y: Double, at: Double) {
        guard let c = categoryIndex[category] else { return }
        open.insert(OpenCaseIndex.Case(id: id, x: x, y: y, at: at), number: number, in: cellOf(c, x, y, at))
    }

    /// The nearest open case this report merges into (ties to the earlier case); `category` is
    /// its category's place in the catalogue.
    func mergeTarget(_ t: Triaged, _ category: Int32) -> (id: Int64, number: String)? {
        let at = t.problem.reportedAt
        guard let k = open.nearest(x: t.xM, y: t.yM, reach: reach[Int(category)], since: at - merge.days * 86_400, until: at,
                                   around: cellOf(category, t.xM, t.yM, at)) else { return nil }
        return (open.cases[k].id, open.numbers[k])
    }

    /// Writes the chunk's further reports, and the new cases no report is likely to merge into any more.
    mutating func endChunk(_ items: [Triaged]) throws {
        let reports = newReports
        try insertReports.insert(reports.count) { k, v in
            let (item, caseId) = reports[k]
            let t = items[item], p = t.problem
            v.integer(caseId); v.text(p.source.rawValue); v.text(Self.nonEmpty(p.sourceRef)); v.text(p.reporter); v.double(p.reportedAt)
            v.double(t.lon); v.double(t.lat); v.double(p.x); v.double(p.y); v.text(p.crs.description); v.text(p.description)
            v.text(p.photos)
        }
        newReports.removeAll(keepingCapacity: true)
        let settled = latest - merge.days * 86_400
        var n = 0
        while head + n < pending.count && (pending[head + n].t.problem.reportedAt < settled || pending.count - head - n > pendingLimit) { n += 1 }
        try writeCases(n)
    }

    /// Writes the first `n` new cases not yet written.
    mutating func writeCases(_ n: Int) throws {
        let from = head, first = firstPendingId
        do {
            // A second reference to the held cases while they are written, given up before they
            // are removed: removing from a shared array copies every case left in it.
            let cases = pending
            try insertCases.insert(n) { k, v in
                Self.caseValues(cases[from + k].t, id: first + Int64(k), number: cases[from + k].number, reports: cases[from + k].reports, to: &v)
            }
        }
        head += n
        firstPendingId += Int64(n)
        if head == pending.count || head > 4096 && head * 2 > pending.count {
            pending.removeFirst(head)
            head = 0
        }
    }

    /// A case row's values, in `caseColumns` order.
    static func caseValues(_ t: borrowing Triaged, id: Int64, number: borrowing String, reports: Int, to v: inout Parameters) {
        v.integer(id); v.text(copy number); v.text(t.category.code)
        v.double(t.lon); v.double(t.lat); v.double(t.xM); v.double(t.yM)
        v.text(t.problem.source.rawValue); v.text(nonEmpty(t.problem.sourceRef)); v.text(t.problem.reporter); v.text(t.problem.description)
        v.text(t.problem.photos)
        v.text(t.location.grid); v.text(t.location.community); v.text(t.location.compound); v.text(t.location.road); v.text(t.location.market)
        v.text(t.location.site); v.text(t.location.school); v.text(t.location.venue); v.text(t.location.officeGroup)
        v.text(t.assignment.lead, separator: UInt8(ascii: ";")); v.text(t.assignment.support, separator: UInt8(ascii: ";"))
        v.text(t.assignment.rule); v.text(t.assignment.reason)
        v.double(t.problem.reportedAt); v.double(t.assignment.dueAt?.timeIntervalSince1970 ?? t.problem.reportedAt)
        v.text(CaseStatus.reported.rawValue); v.double(t.problem.x); v.double(t.problem.y); v.text(t.problem.crs.description)
        v.integer(Int64(reports)); v.integer(0)
    }

    static func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }

    /// Writes what is kept until the import ends: the cases not yet written, the further reports
    /// counted per case written before (in id order) and the source references filed.
    mutating func finish() throws {
        try writeCases(pending.count - head)
        for (id, n) in added.sorted(by: { $0.key < $1.key }) {
            bumpReports.bind(1, Int64(n)); bumpReports.bind(2, id)
            try bumpReports.run()
        }
        added.removeAll()
        try refs.write()
    }

    /// The next case number of the local day `t` falls on.
    mutating func nextNumber(_ t: Double) throws -> String {
        let day = calendar.local(Date(timeIntervalSince1970: t)).day
        let n: Int, prefix: String
        if let last = sequence[day] {
            (n, prefix) = (last.n + 1, last.prefix)
        } else {
            let (y, m, d) = day.date
            prefix = streetCode + "-" + Self.padded(y, 4) + Self.padded(m, 2) + Self.padded(d, 2) + "-"
            lastNumber.bind(1, prefix)
            lastNumber.bind(2, prefix + "~")
            n = (try lastNumber.text().flatMap { Int($0.dropFirst(prefix.count)) } ?? 0) + 1
        }
        sequence[day] = (n, prefix)
        return prefix + Self.padded(n, 4)
    }

    /// `n` in decimal, zero-padded to `width` digits.
    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The number of case `id`, written or not yet.
    func number(of id: Int64) throws -> String {
        if id >= firstPendingId { return pending[head + Int(id - firstPendingId)].number }
        numberOf.bind(1, id)
        return try numberOf.text() ?? ""
    }

    /// Files report `t`, item `item` of the chunk under way.
    mutating func file(_ t: Triaged, item: Int, by: String, now: Double) throws -> FileOutcome {
        let p = t.problem
        let ref = Self.nonEmpty(p.sourceRef)
        // A reference filed before adds nothing.
        if let ref, let filed = try refs.caseId(p.source, ref) { return .alreadyFiled(try number(of: filed)) }
        latest = max(latest, p.reportedAt)
        let category = categoryIndex[t.category.code]
        if let category, let target = mergeTarget(t, category) {
            if let ref { refs.add(p.source, ref, caseId: target.id) }
            newReports.append((item, target.id))
            if target.id >= firstPendingId { pending[head + Int(target.id - firstPendingId)].reports += 1 } else { added[target.id, default: 0] += 1 }
            return .merged(target.number)
        }
        let number = try nextNumber(p.reportedAt)
        let id = nextId
        nextId += 1
        pending.append((t, number, 1))
        if let ref { refs.add(p.source, ref, caseId: id) }
        if let category {
            open.insert(OpenCaseIndex.Case(id: id, x: t.xM, y: t.yM, at: p.reportedAt), number: number, in: cellOf(category, t.xM, t.yM, p.reportedAt))
        }
        return .opened(number)
    }
}
