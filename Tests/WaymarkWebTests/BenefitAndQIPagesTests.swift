import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Benefits, the QI lens and chart annotations through the pages and the API on both databases:
/// bad input named and nothing saved, stale versions refused, the register's totals, marks on a
/// measure's chart, and who may see and do what.
final class BenefitAndQIPagesTests: XCTestCase {
    func testATeamMemberRecordsABenefitAndTheRegisterTotalsItsCash() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.organisation]!
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let listPath = "/projects/\(project.id.lowercasedText)/benefits"
            let empty = try await browser.get(listPath)
            XCTAssertTrue(empty.body.contains("This project has no benefits recorded yet."), "[\(database)]")
            XCTAssertTrue(empty.body.contains("aria-current=\"page\">Benefits<"), "[\(database)]")

            let form = try await browser.get(listPath + "/new")
            var fields: [(String, String)] = [
                ("title", "Bed days released"), ("description", ""), ("category", "quality"), ("status", "on-track"), ("ownerId", ""),
                ("unit", "bed days"), ("baselineValue", "0"), ("baselineDate", "2025-04-01"), ("targetValue", "1200"),
                ("targetDate", "2027-03-31"), ("trajectory", "2026-03-31 400"), ("actuals", "2025-09-30 150\n2026-03-31 420"),
                ("cash", "2025/26 50000 42000\n2026/27 75000 -"),
            ]
            let refused = try await browser.post(listPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(refused.body.contains("Only a cash-releasing benefit has planned and realised cash by year"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("wm-error-summary"), "[\(database)]")
            let none = try await server.app.store.benefits(ofProject: project.id)
            XCTAssertEqual(none.count, 0, "[\(database)] nothing saved")
            fields = fields.map { $0.0 == "category" ? ("category", "cash-releasing") : $0 }
            let created = try await browser.post(listPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body.prefix(2000))")
            let benefitPath = try XCTUnwrap(created.location?.split(separator: "?").first.map(String.init))
            let page = try await browser.get(benefitPath)
            XCTAssertTrue(page.body.contains("B1 Bed days released"), "[\(database)]")
            XCTAssertTrue(page.body.contains("class=\"wm-benefit-chart\""), "[\(database)]")
            XCTAssertTrue(page.body.contains("<th scope=\"row\">2025/26</th><td>£50,000</td><td>£42,000</td>"), "[\(database)] \(page.body)")
            XCTAssertTrue(page.body.contains("<th scope=\"row\">2026-03-31</th><td>400</td><td>420</td>"), "[\(database)] planned against actual")

            // The register, as the portfolio office sees it: the benefit and its money.
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let register = try await office.get("/benefits?category=cash-releasing")
            XCTAssertTrue(register.body.contains("B1 Bed days released"), "[\(database)]")
            XCTAssertTrue(register.body.contains("<th scope=\"row\">2025/26</th><td>£50,000</td><td>£42,000</td><td>84%</td>"), "[\(database)]")
            let download = try await office.get("/exports/benefits-register?category=cash-releasing")
            XCTAssertEqual(download.headers.contentType?.subType, "csv", "[\(database)]")
            let rows = download.body.split(whereSeparator: \.isNewline)
            XCTAssertEqual(rows.count, 2, "[\(database)] the header and the one benefit: \(download.body)")
            XCTAssertTrue(rows.last?.contains("B1,Bed days released,Cash-releasing,No,On track,") == true, "[\(database)] \(download.body)")
            XCTAssertTrue(download.body.contains(",420,2026-03-31,125000,42000,2025/26 50000 42000; 2026/27 75000 -"), "[\(database)] \(download.body)")
            let projectDownload = try await browser.get("/projects/\(project.id.lowercasedText)/export/benefits")
            XCTAssertEqual(projectDownload.body.split(whereSeparator: \.isNewline).count, 2, "[\(database)] \(projectDownload.body)")
            let badFilter = try await office.get("/benefits?status=sideways")
            XCTAssertEqual(badFilter.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badFilter.body.contains("Choose a benefit status from the list"), "[\(database)]")

            // The API: a stale If-Match is refused; the register says the same totals.
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let id = String(benefitPath.split(separator: "/").last!)
            let stale = try await api.json(.PATCH, "/api/v1/benefits/\(id)", ["status": "realised"], headers: ["If-Match": "\"7\""])
            XCTAssertEqual(stale.status, .preconditionFailed, "[\(database)]")
            let badCash = try await api.json(.PATCH, "/api/v1/benefits/\(id)", ["cash": [["year": "2026/28", "planned": 1]], "version": 1])
            XCTAssertEqual(badCash.status, .unprocessableEntity, "[\(database)]")
            let saved = try await api.json(.PATCH, "/api/v1/benefits/\(id)", ["status": "realised", "targetValue": NSNull(), "targetDate": NSNull()],
                                           headers: ["If-Match": "\"1\""])
            XCTAssertEqual(saved.status, .ok, "[\(database)] \(saved.body)")
            XCTAssertEqual(saved.jsonObject["status"] as? String, "realised", "[\(database)]")
            XCTAssertTrue(saved.jsonObject["targetValue"] is NSNull, "[\(database)]")
            XCTAssertEqual(saved.jsonObject["plannedCashTotal"] as? Double, 125_000, "[\(database)]")
            let totals = try await api.get("/api/v1/benefit-register")
            let years = try XCTUnwrap(totals.jsonObject["cashByYear"] as? [[String: Any]])
            XCTAssertEqual(years.map { $0["year"] as? String }, ["2025/26", "2026/27"], "[\(database)]")
            XCTAssertEqual(years.first?["realised"] as? Double, 42_000, "[\(database)]")

            // Someone who may not read the project learns nothing of it.
            let outsider = server.client()
            outsider.bearer = try await apiToken(server, "viewer-other@test.example")
            let hidden = try await outsider.get("/api/v1/benefits/\(id)")
            XCTAssertEqual(hidden.status, .notFound, "[\(database)]")
            let outsiderPages = server.client()
            try await outsiderPages.signIn("viewer-other@test.example")
            let theirDownload = try await outsiderPages.get("/exports/benefits-register")
            XCTAssertEqual(theirDownload.body.split(whereSeparator: \.isNewline).count, 1, "[\(database)] only the header: \(theirDownload.body)")
            let theirs = try await outsider.get("/api/v1/benefit-register")
            XCTAssertEqual(theirs.jsonObject["total"] as? Int, 0, "[\(database)]")
            XCTAssertEqual((theirs.jsonObject["cashByYear"] as? [Any])?.count, 0, "[\(database)]")
            // A viewer who may read it may not change it.
            let viewer = server.client()
            try await viewer.signIn("viewer-lead@test.example")
            let readOnly = try await viewer.get(benefitPath)
            XCTAssertEqual(readOnly.status, .ok, "[\(database)]")
            XCTAssertFalse(readOnly.body.contains("Edit benefit"), "[\(database)]")
            let refusedEdit = try await viewer.get(benefitPath + "/edit")
            XCTAssertEqual(refusedEdit.status, .forbidden, "[\(database)]")
        }
    }

    func testTheQILensDrivesPDSACyclesOntoTheMeasuresChart() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.organisation]!
            let measure = try await server.app.store.createMeasure(projectID: project.id, fields: MeasureFields(name: "Falls", direction: .down),
                                                                   by: .system)
            try await server.app.store.addObservations((1...16).map {
                ObservationFields(date: CalendarDate("2026-01-05")!.adding(days: 7 * $0), value: Double(10 + $0 % 3))
            }, to: measure.id, by: .system)
            let browser = server.client()
            try await browser.signIn("teammate@test.example")

            // A benefit that takes its actual values from the measure shows the measure's latest
            // value that is not ghosted; another measure of the project, which no benefit reads,
            // changes nothing.
            try await server.app.store.addObservations([ObservationFields(date: CalendarDate("2026-05-04")!, value: 99, ghosted: true)],
                                                       to: measure.id, by: .system)
            let other = try await server.app.store.createMeasure(projectID: project.id, fields: MeasureFields(name: "Staff survey", direction: .up),
                                                                 by: .system)
            try await server.app.store.addObservations([ObservationFields(date: CalendarDate("2026-06-01")!, value: 42)], to: other.id, by: .system)
            _ = try await server.app.store.createBenefit(projectID: project.id, fields: BenefitFields(
                title: "Fewer falls", category: .quantitative, measureIDs: [measure.id, other.id], actualsMeasureID: measure.id), by: .system)
            let benefits = try await browser.get("/projects/\(project.id.lowercasedText)/benefits")
            XCTAssertTrue(benefits.body.contains("<td>11 (2026-04-27)</td>"), "[\(database)] \(benefits.body)")

            let qiPath = "/projects/\(project.id.lowercasedText)/qi"
            let qi = try await browser.get(qiPath)
            XCTAssertTrue(qi.body.contains("No aim has been written yet."), "[\(database)]")

            let aimForm = try await browser.get(qiPath + "/aim")
            let badAim = try await browser.post(qiPath + "/aim", [("statement", "Fewer falls"), ("byHowMuch", ""), ("byWhen", ""), ("version", "0")],
                                                csrf: aimForm.csrfToken)
            XCTAssertEqual(badAim.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badAim.body.contains("Say by how much"), "[\(database)]")
            let aim = try await browser.post(qiPath + "/aim", [("statement", "Fewer falls on the frailty wards"), ("byHowMuch", "from 11 to 8 a week"),
                                                               ("byWhen", "2027-03-31"), ("version", "0")], csrf: aimForm.csrfToken)
            XCTAssertEqual(aim.status, .seeOther, "[\(database)] \(aim.body.prefix(1500))")
            let twice = try await browser.post(qiPath + "/aim", [("statement", "Something else"), ("byHowMuch", "a lot"), ("byWhen", "2027-03-31"),
                                                                 ("version", "0")], csrf: aimForm.csrfToken)
            XCTAssertEqual(twice.status, .conflict, "[\(database)] a stale aim is not saved over")

            // The tree: a change idea cannot hang from a primary driver.
            let primary = try await browser.post(qiPath + "/drivers", [("kind", "primary"), ("text", "Reliable care"), ("parentId", "")],
                                                 csrf: qi.csrfToken)
            XCTAssertEqual(primary.status, .seeOther, "[\(database)]")
            let nodes = try await server.app.store.drivers(ofProject: project.id)
            let p1 = try XCTUnwrap(nodes.first)
            let wrong = try await browser.post(qiPath + "/drivers", [("kind", "change-idea"), ("text", "Huddle"), ("parentId", p1.id.lowercasedText)],
                                               csrf: qi.csrfToken)
            XCTAssertEqual(wrong.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(wrong.body.contains("A change idea hangs from a secondary driver"), "[\(database)]")
            _ = try await browser.post(qiPath + "/drivers", [("kind", "secondary"), ("text", "Handover"), ("parentId", p1.id.lowercasedText)],
                                       csrf: qi.csrfToken)
            let s2 = try await server.app.store.drivers(ofProject: project.id).first { $0.fields.kind == .secondary }!
            _ = try await browser.post(qiPath + "/drivers", [("kind", "change-idea"), ("text", "Safety huddle"), ("parentId", s2.id.lowercasedText)],
                                       csrf: qi.csrfToken)
            let drawn = try await browser.get(qiPath)
            XCTAssertTrue(drawn.body.contains("class=\"wm-driver-diagram\""), "[\(database)]")
            XCTAssertTrue(drawn.body.contains("Change idea C3: </strong>Safety huddle"), "[\(database)]")
            XCTAssertTrue(drawn.body.contains("Fewer falls on the frailty wards from 11 to 8 a week by 31 March 2027."), "[\(database)]")

            // A PDSA cycle judged by the measure is marked on its chart.
            let idea = try await server.app.store.drivers(ofProject: project.id).first { $0.fields.kind == .changeIdea }!
            let newCycle = try await browser.get("/projects/\(project.id.lowercasedText)/pdsa/new")
            let cycle = try await browser.post("/projects/\(project.id.lowercasedText)/pdsa", [
                ("title", "Huddle on ward 7"), ("changeIdeaId", idea.id.lowercasedText), ("status", "running"), ("startDate", "2026-02-23"),
                ("endDate", ""), ("plan", "Two weeks"), ("do", ""), ("study", ""), ("act", ""), ("decision", ""),
                ("measureIds", measure.id.lowercasedText),
            ], csrf: newCycle.csrfToken)
            XCTAssertEqual(cycle.status, .seeOther, "[\(database)] \(cycle.body.prefix(1500))")
            let measurePath = "/measures/\(measure.id.lowercasedText)"
            let chartPage = try await browser.get(measurePath)
            XCTAssertTrue(chartPage.body.contains("data-kind=\"pdsa\""), "[\(database)] the cycle is marked")
            XCTAssertTrue(chartPage.body.contains("PDSA1 Huddle on ward 7"), "[\(database)]")

            // An annotation from the measure's page: a bad one is named, a good one drawn.
            let badNote = try await browser.post(measurePath + "/annotations", [("annotation-date", "2026-13-01"), ("annotation-kind", "event"),
                                                                                 ("annotation-label", "")], csrf: chartPage.csrfToken)
            XCTAssertEqual(badNote.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badNote.body.contains("href=\"#annotation-label\""), "[\(database)] the summary links to the field")
            XCTAssertTrue(badNote.body.contains("Enter a short label for the chart"), "[\(database)]")
            let note = try await browser.post(measurePath + "/annotations", [("annotation-date", "2026-03-02"), ("annotation-kind", "event"),
                                                                              ("annotation-label", "Ward closed"), ("annotation-note", "Norovirus")],
                                              csrf: chartPage.csrfToken)
            XCTAssertEqual(note.status, .seeOther, "[\(database)]")
            let marked = try await browser.get(measurePath)
            XCTAssertEqual(marked.body.components(separatedBy: "class=\"mark\"").count - 1, 2, "[\(database)]")
            XCTAssertTrue(marked.body.contains("Marked: 1, 2026-02-23: PDSA1 Huddle on ward 7; 2, 2026-03-02: Ward closed."), "[\(database)]")

            // The API lists the same, and an outsider sees none of it.
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let cycles = try await api.get("/api/v1/projects/\(project.id.lowercasedText)/pdsa-cycles")
            XCTAssertEqual((cycles.jsonObject["items"] as? [[String: Any]])?.first?["measureIds"] as? [String], [measure.id.lowercasedText], "[\(database)]")
            let drivers = try await api.get("/api/v1/projects/\(project.id.lowercasedText)/drivers")
            XCTAssertEqual((drivers.jsonObject["items"] as? [[String: Any]])?.compactMap { $0["reference"] as? String }, ["P1", "S2", "C3"], "[\(database)]")
            let outsider = server.client()
            outsider.bearer = try await apiToken(server, "viewer-other@test.example")
            let hiddenAim = try await outsider.get("/api/v1/projects/\(project.id.lowercasedText)/qi-aim")
            XCTAssertEqual(hiddenAim.status, .notFound, "[\(database)]")
            let hiddenNotes = try await outsider.get("/api/v1/measures/\(measure.id.lowercasedText)/annotations")
            XCTAssertEqual(hiddenNotes.status, .notFound, "[\(database)]")

            // Deleting the primary driver takes the tree under it; the cycle stays.
            let confirm = try await browser.get("/drivers/\(p1.id.lowercasedText)/delete")
            XCTAssertEqual(confirm.status, .forbidden, "[\(database)] a team member may not delete parts of the diagram")
            let manager = server.client()
            try await manager.signIn("orgadmin-lead@test.example")
            let ask = try await manager.get("/drivers/\(p1.id.lowercasedText)/delete")
            XCTAssertTrue(ask.body.contains("2 drivers and change ideas under it will be deleted too."), "[\(database)] \(ask.body.prefix(3000))")
            let deleted = try await manager.post("/drivers/\(p1.id.lowercasedText)/delete", [], csrf: ask.csrfToken)
            XCTAssertEqual(deleted.status, .seeOther, "[\(database)]")
            let left = try await server.app.store.drivers(ofProject: project.id)
            XCTAssertEqual(left.count, 0, "[\(database)]")
            let kept = try await server.app.store.pdsaCycles(ofProject: project.id)
            XCTAssertEqual(kept.count, 1, "[\(database)]")
        }
    }

    func testMoneyIsWrittenInWholePoundsWithThousandsGrouped() {
        let cases: [(Double, String)] = [
            (0, "£0"), (999.4, "£999"), (999.5, "£1,000"), (120_000, "£120,000"), (1_234_567.5, "£1,234,568"),
            (-42_500.25, "-£42,500"), (-0.2, "£0"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(Pounds.text(value), text, "\(value)")
        }
    }
}
