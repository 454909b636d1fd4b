import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Calendar feeds over HTTP on both databases: made on the account (the address shown once),
/// read with no session as iCalendar (escaped, folded, all-day events on the right dates), a
/// person's own feed of what they own and the updates they owe, reset and stopped addresses
/// answering 404, and a feed that reads only what its person may read when it is read.
/// (Tests/e2e/calendar_check.py reads a demo feed with the icalendar library.)
final class CalendarFeedTests: XCTestCase {
    /// Makes a feed through the account page and returns its address's path.
    static func make(_ client: TestClient, project: UUID?) async throws -> (status: HTTPResponseStatus, path: String?) {
        let page = try await client.get("/account/calendar-feeds")
        let made = try await client.post("/account/calendar-feeds", project.map { [("project", $0.lowercasedText)] } ?? [], csrf: page.csrfToken)
        guard let range = made.body.range(of: #"id="new-feed">[^<]+<"#, options: .regularExpression) else { return (made.status, nil) }
        let address = String(made.body[range].dropFirst("id=\"new-feed\">".count).dropLast())
        return (made.status, URL(string: address)?.path)
    }

    func testFeedsHoldTheirDatesAsICalendarAndStopWhenTheyShould() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!, team = world.projects[.team]!
            let person = world.teamPerson
            try await store.setTeamMember(projectID: project.id, personID: person.id, role: .manager, by: .system)
            _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                title: "Hub open, phase 1; east", ownerID: person.id, forecastDate: CalendarDate("2026-10-01")!), by: .system)
            _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                title: "Evaluation " + String(repeating: "long words ", count: 10), forecastDate: CalendarDate("2026-11-15")!), by: .system)
            _ = try await store.createMilestone(projectID: team.id, fields: MilestoneFields(
                title: "Team-only milestone", ownerID: person.id, forecastDate: CalendarDate("2026-10-20")!), by: .system)

            let browser = server.client()
            try await browser.signIn("teammate@test.example")
            let made = try await Self.make(browser, project: project.id)
            XCTAssertEqual(made.status, .created, "[\(database)]")
            let path = try XCTUnwrap(made.path, "[\(database)]")
            XCTAssertTrue(path.hasPrefix("/calendar/") && path.hasSuffix(".ics"), "[\(database)] \(path)")
            let listed = try await browser.get("/account/calendar-feeds")
            XCTAssertTrue(listed.body.contains(project.code), "[\(database)]")
            XCTAssertFalse(listed.body.contains(path), "[\(database)] the address is shown once only")

            // Read with no session, as a calendar program reads it.
            let calendar = server.client()
            let feed = try await calendar.get(path)
            XCTAssertEqual(feed.status, .ok, "[\(database)] \(feed.body)")
            XCTAssertEqual(feed.headers.contentType?.subType, "calendar", "[\(database)]")
            let lines = feed.body.components(separatedBy: "\r\n")
            XCTAssertEqual(lines.first, "BEGIN:VCALENDAR", "[\(database)]")
            XCTAssertTrue(lines.allSatisfy { $0.utf8.count <= 75 }, "[\(database)] folded at 75 octets")
            XCTAssertFalse(feed.body.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "[\(database)] CRLF only")
            let unfolded = feed.body.replacingOccurrences(of: "\r\n ", with: "")
            XCTAssertTrue(unfolded.contains("SUMMARY:Reach milestone: M1 Hub open\\, phase 1\\; east (\(project.code))"), "[\(database)] \(unfolded)")
            XCTAssertTrue(unfolded.contains("DTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261002"), "[\(database)]")
            XCTAssertTrue(unfolded.contains("Reach milestone: M2 Evaluation long words"), "[\(database)] every open date, whoever owns it")
            XCTAssertTrue(unfolded.contains("SUMMARY:Status update due: September 2026 (\(project.code))"), "[\(database)]")
            XCTAssertTrue(unfolded.contains("DTSTART;VALUE=DATE:20261007"), "[\(database)] due on the 5th working day of October")
            XCTAssertFalse(unfolded.contains("Team-only milestone"), "[\(database)] another project's")

            // The person's own feed: what they own, on every project they may read, and the updates they owe.
            let own = try await Self.make(browser, project: nil)
            let mine = try await calendar.get(try XCTUnwrap(own.path))
            let mineText = mine.body.replacingOccurrences(of: "\r\n ", with: "")
            XCTAssertTrue(mineText.contains("M1 Hub open"), "[\(database)]")
            XCTAssertTrue(mineText.contains("Team-only milestone"), "[\(database)] they are on its team")
            XCTAssertFalse(mineText.contains("M2 Evaluation"), "[\(database)] not theirs")
            XCTAssertTrue(mineText.contains("Status update due: September 2026 (\(project.code))"), "[\(database)] they manage it")

            // Reset: a new address, the old one gone; stopped: gone.
            let reset = try await Self.make(browser, project: project.id)
            let old = try await calendar.get(path)
            XCTAssertEqual(old.status, .notFound, "[\(database)]")
            let fresh = try await calendar.get(try XCTUnwrap(reset.path))
            XCTAssertEqual(fresh.status, .ok, "[\(database)]")
            let feeds = try await store.calendarFeeds(of: person.id)
            XCTAssertEqual(feeds.count, 2, "[\(database)] one own, one of the project")
            let page = try await browser.get("/account/calendar-feeds")
            let projectFeed = try XCTUnwrap(feeds.first { $0.projectID == project.id })
            let stopped = try await browser.post("/account/calendar-feeds/\(projectFeed.id.lowercasedText)/revoke", [], csrf: page.csrfToken)
            XCTAssertEqual(stopped.status, .seeOther, "[\(database)]")
            let gone = try await calendar.get(try XCTUnwrap(reset.path))
            XCTAssertEqual(gone.status, .notFound, "[\(database)]")
            let stranger = server.client()
            try await stranger.signIn("member-other@test.example")
            let strangers = try await stranger.get("/account/calendar-feeds")
            let theirs = try await stranger.post("/account/calendar-feeds/\(feeds[0].id.lowercasedText)/revoke", [], csrf: strangers.csrfToken)
            XCTAssertEqual(theirs.status, .notFound, "[\(database)] nobody stops another's feed")

            // What a feed holds is what its person may read when it is read.
            let teamFeed = try await Self.make(browser, project: team.id)
            let teamPath = try XCTUnwrap(teamFeed.path)
            let readable = try await calendar.get(teamPath)
            XCTAssertEqual(readable.status, .ok, "[\(database)]")
            try await store.removeTeamMember(projectID: team.id, personID: person.id, by: .system)
            let unreadable = try await calendar.get(teamPath)
            XCTAssertEqual(unreadable.status, .notFound, "[\(database)] no longer on the team")
            let ownAfter = try await calendar.get(try XCTUnwrap(own.path))
            XCTAssertFalse(ownAfter.body.contains("Team-only milestone"), "[\(database)]")
            let refused = try await Self.make(stranger, project: team.id)
            XCTAssertEqual(refused.status, .notFound, "[\(database)] no feed of a project they may not read")
            let current = try await store.person(person.id)
            _ = try await store.setActive(person.id, false, expectedVersion: try XCTUnwrap(current).version, by: .system)
            let inactive = try await calendar.get(try XCTUnwrap(own.path))
            XCTAssertEqual(inactive.status, .notFound, "[\(database)] a deactivated person's feeds stop")
            let nonsense = try await calendar.get("/calendar/nonsense.ics")
            XCTAssertEqual(nonsense.status, .notFound, "[\(database)]")
        }
    }

    /// The API makes, lists and stops a person's own feeds: the address answered once, a project
    /// they may not read refused as not found, bad ids refused with a field error, nobody
    /// stopping another's.
    func testTheAPIMakesListsAndStopsFeeds() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!, team = world.projects[.team]!
            _ = try await store.createMilestone(projectID: project.id, fields: MilestoneFields(
                title: "Hub open", forecastDate: CalendarDate("2026-10-01")!), by: .system)
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let made = try await api.json(.POST, "/api/v1/me/calendar-feeds", ["projectId": project.id.lowercasedText])
            XCTAssertEqual(made.status, .created, "[\(database)] \(made.body)")
            XCTAssertEqual(made.jsonObject["kind"] as? String, "project", "[\(database)]")
            XCTAssertEqual(made.jsonObject["projectCode"] as? String, project.code, "[\(database)]")
            let address = try XCTUnwrap(made.jsonObject["address"] as? String, "[\(database)]")
            let path = try XCTUnwrap(URL(string: address)?.path)
            let calendar = server.client()
            let feed = try await calendar.get(path)
            XCTAssertEqual(feed.status, .ok, "[\(database)]")
            XCTAssertTrue(feed.body.contains("Hub open"), "[\(database)]")
            let own = try await api.json(.POST, "/api/v1/me/calendar-feeds", [:])
            XCTAssertEqual(own.jsonObject["kind"] as? String, "own", "[\(database)]")
            XCTAssertTrue(own.jsonObject["projectId"] is NSNull, "[\(database)]")

            let listed = try await api.json(.GET, "/api/v1/me/calendar-feeds")
            let items = try XCTUnwrap(listed.jsonObject["items"] as? [[String: Any]], "[\(database)] \(listed.body)")
            XCTAssertEqual(Set(items.compactMap { $0["kind"] as? String }), ["own", "project"], "[\(database)]")
            XCTAssertFalse(listed.body.contains(path), "[\(database)] the address is answered once only")

            let stranger = server.client()
            stranger.bearer = try await apiToken(server, "member-other@test.example")
            let notReadable = try await stranger.json(.POST, "/api/v1/me/calendar-feeds", ["projectId": team.id.lowercasedText])
            XCTAssertEqual(notReadable.status, .notFound, "[\(database)] a project they may not read")
            let bad = try await api.json(.POST, "/api/v1/me/calendar-feeds", ["projectId": "nonsense"])
            XCTAssertEqual(bad.status, .unprocessableEntity, "[\(database)]")
            XCTAssertEqual((bad.jsonObject["errors"] as? [[String: String]])?.first?["field"], "projectId", "[\(database)]")
            let feeds = try await store.calendarFeeds(of: world.teamPerson.id)
            XCTAssertEqual(feeds.count, 2, "[\(database)] nothing made by the refused request")
            let strangers = try await store.calendarFeeds(of: world.person("member-other").id)
            XCTAssertTrue(strangers.isEmpty, "[\(database)]")
            let id = try XCTUnwrap(made.jsonObject["id"] as? String)
            let theirs = try await stranger.json(.DELETE, "/api/v1/me/calendar-feeds/\(id)")
            XCTAssertEqual(theirs.status, .notFound, "[\(database)] nobody stops another's feed")
            let stopped = try await api.json(.DELETE, "/api/v1/me/calendar-feeds/\(id)")
            XCTAssertEqual(stopped.status, .noContent, "[\(database)]")
            let gone = try await calendar.get(path)
            XCTAssertEqual(gone.status, .notFound, "[\(database)] its address stops working")
            let again = try await api.json(.DELETE, "/api/v1/me/calendar-feeds/\(id)")
            XCTAssertEqual(again.status, .notFound, "[\(database)]")
        }
    }

    func testICalendarTextIsEscapedAndFolded() {
        XCTAssertEqual(ICalendar.text("a,b;c\\d\ne\u{7}"), "a\\,b\\;c\\\\d\\ne")
        let folded = ICalendar.fold("SUMMARY:" + String(repeating: "é", count: 60))
        XCTAssertTrue(folded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        XCTAssertEqual(folded.replacingOccurrences(of: "\r\n ", with: ""), "SUMMARY:" + String(repeating: "é", count: 60))
    }
}
