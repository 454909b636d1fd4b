import Foundation
import WaymarkDomain
import WaymarkStore

/// A milestone as one person may see it, with what the policy lets them do (the project's rules).
public struct ReadableMilestone: Sendable {
    public var milestone: Milestone
    public var project: ReadableProject
    public var canEdit: Bool { project.canEdit }
    public var canDelete: Bool { project.canManage }

    public init(milestone: Milestone, project: ReadableProject) {
        self.milestone = milestone
        self.project = project
    }
}

/// A project's plan as one person may see it: its milestones and every baseline.
public struct ProjectPlan: Sendable {
    public var project: ReadableProject
    public var milestones: [Milestone]
    public var baselines: [PlanBaseline]
}

/// Everything a person does to a project's plan, each once, for pages and the API alike.
/// Whoever may not read the project gets `NotFound` for its milestones too.
public struct PlanWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func plan(_ projectID: UUID, by acting: Acting) async throws -> ProjectPlan {
        let project = try await projects.readable(projectID, by: acting)
        let plan = try await store.projectPlan(projectID)
        return ProjectPlan(project: project, milestones: plan.milestones, baselines: plan.baselines)
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableMilestone {
        guard let milestone = try await store.milestone(id) else { throw NotFound("milestone") }
        do {
            return ReadableMilestone(milestone: milestone, project: try await projects.readable(milestone.projectID, by: acting))
        } catch is NotFound {
            throw NotFound("milestone")
        }
    }

    /// The project whose plan this person would change, if they may.
    public func projectToPlan(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        let project = try await projects.readable(projectID, by: acting)
        try AccessPolicy.require(project.canEdit, else: .editProject)
        return project
    }

    private func validate(_ input: MilestoneInput, today: CalendarDate) async throws -> MilestoneFields {
        let stages = Set(try await store.referenceData().stages.map(\.id))
        return try MilestoneFields.validate(input, owners: try await store.isActivePerson(input.ownerID), stages: stages, today: today)
    }

    public func create(projectID: UUID, _ input: MilestoneInput, today: CalendarDate, by acting: Acting) async throws -> ReadableMilestone {
        let project = try await projectToPlan(projectID, by: acting)
        let fields = try await validate(input, today: today)
        return ReadableMilestone(milestone: try await store.createMilestone(projectID: projectID, fields: fields, by: acting.audit),
                                 project: project)
    }

    /// Changes the fields `input` carries (nil keeps a field), if the milestone is still at `expectedVersion`.
    public func update(_ current: ReadableMilestone, _ input: MilestoneInput, expectedVersion: Int, today: CalendarDate,
                       by acting: Acting) async throws -> ReadableMilestone {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let fields = try await validate(input.overlaid(on: current.milestone.fields), today: today)
        let milestone = try await store.updateMilestone(current.milestone.id, expectedVersion: expectedVersion, fields: fields,
                                                        by: acting.audit)
        return ReadableMilestone(milestone: milestone, project: current.project)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableMilestone {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteMilestone)
        try await store.deleteMilestone(id, by: acting.audit)
        return current
    }

    /// Baselines the project's whole plan with the reason: an explicit, recorded action, for those
    /// who manage the project. A plan with no milestones has nothing to baseline.
    public func baseline(_ projectID: UUID, reason: String?, by acting: Acting) async throws -> PlanBaseline {
        let project = try await projects.readable(projectID, by: acting)
        try AccessPolicy.require(project.canManage, else: .baselinePlan)
        let reason = try PlanBaseline.validate(reason: reason)
        guard try await !store.milestones(ofProject: projectID).isEmpty else {
            throw ValidationFailure("reason", "Add the plan's milestones before baselining it", kind: .rule)
        }
        return try await store.baselinePlan(projectID: projectID, reason: reason, by: acting.audit)
    }

    /// The portfolio timeline: key milestones due, overdue or slipped in the window, of the
    /// projects this person may read that the portfolio's filters select, a page at a time.
    public func timeline(_ query: PortfolioQuery, window: MilestoneWindow, today: CalendarDate,
                         by acting: Acting) async throws -> Page<ScheduledMilestone> {
        try await store.portfolioTimeline(query, window: window, today: today, rule: AccessPolicy.readRule(for: acting.actor))
    }

    /// The people a milestone's owner is chosen from: the project's team, with its owner if not on it.
    public func owners(_ project: ReadableProject, owner: UUID? = nil) async throws -> [(UUID, String)] {
        try await RiskWorkflows(store).owners(project, owner: owner)
    }
}
