import GRDB
import GRDBSQLite

/// The values of the rows an INSERT statement takes at once, in parameter order: numbers as they
/// are, text copied into one buffer that SQLite reads in place (SQLITE_STATIC) while the
/// statement runs, so that no value costs an allocation.
struct Parameters {
    enum Kind: UInt8 { case null, text, double, integer }
    struct Value { var kind: Kind; var bits: UInt64; var count: Int32 }
    private(set) var values: [Value] = []
    /// Text bytes; the first byte is never used, so that an empty text has an address (SQLite
    /// binds a null pointer as NULL).
    private var bytes: [UInt8] = [0]

    mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        bytes.append(0)
    }

    mutating func null() { values.append(Value(kind: .null, bits: 0, count: 0)) }
    mutating func double(_ v: Double) { values.append(Value(kind: .double, bits: v.bitPattern, count: 0)) }
    mutating func integer(_ v: Int64) { values.append(Value(kind: .integer, bits: UInt64(bitPattern: v), count: 0)) }

    mutating func text(_ s: String?) {
        guard let s else { null(); return }
        let from = bytes.count
        bytes.append(contentsOf: s.utf8)
        values.append(Value(kind: .text, bits: UInt64(from), count: Int32(bytes.count - from)))
    }

    /// Texts joined by `separator` (a list of unit ids as `a;b`).
    mutating func text(_ list: [String], separator: UInt8) {
        let from = bytes.count
        for (k, s) in list.enumerated() {
            if k > 0 { bytes.append(separator) }
            bytes.append(contentsOf: s.utf8)
        }
        values.append(Value(kind: .text, bits: UInt64(from), count: Int32(bytes.count - from)))
    }

    /// Binds the values to `statement`'s parameters 1, 2, … and runs it.
    func run(_ statement: RawStatement) throws {
        let h = statement.handle
        try bytes.withUnsafeBufferPointer { b in
            let base = UnsafeRawPointer(b.baseAddress!).assumingMemoryBound(to: CChar.self)
            for (k, v) in values.enumerated() {
                let i = Int32(k + 1)
                switch v.kind {
                case .null: sqlite3_bind_null(h, i)
                case .double: sqlite3_bind_double(h, i, Double(bitPattern: v.bits))
                case .integer: sqlite3_bind_int64(h, i, Int64(bitPattern: v.bits))
                case .text: sqlite3_bind_text(h, i, base + Int(v.bits), v.count, nil)   // nil: SQLITE_STATIC
                }
            }
            try statement.run()
        }
    }
}

/// An INSERT of many rows, several rows per statement (fewer statement runs than one a row).
struct BatchInsert {
    let db: Database
    let table: String, columns: [String]
    /// Rows per statement.
    let perStatement: Int
    private var statements: [Int: RawStatement] = [:]
    private var parameters = Parameters()

    init(_ db: Database, table: String, columns: [String], perStatement: Int = 64) {
        self.db = db; self.table = table; self.columns = columns; self.perStatement = perStatement
    }

    /// The statement inserting `rows` rows. OR FAIL, not SQLite's default ABORT: a statement that
    /// may abort after writing some of its rows makes SQLite keep a statement journal, a temporary
    /// file that every page the statement changes is first copied to (on a city's import, 2.2
    /// million writes). A failing row still stops the insert with its error, and the transaction
    /// around it, which every caller rolls back on an error, takes the rows before it away too.
    mutating func statement(_ rows: Int) throws -> RawStatement {
        if let s = statements[rows] { return s }
        let one = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let sql = "INSERT OR FAIL INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: one, count: rows).joined(separator: ",")
        let s = try RawStatement(db, sql)
        statements[rows] = s
        return s
    }

    /// Inserts `count` rows; `row(k, &parameters)` appends row `k`'s values, one per column.
    mutating func insert(_ count: Int, row: (Int, inout Parameters) -> Void) throws {
        var k = 0
        while k < count {
            let n = min(perStatement, count - k)
            let s = try statement(n)
            parameters.removeAll()
            for r in 0..<n { row(k + r, &parameters) }
            precondition(parameters.values.count == n * columns.count, "a row gave a value for each column")
            try parameters.run(s)
            k += n
        }
    }
}
