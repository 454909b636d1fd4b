import FluentKit
import Foundation
import SQLKit
import WaymarkDomain

/// Waymark's persistence: every query the product makes, written once, run the same way on
/// SQLite and PostgreSQL. Callers get domain values; nothing above this layer sees a row.
public struct Store: Sendable {
    public let database: any Database
    /// Where write transactions run, when not on `database` (SQLite's own writer connections).
    let writer: (any Database)?
    let inTransaction: Bool
    public let now: @Sendable () -> Date
    /// What the stores of one running instance share; give every store of an instance the same.
    let instance: StoreInstance
    /// The change counters as the current request found them, if it is a request.
    let requestCounters: RequestCounters?
    /// Where statements run when not on `database` (see `reusing`).
    var statementDatabase: (any SQLDatabase)?

    public init(_ database: any Database, writer: (any Database)? = nil, now: @escaping @Sendable () -> Date = { Date() },
                instance: StoreInstance = StoreInstance(), requestCounters: RequestCounters? = nil) {
        self.init(database, writer: writer, inTransaction: false, now: now, instance: instance, requestCounters: requestCounters)
    }

    init(_ database: any Database, writer: (any Database)? = nil, inTransaction: Bool, now: @escaping @Sendable () -> Date,
         instance: StoreInstance, requestCounters: RequestCounters? = nil) {
        self.database = database
        self.writer = writer
        self.inTransaction = inTransaction
        self.now = now
        self.instance = instance
        self.requestCounters = requestCounters
    }

    /// This store on another connection or transaction.
    func on(_ database: any Database, inTransaction: Bool) -> Store {
        Store(database, inTransaction: inTransaction, now: now, instance: instance, requestCounters: requestCounters)
    }

    var sql: any SQLDatabase { statementDatabase ?? database as! any SQLDatabase }

    /// This store, on one connection, with its SQLite statements run as `SQLiteSession` runs them.
    func inSession() async throws -> Store {
        guard let session = try await SQLiteSession(database) else { return self }
        var store = self
        store.statementDatabase = session
        return store
    }

    public var dialect: StoreDialect { StoreDialect(sql.dialect.name) }

    /// Runs `body` in one write transaction: all of it lands or none of it does, audit rows included.
    /// It returns once the transaction is committed. On SQLite the transaction takes the write lock
    /// at once (`BEGIN IMMEDIATE`): a deferred one that upgrades from reading to writing fails with
    /// "database is locked" under concurrency, which the busy handler cannot retry.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Store) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        // Whatever this writes, the counters the request saw before it are now out of date.
        defer { requestCounters?.forget() }
        switch dialect {
        case .sqlite:
            // SQLite has one writer at a time; wait for the turn in the instance's queue, where
            // waiting costs nothing (SQLiteNIO's busy handler retries at once, without pause, and
            // would spin a core), and share the commit with the writes queued behind.
            return try await queuedSQLiteWrite(body)
        case .postgres:
            return try await database.transaction { transaction in
                try await body(self.on(transaction, inTransaction: true))
            }
        }
    }

    /// Row structs name columns in camelCase; the conversion to snake_case is memoised, because
    /// SQLKit's own converts every key of every row again.
    static let decoder = SQLRowDecoder(keyDecodingStrategy: .custom({ path in ColumnName.of(path.last!) }))

    func rows<Row: Decodable>(_ query: SQLQueryString, as type: Row.Type) async throws -> [Row] {
        try await sql.raw(query).all(decoding: type, with: Store.decoder)
    }

    func row<Row: Decodable>(_ query: SQLQueryString, as type: Row.Type) async throws -> Row? {
        try await sql.raw(query).first(decoding: type, with: Store.decoder)
    }

    func scalar<Value: Decodable>(_ query: SQLQueryString, column: String, as type: Value.Type) async throws -> Value? {
        try await sql.raw(query).first(decodingColumn: column, as: type)
    }

    func run(_ query: SQLQueryString) async throws {
        try await sql.raw(query).run()
    }

    /// Counts as Int64 on PostgreSQL and Int on SQLite; decoded as Int on both.
    func count(_ query: SQLQueryString) async throws -> Int {
        try await scalar(query, column: "n", as: Int.self) ?? 0
    }
}

/// `leadOrganisationId` -> `lead_organisation_id`, computed once per key name.
enum ColumnName {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    final class Cache: @unchecked Sendable {
        // Every access holds `lock`; the dictionary only grows, to the number of column names.
        let lock = NSLock()
        var names: [String: String] = [:]
    }
    static let cache = Cache()

    static func of(_ key: any CodingKey) -> any CodingKey {
        let name = key.stringValue
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let known = cache.names[name] { return Key(stringValue: known) }
        var snake = ""
        for character in name {
            if character.isUppercase {
                snake += "_" + character.lowercased()
            } else {
                snake.append(character)
            }
        }
        cache.names[name] = snake
        return Key(stringValue: snake)
    }
}

/// The one seam for what differs between the two databases.
public enum StoreDialect: Sendable, Equatable {
    case sqlite
    case postgres

    init(_ name: String) {
        self = name == "sqlite" ? .sqlite : .postgres
    }
}

/// Who made a change, as the audit trail records it.
public struct AuditActor: Sendable, Equatable {
    public var id: UUID?
    public var name: String

    public init(id: UUID?, name: String) {
        self.id = id
        self.name = name
    }

    /// Changes made by Waymark itself (seeding, migrations, the command line without a person).
    public static let system = AuditActor(id: nil, name: "Waymark")
}

extension SQLQueryString {
    /// `a AND b AND c`, or a condition that is always true when there are none.
    static func all(_ parts: [SQLQueryString]) -> SQLQueryString {
        parts.isEmpty ? "1 = 1" : "(" + parts.joined(separator: ") AND (") + ")"
    }

    static func any(_ parts: [SQLQueryString]) -> SQLQueryString {
        parts.isEmpty ? "1 = 0" : "(" + parts.joined(separator: ") OR (") + ")"
    }
}

extension Error {
    /// A unique or foreign-key constraint refused the write (a race another check did not catch).
    var isConstraintFailure: Bool {
        (self as? any DatabaseError)?.isConstraintFailure ?? false
    }
}

enum LikePattern {
    /// `%text%` for a LIKE with `ESCAPE '\'`, lower-cased: the person's % and _ match themselves.
    static func contains(_ text: String) -> String {
        var escaped = ""
        for character in text.lowercased() {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
