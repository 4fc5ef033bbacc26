import Foundation
import NIOCore
import PostgresNIO
import SQLKit

/// Many rows for one table, inserted by one statement with the drivers' own binds. On PostgreSQL each column travels
/// as one array unpacked by `unnest`, so the statement's text, and the server's parse and plan of it, stay the same
/// size however many rows it carries (a batch's `VALUES` of a thousand binds cost PostgreSQL more to plan than to
/// write); SQLite, which parses in-process, gets `VALUES` rows.
struct BulkInsert: Sendable {
    /// What a column holds, so PostgreSQL gets a typed array even when every value in it is NULL.
    enum Kind: Sendable { case int, text, bool, date }

    let table: String
    let columns: [(name: String, kind: Kind)]
    private var rows: [[any Encodable & Sendable]] = []

    init(into table: String, _ columns: [(name: String, kind: Kind)]) {
        self.table = table
        self.columns = columns
    }

    var isEmpty: Bool { rows.isEmpty }

    /// One row, its values in the columns' order: `Int`, `String`, `Bool`, `Date`, or an optional of one (NULL).
    mutating func append(_ row: [any Encodable & Sendable]) {
        precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    /// The statement, `suffix` (`ON CONFLICT …`, `RETURNING …`) after the rows.
    fileprivate func statement(for dialect: String, suffix: SQLQueryString) throws -> SQLQueryString {
        try check()
        let names = SQLList(columns.map { SQLIdentifier($0.name) })
        if dialect == "postgresql" {
            let arrays = columns.indices.map { column in Self.array(columns[column].kind, rows.map { $0[column] }) }
            return "INSERT INTO \(ident: table) (\(names)) SELECT * FROM unnest(\(SQLList(arrays)))\(suffix)"
        }
        let values = rows.map { row in SQLGroupExpression(row.map { SQLBind($0) }) }
        return "INSERT INTO \(ident: table) (\(names)) VALUES \(SQLList(values))\(suffix)"
    }

    /// A value of another kind than its column's is a mistake to report, not a NULL to write (PostgreSQL's arrays
    /// are typed) nor a text in an integer column (SQLite would take it).
    private func check() throws {
        for row in rows {
            for (value, column) in zip(row, columns) {
                if let optional = value as? any OptionalBind, optional.isNone { continue }
                let fits = switch column.kind {
                case .int: value is Int
                case .text: value is String
                case .bool: value is Bool
                case .date: value is Date
                }
                if !fits { throw WrongKind(table: table, column: column.name, expected: column.kind, value: value) }
            }
        }
    }

    struct WrongKind: Error, CustomStringConvertible {
        let table: String, column: String, expected: Kind, value: any Sendable
        var description: String { "\(table).\(column) takes \(expected) values, not \(type(of: value))" }
    }

    private static func array(_ kind: Kind, _ values: [any Encodable & Sendable]) -> SQLBind {
        switch kind {
        case .int: SQLBind(PostgresColumn<Int>(values))
        case .text: SQLBind(PostgresColumn<String>(values))
        case .bool: SQLBind(PostgresColumn<Bool>(values))
        case .date: SQLBind(PostgresColumn<Date>(values))
        }
    }
}

extension SQLDatabase {
    func run(_ insert: BulkInsert, _ suffix: SQLQueryString = "") async throws {
        guard !insert.isEmpty else { return }
        try await nativeRun(insert.statement(for: dialect.name, suffix: suffix))
    }

    /// The rows a `RETURNING` suffix gives back, in no particular order.
    func rows<Row: NativeRow>(_ insert: BulkInsert, _ suffix: SQLQueryString, as type: Row.Type) async throws -> [Row] {
        guard !insert.isEmpty else { return [] }
        return try await nativeRows(insert.statement(for: dialect.name, suffix: suffix), as: type)
    }
}

/// One column of a bulk insert as a PostgreSQL array in binary form, NULLs included (PostgresNIO's own arrays
/// cannot hold them).
struct PostgresColumn<Element: PostgresArrayEncodable & Encodable & Sendable>: PostgresEncodable, PostgresNativeBind, Encodable, Sendable {
    let values: [Element?]

    /// Values already checked against the column's kind: what is not an `Element` is NULL.
    init(_ values: [any Encodable & Sendable]) { self.values = values.map { $0 as? Element } }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    /// The binary array layout: dimensions, has-NULLs flag, element type, length and lower bound, then each element
    /// as its length (-1 for NULL) and bytes.
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) throws {
        buffer.writeInteger(values.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(values.contains(where: { $0 == nil }) ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !values.isEmpty else { return }
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(1, as: Int32.self)
        for value in values {
            guard let value else { buffer.writeInteger(-1, as: Int32.self); continue }
            let start = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            try value.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - start - 4), at: start)
        }
    }

    func append(to bindings: inout PostgresBindings) throws { try bindings.append(self, context: .default) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for value in values { if let value { try container.encode(value) } else { try container.encodeNil() } }
    }
}
