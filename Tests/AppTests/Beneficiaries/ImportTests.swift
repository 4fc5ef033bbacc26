import Foundation
import NIOCore
import XCTVapor
import ZIPFoundation
@testable import App

/// Importing the lists structures already keep, as Excel and other tools write them.
final class ImportTests: XCTestCase {
    private func upload(_ browser: TestBrowser, filename: String, _ data: Data, consent: Bool = true) async throws -> XCTHTTPResponse {
        if browser.cookies[CSRFMiddleware.cookieName] == nil { try await browser.get("/login") }
        let boundary = "----maillage\(UUID().uuidString)"
        var body = Data()
        func part(_ name: String, _ value: String) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        part("_csrf", browser.cookies[CSRFMiddleware.cookieName] ?? "")
        if consent { part("consent_attested", "on") }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await browser.send(.POST, "/beneficiaries/import", headers: headers, body: ByteBuffer(data: body))
    }

    /// "Nom;Prénom;Téléphone;CIN;Sexe;Province;Activité;Statut" as Excel on a French-locale Windows saves it (Windows-1252).
    private func frenchExcelCSV(existingPhone: String) -> Data {
        let text = """
            Nom;Prénom;Téléphone;CIN;Sexe;Province;Activité;Statut\r
            Benjelloun;Hélène;06 70 11 22 33;BK 445566;F;Casablanca;Épicerie Hélène;informel\r
            Tazi;Omar;+212 670-112234;;H;Settat;;\r
            Lahlou;Saïda;0670112235;;Femme;Mohammedia;Couture;Auto-entrepreneur\r
            Berrada;Ali;12345;;H;Casablanca;;\r
            Fassi;Nora;0670112236;99;F;Atlantide;;\r
            Double;Personne;\(existingPhone);;F;Casablanca;;\r

            """
        return text.data(using: .windowsCP1252)!
    }

    func testAFrenchExcelCSVImportsTheGoodRowsReportsTheBadOnesAndImportsNothingTwice() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let existing = try unwrap(try await app.sql.raw("SELECT phone FROM beneficiaries WHERE phone IS NOT NULL ORDER BY id DESC LIMIT 1").first()?.decode(column: "phone", as: String.self))
            let before = try await app.count("beneficiaries")

            let refused = try await upload(advisor, filename: "liste.csv", frenchExcelCSV(existingPhone: existing), consent: false)
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.string.contains("Confirmez que les personnes ont donné leur consentement"))

            let uploaded = try await upload(advisor, filename: "liste.csv", frenchExcelCSV(existingPhone: existing))
            XCTAssertEqual(uploaded.status, .seeOther, uploaded.body.string)
            let location = try XCTUnwrap(uploaded.headers.first(name: .location))
            let preview = try await advisor.get(location).body.string
            XCTAssertTrue(preview.contains("Hélène"), "Windows-1252 read as such")
            XCTAssertTrue(preview.contains("value=\"phone\" selected"), "the phone column is recognised by its French title")
            XCTAssertTrue(preview.contains("3 personnes prêtes à importer, 2 lignes refusées, 1 déjà enregistrées"), preview)
            XCTAssertTrue(preview.contains("Ligne 5 : Téléphone — Un numéro marocain compte 10 chiffres"))
            XCTAssertTrue(preview.contains("Province inconnue : « Atlantide »"))
            expectEqual(try await app.count("beneficiaries"), before, "nothing saved before the confirmation")

            expectEqual(try await advisor.post("\(location)/run", [:]).status, .seeOther)
            expectEqual(try await app.count("beneficiaries"), before + 3)
            expectEqual(try await app.count("beneficiaries", where: "last_name = 'Tazi' AND first_name = 'Omar' AND phone = '+212670112234' AND gender = 'm'"), 1)
            expectEqual(try await app.count("beneficiaries", where: "import_key IS NOT NULL AND (full_name_ar IS NULL) AND birth_year IS NULL AND user_id IS NULL"), 3,
                        "what a line leaves out is stored as nothing, not as an empty or zero value")
            expectEqual(try await app.count("businesses", where: "name = 'Épicerie Hélène' AND legal_status = 'informal'"), 1)
            expectEqual(try await app.count("businesses", where: "name = 'Couture' AND legal_status = 'auto_entrepreneur'"), 1)
            expectEqual(try await app.count("accompaniments", where: "stage = 'intake' AND beneficiary_id IN (SELECT id FROM beneficiaries WHERE import_key IS NOT NULL)"), 3)
            expectTrue(try await advisor.get("/beneficiaries?q=benjel").body.string.contains("Benjelloun Hélène"), "imported people are searchable")

            let done = try await advisor.get(location).body.string
            XCTAssertTrue(done.contains("3 personnes enregistrées, 2 lignes refusées, 1 déjà enregistrées"))
            let report = try await advisor.get("\(location)/report.csv").body.string
            XCTAssertTrue(report.hasPrefix("\u{FEFF}Ligne;Raison;Nom;Prénom"))
            XCTAssertTrue(report.contains("5;\"Téléphone : Un numéro marocain compte 10 chiffres"), report)
            XCTAssertTrue(report.contains("Berrada;Ali;12345"), "the line as it was, to fix and import again")

            // The same file again: everyone is already there.
            let again = try await upload(advisor, filename: "liste.csv", frenchExcelCSV(existingPhone: existing))
            let second = try XCTUnwrap(again.headers.first(name: .location))
            expectTrue(try await advisor.get(second).body.string.contains("0 personnes prêtes à importer, 2 lignes refusées, 4 déjà enregistrées"))
            expectEqual(try await advisor.post("\(second)/run", [:]).status, .seeOther)
            expectEqual(try await app.count("beneficiaries"), before + 3)

            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn("advisor.bm@demo.maillage.ma")
            expectEqual(try await elsewhere.get(location).status, .notFound, "an import belongs to who uploaded it")
        }
    }

    func testAnXLSXWithArabicNamesAndNumbersForPhones() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let response = try await upload(advisor, filename: "liste.xlsx", try Self.workbook())
            let location = try XCTUnwrap(response.headers.first(name: .location), response.body.string)
            let preview = try await advisor.get(location).body.string
            XCTAssertTrue(preview.contains("2 personnes prêtes à importer, 0 lignes refusées, 0 déjà enregistrées"), preview)
            expectEqual(try await advisor.post("\(location)/run", [:]).status, .seeOther)
            expectEqual(try await app.count("beneficiaries", where: "full_name_ar = 'خديجة الوزاني' AND phone = '+212612000111' AND last_name = ''"), 1)
            expectEqual(try await app.count("businesses", where: "ice = '001561191000066'"), 1)
        }
    }

    /// A minimal workbook as Excel writes it: shared strings for text, numbers for the phone and the ICE (whose
    /// leading zeros a number cell loses).
    static func workbook() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ xml: String) throws {
            let data = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        try add("xl/workbook.xml", #"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
        try add("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#)
        try add("xl/sharedStrings.xml", #"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>الاسم الكامل</t></si><si><t>الهاتف</t></si><si><t>ICE</t></si><si><t>النشاط</t></si><si><t>خديجة الوزاني</t></si><si><t>Saïd Amrani</t></si><si><t>Transport Amrani</t></si><si><t>Nom</t></si></sst>"#)
        try add("xl/worksheets/sheet1.xml", #"""
            <?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>7</v></c><c r="F1" t="inlineStr"><is><t>Prénom</t></is></c></row>
            <row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>612000111</v></c></row>
            <row r="3"><c r="B3"><v>612000112</v></c><c r="C3"><v>1561191000066</v></c><c r="D3" t="s"><v>6</v></c><c r="E3" t="inlineStr"><is><t>Amrani</t></is></c><c r="F3" t="inlineStr"><is><t>Saïd</t></is></c></row>
            </sheetData></worksheet>
            """#)
        return try XCTUnwrap(archive.data)
    }
}
