import Foundation
import SQLKit
import Vapor

/// Who saw or changed which personal record, when, from where. Written in the same database as the data so an
/// entry commits with the change it describes when both run in one transaction.
enum AuditAction: String, Sendable, CaseIterable {
    case read, list, search, create, update, delete, export
    case signIn = "sign_in", signInFailed = "sign_in_failed", signOut = "sign_out"
    case tokenCreated = "token_created", tokenRevoked = "token_revoked"
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
        try await database.raw("""
            INSERT INTO audit_entries (at, actor_user_id, actor_label, action, entity, entity_id, summary, address, request_id)
            VALUES (\(bind: time), \(bind: entry.actorUserID), \(bind: entry.actorLabel), \(bind: entry.action.rawValue),
                    \(bind: entry.entity), \(bind: entry.entityID), \(bind: entry.summary), \(bind: entry.address), \(bind: entry.requestID))
            """).run()
    }
}

extension Request {
    /// Records that the acting person touched personal data through this request.
    func audit(_ action: AuditAction, _ entity: String, id: CustomStringConvertible? = nil, _ summary: String = "", actor: Actor? = nil, on database: (any SQLDatabase)? = nil) async throws {
        let who = actor ?? self.actor
        try await AuditLog.record(
            AuditEntry(actorUserID: who?.userID, actorLabel: who?.auditLabel ?? "anonymous", action: action, entity: entity,
                       entityID: id?.description, summary: summary, address: remoteAddress?.ipAddress, requestID: self.id),
            on: database ?? sql)
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }
}
