import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import WaymarkDomain

/// One row's columns, read by name straight into the types Waymark stores, without `Decoder`.
/// For the statements that read thousands of rows (the portfolio index), rows come from the
/// driver itself: through SQLKit every row makes a keyed container and converts every key, and
/// each value goes through a generic decoder. SQLite's text ids were parsed by `sscanf`. That was
/// most of the time an index reload took.
struct Columns: Sendable {
    enum Source: Sendable {
        case sqlite(SQLiteRow)
        case postgres(PostgresRandomAccessRow)
        /// A row SQLKit returned, read through its interface.
        case sql(any SQLRow, StoreDialect)
    }

    let source: Source

    init(_ source: Source) {
        self.source = source
    }

    init(_ row: any SQLRow, _ dialect: StoreDialect) {
        source = .sql(row, dialect)
    }

    struct Unreadable: Error, CustomStringConvertible {
        let column: String
        let type: Any.Type
        var description: String { "column \(column) is missing or is not a \(type)" }
    }

    /// A stored value Waymark does not know (a role, status or kind no release wrote, or text
    /// that is not what its column holds): the row is refused, loudly, and never read as a guess.
    struct UnknownValue: Error, CustomStringConvertible {
        let column: String
        let value: String
        var description: String { "column \(column) holds \"\(value)\", which Waymark does not know" }
    }

    /// `text` as the choice it stores, or an error naming the column and the value.
    static func choice<Choice: RawRepresentable>(_ text: String, _ column: String, as type: Choice.Type = Choice.self) throws -> Choice
    where Choice.RawValue == String {
        guard let value = Choice(rawValue: text) else { throw UnknownValue(column: column, value: text) }
        return value
    }

    private func missing<T>(_ name: String, _ type: T.Type) -> Unreadable {
        Unreadable(column: name, type: type)
    }

    func isNull(_ name: String) throws -> Bool {
        switch source {
        case .sqlite(let row):
            guard let data = row.column(name) else { throw missing(name, Any.self) }
            return data == .null
        case .postgres(let row):
            guard row.contains(name) else { throw missing(name, Any.self) }
            return row[name].bytes == nil
        case .sql(let row, _):
            return try row.decodeNil(column: name)
        }
    }

    func string(_ name: String) throws -> String { try value(name, String.self) }
    func int(_ name: String) throws -> Int { try value(name, Int.self) }
    func int64(_ name: String) throws -> Int64 { try value(name, Int64.self) }
    func bool(_ name: String) throws -> Bool { try value(name, Bool.self) }
    func date(_ name: String) throws -> Date { try value(name, Date.self) }
    func double(_ name: String) throws -> Double { try value(name, Double.self) }
    func data(_ name: String) throws -> Data { try value(name, Data.self) }

    /// A value of a type both drivers convert to directly.
    private func value<T: SQLiteDataConvertible & PostgresDecodable & Decodable>(_ name: String, _ type: T.Type) throws -> T {
        switch source {
        case .sqlite(let row):
            guard let data = row.column(name), let value = T(sqliteData: data) else { throw missing(name, T.self) }
            return value
        case .postgres(let row):
            guard row.contains(name) else { throw missing(name, T.self) }
            return try row[name].decode(T.self)
        case .sql(let row, _):
            return try row.decode(column: name, as: T.self)
        }
    }

    /// PostgreSQL sends ids as 16 bytes; SQLite keeps them as text, parsed here by hand.
    func uuid(_ name: String) throws -> UUID {
        switch source {
        case .postgres(let row):
            guard row.contains(name) else { throw missing(name, UUID.self) }
            return try row[name].decode(UUID.self)
        case .sql(let row, .postgres):
            return try row.decode(column: name, as: UUID.self)
        case .sqlite, .sql(_, .sqlite):
            guard let id = UUID(text: try string(name)) else { throw missing(name, UUID.self) }
            return id
        }
    }

    func optionalString(_ name: String) throws -> String? {
        try isNull(name) ? nil : string(name)
    }

    func optionalInt64(_ name: String) throws -> Int64? {
        try isNull(name) ? nil : int64(name)
    }

    func optionalUUID(_ name: String) throws -> UUID? {
        try isNull(name) ? nil : uuid(name)
    }
}

extension Store {
    /// Every row of `query`, each made by `make` from its columns, read from the driver's own rows.
    func rows<Row: Sendable>(_ query: SQLQueryString, reading make: @escaping @Sendable (Columns) throws -> Row)
        async throws -> [Row] {
        if let session = statementDatabase as? SQLiteSession {
            let collected = Collected<Row>()
            try await session.query(query) { row in collected.add { try make(Columns(.sqlite(row))) } }
            return try collected.rows()
        }
        // Any other SQLite read: the pool lends a connection for the statement, and its rows come
        // from the driver as in a session, not through SQLKit's decoder (a sixth of a project's
        // risk register page went on decoding its 35 risks that way).
        if statementDatabase == nil, let sqlite = database as? any SQLiteDatabase {
            let collected = Collected<Row>()
            try await SQLiteSession.run(query, written: sql, on: sqlite) { row in collected.add { try make(Columns(.sqlite(row))) } }
            return try collected.rows()
        }
        if let reused = statementDatabase as? ReusedStatements {
            let collected = Collected<Row>()
            if let statement = reused.prepared(query, { row in collected.add { try make(Columns(.postgres(row.makeRandomAccess()))) } }) {
                try await statement.get()
                return try collected.rows()
            }
        }
        let (text, binds) = sql.serialize(query)
        if let postgres = database as? any PostgresDatabase, statementDatabase == nil {
            var bindings = PostgresBindings(capacity: binds.count)
            for bind in binds where !ReusedStatements.append(bind, to: &bindings) {
                return try await sql.raw(query).all().map { try make(Columns($0, .postgres)) }
            }
            let query = PostgresQuery(unsafeSQL: text, binds: bindings)
            return try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    var rows: [Row] = []
                    for try await row in try await connection.query(query, logger: connection.logger) {
                        rows.append(try make(Columns(.postgres(row.makeRandomAccess()))))
                    }
                    return rows
                }
            }.get()
        }
        let dialect = dialect
        return try await sql.raw(query).all().map { try make(Columns($0, dialect)) }
    }
}

/// Rows made one at a time on the thread the driver calls back on, in order, then handed over once
/// the statement has finished; the first failure is kept and the rest not made.
private final class Collected<Row>: @unchecked Sendable {
    // Only touched by the driver's callbacks, which run one after another, and after them.
    private var made: [Row] = []
    private var failure: (any Error)?

    func add(_ make: () throws -> Row) {
        guard failure == nil else { return }
        do { made.append(try make()) } catch { failure = error }
    }

    func rows() throws -> [Row] {
        if let failure { throw failure }
        return made
    }
}
