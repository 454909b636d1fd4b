import FluentKit
import SQLKit

/// Benefits (issue 12): each project's benefit profiles. The planned trajectory and the actuals
/// typed by hand are kept as lines of "date value" beside the benefit (read whole, never
/// queried); the measures that evidence it are rows of `benefit_measures` (deleting a measure
/// drops the link, and clears it as the source of actuals); a cash-releasing benefit's money is
/// one row of `benefit_cash` per financial year, so the register totals it in the database.
///
/// Written out here as it was when this migration was made.
struct M023_CreateBenefits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("benefits")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("category", .string, .required)
            .field("disbenefit", .bool, .required)
            .field("owner_id", .uuid, .references("people", "id", onDelete: .restrict))
            .field("unit", .string, .required)
            .field("baseline_value", .double)
            // Calendar dates as ISO text (YYYY-MM-DD), as elsewhere.
            .field("baseline_date", .string)
            .field("target_value", .double)
            .field("target_date", .string)
            .field("trajectory", .string, .required)
            .field("actuals", .string, .required)
            .field("actuals_measure_id", .uuid, .references("measures", "id", onDelete: .setNull))
            .field("status", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("benefit_measures")
            .field("benefit_id", .uuid, .required, .references("benefits", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("measure_id", .uuid, .required, .references("measures", "id", onDelete: .cascade))
            .unique(on: "benefit_id", "position")
            .create()
        try await database.schema("benefit_cash")
            .field("benefit_id", .uuid, .required, .references("benefits", "id", onDelete: .cascade))
            // The financial year by the calendar year it starts in (2026 for 2026/27).
            .field("start_year", .int, .required)
            .field("planned", .double, .required)
            .field("realised", .double)
            .unique(on: "benefit_id", "start_year")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "benefits_project_idx").on("benefits").column("project_id").run()
        try await sql.create(index: "benefits_owner_idx").on("benefits").column("owner_id").run()
        try await sql.create(index: "benefits_actuals_measure_idx").on("benefits").column("actuals_measure_id").run()
        try await sql.create(index: "benefit_measures_measure_idx").on("benefit_measures").column("measure_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("benefit_cash").delete()
        try await database.schema("benefit_measures").delete()
        try await database.schema("benefits").delete()
    }
}
