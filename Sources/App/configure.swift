import Fluent
import SQLKit
import Vapor

/// Builds the application from a validated configuration. Tests pass their own and manage the database and jobs
/// themselves (`serveLifecycle: false`); `maillage` reads the environment.
public func configure(_ app: Application, config: AppConfig? = nil, serveLifecycle: Bool = true) async throws {
    let config = try config ?? AppConfig.load()
    app.config = config
    _ = AppMetrics.registry

    try DatabaseSetup.use(config, on: app)
    if case .sqlite(let path) = config.database {
        let readers = try await SQLiteReaders.open(path: path, on: app.eventLoopGroup, logger: app.logger)
        app.sqliteReaders = readers
        app.lifecycle.use(SQLiteReadersLifecycle(readers: readers))
    }
    app.forumBatcher = ForumRegistrations(database: app.db, baseURL: config.baseURL, writeQueue: app.writeQueue).makeBatcher()
    app.forumStops = ForumStopCache()
    app.forumScans = ForumCheckIns(sql: app.db as! any SQLDatabase, writeQueue: app.writeQueue).makeScanBatcher()
    app.migrations.add(MigrationList.all)
    // Bcrypt's cost is deliberately slow; tests use the lowest cost so each sign-in stays fast but real.
    app.passwords.use(.bcrypt(cost: app.environment == .testing ? 4 : 12))

    app.http.server.configuration.responseCompression = .enabled
    app.http.server.configuration.requestDecompression = .enabled
    app.routes.defaultMaxBodySize = "2mb"

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(MaillageErrorMiddleware())
    app.useIdentityCache()
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(CSRFMiddleware(secureCookies: config.secureCookies))

    if let url = config.notifyURL {
        app.notificationTransport = HTTPGatewayTransport(client: app.client, url: url, secret: config.notifySecret)
    }
    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(WorkCommand(), as: "work")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(GenerateCommand(), as: "generate")
    app.asyncCommands.use(TokenCommand(), as: "token")
    app.lifecycle.use(AuditBufferLifecycle())
    if serveLifecycle { app.lifecycle.use(ServeLifecycle()) }

    try routes(app)
}

extension Application {
    /// Brings the schema up to date and prepares connections; every command that touches data calls it.
    func prepareDatabase() async throws {
        try await DatabaseSetup.prepareSQLite(self)
        try await autoMigrate()
        // The territory is reference data every installation needs, demo or not.
        try await TerritoryReference.seed(on: db as! any SQLDatabase)
    }

    /// The job worker for this process, with every kind of job the product knows.
    func jobWorker(name: String) -> JobWorker {
        let fluent = db
        let baseURL = config.baseURL
        let database = fluent as! any SQLDatabase
        let transport = notificationTransport
        let writeQueue = writeQueue
        let connections = databaseConnections
        return JobWorker(
            queue: JobQueue(database: database, writeQueue: writeQueue),
            handlers: [
                ReferralReminders.jobKind: { _, now in try await ReferralReminders(sql: database).sweep(now: now) },
                MeasureSubscriptions.jobKind: { payload, now in
                    try await MeasureSubscriptions(database: fluent).sweep(now: now, baseURL: baseURL, reschedule: payload != MeasureSubscriptions.once)
                },
                ForumOffers.jobKind: { _, now in try await ForumOffers.sweep(database: fluent, baseURL: baseURL, now: now) },
                DatabaseUpkeep.jobKind: { _, now in try await DatabaseUpkeep.run(on: connections, writeQueue: writeQueue, now: now) },
                Campaigns.buildJob: { payload, _ in try await Campaigns(database: fluent).build(Int(payload) ?? 0) },
                Campaigns.sendJob: { payload, _ in try await Campaigns(database: fluent).deliver(Int(payload) ?? 0, baseURL: baseURL) },
            ],
            batchHandlers: [
                Outbox.jobKind: { ids, _ in await Outbox(database: database, writeQueue: writeQueue).deliver(ids: ids, through: transport) },
            ],
            name: name, logger: logger)
    }
}
