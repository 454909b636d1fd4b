import Foundation
import WaymarkDomain
import WaymarkStore

/// An item of a project's RAID log as one person may see it: the item, its project as they may
/// see it, and what the policy lets them do (the project's rules: its team changes the log; its
/// SRO or manager, its lead organisation's admin and the portfolio office delete from it).
public struct ReadableLogItem<Item: Sendable>: Sendable {
    public var item: Item
    public var project: ReadableProject
    public var canEdit: Bool { project.canEdit }
    public var canDelete: Bool { project.canManage }

    public init(item: Item, project: ReadableProject) {
        self.item = item
        self.project = project
    }
}

public typealias ReadableAssumption = ReadableLogItem<Assumption>

/// A project's assumptions as one person may see them.
public struct AssumptionLog: Sendable {
    public var project: ReadableProject
    public var assumptions: [Assumption]
}

/// Everything a person does to a project's assumptions, each once, for pages and the API alike.
/// Whoever may not read the project gets `NotFound` for its assumptions too.
public struct AssumptionWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }
    var risks: RiskWorkflows { RiskWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func log(_ projectID: UUID, by acting: Acting) async throws -> AssumptionLog {
        let project = try await projects.readable(projectID, by: acting)
        return AssumptionLog(project: project, assumptions: try await store.assumptions(ofProject: projectID))
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableAssumption {
        guard let assumption = try await store.assumption(id) else { throw NotFound("assumption") }
        return ReadableAssumption(item: assumption, project: try await projects.readable(assumption.projectID, by: acting, hiding: "assumption"))
    }

    /// The project a new assumption is for, if the person may record one there.
    public func projectForNewAssumption(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        try await risks.projectForNewRisk(projectID, by: acting)
    }

    public func create(projectID: UUID, _ input: AssumptionInput, today: CalendarDate, by acting: Acting) async throws -> ReadableAssumption {
        let project = try await projectForNewAssumption(projectID, by: acting)
        let fields = try AssumptionFields.validate(input, owners: try await store.isActivePerson(input.ownerID), today: today)
        return ReadableAssumption(item: try await store.createAssumption(projectID: projectID, fields: fields, by: acting.audit), project: project)
    }

    /// Changes the fields `input` carries (nil keeps a field), if it is still at `expectedVersion`.
    public func update(_ current: ReadableAssumption, _ input: AssumptionInput, expectedVersion: Int, today: CalendarDate,
                       by acting: Acting) async throws -> ReadableAssumption {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let before = current.item.fields
        let merged = input.overlaid(on: before)
        // A date validated that is not changed stays valid, whatever today is.
        let fields = try AssumptionFields.validate(merged, owners: try await store.isActivePerson(merged.ownerID),
                                                   today: max(today, before.validatedOn ?? today))
        let assumption = try await store.updateAssumption(current.item.id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
        return ReadableAssumption(item: assumption, project: current.project)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableAssumption {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteAssumption)
        try await store.deleteAssumption(id, by: acting.audit)
        return current
    }

    /// The people an assumption's owner is chosen from: the project's team, with its owner if not on it.
    public func owners(_ project: ReadableProject, owner: UUID? = nil) async throws -> [(UUID, String)] {
        try await risks.owners(project, owner: owner)
    }
}

extension ProjectWorkflows {
    /// The project of an item, as this person may read it; `NotFound` naming the item (not the
    /// project) when they may not.
    func readable(_ projectID: UUID, by acting: Acting, hiding item: String) async throws -> ReadableProject {
        do {
            return try await readable(projectID, by: acting)
        } catch is NotFound {
            throw NotFound(item)
        }
    }
}
