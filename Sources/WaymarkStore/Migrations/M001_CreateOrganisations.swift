import FluentKit
import SQLKit

struct M001_CreateOrganisations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("name", .string, .required)
            .field("code", .string, .required)
            .field("code_kind", .string, .required)
            .field("kind", .string, .required)
            // The last project number given out: project codes are "<code>-<number>".
            .field("project_sequence", .int, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").delete()
    }
}
