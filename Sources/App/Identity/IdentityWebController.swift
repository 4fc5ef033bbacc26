import Domain
import HTML
import SQLKit
import Vapor

/// Signing in and out, the language switch, and a person's own pages.
struct IdentityWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get { req in SignInViews.home(req.page) }
        routes.get("login", use: loginPage)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        routes.get("phone", use: phonePage)
        routes.post("phone", use: requestCode)
        routes.get("phone", "verify", use: verifyPage)
        routes.post("phone", "verify", use: verifyCode)
        routes.get("lang", ":code", use: switchLanguage)
        routes.get("me", use: me)
        routes.post("me", use: updateProfile)
        routes.get("dashboard", use: dashboard)
        routes.get("account", "password", use: passwordPage)
        routes.post("account", "password", use: changePassword)
    }

    static func service(_ req: Request) -> IdentityService {
        IdentityService(database: req.db, hasher: req.password.async, secret: req.application.config.secret)
    }

    // MARK: staff

    struct LoginInput: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    func loginPage(req: Request) async throws -> HTML {
        if req.actor != nil { throw Abort.redirect(to: "/dashboard") }
        return SignInViews.login(req.page, .init(next: Self.safeNext(req.query[String.self, at: "next"])))
    }

    func login(req: Request) async throws -> Response {
        let input = try req.content.decode(LoginInput.self)
        let next = Self.safeNext(input.next)
        do {
            let user = try await Self.service(req).signIn(email: input.email ?? "", password: input.password ?? "", address: req.clientAddress)
            return try await startSession(req, user: user, redirectTo: next ?? "/dashboard")
        } catch let error as AppError where error.status == .unauthorized || error.status == .unprocessableEntity || error.status == .tooManyRequests {
            let form = SignInViews.LoginForm(email: input.email ?? "", next: next, errors: error.fields,
                                             alert: error.fields.isEmpty ? req.localizer(error.messageKey) : nil)
            return try await HTMLPage(status: error.status, body: SignInViews.login(req.page, form), headers: error.headers).encodeResponse(for: req)
        }
    }

    func logout(req: Request) async throws -> Response {
        if let token = req.sentCookies[AuthenticationMiddleware.sessionCookie] {
            try await Self.service(req).closeSession(token: token)
            req.application.identities.forgetAll()
        }
        if let actor = req.actor { try await req.audit(.signOut, "user", id: actor.userID, actor: actor) }
        let response = req.redirect(to: "/")
        response.cookies[AuthenticationMiddleware.sessionCookie] = .expired
        return response
    }

    // MARK: entrepreneurs

    func phonePage(req: Request) async throws -> HTML {
        SignInViews.phone(req.page, phone: "", errors: [:])
    }

    struct PhoneInput: Content {
        var phone: String?
    }

    func requestCode(req: Request) async throws -> Response {
        let input = try req.content.decode(PhoneInput.self)
        do {
            let phone = try await Self.service(req).requestCode(phone: input.phone ?? "", language: req.language, address: req.clientAddress)
            return req.redirect(to: URLEncoding.url("/phone/verify", [("phone", phone.e164)]))
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .tooManyRequests {
            let errors = error.fields.isEmpty ? ["phone": FieldProblem(error.messageKey)] : error.fields
            return try await HTMLPage(status: error.status, body: SignInViews.phone(req.page, phone: input.phone ?? "", errors: errors), headers: error.headers)
                .encodeResponse(for: req)
        }
    }

    func verifyPage(req: Request) async throws -> HTML {
        let phone = try IdentityService.parsePhone(req.query[String.self, at: "phone"] ?? "", field: "phone")
        return SignInViews.verify(req.page, phone: phone.e164, display: phone.national, errors: [:], notice: req.localizer("verify.sent"))
    }

    struct CodeInput: Content {
        var phone: String?
        var code: String?
    }

    func verifyCode(req: Request) async throws -> Response {
        let input = try req.content.decode(CodeInput.self)
        let phone = try IdentityService.parsePhone(input.phone ?? "", field: "phone")
        do {
            let user = try await Self.service(req).verifyCode(phone: phone.e164, code: input.code ?? "", language: req.language, address: req.clientAddress)
            return try await startSession(req, user: user, redirectTo: "/me")
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .tooManyRequests {
            let errors = error.fields.isEmpty ? ["code": FieldProblem(error.messageKey)] : error.fields
            return try await HTMLPage(status: error.status, body: SignInViews.verify(req.page, phone: phone.e164, display: phone.national, errors: errors, notice: nil), headers: error.headers)
                .encodeResponse(for: req)
        }
    }

    private func startSession(_ req: Request, user: User, redirectTo target: String) async throws -> Response {
        let token = try await Self.service(req).openSession(for: user)
        try await AuditLog.record(AuditEntry(actorUserID: user.id, actorLabel: user.email ?? user.phone ?? "", action: .signIn, entity: "user",
                                             entityID: user.id.map(String.init), summary: user.email == nil ? "phone code" : "password",
                                             address: req.clientAddress, requestID: req.id), on: req.sql)
        let response = req.redirect(to: target)
        response.cookies[AuthenticationMiddleware.sessionCookie] = AuthenticationMiddleware.cookie(token, secure: req.application.config.secureCookies)
        // A language chosen before signing in becomes the account's preference.
        if let chosen = req.sentCookies[Request.languageCookie].flatMap(Language.init(rawValue:)), user.locale != chosen.rawValue {
            user.locale = chosen.rawValue
            try await user.save(on: req.db)
        }
        return response
    }

    /// Only same-site paths: `next` must never send a person to another site after signing in.
    /// Browsers drop tabs and newlines and read `\` as `/`, so `/\t/evil.example` would become `//evil.example`:
    /// any such character anywhere refuses the value.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              !next.unicodeScalars.contains(where: { $0.value <= 0x20 || $0 == "\\" || $0.value == 0x7F }) else { return nil }
        return next
    }

    // MARK: language, own pages

    func switchLanguage(req: Request) async throws -> Response {
        guard let language = req.parameters.get("code").flatMap(Language.init(rawValue:)) else { throw AppError.notFound }
        let response = req.redirect(to: Self.safeNext(req.query[String.self, at: "back"]) ?? "/")
        response.cookies[Request.languageCookie] = HTTPCookies.Value(
            string: language.rawValue, maxAge: 365 * 86_400, path: "/", isSecure: req.application.config.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
        if let actor = req.actor {
            try await req.sql.raw("UPDATE users SET locale = \(bind: language.rawValue) WHERE id = \(bind: actor.userID)").run()
            req.application.identities.forgetAll()
        }
        return response
    }

    func me(req: Request) async throws -> HTML {
        let actor = try req.requireActor()
        let notice = req.query[String.self, at: "saved"] == "1" ? req.localizer("me.saved") : nil
        return AccountViews.me(req.page, actor: actor, name: actor.displayName, errors: [:], notice: notice)
    }

    struct ProfileInput: Content {
        var display_name: String?
    }

    /// An entrepreneur's account starts as a phone number; here they give the name advisors will greet them by.
    func updateProfile(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let input = try req.content.decode(ProfileInput.self)
        var validator = Validator()
        let name = validator.required("display_name", input.display_name, maxLength: 120)
        do {
            try validator.check()
        } catch {
            return try await HTMLPage(status: .unprocessableEntity, body: AccountViews.me(req.page, actor: actor, name: input.display_name ?? "", errors: error.fields, notice: nil))
                .encodeResponse(for: req)
        }
        try await req.sql.raw("UPDATE users SET display_name = \(bind: name), updated_at = \(bind: Date()) WHERE id = \(bind: actor.userID)").run()
        req.application.identities.forgetAll()
        try await req.audit(.update, "user", id: actor.userID, "own profile")
        return req.redirect(to: "/me?saved=1")
    }

    func dashboard(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        if actor.grants.allSatisfy({ $0.role == .entrepreneur }) { return req.redirect(to: "/me") }
        let names = try await TerritoryQueries.scopeNames(for: actor.grants.map(\.scope), on: req.sql)
        return try await AccountViews.dashboard(req.page, actor: actor, scopeNames: names).encodeResponse(for: req)
    }

    struct PasswordInput: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    func passwordPage(req: Request) async throws -> HTML {
        _ = try req.requireActor()
        return AccountViews.password(req.page, errors: [:], notice: nil)
    }

    func changePassword(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let input = try req.content.decode(PasswordInput.self)
        do {
            try await Self.service(req).changePassword(
                userID: actor.userID, current: input.current ?? "", new: input.new ?? "", confirmation: input.confirm ?? "",
                keepingSession: req.sentCookies[AuthenticationMiddleware.sessionCookie])
            req.application.identities.forgetAll()
            try await req.audit(.update, "user", id: actor.userID, "password changed")
            return try await AccountViews.password(req.page, errors: [:], notice: req.localizer("password.changed")).encodeResponse(for: req)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await HTMLPage(status: error.status, body: AccountViews.password(req.page, errors: error.fields, notice: nil)).encodeResponse(for: req)
        }
    }
}
