import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C API, for the bulk-insert loop where GRDB's
/// per-value conversions cost more than the insert itself (GRDB hands out the raw pointer for
/// this: `Statement.sqliteStatement`). Everything else goes through GRDB.
struct RawStatement {
    let statement: Statement
    let db: Database
    var handle: SQLiteStatement { statement.sqliteStatement }

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    /// SQLite copies the bytes (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ i: Int32, _ value: String?) {
        guard var v = value else { sqlite3_bind_null(handle, i); return }
        v.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(handle, i, $0.baseAddress, Int32($0.count), Self.transient) }
        }
    }

    func bind(_ i: Int32, _ v: Double?) {
        guard let v else { sqlite3_bind_null(handle, i); return }
        sqlite3_bind_double(handle, i, v)
    }

    func bind(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(handle, i, v) }

    /// Runs the statement to its end and resets it for the next row. Bindings are kept: every
    /// caller binds every parameter before each run (nil as NULL).
    func run() throws {
        defer { sqlite3_reset(handle) }
        _ = try step()
    }

    /// Runs a query and returns the first column of its first row as an integer.
    func int64() throws -> Int64? {
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return sqlite3_column_type(handle, 0) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 0)
    }

    /// Runs a query and returns the first column of its first row as text.
    func text() throws -> String? {
        defer { sqlite3_reset(handle) }
        guard try step(), let p = sqlite3_column_text(handle, 0) else { return nil }
        return String(cString: p)
    }

    /// One step: whether it gave a row (else the statement is done); an SQLite error otherwise.
    private func step() throws -> Bool {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: statement.sql)
        }
        return code == SQLITE_ROW
    }
}
