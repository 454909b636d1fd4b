import Foundation

/// An API token as its owner sees it: never the secret, which is shown once and stored only as a hash.
public struct APITokenInfo: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var personID: UUID
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: UUID, personID: UUID, name: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.personID = personID
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
