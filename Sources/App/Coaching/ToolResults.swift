import Foundation
import HTML
import SQLKit

/// The tools an entrepreneur can save a result of, and where each one lives.
enum CoachingTool: String, CaseIterable, Sendable {
    case budget, loan, autoEntrepreneur = "auto_entrepreneur", bankReadiness = "bank_readiness", digitalCheckup = "digital_checkup"

    var path: String {
        switch self {
        case .budget: "/tools/budget"
        case .loan: "/tools/loan"
        case .autoEntrepreneur: "/tools/auto-entrepreneur"
        case .bankReadiness: "/tools/bank"
        case .digitalCheckup: "/tools/digital"
        }
    }

    /// The form fields that make up a result, so a saved link carries nothing else someone typed into the address.
    func keeps(_ field: String) -> Bool {
        switch self {
        case .loan: ["principal", "rate", "months", "deferral", "deferral_kind", "fees"].contains(field)
        case .autoEntrepreneur: ["activity", "turnover", "largest_client"].contains(field)
        case .budget: ["template", "variable_percent", "fixed_costs", "investments", "own_funds", "grant", "loan_principal", "loan_rate",
                       "loan_months", "loan_deferral", "honour_principal", "honour_months", "honour_deferral"].contains(field)
            || (field.hasPrefix("sales_") && Int(field.dropFirst(6)).map { (1...12).contains($0) } == true)
        case .bankReadiness: ["requested", "rate", "months", "project_cost", "own_contribution", "monthly_income", "existing_repayments",
                              "past_unpaid", "experience_months"].contains(field) || field.hasPrefix("doc_")
        case .digitalCheckup: field.hasPrefix("q_")
        }
    }
}

/// Saved results in a person's file. Personal data: read only for the person themselves, for staff within scope when
/// the person shared it, and for the partner institution they shared it with.
struct ToolResults {
    let sql: any SQLDatabase

    struct Saved: Sendable, Decodable {
        let id: Int
        let tool: String
        let query: String
        let shared: Bool
        let partner_id: Int?
        let partner_name: String?
        let summary: String?
        let created_at: Date

        var link: String { "\(CoachingTool(rawValue: tool)?.path ?? "/tools")?\(query)" }
    }

    /// A result shared with a partner institution, with whom it belongs to.
    struct SharedWithPartner: Sendable, Decodable {
        let id: Int
        let tool: String
        let query: String
        let created_at: Date
        let beneficiary_id: Int
        let first_name: String
        let last_name: String
        let phone: String?
        let consent_purpose: String?

        /// The person agreed that partners see who they are and how to reach them.
        var sharesContact: Bool { consent_purpose == ConsentPurpose.withPartners.rawValue }
        var link: String { "\(CoachingTool(rawValue: tool)?.path ?? "/tools")?\(query)" }
    }

    /// The record an entrepreneur's account is linked to.
    func ownRecord(userID: Int) async throws -> Int? {
        try await sql.raw("""
            SELECT id FROM beneficiaries WHERE user_id = \(bind: userID) AND merged_into_id IS NULL AND anonymised_at IS NULL ORDER BY id LIMIT 1
            """).first(decodingColumn: "id", as: Int.self)
    }

    static func cleanQuery(_ values: [String: String], tool: CoachingTool) -> String {
        var pairs = values.filter { tool.keeps($0.key) && !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { ($0.key, Optional($0.value)) }
        pairs.append(("go", "1"))
        return String(URLEncoding.url("", pairs).dropFirst())
    }

    func save(tool: CoachingTool, query: String, summary: String?, beneficiaryID: Int, shared: Bool, by userID: Int) async throws -> Int {
        try await sql.raw("""
            INSERT INTO tool_results (beneficiary_id, tool, query, summary, shared, saved_by, created_at)
            VALUES (\(bind: beneficiaryID), \(bind: tool.rawValue), \(bind: query), \(bind: summary), \(bind: shared), \(bind: userID), \(bind: Date()))
            RETURNING id
            """).first(decodingColumn: "id", as: Int.self)!
    }

    func list(beneficiaryID: Int, sharedOnly: Bool) async throws -> [Saved] {
        try await sql.raw("""
            SELECT r.id, r.tool, r.query, r.shared, r.partner_id, p.name AS partner_name, r.summary, r.created_at
            FROM tool_results r LEFT JOIN partner_institutions p ON p.id = r.partner_id
            WHERE r.beneficiary_id = \(bind: beneficiaryID) AND (r.shared = \(bind: true) OR \(bind: !sharedOnly) = \(bind: true))
            ORDER BY r.created_at DESC, r.id DESC LIMIT 100
            """).all(decoding: Saved.self)
    }

    /// The person's own choice: show one of their results to a partner institution, or stop (nil).
    func share(_ resultID: Int, of beneficiaryID: Int, with partnerID: Int?) async throws {
        let updated = try await sql.raw("""
            UPDATE tool_results SET partner_id = \(bind: partnerID) WHERE id = \(bind: resultID) AND beneficiary_id = \(bind: beneficiaryID) RETURNING id
            """).first()
        if updated == nil { throw AppError.notFound }
    }

    func shared(with scope: PartnerScope, limit: Int = 200) async throws -> [SharedWithPartner] {
        guard !scope.isEmpty else { return [] }
        let condition: SQLQueryString = scope.all ? "r.partner_id IS NOT NULL" : "r.partner_id IN (\(SQLList(scope.partnerIDs.map { SQLBind($0) })))"
        return try await sql.raw("""
            SELECT r.id, r.tool, r.query, r.created_at, b.id AS beneficiary_id, b.first_name, b.last_name, b.phone, b.consent_purpose
            FROM tool_results r JOIN beneficiaries b ON b.id = r.beneficiary_id
            WHERE \(condition) AND b.anonymised_at IS NULL ORDER BY r.created_at DESC, r.id DESC LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: SharedWithPartner.self)
    }

    func lastSummary(of beneficiaryID: Int, tool: CoachingTool) async throws -> (date: Date, summary: String)? {
        struct Row: Decodable { let created_at: Date; let summary: String }
        return try await sql.raw("""
            SELECT created_at, summary FROM tool_results WHERE beneficiary_id = \(bind: beneficiaryID) AND tool = \(bind: tool.rawValue) AND summary IS NOT NULL
            ORDER BY created_at DESC, id DESC LIMIT 1
            """).first(decoding: Row.self).map { ($0.created_at, $0.summary) }
    }
}
