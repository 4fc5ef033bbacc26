import Foundation
import XCTest
@testable import App

/// A missing translation shows up as a raw key in someone's page: these tests fail first.
final class LocaleFilesTests: XCTestCase {
    let tables = Translations.bundled.tables

    func testEveryLocaleHasTheSameKeysAndNoEmptyText() {
        let french = Set(tables[.fr]!.keys)
        for language in Language.allCases {
            let keys = Set(tables[language]!.keys)
            XCTAssertEqual(keys.subtracting(french).sorted(), [], "\(language) has keys French lacks")
            XCTAssertEqual(french.subtracting(keys).sorted(), [], "\(language) lacks keys")
            for (key, text) in tables[language]! { XCTAssertFalse(text.trimmingCharacters(in: .whitespaces).isEmpty, "\(language) \(key)") }
        }
    }

    func testArabicTextIsArabic() {
        for (key, text) in tables[.ar]! where key != "currency.mad" {
            XCTAssertTrue(text.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) }, "ar \(key): \(text)")
        }
    }

    func testEveryKeyTheCodeUsesExists() throws {
        let known = Set(tables[.fr]!.keys)
        let namespaces = Set(known.compactMap { $0.split(separator: ".").first.map(String.init) })
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources/App").standardized
        let pattern = try NSRegularExpression(pattern: #""([a-z_]+)\.([a-z_.]+)""#)
        var missing: [String] = []
        for case let file as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(match.range, in: text)!].dropFirst().dropLast())
                guard let namespace = key.split(separator: ".").first, namespaces.contains(String(namespace)),
                      !["csv", "json", "css", "xlsx"].contains(key.split(separator: ".").last ?? "") else { continue }
                if !known.contains(key) { missing.append("\(file.lastPathComponent): \(key)") }
            }
        }
        XCTAssertEqual(missing, [])
    }

    func testKeysBuiltAtRunTimeExist() {
        var keys = Role.allCases.map(\.localeKey) + Scope.Kind.allCases.map { "scope.\($0.rawValue)" }
        keys += AuditAction.allCases.map { "audit.\($0.rawValue)" } + ["gender.f", "gender.m", "gender.u", "notify.login_code", "consent.accompaniment"]
        for key in keys { XCTAssertNotNil(tables[.fr]![key], key) }
    }

    func testCountsTakeTheLanguagesPluralForm() {
        let fr = Localizer(language: .fr), ar = Localizer(language: .ar), en = Localizer(language: .en)
        XCTAssertEqual(fr("forum.seats_left", ["count": "0"]), "0 place libre")
        XCTAssertEqual(fr("forum.seats_left", ["count": "1"]), "1 place libre")
        XCTAssertEqual(fr("forum.seats_left", ["count": "1 200"]), "1 200 places libres")
        XCTAssertEqual(en("forum.seats_left", ["count": "1"]), "1 seat left")
        XCTAssertEqual(en("forum.seats_left", ["count": "0"]), "0 seats left")
        XCTAssertEqual(ar("forum.seats_left", ["count": "0"]), "لا مقعد شاغر")
        XCTAssertEqual(ar("forum.seats_left", ["count": "2"]), "مقعدان شاغران")
        XCTAssertEqual(ar("forum.seats_left", ["count": "5"]), "5 مقاعد شاغرة")
        XCTAssertEqual(ar("forum.seats_left", ["count": "11"]), "11 مقعدًا شاغرًا")
        XCTAssertEqual(ar("forum.seats_left", ["count": "100"]), "100 مقعد شاغر")
        XCTAssertEqual(ar("forum.seats_left", ["count": "١٠٣"]), "١٠٣ مقاعد شاغرة", "Arabic-Indic digits read too")
        XCTAssertEqual(ar("forum.survey_sent", ["count": "2"]), "تم إرسال الاستمارة إلى مشاركَين.", "a block inside a sentence")
    }

    /// What people type goes into texts as typed: a name or device written like a placeholder is not filled in.
    func testAValueIsNeverReadAsAPlaceholder() {
        let fr = Localizer(language: .fr)
        XCTAssertEqual(fr("door.verdict.already_used", ["time": "10:05", "device": "{time}"]), "Refusé : billet déjà utilisé à 10:05 ({time})")
        XCTAssertEqual(fr("door.verdict.admitted", ["name": "Amal {x}"]), "Entrée : Amal {x}")
        XCTAssertEqual(Translations.fill("{a}{b} {c", ["a": "1", "b": "{a}"]), "1{a} {c")
    }

    func testEveryPluralTextHasAnOtherFormAndKnownCategories() {
        let categories = Set(PluralForms.Category.allCases.map(\.rawValue))
        for (language, table) in tables {
            for (key, text) in table where text.contains(", plural,") {
                let blocks = PluralForms.blocks(in: text)
                XCTAssertFalse(blocks.isEmpty, "\(language) \(key) does not parse")
                for forms in blocks {
                    XCTAssertNotNil(forms["other"], "\(language) \(key)")
                    for name in forms.keys { XCTAssertTrue(categories.contains(name) || name.hasPrefix("="), "\(language) \(key): \(name)") }
                }
            }
        }
    }

    func testNumbersAndDatesFollowTheLanguage() {
        let date = Date(timeIntervalSince1970: 1_780_000_000)
        XCTAssertNotEqual(Localizer(language: .fr).date(date), Localizer(language: .en).date(date))
        XCTAssertTrue(Localizer(language: .fr).money(Decimal(string: "1234.5")!).contains("234,50"))
        XCTAssertTrue(Localizer(language: .en).money(Decimal(string: "1234.5")!).contains("1,234.50"))
        XCTAssertTrue(Localizer(language: .ar).money(1).hasSuffix("درهم"))
    }
}
