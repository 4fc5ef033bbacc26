import Foundation
import NIOCore
import XCTVapor
@testable import App

/// Acts like a browser against the in-memory server: keeps cookies, echoes the CSRF token into forms.
final class TestBrowser {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    var acceptLanguage: String?

    init(_ app: Application) { self.app = app }

    func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    @discardableResult
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> XCTHTTPResponse {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// Posts a URL-encoded form; adds `_csrf` from the cookie unless `csrf` says otherwise.
    @discardableResult
    func post(_ path: String, _ form: [String: String], csrf: String? = nil) async throws -> XCTHTTPResponse {
        if cookies[CSRFMiddleware.cookieName] == nil { try await get("/login") }
        var fields = form
        if fields["_csrf"] == nil { fields["_csrf"] = csrf ?? cookies[CSRFMiddleware.cookieName] ?? "" }
        let encoded = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: encoded))
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> XCTHTTPResponse {
        var headers = headers
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        if let acceptLanguage { headers.replaceOrAdd(name: .acceptLanguage, value: acceptLanguage) }
        let response = try await app.testable().sendRequest(method, path, headers: headers, body: body)
        for (name, value) in response.headers.setCookie?.all ?? [:] {
            if value.expires.map({ $0 < Date() }) ?? false || value.maxAge == 0 { cookies[name] = nil } else { cookies[name] = value.string }
        }
        return response
    }

    func signIn(_ email: String, password: String = DemoData.password) async throws {
        let response = try await post("/login", ["email": email, "password": password])
        XCTAssertEqual(response.status, .seeOther, "sign-in of \(email) failed: \(response.body.string.prefix(300))")
    }

    /// Signs in by phone the way an entrepreneur does: asks for a code, reads it from the gateway, types it.
    func signInByPhone(_ typed: String, e164: String) async throws {
        let request = try await post("/phone", ["phone": typed])
        XCTAssertEqual(request.status, .seeOther, request.body.string)
        try await app.runJobs()
        let code = try unwrap(await app.recorder.lastCode(for: e164))
        let verify = try await post("/phone/verify", ["phone": e164, "code": code])
        XCTAssertEqual(verify.headers.first(name: .location), "/me", verify.body.string)
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
