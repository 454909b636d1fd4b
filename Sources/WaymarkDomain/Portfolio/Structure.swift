import Foundation

/// A strategic theme: one of the ICS's priorities that projects contribute to.
public struct Theme: Codable, Equatable, Sendable, Identifiable {
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
}

/// A programme (workstream) grouping projects.
public struct Programme: Codable, Equatable, Sendable, Identifiable {
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
}

/// A theme's or programme's name and description after validation: they share one shape.
public struct NamedItemFields: Equatable, Sendable {
    public var name: String
    public var description: String

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }

    public static func validate(name: String?, description: String?, noun: String) throws -> NamedItemFields {
        var errors = FieldErrors()
        let name = errors.text(name, "name", "Name", limit: 120, blank: "Enter the \(noun)'s name")
        let description = errors.text(description, "description", "Description", limit: 2_000, multiline: true) ?? ""
        try errors.throwIfAny()
        return NamedItemFields(name: name!, description: description)
    }
}
