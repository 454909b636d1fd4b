import FluentKit
import Foundation
import SQLKit
import WaymarkDomain

/// A closed period's snapshot is kept in parts (issue 10: region scale in under 500 MB): a head,
/// then its long lists a thousand items (one period's statuses) a part, so that reading one back
/// decodes a part at a time. Kept whole, a region's snapshot was 137 MB of JSON whose decoding
/// held 850 MB at once. Snapshots already kept are split by their JSON's structure alone (no type
/// that wrote them is decoded), and the whole column goes; reverting joins them again.
///
/// Written out here as it was when this migration was made.
struct M047_KeepSnapshotsInParts: AsyncMigration {
    /// The snapshot's long lists, in the order their parts are kept, and the items a part holds.
    static let lists: KeyValuePairs<String, Int> = [
        "projects": 1_000, "statuses": 2, "reported": 1_000, "escalatedRisks": 1_000, "keyMilestones": 1_000,
        "dependencies": 1_000, "benefits": 1_000,
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("period_snapshot_parts")
            .field("closure_id", .uuid, .required, .references("period_closures", "id", onDelete: .cascade))
            .field("position", .int, .required)
            // Which long list the part continues: none for the head.
            .field("list", .string)
            .field("body", .string, .required)
            .compositeIdentifier(over: "closure_id", "position")
            .create()
        let sizes = Dictionary(uniqueKeysWithValues: Self.lists.map { ($0.key, $0.value) })
        // One snapshot at a time, a part at a time: a region's is 137 MB.
        for row in try await sql.raw("SELECT id FROM period_closures").all() {
            let id = try row.decode(column: "id", as: UUID.self)
            guard let whole = try await sql.raw("SELECT report FROM period_closures WHERE id = \(bind: id)").first()
                .map({ Array(try $0.decode(column: "report", as: String.self).utf8) }) else { continue }
            let pieces = try whole.withUnsafeBufferPointer { try JSONParts.split($0, lists: sizes, order: Self.lists.map(\.key)) }
            for (position, piece) in pieces.enumerated() {
                let part = whole.withUnsafeBufferPointer { piece.part(of: $0) }
                try await sql.raw("""
                    INSERT INTO period_snapshot_parts (closure_id, position, list, body)
                    VALUES (\(bind: id), \(bind: position), \(bind: part.list), \(bind: part.body))
                    """).run()
            }
        }
        try await sql.raw("ALTER TABLE period_closures DROP COLUMN report").run()
    }

    /// Each snapshot whole again, in its column.
    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE period_closures ADD COLUMN report TEXT NOT NULL DEFAULT ''").run()
        for row in try await sql.raw("SELECT id FROM period_closures").all() {
            let id = try row.decode(column: "id", as: UUID.self)
            let parts = try await sql.raw("SELECT list, body FROM period_snapshot_parts WHERE closure_id = \(bind: id) ORDER BY position").all()
                .map { PeriodSnapshot.StoredPart(list: try $0.decode(column: "list", as: String?.self), body: try $0.decode(column: "body", as: String.self)) }
            try await sql.raw("UPDATE period_closures SET report = \(bind: try JSONParts.join(parts)) WHERE id = \(bind: id)").run()
        }
        try await database.schema("period_snapshot_parts").delete()
    }
}
