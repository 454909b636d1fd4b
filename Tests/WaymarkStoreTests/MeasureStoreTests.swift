import Foundation
import SQLKit
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

/// Measures and observations (M022) on SQLite and PostgreSQL: numbering, targets and numbers read
/// back exactly, one observation per date, imports all or none, cascades and the audit trail.
final class MeasureStoreTests: XCTestCase {
    func testMeasuresAndObservationsAreKeptExactly() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let project = world.projects[.system]!
            let fields = MeasureFields(name: "Falls per 1,000 bed days", definition: "Falls / occupied bed days × 1,000", type: .outcome,
                                       unit: "per 1,000 bed days", direction: .down, frequency: .monthly, dataSource: "Datix",
                                       ownerID: world.teamPerson.id, spcPreset: "nhsrplotthedots", baselinePoints: 12,
                                       targets: [MeasureTarget(from: CalendarDate("2026-04-01")!, value: 5.5),
                                                 MeasureTarget(from: CalendarDate("2027-04-01")!, value: 4.25)])
            let first = try await store.createMeasure(projectID: project.id, fields: fields, by: .system)
            let second = try await store.createMeasure(projectID: project.id, fields: MeasureFields(name: "Screened"), by: .system)
            XCTAssertEqual([first.reference, second.reference], ["M1", "M2"], "[\(database)]")
            let read = try await store.measure(first.id)
            XCTAssertEqual(read, first, "[\(database)] read back as written, targets and all")
            XCTAssertEqual(read?.fields.target(on: CalendarDate("2026-12-01")!), 5.5, "[\(database)]")

            let values: [Double] = [0.1, 12.345678901234, -3.5, 1e12, 7]
            let list = values.enumerated().map { ObservationFields(date: CalendarDate("2026-0\($0.offset + 1)-01")!, value: $0.element) }
            try await store.addObservations(list, to: first.id, by: .system)
            let kept = try await store.observations(of: first.id).map(\.fields.value)
            XCTAssertEqual(kept, values, "[\(database)] doubles exactly")
            // The kept summary follows every write, and the summary lists only readable projects.
            let everything = AccessPolicy.readRule(for: world.person("admin").actor)
            let summary = try await store.measureSummaries(MeasureSummaryQuery(sort: .name), rule: everything)
            XCTAssertEqual(summary.items.map(\.name), ["Falls per 1,000 bed days", "Screened"], "[\(database)]")
            let stored = try await store.measure(first.id)
            let analysed = stored!.analysis(try await store.observations(of: first.id))
            XCTAssertEqual(summary.items[0].summary, MeasureSummary(analysed), "[\(database)]")
            XCTAssertEqual(summary.items[0].summary.recent, values, "[\(database)]")
            XCTAssertEqual(summary.items[0].summary.latestDate, CalendarDate("2026-05-01"), "[\(database)]")
            XCTAssertEqual(summary.items[1].summary.count, 0, "[\(database)]")

            // A date already recorded refuses the whole import.
            let clash = [ObservationFields(date: CalendarDate("2026-06-01")!, value: 1), ObservationFields(date: CalendarDate("2026-01-01")!, value: 2)]
            do {
                try await store.addObservations(clash, to: first.id, by: .system)
                XCTFail("[\(database)] a second value for a date was kept")
            } catch let failure as ValidationFailure {
                XCTAssertEqual(failure.errors.first?.field, "date", "[\(database)]")
            }
            let count = try await store.observations(of: first.id).count
            XCTAssertEqual(count, 5, "[\(database)] nothing of the import was kept")

            var changed = fields
            changed.targets = []
            changed.name = "Inpatient falls"
            let updated = try await store.updateMeasure(first.id, expectedVersion: 1, fields: changed, by: .system)
            XCTAssertEqual(updated.version, 2, "[\(database)]")
            do {
                _ = try await store.updateMeasure(first.id, expectedVersion: 1, fields: fields, by: .system)
                XCTFail("[\(database)] a stale version was applied")
            } catch is VersionConflict {}

            let observation = try await store.observations(of: first.id)[0]
            var edited = observation.fields
            edited.ghosted = true
            edited.note = "Ward closed for a week"
            _ = try await store.updateObservation(observation.id, expectedVersion: 1, fields: edited, by: .system)
            let reread = try await store.observation(observation.id)
            XCTAssertEqual(reread?.fields, edited, "[\(database)]")
            XCTAssertEqual(reread?.version, 2, "[\(database)]")
            do {
                _ = try await store.updateObservation(observation.id, expectedVersion: 1, fields: observation.fields, by: .system)
                XCTFail("[\(database)] a stale observation was applied")
            } catch is VersionConflict {}
            try await store.deleteObservation(observation.id, by: .system)
            let afterDelete = try await store.measureSummaries(MeasureSummaryQuery(sort: .name), rule: everything).items[0].summary.count
            XCTAssertEqual(afterDelete, 4, "[\(database)]")

            try await store.deleteMeasure(first.id, by: .system)
            let orphans = try await store.count("SELECT COUNT(*) AS n FROM observations WHERE measure_id = \(bind: first.id)")
            XCTAssertEqual(orphans, 0, "[\(database)] a measure's observations go with it")
            let events = try await store.rows("""
                SELECT event FROM audit_events WHERE entity_type IN ('measure', 'observation') ORDER BY sequence
                """, reading: { try $0.string("event") })
            XCTAssertEqual(events, ["measure.created", "measure.created", "measure.observations-imported", "measure.changed",
                                    "observation.changed", "observation.deleted", "measure.deleted"], "[\(database)]")
        }
    }

    /// The icon summary's attention order is read along an index of the kept rank: concern
    /// first, then improvement, then common cause, then no data; a new observation moves a
    /// measure's place at once; pages and the total agree.
    func testTheAttentionOrderFollowsEachMeasuresLatestAnalysis() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let everything = AccessPolicy.readRule(for: world.person("admin").actor)
            let steady = (0..<20).map { Double(10 + $0 % 3) }
            func measure(_ name: String, _ project: Visibility, _ direction: ImprovementDirection, _ values: [Double]) async throws -> Measure {
                let measure = try await store.createMeasure(projectID: world.projects[project]!.id,
                                                            fields: MeasureFields(name: name, direction: direction), by: .system)
                if !values.isEmpty {
                    try await store.addObservations(values.enumerated().map {
                        ObservationFields(date: CalendarDate("2026-01-05")!.adding(days: 7 * $0.offset), value: $0.element)
                    }, to: measure.id, by: .system)
                }
                return measure
            }
            let empty = try await measure("No data yet", .system, .up, [])
            let calm = try await measure("Calm", .organisation, .up, steady)
            let better = try await measure("Better", .system, .up, steady + [30])
            let worse = try await measure("Worse", .organisation, .down, steady + [30])
            let order = try await store.measureSummaries(MeasureSummaryQuery(), rule: everything)
            XCTAssertEqual(order.items.map(\.name), ["Worse", "Better", "Calm", "No data yet"], "[\(database)]")
            XCTAssertEqual(order.items.map(\.summary.attentionRank), order.items.map(\.summary.attentionRank).sorted(), "[\(database)]")
            XCTAssertEqual(order.total, 4, "[\(database)]")
            let second = try await store.measureSummaries(MeasureSummaryQuery(page: PageRequest(page: 2, perPage: 3)), rule: everything)
            XCTAssertEqual(second.items.map(\.measureID), [empty.id], "[\(database)]")
            XCTAssertEqual(second.total, 4, "[\(database)]")
            // A return to the usual level: the spike stays special cause, so add a fall instead.
            try await store.addObservations([ObservationFields(date: CalendarDate("2026-12-28")!, value: -20)], to: calm.id, by: .system)
            let moved = try await store.measureSummaries(MeasureSummaryQuery(), rule: everything).items.map(\.measureID)
            XCTAssertEqual(moved.first, calm.id, "[\(database)] a fall on a higher-is-better measure is concern, first")
            XCTAssertEqual(Set(moved), [empty.id, calm.id, better.id, worse.id], "[\(database)]")
            let byProject = try await store.measureSummaries(MeasureSummaryQuery(sort: .project), rule: everything).items.map(\.projectCode)
            XCTAssertEqual(byProject, byProject.sorted(), "[\(database)]")
        }
    }

    /// A measure's page and analysis read it whole (`measureDetail`), held in memory per measure at
    /// the `measure_records` counter (M045): every change to what it is read from, by any instance
    /// or at a SQL prompt, is seen by the next request; nothing changed, what was written of it is used again.
    func testAMeasureHeldInMemoryFollowsEveryChange() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let sql = app.db as! any SQLDatabase
            let world = try await World.build(store)
            let project = world.projects[.system]!.id
            let owner = world.teamPerson
            let measure = try await store.createMeasure(projectID: project, fields: MeasureFields(name: "Falls", ownerID: owner.id), by: .system)
            let days = (1...9).map { CalendarDate("2026-0\($0)-01")! }
            _ = try await store.addObservations(days.map { ObservationFields(date: $0, value: Double($0.month)) }, to: measure.id, by: .system)
            let request = try await requests(app, signedInAs: world.person("admin").id, database)
            let elsewhere = Store(app.db, instance: StoreInstance())
            @discardableResult
            func assertAsStored(_ context: String) async throws -> MeasureDetail? {
                let held = try await request().measureDetail(measure.id)
                let stored = try await Store(app.db, instance: StoreInstance()).measureDetail(measure.id)
                XCTAssertEqual(held?.measure, stored?.measure, "[\(database)] \(context)")
                XCTAssertEqual(held?.observations, stored?.observations, "[\(database)] \(context)")
                XCTAssertEqual(held?.analysis, stored?.analysis, "[\(database)] \(context)")
                XCTAssertEqual(held?.annotations, stored?.annotations, "[\(database)] \(context)")
                XCTAssertEqual(held?.cycles, stored?.cycles, "[\(database)] \(context)")
                XCTAssertEqual(held?.benefits, stored?.benefits, "[\(database)] \(context)")
                XCTAssertEqual(held?.ownerName, stored?.ownerName, "[\(database)] \(context)")
                return held
            }

            let first = try await assertAsStored("nine observations")
            XCTAssertEqual(first?.observations.count, 9, "[\(database)]")
            XCTAssertEqual(first?.ownerName, owner.name, "[\(database)]")
            let again = try await assertAsStored("nothing changed")
            XCTAssertTrue(first?.rendered === again?.rendered, "[\(database)] held, not read again")

            let added = try await elsewhere.addObservations([ObservationFields(date: CalendarDate("2026-10-01")!, value: 4)], to: measure.id,
                                                            by: .system)
            let more = try await assertAsStored("an observation added by another instance")
            XCTAssertEqual(more?.observations.count, 10, "[\(database)]")
            XCTAssertFalse(again?.rendered === more?.rendered, "[\(database)] read again")
            try await sql.raw("UPDATE observations SET note = 'Typed at a prompt' WHERE id = \(bind: added[0].id)").run()
            let typed = try await assertAsStored("an observation's note typed at a SQL prompt")
            XCTAssertEqual(typed?.observations.last?.fields.note, "Typed at a prompt", "[\(database)]")

            _ = try await elsewhere.createAnnotation(measureID: measure.id, fields: AnnotationFields(
                date: CalendarDate("2026-02-01")!, kind: .event, label: "Ward closed"), by: .system)
            let annotated = try await assertAsStored("an annotation")
            XCTAssertEqual(annotated?.annotations.map(\.fields.label), ["Ward closed"], "[\(database)]")
            let cycle = try await elsewhere.createPDSACycle(projectID: project, fields: PDSAFields(
                title: "Huddle", startDate: CalendarDate("2026-03-02")!, measureIDs: [measure.id]), by: .system)
            let judged = try await assertAsStored("a PDSA cycle judged by it")
            XCTAssertEqual(judged?.cycles.map(\.id), [cycle.id], "[\(database)]")
            try await sql.raw("DELETE FROM pdsa_measures WHERE pdsa_id = \(bind: cycle.id)").run()
            let unlinked = try await assertAsStored("the cycle's link removed at a SQL prompt")
            XCTAssertEqual(unlinked?.cycles.count, 0, "[\(database)]")

            let benefit = try await elsewhere.createBenefit(projectID: project, fields: BenefitFields(
                title: "Fewer falls", category: .cashReleasing, measureIDs: [measure.id],
                cash: [BenefitCash(year: FinancialYear(startYear: 2026), planned: 1_000)]), by: .system)
            let evidenced = try await assertAsStored("a benefit it evidences")
            XCTAssertEqual(evidenced?.benefits.map(\.id), [benefit.id], "[\(database)]")
            try await sql.raw("UPDATE benefit_cash SET planned = 2000 WHERE benefit_id = \(bind: benefit.id)").run()
            let cash = try await assertAsStored("the benefit's cash changed at a SQL prompt")
            XCTAssertEqual(cash?.benefits.first?.fields.cash.first?.planned, 2_000, "[\(database)]")

            _ = try await elsewhere.updatePerson(owner.id, expectedVersion: owner.version, fields: PersonFields(
                name: "Renamed Owner", email: owner.email, role: owner.role, organisationID: owner.organisationID, password: nil),
                passwordHash: nil, by: .system)
            let renamed = try await assertAsStored("its owner renamed")
            XCTAssertEqual(renamed?.ownerName, "Renamed Owner", "[\(database)]")

            try await abandonTransaction(on: try await request(), database) { transaction in
                _ = try await transaction.addObservations([ObservationFields(date: CalendarDate("2026-11-01")!, value: 5)],
                                                          to: measure.id, by: .system)
                let inside = try await transaction.measureDetail(measure.id)?.observations.count
                XCTAssertEqual(inside, 11, "[\(database)] the transaction sees its own observation")
            }
            let after = try await assertAsStored("after the abandoned transaction")
            XCTAssertEqual(after?.observations.count, 10, "[\(database)]")

            try await elsewhere.deleteMeasure(measure.id, by: .system)
            let gone = try await assertAsStored("deleted")
            XCTAssertNil(gone, "[\(database)]")
        }
    }
}
