import Domain
import Foundation

/// Counts in sentences read right in each language: a text may hold `{count, plural, one {# place} other {# places}}`
/// (the ICU message syntax translators know), and the form is picked by the language's CLDR plural rule for the
/// argument's value. Arabic has six forms (zero, one, two, few, many, other); French counts 0 and 1 as one.
enum PluralForms {
    enum Category: String, CaseIterable {
        case zero, one, two, few, many, other
    }

    static func category(of value: Int, in language: Language) -> Category {
        let n = abs(value)
        switch language {
        case .fr: return n <= 1 ? .one : (n % 1_000_000 == 0 ? .many : .other)
        case .en: return n == 1 ? .one : .other
        case .ar:
            switch (n, n % 100) {
            case (0, _): return .zero
            case (1, _): return .one
            case (2, _): return .two
            case (_, 3...10): return .few
            case (_, 11...99): return .many
            default: return .other
            }
        }
    }

    /// The text with each plural block replaced by the form for its argument; `#` in a form is the argument as given.
    /// A block whose argument is missing or not a number keeps its `other` form.
    static func resolve(_ text: String, _ language: Language, _ arguments: [String: String]) -> String {
        guard text.contains(", plural,") else { return text }
        var output = ""
        var rest = Substring(text)
        while let block = nextBlock(in: rest) {
            output += rest[..<block.range.lowerBound]
            let shown = arguments[block.argument]
            let value = shown.flatMap { Int(Digits.western($0).filter(\.isNumber)) }
            let form = value.flatMap { block.forms["=\($0)"] ?? block.forms[category(of: $0, in: language).rawValue] } ?? block.forms["other"] ?? ""
            output += form.replacingOccurrences(of: "#", with: shown ?? "")
            rest = rest[block.range.upperBound...]
        }
        return output + rest
    }

    /// Every block's forms, for the locale files' test: each block must parse and have an `other` form.
    static func blocks(in text: String) -> [[String: String]] {
        var found: [[String: String]] = []
        var rest = Substring(text)
        while let block = nextBlock(in: rest) {
            found.append(block.forms)
            rest = rest[block.range.upperBound...]
        }
        return found
    }

    private struct Block {
        let range: Range<Substring.Index>
        let argument: String
        let forms: [String: String]
    }

    /// `{name, plural, key {form} key {form}…}`; forms may hold `{placeholders}` (braces balanced).
    private static func nextBlock(in text: Substring) -> Block? {
        guard let marker = text.range(of: ", plural,"), let open = text[..<marker.lowerBound].lastIndex(of: "{") else { return nil }
        let argument = String(text[text.index(after: open)..<marker.lowerBound]).trimmingCharacters(in: .whitespaces)
        var index = marker.upperBound
        var forms: [String: String] = [:]
        while true {
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            guard index < text.endIndex else { return nil }
            if text[index] == "}" {
                return Block(range: open..<text.index(after: index), argument: argument, forms: forms)
            }
            guard let formOpen = text[index...].firstIndex(of: "{") else { return nil }
            let key = String(text[index..<formOpen]).trimmingCharacters(in: .whitespaces)
            var depth = 0
            var cursor = formOpen
            repeat {
                if text[cursor] == "{" { depth += 1 } else if text[cursor] == "}" { depth -= 1 }
                cursor = text.index(after: cursor)
            } while depth > 0 && cursor < text.endIndex
            guard depth == 0, !key.isEmpty else { return nil }
            forms[key] = String(text[text.index(after: formOpen)..<text.index(before: cursor)])
            index = cursor
        }
    }
}
