import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Gates through the pages and the API on both databases: a project manager asks for the gate
/// ahead, the request refused with clear messages and nothing saved when it is incomplete, the
/// report kept as it was asked whatever changes after, a board member and the portfolio office
/// deciding (and nobody else), approval moving the stage in the project's history, deferral and
/// rejection leaving it, withdrawal, stale versions refused, and nobody learning of a review of a
/// project they may not read.
final class GateTests: XCTestCase {
    func testAManagerAsksTheBoardDecidesAndApprovalMovesTheStage() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let id = project.id.lowercasedText
            try await store.setTeamMember(projectID: project.id, personID: world.teamPerson.id, role: .manager, by: .system)
            let gates = try await store.gateSettings()
            XCTAssertEqual(gates.map(\.gate), ["Gate 0", "Gate 1", "Gate 2", "Gate 3"], "[\(database)]")
            let gate0 = gates[0], gate1 = gates[1]

            let manager = server.client()
            try await manager.signIn("teammate@test.example")
            let log = try await manager.get("/projects/\(id)/gates")
            XCTAssertEqual(log.status, .ok, "[\(database)]")
            for expected in ["Now at Idea / mandate", "Next: Gate 0: Proposal, decided by the Portfolio board.",
                             "A senior responsible owner is named", "Ask for the Gate 0 review", "aria-current=\"page\">Gates<"] {
                XCTAssertTrue(log.body.contains(expected), "[\(database)] \(expected)")
            }
            let path = "/projects/\(id)/gates/request"
            let form = try await manager.get(path)
            XCTAssertEqual(form.status, .ok, "[\(database)]")

            // Incomplete: every problem said at once, nothing saved.
            let refused = try await manager.post(path, [("stageId", gate0.stageID.lowercasedText), ("criteriaMet", "9"), ("summary", "  ")],
                                                 csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(refused.body.contains("wm-error-summary"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("Say why the project is ready to pass the gate"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("Tick only the gate&#39;s criteria, numbered from 1"), "[\(database)] \(refused.body)")
            let wrongGate = try await manager.post(path, [("stageId", gate1.stageID.lowercasedText), ("summary", "Ready")], csrf: form.csrfToken)
            XCTAssertEqual(wrongGate.status, .unprocessableEntity, "[\(database)] only the gate ahead")
            let none = try await store.gateReviews(ofProject: project.id)
            XCTAssertTrue(none.isEmpty, "[\(database)] nothing saved")

            let asked = try await manager.post(path, [("stageId", gate0.stageID.lowercasedText), ("criteriaMet", "1"), ("criteriaMet", "3"),
                                                      ("summary", "The need is clear and the SRO is named"), ("evidence", "See the mandate")],
                                               csrf: form.csrfToken)
            XCTAssertEqual(asked.status, .seeOther, "[\(database)] \(asked.body)")
            let reviewPath = try XCTUnwrap(asked.location?.split(separator: "?").first.map(String.init))
            let reviewID = try XCTUnwrap(UUID(uuidString: String(reviewPath.split(separator: "/")[1])))
            let page = try await manager.get(reviewPath)
            for expected in ["Gate 0 review (GR1)", "Waiting for a decision", "Into Proposal from Idea / mandate",
                             "The need is clear and the SRO is named", "Withdraw the request", "0 of 0 milestones achieved."] {
                XCTAssertTrue(page.body.contains(expected), "[\(database)] \(expected)")
            }
            XCTAssertFalse(page.body.contains("Record the board&#39;s decision"), "[\(database)] the manager does not decide")
            let stored = try await store.gateReview(reviewID)
            let met = try XCTUnwrap(stored).report.criteria.map(\.met)
            XCTAssertEqual(met, [true, false, true, false], "[\(database)]")
            let twice = try await manager.post(path, [("summary", "Again")], csrf: form.csrfToken)
            XCTAssertEqual(twice.status, .unprocessableEntity, "[\(database)] one review waits at a time")
            let noDecision = try await manager.get(reviewPath + "/decision")
            XCTAssertEqual(noDecision.status, .forbidden, "[\(database)]")

            // What the board reviews is kept as it was asked, whatever changes after.
            _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(title: "Later", forecastDate: CalendarDate("2026-12-01")!),
                                                by: .system)
            let kept = try await manager.get(reviewPath)
            XCTAssertTrue(kept.body.contains("0 of 0 milestones achieved."), "[\(database)] the report is locked")

            // The portfolio office names a board member, who may then decide; others may not.
            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            let unknown = try await office.json(.PUT, "/api/v1/gates/\(gate0.stageID.lowercasedText)",
                                                ["memberEmails": ["nobody@test.example"], "version": gate0.version])
            XCTAssertEqual(unknown.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(unknown.body.contains("nobody@test.example"), "[\(database)] \(unknown.body)")
            let named = try await office.json(.PUT, "/api/v1/gates/\(gate0.stageID.lowercasedText)",
                                              ["memberEmails": ["member-lead@test.example"], "version": gate0.version])
            XCTAssertEqual(named.status, .ok, "[\(database)] \(named.body)")
            let stale = try await office.json(.PUT, "/api/v1/gates/\(gate0.stageID.lowercasedText)", ["board": "X", "version": gate0.version])
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            let notOffice = try await manager.json(.GET, "/api/v1/gates")
            XCTAssertEqual(notOffice.status, .ok, "[\(database)] anyone signed in reads the gates")
            let memberEdit = try await manager.get("/gates/\(gate0.stageID.lowercasedText)/edit")
            XCTAssertEqual(memberEdit.status, .forbidden, "[\(database)]")

            let bystander = server.client()
            try await bystander.signIn("member-partner@test.example")
            let notMember = try await bystander.get(reviewPath + "/decision")
            XCTAssertEqual(notMember.status, .forbidden, "[\(database)]")

            let waiting = try await office.json(.GET, "/api/v1/dashboard")
            XCTAssertEqual((waiting.jsonObject["gatesWaiting"] as? [[String: Any]])?.count, 1, "[\(database)]")

            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let decisionForm = try await member.get(reviewPath + "/decision")
            XCTAssertEqual(decisionForm.status, .ok, "[\(database)]")
            XCTAssertTrue(decisionForm.body.contains("value=\"Portfolio board\""), "[\(database)] the board prefilled")
            let date = [("decidedOn-day", "21"), ("decidedOn-month", "9"), ("decidedOn-year", "2026")]
            let badDecision = try await member.post(reviewPath + "/decision", [("version", "1"), ("outcome", "approved"), ("board", "Portfolio board"),
                                                                              ("rationale", ""), ("conditions", "Something")] + date,
                                                    csrf: decisionForm.csrfToken)
            XCTAssertEqual(badDecision.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badDecision.body.contains("Say why the board decided as it did"), "[\(database)]")
            XCTAssertTrue(badDecision.body.contains("Conditions go with an approval with conditions"), "[\(database)]")
            let staleDecision = try await member.post(reviewPath + "/decision", [("version", "7"), ("outcome", "approved"), ("board", "Portfolio board"),
                                                                                ("rationale", "Sound")] + date, csrf: decisionForm.csrfToken)
            XCTAssertEqual(staleDecision.status, .conflict, "[\(database)]")
            let unmoved = try await store.project(project.id)
            XCTAssertEqual(unmoved?.fields.stageID, project.fields.stageID, "[\(database)] nothing changed")

            let decided = try await member.post(reviewPath + "/decision", [("version", "1"), ("outcome", "approved-with-conditions"),
                                                                          ("board", "Portfolio board"), ("rationale", "The need is proven"),
                                                                          ("conditions", "Name the partners' leads by October")] + date,
                                                csrf: decisionForm.csrfToken)
            XCTAssertEqual(decided.status, .seeOther, "[\(database)] \(decided.body)")
            let found = try await store.project(project.id)
            let moved = try XCTUnwrap(found)
            XCTAssertEqual(moved.fields.stageID, gate0.stageID, "[\(database)] approval moved the project into Proposal")
            XCTAssertEqual(moved.version, project.version + 1, "[\(database)]")
            let history = try await manager.get("/projects/\(id)/history")
            XCTAssertTrue(history.body.contains("Recorded the decision on the Gate 0 review (GR1): approved with conditions"), "[\(database)]")
            XCTAssertTrue(history.body.contains("Asked for the Gate 0 review (GR1)"), "[\(database)]")
            XCTAssertTrue(history.body.contains("Changed project"), "[\(database)] the stage move is in the project's history")
            let again = try await member.post(reviewPath + "/decision", [("version", "2"), ("outcome", "rejected"), ("board", "B"), ("rationale", "R")] + date,
                                              csrf: decisionForm.csrfToken)
            XCTAssertEqual(again.status, .conflict, "[\(database)] decided once")
            let shown = try await manager.get(reviewPath)
            XCTAssertTrue(shown.body.contains("Name the partners&#39; leads by October"), "[\(database)]")

            // Through the API: the next gate asked for, withdrawn, asked again and rejected.
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let requested = try await api.json(.POST, "/api/v1/projects/\(id)/gate-reviews", ["summary": "Business case drafted", "criteriaMet": [1]])
            XCTAssertEqual(requested.status, .created, "[\(database)] \(requested.body)")
            XCTAssertEqual(requested.jsonObject["gate"] as? String, "Gate 1", "[\(database)]")
            XCTAssertEqual(requested.jsonObject["criteriaMet"] as? [Int], [1], "[\(database)]")
            let second = try XCTUnwrap(requested.jsonObject["id"] as? String)
            let badMet = try await api.json(.POST, "/api/v1/projects/\(id)/gate-reviews", ["summary": "x", "criteriaMet": ["one"]])
            XCTAssertEqual(badMet.status, .unprocessableEntity, "[\(database)]")
            let withdrawn = try await api.json(.POST, "/api/v1/gate-reviews/\(second)/withdrawal", ["version": 1])
            XCTAssertEqual(withdrawn.status, .ok, "[\(database)] \(withdrawn.body)")
            XCTAssertEqual(withdrawn.jsonObject["state"] as? String, "withdrawn", "[\(database)]")
            let withdrawnTwice = try await api.json(.POST, "/api/v1/gate-reviews/\(second)/withdrawal", ["version": 2])
            XCTAssertEqual(withdrawnTwice.status, .conflict, "[\(database)]")
            let third = try await api.json(.POST, "/api/v1/projects/\(id)/gate-reviews", ["summary": "Business case complete"])
            XCTAssertEqual(third.status, .created, "[\(database)]")
            let thirdID = try XCTUnwrap(third.jsonObject["id"] as? String)
            XCTAssertEqual(third.jsonObject["reference"] as? String, "GR3", "[\(database)]")
            let managerDecides = try await api.json(.POST, "/api/v1/gate-reviews/\(thirdID)/decision",
                                                    ["outcome": "approved", "decidedOn": "2026-09-21", "board": "B", "rationale": "R", "version": 1])
            XCTAssertEqual(managerDecides.status, .forbidden, "[\(database)]")
            let future = try await office.json(.POST, "/api/v1/gate-reviews/\(thirdID)/decision",
                                               ["outcome": "rejected", "decidedOn": "2026-09-22", "board": "Portfolio board", "rationale": "R", "version": 1])
            XCTAssertEqual(future.status, .unprocessableEntity, "[\(database)] not in the future")
            let rejected = try await office.json(.POST, "/api/v1/gate-reviews/\(thirdID)/decision",
                                                 ["outcome": "rejected", "decidedOn": "2026-09-21", "board": "Portfolio board",
                                                  "rationale": "Funding is not agreed", "version": 1])
            XCTAssertEqual(rejected.status, .ok, "[\(database)] \(rejected.body)")
            XCTAssertEqual((rejected.jsonObject["decision"] as? [String: Any])?["outcome"] as? String, "rejected", "[\(database)]")
            let still = try await store.project(project.id)
            XCTAssertEqual(still?.fields.stageID, gate0.stageID, "[\(database)] rejection leaves the stage")
            let list = try await api.json(.GET, "/api/v1/projects/\(id)/gate-reviews")
            XCTAssertEqual((list.jsonObject["items"] as? [[String: Any]])?.compactMap { $0["reference"] as? String }, ["GR3", "GR2", "GR1"], "[\(database)]")
            let csv = try await manager.get("/projects/\(id)/export/gates")
            XCTAssertEqual(csv.status, .ok, "[\(database)]")
            for expected in ["GR1,Gate 0,Idea / mandate,Proposal,", "Approved with conditions", "Name the partners' leads by October", "GR2,", "Withdrawn",
                             "Funding is not agreed", "A senior responsible owner is named"] {
                XCTAssertTrue(csv.body.contains(expected), "[\(database)] \(expected): \(csv.body)")
            }
        }
    }

    /// A gate is passed only by its board: an edit that would carry a project forward past one is
    /// refused (page and API) and changes nothing; a stage change is the managers' (DESIGN.md); a
    /// manager may step back, or forward where no gate stands; the form offers only what it may.
    func testAnEditNeverCarriesAProjectPastAGate() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let id = project.id.lowercasedText
            let stages = try await store.referenceData().stages.sorted { $0.position < $1.position }
            let (proposal, initiation, delivery) = (stages[1], stages[3], stages[4])
            XCTAssertEqual([proposal.gate, initiation.gate, delivery.gate], ["Gate 0", "Gate 2", nil], "[\(database)] the default lifecycle")
            try await store.setTeamMember(projectID: project.id, personID: world.teamPerson.id, role: .member, by: .system)
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")

            // A team member edits the project but does not move its stage.
            let byMember = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["stageId": proposal.id.lowercasedText, "version": 1])
            XCTAssertEqual(byMember.status, .forbidden, "[\(database)] \(byMember.body)")
            XCTAssertTrue(byMember.body.contains("lifecycle stage"), "[\(database)]")
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let memberForm = try await browser.get("/projects/\(id)/edit")
            XCTAssertTrue(memberForm.body.contains("Only the project&#39;s managers can change this."), "[\(database)]")
            XCTAssertFalse(memberForm.body.contains("value=\"\(proposal.id.lowercasedText)\""), "[\(database)] only its own stage offered")

            // A manager: not past Gate 0, on the page or through the API, and nothing changes.
            try await store.setTeamMember(projectID: project.id, personID: world.teamPerson.id, role: .manager, by: .system)
            let pastGate = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["stageId": stages[2].id.lowercasedText, "version": 1])
            XCTAssertEqual(pastGate.status, .unprocessableEntity, "[\(database)] \(pastGate.body)")
            let problem = (pastGate.jsonObject["errors"] as? [[String: String]])?.first
            XCTAssertEqual(problem?["field"], "stageId", "[\(database)]")
            XCTAssertEqual(problem?["message"].map { $0.hasPrefix("Proposal is entered through Gate 0: ask for a gate review") }, true,
                           "[\(database)] the first gate it would pass: \(pastGate.body)")
            let form = try await browser.get("/projects/\(id)/edit")
            XCTAssertTrue(form.body.contains("A stage beyond a gate is reached by asking for the gate&#39;s review"), "[\(database)]")
            XCTAssertFalse(form.body.contains("value=\"\(proposal.id.lowercasedText)\""), "[\(database)] no stage past a gate offered")
            let posted = try await browser.post("/projects/\(id)/edit", [
                ("title", project.fields.title), ("leadOrganisationId", project.fields.leadOrganisationID.lowercasedText),
                ("methodology", project.fields.methodology.rawValue), ("stageId", proposal.id.lowercasedText), ("version", "1"),
            ], csrf: form.csrfToken)
            XCTAssertEqual(posted.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(posted.body.contains("wm-error-summary"), "[\(database)]")
            XCTAssertTrue(posted.body.contains("Proposal is entered through Gate 0"), "[\(database)]")
            let unchanged = try await store.project(project.id)
            XCTAssertEqual(unchanged?.version, 1, "[\(database)] nothing saved")

            // Where no gate stands, forward is an edit; and a manager may step back.
            let references = try await store.referenceData()
            var fields = project.fields
            fields.stageID = initiation.id
            let atInitiation = try await store.updateProject(project.id, expectedVersion: 1, fields: fields, references: references, by: .system)
            let toDelivery = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["stageId": delivery.id.lowercasedText, "version": atInitiation.version])
            XCTAssertEqual(toDelivery.status, .ok, "[\(database)] \(toDelivery.body)")
            let deliveryForm = try await browser.get("/projects/\(id)/edit")
            for stage in stages.prefix(5) {
                XCTAssertTrue(deliveryForm.body.contains("value=\"\(stage.id.lowercasedText)\""), "[\(database)] \(stage.name) offered")
            }
            XCTAssertFalse(deliveryForm.body.contains("value=\"\(stages[5].id.lowercasedText)\""), "[\(database)] not Closure, past Gate 3")
            let back = try await api.json(.PATCH, "/api/v1/projects/\(id)", ["stageId": initiation.id.lowercasedText, "version": atInitiation.version + 1])
            XCTAssertEqual(back.status, .ok, "[\(database)] \(back.body)")
            let found = try await store.project(project.id)
            XCTAssertEqual(found?.fields.stageID, initiation.id, "[\(database)]")
        }
    }

    func testNobodyLearnsOfAReviewOfAProjectTheyMayNotRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.team]!
            try await store.setTeamMember(projectID: project.id, personID: world.teamPerson.id, role: .manager, by: .system)
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let asked = try await api.json(.POST, "/api/v1/projects/\(project.id.lowercasedText)/gate-reviews", ["summary": "Ready for a proposal"])
            XCTAssertEqual(asked.status, .created, "[\(database)] \(asked.body)")
            let reviewID = try XCTUnwrap(asked.jsonObject["id"] as? String)
            let gate0 = try await store.gateSettings()[0]
            // A board member who may not read the project is a stranger to its review.
            _ = try await store.setGate(gate0.stageID, GateSettingFields(board: gate0.board, criteria: gate0.criteria,
                                                                         memberIDs: [world.person("member-other").id]),
                                        expectedVersion: gate0.version, by: .system)
            for email in ["member-other@test.example", "orgadmin-partner@test.example", "viewer-lead@test.example"] {
                let person = world.people.values.first { $0.email == email }!
                let facts = try await store.projectForAccess(project.id, actor: person.actor)!.1
                guard !AccessPolicy.canRead(person.actor, facts) else { continue }
                let browser = server.client()
                try await browser.signIn(email)
                for path in ["/gate-reviews/\(reviewID)", "/gate-reviews/\(reviewID)/decision", "/projects/\(project.id.lowercasedText)/gates"] {
                    let hidden = try await browser.get(path)
                    XCTAssertEqual(hidden.status, .notFound, "[\(database)] \(email) \(path)")
                }
                let gatesPage = try await browser.get("/gates")
                XCTAssertFalse(gatesPage.body.contains(project.fields.title), "[\(database)] \(email)")
                XCTAssertTrue(gatesPage.body.contains("No gate review of a project you can see is waiting"), "[\(database)] \(email)")
                let home = try await browser.get("/")
                XCTAssertTrue(home.body.contains("0 gate reviews waiting for a decision"), "[\(database)] \(email)")
                let outsider = server.client()
                outsider.bearer = try await apiToken(server, email)
                let direct = try await outsider.json(.GET, "/api/v1/gate-reviews/\(reviewID)")
                XCTAssertEqual(direct.status, .notFound, "[\(database)] \(email)")
                let decide = try await outsider.json(.POST, "/api/v1/gate-reviews/\(reviewID)/decision",
                                                     ["outcome": "approved", "decidedOn": "2026-09-21", "board": "B", "rationale": "R", "version": 1])
                XCTAssertEqual(decide.status, .notFound, "[\(database)] \(email)")
                let waiting = try await outsider.json(.GET, "/api/v1/gate-reviews")
                XCTAssertEqual((waiting.jsonObject["items"] as? [Any])?.count, 0, "[\(database)] \(email)")
                let dashboard = try await outsider.json(.GET, "/api/v1/dashboard")
                XCTAssertEqual((dashboard.jsonObject["gatesWaiting"] as? [Any])?.count, 0, "[\(database)] \(email)")
            }
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let gatesPage = try await admin.get("/gates")
            XCTAssertTrue(gatesPage.body.contains(project.fields.title), "[\(database)] the portfolio office sees every review waiting")
            XCTAssertTrue(gatesPage.body.contains("Record the decision"), "[\(database)]")
        }
    }
}
