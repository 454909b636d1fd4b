import FluentKit
import FluentSQLiteDriver
import Foundation
import SQLKit

/// The statements of one SQLite transaction or read snapshot, run on its connection through the
/// connection's own async query: the statement runs on SQLite's thread and the result comes
/// straight back to the task. The drivers' way (SQLKit through Fluent) goes through the event
/// loop: a task scheduled there for every row, then a future for the statement, then the task.
/// A write holds SQLite's one write lock across its statements, so every hop in it is time no
/// other writer can use.
struct SQLiteSession: SQLDatabase {
    let base: any SQLDatabase
    let connection: SQLiteConnection

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    /// The session on the connection `database` holds; nil when it is not SQLite. `database` must
    /// hold one connection (be what `withConnection` gave) for as long as the session is used.
    init?(_ database: any Database) async throws {
        guard let sqlite = database as? any SQLiteDatabase, let base = database as? any SQLDatabase else { return nil }
        self.base = base
        connection = try await sqlite.withConnection { (connection: SQLiteConnection) -> EventLoopFuture<SQLiteConnection> in
            connection.eventLoop.makeSucceededFuture(connection)
        }.get()
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let decoder = SQLiteDataDecoder()
        try await self.query(query) { onRow($0.sql(decoder: decoder)) }
    }

    /// Runs `query`, handing each row to `onRow` on SQLite's thread, one after another.
    func query(_ query: any SQLExpression, _ onRow: @escaping @Sendable (SQLiteRow) -> Void) async throws {
        try await Self.run(query, written: self, on: connection, onRow)
    }

    /// Runs `query` (serialised and logged as `sql` does) on `database` (a connection, or the pool,
    /// which lends one for the statement), handing each row to `onRow` on SQLite's thread.
    static func run(_ query: any SQLExpression, written sql: any SQLDatabase, on database: any SQLiteDatabase,
                    _ onRow: @escaping @Sendable (SQLiteRow) -> Void) async throws {
        let (text, binds) = sql.serialize(query)
        if let level = sql.queryLogLevel {
            sql.logger.log(level: level, "Executing query", metadata: ["sql": .string(text), "binds": .array(binds.map { .string("\($0)") })])
        }
        let encoder = SQLiteDataEncoder()
        try await database.query(text, try binds.map { try encoder.encode($0) }, onRow)
    }
}
