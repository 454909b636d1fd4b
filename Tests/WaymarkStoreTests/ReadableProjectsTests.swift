import Foundation
import SQLKit
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

/// `Store.readableProjects`, the one way a query is limited to the projects its reader may read,
/// admits exactly what `AccessPolicy.canRead` admits, for every person of a generated system.
final class ReadableProjectsTests: XCTestCase {
    func testTheSeamAdmitsExactlyWhatThePolicyAdmitsForEveryPerson() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            _ = try await SyntheticSystem.load(.tiny, seed: 11, into: store, passwordHash: World.passwordHash)
            let world = try await World.build(store)
            // Team places that reach past visibility: a viewer of another organisation on a team-only project.
            let teamOnly = world.projects[.team]!
            try await store.setTeamMember(projectID: teamOnly.id, personID: world.person("viewer-other").id, role: .observer, by: .system)
            let projects = try await store.rows("SELECT id FROM projects", reading: { try $0.uuid("id") })
            let people = try await store.people(PeopleFilter(includeInactive: true))
            var kinds = Set<Int>()
            for person in people {
                let rule = AccessPolicy.readRule(for: person.actor)
                let admitted = try await store.rows("SELECT id FROM (\(Store.readableProjects(rule))) readable",
                                                    reading: { try $0.uuid("id") })
                var expected = Set<UUID>()
                for id in projects {
                    guard let (_, facts) = try await store.projectForAccess(id, actor: person.actor) else { continue }
                    if AccessPolicy.canRead(person.actor, facts) { expected.insert(id) }
                }
                XCTAssertEqual(Set(admitted), expected, "[\(database)] \(person.name) (\(person.role.rawValue))")
                // The same rule as the portfolio index answers it, for what is held in memory (one search, the lessons).
                let readable = try await store.portfolioIndex().readableProjects(rule: rule)
                XCTAssertEqual(Set(projects.filter { readable.entry($0) != nil }), expected,
                               "[\(database)] \(person.name) (\(person.role.rawValue)), asked of the portfolio index")
                XCTAssertEqual(admitted.count, Set(admitted).count, "[\(database)] each project once")
                kinds.insert(expected.count)
            }
            // People see different amounts of the portfolio: the check is not of one answer.
            XCTAssertGreaterThan(kinds.count, 3, "[\(database)] \(kinds)")
            XCTAssertGreaterThan(people.count, 40)
        }
    }
}
