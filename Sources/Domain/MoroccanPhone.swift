/// A Moroccan phone number in E.164 form (`+212` and nine digits).
public struct MoroccanPhone: Sendable, Hashable, Codable, CustomStringConvertible {
    public let e164: String

    public enum Kind: String, Sendable { case mobile, fixed, tollFree, other }

    public enum ParseError: Error, Equatable, Sendable {
        case empty
        /// Something other than digits, spaces, `+`, `-`, `.`, `/`, `(`, `)` was typed.
        case invalidCharacters
        /// The digits do not make a Moroccan number (wrong length or country code).
        case wrongLength(digits: Int)
        /// A national number must start with 5, 6, 7 or 8 after the leading 0.
        case unknownPrefix
    }

    /// Accepts what people type: `06 12 34 56 78`, `0612345678`, `+212 612-345678`, `00212612345678`,
    /// `212612345678`, `+212 (0)6 12 34 56 78`, `612345678`, and the same with Arabic-Indic or Persian digits.
    public static func parse(_ input: String) throws(ParseError) -> MoroccanPhone {
        var digits: [UInt8] = []
        var sawPlus = false
        for scalar in input.unicodeScalars {
            if let digit = Digits.value(scalar) {
                digits.append(digit)
            } else if scalar == "+" && digits.isEmpty && !sawPlus {
                sawPlus = true
            } else if " -./()\u{00A0}\u{200E}\u{200F}\t".unicodeScalars.contains(scalar) {
                continue
            } else {
                throw .invalidCharacters
            }
        }
        if digits.isEmpty { throw .empty }

        var national = digits[...]
        if digits.starts(with: [0, 0, 2, 1, 2]) {
            national = digits.dropFirst(5)
        } else if digits.starts(with: [2, 1, 2]) && (sawPlus || digits.count >= 12) {
            national = digits.dropFirst(3)
        } else if sawPlus {
            throw .wrongLength(digits: digits.count)
        }
        // "+212 (0)6…" and "0612…" both carry a trunk 0 that E.164 drops.
        if national.first == 0 { national = national.dropFirst() }
        guard national.count == 9 else { throw .wrongLength(digits: digits.count) }
        guard let first = national.first, (5...8).contains(first) else { throw .unknownPrefix }
        return MoroccanPhone(e164: "+212" + national.map(String.init).joined())
    }

    public var kind: Kind {
        let nationalFirst = e164.dropFirst(4).prefix(2)
        switch nationalFirst.first {
        case "6", "7": return .mobile
        case "5": return .fixed
        case "8": return nationalFirst == "80" ? .tollFree : .other
        default: return .other
        }
    }

    /// The national form people read: `06 12 34 56 78`.
    public var national: String { Self.national(e164: e164) ?? e164 }

    /// The national form of a number already stored in E.164, without parsing it again (list pages show fifty).
    /// Anything that is not `+212` and nine digits comes back as nil.
    public static func national(e164: String) -> String? {
        let bytes = Array(e164.utf8)
        guard bytes.count == 13, bytes.starts(with: Array("+212".utf8)), bytes[4...].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(14)
        output.append(0x30)
        for (offset, byte) in bytes[4...].enumerated() {
            if offset % 2 == 1 { output.append(0x20) }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    public var description: String { e164 }

    private init(e164: String) { self.e164 = e164 }
}
