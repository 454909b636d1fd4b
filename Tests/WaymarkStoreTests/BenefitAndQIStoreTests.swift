import Foundation
import SQLKit
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

/// Benefits (M023) and the QI lens (M024) on SQLite and PostgreSQL: kept exactly, the register's
/// totals summed in the database and limited to readable projects, cascades from measures and
/// drivers, and the aim's versions.
final class BenefitAndQIStoreTests: XCTestCase {
    func testBenefitsAreKeptExactlyAndTheRegisterTotalsOnlyWhatEachPersonMayRead() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let open = world.projects[.system]!, closed = world.projects[.team]!
            let measure = try await store.createMeasure(projectID: open.id, fields: MeasureFields(name: "Bed days"), by: .system)
            let fields = BenefitFields(
                title: "Bed days released", description: "Shorter stays", category: .cashReleasing, ownerID: world.teamPerson.id,
                unit: "bed days", baseline: DatedValue(date: CalendarDate("2025-04-01")!, value: 0),
                target: DatedValue(date: CalendarDate("2027-03-31")!, value: 1_200.5),
                trajectory: [DatedValue(date: CalendarDate("2026-03-31")!, value: 400.25)], measureIDs: [measure.id],
                actualsMeasureID: measure.id, status: .onTrack,
                cash: [BenefitCash(year: FinancialYear(startYear: 2025), planned: 50_000, realised: 42_500.5),
                       BenefitCash(year: FinancialYear(startYear: 2026), planned: 75_000)])
            let created = try await store.createBenefit(projectID: open.id, fields: fields, by: .system)
            let read = try await store.benefit(created.id)
            XCTAssertEqual(read, created, "[\(database)] read back as written")
            XCTAssertEqual(read?.reference, "B1", "[\(database)]")
            _ = try await store.createBenefit(projectID: closed.id, fields: BenefitFields(
                title: "Fewer readmissions", category: .cashReleasing, status: .realised,
                cash: [BenefitCash(year: FinancialYear(startYear: 2025), planned: 10_000, realised: 12_000)]), by: .system)
            _ = try await store.createBenefit(projectID: closed.id, fields: BenefitFields(title: "Longer journeys", category: .patientExperience,
                                                                                       isDisbenefit: true), by: .system)

            // The portfolio office may not read the team-only project: neither its benefits nor their money.
            let everything = try await store.benefitRegister(BenefitRegisterQuery(), rule: AccessPolicy.readRule(for: world.person("admin").actor))
            XCTAssertEqual(everything.page.total, 3, "[\(database)]")
            XCTAssertEqual(everything.totalsByYear.map(\.year.label), ["2025/26", "2026/27"], "[\(database)]")
            XCTAssertEqual(everything.totalsByYear.map(\.planned), [60_000, 75_000], "[\(database)]")
            XCTAssertEqual(everything.totalsByYear.map(\.realised), [54_500.5, 0], "[\(database)]")
            XCTAssertEqual(Set(everything.totalsByOrganisation.map(\.organisationID)), [world.lead.id], "[\(database)]")
            let portfolio = try await store.benefitRegister(BenefitRegisterQuery(), rule: AccessPolicy.readRule(for: world.person("portfolio").actor))
            XCTAssertEqual(portfolio.page.items.map(\.benefit.fields.title), ["Bed days released"], "[\(database)]")
            XCTAssertEqual(portfolio.totalsByYear.map(\.planned), [50_000, 75_000], "[\(database)] the hidden project's money is not counted")
            let outsider = try await store.benefitRegister(BenefitRegisterQuery(), rule: AccessPolicy.readRule(for: world.person("viewer-other").actor))
            let viewer = world.person("viewer-other").actor
            for line in outsider.page.items {
                let facts = try await store.projectForAccess(line.benefit.projectID, actor: viewer)
                XCTAssertTrue(facts.map { AccessPolicy.canRead(viewer, $0.1) } ?? false, "[\(database)] \(line.benefit.fields.title)")
            }
            // Filters: the closed projects' benefits (tracked after close), and a category.
            var query = BenefitRegisterQuery(projectStatus: closed.fields.status)
            query.category = .patientExperience
            let filtered = try await store.benefitRegister(query, rule: AccessPolicy.readRule(for: world.person("admin").actor))
            XCTAssertEqual(filtered.page.items.map(\.benefit.fields.title), ["Longer journeys"], "[\(database)]")
            XCTAssertTrue(filtered.totalsByYear.isEmpty, "[\(database)]")

            // Changing is versioned; deleting the measure drops the link and the source of actuals.
            var changed = fields
            changed.cash = []
            changed.category = .quality
            let updated = try await store.updateBenefit(created.id, expectedVersion: 1, fields: changed, by: .system)
            XCTAssertEqual(updated.version, 2, "[\(database)]")
            do {
                _ = try await store.updateBenefit(created.id, expectedVersion: 1, fields: fields, by: .system)
                XCTFail("[\(database)] a stale version was saved")
            } catch let conflict as VersionConflict {
                XCTAssertEqual(conflict.currentVersion, 2, "[\(database)]")
            }
            try await store.deleteMeasure(measure.id, by: .system)
            let unlinked = try await store.benefit(created.id)
            XCTAssertEqual(unlinked?.fields.measureIDs, [], "[\(database)]")
            XCTAssertNil(unlinked?.fields.actualsMeasureID, "[\(database)]")
            XCTAssertEqual(unlinked?.fields.cash, [], "[\(database)]")
            let history = try await store.projectHistory(open.id, page: PageRequest(perPage: 50)).items.map(\.event)
            XCTAssertTrue(history.contains(.benefitCreated) && history.contains(.benefitChanged), "[\(database)] \(history)")
        }
    }

    func testTheQILensKeepsItsTreeCyclesMarksAndAim() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let project = world.projects[.system]!
            let measure = try await store.createMeasure(projectID: project.id, fields: MeasureFields(name: "Falls"), by: .system)

            let none = try await store.aim(of: project.id)
            XCTAssertEqual(none.version, 0, "[\(database)]")
            let aim = AimFields(statement: "Fewer falls", byHowMuch: "from 6.5 to 5", byWhen: CalendarDate("2027-03-31"))
            _ = try await store.saveAim(of: project.id, expectedVersion: 0, fields: aim, by: .system)
            do {
                _ = try await store.saveAim(of: project.id, expectedVersion: 0, fields: aim, by: .system)
                XCTFail("[\(database)] a second first version was saved")
            } catch let conflict as VersionConflict {
                XCTAssertEqual(conflict.currentVersion, 1, "[\(database)]")
            }
            let second = try await store.saveAim(of: project.id, expectedVersion: 1, fields: AimFields(statement: "No falls", byHowMuch: "to 0"),
                                                 by: .system)
            let reread = try await store.aim(of: project.id)
            XCTAssertEqual(reread, second, "[\(database)]")

            let primary = try await store.createDriver(projectID: project.id, fields: DriverFields(kind: .primary, text: "Reliable care"), by: .system)
            let secondary = try await store.createDriver(projectID: project.id, fields: DriverFields(
                kind: .secondary, text: "Handover", parentID: primary.id), by: .system)
            let idea = try await store.createDriver(projectID: project.id, fields: DriverFields(
                kind: .changeIdea, text: "Huddle", parentID: secondary.id), by: .system)
            let cycle = try await store.createPDSACycle(projectID: project.id, fields: PDSAFields(
                title: "Huddle on ward 7", changeIdeaID: idea.id, status: .complete, startDate: CalendarDate("2026-03-02")!,
                endDate: CalendarDate("2026-03-16")!, plan: "Plan", doing: "Do", study: "Study", act: "Act", decision: .adapt,
                measureIDs: [measure.id]), by: .system)
            let keptCycle = try await store.pdsaCycle(cycle.id)
            XCTAssertEqual(keptCycle, cycle, "[\(database)] the four steps and the link kept")
            let judged = try await store.pdsaCycles(judgedBy: measure.id).map(\.id)
            XCTAssertEqual(judged, [cycle.id], "[\(database)]")
            let annotation = try await store.createAnnotation(measureID: measure.id, fields: AnnotationFields(
                date: CalendarDate("2026-02-01")!, kind: .event, label: "Ward closed", note: "Norovirus"), by: .system)
            let annotations = try await store.annotations(of: measure.id)
            XCTAssertEqual(annotations, [annotation], "[\(database)]")

            // Deleting the primary driver deletes what hangs from it; the cycle stays, without its idea.
            try await store.deleteDriver(primary.id, by: .system)
            let remaining = try await store.drivers(ofProject: project.id)
            XCTAssertEqual(remaining, [], "[\(database)]")
            let orphan = try await store.pdsaCycle(cycle.id)
            XCTAssertNil(orphan?.fields.changeIdeaID, "[\(database)]")
            // Deleting the measure takes its annotations and its links to cycles.
            try await store.deleteMeasure(measure.id, by: .system)
            let gone = try await store.annotation(annotation.id)
            XCTAssertNil(gone, "[\(database)]")
            let unlinked = try await store.pdsaCycle(cycle.id)
            XCTAssertEqual(unlinked?.fields.measureIDs, [], "[\(database)]")
        }
    }
}
