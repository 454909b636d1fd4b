import FluentKit
import SQLKit

/// A change counter, `items`, so an instance keeps in memory what the dashboard's item-level
/// checks and its gates waiting read (open risks' review dates, items with no owner, gate reviews
/// waiting), rather than counting them on every request: it moves with any change to a project's
/// risks, issues, milestones, actions, dependencies or gate reviews.
///
/// Written out here as it was when this migration was made.
struct M043_CountProjectItems: AsyncMigration {
    static let tables = ["risks", "issues", "milestones", "actions", "dependencies", "gate_reviews"]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('items', 1)").run()
        for table in Self.tables {
            for event in ["insert", "update", "delete"] {
                let name = "\(table)_items_\(event)"
                switch StoreDialect(sql.dialect.name) {
                case .sqlite:
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'items'; END
                        """).run()
                case .postgres:
                    // M008's function: deferred to commit, and once per transaction.
                    try await sql.raw("""
                        CREATE CONSTRAINT TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                        EXECUTE FUNCTION waymark_count_change('items')
                        """).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = StoreDialect(sql.dialect.name) == .postgres
        for table in Self.tables {
            for event in ["insert", "update", "delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_items_\(unsafeRaw: event)\(unsafeRaw: postgres ? " ON \(table)" : "")").run()
            }
        }
        try await sql.raw("DELETE FROM change_counters WHERE name = 'items'").run()
    }
}
