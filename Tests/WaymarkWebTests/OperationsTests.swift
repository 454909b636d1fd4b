import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

final class OperationsTests: XCTestCase {
    func testHealthReadinessAndMetrics() async throws {
        try await withServer { server, _, database in
            let client = server.client()
            let health = try await client.get("/health")
            XCTAssertEqual(health.status, .ok, database.rawValue)
            XCTAssertEqual(health.body, "ok")
            let ready = try await client.get("/ready")
            XCTAssertEqual(ready.status, .ok)
            try await client.signIn("admin@test.example")
            _ = try await client.get("/portfolio")
            let metrics = try await client.get("/metrics")
            XCTAssertEqual(metrics.status, .ok)
            XCTAssertTrue(metrics.headers.contentType?.description.hasPrefix("text/plain") ?? false)
            XCTAssertTrue(metrics.body.contains("waymark_http_requests_total{method=\"GET\",route=\"/portfolio\",status=\"200\"} 1"), metrics.body)
            XCTAssertTrue(metrics.body.contains("waymark_http_request_duration_seconds_bucket"))
        }
    }

    func testErrorPagesKeepTheirStatusAndSayWhatHappened() async throws {
        try await withServer { server, _, _ in
            let client = server.client()
            try await client.signIn("member-lead@test.example")
            let missing = try await client.get("/projects/\(UUID().uuidString)")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertTrue(missing.body.contains("<h1 class=\"wm-heading-l\">Page not found</h1>"))
            let notAnID = try await client.get("/projects/not-an-id")
            XCTAssertEqual(notAnID.status, .notFound)
            let forbidden = try await client.get("/organisations/new")
            XCTAssertEqual(forbidden.status, .forbidden)
            XCTAssertTrue(forbidden.body.contains("Only system administrators add and change organisations."))
            let wrongMethod = try await client.request(.DELETE, "/portfolio")
            XCTAssertEqual(wrongMethod.status, .methodNotAllowed)
            XCTAssertEqual(wrongMethod.headers.first(name: .allow), "GET, HEAD")
        }
    }

    func testStylesheetIsCachedByItsTag() async throws {
        try await withServer { server, _, _ in
            let client = server.client()
            let css = try await client.get("/assets/waymark.css")
            XCTAssertEqual(css.status, .ok)
            XCTAssertTrue(css.body.contains("@media print"))
            let tag = css.headers.first(name: .eTag)!
            let again = try await client.get("/assets/waymark.css", headers: ["If-None-Match": tag])
            XCTAssertEqual(again.status, .notModified)
            XCTAssertEqual(css.headers.first(name: .cacheControl), "public, max-age=3600")

            // Pages link the file at a URL carrying its content's hash, kept for a year.
            let page = try await client.get("/sign-in")
            let link = try XCTUnwrap(page.body.range(of: #"href="/assets/waymark-[0-9a-f]{16}\.css""#, options: .regularExpression)
                .map { String(page.body[$0].dropFirst(6).dropLast()) })
            let versioned = try await client.get(link)
            XCTAssertEqual(versioned.status, .ok)
            XCTAssertEqual(versioned.body, css.body)
            XCTAssertEqual(versioned.headers.first(name: .cacheControl), "public, max-age=31536000, immutable")
            XCTAssertEqual(versioned.headers.contentType?.description, "text/css; charset=utf-8")
            XCTAssertTrue(page.body.contains(#"<script src="/assets/waymark-"#))
            let stale = try await client.get("/assets/waymark-0000000000000000.css")
            XCTAssertEqual(stale.status, .notFound)
        }
    }

    func testOrganisationsAndPeoplePages() async throws {
        try await withServer { server, world, database in
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let refused = try await admin.submit(from: "/organisations/new", to: "/organisations",
                                                 [("name", "Riverside PCN"), ("kind", "primary-care"), ("codeKind", "ods"), ("code", "RAA")])
            XCTAssertEqual(refused.status, .unprocessableEntity, database.rawValue)
            XCTAssertTrue(refused.body.contains("An organisation with code RAA already exists: Lead Trust"))
            XCTAssertTrue(refused.body.contains("value=\"Riverside PCN\""))
            let added = try await admin.post("/organisations", [("name", "Riverside PCN"), ("kind", "primary-care"),
                                                                ("codeKind", "ods"), ("code", "u12345")], csrf: refused.csrfToken)
            XCTAssertEqual(added.status, .seeOther)
            let page = try await admin.get(added.location!)
            XCTAssertTrue(page.body.contains("U12345"))
            XCTAssertTrue(page.body.contains("Created organisation Riverside PCN"))

            // An organisation admin adds a member of their own organisation; a portfolio role is not theirs to give.
            let orgadmin = server.client()
            try await orgadmin.signIn("orgadmin-lead@test.example")
            let tooHigh = try await orgadmin.submit(from: "/people/new", to: "/people", [
                ("name", "Nia Roberts"), ("email", "nia@test.example"), ("organisationId", world.lead.id.uuidString),
                ("role", "portfolio"), ("password", "a long enough password"),
            ])
            XCTAssertEqual(tooHigh.status, .unprocessableEntity)
            XCTAssertTrue(tooHigh.body.contains("You can give the roles: Organisation admin, Member, Viewer (read only)"))
            let person = try await orgadmin.post("/people", [
                ("name", "Nia Roberts"), ("email", "nia@test.example"), ("organisationId", world.lead.id.uuidString),
                ("role", "member"), ("password", "a long enough password"),
            ], csrf: tooHigh.csrfToken)
            XCTAssertEqual(person.status, .seeOther)
            let signsIn = try await server.client().signIn("nia@test.example", password: "a long enough password")
            XCTAssertEqual(signsIn.status, .seeOther)

            let mine = server.client()
            try await mine.signIn("teammate@test.example")
            let myProjects = try await mine.get("/my-projects")
            XCTAssertTrue(myProjects.body.contains("<strong>3 projects</strong>"))
        }
    }
}
