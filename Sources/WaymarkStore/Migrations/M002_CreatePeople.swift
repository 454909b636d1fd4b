import FluentKit
import SQLKit

struct M002_CreatePeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .id()
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .restrict))
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "email")
            .create()
        try await (database as! any SQLDatabase).create(index: "people_organisation_idx")
            .on("people").column("organisation_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").delete()
    }
}
