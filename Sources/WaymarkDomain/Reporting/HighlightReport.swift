import Foundation

/// A project's highlight report for one period (PRINCE2's, NHS-CONVENTIONS.md section 5), built
/// from the data: the update reported for the period (its ratings with their movement since
/// the period before, and its narrative), and from the plan and the RAID log as they stand.
/// Nothing in it is typed for it.
public struct HighlightReport: Codable, Sendable {
    public var project: Project
    public var stageName: String
    public var seniorResponsibleOwners: [String]
    public var projectManagers: [String]
    /// The update reported for the period (its latest submitted revision).
    public var update: StatusUpdate
    /// The update reported for the period before, to show movement.
    public var previous: StatusUpdate?
    public var submittedBy: String?
    /// Every period the project has reported, the latest first: the other reports there are.
    public var reportedPeriods: [ReportingPeriod]
    public var sections: HighlightSections
    /// The project's measures with their analyses (their SPC icons).
    public var measures: [Measure]
    public var analyses: [UUID: SPCAnalysis]
    public var observationCounts: [UUID: Int]
    public var benefits: [Benefit]
    public var generatedAt: Date
    /// The closed period this report was frozen with, when it is read as at it (nil: made from the data now).
    public var asAt: PeriodClosure?
    /// What the project reported for the period after it closed, if anything: set when the report
    /// is read, never frozen.
    public var afterClose: ReportedAfterClose?

    public init(project: Project, stageName: String, seniorResponsibleOwners: [String], projectManagers: [String], update: StatusUpdate,
                previous: StatusUpdate?, submittedBy: String?, reportedPeriods: [ReportingPeriod], sections: HighlightSections,
                measures: [Measure], analyses: [UUID: SPCAnalysis], observationCounts: [UUID: Int], benefits: [Benefit],
                generatedAt: Date) {
        self.measures = measures
        self.analyses = analyses
        self.observationCounts = observationCounts
        self.benefits = benefits
        self.project = project
        self.stageName = stageName
        self.seniorResponsibleOwners = seniorResponsibleOwners
        self.projectManagers = projectManagers
        self.update = update
        self.previous = previous
        self.submittedBy = submittedBy
        self.reportedPeriods = reportedPeriods
        self.sections = sections
        self.generatedAt = generatedAt
    }

    public var period: ReportingPeriod { update.period }

    /// Each rating with its movement since the period before, overall first.
    public var ratings: [(label: String, rating: Rating, movement: RAGMovement?)] {
        update.fields.ratings(comparedWith: previous?.fields)
    }
}

/// What the plan and RAID log say about a period, chosen as a highlight report shows them.
public struct HighlightSections: Codable, Sendable {
    public static let topCount = 5
    public static let lookAheadDays = 90

    /// Milestones achieved within the period.
    public var completed: [Milestone]
    /// Milestones not yet achieved, forecast within 90 days of the period's end.
    public var comingUp: [Milestone]
    /// Milestones not yet achieved that are later than their baseline, the latest first.
    public var slipped: [Milestone]
    /// The open risks with the highest current scores.
    public var risks: [Risk]
    /// The open issues of the highest priority, the oldest first within a priority.
    public var issues: [Issue]
    /// Dependencies at risk or late.
    public var dependencies: [Dependency]
    /// Decisions made within the period.
    public var decisions: [Decision]

    public init(period: ReportingPeriod, milestones: [Milestone], risks: [Risk], issues: [Issue], dependencies: [Dependency],
                decisions: [Decision]) {
        let horizon = period.end.adding(days: Self.lookAheadDays)
        completed = milestones.filter { $0.fields.actualDate.map(period.contains) == true }
            .sorted { ($0.fields.actualDate!, $0.number) < ($1.fields.actualDate!, $1.number) }
        let open = milestones.filter { $0.fields.actualDate == nil && $0.fields.status != .complete }
        comingUp = open.filter { $0.fields.forecastDate > period.end && $0.fields.forecastDate <= horizon }
            .sorted { ($0.fields.forecastDate, $0.number) < ($1.fields.forecastDate, $1.number) }
        slipped = open.filter { ($0.slippageDays ?? 0) > 0 }.sorted { ($1.slippageDays!, $0.number) < ($0.slippageDays!, $1.number) }
        self.risks = Array(risks.filter { $0.fields.status == .open }
            .sorted { ($1.fields.current.score, $0.number) < ($0.fields.current.score, $1.number) }.prefix(Self.topCount))
        self.issues = Array(issues.filter { $0.fields.status.isActive }
            .sorted { ($0.fields.priority, $0.fields.raisedOn, $0.number) < ($1.fields.priority, $1.fields.raisedOn, $1.number) }
            .prefix(Self.topCount))
        self.dependencies = dependencies.filter { $0.fields.status == .atRisk || $0.fields.status == .late }
            .sorted { ($0.fields.neededBy, $0.number) < ($1.fields.neededBy, $1.number) }
        self.decisions = decisions.filter { period.contains($0.fields.decidedOn) }
            .sorted { ($0.fields.decidedOn, $0.number) < ($1.fields.decidedOn, $1.number) }
    }
}

/// An update reported for a period after the period closed: a board saw the reports as at the
/// close, so a report read later says what came after, and which report is which.
public struct ReportedAfterClose: Codable, Equatable, Sendable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        /// The report is as at the close; the project has since submitted a correction.
        case correction
        /// The project first reported after the close: the reports as at the close hold nothing from it.
        case lateUpdate = "late-update"
    }

    public var kind: Kind
    public var closure: PeriodClosure
    /// The update reported now (its latest submitted revision).
    public var updateID: UUID
    public var revision: Int
    public var submittedAt: Date?

    public init(kind: Kind, closure: PeriodClosure, update: StatusUpdate) {
        self.kind = kind
        self.closure = closure
        updateID = update.id
        revision = update.revision
        submittedAt = update.submittedAt
    }

    /// What `current`, the update a project reports for its period now, says of a report of it:
    /// `frozen`, the report kept when a period closed, or none kept though `latest` (the latest
    /// closure within the period) closed the period whole.
    public static func judge(_ current: StatusUpdate, frozen: HighlightReport?, latest: PeriodClosure?) -> ReportedAfterClose? {
        if let frozen, let closure = frozen.asAt {
            let same = frozen.update.id == current.id && frozen.update.revision == current.revision
            return same ? nil : ReportedAfterClose(kind: .correction, closure: closure, update: current)
        }
        // A quarter is closed only when the month it ends with is.
        guard frozen == nil, let latest, latest.period.end >= current.period.end else { return nil }
        return ReportedAfterClose(kind: .lateUpdate, closure: latest, update: current)
    }
}

