import Foundation

/// Filters, sort and page for the portfolio (the project register seen whole). The same query
/// serves the portfolio page and the API's project list.
public struct PortfolioQuery: Hashable, Sendable {
    public var organisationID: UUID?
    public var programmeID: UUID?
    public var themeID: UUID?
    public var stageID: UUID?
    public var methodology: Methodology?
    public var status: ProjectStatus?
    public var visibility: Visibility?
    /// Free text matched against title, code and summary.
    public var text: String?
    /// Only projects the person is on the team of ("my projects").
    public var teamMemberID: UUID?
    /// Only active projects whose end date is before this day (today, when a person asks for
    /// projects still running past their end date).
    public var activePastEndOn: CalendarDate?
    /// Only projects whose latest reported overall status is this (or that have reported none).
    /// The index cannot judge it: whoever runs the query resolves it into `onlyProjects` first
    /// (`Store.resolvingDelivery`), and until then the query selects nothing.
    public var delivery: DeliveryFilter?
    /// Only these projects (what `delivery` selects, once resolved).
    public var onlyProjects: Set<UUID>?
    public var sort: PortfolioSort
    public var descending: Bool
    public var page: PageRequest

    public init(organisationID: UUID? = nil, programmeID: UUID? = nil, themeID: UUID? = nil,
                stageID: UUID? = nil, methodology: Methodology? = nil, status: ProjectStatus? = nil,
                visibility: Visibility? = nil, text: String? = nil, teamMemberID: UUID? = nil,
                activePastEndOn: CalendarDate? = nil, sort: PortfolioSort = .title, descending: Bool = false, page: PageRequest = PageRequest()) {
        self.organisationID = organisationID
        self.programmeID = programmeID
        self.themeID = themeID
        self.stageID = stageID
        self.methodology = methodology
        self.status = status
        self.visibility = visibility
        self.text = text
        self.teamMemberID = teamMemberID
        self.activePastEndOn = activePastEndOn
        self.sort = sort
        self.descending = descending
        self.page = page
    }

    /// The filters that narrow the list, by facet; a facet's own counts ignore its own filter,
    /// so a person sees how many projects each alternative would give.
    public var activeFacets: Set<PortfolioFacet> {
        var facets = Set<PortfolioFacet>()
        if organisationID != nil { facets.insert(.organisation) }
        if programmeID != nil { facets.insert(.programme) }
        if themeID != nil { facets.insert(.theme) }
        if stageID != nil { facets.insert(.stage) }
        if methodology != nil { facets.insert(.methodology) }
        if status != nil { facets.insert(.status) }
        return facets
    }

    public func without(_ facet: PortfolioFacet) -> PortfolioQuery {
        var query = self
        switch facet {
        case .organisation: query.organisationID = nil
        case .programme: query.programmeID = nil
        case .theme: query.themeID = nil
        case .stage: query.stageID = nil
        case .methodology: query.methodology = nil
        case .status: query.status = nil
        }
        return query
    }
}

public enum PortfolioFacet: String, CaseIterable, Sendable {
    case organisation, programme, theme, stage, methodology, status

    /// The facet's place in `allCases`, without searching it.
    public var ordinal: Int {
        switch self {
        case .organisation: 0
        case .programme: 1
        case .theme: 2
        case .stage: 3
        case .methodology: 4
        case .status: 5
        }
    }
}

public enum PortfolioSort: String, CaseIterable, Codable, Sendable {
    case title
    case code
    case updated
    case start
    case end
    case stage
    case organisation
    case status
    case sro
    case manager
    case budget

    public var label: String {
        switch self {
        case .title: "Title"
        case .code: "Code"
        case .updated: "Last updated"
        case .start: "Start date"
        case .end: "End date"
        case .stage: "Lifecycle stage"
        case .organisation: "Lead organisation"
        case .status: "Status"
        case .sro: "Senior responsible owner"
        case .manager: "Project manager"
        case .budget: "Budget"
        }
    }
}

/// How many readable projects match the other filters for each value of a facet.
public struct FacetCounts: Equatable, Sendable {
    public var counts: [PortfolioFacet: [String: Int]]

    public init(counts: [PortfolioFacet: [String: Int]] = [:]) {
        self.counts = counts
    }

    /// Counts by a facet's value as text: a choice's raw value, or an id in lower case.
    public func count(_ facet: PortfolioFacet, _ value: String) -> Int {
        counts[facet]?[value] ?? 0
    }

    /// Counts by an organisation, programme, theme or stage.
    public func count(_ facet: PortfolioFacet, id: UUID) -> Int {
        count(facet, id.lowercasedText)
    }
}

/// One row of the portfolio list.
public struct ProjectSummary: Codable, Equatable, Sendable, Identifiable {
    public var id: UUID
    public var code: String
    public var title: String
    public var summary: String
    public var leadOrganisationID: UUID
    public var leadOrganisationName: String
    public var programmeID: UUID?
    public var programmeName: String?
    public var methodology: Methodology
    public var stageID: UUID
    public var stageName: String
    public var status: ProjectStatus
    public var visibility: Visibility
    public var startDate: CalendarDate?
    public var endDate: CalendarDate?
    public var version: Int
    public var updatedAt: Date
    /// The team's senior responsible owners and project managers by name (in name order, joined
    /// by commas when there are several); nil when the team has none.
    public var seniorResponsibleOwner: String?
    public var projectManager: String?
    public var budgetPence: Int64?

    public init(id: UUID, code: String, title: String, summary: String, leadOrganisationID: UUID,
                leadOrganisationName: String, programmeID: UUID?, programmeName: String?,
                methodology: Methodology, stageID: UUID, stageName: String, status: ProjectStatus,
                visibility: Visibility, startDate: CalendarDate?, endDate: CalendarDate?, version: Int,
                updatedAt: Date, seniorResponsibleOwner: String? = nil, projectManager: String? = nil, budgetPence: Int64? = nil) {
        self.id = id
        self.code = code
        self.title = title
        self.summary = summary
        self.leadOrganisationID = leadOrganisationID
        self.leadOrganisationName = leadOrganisationName
        self.programmeID = programmeID
        self.programmeName = programmeName
        self.methodology = methodology
        self.stageID = stageID
        self.stageName = stageName
        self.status = status
        self.visibility = visibility
        self.startDate = startDate
        self.endDate = endDate
        self.version = version
        self.updatedAt = updatedAt
        self.seniorResponsibleOwner = seniorResponsibleOwner
        self.projectManager = projectManager
        self.budgetPence = budgetPence
    }

    /// Still active after its end date: a portfolio office chases these (close it, or re-plan).
    public func isPastEnd(today: CalendarDate) -> Bool {
        status.isPastEnd(endDate, today: today)
    }
}
