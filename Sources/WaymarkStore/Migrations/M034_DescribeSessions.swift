import FluentKit
import SQLKit

/// What a session was started from ("Firefox on Windows"), so that a person's list of where they
/// are signed in (issue 14) says which is which. Sessions from before have none.
struct M034_DescribeSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions").field("device", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").deleteField("device").update()
    }
}
