import Foundation

/// The product's languages. French is the default, Arabic is right-to-left.
public enum Language: String, CaseIterable, Sendable, Codable {
    case fr, ar, en

    public static let `default` = Language.fr

    public var isRightToLeft: Bool { self == .ar }
    public var direction: String { isRightToLeft ? "rtl" : "ltr" }

    /// Name of the language in itself, for the switcher.
    public var endonym: String {
        switch self {
        case .fr: "Français"
        case .ar: "العربية"
        case .en: "English"
        }
    }

    var locale: Locale {
        switch self {
        case .fr: Locale(identifier: "fr_MA")
        case .ar: Locale(identifier: "ar_MA")
        case .en: Locale(identifier: "en_GB")
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    static func negotiate(acceptLanguage header: String) -> Language? {
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (tag.lowercased(), quality)
        }
        // Equal weights keep the header's order (Swift's sort is not stable, so the position breaks ties).
        let ordered = ranked.enumerated().sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
        for (tag, _) in ordered.map(\.element) {
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            if let language = Language(rawValue: primary) { return language }
        }
        return nil
    }
}
