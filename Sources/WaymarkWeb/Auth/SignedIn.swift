import Vapor
import WaymarkDomain
import WaymarkStore

/// The person behind a request and how they proved it.
public struct SignedIn: Sendable {
    public enum Credential: Sendable {
        /// A browser session; its CSRF token must accompany every change.
        case session(idHash: String, csrfToken: String)
        case apiToken
    }

    public let person: Person
    public let credential: Credential

    public var actor: Actor { person.actor }
    public var auditActor: AuditActor { AuditActor(id: person.id, name: person.name) }

    public var csrfToken: String? {
        if case .session(_, let token) = credential { return token }
        return nil
    }
}

struct SignedInKey: StorageKey {
    typealias Value = SignedIn
}

struct RequestStoreKey: StorageKey {
    typealias Value = Store
}

extension Request {
    var signedIn: SignedIn? {
        get { storage[SignedInKey.self] }
        set { storage[SignedInKey.self] = newValue }
    }

    /// The signed-in person; routes behind `RequireSignIn` always have one.
    func requireSignedIn() throws -> SignedIn {
        guard let signedIn else { throw Abort(.unauthorized) }
        return signedIn
    }

    /// The store for this request, made once (Fluent makes a new database handle on each `db`),
    /// with the change counters this request reads.
    var store: Store {
        if let store = storage[RequestStoreKey.self] { return store }
        let waymark = application.waymark
        let store = Store(db, writer: waymark.settings.database.writerID.map { db($0) }, now: waymark.clock,
                          instance: waymark.storeInstance, requestCounters: RequestCounters())
        storage[RequestStoreKey.self] = store
        return store
    }
}
