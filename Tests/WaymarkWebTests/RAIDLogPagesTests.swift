import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Assumptions, the actions log they share with risks, issues and dependencies, and "my work",
/// through the pages and the API on both databases: bad input refused with nothing saved, stale
/// versions, actions on an item's page, deleting an item taking its actions, and nobody's work
/// naming a project they may not read.
final class RAIDLogPagesTests: XCTestCase {
    func testATeamRecordsAnAssumptionAndAnActionToValidateIt() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let logPath = "/projects/\(project.id.lowercasedText)/assumptions"
            let empty = try await browser.get(logPath)
            XCTAssertEqual(empty.status, .ok, "[\(database)]")
            XCTAssertTrue(empty.body.contains("This project has recorded no assumptions."), "[\(database)]")
            XCTAssertTrue(empty.body.contains("aria-current=\"page\">Assumptions<"), "[\(database)]")

            let form = try await browser.get(logPath + "/new")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            var fields = [("statement", ""), ("impactIfWrong", ""), ("ownerId", UUID().uuidString), ("validateBy", "2026-02-30"),
                          ("status", "confirmed"), ("validatedOn", "")]
            let refused = try await browser.post(logPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            for message in ["Enter the assumption", "Select an owner from the people listed", "Date to validate by must be a real date",
                            "Enter the date the assumption was confirmed"] {
                XCTAssertTrue(refused.body.contains(message), "[\(database)] \(message)")
            }
            XCTAssertTrue(refused.body.contains("wm-error-summary"), "[\(database)]")
            let none = try await store.assumptions(ofProject: project.id)
            XCTAssertEqual(none.count, 0, "[\(database)] nothing saved")

            fields = [("statement", "GP practices release staff for the rota"), ("impactIfWrong", "The hub opens short-staffed"),
                      ("ownerId", world.teamPerson.id.lowercasedText), ("validateBy", "2026-09-01"), ("status", "unvalidated"),
                      ("validatedOn", "")]
            let created = try await browser.post(logPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body)")
            let path = try XCTUnwrap(created.location?.split(separator: "?").first.map(String.init))
            let page = try await browser.get(path)
            XCTAssertTrue(page.body.contains("A1"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Overdue"), "[\(database)] to be validated before the test clock's today")
            XCTAssertTrue(page.body.contains("No actions are recorded for this assumption."), "[\(database)]")
            let assumptionID = String(path.split(separator: "/").last!)

            // An action for it, from its page's link: the form chooses the assumption.
            let newAction = try await browser.get("/projects/\(project.id.lowercasedText)/actions/new?item=\(assumptionID)")
            XCTAssertTrue(newAction.body.contains("<option value=\"\(assumptionID)\" selected>A1 GP practices release staff for the rota</option>"),
                          "[\(database)] \(newAction.body)")
            let actionFields = [("title", "Ask the LMC"), ("itemId", assumptionID), ("ownerId", world.teamPerson.id.lowercasedText),
                                ("dueDate", "2026-09-25"), ("doneOn", ""), ("notes", "")]
            let badAction = try await browser.post("/projects/\(project.id.lowercasedText)/actions",
                                                   actionFields.map { ($0.0, $0.0 == "doneOn" ? "2027-01-01" : $0.1) }, csrf: newAction.csrfToken)
            XCTAssertEqual(badAction.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badAction.body.contains("The date done cannot be in the future"), "[\(database)]")
            let action = try await browser.post("/projects/\(project.id.lowercasedText)/actions", actionFields, csrf: newAction.csrfToken)
            XCTAssertEqual(action.status, .seeOther, "[\(database)] \(action.body)")
            let actionPath = try XCTUnwrap(action.location?.split(separator: "?").first.map(String.init))
            let actionPage = try await browser.get(actionPath)
            XCTAssertTrue(actionPage.body.contains("AC1"), "[\(database)]")
            XCTAssertTrue(actionPage.body.contains("A1 GP practices release staff for the rota"), "[\(database)]")
            let withAction = try await browser.get(path)
            XCTAssertTrue(withAction.body.contains("AC1 Ask the LMC"), "[\(database)]")
            let actionLog = try await browser.get("/projects/\(project.id.lowercasedText)/actions")
            XCTAssertTrue(actionLog.body.contains("1 to do, soonest due first"), "[\(database)]")

            // The project's overview flags them.
            let overview = try await browser.get("/projects/\(project.id.lowercasedText)")
            XCTAssertTrue(overview.body.contains("assumptions\">1 to validate</a> <strong class=\"wm-tag wm-tag--red\">1 overdue</strong>"),
                          "[\(database)] \(overview.body)")
            XCTAssertTrue(overview.body.contains("actions\">1 to do</a></dd>"), "[\(database)] not overdue, not flagged")

            // My work: the overdue assumption and the action due within the week.
            let work = try await browser.get("/my-work?window=7")
            XCTAssertEqual(work.status, .ok, "[\(database)]")
            XCTAssertTrue(work.body.contains("1 overdue, the longest overdue first"), "[\(database)] \(work.body)")
            XCTAssertTrue(work.body.contains("Validate assumption"), "[\(database)]")
            XCTAssertTrue(work.body.contains("1 due, soonest first"), "[\(database)]")
            XCTAssertTrue(work.body.contains("AC1 Ask the LMC"), "[\(database)]")

            // The API: the same records, stale versions refused, null clearing what may be cleared.
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let got = try await api.get("/api/v1/assumptions/\(assumptionID)")
            XCTAssertEqual(got.jsonObject["reference"] as? String, "A1", "[\(database)]")
            XCTAssertEqual(got.jsonObject["overdue"] as? Bool, true, "[\(database)]")
            XCTAssertNil(got.jsonObject["validatedOn"], "[\(database)] none is left out")
            let stale = try await api.json(.PATCH, "/api/v1/assumptions/\(assumptionID)", ["impactIfWrong": "Later", "version": 0])
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            let empty422 = try await api.json(.PATCH, "/api/v1/assumptions/\(assumptionID)", ["validateBy": "", "version": 1])
            XCTAssertEqual(empty422.status, .unprocessableEntity, "[\(database)] \"\" is not none: null is")
            let confirmed = try await api.json(.PATCH, "/api/v1/assumptions/\(assumptionID)",
                                               ["status": "confirmed", "validatedOn": "2026-09-20", "validateBy": NSNull(), "version": 1])
            XCTAssertEqual(confirmed.status, .ok, "[\(database)] \(confirmed.body)")
            XCTAssertEqual(confirmed.jsonObject["overdue"] as? Bool, false, "[\(database)]")
            XCTAssertNil(confirmed.jsonObject["validateBy"], "[\(database)]")
            let actions = try await api.get("/api/v1/projects/\(project.id.lowercasedText)/actions")
            let item = (actions.jsonObject["items"] as? [[String: Any]])?.first?["item"] as? [String: Any]
            XCTAssertEqual(item?["kind"] as? String, "assumption", "[\(database)]")
            XCTAssertEqual(item?["reference"] as? String, "A1", "[\(database)]")
            let apiWork = try await api.get("/api/v1/me/work?window=7")
            XCTAssertEqual(((apiWork.jsonObject["items"] as? [[String: Any]]) ?? []).compactMap { $0["reference"] as? String }, ["AC1"],
                           "[\(database)] the assumption, now confirmed, is no longer work")
            let badWindow = try await api.get("/api/v1/me/work?window=8")
            XCTAssertEqual(badWindow.status, .unprocessableEntity, "[\(database)]")
            let foreign = try await api.json(.POST, "/api/v1/projects/\(project.id.lowercasedText)/actions",
                                             ["title": "Elsewhere", "itemId": UUID().uuidString, "dueDate": "2026-10-01",
                                              "ownerId": world.teamPerson.id.lowercasedText])
            XCTAssertEqual(foreign.status, .unprocessableEntity, "[\(database)] an item of no project of its own")
            let done = try await api.json(.PATCH, "/api/v1\(actionPath)", ["doneOn": "2026-09-21"], headers: ["If-Match": "\"1\""])
            XCTAssertEqual(done.status, .ok, "[\(database)] \(done.body)")
            let events = try await store.rows("SELECT event FROM audit_events WHERE project_id = \(bind: project.id) ORDER BY sequence",
                                              reading: { try $0.string("event") }).filter { $0.hasPrefix("assumption.") || $0.hasPrefix("action.") }
            XCTAssertEqual(events, ["assumption.created", "action.created", "assumption.validated", "action.done"], "[\(database)]")

            // A decision bearing on the assumption: a person and a board at once, or a future date, refused.
            let decisionsPath = "/projects/\(project.id.lowercasedText)/decisions"
            let decisionForm = try await browser.get(decisionsPath + "/new")
            XCTAssertEqual(decisionForm.status, .ok, "[\(database)]")
            let decisionFields = [("title", "Open the hub on Saturdays first"), ("decidedOn", "2026-09-30"),
                                  ("deciderId", world.teamPerson.id.lowercasedText), ("board", "Urgent care board"), ("rationale", ""),
                                  ("options", "Weekdays first"), ("linkedItemIds", assumptionID)]
            let badDecision = try await browser.post(decisionsPath, decisionFields, csrf: decisionForm.csrfToken)
            XCTAssertEqual(badDecision.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badDecision.body.contains("The date decided cannot be in the future"), "[\(database)]")
            XCTAssertTrue(badDecision.body.contains("Name the person or the board who decided, not both"), "[\(database)]")
            XCTAssertTrue(badDecision.body.contains("value=\"\(assumptionID)\" checked"), "[\(database)] the link chosen is kept")
            let decided = try await browser.post(decisionsPath, decisionFields.map {
                ($0.0, ["decidedOn": "2026-09-20", "deciderId": ""][$0.0] ?? $0.1)
            }, csrf: decisionForm.csrfToken)
            XCTAssertEqual(decided.status, .seeOther, "[\(database)] \(decided.body)")
            let decisionPath = try XCTUnwrap(decided.location?.split(separator: "?").first.map(String.init))
            let decisionPage = try await browser.get(decisionPath)
            XCTAssertTrue(decisionPage.body.contains("DEC1"), "[\(database)]")
            XCTAssertTrue(decisionPage.body.contains("Urgent care board"), "[\(database)]")
            XCTAssertTrue(decisionPage.body.contains("A1 GP practices release staff for the rota"), "[\(database)]")
            let linkedOnItem = try await browser.get(path)
            XCTAssertTrue(linkedOnItem.body.contains("DEC1 Open the hub on Saturdays first"), "[\(database)] the assumption's page shows it")
            let gotDecision = try await api.get("/api/v1\(decisionPath)")
            XCTAssertEqual(gotDecision.jsonObject["linkedItemIds"] as? [String], [assumptionID], "[\(database)]")
            XCTAssertEqual(((gotDecision.jsonObject["linkedItems"] as? [[String: Any]]) ?? []).compactMap { $0["reference"] as? String }, ["A1"],
                           "[\(database)]")
            let notAList = try await api.json(.PATCH, "/api/v1\(decisionPath)", ["linkedItemIds": assumptionID, "version": 1])
            XCTAssertEqual(notAList.status, .unprocessableEntity, "[\(database)]")
            let unlinked = try await api.json(.PATCH, "/api/v1\(decisionPath)", ["linkedItemIds": [String](), "version": 1])
            XCTAssertEqual(unlinked.status, .ok, "[\(database)] \(unlinked.body)")
            XCTAssertEqual(unlinked.jsonObject["linkedItemIds"] as? [String], [], "[\(database)]")
            let relinked = try await api.json(.PATCH, "/api/v1\(decisionPath)", ["linkedItemIds": [assumptionID], "version": 2])
            XCTAssertEqual(relinked.status, .ok, "[\(database)] \(relinked.body)")

            // The form opened before the API's change is refused, the changes kept.
            let editForm = try await browser.get(path + "/edit")
            let staleForm = try await browser.post(path + "/edit", fields.map { ($0.0, $0.0 == "statement" ? "Renamed late" : $0.1) }
                                                   + [("version", "1")], csrf: editForm.csrfToken)
            XCTAssertEqual(staleForm.status, .conflict, "[\(database)]")
            XCTAssertTrue(staleForm.body.contains("value=\"Renamed late\""), "[\(database)]")

            // A member does not delete; the project's manager does, and the assumption's actions go with it.
            let memberDelete = try await api.request(.DELETE, "/api/v1/assumptions/\(assumptionID)")
            XCTAssertEqual(memberDelete.status, .forbidden, "[\(database)]")
            try await store.deleteAssumption(UUID(uuidString: assumptionID)!, by: .system)
            let left = try await store.actions(ofProject: project.id)
            XCTAssertEqual(left.count, 0, "[\(database)] its actions went with it")
            let decision = try await store.decision(UUID(uuidString: String(decisionPath.split(separator: "/").last!))!)
            XCTAssertEqual(decision?.fields.links, [], "[\(database)] the decision stays, without its link")
        }
    }

    /// Actions on risks, issues and dependencies show on their pages; "my work" never lists what a
    /// person owns on a project they may no longer read, and every person's work holds exactly
    /// what they own on projects they may read.
    func testWorkIsOnlyWhatAPersonOwnsOnProjectsTheyMayRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let due = CalendarDate("2026-09-25")!
            var expected: [UUID: Set<String>] = [:]
            for (visibility, project) in world.projects {
                for person in world.people.values {
                    let risk = try await store.createRisk(projectID: project.id, fields: RiskFields(
                        title: "Risk \(visibility) \(person.name)", ownerID: person.id, inherent: RiskRating(likelihood: .likely, consequence: .major),
                        current: RiskRating(likelihood: .likely, consequence: .major), target: RiskRating(likelihood: .rare, consequence: .minor), reviewDate: due),
                        settings: try await store.riskSettings(), by: .system)
                    _ = try await store.createAction(projectID: project.id, fields: ActionFields(
                        item: .risk(risk.id), title: "Action \(visibility) \(person.name)", ownerID: person.id, dueDate: due), by: .system)
                    let readable = AccessPolicy.canRead(person.actor, project.accessFacts(
                        actorTeamRole: world.teamPerson.id == person.id ? .member : nil))
                    if readable { expected[person.id, default: []].formUnion(["Risk \(visibility) \(person.name)", "Action \(visibility) \(person.name)"]) }
                }
            }
            for person in world.people.values {
                let client = server.client()
                client.bearer = try await apiToken(server, person.email)
                let work = try await client.get("/api/v1/me/work?window=30")
                let titles = Set(((work.jsonObject["items"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String })
                XCTAssertEqual(titles, expected[person.id] ?? [], "[\(database)] \(person.name)")
            }
            // The risk's page lists its action.
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let risk = try await store.risks(ofProject: world.projects[.system]!.id).first { $0.fields.title.hasSuffix("teammate") }!
            let page = try await browser.get("/risks/\(risk.id.lowercasedText)")
            XCTAssertTrue(page.body.contains("Action system teammate"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Record an action"), "[\(database)]")
        }
    }
}
