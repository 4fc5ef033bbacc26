import Vapor

/// Double-submit protection for every form: a random token lives in an HttpOnly, SameSite cookie and each form
/// repeats it in `_csrf`. Another site can neither read the cookie nor make the browser send a matching field.
/// The API is exempt: it authenticates with bearer tokens, which browsers never attach on their own.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "maillage_csrf"
    static let fieldName = "_csrf"
    let secureCookies: Bool
    /// Forms that upload files, with the size they accept.
    static let uploadLimits = ["/beneficiaries/import": 20 << 20]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = request.sentCookies[Self.cookieName].flatMap { $0.count == 43 ? $0 : nil }
        let state = CSRFState(token: existing)
        request.storage[CSRFStateKey.self] = state

        if ![.GET, .HEAD, .OPTIONS].contains(request.method) && !request.url.path.hasPrefix("/api/") {
            // A large form (a file upload) arrives as a stream: read it here, within the route's limit, to find the token.
            if request.body.data == nil {
                let limit = Self.uploadLimits[request.url.path] ?? request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            let submitted = request.headers.first(name: "X-CSRF-Token")
                ?? (try? request.content.get(String.self, at: Self.fieldName))
            guard let existing, let submitted, ConstantTime.equal(Array(existing.utf8), Array(submitted.utf8)) else {
                throw AppError.csrf
            }
        }

        let response = try await next.respond(to: request)
        Self.attachNewToken(of: request, to: response, secure: secureCookies)
        return response
    }

    /// Sets the cookie when this request made the token: pages do (their layout carries the sign-out form), plain
    /// responses and the API do not. The error middleware calls it too, as error pages bypass this middleware's return.
    static func attachNewToken(of request: Request, to response: Response, secure: Bool) {
        guard let state = request.storage[CSRFStateKey.self], !state.fromCookie, let token = state.token,
              response.cookies[cookieName] == nil else { return }
        response.cookies[cookieName] = HTTPCookies.Value(string: token, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// The request's form token: the cookie's, or one made when a page first asks for it.
final class CSRFState: @unchecked Sendable {
    var token: String?
    let fromCookie: Bool

    init(token: String?) {
        self.token = token
        fromCookie = token != nil
    }
}

struct CSRFStateKey: StorageKey { typealias Value = CSRFState }

extension Request {
    /// The token forms must echo; made on first use when the browser has none yet.
    var csrfToken: String {
        guard let state = storage[CSRFStateKey.self] else { return "" }
        if let token = state.token { return token }
        let token = RandomToken.make()
        state.token = token
        return token
    }
}
