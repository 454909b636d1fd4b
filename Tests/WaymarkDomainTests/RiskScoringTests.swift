import Foundation
@testable import WaymarkDomain
import XCTest

/// NHS-CONVENTIONS section 1: the NPSA 5x5 matrix, its bands, and what a stored rating keeps.
final class RiskScoringTests: XCTestCase {
    /// Every cell of the matrix, as the NPSA prints it: score and default band.
    func testEveryCellScoresAndBandsAsTheNHSMatrixPrintsIt() {
        // Rows are likelihood 1 (rare) to 5 (almost certain); columns consequence 1 to 5.
        let scores = [
            [1, 2, 3, 4, 5],
            [2, 4, 6, 8, 10],
            [3, 6, 9, 12, 15],
            [4, 8, 12, 16, 20],
            [5, 10, 15, 20, 25],
        ]
        let bands = [
            ["Low", "Low", "Low", "Moderate", "Moderate"],
            ["Low", "Moderate", "Moderate", "High", "High"],
            ["Low", "Moderate", "High", "High", "Extreme"],
            ["Moderate", "High", "High", "Extreme", "Extreme"],
            ["Moderate", "High", "Extreme", "Extreme", "Extreme"],
        ]
        for likelihood in Likelihood.allCases {
            for consequence in Consequence.allCases {
                let rating = RiskRating(likelihood: likelihood, consequence: consequence)
                XCTAssertEqual(rating.score, scores[likelihood.rawValue - 1][consequence.rawValue - 1], rating.description)
                XCTAssertEqual(RiskBandTable.nhsDefault.band(for: rating.score).name, bands[likelihood.rawValue - 1][consequence.rawValue - 1],
                               rating.description)
            }
        }
        XCTAssertEqual(RiskRating.possibleScores, [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25])
        XCTAssertEqual(RiskBandTable.nhsDefault.scores(of: RiskBandTable.nhsDefault.bands[2]), [8, 9, 10, 12])
    }

    /// A trust's local variant (1-4 / 5-10 / 12+) grades the same cells differently.
    func testALocalBandTableGradesEveryCellByItsOwnLimits() throws {
        let local = try RiskBandTable([
            RiskBand(name: "Green", lowestScore: 1, colour: "#007f3b"),
            RiskBand(name: "Amber", lowestScore: 5, colour: "#ed8b00"),
            RiskBand(name: "Red", lowestScore: 12, colour: "#d5281b"),
        ])
        for likelihood in Likelihood.allCases {
            for consequence in Consequence.allCases {
                let score = RiskRating(likelihood: likelihood, consequence: consequence).score
                let expected = score <= 4 ? "Green" : score <= 10 ? "Amber" : "Red"
                XCTAssertEqual(local.band(for: score).name, expected, "score \(score)")
            }
        }
        XCTAssertEqual(local.scores(of: local.bands[2]), [12, 15, 16, 20, 25])
    }

    func testABandTableThatCannotGradeEveryScoreIsRefusedWithAReason() {
        func problem(_ bands: [RiskBand]) -> RiskBandTable.Problem? {
            do { _ = try RiskBandTable(bands); return nil } catch { return error }
        }
        let low = RiskBand(name: "Low", lowestScore: 1, colour: "#007f3b")
        XCTAssertEqual(problem([]), .noBands)
        XCTAssertEqual(problem([RiskBand(name: "Low", lowestScore: 2, colour: "#007f3b")]), .firstBandMustStartAtOne(2))
        XCTAssertEqual(problem([low, RiskBand(name: "High", lowestScore: 1, colour: "#d5281b")]), .notAscending("High"))
        XCTAssertEqual(problem([low, RiskBand(name: "Beyond", lowestScore: 26, colour: "#d5281b")]), .beyondTheMatrix("Beyond"))
        XCTAssertEqual(problem([low, RiskBand(name: " ", lowestScore: 8, colour: "#d5281b")]), .blankName)
        XCTAssertEqual(problem([low, RiskBand(name: "low", lowestScore: 8, colour: "#d5281b")]), .duplicateName("low"))
        XCTAssertEqual(problem([low, RiskBand(name: "High", lowestScore: 8, colour: "red")]), .badColour("High"))
        XCTAssertEqual(RiskBandTable.Problem.notAscending("High").description,
                       "Band “High” must start at a higher score than the band before it.")
    }

    /// A rating keeps the band it was given: a later table grades new ratings, not old ones.
    func testAStoredRatingKeepsTheBandOfTheTableInForceWhenItWasGiven() throws {
        let rating = RiskRating(likelihood: .possible, consequence: .major)  // 12
        let graded = GradedRating(rating, in: .nhsDefault)
        XCTAssertEqual(graded.band, "High")
        let stricter = try RiskBandTable([
            RiskBand(name: "Low", lowestScore: 1, colour: "#007f3b"),
            RiskBand(name: "Extreme", lowestScore: 10, colour: "#d5281b"),
        ])
        XCTAssertEqual(GradedRating(rating, in: stricter).band, "Extreme")
        XCTAssertEqual(graded.band, "High", "the earlier rating is unchanged")
        XCTAssertEqual(graded.score, 12)
    }

    func testOpenRisksOnTheirProjectAtTheThresholdAreEscalationCandidates() {
        func risk(_ l: Likelihood, _ c: Consequence, status: RiskStatus = .open, at level: EscalationLevel = .project) -> RiskFields {
            let rating = RiskRating(likelihood: l, consequence: c)
            return RiskFields(title: "R", inherent: rating, current: rating, target: rating, status: status, escalation: level)
        }
        let settings = RiskSettings.nhsDefault
        XCTAssertTrue(settings.isEscalationCandidate(risk(.possible, .catastrophic)), "15 reaches the default threshold")
        XCTAssertFalse(settings.isEscalationCandidate(risk(.possible, .major)), "12 does not")
        XCTAssertFalse(settings.isEscalationCandidate(risk(.almostCertain, .catastrophic, status: .closed)))
        XCTAssertFalse(settings.isEscalationCandidate(risk(.almostCertain, .catastrophic, at: .system)), "already escalated")
        let lower = RiskSettings(bands: .nhsDefault, escalationThreshold: 12)
        XCTAssertTrue(lower.isEscalationCandidate(risk(.possible, .major)))
    }

    func testAReviewDateBeforeTodayIsOverdueOnlyWhileTheRiskIsOpen() {
        let rating = RiskRating(likelihood: .likely, consequence: .minor)
        var risk = RiskFields(title: "R", inherent: rating, current: rating, target: rating, reviewDate: CalendarDate("2026-11-30"))
        XCTAssertTrue(risk.isReviewOverdue(today: CalendarDate("2026-12-01")!))
        XCTAssertFalse(risk.isReviewOverdue(today: CalendarDate("2026-11-30")!), "due today is not overdue")
        risk.status = .closed
        XCTAssertFalse(risk.isReviewOverdue(today: CalendarDate("2026-12-01")!))
    }

    func testDatesMoveByDaysAcrossMonthsYearsAndLeapDays() {
        let date = CalendarDate("2028-02-27")!
        XCTAssertEqual(date.adding(days: 2).description, "2028-02-29")
        XCTAssertEqual(date.adding(days: 3).description, "2028-03-01")
        XCTAssertEqual(date.adding(days: -58).description, "2027-12-31")
        XCTAssertEqual(CalendarDate("1970-01-01")!.daysSinceEpoch, 0)
        for days in stride(from: Int64(-25_000), through: 80_000, by: 37) {
            let (y, m, d) = CalendarDate.civil(fromDaysSinceEpoch: days)
            XCTAssertEqual(CalendarDate(year: y, month: m, day: d)!.daysSinceEpoch, days)
        }
    }

    func testARiskIsCheckedWholeWithEveryProblemNamed() {
        let owner = UUID(), category = UUID()
        let references = RiskReferences(categories: [category], owners: [owner])
        var input = RiskInput()
        input.title = "  Agency staff costs exceed budget  "
        input.cause = "Vacancies in the discharge team"
        input.ownerID = owner.uuidString
        input.categoryID = category.uuidString
        (input.inherentLikelihood, input.inherentConsequence) = ("4", "4")
        (input.currentLikelihood, input.currentConsequence) = ("3", "4")
        (input.targetLikelihood, input.targetConsequence) = ("2", "3")
        input.reviewDate = "2027-01-15"
        let fields = try? RiskFields.validate(input, references: references)
        XCTAssertEqual(fields?.title, "Agency staff costs exceed budget")
        XCTAssertEqual(fields?.current.score, 12)
        XCTAssertEqual(fields?.response, .treat)
        XCTAssertEqual(fields?.status, .open)

        var bad = input
        (bad.inherentLikelihood, bad.currentConsequence, bad.targetLikelihood) = ("0", "6", "two")
        bad.ownerID = UUID().uuidString
        bad.categoryID = "not-an-id"
        bad.reviewDate = "2027-02-30"
        bad.response = "ignore"
        XCTAssertThrowsError(try RiskFields.validate(bad, references: references)) { error in
            let failure = error as! ValidationFailure
            XCTAssertEqual(Set(failure.errors.map(\.field)),
                           ["inherentLikelihood", "currentConsequence", "targetLikelihood", "ownerId", "categoryId", "reviewDate", "response"])
            XCTAssertEqual(failure.message(for: "inherentLikelihood"), "Select the inherent likelihood, from 1 (rare) to 5 (almost certain)")
            XCTAssertEqual(failure.errors.first { $0.field == "ownerId" }?.kind, .reference)
            XCTAssertEqual(failure.errors.first { $0.field == "categoryId" }?.kind, .invalid)
        }

        var unowned = input
        unowned.ownerID = nil
        unowned.reviewDate = ""
        XCTAssertThrowsError(try RiskFields.validate(unowned, references: references)) { error in
            let failure = error as! ValidationFailure
            XCTAssertEqual(failure.errors.map(\.kind), [.rule, .rule])
            XCTAssertEqual(Set(failure.errors.map(\.field)), ["ownerId", "reviewDate"])
        }
        unowned.status = "closed"
        XCTAssertNoThrow(try RiskFields.validate(unowned, references: references), "a closed risk needs neither")
    }
}
