import GRDB
import GRDBSQLite

/// A cached statement bound and stepped through SQLite's C interface: a large import
/// runs a handful of statements millions of times, and GRDB's argument values and
/// row objects cost more than SQLite's own work on them.
struct RawStatement {
    /// A value to bind.
    enum Value {
        case text(String)
        case integer(Int64)
        case null

        init(_ text: String?) { self = text.map(Value.text) ?? .null }
        init(_ number: Int64?) { self = number.map(Value.integer) ?? .null }
        init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
    }

    let handle: OpaquePointer
    let sql: String
    let db: Database
    /// GRDB's statement, held so that its handle lives as long as this.
    private let statement: Statement

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        self.sql = sql
        self.db = db
    }

    /// Runs the statement with `values` to its end (an INSERT or UPDATE). Inlined, as
    /// `integers` and `bind` are, so the list of values can live on the caller's stack.
    @inline(__always)
    func execute(_ values: Value...) throws {
        try bind(values)
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// The first column of each row, as integers (a query for ids).
    @inline(__always)
    func integers(_ values: Value...) throws -> [Int64] {
        try bind(values)
        defer { reset() }
        var result: [Int64] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return result }
            guard code == SQLITE_ROW else { throw failure(code) }
            result.append(sqlite3_column_int64(handle, 0))
        }
    }

    @inline(__always)
    private func bind(_ values: [Value]) throws {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, value) in values.enumerated() {
            let index = CInt(offset + 1)
            let code: CInt
            switch value {
            case .text(var text):
                // The string's own UTF-8 bytes, copied once by SQLite (not first into a C string).
                code = text.isEmpty ? sqlite3_bind_text(handle, index, "", 0, transient) : text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(handle, index, $0.baseAddress, CInt($0.count), transient) }
                }
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .null: code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else {
                reset()
                throw failure(code)
            }
        }
    }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }
}
