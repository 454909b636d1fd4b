import CSV
import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// CSV downloads of logs and registers: read back by an independent CSV reader, holding what the
/// page holds and never a row of a project the person may not read.
final class ExportTests: XCTestCase {
    /// The rows of a CSV download as dictionaries by header, after checking it is one.
    static func rows(_ response: TestResponse, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: String]] {
        XCTAssertEqual(response.status, .ok, response.body, file: file, line: line)
        XCTAssertEqual(response.headers.contentType?.subType, "csv", file: file, line: line)
        XCTAssertTrue(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=") == true, file: file, line: line)
        XCTAssertTrue(response.body.hasPrefix("\u{FEFF}"), "a byte-order mark for spreadsheets", file: file, line: line)
        let reader = try CSVReader(string: String(response.body.dropFirst()), hasHeaderRow: true)
        var rows: [[String: String]] = []
        while reader.next() != nil { rows.append(reader.currentRow.map { Dictionary(uniqueKeysWithValues: zip(reader.headerRow ?? [], $0)) } ?? [:]) }
        return rows
    }

    func testCellsAreQuotedAndFormulasNeverRun() throws {
        var table = CSVTable(filename: "x", headers: ["Title", "Number"])
        table.add(["=HYPERLINK(\"http://evil\")", "-3"])
        table.add(["Line one\nline two, with \"quotes\"", "@SUM(A1)"])
        table.add(["-not a number", "+44 1632"])
        let text = try table.text()
        XCTAssertTrue(text.hasPrefix("\u{FEFF}Title,Number\r\n"), text)
        let reader = try CSVReader(string: String(text.dropFirst()), hasHeaderRow: true)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        XCTAssertEqual(rows, [["'=HYPERLINK(\"http://evil\")", "-3"], ["Line one\nline two, with \"quotes\"", "'@SUM(A1)"],
                              ["'-not a number", "'+44 1632"]])
    }

    func testEachLogDownloadsWhatItsPageShows() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let owner = world.teamPerson.id
            let risk = try await store.createRisk(projectID: project.id, fields: RiskFields(
                title: "=Staffing, \"gaps\"", ownerID: owner, inherent: RiskRating(likelihood: .likely, consequence: .major),
                current: RiskRating(likelihood: .possible, consequence: .major), target: RiskRating(likelihood: .rare, consequence: .minor),
                reviewDate: CalendarDate("2026-09-01")!), settings: try await store.riskSettings(), by: .system)
            _ = try await store.createIssue(projectID: project.id, fields: IssueFields(title: "Go-live slipped", ownerID: owner,
                                                                                        raisedOn: CalendarDate("2026-09-01")!), by: .system)
            let assumption = try await store.createAssumption(projectID: project.id, fields: AssumptionFields(
                statement: "Staff are released", ownerID: owner, validateBy: CalendarDate("2026-09-30")!), by: .system)
            _ = try await store.createAction(projectID: project.id, fields: ActionFields(
                item: .risk(risk.id), title: "Agree the rota", ownerID: owner, dueDate: CalendarDate("2026-09-10")!), by: .system)
            _ = try await store.createDecision(projectID: project.id, fields: DecisionFields(
                title: "Pilot first", decidedOn: CalendarDate("2026-09-01")!, board: "Programme board",
                links: [.risk(risk.id), .assumption(assumption.id)]), by: .system)
            _ = try await store.createDependency(projectID: project.id, fields: DependencyFields(
                title: "PAS upgrade", external: "Supplier", neededBy: CalendarDate("2026-10-01")!, ownerID: owner), by: .system)
            _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                title: "Pilot live", ownerID: owner, forecastDate: CalendarDate("2026-10-01")!), by: .system)

            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let base = "/projects/\(project.id.lowercasedText)/export/"
            let risks = try Self.rows(try await browser.get(base + "risks"))
            XCTAssertEqual(risks.count, 1, "[\(database)]")
            XCTAssertEqual(risks.first?["Title"], "'=Staffing, \"gaps\"", "[\(database)]")
            XCTAssertEqual(risks.first?["Current score"], "12", "[\(database)]")
            XCTAssertEqual(risks.first?["Owner"], "teammate", "[\(database)]")
            XCTAssertEqual(risks.first?["Review overdue"], "Yes", "[\(database)]")
            let issues = try Self.rows(try await browser.get(base + "issues"))
            XCTAssertEqual(issues.map { $0["Title"] }, ["Go-live slipped"], "[\(database)]")
            let assumptions = try Self.rows(try await browser.get(base + "assumptions"))
            XCTAssertEqual(assumptions.map { $0["Status"] }, ["Not yet validated"], "[\(database)]")
            let actions = try Self.rows(try await browser.get(base + "actions"))
            XCTAssertEqual(actions.first?["For"], "R1 =Staffing, \"gaps\"", "[\(database)] not guarded: it does not start a cell")
            XCTAssertEqual(actions.first?["Overdue"], "Yes", "[\(database)]")
            let decisions = try Self.rows(try await browser.get(base + "decisions"))
            XCTAssertEqual(decisions.first?["Bears on"], "R1 =Staffing, \"gaps\"; A1 Staff are released", "[\(database)]")
            XCTAssertEqual(decisions.first?["Decided by"], "Programme board", "[\(database)]")
            let dependencies = try Self.rows(try await browser.get(base + "dependencies"))
            XCTAssertEqual(dependencies.first?["Depends on"], "Supplier (outside Waymark)", "[\(database)]")
            let plan = try Self.rows(try await browser.get(base + "plan"))
            XCTAssertEqual(plan.map { $0["Milestone"] }, ["Pilot live"], "[\(database)]")
            let unknown = try await browser.get(base + "budgets").status
            XCTAssertEqual(unknown, .notFound, "[\(database)]")
            let page = try await browser.get("/projects/\(project.id.lowercasedText)/actions")
            XCTAssertTrue(page.body.contains("href=\"\(base)actions\" download"), "[\(database)] the page links its download")
        }
    }

    /// Every person's downloads of the registers and of each project's log hold exactly what they
    /// may read: a team-only project's rows reach no one outside its team.
    /// A register's download is one reading of the whole register, however many pages it would
    /// fill on screen (read a hundred at a time, a change between two reads would move items
    /// across the boundary).
    func testARegisterDownloadHoldsEveryItemOnce() async throws {
        try await withServer { server, world, database in
            let project = try XCTUnwrap(world.projects[.organisation])
            for number in 1...130 {
                _ = try await server.app.store.createDependency(projectID: project.id, fields: DependencyFields(
                    title: "Dependency \(number)", external: "Supplier", neededBy: CalendarDate("2026-10-01")!.adding(days: number),
                    ownerID: world.teamPerson.id), by: .system)
            }
            let client = server.client()
            try await client.signIn(world.teamPerson.email)
            let rows = try Self.rows(try await client.get("/exports/dependency-register?status=all"))
            let titles = rows.compactMap { $0["Title"] }
            XCTAssertEqual(titles.count, 130, "[\(database)]")
            XCTAssertEqual(Set(titles), Set((1...130).map { "Dependency \($0)" }), "[\(database)]")
        }
    }

    func testNoDownloadHoldsAProjectItsReaderMayNotRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let settings = try await store.riskSettings()
            for (visibility, project) in world.projects {
                let risk = try await store.createRisk(projectID: project.id, fields: RiskFields(
                    title: "Risk of \(visibility)", ownerID: world.teamPerson.id, inherent: RiskRating(likelihood: .almostCertain, consequence: .catastrophic),
                    current: RiskRating(likelihood: .almostCertain, consequence: .catastrophic),
                    target: RiskRating(likelihood: .rare, consequence: .minor)), settings: settings, by: .system)
                _ = try await store.escalateRisk(risk.id, expectedVersion: risk.version, to: RiskEscalation(level: .system, reason: "Everyone"),
                                                 by: .system)
                let issue = try await store.createIssue(projectID: project.id, fields: IssueFields(
                    title: "Issue of \(visibility)", priority: .critical, ownerID: world.teamPerson.id, raisedOn: CalendarDate("2026-09-01")!),
                    by: .system)
                _ = try await store.escalateIssue(issue.id, expectedVersion: issue.version, to: RiskEscalation(level: .system, reason: "All"),
                                                  by: .system)
                _ = try await store.createDependency(projectID: project.id, fields: DependencyFields(
                    title: "Dependency of \(visibility)", external: "Supplier", neededBy: CalendarDate("2026-10-01")!,
                    ownerID: world.teamPerson.id), by: .system)
                _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                    title: "Milestone of \(visibility)", ownerID: world.teamPerson.id, forecastDate: CalendarDate("2026-10-01")!,
                    isKey: true), by: .system)
            }
            for person in world.people.values {
                let client = server.client()
                try await client.signIn(person.email)
                func reads(_ project: Project) -> Bool {
                    AccessPolicy.canRead(person.actor, project.accessFacts(actorTeamRole: world.teamPerson.id == person.id ? .member : nil))
                }
                let readable = world.projects.filter { reads($0.value) }
                func expected(_ noun: String) -> Set<String> { Set(readable.keys.map { "\(noun) of \($0)" }) }
                let risks = try Self.rows(try await client.get("/exports/system-risk-register?status=all"))
                XCTAssertEqual(Set(risks.compactMap { $0["Title"] }), expected("Risk"), "[\(database)] \(person.name)")
                let issues = try Self.rows(try await client.get("/exports/system-issue-register"))
                XCTAssertEqual(Set(issues.compactMap { $0["Title"] }), expected("Issue"), "[\(database)] \(person.name)")
                let dependencies = try Self.rows(try await client.get("/exports/dependency-register?status=all"))
                XCTAssertEqual(Set(dependencies.compactMap { $0["Title"] }), expected("Dependency"), "[\(database)] \(person.name)")
                let milestones = try Self.rows(try await client.get("/exports/key-milestones?window=90"))
                XCTAssertEqual(Set(milestones.compactMap { $0["Milestone"] }), expected("Milestone"), "[\(database)] \(person.name)")
                for (visibility, project) in world.projects {
                    for log in ProjectLog.allCases {
                        let answer = try await client.get("/projects/\(project.id.lowercasedText)/export/\(log.rawValue)")
                        XCTAssertEqual(answer.status, reads(project) ? .ok : .notFound, "[\(database)] \(person.name) \(visibility) \(log)")
                        if !reads(project) { XCTAssertFalse(answer.body.contains("of \(visibility)"), "[\(database)]") }
                    }
                }
            }
        }
    }
}
