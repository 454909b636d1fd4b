import FluentKit
import Foundation
import SQLKit

/// Status reporting (issue 15): the bank holidays working days skip, the reporting cycle (one
/// row for the system, one per programme that keeps its own), and each project's status updates,
/// one row per revision of a period's update. A submitted revision is never changed again; a
/// correction is the next revision.
///
/// Written out here as it was when this migration was made: the holidays are England and
/// Wales's for 2024 to 2028 and the system's cycle monthly, due on the 5th working day.
struct M037_CreateStatusReporting: AsyncMigration {
    static let holidays: [(String, String)] = [
        ("2024-01-01", "New Year's Day"), ("2024-03-29", "Good Friday"), ("2024-04-01", "Easter Monday"),
        ("2024-05-06", "Early May bank holiday"), ("2024-05-27", "Spring bank holiday"), ("2024-08-26", "Summer bank holiday"),
        ("2024-12-25", "Christmas Day"), ("2024-12-26", "Boxing Day"),
        ("2025-01-01", "New Year's Day"), ("2025-04-18", "Good Friday"), ("2025-04-21", "Easter Monday"),
        ("2025-05-05", "Early May bank holiday"), ("2025-05-26", "Spring bank holiday"), ("2025-08-25", "Summer bank holiday"),
        ("2025-12-25", "Christmas Day"), ("2025-12-26", "Boxing Day"),
        ("2026-01-01", "New Year's Day"), ("2026-04-03", "Good Friday"), ("2026-04-06", "Easter Monday"),
        ("2026-05-04", "Early May bank holiday"), ("2026-05-25", "Spring bank holiday"), ("2026-08-31", "Summer bank holiday"),
        ("2026-12-25", "Christmas Day"), ("2026-12-28", "Boxing Day (substitute day)"),
        ("2027-01-01", "New Year's Day"), ("2027-03-26", "Good Friday"), ("2027-03-29", "Easter Monday"),
        ("2027-05-03", "Early May bank holiday"), ("2027-05-31", "Spring bank holiday"), ("2027-08-30", "Summer bank holiday"),
        ("2027-12-27", "Christmas Day (substitute day)"), ("2027-12-28", "Boxing Day (substitute day)"),
        ("2028-01-03", "New Year's Day (substitute day)"), ("2028-04-14", "Good Friday"), ("2028-04-17", "Easter Monday"),
        ("2028-05-01", "Early May bank holiday"), ("2028-05-29", "Spring bank holiday"), ("2028-08-28", "Summer bank holiday"),
        ("2028-12-25", "Christmas Day"), ("2028-12-26", "Boxing Day"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("bank_holidays")
            // A calendar date as ISO text (YYYY-MM-DD), as elsewhere.
            .field("date", .string, .required)
            .field("name", .string, .required)
            .unique(on: "date")
            .create()
        for (date, name) in Self.holidays {
            try await sql.raw("INSERT INTO bank_holidays (date, name) VALUES (\(bind: date), \(bind: name))").run()
        }
        try await database.schema("reporting_cycles")
            .id()
            // None for the system's cycle; a programme's own otherwise.
            .field("programme_id", .uuid, .references("programmes", "id", onDelete: .cascade))
            .field("frequency", .string, .required)
            .field("due_working_day", .int, .required)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "programme_id")
            .create()
        try await sql.raw("""
            INSERT INTO reporting_cycles (id, programme_id, frequency, due_working_day, version, updated_at)
            VALUES (\(bind: UUID()), NULL, 'monthly', 5, 1, \(bind: Date()))
            """).run()
        var updates = database.schema("status_updates")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            // The period's first day (YYYY-MM-01) and its length in months (1 or 3).
            .field("period_start", .string, .required)
            .field("period_months", .int, .required)
            .field("revision", .int, .required)
            .field("state", .string, .required)
        for rating in ["overall", "schedule", "finance", "resources", "risks", "benefits", "scope"] {
            updates = updates.field(.string(rating), .string).field(.string(rating + "_justification"), .string, .required)
        }
        for section in ["summary", "done_this_period", "planned_next_period", "decisions_needed", "escalations"] {
            updates = updates.field(.string(section), .string, .required)
        }
        try await updates
            .field("submitted_at", .datetime)
            .field("submitted_by", .uuid, .references("people", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            // A period is its first month and its length: after a cycle changes from monthly to
            // quarterly, July's monthly update and the July-to-September one are two periods.
            .unique(on: "project_id", "period_start", "period_months", "revision")
            .create()
        try await sql.create(index: "status_updates_period_idx").on("status_updates").column("period_start").column("state").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("status_updates").delete()
        try await database.schema("reporting_cycles").delete()
        try await database.schema("bank_holidays").delete()
    }
}
