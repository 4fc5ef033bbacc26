import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// The first worksheet of an .xlsx file as rows of text. Shared strings, inline strings and numbers are read;
/// a whole number stays a whole number ("612345678", never "612345678.0"), since phones and ICEs arrive as numbers.
enum XLSXReader {
    struct Unreadable: Error {}

    static func rows(_ data: Data) throws -> [[String]] {
        let archive = try Archive(data: data, accessMode: .read)
        let shared = try entry("xl/sharedStrings.xml", in: archive).map { SharedStrings.parse($0) } ?? []
        let sheetPath = try firstSheetPath(in: archive)
        guard let sheet = try entry(sheetPath, in: archive) else { throw Unreadable() }
        return Sheet.parse(sheet, shared: shared)
    }

    private static func entry(_ path: String, in archive: Archive) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: true) { data.append($0) }
        return data
    }

    /// The workbook's first sheet, through its relationship; `sheet1.xml` when the workbook does not say.
    private static func firstSheetPath(in archive: Archive) throws -> String {
        guard let workbook = try entry("xl/workbook.xml", in: archive), let rels = try entry("xl/_rels/workbook.xml.rels", in: archive),
              let relation = FirstAttribute.find(element: "sheet", attribute: "r:id", in: workbook) else { return "xl/worksheets/sheet1.xml" }
        let targets = Relations.parse(rels)
        guard let target = targets[relation] else { return "xl/worksheets/sheet1.xml" }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    private final class FirstAttribute: NSObject, XMLParserDelegate {
        let element: String, attribute: String
        var value: String?
        init(element: String, attribute: String) { self.element = element; self.attribute = attribute }

        static func find(element: String, attribute: String, in data: Data) -> String? {
            let delegate = FirstAttribute(element: element, attribute: attribute)
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            _ = parser.parse()
            return delegate.value
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            if value == nil, name == element { value = attributes[attribute]; parser.abortParsing() }
        }
    }

    private final class Relations: NSObject, XMLParserDelegate {
        var targets: [String: String] = [:]

        static func parse(_ data: Data) -> [String: String] {
            let delegate = Relations()
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            _ = parser.parse()
            return delegate.targets
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
        }
    }

    private final class SharedStrings: NSObject, XMLParserDelegate {
        var strings: [String] = []
        var current = ""
        var inText = false

        static func parse(_ data: Data) -> [String] {
            let delegate = SharedStrings()
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            _ = parser.parse()
            return delegate.strings
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            if name == "si" { current = "" }
            if name == "t" { inText = true }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "t" { inText = false }
            if name == "si" { strings.append(current) }
        }
    }

    private final class Sheet: NSObject, XMLParserDelegate {
        let shared: [String]
        var rows: [[String]] = []
        var row: [String] = []
        var column = 0
        var type: String?
        var value = ""
        var reading = false

        init(shared: [String]) { self.shared = shared }

        static func parse(_ data: Data, shared: [String]) -> [[String]] {
            let delegate = Sheet(shared: shared)
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            _ = parser.parse()
            return delegate.rows.filter { !$0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            switch name {
            case "row": row = []
            case "c":
                column = attributes["r"].map(Self.columnIndex) ?? row.count
                type = attributes["t"]
                value = ""
            case "v", "t": reading = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if reading { value += string } }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t": reading = false
            case "c":
                while row.count < column { row.append("") }
                row.append(cellText())
            case "row": rows.append(row)
            default: break
            }
        }

        private func cellText() -> String {
            switch type {
            case "s": return Int(value).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? ""
            case "inlineStr", "str": return value
            case "b": return value == "1" ? "TRUE" : "FALSE"
            default:
                if let number = Double(value), number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
                return value
            }
        }

        /// "C7" → 2: the letters of a cell reference count columns from A = 0.
        static func columnIndex(_ reference: String) -> Int {
            reference.prefix { $0.isLetter }.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value - 64) } - 1
        }
    }
}
