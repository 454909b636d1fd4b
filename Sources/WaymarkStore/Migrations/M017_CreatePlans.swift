import FluentKit
import SQLKit

/// Each project's plan (issue 11): milestones with a forecast, an actual date and the date the
/// latest baseline gave them; and every baselining kept (`plan_baselines`, with each milestone's
/// date as baselined in `plan_baseline_entries`, kept when the milestone is later removed). Key
/// milestones not yet complete are what the portfolio timeline shows: a change to one moves the
/// `key_milestones` counter, so instances keep them in memory.
///
/// Written out here as it was when this migration was made.
struct M017_CreatePlans: AsyncMigration {
    static let events = [
        ("insert", "NEW.is_key = TRUE"),
        ("update", "OLD.is_key = TRUE OR NEW.is_key = TRUE"),
        ("delete", "OLD.is_key = TRUE"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("milestones")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("owner_id", .uuid, .references("people", "id", onDelete: .restrict))
            // Calendar dates as ISO text (YYYY-MM-DD), as elsewhere.
            .field("baseline_date", .string)
            .field("forecast_date", .string, .required)
            .field("actual_date", .string)
            .field("status", .string, .required)
            .field("stage_id", .uuid, .references("lifecycle_stages", "id", onDelete: .setNull))
            .field("notes", .string, .required)
            .field("is_key", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("plan_baselines")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("reason", .string, .required)
            .field("actor_name", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("plan_baseline_entries")
            .field("baseline_id", .uuid, .required, .references("plan_baselines", "id", onDelete: .cascade))
            .field("milestone_id", .uuid, .required)
            .field("reference", .string, .required)
            .field("title", .string, .required)
            .field("baseline_date", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        for (name, table, columns) in [("milestones_owner_idx", "milestones", ["owner_id"]),
                                       ("milestones_key_idx", "milestones", ["is_key", "status"]),
                                       ("plan_baseline_entries_baseline_idx", "plan_baseline_entries", ["baseline_id"])] {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('key_milestones', 1)").run()
        for (event, condition) in Self.events {
            switch StoreDialect(sql.dialect.name) {
            case .sqlite:
                // SQLite keeps booleans as 0 and 1; TRUE is 1.
                try await sql.raw("""
                    CREATE TRIGGER milestones_key_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON milestones
                    WHEN \(unsafeRaw: condition)
                    BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'key_milestones'; END
                    """).run()
            case .postgres:
                try await sql.raw("""
                    CREATE CONSTRAINT TRIGGER milestones_key_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON milestones
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (\(unsafeRaw: condition))
                    EXECUTE FUNCTION waymark_count_change('key_milestones')
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("plan_baseline_entries").delete()
        try await database.schema("plan_baselines").delete()
        try await database.schema("milestones").delete()
        let sql = database as! any SQLDatabase
        try await sql.raw("DELETE FROM change_counters WHERE name = 'key_milestones'").run()
    }
}
