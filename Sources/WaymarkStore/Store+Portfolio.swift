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

struct FacetRow: Decodable {
    var value: String
    var n: Int
}

struct FacetIDRow: Decodable {
    var value: UUID
    var n: Int
}

extension ProjectReadRule {
    /// The same rule as `admits(_:)`, as a condition on `projects p`. Tests check that the two agree
    /// for every role, team role, visibility and organisation.
    var condition: SQLQueryString {
        if everything { return "1 = 1" }
        var any: [SQLQueryString] = []
        if !anyOrganisation.isEmpty {
            any.append("p.visibility IN (\(binds: anyOrganisation.map(\.rawValue).sorted()))")
        }
        if !leadOrganisation.isEmpty {
            any.append("p.visibility IN (\(binds: leadOrganisation.map(\.rawValue).sorted())) AND p.lead_organisation_id = \(bind: organisationID)")
        }
        // Uncorrelated IN (subquery) is evaluated once per query from the person's index entries,
        // where a correlated EXISTS would probe the index once per project row (3x slower measured).
        if !leadOrPartnerOrganisation.isEmpty {
            any.append("""
                p.visibility IN (\(binds: leadOrPartnerOrganisation.map(\.rawValue).sorted())) AND (p.lead_organisation_id = \(bind: organisationID)
                OR p.id IN (SELECT pp.project_id FROM project_partners pp WHERE pp.organisation_id = \(bind: organisationID)))
                """)
        }
        if teamMembership {
            any.append("p.id IN (SELECT rt.project_id FROM team_members rt WHERE rt.person_id = \(bind: personID))")
        }
        return .any(any)
    }
}

extension PortfolioQuery {
    var filterConditions: [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let organisationID { conditions.append("p.lead_organisation_id = \(bind: organisationID)") }
        if let programmeID { conditions.append("p.programme_id = \(bind: programmeID)") }
        if let themeID {
            conditions.append("p.id IN (SELECT ft.project_id FROM project_themes ft WHERE ft.theme_id = \(bind: themeID))")
        }
        if let stageID { conditions.append("p.stage_id = \(bind: stageID)") }
        if let methodology { conditions.append("p.methodology = \(bind: methodology.rawValue)") }
        if let status { conditions.append("p.status = \(bind: status.rawValue)") }
        if let visibility { conditions.append("p.visibility = \(bind: visibility.rawValue)") }
        if let teamMemberID {
            conditions.append("p.id IN (SELECT mt.project_id FROM team_members mt WHERE mt.person_id = \(bind: teamMemberID))")
        }
        if let text = text?.trimmedOrNil {
            let pattern = LikePattern.contains(text)
            conditions.append("""
                LOWER(p.title) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(p.code) LIKE \(bind: pattern) ESCAPE '\\'
                OR LOWER(p.summary) LIKE \(bind: pattern) ESCAPE '\\'
                """)
        }
        return conditions
    }

    /// Fixed SQL per sort key: nothing the person sends reaches the ORDER BY.
    var orderBy: SQLQueryString {
        let direction: SQLQueryString = descending ? "DESC" : "ASC"
        switch sort {
        case .title: return "LOWER(p.title) \(direction), p.code ASC"
        case .code: return "p.code \(direction)"
        case .updated: return "p.updated_at \(direction), p.code ASC"
        // Projects without a date come last either way, on both databases.
        case .start: return "CASE WHEN p.start_date IS NULL THEN 1 ELSE 0 END, p.start_date \(direction), p.code ASC"
        case .end: return "CASE WHEN p.end_date IS NULL THEN 1 ELSE 0 END, p.end_date \(direction), p.code ASC"
        case .stage: return "s.position \(direction), LOWER(p.title) ASC, p.code ASC"
        }
    }
}

extension Store {
    /// One page of the projects this person may read that match the query.
    public func portfolio(_ query: PortfolioQuery, rule: ProjectReadRule) async throws -> Page<ProjectSummary> {
        let condition = SQLQueryString.all([rule.condition] + query.filterConditions)
        let total = try await count("SELECT COUNT(*) AS n FROM projects p WHERE \(condition)")
        let rows = try await rows("""
            SELECT p.id, p.code, p.title, p.summary, p.lead_organisation_id, o.name AS lead_organisation_name,
                   p.programme_id, g.name AS programme_name, p.methodology, p.stage_id, s.name AS stage_name,
                   p.status, p.visibility, p.start_date, p.end_date, p.version, p.updated_at
            FROM projects p
            JOIN organisations o ON o.id = p.lead_organisation_id
            JOIN lifecycle_stages s ON s.id = p.stage_id
            LEFT JOIN programmes g ON g.id = p.programme_id
            WHERE \(condition)
            ORDER BY \(query.orderBy)
            LIMIT \(bind: query.page.perPage) OFFSET \(bind: query.page.offset)
            """, as: ProjectSummaryRow.self)
        return Page(items: rows.map(\.summaryValue), request: query.page, total: total)
    }

    /// For each facet (all, or those asked for), how many readable projects each value would give
    /// with the other filters kept.
    public func facetCounts(_ query: PortfolioQuery, rule: ProjectReadRule,
                            facets: [PortfolioFacet] = PortfolioFacet.allCases) async throws -> FacetCounts {
        var counts = FacetCounts()
        for facet in facets {
            let condition = SQLQueryString.all([rule.condition] + query.without(facet).filterConditions)
            switch facet {
            case .organisation:
                counts.counts[facet] = try await idCounts("""
                    SELECT p.lead_organisation_id AS value, COUNT(*) AS n FROM projects p WHERE \(condition)
                    GROUP BY p.lead_organisation_id
                    """)
            case .programme:
                counts.counts[facet] = try await idCounts("""
                    SELECT p.programme_id AS value, COUNT(*) AS n FROM projects p
                    WHERE \(condition) AND p.programme_id IS NOT NULL GROUP BY p.programme_id
                    """)
            case .theme:
                counts.counts[facet] = try await idCounts("""
                    SELECT t.theme_id AS value, COUNT(*) AS n FROM projects p JOIN project_themes t ON t.project_id = p.id
                    WHERE \(condition) GROUP BY t.theme_id
                    """)
            case .stage:
                counts.counts[facet] = try await idCounts("""
                    SELECT p.stage_id AS value, COUNT(*) AS n FROM projects p WHERE \(condition) GROUP BY p.stage_id
                    """)
            case .methodology:
                counts.counts[facet] = try await textCounts("""
                    SELECT p.methodology AS value, COUNT(*) AS n FROM projects p WHERE \(condition) GROUP BY p.methodology
                    """)
            case .status:
                counts.counts[facet] = try await textCounts("""
                    SELECT p.status AS value, COUNT(*) AS n FROM projects p WHERE \(condition) GROUP BY p.status
                    """)
            }
        }
        return counts
    }

    private func idCounts(_ query: SQLQueryString) async throws -> [String: Int] {
        Dictionary(try await rows(query, as: FacetIDRow.self).map { ($0.value.uuidString, $0.n) },
                   uniquingKeysWith: +)
    }

    private func textCounts(_ query: SQLQueryString) async throws -> [String: Int] {
        Dictionary(try await rows(query, as: FacetRow.self).map { ($0.value, $0.n) }, uniquingKeysWith: +)
    }

    /// How many projects this person may read, in all.
    public func readableProjectCount(rule: ProjectReadRule) async throws -> Int {
        try await count("SELECT COUNT(*) AS n FROM projects p WHERE \(rule.condition)")
    }
}
