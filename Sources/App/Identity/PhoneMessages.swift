import Domain

extension MoroccanPhone.ParseError {
    /// The message telling the person what is wrong with the number they typed.
    var localeKey: String {
        switch self {
        case .empty: "validation.required"
        case .invalidCharacters: "phone.invalid_characters"
        case .wrongLength: "phone.wrong_length"
        case .unknownPrefix: "phone.unknown_prefix"
        }
    }
}
