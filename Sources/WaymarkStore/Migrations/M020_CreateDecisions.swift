import FluentKit
import SQLKit

/// Each project's decisions log (issue 11): what was decided, when, by a person or a board, why,
/// what else was considered; and the RAID items each bears on (`decision_links`, one row a link,
/// one item column set, each cascading, so deleting an item or the decision drops the link).
///
/// Written out here as it was when this migration was made.
struct M020_CreateDecisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("decisions")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            // A calendar date as ISO text (YYYY-MM-DD), as elsewhere.
            .field("decided_on", .string, .required)
            .field("decider_id", .uuid, .references("people", "id", onDelete: .restrict))
            .field("board", .string, .required)
            .field("rationale", .string, .required)
            .field("options", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("decision_links")
            .field("decision_id", .uuid, .required, .references("decisions", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("risk_id", .uuid, .references("risks", "id", onDelete: .cascade))
            .field("issue_id", .uuid, .references("issues", "id", onDelete: .cascade))
            .field("assumption_id", .uuid, .references("assumptions", "id", onDelete: .cascade))
            .field("dependency_id", .uuid, .references("dependencies", "id", onDelete: .cascade))
            .unique(on: "decision_id", "position")
            .create()
        let sql = database as! any SQLDatabase
        for column in ["risk_id", "issue_id", "assumption_id", "dependency_id"] {
            try await sql.create(index: "decision_links_\(column.dropLast(3))_idx").on("decision_links").column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("decision_links").delete()
        try await database.schema("decisions").delete()
    }
}
