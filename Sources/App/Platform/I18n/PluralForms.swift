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

    /// A text read once into literal runs and plural blocks, so a page showing a count per row does not parse the
    /// text again for each.
    struct Template: Sendable {
        private enum Piece: Sendable {
            case text(String)
            case plural(argument: String, forms: [String: String])
        }

        private let pieces: [Piece]

        init(_ text: String) {
            guard text.contains(", plural,") else {
                pieces = [.text(text)]
                return
            }
            var pieces: [Piece] = []
            var rest = Substring(text)
            while let block = PluralForms.nextBlock(in: rest) {
                pieces.append(.text(String(rest[..<block.range.lowerBound])))
                pieces.append(.plural(argument: block.argument, forms: block.forms))
                rest = rest[block.range.upperBound...]
            }
            pieces.append(.text(String(rest)))
            self.pieces = pieces
        }

        /// The text with each plural block replaced by the form for its argument; `#` in a form is the argument as
        /// given. A block whose argument is missing or not a number keeps its `other` form.
        func resolve(_ language: Language, _ arguments: [String: String]) -> String {
            if pieces.count == 1, case .text(let text) = pieces[0] { return text }
            var output = ""
            for piece in pieces {
                switch piece {
                case .text(let text): output += text
                case .plural(let argument, let forms):
                    let shown = arguments[argument]
                    let value = shown.flatMap { Int(Digits.western($0).filter(\.isNumber)) }
                    let form = value.flatMap { forms["=\($0)"] ?? forms[category(of: $0, in: language).rawValue] } ?? forms["other"] ?? ""
                    // Not Foundation's `replacingOccurrences`: a list page resolves a count per row, and it was 3% of its CPU.
                    output += form.split(separator: "#", omittingEmptySubsequences: false).joined(separator: shown ?? "")
                }
            }
            return output
        }
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
