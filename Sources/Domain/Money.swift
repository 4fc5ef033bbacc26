import Foundation

/// An amount in dirhams, exact to the centime. Stored as whole centimes; computed as `Decimal`.
public struct Dirhams: Sendable, Hashable, Comparable, Codable {
    public let centimes: Int64

    public init(centimes: Int64) { self.centimes = centimes }

    public var decimal: Decimal { Decimal(centimes) / 100 }

    /// Reads what people type: `12500`, `12 500,50`, `12.500,50`, `12,500.50`, `12500.5 DH`, `١٢٥٠٠`.
    /// The last `,` or `.` followed by one or two digits is the decimal mark; other marks group thousands.
    public init?(parsing text: String) {
        var cleaned = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0x2C, 0x2E: cleaned.unicodeScalars.append(scalar)
            case 0x0660...0x0669, 0x06F0...0x06F9: cleaned.unicodeScalars.append(Unicode.Scalar(0x30 + Digits.value(scalar)!))
            case 0x066B: cleaned.append(",")  // Arabic decimal separator
            case 0x066C: continue  // Arabic thousands separator
            default:
                if scalar.properties.isWhitespace || scalar == "\u{202F}" { continue }
                if "DHdhMADmad".unicodeScalars.contains(scalar) || "درهم".unicodeScalars.contains(scalar) { continue }
                return nil
            }
        }
        guard !cleaned.isEmpty else { return nil }
        var integer = cleaned
        var fraction = ""
        if let mark = cleaned.lastIndex(where: { $0 == "," || $0 == "." }) {
            let after = cleaned[cleaned.index(after: mark)...]
            if (1...2).contains(after.count) {
                integer = String(cleaned[..<mark])
                fraction = String(after)
            } else if after.count != 3 {
                return nil
            }
        }
        let digits = integer.filter(\.isNumber)
        guard !digits.isEmpty, digits.count <= 13, let units = Int64(digits) else { return nil }
        let cents = Int64(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        centimes = units * 100 + cents
    }

    public static func < (lhs: Dirhams, rhs: Dirhams) -> Bool { lhs.centimes < rhs.centimes }
}

extension Dirhams {
    /// An amount rounded to the centime, half away from zero, as banks print it.
    public static func round(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        return output
    }

    /// An amount as machines exchange it: rounded to the centime, a point and always two decimals (`-1234.50`).
    public static func text(_ value: Decimal) -> String {
        let centimes = NSDecimalNumber(decimal: round(value) * 100).int64Value
        let magnitude = centimes.magnitude
        return "\(centimes < 0 ? "-" : "")\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
    }
}
