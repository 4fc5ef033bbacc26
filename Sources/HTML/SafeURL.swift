/// A URL that may go into `href`/`src`/`action`: relative, or http(s)/mailto/tel. Anything else (`javascript:`,
/// `data:`, `vbscript:` and their obfuscated spellings) becomes `#`, because escaping alone cannot defuse a scheme.
public struct SafeURL: Sendable, Equatable, CustomStringConvertible {
    public let value: String

    public init(_ candidate: String) {
        value = SafeURL.isAllowed(candidate) ? candidate : "#"
    }

    public var description: String { value }

    static func isAllowed(_ candidate: String) -> Bool {
        // Browsers ignore ASCII whitespace and control characters inside a scheme, so strip them before looking.
        let compact = String(String.UnicodeScalarView(candidate.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        guard let colon = compact.firstIndex(of: ":") else { return true }
        let beforeColon = compact[..<colon]
        // A colon after a path, query or fragment start is not a scheme separator.
        if beforeColon.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
        let scheme = beforeColon.lowercased()
        return ["http", "https", "mailto", "tel"].contains(scheme)
    }
}

extension HTML.Interpolation {
    public mutating func appendInterpolation(_ url: SafeURL) { Escaping.append(url.value, to: &output) }
}
