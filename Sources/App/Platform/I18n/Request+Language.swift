import Vapor

extension Request {
    static let languageCookie = "maillage_lang"

    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The page language: the person's explicit choice (cookie), their saved preference, their browser, then French.
    var language: Language {
        if let cached = storage[LanguageKey.self] { return cached }
        let chosen = sentCookies[Self.languageCookie].flatMap(Language.init(rawValue:))
            ?? actor?.preferredLanguage
            ?? headers.first(name: .acceptLanguage).flatMap(Language.negotiate(acceptLanguage:))
            ?? .default
        storage[LanguageKey.self] = chosen
        return chosen
    }

    var localizer: Localizer { Localizer(language: language) }
}
