import Foundation
import WaymarkDomain
import WaymarkStore

/// What a calendar feed holds: its name, the open items with a date (each with its project's
/// code), and the status updates due.
public struct CalendarContent: Sendable {
    public var name: String
    public var items: [(item: WorkItem, projectCode: String)]
    public var updatesDue: [(projectID: UUID, projectCode: String, projectTitle: String, period: ReportingPeriod, due: CalendarDate)]
}

/// Calendar feeds: a secret address a calendar program subscribes to, of one project's dates or
/// of everything a person owns. Each is read as the person who made it, with what they may read
/// at the time it is read: a project they can no longer see is a feed that answers nothing.
public struct CalendarWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    /// The person's feeds, each with its project (nil for their own feed, or for a project they
    /// can no longer see: `hidden`).
    public func feeds(by acting: Acting) async throws -> [(feed: CalendarFeed, project: ProjectSummary?, hidden: Bool)] {
        let feeds = try await store.calendarFeeds(of: acting.person.id)
        let readable = try await store.portfolioIndex().readableProjects(rule: AccessPolicy.readRule(for: acting.actor))
        return feeds.map { feed in
            guard let projectID = feed.projectID else { return (feed, nil, false) }
            let entry = readable.entry(projectID)
            return (feed, entry?.summary, entry == nil)
        }
    }

    /// A new feed (`projectID` nil: the person's own), replacing theirs of the same: the old
    /// address stops working. `tokenHash` is the hash of the secret in its address. With it, its
    /// project, as the person may read it.
    public func create(projectID: UUID?, tokenHash: String, by acting: Acting) async throws -> (feed: CalendarFeed, project: Project?) {
        let project = try await projectID.asyncMap { try await projects.readable($0, by: acting).project }
        return (try await store.createCalendarFeed(personID: acting.person.id, projectID: projectID, tokenHash: tokenHash), project)
    }

    public func revoke(_ id: UUID, by acting: Acting) async throws {
        try await store.revokeCalendarFeed(id, personID: acting.person.id)
    }

    /// What the feed with this secret holds today; `NotFound` for no such feed, one revoked, one
    /// whose person is no longer active, or one of a project its person may no longer read.
    public func content(tokenHash: String, today: CalendarDate) async throws -> CalendarContent {
        guard let (feed, person) = try await store.calendarFeed(tokenHash: tokenHash) else { throw NotFound("calendar feed") }
        let acting = Acting(person)
        async let index = store.portfolioIndex()
        async let reporting = store.reportingState()
        let readable = try await index.readableProjects(rule: AccessPolicy.readRule(for: acting.actor))
        let state = try await reporting
        func due(_ entry: PortfolioIndex.Entry) -> (UUID, String, String, ReportingPeriod, CalendarDate)? {
            guard entry.summary.status == .active else { return nil }
            let cycle = state.cycles.cycle(forProgramme: entry.summary.programmeID)
            let open = cycle.open(on: today, workingDays: state.workingDays)
            guard state.status(of: entry.summary.id, in: open)?.reported == nil else { return nil }
            return (entry.summary.id, entry.summary.code, entry.summary.title, open, cycle.due(open, workingDays: state.workingDays))
        }
        if let projectID = feed.projectID {
            guard let entry = readable.entry(projectID) else { throw NotFound("calendar feed") }
            let items = try await store.datedWork(ofProject: projectID)
            return CalendarContent(name: entry.summary.code + " " + entry.summary.title + " (Waymark)",
                                   items: items.map { ($0, entry.summary.code) }, updatesDue: due(entry).map { [$0] } ?? [])
        }
        let owned = try await store.work(ownedBy: person.id, dueBy: today.adding(days: 366))
        let items = owned.compactMap { item in readable.entry(item.projectID).map { (item, $0.summary.code) } }
        let led = try await index.projects(withTeamMember: person.id).compactMap { id -> PortfolioIndex.Entry? in
            guard let entry = readable.entry(id), let role = entry.team[person.id], role == .sro || role == .manager else { return nil }
            return entry
        }
        return CalendarContent(name: person.name + "'s work (Waymark)", items: items, updatesDue: led.compactMap(due))
    }
}
