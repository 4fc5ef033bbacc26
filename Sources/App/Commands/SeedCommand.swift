import Fluent
import Vapor

struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Migrates the database and loads the demo data (regions, structures, one account per role, beneficiaries)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.prepareDatabase()
        try await DemoData.seed(context.application)
        context.console.print("Demo data loaded. Staff password: \(DemoData.password)")
    }
}

struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The administrator's e-mail address") var email: String?
        @Option(name: "name", help: "Display name") var name: String?
        @Option(name: "password", help: "Password (else MAILLAGE_ADMIN_PASSWORD, else asked)") var password: String?
    }

    var help: String { "Creates an administrator with national scope." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.prepareDatabase()
        let email = signature.email ?? context.console.ask("E-mail")
        let password = signature.password ?? ProcessInfo.processInfo.environment["MAILLAGE_ADMIN_PASSWORD"]
            ?? context.console.ask("Password", isSecure: true)
        let service = AccountsService(database: app.db, hasher: app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()))
        do {
            let user = try await service.createUser(.init(email: email, displayName: signature.name ?? email, password: password,
                                                          role: Role.administrator.rawValue, scopeKind: "national"))
            context.console.print("Administrator \(email) created (id \(user.id ?? 0)).")
        } catch let error as AppError {
            let t = Localizer(language: .en)
            for (field, problem) in error.fields { context.console.error("\(field): \(t(problem.key, problem.arguments))") }
            throw error
        }
    }
}

struct TokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create") var action: String
        @Option(name: "email", help: "The user the token acts for (its first staff membership)") var email: String?
        @Option(name: "name", help: "A name to recognise the token by") var name: String?
    }

    var help: String { "Creates an API token for a user; prints it once, on the last line." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create", let email = signature.email?.lowercased() else {
            throw Abort(.badRequest, reason: "usage: maillage token create --email EMAIL --name NAME")
        }
        let app = context.application
        try await app.prepareDatabase()
        guard let user = try await User.query(on: app.db).filter(\.$email == email).with(\.$memberships).first(),
              let membership = user.memberships.first(where: { $0.role != Role.entrepreneur.rawValue }) else {
            throw Abort(.notFound, reason: "no staff user with e-mail \(email)")
        }
        let service = AccountsService(database: app.db, hasher: app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()))
        let (_, secret) = try await service.createToken(name: signature.name ?? "command line", membershipID: try membership.requireID(), createdBy: try user.requireID())
        context.console.print(secret)
    }
}
