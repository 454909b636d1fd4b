import Foundation
import SQLKit

extension Store {
    /// Inserts many rows in multi-row INSERTs of `batch` rows: one statement per batch instead of
    /// one per row. Rows × columns stays well under SQLite's and PostgreSQL's bind limits.
    func bulkInsert(_ table: String, columns: [String], rows: [[any Encodable & Sendable]], batch: Int = 400) async throws {
        var start = 0
        while start < rows.count {
            let end = min(start + batch, rows.count)
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<end] { insert = insert.values(row) }
            try await insert.run()
            start = end
        }
    }
}
