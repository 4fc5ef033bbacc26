import App
import Foundation
import Logging
import Vapor

var environment = try Environment.detect()
if ProcessInfo.processInfo.environment["MAILLAGE_LOG_FORMAT"] == "json" {
    let level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "") ?? (environment == .production ? .notice : .info)
    LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
} else {
    try LoggingSystem.bootstrap(from: &environment)
}
let app = try await Application.make(environment)
do {
    try await configure(app)
    try await app.execute()
    try await app.asyncShutdown()
} catch let error as AppConfig.Invalid {
    FileHandle.standardError.write(Data((error.description + "\n").utf8))
    try? await app.asyncShutdown()
    exit(2)
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
