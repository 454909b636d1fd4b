import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Where Waymark keeps its data: an SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultPath = "./waymark-data/waymark.sqlite"
    public static let `default` = DatabaseLocation.sqlite(path: defaultPath)

    /// Parses `sqlite://PATH` (relative, or absolute as `sqlite:///abs/path`) or `postgres://...`.
    public static func parse(_ text: String) throws -> DatabaseLocation {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty, !path.hasSuffix("/") else {
                throw DatabaseLocationError("a sqlite:// URL needs a file path, like sqlite://./waymark-data/waymark.sqlite")
            }
            return .sqlite(path: path)
        }
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard let url = URL(string: trimmed), (try? SQLPostgresConfiguration(url: url)) != nil else {
                throw DatabaseLocationError("a postgres:// URL needs a user, a host and a database, like postgres://waymark:secret@127.0.0.1:5432/waymark")
            }
            return .postgres(url: trimmed)
        }
        throw DatabaseLocationError("use sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
    }

    /// Printable without the password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://" + path
        case .postgres(let text):
            guard var components = URLComponents(string: text) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }

    public var isDefault: Bool { self == .default }

    /// The database write transactions use, when it is not the default one.
    public var writerID: DatabaseID? {
        if case .sqlite = self { return .sqliteWriter }
        return nil
    }

    /// Registers the database with Fluent as the default one.
    public func register(on databases: Databases) throws {
        switch self {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            // Write transactions get connections of their own, so a writer (which holds the one
            // write turn) never queues behind reads for the single connection per event loop.
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqliteWriter)
        case .postgres(let text):
            // Several connections per event loop: PostgreSQL serves concurrent requests in parallel.
            databases.use(try .postgres(url: text, maxConnectionsPerEventLoop: 4, sqlLogLevel: .trace), as: .psql)
        }
    }
}

extension DatabaseLocation {
    /// Memory-maps the SQLite file in every connection (up to `mappedBytes`). Each connection
    /// otherwise keeps its own 2 MB page cache and copies every other page it reads out of the
    /// operating system's cache with a system call: at ICS scale a search or a register reads
    /// tens of megabytes of index. Mapped pages are the operating system's, shared by every
    /// connection. The setting is a connection's own, so it is made on each: one per event loop in
    /// each of the two pools (`register` gives each pool one connection per event loop). PostgreSQL
    /// needs nothing here.
    public func tuneConnections(_ databases: Databases, on group: any EventLoopGroup, logger: Logger,
                                mappedBytes: Int = 1 << 30) async throws {
        guard case .sqlite = self else { return }
        for id in [DatabaseID.sqlite, .sqliteWriter] {
            for eventLoop in group.makeIterator() {
                guard let database = databases.database(id, logger: logger, on: eventLoop) as? any SQLDatabase else { continue }
                try await database.raw("PRAGMA mmap_size = \(unsafeRaw: String(mappedBytes))").run()
            }
        }
    }
}

extension DatabaseID {
    /// The SQLite connections write transactions use (see `DatabaseLocation.register`).
    public static let sqliteWriter = DatabaseID(string: "sqlite-writer")
}

public struct DatabaseLocationError: Error, CustomStringConvertible, Equatable {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension Store {
    /// Settings the SQLite file keeps: write-ahead logging lets readers carry on while one writer writes.
    public func tuneForConcurrency() async throws {
        guard dialect == .sqlite else { return }
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }

    /// After a bulk load (the demo, a generated system), gives PostgreSQL's planner the tables'
    /// statistics at once rather than when autovacuum next gets to them: without them it planned
    /// a project's observations as a scan of all 340,000 at ICS scale (62 ms; 0.9 ms after). It
    /// vacuums them too: otherwise autovacuum does so unasked in the first minutes of use
    /// (PostgreSQL 13 and later vacuum a table after many inserts), and the first reads of each
    /// row write its hint bits. SQLite is left as it is: its queries here are written to plan well
    /// without statistics, and statistics it kept would stay as they were at the load until
    /// analysed again.
    public func analyseAfterBulkLoad() async throws {
        guard dialect == .postgres else { return }
        try await sql.raw("VACUUM ANALYZE").run()
    }

    /// Runs `body` while holding a lock that other Waymark instances starting on the same
    /// PostgreSQL database wait for, so only one applies migrations or loads the demo.
    public func withStartupLock<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard dialect == .postgres else { return try await body() }
        return try await database.withConnection { connection in
            let sql = connection as! any SQLDatabase
            // An arbitrary constant: "WAYMARK" read as a number.
            try await sql.raw("SELECT pg_advisory_lock(\(bind: 9_262_967_527))").run()
            do {
                let result = try await body()
                try await sql.raw("SELECT pg_advisory_unlock(\(bind: 9_262_967_527))").run()
                return result
            } catch {
                try? await sql.raw("SELECT pg_advisory_unlock(\(bind: 9_262_967_527))").run()
                throw error
            }
        }
    }

    /// True when nobody has been added yet (a fresh database).
    public func isEmpty() async throws -> Bool {
        try await count("SELECT COUNT(*) AS n FROM organisations") == 0
    }
}
