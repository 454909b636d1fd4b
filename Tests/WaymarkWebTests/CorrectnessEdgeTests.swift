import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Edges a review of the code found (issue "Ready for twenty resources", item 6), each through
/// the real server on SQLite and PostgreSQL.
final class CorrectnessEdgeTests: XCTestCase {
    func testAccountHistoryShowsOnlyProjectsTheReaderMayRead() async throws {
        try await withServer { server, world, database in
            // An organisation admin manages member-other, who joins a team-only project that
            // another organisation leads: the admin may not know that project exists.
            let member = world.person("member-other")
            let hidden = world.projects[.team]!
            try await server.app.store.setTeamMember(projectID: hidden.id, personID: member.id, role: .member, by: .system)
            let event = "Added member-other to the team"
            for (reader, sees) in [("orgadmin-other@test.example", false), ("admin@test.example", true)] {
                let browser = server.client()
                try await browser.signIn(reader)
                let page = try await browser.get("/people/\(member.id.lowercasedText)")
                XCTAssertEqual(page.status, .ok, "[\(database)] \(reader)")
                XCTAssertTrue(page.body.contains("Created account for member-other"), "[\(database)] \(reader) sees the account's own history")
                XCTAssertEqual(page.body.contains(event), sees, "[\(database)] \(reader), account page")
                let history = try await browser.get("/people/\(member.id.lowercasedText)/history")
                XCTAssertEqual(history.status, .ok)
                XCTAssertEqual(history.body.contains(event), sees, "[\(database)] \(reader), history page")
            }
            // Once the project opens to every organisation, its events show again.
            let store = server.app.store
            var fields = hidden.fields
            fields.visibility = .system
            _ = try await store.updateProject(hidden.id, expectedVersion: hidden.version, fields: fields,
                                              references: try await store.referenceData(), by: .system)
            let browser = server.client()
            try await browser.signIn("orgadmin-other@test.example")
            let history = try await browser.get("/people/\(member.id.lowercasedText)/history")
            XCTAssertTrue(history.body.contains(event), "[\(database)] readable now")
        }
    }

    func testConcurrentIdenticalTeamChangesMakeOneMember() async throws {
        try await withServer { server, world, database in
            let token = try await apiToken(server, "admin@test.example")
            let person = world.person("member-partner")
            for project in world.projects.values {
                let path = "/api/v1/projects/\(project.id.lowercasedText)/team/\(person.id.lowercasedText)"
                let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            let client = server.client()
                            client.bearer = token
                            return try await client.json(.PUT, path, ["role": "member"]).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                XCTAssertEqual(statuses, Array(repeating: .ok, count: 6), "[\(database)] \(project.fields.title)")
                let team = try await server.app.store.team(of: project.id)
                XCTAssertEqual(team.filter { $0.personID == person.id }.map(\.role), [.member])
                let history = try await server.app.store.projectHistory(project.id, page: PageRequest(perPage: 100))
                XCTAssertEqual(history.items.filter { $0.entityID == person.id }.count, 1, "one change recorded, not six")
            }
        }
    }

    func testAnAccountChangeRecordsOnlyWhatChanged() async throws {
        try await withServer { server, world, database in
            let admin = server.client()
            admin.bearer = try await apiToken(server, "admin@test.example")
            let person = world.person("viewer-partner")
            let path = "/api/v1/people/\(person.id.lowercasedText)"
            let history = { try await server.app.store.history(of: person.id, page: PageRequest(perPage: 50),
                                                              readableBy: AccessPolicy.readRule(for: world.person("admin").actor)) }
            let before = try await history().total

            // Saving what is already there changes nothing: no new version, no event.
            let same = try await admin.json(.PATCH, path, ["name": person.name, "version": person.version])
            XCTAssertEqual(same.status, .ok, "[\(database)] \(same.body)")
            XCTAssertEqual(same.jsonObject["version"] as? Int, person.version)
            let unchanged = try await history().total
            XCTAssertEqual(unchanged, before)

            // Deactivating is one change, recorded once.
            let deactivated = try await admin.json(.PATCH, path, ["active": false, "version": person.version])
            XCTAssertEqual(deactivated.status, .ok, deactivated.body)
            XCTAssertEqual(deactivated.jsonObject["version"] as? Int, person.version + 1)
            let events = try await history()
            XCTAssertEqual(events.total, before + 1)
            XCTAssertEqual(events.items.first?.event, .personDeactivated)
            XCTAssertEqual(events.items.first?.subject, "viewer-partner")
            XCTAssertEqual(events.items.first?.changes, [FieldChange(field: "active", old: "true", new: "false")])

            // A rename and a reactivation together: two real changes, one transaction.
            let both = try await admin.json(.PATCH, path, ["name": "Vera Partner", "active": true, "version": person.version + 1])
            XCTAssertEqual(both.status, .ok, both.body)
            let latest = try await history().items.prefix(2).map { "\($0.event.rawValue) \($0.subject)" }
            XCTAssertEqual(latest, ["person.reactivated Vera Partner", "person.changed Vera Partner"])
            // A stale version is refused even when nothing would change.
            let stale = try await admin.json(.PATCH, path, ["name": "Vera Partner", "version": person.version])
            XCTAssertEqual(stale.status, .conflict)
        }
    }
}
