import Foundation
import SQLKit
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import WaymarkWorkflows
import XCTest

/// The portfolio report through the page and the API on both databases: the period it defaults
/// to, what each project reported for it with every rating, movement since the period before, the
/// exceptions, a slice by organisation, periods refused, and for every person of the fixture
/// world exactly the projects the access policy lets them read.
final class PortfolioReportTests: XCTestCase {
    /// Submits a project's update for a period with these overall and schedule statuses.
    static func report(_ store: Store, _ project: Project, _ key: String, _ overall: RAG, why: String = "", summary: String) async throws {
        var fields = StatusUpdateFields(overall: Rating(overall, why), narrative: [.summary: summary])
        for dimension in StatusDimension.allCases { fields.dimensions[dimension] = Rating(dimension == .schedule ? overall : .green, why) }
        let period = ReportingPeriod(key: key, months: 1)!
        let started = try await store.startStatusUpdate(projectID: project.id, period: period, fields: fields, by: .system)
        _ = try await store.saveStatusUpdate(started.update.id, expectedVersion: started.update.version, fields: fields, submit: true, by: .system)
    }

    func testTheReportSaysWhatEachProjectReportedAndHowItMoved() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let system = world.projects[.system]!, organisation = world.projects[.organisation]!, team = world.projects[.team]!
            try await Self.reported(store, world)
            let references = try await store.referenceData()
            let partnerLed = try await store.createProject(ProjectFields(
                title: "Partner's own project", summary: "Led by the partner", leadOrganisationID: world.partner.id, methodology: .project,
                stageID: references.stages[0].id, visibility: .system), references: references, by: .system)

            let admin = server.client()
            try await admin.signIn("admin@test.example")
            // 21 September 2026: September's update is not yet due (7 October), so August's report is the default.
            let page = try await admin.get("/reports/portfolio")
            XCTAssertEqual(page.status, .ok, "[\(database)] \(page.body)")
            for expected in ["Portfolio report, August 2026", "The whole system", "from the status updates submitted for August 2026 (due 7 September 2026)",
                             "The hub opening slipped a month", "August: hub late", "Recruitment behind plan",
                             "1 worsened", "2 reported for the first time", "Not reported for August 2026", "Partner&#39;s own project",
                             "highlight-report?period=2026-08"] {
                XCTAssertTrue(page.body.contains(expected), "[\(database)] \(expected)")
            }
            let exceptions = try XCTUnwrap(page.body.components(separatedBy: "id=\"report-exceptions\"").last?.components(separatedBy: "id=\"report-projects\"").first)
            let red = try XCTUnwrap(exceptions.range(of: "Project system")), amber = try XCTUnwrap(exceptions.range(of: "Project organisation"))
            XCTAssertLessThan(red.lowerBound, amber.lowerBound, "[\(database)] red first")
            XCTAssertFalse(exceptions.contains("Project team"), "[\(database)] green is no exception")

            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let july = try await api.json(.GET, "/api/v1/reports/portfolio?period=2026-07")
            XCTAssertEqual(july.status, .ok, "[\(database)] \(july.body)")
            XCTAssertEqual((july.jsonObject["counts"] as? [String: Int])?["green"], 1, "[\(database)]")
            let august = try await api.json(.GET, "/api/v1/reports/portfolio")
            XCTAssertEqual(august.jsonObject["period"] as? String, "2026-08", "[\(database)]")
            let counts = try XCTUnwrap(august.jsonObject["counts"] as? [String: Int])
            XCTAssertEqual([counts["red"], counts["amber"], counts["green"], counts["blue"], counts["notReported"]], [1, 1, 1, 0, 1], "[\(database)]")
            let lines = try XCTUnwrap(august.jsonObject["projects"] as? [[String: Any]])
            let systemLine = try XCTUnwrap(lines.first { $0["projectId"] as? String == system.id.lowercasedText })
            XCTAssertEqual(systemLine["overall"] as? String, "red", "[\(database)]")
            XCTAssertEqual(systemLine["previous"] as? String, "green", "[\(database)]")
            XCTAssertEqual(systemLine["movement"] as? String, "worsened", "[\(database)]")
            XCTAssertEqual((systemLine["dimensions"] as? [String: Any])?["schedule"] as? String, "red", "[\(database)]")
            let partnerLine = try XCTUnwrap(lines.first { $0["projectId"] as? String == partnerLed.id.lowercasedText })
            XCTAssertTrue(partnerLine["overall"] is NSNull, "[\(database)] not reported")
            XCTAssertNotNil(august.jsonObject["dashboard"] as? [String: Any], "[\(database)]")

            // A slice: the partner's projects only.
            let slice = try await api.json(.GET, "/api/v1/reports/portfolio?organisation=\(world.partner.id.lowercasedText)")
            XCTAssertEqual((slice.jsonObject["projects"] as? [[String: Any]])?.compactMap { $0["projectId"] as? String }, [partnerLed.id.lowercasedText],
                           "[\(database)]")
            XCTAssertEqual(slice.jsonObject["slice"] as? String, "Led by Partner Trust", "[\(database)]")
            let slicedPage = try await admin.get("/reports/portfolio?organisation=\(world.partner.id.lowercasedText)&period=2026-08")
            XCTAssertFalse(slicedPage.body.contains("Project system"), "[\(database)]")
            for refused in ["2025-01", "2026-12", "August", "2026-08&period=2026-07"] {
                let answer = try await api.json(.GET, "/api/v1/reports/portfolio?period=\(refused)")
                XCTAssertEqual(answer.status, .unprocessableEntity, "[\(database)] \(refused)")
            }
            let badPage = try await admin.get("/reports/portfolio?period=1999-01")
            XCTAssertEqual(badPage.status, .unprocessableEntity, "[\(database)]")

            // Everyone sees exactly the projects they may read, and nothing of the others.
            for person in world.people.values {
                let client = server.client()
                client.bearer = try await apiToken(server, person.email)
                let (answer, shown) = try await Self.reportedProjects(client, "2026-08")
                XCTAssertEqual(answer.status, .ok, "[\(database)] \(person.name)")
                let readable = try await Self.readable(store, person, [system, organisation, team, partnerLed].map(\.id))
                XCTAssertEqual(shown, readable, "[\(database)] \(person.name)")
                if !readable.contains(team.id.lowercasedText) {
                    XCTAssertFalse(answer.body.contains("August: fine"), "[\(database)] \(person.name)")
                }
            }
        }
    }

    /// The API's portfolio report for `period` as `client` reads it, and the ids of its projects.
    static func reportedProjects(_ client: TestClient, _ period: String) async throws -> (TestResponse, Set<String>) {
        let answer = try await client.json(.GET, "/api/v1/reports/portfolio?period=\(period)")
        return (answer, Set((answer.jsonObject["projects"] as? [[String: Any]] ?? []).compactMap { $0["projectId"] as? String }))
    }

    /// The ids of `projects` the access policy lets `person` read now.
    static func readable(_ store: Store, _ person: Person, _ projects: [UUID]) async throws -> Set<String> {
        var readable = Set<String>()
        for id in projects {
            let facts = try await store.projectForAccess(id, actor: person.actor)!.1
            if AccessPolicy.canRead(person.actor, facts) { readable.insert(id.lowercasedText) }
        }
        return readable
    }

    /// The fixture world with August's updates reported: the system project red (green in July),
    /// the organisation project amber, the team project green.
    static func reported(_ store: Store, _ world: World) async throws {
        try await report(store, world.projects[.system]!, "2026-07", .green, summary: "July: on track")
        try await report(store, world.projects[.system]!, "2026-08", .red, why: "The hub opening slipped a month", summary: "August: hub late")
        try await report(store, world.projects[.organisation]!, "2026-08", .amber, why: "Recruitment behind plan", summary: "August: staffing")
        try await report(store, world.projects[.team]!, "2026-08", .green, summary: "August: fine")
    }

    /// An open period's report is made once for a rule and slice while nothing it draws on
    /// changes: asked for by one reader sixteen times at once, then by a second administrator,
    /// it is made once. A change at a SQL prompt makes it anew, and a reader with other access,
    /// or another slice, gets their own, holding only what they may read.
    func testAnOpenPeriodsReportIsMadeOnceWhileNothingItDrawsOnChanges() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            try await Self.reported(store, world)
            let memo = store.instance.portfolioReports
            let second = try await store.createPerson(
                PersonFields(name: "Second administrator", email: "admin-two@test.example", role: .admin,
                             organisationID: world.partner.id, password: nil), passwordHash: World.passwordHash, by: .system)
            let admin = server.client(), other = server.client(), member = server.client()
            admin.bearer = try await apiToken(server, "admin@test.example")
            other.bearer = try await apiToken(server, second.email)
            member.bearer = try await apiToken(server, "member-other@test.example")
            let before = memo.made
            let answers = try await withThrowingTaskGroup(of: (Int, Set<String>).self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        let (answer, shown) = try await Self.reportedProjects(admin, "2026-08")
                        return (Int(answer.status.code), shown)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let everything = Set(world.projects.values.map(\.id.lowercasedText))
            XCTAssertEqual(answers.map(\.0), Array(repeating: 200, count: 16), "[\(database)]")
            XCTAssertEqual(Set(answers.map(\.1)), [everything], "[\(database)] every project, every time")
            XCTAssertEqual(memo.made, before + 1, "[\(database)] sixteen requests at once, one report made")
            // and its API document written once, for all sixteen.
            XCTAssertEqual(memo.keptValues.map(\.writings.made), [1], "[\(database)] sixteen requests at once, one document written")
            let (_, seenByOther) = try await Self.reportedProjects(other, "2026-08")
            XCTAssertEqual(seenByOther, everything, "[\(database)]")
            XCTAssertEqual(memo.made, before + 1, "[\(database)] another administrator is answered with the same report")
            XCTAssertEqual(memo.keptValues.map(\.writings.made), [1], "[\(database)] and the same document")

            // A reader with other access: their own report, with what they may read.
            let (_, seenByMember) = try await Self.reportedProjects(member, "2026-08")
            let person = try await store.person(email: "member-other@test.example")!
            let readable = try await Self.readable(store, person, world.projects.values.map(\.id))
            XCTAssertEqual(seenByMember, readable, "[\(database)]")
            XCTAssertNotEqual(seenByMember, everything, "[\(database)] the fixture hides some from them")
            XCTAssertEqual(memo.made, before + 2, "[\(database)]")
            // Another slice: made for it.
            let sliced = try await admin.json(.GET, "/api/v1/reports/portfolio?period=2026-08&status=active")
            XCTAssertEqual(sliced.status, .ok, "[\(database)] \(sliced.body)")
            XCTAssertEqual(memo.made, before + 3, "[\(database)]")

            // Renamed at a SQL prompt: the portfolio's counter moves, and the report is made anew.
            let system = world.projects[.system]!
            try await store.run("UPDATE projects SET title = 'Renamed at a prompt' WHERE id = \(bind: system.id)")
            let renamed = try await admin.json(.GET, "/api/v1/reports/portfolio?period=2026-08")
            XCTAssertTrue(renamed.body.contains("Renamed at a prompt"), "[\(database)]")
            XCTAssertEqual(memo.made, before + 4, "[\(database)]")

            // Closed, the period's report is made from its snapshot (not the live one kept for it),
            // once for sixteen requests at once; then made anew when the index moves, since it holds
            // what its reader may read today, but still as the projects were.
            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            let closure = try await office.json(.POST, "/api/v1/reporting-periods/2026-08/closure", [:])
            XCTAssertEqual(closure.status, .created, "[\(database)] \(closure.body)")
            let beforeClosed = memo.made
            let closedAnswers = try await withThrowingTaskGroup(of: (String?, Set<String>).self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        let (answer, shown) = try await Self.reportedProjects(admin, "2026-08")
                        return ((answer.jsonObject["asAt"] as? [String: Any])?["period"] as? String, shown)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(closedAnswers.map(\.0), Array(repeating: "2026-08", count: 16), "[\(database)] as at the close")
            XCTAssertEqual(Set(closedAnswers.map(\.1)), [everything], "[\(database)]")
            XCTAssertEqual(memo.made, beforeClosed + 1, "[\(database)] sixteen requests at once, one report made from the snapshot")
            try await store.run("UPDATE projects SET title = 'Renamed after the close' WHERE id = \(bind: system.id)")
            let frozen = try await admin.json(.GET, "/api/v1/reports/portfolio?period=2026-08")
            XCTAssertTrue(frozen.body.contains("Renamed at a prompt"), "[\(database)] as the project was")
            XCTAssertFalse(frozen.body.contains("Renamed after the close"), "[\(database)]")
            XCTAssertEqual(memo.made, beforeClosed + 2, "[\(database)]")
            let (_, closedForMember) = try await Self.reportedProjects(member, "2026-08")
            XCTAssertEqual(closedForMember, readable, "[\(database)]")
            XCTAssertEqual(memo.made, beforeClosed + 3, "[\(database)]")
        }
    }

    func testABoardPackHoldsTheReportAndTheChosenHighlightReports() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            try await Self.reported(store, world)
            let system = world.projects[.system]!, team = world.projects[.team]!
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let report = try await admin.get("/reports/portfolio?period=2026-08")
            XCTAssertTrue(report.body.contains("Make the board pack"), "[\(database)]")
            XCTAssertTrue(report.body.contains("value=\"\(system.id.lowercasedText)\" checked"), "[\(database)] red and amber ticked")
            XCTAssertFalse(report.body.contains("value=\"\(team.id.lowercasedText)\" checked"), "[\(database)] green not ticked")

            // By default, the red and amber projects' highlight reports.
            let pack = try await admin.get("/reports/board-pack?period=2026-08")
            XCTAssertEqual(pack.status, .ok, "[\(database)] \(pack.body)")
            for expected in ["Board pack: The whole system, August 2026", "Contents", "href=\"#portfolio-report\"",
                             "Project system: highlight report, August 2026", "Project organisation: highlight report, August 2026",
                             "The hub opening slipped a month", "Recruitment behind plan"] {
                XCTAssertTrue(pack.body.contains(expected), "[\(database)] \(expected)")
            }
            XCTAssertFalse(pack.body.contains("Project team: highlight report"), "[\(database)]")
            let chosen = try await admin.get("/reports/board-pack?period=2026-08&project=\(team.id.lowercasedText)")
            XCTAssertTrue(chosen.body.contains("Project team: highlight report, August 2026"), "[\(database)]")
            XCTAssertFalse(chosen.body.contains("Project system: highlight report"), "[\(database)] only the one chosen")
            let references = try await store.referenceData()
            let silent = try await store.createProject(ProjectFields(title: "Silent project", summary: "Never reported", leadOrganisationID: world.lead.id,
                                                                     methodology: .project, stageID: references.stages[0].id, visibility: .system),
                                                       references: references, by: .system)
            for refused in ["nonsense", UUID().uuidString, silent.id.lowercasedText] {
                let answer = try await admin.get("/reports/board-pack?period=2026-08&project=\(refused)")
                XCTAssertEqual(answer.status, .unprocessableEntity, "[\(database)] \(refused)")
            }
            // A project the reader may not read is not theirs to choose, and says nothing of itself.
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            let hidden = try await outsider.get("/reports/board-pack?period=2026-08&project=\(team.id.lowercasedText)")
            XCTAssertEqual(hidden.status, .unprocessableEntity, "[\(database)]")
            XCTAssertFalse(hidden.body.contains("August: fine"), "[\(database)]")
            let theirs = try await outsider.get("/reports/board-pack?period=2026-08")
            XCTAssertFalse(theirs.body.contains("Project team"), "[\(database)]")
        }
    }

    /// A report longer than a page lists each of its lists a page at a time, each paged on its
    /// own: the pages together hold every line once, in the report's order; a page past the last
    /// shows the last; a page that is no number is refused. The board pack form offers what the
    /// page lists, the first red and amber ticked up to a pack's limit, and a pack chosen by default
    /// holds those and says how many it left out.
    func testALongReportListsItsLinesAPageAtATime() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            try await Self.reported(store, world)
            let references = try await store.referenceData()
            for number in 1...112 {
                let project = try await store.createProject(ProjectFields(
                    title: String(format: "Paged project %03d", number), summary: "One of many", leadOrganisationID: world.lead.id,
                    methodology: .project, stageID: references.stages[0].id, visibility: .system), references: references, by: .system)
                // 56 more exceptions (every fourth red), the rest not reported.
                if number <= 56 { try await Self.report(store, project, "2026-08", number % 4 == 0 ? .red : .amber, summary: "Paged \(number)") }
            }
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let answer = try await api.json(.GET, "/api/v1/reports/portfolio?period=2026-08")
            let lines = try XCTUnwrap(answer.jsonObject["projects"] as? [[String: Any]])
            func name(_ line: [String: Any]) -> String { "\(line["projectCode"] as? String ?? "") \(line["projectTitle"] as? String ?? "")" }
            let every = lines.map(name)
            let exceptionLines = lines.enumerated().filter { ["red", "amber"].contains($0.element["overall"] as? String) }.sorted { a, b in
                func rank(_ line: [String: Any]) -> Int { (line["overall"] as? String == "red" ? 0 : 2) + (line["movement"] as? String == "worsened" ? 0 : 1) }
                return (rank(a.element), a.offset) < (rank(b.element), b.offset)
            }.map(\.element)
            let exceptions = exceptionLines.map(name)
            let notReported = lines.filter { $0["overall"] is NSNull }.map(name)
            XCTAssertEqual(exceptions.count, 58, "[\(database)]")
            XCTAssertGreaterThan(every.count, 100, "[\(database)]")
            XCTAssertGreaterThan(notReported.count, 50, "[\(database)]")

            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let sections = [("exceptions", "id=\"report-exceptions\"", "id=\"report-projects\"", exceptions),
                            ("projects", "id=\"report-projects\"", "id=\"not-reported\"", every),
                            ("not_reported", "id=\"not-reported\"", "id=\"report-gates\"", notReported)]
            for (list, from, to, expected) in sections {
                let pageCount = (expected.count + 49) / 50
                var seen: [String] = []
                for number in 1...pageCount {
                    // The other lists on a later page: each list's links keep them where they are.
                    let others = sections.map(\.0).filter { $0 != list }.map { "&\($0)_page=2" }.joined()
                    let page = try await admin.get("/reports/portfolio?period=2026-08&\(list)_page=\(number)" + others)
                    XCTAssertEqual(page.status, .ok, "[\(database)] \(list) \(number)")
                    let section = Self.between(page.body, from, to)
                    let shown = Self.listed(section)
                    XCTAssertEqual(shown.count, number < pageCount ? 50 : expected.count - 50 * (pageCount - 1), "[\(database)] \(list) \(number)")
                    seen += shown
                    XCTAssertTrue(section.contains("Page \(number) of \(pageCount) · \(expected.count) projects"), "[\(database)] \(list) \(number)")
                    if number < pageCount {
                        let next = "\(list)_page=\(number + 1)#\(from.dropFirst(4).dropLast())\" rel=\"next\""
                        XCTAssertTrue(section.contains(next), "[\(database)] \(list) \(number): \(next)")
                        for other in sections.map(\.0) where other != list {
                            XCTAssertTrue(section.contains("\(other)_page=2"), "[\(database)] \(list) keeps \(other)")
                        }
                    }
                    // Each list's pages are named apart, for assistive technology.
                    XCTAssertEqual(page.body.components(separatedBy: "aria-label=\"Pages of ").count - 1, 3, "[\(database)]")
                    // The downloads and the filter form are of the slice, not of a page of it.
                    XCTAssertFalse(page.body.contains("_page=\(number)&amp;format="), "[\(database)]")
                    XCTAssertFalse(page.body.contains("name=\"\(list)_page\""), "[\(database)]")
                }
                XCTAssertEqual(seen, expected, "[\(database)] \(list): every line once, in the report's order")
                let past = try await admin.get("/reports/portfolio?period=2026-08&\(list)_page=99")
                XCTAssertEqual(Self.listed(Self.between(past.body, from, to)), Array(expected.suffix(expected.count - 50 * (pageCount - 1))),
                               "[\(database)] \(list): past the last page, the last")
                // "2.0" is page 2, as every list's page reads it.
                let decimal = try await admin.get("/reports/portfolio?period=2026-08&\(list)_page=2.0")
                XCTAssertEqual(Self.listed(Self.between(decimal.body, from, to)), Array(expected[50..<min(100, expected.count)]),
                               "[\(database)] \(list): 2.0 is page 2")
                let refused = try await admin.get("/reports/portfolio?period=2026-08&\(list)_page=second")
                XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)] \(list)")
                XCTAssertTrue(refused.body.contains("\(list)_page must be a whole number"), "[\(database)] \(list)")
            }

            // The pack form offers the reported projects this page lists, the first 25 red and amber ticked.
            let first = try await admin.get("/reports/portfolio?period=2026-08")
            let form = Self.between(first.body, "id=\"pack-heading\"", "</form>")
            let ticked = exceptionLines.prefix(BoardPack.projectLimit).compactMap { $0["projectId"] as? String }
            XCTAssertEqual(form.components(separatedBy: " checked").count - 1, BoardPack.projectLimit, "[\(database)]")
            for id in ticked { XCTAssertTrue(form.contains("value=\"\(id)\" checked"), "[\(database)] \(id)") }
            let listedOnFirst = Set(exceptions.prefix(50) + every.prefix(50))
            let offered = lines.filter { !($0["overall"] is NSNull) && listedOnFirst.contains(name($0)) }
            XCTAssertEqual(form.components(separatedBy: "name=\"project\"").count - 1, offered.count, "[\(database)]")
            XCTAssertTrue(form.contains("Offered: the \(offered.count) that reported among the projects this page lists, of 59 that reported"),
                          "[\(database)]")

            // A pack chosen by default: the first 25 red and amber, and how many it left out.
            let pack = try await admin.get("/reports/board-pack?period=2026-08")
            XCTAssertEqual(pack.status, .ok, "[\(database)]")
            XCTAssertTrue(pack.body.contains("with 25 highlight reports"), "[\(database)]")
            XCTAssertTrue(pack.body.contains("the first 25 of the 58 red and amber projects"), "[\(database)]")
            for line in exceptionLines.prefix(BoardPack.projectLimit) {
                XCTAssertTrue(pack.body.contains("\(name(line)): highlight report, August 2026"), "[\(database)] \(name(line))")
            }
            XCTAssertFalse(pack.body.contains("\(name(exceptionLines[BoardPack.projectLimit])): highlight report"), "[\(database)]")
            XCTAssertTrue(pack.body.contains("The first 50 of 58 are listed here"), "[\(database)] the pack prints a list's first page")
        }
    }

    /// The text of `body` from `from` to the next `to` after it.
    static func between(_ body: String, _ from: String, _ to: String) -> String {
        guard let start = body.range(of: from) else { return "" }
        let rest = body[start.upperBound...]
        return String(rest[..<(rest.range(of: to)?.lowerBound ?? rest.endIndex)])
    }

    /// The projects a report's section lists: its rows' or items' links (not its pages').
    static func listed(_ section: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "<(?:th scope=\"row\"|li)><a ([^>]*)>([^<]*)</a>")
        let text = section as NSString
        return pattern.matches(in: section, range: NSRange(location: 0, length: text.length))
            .filter { !text.substring(with: $0.range(at: 1)).contains("rel=\"") }
            .map { text.substring(with: $0.range(at: 2)).replacingOccurrences(of: "&#39;", with: "'") }
    }

    func testTheAPISendsTheBoardPackWithOnlyWhatItsReaderMayRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            try await Self.reported(store, world)
            let system = world.projects[.system]!, organisation = world.projects[.organisation]!, team = world.projects[.team]!
            let admin = server.client()
            admin.bearer = try await apiToken(server, "admin@test.example")
            // By default the red and amber projects' highlight reports, in the report's order.
            let pack = try await admin.json(.GET, "/api/v1/reports/board-pack?period=2026-08")
            XCTAssertEqual(pack.status, .ok, "[\(database)] \(pack.body)")
            XCTAssertEqual(pack.jsonObject["title"] as? String, "Board pack: The whole system, August 2026", "[\(database)]")
            let report = pack.jsonObject["portfolioReport"] as? [String: Any] ?? [:]
            XCTAssertEqual(report["period"] as? String, "2026-08", "[\(database)]")
            XCTAssertEqual((report["counts"] as? [String: Any])?["red"] as? Int, 1, "[\(database)]")
            let highlights = pack.jsonObject["highlightReports"] as? [[String: Any]] ?? []
            XCTAssertEqual(Set(highlights.compactMap { $0["projectId"] as? String }), [system.id.lowercasedText, organisation.id.lowercasedText],
                           "[\(database)]")
            let red = highlights.first { $0["projectId"] as? String == system.id.lowercasedText }
            let update = red?["update"] as? [String: Any]
            XCTAssertEqual(update?["overallJustification"] as? String, "The hub opening slipped a month", "[\(database)] \(update ?? [:])")
            XCTAssertEqual(red?["movement"].flatMap { ($0 as? [String: Any])?["overall"] as? String }, "worsened", "[\(database)]")

            // Chosen projects: those only, each one a project of the report that reported.
            let chosen = try await admin.json(.GET, "/api/v1/reports/board-pack?period=2026-08&project=\(team.id.lowercasedText)")
            XCTAssertEqual((chosen.jsonObject["highlightReports"] as? [[String: Any]])?.compactMap { $0["projectCode"] as? String }, [team.code], "[\(database)]")
            for (query, field) in [("period=2026-08&project=nonsense", "project"), ("period=2026-08&project=\(UUID().uuidString)", "project"),
                                   ("period=1999-01", "period"), ("period=2026-08&organisation=nonsense", "organisation")] {
                let refused = try await admin.json(.GET, "/api/v1/reports/board-pack?" + query)
                XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)] \(query)")
                XCTAssertEqual(refused.headers.contentType?.description.hasPrefix("application/problem+json"), true, "[\(database)] \(query)")
                XCTAssertTrue(refused.body.contains("\"field\":\"\(field)\""), "[\(database)] \(query): \(refused.body)")
            }
            let tooMany = (0...BoardPack.projectLimit).map { _ in "project=" + UUID().uuidString }.joined(separator: "&")
            let refusedMany = try await admin.json(.GET, "/api/v1/reports/board-pack?period=2026-08&" + tooMany)
            XCTAssertEqual(refusedMany.status, .unprocessableEntity, "[\(database)]")

            // Everyone gets the report of the projects they may read, and may choose only those.
            let every = [system, organisation, team].map { "project=" + $0.id.lowercasedText }.joined(separator: "&")
            for person in world.people.values {
                let client = server.client()
                client.bearer = try await apiToken(server, person.email)
                let readable = try await Self.readable(store, person, world.projects.values.map(\.id))
                let theirs = try await client.json(.GET, "/api/v1/reports/board-pack?period=2026-08")
                XCTAssertEqual(theirs.status, .ok, "[\(database)] \(person.name)")
                let lines = (theirs.jsonObject["portfolioReport"] as? [String: Any])?["projects"] as? [[String: Any]] ?? []
                XCTAssertEqual(Set(lines.compactMap { $0["projectId"] as? String }), readable, "[\(database)] \(person.name)")
                let all = try await client.json(.GET, "/api/v1/reports/board-pack?period=2026-08&" + every)
                if readable.isSuperset(of: [system, organisation, team].map(\.id.lowercasedText)) {
                    XCTAssertEqual((all.jsonObject["highlightReports"] as? [[String: Any]])?.count, 3, "[\(database)] \(person.name)")
                } else {
                    XCTAssertEqual(all.status, .unprocessableEntity, "[\(database)] \(person.name): \(all.body.prefix(200))")
                    for hidden in [system, organisation, team] where !readable.contains(hidden.id.lowercasedText) {
                        XCTAssertFalse(all.body.contains(hidden.code), "[\(database)] \(person.name) \(hidden.code)")
                    }
                    if !readable.contains(team.id.lowercasedText) { XCTAssertFalse(all.body.contains("August: fine"), "[\(database)] \(person.name)") }
                }
            }
        }
    }

    func testABoardPackIsAPDFWithNumberedPagesAndAContentsPage() async throws {
        guard let renderer = PDFRenderer.find(), let pdftotext = Self.tool("pdftotext"), let pdfinfo = Self.tool("pdfinfo") else {
            if ProcessInfo.processInfo.environment["WAYMARK_REQUIRE_PDF"] == "1" {
                XCTFail("WeasyPrint and poppler-utils are required (scripts/test installs them)")
                return
            }
            throw XCTSkip("WeasyPrint or poppler-utils is not installed")
        }
        try await withServer(settings: { $0.pdfRenderer = renderer }) { server, world, database in
            try await Self.reported(server.app.store, world)
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let page = try await admin.get("/reports/board-pack?period=2026-08")
            XCTAssertTrue(page.body.contains("Download the board pack as a PDF"), "[\(database)]")
            let answer = try await admin.get("/reports/board-pack.pdf?period=2026-08")
            XCTAssertEqual(answer.status, .ok, "[\(database)] \(answer.body.prefix(300))")
            XCTAssertEqual(answer.headers.contentType?.subType, "pdf", "[\(database)]")
            XCTAssertTrue(answer.data.starts(with: Array("%PDF".utf8)), "[\(database)]")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("pack-\(UUID().uuidString).pdf")
            try answer.data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let info = try Self.output(pdfinfo, [file.path])
            let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
            XCTAssertGreaterThanOrEqual(pages, 3, "[\(database)] \(info)")
            let text = try Self.output(pdftotext, ["-layout", file.path, "-"])
            for expected in ["Board pack: The whole system, August 2026", "Contents", "Page 1 of \(pages)", "Page \(pages) of \(pages)",
                             "The hub opening slipped a month", "Recruitment behind plan"] {
                XCTAssertTrue(text.contains(expected), "[\(database)] \(expected)")
            }
            // The contents give each section's page: the portfolio report starts on page 2.
            XCTAssertNotNil(text.range(of: #"Portfolio report, August 2026 *\.+ *2\b"#, options: .regularExpression), "[\(database)] \(text.prefix(1500))")
            XCTAssertNotNil(text.range(of: #"Project system: highlight report, August 2026 *\.+ *\d+"#, options: .regularExpression), "[\(database)]")

            // The API sends the same PDF; its query is read strictly.
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let fromAPI = try await api.get("/api/v1/reports/board-pack.pdf?period=2026-08&project=\(world.projects[.team]!.id.lowercasedText)")
            XCTAssertEqual(fromAPI.status, .ok, "[\(database)] \(fromAPI.body.prefix(300))")
            XCTAssertTrue(fromAPI.data.starts(with: Array("%PDF".utf8)), "[\(database)]")
            let refused = try await api.get("/api/v1/reports/board-pack.pdf?period=2026-08&period=2026-07")
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
        }
    }

    func testWithoutARendererThePrintViewIsOfferedAndSaysWhy() async throws {
        try await withServer(settings: { $0.pdfRenderer = nil }) { server, world, database in
            try await Self.reported(server.app.store, world)
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let page = try await admin.get("/reports/board-pack?period=2026-08")
            XCTAssertEqual(page.status, .ok, "[\(database)]")
            XCTAssertTrue(page.body.contains("PDF is not available here: WeasyPrint (the Debian package weasyprint) is not installed"), "[\(database)]")
            XCTAssertFalse(page.body.contains("board-pack.pdf"), "[\(database)]")
            let pdf = try await admin.get("/reports/board-pack.pdf?period=2026-08")
            XCTAssertEqual(pdf.status, .serviceUnavailable, "[\(database)]")
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let fromAPI = try await api.get("/api/v1/reports/board-pack.pdf?period=2026-08")
            XCTAssertEqual(fromAPI.status, .serviceUnavailable, "[\(database)]")
            XCTAssertTrue(fromAPI.body.contains("WeasyPrint"), "[\(database)] the problem says why: \(fromAPI.body)")
        }
    }

    func testTheStatusHistoryDownloadsAsCSVAndAWorkbook() async throws {
        try await withServer { server, world, database in
            try await Self.reported(server.app.store, world)
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let report = try await admin.get("/reports/portfolio?period=2026-08")
            XCTAssertTrue(report.body.contains("/exports/status-history?"), "[\(database)] the report links its projects' history")
            let csv = try await admin.get("/exports/status-history")
            XCTAssertEqual(csv.status, .ok, "[\(database)]")
            let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            XCTAssertEqual(lines.count, 5, "[\(database)] a header and four updates: \(csv.body)")
            XCTAssertTrue(lines[0].hasPrefix("\u{FEFF}Code,Title,Lead organisation,Programme,Period,Period starts,Revision,Submitted,Overall,Why overall,Schedule"),
                          "[\(database)] \(lines[0])")
            let system = world.projects[.system]!.code
            XCTAssertTrue(lines[1].hasPrefix("\(system),Project system,Lead Trust,,August 2026,2026-08-01,1,"), "[\(database)] latest first: \(lines[1])")
            XCTAssertTrue(lines[1].contains(",Red,The hub opening slipped a month,Red,"), "[\(database)]")
            XCTAssertTrue(lines[2].hasPrefix("\(system),Project system,Lead Trust,,July 2026,"), "[\(database)]")
            let sliced = try await admin.get("/exports/status-history?organisation=\(world.partner.id.lowercasedText)")
            XCTAssertEqual(sliced.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 1, "[\(database)] the partner leads none")
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            let theirs = try await outsider.get("/exports/status-history")
            XCTAssertFalse(theirs.body.contains("August: fine"), "[\(database)] not the team project's")
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let workbook = try await api.json(.GET, "/api/v1/exports/status-history?format=xlsx")
            XCTAssertEqual(workbook.status, .ok, "[\(database)]")
            XCTAssertTrue(workbook.data.starts(with: [0x50, 0x4B]), "[\(database)] a zip, as .xlsx is")
            // The workbook is written as the updates are read, a batch of projects at a time: the
            // same rows as the CSV, in the same order; and batches of one project give what one
            // batch gives.
            let book = try PortfolioTableTests.workbook(workbook.data)
            let fromCSV = try ExportTests.rows(try await api.get("/api/v1/exports/status-history"))
            XCTAssertEqual(fromCSV.count, 4, "[\(database)]")
            for header in ["Code", "Period", "Overall", "Why overall"] {
                XCTAssertEqual(book.column(header), fromCSV.map { $0[header] ?? "" }, "[\(database)] \(header)")
            }
            let person = try await server.app.store.person(email: "admin@test.example")
            let acting = Acting(try XCTUnwrap(person)), today = CalendarDate("2026-09-21")!
            let workflows = ReportWorkflows(server.app.store)
            var batches: [[String]] = []
            try await workflows.statusHistory(PortfolioQuery(), today: today, by: acting, batch: 1) { batch in
                batches.append(batch.map { $0.project.code + " " + $0.update.period.key })
            }
            let whole = try await workflows.statusHistory(PortfolioQuery(), today: today, by: acting)
            XCTAssertEqual(batches.flatMap { $0 }, whole.map { $0.project.code + " " + $0.update.period.key }, "[\(database)]")
            XCTAssertEqual(batches.count, world.projects.count, "[\(database)] a batch a project")
            let refused = try await api.json(.GET, "/api/v1/exports/status-history?format=pdf")
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
        }
    }

    func testMilestonesAndRisksDownloadAcrossTheProjectsEachPersonMayRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            for (visibility, project) in world.projects {
                _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                    title: "Milestone of \(visibility.rawValue)", forecastDate: CalendarDate("2026-10-0\(visibility == .system ? 1 : 2)")!), by: .system)
            }
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let spooled = try PortfolioTableTests.spooledFiles()
            let csv = try await admin.get("/exports/logs/milestones")
            XCTAssertEqual(csv.status, .ok, "[\(database)]")
            let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            XCTAssertTrue(lines[0].hasPrefix("\u{FEFF}Project code,Project,Lead organisation,Reference,Milestone,Key milestone,Owner,Baseline,Forecast"),
                          "[\(database)] \(lines[0])")
            XCTAssertEqual(lines.count, 1 + world.projects.count, "[\(database)]")
            XCTAssertTrue(lines.contains { $0.hasPrefix("\(world.projects[.system]!.code),Project system,Lead Trust,M1,Milestone of system,No,,") },
                          "[\(database)] \(lines)")
            let workbook = try await admin.get("/exports/logs/risks?format=xlsx")
            XCTAssertEqual(workbook.status, .ok, "[\(database)]")
            XCTAssertTrue(workbook.data.starts(with: [0x50, 0x4B]), "[\(database)]")
            // Both were written to temporary files and sent from them: once sent, the files are gone.
            try await PortfolioTableTests.expectNoSpooledFilesBut(spooled, "[\(database)]")
            // Issues and assumptions the same way, their dates as dates.
            _ = try await store.createIssue(projectID: world.projects[.team]!.id, fields: IssueFields(
                title: "Issue of team", priority: .high, raisedOn: CalendarDate("2026-09-01")!), by: .system)
            let issues = try await admin.get("/exports/logs/issues")
            XCTAssertTrue(issues.body.contains("\(world.projects[.team]!.code),Project team,Lead Trust,I1,Issue of team"), "[\(database)] \(issues.body)")
            let assumptionsBook = try await admin.get("/exports/logs/assumptions?format=xlsx")
            XCTAssertEqual(assumptionsBook.status, .ok, "[\(database)]")
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let fromAPI = try await api.json(.GET, "/api/v1/exports/logs/issues")
            XCTAssertEqual(fromAPI.body, issues.body, "[\(database)] the API's download is the page's")
            let unknownLog = try await api.json(.GET, "/api/v1/exports/logs/nonsense")
            XCTAssertEqual(unknownLog.status, .notFound, "[\(database)]")
            let missing = try await admin.get("/exports/logs/nonsense")
            XCTAssertEqual(missing.status, .notFound, "[\(database)]")
            // Read a batch of projects at a time: batches of one project give, for every person,
            // what one batch gives, and each batch names its own owners.
            let workflows = ReportWorkflows(store), today = CalendarDate("2026-09-21")!
            _ = try await store.createMilestone(projectID: world.projects[.system]!.id, fields: MilestoneFields(
                title: "Owned", ownerID: world.teamPerson.id, forecastDate: CalendarDate("2026-11-01")!), by: .system)
            for person in world.people.values {
                var single: [String] = [], batches = 0, whole: [String] = []
                func line(_ row: (project: ProjectSummary, item: Milestone), _ names: [UUID: String]) -> String {
                    [row.project.code, row.item.reference, row.item.fields.title, row.item.fields.ownerID.flatMap { names[$0] } ?? ""].joined(separator: " ")
                }
                try await workflows.milestones(PortfolioQuery(), today: today, by: Acting(person), batch: 1) { batch in
                    batches += 1
                    single += batch.rows.map { line($0, batch.names) }
                }
                try await workflows.milestones(PortfolioQuery(), today: today, by: Acting(person)) { batch in whole += batch.rows.map { line($0, batch.names) } }
                XCTAssertEqual(single, whole, "[\(database)] \(person.name)")
                XCTAssertEqual(batches, Set(whole.map { $0.components(separatedBy: " ")[0] }).count, "[\(database)] \(person.name): a batch a project")
                let system = try await store.projectForAccess(world.projects[.system]!.id, actor: person.actor)!.1
                XCTAssertEqual(whole.contains { $0.hasSuffix("Owned \(world.teamPerson.name)") }, AccessPolicy.canRead(person.actor, system),
                               "[\(database)] \(person.name) \(whole)")
            }
            for person in world.people.values {
                let client = server.client()
                try await client.signIn(person.email)
                let theirs = try await client.get("/exports/logs/milestones")
                let theirIssues = try await client.get("/exports/logs/issues")
                let team = try await store.projectForAccess(world.projects[.team]!.id, actor: person.actor)!.1
                XCTAssertEqual(theirIssues.body.contains("Issue of team"), AccessPolicy.canRead(person.actor, team), "[\(database)] \(person.name)")
                for (visibility, project) in world.projects {
                    let facts = try await store.projectForAccess(project.id, actor: person.actor)!.1
                    XCTAssertEqual(theirs.body.contains("Milestone of \(visibility.rawValue)"), AccessPolicy.canRead(person.actor, facts),
                                   "[\(database)] \(person.name) \(visibility)")
                }
            }
        }
    }

    /// Actions with the item each is for, decisions with what they bear on, and measures with their
    /// latest value and SPC icons, across the projects each person may read, from the page and the API.
    func testActionsDecisionsAndMeasuresDownloadAcrossTheProjectsEachPersonMayRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let (team, system) = (world.projects[.team]!, world.projects[.system]!)
            let issue = try await store.createIssue(projectID: team.id, fields: IssueFields(
                title: "Porters short", priority: .high, raisedOn: CalendarDate("2026-09-01")!), by: .system)
            _ = try await store.createAction(projectID: team.id, fields: ActionFields(
                item: .issue(issue.id), title: "Borrow porters", ownerID: world.teamPerson.id, dueDate: CalendarDate("2026-09-10")!), by: .system)
            _ = try await store.createAction(projectID: system.id, fields: ActionFields(
                title: "Book the launch", dueDate: CalendarDate("2026-10-01")!, doneOn: CalendarDate("2026-09-20")!), by: .system)
            _ = try await store.createDecision(projectID: team.id, fields: DecisionFields(
                title: "Hire bank porters", decidedOn: CalendarDate("2026-09-02")!, board: "Team board", rationale: "Cheapest",
                links: [.issue(issue.id)]), by: .system)
            let measure = try await store.createMeasure(projectID: team.id, fields: MeasureFields(name: "Porter waits", unit: "minutes",
                                                                                                   direction: .down), by: .system)
            _ = try await store.addObservations((1...16).map {
                ObservationFields(date: CalendarDate("2026-05-04")!.adding(days: 7 * $0), value: Double($0 < 10 ? 30 : 12))
            }, to: measure.id, by: .system)
            _ = try await store.createMeasure(projectID: system.id, fields: MeasureFields(name: "Launch readiness"), by: .system)

            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let report = try await admin.get("/reports/portfolio")
            for log in ["actions", "decisions", "measures"] {
                XCTAssertTrue(report.body.contains("/exports/logs/\(log)?format=xlsx"), "[\(database)] the report links \(log)")
            }
            func lines(_ path: String) async throws -> [String] {
                let response = try await admin.get(path)
                XCTAssertEqual(response.status, .ok, "[\(database)] \(path)")
                return response.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            }
            let actions = try await lines("/exports/logs/actions")
            XCTAssertEqual(actions, [
                "\u{FEFF}Project code,Project,Lead organisation,Reference,Action,For,Owner,Due,Overdue,Done,Notes",
                "\(system.code),Project system,Lead Trust,AC1,Book the launch,The project as a whole,,2026-10-01,No,2026-09-20,",
                "\(team.code),Project team,Lead Trust,AC1,Borrow porters,I1 Porters short,\(world.teamPerson.name),2026-09-10,Yes,,",
            ].sorted { $0.hasPrefix("\u{FEFF}") || (!$1.hasPrefix("\u{FEFF}") && $0 < $1) }, "[\(database)]")
            let decisions = try await lines("/exports/logs/decisions")
            XCTAssertEqual(decisions.last, "\(team.code),Project team,Lead Trust,DEC1,Hire bank porters,2026-09-02,Team board,Cheapest,,I1 Porters short",
                           "[\(database)] \(decisions)")
            let measures = try await lines("/exports/logs/measures")
            XCTAssertEqual(measures.first, "\u{FEFF}Project code,Project,Lead organisation,Reference,Measure,Type,Unit,Better when,Frequency,"
                           + "Data source,Owner,Observations,Latest date,Latest value,Target,Variation,Assurance", "[\(database)]")
            XCTAssertTrue(measures.contains("\(system.code),Project system,Lead Trust,M1,Launch readiness,Outcome,,Higher is better,Monthly,,,0,,,,,"),
                          "[\(database)] \(measures)")
            XCTAssertTrue(measures.contains("\(team.code),Project team,Lead Trust,M1,Porter waits,Outcome,minutes,Lower is better,Monthly,,,16,"
                                            + "2026-08-24,12,,Special cause improvement (low),"), "[\(database)] \(measures)")
            let book = try await admin.get("/exports/logs/measures?format=xlsx")
            XCTAssertTrue(book.data.starts(with: [0x50, 0x4B]), "[\(database)] a workbook")
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let fromAPI = try await api.json(.GET, "/api/v1/exports/logs/decisions")
            XCTAssertEqual(fromAPI.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }, decisions, "[\(database)] the API's is the page's")

            for person in world.people.values {
                let client = server.client()
                try await client.signIn(person.email)
                let facts = try await store.projectForAccess(team.id, actor: person.actor)!.1
                let readsTeam = AccessPolicy.canRead(person.actor, facts)
                for (log, text) in [("actions", "Borrow porters"), ("decisions", "Hire bank porters"), ("measures", "Porter waits")] {
                    let theirs = try await client.get("/exports/logs/\(log)")
                    XCTAssertEqual(theirs.body.contains(text), readsTeam, "[\(database)] \(person.name) \(log)")
                }
            }
        }
    }

    /// Dependencies (each under the project that depends, what it depends on as the reader may
    /// see it) and benefits (values and cash typed in the workbook) across the projects each
    /// person may read, from the page and the API.
    func testDependenciesAndBenefitsDownloadAcrossTheProjectsEachPersonMayRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let (team, system) = (world.projects[.team]!, world.projects[.system]!)
            _ = try await store.createDependency(projectID: system.id, fields: DependencyFields(
                title: "Porters from the team project", providerProjectID: team.id, neededBy: CalendarDate("2026-09-01")!,
                status: .atRisk), by: .system)
            _ = try await store.createDependency(projectID: team.id, fields: DependencyFields(
                title: "Beds from the council", external: "County council", neededBy: CalendarDate("2026-12-01")!), by: .system)
            _ = try await store.createBenefit(projectID: team.id, fields: BenefitFields(
                title: "Fewer porter waits", category: .quality, ownerID: world.teamPerson.id, unit: "minutes",
                baseline: DatedValue(date: CalendarDate("2026-04-01")!, value: 30.5), target: DatedValue(date: CalendarDate("2027-03-31")!, value: 12),
                actuals: [DatedValue(date: CalendarDate("2026-08-01")!, value: 21.25)], status: .onTrack,
                cash: [BenefitCash(year: FinancialYear(startYear: 2026), planned: 120_000.5, realised: 80_000)]), by: .system)
            // A benefit taking its actuals from a measure: its latest actual is the measure's latest point not ghosted.
            let waits = try await store.createMeasure(projectID: team.id, fields: MeasureFields(name: "Porter waits"), by: .system)
            _ = try await store.addObservations([ObservationFields(date: CalendarDate("2026-05-01")!, value: 10),
                                                 ObservationFields(date: CalendarDate("2026-06-01")!, value: 14),
                                                 ObservationFields(date: CalendarDate("2026-07-01")!, value: 99, ghosted: true)],
                                                to: waits.id, by: .system)
            _ = try await store.createBenefit(projectID: team.id, fields: BenefitFields(title: "Waits measured", actualsMeasureID: waits.id),
                                              by: .system)

            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let report = try await admin.get("/reports/portfolio")
            for log in ["dependencies", "benefits"] {
                XCTAssertTrue(report.body.contains("/exports/logs/\(log)?format=xlsx"), "[\(database)] the report links \(log)")
            }
            func lines(_ client: TestClient, _ path: String) async throws -> [String] {
                let response = try await client.get(path)
                XCTAssertEqual(response.status, .ok, "[\(database)] \(path)")
                return response.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            }
            let dependencies = try await lines(admin, "/exports/logs/dependencies")
            XCTAssertEqual(dependencies, [
                "\u{FEFF}Project code,Project,Lead organisation,Reference,Title,Description,Project that depends,Depends on,Across organisations,"
                    + "Needed by,Overdue,Owner,Status",
                "\(system.code),Project system,Lead Trust,D1,Porters from the team project,,\(system.code) Project system (Lead Trust),"
                    + "\(team.code) Project team (Lead Trust),No,2026-09-01,Yes,,At risk",
                "\(team.code),Project team,Lead Trust,D1,Beds from the council,,\(team.code) Project team (Lead Trust),"
                    + "County council (outside Waymark),No,2026-12-01,No,,On track",
            ].sorted { $0.hasPrefix("\u{FEFF}") || (!$1.hasPrefix("\u{FEFF}") && $0 < $1) }, "[\(database)]")
            let benefits = try await lines(admin, "/exports/logs/benefits")
            XCTAssertEqual(benefits, [
                "\u{FEFF}Project code,Project,Lead organisation,Reference,Benefit,Category,Dis-benefit,Status,Owner,Unit,Baseline,Baseline date,"
                    + "Target,Target date,Latest actual,Latest actual date,Cash planned (£),Cash realised (£),\"Cash by financial year (planned, realised)\"",
                "\(team.code),Project team,Lead Trust,B1,Fewer porter waits,Quality,No,On track,\(world.teamPerson.name),minutes,30.5,2026-04-01,"
                    + "12,2027-03-31,21.25,2026-08-01,120000.50,80000,2026/27 120000.5 80000",
                "\(team.code),Project team,Lead Trust,B2,Waits measured,Quality,No,Planned,,,,,,,14,2026-06-01,,,",
            ], "[\(database)]")
            let register = try await lines(admin, "/exports/benefits-register")
            XCTAssertTrue(register.contains { $0.hasSuffix("B2,Waits measured,Quality,No,Planned,,,,,,,14,2026-06-01,,,") },
                          "[\(database)] the register's download shows the same latest actual: \(register)")
            let book = try PortfolioTableTests.workbook(try await admin.get("/exports/logs/benefits?format=xlsx").data)
            XCTAssertEqual(book.column("Baseline").first, "30.5", "[\(database)] a value as a number")
            XCTAssertEqual(book.column("Latest actual").first, "21.25", "[\(database)]")
            XCTAssertEqual(book.column("Target date").first, String(CalendarDate("2027-03-31")!.daysSinceEpoch + 25_569), "[\(database)] a date")
            XCTAssertEqual(book.column("Cash planned (£)").first, "120000.50", "[\(database)] pounds and pence")
            XCTAssertEqual(book.column("Unit").first, "minutes", "[\(database)] text stays text")
            let valueCell = book.cells.first { $0.value.value == "30.5" }?.value
            XCTAssertNil(valueCell?.type, "[\(database)] a number cell, not inline text")
            let dependencyBook = try PortfolioTableTests.workbook(try await admin.get("/exports/logs/dependencies?format=xlsx").data)
            XCTAssertEqual(dependencyBook.column("Needed by").count, 2, "[\(database)]")
            XCTAssertEqual(Set(dependencyBook.column("Needed by")),
                           Set(["2026-09-01", "2026-12-01"].map { String(CalendarDate($0)!.daysSinceEpoch + 25_569) }), "[\(database)] dates as dates")
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let fromAPI = try await api.json(.GET, "/api/v1/exports/logs/dependencies")
            XCTAssertEqual(fromAPI.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }, dependencies, "[\(database)] the API's is the page's")

            for person in world.people.values {
                let client = server.client()
                try await client.signIn(person.email)
                let readsTeam = AccessPolicy.canRead(person.actor, try await store.projectForAccess(team.id, actor: person.actor)!.1)
                let theirs = try await lines(client, "/exports/logs/dependencies")
                // The system project's dependency is everyone's; the team project is named in it only to those who may read it.
                XCTAssertTrue(theirs.contains { $0.contains("Porters from the team project") }, "[\(database)] \(person.name)")
                XCTAssertEqual(theirs.contains { $0.contains("Porters from the team project") && $0.contains("Project team") }, readsTeam,
                               "[\(database)] \(person.name) sees the team project named only if they may read it")
                XCTAssertEqual(theirs.contains { $0.contains("Beds from the council") }, readsTeam, "[\(database)] \(person.name)")
                let theirBenefits = try await client.get("/exports/logs/benefits?format=xlsx")
                let cells = try PortfolioTableTests.workbook(theirBenefits.data).cells.values.map(\.value)
                XCTAssertEqual(cells.contains("Fewer porter waits"), readsTeam, "[\(database)] \(person.name) benefits")
            }
        }
    }

    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func output(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
