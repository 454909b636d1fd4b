import Foundation
import SQLKit
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import WaymarkWorkflows
@testable import WaymarkWeb
import XCTest

/// Closing a reporting period, through the API and the reporting page on both databases: who may
/// close which period and when, and what closing keeps: the portfolio report, each highlight
/// report and the board pack opened as at the period say exactly what they said when it closed
/// (apart from when they were made), whatever changes afterwards, and each still holds only the
/// projects its reader may read today.
final class PeriodClosureTests: XCTestCase {
    /// A report's JSON without the moment it was made: what must not change after a period closes.
    /// A report's JSON but its generation time, and (for a highlight report) the note of what the
    /// project reported after the close, which is said beside the report and checked on its own.
    private func frozen(_ body: String) throws -> NSDictionary {
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        object["generatedAt"] = nil
        object["afterClose"] = nil
        return object as NSDictionary
    }

    func testAClosedPeriodsReportsStayAsTheyWereWhateverChangesAfter() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let system = world.projects[.system]!, organisation = world.projects[.organisation]!
            try await PortfolioReportTests.reported(store, world)
            let settings = try await store.riskSettings()
            _ = try await store.createRisk(projectID: system.id, fields: RiskFields(
                title: "Too few clinicians", ownerID: world.person("admin").id, inherent: RiskRating(likelihood: .almostCertain, consequence: .major),
                current: RiskRating(likelihood: .likely, consequence: .major), target: RiskRating(likelihood: .unlikely, consequence: .minor),
                reviewDate: CalendarDate("2026-10-01")), settings: settings, by: .system)
            // Something in every section a highlight report has, so that its frozen copy is held to each.
            let risk = try await store.risks(ofProject: system.id)[0]
            for (title, forecast, actual) in [("Hub opened", "2026-08-20", "2026-08-25"), ("Second hub", "2026-10-15", nil)] {
                _ = try await store.createMilestone(projectID: system.id, fields: MilestoneFields(
                    title: title, forecastDate: CalendarDate(forecast)!, actualDate: actual.flatMap(CalendarDate.init)), by: .system)
            }
            _ = try await store.createIssue(projectID: system.id, fields: IssueFields(title: "Rota gaps", priority: .high, raisedOn: CalendarDate("2026-08-03")!), by: .system)
            _ = try await store.createDecision(projectID: system.id, fields: DecisionFields(
                title: "Open the hub late", decidedOn: CalendarDate("2026-08-12")!, board: "Programme board", links: [.risk(risk.id)]), by: .system)

            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            let member = server.client()
            member.bearer = try await apiToken(server, "member-lead@test.example")

            // Who may close, and when: the portfolio office, once, after the updates fall due.
            let refused = try await member.json(.POST, "/api/v1/reporting-periods/2026-08/closure", [:])
            XCTAssertEqual(refused.status, .forbidden, "[\(database)] \(refused.body)")
            let early = try await office.json(.POST, "/api/v1/reporting-periods/2026-09/closure", [:])
            XCTAssertEqual(early.status, .unprocessableEntity, "[\(database)] September's updates fall due on 7 October")
            XCTAssertTrue(early.body.contains("cannot close before its updates fall due on 7 October 2026"), "[\(database)] \(early.body)")
            let unknown = try await office.json(.POST, "/api/v1/reporting-periods/1999-01/closure", [:])
            XCTAssertEqual(unknown.status, .unprocessableEntity, "[\(database)]")

            let before = (report: try await office.json(.GET, "/api/v1/reports/portfolio?period=2026-08"),
                          highlight: try await office.json(.GET, "/api/v1/projects/\(system.id.lowercasedText)/highlight-report?period=2026-08"))
            XCTAssertTrue(before.report.jsonObject["asAt"] is NSNull, "[\(database)] an open period's report is made from the data now")
            let closed = try await office.json(.POST, "/api/v1/reporting-periods/2026-08/closure", [:])
            XCTAssertEqual(closed.status, .created, "[\(database)] \(closed.body)")
            XCTAssertEqual(closed.jsonObject["period"] as? String, "2026-08", "[\(database)]")
            XCTAssertEqual(closed.jsonObject["closedOn"] as? String, "2026-09-21", "[\(database)]")
            XCTAssertEqual(closed.jsonObject["closedByName"] as? String, "portfolio", "[\(database)]")
            XCTAssertEqual(closed.jsonObject["highlightCount"] as? Int, 3, "[\(database)] three projects reported August")
            let again = try await office.json(.POST, "/api/v1/reporting-periods/2026-08/closure", [:])
            XCTAssertEqual(again.status, .unprocessableEntity, "[\(database)] a period closes once")
            XCTAssertTrue(again.body.contains("already closed"), "[\(database)] \(again.body)")
            let periods = try await office.json(.GET, "/api/v1/reporting-periods")
            let listed = try XCTUnwrap(periods.jsonObject["items"] as? [[String: Any]])
            XCTAssertEqual(listed.filter { $0["closed"] as? Bool == true }.compactMap { $0["period"] as? String }, ["2026-08"], "[\(database)]")

            let asAt = (report: try await office.json(.GET, "/api/v1/reports/portfolio?period=2026-08"),
                        highlight: try await office.json(.GET, "/api/v1/projects/\(system.id.lowercasedText)/highlight-report?period=2026-08"),
                        page: try await office.get("/reports/portfolio?period=2026-08"))
            XCTAssertEqual((asAt.report.jsonObject["asAt"] as? [String: Any])?["period"] as? String, "2026-08", "[\(database)]")
            XCTAssertEqual((asAt.highlight.jsonObject["asAt"] as? [String: Any])?["closedOn"] as? String, "2026-09-21", "[\(database)]")
            // Closing changes nothing the reports say but that they were frozen.
            var live = try frozen(before.report.body) as! [String: Any], kept = try frozen(asAt.report.body) as! [String: Any]
            live["asAt"] = nil
            kept["asAt"] = nil
            XCTAssertEqual(live as NSDictionary, kept as NSDictionary, "[\(database)] the snapshot says what the data said")
            var liveHighlight = try frozen(before.highlight.body) as! [String: Any], keptHighlight = try frozen(asAt.highlight.body) as! [String: Any]
            liveHighlight["asAt"] = nil
            keptHighlight["asAt"] = nil
            XCTAssertEqual(liveHighlight as NSDictionary, keptHighlight as NSDictionary, "[\(database)] the frozen highlight report says what the live one said")
            for section in ["completed", "comingUp", "risks", "issues", "decisions"] {
                XCTAssertEqual((keptHighlight[section] as? [Any])?.count, 1, "[\(database)] \(section): \(asAt.highlight.body)")
            }

            // Everything changes: the project renamed and moved on a stage, August's update corrected,
            // a new risk, the red project's risk closed; a late update from a project that had none.
            let references = try await store.referenceData()
            var fields = system.fields
            fields.title = "Renamed after the board"
            fields.stageID = references.stages[1].id
            _ = try await store.updateProject(system.id, expectedVersion: system.version, fields: fields, references: references, by: .system)
            try await PortfolioReportTests.report(store, system, "2026-08", .green, summary: "August, corrected later")
            _ = try await store.createRisk(projectID: organisation.id, fields: RiskFields(
                title: "A risk raised later", inherent: RiskRating(likelihood: .almostCertain, consequence: .catastrophic),
                current: RiskRating(likelihood: .almostCertain, consequence: .catastrophic), target: RiskRating(likelihood: .rare, consequence: .minor),
                reviewDate: CalendarDate("2026-12-01")), settings: settings, by: .system)
            let late = try await store.createProject(ProjectFields(title: "Project late", leadOrganisationID: world.lead.id, methodology: .project,
                                                                   stageID: references.stages[0].id, visibility: .system),
                                                     references: references, by: .system)
            try await PortfolioReportTests.report(store, late, "2026-08", .green, summary: "August, reported late")

            let after = (report: try await office.json(.GET, "/api/v1/reports/portfolio?period=2026-08"),
                         highlight: try await office.json(.GET, "/api/v1/projects/\(system.id.lowercasedText)/highlight-report?period=2026-08"),
                         page: try await office.get("/reports/portfolio?period=2026-08"))
            XCTAssertEqual(try frozen(after.report.body), try frozen(asAt.report.body), "[\(database)] the portfolio report as at August")
            XCTAssertEqual(try frozen(after.highlight.body), try frozen(asAt.highlight.body), "[\(database)] the highlight report as at August")
            // Beside it, what came after: the correction, by its revision; none before it was made.
            XCTAssertTrue(asAt.highlight.jsonObject["afterClose"] is NSNull, "[\(database)]")
            let correction = try XCTUnwrap(after.highlight.jsonObject["afterClose"] as? [String: Any], "[\(database)] \(after.highlight.body)")
            XCTAssertEqual(correction["kind"] as? String, "correction", "[\(database)]")
            XCTAssertEqual(correction["revision"] as? Int, 2, "[\(database)]")
            XCTAssertEqual((correction["closure"] as? [String: Any])?["period"] as? String, "2026-08", "[\(database)]")
            let corrected = try await office.get("/projects/\(system.id.lowercasedText)/highlight-report?period=2026-08")
            XCTAssertTrue(corrected.body.contains("Corrected since the close."), "[\(database)]")
            XCTAssertTrue(corrected.body.contains("Revision 2 of the update was submitted on"), "[\(database)]")
            XCTAssertTrue(corrected.body.contains("href=\"/status-updates/\(try XCTUnwrap(correction["updateId"] as? String))\">The correction</a>"),
                          "[\(database)]")
            XCTAssertTrue(corrected.body.contains("August: hub late") && !corrected.body.contains("August, corrected later"), "[\(database)]")
            // A project that reported August only after it closed: its report is made now, and says so;
            // the portfolio report as at August still holds nothing from it.
            let lateReport = try await office.json(.GET, "/api/v1/projects/\(late.id.lowercasedText)/highlight-report?period=2026-08")
            XCTAssertTrue(lateReport.jsonObject["asAt"] is NSNull, "[\(database)]")
            XCTAssertEqual((lateReport.jsonObject["afterClose"] as? [String: Any])?["kind"] as? String, "late-update", "[\(database)]")
            let latePage = try await office.get("/projects/\(late.id.lowercasedText)/highlight-report?period=2026-08")
            XCTAssertTrue(latePage.body.contains("Reported after the period closed."), "[\(database)]")
            XCTAssertTrue(latePage.body.contains("after August 2026 closed on 21 September 2026"), "[\(database)]")
            XCTAssertFalse(after.report.body.contains("Project late"), "[\(database)]")
            let open = try await office.json(.GET, "/api/v1/projects/\(system.id.lowercasedText)/highlight-report?period=2026-07")
            XCTAssertTrue(open.jsonObject["afterClose"] is NSNull, "[\(database)] July is open")
            for said in ["As at the close of August 2026 on 21 September 2026", "August: hub late", "Project system", "closed by portfolio"] {
                XCTAssertTrue(after.page.body.contains(said), "[\(database)] \(said)")
            }
            for changed in ["Renamed after the board", "August, corrected later", "A risk raised later"] {
                XCTAssertFalse(after.page.body.contains(changed), "[\(database)] \(changed)")
                XCTAssertFalse(after.report.body.contains(changed) || after.highlight.body.contains(changed), "[\(database)] \(changed)")
            }
            // The data did change: July, still open, and the project's own pages say so.
            let july = try await office.json(.GET, "/api/v1/reports/portfolio?period=2026-07")
            XCTAssertTrue(july.body.contains("Renamed after the board"), "[\(database)]")
            XCTAssertTrue(july.jsonObject["asAt"] is NSNull, "[\(database)]")

            // The board pack as at August is the snapshot's too.
            let admin = server.client()
            try await admin.signIn("portfolio@test.example")
            let pack = try await admin.get("/reports/board-pack?period=2026-08&project=\(system.id.lowercasedText)")
            XCTAssertEqual(pack.status, .ok, "[\(database)]")
            XCTAssertTrue(pack.body.contains("August: hub late") && pack.body.contains("As at the close of August 2026"), "[\(database)]")
            XCTAssertFalse(pack.body.contains("August, corrected later") || pack.body.contains("Renamed after the board"), "[\(database)]")
        }
    }

    /// A closed period's snapshot is kept in parts (a head, then its long lists a part at a time)
    /// and read back a part at a time; however small its parts, the report made from it is the
    /// same; snapshots kept whole before M047 are split by their structure, and joined again when
    /// it reverts, on both databases.
    func testASnapshotIsKeptInPartsAndReadBackAPartAtATime() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let sql = server.app.db as! any SQLDatabase
            try await PortfolioReportTests.reported(store, world)
            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            let closed = try await office.json(.POST, "/api/v1/reporting-periods/2026-08/closure", [:])
            XCTAssertEqual(closed.status, .created, "[\(database)] \(closed.body)")
            let before = try frozen(try await office.json(.GET, "/api/v1/reports/portfolio?period=2026-08").body)
            let row = try await sql.raw("SELECT id FROM period_closures").first()
            let id = try XCTUnwrap(try row?.decode(column: "id", as: UUID.self))
            func stored() async throws -> [PeriodSnapshot.StoredPart] {
                try await sql.raw("SELECT list, body FROM period_snapshot_parts WHERE closure_id = \(bind: id) ORDER BY position").all().map {
                    PeriodSnapshot.StoredPart(list: try $0.decode(column: "list", as: String?.self), body: try $0.decode(column: "body", as: String.self))
                }
            }
            /// The report as a new instance makes it, from what is stored now.
            let found = try await store.person(email: "portfolio@test.example")
            let person = try XCTUnwrap(found)
            func madeAgain() async throws -> NSDictionary {
                let fresh = Store(server.app.db, instance: StoreInstance())
                let report = try await ReportWorkflows(fresh).portfolio(PortfolioQuery(), periodKey: "2026-08", today: CalendarDate("2026-09-21")!,
                                                                        by: Acting(person))
                let dto = PortfolioReportDTO(report: report, slice: ReportsController.label(PortfolioQuery(), report.references))
                return try frozen(String(decoding: JSONText.encode(dto), as: UTF8.self))
            }
            var made = try await madeAgain()
            XCTAssertEqual(made, before, "[\(database)]")

            // As closing keeps it: the head, then each long list in one part (the test system is small).
            let kept = try await stored()
            XCTAssertNil(kept.first?.list, "[\(database)] the head first")
            let snapshot = try kept.reduce(into: PeriodSnapshot.Assembly()) { try $0.add($1) }.finished()
            let order = PeriodSnapshot.partItems.map(\.key)
            let positions = kept.dropFirst().map { part in order.firstIndex { $0 == part.list } ?? -1 }
            XCTAssertTrue(positions.allSatisfy { $0 >= 0 } && zip(positions, positions.dropFirst()).allSatisfy { $0 <= $1 }, "[\(database)] \(positions)")
            XCTAssertEqual(kept.filter { $0.list == "projects" }.count, 1, "[\(database)]")
            XCTAssertEqual(kept.filter { $0.list == "statuses" }.count, snapshot.statuses.count, "[\(database)] a period's statuses a part")
            XCTAssertEqual(snapshot.projects.count, world.projects.count, "[\(database)]")
            XCTAssertEqual(snapshot.reported.count, 3, "[\(database)] three projects reported August")

            // The smallest parts: an item (a period's statuses) a part. The same report.
            let small = try snapshot.storedParts(scale: 0.000_001)
            XCTAssertEqual(small.count, 1 + snapshot.projects.count + snapshot.statuses.count + snapshot.reported.count + snapshot.escalatedRisks.count
                           + snapshot.keyMilestones.count + snapshot.dependencies.count + snapshot.benefits.count, "[\(database)]")
            XCTAssertGreaterThan(snapshot.statuses.count, 1, "[\(database)]")
            try await sql.raw("DELETE FROM period_snapshot_parts WHERE closure_id = \(bind: id)").run()
            try await store.keepSnapshot(small, of: id)
            made = try await madeAgain()
            XCTAssertEqual(made, before, "[\(database)] a part an item")

            // Kept whole before M047: reverting joins the parts into the document the whole snapshot was.
            let migration = M047_KeepSnapshotsInParts()
            try await migration.revert(on: server.app.db)
            let wholeRow = try await sql.raw("SELECT report FROM period_closures").first()
            let whole = try XCTUnwrap(try wholeRow?.decode(column: "report", as: String.self))
            XCTAssertEqual(whole, try JSONParts.join(small), "[\(database)]")
            let decoded = try JSONDecoder.snapshots.decode(PeriodSnapshot.self, from: Data(whole.utf8))
            XCTAssertEqual(decoded.projects.count, snapshot.projects.count, "[\(database)]")
            XCTAssertEqual(decoded.statuses, snapshot.statuses, "[\(database)]")
            XCTAssertEqual(decoded.reported.map(\.id), snapshot.reported.map(\.id), "[\(database)]")
            // ...and the migration splits it by its structure, as closing would have kept it.
            try await migration.prepare(on: server.app.db)
            let split = try await stored()
            XCTAssertEqual(split.map(\.list), try decoded.storedParts().map(\.list), "[\(database)]")
            made = try await madeAgain()
            XCTAssertEqual(made, before, "[\(database)] split by M047")
            let served = try await office.json(.GET, "/api/v1/reports/portfolio?period=2026-08")
            XCTAssertEqual(try frozen(served.body), before, "[\(database)]")
        }
    }

    func testAClosedPeriodIsReadWithTodaysAccess() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let system = world.projects[.system]!
            try await PortfolioReportTests.reported(store, world)
            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            // Closed twice at once: once.
            async let first = office.json(.POST, "/api/v1/reporting-periods/2026-08/closure", [:])
            async let second = office.json(.POST, "/api/v1/reporting-periods/2026-08/closure", [:])
            let answers = [try await first, try await second].map(\.status)
            XCTAssertEqual(Set(answers), [.created, .unprocessableEntity], "[\(database)] \(answers)")

            // After the close the system project is made visible to its team only: people who could
            // read it in August no longer find it in August's report, nor its highlight report.
            let references = try await store.referenceData()
            var fields = system.fields
            fields.visibility = .team
            _ = try await store.updateProject(system.id, expectedVersion: system.version, fields: fields, references: references, by: .system)
            let projects = world.projects.values.map(\.id)
            for person in world.people.values {
                let client = server.client()
                client.bearer = try await apiToken(server, person.email)
                let (answer, shown) = try await PortfolioReportTests.reportedProjects(client, "2026-08")
                XCTAssertEqual(answer.status, .ok, "[\(database)] \(person.name)")
                let readable = try await PortfolioReportTests.readable(store, person, projects)
                XCTAssertEqual(shown, readable, "[\(database)] \(person.name) sees what they may read today")
                let highlight = try await client.json(.GET, "/api/v1/projects/\(system.id.lowercasedText)/highlight-report?period=2026-08")
                XCTAssertEqual(highlight.status, readable.contains(system.id.lowercasedText) ? .ok : .notFound, "[\(database)] \(person.name)")
                if !readable.contains(system.id.lowercasedText) {
                    XCTAssertFalse(answer.body.contains("August: hub late"), "[\(database)] \(person.name)")
                }
            }
            let viewer = server.client()
            viewer.bearer = try await apiToken(server, "viewer-other@test.example")
            let shown = try await viewer.json(.GET, "/api/v1/reports/portfolio?period=2026-08")
            XCTAssertFalse(shown.body.contains(system.id.lowercasedText), "[\(database)] no longer readable by a viewer elsewhere")
        }
    }

    /// A board opening a closed period's report together: the snapshot is decoded once, for the
    /// first request, and the others wait for it (at region scale each decoding took 10 s and
    /// 200 MB). Each still gets the report its own access allows.
    func testRequestsArrivingTogetherShareOneDecodingOfTheSnapshot() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            try await PortfolioReportTests.reported(store, world)
            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            let closed = try await office.json(.POST, "/api/v1/reporting-periods/2026-08/closure", [:])
            XCTAssertEqual(closed.status, .created, "[\(database)] \(closed.body)")
            let before = store.instance.snapshots.decodings
            let people = Array(world.people.values)
            var clients: [(Person, TestClient)] = []
            for person in people {
                let client = server.client()
                client.bearer = try await apiToken(server, person.email)
                clients.append((person, client))
            }
            let answers = try await withThrowingTaskGroup(of: (Person, Int, Set<String>).self) { group in
                for (person, client) in clients {
                    group.addTask {
                        let (answer, shown) = try await PortfolioReportTests.reportedProjects(client, "2026-08")
                        return (person, Int(answer.status.code), shown)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(store.instance.snapshots.decodings, before + 1, "[\(database)] \(people.count) requests at once, one decoding")
            let projects = world.projects.values.map(\.id)
            for (person, status, shown) in answers {
                XCTAssertEqual(status, 200, "[\(database)] \(person.name)")
                let readable = try await PortfolioReportTests.readable(store, person, projects)
                XCTAssertEqual(shown, readable, "[\(database)] \(person.name) sees what they may read")
            }
            // Kept: asked again, it is not decoded again.
            _ = try await PortfolioReportTests.reportedProjects(office, "2026-08")
            XCTAssertEqual(store.instance.snapshots.decodings, before + 1, "[\(database)]")
        }
    }

    func testTheReportingPageClosesAPeriod() async throws {
        try await withServer { server, world, database in
            try await PortfolioReportTests.reported(server.app.store, world)
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let seen = try await member.get("/reporting")
            XCTAssertTrue(seen.body.contains("Closed periods"), "[\(database)]")
            XCTAssertFalse(seen.body.contains("/reporting/periods/2026-08/close"), "[\(database)] only the portfolio office is offered the button")
            let forbidden = try await member.submit(from: "/reporting", to: "/reporting/periods/2026-08/close", [])
            XCTAssertEqual(forbidden.status, .forbidden, "[\(database)]")

            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let page = try await office.get("/reporting")
            XCTAssertTrue(page.body.contains("/reporting/periods/2026-08/close"), "[\(database)]")
            XCTAssertFalse(page.body.contains("/reporting/periods/2026-09/close"), "[\(database)] September is not yet due")
            let early = try await office.submit(from: "/reporting", to: "/reporting/periods/2026-09/close", [])
            XCTAssertEqual(early.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(early.body.contains("There is a problem") && early.body.contains("#close-2026-09"), "[\(database)] \(early.body)")
            let done = try await office.submit(from: "/reporting", to: "/reporting/periods/2026-08/close", [])
            XCTAssertEqual(done.status, .seeOther, "[\(database)] \(done.body)")
            let after = try await office.get("/reporting?notice=closed")
            XCTAssertTrue(after.body.contains("The period was closed") && after.body.contains("Closed 21 September 2026 by portfolio"), "[\(database)]")
            let report = try await office.get("/reports/portfolio?period=2026-08")
            XCTAssertTrue(report.body.contains("August 2026 (closed)") && report.body.contains("As at the close of August 2026"), "[\(database)]")
            let recorded = try await server.app.store.history(ofKinds: ["reporting-period"], page: PageRequest(perPage: 10))
            XCTAssertEqual(recorded.items.map(\.event), [.periodClosed], "[\(database)]")
            XCTAssertEqual(recorded.items.first?.actorName, "portfolio", "[\(database)]")
        }
    }
}
