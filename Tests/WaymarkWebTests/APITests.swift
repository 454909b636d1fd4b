import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

final class APITests: XCTestCase {
    func testProjectLifecycleThroughTheAPI() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let stage = try await server.app.store.stages()[4].id.uuidString
            let created = try await api.json(.POST, "/api/v1/projects", [
                "title": "Community pharmacy blood pressure checks", "leadOrganisationId": world.lead.id.uuidString,
                "partnerOrganisationIds": [world.partner.id.uuidString], "methodology": "project", "stageId": stage,
                "visibility": "system", "budgetPence": 2_500_000.0, "tags": ["hypertension"], "startDate": "2026-05-01",
            ])
            XCTAssertEqual(created.status, .created, "[\(database)] \(created.body)")
            let project = created.jsonObject
            let id = project["id"] as! String
            XCTAssertEqual(project["code"] as? String, "RAA-0004")
            XCTAssertEqual(project["budgetPence"] as? Int, 2_500_000, "236349.0-style whole numbers are accepted")
            XCTAssertEqual(project["version"] as? Int, 1)
            XCTAssertEqual((project["permissions"] as? [String: Bool])?["canManage"], true)
            XCTAssertEqual(created.headers.first(name: .eTag), "\"1\"")
            XCTAssertEqual(created.location, "/api/v1/projects/\(id.lowercased())")
            // Ids go out in lower case (RFC 9562), though they came in upper case.
            XCTAssertEqual(id, id.lowercased())
            XCTAssertEqual(project["leadOrganisationId"] as? String, world.lead.id.uuidString.lowercased())
            XCTAssertEqual(project["partnerOrganisationIds"] as? [String], [world.partner.id.uuidString.lowercased()])
            XCTAssertEqual(project["stageId"] as? String, stage.lowercased())
            let listed = try await api.get("/api/v1/projects?per_page=100")
            let listedIDs = (listed.jsonObject["items"] as? [[String: Any]] ?? []).flatMap { [$0["id"], $0["leadOrganisationId"], $0["stageId"]] }
            XCTAssertFalse(listedIDs.isEmpty)
            XCTAssertTrue(listedIDs.allSatisfy { ($0 as? String).map { $0 == $0.lowercased() } ?? false }, "\(listedIDs)")
            let me = try await api.get("/api/v1/me")
            XCTAssertEqual(me.jsonObject["organisationId"] as? String, world.lead.id.uuidString.lowercased())

            // Update with the version in the body; a stale body version is 409.
            let updated = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["title": "BP checks in pharmacies", "version": 1, "programmeId": NSNull()])
            XCTAssertEqual(updated.status, .ok, updated.body)
            XCTAssertEqual(updated.jsonObject["version"] as? Int, 2)
            XCTAssertEqual(updated.jsonObject["tags"] as? [String], ["hypertension"], "absent fields keep their value")
            let stale = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["title": "Lost", "version": 1])
            XCTAssertEqual(stale.status, .conflict)
            XCTAssertEqual(stale.headers.contentType?.description, "application/problem+json")
            XCTAssertEqual(stale.jsonObject["currentVersion"] as? Int, 2)
            // If-Match: a stale one is 412; none at all is 428.
            let staleHeader = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["title": "Lost"], headers: ["If-Match": "\"1\""])
            XCTAssertEqual(staleHeader.status, .preconditionFailed)
            let unversioned = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["title": "Lost"])
            XCTAssertEqual(unversioned.status, .preconditionRequired)
            // A body version that is not a number is a bad request, whatever If-Match says.
            let badBodyVersion = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["title": "Lost", "version": [:] as [String: Any]],
                                                    headers: ["If-Match": "\"1\""])
            XCTAssertEqual(badBodyVersion.status, .unprocessableEntity)
            let nullBodyVersion = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["title": "Lost", "version": NSNull()],
                                                     headers: ["If-Match": "\"1\""])
            XCTAssertEqual(nullBodyVersion.status, .unprocessableEntity)
            XCTAssertEqual((badBodyVersion.jsonObject["errors"] as? [[String: String]])?.first?["field"], "version")
            let withHeader = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["status": "on-hold"], headers: ["If-Match": "\"2\""])
            XCTAssertEqual(withHeader.status, .ok)
            let current = try await api.get("/api/v1/projects/\(id)")
            XCTAssertEqual(current.jsonObject["title"] as? String, "BP checks in pharmacies")
            XCTAssertEqual(current.jsonObject["status"] as? String, "on-hold")
            // What an update answers is what the project now is, link order and timestamp included.
            let partners = [world.other.id.uuidString, world.partner.id.uuidString]
            let relinked = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["partnerOrganisationIds": partners, "version": 3])
            XCTAssertEqual(relinked.status, .ok, relinked.body)
            let reread = try await api.get("/api/v1/projects/\(id)")
            XCTAssertEqual(relinked.jsonObject as NSDictionary, reread.jsonObject as NSDictionary, "[\(database)]")

            // Team and history.
            let person = world.person("member-partner").id.uuidString
            let joined = try await api.json(.PUT, "/api/v1/projects/\(id)/team/\(person)", ["role": "qilead"])
            XCTAssertEqual(joined.status, .ok, joined.body)
            let team = try await api.get("/api/v1/projects/\(id)/team")
            XCTAssertEqual((team.jsonObject["items"] as? [[String: Any]])?.compactMap { $0["role"] as? String }, ["manager", "qilead"])
            let history = try await api.get("/api/v1/projects/\(id)/history")
            let summaries = (history.jsonObject["items"] as? [[String: Any]])?.compactMap { $0["summary"] as? String } ?? []
            XCTAssertEqual(summaries.first, "Added member-partner to the team as QI lead")
            XCTAssertTrue(summaries.contains("Created project RAA-0004 Community pharmacy blood pressure checks"))
            let second = try await api.get("/api/v1/projects/\(id)/history?per_page=1&page=2")
            XCTAssertEqual(second.jsonObject["total"] as? Int, summaries.count)
            XCTAssertEqual((second.jsonObject["items"] as? [[String: Any]])?.compactMap { $0["summary"] as? String }, [summaries[1]])

            // Only administrators delete.
            let notAdmin = try await api.request(.DELETE, "/api/v1/projects/\(id)")
            XCTAssertEqual(notAdmin.status, .forbidden)
            let admin = server.client()
            admin.bearer = try await apiToken(server, "admin@test.example")
            let deleted = try await admin.request(.DELETE, "/api/v1/projects/\(id)")
            XCTAssertEqual(deleted.status, .noContent)
            let gone = try await admin.get("/api/v1/projects/\(id)")
            XCTAssertEqual(gone.status, .notFound)
        }
    }

    func testBadInputGetsFieldErrorsAndChangesNothing() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let before = try await api.get("/api/v1/projects")
            let invalid = try await api.json(.POST, "/api/v1/projects", [
                "title": "  ", "leadOrganisationId": "not-a-uuid", "methodology": 7, "stageId": UUID().uuidString,
                "visibility": "public", "startDate": "2026-02-31", "budgetPence": 1.5,
            ])
            XCTAssertEqual(invalid.status, .unprocessableEntity, database.rawValue)
            XCTAssertEqual(invalid.headers.contentType?.description, "application/problem+json")
            let fields = (invalid.jsonObject["errors"] as? [[String: String]])?.compactMap { $0["field"] } ?? []
            XCTAssertEqual(fields, ["methodology", "budgetPence"], "type errors are reported before rules")
            let rules = try await api.json(.POST, "/api/v1/projects", [
                "title": "  ", "leadOrganisationId": "not-a-uuid", "stageId": UUID().uuidString, "visibility": "public",
                "methodology": "qi", "startDate": "2026-02-31",
            ])
            XCTAssertEqual(rules.status, .unprocessableEntity)
            let ruleFields = (rules.jsonObject["errors"] as? [[String: String]])?.compactMap { $0["field"] } ?? []
            XCTAssertEqual(ruleFields, ["title", "leadOrganisationId", "stageId", "startDate", "visibility"])
            for body in ["not json", "[1,2]", ""] {
                let broken = try await api.request(.POST, "/api/v1/projects", body: body, contentType: "application/json")
                XCTAssertEqual(broken.status, .unprocessableEntity, body)
            }
            let form = try await api.request(.POST, "/api/v1/projects", body: "title=x", contentType: "application/x-www-form-urlencoded")
            XCTAssertEqual(form.status, .unsupportedMediaType)
            let badQuery = try await api.get("/api/v1/projects?status=paused&per_page=1000&organisation=x")
            XCTAssertEqual(badQuery.status, .unprocessableEntity)
            XCTAssertEqual((badQuery.jsonObject["errors"] as? [[String: String]])?.compactMap { $0["field"] }, ["organisation", "status", "per_page"])
            let after = try await api.get("/api/v1/projects")
            XCTAssertEqual(after.jsonObject["total"] as? Int, before.jsonObject["total"] as? Int)
            _ = world
        }
    }

    func testListsFilterAndPage() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let page = try await api.get("/api/v1/projects?per_page=2&page=2&sort=title")
            XCTAssertEqual(page.jsonObject["total"] as? Int, 3, database.rawValue)
            XCTAssertEqual(page.jsonObject["page"] as? Int, 2)
            XCTAssertEqual((page.jsonObject["items"] as? [[String: Any]])?.compactMap { $0["title"] as? String }, ["Project team"])
            let filtered = try await api.get("/api/v1/projects?visibility=organisation&organisation=\(world.lead.id.uuidString)")
            XCTAssertEqual(filtered.jsonObject["total"] as? Int, 1)
            let mine = server.client()
            mine.bearer = try await apiToken(server, "teammate@test.example")
            let own = try await mine.get("/api/v1/projects?mine=true")
            XCTAssertEqual(own.jsonObject["total"] as? Int, 3)
            let people = try await api.get("/api/v1/people?organisation=\(world.lead.id.uuidString)")
            XCTAssertEqual((people.jsonObject["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String },
                           ["member-lead", "orgadmin-lead", "viewer-lead"])
            let organisations = try await api.get("/api/v1/organisations?per_page=2")
            XCTAssertEqual(organisations.jsonObject["total"] as? Int, 3)
            XCTAssertEqual((organisations.jsonObject["items"] as? [Any])?.count, 2)
            let stages = try await api.get("/api/v1/stages")
            XCTAssertEqual(stages.jsonObject["total"] as? Int, 7)
        }
    }

    func testOrganisationsPeopleThemesAndTheirRules() async throws {
        try await withServer { server, world, database in
            let admin = server.client()
            admin.bearer = try await apiToken(server, "admin@test.example")
            let created = try await admin.json(.POST, "/api/v1/organisations", ["name": "Ashcombe County Council", "code": "acc",
                                                                                "codeKind": "local", "kind": "local-authority"])
            XCTAssertEqual(created.status, .created, "[\(database)] \(created.body)")
            XCTAssertEqual(created.jsonObject["code"] as? String, "ACC")
            let duplicate = try await admin.json(.POST, "/api/v1/organisations", ["name": "Another", "code": "ACC",
                                                                                  "codeKind": "local", "kind": "other"])
            XCTAssertEqual(duplicate.status, .unprocessableEntity)
            let badODS = try await admin.json(.POST, "/api/v1/organisations", ["name": "Bad", "code": "12", "codeKind": "ods", "kind": "other"])
            XCTAssertEqual((badODS.jsonObject["errors"] as? [[String: String]])?.first?["field"], "code")

            let orgadmin = server.client()
            orgadmin.bearer = try await apiToken(server, "orgadmin-lead@test.example")
            let notAdmin = try await orgadmin.json(.POST, "/api/v1/organisations", ["name": "X", "code": "RXX", "codeKind": "ods", "kind": "other"])
            XCTAssertEqual(notAdmin.status, .forbidden)
            // Organisation admins add people to their own organisation, with limited roles.
            let person = try await orgadmin.json(.POST, "/api/v1/people", ["name": "New Starter", "email": "new@test.example", "role": "member",
                                                                           "organisationId": world.lead.id.uuidString, "password": "a long enough password"])
            XCTAssertEqual(person.status, .created, person.body)
            let tooHigh = try await orgadmin.json(.POST, "/api/v1/people", ["name": "Boss", "email": "boss@test.example", "role": "admin",
                                                                            "organisationId": world.lead.id.uuidString, "password": "a long enough password"])
            XCTAssertEqual(tooHigh.status, .unprocessableEntity)
            let elsewhere = try await orgadmin.json(.POST, "/api/v1/people", ["name": "Other", "email": "o@test.example", "role": "member",
                                                                              "organisationId": world.other.id.uuidString, "password": "a long enough password"])
            XCTAssertEqual((elsewhere.jsonObject["errors"] as? [[String: String]])?.first?["field"], "organisationId")
            let adminAccount = world.person("admin").id.uuidString
            let untouchable = try await orgadmin.json(.PATCH, "/api/v1/people/\(adminAccount)", ["name": "Renamed", "version": 1])
            XCTAssertEqual(untouchable.status, .forbidden)
            let newID = person.jsonObject["id"] as! String
            let deactivated = try await orgadmin.json(.PATCH, "/api/v1/people/\(newID)", ["active": false, "version": 1])
            XCTAssertEqual(deactivated.status, .ok, deactivated.body)
            XCTAssertEqual(deactivated.jsonObject["active"] as? Bool, false)

            let portfolio = server.client()
            portfolio.bearer = try await apiToken(server, "portfolio@test.example")
            let theme = try await portfolio.json(.POST, "/api/v1/themes", ["name": "Mental health", "description": "Access and crisis care"])
            XCTAssertEqual(theme.status, .created)
            let themeID = theme.jsonObject["id"] as! String
            let renamed = try await portfolio.json(.PATCH, "/api/v1/themes/\(themeID)", ["name": "Mental health and wellbeing"],
                                                   headers: ["If-Match": "W/\"1\""])
            XCTAssertEqual(renamed.jsonObject["name"] as? String, "Mental health and wellbeing")
            let member = server.client()
            member.bearer = try await apiToken(server, "member-lead@test.example")
            let refused = try await member.json(.POST, "/api/v1/programmes", ["name": "Mine"])
            XCTAssertEqual(refused.status, .forbidden)
        }
    }

    func testAuthenticationAndMethods() async throws {
        try await withServer { server, world, database in
            let anonymous = server.client()
            let noToken = try await anonymous.get("/api/v1/projects")
            XCTAssertEqual(noToken.status, .unauthorized, database.rawValue)
            XCTAssertEqual(noToken.headers.contentType?.description, "application/problem+json")
            XCTAssertEqual(noToken.headers.first(name: .wwwAuthenticate), "Bearer realm=\"waymark\"")
            anonymous.bearer = "wmk_made_up"
            let badToken = try await anonymous.get("/api/v1/projects")
            XCTAssertEqual(badToken.status, .unauthorized)

            // Known paths asked with the wrong method say which methods they take.
            anonymous.bearer = nil
            let wrongMethod = try await anonymous.request(.PUT, "/api/v1/projects")
            XCTAssertEqual(wrongMethod.status, .methodNotAllowed)
            XCTAssertEqual(wrongMethod.headers.first(name: .allow), "GET, HEAD, POST")
            let wrongOnItem = try await anonymous.request(.POST, "/api/v1/projects/\(UUID().uuidString)")
            XCTAssertEqual(wrongOnItem.headers.first(name: .allow), "DELETE, GET, HEAD, PATCH")
            let missing = try await anonymous.get("/api/v1/nothing-here")
            XCTAssertEqual(missing.status, .notFound)

            // A browser session may use the API, but changes need its CSRF token in a header.
            let browser = server.client()
            try await browser.signIn("admin@test.example")
            let page = try await browser.get("/portfolio")
            let read = try await browser.get("/api/v1/me")
            XCTAssertEqual(read.jsonObject["email"] as? String, "admin@test.example")
            let body = ["name": "Workforce", "description": ""]
            let noHeader = try await browser.json(.POST, "/api/v1/themes", body)
            XCTAssertEqual(noHeader.status, .forbidden)
            let withHeader = try await browser.json(.POST, "/api/v1/themes", body, headers: ["X-CSRF-Token": page.csrfToken!])
            XCTAssertEqual(withHeader.status, .created)

            // Revoking a token ends it at once.
            let tokens = try await browser.submit(from: "/account/api-tokens", to: "/account/api-tokens", [("name", "Report script")])
            XCTAssertEqual(tokens.status, .created)
            let shown = tokens.body.components(separatedBy: "id=\"new-token\">")[1].prefix { $0 != "<" }
            let script = server.client()
            script.bearer = String(shown)
            let works = try await script.get("/api/v1/me")
            XCTAssertEqual(works.status, .ok)
            let info = try await server.app.store.tokens(of: world.person("admin").id).first { $0.name == "Report script" }!
            let revoked = try await browser.post("/account/api-tokens/\(info.id.uuidString.lowercased())/revoke", [], csrf: tokens.csrfToken)
            XCTAssertEqual(revoked.status, .seeOther)
            let dead = try await script.get("/api/v1/me")
            XCTAssertEqual(dead.status, .unauthorized)
        }
    }

    func testTheOpenAPIDocumentDescribesEveryRoute() async throws {
        try await withServer { server, _, _ in
            let response = try await server.client().get("/api/v1/openapi.json")
            XCTAssertEqual(response.status, .ok)
            let document = response.jsonObject
            XCTAssertEqual(document["openapi"] as? String, "3.1.0")
            let paths = document["paths"] as! [String: [String: Any]]
            var described = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { described.insert(method.uppercased() + " /api/v1" + path) }
            }
            var implemented = Set<String>()
            for route in server.app.routes.all where route.path.first?.description == "api" {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                if path != "/api/v1/openapi.json" { implemented.insert(route.method.rawValue + " " + path) }
            }
            XCTAssertEqual(described, implemented)
        }
    }

    /// A bad filter of the portfolio is named in a person's words on the page and in the API.
    func testABadPortfolioFilterIsExplainedAsAPersonWouldSayIt() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let bad = try await api.get("/api/v1/projects?sort=colour&order=up&status=paused")
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let messages = Dictionary(uniqueKeysWithValues: ((bad.jsonObject["errors"] as? [[String: Any]]) ?? []).compactMap { error in
                (error["field"] as? String).map { ($0, error["message"] as? String ?? "") }
            })
            XCTAssertEqual(messages["sort"], "Sort by title, code, last updated, start date, end date, lifecycle stage, lead organisation, status, "
                           + "senior responsible owner, project manager or budget", "[\(database)]")
            XCTAssertEqual(messages["order"], "Choose the order: ascending (asc) or descending (desc)", "[\(database)]")
            XCTAssertEqual(messages["status"], "Choose a status from the list: active, on hold, closed or cancelled", "[\(database)]")
        }
    }
}
