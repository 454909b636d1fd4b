import Foundation
@testable import WaymarkDomain
import XCTest

/// The competency framework's rules: levels and evidence checked, gaps against a role, every
/// aggregate of fewer than five people suppressed (at four, never at five), versions.
final class CapabilityTests: XCTestCase {
    let framework = CompetencyFramework(version: 1, domains: [
        CompetencyDomain(name: "Delivery", competencies: [
            Competency(key: "planning", name: "Planning", description: "", descriptors: ["a", "b", "c", "d"], targets: [.projectManager: .expert]),
            Competency(key: "risk", name: "Risk", description: "", descriptors: ["a", "b", "c", "d"], targets: [.projectManager: .practitioner, .sro: .expert]),
        ]),
    ])
    let today = CalendarDate("2026-12-04")!

    func testAnAssessmentIsCheckedAgainstTheFramework() throws {
        let bad = AssessmentInput(assessedOn: "2027-01-01", levels: ["planning": "5", "unknown": "2"], evidence: ["risk": "I ran a register"])
        XCTAssertThrowsError(try bad.validate(against: framework, today: today)) { error in
            let failure = error as? ValidationFailure
            XCTAssertEqual(Set(failure?.errors.map(\.field) ?? []), ["assessedOn", "level-planning", "level-unknown", "level-risk"])
            XCTAssertEqual(failure?.message(for: "level-risk"), "Choose a level for Risk to go with its evidence")
        }
        XCTAssertThrowsError(try AssessmentInput().validate(against: framework, today: today)) { error in
            XCTAssertEqual((error as? ValidationFailure)?.message(for: "level-planning"), "Choose your level for at least one competency")
        }
        let (date, ratings) = try AssessmentInput(levels: ["planning": "2"], evidence: ["planning": " Built the plan "]).validate(against: framework, today: today)
        XCTAssertEqual(date, today, "no date is today")
        XCTAssertEqual(ratings, [AssessmentRating(key: "planning", level: .practitioner, evidence: "Built the plan")])
    }

    func testGapsAreWhatARoleNeedsAndTheAssessmentLacks() {
        let assessment = Assessment(id: UUID(), personID: UUID(), frameworkVersion: 1, assessedOn: today,
                                    ratings: [AssessmentRating(key: "risk", level: .practitioner)], createdAt: Date())
        let pm = assessment.gaps(for: .projectManager, in: framework)
        XCTAssertEqual(pm.map(\.competency.key), ["planning"], "risk meets the project manager's level")
        XCTAssertNil(pm.first?.level, "planning was not assessed")
        XCTAssertEqual(assessment.gaps(for: .sro, in: framework).map(\.competency.key), ["risk"])
        XCTAssertTrue(assessment.gaps(for: .qiLead, in: framework).isEmpty, "no targets, no gaps")
    }

    func testGroupsOfFewerThanFiveAreSuppressedEverywhere() {
        let small = UUID(), large = UUID()
        func people(_ organisation: UUID, _ count: Int, planning: ProficiencyLevel) -> [(organisationID: UUID, levels: [String: ProficiencyLevel])] {
            (0..<count).map { _ in (organisation, ["planning": planning]) }
        }
        let map = CapabilityHeatMap.make(framework: framework, organisations: [(small, "Small"), (large, "Large")],
                                         people: people(small, 4, planning: .leader) + people(large, 5, planning: .practitioner))
        let four = map.rows.first { $0.organisationName == "Small" }!
        XCTAssertNil(four.people, "four people: not counted")
        XCTAssertTrue(four.cells["planning"]!.isSuppressed)
        XCTAssertNil(four.cells["planning"]!.average)
        XCTAssertNil(four.cells["planning"]!.belowTarget)
        let five = map.rows.first { $0.organisationName == "Large" }!
        XCTAssertEqual(five.people, 5)
        XCTAssertEqual(five.cells["planning"]!.people, 5)
        XCTAssertEqual(five.cells["planning"]!.average, 2)
        XCTAssertEqual(five.cells["planning"]!.belowTarget, 5, "all below the project manager's expert")
        XCTAssertTrue(five.cells["risk"]!.isSuppressed, "no one rated risk")
        XCTAssertEqual(map.total.people, 9)
        XCTAssertEqual(map.total.cells["planning"]!.average!, (4 * 4 + 5 * 2) / 9.0, accuracy: 1e-9)
    }

    func testAChangeIsANewVersion() throws {
        var input = CompetencyInput(showing: framework.competency("risk")!)
        input.name = "Risk and issues"
        input.targetSRO = ""
        let changed = try Competency.validate(input, key: "risk")
        let next = framework.changing(changed)
        XCTAssertEqual(next.version, 2)
        XCTAssertEqual(next.competency("risk")?.name, "Risk and issues")
        XCTAssertNil(next.competency("risk")?.targets[.sro])
        XCTAssertEqual(framework.competency("risk")?.name, "Risk", "the earlier version is unchanged")
        input.awareness = " "
        input.targetQILead = "7"
        XCTAssertThrowsError(try Competency.validate(input, key: "risk")) { error in
            XCTAssertEqual(Set((error as? ValidationFailure)?.errors.map(\.field) ?? []), ["awareness", "target-qi-lead"])
        }
    }
}
