/// The one place where text becomes markup.
public enum Escaping {
    /// Appends `text` with `& < > " '` replaced by entities. Safe runs between special characters are copied as
    /// whole UTF-8 slices, so a name with one apostrophe costs two copies, not one append per character.
    public static func append(_ text: String, to output: inout String) {
        let utf8 = text.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            let entity: String?
            switch utf8[index] {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            case 0x27: entity = "&#39;"
            default: entity = nil
            }
            if let entity {
                if runStart != index { output += text[runStart..<index] }
                output += entity
                runStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if runStart == utf8.startIndex {
            output += text
        } else if runStart != utf8.endIndex {
            output += text[runStart...]
        }
    }

    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        append(text, to: &output)
        return output
    }
}
