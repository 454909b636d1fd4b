import FluentKit
import SQLKit

/// Closed reporting periods (issue 15): closing one freezes the portfolio's reported state as it
/// stood (`report`, a `PeriodSnapshot` as JSON) and each highlight report of the period, so that
/// any report opened as at the period shows what was reported then. A period closes once; its
/// rows are never changed. Highlight reports keep their project's id without a foreign key: what
/// a board saw is kept even after a project is deleted (no one can read it then).
///
/// Written out here as it was when this migration was made.
struct M042_CreatePeriodClosures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("period_closures")
            .id()
            // `2026-08`: the system cycle's period, as its month.
            .field("period_key", .string, .required)
            .field("period_start", .string, .required)
            .field("period_months", .int, .required)
            .field("closed_at", .datetime, .required)
            .field("closed_on", .string, .required)
            .field("closed_by", .uuid, .references("people", "id", onDelete: .setNull))
            .field("project_count", .int, .required)
            .field("highlight_count", .int, .required)
            .field("report", .string, .required)
            .unique(on: "period_key")
            .create()
        try await database.schema("period_highlights")
            .field("closure_id", .uuid, .required, .references("period_closures", "id", onDelete: .cascade))
            .field("project_id", .uuid, .required)
            .field("report", .string, .required)
            .compositeIdentifier(over: "closure_id", "project_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("period_highlights").delete()
        try await database.schema("period_closures").delete()
    }
}
