import Foundation

/// What a person list is narrowed to.
public struct PeopleFilter: Sendable {
    public var organisationID: UUID?
    public var includeInactive: Bool
    public var text: String?

    public init(organisationID: UUID? = nil, includeInactive: Bool = false, text: String? = nil) {
        self.organisationID = organisationID
        self.includeInactive = includeInactive
        self.text = text
    }
}
