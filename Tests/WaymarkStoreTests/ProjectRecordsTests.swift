import Foundation
import SQLKit
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

/// `Store.projectRecords`, what closing a period makes every highlight report from, reads for
/// each project exactly what the project's own reads give, in the same order, however the
/// projects fall into chunks.
final class ProjectRecordsTests: XCTestCase {
    /// `value` as JSON with its keys sorted, to compare records that are not `Equatable`.
    private func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func testEveryProjectsRecordsAreWhatItsOwnReadsGive() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            _ = try await SyntheticSystem.load(.tiny, seed: 4, into: store, passwordHash: World.passwordHash)
            let projects = try await store.rows("SELECT id FROM projects ORDER BY code", reading: { try $0.uuid("id") })
            // A project that is not there has no records, and is no error.
            let missing = UUID()
            let bulk = try await store.projectRecords(projects + [missing], chunk: 7)
            XCTAssertEqual(bulk.count, projects.count + 1, "[\(database)]")
            XCTAssertEqual(bulk[missing].map { $0.milestones.isEmpty && $0.measures.isEmpty && $0.statusUpdates.isEmpty }, true, "[\(database)]")
            var seen = (milestones: 0, decisions: 0, observations: 0, benefits: 0, updates: 0)
            for id in projects {
                let records = try XCTUnwrap(bulk[id], "[\(database)]")
                let own = (milestones: try await store.milestones(ofProject: id), risks: try await store.risks(ofProject: id),
                           issues: try await store.issues(ofProject: id), decisions: try await store.decisions(ofProject: id),
                           measures: try await store.measures(ofProject: id), observations: try await store.observations(ofProject: id),
                           benefits: try await store.benefits(ofProject: id), updates: try await store.statusUpdates(ofProject: id))
                XCTAssertEqual(try json(records.milestones), try json(own.milestones), "[\(database)] milestones")
                XCTAssertEqual(try json(records.risks), try json(own.risks), "[\(database)] risks")
                XCTAssertEqual(try json(records.issues), try json(own.issues), "[\(database)] issues")
                XCTAssertEqual(try json(records.decisions), try json(own.decisions), "[\(database)] decisions")
                XCTAssertEqual(try json(records.measures), try json(own.measures), "[\(database)] measures")
                XCTAssertEqual(Set(records.observations.keys), Set(own.observations.keys), "[\(database)] observations' measures")
                for (measure, series) in own.observations {
                    XCTAssertEqual(records.observations[measure] ?? [], series, "[\(database)] observations")
                }
                XCTAssertEqual(try json(records.benefits), try json(own.benefits), "[\(database)] benefits")
                XCTAssertEqual(records.statusUpdates, own.updates, "[\(database)] updates")
                seen.milestones += records.milestones.count
                seen.decisions += records.decisions.filter { !$0.fields.links.isEmpty }.count
                seen.observations += records.observations.values.map(\.count).reduce(0, +)
                seen.benefits += records.benefits.filter { !$0.fields.cash.isEmpty || !$0.fields.measureIDs.isEmpty }.count
                seen.updates += records.statusUpdates.count
            }
            // The generated system has some of everything, so the comparison is not of empty lists.
            for (what, count) in [("milestones", seen.milestones), ("linked decisions", seen.decisions), ("observations", seen.observations),
                                  ("benefits with parts", seen.benefits), ("updates", seen.updates)] {
                XCTAssertGreaterThan(count, 0, "[\(database)] \(what)")
            }
            // Without updates, when the caller has them already.
            let without = try await store.projectRecords(projects, updates: false)
            XCTAssertTrue(without.values.allSatisfy(\.statusUpdates.isEmpty), "[\(database)]")
        }
    }
}
