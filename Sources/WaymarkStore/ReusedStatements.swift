import FluentPostgresDriver
import Foundation
import SQLKit

/// The statements every request runs (the sign-in lookup, a project page's reads), as PostgreSQL
/// prepared statements: each is parsed and planned once per connection and then only bound and
/// executed. PostgresNIO sends every other statement unnamed, so PostgreSQL parses and plans it
/// anew each time; for these short lookups that was most of the server's work (pgbench, the
/// sign-in lookup: 4,900 statements/s sent unnamed against 18,000/s prepared).
///
/// Only statements whose text is fixed may come here: each distinct text is prepared on every
/// connection and kept for the connection's life. A statement with a value PostgresNIO cannot bind
/// itself runs the ordinary way.
struct ReusedStatements: SQLDatabase {
    let base: any SQLDatabase
    let postgres: any PostgresDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        prepared(query) { onRow($0.sql()) } ?? base.execute(sql: query, onRow)
    }

    /// Runs `query` as a prepared statement, handing PostgresNIO's own rows to `onRow` one after
    /// another; nil, having run nothing, when it has a value PostgresNIO cannot bind itself.
    func prepared(_ query: any SQLExpression, _ onRow: @escaping @Sendable (PostgresRow) throws -> Void) -> EventLoopFuture<Void>? {
        let (text, binds) = serialize(query)
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            guard Self.append(bind, to: &bindings) else { return nil }
        }
        let values = NamedStatement.Values(bindings: bindings)
        let named = NamedStatement.Text(name: StatementNames.shared.name(for: text), sql: text)
        return postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                // PostgresNIO reads a prepared statement's name and text from its type; this type
                // reads them from the task, so one type serves every statement.
                try await NamedStatement.$current.withValue(named) {
                    for try await row in try await connection.execute(values, logger: connection.logger) {
                        try onRow(row)
                    }
                }
            }
        }
    }

    /// Adds a value as PostgresNIO binds it; false for a value it has no binding for.
    static func append(_ value: Any, to bindings: inout PostgresBindings) -> Bool {
        if let optional = value as? any OptionalValue {
            guard let wrapped = optional.wrapped else {
                bindings.appendNull()
                return true
            }
            return append(wrapped, to: &bindings)
        }
        guard let encodable = value as? any PostgresThrowingDynamicTypeEncodable else { return false }
        return (try? bindings.append(encodable)) != nil
    }
}

extension Store {
    /// This store, running its statements as prepared statements where the database has them.
    /// For fixed statements only (see `ReusedStatements`).
    var reusing: Store {
        guard let postgres = database as? any PostgresDatabase else { return self }
        var store = self
        store.statementDatabase = ReusedStatements(base: sql, postgres: postgres)
        return store
    }
}

/// A prepared statement whose name and text come from the task running it.
private enum NamedStatement {
    struct Text: Sendable {
        var name: String
        var sql: String
    }

    @TaskLocal static var current = Text(name: "", sql: "")

    struct Values: PostgresPreparedStatement {
        static var name: String { NamedStatement.current.name }
        static var sql: String { NamedStatement.current.sql }
        typealias Row = PostgresRow

        var bindings: PostgresBindings

        func makeBindings() throws -> PostgresBindings { bindings }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}

/// One short name per statement text, the same on every connection of this process.
private final class StatementNames: @unchecked Sendable {
    static let shared = StatementNames()
    // Every access holds `lock`; the dictionary grows to the number of fixed statements.
    private let lock = NSLock()
    private var names: [String: String] = [:]

    func name(for sql: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let name = names[sql] { return name }
        let name = "waymark_\(names.count + 1)"
        names[sql] = name
        return name
    }
}

private protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    var wrapped: Any? { self }
}
