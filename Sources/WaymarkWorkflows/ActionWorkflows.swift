import Foundation
import WaymarkDomain
import WaymarkStore

public typealias ReadableAction = ReadableLogItem<Action>

/// A project's actions log as one person may see it, with what each action is for.
public struct ActionLog: Sendable {
    public var project: ReadableProject
    public var actions: [Action]
    /// The project's RAID items, by kind and number: what an action may be for.
    public var items: [RAIDItemLabel]

    public func label(_ item: RAIDItem?) -> RAIDItemLabel? {
        guard let item else { return nil }
        return items.first { $0.item == item }
    }
}

/// Everything a person does to a project's actions, each once, for pages and the API alike. The
/// actions log is shared by every RAID item: an action is for one of the project's risks, issues,
/// assumptions or dependencies, or for the project as a whole.
public struct ActionWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }
    var risks: RiskWorkflows { RiskWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func log(_ projectID: UUID, by acting: Acting) async throws -> ActionLog {
        let project = try await projects.readable(projectID, by: acting)
        async let actions = store.actions(ofProject: projectID)
        async let items = store.raidItems(ofProject: projectID)
        return ActionLog(project: project, actions: try await actions, items: try await items)
    }

    /// The actions for one RAID item the person may read (its page lists them).
    public func actions(for item: RAIDItem) async throws -> [Action] {
        try await store.actions(for: item)
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableAction {
        guard let action = try await store.action(id) else { throw NotFound("action") }
        return ReadableAction(item: action, project: try await projects.readable(action.projectID, by: acting, hiding: "action"))
    }

    /// The project a new action is for, if the person may record one there.
    public func projectForNewAction(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        try await risks.projectForNewRisk(projectID, by: acting)
    }

    public func create(projectID: UUID, _ input: ActionInput, today: CalendarDate, by acting: Acting) async throws -> ReadableAction {
        let project = try await projectForNewAction(projectID, by: acting)
        let fields = try await validate(input, projectID: projectID, today: today)
        return ReadableAction(item: try await store.createAction(projectID: projectID, fields: fields, by: acting.audit), project: project)
    }

    /// Changes the fields `input` carries (nil keeps a field), if it is still at `expectedVersion`.
    public func update(_ current: ReadableAction, _ input: ActionInput, expectedVersion: Int, today: CalendarDate,
                       by acting: Acting) async throws -> ReadableAction {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let before = current.item.fields
        // A date done that is not changed stays valid, whatever today is.
        let fields = try await validate(input.overlaid(on: before), projectID: current.item.projectID,
                                        today: max(today, before.doneOn ?? today))
        let action = try await store.updateAction(current.item.id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
        return ReadableAction(item: action, project: current.project)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableAction {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteAction)
        try await store.deleteAction(id, by: acting.audit)
        return current
    }

    /// The reference and title of the item an action is for, if it is for one.
    public func label(of action: Action) async throws -> RAIDItemLabel? {
        guard let item = action.fields.item else { return nil }
        return try await store.raidItems(ofProject: action.projectID).first { $0.item == item }
    }

    /// What an action's form offers: the project's RAID items and the people who may own it.
    public func formChoices(_ project: ReadableProject, owner: UUID? = nil) async throws -> (items: [RAIDItemLabel], owners: [(UUID, String)]) {
        async let items = store.raidItems(ofProject: project.project.id)
        async let owners = risks.owners(project, owner: owner)
        return (try await items, try await owners)
    }

    private func validate(_ input: ActionInput, projectID: UUID, today: CalendarDate) async throws -> ActionFields {
        let items = try await store.raidItems(ofProject: projectID)
        return try ActionFields.validate(input, items: Dictionary(items.map { ($0.item.id, $0.item) }, uniquingKeysWith: { first, _ in first }),
                                         owners: try await store.isActivePerson(input.ownerID), today: today)
    }
}
