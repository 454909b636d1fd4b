import Foundation
import SQLKit
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWeb
import XCTest

/// The databases every store and HTTP test runs against. PostgreSQL joins when
/// WAYMARK_TEST_POSTGRES_URL names a server (the README's test command starts one); with
/// WAYMARK_REQUIRE_POSTGRES=1 its absence fails the run instead of quietly testing less.
public enum TestDatabase: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["WAYMARK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func available() throws -> [TestDatabase] {
        if postgresURL != nil { return [.sqlite, .postgres] }
        if ProcessInfo.processInfo.environment["WAYMARK_REQUIRE_POSTGRES"] == "1" {
            throw TestSetupError("WAYMARK_REQUIRE_POSTGRES=1 but WAYMARK_TEST_POSTGRES_URL is not set")
        }
        return [.sqlite]
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A clock tests move by hand, so expiry and throttling are tested without sleeping.
public final class TestClock: @unchecked Sendable {
    // Every access goes through `lock`.
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { current = start }

    public var now: Date {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    public func advance(by seconds: TimeInterval) {
        lock.lock(); defer { lock.unlock() }
        current = current.addingTimeInterval(seconds)
    }

    public var function: @Sendable () -> Date { { [self] in self.now } }
}

/// Builds the real application (the same `configure` as the executable) on a fresh database:
/// a new SQLite file, or an emptied PostgreSQL schema.
public func withTestApp(_ database: TestDatabase, clock: TestClock = TestClock(),
                        settings adjust: (inout WaymarkSettings) -> Void = { _ in },
                        _ body: (Application) async throws -> Void) async throws {
    var settings = WaymarkSettings()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("waymark-test-\(UUID().uuidString).sqlite").path
    switch database {
    case .sqlite: settings.database = .sqlite(path: file)
    case .postgres:
        guard let url = TestDatabase.postgresURL else { throw TestSetupError("no PostgreSQL URL") }
        settings.database = .postgres(url: url)
    }
    settings.port = 0
    adjust(&settings)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    defer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
    }
    do {
        try await configure(app, settings: settings, clock: clock.function)
        if database == .postgres {
            let sql = app.db as! any SQLDatabase
            try await sql.raw("DROP SCHEMA IF EXISTS public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        try await app.autoMigrate()
        try await app.store.tuneForConcurrency()
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// Runs `body` once per available database, naming the database in any failure.
public func forEachDatabase(file: StaticString = #filePath, line: UInt = #line,
                            _ body: (Application, TestDatabase) async throws -> Void) async throws {
    for database in try TestDatabase.available() {
        do {
            try await withTestApp(database) { try await body($0, database) }
        } catch {
            XCTFail("[\(database.rawValue)] \(error)", file: file, line: line)
        }
    }
}
