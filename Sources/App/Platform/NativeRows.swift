import FluentKit
import Foundation
import PostgresNIO
import SQLiteNIO
import SQLKit

/// A hot read's row, decoded by each driver's own row type. SQLKit's `decode(column:as:)` goes through a generic
/// translation layer per value (on PostgreSQL it took a fifth of a list request's CPU); the native paths read
/// values straight from the driver's buffers. The SQL text is the same: SQLKit serialises it for each dialect.
protocol NativeRow: Sendable {
    init(sqlite row: SQLiteRow) throws
    init(postgres row: PostgresRow) throws
}

struct UnsupportedBind: Error, CustomStringConvertible {
    let value: any Sendable
    var description: String { "a native query cannot bind \(type(of: value))" }
}

extension SQLDatabase {
    func nativeRows<Row: NativeRow>(_ query: SQLQueryString, as type: Row.Type) async throws -> [Row] {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        if let sqlite = self as? any SQLiteDatabase {
            return try await sqlite.query(serializer.sql, try serializer.binds.map(NativeBinds.sqlite)).map(Row.init(sqlite:))
        }
        return try await postgres(serializer) { connection, statement, logger in
            var rows: [Row] = []
            for try await row in try await connection.query(statement, logger: logger) { rows.append(try Row(postgres: row)) }
            return rows
        }
    }

    /// Runs a statement that returns nothing, such as an insert of hundreds of rows, with its values bound by the
    /// driver itself: SQLKit's `Codable` encoding of each value was most of a 100,000-line import's insert time.
    func nativeRun(_ statement: any SQLExpression) async throws {
        var serializer = SQLSerializer(database: self)
        statement.serialize(to: &serializer)
        if let sqlite = self as? any SQLiteDatabase {
            _ = try await sqlite.query(serializer.sql, try serializer.binds.map(NativeBinds.sqlite))
            return
        }
        try await postgres(serializer) { connection, statement, logger in
            for try await _ in try await connection.query(statement, logger: logger) {}
        }
    }

    private func postgres<Result: Sendable>(_ serializer: SQLSerializer,
                                            _ body: @escaping @Sendable (PostgresConnection, PostgresQuery, Logger) async throws -> Result) async throws -> Result {
        var bindings = PostgresBindings()
        for bind in serializer.binds { try NativeBinds.append(bind, to: &bindings) }
        let statement = PostgresQuery(unsafeSQL: serializer.sql, binds: bindings)
        return try await withPostgresConnection { connection, logger in try await body(connection, statement, logger) }
    }

    /// One of the pool's PostgreSQL connections, for the driver's own API.
    func withPostgresConnection<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> Result) async throws -> Result {
        guard let postgres = self as? any PostgresDatabase else { throw UnsupportedBind(value: "\(dialect.name) database") }
        let logger = self.logger
        return try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask { try await body(connection, logger) }
        }.get()
    }
}

/// The values native statements bind: integers, text, booleans, dates and NULL.
enum NativeBinds {
    static func sqlite(_ bind: any Encodable & Sendable) throws -> SQLiteData {
        switch bind {
        case let value as any OptionalBind where value.isNone: .null
        case let value as Int: .integer(value)
        case let value as String: .text(value)
        case let value as Bool: .integer(value ? 1 : 0)
        // The encoding SQLiteKit uses for dates, so comparisons meet the stored values.
        case let value as Date: .float(value.timeIntervalSince1970)
        case let value as TextList: .text(String(decoding: try JSONEncoder().encode(value.values), as: UTF8.self))
        default: throw UnsupportedBind(value: bind)
        }
    }

    static func append(_ bind: any Encodable & Sendable, to bindings: inout PostgresBindings) throws {
        switch bind {
        case let value as any OptionalBind where value.isNone: bindings.appendNull()
        case let value as any PostgresNativeBind: try value.append(to: &bindings)
        case let value as Int: bindings.append(value)
        case let value as String: bindings.append(value)
        case let value as Bool: bindings.append(value)
        case let value as Date: bindings.append(value)
        default: throw UnsupportedBind(value: bind)
        }
    }
}

/// Any number of texts as one bound value, so a lookup by a list of keys is one statement text whatever its length:
/// an array on PostgreSQL (`= ANY($1)`), a JSON array on SQLite (`FROM json_each($1) k CROSS JOIN …`, so SQLite
/// starts from the list).
struct TextList: PostgresNativeBind, Encodable, Sendable {
    let values: [String]

    func append(to bindings: inout PostgresBindings) throws { try PostgresColumn<String>(values).append(to: &bindings) }
    func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }

    /// `table alias` narrowed to the rows whose `column` is in the list: the `FROM` item, and the condition to put in
    /// the `WHERE` clause (`TRUE` on SQLite, where the join does the narrowing).
    func rows(of table: String, as alias: String, whose column: String, dialect: String) -> (from: SQLQueryString, condition: SQLQueryString) {
        if dialect == "sqlite" {
            return ("json_each(\(bind: self)) k CROSS JOIN \(unsafeRaw: table) \(unsafeRaw: alias) ON \(unsafeRaw: alias).\(unsafeRaw: column) = k.value", "TRUE")
        }
        return ("\(unsafeRaw: table) \(unsafeRaw: alias)", "\(unsafeRaw: alias).\(unsafeRaw: column) = ANY(\(bind: self))")
    }
}

/// Lets a bind of an optional type be recognised as NULL; a value inside casts to its type directly.
protocol OptionalBind { var isNone: Bool { get } }

/// A value that binds itself on PostgreSQL, such as a bulk insert's column array.
protocol PostgresNativeBind: Sendable { func append(to bindings: inout PostgresBindings) throws }

extension Optional: OptionalBind {
    var isNone: Bool {
        switch self {
        case .none: true
        case .some(let wrapped): (wrapped as? any OptionalBind)?.isNone ?? false
        }
    }
}

struct MissingColumn: Error, CustomStringConvertible {
    let name: String
    var description: String { "column \(name) missing or of the wrong type" }
}

extension SQLiteRow {
    func int(_ name: String) throws -> Int {
        guard let value = column(name)?.integer else { throw MissingColumn(name: name) }
        return value
    }

    func string(_ name: String) throws -> String {
        guard let value = column(name)?.string else { throw MissingColumn(name: name) }
        return value
    }

    func optionalInt(_ name: String) -> Int? { column(name)?.integer }
    func optionalString(_ name: String) -> String? { column(name)?.string }
    /// Dates as SQLiteKit stores them: seconds since 1970.
    func optionalDate(_ name: String) -> Date? { column(name)?.double.map(Date.init(timeIntervalSince1970:)) }
}
