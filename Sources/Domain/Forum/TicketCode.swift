/// A ticket's code: eight random characters of Crockford's base 32 (no I, L, O or U, so nothing reads two ways) and a
/// check character (Luhn mod 32), shown as `K7QF-3M9X-C`. A typo at the door is caught before any lookup.
public struct TicketCode: Sendable, Hashable, CustomStringConvertible {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let bodyLength = 8

    /// The nine characters, without separators.
    public let value: String

    public var description: String {
        let characters = Array(value)
        return "\(String(characters[0..<4]))-\(String(characters[4..<8]))-\(characters[8])"
    }

    /// A fresh code from the generator's random bits.
    public init<Generator: RandomNumberGenerator>(using generator: inout Generator) {
        let body = (0..<Self.bodyLength).map { _ in Self.alphabet[Int(generator.next() % 32)] }
        value = String(body) + String(Self.check(body.map { Self.index($0)! }))
    }

    /// Reads a code as typed or scanned: any case, dashes and spaces ignored, O read as 0 and I or L as 1. Nil when the
    /// length or the check character is wrong.
    public init?(reading text: String) {
        var digits: [Int] = []
        for character in text.uppercased() {
            if character == "-" || character == " " { continue }
            let normalised: Character = switch character {
            case "O": "0"
            case "I", "L": "1"
            default: character
            }
            guard let index = Self.index(normalised) else { return nil }
            digits.append(index)
        }
        guard digits.count == Self.bodyLength + 1, Self.check(Array(digits.prefix(Self.bodyLength))) == Self.alphabet[digits.last!] else { return nil }
        value = String(digits.map { Self.alphabet[$0] })
    }

    private static func index(_ character: Character) -> Int? { alphabet.firstIndex(of: character) }

    /// Luhn mod N: doubling every second digit from the right catches every single substitution and most transpositions.
    static func check(_ digits: [Int]) -> Character {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var addend = position % 2 == 0 ? digit * 2 : digit
            addend = addend / 32 + addend % 32
            sum += addend
        }
        return alphabet[(32 - sum % 32) % 32]
    }
}
