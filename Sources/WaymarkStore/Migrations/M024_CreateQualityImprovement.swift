import FluentKit
import SQLKit

/// The QI lens (issue 12): a project's aim (one row, written when first set), its driver diagram
/// (`drivers`, each node hanging from its parent; deleting one deletes those under it), its PDSA
/// cycles (each testing one change idea, judged by some of the project's measures through
/// `pdsa_measures`), and the annotations placed on a measure's chart.
///
/// Written out here as it was when this migration was made.
struct M024_CreateQualityImprovement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("qi_aims")
            .field("project_id", .uuid, .identifier(auto: false), .references("projects", "id", onDelete: .cascade))
            .field("statement", .string, .required)
            .field("by_how_much", .string, .required)
            // A calendar date as ISO text (YYYY-MM-DD), as elsewhere.
            .field("by_when", .string)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("drivers")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("parent_id", .uuid, .references("drivers", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("pdsa_cycles")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("change_idea_id", .uuid, .references("drivers", "id", onDelete: .setNull))
            .field("status", .string, .required)
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("plan", .string, .required)
            .field("doing", .string, .required)
            .field("study", .string, .required)
            .field("act", .string, .required)
            .field("decision", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("pdsa_measures")
            .field("pdsa_id", .uuid, .required, .references("pdsa_cycles", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("measure_id", .uuid, .required, .references("measures", "id", onDelete: .cascade))
            .unique(on: "pdsa_id", "position")
            .create()
        try await database.schema("annotations")
            .id()
            .field("measure_id", .uuid, .required, .references("measures", "id", onDelete: .cascade))
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("label", .string, .required)
            .field("note", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "drivers_project_idx").on("drivers").column("project_id").run()
        try await sql.create(index: "drivers_parent_idx").on("drivers").column("parent_id").run()
        try await sql.create(index: "pdsa_cycles_project_idx").on("pdsa_cycles").column("project_id").run()
        try await sql.create(index: "pdsa_cycles_change_idea_idx").on("pdsa_cycles").column("change_idea_id").run()
        try await sql.create(index: "pdsa_measures_measure_idx").on("pdsa_measures").column("measure_id").run()
        try await sql.create(index: "annotations_measure_idx").on("annotations").column("measure_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["annotations", "pdsa_measures", "pdsa_cycles", "drivers", "qi_aims"] {
            try await database.schema(table).delete()
        }
    }
}
