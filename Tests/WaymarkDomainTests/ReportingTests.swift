import Foundation
@testable import WaymarkDomain
import XCTest

/// Working days with bank holidays, reporting periods and due dates, ratings and their
/// movement, an update's rules for drafts and submissions, and the prefill from the data.
final class ReportingTests: XCTestCase {
    let holidays = WorkingDays(holidays: BankHoliday.englandAndWales.map(\.date))

    func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    func testWeekdaysAreCountedFromAKnownMonday() {
        XCTAssertEqual(date("2026-09-21").isoWeekday, 1, "a Monday")
        XCTAssertEqual(date("2026-09-26").isoWeekday, 6)
        XCTAssertEqual(date("1970-01-01").isoWeekday, 4, "a Thursday")
        XCTAssertEqual(date("1969-12-28").isoWeekday, 7, "before the epoch too")
        XCTAssertEqual(date("2028-02-29").isoWeekday, 2)
    }

    func testEveryListedHolidayIsAWeekdayAndOnceEach() {
        for holiday in BankHoliday.englandAndWales { XCTAssertFalse(holiday.date.isWeekend, "\(holiday.name) \(holiday.date)") }
        XCTAssertEqual(Set(BankHoliday.englandAndWales.map(\.date)).count, BankHoliday.englandAndWales.count)
        XCTAssertEqual(BankHoliday.englandAndWales.count, 40, "eight a year, 2024 to 2028")
    }

    func testTheNthWorkingDaySkipsWeekendsAndBankHolidays() {
        // January 2027: the 1st is New Year's Day (a Friday), then a weekend.
        XCTAssertEqual(holidays.workingDay(1, ofMonthOf: date("2027-01-15")), date("2027-01-04"))
        XCTAssertEqual(holidays.workingDay(5, ofMonthOf: date("2027-01-15")), date("2027-01-08"))
        // May 2026: Friday the 1st, then the Early May bank holiday on Monday the 4th.
        XCTAssertEqual(holidays.workingDay(2, ofMonthOf: date("2026-05-01")), date("2026-05-05"))
        XCTAssertEqual(holidays.workingDay(5, ofMonthOf: date("2026-05-01")), date("2026-05-08"))
        // Without the holidays the 5th would be the 7th.
        XCTAssertEqual(WorkingDays(holidays: []).workingDay(5, ofMonthOf: date("2026-05-01")), date("2026-05-07"))
        // December 2027: Christmas and Boxing Day fall at a weekend; the 27th and 28th are taken.
        XCTAssertEqual(holidays.workingDay(19, ofMonthOf: date("2027-12-01")), date("2027-12-29"))
        // Asked for more working days than the month has: its last one.
        XCTAssertEqual(holidays.workingDay(40, ofMonthOf: date("2026-12-01")), date("2026-12-31"))
        XCTAssertEqual(holidays.count(from: date("2026-12-24"), to: date("2026-12-31")), 3, "29th, 30th and 31st")
        XCTAssertEqual(holidays.count(from: date("2026-12-31"), to: date("2026-12-24")), 0)
    }

    func testPeriodsAndDueDates() {
        let monthly = ReportingCycle.standard
        let september = monthly.period(containing: date("2026-09-21"))
        XCTAssertEqual(september.key, "2026-09")
        XCTAssertEqual(september.label, "September 2026")
        XCTAssertEqual(september.end, date("2026-09-30"))
        XCTAssertEqual(monthly.due(september, workingDays: holidays), date("2026-10-07"))
        XCTAssertEqual(september.previous.key, "2026-08")
        XCTAssertEqual(september.next.next.next.next.key, "2027-01", "across the year")
        // August's update is due on the 5th working day of September (the 1st is a Tuesday): the 7th.
        XCTAssertEqual(monthly.open(on: date("2026-09-07"), workingDays: holidays).key, "2026-08", "open until its due date")
        XCTAssertEqual(monthly.open(on: date("2026-09-08"), workingDays: holidays).key, "2026-09")
        // November 2026's update: December's 1st is a Tuesday, so its 5th working day is Monday the 7th.
        XCTAssertEqual(monthly.due(ReportingPeriod(key: "2026-11", months: 1)!, workingDays: holidays), date("2026-12-07"))
        // December's: New Year's Day, then a weekend: 4, 5, 6, 7, 8 January 2027.
        XCTAssertEqual(monthly.due(ReportingPeriod(key: "2026-12", months: 1)!, workingDays: holidays), date("2027-01-08"))

        let quarterly = ReportingCycle(frequency: .quarterly, dueWorkingDay: 10)
        let quarter = quarterly.period(containing: date("2026-08-15"))
        XCTAssertEqual(quarter.key, "2026-07")
        XCTAssertEqual(quarter.label, "July to September 2026")
        XCTAssertEqual(quarter.end, date("2026-09-30"))
        XCTAssertEqual(quarter.previous.label, "April to June 2026")
        XCTAssertEqual(quarterly.period(containing: date("2027-02-01")).label, "January to March 2027")
        XCTAssertEqual(ReportingPeriod(start: date("2026-11-01"), months: 3).label, "November 2026 to January 2027")
        XCTAssertEqual(quarterly.due(quarter, workingDays: holidays), date("2026-10-14"))
        XCTAssertNil(ReportingPeriod(key: "2026-13", months: 1))
        XCTAssertNil(ReportingPeriod(key: "2026-9", months: 1))
    }

    func testACycleAsTyped() throws {
        XCTAssertEqual(try ReportingCycle.validate(frequency: "quarterly", dueWorkingDay: "3"), ReportingCycle(frequency: .quarterly, dueWorkingDay: 3))
        XCTAssertThrowsError(try ReportingCycle.validate(frequency: "weekly", dueWorkingDay: "0")) { error in
            XCTAssertEqual((error as? ValidationFailure)?.errors.map(\.field), ["frequency", "dueWorkingDay"])
        }
        XCTAssertThrowsError(try ReportingCycle.validate(frequency: nil, dueWorkingDay: "16"))
        XCTAssertEqual(ReportingCycle.ordinal(1), "1st")
        XCTAssertEqual(ReportingCycle.ordinal(12), "12th")
        XCTAssertEqual(ReportingCycle.ordinal(3), "3rd")
        XCTAssertThrowsError(try BankHoliday.validate(date: "2026-12-25", name: "Again", existing: [date("2026-12-25")]))
        XCTAssertThrowsError(try BankHoliday.validate(date: "2026-10-17", name: "A Saturday", existing: []))
        XCTAssertEqual(try BankHoliday.validate(date: "2026-10-16", name: " Local closure ", existing: []).name, "Local closure")
    }

    func testRatingsRollUpAndMove() {
        XCTAssertEqual(RAGMovement.between(.amber, .green), .improved)
        XCTAssertEqual(RAGMovement.between(.green, .red), .worsened)
        XCTAssertEqual(RAGMovement.between(.amber, .amber), .unchanged)
        XCTAssertEqual(RAGMovement.between(nil, .amber), .new)
        XCTAssertEqual(RAGMovement.between(.red, .blue), .improved, "complete is the best there is")
        XCTAssertNil(RAGMovement.between(.red, nil))
        var fields = StatusUpdateFields()
        XCTAssertNil(fields.worstDimension)
        fields.dimensions = [.schedule: Rating(.green), .finance: Rating(.amber, "Overspend"), .risks: Rating(.green)]
        XCTAssertEqual(fields.worstDimension, .amber)
        var counts = RAGCounts()
        for rag in [RAG.red, .amber, .green, .green, nil] { counts.add(rag) }
        XCTAssertEqual(counts[.green], 2)
        XCTAssertEqual(counts.notReported, 1)
        XCTAssertEqual(counts.total, 5)
        XCTAssertEqual(counts.exceptionShare, 0.5, accuracy: 1e-9)
    }

    func testADraftMayBeIncompleteButASubmissionMustBeWhole() throws {
        var input = StatusUpdateInput()
        input.values["overall"] = "amber"
        let draft = try StatusUpdateFields.validate(input, submitting: false)
        XCTAssertEqual(draft.overall.rag, .amber)
        XCTAssertNil(draft.rating(.finance).rag)
        XCTAssertThrowsError(try StatusUpdateFields.validate(input, submitting: true)) { error in
            let fields = (error as? ValidationFailure)?.errors.map(\.field) ?? []
            XCTAssertEqual(fields, ["overallJustification"] + StatusDimension.allCases.map(\.rawValue) + ["summary"])
        }
        for dimension in StatusDimension.allCases { input.values[dimension.rawValue] = "green" }
        input.values["overallJustification"] = "Recruitment behind plan"
        input.values["summary"] = "Mostly on track"
        input.values["risks"] = "red"
        XCTAssertThrowsError(try StatusUpdateFields.validate(input, submitting: true)) { error in
            XCTAssertEqual((error as? ValidationFailure)?.errors.map(\.message), ["Say why risks and issues is red: what is off plan and what is being done"])
        }
        input.values["risksJustification"] = "Two high risks unmitigated"
        let whole = try StatusUpdateFields.validate(input, submitting: true)
        XCTAssertEqual(whole.rating(.risks), Rating(.red, "Two high risks unmitigated"))
        input.values["finance"] = "blue"
        XCTAssertThrowsError(try StatusUpdateFields.validate(input, submitting: false), "blue is for the overall status only")
        input.values["finance"] = "green"
        input.values["summary"] = String(repeating: "x", count: StatusUpdateFields.narrativeLimit + 1)
        XCTAssertThrowsError(try StatusUpdateFields.validate(input, submitting: false))
        input.values["summary"] = "Fine\u{0}"
        XCTAssertThrowsError(try StatusUpdateFields.validate(input, submitting: false), "a NUL would cut what follows")
        // Every key round-trips through the form's values.
        XCTAssertEqual(try StatusUpdateFields.validate(StatusUpdateInput(showing: whole), submitting: true), whole)
    }

    func testThePrefillCarriesTheLastUpdateAndTheData() {
        var previous = StatusUpdateFields(overall: Rating(.amber, "Staffing"), dimensions: [.schedule: Rating(.amber, "Late")])
        previous.narrative = [.summary: "Hub opening delayed", .plannedNextPeriod: "Open the hub", .decisionsNeeded: "Agree agency spend"]
        let facts = StatusFacts(completed: [("M1", "Hub open", date("2026-09-12"))], comingUp: [("M2", "Evaluation", date("2026-10-20"))],
                                slipped: [("M3", "Training", 14)], escalated: [("R2", "Workforce gap")])
        let draft = StatusPrefill.draft(previous: previous, facts: facts)
        XCTAssertEqual(draft.overall, Rating(.amber, "Staffing"))
        XCTAssertEqual(draft.rating(.schedule), Rating(.amber, "Late"))
        XCTAssertEqual(draft.text(.summary), "Hub opening delayed")
        XCTAssertEqual(draft.text(.doneThisPeriod), "Planned last period:\nOpen the hub\n\nMilestones completed:\n- M1 Hub open (12 September 2026)")
        XCTAssertEqual(draft.text(.plannedNextPeriod), "Milestones due:\n- M2 Evaluation (20 October 2026)")
        XCTAssertEqual(draft.text(.escalations), "Escalated risks and issues:\n- R2 Workforce gap\n\nMilestones slipped:\n- M3 Training, 14 days late")
        XCTAssertEqual(draft.text(.decisionsNeeded), "Agree agency spend")
        let first = StatusPrefill.draft(previous: nil, facts: StatusFacts())
        XCTAssertEqual(first, StatusUpdateFields(narrative: [.doneThisPeriod: "", .escalations: ""]))
    }

    func testAHighlightReportChoosesFromThePlanAndTheLogs() {
        let project = UUID(), now = Date()
        func milestone(_ number: Int, forecast: String, actual: String? = nil, baseline: String? = nil) -> Milestone {
            Milestone(id: UUID(), projectID: project, number: number,
                      fields: MilestoneFields(title: "M\(number)", forecastDate: date(forecast), actualDate: actual.map(date),
                                              status: actual == nil ? .onTrack : .complete),
                      baselineDate: baseline.map(date), version: 1, createdAt: now, updatedAt: now)
        }
        let september = ReportingPeriod(key: "2026-09", months: 1)!
        let milestones = [milestone(1, forecast: "2026-09-10", actual: "2026-09-12"), milestone(2, forecast: "2026-08-01", actual: "2026-08-02"),
                          milestone(3, forecast: "2026-12-29", baseline: "2026-11-01"), milestone(4, forecast: "2026-12-30"),
                          milestone(5, forecast: "2027-02-01"), milestone(6, forecast: "2026-10-05", baseline: "2026-10-01")]
        func risk(_ number: Int, _ likelihood: Likelihood, _ consequence: Consequence, open: Bool = true) -> Risk {
            let rating = RiskRating(likelihood: likelihood, consequence: consequence)
            return Risk(id: UUID(), projectID: project, number: number,
                        fields: RiskFields(title: "R\(number)", inherent: rating, current: rating, target: rating, status: open ? .open : .closed),
                        inherentBand: "", currentBand: "", targetBand: "", escalationReason: "", version: 1, createdAt: now, updatedAt: now)
        }
        let risks = [risk(1, .rare, .minor), risk(2, .likely, .major), risk(3, .almostCertain, .catastrophic, open: false),
                     risk(4, .possible, .major), risk(5, .unlikely, .minor), risk(6, .possible, .moderate), risk(7, .likely, .moderate)]
        let sections = HighlightSections(period: september, milestones: milestones, risks: risks, issues: [], dependencies: [], decisions: [])
        XCTAssertEqual(sections.completed.map(\.number), [1], "achieved within the period")
        XCTAssertEqual(sections.comingUp.map(\.number), [6, 3], "forecast within 90 days of the period's end (29 December), soonest first")
        XCTAssertEqual(sections.slipped.map(\.number), [3, 6], "later than the baseline, the most slipped first")
        XCTAssertEqual(sections.risks.map(\.number), [2, 4, 7, 6, 5], "open, the highest current score first, five at most")
    }
}
