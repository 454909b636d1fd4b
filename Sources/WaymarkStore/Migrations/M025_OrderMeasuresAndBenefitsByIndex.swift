import FluentKit
import SQLKit

/// The icon summary and the benefits register read in index order (issue 12's speed targets).
/// Each measure keeps its place in the "attention" order (`summary_rank`, from its latest
/// analysis, kept with the rest of its summary), and measures and benefits keep their project's
/// code (a project's code never changes once given), so a page is read along an index rather than
/// every readable row sorted on every request.
///
/// Written out here as it was when this migration was made.
struct M025_OrderMeasuresAndBenefitsByIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        try await database.schema("measures").field("summary_rank", .int, .required, .sql(.default(19))).update()
        try await database.schema("measures").field("project_code", .string, .required, .sql(.default(""))).update()
        try await database.schema("benefits")
            .field("project_code", .string, .required, .sql(.default("")))
            .update()
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            UPDATE measures SET summary_rank = (CASE summary_variation WHEN 'concern-high' THEN 0 WHEN 'concern-low' THEN 0
                    WHEN 'improvement-high' THEN 1 WHEN 'improvement-low' THEN 1 WHEN 'neither-high' THEN 2 WHEN 'neither-low' THEN 2
                    WHEN 'common-cause' THEN 3 ELSE 4 END) * 4
                + (CASE summary_assurance WHEN 'consistently-fail' THEN 0 WHEN 'hit-and-miss' THEN 1 WHEN 'consistently-pass' THEN 2 ELSE 3 END),
                project_code = (SELECT code FROM projects WHERE projects.id = measures.project_id)
            """).run()
        try await sql.raw("UPDATE benefits SET project_code = (SELECT code FROM projects WHERE projects.id = benefits.project_id)").run()
        try await sql.create(index: "measures_attention_idx").on("measures").column("summary_rank").column("project_code").column("number").run()
        try await sql.create(index: "measures_code_idx").on("measures").column("project_code").column("number").run()
        try await sql.create(index: "benefits_code_idx").on("benefits").column("project_code").column("number").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["measures_attention_idx", "measures_code_idx", "benefits_code_idx"] {
            try await sql.drop(index: index).run()
        }
        try await database.schema("measures").deleteField("summary_rank").update()
        try await database.schema("measures").deleteField("project_code").update()
        try await database.schema("benefits").deleteField("project_code").update()
    }
}
