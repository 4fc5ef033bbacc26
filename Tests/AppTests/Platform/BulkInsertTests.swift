import SQLKit
import XCTVapor
@testable import App

/// A bulk insert writes what it was given on both databases: values of every kind, NULLs among values, a column of
/// NULLs only, and refuses a value of the wrong kind rather than writing NULL in its place.
final class BulkInsertTests: XCTestCase {
    func testRowsComeBackAsTheyWereGivenNullsIncluded() async throws {
        try await withApp(demo: false) { app in
            let at = Date(timeIntervalSince1970: 1_790_000_000.25)
            var insert = BulkInsert(into: "audit_entries", [("at", .date), ("actor_user_id", .int), ("actor_label", .text), ("action", .text),
                                                            ("entity", .text), ("entity_id", .text), ("summary", .text), ("address", .text),
                                                            ("request_id", .text)])
            let noUser: Int? = nil, noAddress: String? = nil
            insert.append([at, 7, "Salma", "read", "bulk_test", "1", "première ligne", noAddress, "r1"])
            insert.append([at.addingTimeInterval(1), noUser, "محمد", "read", "bulk_test", nil as String?, "", noAddress, nil as String?])
            try await app.sql.run(insert)

            struct Row: Decodable, Equatable {
                let at: Date; let actor_user_id: Int?; let actor_label: String; let entity_id: String?; let summary: String
                let address: String?; let request_id: String?
            }
            let rows = try await app.sql.raw("""
                SELECT at, actor_user_id, actor_label, entity_id, summary, address, request_id FROM audit_entries
                WHERE entity = 'bulk_test' ORDER BY at
                """).all(decoding: Row.self)
            expectEqual(rows, [
                Row(at: at, actor_user_id: 7, actor_label: "Salma", entity_id: "1", summary: "première ligne", address: nil, request_id: "r1"),
                Row(at: at.addingTimeInterval(1), actor_user_id: nil, actor_label: "محمد", entity_id: nil, summary: "", address: nil, request_id: nil),
            ])
        }
    }

    func testAValueOfTheWrongKindIsRefusedAndNothingIsWritten() async throws {
        try await withApp(demo: false) { app in
            var insert = BulkInsert(into: "audit_entries", [("at", .date), ("actor_user_id", .int), ("actor_label", .text), ("action", .text),
                                                            ("entity", .text), ("summary", .text)])
            insert.append([Date(), "seven", "Salma", "read", "bulk_test", ""])
            do {
                try await app.sql.run(insert)
                XCTFail("a text in an integer column was written")
            } catch {
                expectEqual("\(error)", "audit_entries.actor_user_id takes int values, not String")
            }
            expectEqual(try await app.count("audit_entries", where: "entity = 'bulk_test'"), 0)
        }
    }
}
