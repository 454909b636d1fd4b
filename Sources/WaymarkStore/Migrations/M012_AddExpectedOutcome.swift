import FluentKit
import SQLKit

/// A project's expected outcome and success measures: what a project initiation document states
/// the project will achieve and how success will be measured. Free text, empty for projects
/// registered before it.
struct M012_AddExpectedOutcome: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("ALTER TABLE projects ADD COLUMN expected_outcome TEXT NOT NULL DEFAULT ''").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("ALTER TABLE projects DROP COLUMN expected_outcome").run()
    }
}
