import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Status updates and reporting cycles through the pages and the API on both databases: what is
/// due and when, a draft prefilled from the data, a submission refused for a red without a reason
/// and nothing saved, submitting locking it, a correction as a new revision with both kept, stale
/// versions refused, the portfolio office's cycles and holidays, and nobody learning of a project
/// they may not read.
final class StatusReportingTests: XCTestCase {
    /// The test clock's today is Monday 21 September 2026: September's update is due on the 5th
    /// working day of October, Wednesday 7 October.
    func testAManagerWritesSubmitsAndCorrectsAnUpdate() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            try await store.setTeamMember(projectID: project.id, personID: world.teamPerson.id, role: .manager, by: .system)
            _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                title: "Hub open", forecastDate: CalendarDate("2026-09-10")!, actualDate: CalendarDate("2026-09-12")!, status: .complete), by: .system)
            _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                title: "Evaluation", forecastDate: CalendarDate("2026-10-20")!), by: .system)
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let logPath = "/projects/\(project.id.lowercasedText)/updates"
            let unreported = try await browser.get("/projects/\(project.id.lowercasedText)")
            XCTAssertTrue(unreported.body.contains("Not reported yet"), "[\(database)]")
            let log = try await browser.get(logPath)
            XCTAssertEqual(log.status, .ok, "[\(database)]")
            XCTAssertTrue(log.body.contains("Due now: the September 2026 update"), "[\(database)] \(log.body)")
            XCTAssertTrue(log.body.contains("Due on 7 October 2026"), "[\(database)]")
            XCTAssertTrue(log.body.contains("aria-current=\"page\">Status<"), "[\(database)]")
            XCTAssertFalse(log.body.contains("Overdue"), "[\(database)] the project began this month: August was not its to report")

            // The reminder: due within five working days? 21 September to 7 October is 12: not yet.
            let early = try await browser.get("/reporting")
            XCTAssertTrue(early.body.contains("Nothing is due from you soon"), "[\(database)]")

            let started = try await browser.post(logPath, [("period", "2026-09")], csrf: log.csrfToken)
            XCTAssertEqual(started.status, .seeOther, "[\(database)] \(started.body)")
            let editPath = try XCTUnwrap(started.location)
            let form = try await browser.get(editPath)
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            XCTAssertTrue(form.body.contains("M1 Hub open (12 September 2026)"), "[\(database)] done this period prefilled from the plan")
            XCTAssertTrue(form.body.contains("M2 Evaluation (20 October 2026)"), "[\(database)] next period prefilled from the plan")
            let again = try await browser.post(logPath, [("period", "2026-09")], csrf: log.csrfToken)
            XCTAssertEqual(again.location, editPath, "[\(database)] starting twice opens the same draft")

            var fields: [(String, String)] = [("version", "1"), ("overall", "amber"), ("overallJustification", "Recruitment is late"),
                                              ("schedule", "red"), ("scheduleJustification", "")]
            for dimension in StatusDimension.allCases where dimension != .schedule { fields.append((dimension.rawValue, "green")) }
            let refused = try await browser.post(editPath, fields + [("summary", "")], csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(refused.body.contains("Say why schedule is red"), "[\(database)] \(refused.body)")
            XCTAssertTrue(refused.body.contains("Write a summary of the project&#39;s status")
                          || refused.body.contains("Write a summary of the project's status"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("wm-error-summary"), "[\(database)]")
            let updateID = try XCTUnwrap(UUID(uuidString: String(editPath.split(separator: "/")[1])))
            let unchanged = try await store.statusUpdate(updateID)
            XCTAssertEqual(unchanged?.state, .draft, "[\(database)]")
            XCTAssertNil(unchanged?.fields.overall.rag, "[\(database)] nothing saved")

            // Saved as a draft, a red without a reason is kept: only submitting needs it.
            let draft = try await browser.post(editPath, fields + [("summary", ""), ("intent", "save")], csrf: form.csrfToken)
            XCTAssertEqual(draft.status, .seeOther, "[\(database)] \(draft.body)")
            let stale = try await browser.post(editPath, fields + [("summary", "On track apart from staffing")], csrf: form.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)] version 1 is stale now")
            fields[0] = ("version", "2")
            fields[4] = ("scheduleJustification", "Two posts unfilled; agency cover agreed")
            let submitted = try await browser.post(editPath, fields + [("summary", "On track apart from staffing")], csrf: form.csrfToken)
            XCTAssertEqual(submitted.status, .seeOther, "[\(database)] \(submitted.body)")
            let page = try await browser.get(try XCTUnwrap(submitted.location))
            XCTAssertTrue(page.body.contains("The update was submitted"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Two posts unfilled; agency cover agreed"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Correct this update"), "[\(database)]")
            let locked = try await browser.get(editPath)
            XCTAssertEqual(locked.status, .conflict, "[\(database)] a submitted update is not edited")
            let lockedPost = try await browser.post(editPath, fields + [("version", "3")], csrf: form.csrfToken)
            XCTAssertEqual(lockedPost.status, .conflict, "[\(database)]")

            // A correction: the next revision, starting from what was submitted; both are kept.
            let correction = try await browser.post(logPath, [("period", "2026-09")], csrf: log.csrfToken)
            let correctionPath = try XCTUnwrap(correction.location)
            XCTAssertNotEqual(correctionPath, editPath, "[\(database)]")
            let correctionForm = try await browser.get(correctionPath)
            XCTAssertTrue(correctionForm.body.contains("September 2026 update, revision 2"), "[\(database)]")
            XCTAssertTrue(correctionForm.body.contains("Two posts unfilled; agency cover agreed"), "[\(database)] starts from revision 1")
            var correctionFields = fields.filter { $0.0 != "version" && $0.0 != "overall" }
            correctionFields.append(("version", "1"))
            correctionFields.append(("overall", "red"))
            let corrected = try await browser.post(correctionPath, correctionFields + [("summary", "Staffing now critical")], csrf: form.csrfToken)
            XCTAssertEqual(corrected.status, .seeOther, "[\(database)] \(corrected.body)")
            let all = try await store.statusUpdates(ofProject: project.id)
            XCTAssertEqual(all.map(\.revision), [2, 1], "[\(database)]")
            XCTAssertEqual(all.map(\.state), [.submitted, .submitted], "[\(database)]")
            XCTAssertEqual(all[1].fields.text(.summary), "On track apart from staffing", "[\(database)] revision 1 kept as it was")
            let overview = try await browser.get("/projects/\(project.id.lowercasedText)")
            XCTAssertTrue(overview.body.contains("<strong class=\"wm-tag wm-tag--red\">Red</strong> <a href=\"/status-updates/\(all[0].id.lowercasedText)\">reported for September 2026</a>"),
                          "[\(database)] the project page shows the latest revision reported: \(overview.body.components(separatedBy: "Delivery status").last?.prefix(400) ?? "")")
            let first = try await browser.get("/status-updates/\(updateID.lowercasedText)")
            XCTAssertTrue(first.body.contains("A later revision corrects this one."), "[\(database)]")
            let history = try await browser.get("/projects/\(project.id.lowercasedText)/history")
            XCTAssertTrue(history.body.contains("Submitted the September 2026 update, revision 2"), "[\(database)]")
            let reported = try await browser.get(logPath)
            XCTAssertTrue(reported.body.contains("September 2026 update, revision 2"), "[\(database)]")
            XCTAssertTrue(reported.body.contains("Submitted. "), "[\(database)]")

            // The highlight report, built from the update and the data.
            let highlight = try await browser.get("/projects/\(project.id.lowercasedText)/highlight-report")
            XCTAssertEqual(highlight.status, .ok, "[\(database)]")
            for expected in ["Highlight report: Project system", "Built 21 September 2026", "the September 2026 update, revision 2",
                             "Staffing now critical", "Two posts unfilled; agency cover agreed", "Completed in September 2026",
                             "M1 Hub open</a>: achieved 12 September 2026", "M2 Evaluation</a>: forecast 20 October 2026",
                             "No open risks.", "No benefits recorded."] {
                XCTAssertTrue(highlight.body.contains(expected), "[\(database)] \(expected): \(highlight.body)")
            }
            let unreportedPeriod = try await browser.get("/projects/\(project.id.lowercasedText)/highlight-report?period=2026-08")
            XCTAssertEqual(unreportedPeriod.status, .unprocessableEntity, "[\(database)]")
            let none = try await browser.get("/projects/\(world.projects[.organisation]!.id.lowercasedText)/highlight-report")
            XCTAssertTrue(none.body.contains("There is no highlight report yet"), "[\(database)]")
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            let hidden = try await outsider.get("/projects/\(world.projects[.team]!.id.lowercasedText)/highlight-report")
            XCTAssertEqual(hidden.status, .notFound, "[\(database)]")

            let csv = try await browser.get("/projects/\(project.id.lowercasedText)/export/updates")
            XCTAssertEqual(csv.status, .ok, "[\(database)]")
            XCTAssertTrue(csv.body.contains("September 2026,2026-09-01,2,Submitted,"), "[\(database)] \(csv.body)")
            XCTAssertTrue(csv.body.contains("September 2026,2026-09-01,1,Submitted,"), "[\(database)] both revisions")
            XCTAssertTrue(csv.body.contains("Two posts unfilled; agency cover agreed"), "[\(database)]")

            // A future period cannot be reported; nor can a closed project.
            let future = try await browser.post(logPath, [("period", "2026-11")], csrf: log.csrfToken)
            XCTAssertEqual(future.status, .unprocessableEntity, "[\(database)]")
        }
    }

    func testTheAPIStartsSavesAndSubmitsAnUpdate() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.organisation]!
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let path = "/api/v1/projects/\(project.id.lowercasedText)/status-updates"
            let started = try await api.json(.POST, path, [:])
            XCTAssertEqual(started.status, .created, "[\(database)] \(started.body)")
            XCTAssertEqual(started.jsonObject["period"] as? String, "2026-09", "[\(database)]")
            XCTAssertEqual(started.jsonObject["state"] as? String, "draft", "[\(database)]")
            let again = try await api.json(.POST, path, [:])
            XCTAssertEqual(again.status, .ok, "[\(database)] the draft under way")
            let badPeriod = try await api.json(.POST, path, ["period": "2026-13"])
            XCTAssertEqual(badPeriod.status, .unprocessableEntity, "[\(database)]")
            let id = try XCTUnwrap(started.jsonObject["id"] as? String)
            let bad = try await api.json(.PATCH, "/api/v1/status-updates/\(id)", ["overall": "purple", "version": 1])
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            let blueDimension = try await api.json(.PATCH, "/api/v1/status-updates/\(id)", ["finance": "blue", "version": 1])
            XCTAssertEqual(blueDimension.status, .unprocessableEntity, "[\(database)] blue is for the overall status only")
            let saved = try await api.json(.PATCH, "/api/v1/status-updates/\(id)", ["overall": "green", "summary": "Fine", "version": 1])
            XCTAssertEqual(saved.status, .ok, "[\(database)] \(saved.body)")
            XCTAssertEqual(saved.jsonObject["version"] as? Int, 2, "[\(database)]")
            let incomplete = try await api.json(.POST, "/api/v1/status-updates/\(id)/submission", ["version": 2])
            XCTAssertEqual(incomplete.status, .unprocessableEntity, "[\(database)] the dimensions are not rated")
            let errors = (incomplete.jsonObject["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            XCTAssertTrue(errors.contains("schedule"), "[\(database)] \(incomplete.body)")
            var ratings: [String: Any] = ["version": 2]
            for dimension in StatusDimension.allCases { ratings[dimension.rawValue] = "green" }
            let submitted = try await api.json(.POST, "/api/v1/status-updates/\(id)/submission", ratings)
            XCTAssertEqual(submitted.status, .ok, "[\(database)] \(submitted.body)")
            XCTAssertEqual(submitted.jsonObject["state"] as? String, "submitted", "[\(database)]")
            XCTAssertNotNil(submitted.jsonObject["submittedAt"] as? String, "[\(database)]")
            let change = try await api.json(.PATCH, "/api/v1/status-updates/\(id)", ["summary": "Changed", "version": 3])
            XCTAssertEqual(change.status, .conflict, "[\(database)] submitted is locked")
            let discard = try await api.request(.DELETE, "/api/v1/status-updates/\(id)")
            XCTAssertEqual(discard.status, .conflict, "[\(database)] submitted is kept")
            let list = try await api.get(path)
            XCTAssertEqual((list.jsonObject["items"] as? [Any])?.count, 1, "[\(database)]")
            let report = try await api.get("/api/v1/projects/\(project.id.lowercasedText)/highlight-report")
            XCTAssertEqual(report.status, .ok, "[\(database)] \(report.body)")
            XCTAssertEqual(report.jsonObject["periodLabel"] as? String, "September 2026", "[\(database)]")
            XCTAssertEqual((report.jsonObject["update"] as? [String: Any])?["summary"] as? String, "Fine", "[\(database)]")
            XCTAssertTrue((report.jsonObject["movement"] as? [String: Any])?["overall"] is NSNull, "[\(database)] the first report: no movement")
            let noReport = try await api.get("/api/v1/projects/\(world.projects[.system]!.id.lowercasedText)/highlight-report")
            XCTAssertEqual(noReport.status, .unprocessableEntity, "[\(database)] nothing reported yet")

            // Someone outside the project's organisations learns nothing of it.
            let outsider = server.client()
            outsider.bearer = try await apiToken(server, "member-other@test.example")
            for outside in [path, "/api/v1/status-updates/\(id)"] {
                let refused = try await outsider.get(outside)
                XCTAssertEqual(refused.status, .notFound, "[\(database)] \(outside)")
            }
        }
    }

    func testThePortfolioOfficeSetsCyclesAndHolidaysAndFollowsWhoHasReported() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let page = try await office.get("/reporting")
            XCTAssertEqual(page.status, .ok, "[\(database)]")
            XCTAssertTrue(page.body.contains("Due now: September 2026"), "[\(database)] \(page.body)")
            XCTAssertTrue(page.body.contains(">Lead Trust</a></th><td>2</td><td>0</td><td>0</td><td>2</td><td>0</td>"),
                          "[\(database)] two active projects it may read, neither started: \(page.body)")
            let lead = try await office.get("/reporting?organisation=\(world.lead.id.lowercasedText)")
            XCTAssertTrue(lead.body.contains("Project system"), "[\(database)] not started yet")
            XCTAssertTrue(lead.body.contains("Not yet submitted for the period open now (2)"), "[\(database)]")
            XCTAssertFalse(lead.body.contains("Project team"), "[\(database)] the office is not on the team-only project's team")
            // What an instance keeps of who has reported follows a change made at a SQL prompt.
            let system = world.projects[.system]!
            var fields = StatusUpdateFields(overall: Rating(.green), narrative: [.summary: "Fine"])
            for dimension in StatusDimension.allCases { fields.dimensions[dimension] = Rating(.green) }
            let started = try await store.startStatusUpdate(projectID: system.id, period: ReportingPeriod(key: "2026-09", months: 1)!,
                                                            fields: fields, by: .system)
            let drafted = try await office.get("/reporting?organisation=\(world.lead.id.lowercasedText)")
            XCTAssertTrue(drafted.body.contains("<strong class=\"wm-tag wm-tag--grey\">Draft</strong>"), "[\(database)]")
            try await store.run("UPDATE status_updates SET state = 'submitted' WHERE id = \(bind: started.update.id)")
            let reported = try await office.get("/reporting?organisation=\(world.lead.id.lowercasedText)")
            XCTAssertTrue(reported.body.contains("Not yet submitted for the period open now (1)"), "[\(database)] \(reported.body)")
            let summaryPage = try await office.get("/reporting")
            XCTAssertTrue(summaryPage.body.contains(">Lead Trust</a></th><td>2</td><td>1</td><td>0</td><td>1</td><td>0</td>"), "[\(database)]")
            XCTAssertTrue(page.body.contains("28 December 2026"), "[\(database)] Boxing Day's substitute")
            let seeded = try await store.bankHolidays()
            XCTAssertEqual(seeded, BankHoliday.englandAndWales, "[\(database)] the migration's list is the one the domain states")

            let bad = try await office.post("/reporting/cycle", [("programmeId", ""), ("frequency", "weekly"), ("dueWorkingDay", "40"),
                                                                 ("versions", "system:1")], csrf: page.csrfToken)
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(bad.body.contains("Select monthly or quarterly"), "[\(database)]")
            XCTAssertTrue(bad.body.contains("Enter a working day from 1 to 15"), "[\(database)]")
            let cycles = try await store.reportingCycles()
            XCTAssertEqual(cycles.system, .standard, "[\(database)] nothing changed")

            let set = try await office.post("/reporting/cycle", [("programmeId", ""), ("frequency", "quarterly"), ("dueWorkingDay", "10"),
                                                                 ("versions", "system:1")], csrf: page.csrfToken)
            XCTAssertEqual(set.status, .seeOther, "[\(database)] \(set.body)")
            let changed = try await store.reportingCycles()
            XCTAssertEqual(changed.system, ReportingCycle(frequency: .quarterly, dueWorkingDay: 10), "[\(database)]")
            let stale = try await office.post("/reporting/cycle", [("programmeId", ""), ("frequency", "monthly"), ("dueWorkingDay", "5"),
                                                                   ("versions", "system:1")], csrf: page.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)] someone set it meanwhile")
            let quarterly = try await office.get("/reporting")
            XCTAssertTrue(quarterly.body.contains("Due now: July to September 2026"), "[\(database)]")
            // A month's update is not the quarter's that starts with it: July's, reported monthly
            // before the change, leaves the quarter not started, and the quarter's is its own first revision.
            let july = try await store.startStatusUpdate(projectID: system.id, period: ReportingPeriod(key: "2026-07", months: 1)!,
                                                         fields: fields, by: .system)
            _ = try await store.saveStatusUpdate(july.update.id, expectedVersion: 1, fields: fields, submit: true, by: .system)
            let quarterLines = try await office.get("/reporting?organisation=\(world.lead.id.lowercasedText)")
            XCTAssertTrue(quarterLines.body.contains("Not yet submitted for the period open now (2)"), "[\(database)] \(quarterLines.body)")
            let quarter = try await store.startStatusUpdate(projectID: system.id, period: ReportingPeriod(key: "2026-07", months: 3)!,
                                                            fields: StatusUpdateFields(), by: .system)
            XCTAssertEqual([quarter.created ? 1 : 0, quarter.update.revision], [1, 1], "[\(database)]")

            let holiday = try await office.post("/reporting/holidays", [("date-day", "15"), ("date-month", "10"), ("date-year", "2026"),
                                                                        ("name", "Local closure")], csrf: page.csrfToken)
            XCTAssertEqual(holiday.status, .seeOther, "[\(database)] \(holiday.body)")
            let weekend = try await office.post("/reporting/holidays", [("date-day", "17"), ("date-month", "10"), ("date-year", "2026"),
                                                                        ("name", "Saturday")], csrf: page.csrfToken)
            XCTAssertEqual(weekend.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(weekend.body.contains("is a weekend day"), "[\(database)]")
            let holidays = try await store.bankHolidays()
            XCTAssertTrue(holidays.contains(BankHoliday(date: CalendarDate("2026-10-15")!, name: "Local closure")), "[\(database)]")
            XCTAssertFalse(holidays.contains { $0.name == "Saturday" }, "[\(database)]")

            // A member sees the cycle and their own reminders, but sets nothing and follows no one.
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let theirs = try await member.get("/reporting")
            XCTAssertEqual(theirs.status, .ok, "[\(database)]")
            XCTAssertFalse(theirs.body.contains("Set the cycle"), "[\(database)]")
            XCTAssertFalse(theirs.body.contains("Not yet submitted for the period open now"), "[\(database)]")
            let refused = try await member.post("/reporting/cycle", [("frequency", "monthly"), ("dueWorkingDay", "5")], csrf: theirs.csrfToken)
            XCTAssertEqual(refused.status, .forbidden, "[\(database)]")
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let overview = try await api.get("/api/v1/reporting-overview")
            XCTAssertEqual(overview.status, .forbidden, "[\(database)]")

            // A programme's own cycle through the API: set at version 0 (it had none), changed at
            // its version, a stale one refused, removed twice (the second finds it on the system's).
            let officeAPI = server.client()
            officeAPI.bearer = try await apiToken(server, "portfolio@test.example")
            let programme = try await store.createNamedItem(.programme, NamedItemFields(name: "Urgent care", description: ""), by: .system)
            let cyclePath = "/api/v1/programmes/\(programme.id.lowercasedText)/reporting-cycle"
            let own = try await officeAPI.json(.PUT, cyclePath, ["frequency": "quarterly", "dueWorkingDay": 3, "version": 0])
            XCTAssertEqual(own.status, .ok, "[\(database)] \(own.body)")
            let staleOwn = try await officeAPI.json(.PUT, cyclePath, ["frequency": "monthly", "dueWorkingDay": 3, "version": 0])
            XCTAssertEqual(staleOwn.status, .conflict, "[\(database)] it has a cycle now, at version 1")
            let changedOwn = try await officeAPI.json(.PUT, cyclePath, ["frequency": "monthly", "dueWorkingDay": 8, "version": 1])
            XCTAssertEqual(changedOwn.status, .ok, "[\(database)]")
            for _ in 0..<2 {
                let removed = try await officeAPI.request(.DELETE, cyclePath)
                XCTAssertEqual(removed.status, .noContent, "[\(database)]")
            }
            let noVersion = try await officeAPI.json(.PUT, cyclePath, ["frequency": "monthly", "dueWorkingDay": 8, "version": 4])
            XCTAssertEqual(noVersion.status, .conflict, "[\(database)] it has none now: version 0")
            let unknown = try await officeAPI.request(.DELETE, "/api/v1/programmes/\(UUID().uuidString)/reporting-cycle")
            XCTAssertEqual(unknown.status, .notFound, "[\(database)]")
        }
    }

    /// The reporting overview is kept while nothing it draws on changes: sixteen requests at once
    /// from the portfolio office make it once and write its API document once, the page writes
    /// its section once for every request after; a change at a SQL prompt and an update
    /// submitted are each seen on the next request; a reader with other access has their own.
    func testTheReportingOverviewIsMadeOnceAndFollowsEveryChange() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let memo = store.instance.reportingOverviews
            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            let before = memo.made
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<16 { group.addTask { try await office.get("/api/v1/reporting-overview").body } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(Set(answers).count, 1, "[\(database)]")
            XCTAssertEqual(memo.made, before + 1, "[\(database)] sixteen requests at once, one overview made")
            XCTAssertEqual(memo.keptValues.map(\.writings.made), [1], "[\(database)] and one document written")
            let browser = server.client()
            try await browser.signIn("portfolio@test.example")
            let pages = [try await browser.get("/reporting"), try await browser.get("/reporting")]
            XCTAssertEqual(pages.map(\.status), [.ok, .ok], "[\(database)]")
            XCTAssertTrue(pages[1].body.contains("Not started"), "[\(database)]")
            XCTAssertEqual(memo.made, before + 1, "[\(database)] the page is made from the same overview")
            XCTAssertEqual(memo.keptValues.map(\.writings.made), [2], "[\(database)] its section written once for both")
            // An organisation's own list: kept too; one the overview has no lines of is written afresh.
            _ = try await browser.get("/reporting?organisation=\(world.lead.id.lowercasedText)")
            _ = try await browser.get("/reporting?organisation=\(UUID().uuidString)")
            XCTAssertEqual(memo.keptValues.map(\.writings.made), [3], "[\(database)]")

            // Renamed at a SQL prompt: seen on the next request.
            let system = world.projects[.system]!
            try await store.run("UPDATE projects SET title = 'Renamed at a prompt' WHERE id = \(bind: system.id)")
            let renamed = try await office.json(.GET, "/api/v1/reporting-overview")
            XCTAssertTrue(renamed.body.contains("Renamed at a prompt"), "[\(database)]")
            XCTAssertEqual(memo.made, before + 2, "[\(database)]")
            // The open period's update submitted: its line says so on the next request.
            let open = try XCTUnwrap(renamed.jsonObject["period"] as? String)
            func state(_ answer: TestResponse) throws -> String? {
                let lines = try XCTUnwrap(answer.jsonObject["current"] as? [[String: Any]])
                return lines.first { $0["projectId"] as? String == system.id.lowercasedText }?["state"] as? String
            }
            XCTAssertEqual(try state(renamed), "not-started", "[\(database)]")
            try await PortfolioReportTests.report(store, system, open, .amber, summary: "Submitted after the overview was kept")
            let submitted = try await office.json(.GET, "/api/v1/reporting-overview")
            XCTAssertEqual(try state(submitted), "submitted", "[\(database)] \(submitted.body)")
            XCTAssertEqual(memo.made, before + 3, "[\(database)]")

            // A reader with other access: their own, with only what they may read.
            let admin = server.client()
            admin.bearer = try await apiToken(server, "orgadmin-other@test.example")
            let theirs = try await admin.json(.GET, "/api/v1/reporting-overview")
            XCTAssertEqual(theirs.status, .ok, "[\(database)]")
            let person = try await store.person(email: "orgadmin-other@test.example")!
            let shown = Set(try XCTUnwrap(theirs.jsonObject["current"] as? [[String: Any]]).compactMap { $0["projectId"] as? String })
            for project in world.projects.values {
                let facts = try await store.projectForAccess(project.id, actor: person.actor)!.1
                XCTAssertEqual(shown.contains(project.id.lowercasedText), AccessPolicy.canRead(person.actor, facts), "[\(database)] \(project.fields.title)")
            }
            XCTAssertLessThan(shown.count, world.projects.count, "[\(database)] the fixture hides some from them")
            XCTAssertEqual(memo.made, before + 4, "[\(database)]")
        }
    }

    /// The manager of a project is reminded when its update is due within five working days, and
    /// when the one before is overdue; someone who may not read it is never told of it.
    func testRemindersComeBeforeTheDueDateAndWhenOverdue() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_790_000_000 - 40 * 86_400)) // 12 August 2026
        try await withServer(clock: clock) { server, world, database in
            let store = server.app.store
            let project = world.projects[.team]!
            try await store.setTeamMember(projectID: project.id, personID: world.teamPerson.id, role: .manager, by: .system)
            clock.advance(by: 40 * 86_400 - 15 * 86_400) // 6 September: August's update is due on Monday 7 September
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let soon = try await browser.get("/reporting")
            XCTAssertTrue(soon.body.contains("the August 2026 update</a>, due on 7 September 2026 (in 1 working day)"), "[\(database)] \(soon.body)")
            let work = try await browser.get("/my-work")
            XCTAssertTrue(work.body.contains("Status updates due"), "[\(database)] reminded where their work is")
            XCTAssertTrue(work.body.contains("the August 2026 update</a>, due on 7 September 2026 (in 1 working day)"), "[\(database)]")
            clock.advance(by: 15 * 86_400) // 21 September: overdue
            try await browser.signIn("teammate@test.example")
            let late = try await browser.get("/reporting")
            XCTAssertTrue(late.body.contains("Overdue"), "[\(database)]")
            XCTAssertTrue(late.body.contains("the August 2026 update</a>, due on 7 September 2026"), "[\(database)]")
            let log = try await browser.get("/projects/\(project.id.lowercasedText)/updates")
            XCTAssertTrue(log.body.contains("The August 2026 update was due on 7 September 2026 and has not been submitted."), "[\(database)]")
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let followed = try await office.get("/reporting")
            XCTAssertFalse(followed.body.contains("Project team"), "[\(database)] a team-only project the office is not on")
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let all = try await admin.get("/reporting")
            XCTAssertTrue(all.body.contains("Past their due date without a submitted update"), "[\(database)]")
            XCTAssertTrue(all.body.contains("Project team"), "[\(database)]")
            clock.advance(by: -40 * 86_400) // back to 12 August for the next database
        }
    }
}
