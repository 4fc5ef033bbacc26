import Vapor

/// A role within a scope, as held by the signed-in person or token.
public struct Grant: Sendable, Hashable {
    public let membershipID: Int?
    public let role: Role
    public let scope: Scope
}

/// Who is acting on this request: a signed-in person (web session) or an API token acting with one membership.
public struct Actor: Sendable {
    public enum Channel: Sendable, Equatable { case session, token(id: Int) }

    public let userID: Int
    public let displayName: String
    public let email: String?
    public let phone: String?
    public let preferredLanguage: Language?
    public let grants: [Grant]
    public let channel: Channel

    public func has(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    /// Label kept in the audit log, readable even after the user is deleted.
    var auditLabel: String {
        let who = email ?? phone ?? "user \(userID)"
        if case .token(let id) = channel { return "\(who) (token \(id))" }
        return who
    }
}

struct ActorKey: StorageKey { typealias Value = Actor }

extension Request {
    var actor: Actor? { storage[ActorKey.self] }

    /// The acting person, or 401: the error middleware sends people to the sign-in page and API clients a JSON error.
    func requireActor() throws -> Actor {
        guard let actor else { throw AppError.unauthorized }
        return actor
    }

    /// The actor, if the policy lets them do `permission`; 403 otherwise.
    func authorize(_ permission: Permission) throws -> Actor {
        let actor = try requireActor()
        guard Policy.allows(actor, permission) else { throw AppError.forbidden }
        return actor
    }
}
