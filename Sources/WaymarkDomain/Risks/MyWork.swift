import Foundation

/// What kind of thing a person owns that falls due: a risk to review, an issue to resolve, a
/// milestone to reach, a dependency needed, an assumption to validate, an action to do.
public enum WorkKind: String, CaseIterable, Codable, Sendable {
    case riskReview = "risk-review"
    case issue
    case milestone
    case dependency
    case assumption
    case action

    /// What falls due, in words: "Review risk", "Resolve issue"...
    public var label: String {
        switch self {
        case .riskReview: "Review risk"
        case .issue: "Resolve issue"
        case .milestone: "Reach milestone"
        case .dependency: "Dependency needed"
        case .assumption: "Validate assumption"
        case .action: "Do action"
        }
    }

    /// The prefix of the item's reference on its project's log.
    public var referencePrefix: String {
        switch self {
        case .riskReview: "R"
        case .issue: "I"
        case .milestone: "M"
        case .dependency: "D"
        case .assumption: "A"
        case .action: "AC"
        }
    }
}

/// One thing a person owns that is due soon or overdue: which, on which project, and by when.
public struct WorkItem: Equatable, Sendable {
    public var kind: WorkKind
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var title: String
    public var due: CalendarDate

    public init(kind: WorkKind, id: UUID, projectID: UUID, number: Int, title: String, due: CalendarDate) {
        self.kind = kind
        self.id = id
        self.projectID = projectID
        self.number = number
        self.title = title
        self.due = due
    }

    public var reference: String { kind.referencePrefix + String(number) }

    public func isOverdue(today: CalendarDate) -> Bool { due < today }
}

/// How far ahead "my work" looks: 7, 14 (the default) or 30 days.
public enum WorkWindow: Int, CaseIterable, Sendable {
    case week = 7
    case fortnight = 14
    case month = 30

    public static let `default` = WorkWindow.fortnight

    public var label: String {
        switch self {
        case .week: "Next 7 days"
        case .fortnight: "Next 14 days"
        case .month: "Next 30 days"
        }
    }
}

/// One thing a person owns that falls due, with the project it is on (one they may read).
public struct OwnedWork: Sendable {
    public var item: WorkItem
    public var project: ProjectSummary

    public init(item: WorkItem, project: ProjectSummary) {
        self.item = item
        self.project = project
    }
}

/// A project's plan and RAID log at a glance: what is open in each, and how much of it is overdue.
public struct RAIDSummary: Equatable, Sendable {
    public struct Count: Equatable, Sendable {
        public var open: Int
        public var overdue: Int

        public init(open: Int, overdue: Int) {
            self.open = open
            self.overdue = overdue
        }
    }

    /// Open risks; overdue: their reviews.
    public var risks: Count
    /// Open or in-progress issues; overdue: past their target date.
    public var issues: Count
    /// Milestones not yet achieved; overdue: their forecast has passed.
    public var milestones: Count
    /// Assumptions not yet validated; overdue: past their validate-by date.
    public var assumptions: Count
    /// Dependencies not yet met; overdue: past their needed-by date.
    public var dependencies: Count
    /// Actions not done; overdue: past their due date.
    public var actions: Count

    /// The latest status update submitted: which, for which period, and its overall status.
    public var latestReport: (id: UUID, period: ReportingPeriod, overall: RAG?)?

    public static func == (lhs: RAIDSummary, rhs: RAIDSummary) -> Bool {
        (lhs.risks, lhs.issues, lhs.milestones, lhs.assumptions, lhs.dependencies, lhs.actions)
            == (rhs.risks, rhs.issues, rhs.milestones, rhs.assumptions, rhs.dependencies, rhs.actions)
            && lhs.latestReport?.id == rhs.latestReport?.id
    }

    public init(risks: Count, issues: Count, milestones: Count, assumptions: Count, dependencies: Count, actions: Count,
                latestReport: (id: UUID, period: ReportingPeriod, overall: RAG?)? = nil) {
        self.latestReport = latestReport
        self.risks = risks
        self.issues = issues
        self.milestones = milestones
        self.assumptions = assumptions
        self.dependencies = dependencies
        self.actions = actions
    }
}
