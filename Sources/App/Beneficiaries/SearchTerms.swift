import Domain

/// The search rows of one person: each name word folded for its script (`w:` Latin, `a:` Arabic) and its consonant
/// skeleton (`k:`), so "moham" finds "Mohammed" by prefix and "Mohamed" finds "محمد" through the skeleton; and each
/// ordered pair of two of their words in one script (`p:`), so "mohamed alaoui" is one index range however common
/// each word is alone.
enum SearchTerms {
    static func of(firstName: String, lastName: String, arabic: String?) -> [String] {
        var terms: Set<String> = []
        var wordsByScript: [String: Set<String>] = [:]
        func add(_ word: String) {
            let script = NameFolding.containsArabic(word) ? "a:" : "w:"
            terms.insert(script + word)
            wordsByScript[script, default: []].insert(word)
            let skeleton = NameFolding.skeleton(word)
            if skeleton.count >= 2 { terms.insert("k:" + skeleton) }
        }
        NameFolding.words("\(firstName) \(lastName)").forEach(add)
        NameFolding.words(arabic ?? "").forEach(add)
        for words in wordsByScript.values {
            for first in words { for second in words where second != first { terms.insert(pairPrefix + first + " " + second) } }
        }
        return terms.sorted()
    }

    static let pairPrefix = "p:"

    /// How one typed word is looked up: a prefix in its script, and the skeleton for names of three letters or more.
    struct Lookup: Equatable {
        let prefix: String
        let skeleton: String?
    }

    static func lookups(_ query: String) -> [Lookup] {
        NameFolding.words(query).map { word in
            let skeleton = NameFolding.skeleton(word)
            return Lookup(prefix: (NameFolding.containsArabic(word) ? "a:" : "w:") + word,
                          skeleton: word.count >= 3 && skeleton.count >= 2 ? "k:" + skeleton : nil)
        }
    }

    /// The pair rows that hold the people matching the first two typed words spelled as typed, the second as a
    /// prefix ("mohamed ala" → `p:mohamed ala…`); nil when those words are in different scripts.
    static func pair(_ lookups: [Lookup]) -> String? {
        guard lookups.count >= 2, lookups[0].prefix.prefix(2) == lookups[1].prefix.prefix(2) else { return nil }
        return pairPrefix + lookups[0].prefix.dropFirst(2) + " " + lookups[1].prefix.dropFirst(2)
    }

    /// The first string after every string starting with `prefix`, for an index range `term >= p AND term < end`.
    static func rangeEnd(_ prefix: String) -> String { prefix + "\u{10FFFF}" }
}
