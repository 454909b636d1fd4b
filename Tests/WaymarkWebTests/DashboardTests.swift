import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The home page's dashboard through the page and the API on both databases: its figures built
/// from the data (delivery status and movement from reported updates, the RAID log, the plan,
/// benefits), each chart's bars leading to the portfolio filtered to what they count, a project
/// manager's own view, and nobody counting or seeing a project they may not read.
final class DashboardTests: XCTestCase {
    /// The test clock's today is Monday 21 September 2026: September is the period open, August
    /// was due on 7 September.
    func testTheDashboardIsBuiltFromTheDataAndLeadsToIt() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let system = world.projects[.system]!, organisation = world.projects[.organisation]!
            let references = try await store.referenceData()
            // A project another organisation leads, on which the system project depends.
            let elsewhere = try await store.createProject(
                ProjectFields(title: "Shared care record", summary: "Led elsewhere", leadOrganisationID: world.other.id, methodology: .project,
                              stageID: references.stages[1].id, visibility: .system),
                references: references, team: [(world.person("member-other").id, .manager), (world.person("orgadmin-other").id, .sro)], by: .system)
            try await report(store, system.id, "2026-07", .green)
            try await report(store, system.id, "2026-08", .red)
            try await report(store, organisation.id, "2026-08", .amber)

            let settings = try await store.riskSettings()
            let escalated = try await store.createRisk(projectID: system.id, fields: RiskFields(
                title: "Too few clinicians", ownerID: world.person("admin").id, inherent: RiskRating(likelihood: .almostCertain, consequence: .major),
                current: RiskRating(likelihood: .likely, consequence: .major), target: RiskRating(likelihood: .unlikely, consequence: .minor),
                reviewDate: CalendarDate("2026-10-01")), settings: settings, by: .system)
            _ = try await store.escalateRisk(escalated.id, expectedVersion: escalated.version,
                                             to: RiskEscalation(level: .system, reason: "Across the system"), by: .system)
            // Unowned and past its review date: two data-quality flags.
            _ = try await store.createRisk(projectID: organisation.id, fields: RiskFields(
                title: "Data feed late", inherent: RiskRating(likelihood: .possible, consequence: .moderate),
                current: RiskRating(likelihood: .possible, consequence: .moderate), target: RiskRating(likelihood: .rare, consequence: .minor),
                reviewDate: CalendarDate("2026-09-01")), settings: settings, by: .system)
            _ = try await store.createMilestone(projectID: system.id, fields: MilestoneFields(
                title: "Hub open", ownerID: world.person("admin").id, forecastDate: CalendarDate("2026-10-05")!, isKey: true), by: .system)
            _ = try await store.createDependency(projectID: system.id, fields: DependencyFields(
                title: "Records shared", providerProjectID: elsewhere.id, neededBy: CalendarDate("2026-11-01")!,
                ownerID: world.person("admin").id, status: .atRisk), by: .system)

            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let api = try await office.get("/api/v1/dashboard")
            XCTAssertEqual(api.status, .ok, "[\(database)] \(api.body)")
            let json = api.jsonObject
            XCTAssertEqual(json["scope"] as? String, "all", "[\(database)] the portfolio office sees everything by default")
            XCTAssertEqual(json["projects"] as? Int, 3, "[\(database)] the system and organisation projects and the other organisation's")
            XCTAssertEqual(json["period"] as? String, "2026-09", "[\(database)]")
            let charts = try XCTUnwrap(json["charts"] as? [[String: Any]])
            let delivery = try XCTUnwrap(charts.first { $0["facet"] as? String == "delivery" }?["bars"] as? [[String: Any]])
            XCTAssertEqual(delivery.map { "\($0["key"]!)=\($0["count"]!)" }, ["red=1", "amber=1", "not-reported=1"], "[\(database)]")
            let stages = try XCTUnwrap(charts.first { $0["facet"] as? String == "stage" }?["bars"] as? [[String: Any]])
            XCTAssertEqual(stages.map { $0["count"] as? Int }, [2, 1], "[\(database)] in the stages' order")
            let exceptions = try XCTUnwrap(json["exceptions"] as? [[String: Any]])
            XCTAssertEqual(exceptions.map { $0["projectId"] as? String }, [system.id.lowercasedText, organisation.id.lowercasedText],
                           "[\(database)] red first")
            XCTAssertEqual(exceptions.first?["movement"] as? String, "worsened", "[\(database)] green in July, red in August")
            XCTAssertEqual(exceptions.last?["movement"] as? String, "new", "[\(database)]")
            let movement = try XCTUnwrap(json["movement"] as? [String: Any])
            XCTAssertEqual(movement["worsened"] as? Int, 1, "[\(database)]")
            XCTAssertEqual(movement["new"] as? Int, 1, "[\(database)]")
            XCTAssertEqual((json["overdue"] as? [Any])?.count, 0, "[\(database)] every project began this month: August was not theirs")
            XCTAssertEqual((json["topRisks"] as? [[String: Any]])?.map { $0["title"] as? String }, ["Too few clinicians"], "[\(database)]")
            XCTAssertEqual((json["milestones"] as? [[String: Any]])?.map { $0["title"] as? String }, ["Hub open"], "[\(database)]")
            XCTAssertEqual((json["dependencies"] as? [[String: Any]])?.map { $0["title"] as? String }, ["Records shared"], "[\(database)]")
            let quality = try XCTUnwrap(json["dataQuality"] as? [[String: Any]])
            func flag(_ check: DataQualityCheck) -> [String: Any]? { quality.first { $0["check"] as? String == check.rawValue } }
            XCTAssertEqual(Set(flag(.noLeadership)?["projectIds"] as? [String] ?? []), Set([organisation.id, system.id].map(\.lowercasedText)),
                           "[\(database)] the fixture's projects have no SRO or manager")
            XCTAssertEqual(flag(.risksPastReview)?["items"] as? Int, 1, "[\(database)]")
            XCTAssertEqual(flag(.unowned)?["projectIds"] as? [String], [organisation.id.lowercasedText], "[\(database)]")
            XCTAssertEqual(flag(.pastEnd)?["projects"] as? Int, 0, "[\(database)]")

            // The page: the same figures, each bar a link to the portfolio filtered to what it counts.
            let page = try await office.get("/")
            XCTAssertEqual(page.status, .ok, "[\(database)]")
            for expected in ["<h1 class=\"wm-heading-l\">Dashboard</h1>", "1 project reported red", "Projects by lifecycle stage as a table",
                             "href=\"/portfolio?delivery=red\" aria-label=\"Red: 1 project\"", "Too few clinicians", "M1 Hub open", "D1 Records shared",
                             "Risks past their review date", "1 in 1 project", "1 worsened and 1 rated for the first time"] {
                XCTAssertTrue(page.body.contains(expected), "[\(database)] \(expected)")
            }
            let red = try await office.get("/portfolio?delivery=red")
            XCTAssertTrue(red.body.contains("1 project</strong> matches your filters"), "[\(database)]")
            XCTAssertTrue(red.body.contains("Project system"), "[\(database)]")
            let unreported = try await office.get("/api/v1/projects?delivery=not-reported")
            XCTAssertEqual((unreported.jsonObject["items"] as? [[String: Any]])?.map { $0["id"] as? String }, [elsewhere.id.lowercasedText], "[\(database)]")
            let bad = try await office.get("/api/v1/dashboard?scope=everyone")
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let badFilter = try await office.get("/api/v1/projects?delivery=purple")
            XCTAssertEqual(badFilter.status, .unprocessableEntity, "[\(database)]")

            // A later report moves the figures: the dashboard is current after a write.
            try await report(store, system.id, "2026-09", .green)
            let after = try await office.get("/api/v1/dashboard").jsonObject
            XCTAssertEqual((after["exceptions"] as? [Any])?.count, 1, "[\(database)] only the amber one is left")
            XCTAssertEqual(after["submitted"] as? Int, 1, "[\(database)]")

            // A project's manager sees their own projects and what they owe.
            let manager = server.client()
            try await manager.signIn("member-other@test.example")
            let own = try await manager.get("/")
            XCTAssertTrue(own.body.contains("aria-current=\"page\" class=\"wm-scope__link wm-scope__link--current\">Your projects"), "[\(database)]")
            XCTAssertTrue(own.body.contains("Shared care record"), "[\(database)]")
            XCTAssertTrue(own.body.contains("href=\"/my-projects?delivery=not-reported\""), "[\(database)] bars lead to their own projects")
            let mine = try await manager.get("/api/v1/dashboard").jsonObject
            XCTAssertEqual(mine["scope"] as? String, "mine", "[\(database)]")
            XCTAssertEqual(mine["projects"] as? Int, 1, "[\(database)]")
        }
    }

    /// Everyone's dashboard counts exactly the projects the access policy lets them read, and
    /// names nothing else: its exceptions, risks, milestones and flags are of those projects.
    func testEveryoneCountsOnlyWhatTheyMayRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            for (visibility, project) in world.projects {
                try await report(store, project.id, "2026-08", visibility == .team ? .red : .amber)
                _ = try await store.createRisk(projectID: project.id, fields: RiskFields(
                    title: "Risk of \(visibility.rawValue)", inherent: RiskRating(likelihood: .likely, consequence: .major),
                    current: RiskRating(likelihood: .likely, consequence: .major), target: RiskRating(likelihood: .rare, consequence: .minor),
                    reviewDate: CalendarDate("2026-09-01")), settings: try await store.riskSettings(), by: .system)
            }
            let index = try await store.portfolioIndex()
            for (name, person) in world.people.sorted(by: { $0.key < $1.key }) {
                let readable = Set(index.entries.filter { entry in
                    AccessPolicy.canRead(person.actor, entry.accessFacts(for: person.id))
                }.map(\.summary.id.lowercasedText))
                let client = server.client()
                try await client.signIn("\(name)@test.example")
                let json = try await client.get("/api/v1/dashboard?scope=all").jsonObject
                XCTAssertEqual(json["projects"] as? Int, readable.count, "[\(database)] \(name)")
                let named = Set(((json["exceptions"] as? [[String: Any]]) ?? []).compactMap { $0["projectId"] as? String })
                XCTAssertEqual(named, readable, "[\(database)] \(name): every readable project reported, no other")
                let flagged = ((json["dataQuality"] as? [[String: Any]]) ?? []).flatMap { ($0["projectIds"] as? [String]) ?? [] }
                XCTAssertTrue(Set(flagged).isSubset(of: readable), "[\(database)] \(name)")
                let page = try await client.get("/")
                for (visibility, project) in world.projects where !readable.contains(project.id.lowercasedText) {
                    XCTAssertFalse(page.body.contains(project.fields.title), "[\(database)] \(name) must not see \(visibility)")
                }
            }
        }
    }

    /// A dashboard is kept for its reader only while nothing it draws on changes: a change made
    /// through Waymark, or at a SQL prompt, is on the next one; a reader with other access never
    /// gets another's.
    func testAKeptDashboardFollowsEveryChange() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let team = world.projects[.organisation]!  // the office reads it; the other organisation does not
            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            func flag(_ client: TestClient, _ check: DataQualityCheck) async throws -> [String: Any]? {
                let json = try await client.json(.GET, "/api/v1/dashboard?scope=all").jsonObject
                return ((json["dataQuality"] as? [[String: Any]]) ?? []).first { $0["check"] as? String == check.rawValue }
            }
            let none = try await flag(office, .risksPastReview)?["items"] as? Int
            XCTAssertEqual(none, 0, "[\(database)]")
            _ = try await flag(office, .risksPastReview)  // kept now
            XCTAssertEqual(store.instance.dashboards.keptValues.map(\.writings.made), [1], "[\(database)] its document written once for both")

            // Through Waymark: a risk on the organisation's project, past its review date and with no owner.
            let risk = try await store.createRisk(projectID: team.id, fields: RiskFields(
                title: "Kept or not", inherent: RiskRating(likelihood: .likely, consequence: .major),
                current: RiskRating(likelihood: .likely, consequence: .major), target: RiskRating(likelihood: .rare, consequence: .minor),
                reviewDate: CalendarDate("2026-09-01")), settings: try await store.riskSettings(), by: .system)
            let past = try await flag(office, .risksPastReview)
            XCTAssertEqual(past?["items"] as? Int, 1, "[\(database)] the new risk counts at once")
            XCTAssertEqual(past?["projectIds"] as? [String], [team.id.lowercasedText], "[\(database)]")

            // Someone who may not read that project, asking after the office: their own counts.
            let outsider = server.client()
            outsider.bearer = try await apiToken(server, "member-other@test.example")
            let facts = try await store.projectForAccess(team.id, actor: world.person("member-other").actor)!.1
            XCTAssertFalse(AccessPolicy.canRead(world.person("member-other").actor, facts), "[\(database)] the fixture")
            let theirs = try await flag(outsider, .risksPastReview)?["items"] as? Int
            XCTAssertEqual(theirs, 0, "[\(database)] not the office's dashboard")

            // At a SQL prompt: reviewed on, then given an owner; each seen on the next request.
            try await store.run("UPDATE risks SET review_date = '2026-12-01' WHERE id = \(bind: risk.id)")
            let reviewed = try await flag(office, .risksPastReview)?["items"] as? Int
            XCTAssertEqual(reviewed, 0, "[\(database)] a change at a prompt moves the counter")
            let unowned = try await flag(office, .unowned)?["projectIds"] as? [String]
            XCTAssertEqual(unowned, [team.id.lowercasedText], "[\(database)]")
            try await store.run("UPDATE risks SET owner_id = \(bind: world.teamPerson.id) WHERE id = \(bind: risk.id)")
            let owned = try await flag(office, .unowned)?["projectIds"] as? [String]
            XCTAssertEqual(owned, [], "[\(database)]")

            // The project itself, made visible to its team only at a prompt, leaves the outsider's.
            let system = world.projects[.system]!
            _ = try await store.createRisk(projectID: system.id, fields: RiskFields(
                title: "Seen then not", inherent: RiskRating(likelihood: .likely, consequence: .major),
                current: RiskRating(likelihood: .likely, consequence: .major), target: RiskRating(likelihood: .rare, consequence: .minor),
                reviewDate: CalendarDate("2026-09-01")), settings: try await store.riskSettings(), by: .system)
            let seen = try await flag(outsider, .risksPastReview)?["projectIds"] as? [String]
            XCTAssertEqual(seen, [system.id.lowercasedText], "[\(database)]")
            try await store.run("UPDATE projects SET visibility = 'team' WHERE id = \(bind: system.id)")
            let gone = try await flag(outsider, .risksPastReview)?["projectIds"] as? [String]
            XCTAssertEqual(gone, [], "[\(database)] no longer theirs to read")
        }
    }

    private func report(_ store: Store, _ projectID: UUID, _ period: String, _ overall: RAG) async throws {
        var fields = StatusUpdateFields(overall: Rating(overall, overall == .green ? "" : "Because"),
                                        narrative: [.summary: "As reported"])
        for dimension in StatusDimension.allCases { fields.dimensions[dimension] = Rating(.green) }
        let started = try await store.startStatusUpdate(projectID: projectID, period: ReportingPeriod(key: period, months: 1)!,
                                                        fields: fields, by: .system)
        _ = try await store.saveStatusUpdate(started.update.id, expectedVersion: started.update.version, fields: fields, submit: true, by: .system)
    }
}
