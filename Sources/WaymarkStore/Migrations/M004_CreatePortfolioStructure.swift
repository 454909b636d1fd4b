import FluentKit
import SQLKit

struct M004_CreatePortfolioStructure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for table in ["themes", "programmes"] {
            try await database.schema(table)
                .id()
                .field("name", .string, .required)
                .field("description", .string, .required)
                .field("version", .int, .required)
                .field("created_at", .datetime, .required)
                .field("updated_at", .datetime, .required)
                .unique(on: "name")
                .create()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("programmes").delete()
        try await database.schema("themes").delete()
    }
}
