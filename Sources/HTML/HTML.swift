/// A fragment of HTML that is safe to send: every value interpolated into it is escaped unless it is itself `HTML`.
///
/// Escaping covers `& < > " '`, which is correct both in text and in double- or single-quoted attribute values,
/// so a page never needs to know which context it writes into. Attribute values must always be quoted.
public struct HTML: Sendable, Equatable, CustomStringConvertible {
    public private(set) var rendered: String

    /// Wraps markup the caller vouches for (a constant, or output of another `HTML`). Never pass user input here.
    public init(unsafeRaw markup: String) { rendered = markup }

    public init() { rendered = "" }

    public var description: String { rendered }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(unsafeRaw: lhs.rendered + rhs.rendered)
    }

    public mutating func append(_ other: HTML) { rendered += other.rendered }
}

extension HTML: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { rendered = value }

    public init(stringInterpolation: Interpolation) { rendered = stringInterpolation.output }

    public struct Interpolation: StringInterpolationProtocol {
        var output: String

        public init(literalCapacity: Int, interpolationCount: Int) {
            output = ""
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) { output += literal }

        public mutating func appendInterpolation(_ fragment: HTML) { output += fragment.rendered }

        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { output += fragment.rendered }
        }

        public mutating func appendInterpolation(_ fragment: HTML?) {
            if let fragment { output += fragment.rendered }
        }

        public mutating func appendInterpolation(_ text: String) { Escaping.append(text, to: &output) }

        public mutating func appendInterpolation(_ text: String?) {
            if let text { Escaping.append(text, to: &output) }
        }

        public mutating func appendInterpolation(_ text: Substring) { Escaping.append(String(text), to: &output) }

        public mutating func appendInterpolation<T: BinaryInteger>(_ number: T) { output += String(number) }

        /// Any other value is rendered through its description and escaped like text.
        public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
            Escaping.append(value.description, to: &output)
        }
    }
}

extension Array where Element == HTML {
    /// Concatenates fragments without a separator.
    public func joined() -> HTML {
        var result = HTML()
        for fragment in self { result.append(fragment) }
        return result
    }

    /// Concatenates fragments with a text separator between them, escaped like any text.
    public func joined(separator: String) -> HTML {
        var result = HTML()
        for (index, fragment) in enumerated() {
            if index > 0 { result.append("\(separator)") }
            result.append(fragment)
        }
        return result
    }
}
