/// Moroccan identifiers a beneficiary or a business may have. None is ever required: informal units have none.
public enum BusinessIdentifiers {
    public enum ICEResult: Equatable, Sendable {
        /// Fifteen digits whose control key holds.
        case valid(String)
        /// Fifteen digits, but not divisible by 97: kept, with a warning (the check comes from practice, not a spec).
        case failedCheck(String)
        /// Not fifteen digits: refused.
        case wrongLength(digits: Int)
        case invalidCharacters
    }

    /// ICE: 9 digits for the company, 4 for the establishment, 2 control digits; spaces and dots are ignored.
    public static func ice(_ input: String) -> ICEResult {
        guard let digits = digitsOnly(input, ignoring: " .-\u{00A0}") else { return .invalidCharacters }
        guard digits.count == 15 else { return .wrongLength(digits: digits.count) }
        // 15 digits fit in Int64; the remainder is computed digit by digit anyway to stay obviously overflow-free.
        let remainder = digits.utf8.reduce(0) { ($0 * 10 + Int($1 - 0x30)) % 97 }
        return remainder == 0 ? .valid(digits) : .failedCheck(digits)
    }

    public enum CINResult: Equatable, Sendable {
        case valid(String)
        case invalid
    }

    /// CIN: one or two letters, then digits (`AB123456`, `J456789`), written in any case, with or without spaces.
    public static func cin(_ input: String) -> CINResult {
        var letters = ""
        var digits = ""
        for scalar in input.uppercased().unicodeScalars where !" -\u{00A0}".unicodeScalars.contains(scalar) {
            if let digit = Digits.value(scalar) {
                digits.append(Character(Unicode.Scalar(0x30 + digit)))
            } else if ("A"..."Z").contains(Character(scalar)), digits.isEmpty {
                letters.unicodeScalars.append(scalar)
            } else {
                return .invalid
            }
        }
        guard (1...2).contains(letters.count), (3...7).contains(digits.count) else { return .invalid }
        return .valid(letters + digits)
    }

    /// IF (tax identifier): digits only, usually 7 or 8; other lengths are accepted since old ones are shorter.
    public static func taxID(_ input: String) -> String? {
        guard let digits = digitsOnly(input, ignoring: " .-"), (5...10).contains(digits.count) else { return nil }
        return digits
    }

    static func digitsOnly(_ input: String, ignoring separators: String) -> String? {
        var output = ""
        for scalar in input.unicodeScalars {
            if let digit = Digits.value(scalar) { output.append(Character(Unicode.Scalar(0x30 + digit))) }
            else if !separators.unicodeScalars.contains(scalar) && !scalar.properties.isWhitespace { return nil }
        }
        return output
    }
}
