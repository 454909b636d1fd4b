import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

final class SignInTests: XCTestCase {
    func testSignInWithTheRightPasswordAndOut() async throws {
        try await withServer { server, world, database in
            let browser = server.client()
            let start = try await browser.get("/portfolio")
            XCTAssertEqual(start.status, .seeOther, database.rawValue)
            XCTAssertEqual(start.location, "/sign-in?next=%2Fportfolio")

            let signedIn = try await browser.signIn("member-lead@test.example")
            XCTAssertEqual(signedIn.status, .seeOther)
            XCTAssertEqual(signedIn.location, "/", "the home page, the dashboard")
            let cookie = signedIn.headers[.setCookie].first { $0.hasPrefix("waymark_session=") }!
            XCTAssertTrue(cookie.contains("HttpOnly"))
            XCTAssertTrue(cookie.contains("SameSite=Lax"))
            // The session is stored by the hash of the cookie value, never the value itself.
            let value = browser.cookies["waymark_session"]!
            let byValue = try await server.app.store.session(idHash: value)
            XCTAssertNil(byValue)

            let portfolio = try await browser.get("/portfolio")
            XCTAssertEqual(portfolio.status, .ok)
            XCTAssertTrue(portfolio.body.contains("member-lead"))

            let signOut = try await browser.post("/sign-out", [], csrf: portfolio.csrfToken)
            XCTAssertEqual(signOut.status, .seeOther)
            // The old cookie is dead on the server, not just forgotten by the browser.
            browser.cookies["waymark_session"] = value
            let after = try await browser.get("/portfolio")
            XCTAssertEqual(after.status, .seeOther)
            _ = world
        }
    }

    func testWrongPasswordsAreRefusedAndThrottledPerAccount() async throws {
        let clock = TestClock()
        try await withServer(clock: clock) { server, world, database in
            let browser = server.client()
            let wrong = try await browser.signIn("member-lead@test.example", password: "not the password")
            XCTAssertEqual(wrong.status, .unauthorized, database.rawValue)
            XCTAssertTrue(wrong.body.contains("There is a problem"))
            XCTAssertTrue(wrong.body.contains("The email address or password is not right"))
            XCTAssertTrue(wrong.body.contains("value=\"member-lead@test.example\""), "the email is kept")
            XCTAssertFalse(wrong.body.contains("not the password"), "the password is never echoed")
            let unknown = try await browser.signIn("nobody@test.example", password: "whatever-whatever")
            XCTAssertEqual(unknown.status, .unauthorized)

            for _ in 2...5 { try await browser.signIn("member-lead@test.example", password: "still wrong") }
            // Locked now, even with the right password.
            let locked = try await browser.signIn("member-lead@test.example")
            XCTAssertEqual(locked.status, .tooManyRequests)
            XCTAssertEqual(locked.headers.first(name: .retryAfter), "900")
            XCTAssertTrue(locked.body.contains("Too many failed attempts. Try again in 15 minutes"))
            // Another account from the same address is not locked yet.
            let other = try await server.client().signIn("viewer-lead@test.example")
            XCTAssertEqual(other.status, .seeOther)

            clock.advance(by: 15 * 60 + 1)
            let later = try await browser.signIn("member-lead@test.example")
            XCTAssertEqual(later.status, .seeOther)
            _ = world
        }
    }

    func testTheSignInFormNeedsItsToken() async throws {
        try await withServer { server, _, _ in
            let forged = try await server.client().post("/sign-in", [("email", "admin@test.example"), ("password", World.password)])
            XCTAssertEqual(forged.status, .forbidden)
            XCTAssertNil(forged.headers[.setCookie].first { $0.hasPrefix("waymark_session=") })
        }
    }

    func testNextOnlyLeadsWithinTheSite() {
        XCTAssertEqual(SignInController.safeNext("/projects/new"), "/projects/new")
        XCTAssertNil(SignInController.safeNext("https://evil.example/"))
        XCTAssertNil(SignInController.safeNext("//evil.example/"))
        XCTAssertNil(SignInController.safeNext("/\\evil.example"))
    }

    func testDeactivatedPeopleLoseTheirSessionAtOnce() async throws {
        try await withServer { server, world, database in
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let before = try await member.get("/portfolio")
            XCTAssertEqual(before.status, .ok, database.rawValue)

            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let person = world.person("member-lead")
            let page = try await admin.get("/people/\(person.id.uuidString.lowercased())")
            let done = try await admin.post("/people/\(person.id.uuidString.lowercased())/active",
                                            [("version", String(person.version)), ("active", "false")], csrf: page.csrfToken)
            XCTAssertEqual(done.status, .seeOther)
            let after = try await member.get("/portfolio")
            XCTAssertEqual(after.status, .seeOther)
            let again = try await server.client().signIn("member-lead@test.example")
            XCTAssertEqual(again.status, .unauthorized)
        }
    }

    func testEveryFormThatChangesSomethingNeedsTheSessionsToken() async throws {
        try await withServer { server, world, database in
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let project = world.projects[.system]!.id.uuidString.lowercased()
            let person = world.person("member-lead").id.uuidString.lowercased()
            let targets = [
                "/projects", "/projects/\(project)/edit", "/projects/\(project)/status", "/projects/\(project)/delete",
                "/projects/\(project)/team", "/projects/\(project)/team/\(person)/remove", "/organisations",
                "/people", "/people/\(person)/edit", "/people/\(person)/active", "/portfolio-structure/themes",
                "/account/api-tokens", "/sign-out", "/portfolio/view", "/account/password", "/account/sessions/end-others", "/organisations/\(world.lead.id.uuidString.lowercased())/edit",
                "/portfolio-structure/programmes", "/portfolio-structure/themes/\(UUID().uuidString)",
                "/portfolio-structure/programmes/\(UUID().uuidString)", "/account/api-tokens/\(UUID().uuidString)/revoke",
                "/projects/\(project)/risks", "/risks/\(UUID().uuidString)/edit", "/risks/\(UUID().uuidString)/delete",
                "/risks/\(UUID().uuidString)/escalation", "/risks/\(UUID().uuidString)/materialise",
                "/projects/\(project)/issues", "/issues/\(UUID().uuidString)/edit", "/issues/\(UUID().uuidString)/delete",
                "/issues/\(UUID().uuidString)/escalation", "/projects/\(project)/plan", "/projects/\(project)/plan/baselines",
                "/milestones/\(UUID().uuidString)/edit", "/milestones/\(UUID().uuidString)/delete",
                "/projects/\(project)/dependencies", "/dependencies/\(UUID().uuidString)/edit",
                "/dependencies/\(UUID().uuidString)/delete", "/projects/\(project)/assumptions",
                "/assumptions/\(UUID().uuidString)/edit", "/assumptions/\(UUID().uuidString)/delete", "/projects/\(project)/actions",
                "/actions/\(UUID().uuidString)/edit", "/actions/\(UUID().uuidString)/delete", "/projects/\(project)/decisions",
                "/decisions/\(UUID().uuidString)/edit", "/decisions/\(UUID().uuidString)/delete",
                "/risk-settings", "/risk-settings/categories", "/risk-settings/categories/\(UUID().uuidString)",
                "/risk-settings/categories/\(UUID().uuidString)/delete", "/projects/\(project)/measures",
                "/measures/\(UUID().uuidString)/edit", "/measures/\(UUID().uuidString)/delete", "/measures/\(UUID().uuidString)/observations",
                "/measures/\(UUID().uuidString)/import", "/observations/\(UUID().uuidString)/edit", "/observations/\(UUID().uuidString)/delete",
                "/measures/\(UUID().uuidString)/annotations", "/annotations/\(UUID().uuidString)/edit", "/annotations/\(UUID().uuidString)/delete",
                "/projects/\(project)/benefits", "/benefits/\(UUID().uuidString)/edit", "/benefits/\(UUID().uuidString)/delete",
                "/projects/\(project)/qi/aim", "/projects/\(project)/qi/drivers", "/drivers/\(UUID().uuidString)/edit",
                "/drivers/\(UUID().uuidString)/delete", "/projects/\(project)/pdsa", "/pdsa/\(UUID().uuidString)/edit",
                "/pdsa/\(UUID().uuidString)/delete", "/glossary/new", "/glossary/raid-log/edit", "/glossary/raid-log/delete",
                "/projects/\(project)/lessons", "/lessons/\(UUID().uuidString)/edit", "/lessons/\(UUID().uuidString)/delete",
                "/projects/\(project)/lesson-reviews", "/projects/\(project)/lesson-reviews/\(UUID().uuidString)/withdraw",
                "/resources/new", "/resources/\(UUID().uuidString)/edit", "/resources/\(UUID().uuidString)/delete",
                "/capability/assess", "/capability/framework/risk/edit",
                "/projects/\(project)/updates", "/projects/\(project)/gates/request", "/gate-reviews/\(UUID().uuidString)/decision",
                "/gate-reviews/\(UUID().uuidString)/withdraw", "/gates/\(UUID().uuidString)/edit",
                "/account/calendar-feeds", "/account/calendar-feeds/\(UUID().uuidString)/revoke",
                "/status-updates/\(UUID().uuidString)/edit", "/status-updates/\(UUID().uuidString)/discard",
                "/reporting/cycle", "/reporting/cycle/\(UUID().uuidString)/remove", "/reporting/holidays", "/reporting/holidays/2026-12-25/remove", "/reporting/periods/2026-08/close",
            ]
            // Every POST route the application has is in the list (a new one must join it).
            let posts = server.app.routes.all.filter { $0.method == .POST }.map { "/" + $0.path.map(\.description).joined(separator: "/") }
            XCTAssertEqual(posts.filter { !$0.hasPrefix("/api/") && $0 != "/sign-in" }.count, targets.count,
                           "POST routes: \(posts.sorted())")
            for target in targets {
                let refused = try await admin.post(target, [("title", "Forged"), ("name", "Forged"), ("active", "false")])
                XCTAssertEqual(refused.status, .forbidden, "[\(database)] \(target)")
                let wrong = try await admin.post(target, [("name", "Forged")], csrf: "not-the-token")
                XCTAssertEqual(wrong.status, .forbidden, "[\(database)] \(target)")
            }
            let stillThere = try await server.app.store.project(world.projects[.system]!.id)
            XCTAssertNotNil(stillThere)
            let stillActive = try await server.app.store.person(world.person("member-lead").id)
            XCTAssertEqual(stillActive?.active, true)
            let signedIn = try await admin.get("/portfolio")
            XCTAssertEqual(signedIn.status, .ok, "sign-out without a token does not sign out")
        }
    }

    func testSecurityHeadersOnEveryResponse() async throws {
        try await withServer { server, _, _ in
            for path in ["/sign-in", "/health", "/api/v1/projects", "/nowhere"] {
                let response = try await server.client().get(path)
                XCTAssertEqual(response.headers.first(name: "Content-Security-Policy"), SecurityHeadersMiddleware.contentSecurityPolicy, path)
                XCTAssertFalse(SecurityHeadersMiddleware.contentSecurityPolicy.contains("unsafe-inline"))
                XCTAssertEqual(response.headers.first(name: "X-Frame-Options"), "DENY", path)
                XCTAssertEqual(response.headers.first(name: "X-Content-Type-Options"), "nosniff", path)
                XCTAssertEqual(response.headers.first(name: "Referrer-Policy"), "same-origin", path)
            }
        }
    }
}
