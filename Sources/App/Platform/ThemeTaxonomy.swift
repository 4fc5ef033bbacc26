import Foundation

/// The theme taxonomy shared by interactions, sessions, questions and measures, shipped as reference data.
struct ThemeTaxonomy: Sendable {
    struct Theme: Sendable {
        let code: String
        let parent: String?
        let names: [Language: String]
    }

    let themes: [Theme]

    func name(_ code: String, in language: Language) -> String {
        themes.first { $0.code == code }?.names[language] ?? code
    }

    func contains(_ code: String) -> Bool { themes.contains { $0.code == code } }

    /// The theme, its parent and everything under it: a workshop on social pages serves a weak online visibility, and
    /// one on digital marketing as a whole does too.
    func related(to code: String) -> Set<String> {
        var related: Set<String> = [code]
        if let parent = themes.first(where: { $0.code == code })?.parent { related.insert(parent) }
        var frontier = [code]
        while let next = frontier.popLast() {
            for child in themes where child.parent == next && !related.contains(child.code) {
                related.insert(child.code)
                frontier.append(child.code)
            }
        }
        return related
    }

    static let shipped: ThemeTaxonomy = {
        guard let url = Bundle.module.url(forResource: "themes", withExtension: "csv", subdirectory: "Resources/Reference"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return ThemeTaxonomy(themes: []) }
        let themes = text.split(whereSeparator: \.isNewline).dropFirst().map { line -> Theme in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Theme(code: cells[0], parent: cells[1].isEmpty ? nil : cells[1], names: [.fr: cells[2], .ar: cells[3], .en: cells[4]])
        }
        return ThemeTaxonomy(themes: themes)
    }()
}
