import FluentKit
import SQLKit

/// Measures and their observations (issue 12). A measure belongs to a project and is numbered on
/// it (M1, M2); its targets (each from a date on) are kept as lines of "date value" beside it. An
/// observation is a value on a date, at most one per date per measure, optionally ghosted or
/// marking a recalculation of the limits. Deleting a project deletes its measures, and a measure
/// its observations. Both are read from their tables per project or measure, not kept in memory;
/// each measure carries its latest analysis in brief for the icon summary.
///
/// Written out here as it was when this migration was made.
struct M022_CreateMeasures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("measures")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("name", .string, .required)
            .field("definition", .string, .required)
            .field("type", .string, .required)
            .field("unit", .string, .required)
            .field("direction", .string, .required)
            .field("frequency", .string, .required)
            .field("data_source", .string, .required)
            .field("owner_id", .uuid, .references("people", "id", onDelete: .restrict))
            .field("spc_preset", .string, .required)
            .field("baseline_points", .int)
            .field("targets", .string, .required)
            // The latest analysis in brief, kept up to date by every write to the measure or its
            // observations: what the icon summary lists across the portfolio without reading a
            // single observation.
            .field("summary_chart", .string, .required)
            .field("summary_count", .int, .required)
            .field("summary_latest_date", .string)
            .field("summary_latest_value", .double)
            .field("summary_target", .double)
            .field("summary_variation", .string)
            .field("summary_assurance", .string)
            // The last values, for a sparkline, as text ("12.5 13 11.25").
            .field("summary_recent", .string, .required)
            .field("summary_engine", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("observations")
            .id()
            .field("measure_id", .uuid, .required, .references("measures", "id", onDelete: .cascade))
            // A calendar date as ISO text (YYYY-MM-DD): text order is date order.
            .field("date", .string, .required)
            .field("value", .double, .required)
            .field("note", .string, .required)
            .field("ghosted", .bool, .required)
            .field("recalculate", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "measure_id", "date")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "measures_owner_idx").on("measures").column("owner_id").run()
        try await sql.create(index: "measures_project_idx").on("measures").column("project_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("observations").delete()
        try await database.schema("measures").delete()
    }
}
