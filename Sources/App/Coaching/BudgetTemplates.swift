import Domain
import Foundation
import SQLKit

/// The budget templates administrators keep: an average month's sales and its seasonality, the share of variable
/// costs, fixed costs and investments typical of an activity.
struct BudgetTemplates {
    let sql: any SQLDatabase

    private struct Row: Decodable {
        let code: String; let name_fr: String; let name_ar: String; let name_en: String
        let average_month_centimes: Int64; let variable_cost_percent: String; let fixed_costs_centimes: Int64; let investments_centimes: Int64
        let coefficients: String
    }

    func all() async throws -> [CoachingReference.Template] {
        try await rows("1 = 1")
    }

    func find(code: String) async throws -> CoachingReference.Template? { try await rows("code = \(bind: code)").first }

    private func rows(_ condition: SQLQueryString) async throws -> [CoachingReference.Template] {
        try await sql.raw("""
            SELECT code, name_fr, name_ar, name_en, average_month_centimes, variable_cost_percent, fixed_costs_centimes, investments_centimes, coefficients
            FROM budget_templates WHERE \(condition) ORDER BY id
            """).all(decoding: Row.self).map { row in
            CoachingReference.Template(code: row.code, name: .init(fr: row.name_fr, ar: row.name_ar, en: row.name_en),
                                       averageMonth: Dirhams(centimes: row.average_month_centimes).decimal,
                                       variableCostPercent: Decimal(string: row.variable_cost_percent) ?? 0,
                                       monthlyFixedCosts: Dirhams(centimes: row.fixed_costs_centimes).decimal,
                                       investments: Dirhams(centimes: row.investments_centimes).decimal,
                                       coefficients: row.coefficients.split(separator: " ").compactMap { Decimal(string: String($0)) })
        }
    }

    /// A code is used once; two administrators creating the same one at the same instant get a conflict from the index.
    func insert(_ template: CoachingReference.Template, by userID: Int?) async throws {
        if try await find(code: template.code) != nil { throw AppError.validation(["code": FieldProblem("instrument.code_taken")]) }
        try await sql.raw("""
            INSERT INTO budget_templates (code, name_fr, name_ar, name_en, average_month_centimes, variable_cost_percent, fixed_costs_centimes,
                                          investments_centimes, coefficients, updated_at, updated_by)
            VALUES (\(bind: template.code), \(bind: template.name.fr), \(bind: template.name.ar), \(bind: template.name.en),
                    \(bind: Self.centimes(template.averageMonth)), \(bind: "\(template.variableCostPercent)"), \(bind: Self.centimes(template.monthlyFixedCosts)),
                    \(bind: Self.centimes(template.investments)), \(bind: Self.coefficients(template)), \(bind: Date()), \(bind: userID))
            """).run()
    }

    func update(_ template: CoachingReference.Template, by userID: Int) async throws {
        let updated = try await sql.raw("""
            UPDATE budget_templates SET name_fr = \(bind: template.name.fr), name_ar = \(bind: template.name.ar), name_en = \(bind: template.name.en),
                average_month_centimes = \(bind: Self.centimes(template.averageMonth)), variable_cost_percent = \(bind: "\(template.variableCostPercent)"),
                fixed_costs_centimes = \(bind: Self.centimes(template.monthlyFixedCosts)), investments_centimes = \(bind: Self.centimes(template.investments)),
                coefficients = \(bind: Self.coefficients(template)), updated_at = \(bind: Date()), updated_by = \(bind: userID)
            WHERE code = \(bind: template.code) RETURNING id
            """).first()
        if updated == nil { throw AppError.notFound }
    }

    private static func centimes(_ amount: Decimal) -> Int64 { NSDecimalNumber(decimal: Dirhams.round(amount) * 100).int64Value }

    private static func coefficients(_ template: CoachingReference.Template) -> String { template.coefficients.map { "\($0)" }.joined(separator: " ") }

    /// The administrator's form: names in each language, amounts as people type them, twelve monthly coefficients
    /// (1 is an average month) separated by spaces or semicolons, with a comma or a point.
    static func template(from values: [String: String], code: String?) throws(AppError) -> CoachingReference.Template {
        var validator = Validator()
        let code = code ?? validator.code("code", values["code"])
        let name = validator.localized("name", values, maxLength: 120)
        var form = CoachingForms(values)
        let average = form.amount("average_month"), variable = form.percent("variable_percent")
        let fixed = form.amount("fixed_costs"), investments = form.amount("investments")
        let typed = (values["coefficients"] ?? "").replacingOccurrences(of: ",", with: ".").split(whereSeparator: { $0 == " " || $0 == ";" || $0.isNewline })
        let coefficients = typed.compactMap { Decimal(string: String($0)) }.filter { $0 >= 0 && $0 <= 10 }
        if typed.count != 12 || coefficients.count != 12 { validator.add("coefficients", "coaching.coefficients") }
        for (field, problem) in form.problems { validator.add(field, problem.key, problem.arguments) }
        try validator.check()
        return .init(code: code, name: name, averageMonth: average ?? 0, variableCostPercent: variable ?? 0, monthlyFixedCosts: fixed ?? 0,
                     investments: investments ?? 0, coefficients: coefficients)
    }
}
