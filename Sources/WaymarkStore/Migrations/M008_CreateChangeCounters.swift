import FluentKit
import SQLKit

/// Change counters: numbers the database itself moves on every change to a set of tables, so an
/// instance can tell with one indexed read whether what it computed from them is still current,
/// whichever instance (or person with a SQL prompt) made the change.
///
/// "portfolio" counts changes to what the in-memory portfolio index is built from (from M009, people
/// too: it holds team members' names); "references" to organisations, programmes, themes and stages
/// alone. Triggers move them, so no write path can forget to. On PostgreSQL the trigger is deferred
/// to commit and moves each counter once per transaction: the counter row is locked only for the
/// moment before commit (always "portfolio" before "references"), so writers cannot deadlock on it,
/// and commits move it in commit order. SQLite has one writer at a time.
///
/// Everything is written out here as it was when this migration was made (counter names as text,
/// not `ChangeCounter`): a migration runs the same way forever. M009 keeps its own copy of the
/// trigger statements for the same reason.
struct M008_CreateChangeCounters: AsyncMigration {
    /// Each table and the counters a change to it moves.
    static let counted: [(table: String, counters: [String])] = [
        ("projects", ["portfolio"]), ("project_partners", ["portfolio"]), ("project_themes", ["portfolio"]),
        ("team_members", ["portfolio"]),
        ("organisations", ["portfolio", "references"]), ("programmes", ["portfolio", "references"]),
        ("themes", ["portfolio", "references"]), ("lifecycle_stages", ["portfolio", "references"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE TABLE change_counters (name VARCHAR(40) PRIMARY KEY, value BIGINT NOT NULL)").run()
        for counter in ["portfolio", "references"] {
            try await sql.raw("INSERT INTO change_counters (name, value) VALUES (\(bind: counter), 1)").run()
        }
        if StoreDialect(sql.dialect.name) == .postgres {
            try await sql.raw("""
                CREATE FUNCTION waymark_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE counter text;
                BEGIN
                    FOREACH counter IN ARRAY TG_ARGV LOOP
                        IF current_setting('waymark.counted_' || counter, true) IS DISTINCT FROM 'yes' THEN
                            UPDATE change_counters SET value = value + 1 WHERE name = counter;
                            PERFORM set_config('waymark.counted_' || counter, 'yes', true);
                        END IF;
                    END LOOP;
                    RETURN NULL;
                END $$
                """).run()
        }
        for (table, counters) in Self.counted {
            try await Self.count(table, in: counters, on: sql)
        }
    }

    /// Makes every change to `table` move `counters`.
    private static func count(_ table: String, in counters: [String], on sql: any SQLDatabase) async throws {
        let names = counters.map { "'\($0)'" }.joined(separator: ", ")
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            for event in ["insert", "update", "delete"] {
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_counted_\(unsafeRaw: event)
                    AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                    BEGIN UPDATE change_counters SET value = value + 1 WHERE name IN (\(unsafeRaw: names)); END
                    """).run()
            }
        case .postgres:
            try await sql.raw("""
                CREATE CONSTRAINT TRIGGER \(unsafeRaw: table)_counted
                AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table)
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION waymark_count_change(\(unsafeRaw: names))
                """).run()
        }
    }

    /// Undoes `count`.
    private static func stopCounting(_ table: String, on sql: any SQLDatabase) async throws {
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            for event in ["insert", "update", "delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_counted_\(unsafeRaw: event)").run()
            }
        case .postgres:
            try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_counted ON \(unsafeRaw: table)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (table, _) in Self.counted {
            try await Self.stopCounting(table, on: sql)
        }
        if StoreDialect(sql.dialect.name) == .postgres {
            try await sql.raw("DROP FUNCTION IF EXISTS waymark_count_change()").run()
        }
        try await sql.raw("DROP TABLE change_counters").run()
    }
}
