import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// What a dashboard is computed from: the portfolio index, where reporting stands, the
    /// escalated risks, key milestones, dependencies and benefits (each from this instance's
    /// memory while its counter stands still), and the RAID-level data-quality counts, read in one
    /// statement of grouped counts from indexed conditions.
    public func dashboardSources(today: CalendarDate) async throws -> DashboardSources {
        async let index = portfolioIndex()
        async let reporting = reportingState()
        async let risks = escalatedRisks()
        async let milestones = keyMilestones()
        async let dependencies = dependencyRegister()
        async let benefits = portfolioBenefits()
        async let items = dashboardItems()
        let kept = try await items
        return DashboardSources(index: try await index, reporting: try await reporting, risks: try await risks,
                                milestones: try await milestones, dependencies: try await dependencies,
                                benefits: try await benefits, itemQuality: kept.quality(today: today), gatesWaiting: kept.gatesWaiting)
    }

    /// The dashboard for one reader (see `DashboardSources.dashboard`), kept for them while
    /// nothing it draws on changes: a reader who looks again, or another with the same access
    /// (everyone in the portfolio office), is answered from memory until the next change to a
    /// project, its items, its reporting or the registers the dashboard summarises.
    public func dashboard(scope: DashboardScope, personID: UUID, rule: ProjectReadRule, today: CalendarDate) async throws -> PortfolioDashboard {
        let key = DashboardMemo.Key(scope: scope, personID: scope == .mine ? personID : nil, rule: rule, today: today)
        let seen = DashboardMemo.counters.map { requestCounters?.value($0) }
        let make: @Sendable () async throws -> PortfolioDashboard = {
            try await self.dashboardSources(today: today).dashboard(scope: scope, personID: personID, rule: rule, today: today)
        }
        guard !inTransaction, !seen.contains(nil) else { return try await make() }
        return try await instance.dashboards.value(key, atLeast: seen.compactMap { $0 }, make: make)
    }

    /// What the dashboard's item-level checks and gates waiting read, from memory while the
    /// `items` counter stands still: the open risks' review dates and the unowned items, by
    /// project, read in two statements of indexed conditions, and the gate reviews waiting.
    func dashboardItems() async throws -> DashboardItems {
        try await derived(.items, from: \.dashboardItems) { store in
            let generation = try await store.generation(of: .items)
            let dates = try await store.rows("""
                SELECT project_id, review_date FROM risks WHERE status = 'open' ORDER BY project_id, review_date
                """, reading: { (try $0.uuid("project_id"), try Store.calendarDate(try $0.string("review_date"))) })
            var reviewDates: [(projectID: UUID, dates: [CalendarDate])] = []
            for (project, date) in dates {
                if reviewDates.last?.projectID == project { reviewDates[reviewDates.count - 1].dates.append(date) } else {
                    reviewDates.append((project, [date]))
                }
            }
            let unowned = try await store.rows("""
                SELECT project_id, count(*) AS n FROM (
                    SELECT project_id FROM risks WHERE owner_id IS NULL AND status = 'open'
                    UNION ALL SELECT project_id FROM issues WHERE owner_id IS NULL AND status IN ('open', 'in-progress')
                    UNION ALL SELECT project_id FROM milestones WHERE owner_id IS NULL AND status <> 'complete'
                    UNION ALL SELECT project_id FROM actions WHERE owner_id IS NULL AND done_on IS NULL
                    UNION ALL SELECT project_id FROM dependencies WHERE owner_id IS NULL AND status IN ('on-track', 'at-risk', 'late')
                ) u GROUP BY project_id ORDER BY project_id
                """, reading: { (projectID: try $0.uuid("project_id"), count: try $0.int("n")) })
            return (generation, DashboardItems(reviewDates: reviewDates, unowned: unowned, gatesWaiting: try await store.waitingGateLines()))
        }
    }
}

/// The dashboards one instance made lately, each with the change counters it was made at: one
/// is used while the counters a request saw are no newer. Readers who ask for the same dashboard
/// while it is being made wait for that one rather than each making it. Bounded: when full it
/// starts again.
final class DashboardMemo: @unchecked Sendable {
    struct Key: Hashable {
        var scope: DashboardScope
        var personID: UUID?
        var rule: ProjectReadRule
        var today: CalendarDate
    }

    /// What a dashboard draws on: the index (projects, teams, structure), where reporting stands,
    /// the registers it summarises, and the projects' items and gate reviews.
    static let counters: [ChangeCounter] = [.portfolio, .references, .reporting, .escalatedRisks, .keyMilestones, .dependencies,
                                            .benefits, .items]
    static let capacity = 512

    private typealias Made = (version: [Int64], dashboard: PortfolioDashboard)
    // `kept` and `making` are only touched while holding `lock`.
    private let lock = NSLock()
    private var kept: [Key: Made] = [:]
    private var making: [Key: (version: [Int64], task: Task<PortfolioDashboard, any Error>)] = [:]

    private static func covers(_ made: [Int64], _ seen: [Int64]) -> Bool { zip(made, seen).allSatisfy { $0 >= $1 } }

    /// The dashboard for `key` made at counters no older than `version`: kept, being made, or made now by `make`.
    func value(_ key: Key, atLeast version: [Int64], make: @escaping @Sendable () async throws -> PortfolioDashboard)
        async throws -> PortfolioDashboard {
        let (ready, underway): (PortfolioDashboard?, Task<PortfolioDashboard, any Error>?) = lock.withLock {
            if let entry = kept[key], Self.covers(entry.version, version) { return (entry.dashboard, nil) }
            if let underway = making[key], Self.covers(underway.version, version) { return (nil, underway.task) }
            let task = Task { try await make() }
            making[key] = (version, task)
            return (nil, task)
        }
        if let ready { return ready }
        let pending = underway!
        do {
            let dashboard = try await pending.value
            keep(dashboard, key, version, made: pending)
            return dashboard
        } catch {
            lock.withLock { if making[key]?.task == pending { making[key] = nil } }
            throw error
        }
    }

    private func keep(_ dashboard: PortfolioDashboard, _ key: Key, _ version: [Int64], made task: Task<PortfolioDashboard, any Error>) {
        lock.withLock {
            if making[key]?.task == task { making[key] = nil }
            if let current = kept[key], Self.covers(current.version, version) { return }
            if kept.count >= Self.capacity && kept[key] == nil { kept.removeAll(keepingCapacity: true) }
            kept[key] = (version, dashboard)
        }
    }
}

extension Store {
    /// The query with its delivery filter resolved: the projects whose latest reported overall
    /// status on `today` is the one asked for (or that have reported none).
    public func resolvingDelivery(_ query: PortfolioQuery, today: CalendarDate) async throws -> PortfolioQuery {
        guard let filter = query.delivery else { return query }
        async let index = portfolioIndex()
        async let reporting = reportingState()
        let entries = try await index.entries
        let statuses = try await reporting.delivery(of: entries, today: today)
        var resolved = query
        resolved.onlyProjects = Set(entries.lazy.map(\.summary.id).filter { filter.admits(statuses[$0]) })
        return resolved
    }
}
