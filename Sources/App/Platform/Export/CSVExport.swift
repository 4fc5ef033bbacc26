import Foundation
import Vapor

/// CSV that Excel opens correctly on the machines our users have: a UTF-8 byte-order mark (without it Excel reads
/// Arabic as Windows-1252 mojibake), `;` between fields (the list separator of French-locale Windows), CRLF lines.
/// Cells that a spreadsheet would run as a formula are prefixed with `'`, so an exported name can never execute.
struct CSVExport {
    static let byteOrderMark = "\u{FEFF}"
    let separator: Character = ";"
    private(set) var text = CSVExport.byteOrderMark

    init(header: [String]) { append(header) }

    mutating func append(_ row: [String?]) {
        text += row.map { escape($0 ?? "") }.joined(separator: String(separator)) + "\r\n"
    }

    private func escape(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { cell = "'" + cell }
        guard cell.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "," }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A download response; the file name is ASCII so every browser keeps it.
    func response(filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
