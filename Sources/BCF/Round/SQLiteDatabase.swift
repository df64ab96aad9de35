import CSQLite
import Foundation

/// A failure of SQLite, with the statement it ran and what SQLite said.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Operation: String, Sendable {
        case open, exec, prepare, bind, step, reset, finalize, close
    }

    public let operation: Operation
    /// SQLite's result code (`SQLITE_CONSTRAINT`, ...), extended where SQLite gives one.
    public let code: Int32
    /// `sqlite3_errmsg` at the time of the failure.
    public let message: String
    /// The statement (or the file, for `open`).
    public let sql: String

    public var description: String {
        "SQLite \(operation.rawValue) failed (\(code)): \(message) — in: \(sql)"
    }
}

/// A value bound to a statement's parameter or read from a row.
enum SQLiteValue: Sendable, Equatable, Hashable {
    case integer(Int)
    case real(Double)
    case text(String)
    case null
}

/// A SQLite database, opened (and created when missing) read-write. Not shareable between threads: one
/// connection, used by one writer at a time; `close()` is also called when the object goes away.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    let path: String

    init(path: String) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(db)
            throw SQLiteError(operation: .open, code: code, message: message, sql: path)
        }
        sqlite3_extended_result_codes(db, 1)
        handle = db
    }

    deinit {
        if let handle { sqlite3_close_v2(handle) }
    }

    /// Closes the connection; every statement must have been finalized (statements finalize themselves
    /// when they go away).
    func close() throws {
        guard let db = handle else { return }
        let code = sqlite3_close(db)
        guard code == SQLITE_OK else {
            throw SQLiteError(operation: .close, code: code, message: String(cString: sqlite3_errmsg(db)), sql: path)
        }
        handle = nil
    }

    func connection(for sql: String, _ operation: SQLiteError.Operation) throws -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(operation: operation, code: SQLITE_MISUSE, message: "the database is closed", sql: sql)
        }
        return handle
    }

    func error(_ operation: SQLiteError.Operation, _ code: Int32, _ sql: String) -> SQLiteError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return SQLiteError(operation: operation, code: code, message: message, sql: sql)
    }

    /// Runs one or more statements that take no parameters and return no rows of interest.
    func exec(_ sql: String) throws {
        let db = try connection(for: sql, .exec)
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &errorMessage)
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            sqlite3_free(errorMessage)
            throw SQLiteError(operation: .exec, code: code, message: message, sql: sql)
        }
    }

    /// A prepared statement, to bind and step as often as needed.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        let db = try connection(for: sql, .prepare)
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw error(.prepare, code, sql)
        }
        return SQLiteStatement(database: self, statement: statement, sql: sql)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try exec("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try exec("COMMIT")
            return result
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }

    /// Every row a query returns, each as its columns' values (for reading back and for tests).
    func rows(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        let statement = try prepare(sql)
        try statement.bind(parameters)
        var rows: [[SQLiteValue]] = []
        while let row = try statement.step() { rows.append(row) }
        try statement.finalize()
        return rows
    }
}

/// A prepared statement of a `SQLiteDatabase`. Finalized by `finalize()` or when it goes away.
final class SQLiteStatement {
    private let database: SQLiteDatabase
    private var statement: OpaquePointer?
    let sql: String

    /// SQLite copies bound text at once, so the Swift string need not outlive the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(database: SQLiteDatabase, statement: OpaquePointer, sql: String) {
        self.database = database
        self.statement = statement
        self.sql = sql
    }

    deinit {
        if let statement { sqlite3_finalize(statement) }
    }

    private func live(_ operation: SQLiteError.Operation) throws -> OpaquePointer {
        guard let statement else {
            throw SQLiteError(operation: operation, code: SQLITE_MISUSE, message: "the statement is finalized", sql: sql)
        }
        return statement
    }

    /// Binds parameter `index` (counting from 1).
    func bind(_ value: SQLiteValue, at index: Int32) throws {
        let statement = try live(.bind)
        let code: Int32
        switch value {
        case let .integer(number): code = sqlite3_bind_int64(statement, index, sqlite3_int64(number))
        case let .real(number): code = sqlite3_bind_double(statement, index, number)
        case let .text(text):
            var utf8 = text
            code = utf8.withUTF8 { Self.bindText(UnsafeRawBufferPointer($0), statement, index, Self.transient) }
        case .null: code = sqlite3_bind_null(statement, index)
        }
        guard code == SQLITE_OK else { throw database.error(.bind, code, sql) }
    }

    /// Binds text given as UTF-8 bytes, with its length in bytes, so that text holding a NUL is stored
    /// whole, not cut at it.
    private static func bindText(_ bytes: UnsafeRawBufferPointer, _ statement: OpaquePointer, _ index: Int32,
                                 _ lifetime: sqlite3_destructor_type?) -> Int32 {
        // An empty text is bound as such, not as the NULL a missing pointer would give.
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, transient) }
        return sqlite3_bind_text64(statement, index, base.assumingMemoryBound(to: CChar.self), sqlite3_uint64(bytes.count), lifetime,
                                   UInt8(SQLITE_UTF8))
    }

    /// Binds a packed row's values (`EncodedRows.forEachPacked`) and runs the statement, which returns no
    /// rows (an insert): the dataset's many rows without a string made of each text.
    /// Every parameter is bound again, so the last row's bindings need no clearing first; the text is bound
    /// where it lies (`SQLITE_STATIC`), not copied, and cleared once the statement has run, before the bytes
    /// go away.
    func run(packed values: [PackedValue]) throws {
        let statement = try live(.bind)
        sqlite3_reset(statement)
        defer { sqlite3_clear_bindings(statement) }
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard values.count == expected else {
            throw SQLiteError(operation: .bind, code: SQLITE_RANGE, message: "\(values.count) value(s) given for \(expected) parameter(s)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case let .integer(number): code = sqlite3_bind_int64(statement, index, sqlite3_int64(number))
            case let .real(number): code = sqlite3_bind_double(statement, index, number)
            // nil is SQLITE_STATIC: the text is read where it lies.
            case let .text(bytes): code = Self.bindText(bytes, statement, index, nil)
            case .null: code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw database.error(.bind, code, sql) }
        }
        while try step() != nil {}
    }

    func bind(_ value: Int, at index: Int32) throws { try bind(.integer(value), at: index) }
    func bind(_ value: Double, at index: Int32) throws { try bind(.real(value), at: index) }
    func bind(_ value: String, at index: Int32) throws { try bind(.text(value), at: index) }
    func bindNull(at index: Int32) throws { try bind(.null, at: index) }

    /// Resets the statement and binds all its parameters, in order.
    func bind(_ values: [SQLiteValue]) throws {
        try reset()
        let statement = try live(.bind)
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard values.count == expected else {
            throw SQLiteError(operation: .bind, code: SQLITE_RANGE, message: "\(values.count) value(s) given for \(expected) parameter(s)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Steps once: the next row, or nil when the statement is done.
    @discardableResult
    func step() throws -> [SQLiteValue]? {
        let statement = try live(.step)
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_DONE: return nil
        case SQLITE_ROW:
            return (0..<sqlite3_column_count(statement)).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: return .integer(Int(sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
                case SQLITE_NULL: return .null
                default:
                    guard let text = sqlite3_column_text(statement, column) else { return .null }
                    let length = Int(sqlite3_column_bytes(statement, column))
                    return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
                }
            }
        default:
            let error = database.error(.step, code, sql)
            // Reset at once, so that the statement can run again and finalize does not repeat the error.
            sqlite3_reset(statement)
            throw error
        }
    }

    /// Binds the values and runs a statement that returns no rows (an insert).
    func run(_ values: [SQLiteValue]) throws {
        try bind(values)
        while try step() != nil {}
    }

    func reset() throws {
        let statement = try live(.reset)
        // sqlite3_reset repeats the last step's error, which step has already reported.
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    func finalize() throws {
        guard let statement else { return }
        self.statement = nil
        let code = sqlite3_finalize(statement)
        guard code == SQLITE_OK else { throw database.error(.finalize, code, sql) }
    }
}
