import FluentKit
import SQLKit

/// Issues on each project's RAID log (issue 11): what has happened and needs managing, with a
/// priority, an owner, the dates it was raised and should be resolved by, and how it was resolved.
/// An issue raised from a materialised risk names it (`risk_id`); the risk's page finds its issue
/// by that column. Issues escalate to the same registers as risks; those escalated beyond their
/// project move the `escalated_issues` counter (as M015 does for risks), so the registers keep
/// them in memory.
///
/// Written out here as it was when this migration was made.
struct M016_CreateIssues: AsyncMigration {
    static let events = [
        ("insert", "NEW.escalation <> 'project'"),
        ("update", "OLD.escalation <> 'project' OR NEW.escalation <> 'project'"),
        ("delete", "OLD.escalation <> 'project'"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("issues")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("priority", .string, .required)
            .field("owner_id", .uuid, .references("people", "id", onDelete: .restrict))
            // Calendar dates as ISO text (YYYY-MM-DD), as elsewhere.
            .field("raised_on", .string, .required)
            .field("target_date", .string)
            .field("status", .string, .required)
            .field("resolution", .string, .required)
            .field("risk_id", .uuid, .references("risks", "id", onDelete: .setNull))
            .field("escalation", .string, .required)
            .field("escalation_reason", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        let sql = database as! any SQLDatabase
        for (name, columns) in [("issues_owner_idx", ["owner_id"]), ("issues_risk_idx", ["risk_id"]),
                                ("issues_register_idx", ["escalation", "status"])] {
            var builder = sql.create(index: name).on("issues")
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('escalated_issues', 1)").run()
        for (event, condition) in Self.events {
            switch StoreDialect(sql.dialect.name) {
            case .sqlite:
                try await sql.raw("""
                    CREATE TRIGGER issues_escalated_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON issues
                    WHEN \(unsafeRaw: condition)
                    BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'escalated_issues'; END
                    """).run()
            case .postgres:
                try await sql.raw("""
                    CREATE CONSTRAINT TRIGGER issues_escalated_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON issues
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (\(unsafeRaw: condition))
                    EXECUTE FUNCTION waymark_count_change('escalated_issues')
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("issues").delete()
        let sql = database as! any SQLDatabase
        try await sql.raw("DELETE FROM change_counters WHERE name = 'escalated_issues'").run()
    }
}
