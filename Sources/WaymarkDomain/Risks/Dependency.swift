import Foundation

/// Where a dependency stands (NHS-CONVENTIONS 2: the RAID log's dependencies).
public enum DependencyStatus: String, CaseIterable, Codable, Sendable {
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case late
    case met

    public var label: String {
        switch self {
        case .onTrack: "On track"
        case .atRisk: "At risk"
        case .late: "Late"
        case .met: "Met"
        }
    }

    /// Still needed: anything but met.
    public var isOpen: Bool { self != .met }
}

/// A dependency as a person records it on the project that depends: what it needs, from another
/// project (perhaps another organisation's) or from something outside Waymark, and by when.
public struct DependencyFields: Codable, Equatable, Sendable {
    public var title: String
    public var description: String
    /// The project depended on; nil when it is something outside Waymark (`external`), or when
    /// that project was deleted.
    public var providerProjectID: UUID?
    /// What outside Waymark it depends on, and who provides it; empty for another project.
    public var external: String
    public var neededBy: CalendarDate
    public var ownerID: UUID?
    public var status: DependencyStatus

    public init(title: String, description: String = "", providerProjectID: UUID? = nil, external: String = "",
                neededBy: CalendarDate, ownerID: UUID? = nil, status: DependencyStatus = .onTrack) {
        self.title = title
        self.description = description
        self.providerProjectID = providerProjectID
        self.external = external
        self.neededBy = neededBy
        self.ownerID = ownerID
        self.status = status
    }

    /// Still needed, and its needed-by date has passed.
    public func isOverdue(today: CalendarDate) -> Bool {
        status.isOpen && neededBy < today
    }

    /// At risk, late or overdue: what a register lists first.
    public func needsAttention(today: CalendarDate) -> Bool {
        status == .atRisk || status == .late || isOverdue(today: today)
    }

    public var auditValues: [(String, String?)] {
        [
            ("title", title), ("description", description), ("dependsOnProject", providerProjectID?.lowercasedText),
            ("external", external), ("neededBy", neededBy.description), ("ownerId", ownerID?.lowercasedText),
            ("status", status.rawValue),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// A dependency as typed into a form or sent to the API: every value as text, nil for "keep".
/// `dependsOnProject` is a project's id or its code ("" for none: something outside Waymark).
public struct DependencyInput: Sendable {
    public var title: String?
    public var description: String?
    public var dependsOnProject: String?
    public var external: String?
    public var neededBy: String?
    public var ownerID: String?
    public var status: String?

    public static var fields: [(key: String, path: WritableKeyPath<DependencyInput, String?>)] {
        [
            ("title", \.title), ("description", \.description), ("dependsOnProject", \.dependsOnProject), ("external", \.external),
            ("neededBy", \.neededBy), ("ownerId", \.ownerID), ("status", \.status),
        ]
    }

    public init() {}

    /// A dependency's fields as a form shows them; the project depended on by `providerCode`
    /// (its code, when the person may read it), else by id.
    public init(_ fields: DependencyFields, providerCode: String? = nil) {
        title = fields.title
        description = fields.description
        dependsOnProject = providerCode ?? fields.providerProjectID?.lowercasedText ?? ""
        external = fields.external
        neededBy = fields.neededBy.description
        ownerID = fields.ownerID?.lowercasedText ?? ""
        status = fields.status.rawValue
    }

    public func overlaid(on fields: DependencyFields) -> DependencyInput {
        let current = DependencyInput(fields)
        var merged = self
        for (_, path) in Self.fields where merged[keyPath: path] == nil {
            merged[keyPath: path] = current[keyPath: path]
        }
        return merged
    }
}

extension DependencyFields {
    public static let titleLimit = 200
    public static let textLimit = 4_000
    public static let externalLimit = 300
    /// A project's id or code as typed.
    public static let projectLimit = 100

    /// The dependency's input checked, every problem at once. `project` is the project that
    /// depends; `provider` finds the project a text names (an id or a code) among those the person
    /// may read, nil when it names none of them; `owners` are the people who may own it.
    public static func validate(_ input: DependencyInput, project: UUID, provider: (String) -> UUID?,
                                owners: Set<UUID>) throws -> DependencyFields {
        var errors = FieldErrors()
        let title = errors.text(input.title, "title", "Title", limit: titleLimit, blank: "Enter a short title for the dependency")
        let description = errors.text(input.description, "description", "Description", limit: textLimit, multiline: true) ?? ""
        let external = errors.text(input.external, "external", "What it depends on outside Waymark", limit: externalLimit) ?? ""
        var providerID: UUID?
        let named = errors.text(input.dependsOnProject, "dependsOnProject", "The project depended on", limit: projectLimit)
        if let named {
            if let id = provider(named) {
                if id == project { errors.add("dependsOnProject", "A project cannot depend on itself: name another project", kind: .rule) }
                else { providerID = id }
            } else {
                errors.add("dependsOnProject", "Enter the code of a project you can see (it is shown above each project's title)",
                           kind: .reference)
            }
            if !external.isEmpty {
                errors.add("external", "Name another project or something outside Waymark, not both: clear one of them", kind: .rule)
            }
        } else if external.isEmpty && !errors.errors.contains(where: { $0.field == "external" || $0.field == "dependsOnProject" }) {
            errors.add("dependsOnProject", "Say what this project depends on: another project's code, or something outside Waymark",
                       kind: .rule)
        }
        let neededBy = errors.date(input.neededBy, "neededBy", "Date needed by")
        if neededBy == nil && input.neededBy.exactOrNil == nil {
            errors.add("neededBy", "Enter the date it is needed by", kind: .rule)
        }
        var status = DependencyStatus.onTrack
        if let text = input.status.exactOrNil {
            if let parsed = DependencyStatus(rawValue: text) { status = parsed }
            else { errors.add("status", "Select a status: on track, at risk, late or met") }
        }
        var owner: UUID?
        if let text = input.ownerID.exactOrNil {
            if let id = UUID(uuidString: text), owners.contains(id) { owner = id }
            else { errors.add("ownerId", "Select an owner from the people listed", kind: UUID(uuidString: text) == nil ? .invalid : .reference) }
        } else if status.isOpen {
            errors.add("ownerId", "Select who owns the dependency: one still needed needs an owner", kind: .rule)
        }
        try errors.throwIfAny()
        return DependencyFields(title: title!, description: description, providerProjectID: providerID, external: external,
                                neededBy: neededBy!, ownerID: owner, status: status)
    }
}

/// A dependency on the log of the project that depends ("D2" there).
public struct Dependency: Codable, Equatable, Sendable {
    public var id: UUID
    /// The project that depends.
    public var projectID: UUID
    public var number: Int
    public var fields: DependencyFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: DependencyFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "D\(number)" }

    /// Whether it is kept on no project any more: it named a project since deleted.
    public var lostItsProvider: Bool { fields.providerProjectID == nil && fields.external.isEmpty }
}
