import Vapor

extension Request {
    private struct SentCookiesKey: StorageKey { typealias Value = [String: String] }

    /// The `Cookie` header's name-value pairs, parsed once: Vapor's `cookies` runs a general header-directive
    /// parser at every read, and a page reads three cookies (session, language, form token). A browser sends names
    /// and values only; the first of a repeated name wins, as it is the one with the most specific path.
    var sentCookies: [String: String] {
        if let parsed = storage[SentCookiesKey.self] { return parsed }
        var parsed: [String: String] = [:]
        for header in headers[.cookie] {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = String(Self.trimmingSpaces(pair[..<equals]))
                var value = Self.trimmingSpaces(pair[pair.index(after: equals)...])
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                if !name.isEmpty, parsed[name] == nil { parsed[name] = String(value) }
            }
        }
        storage[SentCookiesKey.self] = parsed
        return parsed
    }

    private static func trimmingSpaces(_ text: Substring) -> Substring {
        guard let start = text.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let end = text.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return text[start...end]
    }
}
