import FluentKit
import SQLKit

/// The portfolio index holds each project's team by name (what a project's page shows), so a change
/// to a person (their name, email or organisation) moves the "portfolio" counter too.
struct M009_CountPeopleInThePortfolio: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await M008_CreateChangeCounters.count("people", in: [.portfolio], on: database as! any SQLDatabase)
    }

    func revert(on database: any Database) async throws {
        try await M008_CreateChangeCounters.stopCounting("people", on: database as! any SQLDatabase)
    }
}
