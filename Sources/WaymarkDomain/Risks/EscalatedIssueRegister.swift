import Foundation

/// An issue on an organisation's or the system's register, with its project as the index names it.
public struct RegisteredIssue: Equatable, Sendable {
    public var issue: Issue
    public var projectCode: String
    public var projectTitle: String
    public var leadOrganisationID: UUID
    /// Where the web layer keeps what it writes of the issue while the register holds it, and of
    /// its project while the portfolio index does.
    public let rendered: Memo<[[UInt8]]>?
    public let renderedProject: Memo<[UInt8]>?
    /// Where the register page keeps its row's HTML for the issue, and the project's cell, likewise.
    public let renderedRow: Memo<[[UInt8]]>?
    public let renderedProjectCell: Memo<[UInt8]>?

    public init(issue: Issue, projectCode: String, projectTitle: String, leadOrganisationID: UUID,
                rendered: Memo<[[UInt8]]>? = nil, renderedProject: Memo<[UInt8]>? = nil, renderedRow: Memo<[[UInt8]]>? = nil,
                renderedProjectCell: Memo<[UInt8]>? = nil) {
        self.issue = issue
        self.projectCode = projectCode
        self.projectTitle = projectTitle
        self.leadOrganisationID = leadOrganisationID
        self.rendered = rendered
        self.renderedProject = renderedProject
        self.renderedRow = renderedRow
        self.renderedProjectCell = renderedProjectCell
    }

    /// The same issue on the same project: what is kept of its writing is not part of what it is.
    public static func == (a: RegisteredIssue, b: RegisteredIssue) -> Bool {
        a.issue == b.issue && a.projectCode == b.projectCode && a.projectTitle == b.projectTitle
            && a.leadOrganisationID == b.leadOrganisationID
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
    private let byLevel: [EscalationLevel: EscalatedItems<Issue>]

    public init(generation: Int64, issues: [Issue]) {
        self.generation = generation
        byLevel = Dictionary(grouping: issues.filter { $0.fields.escalation != .project }, by: \.fields.escalation)
            .mapValues { EscalatedItems($0, projectID: \.projectID) }
    }

    /// One page of the register's issues that this person may read and the query selects.
    public func page(_ query: IssueRegisterQuery, readable: ReadableProjects,
                     page: PageRequest = PageRequest(perPage: PageRequest.maximumPerPage)) -> Page<RegisteredIssue> {
        guard let level = byLevel[query.level] else { return Page(items: [], request: page, total: 0) }
        let issues = level.items
        let selected = level.select(scope: query.scope, organisationID: query.organisationID, readable: readable) { slot in
            query.statuses.contains(issues[slot].fields.status) && (query.priority.map { $0 == issues[slot].fields.priority } ?? true)
        }
        let codeRanks = readable.index.codeRanks, entries = readable.index.entries
        let keys = selected.map { item in
            let issue = issues[item.slot]
            let priority = IssuePriority.allCases.firstIndex(of: issue.fields.priority)!
            let target = issue.fields.targetDate.map { Int($0.daysSinceEpoch) } ?? Int.max
            let (first, second) = switch query.sort {
            case .priority: (priority, target)
            case .target: (target, priority)
            case .project: (0, 0)
            }
            return SortKey(first: first, second: second, codeRank: codeRanks[item.position], number: issue.number,
                           slot: Int32(item.slot), position: Int32(item.position))
        }
        let items = SortKey.page(keys, page).map { key in
            let entry = entries[Int(key.position)], slot = Int(key.slot)
            return RegisteredIssue(issue: issues[slot], projectCode: entry.summary.code, projectTitle: entry.summary.title,
                                   leadOrganisationID: entry.summary.leadOrganisationID, rendered: level.rendered[slot],
                                   renderedProject: entry.renderedAsListedItemsProject, renderedRow: level.renderedRows[slot],
                                   renderedProjectCell: entry.renderedAsRegisterCell)
        }
        return Page(items: items, request: page, total: keys.count)
    }
}
