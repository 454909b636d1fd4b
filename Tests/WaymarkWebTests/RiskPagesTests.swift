import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// A project's risk register through the pages and the API, on both databases: recording, bad
/// input, raising a score onto the heat map, stale versions, and who may do what.
final class RiskPagesTests: XCTestCase {
    func testATeamMemberRecordsARiskAndRaisesItOntoTheHeatMap() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.system]!
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let registerPath = "/projects/\(project.id.lowercasedText)/risks"
            let empty = try await browser.get(registerPath)
            XCTAssertEqual(empty.status, .ok, "[\(database)]")
            XCTAssertTrue(empty.body.contains("No risks have been recorded for this project."), "[\(database)]")
            XCTAssertTrue(empty.body.contains("href=\"\(registerPath)/new\""), "[\(database)] a team member may record one")
            XCTAssertTrue(empty.body.contains("aria-current=\"page\">Risks<"), "[\(database)] the section is marked")

            // Bad input: every problem named, nothing recorded.
            let form = try await browser.get(registerPath + "/new")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            var fields: [(String, String)] = [
                ("title", "Agency staff costs exceed budget"), ("cause", "Vacancies"), ("event", "Agency cover"), ("effect", "Overspend"),
                ("categoryId", ""), ("ownerId", world.teamPerson.id.lowercasedText),
                ("inherentLikelihood", "0"), ("inherentConsequence", "6"), ("currentLikelihood", "3"), ("currentConsequence", "4"),
                ("targetLikelihood", "2"), ("targetConsequence", "3"), ("response", "treat"), ("proximity", ""),
                ("reviewDate", ""), ("status", "open"),
            ]
            let refused = try await browser.post(registerPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            for message in ["Select the inherent likelihood, from 1 (rare) to 5 (almost certain)",
                            "Select the inherent consequence, from 1 (negligible) to 5 (catastrophic)",
                            "Enter when the risk will next be reviewed: an open risk needs a review date"] {
                XCTAssertTrue(refused.body.contains(message), "[\(database)] \(message)")
            }
            XCTAssertTrue(refused.body.contains("value=\"Agency staff costs exceed budget\""), "[\(database)] the input is kept")
            let none = try await server.app.store.risks(ofProject: project.id)
            XCTAssertEqual(none.count, 0, "[\(database)]")

            fields = fields.map { name, value in
                switch name {
                case "inherentLikelihood": (name, "4")
                case "inherentConsequence": (name, "4")
                case "reviewDate": (name, "2026-09-01")
                default: (name, value)
                }
            }
            let created = try await browser.post(registerPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body)")
            let riskPath = try XCTUnwrap(created.location?.split(separator: "?").first.map(String.init))
            let page = try await browser.get(riskPath)
            XCTAssertTrue(page.body.contains("R1"), "[\(database)]")
            XCTAssertTrue(page.body.contains("12 (Possible × Major)"), "[\(database)]")
            XCTAssertTrue(page.body.contains(">High<"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Overdue"), "[\(database)] the review date has passed by the test clock")
            XCTAssertTrue(page.body.contains("<desc id=\"score-trend-desc\">Current score 12 (High) from 21 September 2026.</desc>"),
                          "[\(database)] the trend says its one point")

            // The register's heat map counts it in its cell, which links to it.
            let register = try await browser.get(registerPath)
            XCTAssertTrue(register.body.contains("data-likelihood=\"3\" data-consequence=\"4\" data-score=\"12\" data-count=\"1\""), "[\(database)]")
            XCTAssertTrue(register.body.contains("href=\"\(registerPath)?likelihood=3&amp;consequence=4#register\""), "[\(database)]")
            let cell = try await browser.get(registerPath + "?likelihood=3&consequence=4")
            XCTAssertTrue(cell.body.contains("Showing the open risks rated Possible by Major (score 12)."), "[\(database)]")

            // A stale version is refused with the person's input kept; a fresh one raises the score.
            let edit = try await browser.get(riskPath + "/edit")
            XCTAssertEqual(edit.status, .ok, "[\(database)]")
            var raised = fields.map { name, value in
                (name, ["currentLikelihood": "5", "currentConsequence": "5", "reviewDate": "2026-12-01"][name] ?? value)
            }
            raised.append(("version", "7"))
            let stale = try await browser.post(riskPath + "/edit", raised, csrf: edit.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            XCTAssertTrue(stale.body.contains("Someone else saved this risk while you were editing it."), "[\(database)]")
            raised[raised.count - 1] = ("version", "1")
            let categories = try await server.app.store.riskCategories()
            let category = try XCTUnwrap(categories.first { $0.name == "Workforce" })
            let newOwner = world.person("member-lead")
            raised = raised.map { name, value in
                (name, ["ownerId": newOwner.id.lowercasedText, "categoryId": category.id.lowercasedText][name] ?? value)
            }
            let saved = try await browser.post(riskPath + "/edit", raised, csrf: edit.csrfToken)
            XCTAssertEqual(saved.status, .seeOther, "[\(database)] \(saved.body)")
            // The project's history names the owners and the category, not their ids.
            let projectHistory = try await browser.get("/projects/\(project.id.lowercasedText)/history")
            XCTAssertTrue(projectHistory.body.contains("<strong>Owner: </strong>from “\(world.teamPerson.name)” to “\(newOwner.name)”"),
                          "[\(database)]")
            XCTAssertTrue(projectHistory.body.contains("Workforce"), "[\(database)]")
            for id in [newOwner.id, world.teamPerson.id, category.id] {
                XCTAssertFalse(projectHistory.body.lowercased().contains(id.lowercasedText), "[\(database)] no id is shown")
            }
            let after = try await browser.get(registerPath)
            XCTAssertTrue(after.body.contains("data-likelihood=\"5\" data-consequence=\"5\" data-score=\"25\" data-count=\"1\""), "[\(database)]")
            XCTAssertTrue(after.body.contains("Escalation candidate"), "[\(database)]")
            XCTAssertTrue(after.body.contains(">Extreme<"), "[\(database)]")

            // A team member changes risks but does not delete them.
            let delete = try await browser.get(riskPath + "/delete")
            XCTAssertEqual(delete.status, .forbidden, "[\(database)]")

            // The API says the same, and deletes for those who manage the project.
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let list = try await api.get("/api/v1" + registerPath).jsonObject
            let item = try XCTUnwrap((list["items"] as? [[String: Any]])?.first)
            XCTAssertEqual(item["reference"] as? String, "R1", "[\(database)]")
            XCTAssertEqual(item["currentScore"] as? Int, 25, "[\(database)]")
            XCTAssertEqual(item["currentBand"] as? String, "Extreme", "[\(database)]")
            XCTAssertEqual(item["inherentBand"] as? String, "Extreme", "[\(database)]")
            XCTAssertEqual(item["escalationCandidate"] as? Bool, true, "[\(database)]")
            XCTAssertEqual(item["reviewOverdue"] as? Bool, false, "[\(database)]")
            let id = try XCTUnwrap(item["id"] as? String)
            let bad = try await api.json(.PATCH, "/api/v1/risks/\(id)", ["currentLikelihood": 6, "targetConsequence": 0, "version": 2])
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let badFields = ((bad.jsonObject["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
            XCTAssertEqual(Set(badFields), ["currentLikelihood", "targetConsequence"], "[\(database)]")
            let staleAPI = try await api.json(.PATCH, "/api/v1/risks/\(id)", ["status": "closed", "version": 1])
            XCTAssertEqual(staleAPI.status, .conflict, "[\(database)]")
            let closed = try await api.json(.PATCH, "/api/v1/risks/\(id)", ["status": "closed"], headers: ["If-Match": "\"2\""])
            XCTAssertEqual(closed.status, .ok, "[\(database)] \(closed.body)")
            XCTAssertEqual(closed.jsonObject["status"] as? String, "closed", "[\(database)]")
            XCTAssertEqual(closed.jsonObject["escalationCandidate"] as? Bool, false, "[\(database)] a closed risk is no candidate")
            let history = try await server.app.store.riskScoreHistory(UUID(uuidString: id)!)
            XCTAssertEqual(history.map(\.rating.score), [12, 25], "[\(database)]")
            let deleted = try await api.request(.DELETE, "/api/v1/risks/\(id)")
            XCTAssertEqual(deleted.status, .noContent, "[\(database)]")
            let gone = try await api.get("/api/v1/risks/\(id)")
            XCTAssertEqual(gone.status, .notFound, "[\(database)]")
        }
    }

    /// A team-only project's risks are not found by anyone who may not read the project, on any
    /// page or route; a viewer reads a register but records nothing.
    func testRisksOfAProjectAPersonMayNotReadAreNotFoundAnywhere() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let hidden = world.projects[.team]!
            let rating = RiskRating(likelihood: .likely, consequence: .major)
            let risk = try await store.createRisk(projectID: hidden.id, fields: RiskFields(
                title: "Hidden risk", ownerID: world.teamPerson.id, inherent: rating, current: rating, target: rating,
                reviewDate: CalendarDate("2027-01-01")), settings: try await store.riskSettings(), by: .system)
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            let project = hidden.id.lowercasedText, id = risk.id.lowercasedText
            for path in ["/projects/\(project)/risks", "/projects/\(project)/risks/new", "/risks/\(id)", "/risks/\(id)/edit",
                         "/risks/\(id)/delete"] {
                let answer = try await outsider.get(path)
                XCTAssertEqual(answer.status, .notFound, "[\(database)] \(path)")
                XCTAssertFalse(answer.body.contains("Hidden risk"), "[\(database)] \(path)")
            }
            let api = server.client()
            api.bearer = try await apiToken(server, "member-other@test.example")
            for (method, path, body) in [(HTTPMethod.GET, "/api/v1/projects/\(project)/risks", nil),
                                         (.POST, "/api/v1/projects/\(project)/risks", ["title": "x"]),
                                         (.GET, "/api/v1/risks/\(id)", nil),
                                         (.PATCH, "/api/v1/risks/\(id)", ["title": "Renamed", "version": 1]),
                                         (.DELETE, "/api/v1/risks/\(id)", nil)] as [(HTTPMethod, String, [String: Any]?)] {
                let answer = try await api.json(method, path, body)
                XCTAssertEqual(answer.status, .notFound, "[\(database)] \(method) \(path)")
                XCTAssertFalse(answer.body.contains("Hidden risk"), "[\(database)] \(method) \(path)")
            }
            let unchanged = try await store.risk(risk.id)
            XCTAssertEqual(unchanged?.fields.title, "Hidden risk", "[\(database)]")

            // A viewer of the lead organisation reads an open project's register, and records nothing.
            let viewer = server.client()
            try await viewer.signIn("viewer-lead@test.example")
            let open = world.projects[.system]!.id.lowercasedText
            let register = try await viewer.get("/projects/\(open)/risks")
            XCTAssertEqual(register.status, .ok, "[\(database)]")
            XCTAssertFalse(register.body.contains("Record a risk"), "[\(database)]")
            let new = try await viewer.get("/projects/\(open)/risks/new")
            XCTAssertEqual(new.status, .forbidden, "[\(database)]")
            let viewerAPI = server.client()
            viewerAPI.bearer = try await apiToken(server, "viewer-lead@test.example")
            let refused = try await viewerAPI.json(.POST, "/api/v1/projects/\(open)/risks", ["title": "Not mine to record"])
            XCTAssertEqual(refused.status, .forbidden, "[\(database)]")
            let count = try await store.risks(ofProject: world.projects[.system]!.id).count
            XCTAssertEqual(count, 0, "[\(database)]")
        }
    }

    /// A team member escalates a risk to the system register through the form; the portfolio
    /// office finds it there and de-escalates it through the API; someone who may not read the
    /// project never sees it on a register.
    func testAnEscalatedRiskReachesTheSystemRegisterAndOnlyItsReaders() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let hidden = world.projects[.team]!
            let rating = RiskRating(likelihood: .possible, consequence: .catastrophic)
            let risk = try await store.createRisk(projectID: hidden.id, fields: RiskFields(
                title: "Discharge delays threaten winter plan", ownerID: world.teamPerson.id, inherent: rating, current: rating,
                target: rating, reviewDate: CalendarDate("2027-01-01")), settings: try await store.riskSettings(), by: .system)
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let riskPath = "/risks/\(risk.id.lowercasedText)"
            let page = try await browser.get(riskPath)
            XCTAssertTrue(page.body.contains("has reached the escalation threshold (15)"), "[\(database)]")
            // Bad input: the register it is already on, and no reason.
            let same = try await browser.post(riskPath + "/escalation", [("level", "project"), ("reason", " "), ("version", "1")],
                                              csrf: page.csrfToken)
            XCTAssertEqual(same.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(same.body.contains("The risk is already on the project: select another register"), "[\(database)]")
            XCTAssertTrue(same.body.contains("Say why the risk moves to this register"), "[\(database)]")
            let moved = try await browser.post(riskPath + "/escalation",
                                               [("level", "system"), ("reason", "Beds across the system"), ("version", "1")], csrf: page.csrfToken)
            XCTAssertEqual(moved.status, .seeOther, "[\(database)] \(moved.body)")
            let stale = try await browser.post(riskPath + "/escalation",
                                               [("level", "organisation"), ("reason", "Back to the trust"), ("version", "1")], csrf: page.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")

            // On the system register, for those who may read the project.
            let office = server.client()
            try await office.signIn("teammate@test.example")
            let register = try await office.get("/risk-registers/system")
            XCTAssertEqual(register.status, .ok, "[\(database)]")
            XCTAssertTrue(register.body.contains("R1 Discharge delays threaten winter plan"), "[\(database)]")
            XCTAssertTrue(register.body.contains("Beds across the system"), "[\(database)]")
            XCTAssertTrue(register.body.contains("data-likelihood=\"3\" data-consequence=\"5\" data-score=\"15\" data-count=\"1\""), "[\(database)]")
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            for path in ["/risk-registers/system", "/risk-registers/organisations/\(world.lead.id.lowercasedText)",
                         "/risk-registers/system?status=all&likelihood=3&consequence=5"] {
                let answer = try await outsider.get(path)
                XCTAssertEqual(answer.status, .ok, "[\(database)] \(path)")
                XCTAssertFalse(answer.body.contains("Discharge delays"), "[\(database)] \(path)")
                XCTAssertTrue(answer.body.contains("data-score=\"15\" data-count=\"0\""), "[\(database)] not counted either")
            }
            let outsiderAPI = server.client()
            outsiderAPI.bearer = try await apiToken(server, "member-other@test.example")
            let listed = try await outsiderAPI.get("/api/v1/risk-registers/system")
            XCTAssertEqual(listed.jsonObject["total"] as? Int, 0, "[\(database)]")

            // The administrator reads it through the API and moves it down to the lead organisation's register.
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let system = try await api.get("/api/v1/risk-registers/system?sort=review")
            let item = try XCTUnwrap((system.jsonObject["items"] as? [[String: Any]])?.first)
            XCTAssertEqual((item["project"] as? [String: Any])?["code"] as? String, hidden.code, "[\(database)]")
            XCTAssertEqual(item["escalationReason"] as? String, "Beds across the system", "[\(database)]")
            let bad = try await api.get("/api/v1/risk-registers/system?band=Purple&likelihood=9")
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let down = try await api.json(.POST, "/api/v1/risks/\(risk.id.lowercasedText)/escalation",
                                          ["level": "organisation", "reason": "The trust's board holds it", "version": 2])
            XCTAssertEqual(down.status, .ok, "[\(database)] \(down.body)")
            XCTAssertEqual(down.jsonObject["escalation"] as? String, "organisation", "[\(database)]")
            let lead = try await api.get("/api/v1/risk-registers/organisations/\(world.lead.id.lowercasedText)")
            XCTAssertEqual(lead.jsonObject["total"] as? Int, 1, "[\(database)]")
            let emptied = try await api.get("/api/v1/risk-registers/system")
            XCTAssertEqual(emptied.jsonObject["total"] as? Int, 0, "[\(database)]")
            let events = try await store.rows("SELECT event FROM audit_events WHERE entity_id = \(bind: risk.id) ORDER BY sequence",
                                              reading: { try $0.string("event") })
            XCTAssertEqual(events, ["risk.created", "risk.escalated", "risk.de-escalated"], "[\(database)]")
        }
    }
}
