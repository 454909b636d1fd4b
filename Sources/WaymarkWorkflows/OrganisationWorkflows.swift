import Foundation
import WaymarkDomain
import WaymarkStore

/// Adding and changing the organisations of the system.
public struct OrganisationWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public func find(_ id: UUID) async throws -> Organisation {
        guard let organisation = try await store.organisation(id) else { throw NotFound("organisation") }
        return organisation
    }

    public func requireManager(_ acting: Acting) throws {
        try AccessPolicy.require(AccessPolicy.canManageOrganisations(acting.actor), else: .manageOrganisations)
    }

    public func create(_ input: OrganisationInput, by acting: Acting) async throws -> Organisation {
        try requireManager(acting)
        return try await store.createOrganisation(try OrganisationFields.validate(input), by: acting.audit)
    }

    /// Changes the fields `input` carries (nil keeps them).
    public func update(_ id: UUID, _ input: OrganisationInput, expectedVersion: Int, by acting: Acting) async throws -> Organisation {
        try requireManager(acting)
        return try await update(try await find(id), input, expectedVersion: expectedVersion, by: acting)
    }

    /// As `update(_:_:expectedVersion:by:)`, for an organisation the caller has just read with `find`.
    public func update(_ current: Organisation, _ input: OrganisationInput, expectedVersion: Int,
                       by acting: Acting) async throws -> Organisation {
        try requireManager(acting)
        let id = current.id
        let merged = OrganisationInput(name: input.name ?? current.name, code: input.code ?? current.code,
                                       codeKind: input.codeKind ?? current.codeKind.rawValue, kind: input.kind ?? current.kind.rawValue)
        return try await store.updateOrganisation(id, expectedVersion: expectedVersion, fields: try OrganisationFields.validate(merged),
                                                  by: acting.audit)
    }
}

/// Strategic themes and programmes: the portfolio office's structure.
public struct StructureWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public func find(_ kind: NamedItemKind, _ id: UUID) async throws -> NamedItem {
        guard let item = try await store.namedItem(kind, id) else { throw NotFound(kind.noun) }
        return item
    }

    public func requireManager(_ acting: Acting) throws {
        try AccessPolicy.require(AccessPolicy.canManagePortfolioStructure(acting.actor), else: .managePortfolioStructure)
    }

    public func create(_ kind: NamedItemKind, name: String?, description: String?, by acting: Acting) async throws -> NamedItem {
        try requireManager(acting)
        return try await store.createNamedItem(kind, try NamedItemFields.validate(name: name, description: description, noun: kind.noun),
                                               by: acting.audit)
    }

    /// Changes what is sent (nil keeps it).
    public func update(_ kind: NamedItemKind, _ id: UUID, name: String?, description: String?, expectedVersion: Int,
                       by acting: Acting) async throws -> NamedItem {
        try requireManager(acting)
        return try await update(kind, try await find(kind, id), name: name, description: description,
                                expectedVersion: expectedVersion, by: acting)
    }

    /// As `update(_:_:name:description:expectedVersion:by:)`, for an item the caller has just read with `find`.
    public func update(_ kind: NamedItemKind, _ current: NamedItem, name: String?, description: String?, expectedVersion: Int,
                       by acting: Acting) async throws -> NamedItem {
        try requireManager(acting)
        let id = current.id
        let fields = try NamedItemFields.validate(name: name ?? current.name, description: description ?? current.description,
                                                  noun: kind.noun)
        return try await store.updateNamedItem(kind, id, expectedVersion: expectedVersion, fields, by: acting.audit)
    }
}
