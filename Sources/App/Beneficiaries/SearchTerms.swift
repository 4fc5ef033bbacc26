import Domain

/// The search rows of one person: each name word folded for its script (`w:` Latin, `a:` Arabic) and its consonant
/// skeleton (`k:`), so "moham" finds "Mohammed" by prefix and "Mohamed" finds "محمد" through the skeleton.
enum SearchTerms {
    static func of(firstName: String, lastName: String, arabic: String?) -> [String] {
        var terms: Set<String> = []
        for word in NameFolding.words("\(firstName) \(lastName)") {
            terms.insert("w:" + word)
            let skeleton = NameFolding.skeleton(word)
            if skeleton.count >= 2 { terms.insert("k:" + skeleton) }
        }
        for word in NameFolding.words(arabic ?? "") {
            terms.insert((NameFolding.containsArabic(word) ? "a:" : "w:") + word)
            let skeleton = NameFolding.skeleton(word)
            if skeleton.count >= 2 { terms.insert("k:" + skeleton) }
        }
        return terms.sorted()
    }

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

    /// The first string after every string starting with `prefix`, for an index range `term >= p AND term < end`.
    static func rangeEnd(_ prefix: String) -> String { prefix + "\u{10FFFF}" }
}
