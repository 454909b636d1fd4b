import FluentKit
import SQLKit

/// A change counter for the risks escalated beyond their project (`escalated_risks`): it moves, in
/// the same transaction, whenever a risk on an organisation's or the system's register is added,
/// changed, moved or removed, or a risk is escalated to one. An instance keeps those risks in memory
/// (`EscalatedRiskRegister`) while it has not moved, so the registers are answered without reading
/// the database. A change to a risk that stays on its project's register does not move it.
///
/// Written out here as it was when this migration was made.
struct M015_CountEscalatedRisks: AsyncMigration {
    /// Each event and when it concerns an escalated risk.
    static let events = [
        ("insert", "NEW.escalation <> 'project'"),
        ("update", "OLD.escalation <> 'project' OR NEW.escalation <> 'project'"),
        ("delete", "OLD.escalation <> 'project'"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('escalated_risks', 1)").run()
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            for (event, _) in Self.events {
                try await sql.raw("""
                    CREATE TRIGGER system_settings_counted_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON system_settings
                    BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'references'; END
                    """).run()
            }
        case .postgres:
            try await sql.raw("""
                CREATE CONSTRAINT TRIGGER system_settings_counted AFTER INSERT OR UPDATE OR DELETE ON system_settings
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION waymark_count_change('references')
                """).run()
        }
        for (event, condition) in Self.events {
            switch StoreDialect(sql.dialect.name) {
            case .sqlite:
                try await sql.raw("""
                    CREATE TRIGGER risks_escalated_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON risks
                    WHEN \(unsafeRaw: condition)
                    BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'escalated_risks'; END
                    """).run()
            case .postgres:
                // M008's function: deferred to commit, and once per transaction.
                try await sql.raw("""
                    CREATE CONSTRAINT TRIGGER risks_escalated_\(unsafeRaw: event) AFTER \(unsafeRaw: event.uppercased()) ON risks
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (\(unsafeRaw: condition))
                    EXECUTE FUNCTION waymark_count_change('escalated_risks')
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = StoreDialect(sql.dialect.name) == .postgres
        for (event, _) in Self.events {
            try await sql.raw("DROP TRIGGER IF EXISTS risks_escalated_\(unsafeRaw: event)\(unsafeRaw: postgres ? " ON risks" : "")").run()
            if !postgres { try await sql.raw("DROP TRIGGER IF EXISTS system_settings_counted_\(unsafeRaw: event)").run() }
        }
        if postgres { try await sql.raw("DROP TRIGGER IF EXISTS system_settings_counted ON system_settings").run() }
        try await sql.raw("DELETE FROM change_counters WHERE name = 'escalated_risks'").run()
    }
}
