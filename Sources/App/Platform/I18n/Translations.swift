import Foundation
import NIOConcurrencyHelpers

/// The locale files (`Resources/Locales/<code>.json`, flat key → text), loaded once.
public struct Translations: Sendable {
    public let tables: [Language: [String: String]]
    /// The same texts with their plural blocks parsed.
    private let templates: [Language: [String: PluralForms.Template]]

    init(tables: [Language: [String: String]]) {
        self.tables = tables
        templates = tables.mapValues { $0.mapValues(PluralForms.Template.init) }
    }

    public static let bundled: Translations = {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Resources/Locales"),
                  let data = try? Data(contentsOf: url),
                  let table = try? JSONDecoder().decode([String: String].self, from: data)
            else { fatalError("Locale file \(language.rawValue).json is missing or not a flat JSON object of strings") }
            tables[language] = table
        }
        return Translations(tables: tables)
    }()

    /// Text for `key`, its plural forms chosen (`PluralForms`) and its `{name}` placeholders filled from `arguments`.
    /// A missing key shows itself, so a gap is visible in the page rather than blank; `LocaleFilesTests` fails on any gap.
    public func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        let template = templates[language]?[key] ?? templates[.default]?[key] ?? PluralForms.Template(key)
        return Self.fill(template.resolve(language, arguments), arguments)
    }

    /// `{name}` replaced by its argument, in one pass: a value is never read as a placeholder itself (a first name
    /// written "{code}" stays as typed), and a brace that names no argument stays as written.
    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var output = ""
        output.reserveCapacity(template.utf8.count + 32)
        var rest = template[...]
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")) {
            output += rest[..<open]
            let name = rest.index(after: open)
            if let close = rest[name...].utf8.firstIndex(of: UInt8(ascii: "}")), let value = arguments[String(rest[name..<close])] {
                output += value
                rest = rest[rest.index(after: close)...]
            } else {
                output += "{"
                rest = rest[name...]
            }
        }
        output += rest
        return output
    }
}

/// What a view uses to speak the request's language: `t("key")`, dates and numbers formatted for it.
public struct Localizer: Sendable {
    public let language: Language
    let translations: Translations

    public init(language: Language, translations: Translations = .bundled) {
        self.language = language
        self.translations = translations
    }

    public func callAsFunction(_ key: String, _ arguments: [String: String] = [:]) -> String {
        translations.text(key, language, arguments)
    }

    /// Formatting a date costs tens of microseconds, and a caseload shows hundreds; Morocco's offsets are whole hours,
    /// so every instant of one UTC hour has the same local date and the text is kept per hour.
    public func date(_ date: Date) -> String {
        let hour = Int((date.timeIntervalSince1970 / 3600).rounded(.down))
        if let cached = Self.dates.withLockedValue({ $0[language]?[hour] }) { return cached }
        let text = date.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, locale: language.locale, timeZone: Self.morocco))
        Self.dates.withLockedValue { cache in
            if cache[language, default: [:]].count > 50_000 { cache[language] = [:] }
            cache[language, default: [:]][hour] = text
        }
        return text
    }

    private static let dates = NIOLockedValueBox<[Language: [Int: String]]>([:])

    public func dateTime(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened, locale: language.locale, timeZone: Self.morocco))
    }

    /// A time of day; kept per minute, as an agenda shows the same few times many times over.
    public func time(_ date: Date) -> String {
        let minute = Int((date.timeIntervalSince1970 / 60).rounded(.down))
        if let cached = Self.times.withLockedValue({ $0[language]?[minute] }) { return cached }
        let text = date.formatted(Date.FormatStyle(date: .omitted, time: .shortened, locale: language.locale, timeZone: Self.morocco))
        Self.times.withLockedValue { cache in
            if cache[language, default: [:]].count > 50_000 { cache[language] = [:] }
            cache[language, default: [:]][minute] = text
        }
        return text
    }

    private static let times = NIOLockedValueBox<[Language: [Int: String]]>([:])

    public func number<N: BinaryInteger>(_ value: N) -> String {
        let value = Int(value)
        if let kept = Self.smallNumbers[language], kept.indices.contains(value) { return kept[value] }
        return value.formatted(IntegerFormatStyle<Int>(locale: language.locale))
    }

    /// Counts on a page are mostly small and many (days, actions, seats): each is formatted once per language.
    private static let smallNumbers: [Language: [String]] = Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
        (language, (0..<1_000).map { $0.formatted(IntegerFormatStyle<Int>(locale: language.locale)) })
    })

    /// A rate or a ratio: up to two decimals, none when whole.
    public func number(_ value: Decimal) -> String {
        value.formatted(Decimal.FormatStyle(locale: language.locale).precision(.fractionLength(0...2)))
    }

    public func money(_ amount: Decimal) -> String {
        amount.formatted(Decimal.FormatStyle(locale: language.locale).precision(.fractionLength(2))) + " " + self("currency.mad")
    }

    /// Morocco's civil time; pages show local time whatever the server's zone.
    static let morocco = TimeZone(identifier: "Africa/Casablanca") ?? .gmt
}
