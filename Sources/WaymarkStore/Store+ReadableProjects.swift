import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// The projects a person may read, as a statement any query filters by:
    /// `WHERE r.project_id IN (\(Store.readableProjects(rule)))`; its one column is `id`. It is `ProjectReadRule.admits`
    /// written in SQL, one indexed branch per way in (visibility; leading; partnering; the
    /// team), so a register of hundreds of thousands of rows is filtered by the database, with no
    /// policy call per row in Swift and no list of ids sent with each request. This is how every
    /// resource that belongs to a project is limited to what its reader may see (README, "How
    /// it is built"); a test holds it to `AccessPolicy.canRead` for every person of a generated
    /// system, on both databases.
    public static func readableProjects(_ rule: ProjectReadRule) -> SQLQueryString {
        if rule.everything { return "SELECT id FROM projects" }
        var branches: [SQLQueryString] = []
        if !rule.anyOrganisation.isEmpty {
            branches.append("SELECT id FROM projects WHERE visibility IN (\(visibilities(rule.anyOrganisation)))")
        }
        let leading = leadingVisibilities(rule)
        if !leading.isEmpty {
            branches.append("""
                SELECT id FROM projects WHERE lead_organisation_id = \(bind: rule.organisationID) AND visibility IN (\(visibilities(leading)))
                """)
        }
        if !rule.leadOrPartnerOrganisation.isEmpty {
            branches.append("""
                SELECT pp.project_id AS id FROM project_partners pp JOIN projects pj ON pj.id = pp.project_id
                WHERE pp.organisation_id = \(bind: rule.organisationID) AND pj.visibility IN (\(visibilities(rule.leadOrPartnerOrganisation)))
                """)
        }
        if rule.teamMembership {
            branches.append("SELECT project_id AS id FROM team_members WHERE person_id = \(bind: rule.personID)")
        }
        if branches.isEmpty { return "SELECT id FROM projects WHERE 1 = 0" }
        return branches.joined(separator: " UNION ")
    }

    private static func visibilities(_ set: VisibilitySet) -> SQLQueryString { "\(binds: set.members.map(\.rawValue))" }

    /// The visibilities a project led by the reader's organisation may have and be read: those
    /// read by leading, and those read by leading or partnering.
    private static func leadingVisibilities(_ rule: ProjectReadRule) -> VisibilitySet {
        var leading = rule.leadOrganisation
        for visibility in rule.leadOrPartnerOrganisation.members { leading.insert(visibility) }
        return leading
    }
}

// MARK: Logs across projects, through the readable-projects seam

extension Store {
    /// Every milestone of the projects `rule` lets its reader read.
    public func milestones(readableBy rule: ProjectReadRule) async throws -> [Milestone] {
        try await rows("""
            SELECT \(Self.milestoneColumns) FROM milestones m WHERE m.project_id IN (\(Self.readableProjects(rule)))
            ORDER BY m.forecast_date, m.number
            """, reading: Self.milestone)
    }

    /// Every issue of the projects `rule` lets its reader read.
    public func issues(readableBy rule: ProjectReadRule) async throws -> [Issue] {
        try await rows("""
            SELECT \(Self.issueColumns) FROM issues i WHERE i.project_id IN (\(Self.readableProjects(rule))) ORDER BY i.number
            """, reading: Self.issue)
    }

    /// Every assumption of the projects `rule` lets its reader read.
    public func assumptions(readableBy rule: ProjectReadRule) async throws -> [Assumption] {
        try await rows("""
            SELECT \(Self.assumptionColumns) FROM assumptions a WHERE a.project_id IN (\(Self.readableProjects(rule))) ORDER BY a.number
            """, reading: Self.assumption)
    }

    /// Every risk of the projects `rule` lets its reader read.
    public func risks(readableBy rule: ProjectReadRule) async throws -> [Risk] {
        try await rows("""
            SELECT \(Self.riskColumns) FROM risks r WHERE r.project_id IN (\(Self.readableProjects(rule))) ORDER BY r.number
            """, reading: Self.risk)
    }
}
