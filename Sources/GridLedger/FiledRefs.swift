import GRDB
import GridPin

/// The source references filed in the ledger (the `refs` table) and in the import under way, and
/// the case each went to: what makes a re-import add nothing.
///
/// The references this import files are kept here and written to `refs` once, in key order,
/// when the import ends (`write`), inside its transaction. A reference is looked up first among
/// them, then in `refs`: row by row for a small import, and, once a source has been asked about
/// `loadAfter` times, by reading all of that source's references from `refs` at once, so that
/// a large import asks SQLite nothing per row.
struct FiledRefs {
    let db: Database
    /// Lookups of one source answered by SQLite before its references are read whole.
    var loadAfter = 4_096
    /// Per source: the references known here (this import's, and `refs`' once loaded) → case id.
    private var known: [ReportSource: [String: Int64]] = [:]
    /// Sources whose `refs` rows are all in `known`, and lookups made of the others.
    private var loaded: Set<ReportSource> = []
    private var lookups: [ReportSource: Int] = [:]
    /// The references this import filed, to be written.
    private var pending: [(rank: Int, source: ReportSource, ref: String, caseId: Int64)] = []
    /// Sources in the order of their text (SQLite's order for `refs`' key).
    private static let rank = Dictionary(uniqueKeysWithValues: ReportSource.allCases.sorted { $0.rawValue < $1.rawValue }.enumerated().map { ($1, $0) })
    private let find: RawStatement

    init(db: Database) throws {
        self.db = db
        find = try RawStatement(db, "SELECT case_id FROM refs WHERE source = ? AND source_ref = ?")
    }

    /// The case `ref` of `source` was filed to, or nil when it was never filed.
    mutating func caseId(_ source: ReportSource, _ ref: String) throws -> Int64? {
        if let id = known[source]?[ref] { return id }
        if loaded.contains(source) { return nil }
        lookups[source, default: 0] += 1
        if lookups[source, default: 0] > loadAfter {
            try load(source)
            return known[source]?[ref]
        }
        find.bind(1, source.rawValue); find.bind(2, ref)
        return try find.int64()
    }

    /// Reads every reference of `source` from `refs`.
    private mutating func load(_ source: ReportSource) throws {
        var refs = known[source] ?? [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT source_ref, case_id FROM refs WHERE source = ?", arguments: [source.rawValue])
        while let row = try rows.next() { refs[row[0] as String] = row[1] as Int64 }
        known[source] = refs
        loaded.insert(source)
    }

    /// Notes that `ref` of `source` is filed to `caseId`; the caller has checked it was not before.
    mutating func add(_ source: ReportSource, _ ref: String, caseId: Int64) {
        known[source, default: [:]][ref] = caseId
        pending.append((Self.rank[source] ?? 0, source, ref, caseId))
    }

    /// Writes the references this import filed to `refs`, in key order (appending to the
    /// table's B-tree rather than inserting all over it), several rows a statement.
    mutating func write() throws {
        // Sources by their text, then references by their UTF-8 bytes: SQLite's order (BINARY).
        // (String order is byte order for the NFC text references are; another order would only be slower.)
        pending.sort { a, b in a.rank != b.rank ? a.rank < b.rank : a.ref < b.ref }
        let rows = pending
        var insert = BatchInsert(db, table: "refs", columns: ["source", "source_ref", "case_id"])
        try insert.insert(rows.count) { k, v in
            v.text(rows[k].source.rawValue); v.text(rows[k].ref); v.integer(rows[k].caseId)
        }
        pending.removeAll()
    }
}
