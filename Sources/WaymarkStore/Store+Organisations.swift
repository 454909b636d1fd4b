import Foundation
import SQLKit
import WaymarkDomain

struct OrganisationRow: Decodable {
    var id: UUID
    var name: String
    var code: String
    var codeKind: String
    var kind: String
    var version: Int

    func organisation() throws -> Organisation {
        Organisation(id: id, name: name, code: code, codeKind: try Columns.choice(codeKind, "code_kind"),
                     kind: try Columns.choice(kind, "kind"), version: version)
    }
}

extension OrganisationFields {
    var auditValues: [(String, String?)] {
        [("name", name), ("code", code), ("codeKind", codeKind.rawValue), ("kind", kind.rawValue)]
    }
}

extension Store {
    public func organisations() async throws -> [Organisation] {
        try await rows("SELECT id, name, code, code_kind, kind, version FROM organisations ORDER BY name",
                       as: OrganisationRow.self).map { try $0.organisation() }
    }

    public func organisation(_ id: UUID) async throws -> Organisation? {
        try await row("SELECT id, name, code, code_kind, kind, version FROM organisations WHERE id = \(bind: id)",
                      as: OrganisationRow.self)?.organisation()
    }

    public func createOrganisation(_ fields: OrganisationFields, by actor: AuditActor) async throws -> Organisation {
        try await write { store in
            try await store.refuseDuplicateOrganisation(fields, except: nil)
            let id = UUID()
            try await store.insertingUniquely(field: "code", "An organisation with code \(fields.code) already exists") {
                try await store.run("""
                    INSERT INTO organisations (id, name, code, code_kind, kind, project_sequence, version, created_at, updated_at)
                    VALUES (\(bind: id), \(bind: fields.name), \(bind: fields.code), \(bind: fields.codeKind.rawValue),
                            \(bind: fields.kind.rawValue), 0, 1, \(bind: store.now()), \(bind: store.now()))
                    """)
            }
            try await store.record(.organisationCreated, id, subject: fields.name,
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return Organisation(id: id, name: fields.name, code: fields.code, codeKind: fields.codeKind,
                                kind: fields.kind, version: 1)
        }
    }

    public func updateOrganisation(_ id: UUID, expectedVersion: Int, fields: OrganisationFields,
                                   by actor: AuditActor) async throws -> Organisation {
        try await write { store in
            guard let before = try await store.organisation(id) else { throw NotFound("organisation") }
            try await store.refuseDuplicateOrganisation(fields, except: id)
            // Project codes already given out keep the old organisation code: they are references
            // people have written down.
            let version = try await store.insertingUniquely(field: "code", "An organisation with code \(fields.code) already exists") {
                try await store.conditionalUpdate("organisations", id: id, expectedVersion: expectedVersion, set: """
                    name = \(bind: fields.name), code = \(bind: fields.code), code_kind = \(bind: fields.codeKind.rawValue),
                    kind = \(bind: fields.kind.rawValue)
                    """)
            }
            let beforeFields = OrganisationFields(name: before.name, code: before.code, codeKind: before.codeKind, kind: before.kind)
            try await store.record(.organisationChanged, id, subject: fields.name,
                                   changes: FieldChange.between(beforeFields.auditValues, fields.auditValues), by: actor)
            return Organisation(id: id, name: fields.name, code: fields.code, codeKind: fields.codeKind,
                                kind: fields.kind, version: version)
        }
    }

    private func refuseDuplicateOrganisation(_ fields: OrganisationFields, except id: UUID?) async throws {
        let clash = try await rows("""
            SELECT id, name, code, code_kind, kind, version FROM organisations
            WHERE (code = \(bind: fields.code) OR LOWER(name) = \(bind: fields.name.lowercased()))
            """, as: OrganisationRow.self).first { $0.id != id }
        guard let clash else { return }
        if clash.code == fields.code {
            throw ValidationFailure("code", "An organisation with code \(fields.code) already exists: \(clash.name)", kind: .taken)
        }
        throw ValidationFailure("name", "An organisation called \(clash.name) already exists", kind: .taken)
    }

    /// Turns a unique-constraint refusal (two people saving at once) into the field error the
    /// earlier check would have given.
    @discardableResult
    func insertingUniquely<T>(field: String, _ message: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch where error.isConstraintFailure {
            throw ValidationFailure(field, message, kind: .taken)
        }
    }
}
