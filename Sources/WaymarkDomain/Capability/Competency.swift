import Foundation

/// A proficiency level of the competency framework (NHS-CONVENTIONS.md section 9).
public enum ProficiencyLevel: Int, CaseIterable, Codable, Comparable, Sendable {
    case awareness = 1, practitioner, expert, leader

    public var label: String {
        switch self {
        case .awareness: "Awareness"
        case .practitioner: "Practitioner"
        case .expert: "Expert"
        case .leader: "Leader"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The roles a target profile is set for.
public enum CapabilityRole: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    case projectManager = "project-manager"
    case sro
    case qiLead = "qi-lead"
    case pmoAnalyst = "pmo-analyst"

    public var label: String {
        switch self {
        case .projectManager: "Project manager"
        case .sro: "Senior responsible owner"
        case .qiLead: "QI lead"
        case .pmoAnalyst: "Portfolio office analyst"
        }
    }
}

/// One competency: what it is, what each level looks like, and the level each role needs.
public struct Competency: Codable, Equatable, Sendable {
    /// Stable across versions; resources tagged with it are suggested for it.
    public var key: String
    public var name: String
    public var description: String
    /// What someone at each level does, from awareness to leader.
    public var descriptors: [String]
    /// The level each role needs (a role with none needs no particular level).
    public var targets: [CapabilityRole: ProficiencyLevel]

    public init(key: String, name: String, description: String, descriptors: [String], targets: [CapabilityRole: ProficiencyLevel]) {
        self.key = key
        self.name = name
        self.description = description
        self.descriptors = descriptors
        self.targets = targets
    }

    public func descriptor(_ level: ProficiencyLevel) -> String {
        descriptors.indices.contains(level.rawValue - 1) ? descriptors[level.rawValue - 1] : ""
    }
}

public struct CompetencyDomain: Codable, Equatable, Sendable {
    public var name: String
    public var competencies: [Competency]

    public init(name: String, competencies: [Competency]) {
        self.name = name
        self.competencies = competencies
    }
}

/// One version of the system's framework. Every change the portfolio office makes is a new
/// version; an assessment keeps the version it was made against.
public struct CompetencyFramework: Codable, Equatable, Sendable {
    public var version: Int
    public var domains: [CompetencyDomain]

    public init(version: Int, domains: [CompetencyDomain]) {
        self.version = version
        self.domains = domains
    }

    public var competencies: [Competency] { domains.flatMap(\.competencies) }

    public func competency(_ key: String) -> Competency? { competencies.first { $0.key == key } }

    /// This framework with one competency's wording and targets changed, as the next version.
    public func changing(_ competency: Competency) -> CompetencyFramework {
        var next = self
        next.version += 1
        for (d, domain) in next.domains.enumerated() {
            for (c, existing) in domain.competencies.enumerated() where existing.key == competency.key {
                next.domains[d].competencies[c] = competency
            }
        }
        return next
    }
}

/// What the framework's editor sends for one competency.
public struct CompetencyInput: KeyedInput {
    public var name: String?
    public var description: String?
    public var awareness: String?
    public var practitioner: String?
    public var expert: String?
    public var leader: String?
    public var targetProjectManager: String?
    public var targetSRO: String?
    public var targetQILead: String?
    public var targetPMOAnalyst: String?

    public static var fields: [(key: String, path: WritableKeyPath<CompetencyInput, String?>)] {
        [
            ("name", \.name), ("description", \.description), ("awareness", \.awareness), ("practitioner", \.practitioner),
            ("expert", \.expert), ("leader", \.leader), ("target-project-manager", \.targetProjectManager), ("target-sro", \.targetSRO),
            ("target-qi-lead", \.targetQILead), ("target-pmo-analyst", \.targetPMOAnalyst),
        ]
    }

    public init() {}

    public init(showing competency: Competency) {
        name = competency.name
        description = competency.description
        awareness = competency.descriptor(.awareness)
        practitioner = competency.descriptor(.practitioner)
        expert = competency.descriptor(.expert)
        leader = competency.descriptor(.leader)
        targetProjectManager = competency.targets[.projectManager].map { String($0.rawValue) } ?? ""
        targetSRO = competency.targets[.sro].map { String($0.rawValue) } ?? ""
        targetQILead = competency.targets[.qiLead].map { String($0.rawValue) } ?? ""
        targetPMOAnalyst = competency.targets[.pmoAnalyst].map { String($0.rawValue) } ?? ""
    }

    static var targetPaths: [(CapabilityRole, WritableKeyPath<CompetencyInput, String?>, String)] {
        [
        (.projectManager, \.targetProjectManager, "target-project-manager"), (.sro, \.targetSRO, "target-sro"),
        (.qiLead, \.targetQILead, "target-qi-lead"), (.pmoAnalyst, \.targetPMOAnalyst, "target-pmo-analyst"),
        ]
    }

    public static func targetKey(_ role: CapabilityRole) -> String { targetPaths.first { $0.0 == role }!.2 }
}

extension Competency {
    public static let nameLimit = 120
    public static let textLimit = 1_000

    /// A competency's new wording and targets checked, every problem at once; its key stays.
    public static func validate(_ input: CompetencyInput, key: String) throws -> Competency {
        var errors = FieldErrors()
        let name = errors.text(input.name, "name", "Name", limit: nameLimit, blank: "Enter the competency's name")
        let description = errors.text(input.description, "description", "Description", limit: textLimit, multiline: true) ?? ""
        var descriptors: [String] = []
        for (level, path, field) in [(ProficiencyLevel.awareness, \CompetencyInput.awareness, "awareness"),
                                     (.practitioner, \.practitioner, "practitioner"), (.expert, \.expert, "expert"), (.leader, \.leader, "leader")] {
            descriptors.append(errors.text(input[keyPath: path], field, level.label, limit: textLimit, multiline: true,
                                           blank: "Describe what someone at the \(level.label.lowercased()) level does") ?? "")
        }
        var targets: [CapabilityRole: ProficiencyLevel] = [:]
        for (role, path, field) in CompetencyInput.targetPaths {
            guard let text = input[keyPath: path].exactOrNil else { continue }
            if let number = Int(text), let level = ProficiencyLevel(rawValue: number) { targets[role] = level }
            else { errors.add(field, "Select the level a \(role.label.lowercased()) needs, or none") }
        }
        try errors.throwIfAny()
        return Competency(key: key, name: name!, description: description, descriptors: descriptors, targets: targets)
    }
}
