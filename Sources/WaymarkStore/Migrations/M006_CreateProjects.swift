import FluentKit
import SQLKit

struct M006_CreateProjects: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("projects")
            .id()
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("scope_in", .string, .required)
            .field("scope_out", .string, .required)
            .field("objectives", .string, .required)
            .field("lead_organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .restrict))
            .field("programme_id", .uuid, .references("programmes", "id", onDelete: .setNull))
            .field("methodology", .string, .required)
            .field("stage_id", .uuid, .required, .references("lifecycle_stages", "id", onDelete: .restrict))
            .field("status", .string, .required)
            // Calendar dates as ISO text (YYYY-MM-DD): they sort correctly and mean the same on both databases.
            .field("start_date", .string)
            .field("end_date", .string)
            .field("budget_pence", .int64)
            .field("tags", .string, .required)
            .field("visibility", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await database.schema("project_partners")
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .restrict))
            .compositeIdentifier(over: "project_id", "organisation_id")
            .create()
        try await database.schema("project_themes")
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("theme_id", .uuid, .required, .references("themes", "id", onDelete: .cascade))
            .compositeIdentifier(over: "project_id", "theme_id")
            .create()
        try await database.schema("team_members")
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .restrict))
            .field("role", .string, .required)
            .field("added_at", .datetime, .required)
            .compositeIdentifier(over: "project_id", "person_id")
            .create()

        let sql = database as! any SQLDatabase
        let indexes: [(String, String, [String])] = [
            ("projects_lead_idx", "projects", ["lead_organisation_id"]),
            ("projects_programme_idx", "projects", ["programme_id"]),
            ("projects_stage_idx", "projects", ["stage_id"]),
            ("projects_visibility_idx", "projects", ["visibility"]),
            ("projects_title_idx", "projects", ["title"]),
            ("projects_updated_idx", "projects", ["updated_at"]),
            ("project_partners_org_idx", "project_partners", ["organisation_id"]),
            ("project_themes_theme_idx", "project_themes", ["theme_id"]),
            ("team_members_person_idx", "team_members", ["person_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("team_members").delete()
        try await database.schema("project_themes").delete()
        try await database.schema("project_partners").delete()
        try await database.schema("projects").delete()
    }
}
