import Domain
import Foundation

/// The registration form, from the stop's page or the API: who registers and which sessions they choose.
enum ForumForms {
    /// Sessions come as `session_<id>` checkboxes, so a form without script needs no repeated names.
    static func registrant(_ values: [String: String], language: Language) throws(AppError) -> (ForumRegistrations.Registrant, [Int]) {
        var validator = Validator()
        let first = validator.required("first_name", values["first_name"], maxLength: 80)
        let last = validator.required("last_name", values["last_name"], maxLength: 80)
        var phone: MoroccanPhone?
        do { phone = try MoroccanPhone.parse(values["phone"] ?? "") } catch { validator.add("phone", error.localeKey) }
        let gender = Gender(rawValue: values["gender"] ?? "") ?? .u
        if values["consent"] == nil { validator.add("consent", "registry.consent_required") }
        let sessions = values.keys.compactMap { $0.hasPrefix("session_") ? Int($0.dropFirst(8)) : nil }.sorted()
        if sessions.isEmpty { validator.add("sessions", "forum.choose_session") }
        try validator.check()
        return (.init(firstName: first, lastName: last, phone: phone!, gender: gender, language: language), sessions)
    }
}
