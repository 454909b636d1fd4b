import FluentKit
import SQLKit

/// Two change counters, so an instance keeps in memory what the portfolio's measure and benefit
/// views read whole (issue 12's speed targets):
/// - `measures` moves whenever a measure is added, changed or removed; a measure's kept summary is
///   rewritten with every change to its observations, so those count too. The icon summary pages
///   through every measure's summary.
/// - `benefits` moves whenever a benefit, its linked measures or its cash by year change: the
///   benefits register pages through every benefit and totals their cash.
///
/// Written out here as it was when this migration was made.
struct M036_CountMeasuresAndBenefits: AsyncMigration {
    static let counted: [(counter: String, table: String)] = [
        ("measures", "measures"),
        ("benefits", "benefits"),
        ("benefits", "benefit_measures"),
        ("benefits", "benefit_cash"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('measures', 1), ('benefits', 1)").run()
        for (counter, table) in Self.counted {
            for event in ["insert", "update", "delete"] {
                let name = "\(table)_\(counter)_\(event)"
                switch StoreDialect(sql.dialect.name) {
                case .sqlite:
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        BEGIN UPDATE change_counters SET value = value + 1 WHERE name = '\(unsafeRaw: counter)'; END
                        """).run()
                case .postgres:
                    // M008's function: deferred to commit, and once per transaction.
                    try await sql.raw("""
                        CREATE CONSTRAINT TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                        EXECUTE FUNCTION waymark_count_change('\(unsafeRaw: counter)')
                        """).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = StoreDialect(sql.dialect.name) == .postgres
        for (counter, table) in Self.counted {
            for event in ["insert", "update", "delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_\(unsafeRaw: counter)_\(unsafeRaw: event)\(unsafeRaw: postgres ? " ON \(table)" : "")").run()
            }
        }
        try await sql.raw("DELETE FROM change_counters WHERE name IN ('measures', 'benefits')").run()
    }
}
