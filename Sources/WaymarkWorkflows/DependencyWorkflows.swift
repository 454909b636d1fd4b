import Foundation
import WaymarkDomain
import WaymarkStore

/// A dependency as one person may see it: both ends as they may see them, and what the policy
/// lets them do. Only the depending project's team changes it (`project`, nil when they may read
/// only the project depended on).
public struct ReadableDependency: Sendable {
    public var seen: SeenDependency
    public var project: ReadableProject?
    public var dependency: Dependency { seen.dependency }
    public var canEdit: Bool { project?.canEdit ?? false }
    public var canDelete: Bool { project?.canManage ?? false }

    public init(seen: SeenDependency, project: ReadableProject?) {
        self.seen = seen
        self.project = project
    }
}

/// A project's dependencies as one person may see them: what it depends on and what depends on it.
public struct DependencyLog: Sendable {
    public var project: ReadableProject
    public var dependsOn: [SeenDependency]
    public var dependedOnBy: [SeenDependency]
}

/// Everything a person does to dependencies, each once, for pages and the API alike. A
/// dependency belongs to the project that depends; the project it depends on shows it too. Whoever
/// may read neither project gets `NotFound`; an end they may not read is shown without its code,
/// title or organisation.
public struct DependencyWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func log(_ projectID: UUID, by acting: Acting) async throws -> DependencyLog {
        let project = try await projects.readable(projectID, by: acting)
        let (register, readable) = try await store.dependencies(rule: AccessPolicy.readRule(for: acting.actor))
        let (dependsOn, dependedOnBy) = register.log(of: projectID, readable: readable)
        return DependencyLog(project: project, dependsOn: dependsOn, dependedOnBy: dependedOnBy)
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableDependency {
        let (register, readable) = try await store.dependencies(rule: AccessPolicy.readRule(for: acting.actor))
        guard let seen = register.seen(id, readable: readable) else { throw NotFound("dependency") }
        let project = seen.dependent.projectID == nil ? nil : try await projects.readable(seen.dependency.projectID, by: acting)
        return ReadableDependency(seen: seen, project: project)
    }

    /// The project a new dependency is for, if the person may record one there.
    public func projectForNewDependency(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        try await RiskWorkflows(store).projectForNewRisk(projectID, by: acting)
    }

    public func create(projectID: UUID, _ input: DependencyInput, by acting: Acting) async throws -> ReadableDependency {
        _ = try await projectForNewDependency(projectID, by: acting)
        let fields = try await validate(input, project: projectID, by: acting)
        let dependency = try await store.createDependency(projectID: projectID, fields: fields, by: acting.audit)
        return try await readable(dependency.id, by: acting)
    }

    /// Changes the fields `input` carries (nil keeps a field), if it is still at `expectedVersion`.
    public func update(_ current: ReadableDependency, _ input: DependencyInput, expectedVersion: Int,
                       by acting: Acting) async throws -> ReadableDependency {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        // A project depended on that is kept is kept even if this person may not read it.
        let fields = try await validate(input.overlaid(on: current.dependency.fields), project: current.dependency.projectID,
                                        keeping: current.dependency.fields.providerProjectID, by: acting)
        _ = try await store.updateDependency(current.dependency.id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
        return try await readable(current.dependency.id, by: acting)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableDependency {
        let current = try await readable(id, by: acting)
        guard current.project != nil else { throw Forbidden(.editProject) }
        try AccessPolicy.require(current.canDelete, else: .deleteDependency)
        try await store.deleteDependency(id, by: acting.audit)
        return current
    }

    /// One page of the dependencies of the projects this person may read (either end).
    public func register(_ query: DependencyRegisterQuery, today: CalendarDate, page: PageRequest,
                         by acting: Acting) async throws -> DependencyRegisterListing {
        let (register, readable) = try await store.dependencies(rule: AccessPolicy.readRule(for: acting.actor))
        return register.listing(query, readable: readable, today: today, page: page)
    }

    /// The people a dependency's owner is chosen from: the project's team, with its owner if not on it.
    public func owners(_ project: ReadableProject, owner: UUID? = nil) async throws -> [(UUID, String)] {
        try await RiskWorkflows(store).owners(project, owner: owner)
    }

    /// The input checked; the project depended on is found by id or code among the projects this
    /// person may read, or is the one it already had (`keeping`).
    private func validate(_ input: DependencyInput, project: UUID, keeping: UUID? = nil, by acting: Acting) async throws -> DependencyFields {
        let readable = try await store.portfolioIndex().readableProjects(rule: AccessPolicy.readRule(for: acting.actor))
        var found: UUID?
        if let text = input.dependsOnProject?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            var id = UUID(uuidString: text)
            if id == nil { id = try await store.projectID(code: text) }
            if let id, id == keeping || readable.entry(id) != nil { found = id }
        }
        return try DependencyFields.validate(input, project: project, provider: { [found] _ in found },
                                             owners: try await store.isActivePerson(input.ownerID))
    }
}
