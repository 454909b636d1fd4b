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
        try await milestones(where: "m.project_id IN (\(Self.readableProjects(rule)))")
    }

    /// Every issue of the projects `rule` lets its reader read.
    public func issues(readableBy rule: ProjectReadRule) async throws -> [Issue] {
        try await issues(where: "i.project_id IN (\(Self.readableProjects(rule)))")
    }

    /// Every assumption of the projects `rule` lets its reader read.
    public func assumptions(readableBy rule: ProjectReadRule) async throws -> [Assumption] {
        try await rows("""
            SELECT \(Self.assumptionColumns) FROM assumptions a WHERE a.project_id IN (\(Self.readableProjects(rule))) ORDER BY a.number
            """, reading: Self.assumption)
    }

    /// Every risk of the projects `rule` lets its reader read.
    public func risks(readableBy rule: ProjectReadRule) async throws -> [Risk] {
        try await risks(where: "r.project_id IN (\(Self.readableProjects(rule)))")
    }

    /// Every action of the projects `rule` lets its reader read, with the item it is for (nil for
    /// its project as a whole), as each project's log orders them.
    public func actions(readableBy rule: ProjectReadRule) async throws -> [(action: Action, item: RAIDItemLabel?)] {
        try await rows("""
            SELECT \(Self.actionColumns), \(Self.itemLabelColumns) FROM actions x \(Self.itemLabelJoins("x"))
            WHERE x.project_id IN (\(Self.readableProjects(rule)))
            ORDER BY CASE WHEN x.done_on IS NULL THEN 0 ELSE 1 END, x.due_date, x.number
            """, reading: { (try Self.action($0), try Self.itemLabel($0)) })
    }

    /// Every decision of the projects `rule` lets its reader read, the latest first, with the
    /// items each bears on (its links), read in one more statement.
    public func decisions(readableBy rule: ProjectReadRule) async throws -> [(decision: Decision, bearsOn: [RAIDItemLabel])] {
        async let decisions = rows("""
            SELECT \(Self.decisionColumns) FROM decisions d WHERE d.project_id IN (\(Self.readableProjects(rule)))
            ORDER BY d.decided_on DESC, d.number DESC
            """, reading: Self.decision)
        let links = try await rows("""
            SELECT l.decision_id, l.risk_id, l.issue_id, l.assumption_id, l.dependency_id, \(Self.itemLabelColumns)
            FROM decision_links l JOIN decisions d ON d.id = l.decision_id \(Self.itemLabelJoins("l"))
            WHERE d.project_id IN (\(Self.readableProjects(rule))) ORDER BY l.decision_id, l.position
            """, reading: { (try $0.uuid("decision_id"), try Self.itemLabel($0)) })
        var byDecision: [UUID: [RAIDItemLabel]] = [:]
        for (decision, label) in links { if let label { byDecision[decision, default: []].append(label) } }
        return try await decisions.map { decision in
            var decision = decision
            let labels = byDecision[decision.id] ?? []
            decision.fields.links = labels.map(\.item)
            return (decision, labels)
        }
    }

    /// Every measure of the projects `rule` lets its reader read, with its kept summary (its
    /// latest value and SPC icons), by number.
    public func measures(readableBy rule: ProjectReadRule) async throws -> [(measure: Measure, summary: MeasureSummary)] {
        try await rows("""
            SELECT \(Self.measureColumns), \(unsafeRaw: Self.summaryColumns.map { "m." + $0 }.joined(separator: ", ")) FROM measures m
            WHERE m.project_id IN (\(Self.readableProjects(rule))) ORDER BY m.number
            """, reading: { (try Self.measure($0), try Self.summary($0)) })
    }

    /// Every benefit of the projects `rule` lets its reader read, with its linked measures and
    /// cash by year, by number.
    public func benefits(readableBy rule: ProjectReadRule) async throws -> [Benefit] {
        try await benefits(where: "b.project_id IN (\(Self.readableProjects(rule)))")
    }

    /// The joins that find the RAID item a row of `table` names by its `risk_id`, `issue_id`,
    /// `assumption_id` or `dependency_id`, and the columns of its number and title they give.
    static func itemLabelJoins(_ table: String) -> SQLQueryString {
        let t = SQLIdentifier(table)
        return """
            LEFT JOIN risks lr ON lr.id = \(t).risk_id LEFT JOIN issues li ON li.id = \(t).issue_id
            LEFT JOIN assumptions la ON la.id = \(t).assumption_id LEFT JOIN dependencies ld ON ld.id = \(t).dependency_id
            """
    }

    static let itemLabelColumns: SQLQueryString = """
        COALESCE(lr.number, li.number, la.number, ld.number) AS item_number, COALESCE(lr.title, li.title, la.statement, ld.title) AS item_title
        """

    static func itemLabel(_ columns: Columns) throws -> RAIDItemLabel? {
        guard let item = try raidItem(columns), let number = try columns.optionalInt64("item_number") else { return nil }
        return RAIDItemLabel(item: item, reference: item.referencePrefix + String(number), title: try columns.string("item_title"))
    }
}
