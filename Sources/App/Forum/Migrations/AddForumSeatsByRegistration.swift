import Fluent
import SQLKit

/// A ticket's seats are read by registration (the ticket page, registering, attendance, no-shows); the unique key
/// starts with the session, so without this index each of those reads scanned every seat of the edition.
struct AddForumSeatsByRegistration: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await SQLIndex.create("forum_seats_registration", on: "forum_seats", ["registration_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await (database as? any SQLDatabase)?.drop(index: "forum_seats_registration").run()
    }
}
