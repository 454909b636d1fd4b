import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// What the person chose, as stored; nil when they never chose.
    public func preference(_ preference: Preference, of personID: UUID) async throws -> String? {
        try await scalar("""
            SELECT value FROM person_preferences WHERE person_id = \(bind: personID) AND name = \(bind: preference.rawValue)
            """, column: "value", as: String.self)
    }

    /// Keeps the person's choice, replacing the one before.
    public func remember(_ preference: Preference, _ value: String, of personID: UUID) async throws {
        try await write { store in
            try await store.run("""
                INSERT INTO person_preferences (person_id, name, value, updated_at)
                VALUES (\(bind: personID), \(bind: preference.rawValue), \(bind: value), \(bind: store.now()))
                ON CONFLICT (person_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """)
        }
    }
}
