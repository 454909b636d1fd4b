import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// Applies `assignments` only if the row still has `expectedVersion`, and bumps the version
    /// (FluentKit has no optimistic locking). A stale version is a `VersionConflict`; a missing
    /// row is `NotFound`. Nothing is overwritten silently.
    func conditionalUpdate(_ table: String, id: UUID, expectedVersion: Int, at time: Date? = nil,
                           set assignments: SQLQueryString) async throws -> Int {
        // Prepared on PostgreSQL: every save of a record runs this text.
        let newVersion = try await reusing.scalar("""
            UPDATE \(ident: table) SET \(assignments), version = version + 1, updated_at = \(bind: time ?? now())
            WHERE id = \(bind: id) AND version = \(bind: expectedVersion)
            RETURNING version
            """, column: "version", as: Int.self)
        if let newVersion { return newVersion }
        guard let current = try await scalar("SELECT version FROM \(ident: table) WHERE id = \(bind: id)",
                                             column: "version", as: Int.self) else {
            throw NotFound(table)
        }
        throw VersionConflict(currentVersion: current)
    }
}
