/// Digits as people type them on Moroccan phones: Western, Arabic-Indic (٠١٢) or Extended Arabic-Indic (۰۱۲).
public enum Digits {
    public static func value(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x30...0x39: UInt8(scalar.value - 0x30)
        case 0x0660...0x0669: UInt8(scalar.value - 0x0660)
        case 0x06F0...0x06F9: UInt8(scalar.value - 0x06F0)
        default: nil
        }
    }

    /// The text with every digit Western and the Arabic decimal separator a point; anything else is left as typed.
    public static func western(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let digit = value(scalar) { output.append(Unicode.Scalar(0x30 + digit)) }
            else if scalar == "\u{066B}" { output.append(".") }
            else { output.append(scalar) }
        }
        return String(output)
    }
}
