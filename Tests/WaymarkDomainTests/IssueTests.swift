import Foundation
import WaymarkDomain
import XCTest

/// An issue's rules: what a log accepts (dates in order, an owner while it is open, a resolution
/// once it is not), when it is overdue, and what a materialised risk becomes.
final class IssueTests: XCTestCase {
    let today = CalendarDate("2026-09-21")!
    let owner = UUID()

    func input(_ changes: [String: String] = [:]) -> IssueInput {
        var input = IssueInput()
        input.title = "Referral form rejected"
        input.ownerID = owner.uuidString
        input.raisedOn = "2026-09-10"
        for (key, path) in IssueInput.fields where changes[key] != nil { input[keyPath: path] = changes[key] }
        return input
    }

    func errors(_ changes: [String: String]) -> [String: String] {
        do {
            _ = try IssueFields.validate(input(changes), owners: [owner], today: today)
            return [:]
        } catch let failure as ValidationFailure {
            return Dictionary(failure.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        } catch {
            XCTFail("\(error)")
            return [:]
        }
    }

    func testAnIssueIsCheckedAsALogWouldCheckIt() throws {
        let fields = try IssueFields.validate(input(["targetDate": "2026-10-01"]), owners: [owner], today: today)
        XCTAssertEqual(fields.priority, .medium, "medium unless said")
        XCTAssertEqual(fields.status, .open)
        XCTAssertEqual(fields.raisedOn, CalendarDate("2026-09-10"))
        let undated = try IssueFields.validate(input(["raisedOn": ""]), owners: [owner], today: today)
        XCTAssertEqual(undated.raisedOn, today, "raised today when no date is given")

        XCTAssertEqual(errors(["targetDate": "2026-09-09"])["targetDate"], "The target resolution date must be on or after the date raised")
        XCTAssertNil(errors(["targetDate": "2026-09-10"])["targetDate"], "the same day is allowed")
        XCTAssertEqual(errors(["raisedOn": "", "targetDate": "2026-09-20"])["targetDate"],
                       "The target resolution date must be on or after the date raised", "against today when raised today")
        XCTAssertEqual(errors(["raisedOn": "2026-09-22"])["raisedOn"], "The date raised cannot be in the future")
        XCTAssertEqual(errors(["raisedOn": "2026-02-30"])["raisedOn"], "Date raised must be a real date, like 2026-03-31")
        XCTAssertEqual(errors(["priority": "urgent"])["priority"], "Select a priority: critical, high, medium or low")
        XCTAssertEqual(errors(["status": "done"])["status"], "Select a status: open, in progress, resolved or closed")
        XCTAssertEqual(errors(["ownerId": ""])["ownerId"], "Select who owns the issue: an open issue needs an owner")
        XCTAssertEqual(errors(["ownerId": UUID().uuidString])["ownerId"], "Select an owner from the people listed")
        XCTAssertEqual(errors(["title": " "])["title"], "Enter a short title for the issue")
        XCTAssertEqual(errors(["status": "closed"])["resolution"], "Say how the issue was resolved: a closed issue needs a resolution")
        XCTAssertEqual(errors(["status": "resolved", "resolution": "Fixed", "ownerId": ""]), [:], "a resolved issue needs no owner")
        XCTAssertEqual(errors(["title": "", "priority": "x", "targetDate": "2026-01-01"]).count, 3, "every problem at once")
    }

    func testOverdueMeansActiveAndPastItsTarget() {
        var fields = IssueFields(title: "Late", raisedOn: CalendarDate("2026-09-01")!, targetDate: CalendarDate("2026-09-20")!)
        XCTAssertTrue(fields.isOverdue(today: today))
        XCTAssertFalse(fields.isOverdue(today: CalendarDate("2026-09-20")!), "due today is not overdue")
        fields.status = .inProgress
        XCTAssertTrue(fields.isOverdue(today: today))
        fields.status = .resolved
        XCTAssertFalse(fields.isOverdue(today: today))
        fields.status = .open
        fields.targetDate = nil
        XCTAssertFalse(fields.isOverdue(today: today), "no target, never overdue")
    }

    func testAMaterialisedRiskBecomesAnIssueWithAPriorityFromItsBand() throws {
        let rating = { (l: Likelihood, c: Consequence) in RiskRating(likelihood: l, consequence: c) }
        func risk(_ current: RiskRating, event: String = "Referrals fail", effect: String = "Patients wait") -> Risk {
            let fields = RiskFields(title: "Interface fails", event: event, effect: effect, ownerID: owner, inherent: current,
                                    current: current, target: current)
            let band = RiskBandTable.nhsDefault.band(for: current.score).name
            return Risk(id: UUID(), projectID: UUID(), number: 3, fields: fields, inherentBand: band, currentBand: band, targetBand: band,
                        version: 1, createdAt: Date(), updatedAt: Date())
        }
        for (current, priority) in [(rating(.almostCertain, .catastrophic), IssuePriority.critical), (rating(.possible, .major), .high),
                                    (rating(.unlikely, .moderate), .medium), (rating(.rare, .minor), .low)] {
            let issue = IssueFields.materialised(from: risk(current), bands: .nhsDefault, today: today)
            XCTAssertEqual(issue.priority, priority, "score \(current.score)")
            XCTAssertEqual(issue.ownerID, owner)
            XCTAssertEqual(issue.raisedOn, today)
            XCTAssertEqual(issue.title, "Interface fails")
            XCTAssertEqual(issue.description, "Referrals fail\n\nPatients wait")
        }
        let bare = IssueFields.materialised(from: risk(rating(.rare, .minor), event: "", effect: ""), bands: .nhsDefault, today: today)
        XCTAssertEqual(bare.description, "Raised from risk R3.")
        let long = IssueFields.materialised(from: risk(rating(.rare, .minor), event: String(repeating: "e", count: 4_000),
                                                       effect: String(repeating: "f", count: 4_000)), bands: .nhsDefault, today: today)
        XCTAssertLessThanOrEqual(long.description.unicodeScalars.count, IssueFields.textLimit, "within what the log accepts")
        XCTAssertNoThrow(try IssueFields.validate(IssueInput(long), owners: [owner], today: today), "and valid as it stands")
    }
}
