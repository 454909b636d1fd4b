import Foundation
import WaymarkDomain
import WaymarkStore

/// The person doing something, as every workflow takes them: what the access policy asks about
/// and how the audit trail names them.
public struct Acting: Sendable {
    public var person: Person

    public init(_ person: Person) { self.person = person }

    public var actor: Actor { person.actor }
    public var audit: AuditActor { AuditActor(id: person.id, name: person.name) }
}

/// Turns a password into the hash kept for it. The web layer gives Vapor's bcrypt, run off the
/// event loop; workflows need not know which.
public struct PasswordHashing: Sendable {
    public var hash: @Sendable (String) async throws -> String

    public init(_ hash: @escaping @Sendable (String) async throws -> String) { self.hash = hash }
}
