import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// "Anything that can't read it can't learn it exists": lists, counts, the free-text filter,
/// history, team lists, direct ids, HTML and API. Who may read what comes from DESIGN.md's table.
final class AccessLeakTests: XCTestCase {
    func testOutsidersLearnNothingOfProjectsTheyMayNotRead() async throws {
        try await withServer { server, world, database in
            // DESIGN.md: a member of an organisation that neither leads nor partners reads only
            // system-visible projects; a portfolio officer not on the team cannot read team ones.
            let cases: [(String, [Visibility])] = [
                ("member-other@test.example", [.organisation, .team]),
                ("viewer-other@test.example", [.organisation, .team]),
                ("orgadmin-partner@test.example", [.team]),
                ("portfolio@test.example", [.team]),
            ]
            for (email, hidden) in cases {
                let browser = server.client()
                try await browser.signIn(email)
                let page = try await browser.get("/portfolio?per_page=100")
                let token = try await self.token(server, email)
                let api = server.client()
                api.bearer = token
                for visibility in hidden {
                    let project = world.projects[visibility]!
                    let id = project.id.uuidString.lowercased()
                    let label = "[\(database)] \(email) / \(visibility)"
                    XCTAssertFalse(page.body.contains(project.fields.title), label)
                    let search = try await browser.get("/portfolio?q=\(QueryText.encode(project.fields.title))")
                    XCTAssertTrue(search.body.contains("<strong>0 projects</strong>"), label)
                    for path in ["/projects/\(id)", "/projects/\(id)/edit", "/projects/\(id)/delete", "/projects/\(id)/history",
                                 "/projects/\(id)/updates", "/projects/\(id)/highlight-report", "/projects/\(id)/export/updates"] {
                        let direct = try await browser.get(path)
                        XCTAssertEqual(direct.status, .notFound, "\(label) \(path)")
                        XCTAssertFalse(direct.body.contains(project.fields.title), "\(label) \(path)")
                    }
                    for path in ["/api/v1/projects/\(id)", "/api/v1/projects/\(id)/team", "/api/v1/projects/\(id)/history",
                                 "/api/v1/projects/\(id)/status-updates", "/api/v1/projects/\(id)/highlight-report"] {
                        let direct = try await api.get(path)
                        XCTAssertEqual(direct.status, .notFound, "\(label) \(path)")
                    }
                    let patch = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["title": "Guessed", "version": 1])
                    XCTAssertEqual(patch.status, .notFound, label)
                    let listed = try await api.get("/api/v1/projects?per_page=100&q=\(QueryText.encode(project.fields.title))")
                    XCTAssertEqual(listed.jsonObject["total"] as? Int, 0, label)
                    let teammate = try await browser.get("/people/\(world.teamPerson.id.uuidString.lowercased())")
                    XCTAssertFalse(teammate.body.contains("/projects/\(id)"), "\(label): a team member's page")
                }
                // Counts: the organisation page and the filter counts include only readable projects.
                let readable = Visibility.allCases.filter { !hidden.contains($0) }.count
                XCTAssertTrue(page.body.contains("<strong>\(readable) project\(readable == 1 ? "" : "s")</strong>"), "[\(database)] \(email)")
                XCTAssertTrue(page.body.contains("Lead Trust (\(readable))"), "[\(database)] \(email) facet count")
                let organisation = try await browser.get("/organisations/\(world.lead.id.uuidString.lowercased())")
                XCTAssertTrue(organisation.body.contains("Projects it leads (\(readable))"), "[\(database)] \(email)")
                let organisations = try await browser.get("/organisations")
                XCTAssertTrue(organisations.body.contains("<td>\(readable)</td>"), "[\(database)] \(email)")
                let list = try await api.get("/api/v1/projects?per_page=100")
                XCTAssertEqual(list.jsonObject["total"] as? Int, readable, "[\(database)] \(email)")
            }
        }
    }

    func testTeamMembershipAndPartnershipGrantReading() async throws {
        try await withServer { server, world, database in
            let cases: [(String, [Visibility])] = [
                ("teammate@test.example", Visibility.allCases),
                ("member-partner@test.example", [.system, .organisation]),
                ("orgadmin-lead@test.example", Visibility.allCases),
                ("admin@test.example", Visibility.allCases),
            ]
            for (email, visible) in cases {
                let api = server.client()
                api.bearer = try await token(server, email)
                for visibility in visible {
                    let response = try await api.get("/api/v1/projects/\(world.projects[visibility]!.id.uuidString.lowercased())")
                    XCTAssertEqual(response.status, .ok, "[\(database)] \(email) / \(visibility)")
                }
            }
        }
    }

    func token(_ server: TestServer, _ email: String) async throws -> String {
        try await apiToken(server, email)
    }
}

/// A real API token for a fixture person, stored as the application stores them.
func apiToken(_ server: TestServer, _ email: String) async throws -> String {
    let person = try await server.app.store.person(email: email)!
    let token = SecretTokens.makeAPIToken()
    _ = try await server.app.store.createToken(personID: person.id, name: "test", tokenHash: SecretTokens.hash(token), by: .system)
    return token
}
