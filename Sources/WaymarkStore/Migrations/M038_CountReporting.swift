import FluentKit
import SQLKit

/// A change counter, `reporting`, so an instance keeps in memory what following reporting reads
/// whole (where every project's update for every period stands, the cycles and the bank
/// holidays): it moves with any change to a status update, a reporting cycle or a holiday.
///
/// Written out here as it was when this migration was made.
struct M038_CountReporting: AsyncMigration {
    static let tables = ["status_updates", "reporting_cycles", "bank_holidays"]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('reporting', 1)").run()
        for table in Self.tables {
            for event in ["insert", "update", "delete"] {
                let name = "\(table)_reporting_\(event)"
                switch StoreDialect(sql.dialect.name) {
                case .sqlite:
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'reporting'; END
                        """).run()
                case .postgres:
                    // M008's function: deferred to commit, and once per transaction.
                    try await sql.raw("""
                        CREATE CONSTRAINT TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                        EXECUTE FUNCTION waymark_count_change('reporting')
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
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_reporting_\(unsafeRaw: event)\(unsafeRaw: postgres ? " ON \(table)" : "")").run()
            }
        }
        try await sql.raw("DELETE FROM change_counters WHERE name = 'reporting'").run()
    }
}
