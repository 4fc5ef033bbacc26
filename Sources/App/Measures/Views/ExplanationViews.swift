import Domain
import HTML

/// A verdict and its reasons, criterion by criterion, in the reader's language: the same block on the public
/// results, the advisor's page and the catalogue.
enum ExplanationViews {
    static func verdict(_ verdict: Assessment.Verdict, _ t: Localizer) -> HTML {
        "<span class=\"verdict \(verdict.rawValue)\">\(t("eligibility.verdict.\(verdict.rawValue)"))</span>"
    }

    static func explanation(_ explanation: Explanation, _ t: Localizer) -> HTML {
        "<ul class=\"explanation\">\(items(explanation, t, top: true))</ul>"
    }

    private static func items(_ explanation: Explanation, _ t: Localizer, top: Bool) -> HTML {
        switch explanation {
        case .group(let any, let outcome, let children):
            let inner: [HTML] = children.map { items($0, t, top: false) }
            if top && !any { return "\(inner)" }
            return """
            <li class="\(outcome.rawValue) group">\(t(any ? "eligibility.group_any" : "eligibility.group_all"))<ul>\(inner)</ul></li>
            """
        case .condition(let condition, let outcome, let found):
            let label = t("eligibility.field.\(condition.field.rawValue)")
            let required = EligibilityVocabulary.required(condition, t)
            let line: String = switch (outcome, found) {
            case (.met, let found?):
                t("eligibility.line_met", ["field": label, "found": EligibilityVocabulary.found(condition.field, found, t), "required": required])
            case (.notMet, let found?):
                t("eligibility.line_not_met", ["field": label, "found": EligibilityVocabulary.found(condition.field, found, t), "required": required])
            case (_, let found?):
                t("eligibility.line_imprecise", ["field": label, "found": EligibilityVocabulary.found(condition.field, found, t), "required": required])
            case (_, nil):
                t("eligibility.line_missing", ["field": label, "required": required, "question": t("eligibility.question.\(condition.field.rawValue)")])
            }
            return "<li class=\"\(outcome.rawValue)\">\(line)</li>"
        }
    }

    /// The rule without a profile: what the measure asks, for the catalogue page.
    static func conditions(_ criterion: Criterion, _ t: Localizer) -> HTML {
        func walk(_ criterion: Criterion, top: Bool) -> HTML {
            switch criterion {
            case .all(let children) where top: return "\(children.map { walk($0, top: false) })"
            case .all(let children), .any(let children):
                let any: Bool = if case .any = criterion { true } else { false }
                return "<li>\(t(any ? "eligibility.group_any" : "eligibility.group_all"))<ul>\(children.map { walk($0, top: false) })</ul></li>"
            case .condition(let condition):
                return "<li>\(t("eligibility.condition", ["field": t("eligibility.field.\(condition.field.rawValue)"), "required": EligibilityVocabulary.required(condition, t)]))</li>"
            }
        }
        if case .all(let children) = criterion, children.isEmpty { return "<ul><li>\(t("measure.open_to_all"))</li></ul>" }
        return "<ul>\(walk(criterion, top: true))</ul>"
    }
}
