import Domain
import Foundation
import Vapor

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
        if values["consent"] == nil { validator.add("consent", "forum.consent_required") }
        let sessions = values.keys.compactMap { $0.hasPrefix("session_") ? Int($0.dropFirst(8)) : nil }.sorted()
        if sessions.isEmpty { validator.add("sessions", "forum.choose_session") }
        try validator.check()
        return (.init(firstName: first, lastName: last, phone: phone!, gender: gender, language: language), sessions)
    }

    /// A question: its text, and optionally a name and phone so an advisor can follow it up.
    static func question(_ values: [String: String]) throws(AppError) -> (text: String, name: String?, phone: MoroccanPhone?) {
        var validator = Validator()
        let text = validator.required("text", values["text"], maxLength: 500)
        if !text.isEmpty && text.count < 5 { validator.add("text", "forum.question_short") }
        let name = values["name"]?.trimmingCharacters(in: .whitespaces)
        if (name?.count ?? 0) > 120 { validator.add("name", "validation.too_long", ["max": "120"]) }
        var phone: MoroccanPhone?
        if let raw = values["phone"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do { phone = try MoroccanPhone.parse(raw) } catch { validator.add("phone", error.localeKey) }
            if values["consent"] == nil { validator.add("consent", "forum.consent_required") }
        }
        try validator.check()
        return (text, name?.isEmpty == false ? name : nil, phone)
    }

    /// Registration texts a phone: limited per phone, and per address for anonymous callers (an API token's app is trusted).
    static func limits(_ registrant: ForumRegistrations.Registrant, on req: Request) -> [(key: String, rule: RateLimiter.Rule)] {
        var rules: [(key: String, rule: RateLimiter.Rule)] = [("forum:phone:\(registrant.phone.e164)", .forumRegistrationPerPhone)]
        if req.actor == nil { rules.append(("forum:address:\(req.clientAddress ?? "unknown")", .forumRegistrationPerAddress)) }
        return rules
    }
}

extension Request {
    /// The registration service as this request uses it: the application's link base, SQLite write queue and batcher.
    var forumRegistrations: ForumRegistrations {
        ForumRegistrations(database: db, baseURL: application.config.baseURL, writeQueue: application.writeQueue, batcher: application.forumBatcher,
                           stops: application.forumStops)
    }
}
