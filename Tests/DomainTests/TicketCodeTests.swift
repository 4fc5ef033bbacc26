import XCTest
@testable import Domain

final class TicketCodeTests: XCTestCase {
    func testACodeReadsBackHoweverItIsTyped() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let code = TicketCode(using: &generator)
            XCTAssertEqual(code.description.count, 11)
            XCTAssertEqual(TicketCode(reading: code.description), code)
            XCTAssertEqual(TicketCode(reading: code.description.lowercased().replacingOccurrences(of: "-", with: " ")), code)
        }
        XCTAssertEqual(TicketCode(reading: "0000-0000-0")?.description, "0000-0000-0")
        XCTAssertEqual(TicketCode(reading: "OOOO-oooo-o"), TicketCode(reading: "0000-0000-0"), "O is read as zero")
    }

    func testEverySingleTypoIsCaught() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = TicketCode.alphabet
        for _ in 0..<50 {
            let code = Array(TicketCode(using: &generator).value)
            for position in code.indices {
                for replacement in alphabet where replacement != code[position] {
                    var typo = code
                    typo[position] = replacement
                    XCTAssertNil(TicketCode(reading: String(typo)), "\(String(code)) → \(String(typo))")
                }
            }
        }
        XCTAssertNil(TicketCode(reading: "K7QF-3M9X"), "too short")
        XCTAssertNil(TicketCode(reading: "K7QF-3M9X-U"), "U is not in the alphabet")
    }
}
