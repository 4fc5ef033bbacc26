import Fluent
import SQLKit

/// The travelling forum: series > editions > stops (a region, a city, a venue, dates) > sessions with a capacity;
/// speakers and the partners present at each stop; registrations with a ticket, and a seat per chosen session that is
/// confirmed, waiting, or offered for a limited time when someone leaves.
struct CreateForum: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("forum_series")
            .field(.id, .int, .identifier(auto: true))
            .field("name_fr", .string, .required).field("name_ar", .string, .required).field("name_en", .string, .required)
            .create()
        try await database.schema("forum_editions")
            .field(.id, .int, .identifier(auto: true))
            .field("series_id", .int, .required, .references("forum_series", .id))
            .field("number", .int, .required)
            .field("year", .int, .required)
            .create()
        try await database.schema("forum_stops")
            .field(.id, .int, .identifier(auto: true))
            .field("edition_id", .int, .required, .references("forum_editions", .id))
            .field("region_id", .int, .required, .references("regions", .id))
            .field("city", .string, .required)
            .field("venue", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("mini_forum", .bool, .required)
            // How long a freed seat is held for the next person on the waiting list: the organiser's choice per stop.
            .field("offer_hours", .int, .required)
            .create()
        try await database.schema("forum_stop_partners")
            .field("stop_id", .int, .required, .references("forum_stops", .id, onDelete: .cascade))
            .field("partner_id", .int, .required, .references("partner_institutions", .id))
            .unique(on: "stop_id", "partner_id")
            .create()
        try await database.schema("forum_speakers")
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("organisation", .string)
            .field("bio_fr", .string).field("bio_ar", .string).field("bio_en", .string)
            .create()
        try await database.schema("forum_sessions")
            .field(.id, .int, .identifier(auto: true))
            .field("stop_id", .int, .required, .references("forum_stops", .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("theme", .string)
            .field("title_fr", .string, .required).field("title_ar", .string, .required).field("title_en", .string, .required)
            .field("room", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("capacity", .int, .required)
            // Seats confirmed or offered: the one counter every registration takes from with a conditional update.
            .field("held", .int, .required)
            .create()
        try await SQLIndex.create("forum_sessions_stop", on: "forum_sessions", ["stop_id", "starts_at"], in: database)
        try await database.schema("forum_session_speakers")
            .field("session_id", .int, .required, .references("forum_sessions", .id, onDelete: .cascade))
            .field("speaker_id", .int, .required, .references("forum_speakers", .id))
            .unique(on: "session_id", "speaker_id")
            .create()
        // One claim per phone and name: two registrations of the same person at the same instant find one record.
        try await database.schema("forum_people")
            .field("phone", .string, .required)
            .field("name_key", .string, .required)
            .field("beneficiary_id", .int, .references("beneficiaries", .id))
            .unique(on: "phone", "name_key")
            .create()
        try await database.schema("forum_registrations")
            .field(.id, .int, .identifier(auto: true))
            .field("stop_id", .int, .required, .references("forum_stops", .id))
            .field("beneficiary_id", .int, .required, .references("beneficiaries", .id))
            .field("ticket_code", .string, .required)
            .field("channel", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("cancelled_at", .datetime)
            .unique(on: "ticket_code")
            .unique(on: "stop_id", "beneficiary_id")
            .create()
        try await database.schema("forum_seats")
            .field(.id, .int, .identifier(auto: true))
            .field("session_id", .int, .required, .references("forum_sessions", .id, onDelete: .cascade))
            .field("registration_id", .int, .required, .references("forum_registrations", .id, onDelete: .cascade))
            .field("status", .string, .required)
            .field("offered_until", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "session_id", "registration_id")
            .create()
        // The waiting list in arrival order, and offers by deadline for the sweep.
        try await SQLIndex.create("forum_seats_queue", on: "forum_seats", ["session_id", "status", "id"], in: database)
        try await SQLIndex.create("forum_seats_offers", on: "forum_seats", ["status", "offered_until"], in: database)
    }

    func revert(on database: any Database) async throws {
        for table in ["forum_seats", "forum_registrations", "forum_people", "forum_session_speakers", "forum_sessions", "forum_speakers",
                      "forum_stop_partners", "forum_stops", "forum_editions", "forum_series"] {
            try await database.schema(table).delete()
        }
    }
}
