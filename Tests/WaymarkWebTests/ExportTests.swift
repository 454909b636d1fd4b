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

    /// Every download of a log or register is also an Excel workbook (`format=xlsx`), with the CSV's
    /// columns and rows, its dates as dates and its scores as numbers; the pages link both.
    func testEveryDownloadIsAlsoAnExcelWorkbook() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let owner = world.teamPerson.id
            _ = try await store.createRisk(projectID: project.id, fields: RiskFields(
                title: "=Staffing", ownerID: owner, inherent: RiskRating(likelihood: .likely, consequence: .major),
                current: RiskRating(likelihood: .possible, consequence: .major), target: RiskRating(likelihood: .rare, consequence: .minor),
                reviewDate: CalendarDate("2026-09-01")!), settings: try await store.riskSettings(), by: .system)
            _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                title: "Pilot live", ownerID: owner, forecastDate: CalendarDate("2026-10-01")!), by: .system)
            _ = try await store.createDependency(projectID: project.id, fields: DependencyFields(
                title: "PAS upgrade", external: "Supplier", neededBy: CalendarDate("2026-10-01")!, ownerID: owner), by: .system)

            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let base = "/projects/\(project.id.lowercasedText)/export/"
            var paths = ProjectLog.allCases.map { base + $0.rawValue }
            paths += ["/exports/dependency-register?status=all", "/exports/key-milestones?window=90", "/exports/benefits-register", "/exports/my-work?window=30"]
            for path in paths {
                let csv = try await browser.get(path)
                XCTAssertEqual(csv.status, .ok, "[\(database)] \(path)")
                let csvLines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                let workbook = try await browser.get(path + (path.contains("?") ? "&" : "?") + "format=xlsx")
                XCTAssertEqual(workbook.status, .ok, "[\(database)] \(path)")
                XCTAssertEqual(workbook.headers.contentType?.subType, "vnd.openxmlformats-officedocument.spreadsheetml.sheet", "[\(database)] \(path)")
                XCTAssertTrue(workbook.headers.first(name: .contentDisposition)?.hasSuffix(".xlsx\"") == true, "[\(database)] \(path)")
                let book = try PortfolioTableTests.workbook(workbook.data)
                let header = book.cells.filter { $0.key.hasSuffix("1") && $0.key.dropLast().allSatisfy(\.isLetter) }
                XCTAssertEqual(header.count, try CSVReader(string: String(csvLines[0].dropFirst()), hasHeaderRow: false).next()?.count,
                               "[\(database)] \(path): the CSV's columns")
                let rows = Set(book.cells.keys.compactMap { Int($0.drop { $0.isLetter }) }).count
                XCTAssertEqual(rows, csvLines.count, "[\(database)] \(path): the CSV's rows, and its header")
            }
            let risks = try PortfolioTableTests.workbook(try await browser.get(base + "risks?format=xlsx").data)
            XCTAssertEqual(risks.column("Title"), ["=Staffing"], "[\(database)] text, never a formula")
            XCTAssertEqual(risks.column("Current score"), ["12"], "[\(database)]")
            XCTAssertNil(risks.cells.first { $0.value.value == "12" }?.value.type, "[\(database)] a score is a number")
            XCTAssertEqual(risks.column("Review date"), [String(CalendarDate("2026-09-01")!.daysSinceEpoch + 25_569)], "[\(database)] a date")
            let plan = try PortfolioTableTests.workbook(try await browser.get(base + "plan?format=xlsx").data)
            XCTAssertEqual(plan.column("Forecast"), [String(CalendarDate("2026-10-01")!.daysSinceEpoch + 25_569)], "[\(database)]")
            let refused = try await browser.get(base + "risks?format=pdf")
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)] a format other than csv or xlsx")
            let page = try await browser.get("/projects/\(project.id.lowercasedText)/risks")
            XCTAssertTrue(page.body.contains("href=\"\(base)risks?format=xlsx\" download"), "[\(database)] the page links the workbook")
            let register = try await browser.get("/dependencies?status=all")
            XCTAssertTrue(register.body.contains("format=xlsx\" download"), "[\(database)] a register's page links its workbook")
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
