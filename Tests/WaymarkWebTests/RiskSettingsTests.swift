import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The risk settings page and API on both databases: a system administrator changes the band
/// table (stored ratings keep their bands, new ones take the new table), the portfolio office keeps
/// the categories (retired ones stay on their risks but are not offered), bad input, stale versions
/// and who may do what.
final class RiskSettingsTests: XCTestCase {
    func risk(_ store: Store, _ project: Project, category: UUID?, owner: UUID) async throws -> Risk {
        let fields = RiskFields(title: "Winter demand exceeds capacity", cause: "Flu season", event: "Beds full", effect: "Delays",
                                categoryID: category, ownerID: owner,
                                inherent: RiskRating(likelihood: .likely, consequence: .major),
                                current: RiskRating(likelihood: .possible, consequence: .moderate),
                                target: RiskRating(likelihood: .unlikely, consequence: .minor), reviewDate: CalendarDate("2026-12-01"))
        return try await store.createRisk(projectID: project.id, fields: fields, settings: try await store.riskSettings(), by: .system)
    }

    /// The settings form's fields: three bands and a threshold.
    func bandForm(_ bands: [(String, String, String)], threshold: String, version: String) -> [(String, String)] {
        var fields: [(String, String)] = [("version", version), ("escalationThreshold", threshold)]
        for (index, band) in bands.enumerated() {
            fields += [("band-\(index + 1)-name", band.0), ("band-\(index + 1)-lowestScore", band.1), ("band-\(index + 1)-colour", band.2)]
        }
        // The form's spare row, left empty but for its colour picker.
        fields += [("band-\(bands.count + 1)-name", ""), ("band-\(bands.count + 1)-lowestScore", ""), ("band-\(bands.count + 1)-colour", "#000000")]
        return fields
    }

    func testAnAdministratorChangesTheBandTableAndStoredRatingsKeepTheirBands() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let before = try await risk(store, project, category: nil, owner: world.teamPerson.id)
            XCTAssertEqual(before.currentBand, "High", "[\(database)] 9 is High in NPSA's table")

            // Everyone signed in reads how risks are graded; only an administrator is offered the form.
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let read = try await member.get("/risk-settings")
            XCTAssertEqual(read.status, .ok, "[\(database)]")
            XCTAssertTrue(read.body.contains("8–12"), "[\(database)] the High band's scores")
            XCTAssertTrue(read.body.contains("reaches 15 is flagged"), "[\(database)]")
            XCTAssertFalse(read.body.contains("Save risk settings"), "[\(database)]")
            XCTAssertFalse(read.body.contains("Add category"), "[\(database)]")
            let forbidden = try await member.post("/risk-settings", bandForm([("Low", "1", "#007f3b")], threshold: "15", version: "1"),
                                                  csrf: read.csrfToken)
            XCTAssertEqual(forbidden.status, .forbidden, "[\(database)]")

            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let page = try await admin.get("/risk-settings")
            XCTAssertTrue(page.body.contains("Save risk settings"), "[\(database)]")
            XCTAssertTrue(page.body.contains("id=\"band-4-name\" name=\"band-4-name\" type=\"text\" value=\"Extreme\""), "[\(database)]")

            // Bad input: named, kept in the form, nothing changed.
            let badTable = try await admin.post("/risk-settings", bandForm([("Low", "2", "#007f3b"), ("High", "8", "#d5281b")],
                                                                          threshold: "30", version: "1"), csrf: page.csrfToken)
            XCTAssertEqual(badTable.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badTable.body.contains("The first band must start at a score of 1, not 2."), "[\(database)]")
            XCTAssertTrue(badTable.body.contains("The escalation threshold must be a score from 1 to 25, such as 15"), "[\(database)]")
            XCTAssertTrue(badTable.body.contains("href=\"#bands\""), "[\(database)] the summary links to the table")
            XCTAssertTrue(badTable.body.contains("value=\"30\""), "[\(database)] the input is kept")
            let unnamed = try await admin.post("/risk-settings", bandForm([("Low", "1", "#007f3b"), ("", "8", "#d5281b")],
                                                                         threshold: "15", version: "1"), csrf: page.csrfToken)
            XCTAssertTrue(unnamed.body.contains("Band 2 needs a name, such as Moderate"), "[\(database)]")
            let unchanged = try await store.riskSettings()
            XCTAssertEqual(unchanged, .nhsDefault, "[\(database)]")

            // A stricter table: what was stored keeps its band, what is rated from now on takes the new one.
            let stricter = [("Low", "1", "#007F3B"), ("Significant", "5", "#ed8b00"), ("Severe", "10", "#d5281b")]
            let stale = try await admin.post("/risk-settings", bandForm(stricter, threshold: "10", version: "0"), csrf: page.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            XCTAssertTrue(stale.body.contains("Someone else changed the risk settings while you were editing them."), "[\(database)]")
            let saved = try await admin.post("/risk-settings", bandForm(stricter, threshold: "10", version: "1"), csrf: page.csrfToken)
            XCTAssertEqual(saved.status, .seeOther, "[\(database)] \(saved.body)")
            let now = try await store.riskSettings()
            XCTAssertEqual(now.bands.bands.map(\.name), ["Low", "Significant", "Severe"], "[\(database)]")
            XCTAssertEqual(now.bands.bands[0].colour, "#007f3b", "[\(database)] colours are kept as #rrggbb")
            XCTAssertEqual(now.escalationThreshold, 10, "[\(database)]")
            let kept = try await store.risk(before.id)
            XCTAssertEqual(kept?.currentBand, "High", "[\(database)] a stored rating keeps its band")
            let after = try await risk(store, project, category: nil, owner: world.teamPerson.id)
            XCTAssertEqual(after.currentBand, "Significant", "[\(database)]")
            let shown = try await admin.get("/risk-settings?notice=saved")
            XCTAssertTrue(shown.body.contains("Risk settings saved."), "[\(database)]")
            XCTAssertTrue(shown.body.contains("Changed the risk band table or escalation threshold"), "[\(database)] its history")
            XCTAssertTrue(shown.body.contains("Low 1 #007f3b, Significant 5 #ed8b00, Severe 10 #d5281b"), "[\(database)]")

            // The portfolio office reads the settings but does not change them.
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let officePage = try await office.get("/risk-settings")
            XCTAssertFalse(officePage.body.contains("Save risk settings"), "[\(database)]")
            XCTAssertTrue(officePage.body.contains("Add category"), "[\(database)]")

            // The API: the same settings, the same rules; If-Match guards the change.
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let got = try await api.get("/api/v1/settings/risks")
            XCTAssertEqual(got.headers.first(name: .eTag), "\"2\"", "[\(database)]")
            XCTAssertEqual(got.jsonObject["escalationThreshold"] as? Int, 10, "[\(database)]")
            let bands = try XCTUnwrap(got.jsonObject["bands"] as? [[String: Any]])
            XCTAssertEqual(bands.last?["scores"] as? [Int], [10, 12, 15, 16, 20, 25], "[\(database)]")
            let notAscending = try await api.json(.PATCH, "/api/v1/settings/risks", [
                "bands": [["name": "Low", "lowestScore": 1, "colour": "#007f3b"], ["name": "High", "lowestScore": 1, "colour": "#d5281b"]],
            ], headers: ["If-Match": "\"2\""])
            XCTAssertEqual(notAscending.status, .unprocessableEntity, "[\(database)]")
            let error = try XCTUnwrap((notAscending.jsonObject["errors"] as? [[String: Any]])?.first)
            XCTAssertEqual(error["field"] as? String, "bands", "[\(database)]")
            XCTAssertEqual(error["kind"] as? String, "rule", "[\(database)] no schema can say bands ascend")
            let precondition = try await api.json(.PATCH, "/api/v1/settings/risks", ["escalationThreshold": 15], headers: ["If-Match": "\"1\""])
            XCTAssertEqual(precondition.status, .preconditionFailed, "[\(database)]")
            let restored = try await api.json(.PATCH, "/api/v1/settings/risks", [
                "bands": RiskBandTable.nhsDefault.bands.map { ["name": $0.name, "lowestScore": $0.lowestScore, "colour": $0.colour] },
                "escalationThreshold": 15, "version": 2,
            ])
            XCTAssertEqual(restored.status, .ok, "[\(database)] \(restored.body)")
            XCTAssertEqual(restored.jsonObject["version"] as? Int, 3, "[\(database)]")
            let back = try await store.riskSettings()
            XCTAssertEqual(back, .nhsDefault, "[\(database)]")
            let officeAPI = server.client()
            officeAPI.bearer = try await apiToken(server, "portfolio@test.example")
            let refused = try await officeAPI.json(.PATCH, "/api/v1/settings/risks", ["escalationThreshold": 12, "version": 3])
            XCTAssertEqual(refused.status, .forbidden, "[\(database)]")
        }
    }

    func testThePortfolioOfficeKeepsTheCategories() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let page = try await office.get("/risk-settings")

            // Adding: a name is needed and must be new; with no position it goes last.
            let blank = try await office.post("/risk-settings/categories", [("category-name", " "), ("category-position", "0")],
                                              csrf: page.csrfToken)
            XCTAssertEqual(blank.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(blank.body.contains("href=\"#category-name\">Enter the category"), "[\(database)]")
            XCTAssertTrue(blank.body.contains("Position must be a whole number from 1 to 999"), "[\(database)]")
            let taken = try await office.post("/risk-settings/categories", [("category-name", "financial"), ("category-position", "")],
                                              csrf: page.csrfToken)
            XCTAssertTrue(taken.body.contains("A risk category called Financial already exists"), "[\(database)]")
            let added = try await office.post("/risk-settings/categories", [("category-name", "Cyber security"), ("category-position", "")],
                                              csrf: page.csrfToken)
            XCTAssertEqual(added.status, .seeOther, "[\(database)] \(added.body)")
            let categories = try await store.riskCategories()
            XCTAssertEqual(categories.count, 12, "[\(database)]")
            let cyber = try XCTUnwrap(categories.last)
            XCTAssertEqual([cyber.name, String(cyber.position)], ["Cyber security", "12"], "[\(database)]")

            // A risk carries it; retiring it keeps it there but offers it for no new risk.
            let carried = try await risk(store, project, category: cyber.id, owner: world.teamPerson.id)
            let edit = try await office.get("/risk-settings/categories/\(cyber.id.lowercasedText)")
            XCTAssertTrue(edit.body.contains("1 risk carries this category."), "[\(database)]")
            XCTAssertFalse(edit.body.contains("Delete this category"), "[\(database)]")
            let stale = try await office.post("/risk-settings/categories/\(cyber.id.lowercasedText)",
                                              [("name", "Cyber"), ("position", "12"), ("status", "retired"), ("version", "7")],
                                              csrf: edit.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            let retired = try await office.post("/risk-settings/categories/\(cyber.id.lowercasedText)",
                                                [("name", "Cyber and information security"), ("position", "12"), ("status", "retired"),
                                                 ("version", "1")], csrf: edit.csrfToken)
            XCTAssertEqual(retired.status, .seeOther, "[\(database)] \(retired.body)")

            let member = server.client()
            try await member.signIn("teammate@test.example")
            let newForm = try await member.get("/projects/\(project.id.lowercasedText)/risks/new")
            XCTAssertFalse(newForm.body.contains("Cyber and information security"), "[\(database)] not offered for a new risk")
            let editForm = try await member.get("/risks/\(carried.id.lowercasedText)/edit")
            XCTAssertTrue(editForm.body.contains("selected>Cyber and information security"), "[\(database)] kept on its risk")
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let keeps = try await api.json(.PATCH, "/api/v1/risks/\(carried.id.lowercasedText)", ["title": "Winter demand", "version": 1])
            XCTAssertEqual(keeps.status, .ok, "[\(database)] a risk keeps its retired category \(keeps.body)")
            let refused = try await api.json(.POST, "/api/v1/projects/\(project.id.lowercasedText)/risks", [
                "title": "Ransomware", "cause": "Phishing", "event": "Systems encrypted", "effect": "Paper working",
                "categoryId": cyber.id.lowercasedText, "ownerId": world.teamPerson.id.lowercasedText,
                "inherentLikelihood": 3, "inherentConsequence": 4, "currentLikelihood": 3, "currentConsequence": 4,
                "targetLikelihood": 2, "targetConsequence": 4, "reviewDate": "2026-12-01",
            ])
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            let field = (refused.jsonObject["errors"] as? [[String: Any]])?.first?["field"] as? String
            XCTAssertEqual(field, "categoryId", "[\(database)]")
            let memberRefused = try await member.post("/risk-settings/categories", [("category-name", "Mine")], csrf: newForm.csrfToken)
            XCTAssertEqual(memberRefused.status, .forbidden, "[\(database)]")

            // A category risks carry is not deleted; one none carries is, and its history stays.
            let officeAPI = server.client()
            officeAPI.bearer = try await apiToken(server, "portfolio@test.example")
            let inUse = try await officeAPI.request(.DELETE, "/api/v1/risk-categories/\(cyber.id.lowercasedText)")
            XCTAssertEqual(inUse.status, .conflict, "[\(database)]")
            XCTAssertTrue(inUse.body.contains("1 risk carries the category Cyber and information security"), "[\(database)]")
            let spare = try await officeAPI.json(.POST, "/api/v1/risk-categories", ["name": "Procurement", "position": 3])
            XCTAssertEqual(spare.status, .created, "[\(database)] \(spare.body)")
            let spareID = try XCTUnwrap(spare.jsonObject["id"] as? String)
            XCTAssertEqual(spare.jsonObject["status"] as? String, "active", "[\(database)]")
            let duplicate = try await officeAPI.json(.PATCH, "/api/v1/risk-categories/\(spareID)", ["name": "PROCUREMENT ", "version": 1])
            XCTAssertEqual(duplicate.status, .ok, "[\(database)] its own name, in other case, is no clash")
            let clash = try await officeAPI.json(.PATCH, "/api/v1/risk-categories/\(spareID)", ["name": "Workforce", "version": 2])
            XCTAssertEqual(clash.status, .unprocessableEntity, "[\(database)]")
            XCTAssertEqual((clash.jsonObject["errors"] as? [[String: Any]])?.first?["kind"] as? String, "taken", "[\(database)]")
            let wrongVersion = try await officeAPI.request(.DELETE, "/api/v1/risk-categories/\(spareID)", headers: ["If-Match": "\"1\""])
            XCTAssertEqual(wrongVersion.status, .preconditionFailed, "[\(database)]")
            let confirm = try await office.get("/risk-settings/categories/\(spareID)/delete")
            XCTAssertEqual(confirm.status, .ok, "[\(database)]")
            let deleted = try await office.post("/risk-settings/categories/\(spareID)/delete", [("version", "2")], csrf: confirm.csrfToken)
            XCTAssertEqual(deleted.status, .seeOther, "[\(database)]")
            let gone = try await officeAPI.get("/api/v1/risk-categories/\(spareID)")
            XCTAssertEqual(gone.status, .notFound, "[\(database)]")

            let history = try await office.get("/risk-settings/history")
            for sentence in ["Added risk category Cyber security", "Changed risk category Cyber and information security",
                             "Deleted risk category PROCUREMENT", "Added risk category Procurement"] {
                XCTAssertTrue(history.body.contains(sentence), "[\(database)] \(sentence)")
            }
            XCTAssertTrue(history.body.contains("Retired"), "[\(database)] the status change is worded")
        }
    }
}
