import Foundation

/// Where a project's delivery stands by what it last reported: the overall status of its latest
/// submitted update (for the period open now, else the one before), and the status it reported
/// for an earlier period to say how it moved.
public struct DeliveryStatus: Sendable, Equatable {
    public var period: ReportingPeriod
    public var overall: RAG
    /// The overall status of the latest period reported before `period` (nil: none reported).
    public var previous: RAG?

    public init(period: ReportingPeriod, overall: RAG, previous: RAG?) {
        self.period = period
        self.overall = overall
        self.previous = previous
    }

    public var movement: RAGMovement { RAGMovement.between(previous, overall) ?? .new }
}

/// The portfolio's filter by delivery status: a rating last reported, or none reported.
public enum DeliveryFilter: String, CaseIterable, Sendable {
    case red, amber, green, blue
    case unreported = "not-reported"

    public init(_ rag: RAG?) { self = rag.flatMap { DeliveryFilter(rawValue: $0.rawValue) } ?? .unreported }

    public var label: String { rag?.label ?? "Not reported" }
    public var rag: RAG? { RAG(rawValue: rawValue) }

    public func admits(_ status: DeliveryStatus?) -> Bool { status?.overall == rag }
}

extension ReportingState {
    /// How far back a project's latest report is looked for: a year of monthly periods.
    static let lookBack = 12

    /// Each project's delivery status on `today`, for the projects given, computing each cycle's
    /// open period once.
    public func delivery(of entries: [PortfolioIndex.Entry], today: CalendarDate) -> [UUID: DeliveryStatus] {
        var open: [UUID?: ReportingPeriod] = [:]
        var result: [UUID: DeliveryStatus] = [:]
        result.reserveCapacity(entries.count)
        for entry in entries {
            // The entry's fields are read where they are: copying each summary costs a retain of every string.
            let programme = entry.summary.programmeID.flatMap { cycles.programmes[$0] == nil ? nil : $0 }
            let period = open[programme] ?? cycles.cycle(forProgramme: programme).open(on: today, workingDays: workingDays)
            open[programme] = period
            if let status = delivery(of: entry.summary.id, from: period) { result[entry.summary.id] = status }
        }
        return result
    }

    /// The latest period up to `period` the project reported, and the one it reported before that.
    func delivery(of projectID: UUID, from period: ReportingPeriod) -> DeliveryStatus? {
        var candidate = period
        for step in 0..<Self.lookBack {
            if let overall = status(of: projectID, in: candidate)?.reported {
                var earlier = candidate.previous
                for _ in step..<Self.lookBack {
                    if let previous = status(of: projectID, in: earlier)?.reported {
                        return DeliveryStatus(period: candidate, overall: overall, previous: previous)
                    }
                    earlier = earlier.previous
                }
                return DeliveryStatus(period: candidate, overall: overall, previous: nil)
            }
            candidate = candidate.previous
        }
        return nil
    }

    /// Each active project's line for its open period and, where the period before went
    /// unreported past its due date (and the project existed then), its overdue line: what
    /// following reporting and the dashboard's exceptions list.
    public func lines(for entries: [PortfolioIndex.Entry], today: CalendarDate) -> (current: [ReportingLine], overdue: [ReportingLine]) {
        var current: [ReportingLine] = [], overdue: [ReportingLine] = []
        // The periods and due dates of the cycles in use, worked out once each.
        var periods: [UUID?: (open: ReportingPeriod, due: CalendarDate, previousDue: CalendarDate)] = [:]
        for entry in entries where entry.summary.status == .active {
            let summary = entry.summary
            let programme = summary.programmeID.flatMap { cycles.programmes[$0] == nil ? nil : $0 }
            let cycle = cycles.cycle(forProgramme: programme)
            let known = periods[programme] ?? {
                let open = cycle.open(on: today, workingDays: workingDays)
                return (open, cycle.due(open, workingDays: workingDays), cycle.due(open.previous, workingDays: workingDays))
            }()
            periods[programme] = known
            current.append(ReportingLine(project: summary, period: known.open, due: known.due,
                                         status: status(of: summary.id, in: known.open), overdue: false))
            let previous = known.open.previous
            let began = entry.details.map { CalendarDate($0.project.createdAt) }
            let previousStatus = status(of: summary.id, in: previous)
            if previousStatus?.reported == nil, began.map({ $0 <= previous.end }) ?? true {
                overdue.append(ReportingLine(project: summary, period: previous, due: known.previousDue, status: previousStatus, overdue: true))
            }
        }
        return (current, overdue)
    }
}

/// Whose projects a dashboard counts: everything the person may read, or only the projects
/// whose team they are on (a project manager's home).
public enum DashboardScope: String, CaseIterable, Sendable {
    case all, mine

    public var label: String {
        switch self {
        case .all: "All projects you can see"
        case .mine: "Your projects"
        }
    }
}

/// What a dashboard chart counts projects by; each bar is a filter of the portfolio.
public enum DashboardFacet: String, CaseIterable, Sendable {
    case delivery, stage, status, organisation, programme, theme

    public var title: String {
        switch self {
        case .delivery: "Projects by delivery status"
        case .stage: "Projects by lifecycle stage"
        case .status: "Projects by status"
        case .organisation: "Projects by lead organisation"
        case .programme: "Projects by programme"
        case .theme: "Projects by strategic theme"
        }
    }

    /// The portfolio's query parameter a bar sets.
    public var parameter: String {
        switch self {
        case .delivery: "delivery"
        case .stage: "stage"
        case .status: "status"
        case .organisation: "organisation"
        case .programme: "programme"
        case .theme: "theme"
        }
    }
}

/// One bar: a value of the facet (its portfolio filter value), its name and how many projects.
public struct DashboardBar: Sendable, Equatable {
    public var key: String
    public var label: String
    public var count: Int

    public init(key: String, label: String, count: Int) {
        self.key = key
        self.label = label
        self.count = count
    }
}

public struct DashboardChart: Sendable, Equatable {
    public var facet: DashboardFacet
    public var bars: [DashboardBar]

    public init(facet: DashboardFacet, bars: [DashboardBar]) {
        self.facet = facet
        self.bars = bars
    }
}

/// A project reported red or amber, with how it moved.
public struct DashboardException: Sendable, Equatable {
    public var project: ProjectSummary
    public var delivery: DeliveryStatus

    public init(project: ProjectSummary, delivery: DeliveryStatus) {
        self.project = project
        self.delivery = delivery
    }
}

/// A check of the register's completeness, and the projects that fail it.
public enum DataQualityCheck: String, Codable, CaseIterable, Sendable {
    /// Active or on hold, with no senior responsible owner or no project manager on the team.
    case noLeadership = "no-sro-or-manager"
    /// Still active after its end date.
    case pastEnd = "active-past-end"
    /// Open risks whose review date has passed.
    case risksPastReview = "risks-past-review"
    /// Open risks and issues, milestones not complete, open actions and dependencies with no owner.
    case unowned = "items-without-owner"

    public var label: String {
        switch self {
        case .noLeadership: "Projects with no SRO or no project manager"
        case .pastEnd: "Active projects past their end date"
        case .risksPastReview: "Risks past their review date"
        case .unowned: "Items without an owner"
        }
    }
}

/// One check's result: every project that fails it, with how many of its items do (1 for a
/// project-level check), most first.
public struct DataQualityFlag: Sendable, Equatable {
    public var check: DataQualityCheck
    public var projects: [(project: ProjectSummary, items: Int)]
    public var items: Int { projects.reduce(0) { $0 + $1.items } }

    public init(check: DataQualityCheck, projects: [(project: ProjectSummary, items: Int)]) {
        self.check = check
        // Sorted by position, most items first then by code: moving a summary costs retains of its strings.
        let order = projects.indices.sorted { a, b in
            projects[a].items != projects[b].items ? projects[a].items > projects[b].items : projects[a].project.code < projects[b].project.code
        }
        self.projects = order.map { projects[$0] }
    }

    public static func == (lhs: DataQualityFlag, rhs: DataQualityFlag) -> Bool {
        lhs.check == rhs.check && lhs.projects.map(\.project.id) == rhs.projects.map(\.project.id)
            && lhs.projects.map(\.items) == rhs.projects.map(\.items)
    }
}

/// What the dashboard's item-level data-quality checks and its gates waiting are counted from,
/// kept while no project's items change: each project's open risks' review dates (earliest
/// first), how many of its open items have no owner, and every gate review waiting.
public struct DashboardItems: Sendable {
    public var reviewDates: [(projectID: UUID, dates: [CalendarDate])]
    public var unowned: [(projectID: UUID, count: Int)]
    public var gatesWaiting: [GateReviewLine]

    public init(reviewDates: [(projectID: UUID, dates: [CalendarDate])], unowned: [(projectID: UUID, count: Int)],
                gatesWaiting: [GateReviewLine]) {
        self.reviewDates = reviewDates
        self.unowned = unowned
        self.gatesWaiting = gatesWaiting
    }

    /// By project, its open risks past their review date on `today`, and its open items with no owner.
    public func quality(today: CalendarDate) -> [ItemQualityCount] {
        var counts: [ItemQualityCount] = []
        for (project, dates) in reviewDates {
            // The dates are sorted: those before today are a prefix.
            var low = 0, high = dates.count
            while low < high {
                let middle = (low + high) / 2
                if dates[middle] < today { low = middle + 1 } else { high = middle }
            }
            if low > 0 { counts.append(ItemQualityCount(projectID: project, check: .risksPastReview, count: low)) }
        }
        for (project, count) in unowned where count > 0 {
            counts.append(ItemQualityCount(projectID: project, check: .unowned, count: count))
        }
        return counts
    }
}

/// How many of a project's items fail a RAID-level data-quality check (read by the store).
public struct ItemQualityCount: Codable, Sendable, Equatable {
    public var projectID: UUID
    public var check: DataQualityCheck
    public var count: Int

    public init(projectID: UUID, check: DataQualityCheck, count: Int) {
        self.projectID = projectID
        self.check = check
        self.count = count
    }
}

/// A project on a person's own dashboard: its delivery status and what it owes this period.
public struct DashboardProject: Sendable {
    public var project: ProjectSummary
    public var role: TeamRole?
    public var delivery: DeliveryStatus?
    /// Its line for the period open now (nil unless active).
    public var reporting: ReportingLine?

    public init(project: ProjectSummary, role: TeamRole?, delivery: DeliveryStatus?, reporting: ReportingLine?) {
        self.project = project
        self.role = role
        self.delivery = delivery
        self.reporting = reporting
    }
}

/// What a portfolio office lead looks at first, for the projects one person may read (or, scoped
/// to them, those whose team they are on): the portfolio by each facet, exceptions, the system's
/// top risks, key milestones slipped or due soon, dependencies at risk across organisations,
/// benefits planned against realised, and data-quality flags.
public struct PortfolioDashboard: Sendable {
    public var scope: DashboardScope
    public var today: CalendarDate
    /// The system's period open for reporting, and when it is due.
    public var period: ReportingPeriod
    public var due: CalendarDate
    public var projectCount: Int
    public var charts: [DashboardChart]
    /// Among projects that reported, how their overall status moved since the period before.
    public var movement: [RAGMovement: Int]
    /// Projects reported red or amber: red first, then those that worsened, then by code.
    public var exceptions: [DashboardException]
    /// Active projects whose previous period's update is overdue.
    public var overdue: [ReportingLine]
    /// The open period: how many active projects have submitted.
    public var submitted: Int
    public var expected: Int
    /// The top of the system (ICS) register by current score, and how many open risks it holds.
    public var topRisks: Page<RegisteredRisk>
    /// Key milestones slipped, overdue or due in the next 30 days.
    public var milestones: Page<ScheduledMilestone>
    /// Dependencies at risk or late between projects of different organisations.
    public var dependencies: Page<SeenDependency>
    /// Cash-releasing benefits, planned against realised, by financial year.
    public var benefits: [BenefitCashTotal]
    public var quality: [DataQualityFlag]
    /// The person's own projects (scope `mine`): what each reported and owes.
    public var ownProjects: [DashboardProject]
    /// Gate reviews waiting for a decision, the longest waiting first.
    public var gatesWaiting: [(review: GateReviewLine, project: ProjectSummary)]
    /// What has been written from the dashboard while it is kept (its API document): the copies
    /// each request gets share it. (A dashboard is not changed once made.)
    public let writings = KeptWritings()

    public static let listLength = 8
    public static let milestoneWindow = MilestoneWindow(days: 30)

    public init(scope: DashboardScope, today: CalendarDate, period: ReportingPeriod, due: CalendarDate, projectCount: Int,
                charts: [DashboardChart], movement: [RAGMovement: Int], exceptions: [DashboardException], overdue: [ReportingLine],
                submitted: Int, expected: Int, topRisks: Page<RegisteredRisk>, milestones: Page<ScheduledMilestone>,
                dependencies: Page<SeenDependency>, benefits: [BenefitCashTotal], quality: [DataQualityFlag], ownProjects: [DashboardProject],
                gatesWaiting: [(review: GateReviewLine, project: ProjectSummary)] = []) {
        self.gatesWaiting = gatesWaiting
        self.scope = scope
        self.today = today
        self.period = period
        self.due = due
        self.projectCount = projectCount
        self.charts = charts
        self.movement = movement
        self.exceptions = exceptions
        self.overdue = overdue
        self.submitted = submitted
        self.expected = expected
        self.topRisks = topRisks
        self.milestones = milestones
        self.dependencies = dependencies
        self.benefits = benefits
        self.quality = quality
        self.ownProjects = ownProjects
    }

    public func chart(_ facet: DashboardFacet) -> DashboardChart? { charts.first { $0.facet == facet } }
}

/// What a dashboard is computed from: the caches the store keeps, read once for the request.
public struct DashboardSources: Sendable {
    public var index: PortfolioIndex
    public var reporting: ReportingState
    public var risks: EscalatedRiskRegister
    public var milestones: KeyMilestones
    public var dependencies: DependencyRegister
    public var benefits: PortfolioBenefits
    /// The RAID-level data-quality counts, by project (every project: filtered here).
    public var itemQuality: [ItemQualityCount]
    /// Every gate review waiting for a decision, the longest waiting first (filtered here).
    public var gatesWaiting: [GateReviewLine]

    public init(index: PortfolioIndex, reporting: ReportingState, risks: EscalatedRiskRegister, milestones: KeyMilestones,
                dependencies: DependencyRegister, benefits: PortfolioBenefits, itemQuality: [ItemQualityCount],
                gatesWaiting: [GateReviewLine] = []) {
        self.gatesWaiting = gatesWaiting
        self.index = index
        self.reporting = reporting
        self.risks = risks
        self.milestones = milestones
        self.dependencies = dependencies
        self.benefits = benefits
        self.itemQuality = itemQuality
    }

    /// The dashboard for one person: only what `rule` lets them read counts, and with scope
    /// `mine` only the projects whose team they are on.
    /// `slice` narrows it to the projects the portfolio's filters select (a portfolio report's).
    public func dashboard(scope: DashboardScope, personID: UUID, rule: ProjectReadRule, today: CalendarDate,
                          slice: PortfolioQuery? = nil) -> PortfolioDashboard {
        var query = slice ?? PortfolioQuery()
        query.sort = .code
        query.descending = false
        if scope == .mine { query.teamMemberID = personID }
        let entries = index.entries(query, rule: rule)
        let readable = index.projects(query, rule: rule)
        let delivery = reporting.delivery(of: entries, today: today)

        // The charts: the index's facet counts, named and ordered, and the delivery statuses.
        let counts = index.facetCounts(query, rule: rule, facets: [.stage, .status, .organisation, .programme, .theme])
        let references = index.references
        func bars(_ facet: PortfolioFacet, _ named: [(key: String, label: String)]) -> [DashboardBar] {
            named.compactMap { item in
                let count = counts.count(facet, item.key)
                return count > 0 ? DashboardBar(key: item.key, label: item.label, count: count) : nil
            }
        }
        func byCount(_ bars: [DashboardBar]) -> [DashboardBar] {
            bars.sorted { ($1.count, $0.label) < ($0.count, $1.label) }
        }
        var ratings: [DeliveryFilter: Int] = [:]
        for entry in entries { ratings[DeliveryFilter(delivery[entry.summary.id]?.overall), default: 0] += 1 }
        let deliveryBars = DeliveryFilter.allCases.compactMap { filter in
            ratings[filter].map { DashboardBar(key: filter.rawValue, label: filter.label, count: $0) }
        }
        let charts = [
            DashboardChart(facet: .delivery, bars: deliveryBars),
            DashboardChart(facet: .stage, bars: bars(.stage, references.stages.sorted { $0.position < $1.position }
                .map { ($0.id.lowercasedText, $0.name) })),
            DashboardChart(facet: .status, bars: bars(.status, ProjectStatus.allCases.map { ($0.rawValue, $0.label) })),
            DashboardChart(facet: .organisation, bars: byCount(bars(.organisation, references.organisations.map { ($0.id.lowercasedText, $0.name) }))),
            DashboardChart(facet: .programme, bars: byCount(bars(.programme, references.programmes.map { ($0.id.lowercasedText, $0.name) }))),
            DashboardChart(facet: .theme, bars: byCount(bars(.theme, references.themes.map { ($0.id.lowercasedText, $0.name) }))),
        ]

        // Movement and exceptions, from what each project last reported.
        // Sorted as small keys (entries are already in code order); each summary is copied once.
        var movement: [RAGMovement: Int] = [:]
        var flagged: [(key: Int, entry: PortfolioIndex.Entry, status: DeliveryStatus)] = []
        for (position, entry) in entries.enumerated() {
            guard let status = delivery[entry.summary.id] else { continue }
            movement[status.movement, default: 0] += 1
            if status.overall == .red || status.overall == .amber {
                let rank = (status.overall == .red ? 0 : 2) + (status.movement == .worsened ? 0 : 1)
                flagged.append((rank * entries.count + position, entry, status))
            }
        }
        flagged.sort { $0.key < $1.key }
        let exceptions = flagged.map { DashboardException(project: $0.entry.summary, delivery: $0.status) }
        let (current, overdue) = reporting.lines(for: entries, today: today)
        let period = reporting.cycles.system.open(on: today, workingDays: reporting.workingDays)

        // Data quality: the project-level checks from the index, the item-level ones as counted.
        var leadership: [(ProjectSummary, Int)] = [], pastEnd: [(ProjectSummary, Int)] = []
        for entry in entries {
            let status = entry.summary.status
            if (status == .active || status == .onHold)
                && (entry.summary.seniorResponsibleOwner == nil || entry.summary.projectManager == nil) { leadership.append((entry.summary, 1)) }
            if entry.summary.isPastEnd(today: today) { pastEnd.append((entry.summary, 1)) }
        }
        var items: [DataQualityCheck: [(ProjectSummary, Int)]] = [:]
        for count in itemQuality {
            guard let entry = readable.entry(count.projectID) else { continue }
            items[count.check, default: []].append((entry.summary, count.count))
        }
        let quality = [
            DataQualityFlag(check: .noLeadership, projects: leadership.map { (project: $0.0, items: $0.1) }),
            DataQualityFlag(check: .pastEnd, projects: pastEnd.map { (project: $0.0, items: $0.1) }),
            DataQualityFlag(check: .risksPastReview, projects: (items[.risksPastReview] ?? []).map { (project: $0.0, items: $0.1) }),
            DataQualityFlag(check: .unowned, projects: (items[.unowned] ?? []).map { (project: $0.0, items: $0.1) }),
        ]

        var own: [DashboardProject] = []
        if scope == .mine {
            let lines = Dictionary(current.map { ($0.project.id, $0) }, uniquingKeysWith: { first, _ in first })
            own = entries.map { entry in
                DashboardProject(project: entry.summary, role: entry.team[personID], delivery: delivery[entry.summary.id],
                                 reporting: lines[entry.summary.id])
            }
        }
        let short = PageRequest(perPage: PortfolioDashboard.listLength)
        return PortfolioDashboard(
            scope: scope, today: today, period: period, due: reporting.cycles.system.due(period, workingDays: reporting.workingDays),
            projectCount: entries.count, charts: charts, movement: movement, exceptions: exceptions, overdue: overdue,
            submitted: current.filter { $0.status?.reported != nil }.count, expected: current.count,
            topRisks: risks.pageAndCells(RiskRegisterQuery(scope: .system), readable: readable, page: short).page,
            milestones: milestones.timeline(PortfolioDashboard.milestoneWindow, today: today, projects: readable, page: short),
            dependencies: dependencies.page(DependencyRegisterQuery(statuses: [.atRisk, .late], crossOrganisationOnly: true),
                                            readable: readable, today: today, page: short),
            benefits: benefits.register(BenefitRegisterQuery(page: PageRequest(perPage: 1)), readable: readable).totalsByYear,
            quality: quality, ownProjects: own,
            gatesWaiting: gatesWaiting.compactMap { line in readable.entry(line.projectID).map { (line, $0.summary) } })
    }
}
