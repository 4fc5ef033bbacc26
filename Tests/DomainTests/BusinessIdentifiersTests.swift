import XCTest
@testable import Domain

final class BusinessIdentifiersTests: XCTestCase {
    func testRealICEsPassTheCheckWhateverTheSpacing() {
        XCTAssertEqual(BusinessIdentifiers.ice("001561191000066"), .valid("001561191000066"))
        XCTAssertEqual(BusinessIdentifiers.ice("002 136 093 000 040"), .valid("002136093000040"))
        XCTAssertEqual(BusinessIdentifiers.ice("٠٠١٥٦١١٩١٠٠٠٠٦٦"), .valid("001561191000066"))
    }

    func testAWrongControlKeyIsAWarningAndAWrongLengthARefusal() {
        XCTAssertEqual(BusinessIdentifiers.ice("001561191000067"), .failedCheck("001561191000067"))
        XCTAssertEqual(BusinessIdentifiers.ice("00156119100006"), .wrongLength(digits: 14))
        XCTAssertEqual(BusinessIdentifiers.ice("ICE 001561191000066"), .invalidCharacters)
    }

    func testCINIsLettersThenDigitsInAnyCase() {
        XCTAssertEqual(BusinessIdentifiers.cin("ab123456"), .valid("AB123456"))
        XCTAssertEqual(BusinessIdentifiers.cin(" J 456789 "), .valid("J456789"))
        XCTAssertEqual(BusinessIdentifiers.cin("123456"), .invalid)
        XCTAssertEqual(BusinessIdentifiers.cin("ABC12345"), .invalid)
        XCTAssertEqual(BusinessIdentifiers.cin("AB12C45"), .invalid)
        XCTAssertEqual(BusinessIdentifiers.cin("AB"), .invalid)
    }

    func testTaxIDKeepsDigits() {
        XCTAssertEqual(BusinessIdentifiers.taxID("40 123 456"), "40123456")
        XCTAssertNil(BusinessIdentifiers.taxID("IF-12"))
    }
}

final class NameFoldingTests: XCTestCase {
    func testSpellingsOfOneNameShareASkeleton() {
        for spelling in ["Mohamed", "Mohammed", "MUHAMMAD", "Mohamad", "محمد", "مُحَمَّد"] {
            XCTAssertEqual(NameFolding.skeleton(spelling), "mhmd", spelling)
        }
        XCTAssertEqual(NameFolding.skeleton("Youssef"), NameFolding.skeleton("يوسف"))
        XCTAssertEqual(NameFolding.skeleton("Fatima"), NameFolding.skeleton("فاطمة"))
        XCTAssertEqual(NameFolding.skeleton("Khadija"), NameFolding.skeleton("خديجة"))
        XCTAssertEqual(NameFolding.skeleton("Chraibi"), NameFolding.skeleton("شرايبي"))
        XCTAssertNotEqual(NameFolding.skeleton("Karim"), NameFolding.skeleton("Meriem"))
    }

    func testNameKeysIgnoreOrderArticlesAndScript() {
        let key = NameFolding.nameKey("Youssef El Amrani")
        XCTAssertEqual(NameFolding.nameKey("EL AMRANI youssef"), key)
        XCTAssertEqual(NameFolding.nameKey("يوسف العمراني"), key)
        XCTAssertEqual(NameFolding.nameKey("Fatima Zahra Alaoui"), NameFolding.nameKey("فاطمة الزهراء العلوي"))
        XCTAssertNotEqual(NameFolding.nameKey("Youssef El Amrani"), NameFolding.nameKey("Youssef Bennani"))
    }

    func testFoldingForSearch() {
        XCTAssertEqual(NameFolding.latin("Él-Amrani  ÉTÉ"), "el amrani ete")
        XCTAssertEqual(NameFolding.arabic("إِبْرَاهِيم"), "ابراهيم")
        XCTAssertEqual(NameFolding.arabic("فاطمة"), "فاطمه")
        XCTAssertEqual(NameFolding.words("Mohamed El Idrissi"), ["mohamed", "idrissi"])
        XCTAssertEqual(NameFolding.words("الإدريسي محمد"), ["ادريسي", "محمد"])
    }
}

final class DirhamsTests: XCTestCase {
    func testAmountsAsPeopleTypeThem() {
        XCTAssertEqual(Dirhams(parsing: "12500")?.centimes, 1_250_000)
        XCTAssertEqual(Dirhams(parsing: "12 500,50")?.centimes, 1_250_050)
        XCTAssertEqual(Dirhams(parsing: "12.500,5")?.centimes, 1_250_050)
        XCTAssertEqual(Dirhams(parsing: "12,500.50 DH")?.centimes, 1_250_050)
        XCTAssertEqual(Dirhams(parsing: "50 000 MAD")?.centimes, 5_000_000)
        XCTAssertEqual(Dirhams(parsing: "١٢٥٠٠ درهم")?.centimes, 1_250_000)
        XCTAssertEqual(Dirhams(parsing: "0,05")?.decimal, Decimal(string: "0.05"))
    }

    func testWhatIsNotAnAmount() {
        XCTAssertNil(Dirhams(parsing: ""))
        XCTAssertNil(Dirhams(parsing: "douze mille"))
        XCTAssertNil(Dirhams(parsing: "12,5000"))
        XCTAssertNil(Dirhams(parsing: "-500"))
    }
}
