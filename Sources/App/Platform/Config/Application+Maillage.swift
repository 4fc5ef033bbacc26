import NIOConcurrencyHelpers
import Vapor

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    private struct TransportKey: StorageKey { typealias Value = any NotificationTransport }

    /// The validated configuration; set first thing in `configure`. Requests still in flight while the application
    /// shuts down (its storage already cleared) read the configuration it was serving with, rather than stop the process.
    public var config: AppConfig {
        get {
            if let config = storage[ConfigKey.self] ?? Self.servedConfig.withLockedValue({ $0 }) { return config }
            fatalError("configure(_:) has not run")
        }
        set {
            storage[ConfigKey.self] = newValue
            Self.servedConfig.withLockedValue { $0 = newValue }
        }
    }

    private static let servedConfig = NIOLockedValueBox<AppConfig?>(nil)

    /// Where notifications go; tests swap in a recording transport.
    var notificationTransport: any NotificationTransport {
        get { storage[TransportKey.self] ?? LogTransport(logger: logger) }
        set { storage[TransportKey.self] = newValue }
    }
}
