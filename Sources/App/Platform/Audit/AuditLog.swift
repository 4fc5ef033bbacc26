import Foundation
import SQLKit
import Vapor

/// Who saw or changed which personal record, when, from where. Written in the same database as the data so an
/// entry commits with the change it describes when both run in one transaction.
enum AuditAction: String, Sendable, CaseIterable {
    case read, list, search, create, update, delete, export, merge, unmerge
    case signIn = "sign_in", signInFailed = "sign_in_failed", signOut = "sign_out"
    case tokenCreated = "token_created", tokenRevoked = "token_revoked"

    var isRead: Bool { [.read, .list, .search, .export].contains(self) }
}

struct AuditEntry: Sendable {
    var actorUserID: Int?
    var actorLabel: String
    var action: AuditAction
    var entity: String
    var entityID: String?
    var summary: String
    var address: String?
    var requestID: String?
}

enum AuditLog {
    static func record(_ entry: AuditEntry, on database: any SQLDatabase, at time: Date = Date()) async throws {
        try await record([(entry, time)], on: database)
    }

    static func record(_ entries: [(entry: AuditEntry, at: Date)], on database: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        var insert = BulkInsert(into: "audit_entries", [("at", .date), ("actor_user_id", .int), ("actor_label", .text), ("action", .text),
                                                        ("entity", .text), ("entity_id", .text), ("summary", .text), ("address", .text),
                                                        ("request_id", .text)])
        for (entry, time) in entries {
            insert.append([time, entry.actorUserID, entry.actorLabel, entry.action.rawValue, entry.entity, entry.entityID, entry.summary,
                           entry.address, entry.requestID])
        }
        try await database.run(insert)
    }
}

extension Request {
    /// Records that the acting person touched personal data through this request: reads through the batching
    /// buffer, changes at once.
    func audit(_ action: AuditAction, _ entity: String, id: CustomStringConvertible? = nil, _ summary: String = "", actor: Actor? = nil) async throws {
        let entry = auditEntry(action, entity, id: id, summary, actor: actor)
        if action.isRead {
            await application.auditBuffer.add(entry)
        } else {
            try await AuditLog.record(entry, on: sql)
        }
    }

    /// The entry this request would write, for a service that records it in its own transaction.
    func auditEntry(_ action: AuditAction, _ entity: String, id: CustomStringConvertible? = nil, _ summary: String = "", actor: Actor? = nil) -> AuditEntry {
        let who = actor ?? self.actor
        return AuditEntry(actorUserID: who?.userID, actorLabel: who?.auditLabel ?? "anonymous", action: action, entity: entity,
                          entityID: id?.description, summary: summary, address: clientAddress, requestID: self.id)
    }

    /// On SQLite the event loop's direct connection (`SQLiteReaders`), otherwise Fluent's.
    var sql: any SQLDatabase { application.sqliteReaders?.database(on: eventLoop) ?? db as! any SQLDatabase }
}
