import FluentKit
import SQLKit

/// Calendar feeds (issue 15): a secret address per person and project (or per person alone, for
/// what they own), kept only as the SHA-256 of its secret, like API tokens. Reset is a new row.
///
/// Written out here as it was when this migration was made.
struct M041_CreateCalendarFeeds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_feeds")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            // None for the person's own feed.
            .field("project_id", .uuid, .references("projects", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "calendar_feeds_person_idx").on("calendar_feeds").column("person_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_feeds").delete()
    }
}
