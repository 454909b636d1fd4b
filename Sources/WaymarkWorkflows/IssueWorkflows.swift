import Foundation
import WaymarkDomain
import WaymarkStore

/// An issue as one person may see it: the issue, its project as they may see it, and what the
/// policy lets them do (the project's rules, as for risks).
public struct ReadableIssue: Sendable {
    public var issue: Issue
    public var project: ReadableProject
    public var canEdit: Bool { project.canEdit }
    public var canDelete: Bool { project.canManage }

    public init(issue: Issue, project: ReadableProject) {
        self.issue = issue
        self.project = project
    }
}

/// A project's issue log as one person may see it.
public struct IssueLog: Sendable {
    public var project: ReadableProject
    /// The project's issues as this instance holds them.
    public var held: ProjectIssues
    public var issues: [Issue] { held.items }
}

/// Everything a person does to a project's issues, each once, for pages and the API alike; and
/// the one step that turns a risk that has happened into an issue. Whoever may not read the
/// project gets `NotFound` for its issues too.
public struct IssueWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }
    var risks: RiskWorkflows { RiskWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func log(_ projectID: UUID, by acting: Acting) async throws -> IssueLog {
        let project = try await projects.readable(projectID, by: acting)
        return IssueLog(project: project, held: try await store.projectIssues(projectID))
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableIssue {
        guard let issue = try await store.issue(id) else { throw NotFound("issue") }
        do {
            return ReadableIssue(issue: issue, project: try await projects.readable(issue.projectID, by: acting))
        } catch is NotFound {
            throw NotFound("issue")
        }
    }

    /// The project a new issue is for, if the person may log one there.
    public func projectForNewIssue(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        try await risks.projectForNewRisk(projectID, by: acting)
    }

    public func create(projectID: UUID, _ input: IssueInput, today: CalendarDate, by acting: Acting) async throws -> ReadableIssue {
        let project = try await projectForNewIssue(projectID, by: acting)
        let fields = try IssueFields.validate(input, owners: try await store.isActivePerson(input.ownerID), today: today)
        return ReadableIssue(issue: try await store.createIssue(projectID: projectID, fields: fields, by: acting.audit), project: project)
    }

    /// Changes the fields `input` carries (nil keeps a field), if the issue is still at `expectedVersion`.
    public func update(_ current: ReadableIssue, _ input: IssueInput, expectedVersion: Int, today: CalendarDate,
                       by acting: Acting) async throws -> ReadableIssue {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let before = current.issue.fields
        let merged = input.overlaid(on: before)
        // A date raised that is not changed stays valid, whatever today is.
        let fields = try IssueFields.validate(merged, owners: try await store.isActivePerson(merged.ownerID),
                                              today: max(today, before.raisedOn), escalation: before.escalation)
        let issue = try await store.updateIssue(current.issue.id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
        return ReadableIssue(issue: issue, project: current.project)
    }

    /// Moves an issue to another register, with the reason (as for risks).
    public func escalate(_ current: ReadableIssue, level: String?, reason: String?, expectedVersion: Int,
                         by acting: Acting) async throws -> ReadableIssue {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let escalation = try RiskEscalation.validate(level: level, reason: reason, from: current.issue.fields.escalation, item: "issue")
        let issue = try await store.escalateIssue(current.issue.id, expectedVersion: expectedVersion, to: escalation, by: acting.audit)
        return ReadableIssue(issue: issue, project: current.project)
    }

    /// A risk that has happened becomes an issue in one step: the issue is raised from it (its
    /// title, event and effect, owner, and a priority from its current band), the risk closes as
    /// materialised, and each names the other. Only an open risk materialises.
    public func materialise(_ risk: ReadableRisk, expectedVersion: Int, today: CalendarDate,
                            by acting: Acting) async throws -> (ReadableRisk, ReadableIssue) {
        try AccessPolicy.require(risk.canEdit, else: .editProject)
        guard risk.risk.fields.status == .open else {
            throw ValidationFailure([FieldError("status", "Only an open risk can materialise: this one is \(risk.risk.fields.status.label.lowercased())",
                                                kind: .rule)])
        }
        let fields = IssueFields.materialised(from: risk.risk, bands: try await store.riskSettings().bands, today: today)
        let (closed, issue) = try await store.materialiseRisk(risk.risk.id, expectedVersion: expectedVersion, issue: fields,
                                                              by: acting.audit)
        return (ReadableRisk(risk: closed, project: risk.project), ReadableIssue(issue: issue, project: risk.project))
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableIssue {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteIssue)
        try await store.deleteIssue(id, by: acting.audit)
        return current
    }

    /// One page of the issues on the system's or an organisation's register, of the projects this
    /// person may read.
    public func escalated(_ query: IssueRegisterQuery, page: PageRequest, by acting: Acting) async throws -> Page<RegisteredIssue> {
        try await store.issueRegister(query, rule: AccessPolicy.readRule(for: acting.actor), page: page)
    }

    /// The issue raised from this risk, if it materialised.
    public func raised(from risk: ReadableRisk) async throws -> Issue? {
        try await store.issue(raisedFromRisk: risk.risk.id)
    }

    /// The people an issue's owner is chosen from: the project's team, with its owner if not on it.
    public func owners(_ project: ReadableProject, owner: UUID? = nil) async throws -> [(UUID, String)] {
        try await risks.owners(project, owner: owner)
    }
}
