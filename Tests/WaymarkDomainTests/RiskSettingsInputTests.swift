import Foundation
@testable import WaymarkDomain
import XCTest

/// The risk settings and categories as an administrator or the portfolio office proposes them.
final class RiskSettingsInputTests: XCTestCase {
    func errors(_ body: () throws -> Any) -> [String: String] {
        do {
            _ = try body()
            return [:]
        } catch let failure as ValidationFailure {
            return Dictionary(failure.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        } catch {
            return ["unexpected": "\(error)"]
        }
    }

    func testABandTableIsReadFromItsRowsAndEmptyRowsAreNotBands() throws {
        let input = RiskSettingsInput(bands: [
            RiskBandInput(name: " Low ", lowestScore: "1", colour: "#007F3B"),
            RiskBandInput(name: "Severe", lowestScore: " 10 ", colour: "#d5281b"),
            RiskBandInput(name: "", lowestScore: "", colour: "#000000"),
        ], escalationThreshold: "12")
        let settings = try RiskSettings.validate(input, current: .nhsDefault)
        XCTAssertEqual(settings.bands.bands, [RiskBand(name: "Low", lowestScore: 1, colour: "#007f3b"),
                                              RiskBand(name: "Severe", lowestScore: 10, colour: "#d5281b")])
        XCTAssertEqual(settings.escalationThreshold, 12)
        XCTAssertEqual(settings.bands.band(for: 9).name, "Low")
        XCTAssertEqual(settings.bands.scores(of: settings.bands.bands[1]), [10, 12, 15, 16, 20, 25])
    }

    func testWhatTheInputDoesNotCarryIsKept() throws {
        let threshold = try RiskSettings.validate(RiskSettingsInput(escalationThreshold: "20"), current: .nhsDefault)
        XCTAssertEqual(threshold, RiskSettings(bands: .nhsDefault, escalationThreshold: 20))
        let same = try RiskSettings.validate(RiskSettingsInput(showing: .nhsDefault), current: threshold)
        XCTAssertEqual(same, .nhsDefault)
    }

    func testBadTablesAndThresholdsAreNamed() {
        func problems(_ rows: [(String, String, String)], threshold: String? = nil) -> [String: String] {
            errors { try RiskSettings.validate(RiskSettingsInput(bands: rows.map { RiskBandInput(name: $0.0, lowestScore: $0.1, colour: $0.2) },
                                                                 escalationThreshold: threshold), current: .nhsDefault) }
        }
        XCTAssertEqual(problems([("Low", "2", "#007f3b")])["bands"], "The first band must start at a score of 1, not 2.")
        XCTAssertEqual(problems([("Low", "1", "#007f3b"), ("High", "1", "#d5281b")])["bands"],
                       "Band “High” must start at a higher score than the band before it.")
        XCTAssertEqual(problems([("Low", "1", "#007f3b"), ("low", "5", "#d5281b")])["bands"], "Two bands are called “low”.")
        XCTAssertEqual(problems([("Low", "1", "green")])["bands"], "Band “Low” needs a colour written as #rrggbb.")
        XCTAssertEqual(problems([("Low", "1", "#007f3b"), ("", "8", "#d5281b")])["bands"], "Band 2 needs a name, such as Moderate")
        XCTAssertEqual(problems([("Low", "one", "#007f3b")])["bands"], "Band 1's lowest score must be a whole number from 1 to 25")
        XCTAssertEqual(problems([("Low", "1", "#007f3b"), ("Off the scale", "26", "#d5281b")])["bands"],
                       "Band 2's lowest score must be a whole number from 1 to 25")
        XCTAssertEqual(problems([])["bands"], "Give at least one band.")
        XCTAssertEqual(problems((1...9).map { ("B\($0)", String($0), "#007f3b") })["bands"], "Give at most 8 bands")
        for threshold in ["0", "26", "fifteen", ""] {
            XCTAssertEqual(problems([("Low", "1", "#007f3b")], threshold: threshold)["escalationThreshold"],
                           "The escalation threshold must be a score from 1 to 25, such as 15", threshold)
        }
    }

    func testACategoryNeedsANameAndAPlaceInTheList() throws {
        let fields = try RiskCategoryFields.validate(RiskCategoryInput(reading: { ["name": " Cyber ", "status": "retired"][$0] }),
                                                     endOfList: 12)
        XCTAssertEqual(fields, RiskCategoryFields(name: "Cyber", position: 12, status: .retired))
        let problems = errors {
            try RiskCategoryFields.validate(RiskCategoryInput(reading: { ["name": "", "position": "1000", "status": "gone"][$0] }),
                                            endOfList: 1)
        }
        XCTAssertEqual(problems, ["name": "Enter the category's name", "position": "Position must be a whole number from 1 to 999",
                                  "status": "Select whether the category is offered for new risks or retired"])
        let current = RiskCategoryFields(name: "Financial", position: 2)
        let moved = try RiskCategoryFields.validate(RiskCategoryInput(reading: { $0 == "position" ? "7" : nil }).overlaid(on: current),
                                                    endOfList: 2)
        XCTAssertEqual(moved, RiskCategoryFields(name: "Financial", position: 7))
    }

    func testARetiredCategoryIsOfferedOnlyToTheRiskThatHasIt() {
        let kept = RiskCategory(id: UUID(), fields: RiskCategoryFields(name: "Old", position: 1, status: .retired), version: 2)
        let open = RiskCategory(id: UUID(), fields: RiskCategoryFields(name: "New", position: 2), version: 1)
        XCTAssertEqual(RiskCategory.offered([kept, open], keeping: nil).map(\.name), ["New"])
        XCTAssertEqual(RiskCategory.offered([kept, open], keeping: kept.id).map(\.name), ["Old", "New"])
    }
}
