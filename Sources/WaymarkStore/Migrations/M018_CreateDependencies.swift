import FluentKit
import SQLKit

/// Dependencies on each project's RAID log (issue 11): what a project needs, from another project
/// (often another organisation's) or from something outside Waymark, by a date. The row belongs to
/// the project that depends; `provider_project_id` names the one depended on, and is cleared (not
/// cascaded) when that project is deleted, so the dependent project keeps its record. Every change
/// moves the `dependencies` counter: the register and both projects' logs answer from memory.
///
/// Written out here as it was when this migration was made.
struct M018_CreateDependencies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("dependencies")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("provider_project_id", .uuid, .references("projects", "id", onDelete: .setNull))
            .field("external", .string, .required)
            // A calendar date as ISO text (YYYY-MM-DD), as elsewhere.
            .field("needed_by", .string, .required)
            .field("owner_id", .uuid, .references("people", "id", onDelete: .restrict))
            .field("status", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        let sql = database as! any SQLDatabase
        for (name, column) in [("dependencies_provider_idx", "provider_project_id"), ("dependencies_owner_idx", "owner_id")] {
            try await sql.create(index: name).on("dependencies").column(column).run()
        }
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('dependencies', 1)").run()
        for event in ["insert", "update", "delete"] {
            switch StoreDialect(sql.dialect.name) {
            case .sqlite:
                try await sql.raw("""
                    CREATE TRIGGER dependencies_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON dependencies
                    BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'dependencies'; END
                    """).run()
            case .postgres:
                try await sql.raw("""
                    CREATE CONSTRAINT TRIGGER dependencies_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON dependencies
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION waymark_count_change('dependencies')
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("dependencies").delete()
        let sql = database as! any SQLDatabase
        try await sql.raw("DELETE FROM change_counters WHERE name = 'dependencies'").run()
    }
}
