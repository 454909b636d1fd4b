import FluentKit
import SQLKit

/// The audit trail. No foreign keys: history outlives the records it describes (a deleted
/// project's history is still there for the administrator who deleted it).
struct M007_CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("occurred_at", .datetime, .required)
            // Orders events that share a timestamp (one transaction's changes) as they were made.
            .field("sequence", .int64, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .uuid, .required)
            .field("project_id", .uuid)
            .field("action", .string, .required)
            .field("summary", .string, .required)
            .field("changes", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_project_idx").on("audit_events").column("project_id").column("sequence").run()
        try await sql.create(index: "audit_entity_idx").on("audit_events").column("entity_id").column("sequence").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").delete()
    }
}
