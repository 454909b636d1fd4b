import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Dependencies through the pages and the API, on both databases: recording one by another
/// project's code with bad input refused, both projects showing it, stale versions, the register,
/// and an end the reader may not read shown only as such, everywhere.
final class DependencyPagesTests: XCTestCase {
    func testATeamRecordsADependencyThatBothProjectsShow() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let mine = world.projects[.system]!
            // Another organisation's project, as the ICS's partners' are.
            let references = try await store.referenceData()
            let theirs = try await store.createProject(ProjectFields(
                title: "Shared care record", summary: "One record", leadOrganisationID: world.other.id, methodology: .project,
                stageID: references.stages[0].id, visibility: .system), references: references,
                team: [(world.person("member-other").id, .manager)], by: .system)
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let logPath = "/projects/\(mine.id.lowercasedText)/dependencies"
            let empty = try await browser.get(logPath)
            XCTAssertEqual(empty.status, .ok, "[\(database)]")
            XCTAssertTrue(empty.body.contains("This project has recorded no dependencies."), "[\(database)]")
            XCTAssertTrue(empty.body.contains("aria-current=\"page\">Dependencies<"), "[\(database)]")

            let form = try await browser.get(logPath + "/new")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            var fields: [(String, String)] = [("title", "Shared record live"), ("description", ""), ("dependsOnProject", mine.code),
                                              ("external", "The supplier"), ("neededBy", "2026-13-01"), ("ownerId", ""), ("status", "on-track")]
            let refused = try await browser.post(logPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            for message in ["A project cannot depend on itself", "Name another project or something outside Waymark, not both",
                            "Date needed by must be a real date", "Select who owns the dependency"] {
                XCTAssertTrue(refused.body.contains(message), "[\(database)] \(message)")
            }
            let unknown = try await browser.post(logPath, fields.map { ($0.0, ["dependsOnProject": "NOPE-9", "external": ""][$0.0] ?? $0.1) },
                                                 csrf: form.csrfToken)
            XCTAssertTrue(unknown.body.contains("Enter the code of a project you can see"), "[\(database)]")
            let recorded = try await store.dependencyRegister().count
            XCTAssertEqual(recorded, 0, "[\(database)] nothing recorded")

            fields = fields.map { ($0.0, ["dependsOnProject": theirs.code, "external": "", "neededBy": "2026-09-01",
                                          "ownerId": world.teamPerson.id.lowercasedText, "status": "at-risk"][$0.0] ?? $0.1) }
            let created = try await browser.post(logPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body)")
            let path = try XCTUnwrap(created.location?.split(separator: "?").first.map(String.init))
            let page = try await browser.get(path)
            XCTAssertTrue(page.body.contains("D1"), "[\(database)]")
            XCTAssertTrue(page.body.contains("\(theirs.code) Shared care record"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Yes: the two projects have different lead organisations"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Overdue"), "[\(database)] needed before the test clock's today")

            // The project depended on shows it, to its own team, who may not change it.
            let provider = server.client()
            try await provider.signIn("member-other@test.example")
            let theirLog = try await provider.get("/projects/\(theirs.id.lowercasedText)/dependencies")
            XCTAssertTrue(theirLog.body.contains("D1 Shared record live"), "[\(database)]")
            XCTAssertTrue(theirLog.body.contains("\(mine.code) Project system"), "[\(database)]")
            let theirView = try await provider.get(path)
            XCTAssertFalse(theirView.body.contains("Edit dependency"), "[\(database)]")
            let providerEdit = try await provider.get(path + "/edit").status
            XCTAssertEqual(providerEdit, .forbidden, "[\(database)]")

            // The API: the same dependency, stale versions refused, a PATCH that keeps the provider.
            let id = String(path.split(separator: "/").last!)
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let got = try await api.get("/api/v1/dependencies/\(id)")
            XCTAssertEqual(got.jsonObject["dependsOnProject"] as? String, theirs.id.lowercasedText, "[\(database)]")
            XCTAssertEqual(got.jsonObject["crossOrganisation"] as? Bool, true, "[\(database)]")
            XCTAssertEqual((got.jsonObject["provider"] as? [String: Any])?["code"] as? String, theirs.code, "[\(database)]")
            let stale = try await api.json(.PATCH, "/api/v1/dependencies/\(id)", ["status": "met", "version": 0])
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            let met = try await api.json(.PATCH, "/api/v1/dependencies/\(id)", ["status": "met"], headers: ["If-Match": "\"1\""])
            XCTAssertEqual(met.status, .ok, "[\(database)] \(met.body)")
            XCTAssertEqual(met.jsonObject["dependsOnProject"] as? String, theirs.id.lowercasedText, "[\(database)] kept")
            XCTAssertEqual(met.jsonObject["overdue"] as? Bool, false, "[\(database)]")
            // The form opened before that change is refused, the changes kept, the current one linked.
            let editForm = try await browser.get(path + "/edit")
            let staleForm = try await browser.post(path + "/edit", fields.map { ($0.0, $0.0 == "title" ? "Renamed late" : $0.1) } + [("version", "1")],
                                                   csrf: editForm.csrfToken)
            XCTAssertEqual(staleForm.status, .conflict, "[\(database)]")
            XCTAssertTrue(staleForm.body.contains("The dependency is now at version 2. Your changes are still in the form below"), "[\(database)]")
            XCTAssertTrue(staleForm.body.contains("value=\"Renamed late\""), "[\(database)]")
            let selfish = try await api.json(.POST, "/api/v1/projects/\(mine.id.lowercasedText)/dependencies",
                                             ["title": "Itself", "dependsOnProject": mine.id.lowercasedText, "neededBy": "2026-10-01",
                                              "ownerId": world.teamPerson.id.lowercasedText])
            XCTAssertEqual(selfish.status, .unprocessableEntity, "[\(database)]")
            let outside = try await api.json(.POST, "/api/v1/projects/\(mine.id.lowercasedText)/dependencies",
                                             ["title": "Supplier upgrade", "dependsOnProject": NSNull(), "external": "PAS v12",
                                              "neededBy": "2026-10-01", "ownerId": world.teamPerson.id.lowercasedText])
            XCTAssertEqual(outside.status, .created, "[\(database)] \(outside.body)")
            XCTAssertEqual(outside.jsonObject["reference"] as? String, "D2", "[\(database)]")
            XCTAssertNil(outside.jsonObject["provider"], "[\(database)]")
            let list = try await api.get("/api/v1/projects/\(theirs.id.lowercasedText)/dependencies")
            XCTAssertEqual(((list.jsonObject["items"] as? [[String: Any]]) ?? []).compactMap { $0["direction"] as? String },
                           ["depended-on-by"], "[\(database)]")
            let register = try await api.get("/api/v1/dependency-register?status=all&crossOrganisation=true")
            XCTAssertEqual(register.jsonObject["total"] as? Int, 1, "[\(database)]")
            let bad = try await api.get("/api/v1/dependency-register?status=soon")
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let deleted = try await api.request(.DELETE, "/api/v1/dependencies/\(outside.jsonObject["id"] as! String)")
            XCTAssertEqual(deleted.status, .forbidden, "[\(database)] a member does not delete")
            let events = try await store.rows("SELECT event FROM audit_events WHERE entity_id = \(bind: UUID(uuidString: id)!) ORDER BY sequence",
                                              reading: { try $0.string("event") })
            XCTAssertEqual(events, ["dependency.created", "dependency.met"], "[\(database)]")

            // A change made at a SQL prompt reaches the register held in memory (the counter's triggers).
            try await store.run("UPDATE dependencies SET status = 'late' WHERE id = \(bind: UUID(uuidString: id)!)")
            let late = try await api.get("/api/v1/dependency-register?status=late")
            XCTAssertEqual(late.jsonObject["total"] as? Int, 1, "[\(database)]")
            // Deleting the project depended on leaves the dependency, saying so.
            try await store.deleteProject(theirs.id, references: references, by: .system)
            let after = try await browser.get(path)
            XCTAssertTrue(after.body.contains("A project since deleted"), "[\(database)]")
        }
    }

    /// A team-only project's dependency on a project everyone may read: whoever may read only the
    /// second sees that a project they may not read depends on it, and nothing of that project;
    /// whoever may read neither finds nothing at all.
    func testAnEndTheReaderMayNotReadShowsNothingOfItself() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let hidden = world.projects[.team]!, open = world.projects[.system]!
            let dependency = try await store.createDependency(projectID: hidden.id, fields: DependencyFields(
                title: "Secret go-live", providerProjectID: open.id, neededBy: CalendarDate("2026-10-01")!,
                ownerID: world.teamPerson.id, status: .atRisk), by: .system)
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            for path in ["/projects/\(open.id.lowercasedText)/dependencies", "/dependencies", "/dependencies/\(dependency.id.lowercasedText)"] {
                let answer = try await outsider.get(path)
                XCTAssertEqual(answer.status, .ok, "[\(database)] \(path)")
                XCTAssertTrue(answer.body.contains("A project you do not have access to"), "[\(database)] \(path)")
                XCTAssertFalse(answer.body.contains(hidden.code), "[\(database)] \(path)")
                XCTAssertFalse(answer.body.contains("Project team"), "[\(database)] \(path)")
            }
            let hiddenLog = try await outsider.get("/projects/\(hidden.id.lowercasedText)/dependencies").status
            XCTAssertEqual(hiddenLog, .notFound, "[\(database)]")
            let outsiderEdit = try await outsider.get("/dependencies/\(dependency.id.lowercasedText)/edit").status
            XCTAssertEqual(outsiderEdit, .forbidden, "[\(database)]")
            let api = server.client()
            api.bearer = try await apiToken(server, "member-other@test.example")
            let got = try await api.get("/api/v1/dependencies/\(dependency.id.lowercasedText)")
            XCTAssertEqual((got.jsonObject["dependent"] as? [String: Any])?.keys.sorted(), ["access"], "[\(database)]")
            XCTAssertNil(got.jsonObject["crossOrganisation"], "[\(database)]")
            for (method, path, body) in [(HTTPMethod.PATCH, "/api/v1/dependencies/\(dependency.id.lowercasedText)", ["title": "x", "version": 1]),
                                         (.DELETE, "/api/v1/dependencies/\(dependency.id.lowercasedText)", nil),
                                         (.POST, "/api/v1/projects/\(hidden.id.lowercasedText)/dependencies", ["title": "x"])]
                    as [(HTTPMethod, String, [String: Any]?)] {
                let answer = try await api.json(method, path, body)
                XCTAssertTrue([.forbidden, .notFound].contains(answer.status), "[\(database)] \(method) \(path): \(answer.status)")
                XCTAssertFalse(answer.body.contains(hidden.code), "[\(database)]")
            }
            // A dependency between two projects the reader may not read does not exist for them.
            let both = try await store.createDependency(projectID: hidden.id, fields: DependencyFields(
                title: "Between hidden ones", providerProjectID: world.projects[.organisation]!.id, neededBy: CalendarDate("2026-10-01")!,
                ownerID: world.teamPerson.id), by: .system)
            let betweenHidden = try await api.get("/api/v1/dependencies/\(both.id.lowercasedText)").status
            XCTAssertEqual(betweenHidden, .notFound, "[\(database)]")
            // Every person's register holds exactly the dependencies with an end they may read.
            for person in world.people.values {
                let client = server.client()
                client.bearer = try await apiToken(server, person.email)
                let register = try await client.get("/api/v1/dependency-register?status=all")
                let titles = Set(((register.jsonObject["items"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String })
                func reads(_ project: Project) -> Bool {
                    AccessPolicy.canRead(person.actor, project.accessFacts(actorTeamRole: world.teamPerson.id == person.id ? .member : nil))
                }
                var expected: Set<String> = []
                if reads(hidden) || reads(open) { expected.insert("Secret go-live") }
                if reads(hidden) || reads(world.projects[.organisation]!) { expected.insert("Between hidden ones") }
                XCTAssertEqual(titles, expected, "[\(database)] \(person.name)")
            }
        }
    }
}
