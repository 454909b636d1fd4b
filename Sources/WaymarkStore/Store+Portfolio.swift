import Foundation
import SQLKit
import WaymarkDomain

struct ProjectSummaryRow: Decodable {
    var id: UUID
    var code: String
    var title: String
    var summary: String
    var leadOrganisationId: UUID
    var leadOrganisationName: String
    var programmeId: UUID?
    var programmeName: String?
    var methodology: String
    var stageId: UUID
    var stageName: String
    var status: String
    var visibility: String
    var startDate: String?
    var endDate: String?
    var version: Int
    var updatedAt: Date

    var summaryValue: ProjectSummary {
        ProjectSummary(id: id, code: code, title: title, summary: summary, leadOrganisationID: leadOrganisationId,
                       leadOrganisationName: leadOrganisationName, programmeID: programmeId, programmeName: programmeName,
                       methodology: Methodology(rawValue: methodology) ?? .project, stageID: stageId, stageName: stageName,
                       status: ProjectStatus(rawValue: status) ?? .active, visibility: Visibility(rawValue: visibility) ?? .team,
                       startDate: startDate.flatMap(CalendarDate.init), endDate: endDate.flatMap(CalendarDate.init),
                       version: version, updatedAt: updatedAt)
    }
}

struct TeamPlaceRow: Decodable {
    var projectId: UUID
    var personId: UUID
    var role: String
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
        let summaries = try await rows("""
            SELECT p.id, p.code, p.title, p.summary, p.lead_organisation_id, o.name AS lead_organisation_name,
                   p.programme_id, g.name AS programme_name, p.methodology, p.stage_id, s.name AS stage_name,
                   p.status, p.visibility, p.start_date, p.end_date, p.version, p.updated_at
            FROM projects p
            JOIN organisations o ON o.id = p.lead_organisation_id
            JOIN lifecycle_stages s ON s.id = p.stage_id
            LEFT JOIN programmes g ON g.id = p.programme_id
            """, as: ProjectSummaryRow.self)
        let partners = Dictionary(grouping: try await rows("""
            SELECT project_id, organisation_id AS other_id FROM project_partners
            """, as: LinkRow.self), by: \.projectId)
        let themes = Dictionary(grouping: try await rows("""
            SELECT project_id, theme_id AS other_id FROM project_themes
            """, as: LinkRow.self), by: \.projectId)
        let team = Dictionary(grouping: try await rows("SELECT project_id, person_id, role FROM team_members",
                                                      as: TeamPlaceRow.self), by: \.projectId)
        let positions = Dictionary(uniqueKeysWithValues: references.stages.map { ($0.id, $0.position) })
        let entries = summaries.map { row in
            PortfolioIndex.Entry(
                summary: row.summaryValue,
                partnerOrganisationIDs: Set(partners[row.id, default: []].map(\.otherId)),
                themeIDs: themes[row.id, default: []].map(\.otherId),
                team: Dictionary(team[row.id, default: []].compactMap { place in
                    TeamRole(rawValue: place.role).map { (place.personId, $0) }
                }, uniquingKeysWith: { first, _ in first }),
                stagePosition: positions[row.stageId] ?? 0)
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
