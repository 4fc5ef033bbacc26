import Domain
import FluentKit
import Foundation
import SQLKit

/// Reading and editing the catalogue. Every change writes a revision with a snapshot, so the history shows what a
/// measure said on any day; a rule changes by a new version starting on a day, never in place.
struct MeasureCatalogue {
    let sql: any SQLDatabase

    private struct Row: Decodable {
        let id: Int; let code: String; let kind: String
        let name_fr, name_ar, name_en, summary_fr, summary_ar, summary_en: String
        let operator_name, benefits_fr, benefits_ar, benefits_en: String
        let max_amount_centimes: Int64?; let rate_percent: String?; let duration_months: Int?; let deferral_months: Int?
        let documents_fr, documents_ar, documents_en, apply_fr, apply_ar, apply_en: String
        let source_url: String; let status: String; let opens_on: String?; let closes_on: String?; let themes: String
        let rule_id: Int?; let criteria: String?; let valid_from: String?; let valid_until: String?; let rule_source: String?
    }

    /// Every measure, each with the rule in force on `day`.
    func all(on day: Day) async throws -> [Measure] { try await measures("1 = 1", on: day) }

    /// The measures one can still apply to or wait for on `day`, each with a rule in force.
    func live(on day: Day) async throws -> [Measure] {
        try await all(on: day).filter { $0.rule != nil && $0.status(on: day) != .closed }
    }

    func find(code: String, on day: Day) async throws -> Measure? { try await measures("m.code = \(bind: code)", on: day).first }

    func find(id: Int, on day: Day) async throws -> Measure? { try await measures("m.id = \(bind: id)", on: day).first }

    private func measures(_ condition: SQLQueryString, on day: Day) async throws -> [Measure] {
        let today = day.description
        return try await sql.raw("""
            SELECT m.id, m.code, m.kind, m.name_fr, m.name_ar, m.name_en, m.summary_fr, m.summary_ar, m.summary_en, m.operator_name,
                   m.benefits_fr, m.benefits_ar, m.benefits_en, m.max_amount_centimes, m.rate_percent, m.duration_months, m.deferral_months,
                   m.documents_fr, m.documents_ar, m.documents_en, m.apply_fr, m.apply_ar, m.apply_en, m.source_url, m.status, m.opens_on,
                   m.closes_on, m.themes, r.id AS rule_id, r.criteria, r.valid_from, r.valid_until, r.source AS rule_source
            FROM measures m
            LEFT JOIN measure_rules r ON r.measure_id = m.id AND r.valid_from <= \(bind: today) AND (r.valid_until IS NULL OR r.valid_until >= \(bind: today))
            WHERE \(condition) ORDER BY m.name_fr, m.id
            """).all(decoding: Row.self).map(Self.measure)
    }

    private static func measure(_ row: Row) -> Measure {
        var rule: Measure.Rule?
        if let id = row.rule_id, let text = row.criteria, let from = row.valid_from.flatMap({ Day(iso: $0) }),
           let criteria = try? CriteriaText.parse(text, vocabulary: EligibilityVocabulary.fields) {
            rule = .init(id: id, criteria: criteria, text: text, validity: Validity(from: from, until: row.valid_until.flatMap { Day(iso: $0) }),
                         source: row.rule_source ?? "")
        }
        let draft = MeasureDraft(code: row.code, kind: MeasureKind(rawValue: row.kind) ?? .other,
                                 name: .init(fr: row.name_fr, ar: row.name_ar, en: row.name_en),
                                 summary: .init(fr: row.summary_fr, ar: row.summary_ar, en: row.summary_en), operatorName: row.operator_name,
                                 benefits: .init(fr: row.benefits_fr, ar: row.benefits_ar, en: row.benefits_en),
                                 maxAmount: row.max_amount_centimes.map { Dirhams(centimes: $0) }, ratePercent: row.rate_percent.flatMap { Decimal(string: $0) },
                                 durationMonths: row.duration_months, deferralMonths: row.deferral_months,
                                 documents: .init(fr: row.documents_fr, ar: row.documents_ar, en: row.documents_en),
                                 howToApply: .init(fr: row.apply_fr, ar: row.apply_ar, en: row.apply_en), sourceURL: row.source_url,
                                 status: MeasureStatus(rawValue: row.status) ?? .closed, opensOn: row.opens_on, closesOn: row.closes_on,
                                 themes: row.themes.split(separator: ",").map(String.init))
        return Measure(id: row.id, draft: draft, rule: rule)
    }

    // MARK: writing

    /// A new measure from the form's values (the measure and its first rule), checked, then saved in one transaction.
    static func create(from values: [String: String], by userID: Int, on database: any Database) async throws -> (id: Int, code: String) {
        let draft = try MeasureForms.measure(values, code: nil)
        let rule = try MeasureForms.rule(values)
        let id = try await database.transaction { transaction in
            try await MeasureCatalogue(sql: transaction as! any SQLDatabase).create(draft, rule: rule.draft, by: userID, summary: "created")
        }
        return (id, draft.code)
    }

    func create(_ draft: MeasureDraft, rule: RuleDraft, by userID: Int?, summary: String) async throws -> Int {
        // One statement, no read first: two administrators creating the same code cannot both pass a check.
        guard let id = try await sql.raw("""
            INSERT INTO measures (code, kind, name_fr, name_ar, name_en, summary_fr, summary_ar, summary_en, operator_name, benefits_fr, benefits_ar,
                                  benefits_en, max_amount_centimes, rate_percent, duration_months, deferral_months, documents_fr, documents_ar,
                                  documents_en, apply_fr, apply_ar, apply_en, source_url, status, opens_on, closes_on, themes, updated_at)
            VALUES (\(bind: draft.code), \(columns(draft)), \(bind: Date()))
            ON CONFLICT (code) DO NOTHING
            RETURNING id
            """).first(decodingColumn: "id", as: Int.self) else {
            throw AppError.validation(["code": FieldProblem("instrument.code_taken")])
        }
        try await insertRule(rule, measureID: id, by: userID)
        try await revise(id, summary: summary, by: userID)
        return id
    }

    func update(_ id: Int, _ draft: MeasureDraft, by userID: Int?) async throws {
        try await sql.raw("""
            UPDATE measures SET (kind, name_fr, name_ar, name_en, summary_fr, summary_ar, summary_en, operator_name, benefits_fr, benefits_ar,
                                 benefits_en, max_amount_centimes, rate_percent, duration_months, deferral_months, documents_fr, documents_ar,
                                 documents_en, apply_fr, apply_ar, apply_en, source_url, status, opens_on, closes_on, themes, updated_at)
                = (\(columns(draft)), \(bind: Date()))
            WHERE id = \(bind: id)
            """).run()
        try await revise(id, summary: "measure", by: userID)
    }

    private func columns(_ draft: MeasureDraft) -> SQLQueryString {
        """
        \(bind: draft.kind.rawValue), \(bind: draft.name.fr), \(bind: draft.name.ar), \(bind: draft.name.en), \(bind: draft.summary.fr), \
        \(bind: draft.summary.ar), \(bind: draft.summary.en), \(bind: draft.operatorName), \(bind: draft.benefits.fr), \(bind: draft.benefits.ar), \
        \(bind: draft.benefits.en), \(bind: draft.maxAmount?.centimes), \(bind: draft.ratePercent.map { "\($0)" }), \(bind: draft.durationMonths), \
        \(bind: draft.deferralMonths), \(bind: draft.documents.fr), \(bind: draft.documents.ar), \(bind: draft.documents.en), \
        \(bind: draft.howToApply.fr), \(bind: draft.howToApply.ar), \(bind: draft.howToApply.en), \(bind: draft.sourceURL), \
        \(bind: draft.status.rawValue), \(bind: draft.opensOn), \(bind: draft.closesOn), \(bind: draft.themes.joined(separator: ","))
        """
    }

    /// A new rule starts today or later, after the latest version started; the version it follows ends the day before.
    /// Never in the past: an answer given yesterday stays explained by the rule in force yesterday.
    func addRule(_ rule: RuleDraft, to measureID: Int, by userID: Int?, today: Day = .today()) async throws {
        if rule.validFrom < today.description {
            throw AppError.validation(["valid_from": FieldProblem("measure.rule_not_past", ["date": today.description])])
        }
        // Writing first takes the measure's lock: two new versions at once queue up (PostgreSQL's row lock, SQLite's
        // write lock) instead of both reading the same latest version.
        guard try await sql.raw("UPDATE measures SET updated_at = \(bind: Date()) WHERE id = \(bind: measureID) RETURNING id").first() != nil else {
            throw AppError.notFound
        }
        let latest = try await sql.raw("SELECT MAX(valid_from) AS latest FROM measure_rules WHERE measure_id = \(bind: measureID)")
            .first(decodingColumn: "latest", as: String?.self) ?? nil
        if let latest, rule.validFrom <= latest {
            throw AppError.validation(["valid_from": FieldProblem("measure.rule_after", ["date": latest])])
        }
        let start = Day(iso: rule.validFrom)!
        try await sql.raw("""
            UPDATE measure_rules SET valid_until = \(bind: start.previous.description)
            WHERE measure_id = \(bind: measureID) AND (valid_until IS NULL OR valid_until >= \(bind: rule.validFrom))
            """).run()
        try await insertRule(rule, measureID: measureID, by: userID)
        try await revise(measureID, summary: "rule from \(rule.validFrom)", by: userID)
    }

    private func insertRule(_ rule: RuleDraft, measureID: Int, by userID: Int?) async throws {
        try await sql.raw("""
            INSERT INTO measure_rules (measure_id, criteria, valid_from, source, created_by, created_at)
            VALUES (\(bind: measureID), \(bind: rule.text), \(bind: rule.validFrom), \(bind: rule.source), \(bind: userID), \(bind: Date()))
            """).run()
    }

    // MARK: history

    struct Snapshot: Codable, Sendable {
        let measure: MeasureDraft
        let rules: [RuleVersion]
    }

    struct RuleVersion: Codable, Sendable {
        let criteria: String
        let valid_from: String
        let valid_until: String?
        let source: String
    }

    struct Revision: Sendable, Decodable {
        let id: Int
        let changed_at: Date
        let changed_by_name: String?
        let summary: String
    }

    func rules(of measureID: Int) async throws -> [RuleVersion] {
        try await sql.raw("""
            SELECT criteria, valid_from, valid_until, source FROM measure_rules WHERE measure_id = \(bind: measureID) ORDER BY valid_from DESC
            """).all(decoding: RuleVersion.self)
    }

    func revisions(of measureID: Int) async throws -> [Revision] {
        try await sql.raw("""
            SELECT v.id, v.changed_at, u.display_name AS changed_by_name, v.summary
            FROM measure_revisions v LEFT JOIN users u ON u.id = v.changed_by
            WHERE v.measure_id = \(bind: measureID) ORDER BY v.changed_at DESC, v.id DESC
            """).all(decoding: Revision.self)
    }

    /// The measure as it stands after the change, with all its rule versions.
    private func revise(_ measureID: Int, summary: String, by userID: Int?) async throws {
        guard let measure = try await find(id: measureID, on: .today()) else { return }
        let snapshot = Snapshot(measure: measure.draft, rules: try await rules(of: measureID))
        try await sql.raw("""
            INSERT INTO measure_revisions (measure_id, changed_by, changed_at, summary, snapshot)
            VALUES (\(bind: measureID), \(bind: userID), \(bind: Date()), \(bind: summary), \(bind: String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)))
            """).run()
    }
}
