import Domain
import Foundation
import XCTest

final class TrimmingTests: XCTestCase {
    func testTrimsWhatFoundationTrims() {
        let samples = ["", "   ", " a ", "\t\r\nمحمد\u{00A0}", "\u{202F}12 345\u{3000}", "a b", "\u{2028}x\u{2029}", " \u{301}e ", "x\u{85}", "\u{200B}zero width\u{200B}", "\u{FEFF}kept"]
        for sample in samples {
            XCTAssertEqual(sample.trimmed, sample.trimmingCharacters(in: .whitespacesAndNewlines), sample.debugDescription)
        }
    }
}
