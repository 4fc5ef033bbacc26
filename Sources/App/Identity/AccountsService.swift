import Fluent
import Foundation
import SQLKit
import Vapor

/// What an administrator does with accounts: people, their memberships, API tokens.
struct AccountsService {
    let database: any Database
    let hasher: AsyncPasswordHasher

    var sql: any SQLDatabase { database as! any SQLDatabase }

    struct NewUser: Sendable {
        var email: String
        var displayName: String
        var password: String
        var role: String
        var scopeKind: String
        var scopeID: Int?
        var locale: String?
    }

    /// Creates a staff account with its first membership, or nothing at all.
    func createUser(_ input: NewUser) async throws -> User {
        var validator = Validator()
        let email = validator.required("email", input.email.lowercased(), maxLength: 254)
        if !email.isEmpty && !Self.looksLikeEmail(email) { validator.add("email", "validation.email") }
        let name = validator.required("display_name", input.displayName, maxLength: 120)
        IdentityService.checkNewPassword(input.password, confirmation: nil, field: "password", into: &validator)
        let grant = try await checkGrant(role: input.role, scopeKind: input.scopeKind, scopeID: input.scopeID, into: &validator)
        try validator.check()
        if try await User.query(on: database).filter(\.$email == email).count() > 0 {
            throw AppError.validation(["email": FieldProblem("accounts.email_taken")])
        }
        let hash = try await hasher.hash(input.password)
        return try await database.transaction { transaction in
            let user = User(email: email, phone: nil, displayName: name, passwordHash: hash,
                            locale: input.locale.flatMap(Language.init(rawValue:)))
            try await user.create(on: transaction)
            if let grant { try await Membership(userID: try user.requireID(), role: grant.role, scope: grant.scope).create(on: transaction) }
            return user
        }
    }

    func addMembership(userID: Int, role: String, scopeKind: String, scopeID: Int?) async throws {
        guard try await User.find(userID, on: database) != nil else { throw AppError.notFound }
        var validator = Validator()
        let grant = try await checkGrant(role: role, scopeKind: scopeKind, scopeID: scopeID, into: &validator)
        try validator.check()
        guard let grant else { return }
        // The unique index treats NULL scope ids as distinct, so national and own grants are checked here.
        let duplicate = try await Membership.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$role == grant.role.rawValue).filter(\.$scopeKind == grant.scope.kind.rawValue)
            .filter(\.$scopeID == grant.scope.targetID).count() > 0
        if duplicate { throw AppError.validation(["role": FieldProblem("accounts.membership_exists")]) }
        do {
            try await Membership(userID: userID, role: grant.role, scope: grant.scope).create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AppError.validation(["role": FieldProblem("accounts.membership_exists")])
        }
    }

    func removeMembership(userID: Int, membershipID: Int) async throws {
        guard let membership = try await Membership.query(on: database)
            .filter(\.$id == membershipID).filter(\.$user.$id == userID).first() else { throw AppError.notFound }
        try await membership.delete(on: database)
    }

    func setActive(userID: Int, active: Bool) async throws {
        guard let user = try await User.find(userID, on: database) else { throw AppError.notFound }
        user.isActive = active
        try await user.save(on: database)
        if !active { try await sql.raw("DELETE FROM web_sessions WHERE user_id = \(bind: userID)").run() }
    }

    /// Checks that the role exists and the scope names a real region, structure or partner institution.
    private func checkGrant(role: String, scopeKind: String, scopeID: Int?, into validator: inout Validator) async throws -> (role: Role, scope: Scope)? {
        guard let role = Role(rawValue: role) else {
            validator.add("role", "validation.choice")
            return nil
        }
        guard let kind = Scope.Kind(rawValue: scopeKind) else {
            validator.add("scope", "validation.choice")
            return nil
        }
        let table: String? = switch kind {
        case .region: "regions"
        case .structure: "structures"
        case .partner: "partner_institutions"
        case .national, .own, .event: nil
        }
        if let table {
            guard let scopeID else {
                validator.add("scope", "accounts.scope_required")
                return nil
            }
            let exists = try await sql.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: scopeID)").first() != nil
            if !exists {
                validator.add("scope", "accounts.scope_unknown")
                return nil
            }
        }
        guard let scope = Scope(kind: kind, targetID: scopeID) else {
            validator.add("scope", "accounts.scope_required")
            return nil
        }
        if [.administrator, .nationalCoordinator].contains(role) && scope != .national {
            validator.add("scope", "accounts.national_only")
            return nil
        }
        return (role, scope)
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
    }

    // MARK: API tokens

    /// Creates a token acting with one membership; returns the secret, shown once and never stored in clear.
    func createToken(name rawName: String, membershipID: Int, createdBy: Int) async throws -> (APIToken, String) {
        var validator = Validator()
        let name = validator.required("name", rawName, maxLength: 120)
        let membership = try await Membership.find(membershipID, on: database)
        if membership == nil { validator.add("membership_id", "validation.choice") }
        try validator.check()
        let secret = "mlg_" + RandomToken.make()
        let token = APIToken(name: name, tokenHash: RandomToken.hash(secret), prefix: String(secret.prefix(10)),
                             membershipID: membershipID, createdBy: createdBy)
        try await token.create(on: database)
        return (token, secret)
    }

    func revokeToken(id: Int, at time: Date = Date()) async throws {
        guard let token = try await APIToken.find(id, on: database) else { throw AppError.notFound }
        if token.revokedAt == nil {
            token.revokedAt = time
            try await token.save(on: database)
        }
    }
}
