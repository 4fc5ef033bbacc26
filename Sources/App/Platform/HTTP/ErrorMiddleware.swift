import FluentKit
import HTML
import PostgresNIO
import Vapor

/// The one place errors become responses: a page for people that keeps the real status, JSON for the API
/// (`{"error": {"code", "message", "fields"}}`), messages in the requester's language, never a stack trace.
struct MaillageErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let appError = Self.classify(error, logger: request.logger)
            if request.url.path.hasPrefix("/api/") { return Self.json(appError, request) }
            if appError.status == .unauthorized, request.method == .GET {
                return request.redirect(to: URLEncoding.url("/login", [("next", request.url.string)]))
            }
            return Self.page(appError, request)
        }
    }

    static func classify(_ error: any Error, logger: Logger) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as DecodingError:
            return AppError.validation(decodingProblems(error))
        case let error as any DatabaseError where error.isConstraintFailure:
            return .conflict
        case let error as PSQLError where ["22021", "22P05"].contains(error.serverInfo?[.sqlState]):
            // Text PostgreSQL cannot store (a NUL byte that slipped past validation): the client's input, not our fault.
            return AppError.validation(["body": FieldProblem("validation.control_characters")])
        case let error as any AbortError:
            if error.status.code >= 500 { logger.error("\(error.reason)") }
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            var result = AppError(status: error.status, code: code, messageKey: messageKey(for: error.status), fields: [:])
            result.headers = error.headers
            return result
        default:
            logger.report(error: error)
            return AppError(status: .internalServerError, code: "internal_error", messageKey: "error.internal", fields: [:])
        }
    }

    private static func messageKey(for status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: "error.not_found"
        case .unauthorized: "error.unauthorized"
        case .forbidden: "error.forbidden"
        case .payloadTooLarge: "error.too_large"
        case .unsupportedMediaType: "error.unsupported_media_type"
        case .methodNotAllowed: "error.method_not_allowed"
        case .badRequest, .unprocessableEntity: "error.validation"
        default: status.code >= 500 ? "error.internal" : "error.generic"
        }
    }

    private static func decodingProblems(_ error: DecodingError) -> [String: FieldProblem] {
        let field: String
        let problem: FieldProblem
        switch error {
        case .keyNotFound(let key, let context):
            field = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            problem = FieldProblem("validation.required")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            field = context.codingPath.map(\.stringValue).joined(separator: ".")
            problem = FieldProblem("validation.type", ["expected": expectedName(type)])
        case .dataCorrupted(let context):
            field = context.codingPath.map(\.stringValue).joined(separator: ".")
            problem = FieldProblem("validation.malformed")
        @unknown default:
            field = ""
            problem = FieldProblem("validation.malformed")
        }
        return [field.isEmpty ? "body" : field: problem]
    }

    private static func expectedName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "integer"
        case is Double.Type, is Decimal.Type: "number"
        case is Bool.Type: "boolean"
        case is String.Type: "string"
        default: "object"
        }
    }

    static func json(_ error: AppError, _ request: Request) -> Response {
        let t = request.localizer
        let body = APIErrorBody(error: .init(
            code: error.code, message: t(error.messageKey),
            fields: error.fields.mapValues { t($0.key, $0.arguments) }))
        var headers = error.headers
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        let data = (try? JSONEncoder().encode(body)) ?? Data("{\"error\":{\"code\":\"internal_error\",\"message\":\"\",\"fields\":{}}}".utf8)
        return Response(status: error.status, headers: headers, body: .init(data: data))
    }

    static func page(_ error: AppError, _ request: Request) -> Response {
        let context = request.page
        let t = context.t
        let fields: [HTML] = error.fields.sorted { $0.key < $1.key }.map { name, problem in
            "<li><strong>\(name)</strong>: \(t(problem.key, problem.arguments))</li>"
        }
        let content: HTML = """
        <div class="narrow"><h1>\(t("error.title", ["status": String(error.status.code)]))</h1>\
        \(Components.alert(t(error.messageKey)))\
        \(fields.isEmpty ? HTML() : HTML("<ul>\(fields)</ul>"))\
        <p><a href="/">\(t("error.home"))</a></p></div>
        """
        let response = HTMLPage(status: error.status, body: Layout.page(context, title: t(error.messageKey), content), headers: error.headers).response()
        CSRFMiddleware.attachNewToken(of: request, to: response, secure: request.application.config.secureCookies)
        return response
    }
}

struct APIErrorBody: Content {
    struct Detail: Codable {
        let code: String
        let message: String
        let fields: [String: String]
    }

    let error: Detail
}
