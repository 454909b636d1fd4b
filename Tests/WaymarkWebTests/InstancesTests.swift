import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Several stateless instances behind a load balancer share one PostgreSQL: sessions, throttle
/// counters and every record live in the database, so any instance can answer any request.
final class InstancesTests: XCTestCase {
    func testTwoInstancesShareSessionsAndData() async throws {
        guard TestDatabase.postgresURL != nil else {
            throw XCTSkip("needs PostgreSQL (WAYMARK_TEST_POSTGRES_URL); the README's test command provides one")
        }
        try await withTestApp(.postgres) { first in
            let world = try await World.build(first.store)
            let second = try await Application.make(.testing)
            second.logger.logLevel = .warning
            var settings = WaymarkSettings()
            settings.database = first.waymark.settings.database
            try await configure(second, settings: settings, clock: first.waymark.clock)
            // Starting up again on a migrated database is harmless and waits its turn.
            try await Startup.prepare(second, loadDemo: false)

            let serverA = try await TestServer(first)
            let serverB = try await TestServer(second)
            do {
                let browserA = serverA.client()
                try await browserA.signIn("admin@test.example")
                let browserB = serverB.client()
                browserB.cookies = browserA.cookies
                let onB = try await browserB.get("/portfolio")
                XCTAssertEqual(onB.status, .ok, "a session made on A is accepted by B")

                // A write on A (with the CSRF token of the shared session) is read on B.
                let project = world.projects[.system]!
                let path = "/projects/\(project.id.uuidString.lowercased())"
                let form = try await browserA.get(path)
                let changed = try await browserA.post(path + "/status", [("status", "on-hold"), ("version", "1")], csrf: form.csrfToken)
                XCTAssertEqual(changed.status, .seeOther)
                let seen = try await browserB.get(path)
                XCTAssertTrue(seen.body.contains("wm-tag--yellow\">On hold"))
                // B's in-memory portfolio follows A's write at once: the list and its counts.
                let listed = try await browserB.get("/portfolio?status=on-hold")
                XCTAssertTrue(listed.body.contains(project.fields.title), "B lists the project A put on hold")
                XCTAssertTrue(listed.body.contains("<strong>1 project</strong>"), listed.body)
                // And B refuses a save based on the version A replaced.
                let stale = try await browserB.post(path + "/status", [("status", "closed"), ("version", "1")], csrf: form.csrfToken)
                XCTAssertEqual(stale.status, .conflict)
                // Signing out on B ends the session on A too.
                _ = try await browserB.post("/sign-out", [], csrf: seen.csrfToken)
                let afterA = try await browserA.get("/portfolio")
                XCTAssertEqual(afterA.status, .seeOther)
            } catch {
                await serverA.stop(); await serverB.stop(); try? await second.asyncShutdown()
                throw error
            }
            await serverA.stop()
            await serverB.stop()
            try await second.asyncShutdown()
        }
    }

    func testInstancesStartingTogetherMigrateAndLoadTheDemoOnce() async throws {
        guard let url = TestDatabase.postgresURL else {
            throw XCTSkip("needs PostgreSQL (WAYMARK_TEST_POSTGRES_URL); the README's test command provides one")
        }
        try await withTestApp(.postgres) { reset in
            // Start from an empty schema: what two instances see on a brand-new database.
            try await reset.autoRevert()
            var apps: [Application] = []
            for _ in 0..<3 {
                let app = try await Application.make(.testing)
                app.logger.logLevel = .warning
                var settings = WaymarkSettings()
                settings.database = .postgres(url: url)
                try await configure(app, settings: settings)
                apps.append(app)
            }
            let states = try await withThrowingTaskGroup(of: Startup.DemoState.self) { group in
                for app in apps { group.addTask { try await Startup.prepare(app, loadDemo: true) } }
                return try await group.reduce(into: [Startup.DemoState]()) { $0.append($1) }
            }
            XCTAssertEqual(states.filter { $0 == .loaded }.count, 1)
            XCTAssertEqual(states.filter { $0 == .alreadyThere }.count, 2)
            let organisations = try await apps[0].store.organisations()
            XCTAssertEqual(organisations.count, 9)
            for app in apps { try await app.asyncShutdown() }
        }
    }
}
