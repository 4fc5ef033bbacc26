import Domain
import Foundation
import SQLKit
import Vapor

/// The rules of a case: stages, interactions, the action plan, referrals and outcomes. Every read takes the
/// actor's `PersonalDataScope` (a case is reached through its beneficiary); shared by pages and API.
struct AccompanimentService {
    let sql: any SQLDatabase

    func open(beneficiaryID: Int, structureID: Int, advisorID: Int?, now: Date = Date()) async throws -> Int {
        try await sql.insert(into: "accompaniments")
            .columns("beneficiary_id", "structure_id", "advisor_id", "stage", "opened_at", "last_contact_at", "version", "created_at", "updated_at")
            .values(SQLBind(beneficiaryID), SQLBind(structureID), SQLBind(advisorID), SQLBind(CaseStage.intake.rawValue),
                    SQLBind(now), SQLBind(now), SQLBind(1), SQLBind(now), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int.self)!
    }

    struct CaseRow: Decodable, Sendable {
        let id: Int
        let beneficiary_id: Int
        let structure_id: Int
        let advisor_id: Int?
        let advisor_name: String?
        let stage: String
        let closed_reason: String?
        let opened_at: Date
        let closed_at: Date?
        let last_contact_at: Date?
        let version: Int
        let first_name: String
        let last_name: String
        let full_name_ar: String?
        let structure_name: String

        var stageValue: CaseStage { CaseStage(rawValue: stage) ?? .intake }
        var personName: String {
            let latin = [last_name, first_name].filter { !$0.isEmpty }.joined(separator: " ")
            return latin.isEmpty ? (full_name_ar ?? "") : latin
        }
    }

    private static let caseColumns: SQLQueryString = """
        c.id, c.beneficiary_id, c.structure_id, c.advisor_id, u.display_name AS advisor_name, c.stage, c.closed_reason,
        c.opened_at, c.closed_at, c.last_contact_at, c.version, b.first_name, b.last_name, b.full_name_ar, s.name AS structure_name
        """

    func find(_ id: Int, scope: PersonalDataScope) async throws -> CaseRow? {
        guard let filter = BeneficiaryQueries.scopeFilter(scope) else { return nil }
        return try await sql.raw("""
            SELECT \(Self.caseColumns)
            FROM accompaniments c JOIN beneficiaries b ON b.id = c.beneficiary_id JOIN structures s ON s.id = c.structure_id
            LEFT JOIN users u ON u.id = c.advisor_id
            WHERE c.id = \(bind: id) AND \(filter)
            """).first(decoding: CaseRow.self)
    }

    func cases(ofBeneficiary id: Int, scope: PersonalDataScope) async throws -> [CaseRow] {
        guard let filter = BeneficiaryQueries.scopeFilter(scope) else { return [] }
        return try await sql.raw("""
            SELECT \(Self.caseColumns)
            FROM accompaniments c JOIN beneficiaries b ON b.id = c.beneficiary_id JOIN structures s ON s.id = c.structure_id
            LEFT JOIN users u ON u.id = c.advisor_id
            WHERE c.beneficiary_id = \(bind: id) AND \(filter) ORDER BY c.opened_at DESC, c.id DESC
            """).all(decoding: CaseRow.self)
    }

    /// Moves a case to another stage. `expectedVersion` is the version the person saw: if someone changed the case
    /// since, nothing is written and they get a conflict to reload, instead of silently undoing the other change.
    func move(_ id: Int, to stage: CaseStage, closedReason: ClosedReason?, expectedVersion: Int, scope: PersonalDataScope,
              now: Date = Date()) async throws -> Int {
        guard try await find(id, scope: scope) != nil else { throw AppError.notFound }
        if stage == .closed && closedReason == nil { throw AppError.validation(["closed_reason": FieldProblem("validation.choice")]) }
        let updated = try await sql.raw("""
            UPDATE accompaniments SET stage = \(bind: stage.rawValue), closed_reason = \(bind: stage == .closed ? closedReason?.rawValue : nil),
                closed_at = \(bind: stage == .closed ? now : nil), version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND version = \(bind: expectedVersion)
            RETURNING version
            """).first(decodingColumn: "version", as: Int.self)
        guard let updated else { throw AppError.conflict }
        return updated
    }

    // MARK: timeline

    struct InteractionDraft: Sendable {
        var kind: InteractionKind
        var occurredOn: CalendarDate
        var durationMinutes: Int?
        var topics: [String]
        var notes: String?
    }

    func addInteraction(_ draft: InteractionDraft, to caseID: Int, author: Int, scope: PersonalDataScope, now: Date = Date()) async throws {
        guard try await find(caseID, scope: scope) != nil else { throw AppError.notFound }
        try await sql.insert(into: "interactions")
            .columns("accompaniment_id", "kind", "occurred_on", "duration_minutes", "topics", "notes", "author_id", "created_at")
            .values(SQLBind(caseID), SQLBind(draft.kind.rawValue), SQLBind(draft.occurredOn.string), SQLBind(draft.durationMinutes),
                    SQLBind(draft.topics.joined(separator: ",")), SQLBind(draft.notes), SQLBind(author), SQLBind(now))
            .run()
        try await sql.raw("UPDATE accompaniments SET last_contact_at = \(bind: now) WHERE id = \(bind: caseID)").run()
    }

    struct ActionDraft: Sendable {
        var title: String
        var owner: ActionOwner
        var dueOn: CalendarDate?
    }

    func addAction(_ draft: ActionDraft, to caseID: Int, scope: PersonalDataScope, now: Date = Date()) async throws {
        guard try await find(caseID, scope: scope) != nil else { throw AppError.notFound }
        try await sql.insert(into: "plan_actions")
            .columns("accompaniment_id", "title", "owner", "due_on", "status", "created_at", "updated_at")
            .values(SQLBind(caseID), SQLBind(draft.title), SQLBind(draft.owner.rawValue), SQLBind(draft.dueOn?.string),
                    SQLBind(ActionStatus.open.rawValue), SQLBind(now), SQLBind(now))
            .run()
    }

    func setAction(_ actionID: Int, of caseID: Int, status: ActionStatus, scope: PersonalDataScope, now: Date = Date()) async throws {
        guard try await find(caseID, scope: scope) != nil else { throw AppError.notFound }
        let updated = try await sql.raw("""
            UPDATE plan_actions SET status = \(bind: status.rawValue), done_at = \(bind: status == .done ? now : nil), updated_at = \(bind: now)
            WHERE id = \(bind: actionID) AND accompaniment_id = \(bind: caseID) RETURNING id
            """).first()
        if updated == nil { throw AppError.notFound }
    }

    struct ReferralDraft: Sendable {
        var partnerID: Int
        var measure: String?
        /// A measure of the catalogue; its name stands in for `measure` when none is typed.
        var measureID: Int?
        var note: String?
        var requested: Dirhams?
    }

    func refer(_ draft: ReferralDraft, from caseID: Int, by author: Int, scope: PersonalDataScope, now: Date = Date()) async throws -> Int {
        guard try await find(caseID, scope: scope) != nil else { throw AppError.notFound }
        guard try await sql.raw("SELECT id FROM partner_institutions WHERE id = \(bind: draft.partnerID)").first() != nil else {
            throw AppError.validation(["partner_id": FieldProblem("validation.choice")])
        }
        var measure = draft.measure
        if let measureID = draft.measureID {
            guard let name = try await sql.raw("SELECT name_fr FROM measures WHERE id = \(bind: measureID)").first(decodingColumn: "name_fr", as: String.self) else {
                throw AppError.validation(["measure_id": FieldProblem("validation.choice")])
            }
            measure = measure ?? name
        }
        return try await sql.insert(into: "referrals")
            .columns("accompaniment_id", "partner_id", "measure", "measure_id", "note", "status", "requested_centimes", "sent_at", "created_by")
            .values(SQLBind(caseID), SQLBind(draft.partnerID), SQLBind(measure), SQLBind(draft.measureID), SQLBind(draft.note),
                    SQLBind(ReferralStatus.sent.rawValue), SQLBind(draft.requested?.centimes), SQLBind(now), SQLBind(author))
            .returning("id").first(decodingColumn: "id", as: Int.self)!
    }

    struct OutcomeDraft: Sendable {
        var kind: OutcomeKind
        var occurredOn: CalendarDate
        var legalStatus: LegalStatus?
        var amount: Dirhams?
        var source: String?
        var jobsCreated: Int?
        var jobsKept: Int?
        var detail: String?
    }

    func recordOutcome(_ draft: OutcomeDraft, for caseID: Int, by author: Int, scope: PersonalDataScope, now: Date = Date()) async throws {
        guard try await find(caseID, scope: scope) != nil else { throw AppError.notFound }
        try await sql.insert(into: "outcomes")
            .columns("accompaniment_id", "kind", "occurred_on", "legal_status", "amount_centimes", "source", "jobs_created", "jobs_kept",
                     "detail", "recorded_by", "created_at")
            .values(SQLBind(caseID), SQLBind(draft.kind.rawValue), SQLBind(draft.occurredOn.string), SQLBind(draft.legalStatus?.rawValue),
                    SQLBind(draft.amount?.centimes), SQLBind(draft.source), SQLBind(draft.jobsCreated), SQLBind(draft.jobsKept),
                    SQLBind(draft.detail), SQLBind(author), SQLBind(now))
            .run()
    }
}
