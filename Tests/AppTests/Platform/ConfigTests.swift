import XCTest
@testable import App

final class ConfigTests: XCTestCase {
    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("maillage-config-\(UUID().uuidString)").path
    }

    func testDefaultsNeedNothingSetAndKeepTheGeneratedSecret() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try AppConfig.load(["MAILLAGE_DATA_DIR": directory])
        XCTAssertEqual(first.database, .sqlite(path: directory + "/maillage.sqlite"))
        XCTAssertTrue(first.demoData)
        XCTAssertNil(first.notifyURL)
        XCTAssertTrue(first.devOutboxEnabled)
        XCTAssertGreaterThanOrEqual(first.secret.count, 32)
        let second = try AppConfig.load(["MAILLAGE_DATA_DIR": directory])
        XCTAssertEqual(first.secret, second.secret, "a restart must keep sessions and codes valid")
    }

    func testEveryBadValueIsNamedWithWhatIsExpected() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        XCTAssertThrowsError(try AppConfig.load([
            "MAILLAGE_DATA_DIR": directory, "DATABASE_URL": "mysql://root:hunter2@db/app", "MAILLAGE_DEMO": "maybe",
            "MAILLAGE_NOTIFY_URL": "ftp://gateway", "MAILLAGE_SECRET": "short", "MAILLAGE_WORKERS": "many",
        ])) { error in
            let message = String(describing: error)
            for variable in ["DATABASE_URL", "MAILLAGE_DEMO", "MAILLAGE_NOTIFY_URL", "MAILLAGE_SECRET", "MAILLAGE_WORKERS"] {
                XCTAssertTrue(message.contains(variable), "\(variable) missing from: \(message)")
            }
            XCTAssertFalse(message.contains("hunter2"), "a password in DATABASE_URL must not be printed")
            XCTAssertTrue(message.contains("expected"))
        }
    }

    func testPostgresURLAndGatewaySelectTheirModes() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try AppConfig.load([
            "MAILLAGE_DATA_DIR": directory, "DATABASE_URL": "postgres://app:app@127.0.0.1:5432/app?tlsmode=disable",
            "MAILLAGE_NOTIFY_URL": "https://sms.example.ma/send", "MAILLAGE_DEMO": "0", "MAILLAGE_BASE_URL": "https://maillage.example.ma",
        ])
        XCTAssertEqual(config.database, .postgres(url: "postgres://app:app@127.0.0.1:5432/app?tlsmode=disable"))
        XCTAssertFalse(config.demoData)
        XCTAssertFalse(config.devOutboxEnabled)
        XCTAssertTrue(config.secureCookies)
    }
}

final class ClientAddressTests: XCTestCase {
    func testForwardedForIsBelievedOnlyFromATrustedProxy() {
        let proxies: Set = ["10.0.0.5"]
        XCTAssertEqual(ClientAddress.resolve(remote: "10.0.0.5", forwardedFor: "41.250.1.2", trusted: proxies), "41.250.1.2")
        XCTAssertEqual(ClientAddress.resolve(remote: "10.0.0.5", forwardedFor: "1.1.1.1, 41.250.1.2", trusted: proxies), "41.250.1.2",
                       "the client may write anything to the left of what our proxy appended")
        XCTAssertEqual(ClientAddress.resolve(remote: "196.200.3.4", forwardedFor: "41.250.1.2", trusted: proxies), "196.200.3.4",
                       "a client talking to us directly cannot choose its address")
        XCTAssertEqual(ClientAddress.resolve(remote: "10.0.0.5", forwardedFor: nil, trusted: proxies), "10.0.0.5")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-proxies-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        XCTAssertThrowsError(try AppConfig.load(["MAILLAGE_DATA_DIR": directory, "MAILLAGE_TRUSTED_PROXIES": "lb.internal"]))
    }
}

final class RandomTokenTests: XCTestCase {
    func testTokensAreLongRandomAndHashedToTheStandardHexDigest() {
        let first = RandomToken.make(), second = RandomToken.make()
        XCTAssertEqual(first.count, 43)
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(RandomToken.hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(RandomToken.hex([0x00, 0x0f, 0xf0, 0xff]), "000ff0ff")
    }
}
