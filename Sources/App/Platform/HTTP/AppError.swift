import Domain
import Vapor

/// A message for one field: a locale key and its arguments, so it is rendered in the reader's language.
public struct FieldProblem: Sendable, Equatable {
    public let key: String
    public let arguments: [String: String]

    public init(_ key: String, _ arguments: [String: String] = [:]) {
        self.key = key
        self.arguments = arguments
    }
}

/// An error a person or a client can act on. Everything the product refuses goes through this type, so the error
/// middleware can answer with the right status, in the right language, naming the fields at fault.
public struct AppError: Error, Sendable {
    public let status: HTTPResponseStatus
    public let code: String
    public let messageKey: String
    public let fields: [String: FieldProblem]
    public var headers: HTTPHeaders = [:]

    public static func validation(_ fields: [String: FieldProblem]) -> AppError {
        AppError(status: .unprocessableEntity, code: "validation_failed", messageKey: "error.validation", fields: fields)
    }

    public static let notFound = AppError(status: .notFound, code: "not_found", messageKey: "error.not_found", fields: [:])
    public static let unauthorized = AppError(status: .unauthorized, code: "unauthorized", messageKey: "error.unauthorized", fields: [:])
    public static let forbidden = AppError(status: .forbidden, code: "forbidden", messageKey: "error.forbidden", fields: [:])
    public static let csrf = AppError(status: .forbidden, code: "csrf_failed", messageKey: "error.csrf", fields: [:])
    public static let conflict = AppError(status: .conflict, code: "conflict", messageKey: "error.conflict", fields: [:])

    public static func tooManyRequests(retryAfter seconds: Int) -> AppError {
        var error = AppError(status: .tooManyRequests, code: "rate_limited", messageKey: "error.rate_limited", fields: [:])
        error.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
        return error
    }
}

/// Collects field problems while checking a form, then throws them all at once.
public struct Validator {
    public private(set) var problems: [String: FieldProblem] = [:]

    public init() {}

    public mutating func add(_ field: String, _ key: String, _ arguments: [String: String] = [:]) {
        if problems[field] == nil { problems[field] = FieldProblem(key, arguments) }
    }

    /// Trimmed, non-empty text within `maxLength` characters, or a problem recorded for `field`.
    public mutating func required(_ field: String, _ value: String?, maxLength: Int = 200) -> String {
        let trimmed = value?.trimmed ?? ""
        if trimmed.isEmpty { add(field, "validation.required") }
        else if trimmed.count > maxLength { add(field, "validation.too_long", ["max": String(maxLength)]) }
        else if Self.hasControlCharacters(trimmed) { add(field, "validation.control_characters") }
        return trimmed
    }

    /// A code administrators give to what they create (an instrument, a measure): 2 to 40 of a-z, 0-9 and `_`.
    public mutating func code(_ field: String, _ value: String?) -> String {
        let code = value?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        if code.count < 2 || code.count > 40 || !code.allSatisfy(allowed.contains) { add(field, "instrument.code_format") }
        return code
    }

    /// Invisible control characters (NUL above all, which PostgreSQL refuses in text) never belong in a field.
    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0x7F }
    }

    public func check() throws(AppError) {
        if !problems.isEmpty { throw AppError.validation(problems) }
    }
}
