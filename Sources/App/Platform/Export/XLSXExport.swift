import Foundation
import Vapor
import ZIPFoundation

/// A one-sheet .xlsx workbook: inline strings (no shared-string table to keep in step), whole numbers as numbers,
/// a bold frozen header. Excel, LibreOffice and Google Sheets open it with Arabic text intact in any locale.
struct XLSXExport {
    enum Cell: Sendable {
        case text(String?)
        case number(Int)

        /// The cell as CSV writes it.
        var text: String? {
            switch self {
            case .text(let value): value
            case .number(let value): String(value)
            }
        }
    }

    let header: [String]
    private(set) var rows: [[Cell]] = []

    init(header: [String]) { self.header = header }

    mutating func append(_ row: [Cell]) { rows.append(row) }

    func data(sheetName: String) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts(sheetName: sheetName) {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    func response(filename: String, sheetName: String) throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: try data(sheetName: sheetName)))
    }

    private func parts(sheetName: String) -> [(String, String)] {
        let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let package = "http://schemas.openxmlformats.org/package/2006/relationships"
        var sheet = "\(declaration)<worksheet xmlns=\"\(main)\"><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>"
        sheet += row(1, header.map { .text($0) }, style: 1)
        for (index, cells) in rows.enumerated() { sheet += row(index + 2, cells, style: 0) }
        sheet += "</sheetData></worksheet>"
        return [
            ("[Content_Types].xml", "\(declaration)<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>"),
            ("_rels/.rels", "\(declaration)<Relationships xmlns=\"\(package)\"><Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", "\(declaration)<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets><sheet name=\"\(Self.escape(String(sheetName.prefix(31))))\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "\(declaration)<Relationships xmlns=\"\(package)\"><Relationship Id=\"rId1\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/></Relationships>"),
            ("xl/styles.xml", "\(declaration)<styleSheet xmlns=\"\(main)\"><fonts count=\"2\"><font/><font><b/></font></fonts><fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills><borders count=\"1\"><border/></borders><cellStyleXfs count=\"1\"><xf/></cellStyleXfs><cellXfs count=\"2\"><xf/><xf fontId=\"1\" applyFont=\"1\"/></cellXfs></styleSheet>"),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
    }

    private func row(_ number: Int, _ cells: [Cell], style: Int) -> String {
        var xml = "<row r=\"\(number)\">"
        for (column, cell) in cells.enumerated() {
            let reference = "\(Self.column(column))\(number)"
            let styled = style == 0 ? "" : " s=\"\(style)\""
            switch cell {
            case .text(nil): continue
            case .text(let value?):
                // xml:space keeps leading and trailing spaces; control characters are not allowed in XML 1.0.
                let clean = String(value.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" })
                xml += "<c r=\"\(reference)\" t=\"inlineStr\"\(styled)><is><t xml:space=\"preserve\">\(Self.escape(clean))</t></is></c>"
            case .number(let value):
                xml += "<c r=\"\(reference)\"\(styled)><v>\(value)</v></c>"
            }
        }
        return xml + "</row>"
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var name = ""
        var rest = index + 1
        while rest > 0 {
            let remainder = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
