import Foundation

/// Reads the tables people export from spreadsheets: CSV or tab-separated text in whatever encoding their machine
/// used. Excel on a French-locale Windows writes `;`-separated Windows-1252; Arabic Windows writes Windows-1256;
/// "Unicode text" is UTF-16 with tabs; LibreOffice and Google Sheets write UTF-8.
public enum TabularText {
    /// Text from bytes: a byte-order mark decides; otherwise UTF-8 if the bytes are valid UTF-8; otherwise Windows-1256
    /// or Windows-1252. Arabic words are runs of bytes above 0x7F in Windows-1256; in French text such a byte is an
    /// accented letter between plain ones, so runs are what tells them apart.
    public static func decode(_ data: Data) -> String {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: data.dropFirst(3), as: UTF8.self) }
        if data.starts(with: [0xFF, 0xFE]) { return String(data: data.dropFirst(2), encoding: .utf16LittleEndian) ?? "" }
        if data.starts(with: [0xFE, 0xFF]) { return String(data: data.dropFirst(2), encoding: .utf16BigEndian) ?? "" }
        if let text = String(validating: data, as: UTF8.self) { return text }
        let high = data.filter { $0 >= 0x80 }.count
        let runs = zip(data, data.dropFirst()).filter { $0 >= 0x80 && $1 >= 0x80 }.count
        if runs * 4 < high, let text = String(data: data, encoding: .windowsCP1252) { return text }
        var scalars = String.UnicodeScalarView()
        for byte in data { scalars.append(byte < 0x80 ? Unicode.Scalar(byte) : windows1256[Int(byte) - 0x80]) }
        return String(scalars)
    }

    /// Rows of cells. The separator is the one of `;`, tab and `,` found most often in the first line; quoted cells
    /// may hold separators, quotes (doubled) and line breaks. Blank lines are dropped.
    public static func rows(_ text: String) -> [[String]] {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let separator: Character = [";", "\t", ","].max { a, b in firstLine.filter { $0 == a }.count < firstLine.filter { $0 == b }.count } ?? ";"
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRow() {
            row.append(cell)
            cell = ""
            if !(row.count == 1 && row[0].trimmingCharacters(in: .whitespaces).isEmpty) { rows.append(row) }
            row = []
        }
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" && cell.isEmpty {
                quoted = true
            } else if character == separator {
                row.append(cell)
                cell = ""
            } else if character == "\n" || character == "\r" || character == "\r\n" {
                endRow()
            } else {
                cell.append(character)
            }
        }
        if !cell.isEmpty || !row.isEmpty { endRow() }
        return rows
    }

    /// Windows-1256 from 0x80 to 0xFF (Microsoft's table).
    static let windows1256: [Unicode.Scalar] = [
        "€", "پ", "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "ٹ", "‹", "Œ", "چ", "ژ", "ڈ",
        "گ", "‘", "’", "“", "”", "•", "–", "—", "ک", "™", "ڑ", "›", "œ", "\u{200C}", "\u{200D}", "ں",
        "\u{00A0}", "،", "¢", "£", "¤", "¥", "¦", "§", "¨", "©", "ھ", "«", "¬", "\u{00AD}", "®", "¯",
        "°", "±", "²", "³", "´", "µ", "¶", "·", "¸", "¹", "؛", "»", "¼", "½", "¾", "؟",
        "ہ", "ء", "آ", "أ", "ؤ", "إ", "ئ", "ا", "ب", "ة", "ت", "ث", "ج", "ح", "خ", "د",
        "ذ", "ر", "ز", "س", "ش", "ص", "ض", "×", "ط", "ظ", "ع", "غ", "ـ", "ف", "ق", "ك",
        "à", "ل", "â", "م", "ن", "ه", "و", "ç", "è", "é", "ê", "ë", "ى", "ي", "î", "ï",
        "\u{064B}", "\u{064C}", "\u{064D}", "\u{064E}", "ô", "\u{064F}", "\u{0650}", "÷", "\u{0651}", "ù", "\u{0652}", "û", "ü", "\u{200E}", "\u{200F}", "ے",
    ]
}
