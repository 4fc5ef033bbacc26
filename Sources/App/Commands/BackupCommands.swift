import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Consistent snapshots of either database. SQLite: `VACUUM INTO` (a consistent copy while the server runs) and a
/// restore that replaces every table in one transaction. PostgreSQL: `pg_dump`/`pg_restore` in custom format.
enum Backup {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static func backup(_ app: Application, to path: String) async throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: target.path) { throw Failed(description: "\(target.path) exists; choose a new file") }
        switch app.config.database {
        case .sqlite:
            try await (app.db as! any SQLDatabase).raw("VACUUM INTO \(bind: target.path)").run()
        case .postgres(let url):
            try run("pg_dump", ["--format=custom", "--no-owner", "--file", target.path], url: url)
        }
    }

    static func restore(_ app: Application, from path: String) async throws {
        let source = URL(fileURLWithPath: path).standardizedFileURL
        guard FileManager.default.fileExists(atPath: source.path) else { throw Failed(description: "\(source.path) does not exist") }
        switch app.config.database {
        case .sqlite:
            try await restoreSQLite(app, from: source.path)
        case .postgres(let url):
            try run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", source.path], url: url, database: true)
        }
    }

    private struct MasterRow: Decodable {
        let type: String
        let name: String
        let sql: String?
    }

    /// Checks the snapshot, then swaps every table for the snapshot's in one transaction: a failure leaves the
    /// current data as it was.
    private static func restoreSQLite(_ app: Application, from path: String) async throws {
        let database = app.db as! any SQLiteDatabase
        try await database.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                let sql = connection.sql()
                try await sql.raw("ATTACH DATABASE \(bind: path) AS snapshot").run()
                do {
                    let check = try await sql.raw("PRAGMA snapshot.integrity_check").first()?.decode(column: "integrity_check", as: String.self)
                    guard check == "ok" else { throw Failed(description: "the snapshot is damaged: \(check ?? "unreadable")") }
                    let snapshot = try await sql.raw("""
                        SELECT type, name, sql FROM snapshot.sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END
                        """).all(decoding: MasterRow.self)
                    guard snapshot.contains(where: { $0.name == "_fluent_migrations" }) else {
                        throw Failed(description: "the file is not a Maillage snapshot")
                    }
                    let current = try await sql.raw("SELECT type, name, sql FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                        .all(decoding: MasterRow.self)
                    try await sql.raw("PRAGMA foreign_keys = OFF").run()
                    try await sql.raw("BEGIN IMMEDIATE").run()
                    do {
                        for table in current { try await sql.raw("DROP TABLE main.\(ident: table.name)").run() }
                        for item in snapshot where item.type == "table" {
                            guard let create = item.sql else { continue }
                            try await sql.raw(SQLQueryString(create)).run()
                            try await sql.raw("INSERT INTO main.\(ident: item.name) SELECT * FROM snapshot.\(ident: item.name)").run()
                        }
                        for item in snapshot where item.type == "index" {
                            if let create = item.sql { try await sql.raw(SQLQueryString(create)).run() }
                        }
                        try await sql.raw("COMMIT").run()
                    } catch {
                        try? await sql.raw("ROLLBACK").run()
                        throw error
                    }
                    try await sql.raw("PRAGMA foreign_keys = ON").run()
                    try await sql.raw("DETACH DATABASE snapshot").run()
                } catch {
                    try? await sql.raw("PRAGMA foreign_keys = ON").run()
                    try? await sql.raw("DETACH DATABASE snapshot").run()
                    throw error
                }
            }
        }.get()
    }

    /// Runs a PostgreSQL client tool with the connection taken from `DATABASE_URL` through libpq's environment.
    private static func run(_ tool: String, _ arguments: [String], url: String, database: Bool = false) throws {
        guard let components = URLComponents(string: url) else { throw Failed(description: "DATABASE_URL is not a URL") }
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = components.host
        environment["PGPORT"] = components.port.map(String.init) ?? "5432"
        environment["PGUSER"] = components.user
        environment["PGPASSWORD"] = components.password
        let name = String(components.path.dropFirst())
        environment["PGDATABASE"] = name
        let tls = components.queryItems?.first { $0.name == "tlsmode" || $0.name == "sslmode" }?.value ?? "prefer"
        environment["PGSSLMODE"] = tls == "disable" ? "disable" : (tls == "require" ? "require" : "prefer")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments + (database ? ["--dbname", name] : [])
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        // Read before waiting: a tool that fills the pipe would otherwise block forever.
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "\(tool) failed (\(process.terminationStatus)): \(message)")
        }
    }
}

struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "File to write the snapshot to (must not exist)") var path: String
    }

    var help: String { "Writes a consistent snapshot of the database to PATH; safe while the server runs." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await DatabaseSetup.prepareSQLite(context.application)
        try await Backup.backup(context.application, to: signature.path)
        context.console.print("Snapshot written to \(signature.path)")
    }
}

struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "A snapshot written by `maillage backup`") var path: String
    }

    var help: String { "Replaces the database's contents with a snapshot. Stop the servers and workers first." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await DatabaseSetup.prepareSQLite(context.application)
        try await Backup.restore(context.application, from: signature.path)
        context.console.print("Restored from \(signature.path)")
    }
}
