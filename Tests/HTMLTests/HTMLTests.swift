import XCTest
@testable import HTML

final class EscapingTests: XCTestCase {
    static let hostile = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "' onmouseover='alert(1)",
        "\" autofocus onfocus=\"alert(1)",
        "</textarea><script>x</script>",
        "&lt;already&gt; &amp; escaped",
        "<!-- comment --> ]]> <![CDATA[",
        "`backtick` ${template}",
        "\u{0000}\u{FEFF}\u{202E}reversed",
        "محمد <b>بنعلي</b> \"عائشة\"",
    ]

    /// Reverses the five entities; a correct escape round-trips through it.
    private func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    func testHostileTextNeverBreaksOutOfTextOrAttributes() {
        for value in Self.hostile {
            let text: HTML = "<p>\(value)</p>"
            let attribute: HTML = "<a title=\"\(value)\" data-x='\(value)'>x</a>"
            let inner = String(text.rendered.dropFirst(3).dropLast(4))
            XCTAssertFalse(inner.contains("<") || inner.contains(">") || inner.contains("\"") || inner.contains("'"), value)
            XCTAssertEqual(unescape(inner), value)
            // The only quotes left in the attribute markup are the ones the template wrote.
            XCTAssertEqual(attribute.rendered.filter { $0 == "\"" }.count, 2, value)
            XCTAssertEqual(attribute.rendered.filter { $0 == "'" }.count, 2, value)
            XCTAssertEqual(attribute.rendered.filter { $0 == "<" }.count, 2, value)
        }
    }

    func testEveryASCIICharacterRoundTripsAndNoneOfTheSpecialOnesSurvive() {
        for code in 0..<128 {
            let character = String(UnicodeScalar(UInt8(code)))
            let escaped = Escaping.escape(character)
            XCTAssertEqual(unescape(escaped), character)
            if "<>\"'&".contains(character) { XCTAssertNotEqual(escaped, character) } else { XCTAssertEqual(escaped, character) }
        }
    }

    func testNonASCIITextIsKeptAsIs() {
        let arabic = "المقاولة الصغيرة جدا — café ✓ 🇲🇦"
        XCTAssertEqual(("\(arabic)" as HTML).rendered, arabic)
    }

    func testFragmentsAreNotEscapedTwiceAndNilRendersNothing() {
        let inner: HTML = "<b>\("a&b")</b>"
        let outer: HTML = "<p>\(inner)\(nil as HTML?)\([inner, inner])</p>"
        XCTAssertEqual(outer.rendered, "<p><b>a&amp;b</b><b>a&amp;b</b><b>a&amp;b</b></p>")
        let missing: String? = nil
        XCTAssertEqual(("<i>\(missing)</i>" as HTML).rendered, "<i></i>")
    }

    func testNumbersAndOtherValuesAreRenderedEscaped() {
        struct Hostile: CustomStringConvertible { var description: String { "<x>" } }
        XCTAssertEqual(("\(42)|\(Hostile())" as HTML).rendered, "42|&lt;x&gt;")
    }

    func testDangerousURLSchemesBecomeHarmless() {
        let blocked = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                       "java\nscript:x", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox", "\u{0001}javascript:x"]
        for url in blocked { XCTAssertEqual(SafeURL(url).value, "#", url) }
        let allowed = ["/beneficiaries?after=1.a", "https://www.example.ma/x", "http://a.b", "mailto:x@y.ma", "tel:+212612345678",
                       "?q=a:b", "/a:b", "#top", "relative/path"]
        for url in allowed { XCTAssertEqual(SafeURL(url).value, url, url) }
        XCTAssertEqual(("<a href=\"\(SafeURL("/x?a=\"b\""))\">" as HTML).rendered, "<a href=\"/x?a=&quot;b&quot;\">")
    }

    func testQueryValuesCannotAddParameters() {
        XCTAssertEqual(URLEncoding.url("/lang/ar", [("back", "/a?b=1&c=<d>#e")]), "/lang/ar?back=%2Fa%3Fb%3D1%26c%3D%3Cd%3E%23e")
        XCTAssertEqual(URLEncoding.url("/p", [("q", "محمد"), ("none", nil)]), "/p?q=%D9%85%D8%AD%D9%85%D8%AF")
        XCTAssertEqual(URLEncoding.url("/p", []), "/p")
    }
}
