import XCTVapor
@testable import App

final class ExportTests: XCTestCase {
    func testCSVOpensInFrenchExcelWithArabicIntactAndFormulasDefused() {
        var csv = CSVExport(header: ["Nom", "الاسم", "Montant"])
        csv.append(["Benali; Fatima", "فاطمة بنعلي", "1 234,50"])
        csv.append(["=HYPERLINK(\"http://x\")", "+212612345678", nil])
        csv.append(["Ligne\nsuivante", "@SUM(A1)", "-3"])
        let text = csv.text
        XCTAssertTrue(text.hasPrefix("\u{FEFF}Nom;الاسم;Montant\r\n"), "BOM, semicolons, CRLF")
        XCTAssertTrue(text.contains("\"Benali; Fatima\";فاطمة بنعلي;\"1 234,50\"\r\n"))
        XCTAssertTrue(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\";'+212612345678;\r\n"))
        XCTAssertTrue(text.contains("\"Ligne\nsuivante\";'@SUM(A1);'-3\r\n"))
    }

    func testTheAuditLogDownloadsAsCSVForTheAdministratorOnly() async throws {
        try await withApp { app in
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            let response = try await admin.get("/admin/audit.csv?action=sign_in")
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers.first(name: .contentType), "text/csv; charset=utf-8")
            let text = response.body.string
            XCTAssertTrue(text.hasPrefix("\u{FEFF}Quand;Qui;Action"))
            XCTAssertTrue(text.contains(";admin@demo.maillage.ma;Connexion;user;"))
            expectEqual(try await app.count("audit_entries", where: "action = 'export'"), 1)
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.get("/admin/audit.csv").status, .forbidden)
        }
    }
}
