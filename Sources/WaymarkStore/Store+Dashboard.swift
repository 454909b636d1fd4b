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
    /// nothing it draws on changes: a reader who looks again, or another who may read everything
    /// (an administrator; `ProjectReadRule.shared`), is answered from memory until the next
    /// change to a project, its items, its reporting or the registers the dashboard summarises.
    public func dashboard(scope: DashboardScope, personID: UUID, rule: ProjectReadRule, today: CalendarDate) async throws -> PortfolioDashboard {
        let key = DashboardMemo.Key(scope: scope, personID: scope == .mine ? personID : nil, rule: rule.shared, today: today)
        let seen = DashboardMemo.counters.map { requestCounters?.value($0) }
        let make: @Sendable () async throws -> PortfolioDashboard = {
            try await self.dashboardSources(today: today).dashboard(scope: scope, personID: personID, rule: rule, today: today)
        }
        guard !inTransaction, !seen.contains(nil) else { return try await make() }
        return try await instance.dashboards.value(key, atLeast: seen.compactMap { $0 }, make: make)
    }

    /// A portfolio report as `make` makes it, kept for a reader (and for anyone with the same
    /// rule, `ProjectReadRule.shared`) asking for the same slice on the same day while nothing it
    /// draws on changes (see `DashboardMemo.counters`); asked again while it is being made, it is
    /// waited for. `asAt`: when the period closed, for a report made from its snapshot (nil: from
    /// the data now); such a report still draws on today's index, for what its reader may read.
    /// `make` must depend on nothing else: not on who asks beyond what `rule` admits.
    public func keptPortfolioReport(period: ReportingPeriod, asAt: Date?, slice: PortfolioQuery, rule: ProjectReadRule, today: CalendarDate,
                                    make: @escaping @Sendable () async throws -> PortfolioReport) async throws -> PortfolioReport {
        let seen = DashboardMemo.counters.map { requestCounters?.value($0) }
        guard !inTransaction, !seen.contains(nil) else { return try await make() }
        let key = PortfolioReportMemo.Key(period: period, asAt: asAt, slice: slice, rule: rule.shared, today: today)
        return try await instance.portfolioReports.value(key, atLeast: seen.compactMap { $0 }, make: make)
    }

    /// The reporting overview (who has and has not reported) as `make` makes it, kept for
    /// everyone with the same rule (`ProjectReadRule.shared`) on the same day while neither the
    /// projects, their structure nor their reporting change; asked for again while it is being
    /// made, it is waited for (the portfolio office opening the reporting page together).
    public func keptReportingOverview(rule: ProjectReadRule, today: CalendarDate,
                                      make: @escaping @Sendable () async throws -> ReportingOverview) async throws -> ReportingOverview {
        let seen = ReportingOverviewMemo.counters.map { requestCounters?.value($0) }
        guard !inTransaction, !seen.contains(nil) else { return try await make() }
        return try await instance.reportingOverviews.value(ReportingOverviewMemo.Key(rule: rule.shared, today: today),
                                                           atLeast: seen.compactMap { $0 }, make: make)
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

/// Values one instance made lately for readers (dashboards, portfolio reports), each with the
/// change counters it was made at: one is used while the counters a request saw are no newer.
/// Requests for the same value while it is being made wait for that one rather than each making
/// it: a report opened in several tabs at once, or by several administrators, is made once.
/// Bounded: when full it starts again.
final class ReaderMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    let capacity: Int
    /// How many values were made (not found kept or being made): what tests count.
    var made: Int { lock.withLock { makings } }
    /// The values kept now: what tests look into.
    var keptValues: [Value] { lock.withLock { kept.values.map(\.value) } }

    private typealias Made = (version: [Int64], value: Value)
    // `kept`, `making` and `makings` are only touched while holding `lock`.
    private let lock = NSLock()
    private var kept: [Key: Made] = [:]
    private var making: [Key: (version: [Int64], task: Task<Value, any Error>)] = [:]
    private var makings = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    private static func covers(_ made: [Int64], _ seen: [Int64]) -> Bool { zip(made, seen).allSatisfy { $0 >= $1 } }

    /// The value for `key` made at counters no older than `version`: kept, being made, or made now by `make`.
    func value(_ key: Key, atLeast version: [Int64], make: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let (ready, underway): (Value?, Task<Value, any Error>?) = lock.withLock {
            if let entry = kept[key], Self.covers(entry.version, version) { return (entry.value, nil) }
            if let underway = making[key], Self.covers(underway.version, version) { return (nil, underway.task) }
            let task = Task { try await make() }
            making[key] = (version, task)
            makings += 1
            return (nil, task)
        }
        if let ready { return ready }
        let pending = underway!
        do {
            let value = try await pending.value
            keep(value, key, version, made: pending)
            return value
        } catch {
            lock.withLock { if making[key]?.task == pending { making[key] = nil } }
            throw error
        }
    }

    private func keep(_ value: Value, _ key: Key, _ version: [Int64], made task: Task<Value, any Error>) {
        lock.withLock {
            if making[key]?.task == task { making[key] = nil }
            if let current = kept[key], Self.covers(current.version, version) { return }
            if kept.count >= capacity && kept[key] == nil { kept.removeAll(keepingCapacity: true) }
            kept[key] = (version, value)
        }
    }
}

/// The dashboards kept (`StoreInstance.dashboards`): by scope, reader (for their own projects
/// only) and access.
enum DashboardMemo {
    struct Key: Hashable, Sendable {
        var scope: DashboardScope
        var personID: UUID?
        var rule: ProjectReadRule
        var today: CalendarDate
    }

    /// What a dashboard draws on: the index (projects, teams, structure), where reporting stands,
    /// the registers it summarises, and the projects' items and gate reviews. A portfolio report
    /// draws on the same, and on the status updates, which move `reporting`.
    static let counters: [ChangeCounter] = [.portfolio, .references, .reporting, .escalatedRisks, .keyMilestones, .dependencies,
                                            .benefits, .items]
}

/// The reporting overviews kept (`StoreInstance.reportingOverviews`): by rule and day.
enum ReportingOverviewMemo {
    struct Key: Hashable, Sendable {
        var rule: ProjectReadRule
        var today: CalendarDate
    }

    /// What an overview draws on: the index (projects, their status and names) and where
    /// reporting stands (updates, cycles and holidays).
    static let counters: [ChangeCounter] = [.portfolio, .references, .reporting]
}

/// The portfolio reports kept (`StoreInstance.portfolioReports`): by period (and the moment it
/// closed, for one made from its snapshot), the report's own filters, rule and day. A
/// whole-system report at region scale is tens of megabytes and most of a second to make, so
/// few are kept.
enum PortfolioReportMemo {
    struct Key: Hashable, Sendable {
        var period: ReportingPeriod
        var asAt: Date?
        var slice: PortfolioQuery
        var rule: ProjectReadRule
        var today: CalendarDate
    }

    static let capacity = 4
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
