import HTML
import Vapor

extension HTML: AsyncResponseEncodable {
    public func encodeResponse(for request: Request) async throws -> Response {
        HTMLPage(status: .ok, body: self).response()
    }
}

/// An HTML page with a status other than 200 (a form shown again with its errors, an error page).
public struct HTMLPage: AsyncResponseEncodable {
    public let status: HTTPResponseStatus
    public let body: HTML
    public var headers: HTTPHeaders = [:]

    public init(status: HTTPResponseStatus, body: HTML, headers: HTTPHeaders = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    func response() -> Response {
        var headers = headers
        headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: "<!doctype html>" + body.rendered))
    }

    public func encodeResponse(for request: Request) async throws -> Response { response() }
}
