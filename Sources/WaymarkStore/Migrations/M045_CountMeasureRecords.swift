import FluentKit
import SQLKit

/// A change counter, `measure_records`, so an instance keeps in memory what a measure's page and
/// its analysis read (issue 12's chart page target) rather than reading six to ten statements on
/// every request: it moves with any change to a measure, its observations, the annotations on its
/// chart, the PDSA cycles it judges, the benefits it evidences (with their links and cash) and the
/// people who may own it.
///
/// Written out here as it was when this migration was made.
struct M045_CountMeasureRecords: AsyncMigration {
    static let tables = ["measures", "observations", "annotations", "pdsa_cycles", "pdsa_measures", "benefits", "benefit_measures",
                         "benefit_cash", "people"]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("INSERT INTO change_counters (name, value) VALUES ('measure_records', 1)").run()
        for table in Self.tables {
            for event in ["insert", "update", "delete"] {
                let name = "\(table)_measure_records_\(event)"
                switch StoreDialect(sql.dialect.name) {
                case .sqlite:
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'measure_records'; END
                        """).run()
                case .postgres:
                    // M008's function: deferred to commit, and once per transaction.
                    try await sql.raw("""
                        CREATE CONSTRAINT TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event.uppercased()) ON \(unsafeRaw: table)
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                        EXECUTE FUNCTION waymark_count_change('measure_records')
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
                try await sql.raw("""
                    DROP TRIGGER IF EXISTS \(unsafeRaw: table)_measure_records_\(unsafeRaw: event)\(unsafeRaw: postgres ? " ON \(table)" : "")
                    """).run()
            }
        }
        try await sql.raw("DELETE FROM change_counters WHERE name = 'measure_records'").run()
    }
}
