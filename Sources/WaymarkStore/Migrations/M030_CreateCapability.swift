import FluentKit
import Foundation
import SQLKit
import WaymarkDomain

/// The competency framework and self-assessments (issue 13). Each version of the framework is
/// kept whole (as JSON: domains, competencies, level descriptors, role targets), so an
/// assessment, which keeps the version it was made against, always reads as it was made. Each
/// assessment's levels and evidence are rows, so capability views count them in the database.
///
/// Written out here as it was when this migration was made.
struct M030_CreateCapability: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("framework_versions")
            .field("version", .int, .identifier(auto: false))
            .field("content", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("assessments")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("framework_version", .int, .required, .references("framework_versions", "version", onDelete: .restrict))
            // A calendar date as ISO text (YYYY-MM-DD), as elsewhere.
            .field("assessed_on", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("assessment_ratings")
            .field("assessment_id", .uuid, .required, .references("assessments", "id", onDelete: .cascade))
            .field("competency_key", .string, .required)
            .field("level", .int, .required)
            .field("evidence", .string, .required)
            .unique(on: "assessment_id", "competency_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "assessments_person_idx").on("assessments").column("person_id").run()
        let content = String(decoding: try JSONEncoder().encode(DefaultFramework.framework), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO framework_versions (version, content, created_at) VALUES (1, \(bind: content), \(bind: Date()))
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("assessment_ratings").delete()
        try await database.schema("assessments").delete()
        try await database.schema("framework_versions").delete()
    }
}
