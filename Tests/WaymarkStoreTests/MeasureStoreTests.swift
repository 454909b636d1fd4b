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
}
