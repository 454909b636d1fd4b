import FluentKit
import SQLKit

/// Indexes that hold everything the readable-projects statement (`Store.readableProjects`) reads
/// from `projects`, so its branches by visibility and by lead organisation are answered from the
/// index alone, without visiting each project's row: at ICS scale a member's set is about 1,300
/// projects, built for every search and register query. They begin with what the indexes they
/// replace held.
struct M032_CoverReadableProjects: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "projects_visibility_id_idx").on("projects").column("visibility").column("id").run()
        try await sql.create(index: "projects_lead_visibility_id_idx").on("projects")
            .column("lead_organisation_id").column("visibility").column("id").run()
        try await sql.drop(index: "projects_visibility_idx").run()
        try await sql.drop(index: "projects_lead_idx").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "projects_visibility_idx").on("projects").column("visibility").run()
        try await sql.create(index: "projects_lead_idx").on("projects").column("lead_organisation_id").run()
        try await sql.drop(index: "projects_lead_visibility_id_idx").run()
        try await sql.drop(index: "projects_visibility_id_idx").run()
    }
}
