import Foundation

/// How urgently an issue needs resolving (NHS-CONVENTIONS 2: the RAID log's issues).
public enum IssuePriority: String, CaseIterable, Codable, Sendable, Comparable {
    case critical, high, medium, low

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// Critical first.
    public static func < (a: IssuePriority, b: IssuePriority) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public enum IssueStatus: String, CaseIterable, Codable, Sendable {
    case open
    case inProgress = "in-progress"
    case resolved
    case closed

    public var label: String {
        switch self {
        case .open: "Open"
        case .inProgress: "In progress"
        case .resolved: "Resolved"
        case .closed: "Closed"
        }
    }

    /// Still to be dealt with: open or in progress.
    public var isActive: Bool { self == .open || self == .inProgress }
}

/// An issue as a person describes it: something that has happened and needs managing.
public struct IssueFields: Codable, Equatable, Sendable {
    public var title: String
    public var description: String
    public var priority: IssuePriority
    public var ownerID: UUID?
    public var raisedOn: CalendarDate
    /// When it should be resolved by.
    public var targetDate: CalendarDate?
    public var status: IssueStatus
    /// How it was resolved: required once it is resolved or closed.
    public var resolution: String
    public var escalation: EscalationLevel

    public init(title: String, description: String = "", priority: IssuePriority = .medium, ownerID: UUID? = nil,
                raisedOn: CalendarDate, targetDate: CalendarDate? = nil, status: IssueStatus = .open, resolution: String = "",
                escalation: EscalationLevel = .project) {
        self.title = title
        self.description = description
        self.priority = priority
        self.ownerID = ownerID
        self.raisedOn = raisedOn
        self.targetDate = targetDate
        self.status = status
        self.resolution = resolution
        self.escalation = escalation
    }

    /// Whether it is past its target date and still to be dealt with.
    public func isOverdue(today: CalendarDate) -> Bool {
        guard status.isActive, let targetDate else { return false }
        return targetDate < today
    }

    /// The fields as the audit trail keeps them: by the API's keys, stored values, nil for empty.
    public var auditValues: [(String, String?)] {
        [
            ("title", title), ("description", description), ("priority", priority.rawValue),
            ("ownerId", ownerID?.lowercasedText), ("raisedOn", raisedOn.description), ("targetDate", targetDate?.description),
            ("status", status.rawValue), ("resolution", resolution),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// An issue as typed into a form or sent to the API: every value as text, nil for "keep".
public struct IssueInput: Sendable {
    public var title: String?
    public var description: String?
    public var priority: String?
    public var ownerID: String?
    public var raisedOn: String?
    public var targetDate: String?
    public var status: String?
    public var resolution: String?

    /// Every field, by the key forms and the API name it, with its place here.
    public static var fields: [(key: String, path: WritableKeyPath<IssueInput, String?>)] {
        [
            ("title", \.title), ("description", \.description), ("priority", \.priority), ("ownerId", \.ownerID),
            ("raisedOn", \.raisedOn), ("targetDate", \.targetDate), ("status", \.status), ("resolution", \.resolution),
        ]
    }

    public init() {}

    /// An issue's fields as a form shows them.
    public init(_ fields: IssueFields) {
        title = fields.title
        description = fields.description
        priority = fields.priority.rawValue
        ownerID = fields.ownerID?.lowercasedText ?? ""
        raisedOn = fields.raisedOn.description
        targetDate = fields.targetDate?.description ?? ""
        status = fields.status.rawValue
        resolution = fields.resolution
    }

    /// This input with every field it does not carry (nil) taken from `fields`.
    public func overlaid(on fields: IssueFields) -> IssueInput {
        let current = IssueInput(fields)
        var merged = self
        for (_, path) in Self.fields where merged[keyPath: path] == nil {
            merged[keyPath: path] = current[keyPath: path]
        }
        return merged
    }
}

extension IssueFields {
    public static let titleLimit = 200
    public static let textLimit = 4_000

    /// The issue's input checked, every problem at once. `owners` are the people who may own it
    /// (active accounts); a new issue raised without a date was raised `today`.
    public static func validate(_ input: IssueInput, owners: Set<UUID>, today: CalendarDate,
                                escalation: EscalationLevel = .project) throws -> IssueFields {
        var errors = FieldErrors()
        let title = errors.text(input.title, "title", "Title", limit: titleLimit, blank: "Enter a short title for the issue")
        let description = errors.text(input.description, "description", "Description", limit: textLimit, multiline: true) ?? ""
        let resolution = errors.text(input.resolution, "resolution", "Resolution", limit: textLimit, multiline: true) ?? ""
        var priority = IssuePriority.medium
        if let text = input.priority.exactOrNil {
            if let parsed = IssuePriority(rawValue: text) { priority = parsed }
            else { errors.add("priority", "Select a priority: critical, high, medium or low") }
        }
        var status = IssueStatus.open
        if let text = input.status.exactOrNil {
            if let parsed = IssueStatus(rawValue: text) { status = parsed }
            else { errors.add("status", "Select a status: open, in progress, resolved or closed") }
        }
        var owner: UUID?
        if let text = input.ownerID.exactOrNil {
            if let id = UUID(uuidString: text), owners.contains(id) { owner = id }
            else { errors.add("ownerId", "Select an owner from the people listed", kind: UUID(uuidString: text) == nil ? .invalid : .reference) }
        } else if status.isActive {
            errors.add("ownerId", "Select who owns the issue: an open issue needs an owner", kind: .rule)
        }
        let raised = errors.date(input.raisedOn, "raisedOn", "Date raised")
        let target = errors.date(input.targetDate, "targetDate", "Target resolution date")
        if let raised, raised > today {
            errors.add("raisedOn", "The date raised cannot be in the future", kind: .rule)
        }
        if let target, let start = raised ?? (input.raisedOn.exactOrNil == nil ? today : nil), target < start {
            errors.add("targetDate", "The target resolution date must be on or after the date raised", kind: .rule)
        }
        if !status.isActive && resolution.isEmpty {
            errors.add("resolution", "Say how the issue was resolved: a \(status.label.lowercased()) issue needs a resolution", kind: .rule)
        }
        try errors.throwIfAny()
        return IssueFields(title: title!, description: description, priority: priority, ownerID: owner, raisedOn: raised ?? today,
                           targetDate: target, status: status, resolution: resolution, escalation: escalation)
    }
}

/// An issue on a project's log: its number on the project ("I3"), its fields, and the risk it
/// was raised from when a risk materialised.
public struct Issue: Codable, Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: IssueFields
    /// The risk that materialised into this issue, if it came from one.
    public var riskID: UUID?
    public var escalationReason: String
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: IssueFields, riskID: UUID? = nil, escalationReason: String = "",
                version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.riskID = riskID
        self.escalationReason = escalationReason
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "I\(number)" }
}

extension IssueFields {
    /// The issue a materialised risk becomes: its title, its event and effect as the description,
    /// its owner, raised today, its priority from the risk's current band (the top band critical,
    /// the next high, and so on).
    public static func materialised(from risk: Risk, bands: RiskBandTable, today: CalendarDate) -> IssueFields {
        let place = bands.bands.firstIndex { $0.name == risk.currentBand } ?? 0
        let fromTop = bands.bands.count - 1 - place
        let priority = IssuePriority.allCases[min(max(fromTop, 0), IssuePriority.allCases.count - 1)]
        let description = [risk.fields.event, risk.fields.effect].filter { !$0.isEmpty }
            .joined(separator: "\n\n")
        return IssueFields(title: risk.fields.title,
                           description: description.isEmpty ? "Raised from risk \(risk.reference)." : String(String.UnicodeScalarView(description.unicodeScalars.prefix(textLimit))),
                           priority: priority, ownerID: risk.fields.ownerID, raisedOn: today)
    }
}
