import FluentKit
import SQLKit

/// The portfolio office keeps the risk categories (issue 11): each gains a version, so two people
/// changing one at once are told rather than overwritten, and can be retired: a category risks
/// still carry stays on them (and in the registers' filters) but is no longer offered for new
/// ones. A category no risk carries can be deleted. Their history, and the settings', is read by
/// kind of record.
struct M021_KeepRiskCategories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE risk_categories ADD COLUMN version INTEGER NOT NULL DEFAULT 1").run()
        try await sql.raw("ALTER TABLE risk_categories ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE").run()
        // When it last changed; none for the categories the system started with.
        try await database.schema("risk_categories").field("updated_at", .datetime).update()
        // Whether a category is in use is asked before it is deleted.
        try await sql.create(index: "risks_category_idx").on("risks").column("category_id").run()
        // The history of the system's own records (its settings, the categories), newest first,
        // without reading the projects' events: only events outside any project are indexed.
        try await sql.raw("""
            CREATE INDEX audit_system_idx ON audit_events (entity_type, sequence) WHERE project_id IS NULL
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "audit_system_idx").run()
        try await sql.drop(index: "risks_category_idx").run()
        try await sql.raw("ALTER TABLE risk_categories DROP COLUMN updated_at").run()
        try await sql.raw("ALTER TABLE risk_categories DROP COLUMN retired").run()
        try await sql.raw("ALTER TABLE risk_categories DROP COLUMN version").run()
    }
}
