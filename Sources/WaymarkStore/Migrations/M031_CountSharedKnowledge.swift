import FluentKit
import SQLKit

/// Four change counters, so an instance keeps what every reader of these pages shares in memory
/// while nothing under it has changed (issue 13's speed targets):
/// - `glossary` moves whenever a term, one of its local words or its related terms changes: the
///   glossary is read whole for its index, its search and its API.
/// - `lessons` moves whenever a lesson or its themes change: "learn before" compares a project
///   with every lesson.
/// - `resources` moves whenever a resource, its file or its stages change: the library and every
///   project page list from it.
/// - `capability` moves whenever an assessment or its ratings, the competency framework, or who
///   is active in which organisation changes: the heat map counts every active person's latest
///   assessment.
///
/// Written out here as it was when this migration was made.
struct M031_CountSharedKnowledge: AsyncMigration {
    /// Each counter, the tables that move it, and when an update to that table counts.
    static let counted: [(counter: String, table: String, update: String?)] = [
        ("glossary", "glossary_terms", nil),
        ("glossary", "glossary_synonyms", nil),
        ("glossary", "glossary_related", nil),
        ("lessons", "lessons", nil),
        ("lessons", "lesson_themes", nil),
        ("resources", "resources", nil),
        ("resources", "resource_files", nil),
        ("resources", "resource_stages", nil),
        ("capability", "framework_versions", nil),
        ("capability", "assessments", nil),
        ("capability", "assessment_ratings", nil),
        // People are updated for many reasons (signing in among them); only these two count.
        ("capability", "people", "OLD.active <> NEW.active OR OLD.organisation_id <> NEW.organisation_id"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('glossary', 1), ('lessons', 1), ('resources', 1), ('capability', 1)").run()
        for (counter, table, update) in Self.counted {
            for event in ["insert", "update", "delete"] {
                let name = "\(table)_\(counter)_\(event)"
                let condition = event == "update" ? update : nil
                switch StoreDialect(sql.dialect.name) {
                case .sqlite:
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        \(unsafeRaw: condition.map { "WHEN " + $0 } ?? "")
                        BEGIN UPDATE change_counters SET value = value + 1 WHERE name = '\(unsafeRaw: counter)'; END
                        """).run()
                case .postgres:
                    // M008's function: deferred to commit, and once per transaction.
                    try await sql.raw("""
                        CREATE CONSTRAINT TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \(unsafeRaw: condition.map { "WHEN (\($0))" } ?? "")
                        EXECUTE FUNCTION waymark_count_change('\(unsafeRaw: counter)')
                        """).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = StoreDialect(sql.dialect.name) == .postgres
        for (counter, table, _) in Self.counted {
            for event in ["insert", "update", "delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_\(unsafeRaw: counter)_\(unsafeRaw: event)\(unsafeRaw: postgres ? " ON \(table)" : "")").run()
            }
        }
        try await sql.raw("DELETE FROM change_counters WHERE name IN ('glossary', 'lessons', 'resources', 'capability')").run()
    }
}
