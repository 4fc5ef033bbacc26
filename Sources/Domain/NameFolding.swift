import Foundation

/// Keys that let names match across spellings and scripts: "Mohamed", "Mohammed", "MUHAMMAD" and "محمد" share one
/// consonant skeleton (`mhmd`). Used to search by name fragment and to catch duplicates at entry.
public enum NameFolding {
    /// Lower case, no accents, letters and digits only: "Él-Amrani" → "el amrani".
    public static func latin(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return String(folded.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains(Character($0)) ? Character($0) : " " })
            .split(separator: " ").joined(separator: " ")
    }

    /// Arabic as people type it in different ways: no vowel marks or tatweel; alef, yeh and teh marbuta forms unified.
    public static func arabic(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x064B...0x065F, 0x0670, 0x0640: continue  // harakat, superscript alef, tatweel
            case 0x0622, 0x0623, 0x0625, 0x0671: output.append("\u{0627}")  // آ أ إ ٱ → ا
            case 0x0649: output.append("\u{064A}")  // ى → ي
            case 0x0629: output.append("\u{0647}")  // ة → ه
            case 0x0624: output.append("\u{0648}")  // ؤ → و
            case 0x0626: output.append("\u{064A}")  // ئ → ي
            default: output.append(scalar.properties.isAlphabetic ? scalar : " ")
            }
        }
        return String(output).split(separator: " ").joined(separator: " ")
    }

    public static func containsArabic(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) }
    }

    /// The words of a name folded for its script, without articles ("el", "al", "ال").
    public static func words(_ text: String) -> [String] {
        (containsArabic(text) ? arabic(text) : latin(text)).split(separator: " ").map { word in
            if word.hasPrefix("ال"), word.count > 3 { return String(word.dropFirst(2)) }
            return String(word)
        }.filter { !articles.contains($0) }
    }

    /// The consonant skeleton of one word, the same for its Latin spellings and its Arabic writing.
    public static func skeleton(_ word: String) -> String {
        var output: [Character] = []
        func add(_ letter: Character?) {
            guard let letter, output.last != letter else { return }  // doubled letters ("mm", "ss", shadda) count once
            output.append(letter)
        }
        if containsArabic(word) {
            for scalar in arabic(word).unicodeScalars { add(arabicConsonants[scalar]) }
            return withoutFinalH(output)
        }
        let letters = latin(word).filter { $0 != " " }.map { $0 }
        var index = 0
        while index < letters.count {
            if index + 1 < letters.count, let digraph = latinDigraphs[String(letters[index...index + 1])] {
                add(digraph)
                index += 2
            } else {
                add(latinConsonants[letters[index]] ?? nil)
                index += 1
            }
        }
        return withoutFinalH(output)
    }

    /// A final h is written or not for the same name in both scripts: "Fatima"/"فاطمة", "Abdellah"/"Abdella",
    /// "Salah"/"صلاح"; dropping it keeps them together.
    private static func withoutFinalH(_ letters: [Character]) -> String {
        String(letters.count > 1 && letters.last == "h" ? letters.dropLast() : letters[...])
    }

    /// Order-free key of a full name: the sorted skeletons of its words. "Youssef El Amrani", "EL AMRANI Youssef"
    /// and "يوسف العمراني" give the same key.
    public static func nameKey(_ name: String) -> String {
        words(name).map(skeleton).filter { !$0.isEmpty }.sorted().joined(separator: " ")
    }

    private static let articles: Set<String> = ["el", "al", "ال"]

    // Vowels, and the letters Latin spellings write as vowels (alef, waw, yeh, ain, hamza), carry no consonant.
    private static let latinConsonants: [Character: Character?] = [
        "a": nil, "e": nil, "i": nil, "o": nil, "u": nil, "y": nil, "w": nil,
        "b": "b", "p": "b", "c": "k", "d": "d", "f": "f", "v": "f", "g": "g", "h": "h", "j": "j", "k": "k", "q": "k",
        "l": "l", "m": "m", "n": "n", "r": "r", "s": "s", "t": "t", "x": "k", "z": "z",
    ]
    /// Two Latin letters for one Arabic sound; "ou" is a vowel.
    private static let latinDigraphs: [String: Character?] = [
        "ch": "s", "sh": "s", "kh": "k", "gh": "g", "th": "t", "dh": "d", "dj": "j", "ou": nil,
    ]

    private static let arabicConsonants: [Unicode.Scalar: Character] = [
        "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
        "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ق": "k", "ك": "k",
        "ل": "l", "م": "m", "ن": "n", "ه": "h", "ڤ": "f", "پ": "b", "گ": "g", "ڭ": "g",
    ]
}
