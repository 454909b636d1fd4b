import Foundation
import SQLKit
import WaymarkDomain

/// A team member with the project whose team they are on.
struct TeamPlaceRow {
    var projectId: UUID
    var member: TeamRow

    init(_ columns: Columns) throws {
        projectId = try columns.uuid("project_id")
        member = TeamRow(personId: try columns.uuid("person_id"), role: try columns.string("role"),
                         name: try columns.string("name"), email: try columns.string("email"),
                         organisationId: try columns.uuid("organisation_id"))
    }
}

extension Store {
    /// The portfolio index as of now: one indexed read of the change counter, and when something
    /// changed since this instance last read it (on this instance or another), the index brought
    /// up to date: from the change log, re-reading only the projects that changed, or in full.
    public func portfolioIndex() async throws -> PortfolioIndex {
        let instance = self.instance
        // Inside a write transaction PostgreSQL logs the transaction's own changes only at commit:
        // the index it needs is read whole, as it always was there.
        let incremental = !inTransaction
        return try await derived(.portfolio, from: \.portfolio) { store in
            let index = try await store.loadPortfolioIndex(after: incremental ? instance.portfolio.latest() : nil)
            return (index.generation, index)
        }
    }

    /// At most this many changed projects are re-read one by one; more, and the whole index is.
    static func incrementalLimit(_ entries: Int) -> Int { max(200, entries / 10) }

    func loadPortfolioIndex(after previous: PortfolioIndex?) async throws -> PortfolioIndex {
        let generation = try await generation(of: .portfolio)
        if let previous, let updated = try await updated(previous, to: generation) {
            instance.portfolioLoads.count(incremental: true)
            return updated
        }
        instance.portfolioLoads.count(incremental: false)
        return try await loadPortfolioIndex(at: generation)
    }

    /// `previous` brought up to `generation` from the change log (M013), or nil when it cannot be:
    /// the log no longer reaches back to it, a name every entry shows changed (an organisation,
    /// programme, theme or stage), or more changed than re-reading one by one is worth.
    private func updated(_ previous: PortfolioIndex, to generation: Int64) async throws -> PortfolioIndex? {
        guard previous.generation <= generation else { return nil }
        if previous.generation == generation { return previous }
        let floor = try await scalar("SELECT value FROM change_counters WHERE name = 'portfolio_log_floor'",
                                     column: "value", as: Int64.self)
        guard let floor, previous.generation >= floor else { return nil }
        let changes = try await rows("""
            SELECT DISTINCT kind, subject_id FROM portfolio_changes
            WHERE generation > \(bind: previous.generation) AND generation <= \(bind: generation)
            """, reading: { (try $0.string("kind"), try $0.optionalUUID("subject_id")) })
        var changed = Set<UUID>()
        for (kind, subject) in changes {
            switch (kind, subject) {
            case ("project", let id?): changed.insert(id)
            case ("person", let id?): changed.formUnion(previous.projects(withTeamMember: id))
            default: return nil
            }
            if changed.count > Self.incrementalLimit(previous.entries.count) { return nil }
        }
        let fresh = try await entries(of: Array(changed), references: previous.references)
        return previous.replacing(changed, with: fresh, generation: generation)
    }

    private func loadPortfolioIndex(at generation: Int64) async throws -> PortfolioIndex {
        let references = try await readReferenceData()
        return PortfolioIndex(generation: generation, references: references,
                              entries: try await entries(of: nil, references: references))
    }

    /// The index's entries for these projects (nil: every project), each read whole: its record,
    /// links and team by name. A project that no longer exists has none.
    private func entries(of ids: [UUID]?, references: ReferenceData) async throws -> [PortfolioIndex.Entry] {
        if let ids, ids.isEmpty { return [] }
        func only(_ column: String) -> SQLQueryString {
            ids.map { "WHERE \(unsafeRaw: column) IN (\(binds: $0))" } ?? ""
        }
        let projects = try await rows("SELECT \(Store.projectColumns) FROM projects p \(only("p.id"))", reading: ProjectRow.init)
        let partners = Dictionary(grouping: try await rows("""
            SELECT project_id, organisation_id AS other_id FROM project_partners \(only("project_id"))
            """, reading: LinkRow.init), by: \.projectId)
        let themes = Dictionary(grouping: try await rows("""
            SELECT project_id, theme_id AS other_id FROM project_themes \(only("project_id"))
            """, reading: LinkRow.init), by: \.projectId)
        let teams = Dictionary(grouping: try await rows("""
            SELECT t.project_id, t.person_id, t.role, m.name, m.email, m.organisation_id
            FROM team_members t JOIN people m ON m.id = t.person_id \(only("t.project_id")) ORDER BY m.name
            """, reading: TeamPlaceRow.init), by: \.projectId)
        let organisations = Dictionary(references.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let programmes = Dictionary(references.programmes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let stages = Dictionary(references.stages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try projects.map { row in
            let project = try project(from: row, partners: partners[row.id, default: []].map(\.otherId),
                                      themes: themes[row.id, default: []].map(\.otherId))
            let team = try Self.teamInRoleOrder(teams[row.id, default: []].map(\.member))
            let fields = project.fields
            let stage = stages[fields.stageID]
            let summary = ProjectSummary(
                id: project.id, code: project.code, title: fields.title, summary: fields.summary,
                leadOrganisationID: fields.leadOrganisationID, leadOrganisationName: organisations[fields.leadOrganisationID] ?? "",
                programmeID: fields.programmeID, programmeName: fields.programmeID.flatMap { programmes[$0] },
                methodology: fields.methodology, stageID: fields.stageID, stageName: stage?.name ?? "", status: fields.status,
                visibility: fields.visibility, startDate: fields.startDate, endDate: fields.endDate, version: project.version,
                updatedAt: project.updatedAt)
            return PortfolioIndex.Entry(
                summary: summary, partnerOrganisationIDs: Set(fields.partnerOrganisationIDs), themeIDs: fields.themeIDs,
                team: Dictionary(team.map { ($0.personID, $0.role) }, uniquingKeysWith: { first, _ in first }),
                stagePosition: stage?.position ?? 0, details: PortfolioIndex.Entry.Details(project: project, team: team))
        }
    }

    /// One page of the projects this person may read that match the query.
    public func portfolio(_ query: PortfolioQuery, rule: ProjectReadRule) async throws -> Page<ProjectSummary> {
        try await portfolioIndex().page(query, rule: rule)
    }

    /// For each facet (all, or those asked for), how many readable projects each value would give
    /// with the other filters kept.
    public func facetCounts(_ query: PortfolioQuery, rule: ProjectReadRule,
                            facets: [PortfolioFacet] = PortfolioFacet.allCases) async throws -> FacetCounts {
        try await portfolioIndex().facetCounts(query, rule: rule, facets: facets)
    }

    /// How many projects this person may read, in all.
    public func readableProjectCount(rule: ProjectReadRule) async throws -> Int {
        try await portfolioIndex().readableCount(rule: rule)
    }
}

extension Store {
    /// How many generations of the change log are kept: an instance that has not looked for longer
    /// (at a thousand writes a minute, about ten minutes) reloads its index in full instead.
    public static let portfolioLogKept: Int64 = 10_000

    /// Removes the change log's rows older than the last `kept` generations and moves its floor
    /// with them, in one transaction: an instance whose index is older than the floor reloads it
    /// in full. A background job's work (the sweeper) and the generator's; never a read's.
    @discardableResult
    public func prunePortfolioLog(keeping kept: Int64 = Store.portfolioLogKept) async throws -> Int {
        try await write { store in
            let floor = try await store.generation(of: .portfolio) - kept
            let current = try await store.scalar("SELECT value FROM change_counters WHERE name = 'portfolio_log_floor'",
                                                 column: "value", as: Int64.self) ?? 0
            guard floor > current else { return 0 }
            let removed = try await store.count("SELECT COUNT(*) AS n FROM portfolio_changes WHERE generation <= \(bind: floor)")
            try await store.run("DELETE FROM portfolio_changes WHERE generation <= \(bind: floor)")
            try await store.run("UPDATE change_counters SET value = \(bind: floor) WHERE name = 'portfolio_log_floor'")
            return removed
        }
    }
}
