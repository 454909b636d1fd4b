import FluentKit
import SQLKit

/// Assumptions on each project's RAID log, and the actions log every RAID item shares (issue 11).
/// An assumption: what the plan takes to be true, the impact if it is not, who checks it, by when,
/// and what the check found. An action: what someone will do, by when, and when it was done; it
/// belongs to its project and to at most one risk, issue, assumption or dependency (one column
/// each, so deleting the item, from Waymark or at a SQL prompt, deletes its actions with it).
/// Both are read from their tables (a project's log, a person's work), not kept in memory.
///
/// Written out here as it was when this migration was made.
struct M019_CreateAssumptionsAndActions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("assumptions")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("statement", .string, .required)
            .field("impact_if_wrong", .string, .required)
            .field("owner_id", .uuid, .references("people", "id", onDelete: .restrict))
            .field("status", .string, .required)
            // Calendar dates as ISO text (YYYY-MM-DD), as elsewhere.
            .field("validate_by", .string)
            .field("validated_on", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("actions")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("risk_id", .uuid, .references("risks", "id", onDelete: .cascade))
            .field("issue_id", .uuid, .references("issues", "id", onDelete: .cascade))
            .field("assumption_id", .uuid, .references("assumptions", "id", onDelete: .cascade))
            .field("dependency_id", .uuid, .references("dependencies", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("notes", .string, .required)
            .field("owner_id", .uuid, .references("people", "id", onDelete: .restrict))
            .field("due_date", .string, .required)
            .field("done_on", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        let sql = database as! any SQLDatabase
        for (name, table, column) in [("assumptions_owner_idx", "assumptions", "owner_id"), ("actions_owner_idx", "actions", "owner_id"),
                                      ("actions_risk_idx", "actions", "risk_id"), ("actions_issue_idx", "actions", "issue_id"),
                                      ("actions_assumption_idx", "actions", "assumption_id"),
                                      ("actions_dependency_idx", "actions", "dependency_id")] {
            try await sql.create(index: name).on(table).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("actions").delete()
        try await database.schema("assumptions").delete()
    }
}
