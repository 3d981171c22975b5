import Foundation
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
    /// Per source (`slot`): the references known here (this import's, and `refs`' once loaded) → case id.
    private var known = [[String: Int64]](repeating: [:], count: ReportSource.allCases.count)
    /// Per source: whether its `refs` rows are all in `known`, and the lookups made before.
    private var loaded = [Bool](repeating: false, count: ReportSource.allCases.count)
    private var lookups = [Int](repeating: 0, count: ReportSource.allCases.count)
    /// The references this import filed, to be written.
    private var pending: [(key: SortKey, source: ReportSource, ref: String, caseId: Int64)] = []
    /// Per source: its place in the order of the sources' text (SQLite's order for `refs`' key).
    private static let rank: [Int] = {
        let sorted = ReportSource.allCases.sorted { $0.rawValue < $1.rawValue }
        return ReportSource.allCases.map { s in sorted.firstIndex(of: s)! }
    }()
    private let find: RawStatement

    @inline(__always) static func slot(_ s: ReportSource) -> Int {
        switch s { case .gridManager: 0; case .hotline: 1; case .inspection: 2; case .supervisor: 3 }
    }

    init(db: Database) throws {
        self.db = db
        find = try RawStatement(db, "SELECT case_id FROM refs WHERE source = ? AND source_ref = ?")
    }

    /// The case `ref` of `source` was filed to, or nil when it was never filed.
    mutating func caseId(_ source: ReportSource, _ ref: String) throws -> Int64? {
        let k = Self.slot(source)
        if let id = known[k][ref] { return id }
        if loaded[k] { return nil }
        lookups[k] += 1
        if lookups[k] > loadAfter {
            try load(source)
            return known[k][ref]
        }
        find.bind(1, source.rawValue); find.bind(2, ref)
        return try find.int64()
    }

    /// Reads every reference of `source` from `refs`.
    private mutating func load(_ source: ReportSource) throws {
        let k = Self.slot(source)
        var refs = known[k]
        known[k] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT source_ref, case_id FROM refs WHERE source = ?", arguments: [source.rawValue])
        while let row = try rows.next() { refs[row[0] as String] = row[1] as Int64 }
        known[k] = refs
        loaded[k] = true
    }

    /// A reference's place in `refs`' order as far as its source and first 24 bytes tell it,
    /// compared as integers (the bytes big-endian, zero-padded: a shorter text sorts first).
    struct SortKey: Equatable, Comparable {
        let rank: Int, a: UInt64, b: UInt64, c: UInt64

        init(rank: Int, _ ref: String) {
            self.rank = rank
            var ref = ref
            (a, b, c) = ref.withUTF8 { u in
                func word(_ from: Int) -> UInt64 {
                    var w: UInt64 = 0
                    for k in from..<from + 8 { w = w << 8 | UInt64(k < u.count ? u[k] : 0) }
                    return w
                }
                return (word(0), word(8), word(16))
            }
        }

        static func < (x: SortKey, y: SortKey) -> Bool { (x.rank, x.a, x.b, x.c) < (y.rank, y.a, y.b, y.c) }
    }

    /// Whether `a`'s UTF-8 bytes sort before `b`'s (memcmp, then the shorter first).
    static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return c != 0 ? c < 0 : x.count < y.count
            }
        }
    }

    /// Notes that `ref` of `source` is filed to `caseId`; the caller has checked it was not before.
    mutating func add(_ source: ReportSource, _ ref: String, caseId: Int64) {
        let k = Self.slot(source)
        known[k][ref] = caseId
        pending.append((SortKey(rank: Self.rank[k], ref), source, ref, caseId))
    }

    /// Writes the references this import filed to `refs`, in key order (appending to the
    /// table's B-tree rather than inserting all over it), several rows a statement.
    mutating func write() throws {
        // Sources by their text, then references by their UTF-8 bytes: SQLite's order (BINARY).
        pending.sort { a, b in a.key != b.key ? a.key < b.key : Self.bytesPrecede(a.ref, b.ref) }
        let rows = pending
        var insert = BatchInsert(db, table: "refs", columns: ["source", "source_ref", "case_id"])
        try insert.insert(rows.count) { k, v in
            v.text(rows[k].source.rawValue); v.text(rows[k].ref); v.integer(rows[k].caseId)
        }
        pending.removeAll()
    }
}
