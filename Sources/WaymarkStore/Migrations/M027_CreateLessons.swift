import FluentKit
import SQLKit

/// The lessons log (issue 13): each project's lessons, their themes in order, and the reviews a
/// project's team records of other projects' lessons before its work starts ("learn before").
/// Tags are kept as the project's are (a JSON list). A lesson's organisation is its
/// project's lead organisation, read through the project, so it follows the project.
///
/// Written out here as it was when this migration was made.
struct M027_CreateLessons: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("lessons")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("happened", .string, .required)
            .field("why", .string, .required)
            .field("outcome", .string, .required)
            .field("recommendation", .string, .required)
            .field("phase", .string, .required)
            .field("technique", .string, .required)
            // A calendar date as ISO text (YYYY-MM-DD), as elsewhere.
            .field("learned_on", .string, .required)
            .field("tags", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("lesson_themes")
            .field("lesson_id", .uuid, .required, .references("lessons", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("theme_id", .uuid, .required, .references("themes", "id", onDelete: .cascade))
            .unique(on: "lesson_id", "position")
            .create()
        try await database.schema("lesson_reviews")
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("lesson_id", .uuid, .required, .references("lessons", "id", onDelete: .cascade))
            .field("reviewer_name", .string, .required)
            .field("reviewed_at", .datetime, .required)
            .unique(on: "project_id", "lesson_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "lessons_learned_idx").on("lessons").column("learned_on").run()
        try await sql.create(index: "lesson_themes_theme_idx").on("lesson_themes").column("theme_id").run()
        try await sql.create(index: "lesson_reviews_lesson_idx").on("lesson_reviews").column("lesson_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("lesson_reviews").delete()
        try await database.schema("lesson_themes").delete()
        try await database.schema("lessons").delete()
    }
}
