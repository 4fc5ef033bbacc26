import Logging
import XCTest
@testable import App

final class LoggingTests: XCTestCase {
    func testJSONLinesCarryTheRequestID() throws {
        let pipe = Pipe()
        let saved = dup(FileHandle.standardError.fileDescriptor)
        dup2(pipe.fileHandleForWriting.fileDescriptor, FileHandle.standardError.fileDescriptor)
        var logger = Logger(label: "test") { JSONLogHandler(label: $0, level: .info) }
        logger[metadataKey: "request-id"] = "req-42"
        logger.info("a \"quoted\" message", metadata: ["user": "7"])
        logger.debug("below the level")
        dup2(saved, FileHandle.standardError.fileDescriptor)
        close(saved)
        pipe.fileHandleForWriting.closeFile()
        let lines = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String])
        XCTAssertEqual(object["request-id"], "req-42")
        XCTAssertEqual(object["message"], "a \"quoted\" message")
        XCTAssertEqual(object["user"], "7")
        XCTAssertEqual(object["level"], "info")
    }
}
