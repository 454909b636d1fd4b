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
        async let quality = itemQualityCounts(today: today)
        async let gates = waitingGateLines()
        return DashboardSources(index: try await index, reporting: try await reporting, risks: try await risks,
                                milestones: try await milestones, dependencies: try await dependencies,
                                benefits: try await benefits, itemQuality: try await quality, gatesWaiting: try await gates)
    }

    /// By project, its open risks past their review date, and its open items with no owner (open
    /// risks and issues, milestones not complete, actions not done, dependencies still needed).
    func itemQualityCounts(today: CalendarDate) async throws -> [ItemQualityCount] {
        let review = DataQualityCheck.risksPastReview.rawValue, unowned = DataQualityCheck.unowned.rawValue
        return try await rows("""
            SELECT project_id, \(bind: review) AS check_name, count(*) AS n FROM risks
            WHERE status = 'open' AND review_date < \(bind: today.description) GROUP BY project_id
            UNION ALL
            SELECT project_id, \(bind: unowned) AS check_name, count(*) AS n FROM (
                SELECT project_id FROM risks WHERE owner_id IS NULL AND status = 'open'
                UNION ALL SELECT project_id FROM issues WHERE owner_id IS NULL AND status IN ('open', 'in-progress')
                UNION ALL SELECT project_id FROM milestones WHERE owner_id IS NULL AND status <> 'complete'
                UNION ALL SELECT project_id FROM actions WHERE owner_id IS NULL AND done_on IS NULL
                UNION ALL SELECT project_id FROM dependencies WHERE owner_id IS NULL AND status IN ('on-track', 'at-risk', 'late')
            ) u GROUP BY project_id
            """, reading: { columns in
            ItemQualityCount(projectID: try columns.uuid("project_id"),
                             check: DataQualityCheck(rawValue: try columns.string("check_name")) ?? .unowned,
                             count: try columns.int("n"))
        })
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
