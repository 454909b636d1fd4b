import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// A person's calendar feeds, their own first, then by when they were made.
    public func calendarFeeds(of personID: UUID) async throws -> [CalendarFeed] {
        try await rows("""
            SELECT id, person_id, project_id, created_at FROM calendar_feeds WHERE person_id = \(bind: personID) ORDER BY created_at, id
            """, reading: Self.calendarFeed).sorted { ($0.projectID == nil ? 0 : 1) < ($1.projectID == nil ? 0 : 1) }
    }

    /// The feed a secret opens, with the person it reads as (only an active one).
    public func calendarFeed(tokenHash: String) async throws -> (CalendarFeed, Person)? {
        guard let feed = try await rows("""
            SELECT id, person_id, project_id, created_at FROM calendar_feeds WHERE token_hash = \(bind: tokenHash)
            """, reading: Self.calendarFeed).first,
              let person = try await person(feed.personID), person.active else { return nil }
        return (feed, person)
    }

    /// A new feed of `projectID` (nil: the person's own) for the person, replacing any they had of
    /// it: its old address stops working.
    public func createCalendarFeed(personID: UUID, projectID: UUID?, tokenHash: String) async throws -> CalendarFeed {
        try await write { store in
            let match: SQLQueryString = projectID.map { "project_id = \(bind: $0)" } ?? "project_id IS NULL"
            try await store.run("DELETE FROM calendar_feeds WHERE person_id = \(bind: personID) AND \(match)")
            let feed = CalendarFeed(id: UUID(), personID: personID, projectID: projectID, createdAt: store.now())
            try await store.run("""
                INSERT INTO calendar_feeds (id, person_id, project_id, token_hash, created_at)
                VALUES (\(bind: feed.id), \(bind: personID), \(bind: projectID), \(bind: tokenHash), \(bind: feed.createdAt))
                """)
            return feed
        }
    }

    /// Stops a person's feed: its address answers 404 from now on.
    public func revokeCalendarFeed(_ id: UUID, personID: UUID) async throws {
        try await write { store in
            let found = try await store.count("SELECT COUNT(*) AS n FROM calendar_feeds WHERE id = \(bind: id) AND person_id = \(bind: personID)")
            guard found == 1 else { throw NotFound("calendar feed") }
            try await store.run("DELETE FROM calendar_feeds WHERE id = \(bind: id)")
        }
    }

    static func calendarFeed(_ columns: Columns) throws -> CalendarFeed {
        CalendarFeed(id: try columns.uuid("id"), personID: try columns.uuid("person_id"), projectID: try columns.optionalUUID("project_id"),
                     createdAt: try columns.date("created_at"))
    }

    /// Everything on a project's plan and RAID log that is still open and has a date, and its
    /// milestones achieved: what its calendar feed holds.
    public func datedWork(ofProject projectID: UUID) async throws -> [WorkItem] {
        try await work(matching: "project_id = \(bind: projectID)").value
    }
}
