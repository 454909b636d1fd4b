import FluentKit
import Foundation
import SQLKit
import WaymarkDomain

/// Stages are rows, seeded with the default lifecycle, because gates will make them configurable.
struct M005_CreateLifecycleStages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("lifecycle_stages")
            .id()
            .field("key", .string, .required)
            .field("name", .string, .required)
            .field("position", .int, .required)
            .field("gate", .string)
            .field("description", .string, .required)
            .unique(on: "key")
            .create()
        let sql = database as! any SQLDatabase
        for (index, stage) in DefaultLifecycle.stages.enumerated() {
            try await sql.raw("""
                INSERT INTO lifecycle_stages (id, key, name, position, gate, description)
                VALUES (\(bind: UUID()), \(bind: stage.key), \(bind: stage.name), \(bind: index + 1),
                        \(bind: stage.gate), \(bind: stage.description))
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("lifecycle_stages").delete()
    }
}
