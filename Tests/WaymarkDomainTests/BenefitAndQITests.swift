import Foundation
import WaymarkDomain
import XCTest

/// Benefits (financial years, profiles checked whole, the trajectory read between its points)
/// and the QI lens (where each kind of driver may hang, PDSA decisions, the chart's marks).
final class BenefitAndQITests: XCTestCase {
    func testFinancialYearsRunAprilToMarch() {
        XCTAssertEqual(FinancialYear(containing: CalendarDate("2026-03-31")!).label, "2025/26")
        XCTAssertEqual(FinancialYear(containing: CalendarDate("2026-04-01")!).label, "2026/27")
        XCTAssertEqual(FinancialYear("2026/27")?.startYear, 2026)
        XCTAssertEqual(FinancialYear("2099-00")?.label, "2099/00")
        for bad in ["2026/28", "2026", "26/27", "2026/2027", "1999/00", "abcd/ef"] { XCTAssertNil(FinancialYear(bad), bad) }
    }

    func measureIDs() -> (UUID, UUID) { (UUID(), UUID()) }

    func testABenefitProfileIsCheckedWholeAndEveryProblemNamed() throws {
        let (first, second) = measureIDs()
        var input = BenefitInput()
        input.title = " "
        input.category = "cash"
        input.baselineValue = "12"
        input.targetDate = "2026-02-30"
        input.trajectory = "2026-06-30 40\n2026-05-31 50"
        input.cash = "2026/27 1000 nothing"
        input.measureIDs = UUID().uuidString
        input.actualsMeasureID = "not-an-id"
        input.disbenefit = "maybe"
        do {
            _ = try BenefitFields.validate(input, owners: [], measures: [first, second])
            XCTFail("a bad profile was accepted")
        } catch let failure as ValidationFailure {
            let fields = Set(failure.errors.map(\.field))
            XCTAssertEqual(fields, ["title", "category", "baselineDate", "targetDate", "trajectory", "cash", "measureIds", "actualsMeasureId",
                                    "disbenefit"])
            XCTAssertEqual(failure.message(for: "trajectory"), "Trajectory line 2: list the dates oldest first, one line per date")
            XCTAssertEqual(failure.message(for: "cash"), "Cash line 1: the realised value must be a number, or - when not yet known")
            XCTAssertEqual(failure.message(for: "baselineDate"), "Enter the date of the baseline value, or clear the value")
        }

        // Cash only for a cash-releasing benefit; actuals from a measure or typed, not both.
        var good = BenefitInput()
        good.title = "Bed days released"
        good.category = "quality"
        good.cash = "2026/27 1000 -"
        good.measureIDs = first.uuidString + "," + second.uuidString
        good.actualsMeasureID = second.uuidString
        good.actuals = "2026-06-30 4"
        do {
            _ = try BenefitFields.validate(good, owners: [], measures: [first, second])
            XCTFail("cash on a quality benefit was accepted")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(Set(failure.errors.map(\.field)), ["cash", "actuals"])
            XCTAssertTrue(failure.errors.allSatisfy { $0.kind == .rule })
        }
        good.category = "cash-releasing"
        good.actuals = ""
        good.cash = "2025/26 1000 800\n2026-27, 1500\n"
        good.baselineValue = "0"
        good.baselineDate = "2025-04-01"
        good.targetValue = "120"
        good.targetDate = "2027-03-31"
        let fields = try BenefitFields.validate(good, owners: [], measures: [first, second])
        XCTAssertEqual(fields.cash, [BenefitCash(year: FinancialYear(startYear: 2025), planned: 1000, realised: 800),
                                     BenefitCash(year: FinancialYear(startYear: 2026), planned: 1500)])
        XCTAssertEqual(fields.plannedCash, 2500)
        XCTAssertEqual(fields.realisedCash, 800)
        XCTAssertEqual(fields.measureIDs, [first, second])
        XCTAssertEqual(fields.actualsMeasureID, second)
        // Shown as a form shows it, then checked again: the same profile.
        XCTAssertEqual(try BenefitFields.validate(BenefitInput(showing: fields), owners: [], measures: [first, second]), fields)

        var skipped = good
        skipped.cash = "2026/28 1000 -"
        XCTAssertThrowsError(try BenefitFields.validate(skipped, owners: [], measures: [first, second])) { error in
            let failure = error as? ValidationFailure
            XCTAssertEqual(failure?.message(for: "cash"), "Cash line 1: a financial year runs April to March, so its second year follows the first, like 2026/27")
            XCTAssertEqual(failure?.errors.first?.kind, .rule, "a year the document's pattern admits is refused by a rule")
        }

        good.targetDate = "2025-01-01"
        XCTAssertThrowsError(try BenefitFields.validate(good, owners: [], measures: [first, second])) { error in
            XCTAssertEqual((error as? ValidationFailure)?.message(for: "targetDate"), "The target date must be after the baseline date")
        }
    }

    func testThePlannedValueIsReadAlongTheTrajectory() {
        let benefit = Benefit(id: UUID(), projectID: UUID(), number: 1, fields: BenefitFields(
            title: "Waits", baseline: DatedValue(date: CalendarDate("2026-01-01")!, value: 100),
            target: DatedValue(date: CalendarDate("2026-12-27")!, value: 40),
            trajectory: [DatedValue(date: CalendarDate("2026-01-31")!, value: 70)]), version: 1, createdAt: Date(), updatedAt: Date())
        XCTAssertEqual(benefit.planned(on: CalendarDate("2025-06-01")!), 100, "before the baseline: the baseline")
        XCTAssertEqual(benefit.planned(on: CalendarDate("2026-01-16")!), 85, "half way to the first point")
        XCTAssertEqual(benefit.planned(on: CalendarDate("2026-01-31")!), 70)
        XCTAssertEqual(benefit.planned(on: CalendarDate("2026-07-15")!)!, 55, accuracy: 0.1)
        XCTAssertEqual(benefit.planned(on: CalendarDate("2027-06-01")!), 40, "after the target: the target")
        let none = Benefit(id: UUID(), projectID: UUID(), number: 2, fields: BenefitFields(title: "Qualitative"), version: 1,
                           createdAt: Date(), updatedAt: Date())
        XCTAssertNil(none.planned(on: CalendarDate("2026-01-01")!))
        // Actuals come from the measure that carries them, leaving out ghosted points.
        var measured = none
        let measure = UUID()
        measured.fields.actualsMeasureID = measure
        let observations = [Observation(id: UUID(), measureID: measure, fields: ObservationFields(date: CalendarDate("2026-01-05")!, value: 3)),
                            Observation(id: UUID(), measureID: measure, fields: ObservationFields(date: CalendarDate("2026-01-12")!, value: 9, ghosted: true))]
        XCTAssertEqual(measured.actuals(measureObservations: [measure: observations]), [DatedValue(date: CalendarDate("2026-01-05")!, value: 3)])
    }

    func testEachKindOfDriverHangsWhereTheModelSays() throws {
        let primary = Driver(id: UUID(), projectID: UUID(), number: 1, fields: DriverFields(kind: .primary, text: "Reliable care"))
        let secondary = Driver(id: UUID(), projectID: primary.projectID, number: 2,
                               fields: DriverFields(kind: .secondary, text: "Handover", parentID: primary.id))
        func input(_ kind: String?, _ parent: UUID?, _ text: String = "Huddle") -> DriverInput {
            var input = DriverInput()
            input.kind = kind
            input.text = text
            input.parentID = parent?.uuidString ?? ""
            return input
        }
        let nodes = [primary, secondary]
        let idea = try DriverFields.validate(input("change-idea", secondary.id), nodes: nodes, isNew: true)
        XCTAssertEqual(idea.parentID, secondary.id)
        XCTAssertEqual(idea.position, 1)
        XCTAssertEqual(try DriverFields.validate(input("secondary", primary.id), nodes: nodes, isNew: true).position, 2)
        let refusals: [(DriverInput, String, String)] = [
            (input("change-idea", primary.id), "parentId", "A change idea hangs from a secondary driver"),
            (input("primary", secondary.id), "parentId", "A primary driver hangs from the aim: choose no parent"),
            (input("secondary", nil), "parentId", "Select the primary driver it hangs from"),
            (input(nil, nil), "kind", "Select what it is: a primary driver, a secondary driver or a change idea"),
            (input("secondary", UUID()), "parentId", "Select where it hangs from in this project's diagram"),
            (input("primary", nil, ""), "text", "Enter the driver or change idea"),
        ]
        for (input, field, message) in refusals {
            XCTAssertThrowsError(try DriverFields.validate(input, nodes: nodes, isNew: true)) { error in
                XCTAssertEqual((error as? ValidationFailure)?.message(for: field), message)
            }
        }
        // A node cannot hang from one of its own.
        XCTAssertThrowsError(try DriverFields.validate(input("secondary", primary.id), nodes: nodes, descendants: [primary.id], isNew: false))
        let tree = DriverTree(nodes + [Driver(id: UUID(), projectID: primary.projectID, number: 3, fields: idea)])
        XCTAssertEqual(tree.descendants(of: primary.id).count, 2)
        XCTAssertEqual(tree.ordered.map(\.depth), [0, 1, 2])
        XCTAssertEqual(tree.ordered.map(\.node.reference), ["P1", "S2", "C3"])
    }

    func testAPDSADecisionComesWhenTheCycleIsCompleteAndMarksAreInDateOrder() throws {
        var input = PDSAInput()
        input.title = "Huddle on ward 7"
        input.startDate = "2026-03-10"
        input.endDate = "2026-03-01"
        input.decision = "adopt"
        input.status = "running"
        input.measureIDs = UUID().uuidString
        XCTAssertThrowsError(try PDSAFields.validate(input, changeIdeas: [], measures: [])) { error in
            let failure = error as? ValidationFailure
            XCTAssertEqual(Set(failure?.errors.map(\.field) ?? []), ["endDate", "decision", "measureIds"])
        }
        input.endDate = "2026-03-24"
        input.status = "complete"
        input.measureIDs = ""
        input.doing = "Ran on 9 of 14 days"
        let fields = try PDSAFields.validate(input, changeIdeas: [], measures: [])
        XCTAssertEqual(fields.decision, .adopt)
        XCTAssertEqual(fields.doing, "Ran on 9 of 14 days")

        let cycle = PDSACycle(id: UUID(), projectID: UUID(), number: 2, fields: fields, version: 1, createdAt: Date(), updatedAt: Date())
        let annotation = Annotation(id: UUID(), measureID: UUID(), fields: AnnotationFields(date: CalendarDate("2026-02-01")!, label: "Ward closed"))
        let marks = ChartMark.marks(annotations: [annotation], cycles: [cycle])
        XCTAssertEqual(marks.map(\.label), ["Ward closed", "PDSA2 Huddle on ward 7"])
        XCTAssertEqual(marks[1].kind, .pdsa)
        XCTAssertEqual(marks[1].note, "Complete: adopt")

        var aim = AimInput()
        aim.statement = "Fewer falls"
        XCTAssertThrowsError(try AimFields.validate(aim)) { error in
            XCTAssertEqual(Set((error as? ValidationFailure)?.errors.map(\.field) ?? []), ["byHowMuch", "byWhen"])
        }
        aim.byHowMuch = "from 6.5 to 5 per 1,000 bed days"
        aim.byWhen = "2027-03-31"
        XCTAssertEqual(try AimFields.validate(aim).sentence, "Fewer falls from 6.5 to 5 per 1,000 bed days by 31 March 2027")
    }
}
