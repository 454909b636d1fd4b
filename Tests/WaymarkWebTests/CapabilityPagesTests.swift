import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Self-assessment and capability on both databases: a person assesses themselves and sees their
/// gaps with suggested resources; only they, their organisation's admins and system
/// administrators see it; capability across people never shows a group of fewer than five (at
/// four, then five); a changed framework is a new version that earlier assessments keep.
final class CapabilityPagesTests: XCTestCase {
    func testAPersonAssessesThemselvesAndOnlyTheRightPeopleSeeIt() async throws {
        try await withServer { server, world, database in
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let form = try await member.get("/capability/assess")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            let refused = try await member.post("/capability/assess", [("assessedOn", "2099-01-01"), ("level-planning", "9"),
                                                                        ("evidence-risk", "Ran the register")], csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(refused.body.contains("The date assessed cannot be in the future"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("Choose a level for Risk and issue management to go with its evidence"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("Ran the register"), "[\(database)] the input is kept")
            let saved = try await member.post("/capability/assess", [("assessedOn", "2026-09-01"), ("level-planning", "3"), ("level-risk", "1"),
                                                                      ("evidence-planning", "Planned the ward move.")], csrf: form.csrfToken)
            XCTAssertEqual(saved.status, .seeOther, "[\(database)] \(saved.body)")
            let mine = try await member.get("/capability?notice=assessed")
            XCTAssertTrue(mine.body.contains("Your assessment was saved."), "[\(database)]")
            XCTAssertTrue(mine.body.contains("Risk and issue management: from awareness to expert"), "[\(database)] a gap for a project manager")
            XCTAssertTrue(mine.body.contains("Risk register template"), "[\(database)] a resource tagged risk is suggested")
            let asSRO = try await member.get("/capability?role=sro")
            XCTAssertTrue(asSRO.body.contains("Governance and reporting: from not assessed to leader"), "[\(database)]")

            let person = world.person("member-lead")
            let made = try await server.app.store.assessments(ofPerson: person.id)
            let assessment = try XCTUnwrap(made.first)
            let path = "/capability/assessments/\(assessment.id.lowercasedText)"
            for (email, status) in [("member-lead@test.example", HTTPStatus.ok), ("orgadmin-lead@test.example", .ok), ("admin@test.example", .ok),
                                    ("member-partner@test.example", .notFound), ("orgadmin-partner@test.example", .notFound),
                                    ("portfolio@test.example", .notFound)] {
                let client = server.client()
                try await client.signIn(email)
                let page = try await client.get(path)
                XCTAssertEqual(page.status, status, "[\(database)] \(email)")
                let record = try await client.get("/capability/people/\(person.id.lowercasedText)")
                XCTAssertEqual(record.status, status, "[\(database)] \(email)")
                if status == .ok { XCTAssertTrue(page.body.contains("Planned the ward move."), "[\(database)] \(email)") }
            }
            let api = server.client()
            api.bearer = try await apiToken(server, "member-partner@test.example")
            let hidden = try await api.get("/api/v1/assessments/\(assessment.id.lowercasedText)")
            XCTAssertEqual(hidden.status, .notFound, "[\(database)]")
        }
    }

    func testCapabilityAcrossPeopleNeverShowsFewerThanFive() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let framework = try await store.competencyFramework()
            func assess(_ count: Int, in organisation: Organisation, from start: Int) async throws {
                for index in start..<(start + count) {
                    let person = try await store.createPerson(PersonFields(name: "Cohort \(index)", email: "cohort\(index)@test.example", role: .member,
                                                                           organisationID: organisation.id, password: nil),
                                                              passwordHash: World.passwordHash, by: .system)
                    _ = try await store.createAssessment(personID: person.id, frameworkVersion: framework.version, assessedOn: CalendarDate("2026-10-01")!,
                                                         ratings: [AssessmentRating(key: "planning", level: .expert)], by: .system)
                }
            }
            try await assess(4, in: world.partner, from: 0)
            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            let four = try await office.get("/api/v1/capability-heat-map")
            XCTAssertEqual(four.status, .ok, "[\(database)]")
            let rows = try XCTUnwrap(four.jsonObject["organisations"] as? [[String: Any]])
            let partner = try XCTUnwrap(rows.first { $0["organisationName"] as? String == world.partner.name })
            XCTAssertTrue(partner["people"] is NSNull, "[\(database)] four people are not counted")
            let cell = try XCTUnwrap((partner["cells"] as? [[String: Any]])?.first { $0["key"] as? String == "planning" })
            XCTAssertEqual(cell["suppressed"] as? Bool, true, "[\(database)]")
            XCTAssertTrue(cell["average"] is NSNull, "[\(database)]")
            let browser = server.client()
            try await browser.signIn("portfolio@test.example")
            let page = try await browser.get("/capability/heat-map")
            XCTAssertTrue(page.body.contains("\(world.partner.name) (fewer than 5)"), "[\(database)]")
            let csv = try await browser.get("/exports/capability")
            XCTAssertTrue(csv.body.contains("\(world.partner.name),Planning and scheduling,fewer than 5,,"), "[\(database)] \(csv.body.prefix(400))")

            try await assess(1, in: world.partner, from: 4)
            let five = try await office.get("/api/v1/capability-heat-map")
            let shown = try XCTUnwrap((five.jsonObject["organisations"] as? [[String: Any]])?.first { $0["organisationName"] as? String == world.partner.name })
            XCTAssertEqual(shown["people"] as? Int, 5, "[\(database)] five people are counted")
            let planning = try XCTUnwrap((shown["cells"] as? [[String: Any]])?.first { $0["key"] as? String == "planning" })
            XCTAssertEqual(planning["average"] as? Double, 3, "[\(database)]")
            XCTAssertEqual(planning["belowTarget"] as? Int, 0, "[\(database)] expert meets the project manager's level")
            let csvFive = try await browser.get("/exports/capability")
            XCTAssertTrue(csvFive.body.contains("\(world.partner.name),Planning and scheduling,5,3.0,0"), "[\(database)]")

            // What the heat map counts is held in memory; a change made at a SQL prompt reaches it:
            // someone who leaves is no longer counted, and a later assessment replaces an earlier one.
            try await store.run("UPDATE people SET active = \(bind: false) WHERE email = 'cohort4@test.example'")
            let left = try await office.get("/api/v1/capability-heat-map")
            let four2 = try XCTUnwrap((left.jsonObject["organisations"] as? [[String: Any]])?.first { $0["organisationName"] as? String == world.partner.name })
            XCTAssertTrue(four2["people"] is NSNull, "[\(database)] four people again")
            try await store.run("UPDATE people SET active = \(bind: true) WHERE email = 'cohort4@test.example'")
            let found = try await store.person(email: "cohort0@test.example")
            let cohort = try XCTUnwrap(found)
            _ = try await store.createAssessment(personID: cohort.id, frameworkVersion: framework.version, assessedOn: CalendarDate("2026-10-02")!,
                                                 ratings: [AssessmentRating(key: "planning", level: .awareness)], by: .system)
            let later = try await office.get("/api/v1/capability-heat-map")
            let relevelled = try XCTUnwrap((later.jsonObject["organisations"] as? [[String: Any]])?.first { $0["organisationName"] as? String == world.partner.name })
            let latest = try XCTUnwrap((relevelled["cells"] as? [[String: Any]])?.first { $0["key"] as? String == "planning" })
            XCTAssertEqual(latest["average"] as? Double, 2.6, "[\(database)] one person's latest assessment only: (4 x 3 + 1) / 5")
            XCTAssertEqual(latest["belowTarget"] as? Int, 1, "[\(database)]")

            // An organisation's admin sees their own organisation only; a member sees none of it.
            let orgadmin = server.client()
            orgadmin.bearer = try await apiToken(server, "orgadmin-lead@test.example")
            let own = try await orgadmin.get("/api/v1/capability-heat-map")
            let names = (own.jsonObject["organisations"] as? [[String: Any]] ?? []).compactMap { $0["organisationName"] as? String }
            XCTAssertFalse(names.contains(world.partner.name), "[\(database)]")
            let orgadminPage = server.client()
            try await orgadminPage.signIn("orgadmin-lead@test.example")
            let ownPage = try await orgadminPage.get("/capability/heat-map")
            XCTAssertTrue(ownPage.body.contains("All shown"), "[\(database)] their organisation is not called the whole system")
            XCTAssertFalse(ownPage.body.contains("Whole system"), "[\(database)]")
            let member = server.client()
            member.bearer = try await apiToken(server, "member-lead@test.example")
            let denied = try await member.get("/api/v1/capability-heat-map")
            XCTAssertEqual(denied.status, .forbidden, "[\(database)]")
        }
    }

    func testAChangedFrameworkIsANewVersionThatEarlierAssessmentsKeep() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let person = world.person("member-lead")
            let first = try await store.createAssessment(personID: person.id, frameworkVersion: 1, assessedOn: CalendarDate("2026-06-01")!,
                                                         ratings: [AssessmentRating(key: "risk", level: .practitioner)], by: .system)
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let edit = try await office.get("/capability/framework/risk/edit")
            XCTAssertEqual(edit.status, .ok, "[\(database)]")
            let framework = try await store.competencyFramework()
            var fields = CompetencyInput.fields.map { ($0.key, CompetencyInput(showing: framework.competency("risk")!)[keyPath: $0.path] ?? "") }
            fields = fields.map { $0.0 == "name" ? ("name", "Risk, issue and opportunity management") : $0 }
            let saved = try await office.post("/capability/framework/risk/edit", fields + [("version", "1")], csrf: edit.csrfToken)
            XCTAssertEqual(saved.status, .seeOther, "[\(database)] \(saved.body)")
            let stale = try await office.post("/capability/framework/risk/edit", fields + [("version", "1")], csrf: edit.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            let now = try await store.competencyFramework()
            XCTAssertEqual(now.version, 2, "[\(database)]")
            XCTAssertEqual(now.competency("risk")?.name, "Risk, issue and opportunity management", "[\(database)]")
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let old = try await member.get("/capability/assessments/\(first.id.lowercasedText)")
            XCTAssertTrue(old.body.contains("Made against version 1 of the competency framework."), "[\(database)]")
            XCTAssertTrue(old.body.contains("Risk and issue management"), "[\(database)] read in the words it was made against")
            let history = try await member.get("/capability/framework/history")
            XCTAssertTrue(history.body.contains("Changed the competency framework: Risk, issue and opportunity management (version 2)"), "[\(database)]")
            let memberEdit = try await member.post("/capability/framework/risk/edit", fields + [("version", "2")], csrf: old.csrfToken)
            XCTAssertEqual(memberEdit.status, .forbidden, "[\(database)]")
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let created = try await api.json(.POST, "/api/v1/me/assessments", ["ratings": [["key": "risk", "level": 3, "evidence": "Ran it"]]])
            XCTAssertEqual(created.status, .created, "[\(database)] \(created.body)")
            XCTAssertEqual(created.jsonObject["frameworkVersion"] as? Int, 2, "[\(database)]")
            let bad = try await api.json(.POST, "/api/v1/me/assessments", ["ratings": [["key": "nonsense", "level": 3]]])
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let list = try await api.get("/api/v1/me/assessments")
            XCTAssertEqual(list.jsonObject["total"] as? Int, 2, "[\(database)]")
        }
    }
}
