import Foundation
import WaymarkDomain
import WaymarkStore

/// The home page: the portfolio dashboard for the person asking.
public struct DashboardWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// The dashboard of every project the person may read, or of their own (`scope`); when no
    /// scope is asked for, the portfolio office and organisation admins see everything and a
    /// person on any project's team sees their own, with what they owe.
    public func dashboard(scope: DashboardScope?, today: CalendarDate, by acting: Acting) async throws -> PortfolioDashboard {
        let person = acting.person.id
        var chosen = scope ?? .all
        if scope == nil, !AccessPolicy.canFollowReporting(acting.actor) {
            chosen = try await store.portfolioIndex().projects(withTeamMember: person).isEmpty ? .all : .mine
        }
        return try await store.dashboard(scope: chosen, personID: person, rule: AccessPolicy.readRule(for: acting.actor), today: today)
    }
}
