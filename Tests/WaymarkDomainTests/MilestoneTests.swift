import Foundation
import WaymarkDomain
import XCTest

/// A milestone's rules: slippage derived from the baseline (never typed), overdue when its forecast
/// has passed unachieved, what a plan accepts, and which key milestones a window lists.
final class MilestoneTests: XCTestCase {
    let today = CalendarDate("2026-09-21")!
    let owner = UUID(), stage = UUID()

    func milestone(baseline: String?, forecast: String, actual: String? = nil, status: MilestoneStatus = .onTrack,
                   key: Bool = true) -> Milestone {
        Milestone(id: UUID(), projectID: UUID(), number: 1,
                  fields: MilestoneFields(title: "Go live", forecastDate: CalendarDate(forecast)!, actualDate: actual.flatMap(CalendarDate.init),
                                          status: status, isKey: key),
                  baselineDate: baseline.flatMap(CalendarDate.init), version: 1, createdAt: Date(), updatedAt: Date())
    }

    func testSlippageIsDerivedFromTheBaselineAndTheActualOrForecastDate() {
        XCTAssertNil(milestone(baseline: nil, forecast: "2026-10-01").slippageDays, "nothing to slip against before a baseline")
        XCTAssertEqual(milestone(baseline: "2026-10-01", forecast: "2026-10-15").slippageDays, 14)
        XCTAssertEqual(milestone(baseline: "2026-10-01", forecast: "2026-09-28").slippageDays, -3)
        XCTAssertEqual(milestone(baseline: "2026-09-01", forecast: "2026-09-30", actual: "2026-09-05", status: .complete).slippageDays, 4,
                       "the actual date, once there is one")
        XCTAssertEqual(milestone(baseline: "2026-12-30", forecast: "2027-01-02").slippageDays, 3, "across a year's end")
        XCTAssertEqual(slippageText(14), "14 days late")
        XCTAssertEqual(slippageText(-1), "1 day early")
        XCTAssertEqual(slippageText(0), "On the baseline")
        XCTAssertNil(slippageText(nil))
    }

    func testOverdueMeansTheForecastHasPassedUnachieved() {
        XCTAssertTrue(milestone(baseline: nil, forecast: "2026-09-20").isOverdue(today: today))
        XCTAssertFalse(milestone(baseline: nil, forecast: "2026-09-21").isOverdue(today: today), "due today is not overdue")
        XCTAssertFalse(milestone(baseline: nil, forecast: "2026-09-01", actual: "2026-09-02", status: .complete).isOverdue(today: today))
        XCTAssertTrue(milestone(baseline: nil, forecast: "2026-09-01", status: .missed).isOverdue(today: today))
    }

    func errors(_ changes: [String: String]) -> [String: String] {
        var input = MilestoneInput()
        input.title = "Pilot goes live"
        input.forecastDate = "2026-12-01"
        for (key, path) in MilestoneInput.fields where changes[key] != nil { input[keyPath: path] = changes[key] }
        do {
            _ = try MilestoneFields.validate(input, owners: [owner], stages: [stage], today: today)
            return [:]
        } catch let failure as ValidationFailure {
            return Dictionary(failure.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        } catch {
            XCTFail("\(error)")
            return [:]
        }
    }

    func testAMilestoneIsCheckedAsAPlanWouldCheckIt() throws {
        XCTAssertEqual(errors([:]), [:])
        XCTAssertEqual(errors(["forecastDate": ""])["forecastDate"], "Enter when the milestone is expected")
        XCTAssertEqual(errors(["forecastDate": "2026-13-01"])["forecastDate"], "Forecast date must be a real date, like 2026-03-31")
        XCTAssertEqual(errors(["actualDate": "2026-09-22", "status": "complete"])["actualDate"],
                       "The actual date cannot be in the future: it is when the milestone was achieved")
        XCTAssertEqual(errors(["status": "complete"])["actualDate"],
                       "Enter when the milestone was achieved: a complete milestone needs its actual date")
        XCTAssertEqual(errors(["actualDate": "2026-09-01"])["status"],
                       "A milestone with an actual date has been achieved: set its status to complete, or clear the date")
        XCTAssertEqual(errors(["actualDate": "2026-09-01", "status": "complete"]), [:])
        XCTAssertEqual(errors(["status": "late"])["status"], "Select a status: not started, on track, at risk, missed or complete")
        XCTAssertEqual(errors(["ownerId": UUID().uuidString])["ownerId"], "Select an owner from the people listed")
        XCTAssertEqual(errors(["stageId": "stage 2"])["stageId"], "Select a stage from the list")
        XCTAssertEqual(errors(["key": "yes"])["key"], "key must be true or false")
        XCTAssertEqual(errors(["title": "", "status": "x", "forecastDate": ""]).count, 3, "every problem at once")
        var input = MilestoneInput()
        input.title = "Go live"
        input.forecastDate = "2026-12-01"
        input.isKey = "true"
        input.stageID = stage.uuidString
        let fields = try MilestoneFields.validate(input, owners: [], stages: [stage], today: today)
        XCTAssertTrue(fields.isKey)
        XCTAssertEqual(fields.status, .notStarted, "not started unless said")
        XCTAssertEqual(fields.stageID, stage)
    }

    func testAWindowListsWhatIsDueOverdueOrSlippedWithinIt() {
        let window = MilestoneWindow(days: 30)
        XCTAssertTrue(window.includes(milestone(baseline: nil, forecast: "2026-10-21"), today: today), "due on the window's last day")
        XCTAssertFalse(window.includes(milestone(baseline: nil, forecast: "2026-10-22"), today: today))
        XCTAssertTrue(window.includes(milestone(baseline: nil, forecast: "2026-09-01"), today: today), "overdue")
        XCTAssertTrue(window.includes(milestone(baseline: "2026-10-10", forecast: "2026-12-01"), today: today),
                      "its baseline fell in the window but it slipped out of it")
        XCTAssertFalse(window.includes(milestone(baseline: "2026-11-10", forecast: "2026-12-01"), today: today))
        XCTAssertFalse(window.includes(milestone(baseline: nil, forecast: "2026-10-01", actual: "2026-09-20", status: .complete), today: today),
                       "complete")
        XCTAssertTrue(MilestoneWindow(days: 90).includes(milestone(baseline: nil, forecast: "2026-12-01"), today: today))
    }
}
