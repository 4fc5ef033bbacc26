/// What eligibility criteria can ask about a person and their business. The list is code because each field must be
/// read from the registry or asked in the questionnaire; which values a measure requires is data.
public enum ProfileField: String, CaseIterable, Sendable, Hashable {
    case age, gender, region, setting, residence, graduate
    case legalStatus = "legal_status", sector, businessAge = "business_age", turnover, staff
    case investment, ownFundsShare = "own_funds_share", bankLoan = "bank_loan", loanAmount = "loan_amount"
    case exportsToAfrica = "exports_to_africa"

    public enum Kind: Sendable {
        /// Years, dirhams, people or a percentage; a profile may know it only as a range (a birth year, a turnover band).
        case number
        /// One code among a closed list (statuses, sectors, regions).
        case code
        /// Yes or no.
        case flag
    }

    public var kind: Kind {
        switch self {
        case .age, .businessAge, .turnover, .staff, .investment, .ownFundsShare, .loanAmount: .number
        case .gender, .region, .setting, .residence, .legalStatus, .sector: .code
        case .graduate, .bankLoan, .exportsToAfrica: .flag
        }
    }
}

/// The codes each code field accepts. The application supplies them from its vocabularies and reference data,
/// so a criterion naming a status or region that does not exist is refused when saved.
public struct FieldVocabulary: Sendable {
    public let codes: [ProfileField: [String]]

    public init(codes: [ProfileField: [String]]) { self.codes = codes }

    func accepts(_ code: String, for field: ProfileField) -> Bool {
        codes[field].map { $0.contains(code) } ?? true
    }
}
