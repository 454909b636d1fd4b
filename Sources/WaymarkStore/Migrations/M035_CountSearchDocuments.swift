import FluentKit
import SQLKit

/// A change counter for one search's documents (issue 13's speed target), so an instance keeps
/// what a search found, best first, while no document has changed: `search` moves whenever a row
/// of `search_documents` is added or removed, or its title, body or project changes (the tables'
/// triggers rewrite a project's document on every update of the project, which mostly changes
/// nothing searched, and then it does not move).
///
/// Written out here as it was when this migration was made.
struct M035_CountSearchDocuments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('search', 1)").run()
        for event in ["insert", "update", "delete"] {
            let name = "search_documents_search_\(event)"
            switch StoreDialect(sql.dialect.name) {
            case .sqlite:
                let condition = event == "update"
                    ? "WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.project_id IS NOT NEW.project_id" : ""
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON search_documents \(unsafeRaw: condition)
                    BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'search'; END
                    """).run()
            case .postgres:
                let condition = event == "update"
                    ? """
                      WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body
                            OR OLD.project_id IS DISTINCT FROM NEW.project_id)
                      """ : ""
                // M008's function: deferred to commit, and once per transaction.
                try await sql.raw("""
                    CREATE CONSTRAINT TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON search_documents
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \(unsafeRaw: condition)
                    EXECUTE FUNCTION waymark_count_change('search')
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = StoreDialect(sql.dialect.name) == .postgres
        for event in ["insert", "update", "delete"] {
            try await sql.raw("DROP TRIGGER IF EXISTS search_documents_search_\(unsafeRaw: event)\(unsafeRaw: postgres ? " ON search_documents" : "")").run()
        }
        try await sql.raw("DELETE FROM change_counters WHERE name = 'search'").run()
    }
}
