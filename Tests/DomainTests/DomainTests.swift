import XCTest
@testable import Domain

final class MoroccanPhoneTests: XCTestCase {
    func testEveryCommonWrittenFormOfOneMobileNumber() throws {
        let forms = ["06 12 34 56 78", "0612345678", "+212 612-345678", "00212612345678", "212612345678", "+212 (0)6 12 34 56 78",
                     "612345678", "06.12.34.56.78", "06-12-34-56-78", "+212612345678", " 06 12 34 56 78 ", "٠٦١٢٣٤٥٦٧٨",
                     "۰۶۱۲۳۴۵۶۷۸", "\u{200E}+212 6 12 34 56 78", "06\u{00A0}12\u{00A0}34\u{00A0}56\u{00A0}78"]
        for form in forms {
            XCTAssertEqual(try MoroccanPhone.parse(form).e164, "+212612345678", form)
        }
    }

    func testKindsAndNationalForm() throws {
        let mobile = try MoroccanPhone.parse("0712345678")
        XCTAssertEqual(mobile.kind, .mobile)
        XCTAssertEqual(mobile.national, "07 12 34 56 78")
        XCTAssertEqual(try MoroccanPhone.parse("0522 12 34 56").kind, .fixed)
        XCTAssertEqual(try MoroccanPhone.parse("080 200 00 00").kind, .tollFree)
    }

    func testRejectionsSayWhatIsWrong() {
        func reason(_ input: String) -> MoroccanPhone.ParseError? {
            do { _ = try MoroccanPhone.parse(input); return nil } catch { return error }
        }
        XCTAssertEqual(reason(""), .empty)
        XCTAssertEqual(reason("   "), .empty)
        XCTAssertEqual(reason("06 12 34 56 7A"), .invalidCharacters)
        XCTAssertEqual(reason("call 0612345678"), .invalidCharacters)
        XCTAssertEqual(reason("061234567"), .wrongLength(digits: 9))
        XCTAssertEqual(reason("06123456789"), .wrongLength(digits: 11))
        XCTAssertEqual(reason("+33 6 12 34 56 78"), .wrongLength(digits: 11))
        XCTAssertEqual(reason("0112345678"), .unknownPrefix)
        XCTAssertEqual(reason("0912345678"), .unknownPrefix)
        XCTAssertEqual(reason("++212612345678"), .invalidCharacters)
    }
}

final class NationalFormTests: XCTestCase {
    func testTheNationalFormIsBuiltFromStoredNumbersAndRefusesAnythingElse() {
        XCTAssertEqual(MoroccanPhone.national(e164: "+212612345678"), "06 12 34 56 78")
        XCTAssertEqual(MoroccanPhone.national(e164: "+212522123456"), "05 22 12 34 56")
        for bad in ["", "+21261234567", "+2126123456789", "+33612345678", "+21261234567x", "0612345678"] {
            XCTAssertNil(MoroccanPhone.national(e164: bad), bad)
        }
    }
}
