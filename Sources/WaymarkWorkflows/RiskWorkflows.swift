import Foundation
import WaymarkDomain
import WaymarkStore

/// A risk as one person may see it: the risk, its project as they may see it, and what the
/// policy lets them do with the risk (the project's rules: content editors change risks, those
/// who manage the project delete them).
public struct ReadableRisk: Sendable {
    public var risk: Risk
    public var project: ReadableProject
    public var canEdit: Bool { project.canEdit }

    public init(risk: Risk, project: ReadableProject) {
        self.risk = risk
        self.project = project
    }
    public var canDelete: Bool { project.canManage }
}

/// A project's risk register as one person may see it.
public struct RiskRegister: Sendable {
    public var project: ReadableProject
    /// The risks as read, each with what is written from it kept.
    public var held: ProjectRisks
    public var settings: RiskSettings

    public var risks: [Risk] { held.items }
}

/// A page of a register of escalated risks, with the counts its heat map draws.
public struct EscalatedRisks: Sendable {
    public var listing: RiskRegisterListing
    public var cells: [RiskRating: Int]

    public var page: Page<RegisteredRisk> { listing.page }
}

/// Everything a person does to a project's risks, each once, for pages and the API alike. A risk
/// belongs to its project: whoever may not read the project gets `NotFound` for its risks too.
public struct RiskWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func register(_ projectID: UUID, by acting: Acting) async throws -> RiskRegister {
        let project = try await projects.readable(projectID, by: acting)
        async let risks = store.projectRisks(projectID)
        async let settings = store.riskSettings()
        return RiskRegister(project: project, held: try await risks, settings: try await settings)
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableRisk {
        guard let risk = try await store.risk(id) else { throw NotFound("risk") }
        do {
            return ReadableRisk(risk: risk, project: try await projects.readable(risk.projectID, by: acting))
        } catch is NotFound {
            throw NotFound("risk")
        }
    }

    /// The project a new risk is for, if the person may record one there.
    public func projectForNewRisk(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        let project = try await projects.readable(projectID, by: acting)
        try AccessPolicy.require(project.canEdit, else: .editProject)
        return project
    }

    public func create(projectID: UUID, _ input: RiskInput, by acting: Acting) async throws -> ReadableRisk {
        let project = try await projectForNewRisk(projectID, by: acting)
        let fields = try RiskFields.validate(input, references: try await store.riskReferences(category: input.categoryID,
                                                                                              owner: input.ownerID))
        let risk = try await store.createRisk(projectID: projectID, fields: fields, settings: try await store.riskSettings(),
                                              by: acting.audit)
        return ReadableRisk(risk: risk, project: project)
    }

    /// Changes the fields `input` carries (nil keeps a field as it is), if the risk is still at
    /// `expectedVersion`.
    public func update(_ current: ReadableRisk, _ input: RiskInput, expectedVersion: Int, by acting: Acting) async throws -> ReadableRisk {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let before = current.risk.fields
        let merged = input.overlaid(on: before)
        let fields = try RiskFields.validate(merged, references: try await store.riskReferences(category: merged.categoryID,
                                                                                               owner: merged.ownerID,
                                                                                               keeping: before.categoryID),
                                             escalation: before.escalation)
        let risk = try await store.updateRisk(current.risk.id, expectedVersion: expectedVersion, fields: fields,
                                              settings: try await store.riskSettings(), by: acting.audit)
        return ReadableRisk(risk: risk, project: current.project)
    }

    /// Moves a risk to another register, with the reason: anyone who may change the project's
    /// content escalates its risks, and de-escalates them (the portfolio office can change any
    /// project it may read).
    public func escalate(_ current: ReadableRisk, level: String?, reason: String?, expectedVersion: Int,
                         by acting: Acting) async throws -> ReadableRisk {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let escalation = try RiskEscalation.validate(level: level, reason: reason, from: current.risk.fields.escalation)
        let risk = try await store.escalateRisk(current.risk.id, expectedVersion: expectedVersion, to: escalation, by: acting.audit)
        return ReadableRisk(risk: risk, project: current.project)
    }

    /// One page of the risks on the system's or an organisation's register, and how many sit in
    /// each cell of the matrix, of the projects this person may read.
    public func escalated(_ query: RiskRegisterQuery, page: PageRequest, by acting: Acting) async throws -> EscalatedRisks {
        let (risks, cells) = try await store.riskRegister(query, rule: AccessPolicy.readRule(for: acting.actor), page: page)
        return EscalatedRisks(listing: risks, cells: cells)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableRisk {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteRisk)
        try await store.deleteRisk(id, by: acting.audit)
        return current
    }

    public func scoreHistory(_ current: ReadableRisk) async throws -> [RiskScorePoint] {
        try await store.riskScoreHistory(current.risk.id)
    }

    /// What a risk's form offers: the categories in use (and `category`, the one the risk has,
    /// even if retired), and its owners (`owners`).
    public func formChoices(_ project: ReadableProject, owner: UUID? = nil,
                            category: UUID? = nil) async throws -> (categories: [RiskCategory], owners: [(UUID, String)]) {
        async let categories = store.riskCategories()
        async let owners = owners(project, owner: owner)
        return (RiskCategory.offered(try await categories, keeping: category), try await owners)
    }

    /// The people a RAID item's owner is chosen from: the project's team, with the item's owner if
    /// they are not on it.
    public func owners(_ project: ReadableProject, owner: UUID? = nil) async throws -> [(UUID, String)] {
        var owners = try await store.team(of: project.project.id).map { ($0.personID, $0.name) }
        if let owner, !owners.contains(where: { $0.0 == owner }), let person = try await store.person(owner) {
            owners.append((person.id, person.name))
        }
        return owners
    }
}
