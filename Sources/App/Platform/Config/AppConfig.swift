import Foundation

/// Everything Maillage reads from its environment, validated once at start-up.
/// Defaults let `maillage serve` run with nothing set; a bad value stops start-up with every problem listed.
public struct AppConfig: Sendable {
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var dataDirectory: URL
    public var database: Database
    public var secret: [UInt8]
    public var demoData: Bool
    public var notifyURL: URL?
    public var notifySecret: [UInt8]
    public var baseURL: URL
    public var inProcessWorkers: Int
    public var databasePoolSize: Int
    /// Proxies whose `X-Forwarded-For` is believed (the load balancers in front of the instances).
    public var trustedProxies: Set<String>

    public var secureCookies: Bool { baseURL.scheme == "https" }
    public var devOutboxEnabled: Bool { notifyURL == nil }

    public struct Invalid: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String {
            "Maillage cannot start; fix these environment variables:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Reads the environment. Creates the data directory and, when `MAILLAGE_SECRET` is unset, a persistent secret in it.
    public static func load(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var problems: [String] = []

        let dataPath = env["MAILLAGE_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let dataDirectory = URL(fileURLWithPath: dataPath, isDirectory: true).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            problems.append("MAILLAGE_DATA_DIR: cannot create or open the folder \(dataDirectory.path) (\(error.localizedDescription)); expected a writable folder")
        }

        var database = Database.sqlite(path: dataDirectory.appendingPathComponent("maillage.sqlite").path)
        if let url = env["DATABASE_URL"], !url.isEmpty {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), URL(string: url)?.host != nil {
                database = .postgres(url: url)
            } else if url.hasPrefix("sqlite://") {
                database = .sqlite(path: String(url.dropFirst("sqlite://".count)))
            } else {
                problems.append("DATABASE_URL: expected postgres://user:password@host:port/database (or unset for SQLite), got \(redacted(url))")
            }
        }

        var secret: [UInt8] = []
        if let value = env["MAILLAGE_SECRET"], !value.isEmpty {
            if value.utf8.count < 32 {
                problems.append("MAILLAGE_SECRET: expected at least 32 characters, got \(value.utf8.count)")
            }
            secret = Array(value.utf8)
        } else if problems.isEmpty {
            do { secret = try loadOrCreateSecret(in: dataDirectory) } catch {
                problems.append("MAILLAGE_SECRET: unset, and no secret could be kept in \(dataDirectory.path) (\(error.localizedDescription))")
            }
        }

        var demoData = true
        switch env["MAILLAGE_DEMO"] {
        case nil, "", "1", "true", "yes": demoData = true
        case "0", "false", "no": demoData = false
        case let other?: problems.append("MAILLAGE_DEMO: expected 1 or 0, got \(other)")
        }

        var notifyURL: URL?
        if let value = env["MAILLAGE_NOTIFY_URL"], !value.isEmpty {
            if let url = URL(string: value), ["http", "https"].contains(url.scheme ?? ""), url.host != nil {
                notifyURL = url
            } else {
                problems.append("MAILLAGE_NOTIFY_URL: expected an http(s) URL of the notification gateway, got \(value)")
            }
        }

        var baseURL = URL(string: "http://127.0.0.1:8080")!
        if let value = env["MAILLAGE_BASE_URL"], !value.isEmpty {
            if let url = URL(string: value), ["http", "https"].contains(url.scheme ?? ""), url.host != nil {
                baseURL = url
            } else {
                problems.append("MAILLAGE_BASE_URL: expected the public http(s) address, e.g. https://maillage.example.ma, got \(value)")
            }
        }

        let inProcessWorkers = integer(env, "MAILLAGE_WORKERS", default: 1, range: 0...64, problems: &problems)
        let poolSize = integer(env, "MAILLAGE_DB_POOL", default: 8, range: 1...128, problems: &problems)

        var trustedProxies = Set<String>()
        for entry in (env["MAILLAGE_TRUSTED_PROXIES"] ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            if entry.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) && (entry.contains(".") || entry.contains(":")) {
                trustedProxies.insert(entry)
            } else {
                problems.append("MAILLAGE_TRUSTED_PROXIES: expected IP addresses separated by commas, got \(entry)")
            }
        }

        let notifySecret = env["MAILLAGE_NOTIFY_SECRET"].flatMap { $0.isEmpty ? nil : Array($0.utf8) }
            ?? Array("notify:".utf8) + secret

        if !problems.isEmpty { throw Invalid(problems: problems) }
        return AppConfig(
            dataDirectory: dataDirectory, database: database, secret: secret, demoData: demoData,
            notifyURL: notifyURL, notifySecret: notifySecret, baseURL: baseURL,
            inProcessWorkers: inProcessWorkers, databasePoolSize: poolSize, trustedProxies: trustedProxies
        )
    }

    private static func integer(_ env: [String: String], _ name: String, default value: Int, range: ClosedRange<Int>, problems: inout [String]) -> Int {
        guard let text = env[name], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            problems.append("\(name): expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(text)")
            return value
        }
        return number
    }

    private static func loadOrCreateSecret(in directory: URL) throws -> [UInt8] {
        let file = directory.appendingPathComponent("secret.key")
        if let existing = try? Data(contentsOf: file), existing.count >= 32 { return Array(existing) }
        var bytes = [UInt8](repeating: 0, count: 48)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        try Data(bytes).write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return bytes
    }

    private static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "(unreadable)"
    }
}
