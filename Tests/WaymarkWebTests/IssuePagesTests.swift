import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// A project's issue log through the pages and the API, on both databases: logging with bad
/// input, stale versions, escalation, a risk that materialises into an issue in one step, and
/// who may see and do what.
final class IssuePagesTests: XCTestCase {
    func testATeamMemberLogsAnIssueAndResolvesIt() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.system]!
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let logPath = "/projects/\(project.id.lowercasedText)/issues"
            let empty = try await browser.get(logPath)
            XCTAssertEqual(empty.status, .ok, "[\(database)]")
            XCTAssertTrue(empty.body.contains("No issues have been logged for this project."), "[\(database)]")
            XCTAssertTrue(empty.body.contains("aria-current=\"page\">Issues<"), "[\(database)] the section is marked")

            // Bad input: every problem named, the input kept, nothing logged.
            let form = try await browser.get(logPath + "/new")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            XCTAssertTrue(form.body.contains("name=\"raisedOn-day\" type=\"text\" inputmode=\"numeric\" value=\"21\"")
                          && form.body.contains("name=\"raisedOn-year\" type=\"text\" inputmode=\"numeric\" value=\"2026\""),
                          "[\(database)] raised today by default, in the day, month and year boxes")
            var fields: [(String, String)] = [
                ("title", "Referral form rejected"), ("description", "Referrals bounce back"), ("priority", "urgent"),
                ("ownerId", ""), ("raisedOn", "2026-09-10"), ("targetDate", "2026-09-01"), ("status", "resolved"), ("resolution", ""),
            ]
            let refused = try await browser.post(logPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            for message in ["Select a priority: critical, high, medium or low",
                            "The target resolution date must be on or after the date raised",
                            "Say how the issue was resolved: a resolved issue needs a resolution"] {
                XCTAssertTrue(refused.body.contains(message), "[\(database)] \(message)")
            }
            XCTAssertTrue(refused.body.contains("value=\"Referral form rejected\""), "[\(database)] the input is kept")
            let future = try await browser.post(logPath, fields.map { ($0.0, ["raisedOn": "2026-10-01", "priority": "high"][$0.0] ?? $0.1) },
                                                csrf: form.csrfToken)
            XCTAssertTrue(future.body.contains("The date raised cannot be in the future"), "[\(database)]")
            let none = try await server.app.store.issues(ofProject: project.id)
            XCTAssertEqual(none.count, 0, "[\(database)]")

            fields = fields.map { name, value in
                (name, ["priority": "high", "targetDate": "2026-09-15", "status": "open",
                        "ownerId": world.teamPerson.id.lowercasedText][name] ?? value)
            }
            let created = try await browser.post(logPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body)")
            let issuePath = try XCTUnwrap(created.location?.split(separator: "?").first.map(String.init))
            let page = try await browser.get(issuePath)
            XCTAssertTrue(page.body.contains("I1"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Overdue"), "[\(database)] its target date has passed by the test clock")
            XCTAssertTrue(page.body.contains("Logged directly, not from a risk"), "[\(database)]")
            let log = try await browser.get(logPath)
            XCTAssertTrue(log.body.contains("I1 Referral form rejected"), "[\(database)]")
            XCTAssertTrue(log.body.contains("1 issue, 1 open or in progress"), "[\(database)]")

            // A stale version is refused with the input kept; resolving needs a resolution.
            let edit = try await browser.get(issuePath + "/edit")
            var resolved = fields.map { name, value in
                (name, ["status": "resolved", "resolution": "The trust fixed the interface"][name] ?? value)
            }
            resolved.append(("version", "4"))
            let stale = try await browser.post(issuePath + "/edit", resolved, csrf: edit.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            XCTAssertTrue(stale.body.contains("Someone else saved this issue while you were editing it."), "[\(database)]")
            XCTAssertTrue(stale.body.contains("The trust fixed the interface"), "[\(database)] the input is kept")
            resolved[resolved.count - 1] = ("version", "1")
            let saved = try await browser.post(issuePath + "/edit", resolved, csrf: edit.csrfToken)
            XCTAssertEqual(saved.status, .seeOther, "[\(database)] \(saved.body)")
            let after = try await browser.get(issuePath)
            XCTAssertFalse(after.body.contains("Overdue"), "[\(database)] a resolved issue is not overdue")
            XCTAssertTrue(after.body.contains("The trust fixed the interface"), "[\(database)]")

            // A team member changes issues but does not delete them; the API says the same.
            let delete = try await browser.get(issuePath + "/delete")
            XCTAssertEqual(delete.status, .forbidden, "[\(database)]")
            let id = String(issuePath.split(separator: "/").last!)
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let got = try await api.get("/api/v1/issues/\(id)")
            XCTAssertEqual(got.jsonObject["status"] as? String, "resolved", "[\(database)]")
            XCTAssertEqual(got.jsonObject["overdue"] as? Bool, false, "[\(database)]")
            XCTAssertEqual(got.jsonObject["priority"] as? String, "high", "[\(database)]")
            let bad = try await api.json(.PATCH, "/api/v1/issues/\(id)", ["priority": "soon", "targetDate": "2026-09-01", "version": 2])
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let badFields = ((bad.jsonObject["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
            XCTAssertEqual(Set(badFields), ["priority", "targetDate"], "[\(database)]")
            let staleAPI = try await api.json(.PATCH, "/api/v1/issues/\(id)", ["status": "closed", "version": 1])
            XCTAssertEqual(staleAPI.status, .conflict, "[\(database)]")
            let closed = try await api.json(.PATCH, "/api/v1/issues/\(id)", ["status": "closed"], headers: ["If-Match": "\"2\""])
            XCTAssertEqual(closed.status, .ok, "[\(database)] \(closed.body)")
            XCTAssertEqual(closed.jsonObject["version"] as? Int, 3, "[\(database)]")
            let createdAPI = try await api.json(.POST, "/api/v1/projects/\(project.id.lowercasedText)/issues",
                                                ["title": "Supplier delay", "ownerId": world.teamPerson.id.lowercasedText,
                                                 "priority": "low", "targetDate": "2026-12-01", "description": "", "resolution": ""])
            XCTAssertEqual(createdAPI.status, .created, "[\(database)] empty text is text the document allows: \(createdAPI.body)")
            XCTAssertEqual(createdAPI.jsonObject["reference"] as? String, "I2", "[\(database)]")
            XCTAssertEqual(createdAPI.jsonObject["raisedOn"] as? String, "2026-09-21", "[\(database)] raised today when not said")
            let unknownOwner = try await api.json(.POST, "/api/v1/projects/\(project.id.lowercasedText)/issues",
                                                  ["title": "No such owner", "ownerId": UUID().uuidString])
            XCTAssertEqual(unknownOwner.status, .unprocessableEntity, "[\(database)]")
            let nullText = try await api.json(.POST, "/api/v1/projects/\(project.id.lowercasedText)/issues",
                                              ["title": "Null text", "description": NSNull(), "targetDate": NSNull()])
            XCTAssertEqual(nullText.status, .unprocessableEntity, "[\(database)] the document says description is never null")
            XCTAssertEqual(((nullText.jsonObject["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String },
                           ["description"], "[\(database)] while a null target date is none")
            let deleted = try await api.request(.DELETE, "/api/v1/issues/\(id)")
            XCTAssertEqual(deleted.status, .noContent, "[\(database)]")
            let gone = try await api.get("/api/v1/issues/\(id)")
            XCTAssertEqual(gone.status, .notFound, "[\(database)]")
            let events = try await server.app.store.rows("SELECT event FROM audit_events WHERE entity_id = \(bind: UUID(uuidString: id)!) ORDER BY sequence",
                                                         reading: { try $0.string("event") })
            XCTAssertEqual(events, ["issue.created", "issue.resolved", "issue.changed", "issue.deleted"], "[\(database)]")
        }
    }

    /// A risk that happens becomes an issue in one step from its page: the risk closes as
    /// materialised, the issue starts on the risk's register with its owner and a priority from its
    /// band, and each links to the other. Through the API a stale version or a closed risk is refused.
    func testAMaterialisedRiskBecomesAnIssueInOneStep() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let rating = RiskRating(likelihood: .likely, consequence: .catastrophic)
            var risk = try await store.createRisk(projectID: project.id, fields: RiskFields(
                title: "Interface fails at go-live", event: "Referrals cannot be sent", effect: "Patients wait",
                ownerID: world.teamPerson.id, inherent: rating, current: rating, target: rating, reviewDate: CalendarDate("2027-01-01")),
                settings: try await store.riskSettings(), by: .system)
            risk = try await store.escalateRisk(risk.id, expectedVersion: 1, to: RiskEscalation(level: .system, reason: "Every partner"),
                                                by: .system)
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let riskPath = "/risks/\(risk.id.lowercasedText)"
            let page = try await browser.get(riskPath)
            XCTAssertTrue(page.body.contains("Record that it happened and log an issue"), "[\(database)]")
            let stale = try await browser.post(riskPath + "/materialise", [("version", "1")], csrf: page.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            XCTAssertTrue(stale.body.contains("Someone changed the risk since you opened this page"), "[\(database)]")
            let done = try await browser.post(riskPath + "/materialise", [("version", "2")], csrf: page.csrfToken)
            XCTAssertEqual(done.status, .seeOther, "[\(database)] \(done.body)")
            let issuePath = try XCTUnwrap(done.location?.split(separator: "?").first.map(String.init))
            let issuePage = try await browser.get(done.location!)
            XCTAssertTrue(issuePage.body.contains("The risk was closed as materialised and this issue was logged from it."), "[\(database)]")
            XCTAssertTrue(issuePage.body.contains("Risk R1 Interface fails at go-live"), "[\(database)] the issue names the risk")
            XCTAssertTrue(issuePage.body.contains("Every partner"), "[\(database)] on the risk's register, for the same reason")
            let issues = try await store.issues(ofProject: project.id)
            let issue = try XCTUnwrap(issues.first)
            XCTAssertEqual(issues.count, 1, "[\(database)]")
            XCTAssertEqual(issue.fields.priority, .critical, "[\(database)] an extreme risk is a critical issue")
            XCTAssertEqual(issue.fields.ownerID, world.teamPerson.id, "[\(database)]")
            XCTAssertEqual(issue.fields.escalation, .system, "[\(database)]")
            XCTAssertEqual(issue.fields.description, "Referrals cannot be sent\n\nPatients wait", "[\(database)]")
            XCTAssertEqual(issue.riskID, risk.id, "[\(database)]")
            XCTAssertEqual(issuePath, "/issues/\(issue.id.lowercasedText)", "[\(database)]")
            let closedRisk = try await browser.get(riskPath)
            XCTAssertTrue(closedRisk.body.contains("issue I1 Interface fails at go-live"), "[\(database)] the risk names its issue")
            XCTAssertFalse(closedRisk.body.contains("Record that it happened"), "[\(database)] it cannot happen twice")
            let stored = try await store.risk(risk.id)
            XCTAssertEqual(stored?.fields.status, .materialised, "[\(database)]")

            // Through the API: a materialised risk does not materialise again; an open one does.
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let again = try await api.json(.POST, "/api/v1/risks/\(risk.id.lowercasedText)/materialisation", ["version": 3])
            XCTAssertEqual(again.status, .unprocessableEntity, "[\(database)] \(again.body)")
            let other = try await store.createRisk(projectID: project.id, fields: RiskFields(
                title: "Minor delay", ownerID: world.teamPerson.id, inherent: RiskRating(likelihood: .rare, consequence: .minor),
                current: RiskRating(likelihood: .rare, consequence: .minor), target: RiskRating(likelihood: .rare, consequence: .minor),
                reviewDate: CalendarDate("2027-01-01")), settings: try await store.riskSettings(), by: .system)
            let staleAPI = try await api.json(.POST, "/api/v1/risks/\(other.id.lowercasedText)/materialisation", ["version": 5])
            XCTAssertEqual(staleAPI.status, .conflict, "[\(database)]")
            let made = try await api.json(.POST, "/api/v1/risks/\(other.id.lowercasedText)/materialisation", [:],
                                          headers: ["If-Match": "\"1\""])
            XCTAssertEqual(made.status, .created, "[\(database)] \(made.body)")
            let madeRisk = try XCTUnwrap(made.jsonObject["risk"] as? [String: Any])
            let madeIssue = try XCTUnwrap(made.jsonObject["issue"] as? [String: Any])
            XCTAssertEqual(madeRisk["status"] as? String, "materialised", "[\(database)]")
            XCTAssertEqual(madeIssue["riskId"] as? String, other.id.lowercasedText, "[\(database)]")
            XCTAssertEqual(madeIssue["priority"] as? String, "low", "[\(database)] a low risk is a low-priority issue")
            XCTAssertEqual(madeIssue["reference"] as? String, "I2", "[\(database)]")
            let events = try await store.rows("SELECT event FROM audit_events WHERE entity_id = \(bind: risk.id) ORDER BY sequence",
                                              reading: { try $0.string("event") })
            XCTAssertEqual(events, ["risk.created", "risk.escalated", "risk.materialised"], "[\(database)]")
        }
    }

    /// A team-only project's issues are not found by anyone who may not read the project, on any
    /// page or route; a viewer reads a log but logs nothing.
    func testIssuesOfAProjectAPersonMayNotReadAreNotFoundAnywhere() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let hidden = world.projects[.team]!
            let issue = try await store.createIssue(projectID: hidden.id, fields: IssueFields(
                title: "Hidden issue", ownerID: world.teamPerson.id, raisedOn: CalendarDate("2026-09-01")!), by: .system)
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            let project = hidden.id.lowercasedText, id = issue.id.lowercasedText
            for path in ["/projects/\(project)/issues", "/projects/\(project)/issues/new", "/issues/\(id)", "/issues/\(id)/edit",
                         "/issues/\(id)/delete"] {
                let answer = try await outsider.get(path)
                XCTAssertEqual(answer.status, .notFound, "[\(database)] \(path)")
                XCTAssertFalse(answer.body.contains("Hidden issue"), "[\(database)] \(path)")
            }
            let api = server.client()
            api.bearer = try await apiToken(server, "member-other@test.example")
            for (method, path, body) in [(HTTPMethod.GET, "/api/v1/projects/\(project)/issues", nil),
                                         (.POST, "/api/v1/projects/\(project)/issues", ["title": "x"]),
                                         (.GET, "/api/v1/issues/\(id)", nil),
                                         (.PATCH, "/api/v1/issues/\(id)", ["title": "Renamed", "version": 1]),
                                         (.POST, "/api/v1/issues/\(id)/escalation", ["level": "system", "reason": "x", "version": 1]),
                                         (.DELETE, "/api/v1/issues/\(id)", nil)] as [(HTTPMethod, String, [String: Any]?)] {
                let answer = try await api.json(method, path, body)
                XCTAssertEqual(answer.status, .notFound, "[\(database)] \(method) \(path)")
                XCTAssertFalse(answer.body.contains("Hidden issue"), "[\(database)] \(method) \(path)")
            }
            let unchanged = try await store.issue(issue.id)
            XCTAssertEqual(unchanged, issue, "[\(database)]")

            let viewer = server.client()
            try await viewer.signIn("viewer-lead@test.example")
            let open = world.projects[.system]!.id.lowercasedText
            let log = try await viewer.get("/projects/\(open)/issues")
            XCTAssertEqual(log.status, .ok, "[\(database)]")
            XCTAssertFalse(log.body.contains("Log an issue"), "[\(database)]")
            let new = try await viewer.get("/projects/\(open)/issues/new")
            XCTAssertEqual(new.status, .forbidden, "[\(database)]")
        }
    }

    /// A team member escalates an issue to the system register through the form; it is listed on
    /// the register page and in the API for those who may read its project, and for nobody else;
    /// de-escalated through the API, it leaves the register at once.
    func testAnEscalatedIssueReachesTheSystemRegisterAndOnlyItsReaders() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let hidden = world.projects[.team]!
            let issue = try await store.createIssue(projectID: hidden.id, fields: IssueFields(
                title: "Discharge lounge closed", priority: .critical, ownerID: world.teamPerson.id,
                raisedOn: CalendarDate("2026-09-01")!, targetDate: CalendarDate("2026-09-14")!), by: .system)
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let issuePath = "/issues/\(issue.id.lowercasedText)"
            let page = try await browser.get(issuePath)
            let same = try await browser.post(issuePath + "/escalation", [("level", "project"), ("reason", ""), ("version", "1")],
                                              csrf: page.csrfToken)
            XCTAssertEqual(same.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(same.body.contains("The issue is already on the project: select another register"), "[\(database)]")
            XCTAssertTrue(same.body.contains("Say why the issue moves to this register"), "[\(database)]")
            let moved = try await browser.post(issuePath + "/escalation", [("level", "system"), ("reason", "Flow across the system"), ("version", "1")],
                                               csrf: page.csrfToken)
            XCTAssertEqual(moved.status, .seeOther, "[\(database)] \(moved.body)")

            let register = try await browser.get("/risk-registers/system")
            XCTAssertTrue(register.body.contains("I1 Discharge lounge closed"), "[\(database)]")
            XCTAssertTrue(register.body.contains("Flow across the system"), "[\(database)]")
            XCTAssertTrue(register.body.contains("1 open or in-progress issue, most urgent first"), "[\(database)]")
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            for path in ["/risk-registers/system", "/risk-registers/organisations/\(world.lead.id.lowercasedText)"] {
                let answer = try await outsider.get(path)
                XCTAssertEqual(answer.status, .ok, "[\(database)] \(path)")
                XCTAssertFalse(answer.body.contains("Discharge lounge"), "[\(database)] \(path)")
                XCTAssertTrue(answer.body.contains("No open issues have been escalated here."), "[\(database)] \(path)")
            }
            let outsiderAPI = server.client()
            outsiderAPI.bearer = try await apiToken(server, "member-other@test.example")
            let hiddenList = try await outsiderAPI.get("/api/v1/issue-registers/system?status=all")
            XCTAssertEqual(hiddenList.jsonObject["total"] as? Int, 0, "[\(database)]")

            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let system = try await api.get("/api/v1/issue-registers/system?priority=critical&sort=target")
            let item = try XCTUnwrap((system.jsonObject["items"] as? [[String: Any]])?.first)
            XCTAssertEqual((item["project"] as? [String: Any])?["code"] as? String, hidden.code, "[\(database)]")
            XCTAssertEqual(item["overdue"] as? Bool, true, "[\(database)]")
            let filtered = try await api.get("/api/v1/issue-registers/system?priority=low")
            XCTAssertEqual(filtered.jsonObject["total"] as? Int, 0, "[\(database)]")
            let bad = try await api.get("/api/v1/issue-registers/system?status=done&sort=")
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let badFields = ((bad.jsonObject["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
            XCTAssertEqual(Set(badFields), ["status", "sort"], "[\(database)]")
            let down = try await api.json(.POST, "/api/v1/issues/\(issue.id.lowercasedText)/escalation",
                                          ["level": "organisation", "reason": "The trust holds it", "version": 2])
            XCTAssertEqual(down.status, .ok, "[\(database)] \(down.body)")
            let lead = try await api.get("/api/v1/issue-registers/organisations/\(world.lead.id.lowercasedText)")
            XCTAssertEqual(lead.jsonObject["total"] as? Int, 1, "[\(database)]")
            let emptied = try await api.get("/api/v1/issue-registers/system")
            XCTAssertEqual(emptied.jsonObject["total"] as? Int, 0, "[\(database)]")
            let unknown = try await api.get("/api/v1/issue-registers/organisations/\(UUID().uuidString)")
            XCTAssertEqual(unknown.status, .notFound, "[\(database)]")
            let events = try await store.rows("SELECT event FROM audit_events WHERE entity_id = \(bind: issue.id) ORDER BY sequence",
                                              reading: { try $0.string("event") })
            XCTAssertEqual(events, ["issue.created", "issue.escalated", "issue.de-escalated"], "[\(database)]")
        }
    }
}
