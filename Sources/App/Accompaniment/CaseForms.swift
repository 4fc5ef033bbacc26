import Domain
import Foundation
import Vapor

/// The case page's forms, parsed with a message per field. Shared by the pages and the API.
enum CaseForms {
    struct Stage: Content {
        var stage: String?
        var closed_reason: String?
        var version: String?
    }

    static func stage(_ input: Stage) throws(AppError) -> (CaseStage, ClosedReason?, version: Int) {
        var validator = Validator()
        let stage = input.stage.flatMap(CaseStage.init(rawValue:))
        if stage == nil { validator.add("stage", "validation.choice") }
        let reason = input.closed_reason.flatMap { $0.isEmpty ? nil : ClosedReason(rawValue: $0) }
        if stage == .closed && reason == nil { validator.add("closed_reason", "validation.choice") }
        let version = input.version.flatMap(Int.init)
        if version == nil { validator.add("version", "validation.required") }
        try validator.check()
        return (stage!, reason, version!)
    }

    struct Interaction: Content {
        var kind: String?
        var occurred_on: String?
        var duration_minutes: String?
        var topics: [String]?
        var notes: String?
    }

    static func interaction(_ input: Interaction, today: Date = Date()) throws(AppError) -> AccompanimentService.InteractionDraft {
        var validator = Validator()
        let kind = input.kind.flatMap(InteractionKind.init(rawValue:))
        if kind == nil { validator.add("kind", "validation.choice") }
        let date = pastDate("occurred_on", input.occurred_on, today: today, required: true, &validator)
        var duration: Int?
        if let raw = input.duration_minutes, !raw.isEmpty {
            if let value = Int(raw), (1...1440).contains(value) { duration = value } else { validator.add("duration_minutes", "validation.range", ["min": "1", "max": "1440"]) }
        }
        let topics = input.topics ?? []
        if topics.contains(where: { !ThemeTaxonomy.shipped.contains($0) }) { validator.add("topics", "validation.choice") }
        let notes = optional("notes", input.notes, maxLength: 2000, &validator)
        try validator.check()
        return .init(kind: kind!, occurredOn: date!, durationMinutes: duration, topics: topics, notes: notes)
    }

    struct Action: Content {
        var title: String?
        var owner: String?
        var due_on: String?
    }

    static func action(_ input: Action) throws(AppError) -> AccompanimentService.ActionDraft {
        var validator = Validator()
        let title = validator.required("title", input.title, maxLength: 200)
        let owner = input.owner.flatMap(ActionOwner.init(rawValue:))
        if owner == nil { validator.add("owner", "validation.choice") }
        var due: CalendarDate?
        if let raw = input.due_on, !raw.isEmpty {
            due = CalendarDate(raw)
            if due == nil { validator.add("due_on", "validation.date") }
        }
        try validator.check()
        return .init(title: title, owner: owner!, dueOn: due)
    }

    struct Referral: Content {
        var partner_id: String?
        var measure: String?
        var measure_id: String?
        var note: String?
        var requested_amount: String?
    }

    static func referral(_ input: Referral) throws(AppError) -> AccompanimentService.ReferralDraft {
        var validator = Validator()
        let partner = input.partner_id.flatMap(Int.init)
        if partner == nil { validator.add("partner_id", "validation.choice") }
        let measure = optional("measure", input.measure, maxLength: 200, &validator)
        let note = optional("note", input.note, maxLength: 2000, &validator)
        let amount = money("requested_amount", input.requested_amount, &validator)
        var measureID: Int?
        if let raw = input.measure_id, !raw.isEmpty {
            measureID = Int(raw)
            if measureID == nil { validator.add("measure_id", "validation.choice") }
        }
        try validator.check()
        return .init(partnerID: partner!, measure: measure, measureID: measureID, note: note, requested: amount)
    }

    struct Outcome: Content {
        var kind: String?
        var occurred_on: String?
        var legal_status: String?
        var amount: String?
        var source: String?
        var jobs_created: String?
        var jobs_kept: String?
        var detail: String?
    }

    /// Each kind of outcome asks for its own figure: a status for formalisation, an amount for financing, jobs.
    static func outcome(_ input: Outcome, today: Date = Date()) throws(AppError) -> AccompanimentService.OutcomeDraft {
        var validator = Validator()
        let kind = input.kind.flatMap(OutcomeKind.init(rawValue:))
        if kind == nil { validator.add("kind", "validation.choice") }
        let date = pastDate("occurred_on", input.occurred_on, today: today, required: true, &validator)
        let status = input.legal_status.flatMap { $0.isEmpty ? nil : LegalStatus(rawValue: $0) }
        if kind == .formalised && (status == nil || status == .informal) { validator.add("legal_status", "outcome.status_required") }
        let amount = money("amount", input.amount, &validator)
        if kind == .financing && amount == nil && validator.problems["amount"] == nil { validator.add("amount", "validation.required") }
        let created = count("jobs_created", input.jobs_created, &validator)
        let kept = count("jobs_kept", input.jobs_kept, &validator)
        if kind == .jobs && created == nil && kept == nil && validator.problems["jobs_created"] == nil { validator.add("jobs_created", "outcome.jobs_required") }
        let source = optional("source", input.source, maxLength: 200, &validator)
        let detail = optional("detail", input.detail, maxLength: 2000, &validator)
        try validator.check()
        return .init(kind: kind!, occurredOn: date!, legalStatus: status, amount: amount, source: source, jobsCreated: created, jobsKept: kept, detail: detail)
    }

    struct Answer: Content {
        var status: String?
        var granted_amount: String?
        var answer_reason: String?
    }

    static func answer(_ input: Answer) throws(AppError) -> (ReferralStatus, Dirhams?, String?) {
        var validator = Validator()
        let status = input.status.flatMap(ReferralStatus.init(rawValue:))
        if status == nil { validator.add("status", "validation.choice") }
        let amount = money("granted_amount", input.granted_amount, &validator)
        let reason = optional("answer_reason", input.answer_reason, maxLength: 500, &validator)
        try validator.check()
        return (status!, amount, reason)
    }

    // MARK: field helpers

    private static func optional(_ field: String, _ value: String?, maxLength: Int, _ validator: inout Validator) -> String? {
        guard let value, !value.trimmed.isEmpty else { return nil }
        return validator.required(field, value, maxLength: maxLength)
    }

    private static func money(_ field: String, _ value: String?, _ validator: inout Validator) -> Dirhams? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let amount = Dirhams(parsing: value) else { validator.add(field, "validation.amount"); return nil }
        return amount
    }

    private static func count(_ field: String, _ value: String?, _ validator: inout Validator) -> Int? {
        guard let value, !value.isEmpty else { return nil }
        guard let number = Int(value), (0...10_000).contains(number) else { validator.add(field, "validation.range", ["min": "0", "max": "10000"]); return nil }
        return number
    }

    private static func pastDate(_ field: String, _ value: String?, today: Date, required: Bool, _ validator: inout Validator) -> CalendarDate? {
        guard let value, !value.isEmpty else {
            if required { return CalendarDate(today) }
            return nil
        }
        guard let date = CalendarDate(value), date <= CalendarDate(today) else { validator.add(field, "validation.past_date"); return nil }
        return date
    }
}
