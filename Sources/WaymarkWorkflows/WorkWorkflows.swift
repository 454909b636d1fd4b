import Foundation
import WaymarkDomain
import WaymarkStore

/// "My work": everything a person owns across the projects they may read that is overdue or
/// due within a window, soonest first.
public struct WorkWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// What the signed-in person owns that is due by the end of `window` from `today`, overdue
    /// first. Items on a project they may no longer read (they left a team-only project) are left
    /// out: owning an item does not let anyone read it.
    public func mine(window: WorkWindow, today: CalendarDate, by acting: Acting) async throws -> [OwnedWork] {
        async let items = store.work(ownedBy: acting.person.id, dueBy: today.adding(days: window.rawValue))
        let readable = try await store.portfolioIndex().readableProjects(rule: AccessPolicy.readRule(for: acting.actor))
        return try await items.compactMap { item in
            readable.entry(item.projectID).map { OwnedWork(item: item, project: $0.summary) }
        }
    }
}
