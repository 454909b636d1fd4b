import FluentKit
import SQLKit

/// A log of what changed in the portfolio, in commit order, so an instance can bring its index up
/// to date by reading only the projects changed since its version instead of the whole
/// portfolio. Every change the "portfolio" counter counts also adds a row: the counter's value
/// after the change (its generation), what kind of thing changed and which one:
///
/// - "project", with the project's id: the project, its partners, themes or team;
/// - "person", with the person's id: a name or email the index shows on the teams they are on;
/// - "references", with none: an organisation, programme, theme or stage (names every entry shows).
///
/// The same triggers write both, in the same transaction. On PostgreSQL the log trigger is
/// deferred like the counting one and named to run after it, so it reads the counter this
/// transaction moved (and still holds locked): rows are numbered in commit order. SQLite's
/// counting triggers are replaced by ones that count and log in one body (SQLite does not promise
/// an order between triggers). `portfolio_log_floor` is the generation before which the log may
/// have been pruned: an instance older than it reloads in full.
///
/// An organisation's project sequence (the number its next project code takes) is not something the
/// portfolio shows: taking a code no longer counts as a change to the organisations, so creating a
/// project re-reads that project alone, not every reference and entry.
///
/// Everything is written out here as it was when this migration was made.
struct M013_LogPortfolioChanges: AsyncMigration {
    /// Each logged table, the kind of change it logs, the column naming the changed thing, and
    /// (SQLite) the counters M008 and M009 had it move.
    static let logged: [(table: String, kind: String, column: String?, counters: [String])] = [
        ("projects", "project", "id", ["portfolio"]),
        ("project_partners", "project", "project_id", ["portfolio"]),
        ("project_themes", "project", "project_id", ["portfolio"]),
        ("team_members", "project", "project_id", ["portfolio"]),
        ("people", "person", "id", ["portfolio"]),
        ("organisations", "references", nil, ["portfolio", "references"]),
        ("programmes", "references", nil, ["portfolio", "references"]),
        ("themes", "references", nil, ["portfolio", "references"]),
        ("lifecycle_stages", "references", nil, ["portfolio", "references"]),
    ]

    /// The organisation columns the portfolio shows; an update of none of them is not counted.
    static let shownOrganisationColumns = "name, code, code_kind, kind"

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let dialect = StoreDialect(sql.dialect.name)
        let uuid = dialect == .postgres ? "UUID" : "BLOB"
        try await sql.raw("""
            CREATE TABLE portfolio_changes (generation BIGINT NOT NULL, kind VARCHAR(20) NOT NULL, subject_id \(unsafeRaw: uuid))
            """).run()
        try await sql.raw("CREATE INDEX portfolio_changes_generation_idx ON portfolio_changes (generation)").run()
        try await sql.raw("""
            INSERT INTO change_counters (name, value)
            SELECT 'portfolio_log_floor', value FROM change_counters WHERE name = 'portfolio'
            """).run()

        switch dialect {
        case .sqlite:
            for (table, kind, column, counters) in Self.logged {
                let names = counters.map { "'\($0)'" }.joined(separator: ", ")
                for event in ["insert", "update", "delete"] {
                    let row = event == "delete" ? "OLD" : "NEW"
                    let subject = column.map { "\(row).\($0)" } ?? "NULL"
                    let columns = table == "organisations" && event == "update" ? " OF \(Self.shownOrganisationColumns)" : ""
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_counted_\(unsafeRaw: event)").run()
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: table)_counted_\(unsafeRaw: event)
                        AFTER \(unsafeRaw: event.uppercased())\(unsafeRaw: columns) ON \(unsafeRaw: table)
                        BEGIN
                            UPDATE change_counters SET value = value + 1 WHERE name IN (\(unsafeRaw: names));
                            INSERT INTO portfolio_changes (generation, kind, subject_id)
                            SELECT value, '\(unsafeRaw: kind)', \(unsafeRaw: subject) FROM change_counters WHERE name = 'portfolio';
                        END
                        """).run()
                }
            }
        case .postgres:
            try await sql.raw("""
                CREATE FUNCTION waymark_log_portfolio_change() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE subject uuid;
                BEGIN
                    IF TG_NARGS > 1 THEN
                        IF TG_OP = 'DELETE' THEN
                            subject := (to_jsonb(OLD) ->> TG_ARGV[1])::uuid;
                        ELSE
                            subject := (to_jsonb(NEW) ->> TG_ARGV[1])::uuid;
                        END IF;
                    END IF;
                    INSERT INTO portfolio_changes (generation, kind, subject_id)
                    SELECT value, TG_ARGV[0], subject FROM change_counters WHERE name = 'portfolio';
                    RETURN NULL;
                END $$
                """).run()
            try await sql.raw("DROP TRIGGER organisations_counted ON organisations").run()
            try await sql.raw("""
                CREATE CONSTRAINT TRIGGER organisations_counted
                AFTER INSERT OR DELETE OR UPDATE OF \(unsafeRaw: Self.shownOrganisationColumns) ON organisations
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION waymark_count_change('portfolio', 'references')
                """).run()
            for (table, kind, column, _) in Self.logged {
                let arguments = ["'\(kind)'"] + (column.map { ["'\($0)'"] } ?? [])
                let update = table == "organisations" ? "UPDATE OF \(Self.shownOrganisationColumns)" : "UPDATE"
                // "_logged" sorts after "_counted": PostgreSQL runs a row's deferred triggers in name order.
                try await sql.raw("""
                    CREATE CONSTRAINT TRIGGER \(unsafeRaw: table)_logged
                    AFTER INSERT OR \(unsafeRaw: update) OR DELETE ON \(unsafeRaw: table)
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                    EXECUTE FUNCTION waymark_log_portfolio_change(\(unsafeRaw: arguments.joined(separator: ", ")))
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            // Back to counting alone, as M008 and M009 made the triggers.
            for (table, _, _, counters) in Self.logged {
                let names = counters.map { "'\($0)'" }.joined(separator: ", ")
                for event in ["insert", "update", "delete"] {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_counted_\(unsafeRaw: event)").run()
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: table)_counted_\(unsafeRaw: event)
                        AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        BEGIN UPDATE change_counters SET value = value + 1 WHERE name IN (\(unsafeRaw: names)); END
                        """).run()
                }
            }
        case .postgres:
            for (table, _, _, _) in Self.logged {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_logged ON \(unsafeRaw: table)").run()
            }
            try await sql.raw("DROP FUNCTION IF EXISTS waymark_log_portfolio_change()").run()
            // As M008 made it.
            try await sql.raw("DROP TRIGGER organisations_counted ON organisations").run()
            try await sql.raw("""
                CREATE CONSTRAINT TRIGGER organisations_counted
                AFTER INSERT OR UPDATE OR DELETE ON organisations
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION waymark_count_change('portfolio', 'references')
                """).run()
        }
        try await sql.raw("DELETE FROM change_counters WHERE name = 'portfolio_log_floor'").run()
        try await sql.raw("DROP TABLE portfolio_changes").run()
    }
}
