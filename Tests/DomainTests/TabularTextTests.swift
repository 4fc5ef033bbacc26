import XCTest
@testable import Domain

final class TabularTextTests: XCTestCase {
    func testExcelFromAFrenchLocaleMachine() {
        // "Nom;Prénom;Téléphone" then a row, in Windows-1252 bytes with `;` as Excel writes them.
        let bytes: [UInt8] = Array("Nom;Pr".utf8) + [0xE9] + Array("nom;T".utf8) + [0xE9, 0x6C, 0xE9] + Array("phone\r\nBennani;H".utf8) + [0xE9]
            + Array("l".utf8) + [0xE8, 0x6E, 0x65] + Array(";06 12 34 56 78\r\n".utf8)
        let rows = TabularText.rows(TabularText.decode(Data(bytes)))
        XCTAssertEqual(rows, [["Nom", "Prénom", "Téléphone"], ["Bennani", "Hélène", "06 12 34 56 78"]])
        XCTAssertEqual(TabularText.decode("Épicerie À côté".data(using: .windowsCP1252)!), "Épicerie À côté", "capitals of Windows-1252")
    }

    func testArabicInWindows1256() {
        // "الاسم" (name) then "محمد" in Windows-1256.
        let bytes: [UInt8] = [0xC7, 0xE1, 0xC7, 0xD3, 0xE3, 0x0D, 0x0A, 0xE3, 0xCD, 0xE3, 0xCF]
        XCTAssertEqual(TabularText.rows(TabularText.decode(Data(bytes))), [["الاسم"], ["محمد"]])
    }

    func testUTF16AndUTF8WithQuotesAndLineBreaks() {
        let text = "nom\tville\r\n\"El Amrani, Youssef\"\t\"Fès\r\nMédina\"\r\n"
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(text.data(using: .utf16LittleEndian)!)
        XCTAssertEqual(TabularText.rows(TabularText.decode(utf16)), [["nom", "ville"], ["El Amrani, Youssef", "Fès\r\nMédina"]])
        let utf8 = Data("\u{FEFF}a,b\n\"say \"\"hi\"\"\",\n\n".utf8)
        XCTAssertEqual(TabularText.rows(TabularText.decode(utf8)), [["a", "b"], ["say \"hi\"", ""]])
    }
}
