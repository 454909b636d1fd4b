import Foundation
import SQLKit
import WaymarkDomain

struct NamedItemRow: Decodable {
    var id: UUID
    var name: String
    var description: String
    var version: Int

    var item: NamedItem { NamedItem(id: id, name: name, description: description, version: version) }
}

struct StageRow: Decodable {
    var id: UUID
    var key: String
    var name: String
    var position: Int
    var gate: String?
    var description: String
}

extension Store {
    public func namedItems(_ kind: NamedItemKind) async throws -> [NamedItem] {
        try await rows("SELECT id, name, description, version FROM \(ident: kind.rawValue) ORDER BY name",
                       as: NamedItemRow.self).map(\.item)
    }

    public func namedItem(_ kind: NamedItemKind, _ id: UUID) async throws -> NamedItem? {
        try await row("SELECT id, name, description, version FROM \(ident: kind.rawValue) WHERE id = \(bind: id)",
                      as: NamedItemRow.self)?.item
    }

    public func themes() async throws -> [Theme] { try await namedItems(.theme).map(\.theme) }
    public func programmes() async throws -> [Programme] { try await namedItems(.programme).map(\.programme) }

    public func createNamedItem(_ kind: NamedItemKind, _ fields: NamedItemFields, by actor: AuditActor) async throws -> NamedItem {
        try await write { store in
            try await store.refuseDuplicateName(kind, fields.name, except: nil)
            let id = UUID()
            try await store.insertingUniquely(field: "name", "A \(kind.noun) called \(fields.name) already exists") {
                try await store.run("""
                    INSERT INTO \(ident: kind.rawValue) (id, name, description, version, created_at, updated_at)
                    VALUES (\(bind: id), \(bind: fields.name), \(bind: fields.description), 1, \(bind: store.now()), \(bind: store.now()))
                    """)
            }
            try await store.record(kind == .theme ? .themeCreated : .programmeCreated, id, subject: fields.name,
                                   changes: FieldChange.created([("name", fields.name), ("description", fields.description)]),
                                   by: actor)
            return NamedItem(id: id, name: fields.name, description: fields.description, version: 1)
        }
    }

    public func updateNamedItem(_ kind: NamedItemKind, _ id: UUID, expectedVersion: Int, _ fields: NamedItemFields,
                                by actor: AuditActor) async throws -> NamedItem {
        try await write { store in
            guard let before = try await store.namedItem(kind, id) else { throw NotFound(kind.noun) }
            try await store.refuseDuplicateName(kind, fields.name, except: id)
            let version = try await store.insertingUniquely(field: "name", "A \(kind.noun) called \(fields.name) already exists") {
                try await store.conditionalUpdate(kind.rawValue, id: id, expectedVersion: expectedVersion,
                                                  set: "name = \(bind: fields.name), description = \(bind: fields.description)")
            }
            try await store.record(kind == .theme ? .themeChanged : .programmeChanged, id, subject: fields.name,
                                   changes: FieldChange.between([("name", before.name), ("description", before.description)],
                                                                [("name", fields.name), ("description", fields.description)]),
                                   by: actor)
            return NamedItem(id: id, name: fields.name, description: fields.description, version: version)
        }
    }

    private func refuseDuplicateName(_ kind: NamedItemKind, _ name: String, except id: UUID?) async throws {
        let clash = try await rows("""
            SELECT id, name, description, version FROM \(ident: kind.rawValue) WHERE LOWER(name) = \(bind: name.lowercased())
            """, as: NamedItemRow.self).first { $0.id != id }
        if let clash { throw ValidationFailure("name", "A \(kind.noun) called \(clash.name) already exists", kind: .taken) }
    }

    public func stages() async throws -> [LifecycleStage] {
        try await rows("SELECT id, key, name, position, gate, description FROM lifecycle_stages ORDER BY position",
                       as: StageRow.self).map {
            LifecycleStage(id: $0.id, key: $0.key, name: $0.name, position: $0.position, gate: $0.gate, description: $0.description)
        }
    }
}

extension Store {
    /// Organisations, programmes, themes and stages, kept in memory while the "references" change
    /// counter stays where it was when they were read.
    public func referenceData() async throws -> ReferenceData {
        try await derived(.references, from: \.references) { store in
            (try await store.generation(of: .references), try await store.readReferenceData())
        }
    }

    func readReferenceData() async throws -> ReferenceData {
        ReferenceData(organisations: try await organisations(), programmes: try await programmes(),
                      themes: try await themes(), stages: try await stages())
    }
}
