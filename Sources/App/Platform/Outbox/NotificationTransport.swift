import Crypto
import Foundation
import Logging
import Vapor

enum NotificationChannel: String, Sendable, Codable { case sms, whatsapp, email }

/// What leaves the building: the gateway receives this JSON.
struct OutgoingNotification: Sendable, Codable, Equatable {
    let id: String
    let channel: NotificationChannel
    let to: String
    let template: String
    let locale: String
    let body: String
    let data: [String: String]
}

/// The notification gateway (SMS, WhatsApp, e-mail). The real one is an HTTP endpoint; without one, messages are
/// logged and kept for the development outbox page; tests record them.
protocol NotificationTransport: Sendable {
    func deliver(_ notification: OutgoingNotification) async throws
}

/// Signed JSON POST to the configured gateway. `Idempotency-Key` lets the gateway drop a repeat if our
/// acknowledgement was lost after it had accepted the message.
struct HTTPGatewayTransport: NotificationTransport {
    let client: any Client
    let url: URL
    let secret: [UInt8]

    struct Rejected: Error, CustomStringConvertible {
        let status: HTTPResponseStatus
        var description: String { "gateway answered \(status.code) \(status.reasonPhrase)" }
    }

    func deliver(_ notification: OutgoingNotification) async throws {
        let body = try JSONEncoder().encode(notification)
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let response = try await client.post(URI(string: url.absoluteString)) { request in
            request.headers.contentType = .json
            request.headers.add(name: "Idempotency-Key", value: notification.id)
            request.headers.add(name: "X-Maillage-Timestamp", value: timestamp)
            request.headers.add(name: "X-Maillage-Signature", value: "sha256=" + Self.signature(timestamp: timestamp, body: body, secret: secret))
            request.body = ByteBuffer(data: body)
            request.timeout = .seconds(10)
        }
        guard (200..<300).contains(response.status.code) else { throw Rejected(status: response.status) }
    }

    /// HMAC-SHA256 over `timestamp.body`, hex: the gateway recomputes it to trust the message and its age.
    static func signature(timestamp: String, body: Data, secret: [UInt8]) -> String {
        var message = Data(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return RandomToken.hex(code)
    }
}

/// Development default: the message is logged and stays visible on /dev/outbox.
struct LogTransport: NotificationTransport {
    let logger: Logger

    func deliver(_ notification: OutgoingNotification) async throws {
        logger.notice("notification to \(notification.to) [\(notification.channel.rawValue)/\(notification.template)]: \(notification.body)")
    }
}
