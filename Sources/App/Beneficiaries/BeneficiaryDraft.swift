import Domain
import Foundation
import Vapor

/// A beneficiary as typed into the registration form or sent to the API, checked field by field.
/// Problems refuse the whole form; warnings (an ICE whose control key fails) are shown but do not block.
struct BeneficiaryDraft: Sendable {
    var firstName = ""
    var lastName = ""
    var fullNameArabic: String?
    var gender = Gender.f
    var birthYear: Int?
    var phone: String?
    var cin: String?
    var preferredLanguage = Language.fr
    var consent = false
    var consentPurpose = ConsentPurpose.accompaniment
    var structureID: Int?
    var provinceID: Int?
    var business: BusinessDraft?

    struct BusinessDraft: Sendable {
        var kind = BusinessKind.business
        var name = ""
        var legalStatus: LegalStatus?
        var sector: Sector?
        var startedOn: String?
        var staff: Int?
        var turnoverBand: TurnoverBand?
        var ice: String?
        var rc: String?
        var taxID: String?
        var digitalPresence: [DigitalPresence] = []
    }

    /// The form's and the API's field names.
    struct Fields: Content {
        var first_name: String?
        var last_name: String?
        var full_name_ar: String?
        var gender: String?
        var birth_year: String?
        var phone: String?
        var cin: String?
        var preferred_language: String?
        var consent: String?
        var share_with_partners: String?
        var structure_id: String?
        var province_id: String?
        var business_kind: String?
        var business_name: String?
        var legal_status: String?
        var sector: String?
        var started_on: String?
        var staff: String?
        var turnover_band: String?
        var ice: String?
        var rc: String?
        var tax_id: String?
        var digital_presence: [String]?
        var confirm_duplicate: String?
    }

    /// Checks every field and returns the draft with its warnings, or throws every problem at once. Consent is asked at
    /// registration; a correction by staff leaves the consent the person gave as it is.
    static func parse(_ fields: Fields, requireConsent: Bool = true, today: Date = Date()) throws(AppError) -> (BeneficiaryDraft, warnings: [String: FieldProblem]) {
        var validator = Validator()
        var warnings: [String: FieldProblem] = [:]
        var draft = BeneficiaryDraft()
        draft.firstName = optionalText("first_name", fields.first_name, &validator) ?? ""
        draft.lastName = optionalText("last_name", fields.last_name, &validator) ?? ""
        draft.fullNameArabic = optionalText("full_name_ar", fields.full_name_ar, &validator)
        if draft.firstName.isEmpty != draft.lastName.isEmpty {
            validator.add(draft.firstName.isEmpty ? "first_name" : "last_name", "registry.name_pair")
        }
        if draft.lastName.isEmpty && draft.fullNameArabic == nil { validator.add("last_name", "registry.name_required") }
        if let arabic = draft.fullNameArabic, !NameFolding.containsArabic(arabic) { validator.add("full_name_ar", "registry.arabic_script") }

        switch fields.gender.flatMap(Gender.init(rawValue:)) {
        case let gender?: draft.gender = gender
        case nil: validator.add("gender", "validation.choice")
        }
        if let raw = nonEmpty(fields.birth_year) {
            let year = Calendar(identifier: .gregorian).component(.year, from: today)
            if let value = Int(raw), (year - 100...year - 12).contains(value) { draft.birthYear = value }
            else { validator.add("birth_year", "validation.range", ["min": String(year - 100), "max": String(year - 12)]) }
        }
        if let raw = nonEmpty(fields.phone) {
            do { draft.phone = try MoroccanPhone.parse(raw).e164 } catch { validator.add("phone", error.localeKey) }
        }
        if let raw = nonEmpty(fields.cin) {
            switch BusinessIdentifiers.cin(raw) {
            case .valid(let cin): draft.cin = cin
            case .invalid: validator.add("cin", "registry.cin_format")
            }
        }
        if let raw = nonEmpty(fields.preferred_language) {
            if let language = Language(rawValue: raw) { draft.preferredLanguage = language } else { validator.add("preferred_language", "validation.choice") }
        }
        draft.consent = isChecked(fields.consent)
        if requireConsent && !draft.consent { validator.add("consent", "registry.consent_required") }
        if isChecked(fields.share_with_partners) { draft.consentPurpose = .withPartners }
        draft.structureID = id("structure_id", fields.structure_id, &validator)
        draft.provinceID = id("province_id", fields.province_id, &validator)

        let kind = nonEmpty(fields.business_kind) ?? "none"
        if kind != "none" {
            var business = BusinessDraft()
            if let value = BusinessKind(rawValue: kind) { business.kind = value } else { validator.add("business_kind", "validation.choice") }
            business.name = validator.required("business_name", fields.business_name, maxLength: 160)
            if business.kind == .business {
                switch fields.legal_status.flatMap(LegalStatus.init(rawValue:)) {
                case let status?: business.legalStatus = status
                case nil: validator.add("legal_status", "validation.choice")
                }
            }
            if let raw = nonEmpty(fields.sector) {
                if let sector = Sector(rawValue: raw) { business.sector = sector } else { validator.add("sector", "validation.choice") }
            }
            if let raw = nonEmpty(fields.started_on) {
                if let date = CalendarDate(raw), date.string <= CalendarDate(today).string { business.startedOn = date.string }
                else { validator.add("started_on", "validation.past_date") }
            }
            if let raw = nonEmpty(fields.staff) {
                if let value = Int(raw), (0...10_000).contains(value) { business.staff = value } else { validator.add("staff", "validation.range", ["min": "0", "max": "10000"]) }
            }
            if let raw = nonEmpty(fields.turnover_band) {
                if let band = TurnoverBand(rawValue: raw) { business.turnoverBand = band } else { validator.add("turnover_band", "validation.choice") }
            }
            if let raw = nonEmpty(fields.ice) {
                switch BusinessIdentifiers.ice(raw) {
                case .valid(let ice): business.ice = ice
                case .failedCheck(let ice):
                    business.ice = ice
                    warnings["ice"] = FieldProblem("registry.ice_check")
                case .wrongLength(let digits): validator.add("ice", "registry.ice_length", ["digits": String(digits)])
                case .invalidCharacters: validator.add("ice", "registry.ice_digits")
                }
            }
            business.rc = optionalText("rc", fields.rc, &validator, maxLength: 40)
            if let raw = nonEmpty(fields.tax_id) {
                if let value = BusinessIdentifiers.taxID(raw) { business.taxID = value } else { validator.add("tax_id", "registry.tax_id_format") }
            }
            for raw in fields.digital_presence ?? [] {
                if let value = DigitalPresence(rawValue: raw) { business.digitalPresence.append(value) } else { validator.add("digital_presence", "validation.choice") }
            }
            draft.business = business
        }
        try validator.check()
        return (draft, warnings)
    }

    /// A checkbox as browsers (`on`) and API clients (`true`, `1`) send it.
    private static func isChecked(_ value: String?) -> Bool { ["on", "true", "1", "yes"].contains(value ?? "") }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let trimmed = value?.trimmed, !trimmed.isEmpty else { return nil }
        return trimmed
    }

    private static func optionalText(_ field: String, _ value: String?, _ validator: inout Validator, maxLength: Int = 120) -> String? {
        guard let trimmed = nonEmpty(value) else { return nil }
        return validator.required(field, trimmed, maxLength: maxLength)
    }

    private static func id(_ field: String, _ value: String?, _ validator: inout Validator) -> Int? {
        guard let raw = nonEmpty(value) else { return nil }
        guard let id = Int(raw), id > 0 else { validator.add(field, "validation.choice"); return nil }
        return id
    }
}

/// A day without a time zone (`2025-03-14`), as businesses and plans speak of dates.
struct CalendarDate: Sendable, Hashable, Comparable {
    let string: String

    init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2200).contains(year), (1...12).contains(month),
              (1...Self.days(inMonth: month, year: year)).contains(day) else { return nil }
        string = text
    }

    init(_ date: Date, calendar: Calendar = Self.utc) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        string = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.string < rhs.string }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
