import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// `POST /api/v1/spc/analysis` through real HTTP: the whole analysis of a posted series, with the
/// settings and engine version it used; bad series and settings refused with every field named;
/// nothing saved.
final class SPCAnalysisAPITests: XCTestCase {
    func testASeriesIsAnalysedAndNothingIsSaved() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "viewer-other@test.example")
            let before = try await server.app.store.count("SELECT COUNT(*) AS n FROM audit_events")
            let values: [Double] = [12, 11, 13, 12, 14, 10, 12, 13, 11, 12, 14, 10, 12, 13, 11, 18]
            var points: [[String: Any]] = values.enumerated().map { ["label": "2026-\($0.offset + 1)", "value": $0.element] }
            points[15]["target"] = 5
            let answer = try await api.json(.POST, "/api/v1/spc/analysis", [
                "points": points, "improvementDirection": "up", "baselinePoints": 15,
            ])
            XCTAssertEqual(answer.status, .ok, "[\(database)] \(answer.body)")
            let body = answer.jsonObject
            XCTAssertEqual(body["engineVersion"] as? String, SPCAnalysis.engineVersion, "[\(database)]")
            XCTAssertEqual(body["preset"] as? String, "nhs-england-sql", "[\(database)] the default")
            XCTAssertEqual((body["settings"] as? [String: Any])?["shiftLength"] as? Int, 7, "[\(database)]")
            XCTAssertEqual(body["chart"] as? String, "xmr", "[\(database)]")
            XCTAssertEqual(body["variation"] as? String, "improvement-high", "[\(database)]")
            XCTAssertEqual(body["assurance"] as? String, "consistently-pass", "[\(database)]")
            let last = try XCTUnwrap((body["points"] as? [[String: Any]])?.last)
            XCTAssertEqual(try XCTUnwrap(last["mean"] as? Double), 12, accuracy: 1e-12, "[\(database)]")
            XCTAssertEqual(try XCTUnwrap(last["upperProcessLimit"] as? Double), 12 + 2.66 * 27 / 14, accuracy: 1e-9, "[\(database)]")
            XCTAssertEqual(last["primaryRule"] as? String, "outside-limits", "[\(database)]")
            XCTAssertEqual((last["rules"] as? [[String: Any]])?.first?["side"] as? String, "high", "[\(database)]")
            let periods = try XCTUnwrap(body["periods"] as? [[String: Any]])
            XCTAssertEqual(periods.first?["fromBaseline"] as? Bool, true, "[\(database)]")
            XCTAssertEqual(periods.first?["basisPoints"] as? Int, 15, "[\(database)]")

            // Fewer points than the minimum: a run chart, said so, with no icons.
            let short = try await api.json(.POST, "/api/v1/spc/analysis", [
                "points": Array(points.prefix(5)), "improvementDirection": "neither", "preset": "nhs-england-sql",
            ])
            XCTAssertEqual(short.jsonObject["chart"] as? String, "run-chart", "[\(database)]")
            XCTAssertEqual(short.jsonObject["median"] as? Double, 12, "[\(database)]")
            XCTAssertTrue(short.jsonObject["variation"] is NSNull, "[\(database)]")
            XCTAssertEqual((short.jsonObject["warnings"] as? [String])?.count, 1, "[\(database)]")

            // A preset with changes is no longer the preset; the answer says what was used.
            let changed = try await api.json(.POST, "/api/v1/spc/analysis", [
                "points": points, "improvementDirection": "down", "preset": "nhsrplotthedots", "settings": ["shiftLength": 8],
            ])
            XCTAssertTrue(changed.jsonObject["preset"] is NSNull, "[\(database)]")
            XCTAssertEqual((changed.jsonObject["settings"] as? [String: Any])?["screening"] as? String, "moving-ranges", "[\(database)]")
            XCTAssertEqual((changed.jsonObject["settings"] as? [String: Any])?["shiftLength"] as? Int, 8, "[\(database)]")

            let after = try await server.app.store.count("SELECT COUNT(*) AS n FROM audit_events")
            XCTAssertEqual(after, before, "[\(database)] nothing was recorded")
            let anonymous = try await server.client().json(.POST, "/api/v1/spc/analysis", ["points": points, "improvementDirection": "up"])
            XCTAssertEqual(anonymous.status, .unauthorized, "[\(database)]")
        }
    }

    func testBadSeriesAndSettingsAreRefusedWithEveryFieldNamed() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            func fields(_ body: [String: Any]) async throws -> [String: String] {
                let answer = try await api.json(.POST, "/api/v1/spc/analysis", body)
                XCTAssertEqual(answer.status, .unprocessableEntity, "[\(database)] \(answer.body)")
                return Dictionary(((answer.jsonObject["errors"] as? [[String: Any]]) ?? []).map {
                    ($0["field"] as? String ?? "", $0["message"] as? String ?? "")
                }, uniquingKeysWith: { first, _ in first })
            }
            let missing = try await fields([:])
            XCTAssertEqual(Set(missing.keys), ["points", "improvementDirection"], "[\(database)]")
            let bad = try await fields([
                "points": [["label": String(repeating: "x", count: 41), "value": 1], ["label": "b", "value": "twelve"],
                           ["label": "c", "value": 3, "ghosted": "yes"], ["label": "d", "value": 4, "target": "high"], 7],
                "improvementDirection": "sideways", "preset": "excel", "baselinePoints": 0,
                "settings": ["shiftLength": 2, "screening": "sometimes", "precedence": ["trend"]],
            ])
            XCTAssertEqual(Set(bad.keys), [
                "points[0].label", "points[1].value", "points[2].ghosted", "points[3].target", "points[4]", "improvementDirection",
                "preset", "baselinePoints", "settings.shiftLength", "settings.screening", "settings.precedence",
            ], "[\(database)]")
            XCTAssertEqual(bad["improvementDirection"], "improvementDirection must be up, down or neither", "[\(database)]")
            XCTAssertEqual(bad["preset"], "preset must be one of nhs-england-sql, nhsrplotthedots", "[\(database)]")
            let precedence = try await fields(["points": [], "improvementDirection": "up",
                                               "settings": ["precedence": ["trend", "trend", "shift", "outside-limits"]]])
            XCTAssertEqual(precedence["settings.precedence"], "The precedence must name each of the four rules once", "[\(database)]")
            let tooMany = try await fields(["points": Array(repeating: ["label": "x", "value": 1], count: 5_001), "improvementDirection": "up"])
            XCTAssertEqual(tooMany["points"], "Send at most 5000 points", "[\(database)]")
        }
    }
}
