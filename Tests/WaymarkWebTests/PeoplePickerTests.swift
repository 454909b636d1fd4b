import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The people picker (issue 14): a team's manager finds people by part of their name, email
/// address or organisation, in a search step that works without JavaScript and, as JSON, in the
/// combobox that enhances it; only active people are offered, and only to those who manage the
/// team. No one types an email address to add someone.
final class PeoplePickerTests: XCTestCase {
    func testAManagerFindsActivePeopleByNameEmailOrOrganisationAndChoosesOne() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let path = "/projects/\(project.id.lowercasedText)"
            // One person of the partner trust has left.
            let leaver = world.person("viewer-partner")
            _ = try await store.setActive(leaver.id, false, expectedVersion: leaver.version, by: .system)

            let manager = server.client()
            try await manager.signIn("orgadmin-lead@test.example")
            let blank = try await manager.get(path)
            XCTAssertTrue(blank.body.contains("data-module=\"person-picker\""), "[\(database)]")
            XCTAssertFalse(blank.body.contains("type=\"email\""), "[\(database)] no email address to type")
            XCTAssertFalse(blank.body.contains("name=\"personId\""), "[\(database)] nothing to choose before a search")

            // By organisation: every active person of Partner Trust, the leaver left out.
            let byOrganisation = try await manager.get(path + "?find=PARTNER+trust")
            for name in ["orgadmin-partner", "member-partner"] {
                XCTAssertTrue(byOrganisation.body.contains(">\(name), Partner Trust (\(name)@test.example)</label>"), "[\(database)] \(name)")
            }
            XCTAssertFalse(byOrganisation.body.contains("viewer-partner"), "[\(database)] a deactivated account is not offered")
            XCTAssertTrue(byOrganisation.body.contains("value=\"PARTNER trust\""), "[\(database)] the search is kept")
            // By name, and by part of an email address; someone already on the team says so.
            let byName = try await manager.get(path + "?find=mate")
            XCTAssertTrue(byName.body.contains("teammate, Other Trust (teammate@test.example): already on the team as team member"),
                          "[\(database)]")
            XCTAssertTrue(byName.body.contains("checked"), "[\(database)] the one match is chosen already")
            let byEmail = try await manager.get(path + "?find=viewer-other%40test")
            XCTAssertTrue(byEmail.body.contains(">viewer-other, Other Trust (viewer-other@test.example)</label>"), "[\(database)]")
            let none = try await manager.get(path + "?find=nobody%25_")
            XCTAssertTrue(none.body.contains("No active person matches \u{201C}nobody%_\u{201D}"), "[\(database)] % and _ match themselves")
            let short = try await manager.get(path + "?find=o")
            XCTAssertTrue(short.body.contains("Type at least two letters"), "[\(database)]")

            // The combobox asks the same search as JSON.
            let json = try await manager.get(path + "/team/candidates?q=partner")
            XCTAssertEqual(json.status, .ok, "[\(database)]")
            let people = json.jsonObject["people"] as? [[String: Any]] ?? []
            XCTAssertEqual(people.compactMap { $0["name"] as? String }, ["member-partner", "orgadmin-partner"], "[\(database)] name order")
            XCTAssertEqual(people.first?["organisation"] as? String, "Partner Trust", "[\(database)]")
            XCTAssertTrue(people.first?["role"] is NSNull, "[\(database)] not on the team")
            XCTAssertEqual(json.jsonObject["total"] as? Int, 2, "[\(database)]")

            // Choosing one adds them; nothing chosen, or someone who has left, changes nothing.
            let member = world.person("member-partner").id.lowercasedText
            let added = try await manager.post(path + "/team", [("find", "partner"), ("personId", member), ("role", "sro")],
                                               csrf: byOrganisation.csrfToken)
            XCTAssertEqual(added.status, .seeOther, "[\(database)]")
            let team = try await store.team(of: project.id)
            XCTAssertEqual(team.first { $0.personID == world.person("member-partner").id }?.role, .sro, "[\(database)]")
            let unchosen = try await manager.post(path + "/team", [("find", "partner"), ("role", "sro")], csrf: byOrganisation.csrfToken)
            XCTAssertEqual(unchosen.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(unchosen.body.contains("Find the person to add by their name, email address or organisation, then choose them"),
                          "[\(database)]")
            XCTAssertTrue(unchosen.body.contains(">orgadmin-partner, Partner Trust"), "[\(database)] the search's results are shown again")
            let left = try await manager.post(path + "/team", [("find", "partner"), ("personId", leaver.id.lowercasedText), ("role", "member")],
                                              csrf: byOrganisation.csrfToken)
            XCTAssertEqual(left.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(left.body.contains("account is deactivated"), "[\(database)]")
            let after = try await store.team(of: project.id)
            XCTAssertEqual(after.count, 2, "[\(database)] nothing else changed")
        }
    }

    func testOnlyThoseWhoManageTheTeamMaySearchForPeopleToAdd() async throws {
        try await withServer { server, world, database in
            let path = "/projects/\(world.projects[.system]!.id.lowercasedText)"
            let teammate = server.client()
            try await teammate.signIn("teammate@test.example")
            let page = try await teammate.get(path + "?find=partner")
            XCTAssertFalse(page.body.contains("data-module=\"person-picker\""), "[\(database)] a team member does not manage the team")
            XCTAssertFalse(page.body.contains("member-partner"), "[\(database)]")
            let json = try await teammate.get(path + "/team/candidates?q=partner")
            XCTAssertEqual(json.status, .forbidden, "[\(database)]")
            let hidden = "/projects/\(world.projects[.team]!.id.lowercasedText)/team/candidates?q=partner"
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            let notFound = try await outsider.get(hidden)
            XCTAssertEqual(notFound.status, .notFound, "[\(database)] a project they may not read does not exist for them")
        }
    }

    func testALongListSaysHowManyMatchedAndAsksForMore() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            for number in 1...25 {
                _ = try await store.createPerson(PersonFields(name: "Nurse \(number)", email: "nurse\(number)@test.example", role: .member,
                                                              organisationID: world.partner.id, password: nil),
                                                 passwordHash: World.passwordHash, by: .system)
            }
            let manager = server.client()
            try await manager.signIn("orgadmin-lead@test.example")
            let page = try await manager.get("/projects/\(world.projects[.system]!.id.lowercasedText)?find=nurse")
            XCTAssertTrue(page.body.contains("The first 20 of 25 people who match: type more to narrow it down."), "[\(database)]")
            XCTAssertEqual(page.body.components(separatedBy: "name=\"personId\"").count - 1, 20, "[\(database)]")
        }
    }
}
