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
    /// The portfolio index as of now: one indexed read of the change counter, and a reload only
    /// when something changed since this instance last read it (on this instance or another).
    public func portfolioIndex() async throws -> PortfolioIndex {
        try await derived(.portfolio, from: \.portfolio) { store in
            let index = try await store.loadPortfolioIndex()
            return (index.generation, index)
        }
    }

    private func loadPortfolioIndex() async throws -> PortfolioIndex {
        let generation = try await generation(of: .portfolio)
        let references = try await readReferenceData()
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
        let organisations = Dictionary(references.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let programmes = Dictionary(references.programmes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let stages = Dictionary(references.stages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let entries = try projects.map { row in
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
        return PortfolioIndex(generation: generation, references: references, entries: entries)
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
