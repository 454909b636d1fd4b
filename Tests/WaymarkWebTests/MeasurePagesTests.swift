import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// A project's measures through the pages and the API on both databases: adding one, recording,
/// pasting and uploading observations (bad rows named, nothing saved), ghosting a point, stale
/// versions, the chart and its icons, the CSV download, and who may see and do what.
final class MeasurePagesTests: XCTestCase {
    let baseline: [Double] = [12, 11, 13, 12, 14, 10, 12, 13, 11, 12, 14, 10, 12, 13, 11]

    func testATeamMemberAddsAMeasureAndItsDataAndSeesTheChartJudgeIt() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.team]!
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let listPath = "/projects/\(project.id.lowercasedText)/measures"
            let empty = try await browser.get(listPath)
            XCTAssertTrue(empty.body.contains("This project has no measures yet."), "[\(database)]")
            XCTAssertTrue(empty.body.contains("aria-current=\"page\">Measures<"), "[\(database)]")

            let form = try await browser.get(listPath + "/new")
            var fields: [(String, String)] = [("name", ""), ("definition", "Patients seen within 4 hours / all attendances"),
                                              ("type", "outcome"), ("unit", "%"), ("frequency", "weekly"), ("dataSource", "ECDS"),
                                              ("ownerId", ""), ("targets", "2026-01-01 ninety"), ("spcPreset", "nhs-england-sql"),
                                              ("baselinePoints", "1")]
            let refused = try await browser.post(listPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            for message in ["Enter the measure", "Select which way is better: higher, lower, or neither",
                            "Target line 1 must be a date and a number, like 2026-04-01 95",
                            "The baseline must be a whole number of points from 2 to 1000, or empty for none"] {
                XCTAssertTrue(refused.body.contains(message), "[\(database)] \(message)")
            }
            let none = try await server.app.store.measures(ofProject: project.id)
            XCTAssertEqual(none.count, 0, "[\(database)]")
            fields = fields.map { name, value in
                (name, ["name": "Seen within 4 hours", "targets": "2026-01-01 5", "baselinePoints": "15"][name] ?? value)
            } + [("improvementDirection", "up")]
            let created = try await browser.post(listPath, fields, csrf: form.csrfToken)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body)")
            let measurePath = try XCTUnwrap(created.location?.split(separator: "?").first.map(String.init))
            let measureID = try XCTUnwrap(UUID(uuidString: String(measurePath.split(separator: "/").last!)))

            // One observation, with a mistake first; then fourteen pasted, with bad rows first.
            let page = try await browser.get(measurePath)
            XCTAssertTrue(page.body.contains("No observations have been recorded."), "[\(database)]")
            let bad = try await browser.post(measurePath + "/observations", [("date", "2026-02-30"), ("value", "12%")], csrf: page.csrfToken)
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(bad.body.contains("Date must be a real date, like 2026-03-31"), "[\(database)]")
            XCTAssertTrue(bad.body.contains("The value must be a number, like 42 or 87.5"), "[\(database)]")
            let first = try await browser.post(measurePath + "/observations", [("date", "2026-01-05"), ("value", "12")], csrf: page.csrfToken)
            XCTAssertEqual(first.status, .seeOther, "[\(database)]")
            let dates = (1...14).map { CalendarDate("2026-01-05")!.adding(days: 7 * $0).description }
            let pasted = "Week\tPercent\n" + zip(dates, baseline.dropFirst()).map { "\($0)\t\(MeasureNumber.text($1))" }.joined(separator: "\n")
            let badPaste = try await browser.post(measurePath + "/import", [("pasted", pasted + "\n2026-01-05\t13\n2026-05-01\tn/a")],
                                                  csrf: page.csrfToken)
            XCTAssertEqual(badPaste.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badPaste.body.contains("Row 16, date: 2026-01-05 is already recorded"), "[\(database)] \(badPaste.body.prefix(3000))")
            XCTAssertTrue(badPaste.body.contains("Row 17, value: The value must be a number"), "[\(database)]")
            let stillOne = try await server.app.store.observations(of: measureID).count
            XCTAssertEqual(stillOne, 1, "[\(database)] nothing of a bad import is saved")
            let imported = try await browser.post(measurePath + "/import", [("pasted", pasted)], csrf: page.csrfToken)
            XCTAssertEqual(imported.status, .seeOther, "[\(database)] \(imported.body.prefix(2000))")

            // A sixteenth point beyond the upper limit, uploaded as a CSV file.
            let boundary = "waymark-test-boundary"
            let csv = "\u{FEFF}date,value,note\r\n2026-04-27,18,\"Extra clinics, weekend\"\r\n"
            let multipart = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(page.csrfToken ?? "")\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"pasted\"\r\n\r\n\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"week.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
                + "--\(boundary)--\r\n"
            let uploaded = try await browser.request(.POST, measurePath + "/import", body: multipart,
                                                     contentType: "multipart/form-data; boundary=\(boundary)")
            XCTAssertEqual(uploaded.status, .seeOther, "[\(database)] \(uploaded.body.prefix(2000))")
            let forged = try await browser.request(.POST, measurePath + "/import",
                                                   body: multipart.replacingOccurrences(of: page.csrfToken ?? "-", with: "forged"),
                                                   contentType: "multipart/form-data; boundary=\(boundary)")
            XCTAssertEqual(forged.status, .forbidden, "[\(database)]")

            let chart = try await browser.get(measurePath)
            XCTAssertTrue(chart.body.contains("data-variation=\"improvement-high\""), "[\(database)] the latest point is special cause")
            XCTAssertTrue(chart.body.contains("Special cause improvement (high)"), "[\(database)] the icon says so in words")
            XCTAssertTrue(chart.body.contains("The process will consistently meet the target"), "[\(database)]")
            XCTAssertTrue(chart.body.contains("Extra clinics, weekend"), "[\(database)] the note is in the data table")
            XCTAssertTrue(chart.body.contains("<th scope=\"row\">2026-04-27</th>"), "[\(database)]")

            // Ghosting the spike: a stale version is refused; then the chart returns to common cause.
            let observations = try await server.app.store.observations(of: measureID)
            let spike = try XCTUnwrap(observations.last)
            let edit = try await browser.get("/observations/\(spike.id.lowercasedText)/edit")
            XCTAssertTrue(edit.body.contains("Delete this observation"), "[\(database)]")
            let ghost: [(String, String)] = [("date", "2026-04-27"), ("value", "18"), ("note", "Extra clinics, weekend"), ("flags", "ghosted")]
            let stale = try await browser.post("/observations/\(spike.id.lowercasedText)/edit", ghost + [("version", "9")], csrf: edit.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            let ghosted = try await browser.post("/observations/\(spike.id.lowercasedText)/edit", ghost + [("version", "1")], csrf: edit.csrfToken)
            XCTAssertEqual(ghosted.status, .seeOther, "[\(database)]")
            let calm = try await browser.get(measurePath)
            XCTAssertTrue(calm.body.contains("Common cause variation"), "[\(database)]")
            XCTAssertTrue(calm.body.contains("Ghosted: left out of the calculations"), "[\(database)]")

            let download = try await browser.get(measurePath + "/observations.csv")
            XCTAssertEqual(download.headers.contentType?.subType, "csv", "[\(database)]")
            XCTAssertTrue(download.body.contains("2026-04-27,18,\"Extra clinics, weekend\",Yes,No"), "[\(database)] \(download.body.prefix(500))")

            // The list shows the measure with its icons; the API says the same.
            let list = try await browser.get(listPath)
            XCTAssertTrue(list.body.contains("M1 Seen within 4 hours"), "[\(database)]")
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let measures = try await api.get("/api/v1/projects/\(project.id.lowercasedText)/measures")
            let item = try XCTUnwrap((measures.jsonObject["items"] as? [[String: Any]])?.first)
            XCTAssertEqual(item["observationCount"] as? Int, 16, "[\(database)]")
            XCTAssertEqual(item["variation"] as? String, "common-cause", "[\(database)]")
            XCTAssertEqual(item["baselinePoints"] as? Int, 15, "[\(database)]")
            let analysis = try await api.get("/api/v1/measures/\(measureID.lowercasedText)/analysis")
            XCTAssertEqual((analysis.jsonObject["points"] as? [[String: Any]])?.count, 16, "[\(database)]")
            let importRefused = try await api.json(.POST, "/api/v1/measures/\(measureID.lowercasedText)/observations/import", [
                "observations": [["date": "2026-05-04", "value": 12], ["date": "2026-05-04", "value": 13], ["date": "2026-05-11", "value": 2e12]],
            ])
            XCTAssertEqual(importRefused.status, .unprocessableEntity, "[\(database)]")
            let refusedFields = ((importRefused.jsonObject["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
            XCTAssertEqual(refusedFields, ["observations[1].date", "observations[2].value"], "[\(database)]")
            let still16 = try await server.app.store.observations(of: measureID).count
            XCTAssertEqual(still16, 16, "[\(database)]")

            // Someone who may not read the team-only project finds nothing at all.
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            for path in [listPath, measurePath, measurePath + "/observations.csv", "/observations/\(spike.id.lowercasedText)/edit"] {
                let hidden = try await outsider.get(path)
                XCTAssertEqual(hidden.status, .notFound, "[\(database)] \(path)")
            }
            let outsiderAPI = server.client()
            outsiderAPI.bearer = try await apiToken(server, "member-other@test.example")
            let hiddenAnalysis = try await outsiderAPI.get("/api/v1/measures/\(measureID.lowercasedText)/analysis")
            XCTAssertEqual(hiddenAnalysis.status, .notFound, "[\(database)]")

            // The icon summary lists the measure for its team and the portfolio office, never for the outsider.
            let summary = try await browser.get("/measures")
            XCTAssertEqual(summary.status, .ok, "[\(database)]")
            XCTAssertTrue(summary.body.contains("M1 Seen within 4 hours"), "[\(database)]")
            XCTAssertTrue(summary.body.contains("class=\"wm-sparkline\""), "[\(database)]")
            let office = server.client()
            try await office.signIn("admin@test.example")
            for path in ["/measures", "/measures?organisation=\(world.lead.id.lowercasedText)&variation=common-cause&sort=project"] {
                let everything = try await office.get(path)
                XCTAssertEqual(everything.status, .ok, "[\(database)] \(path)")
                XCTAssertTrue(everything.body.contains("M1 Seen within 4 hours"), "[\(database)] an administrator sees every project's")
            }
            let outsiderSummary = try await outsider.get("/measures")
            XCTAssertFalse(outsiderSummary.body.contains("Seen within 4 hours"), "[\(database)] a team-only project's measure is hidden")
            let outsiderCount = try await outsiderAPI.get("/api/v1/measure-summary")
            XCTAssertEqual(outsiderCount.jsonObject["total"] as? Int, 0, "[\(database)] nor counted")
            let filtered = try await api.get("/api/v1/measure-summary?variation=concern-high")
            XCTAssertEqual(filtered.jsonObject["total"] as? Int, 0, "[\(database)]")
            let common = try await api.get("/api/v1/measure-summary?variation=common-cause&organisation=\(world.lead.id.lowercasedText)")
            XCTAssertEqual(common.jsonObject["total"] as? Int, 1, "[\(database)]")
            let badQuery = try await api.get("/api/v1/measure-summary?variation=sideways")
            XCTAssertEqual(badQuery.status, .unprocessableEntity, "[\(database)]")
            let emptyQuery = try await api.get("/api/v1/measure-summary?project=")
            XCTAssertEqual(emptyQuery.status, .unprocessableEntity, "[\(database)] the API takes no empty filter")
            let anyFromTheForm = try await browser.get("/measures?organisation=&programme=&variation=&assurance=&sort=attention")
            XCTAssertEqual(anyFromTheForm.status, .ok, "[\(database)] the form's \"any\" is empty")
            let badPage = try await browser.get("/measures?sort=loudest")
            XCTAssertEqual(badPage.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badPage.body.contains("Sort by attention, project or name"), "[\(database)]")

            // A team member records but does not delete the measure.
            let delete = try await browser.get(measurePath + "/delete")
            XCTAssertEqual(delete.status, .forbidden, "[\(database)]")
        }
    }
}
