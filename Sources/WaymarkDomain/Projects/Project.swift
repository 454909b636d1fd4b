import Foundation

public enum Methodology: String, CaseIterable, Codable, Sendable {
    case project
    case qi
    case programme

    public var label: String {
        switch self {
        case .project: "Project management"
        case .qi: "Quality improvement"
        case .programme: "Programme"
        }
    }
}

/// A project's lifecycle status. Not RAG: delivery status comes with status reporting.
public enum ProjectStatus: String, CaseIterable, Codable, Sendable {
    case active
    case onHold = "on-hold"
    case closed
    case cancelled

    /// Still active after `endDate`: a portfolio office chases these (close it, or re-plan).
    public func isPastEnd(_ endDate: CalendarDate?, today: CalendarDate) -> Bool {
        self == .active && endDate.map { $0 < today } == true
    }

    public var label: String {
        switch self {
        case .active: "Active"
        case .onHold: "On hold"
        case .closed: "Closed"
        case .cancelled: "Cancelled"
        }
    }
}

/// A stage of the lifecycle (NHS-CONVENTIONS.md section 6). Rows of a table, not an enum,
/// because gates make the lifecycle configurable per system.
public struct LifecycleStage: Codable, Equatable, Sendable, Identifiable {
    public var id: UUID
    public var key: String
    public var name: String
    public var position: Int
    /// The gate a project passes to enter this stage, if any ("Gate 1").
    public var gate: String?
    public var description: String

    public init(id: UUID, key: String, name: String, position: Int, gate: String?, description: String) {
        self.id = id
        self.key = key
        self.name = name
        self.position = position
        self.gate = gate
        self.description = description
    }
}

extension LifecycleStage {
    /// The first stage with a gate that moving a project from stage `from` to stage `to` would
    /// enter, going forward through `stages`; nil going back, staying, or passing no gate. A
    /// project passes a gate only by the board's approval of a gate review, never by an edit.
    public static func gateEntered(from: UUID, to: UUID, in stages: [LifecycleStage]) -> LifecycleStage? {
        guard let start = stages.first(where: { $0.id == from })?.position,
              let end = stages.first(where: { $0.id == to })?.position, end > start else { return nil }
        return stages.filter { $0.position > start && $0.position <= end && $0.gate != nil }.min { $0.position < $1.position }
    }
}

/// The default lifecycle: Idea/Mandate -> [Gate 0] Proposal -> [Gate 1] Business case ->
/// [Gate 2] Initiation -> Delivery -> [Gate 3] Closure -> Benefits realisation (cf. IPA Gate 5).
public enum DefaultLifecycle {
    public struct Stage: Sendable {
        public let key: String
        public let name: String
        public let gate: String?
        public let description: String
    }

    public static let stages: [Stage] = [
        Stage(key: "mandate", name: "Idea / mandate", gate: nil,
              description: "An idea or mandate has been recorded and is waiting for a proposal."),
        Stage(key: "proposal", name: "Proposal", gate: "Gate 0",
              description: "Outline business case: the problem, options and expected benefits."),
        Stage(key: "business-case", name: "Business case", gate: "Gate 1",
              description: "Full business case: costs, benefits, risks and the preferred option."),
        Stage(key: "initiation", name: "Initiation", gate: "Gate 2",
              description: "Project initiation document: scope, plan, governance and measures."),
        Stage(key: "delivery", name: "Delivery", gate: nil,
              description: "The work is under way, with stage reviews."),
        Stage(key: "closure", name: "Closure", gate: "Gate 3",
              description: "Closure report and lessons learned."),
        Stage(key: "benefits", name: "Benefits realisation", gate: nil,
              description: "Benefits are tracked after the project has closed."),
    ]
}

/// A project's reference, made from the lead organisation's code and a running number ("RH5-0042").
public struct ProjectCode: Equatable, Sendable, CustomStringConvertible {
    public let organisationCode: String
    public let number: Int

    public init(organisationCode: String, number: Int) {
        self.organisationCode = organisationCode
        self.number = number
    }

    public var description: String {
        let digits = String(number)
        return organisationCode + "-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

public struct Project: Codable, Equatable, Sendable, Identifiable {
    public var id: UUID
    public var code: String
    public var fields: ProjectFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, code: String, fields: ProjectFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.code = code
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func accessFacts(actorTeamRole: TeamRole?) -> ProjectAccessFacts {
        ProjectAccessFacts(visibility: fields.visibility, leadOrganisationID: fields.leadOrganisationID,
                           partnerOrganisationIDs: Set(fields.partnerOrganisationIDs),
                           actorTeamRole: actorTeamRole)
    }
}

/// A person on a project team.
public struct TeamMember: Equatable, Sendable {
    public var personID: UUID
    public var name: String
    public var email: String
    public var organisationID: UUID
    public var role: TeamRole

    public init(personID: UUID, name: String, email: String, organisationID: UUID, role: TeamRole) {
        self.personID = personID
        self.name = name
        self.email = email
        self.organisationID = organisationID
        self.role = role
    }
}
