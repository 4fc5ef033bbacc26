import Foundation
import PostgresNIO
import SQLiteNIO
import SQLKit

/// Reads of a case's timeline, an advisor's caseload and a partner's referral inbox.
enum CaseQueries {
    struct InteractionRow: Decodable, Sendable {
        let id: Int
        let kind: String
        let occurred_on: String
        let duration_minutes: Int?
        let topics: String
        let notes: String?
        let author_name: String?
    }

    struct ActionRow: Decodable, Sendable {
        let id: Int
        let title: String
        let owner: String
        let due_on: String?
        let status: String
    }

    struct ReferralRow: Decodable, Sendable {
        let id: Int
        let partner_name: String
        let measure: String?
        let note: String?
        let status: String
        let requested_centimes: Int64?
        let granted_centimes: Int64?
        let answer_reason: String?
        let sent_at: Date
        let answered_at: Date?
    }

    struct OutcomeRow: Decodable, Sendable {
        let id: Int
        let kind: String
        let occurred_on: String
        let legal_status: String?
        let amount_centimes: Int64?
        let source: String?
        let jobs_created: Int?
        let jobs_kept: Int?
        let detail: String?
        /// When the beneficiary confirmed it from their own page.
        let confirmed_at: Date?
    }

    struct Timeline: Sendable {
        let interactions: [InteractionRow]
        let actions: [ActionRow]
        let referrals: [ReferralRow]
        let outcomes: [OutcomeRow]
    }

    /// The case's parts; the caller has already found the case within the actor's scope.
    static func timeline(caseID: Int, on sql: any SQLDatabase) async throws -> Timeline {
        async let interactions = sql.raw("""
            SELECT i.id, i.kind, i.occurred_on, i.duration_minutes, i.topics, i.notes, u.display_name AS author_name
            FROM interactions i LEFT JOIN users u ON u.id = i.author_id
            WHERE i.accompaniment_id = \(bind: caseID) ORDER BY i.occurred_on DESC, i.id DESC
            """).all(decoding: InteractionRow.self)
        async let actions = sql.raw("""
            SELECT id, title, owner, due_on, status FROM plan_actions WHERE accompaniment_id = \(bind: caseID)
            ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, due_on, id
            """).all(decoding: ActionRow.self)
        async let referrals = sql.raw("""
            SELECT r.id, p.name AS partner_name, r.measure, r.note, r.status, r.requested_centimes, r.granted_centimes,
                   r.answer_reason, r.sent_at, r.answered_at
            FROM referrals r JOIN partner_institutions p ON p.id = r.partner_id
            WHERE r.accompaniment_id = \(bind: caseID) ORDER BY r.sent_at DESC, r.id DESC
            """).all(decoding: ReferralRow.self)
        async let outcomes = sql.raw("""
            SELECT id, kind, occurred_on, legal_status, amount_centimes, source, jobs_created, jobs_kept, detail, confirmed_at
            FROM outcomes WHERE accompaniment_id = \(bind: caseID) ORDER BY occurred_on DESC, id DESC
            """).all(decoding: OutcomeRow.self)
        return Timeline(interactions: try await interactions, actions: try await actions, referrals: try await referrals, outcomes: try await outcomes)
    }

    struct CaseloadRow: NativeRow {
        let id: Int
        let beneficiary_id: Int
        let stage: String
        let last_contact_at: Date?
        let first_name: String
        let last_name: String
        let full_name_ar: String?
        let phone: String?
        let overdue_actions: Int
        let waiting_referrals: Int

        func daysSinceContact(now: Date) -> Int? {
            last_contact_at.map { Int(now.timeIntervalSince($0) / 86_400) }
        }
    }

    /// Open cases of one advisor (or of the actor's structures when `advisorID` is nil), never contacted then longest
    /// silence first (the same order on both databases, which place NULLs differently), with what needs attention;
    /// `offset` pages through them.
    static func caseload(advisorID: Int?, scope: PersonalDataScope, today: CalendarDate, limit: Int = 200, offset: Int = 0,
                         on sql: any SQLDatabase) async throws -> [CaseloadRow] {
        guard let open = openCases(advisorID: advisorID, scope: scope) else { return [] }
        return try await sql.nativeRows("""
            SELECT \(caseColumns(today: today)) FROM accompaniments c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE \(open)
            ORDER BY \(caseOrder("c.")) LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))
            """, as: CaseloadRow.self)
    }

    struct CaseloadPage: Sendable {
        let rows: [CaseloadRow]
        let open: Int
        let attention: Int
    }

    /// A page of the caseload with the whole caseload's summary in the same statement: how many cases are open and how
    /// many need attention (silent since `quietSince`, an overdue action or a referral without an answer), as window
    /// aggregates over the cases the page is sorted from, so the database reads them once.
    static func caseloadPage(advisorID: Int?, scope: PersonalDataScope, today: CalendarDate, quietSince: Date, limit: Int, offset: Int,
                             on sql: any SQLDatabase) async throws -> CaseloadPage {
        guard let open = openCases(advisorID: advisorID, scope: scope) else { return CaseloadPage(rows: [], open: 0, attention: 0) }
        let rows = try await sql.nativeRows("""
            SELECT id, beneficiary_id, stage, last_contact_at, first_name, last_name, full_name_ar, phone, overdue_actions, waiting_referrals,
                   COUNT(*) OVER () AS open_cases,
                   SUM(CASE WHEN last_contact_at < \(bind: quietSince) OR overdue_actions > 0 OR waiting_referrals > 0 THEN 1 ELSE 0 END) OVER () AS attention
            FROM (SELECT \(caseColumns(today: today)) FROM accompaniments c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE \(open)) cases
            ORDER BY \(caseOrder("")) LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))
            """, as: CaseloadPageRow.self)
        guard let first = rows.first else {
            // Past the last page the window has no row to report on: the first page's does.
            guard offset > 0 else { return CaseloadPage(rows: [], open: 0, attention: 0) }
            let summary = try await caseloadPage(advisorID: advisorID, scope: scope, today: today, quietSince: quietSince, limit: 1, offset: 0, on: sql)
            return CaseloadPage(rows: [], open: summary.open, attention: summary.attention)
        }
        return CaseloadPage(rows: rows.map(\.row), open: first.open_cases, attention: first.attention)
    }

    private static func caseColumns(today: CalendarDate) -> SQLQueryString {
        """
        c.id, c.beneficiary_id, c.stage, c.last_contact_at, b.first_name, b.last_name, b.full_name_ar, b.phone,
        (SELECT COUNT(*) FROM plan_actions a WHERE a.accompaniment_id = c.id AND a.status = 'open' AND a.due_on < \(bind: today.string)) AS overdue_actions,
        (SELECT COUNT(*) FROM referrals r WHERE r.accompaniment_id = c.id AND r.status = 'sent') AS waiting_referrals
        """
    }

    private static func caseOrder(_ alias: String) -> SQLQueryString {
        "CASE WHEN \(unsafeRaw: alias)last_contact_at IS NULL THEN 0 ELSE 1 END, \(unsafeRaw: alias)last_contact_at, \(unsafeRaw: alias)id"
    }

    private struct CaseloadPageRow: NativeRow {
        let row: CaseloadRow
        let open_cases: Int
        let attention: Int

        init(sqlite row: SQLiteRow) throws {
            self.row = try CaseloadRow(sqlite: row)
            open_cases = try row.int("open_cases")
            attention = try row.int("attention")
        }

        init(postgres row: PostgresRow) throws {
            let (id, beneficiary, stage, contact, first, last, arabic, phone, overdue, waiting, open, attention) =
                try row.decode((Int, Int, String, Date?, String, String, String?, String?, Int, Int, Int, Int).self)
            self.row = CaseloadRow(id: id, beneficiary_id: beneficiary, stage: stage, last_contact_at: contact, first_name: first, last_name: last,
                                   full_name_ar: arabic, phone: phone, overdue_actions: overdue, waiting_referrals: waiting)
            open_cases = open
            self.attention = attention
        }
    }

    private static func openCases(advisorID: Int?, scope: PersonalDataScope) -> SQLQueryString? {
        guard let filter = BeneficiaryQueries.scopeFilter(scope, asCheck: advisorID != nil) else { return nil }
        let advisor: SQLQueryString = advisorID.map { "c.advisor_id = \(bind: $0) AND " } ?? ""
        return "\(advisor)c.stage <> 'closed' AND \(filter)"
    }

    struct InboxRow: Decodable, Sendable {
        let id: Int
        let partner_id: Int
        let partner_name: String
        let measure: String?
        let note: String?
        let status: String
        let requested_centimes: Int64?
        let granted_centimes: Int64?
        let answer_reason: String?
        let sent_at: Date
        let beneficiary_id: Int
        let first_name: String
        let last_name: String
        let full_name_ar: String?
        let phone: String?
        let consent_purpose: String?
        let structure_name: String
        let advisor_name: String?

        /// The beneficiary agreed that partners they are referred to see who they are and how to reach them.
        var sharesContact: Bool { consent_purpose == ConsentPurpose.withPartners.rawValue }
    }

    /// Referrals addressed to the actor's institutions, waiting ones first.
    static func inbox(_ scope: PartnerScope, limit: Int = 200, on sql: any SQLDatabase) async throws -> [InboxRow] {
        guard !scope.isEmpty else { return [] }
        let condition: SQLQueryString = scope.all ? "1 = 1" : "r.partner_id IN (\(SQLList(scope.partnerIDs.map { SQLBind($0) })))"
        return try await sql.raw("""
            SELECT r.id, r.partner_id, p.name AS partner_name, r.measure, r.note, r.status, r.requested_centimes, r.granted_centimes,
                   r.answer_reason, r.sent_at, b.id AS beneficiary_id, b.first_name, b.last_name, b.full_name_ar, b.phone, b.consent_purpose,
                   s.name AS structure_name, u.display_name AS advisor_name
            FROM referrals r JOIN partner_institutions p ON p.id = r.partner_id
            JOIN accompaniments c ON c.id = r.accompaniment_id JOIN beneficiaries b ON b.id = c.beneficiary_id
            JOIN structures s ON s.id = c.structure_id LEFT JOIN users u ON u.id = c.advisor_id
            WHERE \(condition)
            ORDER BY CASE r.status WHEN 'sent' THEN 0 WHEN 'accepted' THEN 1 ELSE 2 END, r.sent_at, r.id LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: InboxRow.self)
    }

    /// A partner's answer. Only a move `ReferralStatus.partnerAnswers` allows is written, and only once: the
    /// conditional UPDATE makes two officers answering at the same time produce one answer and one conflict.
    static func answer(_ referralID: Int, scope: PartnerScope, status: ReferralStatus, granted: Int64?, reason: String?, by user: Int,
                       now: Date = Date(), on sql: any SQLDatabase) async throws {
        struct Current: Decodable { let partner_id: Int; let status: String }
        guard let current = try await sql.raw("SELECT partner_id, status FROM referrals WHERE id = \(bind: referralID)").first(decoding: Current.self),
              scope.contains(current.partner_id) else { throw AppError.notFound }
        guard let from = ReferralStatus(rawValue: current.status), from.partnerAnswers.contains(status) else {
            throw AppError.validation(["status": FieldProblem("referral.answer_not_allowed")])
        }
        if (status == .declined || status == .refused) && (reason ?? "").isEmpty {
            throw AppError.validation(["answer_reason": FieldProblem("referral.reason_required")])
        }
        let updated = try await sql.raw("""
            UPDATE referrals SET status = \(bind: status.rawValue), granted_centimes = \(bind: status == .granted ? granted : nil),
                answer_reason = \(bind: reason), answered_at = \(bind: now), answered_by = \(bind: user)
            WHERE id = \(bind: referralID) AND status = \(bind: from.rawValue) RETURNING id
            """).first()
        if updated == nil { throw AppError.conflict }
    }
}

/// What the beneficiary agreed their data may be used for.
enum ConsentPurpose: String, CaseIterable, Sendable {
    case accompaniment
    case withPartners = "accompaniment_and_partners"
}

/// Declared apart so the row keeps its memberwise initialiser, which the caseload page builds rows with.
extension CaseQueries.CaseloadRow {
    init(sqlite row: SQLiteRow) throws {
        id = try row.int("id")
        beneficiary_id = try row.int("beneficiary_id")
        stage = try row.string("stage")
        last_contact_at = row.optionalDate("last_contact_at")
        first_name = try row.string("first_name")
        last_name = try row.string("last_name")
        full_name_ar = row.optionalString("full_name_ar")
        phone = row.optionalString("phone")
        overdue_actions = try row.int("overdue_actions")
        waiting_referrals = try row.int("waiting_referrals")
    }

    /// Columns in SELECT order.
    init(postgres row: PostgresRow) throws {
        (id, beneficiary_id, stage, last_contact_at, first_name, last_name, full_name_ar, phone, overdue_actions, waiting_referrals) =
            try row.decode((Int, Int, String, Date?, String, String, String?, String?, Int, Int).self)
    }
}
