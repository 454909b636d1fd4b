import FluentKit
import Foundation
import SQLKit

/// Gates (issue 15): each gated stage's board, criteria and board members, and every gate review
/// a project asks for, with the board's decision and the report it was decided on (JSON, kept as
/// it was when the review was asked for).
///
/// Written out here as it was when this migration was made: the default boards and criteria of
/// the four gates of the default lifecycle (NHS-CONVENTIONS.md section 6), for the stages that
/// still have their default keys.
struct M040_CreateGates: AsyncMigration {
    static let defaults: [(stageKey: String, board: String, criteria: [String])] = [
        ("proposal", "Portfolio board", [
            "The problem or opportunity is described, with evidence of need",
            "The project fits the system's strategic themes",
            "A senior responsible owner is named",
            "Options have been identified, including doing nothing",
        ]),
        ("business-case", "Portfolio board", [
            "The outline business case has been reviewed by the partners involved",
            "The preferred option is justified against the others",
            "Costs and funding sources are estimated",
            "Expected benefits are described, with who owns each",
        ]),
        ("initiation", "Investment and delivery board", [
            "The full business case is complete and signed off by the SRO",
            "Funding is agreed",
            "Key risks are identified and scored",
            "Benefits have baselines, targets and owners",
        ]),
        ("closure", "Investment and delivery board", [
            "The products the project set out to deliver are delivered or formally stopped",
            "Open risks, issues and actions are closed or handed over to an owner",
            "Benefits realisation is handed over to named owners",
            "Lessons learned are recorded in the lessons log",
        ]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("gate_settings")
            .id()
            .field("stage_id", .uuid, .required, .references("lifecycle_stages", "id", onDelete: .cascade))
            .field("board", .string, .required)
            // One criterion to a line.
            .field("criteria", .string, .required)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "stage_id")
            .create()
        let now = Date()
        for setting in Self.defaults {
            try await sql.raw("""
                INSERT INTO gate_settings (id, stage_id, board, criteria, version, updated_at)
                SELECT \(bind: UUID()), id, \(bind: setting.board), \(bind: setting.criteria.joined(separator: "\n")), 1, \(bind: now)
                FROM lifecycle_stages WHERE key = \(bind: setting.stageKey) AND gate IS NOT NULL
                """).run()
        }
        try await database.schema("gate_board_members")
            .field("stage_id", .uuid, .required, .references("lifecycle_stages", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .unique(on: "stage_id", "person_id")
            .create()
        try await database.schema("gate_reviews")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("stage_id", .uuid, .required, .references("lifecycle_stages", "id", onDelete: .restrict))
            .field("from_stage_id", .uuid, .required, .references("lifecycle_stages", "id", onDelete: .restrict))
            // The gate's name, board and criteria (one to a line) when the review was asked for.
            .field("gate", .string, .required)
            .field("board", .string, .required)
            .field("criteria", .string, .required)
            .field("summary", .string, .required)
            // The criteria the project says it meets, by number, joined by commas.
            .field("criteria_met", .string, .required)
            .field("evidence", .string, .required)
            .field("requested_by", .uuid, .references("people", "id", onDelete: .setNull))
            .field("requested_at", .datetime, .required)
            .field("state", .string, .required)
            .field("outcome", .string)
            // A calendar date as ISO text (YYYY-MM-DD), as elsewhere.
            .field("decided_on", .string)
            .field("decision_board", .string)
            .field("rationale", .string)
            .field("conditions", .string)
            .field("decided_by", .uuid, .references("people", "id", onDelete: .setNull))
            .field("decided_at", .datetime)
            // The report the board decides on, as JSON: written once, never changed.
            .field("report", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "number")
            .create()
        try await sql.create(index: "gate_reviews_state_idx").on("gate_reviews").column("state").column("requested_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("gate_reviews").delete()
        try await database.schema("gate_board_members").delete()
        try await database.schema("gate_settings").delete()
    }
}
