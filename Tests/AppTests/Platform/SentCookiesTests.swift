import XCTVapor
@testable import App

/// The cookies a browser sends, read the way browsers write them.
final class SentCookiesTests: XCTestCase {
    func testNamesAndValuesAreReadFromEveryCookieHeaderFirstOneWinning() async throws {
        try await withApp(demo: false) { app in
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: " maillage_session=abc-DEF_1 ;maillage_lang=\"ar\";; flag; =orphan")
            headers.add(name: .cookie, value: "maillage_session=later; maillage_csrf=a=b")
            let request = Request(application: app, method: .GET, url: "/", headers: headers, on: app.eventLoopGroup.next())
            XCTAssertEqual(request.sentCookies, ["maillage_session": "abc-DEF_1", "maillage_lang": "ar", "maillage_csrf": "a=b"])
            XCTAssertEqual(request.language, .ar)
        }
    }

    func testNoCookieHeaderMeansNoCookies() async throws {
        try await withApp(demo: false) { app in
            let request = Request(application: app, method: .GET, url: "/", on: app.eventLoopGroup.next())
            XCTAssertEqual(request.sentCookies, [:])
        }
    }
}
