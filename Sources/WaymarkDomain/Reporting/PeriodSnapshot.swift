import Foundation

/// A reporting period the portfolio office has closed: when, by whom, and how much it froze.
public struct PeriodClosure: Codable, Equatable, Sendable {
    /// The system cycle's period closed.
    public var period: ReportingPeriod
    public var closedAt: Date
    /// The day it closed: the day its reports are read as at.
    public var closedOn: CalendarDate
    public var closedBy: UUID?
    public var closedByName: String?
    /// How many projects its portfolio report froze, and how many highlight reports.
    public var projectCount: Int
    public var highlightCount: Int

    public init(period: ReportingPeriod, closedAt: Date, closedOn: CalendarDate, closedBy: UUID?, closedByName: String?, projectCount: Int,
                highlightCount: Int) {
        self.period = period
        self.closedAt = closedAt
        self.closedOn = closedOn
        self.closedBy = closedBy
        self.closedByName = closedByName
        self.projectCount = projectCount
        self.highlightCount = highlightCount
    }

    /// "As at the close of August 2026 on 8 October 2026": what a report opened as at it says of itself.
    public var asAtText: String { "As at the close of \(period.label) on \(closedOn.longFormat)" }

    /// What closing a period a second time is told.
    public static func alreadyClosed(_ period: ReportingPeriod) -> ValidationFailure {
        ValidationFailure("period", "\(period.label) is already closed: its snapshot is kept as it was", kind: .taken)
    }

    /// Only a period whose updates have fallen due may close, and only once.
    public static func check(_ period: ReportingPeriod, due: CalendarDate, today: CalendarDate, closed: Bool) throws {
        if closed { throw alreadyClosed(period) }
        guard due < today else {
            throw ValidationFailure("period", "\(period.label) cannot close before its updates fall due on \(due.longFormat)", kind: .rule)
        }
    }
}

/// What closing a reporting period freezes: the portfolio's reported state as it stood, from which
/// any portfolio report of the period (any slice, any reader) is made again exactly as it was
/// then. It holds what a dashboard is computed from (every project as the portfolio index held it,
/// where every project's update stood, the escalated risks, key milestones, dependencies,
/// benefits, data-quality counts and gate reviews waiting) and the update each project reported
/// for the period. A reader opening it later sees only the projects they may read today
/// (`sources` is filtered by the caller with today's index), but each as it was then.
public struct PeriodSnapshot: Codable, Sendable {
    /// One project as the portfolio index held it.
    public struct Project: Codable, Sendable {
        public var summary: ProjectSummary
        public var partnerOrganisationIDs: [UUID]
        public var themeIDs: [UUID]
        public var team: [UUID: TeamRole]
        public var stagePosition: Int
    }

    /// The version of this layout: a snapshot is read back only by code that knows its shape.
    public static let format = 1

    public var format: Int
    public var period: ReportingPeriod
    public var closedOn: CalendarDate
    public var references: ReferenceData
    public var projects: [Project]
    public var cycles: ReportingCycles
    public var holidays: [BankHoliday]
    public var statuses: [ReportingPeriod: [UUID: PeriodStatus]]
    /// Each project's update reported for its own period covering `period` (its latest submitted revision).
    public var reported: [StatusUpdate]
    public var escalatedRisks: [Risk]
    public var keyMilestones: [Milestone]
    public var dependencies: [Dependency]
    public var benefits: [Benefit]
    public var itemQuality: [ItemQualityCount]
    public var gatesWaiting: [GateReviewLine]

    /// Freezes `sources` (as read on `closedOn`) with the updates reported for `period`.
    public init(period: ReportingPeriod, closedOn: CalendarDate, sources: DashboardSources, reported: [StatusUpdate]) {
        format = Self.format
        self.period = period
        self.closedOn = closedOn
        references = sources.index.references
        projects = sources.index.entries.map { entry in
            Project(summary: entry.summary, partnerOrganisationIDs: entry.partnerOrganisationIDs.sorted { $0.uuidString < $1.uuidString },
                    themeIDs: entry.themeIDs, team: entry.team, stagePosition: entry.stagePosition)
        }
        cycles = sources.reporting.cycles
        holidays = sources.reporting.holidays
        statuses = sources.reporting.statuses
        self.reported = reported
        escalatedRisks = sources.risks.all
        keyMilestones = sources.milestones.all
        dependencies = sources.dependencies.all
        benefits = sources.benefits.all
        itemQuality = sources.itemQuality
        gatesWaiting = sources.gatesWaiting
    }

    /// What today's data holds that a snapshot thawed beside it may share: whatever this
    /// instance has in memory now (nothing is read for it).
    public struct Today: Sendable {
        public var index: PortfolioIndex?
        public var reporting: ReportingState?
        public var risks: [Risk]
        public var milestones: [Milestone]
        public var dependencies: [Dependency]
        public var benefits: [Benefit]

        public init(index: PortfolioIndex?, reporting: ReportingState? = nil, risks: [Risk] = [], milestones: [Milestone] = [],
                    dependencies: [Dependency] = [], benefits: [Benefit] = []) {
            self.index = index
            self.reporting = reporting
            self.risks = risks
            self.milestones = milestones
            self.dependencies = dependencies
            self.benefits = benefits
        }
    }

    /// The dashboard's sources again, as they stood when the period closed. What is still as it
    /// stood in `today` shares its storage: a project's index entry its text and keys
    /// (`PortfolioIndex.Entry.init(sharingWithoutDetails:)`), a risk, milestone, dependency or
    /// benefit its strings, a period's statuses their table. A kept closed period then costs
    /// what changed since, not a second copy of the region (211 MB a period before). What it
    /// answers is the same.
    public func sources(sharing today: Today? = nil) -> DashboardSources {
        let entries = projects.map { project in
            let frozen = PortfolioIndex.Entry(summary: project.summary, partnerOrganisationIDs: Set(project.partnerOrganisationIDs),
                                              themeIDs: project.themeIDs, team: project.team, stagePosition: project.stagePosition)
            guard let now = today?.index?.entry(project.summary.id), now.holdsTheSame(as: frozen) else { return frozen }
            return PortfolioIndex.Entry(sharingWithoutDetails: now)
        }
        let codes = Dictionary(projects.map { ($0.summary.id, $0.summary.code) }, uniquingKeysWith: { first, _ in first })
        return DashboardSources(
            index: PortfolioIndex(generation: 0, references: references, entries: entries),
            reporting: ReportingState(cycles: cycles, holidays: holidays, statuses: Self.sharing(statuses, today?.reporting)),
            risks: EscalatedRiskRegister(generation: 0, risks: Self.sharing(escalatedRisks, Self.byID(today?.risks, id: \.id), id: \.id)),
            milestones: KeyMilestones(generation: 0, milestones: Self.sharing(keyMilestones, Self.byID(today?.milestones, id: \.id), id: \.id)),
            dependencies: DependencyRegister(generation: 0, dependencies: Self.sharing(dependencies, Self.byID(today?.dependencies, id: \.id), id: \.id)),
            benefits: PortfolioBenefits(generation: 0, benefits: Self.sharing(benefits, Self.byID(today?.benefits, id: \.id), id: \.id)
                .map { ($0, codes[$0.projectID] ?? "") }),
            itemQuality: itemQuality, gatesWaiting: gatesWaiting)
    }

    /// `frozen`, each item that equals today's item of its id (`today`, by id) replaced by
    /// today's, whose storage (its strings, its lists) it then shares.
    static func sharing<Item: Equatable>(_ frozen: [Item], _ today: [UUID: Item], id: (Item) -> UUID) -> [Item] {
        today.isEmpty ? frozen : frozen.map { item in today[id(item)].flatMap { $0 == item ? $0 : nil } ?? item }
    }

    /// Each period's statuses, today's table where it is the same.
    static func sharing(_ frozen: [ReportingPeriod: [UUID: PeriodStatus]], _ today: ReportingState?) -> [ReportingPeriod: [UUID: PeriodStatus]] {
        guard let live = today?.statuses else { return frozen }
        var statuses = frozen
        for (period, table) in frozen { if let now = live[period], now == table { statuses[period] = now } }
        return statuses
    }

    static func byID<Item>(_ items: [Item]?, id: (Item) -> UUID) -> [UUID: Item] {
        Dictionary((items ?? []).map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The updates reported, by project and period, as `PortfolioReport.lines` reads them.
    public var reportedByProject: [UUID: [ReportingPeriod: StatusUpdate]] {
        var byProject: [UUID: [ReportingPeriod: StatusUpdate]] = [:]
        for update in reported { byProject[update.projectID, default: [:]][update.period] = update }
        return byProject
    }

    /// What a report as at the period is made from, built once (sharing what it can with `today`).
    public func thawed(sharing today: Today? = nil) -> FrozenPeriod {
        FrozenPeriod(sources: sources(sharing: today), reported: reportedByProject)
    }
}

/// A closed period's snapshot made ready to report from: its dashboard sources and the updates
/// reported. It never changes, so every report of the period shares one.
public struct FrozenPeriod: Sendable {
    public let sources: DashboardSources
    public let reported: [UUID: [ReportingPeriod: StatusUpdate]]
}

extension SPCAnalysis {
    /// What a table of measures shows of an analysis (its kind, icons and latest counted point),
    /// without the rest of its points and periods: what a highlight report keeps when frozen.
    public var latestOnly: SPCAnalysis {
        var kept = self
        kept.points = points.last { $0.counted }.map { [$0] } ?? []
        kept.periods = []
        return kept
    }
}
