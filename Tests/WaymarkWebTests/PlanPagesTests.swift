import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// A project's plan through the pages and the API, on both databases: milestones with bad input
/// and stale versions, baselining (an explicit action with a reason, for those who manage the
/// project), slippage against the baseline, comparing a baseline with today's plan, and the
/// portfolio timeline of key milestones, for those who may read the project and nobody else.
final class PlanPagesTests: XCTestCase {
    func testAPlanIsMadeBaselinedSlipsAndIsComparedWithItsBaseline() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.system]!
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let planPath = "/projects/\(project.id.lowercasedText)/plan"
            let empty = try await browser.get(planPath)
            XCTAssertEqual(empty.status, .ok, "[\(database)]")
            XCTAssertTrue(empty.body.contains("No milestones have been planned for this project."), "[\(database)]")
            XCTAssertTrue(empty.body.contains("aria-current=\"page\">Plan<"), "[\(database)]")

            let form = try await browser.get(planPath + "/new")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            var fields: [(String, String)] = [
                ("title", "Pilot goes live"), ("ownerId", world.teamPerson.id.lowercasedText), ("forecastDate", "2026-10-15"),
                ("actualDate", "2026-09-30"), ("status", "complete"), ("stageId", ""), ("key", "true"), ("notes", ""),
            ]
            let refused = try await browser.post(planPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(refused.body.contains("The actual date cannot be in the future"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("value=\"Pilot goes live\""), "[\(database)] the input is kept")
            fields = fields.map { ($0.0, ["actualDate": "", "status": "on-track"][$0.0] ?? $0.1) }
            let created = try await browser.post(planPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body)")
            let milestonePath = try XCTUnwrap(created.location?.split(separator: "?").first.map(String.init))
            let second = try await browser.post(planPath, [("title", "Evaluation reported"), ("forecastDate", "2026-09-01"),
                                                           ("status", "on-track"), ("key", "false")], csrf: form.csrfToken)
            XCTAssertEqual(second.status, .seeOther, "[\(database)] \(second.body)")

            let plan = try await browser.get(planPath)
            XCTAssertTrue(plan.body.contains("The plan has not been baselined"), "[\(database)]")
            XCTAssertTrue(plan.body.contains("<svg"), "[\(database)] the timeline is drawn")
            XCTAssertTrue(plan.body.contains("M2 Evaluation reported (overdue)"), "[\(database)] an overdue milestone says so")
            XCTAssertFalse(plan.body.contains("Baseline the plan"), "[\(database)] a team member does not baseline")
            let forbidden = try await browser.post(planPath + "/baselines", [("reason", "Mine")], csrf: form.csrfToken)
            XCTAssertEqual(forbidden.status, .forbidden, "[\(database)]")

            // The lead organisation's admin baselines it; a reason is required.
            let manager = server.client()
            try await manager.signIn("orgadmin-lead@test.example")
            let managed = try await manager.get(planPath)
            XCTAssertTrue(managed.body.contains("Baseline the plan"), "[\(database)]")
            let noReason = try await manager.post(planPath + "/baselines", [("reason", " ")], csrf: managed.csrfToken)
            XCTAssertEqual(noReason.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(noReason.body.contains("Say why the plan is baselined now"), "[\(database)]")
            let baselined = try await manager.post(planPath + "/baselines", [("reason", "Approved at the project board")],
                                                   csrf: managed.csrfToken)
            XCTAssertEqual(baselined.status, .seeOther, "[\(database)] \(baselined.body)")

            // The baseline moved every milestone's version: the form opened before it is stale.
            let edit = try await browser.get(milestonePath + "/edit")
            let slipped = fields.map { ($0.0, ["forecastDate": "2026-10-29", "status": "at-risk"][$0.0] ?? $0.1) }
            let stale = try await browser.post(milestonePath + "/edit", slipped + [("version", "1")], csrf: edit.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            XCTAssertTrue(stale.body.contains("or the plan was baselined"), "[\(database)]")
            let saved = try await browser.post(milestonePath + "/edit", slipped + [("version", "2")], csrf: edit.csrfToken)
            XCTAssertEqual(saved.status, .seeOther, "[\(database)] \(saved.body)")
            let page = try await browser.get(milestonePath)
            XCTAssertTrue(page.body.contains("15 October 2026"), "[\(database)] the baseline date")
            XCTAssertTrue(page.body.contains("14 days late"), "[\(database)] slippage, derived")

            let compared = try await browser.get(planPath + "?compare=1")
            XCTAssertTrue(compared.body.contains("Baseline 1 against today&#39;s plan") || compared.body.contains("Baseline 1 against today's plan"),
                          "[\(database)]")
            XCTAssertTrue(compared.body.contains("Approved at the project board"), "[\(database)]")
            XCTAssertTrue(compared.body.contains("29 October 2026"), "[\(database)]")

            // The API: the same plan, a stale version refused, baselines listed.
            let api = server.client()
            api.bearer = try await apiToken(server, "orgadmin-lead@test.example")
            let list = try await api.get("/api/v1/projects/\(project.id.lowercasedText)/milestones")
            let items = try XCTUnwrap(list.jsonObject["items"] as? [[String: Any]])
            XCTAssertEqual(items.map { $0["reference"] as? String }, ["M2", "M1"], "[\(database)] by date")
            XCTAssertEqual(items[1]["slippageDays"] as? Int, 14, "[\(database)]")
            XCTAssertEqual(items[0]["overdue"] as? Bool, true, "[\(database)]")
            let id = try XCTUnwrap(items[1]["id"] as? String)
            let bad = try await api.json(.PATCH, "/api/v1/milestones/\(id)", ["status": "complete", "key": "yes", "version": 3])
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let staleAPI = try await api.json(.PATCH, "/api/v1/milestones/\(id)", ["title": "Renamed", "version": 1])
            XCTAssertEqual(staleAPI.status, .conflict, "[\(database)]")
            let done = try await api.json(.PATCH, "/api/v1/milestones/\(id)", ["status": "complete", "actualDate": "2026-09-20"],
                                          headers: ["If-Match": "\"3\""])
            XCTAssertEqual(done.status, .ok, "[\(database)] \(done.body)")
            XCTAssertEqual(done.jsonObject["slippageDays"] as? Int, -25, "[\(database)] early, by the actual date")
            let second2 = try await api.json(.POST, "/api/v1/projects/\(project.id.lowercasedText)/baselines", ["reason": "Rebaselined"])
            XCTAssertEqual(second2.status, .created, "[\(database)] \(second2.body)")
            XCTAssertEqual(second2.jsonObject["number"] as? Int, 2, "[\(database)]")
            let baselines = try await api.get("/api/v1/projects/\(project.id.lowercasedText)/baselines")
            XCTAssertEqual((baselines.jsonObject["items"] as? [[String: Any]])?.compactMap { $0["number"] as? Int }, [2, 1], "[\(database)]")
            let deleted = try await api.request(.DELETE, "/api/v1/milestones/\(id)")
            XCTAssertEqual(deleted.status, .noContent, "[\(database)]")
            let kept = try await api.get("/api/v1/projects/\(project.id.lowercasedText)/baselines")
            let firstBaseline = try XCTUnwrap((kept.jsonObject["items"] as? [[String: Any]])?.last)
            XCTAssertEqual((firstBaseline["milestones"] as? [[String: Any]])?.count, 2, "[\(database)] a baseline keeps what it baselined")
            let events = try await server.app.store.rows("SELECT event FROM audit_events WHERE project_id = \(bind: project.id) ORDER BY sequence",
                                                         reading: { try $0.string("event") })
            XCTAssertEqual(events.filter { $0.hasPrefix("milestone.") || $0.hasPrefix("plan.") },
                           ["milestone.created", "milestone.created", "plan.baselined", "milestone.changed", "milestone.completed",
                            "plan.baselined", "milestone.deleted"], "[\(database)]")
        }
    }

    /// The portfolio timeline lists key milestones due, overdue or slipped in the window, of the
    /// projects the reader may read and the filters select; a team-only project's never reach
    /// anyone else, and its plan is not found.
    func testThePortfolioTimelineListsOnlyWhatEachPersonMayRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            for (visibility, project) in world.projects {
                _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                    title: "Key \(visibility.rawValue)", forecastDate: CalendarDate("2026-10-01")!, status: .onTrack, isKey: true), by: .system)
                _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                    title: "Minor \(visibility.rawValue)", forecastDate: CalendarDate("2026-10-01")!, status: .onTrack), by: .system)
                _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                    title: "Later \(visibility.rawValue)", forecastDate: CalendarDate("2027-03-01")!, status: .onTrack, isKey: true), by: .system)
            }
            let hidden = world.projects[.team]!
            for person in world.people.values {
                let api = server.client()
                api.bearer = try await apiToken(server, person.email)
                let answer = try await api.get("/api/v1/milestone-timeline?window=30")
                XCTAssertEqual(answer.status, .ok, "[\(database)] \(person.name)")
                let titles = Set(((answer.jsonObject["items"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String })
                let expected = Set(world.projects.filter { _, project in
                    AccessPolicy.canRead(person.actor, project.accessFacts(actorTeamRole: world.teamPerson.id == person.id ? .member : nil))
                }.map { "Key \($0.key.rawValue)" })
                XCTAssertEqual(titles, expected, "[\(database)] \(person.name)")
            }
            let admin = server.client()
            admin.bearer = try await apiToken(server, "admin@test.example")
            let ninety = try await admin.get("/api/v1/milestone-timeline?window=90&visibility=team")
            XCTAssertEqual(ninety.jsonObject["total"] as? Int, 1, "[\(database)] filtered like the portfolio")
            let otherOrganisation = try await admin.get("/api/v1/milestone-timeline?organisation=\(world.other.id.lowercasedText)")
            XCTAssertEqual(otherOrganisation.jsonObject["total"] as? Int, 0, "[\(database)]")
            let bad = try await admin.get("/api/v1/milestone-timeline?window=45")
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            // A page at a time, soonest first: every key milestone once across the pages.
            let all = try await admin.get("/api/v1/milestone-timeline?window=30")
            let allTitles = ((all.jsonObject["items"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String }
            var paged: [String] = []
            for number in 1...allTitles.count {
                let one = try await admin.get("/api/v1/milestone-timeline?window=30&per_page=1&page=\(number)")
                XCTAssertEqual(one.jsonObject["total"] as? Int, allTitles.count, "[\(database)]")
                XCTAssertEqual(one.jsonObject["page"] as? Int, number, "[\(database)]")
                paged += ((one.jsonObject["items"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String }
            }
            XCTAssertEqual(paged, allTitles, "[\(database)]")
            let adminPages = server.client()
            try await adminPages.signIn("admin@test.example")
            let second = try await adminPages.get("/timeline?window=30&per_page=2&page=2")
            XCTAssertTrue(second.body.contains("Key milestones 3 to \(min(4, allTitles.count)) of \(allTitles.count)"), "[\(database)]")
            XCTAssertTrue(second.body.contains("Page 2 of \((allTitles.count + 1) / 2)"), "[\(database)]")
            XCTAssertTrue(second.body.contains("rel=\"prev\""), "[\(database)]")

            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            let page = try await outsider.get("/timeline?window=90")
            XCTAssertEqual(page.status, .ok, "[\(database)]")
            XCTAssertTrue(page.body.contains("Key system"), "[\(database)]")
            XCTAssertFalse(page.body.contains("Key team"), "[\(database)]")
            let milestone = try await store.milestones(ofProject: hidden.id)[0]
            for path in ["/projects/\(hidden.id.lowercasedText)/plan", "/projects/\(hidden.id.lowercasedText)/plan/new",
                         "/milestones/\(milestone.id.lowercasedText)", "/milestones/\(milestone.id.lowercasedText)/edit",
                         "/milestones/\(milestone.id.lowercasedText)/delete"] {
                let answer = try await outsider.get(path)
                XCTAssertEqual(answer.status, .notFound, "[\(database)] \(path)")
                XCTAssertFalse(answer.body.contains("Key team"), "[\(database)] \(path)")
            }
            let outsiderAPI = server.client()
            outsiderAPI.bearer = try await apiToken(server, "member-other@test.example")
            for (method, path, body) in [(HTTPMethod.GET, "/api/v1/projects/\(hidden.id.lowercasedText)/milestones", nil),
                                         (.GET, "/api/v1/projects/\(hidden.id.lowercasedText)/baselines", nil),
                                         (.POST, "/api/v1/projects/\(hidden.id.lowercasedText)/baselines", ["reason": "x"]),
                                         (.GET, "/api/v1/milestones/\(milestone.id.lowercasedText)", nil),
                                         (.PATCH, "/api/v1/milestones/\(milestone.id.lowercasedText)", ["title": "x", "version": 1]),
                                         (.DELETE, "/api/v1/milestones/\(milestone.id.lowercasedText)", nil)] as [(HTTPMethod, String, [String: Any]?)] {
                let answer = try await outsiderAPI.json(method, path, body)
                XCTAssertEqual(answer.status, .notFound, "[\(database)] \(method) \(path)")
            }
            // Completing a key milestone takes it off the timeline at once.
            let key = try await store.milestones(ofProject: world.projects[.system]!.id).first { $0.fields.title == "Key system" }!
            var fields = key.fields
            fields.status = .complete
            fields.actualDate = CalendarDate("2026-09-20")
            _ = try await store.updateMilestone(key.id, expectedVersion: key.version, fields: fields, by: .system)
            let after = try await outsider.get("/timeline?window=90")
            XCTAssertFalse(after.body.contains("Key system"), "[\(database)]")
        }
    }
}
