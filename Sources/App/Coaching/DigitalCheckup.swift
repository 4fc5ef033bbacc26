import Domain
import Foundation

/// The digital check-up: the `digital_checkup` instrument (administrators edit it like any diagnostic), taken by
/// the entrepreneur alone and scored per dimension. A question's theme is its dimension, so the advice links to the
/// measures and the forum's workshops on the same theme.
struct DigitalCheckup: Sendable {
    static let instrumentCode = "digital_checkup"

    struct Dimension: Codable, Sendable, Equatable {
        let theme: String
        let points: Int
        let max: Int
        var percent: Int { DiagnosticsService.percent(points: points, max: max) }
    }

    let instrument: Instrument
    let dimensions: [Dimension]
    let recommendations: [DiagnosticsService.Recommendation]
    let score: Int

    /// Scores the answers (`q_<question code>` → option index); a missing answer is a field error.
    init(_ instrument: Instrument, values: [String: String]) throws(AppError) {
        let answers = instrument.questions.reduce(into: [String: Int]()) { answers, question in
            answers[question.code] = values["q_\(question.code)"].flatMap { Int($0) }
        }
        let (scored, advice) = try DiagnosticsService.assess(instrument, answers: answers)
        var order: [String] = []
        var totals: [String: (points: Int, max: Int)] = [:]
        for (question, answer) in zip(instrument.questions, scored) {
            let theme = question.theme ?? ""
            if totals[theme] == nil { order.append(theme) }
            totals[theme, default: (0, 0)].points += answer.points
            totals[theme, default: (0, 0)].max += answer.max
        }
        self.instrument = instrument
        dimensions = order.map { Dimension(theme: $0, points: totals[$0]!.points, max: totals[$0]!.max) }
        recommendations = advice
        score = DiagnosticsService.score(scored).percent
    }

    /// What a saved result keeps to show progress later: the percent per dimension.
    var summary: String { String(decoding: (try? JSONEncoder().encode(dimensions)) ?? Data(), as: UTF8.self) }

    static func dimensions(fromSummary summary: String?) -> [Dimension] {
        guard let summary else { return [] }
        return (try? JSONDecoder().decode([Dimension].self, from: Data(summary.utf8))) ?? []
    }

    /// Live measures on a dimension's theme, one above it or any below it.
    static func measures(for theme: String, among measures: [Measure]) -> [Measure] {
        let related = ThemeTaxonomy.shipped.related(to: theme)
        return measures.filter { !related.isDisjoint(with: $0.themes) }
    }

    /// The forum's workshops to come on the same themes, the next few first.
    static func workshops(for theme: String, among workshops: [ForumProgramme.SessionAtStop]) -> [ForumProgramme.SessionAtStop] {
        let related = ThemeTaxonomy.shipped.related(to: theme)
        return Array(workshops.filter { $0.theme.map(related.contains) ?? false }.prefix(3))
    }
}
