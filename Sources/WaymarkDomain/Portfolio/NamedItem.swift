import Foundation

/// Themes and programmes share one shape. The raw value names them in URLs and the database.
public enum NamedItemKind: String, Sendable, CaseIterable {
    case theme = "themes"
    case programme = "programmes"

    public var noun: String {
        switch self {
        case .theme: "strategic theme"
        case .programme: "programme"
        }
    }
}

public struct NamedItem: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    public var description: String
    public var version: Int

    public init(id: UUID, name: String, description: String, version: Int) {
        self.id = id
        self.name = name
        self.description = description
        self.version = version
    }

    public var theme: Theme { Theme(id: id, name: name, description: description, version: version) }
    public var programme: Programme { Programme(id: id, name: name, description: description, version: version) }
}
