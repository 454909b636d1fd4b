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

/// The projects a read across projects takes items of: those `rule` lets its reader read
/// (through `Store.readableProjects`), and of them only `among` when it is given (a download's
/// projects a batch at a time, so a region's 200,000 risks are never all held at once).
public struct ProjectScope: Sendable {
    public var rule: ProjectReadRule
    public var among: [UUID]?

    public init(readableBy rule: ProjectReadRule, among: [UUID]? = nil) {
        self.rule = rule
        self.among = among
    }

    /// The condition on `column` (a table's `project_id`) that keeps the scope's rows.
    func filter(_ column: String) -> SQLQueryString {
        let readable: SQLQueryString = "\(unsafeRaw: column) IN (\(Store.readableProjects(rule)))"
        guard let among else { return readable }
        return "\(unsafeRaw: column) IN \(SQLBind.group(among)) AND " + readable
    }
}

extension Store {
    /// Every milestone of the projects of `scope`.
    public func milestones(in scope: ProjectScope) async throws -> [Milestone] {
        try await milestones(where: scope.filter("m.project_id"))
    }

    /// Every issue of the projects of `scope`.
    public func issues(in scope: ProjectScope) async throws -> [Issue] {
        try await issues(where: scope.filter("i.project_id"))
    }

    /// Every assumption of the projects of `scope`.
    public func assumptions(in scope: ProjectScope) async throws -> [Assumption] {
        try await rows("""
            SELECT \(Self.assumptionColumns) FROM assumptions a WHERE \(scope.filter("a.project_id")) ORDER BY a.number
            """, reading: Self.assumption)
    }

    /// Every risk of the projects of `scope`.
    public func risks(in scope: ProjectScope) async throws -> [Risk] {
        try await risks(where: scope.filter("r.project_id"))
    }

    /// Every action of the projects of `scope`, with the item it is for (nil for its project as a
    /// whole), as each project's log orders them.
    public func actions(in scope: ProjectScope) async throws -> [(action: Action, item: RAIDItemLabel?)] {
        try await rows("""
            SELECT \(Self.actionColumns), \(Self.itemLabelColumns) FROM actions x \(Self.itemLabelJoins("x"))
            WHERE \(scope.filter("x.project_id"))
            ORDER BY CASE WHEN x.done_on IS NULL THEN 0 ELSE 1 END, x.due_date, x.number
            """, reading: { (try Self.action($0), try Self.itemLabel($0)) })
    }

    /// Every decision of the projects of `scope`, the latest first, with the items each bears on
    /// (its links), read in one more statement.
    public func decisions(in scope: ProjectScope) async throws -> [(decision: Decision, bearsOn: [RAIDItemLabel])] {
        async let decisions = rows("""
            SELECT \(Self.decisionColumns) FROM decisions d WHERE \(scope.filter("d.project_id"))
            ORDER BY d.decided_on DESC, d.number DESC
            """, reading: Self.decision)
        let links = try await rows("""
            SELECT l.decision_id, l.risk_id, l.issue_id, l.assumption_id, l.dependency_id, \(Self.itemLabelColumns)
            FROM decision_links l JOIN decisions d ON d.id = l.decision_id \(Self.itemLabelJoins("l"))
            WHERE \(scope.filter("d.project_id")) ORDER BY l.decision_id, l.position
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

    /// Every measure of the projects of `scope`, with its kept summary (its latest value and SPC
    /// icons), by number.
    public func measures(in scope: ProjectScope) async throws -> [(measure: Measure, summary: MeasureSummary)] {
        try await rows("""
            SELECT \(Self.measureColumns), \(unsafeRaw: Self.summaryColumns.map { "m." + $0 }.joined(separator: ", ")) FROM measures m
            WHERE \(scope.filter("m.project_id")) ORDER BY m.number
            """, reading: { (try Self.measure($0), try Self.summary($0)) })
    }

    /// Every benefit of the projects of `scope`, with its linked measures and cash by year, by number.
    public func benefits(in scope: ProjectScope) async throws -> [Benefit] {
        try await benefits(where: scope.filter("b.project_id"))
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
