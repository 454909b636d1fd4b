import FluentKit
import SQLKit

/// The portfolio index holds each project's team by name (what a project's page shows), so a change
/// to a person (their name, email or organisation) moves the "portfolio" counter too. The trigger
/// statements are M008's, written out again as they were: a migration never calls another's code,
/// which may change.
struct M009_CountPeopleInThePortfolio: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            for event in ["INSERT", "UPDATE", "DELETE"] {
                try await sql.raw("""
                    CREATE TRIGGER people_counted_\(unsafeRaw: event.lowercased()) AFTER \(unsafeRaw: event) ON people
                    BEGIN UPDATE change_counters SET value = value + 1 WHERE name IN ('portfolio'); END
                    """).run()
            }
        case .postgres:
            try await sql.raw("""
                CREATE CONSTRAINT TRIGGER people_counted AFTER INSERT OR UPDATE OR DELETE ON people
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION waymark_count_change('portfolio')
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            for event in ["insert", "update", "delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS people_counted_\(unsafeRaw: event)").run()
            }
        case .postgres:
            try await sql.raw("DROP TRIGGER IF EXISTS people_counted ON people").run()
        }
    }
}
