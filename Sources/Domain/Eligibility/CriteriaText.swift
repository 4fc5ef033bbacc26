import Foundation

/// The criteria as an administrator reads and writes them, one condition per line, groups by indentation:
///
///     age at_least 18
///     turnover at_most 10_000_000
///     sector not_in real_estate, deep_sea_fishing
///     any:
///       business_age under 5
///       exports_to_africa is yes
///
/// Lines at the top all apply. `#` starts a comment. Numbers may group digits with `_` or spaces.
public enum CriteriaText {
    public struct Error: Swift.Error, Equatable, Sendable {
        public let line: Int
        public let problem: Problem
    }

    public enum Problem: Equatable, Sendable {
        /// Tabs, or a line indented without a group above it, or back to a depth no group opened.
        case indentation
        /// `any:` or `all:` with no condition under it.
        case emptyGroup
        case unknownField(String)
        case unknownOperator(String)
        /// An operator that does not compare this kind of field (`sector at_least 3`).
        case operatorNotForField(String, ProfileField)
        case missingValue
        case badNumber(String)
        /// `between` needs `MIN and MAX` with MIN not above MAX.
        case badRange
        case unknownCode(String, ProfileField)
        /// `is` takes `yes` or `no`.
        case badFlag(String)
    }

    private struct Line {
        let number: Int
        let indent: Int
        let text: String
    }

    public static func parse(_ text: String, vocabulary: FieldVocabulary) throws(Error) -> Criterion {
        var lines: [Line] = []
        // Browsers send a textarea's lines with CRLF, which Swift counts as one character, not as "\n".
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = content.trimmed
            guard !trimmed.isEmpty else { continue }
            let leading = content.prefix { $0 == " " || $0 == "\t" }
            if leading.contains("\t") { throw Error(line: index + 1, problem: .indentation) }
            lines.append(Line(number: index + 1, indent: leading.count, text: trimmed))
        }
        guard let first = lines.first else { return .all([]) }
        var position = 0
        let top = try block(&position, lines, indent: first.indent, vocabulary)
        if position < lines.count { throw Error(line: lines[position].number, problem: .indentation) }
        if top.count == 1, case .condition = top[0] { return .all(top) }
        return top.count == 1 ? top[0] : .all(top)
    }

    /// Reads the lines at exactly `indent`, each with what is nested under it.
    private static func block(_ position: inout Int, _ lines: [Line], indent: Int, _ vocabulary: FieldVocabulary) throws(Error) -> [Criterion] {
        var items: [Criterion] = []
        while position < lines.count {
            let line = lines[position]
            if line.indent < indent { break }
            if line.indent > indent { throw Error(line: line.number, problem: .indentation) }
            position += 1
            let word = line.text.lowercased()
            if word == "any:" || word == "all:" {
                guard position < lines.count, lines[position].indent > indent else { throw Error(line: line.number, problem: .emptyGroup) }
                let children = try block(&position, lines, indent: lines[position].indent, vocabulary)
                items.append(word == "any:" ? .any(children) : .all(children))
            } else {
                items.append(.condition(try condition(line, vocabulary)))
            }
        }
        return items
    }

    private static func condition(_ line: Line, _ vocabulary: FieldVocabulary) throws(Error) -> Condition {
        func fail(_ problem: Problem) -> Error { Error(line: line.number, problem: problem) }
        let words = line.text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard let field = ProfileField(rawValue: words[0].lowercased()) else { throw fail(.unknownField(words[0])) }
        guard words.count >= 2 else { throw fail(.unknownOperator("")) }
        let keyword = words[1].lowercased()
        let value = words.count == 3 ? words[2].trimmingCharacters(in: .whitespaces) : ""
        let test: Test
        switch keyword {
        case "between":
            let bounds = value.components(separatedBy: " and ")
            guard bounds.count == 2 else { throw fail(value.isEmpty ? .missingValue : .badRange) }
            let low = try number(bounds[0], fail), high = try number(bounds[1], fail)
            guard low <= high else { throw fail(.badRange) }
            test = .between(low, high)
        case "at_least": test = .atLeast(try number(value, fail))
        case "at_most": test = .atMost(try number(value, fail))
        case "under": test = .under(try number(value, fail))
        case "over": test = .over(try number(value, fail))
        case "in", "not_in":
            let codes = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            guard !codes.isEmpty else { throw fail(.missingValue) }
            if let unknown = codes.first(where: { !vocabulary.accepts($0, for: field) }) { throw fail(.unknownCode(unknown, field)) }
            test = keyword == "in" ? .oneOf(codes) : .noneOf(codes)
        case "is":
            switch value.lowercased() {
            case "yes": test = .is(true)
            case "no": test = .is(false)
            case "": throw fail(.missingValue)
            default: throw fail(.badFlag(value))
            }
        default: throw fail(.unknownOperator(words[1]))
        }
        guard test.kind == field.kind else { throw fail(.operatorNotForField(keyword, field)) }
        return Condition(field: field, test: test)
    }

    private static func number(_ text: String, _ fail: (Problem) -> Error) throws(Error) -> Decimal {
        let cleaned = text.filter { $0 != "_" && $0 != " " }
        guard !cleaned.isEmpty else { throw fail(.missingValue) }
        guard cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), cleaned.first != ".", cleaned.last != ".",
              cleaned.filter({ $0 == "." }).count <= 1, let value = Decimal(string: cleaned) else { throw fail(.badNumber(text.trimmingCharacters(in: .whitespaces))) }
        return value
    }

    /// The canonical text of a rule: what is stored, and what the administrator edits next time.
    public static func render(_ criterion: Criterion) -> String {
        var lines: [String] = []
        func write(_ criterion: Criterion, depth: Int) {
            let pad = String(repeating: "  ", count: depth)
            switch criterion {
            case .all(let children): lines.append(pad + "all:"); children.forEach { write($0, depth: depth + 1) }
            case .any(let children): lines.append(pad + "any:"); children.forEach { write($0, depth: depth + 1) }
            case .condition(let condition): lines.append(pad + "\(condition.field.rawValue) \(condition.test.keyword) \(valueText(condition.test))")
            }
        }
        // The top group is implicit: its conditions are the lines at the margin.
        if case .all(let children) = criterion { children.forEach { write($0, depth: 0) } } else { write(criterion, depth: 0) }
        return lines.joined(separator: "\n")
    }

    public static func valueText(_ test: Test) -> String {
        switch test {
        case .between(let low, let high): "\(grouped(low)) and \(grouped(high))"
        case .atLeast(let value), .atMost(let value), .under(let value), .over(let value): grouped(value)
        case .oneOf(let codes), .noneOf(let codes): codes.joined(separator: ", ")
        case .is(let flag): flag ? "yes" : "no"
        }
    }

    /// `10_000_000` rather than `10000000`: a missing zero in a ceiling is easy to miss.
    static func grouped(_ value: Decimal) -> String {
        let text = "\(value)"
        let parts = text.split(separator: ".", maxSplits: 1)
        let integer = String(parts[0])
        guard integer.count > 4 else { return text }
        var out = ""
        for (index, digit) in integer.enumerated() {
            if index > 0 && (integer.count - index) % 3 == 0 { out += "_" }
            out.append(digit)
        }
        return parts.count == 2 ? "\(out).\(parts[1])" : out
    }
}
