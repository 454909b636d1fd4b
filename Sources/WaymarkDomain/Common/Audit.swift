import Foundation

public enum AuditAction: String, Codable, Sendable {
    case create
    case update
    case delete
    case close
}

/// One field that changed, with its old and new value as a person would read them.
public struct FieldChange: Equatable, Codable, Sendable {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }

    /// The fields whose values differ between two snapshots, in the order of `after`'s keys.
    public static func between(_ before: [(String, String?)], _ after: [(String, String?)]) -> [FieldChange] {
        let old = Dictionary(before, uniquingKeysWith: { first, _ in first })
        return after.compactMap { field, value in
            let previous = old[field] ?? nil
            return previous == value ? nil : FieldChange(field: field, old: previous, new: value)
        }
    }

    /// Every field of a new record (old values empty).
    public static func created(_ after: [(String, String?)]) -> [FieldChange] {
        after.compactMap { field, value in
            value.map { FieldChange(field: field, old: nil, new: $0) }
        }
    }
}

/// A recorded change: who did what to which record, and when.
public struct AuditEvent: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var occurredAt: Date
    public var actorID: UUID?
    public var actorName: String
    public var entityType: String
    public var entityID: UUID
    public var projectID: UUID?
    public var action: AuditAction
    public var summary: String
    public var changes: [FieldChange]

    public init(id: UUID, occurredAt: Date, actorID: UUID?, actorName: String, entityType: String,
                entityID: UUID, projectID: UUID?, action: AuditAction, summary: String, changes: [FieldChange]) {
        self.id = id
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.actorName = actorName
        self.entityType = entityType
        self.entityID = entityID
        self.projectID = projectID
        self.action = action
        self.summary = summary
        self.changes = changes
    }
}
