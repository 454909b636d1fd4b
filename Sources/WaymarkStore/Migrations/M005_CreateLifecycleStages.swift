import FluentKit
import Foundation
import SQLKit

/// Stages are rows, seeded with the default lifecycle, because gates will make them configurable.
/// The stages are written out here as they were when this migration was made: a migration runs
/// the same way forever, whatever `DefaultLifecycle` later says.
struct M005_CreateLifecycleStages: AsyncMigration {
    static let stages: [(key: String, name: String, gate: String?, description: String)] = [
        ("mandate", "Idea / mandate", nil, "An idea or mandate has been recorded and is waiting for a proposal."),
        ("proposal", "Proposal", "Gate 0", "Outline business case: the problem, options and expected benefits."),
        ("business-case", "Business case", "Gate 1", "Full business case: costs, benefits, risks and the preferred option."),
        ("initiation", "Initiation", "Gate 2", "Project initiation document: scope, plan, governance and measures."),
        ("delivery", "Delivery", nil, "The work is under way, with stage reviews."),
        ("closure", "Closure", "Gate 3", "Closure report and lessons learned."),
        ("benefits", "Benefits realisation", nil, "Benefits are tracked after the project has closed."),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("lifecycle_stages")
            .id()
            .field("key", .string, .required)
            .field("name", .string, .required)
            .field("position", .int, .required)
            .field("gate", .string)
            .field("description", .string, .required)
            .unique(on: "key")
            .create()
        let sql = database as! any SQLDatabase
        for (index, stage) in Self.stages.enumerated() {
            try await sql.raw("""
                INSERT INTO lifecycle_stages (id, key, name, position, gate, description)
                VALUES (\(bind: UUID()), \(bind: stage.key), \(bind: stage.name), \(bind: index + 1),
                        \(bind: stage.gate), \(bind: stage.description))
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("lifecycle_stages").delete()
    }
}
