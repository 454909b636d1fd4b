import Foundation

/// An issue on an organisation's or the system's register, with its project as the index names it.
public struct RegisteredIssue: Equatable, Sendable {
    public var issue: Issue
    public var projectCode: String
    public var projectTitle: String
    public var leadOrganisationID: UUID

    public init(issue: Issue, projectCode: String, projectTitle: String, leadOrganisationID: UUID) {
        self.issue = issue
        self.projectCode = projectCode
        self.projectTitle = projectTitle
        self.leadOrganisationID = leadOrganisationID
    }
}

/// Which escalated issues a register lists: the system's or one organisation's, by status and
/// priority, sorted.
public struct IssueRegisterQuery: Equatable, Sendable {
    public enum Sort: String, CaseIterable, Sendable {
        /// Critical first, then the soonest target date.
        case priority
        case target
        case project
    }

    public var scope: RiskRegisterQuery.Scope
    /// The statuses listed: by default those still to be dealt with.
    public var statuses: Set<IssueStatus>
    public var priority: IssuePriority?
    /// On the system register: only the issues of projects this organisation leads.
    public var organisationID: UUID?
    public var sort: Sort

    public static let active: Set<IssueStatus> = [.open, .inProgress]

    public init(scope: RiskRegisterQuery.Scope, statuses: Set<IssueStatus> = IssueRegisterQuery.active, priority: IssuePriority? = nil,
                organisationID: UUID? = nil, sort: Sort = .priority) {
        self.scope = scope
        self.statuses = statuses
        self.priority = priority
        self.organisationID = organisationID
        self.sort = sort
    }

    public var level: EscalationLevel {
        switch scope {
        case .system: .system
        case .organisation: .organisation
        }
    }
}

/// Every issue escalated beyond its project, held in memory with the `escalated_issues` counter it
/// was read at, as `EscalatedRiskRegister` holds the risks.
public struct EscalatedIssueRegister: Sendable {
    public let generation: Int64
    private let byLevel: [EscalationLevel: [Issue]]

    public init(generation: Int64, issues: [Issue]) {
        self.generation = generation
        byLevel = Dictionary(grouping: issues.filter { $0.fields.escalation != .project }, by: \.fields.escalation)
    }

    /// One page of the register's issues that this person may read and the query selects.
    public func page(_ query: IssueRegisterQuery, readable: ReadableProjects,
                     page: PageRequest = PageRequest(perPage: PageRequest.maximumPerPage)) -> Page<RegisteredIssue> {
        let issues = byLevel[query.level] ?? []
        let selected = EscalatedItems.select(issues, scope: query.scope, organisationID: query.organisationID, readable: readable,
                                             projectID: \.projectID) { issue in
            query.statuses.contains(issue.fields.status) && (query.priority.map { $0 == issue.fields.priority } ?? true)
        }
        let keys = selected.map { slot, entry in
            let issue = issues[slot]
            let priority = IssuePriority.allCases.firstIndex(of: issue.fields.priority)!
            let target = issue.fields.targetDate.map { Int($0.daysSinceEpoch) } ?? Int.max
            return switch query.sort {
            case .priority: SortKey(first: priority, second: target, code: entry.summary.code, number: issue.number, slot: slot, entry: entry)
            case .target: SortKey(first: target, second: priority, code: entry.summary.code, number: issue.number, slot: slot, entry: entry)
            case .project: SortKey(first: 0, second: 0, code: entry.summary.code, number: issue.number, slot: slot, entry: entry)
            }
        }
        let items = SortKey.page(keys, page).map { key in
            RegisteredIssue(issue: issues[key.slot], projectCode: key.entry.summary.code, projectTitle: key.entry.summary.title,
                            leadOrganisationID: key.entry.summary.leadOrganisationID)
        }
        return Page(items: items, request: page, total: keys.count)
    }
}
