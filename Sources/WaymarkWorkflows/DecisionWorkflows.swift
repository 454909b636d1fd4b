import Foundation
import WaymarkDomain
import WaymarkStore

public typealias ReadableDecision = ReadableLogItem<Decision>

/// A project's decisions log as one person may see it, with the RAID items decisions link to.
public struct DecisionLog: Sendable {
    public var project: ReadableProject
    public var decisions: [Decision]
    /// The project's RAID items, by kind and number.
    public var items: [RAIDItemLabel]
}

/// Everything a person does to a project's decisions, each once, for pages and the API alike.
public struct DecisionWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }
    var risks: RiskWorkflows { RiskWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func log(_ projectID: UUID, by acting: Acting) async throws -> DecisionLog {
        let project = try await projects.readable(projectID, by: acting)
        async let decisions = store.decisions(ofProject: projectID)
        async let items = store.raidItems(ofProject: projectID)
        return DecisionLog(project: project, decisions: try await decisions, items: try await items)
    }

    /// The decisions that link to one RAID item (its page lists them).
    public func decisions(linkedTo item: RAIDItem) async throws -> [Decision] {
        try await store.decisions(linkedTo: item)
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableDecision {
        guard let decision = try await store.decision(id) else { throw NotFound("decision") }
        return ReadableDecision(item: decision, project: try await projects.readable(decision.projectID, by: acting, hiding: "decision"))
    }

    /// The project a new decision is for, if the person may record one there.
    public func projectForNewDecision(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        try await risks.projectForNewRisk(projectID, by: acting)
    }

    public func create(projectID: UUID, _ input: DecisionInput, today: CalendarDate, by acting: Acting) async throws -> ReadableDecision {
        let project = try await projectForNewDecision(projectID, by: acting)
        let fields = try await validate(input, projectID: projectID, today: today)
        return ReadableDecision(item: try await store.createDecision(projectID: projectID, fields: fields, by: acting.audit), project: project)
    }

    /// Changes the fields `input` carries (nil keeps a field), if it is still at `expectedVersion`.
    public func update(_ current: ReadableDecision, _ input: DecisionInput, expectedVersion: Int, today: CalendarDate,
                       by acting: Acting) async throws -> ReadableDecision {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let before = current.item.fields
        // A date decided that is not changed stays valid, whatever today is.
        let fields = try await validate(input.overlaid(on: before), projectID: current.item.projectID, today: max(today, before.decidedOn))
        let decision = try await store.updateDecision(current.item.id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
        return ReadableDecision(item: decision, project: current.project)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableDecision {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteDecision)
        try await store.deleteDecision(id, by: acting.audit)
        return current
    }

    /// What a decision's form offers: the project's RAID items and the people who may be named as deciding.
    public func formChoices(_ project: ReadableProject, decider: UUID? = nil) async throws -> (items: [RAIDItemLabel], deciders: [(UUID, String)]) {
        async let items = store.raidItems(ofProject: project.project.id)
        async let deciders = risks.owners(project, owner: decider)
        return (try await items, try await deciders)
    }

    private func validate(_ input: DecisionInput, projectID: UUID, today: CalendarDate) async throws -> DecisionFields {
        let items = try await store.raidItems(ofProject: projectID)
        return try DecisionFields.validate(input, items: Dictionary(items.map { ($0.item.id, $0.item) }, uniquingKeysWith: { first, _ in first }),
                                           deciders: try await store.isActivePerson(input.deciderID), today: today)
    }
}
