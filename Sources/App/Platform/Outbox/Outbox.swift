import Foundation
import SQLKit

/// Notifications are written to the outbox with the change that causes them, then delivered by a job.
/// Delivery is at most once per success: a sent message is never sent again, a failed one is retried with back-off.
struct Outbox: Sendable {
    static let jobKind = "deliver_notification"

    let database: any SQLDatabase
    /// The worker's SQLite write queue, for marking messages sent.
    var writeQueue: WriteQueue? = nil

    /// Queues a message rendered from the locale template `notify.<template>`.
    @discardableResult
    func enqueue(channel: NotificationChannel, to recipient: String, template: String, language: Language, data: [String: String]) async throws -> String {
        try await enqueue([Message(channel: channel, to: recipient, template: template, language: language, data: data)])[0]
    }

    struct Message: Sendable {
        let channel: NotificationChannel
        let to: String
        let template: String
        let language: Language
        let data: [String: String]
    }

    /// Queues several messages with two inserts, for a burst written in one transaction; returns their ids, in order.
    @discardableResult
    func enqueue(_ messages: [Message]) async throws -> [String] {
        guard !messages.isEmpty else { return [] }
        let now = Date()
        var notifications = BulkInsert(into: "notifications", [("id", .text), ("channel", .text), ("recipient", .text), ("template", .text),
                                                               ("locale", .text), ("body", .text), ("data", .text), ("status", .text),
                                                               ("attempts", .int), ("created_at", .date)])
        var jobs = BulkInsert(into: "jobs", [("kind", .text), ("payload", .text), ("status", .text), ("run_at", .date), ("attempts", .int),
                                             ("max_attempts", .int), ("created_at", .date)])
        let ids = messages.map { _ in UUID().uuidString.lowercased() }
        for (id, message) in zip(ids, messages) {
            let body = Translations.bundled.text("notify.\(message.template)", message.language, message.data)
            let data = String(decoding: try JSONEncoder().encode(message.data), as: UTF8.self)
            notifications.append([id, message.channel.rawValue, message.to, message.template, message.language.rawValue, body, data, "pending", 0, now])
            jobs.append([Self.jobKind, id, "queued", now, 0, JobQueue.defaultMaxAttempts, now])
        }
        try await database.run(notifications)
        try await database.run(jobs)
        return ids
    }

    private struct Row: Decodable {
        let id, channel, recipient, template, locale, body, data, status: String
    }

    /// The job handler: sends queued notifications (a burst's text messages) through the transport, a few at a time,
    /// with one read for all and one write for those sent. A message already sent is not sent again.
    func deliver(ids: [String], through transport: any NotificationTransport) async -> [Result<Void, any Error>] {
        let rows: [Row]
        do {
            rows = try await database.raw("""
                SELECT id, channel, recipient, template, locale, body, data, status FROM notifications
                WHERE id IN (\(SQLList(Set(ids).map { SQLBind($0) }))) AND status <> 'sent'
                """).all(decoding: Row.self)
        } catch {
            return ids.map { _ in .failure(error) }
        }
        var errors: [String: any Error] = [:]
        for group in stride(from: 0, to: rows.count, by: Self.concurrentDeliveries).map({ rows[$0..<min($0 + Self.concurrentDeliveries, rows.count)] }) {
            await withTaskGroup(of: (String, (any Error)?).self) { tasks in
                for row in group {
                    tasks.addTask {
                        do { try await transport.deliver(Self.message(row)); return (row.id, nil) } catch { return (row.id, error) }
                    }
                }
                for await (id, error) in tasks { if let error { errors[id] = error } }
            }
        }
        let sent = rows.map(\.id).filter { errors[$0] == nil }
        do {
            try await writeQueue.run(on: database) { [errors] database in
                if !sent.isEmpty {
                    try await database.raw("""
                        UPDATE notifications SET attempts = attempts + 1, status = 'sent', sent_at = \(bind: Date()), last_error = NULL
                        WHERE id IN (\(SQLList(sent.map { SQLBind($0) })))
                        """).run()
                }
                for (id, error) in errors {
                    try await database.raw("""
                        UPDATE notifications SET attempts = attempts + 1, status = 'failed', last_error = \(bind: String(describing: error))
                        WHERE id = \(bind: id)
                        """).run()
                }
            }
        } catch {
            return ids.map { _ in .failure(error) }
        }
        return ids.map { id in errors[id].map { .failure($0) } ?? .success(()) }
    }

    /// How many messages go to the gateway at once.
    static let concurrentDeliveries = 8

    private static func message(_ row: Row) -> OutgoingNotification {
        OutgoingNotification(
            id: row.id, channel: NotificationChannel(rawValue: row.channel) ?? .sms, to: row.recipient,
            template: row.template, locale: row.locale, body: row.body,
            data: (try? JSONDecoder().decode([String: String].self, from: Data(row.data.utf8))) ?? [:])
    }
}
