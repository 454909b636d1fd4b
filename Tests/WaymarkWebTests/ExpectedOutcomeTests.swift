import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The expected outcome and success measures: a field added by one line in each of the places
/// "Adding a field" in the README names, reaching the form, the page, the API, its document
/// and the history.
final class ExpectedOutcomeTests: XCTestCase {
    func testTheFieldReachesTheFormThePageTheAPIAndTheHistory() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.organisation]!
            let path = SiteURL.project(.value(project.id)).path
            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let form = try await browser.get(path + "/edit")
            XCTAssertTrue(form.body.contains("<textarea"), database.rawValue)
            XCTAssertTrue(form.body.contains("name=\"expectedOutcome\""), form.body)
            XCTAssertTrue(form.body.contains("Expected outcome and success measures"))

            let fields = project.fields
            var pairs: [(String, String)] = [
                ("title", fields.title), ("leadOrganisationId", fields.leadOrganisationID.lowercasedText),
                ("partnerOrganisationIds", world.partner.id.lowercasedText), ("methodology", fields.methodology.rawValue),
                ("stageId", fields.stageID.lowercasedText), ("version", "1"),
            ]
            let tooLong = try await browser.post(path + "/edit", pairs + [("expectedOutcome", String(repeating: "a ", count: 5_001))],
                                                 csrf: form.csrfToken)
            XCTAssertEqual(tooLong.status, .unprocessableEntity)
            XCTAssertTrue(tooLong.body.contains("href=\"#expectedOutcome\""), tooLong.body)
            pairs.append(("expectedOutcome", "Admissions from care homes down 20% by March"))
            let saved = try await browser.post(path + "/edit", pairs, csrf: form.csrfToken)
            XCTAssertEqual(saved.status, .seeOther, saved.body)
            let page = try await browser.get(path)
            XCTAssertTrue(page.body.contains("Admissions from care homes down 20% by March"))

            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let read = try await api.get(APIRoute.project(.value(project.id)).path)
            XCTAssertEqual(read.jsonObject["expectedOutcome"] as? String, "Admissions from care homes down 20% by March")
            let patched = try await api.json(.PATCH, APIRoute.project(.value(project.id)).path,
                                             ["expectedOutcome": "Admissions down 25%", "version": 2])
            XCTAssertEqual(patched.status, .ok, patched.body)
            XCTAssertEqual(patched.jsonObject["expectedOutcome"] as? String, "Admissions down 25%")
            let refused = try await api.json(.PATCH, APIRoute.project(.value(project.id)).path,
                                             ["expectedOutcome": String(repeating: "b", count: 10_001), "version": 3])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.contains("\"field\":\"expectedOutcome\""), refused.body)

            let history = try await api.get(APIRoute.projectHistory(.value(project.id)).path)
            let latest = ((history.jsonObject["items"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]])?.first
            XCTAssertEqual(latest?["key"] as? String, "expectedOutcome")
            XCTAssertEqual(latest?["field"] as? String, "Expected outcome and success measures")
            XCTAssertEqual(latest?["old"] as? String, "Admissions from care homes down 20% by March")
            let historyPage = try await browser.get(path + "/history")
            XCTAssertTrue(historyPage.body.contains("Expected outcome and success measures: </strong>"), historyPage.body)

            let document = try await api.get("/api/v1/openapi.json")
            let schemas = (document.jsonObject["components"] as? [String: Any])?["schemas"] as? [String: Any]
            for name in ["Project", "ProjectCreate", "ProjectUpdate"] {
                let properties = (schemas?[name] as? [String: Any])?["properties"] as? [String: Any]
                XCTAssertNotNil(properties?["expectedOutcome"], name)
            }
            let update = ((schemas?["ProjectUpdate"] as? [String: Any])?["properties"] as? [String: Any])?["expectedOutcome"] as? [String: Any]
            XCTAssertEqual(update?["maxLength"] as? Int, ProjectFields.textLimit)
        }
    }
}
