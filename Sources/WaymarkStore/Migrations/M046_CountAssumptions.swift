import FluentKit
import SQLKit

/// Assumptions move the `items` counter too (M043), so an instance may hold what each person
/// owns that is due ("my work": risks to review, issues, milestones, dependencies, assumptions to
/// validate and actions), read again only when one of those tables changes.
///
/// Written out here as it was when this migration was made.
struct M046_CountAssumptions: AsyncMigration {
    static let tables = ["assumptions"]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
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
    }
}
