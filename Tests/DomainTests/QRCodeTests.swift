import Foundation
import XCTest
@testable import Domain

/// QR codes read back by a real decoder (Debian's zbar), from an image drawn module by module.
final class QRCodeTests: XCTestCase {
    private func decode(_ code: QRCode, scale: Int = 4) throws -> String {
        let quiet = 4
        let side = (code.size + 2 * quiet) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for y in 0..<code.size {
            for x in 0..<code.size where code.modules[y][x] {
                for dy in 0..<scale { for dx in 0..<scale { pixels[((y + quiet) * scale + dy) * side + (x + quiet) * scale + dx] = 0 } }
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pgm")
        defer { try? FileManager.default.removeItem(at: file) }
        try (Data("P5\n\(side) \(side)\n255\n".utf8) + Data(pixels)).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        process.arguments = ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    func testTicketCodesAndLongerTextsReadBack() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg"), "scripts/test installs zbar-tools")
        var generator = SystemRandomNumberGenerator()
        let ticket = TicketCode(using: &generator).value
        let qr = try QRCode(text: ticket)
        XCTAssertEqual(qr.version, 1, "a ticket fits the smallest code")
        XCTAssertEqual(try decode(qr), ticket)
        // One text per version, up to 10 (two blocks from version 4, version information from 7).
        var versions: [Int] = []
        for length in [14, 26, 42, 62, 84, 106, 122, 152, 180, 213] {
            let text = String((0..<length).map { _ in "ABCDEFGHJKMNPQRSTVWXYZ0123456789-/:.".randomElement()! })
            let code = try QRCode(text: text)
            XCTAssertEqual(try decode(code), text, "version \(code.version)")
            versions.append(code.version)
        }
        XCTAssertEqual(versions, Array(1...10), "each text fills its version to the last byte")
        XCTAssertThrowsError(try QRCode(text: String(repeating: "x", count: 300)))
    }
}
