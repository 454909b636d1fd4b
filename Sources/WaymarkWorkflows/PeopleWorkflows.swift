import Foundation
import WaymarkDomain
import WaymarkStore

/// Adding and changing accounts, for the people pages and the API alike.
public struct PeopleWorkflows: Sendable {
    let store: Store
    let passwords: PasswordHashing

    public init(_ store: Store, passwords: PasswordHashing) {
        self.store = store
        self.passwords = passwords
    }

    /// The person, if this one may see them (every active account; a deactivated one only to
    /// those who manage it).
    public func visible(_ id: UUID, by acting: Acting) async throws -> Person {
        guard let person = try await store.person(id), AccessPolicy.canSee(acting.actor, person: person) else {
            throw NotFound("person")
        }
        return person
    }

    /// The person, if this one may change their account.
    public func manageable(_ id: UUID, by acting: Acting) async throws -> Person {
        let person = try await visible(id, by: acting)
        try AccessPolicy.require(AccessPolicy.canManagePerson(acting.actor, organisationID: person.organisationID, role: person.role),
                                 else: .managePerson)
        return person
    }

    /// The people this person may see, as the filter asks.
    public func list(_ filter: PeopleFilter, by acting: Acting) async throws -> [Person] {
        var filter = filter
        filter.includeInactive = filter.includeInactive && AccessPolicy.canAdministerPeople(acting.actor)
        return try await store.people(filter).filter { AccessPolicy.canSee(acting.actor, person: $0) }
    }

    /// The organisations this person may put accounts in: what the form offers.
    public func grantableOrganisations(by acting: Acting) async throws -> [Organisation] {
        try await store.organisations().filter { AccessPolicy.canGrant(acting.actor, inOrganisation: $0.id) }
    }

    public func newInput(by acting: Acting) throws -> PersonInput {
        try AccessPolicy.require(AccessPolicy.canAdministerPeople(acting.actor), else: .administerPeople)
        return PersonInput(role: SystemRole.member.rawValue, organisationID: acting.person.organisationID.lowercasedText)
    }

    public func create(_ input: PersonInput, by acting: Acting) async throws -> Person {
        try AccessPolicy.require(AccessPolicy.canAdministerPeople(acting.actor), else: .administerPeople)
        let fields = try await validate(input, passwordRequired: true, by: acting)
        return try await store.createPerson(fields, passwordHash: try await passwords.hash(fields.password!), by: acting.audit)
    }

    /// Changes the fields `input` carries (nil keeps them; a password only when one is given),
    /// and deactivates or reactivates when `active` says so, in one transaction.
    public func update(_ id: UUID, _ input: PersonInput, active: Bool? = nil, expectedVersion: Int,
                       by acting: Acting) async throws -> Person {
        try await update(try await manageable(id, by: acting), input, active: active, expectedVersion: expectedVersion, by: acting)
    }

    /// As `update(_:_:active:expectedVersion:by:)`, for a person the caller has just read with `manageable`.
    public func update(_ current: Person, _ input: PersonInput, active: Bool? = nil, expectedVersion: Int,
                       by acting: Acting) async throws -> Person {
        let id = current.id
        let merged = PersonInput(name: input.name ?? current.name, email: input.email ?? current.email,
                                 role: input.role ?? current.role.rawValue,
                                 organisationID: input.organisationID ?? current.organisationID.lowercasedText,
                                 password: input.password)
        let fields = try await validate(merged, passwordRequired: false, by: acting)
        if active == false && !AccessPolicy.canDeactivate(acting.actor, personID: id) {
            throw ValidationFailure("active", Refusal.deactivateSelf.message, kind: .rule)
        }
        let hash = try await fields.password.asyncMap { try await passwords.hash($0) }
        return try await store.updatePerson(id, expectedVersion: expectedVersion, fields: fields, passwordHash: hash,
                                            active: active, by: acting.audit)
    }

    private func validate(_ input: PersonInput, passwordRequired: Bool, by acting: Acting) async throws -> PersonFields {
        let fields = try PersonFields.validate(input, knownOrganisations: Set(try await store.organisations().map(\.id)),
                                               passwordRequired: passwordRequired)
        if let error = AccessPolicy.grantError(acting.actor, role: fields.role, organisationID: fields.organisationID) {
            throw ValidationFailure([error])
        }
        return fields
    }
}

extension Optional where Wrapped: Sendable {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
