import Foundation

/// An item of a project's RAID log that actions serve and decisions link to: one of its risks,
/// issues, assumptions or dependencies (NHS-CONVENTIONS 2).
public enum RAIDItem: Codable, Equatable, Hashable, Sendable {
    case risk(UUID)
    case issue(UUID)
    case assumption(UUID)
    case dependency(UUID)

    public var id: UUID {
        switch self {
        case .risk(let id), .issue(let id), .assumption(let id), .dependency(let id): id
        }
    }

    /// "risk", "issue", "assumption" or "dependency", as the API names the kind.
    public var kind: String {
        switch self {
        case .risk: "risk"
        case .issue: "issue"
        case .assumption: "assumption"
        case .dependency: "dependency"
        }
    }

    public static let kinds = ["risk", "issue", "assumption", "dependency"]

    /// What the item's reference starts with on its log: R, I, A or D.
    public var referencePrefix: String {
        switch self {
        case .risk: "R"
        case .issue: "I"
        case .assumption: "A"
        case .dependency: "D"
        }
    }

    public init?(kind: String, id: UUID) {
        switch kind {
        case "risk": self = .risk(id)
        case "issue": self = .issue(id)
        case "assumption": self = .assumption(id)
        case "dependency": self = .dependency(id)
        default: return nil
        }
    }
}

/// A RAID item of a project as an action's or a decision's form lists it: "R3 Waiting lists grow".
public struct RAIDItemLabel: Equatable, Sendable {
    public var item: RAIDItem
    public var reference: String
    public var title: String

    public init(item: RAIDItem, reference: String, title: String) {
        self.item = item
        self.reference = reference
        self.title = title
    }

    public var text: String { reference + " " + title }
}
