import Foundation

/// The system's reporting cycle and the programmes that keep their own.
public struct ReportingCycles: Codable, Sendable {
    public var system: ReportingCycle
    public var systemVersion: Int
    /// Programme → its own cycle and that row's version.
    public var programmes: [UUID: (cycle: ReportingCycle, version: Int)]

    /// The cycle a project reports on: its programme's, else the system's.
    public func cycle(forProgramme programmeID: UUID?) -> ReportingCycle {
        programmeID.flatMap { programmes[$0]?.cycle } ?? system
    }

    public init(system: ReportingCycle, systemVersion: Int, programmes: [UUID: (cycle: ReportingCycle, version: Int)]) {
        self.system = system
        self.systemVersion = systemVersion
        self.programmes = programmes
    }

    private struct Override: Codable {
        var programmeID: UUID
        var cycle: ReportingCycle
        var version: Int
    }

    private enum CodingKeys: String, CodingKey { case system, systemVersion, programmes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        system = try container.decode(ReportingCycle.self, forKey: .system)
        systemVersion = try container.decode(Int.self, forKey: .systemVersion)
        let overrides = try container.decode([Override].self, forKey: .programmes)
        programmes = Dictionary(overrides.map { ($0.programmeID, (cycle: $0.cycle, version: $0.version)) }, uniquingKeysWith: { first, _ in first })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(system, forKey: .system)
        try container.encode(systemVersion, forKey: .systemVersion)
        try container.encode(programmes.map { Override(programmeID: $0.key, cycle: $0.value.cycle, version: $0.value.version) }
            .sorted { $0.programmeID.uuidString < $1.programmeID.uuidString }, forKey: .programmes)
    }
}

/// The latest revision of one project's update for a period: where it stands and its overall status.
public struct PeriodStatus: Codable, Sendable, Equatable {
    public var updateID: UUID
    public var revision: Int
    public var state: StatusUpdateState
    public var overall: RAG?
    /// The latest submitted revision's overall status (the one reported), if any.
    public var reported: RAG?

    public init(updateID: UUID, revision: Int, state: StatusUpdateState, overall: RAG?, reported: RAG?) {
        self.updateID = updateID
        self.revision = revision
        self.state = state
        self.overall = overall
        self.reported = reported
    }
}

/// Where a project stands with reporting on a day: the cycle it reports on, the period open
/// for reporting and when that is due.
public struct ReportingDue: Sendable, Equatable {
    public var cycle: ReportingCycle
    public var period: ReportingPeriod
    public var due: CalendarDate
    /// The period before, still unreported after its due date (nil when reported, or before the
    /// project began).
    public var overdue: (period: ReportingPeriod, due: CalendarDate)?

    public static func == (lhs: ReportingDue, rhs: ReportingDue) -> Bool {
        lhs.cycle == rhs.cycle && lhs.period == rhs.period && lhs.due == rhs.due
            && lhs.overdue?.period == rhs.overdue?.period && lhs.overdue?.due == rhs.overdue?.due
    }

    public init(cycle: ReportingCycle, period: ReportingPeriod, due: CalendarDate, overdue: (period: ReportingPeriod, due: CalendarDate)?) {
        self.cycle = cycle
        self.period = period
        self.due = due
        self.overdue = overdue
    }
}

/// One project's reporting for the portfolio office: what is due, and where it stands.
public struct ReportingLine: Sendable {
    public var project: ProjectSummary
    public var period: ReportingPeriod
    public var due: CalendarDate
    public var status: PeriodStatus?
    /// True when `period`'s due date has passed without a submitted update.
    public var overdue: Bool

    public init(project: ProjectSummary, period: ReportingPeriod, due: CalendarDate, status: PeriodStatus?, overdue: Bool) {
        self.project = project
        self.period = period
        self.due = due
        self.status = status
        self.overdue = overdue
    }
}

/// Who has and has not reported, as one person may see it.
public struct ReportingOverview: Sendable {
    public var cycles: ReportingCycles
    public var systemPeriod: ReportingPeriod
    public var systemDue: CalendarDate
    /// Each active project's open period, for the projects the person may read.
    public var current: [ReportingLine]
    /// The period before, for projects that have not submitted it and whose due date has passed.
    public var overdue: [ReportingLine]
    public var programmes: [Programme]
    public var holidays: [BankHoliday]
    /// Its API document and its section of the reporting page, written once while it is kept
    /// (`Store.keptReportingOverview`): at region scale, 20,000 projects' lines.
    public let writings = KeptWritings()

    public init(cycles: ReportingCycles, systemPeriod: ReportingPeriod, systemDue: CalendarDate, current: [ReportingLine], overdue: [ReportingLine], programmes: [Programme], holidays: [BankHoliday]) {
        self.cycles = cycles
        self.systemPeriod = systemPeriod
        self.systemDue = systemDue
        self.current = current
        self.overdue = overdue
        self.programmes = programmes
        self.holidays = holidays
    }
}

/// A status update a person owes: for a project they run, due soon or overdue.
public struct StatusReminder: Sendable, Equatable {
    public var projectID: UUID
    public var projectCode: String
    public var projectTitle: String
    public var period: ReportingPeriod
    public var due: CalendarDate
    public var overdue: Bool
    /// Working days left before it is due (0 on the day).
    public var workingDaysLeft: Int

    public init(projectID: UUID, projectCode: String, projectTitle: String, period: ReportingPeriod, due: CalendarDate, overdue: Bool, workingDaysLeft: Int) {
        self.projectID = projectID
        self.projectCode = projectCode
        self.projectTitle = projectTitle
        self.period = period
        self.due = due
        self.overdue = overdue
        self.workingDaysLeft = workingDaysLeft
    }
}



/// Everything following reporting reads, whole: the cycles, the holidays, and where each
/// project's update for each period stands (period → project → its latest revision).
public struct ReportingState: Sendable {
    public let cycles: ReportingCycles
    public let holidays: [BankHoliday]
    public let workingDays: WorkingDays
    public let statuses: [ReportingPeriod: [UUID: PeriodStatus]]

    public init(cycles: ReportingCycles, holidays: [BankHoliday], statuses: [ReportingPeriod: [UUID: PeriodStatus]]) {
        self.cycles = cycles
        self.holidays = holidays
        self.workingDays = WorkingDays(holidays: holidays.map(\.date))
        self.statuses = statuses
    }

    public func status(of project: UUID, in period: ReportingPeriod) -> PeriodStatus? { statuses[period]?[project] }
}
