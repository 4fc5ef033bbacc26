import Vapor

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    private struct TransportKey: StorageKey { typealias Value = any NotificationTransport }

    /// The validated configuration; set first thing in `configure`.
    public var config: AppConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("configure(_:) has not run") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }

    /// Where notifications go; tests swap in a recording transport.
    var notificationTransport: any NotificationTransport {
        get { storage[TransportKey.self] ?? LogTransport(logger: logger) }
        set { storage[TransportKey.self] = newValue }
    }
}
