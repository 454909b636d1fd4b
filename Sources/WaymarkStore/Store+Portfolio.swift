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
        guard let previous else {
            instance.portfolioLoads.count(incremental: false)
            return try await loadPortfolioIndex(at: try await generation(of: .portfolio))
        }
        let log = try await changeLog(after: previous.generation)
        if let updated = try await updated(previous, from: log) {
            instance.portfolioLoads.count(incremental: true)
            return updated
        }
        instance.portfolioLoads.count(incremental: false)
        return try await loadPortfolioIndex(at: log.generation)
    }

    /// The portfolio counter, the log's floor and what the log holds after `generation`, in one
    /// statement (prepared on PostgreSQL): a list after a write waits for this.
    private func changeLog(after generation: Int64) async throws -> ChangeLog {
        let rows = try await reusing.rows("""
            SELECT g.value AS generation, f.value AS floor, c.kind, c.subject_id
            FROM change_counters g
            JOIN change_counters f ON f.name = 'portfolio_log_floor'
            LEFT JOIN portfolio_changes c ON c.generation > \(bind: generation) AND c.generation <= g.value
            WHERE g.name = 'portfolio'
            """, reading: { columns -> (Columns, (String, UUID?)?) in
                (columns, try columns.optionalString("kind").map { kind in (kind, try columns.optionalUUID("subject_id")) })
            })
        guard let first = rows.first?.0 else { return ChangeLog(generation: try await self.generation(of: .portfolio), floor: nil, changes: []) }
        return ChangeLog(generation: try first.int64("generation"), floor: try first.int64("floor"), changes: rows.compactMap { $0.1 })
    }

    private struct ChangeLog {
        var generation: Int64
        /// The oldest generation the log still reaches back to; nil when there is no floor to read.
        var floor: Int64?
        /// Each change's kind ("project", "person", "references") and subject, as often as logged.
        var changes: [(String, UUID?)]
    }

    /// `previous` brought up to the log's generation (M013), or nil when it cannot be: the log no
    /// longer reaches back to it, a name every entry shows changed (an organisation, programme,
    /// theme or stage), or more changed than re-reading one by one is worth.
    private func updated(_ previous: PortfolioIndex, from log: ChangeLog) async throws -> PortfolioIndex? {
        guard previous.generation <= log.generation, let floor = log.floor, previous.generation >= floor else { return nil }
        if previous.generation == log.generation { return previous }
        var changed = Set<UUID>()
        for (kind, subject) in log.changes {
            switch (kind, subject) {
            case ("project", let id?): changed.insert(id)
            case ("person", let id?): changed.formUnion(previous.projects(withTeamMember: id))
            default: return nil
            }
            if changed.count > Self.incrementalLimit(previous.entries.count) { return nil }
        }
        let fresh = changed.count <= Self.fewEntries.last!
            ? try await fewEntries(Array(changed), references: previous.references)
            : try await entries(of: Array(changed), references: previous.references)
        return previous.replacing(changed, with: fresh, generation: log.generation)
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
        let make = entryMaker(references)
        return try projects.map { row in
            try make(row, partners[row.id, default: []].map(\.otherId), themes[row.id, default: []].map(\.otherId),
                     teams[row.id, default: []].map(\.member))
        }
    }

    /// The sizes a list of a few changed projects is padded to (by repeating its last id), so that
    /// `fewEntries` has a handful of statement texts to prepare rather than one per count.
    static let fewEntries = [1, 2, 4, 8, 16, 32, 64]

    /// The index's entries for a few projects, in one statement (prepared on PostgreSQL): each
    /// project's partners, themes and team members are rows of their own, the project's columns
    /// repeated (one row with none when it has none of them), as a project page reads one.
    private func fewEntries(_ ids: [UUID], references: ReferenceData) async throws -> [PortfolioIndex.Entry] {
        guard let last = ids.last else { return [] }
        let padded = ids + Array(repeating: last, count: Self.fewEntries.first { $0 >= ids.count }! - ids.count)
        // The team comes first: PostgreSQL takes a UNION's column types from the left.
        let rows = try await reusing.rows("""
            SELECT \(Store.projectColumns),
                   x.kind AS part_kind, x.other_id AS part_id, x.role AS part_role, x.name AS part_name,
                   x.email AS part_email, x.organisation_id AS part_organisation_id
            FROM projects p LEFT JOIN (
                SELECT t.project_id, 'team' AS kind, t.person_id AS other_id, t.role, m.name, m.email, m.organisation_id
                FROM team_members t JOIN people m ON m.id = t.person_id WHERE t.project_id IN (\(binds: padded))
                UNION ALL
                SELECT project_id, 'partner' AS kind, organisation_id AS other_id, NULL AS role, NULL AS name,
                       NULL AS email, NULL AS organisation_id
                FROM project_partners WHERE project_id IN (\(binds: padded))
                UNION ALL
                SELECT project_id, 'theme' AS kind, theme_id AS other_id, NULL, NULL, NULL, NULL
                FROM project_themes WHERE project_id IN (\(binds: padded))
            ) x ON x.project_id = p.id
            WHERE p.id IN (\(binds: padded))
            ORDER BY x.kind, x.name
            """, reading: { (try ProjectRow($0), try ProjectPartRow($0)) })
        var order: [UUID] = []
        var found: [UUID: (row: ProjectRow, parts: [ProjectPartRow])] = [:]
        for (row, part) in rows {
            if found[row.id] == nil {
                order.append(row.id)
                found[row.id] = (row, [])
            }
            if let part { found[row.id]!.parts.append(part) }
        }
        let make = entryMaker(references)
        return try order.map { id in
            let (row, parts) = found[id]!
            return try make(row, parts.filter { $0.kind == "partner" }.map(\.otherId), parts.filter { $0.kind == "theme" }.map(\.otherId),
                            parts.compactMap(\.teamRow))
        }
    }

    /// Makes an index entry from a project's row, its partners, themes and team (in name order),
    /// with the names `references` give its organisation, programme and stage.
    private func entryMaker(_ references: ReferenceData)
        -> (ProjectRow, [UUID], [UUID], [TeamRow]) throws -> PortfolioIndex.Entry {
        let organisations = Dictionary(references.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let programmes = Dictionary(references.programmes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let stages = Dictionary(references.stages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return { row, partners, themes, teamRows in
            let project = try self.project(from: row, partners: partners, themes: themes)
            let team = try Self.teamInRoleOrder(teamRows)
            let fields = project.fields
            let stage = stages[fields.stageID]
            let summary = ProjectSummary(
                id: project.id, code: project.code, title: fields.title, summary: fields.summary,
                leadOrganisationID: fields.leadOrganisationID, leadOrganisationName: organisations[fields.leadOrganisationID] ?? "",
                programmeID: fields.programmeID, programmeName: fields.programmeID.flatMap { programmes[$0] },
                methodology: fields.methodology, stageID: fields.stageID, stageName: stage?.name ?? "", status: fields.status,
                visibility: fields.visibility, startDate: fields.startDate, endDate: fields.endDate, version: project.version,
                updatedAt: project.updatedAt, seniorResponsibleOwner: Self.names(team, .sro), projectManager: Self.names(team, .manager),
                budgetPence: fields.budgetPence)
            return PortfolioIndex.Entry(
                summary: summary, partnerOrganisationIDs: Set(fields.partnerOrganisationIDs), themeIDs: fields.themeIDs,
                team: Dictionary(team.map { ($0.personID, $0.role) }, uniquingKeysWith: { first, _ in first }),
                stagePosition: stage?.position ?? 0, details: PortfolioIndex.Entry.Details(project: project, team: team))
        }
    }

    /// The names of the team members with this role, in name order, joined; nil when there are none.
    private static func names(_ team: [TeamMember], _ role: TeamRole) -> String? {
        let names = team.filter { $0.role == role }.map(\.name)
        return names.isEmpty ? nil : names.joined(separator: ", ")
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
