import FluentKit
import SQLKit

/// What a person chooses once and expects remembered (issue 14: the portfolio as cards or as a
/// table), one row per person and choice. Kept apart from `people` so that a choice does not move
/// the portfolio's change counter, which every change to a person's row does.
struct M033_RememberPreferences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("person_preferences")
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("value", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("person_preferences").delete()
    }
}
