import FluentKit
import SQLKit

/// The order of audit events comes from the database, not from each process's clock: two
/// instances whose clocks differ had interleaved their events wrongly. On SQLite, where one
/// writer commits at a time, an event takes the largest order so far plus one (this index keeps
/// finding it cheap); on PostgreSQL it takes the next value of a sequence, which every instance
/// shares. Both continue after the orders already stored.
struct M010_OrderAuditEventsInTheDatabase: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_sequence_idx").on("audit_events").column("sequence").run()
        if StoreDialect(sql.dialect.name) == .postgres {
            try await sql.raw("CREATE SEQUENCE audit_event_order AS BIGINT").run()
            try await sql.raw("""
                SELECT setval('audit_event_order', COALESCE((SELECT MAX(sequence) FROM audit_events), 0) + 1, false)
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if StoreDialect(sql.dialect.name) == .postgres {
            try await sql.raw("DROP SEQUENCE audit_event_order").run()
        }
        try await sql.drop(index: "audit_sequence_idx").run()
    }
}
