import Foundation
import SQLKit
import WaymarkDomain

/// A team member with the project whose team they are on.
struct TeamPlaceRow {
    var projectId: UUID
    var member: TeamRow

    init(_ columns: Columns) throws {
        projectId = try columns.uuid("project_id")
        member = try TeamRow(columns)
    }
}

extension Store {
    /// The portfolio index as of now: one indexed read of the change counter, and when something
    /// changed since this instance last read it (on this instance or another), the index brought
    /// up to date: from the change log, re-reading only the projects that changed (one statement),
    /// or in full (a read snapshot).
    public func portfolioIndex() async throws -> PortfolioIndex {
        let instance = self.instance
        // Inside a write transaction PostgreSQL logs the transaction's own changes only at commit:
        // the index it needs is read whole, as it always was there.
        let incremental = !inTransaction
        return try await derived(.portfolio, from: \.portfolio, inSnapshot: false) { store in
            let index = try await store.loadPortfolioIndex(after: incremental ? instance.portfolio.latest() : nil)
            return (index.generation, index)
        }
    }

    /// At most this many changed projects are re-read from the log; more, and the whole index is.
    static func incrementalLimit(_ entries: Int) -> Int { max(200, entries / 10) }

    func loadPortfolioIndex(after previous: PortfolioIndex?) async throws -> PortfolioIndex {
        if let previous, let updated = try await caughtUp(previous) {
            instance.portfolioLoads.count(incremental: true)
            return updated
        }
        instance.portfolioLoads.count(incremental: false)
        return try await inReadSnapshot { store in
            let references = try await store.readReferenceData()
            // The counter, read in the same snapshot as the entries: the index holds what it counts.
            let generation = try await store.generation(of: .portfolio)
            return PortfolioIndex(generation: generation, references: references,
                                  entries: try await store.entries(references: references))
        }
    }

    /// `previous` brought up to the portfolio counter from the change log (M013), in one statement
    /// (prepared on PostgreSQL), which is its own consistent read on both databases: a list after a
    /// write waits for it. The statement reads the counter, the log's floor and what changed after
    /// `previous`, and the changed projects whole (those the log names, and those on whose team a
    /// renamed person is), each part of a project a row of its own, as a project page reads one.
    /// Nil when the index cannot be brought up so: the log no longer reaches back to `previous`,
    /// it holds a change every entry shows (an organisation, programme, theme or stage renamed),
    /// or more changed than re-reading only those is worth.
    private func caughtUp(_ previous: PortfolioIndex) async throws -> PortfolioIndex? {
        let limit = Int64(Self.incrementalLimit(previous.entries.count))
        // The team comes first in the parts: PostgreSQL takes a UNION's column types from the left.
        let rows = try await reusing.rows("""
            WITH g AS (SELECT value FROM change_counters WHERE name = 'portfolio'),
            c AS (SELECT kind, subject_id FROM portfolio_changes
                  WHERE generation > \(bind: previous.generation) AND generation <= (SELECT value FROM g)),
            ids AS (SELECT subject_id AS id FROM c WHERE kind = 'project' AND subject_id IS NOT NULL
                    UNION SELECT project_id FROM team_members WHERE person_id IN (SELECT subject_id FROM c WHERE kind = 'person')),
            h AS (SELECT g.value AS generation, f.value AS floor, (SELECT COUNT(*) FROM ids) AS changed_count,
                         (SELECT COUNT(*) FROM c WHERE kind NOT IN ('project', 'person') OR subject_id IS NULL) AS other_changes
                  FROM g JOIN change_counters f ON f.name = 'portfolio_log_floor')
            SELECT h.generation, h.floor, h.changed_count, h.other_changes, ids.id AS changed_id, \(Store.projectColumns),
                   x.kind AS part_kind, x.other_id AS part_id, x.role AS part_role, x.name AS part_name,
                   x.email AS part_email, x.organisation_id AS part_organisation_id
            FROM h
            LEFT JOIN ids ON h.floor <= \(bind: previous.generation) AND h.changed_count <= \(bind: limit) AND h.other_changes = 0
            LEFT JOIN projects p ON p.id = ids.id
            LEFT JOIN (
                SELECT t.project_id, 'team' AS kind, t.person_id AS other_id, t.role, m.name, m.email, m.organisation_id
                FROM team_members t JOIN people m ON m.id = t.person_id WHERE t.project_id IN (SELECT id FROM ids)
                UNION ALL
                SELECT project_id, 'partner' AS kind, organisation_id AS other_id, NULL AS role, NULL AS name,
                       NULL AS email, NULL AS organisation_id
                FROM project_partners WHERE project_id IN (SELECT id FROM ids)
                UNION ALL
                SELECT project_id, 'theme' AS kind, theme_id AS other_id, NULL, NULL, NULL, NULL
                FROM project_themes WHERE project_id IN (SELECT id FROM ids)
            ) x ON x.project_id = p.id
            ORDER BY x.kind, x.name
            """, reading: { columns -> (header: CatchUpHeader?, changed: UUID?, project: (ProjectRow, ProjectPartRow?)?) in
                let changed = try columns.optionalUUID("changed_id")
                let project = try columns.isNull("id") ? nil : (try ProjectRow(columns), try ProjectPartRow(columns))
                return (try CatchUpHeader(columns), changed, project)
            })
        // No row: the counter or the log's floor is missing (a database this release did not make).
        guard let header = rows.first?.header else { return nil }
        guard previous.generation <= header.generation, header.floor <= previous.generation else { return nil }
        if previous.generation == header.generation { return previous }
        guard header.otherChanges == 0, header.changedCount <= limit else { return nil }
        // A changed project with no row of its own has been deleted.
        var changed = Set<UUID>()
        var order: [UUID] = []
        var found: [UUID: (row: ProjectRow, parts: [ProjectPartRow])] = [:]
        for (_, id, project) in rows {
            guard let id else { continue }
            changed.insert(id)
            guard let (row, part) = project else { continue }
            if found[row.id] == nil {
                order.append(row.id)
                found[row.id] = (row, [])
            }
            if let part { found[row.id]!.parts.append(part) }
        }
        let make = entryMaker(previous.references)
        let fresh = try order.map { id in
            let (row, parts) = found[id]!
            return try make(row, parts.filter { $0.kind == "partner" }.map(\.otherId), parts.filter { $0.kind == "theme" }.map(\.otherId),
                            parts.compactMap(\.teamRow))
        }
        return previous.replacing(changed, with: fresh, generation: header.generation)
    }

    /// What the log says on every row of `caughtUp`'s statement.
    private struct CatchUpHeader {
        var generation: Int64
        /// The oldest generation the log still reaches back to.
        var floor: Int64
        /// How many projects changed, and how many changes were of another kind.
        var changedCount: Int64
        var otherChanges: Int64

        init?(_ columns: Columns) throws {
            guard !(try columns.isNull("generation")) else { return nil }
            generation = try columns.int64("generation")
            floor = try columns.int64("floor")
            changedCount = try columns.int64("changed_count")
            otherChanges = try columns.int64("other_changes")
        }
    }

    /// Every project's index entry, each read whole: its record, links and team by name.
    private func entries(references: ReferenceData) async throws -> [PortfolioIndex.Entry] {
        let projects = try await rows("SELECT \(Store.projectColumns) FROM projects p", reading: ProjectRow.init)
        let partners = Dictionary(grouping: try await rows("""
            SELECT project_id, organisation_id AS other_id FROM project_partners
            """, reading: LinkRow.init), by: \.projectId)
        let themes = Dictionary(grouping: try await rows("""
            SELECT project_id, theme_id AS other_id FROM project_themes
            """, reading: LinkRow.init), by: \.projectId)
        let teams = Dictionary(grouping: try await rows("""
            SELECT t.project_id, t.person_id, t.role, m.name, m.email, m.organisation_id
            FROM team_members t JOIN people m ON m.id = t.person_id ORDER BY m.name
            """, reading: TeamPlaceRow.init), by: \.projectId)
        let make = entryMaker(references)
        return try projects.map { row in
            try make(row, partners[row.id, default: []].map(\.otherId), themes[row.id, default: []].map(\.otherId),
                     teams[row.id, default: []].map(\.member))
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
