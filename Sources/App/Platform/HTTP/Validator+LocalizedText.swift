import Domain
import Foundation

extension Validator {
    /// A text an administrator writes in each language, from `<prefix>_fr`, `_ar`, `_en`. French and Arabic are
    /// required (the languages entrepreneurs read); English falls back to French.
    mutating func localized(_ prefix: String, _ values: [String: String], maxLength: Int, required: Bool = true) -> LocalizedText {
        func read(_ language: String, _ needed: Bool) -> String {
            let key = "\(prefix)_\(language)"
            if needed { return self.required(key, values[key], maxLength: maxLength) }
            let value = values[key]?.trimmed ?? ""
            if value.count > maxLength { add(key, "validation.too_long", ["max": String(maxLength)]) }
            if Validator.hasControlCharacters(value.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "")) {
                add(key, "validation.control_characters")
            }
            return value.replacingOccurrences(of: "\r\n", with: "\n")
        }
        return LocalizedText(fr: read("fr", required), ar: read("ar", required), en: read("en", false))
    }
}
