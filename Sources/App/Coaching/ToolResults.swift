import Foundation
import HTML
import SQLKit

/// The tools an entrepreneur can save a result of, and where each one lives.
enum CoachingTool: String, CaseIterable, Sendable {
    case budget, loan, autoEntrepreneur = "auto_entrepreneur"

    var path: String {
        switch self {
        case .budget: "/tools/budget"
        case .loan: "/tools/loan"
        case .autoEntrepreneur: "/tools/auto-entrepreneur"
        }
    }
}

/// Saved results in a person's file. Personal data: read only for the person themselves, or for staff within scope
/// when the person shared it.
struct ToolResults {
    let sql: any SQLDatabase

    struct Saved: Sendable, Decodable {
        let id: Int
        let tool: String
        let query: String
        let shared: Bool
        let created_at: Date

        var link: String { "\(CoachingTool(rawValue: tool)?.path ?? "/tools")?\(query)" }
    }

    /// The record an entrepreneur's account is linked to.
    func ownRecord(userID: Int) async throws -> Int? {
        try await sql.raw("""
            SELECT id FROM beneficiaries WHERE user_id = \(bind: userID) AND merged_into_id IS NULL AND anonymised_at IS NULL ORDER BY id LIMIT 1
            """).first(decodingColumn: "id", as: Int.self)
    }

    /// Keeps only the tool's own fields, so a saved link carries nothing else someone typed into the address.
    static func cleanQuery(_ values: [String: String], tool: CoachingTool) -> String {
        let allowed: Set<String> = switch tool {
        case .loan: ["principal", "rate", "months", "deferral", "deferral_kind", "fees"]
        case .autoEntrepreneur: ["activity", "turnover", "largest_client"]
        case .budget: Set(["template", "variable_percent", "fixed_costs", "investments", "own_funds", "grant", "loan_principal", "loan_rate",
                           "loan_months", "loan_deferral", "honour_principal", "honour_months", "honour_deferral"] + (1...12).map { "sales_\($0)" })
        }
        var pairs = values.filter { allowed.contains($0.key) && !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { ($0.key, Optional($0.value)) }
        pairs.append(("go", "1"))
        return String(URLEncoding.url("", pairs).dropFirst())
    }

    func save(tool: CoachingTool, query: String, beneficiaryID: Int, shared: Bool, by userID: Int) async throws -> Int {
        try await sql.raw("""
            INSERT INTO tool_results (beneficiary_id, tool, query, shared, saved_by, created_at)
            VALUES (\(bind: beneficiaryID), \(bind: tool.rawValue), \(bind: query), \(bind: shared), \(bind: userID), \(bind: Date()))
            RETURNING id
            """).first(decodingColumn: "id", as: Int.self)!
    }

    func list(beneficiaryID: Int, sharedOnly: Bool) async throws -> [Saved] {
        try await sql.raw("""
            SELECT id, tool, query, shared, created_at FROM tool_results
            WHERE beneficiary_id = \(bind: beneficiaryID) AND (shared = \(bind: true) OR \(bind: !sharedOnly) = \(bind: true))
            ORDER BY created_at DESC, id DESC LIMIT 100
            """).all(decoding: Saved.self)
    }
}
