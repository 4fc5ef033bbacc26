import Crypto
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Sign-in, sessions and accounts; shared by the web pages, the API and the commands.
struct IdentityService {
    let database: any Database
    let hasher: AsyncPasswordHasher
    let secret: [UInt8]
    var now: @Sendable () -> Date = Date.init

    var sql: any SQLDatabase { database as! any SQLDatabase }

    static let codeLifetime: TimeInterval = 600
    static let codeMaxAttempts = 5
    static let minimumPasswordLength = 10

    // MARK: staff password sign-in

    /// Checks an e-mail and password; returns the user or a 401 naming no field (so accounts cannot be probed).
    func signIn(email rawEmail: String, password: String, address: String?) async throws -> User {
        let email = rawEmail.trimmed.lowercased()
        var validator = Validator()
        _ = validator.required("email", email, maxLength: 254)
        if password.isEmpty { validator.add("password", "validation.required") }
        try validator.check()
        // Every attempt is counted before the (slow) check, so concurrent guesses cannot slip past the limit; a
        // successful sign-in clears the account's count, so signing in on several devices never locks anyone out.
        let limiter = RateLimiter(database: sql)
        let accountKey = "password:account:\(email)"
        try await limiter.hit([
            (accountKey, .passwordPerAccount),
            ("password:address:\(address ?? "unknown")", .passwordPerAddress),
        ], now: now())
        let user = try await User.query(on: database).filter(\.$email == email).filter(\.$isActive == true).first()
        // Verify against a fixed hash when the account does not exist, so both paths take the same time.
        let stored = user?.passwordHash ?? Self.decoyHash
        let matches = (try? await hasher.verify(password, created: stored)) ?? false
        guard let user, user.passwordHash != nil, matches else {
            try await AuditLog.record(AuditEntry(actorUserID: user?.id, actorLabel: email, action: .signInFailed, entity: "user",
                                                 entityID: user?.id.map(String.init), summary: "password", address: address), on: sql, at: now())
            throw AppError(status: .unauthorized, code: "invalid_credentials", messageKey: "login.invalid", fields: [:])
        }
        try await limiter.reset(accountKey)
        return user
    }

    private static let decoyHash: String = (try? Bcrypt.hash("maillage-decoy-password", cost: 12)) ?? ""

    // MARK: entrepreneur phone sign-in

    /// Validates the number, limits the pace, and queues a one-time code by SMS. Returns the number in E.164.
    func requestCode(phone input: String, language: Language, address: String?) async throws -> MoroccanPhone {
        let phone = try Self.parsePhone(input, field: "phone")
        try await RateLimiter(database: sql).hit([
            ("code:phone:\(phone.e164)", .codeRequestPerPhone),
            ("code:address:\(address ?? "unknown")", .codeRequestPerAddress),
        ], now: now())
        let code = String(format: "%06d", Int.random(in: 0...999_999))
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            // A new code replaces any earlier one: only the latest message is valid.
            try await sql.raw("UPDATE login_codes SET used_at = \(bind: now()) WHERE phone = \(bind: phone.e164) AND used_at IS NULL").run()
            try await sql.raw("""
                INSERT INTO login_codes (phone, code_hash, attempts, expires_at, created_at)
                VALUES (\(bind: phone.e164), \(bind: codeHash(phone: phone.e164, code: code)), 0,
                        \(bind: now().addingTimeInterval(Self.codeLifetime)), \(bind: now()))
                """).run()
            try await Outbox(database: sql).enqueue(channel: .sms, to: phone.e164, template: "login_code", language: language, data: ["code": code])
        }
        return phone
    }

    private struct CodeRow: Decodable {
        let id: Int
        let code_hash: String
    }

    /// Checks a code; on success the code is spent and the entrepreneur's account found or created.
    func verifyCode(phone input: String, code rawCode: String, language: Language, address: String?) async throws -> User {
        let phone = try Self.parsePhone(input, field: "phone")
        let code = String(rawCode.unicodeScalars.filter { CharacterSet.decimalDigits.contains($0) }.map(Character.init))
        guard code.count == 6 else { throw AppError.validation(["code": FieldProblem("login.code_format")]) }
        try await RateLimiter(database: sql).hit([("code-check:address:\(address ?? "unknown")", .codeCheckPerAddress)], now: now())

        let wrong = AppError.validation(["code": FieldProblem("login.code_invalid")])
        guard let row = try await sql.raw("""
            SELECT id, code_hash FROM login_codes
            WHERE phone = \(bind: phone.e164) AND used_at IS NULL AND expires_at > \(bind: now())
            ORDER BY id DESC LIMIT 1
            """).first(decoding: CodeRow.self) else { throw wrong }
        // Each check takes one of the code's attempts in a single conditional UPDATE, so parallel guesses cannot
        // exceed the allowance; the last wrong one spends the code: six digits cannot be brute-forced.
        guard let attempt = try await sql.raw("""
            UPDATE login_codes SET attempts = attempts + 1
            WHERE id = \(bind: row.id) AND used_at IS NULL AND attempts < \(bind: Self.codeMaxAttempts)
            RETURNING attempts
            """).first()?.decode(column: "attempts", as: Int.self) else { throw wrong }
        let matches = ConstantTime.equal(Array(row.code_hash.utf8), Array(codeHash(phone: phone.e164, code: code).utf8))
        if !matches {
            if attempt >= Self.codeMaxAttempts {
                try await sql.raw("UPDATE login_codes SET used_at = \(bind: now()) WHERE id = \(bind: row.id) AND used_at IS NULL").run()
            }
            throw wrong
        }
        // Single use even when the same code is submitted twice at once: only one UPDATE finds it unused.
        let claimed = try await sql.raw("""
            UPDATE login_codes SET used_at = \(bind: now()) WHERE id = \(bind: row.id) AND used_at IS NULL RETURNING id
            """).first()
        guard claimed != nil else { throw wrong }
        return try await entrepreneur(phone: phone, language: language)
    }

    /// The account for a phone number, created on first sign-in with the entrepreneur role.
    private func entrepreneur(phone: MoroccanPhone, language: Language) async throws -> User {
        if let existing = try await User.query(on: database).filter(\.$phone == phone.e164).first() {
            guard existing.isActive else { throw AppError.forbidden }
            return existing
        }
        do {
            return try await database.transaction { transaction in
                let user = User(email: nil, phone: phone.e164, displayName: phone.national, passwordHash: nil, locale: language)
                try await user.create(on: transaction)
                try await Membership(userID: try user.requireID(), role: .entrepreneur, scope: .own).create(on: transaction)
                return user
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another request created it between our read and our insert.
            guard let user = try await User.query(on: database).filter(\.$phone == phone.e164).first() else { throw AppError.conflict }
            return user
        }
    }

    private func codeHash(phone: String, code: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(phone):\(code)".utf8), using: SymmetricKey(data: secret))
        return RandomToken.hex(mac)
    }

    static func parsePhone(_ input: String, field: String) throws -> MoroccanPhone {
        do {
            return try MoroccanPhone.parse(input)
        } catch {
            throw AppError.validation([field: FieldProblem(error.localeKey)])
        }
    }

    // MARK: sessions

    /// Opens a session and returns the token for the cookie; only its hash is stored.
    func openSession(for user: User) async throws -> String {
        let token = RandomToken.make()
        try await sql.raw("""
            INSERT INTO web_sessions (id, user_id, expires_at, last_seen_at, created_at)
            VALUES (\(bind: RandomToken.hash(token)), \(bind: try user.requireID()),
                    \(bind: now().addingTimeInterval(AuthenticationMiddleware.sessionIdle)), \(bind: now()), \(bind: now()))
            """).run()
        return token
    }

    func closeSession(token: String) async throws {
        try await sql.raw("DELETE FROM web_sessions WHERE id = \(bind: RandomToken.hash(token))").run()
    }

    // MARK: passwords

    func changePassword(userID: Int, current: String, new: String, confirmation: String, keepingSession token: String?) async throws {
        guard let user = try await User.find(userID, on: database) else { throw AppError.notFound }
        var validator = Validator()
        let currentMatches = (try? await hasher.verify(current, created: user.passwordHash ?? Self.decoyHash)) ?? false
        if user.passwordHash != nil && !currentMatches { validator.add("current", "password.current_wrong") }
        Self.checkNewPassword(new, confirmation: confirmation, into: &validator)
        try validator.check()
        user.passwordHash = try await hasher.hash(new)
        try await user.save(on: database)
        // Other devices signed in with the old password are signed out.
        if let token {
            try await sql.raw("DELETE FROM web_sessions WHERE user_id = \(bind: userID) AND id <> \(bind: RandomToken.hash(token))").run()
        }
    }

    static func checkNewPassword(_ password: String, confirmation: String?, field: String = "new", into validator: inout Validator) {
        if password.count < minimumPasswordLength {
            validator.add(field, "password.too_short", ["min": String(minimumPasswordLength)])
        } else if let confirmation, confirmation != password {
            validator.add("confirm", "password.mismatch")
        }
    }
}
