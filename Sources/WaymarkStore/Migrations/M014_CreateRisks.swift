import FluentKit
import Foundation
import SQLKit

/// Risks on each project's register (issue 11): the three ratings as cells of the 5x5 matrix, each
/// with the band it was given when stored; the current rating's history; the system's risk
/// categories (the default list of NHS-CONVENTIONS 1's registers); and the system's settings for
/// risks (the band table and the escalation threshold) as data in `system_settings`.
/// Risks are not part of the portfolio index, so no counter or change-log trigger watches them
/// (M015 later counts the escalated ones).
struct M014_CreateRisks: AsyncMigration {
    /// The categories a new system starts with, as the migration was written.
    static let categories = [
        "Clinical and patient safety", "Financial", "Operational", "Reputational", "Workforce",
        "Information governance", "Partnership", "Regulatory and compliance", "Strategic", "Digital and technology",
        "Estates and environment",
    ]
    /// The band table and threshold a new system starts with (NPSA 2008), as the migration was written.
    static let settings = [
        ("risk.bands", ##"[{"name":"Low","lowestScore":1,"colour":"#007f3b"},{"name":"Moderate","lowestScore":4,"colour":"#ffb81c"},{"name":"High","lowestScore":8,"colour":"#ed8b00"},{"name":"Extreme","lowestScore":15,"colour":"#d5281b"}]"##),
        ("risk.escalation-threshold", "15"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("system_settings")
            .field("name", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema("risk_categories")
            .id()
            .field("name", .string, .required)
            .field("position", .int, .required)
            .unique(on: "name")
            .create()
        try await database.schema("risks")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("cause", .string, .required)
            .field("event", .string, .required)
            .field("effect", .string, .required)
            .field("category_id", .uuid, .references("risk_categories", "id", onDelete: .setNull))
            .field("owner_id", .uuid, .references("people", "id", onDelete: .restrict))
            .field("inherent_likelihood", .int, .required)
            .field("inherent_consequence", .int, .required)
            .field("inherent_band", .string, .required)
            .field("current_likelihood", .int, .required)
            .field("current_consequence", .int, .required)
            // Kept beside the cell so registers sort and filter by it with an index.
            .field("current_score", .int, .required)
            .field("current_band", .string, .required)
            .field("target_likelihood", .int, .required)
            .field("target_consequence", .int, .required)
            .field("target_band", .string, .required)
            .field("response", .string, .required)
            // Calendar dates as ISO text (YYYY-MM-DD), as the projects' dates are.
            .field("proximity", .string)
            .field("review_date", .string)
            .field("status", .string, .required)
            .field("escalation", .string, .required)
            .field("escalation_reason", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await database.schema("risk_ratings")
            .id()
            .field("risk_id", .uuid, .required, .references("risks", "id", onDelete: .cascade))
            // The risk's version that took this rating: the history's order, whatever the clocks say.
            .field("risk_version", .int, .required)
            .field("recorded_at", .datetime, .required)
            .field("likelihood", .int, .required)
            .field("consequence", .int, .required)
            .field("band", .string, .required)
            .create()

        let sql = database as! any SQLDatabase
        for (name, table, columns) in [
            ("risks_owner_idx", "risks", ["owner_id"]),
            ("risks_register_idx", "risks", ["escalation", "status", "current_score"]),
            ("risks_review_idx", "risks", ["status", "review_date"]),
            ("risk_ratings_risk_idx", "risk_ratings", ["risk_id", "risk_version"]),
        ] {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        for (position, name) in Self.categories.enumerated() {
            try await sql.raw("INSERT INTO risk_categories (id, name, position) VALUES (\(bind: UUID()), \(bind: name), \(bind: position + 1))").run()
        }
        for (key, value) in Self.settings {
            try await sql.raw("INSERT INTO system_settings (name, value, version) VALUES (\(bind: key), \(bind: value), 1)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("risk_ratings").delete()
        try await database.schema("risks").delete()
        try await database.schema("risk_categories").delete()
        try await database.schema("system_settings").delete()
    }
}
