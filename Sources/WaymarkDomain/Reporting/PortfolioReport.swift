import Foundation

/// One project's line in a portfolio report: what it reported for the period (its latest
/// submitted revision, on the cycle it reports on) and the overall status it reported for the
/// period before.
public struct PortfolioReportLine: Sendable {
    public var project: ProjectSummary
    /// The project's own period that covers the report's (a quarter, for a programme that reports quarterly).
    public var period: ReportingPeriod
    public var update: StatusUpdate?
    public var previous: RAG?

    public init(project: ProjectSummary, period: ReportingPeriod, update: StatusUpdate?, previous: RAG?) {
        self.project = project
        self.period = period
        self.update = update
        self.previous = previous
    }

    public var overall: RAG? { update?.fields.overall.rag }
    /// Nil when the project did not report the period.
    public var movement: RAGMovement? { RAGMovement.between(previous, overall) }
}

/// A portfolio report: for any slice of the portfolio (an organisation, a programme, a theme, the
/// whole system, or any of the portfolio's filters) and one reporting period, what every project
/// reported, how the overall statuses moved since the period before, the exceptions, and the
/// dashboard's content for the slice. Built from the data, nothing typed for it; counting only
/// the projects its reader may read.
public struct PortfolioReport: Sendable {
    public var period: ReportingPeriod
    public var due: CalendarDate
    /// Active and on-hold projects of the slice, and any other that reported the period, by code.
    public let lines: [PortfolioReportLine]
    /// The positions in `lines` of the red and amber projects: red first, then those that worsened, then by code.
    public let exceptionPositions: [Int]
    /// The positions in `lines` of the projects that did not report the period.
    public let notReportedPositions: [Int]
    /// The slice's dashboard: its charts, risks, milestones, dependencies, benefits, data quality
    /// and gate reviews waiting, as they stand.
    public var dashboard: PortfolioDashboard
    /// The periods a reader may choose, the latest first.
    public var periods: [ReportingPeriod]
    /// The organisations, programmes and themes the slice may be named by.
    public var references: ReferenceData
    public var generatedAt: Date
    /// The closed period whose snapshot the report was made from (nil: made from the data now).
    public var asAt: PeriodClosure?
    /// The periods of `periods` that are closed.
    public var closed: Set<ReportingPeriod> = []
    /// What has been written from the report while it is kept (its API document): the copies of
    /// a kept report given to each request share it.
    public let writings = KeptWritings()

    public init(period: ReportingPeriod, due: CalendarDate, lines: [PortfolioReportLine], dashboard: PortfolioDashboard,
                periods: [ReportingPeriod], references: ReferenceData, generatedAt: Date, asAt: PeriodClosure? = nil) {
        self.asAt = asAt
        self.references = references
        self.period = period
        self.due = due
        self.lines = lines
        // Positions, not lines, are sorted: a region's report has 20,000 lines, each a project and
        // its update, and sorting copies of them was most of its page's time.
        var ranked: [(rank: Int, position: Int)] = []
        var notReported: [Int] = []
        for (position, line) in lines.enumerated() {
            if line.update == nil { notReported.append(position) }
            let overall = line.overall
            if overall == .red || overall == .amber {
                ranked.append(((overall == .red ? 0 : 2) + (line.movement == .worsened ? 0 : 1), position))
            }
        }
        exceptionPositions = ranked.sorted { ($0.rank, $0.position) < ($1.rank, $1.position) }.map(\.position)
        notReportedPositions = notReported
        self.dashboard = dashboard
        self.periods = periods
        self.generatedAt = generatedAt
    }

    /// How many projects reported each overall status, and how many did not report.
    public var counts: RAGCounts {
        var counts = RAGCounts()
        for line in lines { counts.add(line.overall) }
        return counts
    }

    /// How the overall statuses moved, among the projects that reported.
    public var movement: [RAGMovement: Int] {
        var counts: [RAGMovement: Int] = [:]
        for line in lines { if let movement = line.movement { counts[movement, default: 0] += 1 } }
        return counts
    }

    /// Red and amber projects: red first, then those that worsened, then by code.
    public var exceptions: [PortfolioReportLine] { exceptionPositions.map { lines[$0] } }

    /// Projects that should have reported and did not.
    public var notReported: [PortfolioReportLine] { notReportedPositions.map { lines[$0] } }

    /// How many periods back a reader may choose.
    public static let periodChoices = 12

    /// The period a report is for when none is asked: the latest whose update has fallen due.
    public static func defaultPeriod(_ cycle: ReportingCycle, workingDays: WorkingDays, today: CalendarDate) -> ReportingPeriod {
        let open = cycle.open(on: today, workingDays: workingDays)
        return cycle.due(open, workingDays: workingDays) < today ? open : open.previous
    }

    /// The report's lines: each project of `entries` (in their order) that is active or on hold,
    /// or that reported the period, with what it reported (`reported`, by project and period) for
    /// its own period covering `period`, and the overall status it reported for the one before.
    public static func lines(for entries: [PortfolioIndex.Entry], period: ReportingPeriod, reporting: ReportingState,
                             reported: [UUID: [ReportingPeriod: StatusUpdate]]) -> [PortfolioReportLine] {
        entries.compactMap { entry in
            let summary = entry.summary
            let own = reporting.cycles.cycle(forProgramme: summary.programmeID).period(containing: period.start)
            let update = reported[summary.id]?[own]
            guard update != nil || summary.status == .active || summary.status == .onHold else { return nil }
            let previous = reporting.status(of: summary.id, in: own.previous)?.reported
            return PortfolioReportLine(project: summary, period: own, update: update, previous: previous)
        }
    }
}

/// A board pack: a portfolio report followed by the highlight reports chosen for it, as one
/// document with a contents page.
public struct BoardPack: Sendable {
    public static let projectLimit = 25

    public var report: PortfolioReport
    /// In the order the report lists them.
    public var highlights: [(project: Project, report: HighlightReport)]
    /// Chosen by default (the red and amber projects), how many of those past the pack's limit are left out.
    public var exceptionsLeftOut = 0

    public init(report: PortfolioReport, highlights: [(project: Project, report: HighlightReport)]) {
        self.report = report
        self.highlights = highlights
    }
}
