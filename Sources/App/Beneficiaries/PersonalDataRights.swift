import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The rights law 09-08 gives a person over their data: see it, take a copy, correct it, withdraw consent, and have it
/// erased. Erasure anonymises: the person's identity goes, their cases and outcomes stay so aggregate figures stay true.
struct PersonalDataRights {
    let sql: any SQLDatabase

    /// The record linked to an entrepreneur's account, if they have one and it has not been erased.
    func ownRecord(userID: Int) async throws -> Int? {
        try await sql.raw("SELECT id FROM beneficiaries WHERE user_id = \(bind: userID) AND anonymised_at IS NULL ORDER BY id LIMIT 1")
            .first()?.decode(column: "id", as: Int.self)
    }

    /// Everything held about a person, as they can download it.
    struct Copy: Content {
        struct Person: Content {
            let firstName: String
            let lastName: String
            let fullNameAr: String?
            let gender: String
            let birthYear: Int?
            let phone: String?
            let cin: String?
            let preferredLanguage: String
            let consentAt: Date?
            let consentPurpose: String?
            let region: String
            let province: String?
            let structure: String?
            let registeredAt: Date?
        }

        struct Access: Content {
            let at: Date
            let who: String
            let action: String
        }

        let person: Person
        /// Other records of the same person, merged into this one: still held, so still shown.
        let mergedRecords: [Person]
        let businesses: [APIDTO.Business]
        let cases: [APIDTO.Case]
        /// Results of the coaching tools kept in the file, shared or not.
        let toolResults: [APIDTO.SavedToolResult]
        /// Who looked at or changed the record (and the records merged into it): the person sees the same audit
        /// trail an administrator does.
        let accesses: [Access]
        let generatedAt: Date
    }

    func copy(of id: Int, scope: PersonalDataScope) async throws -> Copy? {
        guard let person = try await BeneficiaryQueries.detail(id: id, scope: scope, on: sql) else { return nil }
        let businesses = try await BeneficiaryQueries.businesses(of: id, on: sql).map(APIDTO.Business.init)
        var cases: [APIDTO.Case] = []
        for item in try await AccompanimentService(sql: sql).cases(ofBeneficiary: id, scope: scope) {
            cases.append(APIDTO.Case(item, timeline: try await CaseQueries.timeline(caseID: item.id, on: sql),
                                     diagnostics: try await DiagnosticsService(sql: sql).diagnostics(ofCase: item.id)))
        }
        // The merged records are reached through this one, which the caller found within scope.
        var merged: [BeneficiaryQueries.Detail] = []
        for row in try await sql.raw("SELECT id FROM beneficiaries WHERE merged_into_id = \(bind: id) ORDER BY id").all() {
            if let record = try await BeneficiaryQueries.detail(id: try row.decode(column: "id", as: Int.self), scope: Policy.systemScope, on: sql) {
                merged.append(record)
            }
        }
        struct AccessRow: Decodable { let at: Date; let actor_label: String; let action: String }
        let records = SQLList(([person] + merged).map { SQLBind(String($0.id)) })
        let accesses = try await sql.raw("""
            SELECT at, actor_label, action FROM audit_entries WHERE entity = 'beneficiary' AND entity_id IN (\(records))
            ORDER BY at DESC LIMIT 500
            """).all(decoding: AccessRow.self).map { Copy.Access(at: $0.at, who: $0.actor_label, action: $0.action) }
        let results = try await ToolResults(sql: sql).list(beneficiaryID: id, sharedOnly: false).map(APIDTO.SavedToolResult.init)
        return Copy(person: Copy.Person(person), mergedRecords: merged.map(Copy.Person.init), businesses: businesses, cases: cases,
                    toolResults: results, accesses: accesses, generatedAt: Date())
    }

    /// Names, gender, birth year and language as the person says they are; search rows and duplicate keys follow.
    func correct(_ id: Int, firstName: String, lastName: String, fullNameArabic: String?, gender: Gender, birthYear: Int?, language: Language,
                 database: any Database, now: Date = Date()) async throws {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            let updated = try await sql.raw("""
                UPDATE beneficiaries SET first_name = \(bind: firstName), last_name = \(bind: lastName), full_name_ar = \(bind: fullNameArabic),
                    gender = \(bind: gender.rawValue), birth_year = \(bind: birthYear), preferred_language = \(bind: language.rawValue),
                    updated_at = \(bind: now)
                WHERE id = \(bind: id) AND anonymised_at IS NULL RETURNING id
                """).all()
            if updated.isEmpty { throw AppError.notFound }
            try await BeneficiaryRegistry.reindex(id, on: sql)
        }
    }

    /// The person confirms a result recorded on one of their cases: the committee's figures then count it as confirmed.
    /// Confirming again keeps the first date.
    func confirmOutcome(_ outcomeID: Int, of beneficiaryID: Int, now: Date = Date()) async throws {
        let confirmed = try await sql.raw("""
            UPDATE outcomes SET confirmed_at = COALESCE(confirmed_at, \(bind: now))
            WHERE id = \(bind: outcomeID)
              AND accompaniment_id IN (SELECT id FROM accompaniments WHERE beneficiary_id = \(bind: beneficiaryID))
            RETURNING id
            """).all()
        if confirmed.isEmpty { throw AppError.notFound }
    }

    /// From now on the record may only be kept, not used: advisors see that consent was withdrawn.
    func withdrawConsent(_ id: Int, now: Date = Date()) async throws {
        try await sql.raw("UPDATE beneficiaries SET consent_at = NULL, consent_purpose = NULL, updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    /// Erases who the person is and keeps what the programme did: gender, birth year, region, province, legal status,
    /// sector, stages and outcomes remain for the indicators. Records merged into this one are erased with it, since
    /// they hold the same person; the account behind it is closed.
    func anonymise(_ id: Int, database: any Database, now: Date = Date()) async throws {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            struct Owner: Decodable { let user_id: Int? }
            guard let owner = try await sql.raw("SELECT user_id FROM beneficiaries WHERE id = \(bind: id) AND anonymised_at IS NULL")
                .first(decoding: Owner.self) else { throw AppError.notFound }
            var ids: Set<Int> = [id]
            var frontier = [id]
            while !frontier.isEmpty {
                frontier = try await sql.raw("SELECT id FROM beneficiaries WHERE merged_into_id IN (\(SQLList(frontier.map { SQLBind($0) })))")
                    .all().map { try $0.decode(column: "id", as: Int.self) }.filter { ids.insert($0).inserted }
            }
            let records = SQLList(ids.sorted().map { SQLBind($0) })
            try await sql.raw("""
                UPDATE beneficiaries SET first_name = '', last_name = '', full_name_ar = NULL, sort_name = '~', phone = NULL, cin = NULL,
                    name_key = NULL, name_key_ar = NULL, consent_at = NULL, consent_purpose = NULL, user_id = NULL,
                    anonymised_at = \(bind: now), updated_at = \(bind: now)
                WHERE id IN (\(records))
                """).run()
            try await sql.raw("DELETE FROM beneficiary_terms WHERE beneficiary_id IN (\(records))").run()
            try await sql.raw("UPDATE businesses SET name = '', ice = NULL, rc = NULL, tax_id = NULL WHERE beneficiary_id IN (\(records))").run()
            let cases: SQLQueryString = "SELECT id FROM accompaniments WHERE beneficiary_id IN (\(records))"
            try await sql.raw("UPDATE interactions SET notes = NULL WHERE accompaniment_id IN (\(cases))").run()
            try await sql.raw("UPDATE referrals SET note = NULL WHERE accompaniment_id IN (\(cases))").run()
            try await sql.raw("UPDATE outcomes SET detail = NULL WHERE accompaniment_id IN (\(cases))").run()
            // Tool results hold income, debts and arrears; the forum's claim holds the phone.
            try await sql.raw("DELETE FROM tool_results WHERE beneficiary_id IN (\(records))").run()
            try await sql.raw("DELETE FROM forum_people WHERE beneficiary_id IN (\(records))").run()
            if let user = owner.user_id {
                try await sql.raw("DELETE FROM web_sessions WHERE user_id = \(bind: user)").run()
                try await sql.raw("UPDATE users SET phone = NULL, display_name = '', is_active = \(bind: false), updated_at = \(bind: now) WHERE id = \(bind: user)").run()
            }
        }
    }
}

extension PersonalDataRights.Copy.Person {
    init(_ row: BeneficiaryQueries.Detail) {
        self.init(firstName: row.first_name, lastName: row.last_name, fullNameAr: row.full_name_ar, gender: row.gender, birthYear: row.birth_year,
                  phone: row.phone, cin: row.cin, preferredLanguage: row.preferred_language, consentAt: row.consent_at,
                  consentPurpose: row.consent_purpose, region: row.region_name, province: row.province_name, structure: row.structure_name,
                  registeredAt: row.created_at)
    }
}

extension APIDTO.Business {
    init(_ row: BeneficiaryQueries.BusinessRow) {
        self.init(id: row.id, kind: row.kind, name: row.name, legalStatus: row.legal_status, sector: row.sector, startedOn: row.started_on,
                  staff: row.staff, turnoverBand: row.turnover_band, ice: row.ice, rc: row.rc, taxId: row.tax_id,
                  digitalPresence: (row.digital_presence ?? "").split(separator: ",").map(String.init))
    }
}

extension APIDTO.Case {
    init(_ item: AccompanimentService.CaseRow, timeline: CaseQueries.Timeline, diagnostics: [DiagnosticsService.Diagnostic]) {
        self.init(
            id: item.id, beneficiaryId: item.beneficiary_id, name: item.personName, structure: item.structure_name, advisor: item.advisor_name,
            stage: item.stage, closedReason: item.closed_reason, openedAt: item.opened_at, closedAt: item.closed_at, version: item.version,
            interactions: timeline.interactions.map {
                .init(id: $0.id, kind: $0.kind, occurredOn: $0.occurred_on, durationMinutes: $0.duration_minutes,
                      topics: $0.topics.split(separator: ",").map(String.init), notes: $0.notes)
            },
            actions: timeline.actions.map { .init(id: $0.id, title: $0.title, owner: $0.owner, dueOn: $0.due_on, status: $0.status) },
            referrals: timeline.referrals.map {
                .init(id: $0.id, partner: $0.partner_name, measure: $0.measure, status: $0.status, requestedAmount: APIDTO.amount($0.requested_centimes),
                      grantedAmount: APIDTO.amount($0.granted_centimes), answerReason: $0.answer_reason, sentAt: $0.sent_at)
            },
            outcomes: timeline.outcomes.map {
                .init(id: $0.id, kind: $0.kind, occurredOn: $0.occurred_on, legalStatus: $0.legal_status, amount: APIDTO.amount($0.amount_centimes),
                      source: $0.source, jobsCreated: $0.jobs_created, jobsKept: $0.jobs_kept, confirmedAt: $0.confirmed_at)
            },
            diagnostics: diagnostics.map(APIDTO.Diagnostic.init))
    }
}
