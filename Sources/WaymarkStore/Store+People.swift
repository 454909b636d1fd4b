import Foundation
import SQLKit
import WaymarkDomain

extension Person {
    /// A person from the columns `Store.personColumns` names.
    init(_ columns: Columns) throws {
        self.init(id: try columns.uuid("id"), name: try columns.string("name"), email: try columns.string("email"),
                  role: try Columns.choice(try columns.string("role"), "role"),
                  organisationID: try columns.uuid("organisation_id"), active: try columns.bool("active"),
                  version: try columns.int("version"))
    }
}

extension Person {
    /// The account as the audit trail keeps it (the organisation by id).
    var auditValues: [(String, String?)] {
        [("name", name), ("email", email), ("role", role.rawValue), ("organisationId", organisationID.lowercasedText)]
    }
}

/// A person and their password hash, for signing in.
public struct PersonCredentials: Sendable {
    public var person: Person
    public var passwordHash: String
}

extension Store {
    /// The columns `Person.init(_: Columns)` reads, qualified with `alias` when a query joins `people` under one.
    static func personColumns(_ alias: String? = nil) -> SQLQueryString {
        SQLQueryString(["id", "name", "email", "role", "organisation_id", "active", "version"]
            .map { (alias.map { $0 + "." } ?? "") + $0 }.joined(separator: ", "))
    }

    public func people(_ filter: PeopleFilter = PeopleFilter()) async throws -> [Person] {
        var conditions: [SQLQueryString] = []
        if let organisationID = filter.organisationID { conditions.append("organisation_id = \(bind: organisationID)") }
        if !filter.includeInactive { conditions.append("active = TRUE") }
        if let text = filter.text?.trimmedOrNil {
            let pattern = LikePattern.contains(text)
            // A person is found by part of their name, email address or organisation's name.
            conditions.append("""
                LOWER(name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(email) LIKE \(bind: pattern) ESCAPE '\\'
                OR organisation_id IN (SELECT id FROM organisations WHERE LOWER(name) LIKE \(bind: pattern) ESCAPE '\\')
                """)
        }
        return try await rows("SELECT \(Store.personColumns()) FROM people WHERE \(SQLQueryString.all(conditions)) ORDER BY name, email",
                              reading: Person.init)
    }

    /// The names of the people with these ids, by id (those since deleted are absent).
    public func personNames(_ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let found = try await rows("SELECT id, name FROM people WHERE id IN \(SQLBind.group(Array(ids)))",
                                   reading: { (try $0.uuid("id"), try $0.string("name")) })
        return Dictionary(found, uniquingKeysWith: { first, _ in first })
    }

    public func person(_ id: UUID) async throws -> Person? {
        try await rows("SELECT \(Store.personColumns()) FROM people WHERE id = \(bind: id)", reading: Person.init).first
    }

    public func person(email: String) async throws -> Person? {
        try await rows("SELECT \(Store.personColumns()) FROM people WHERE email = \(bind: EmailAddress.normalised(email))",
                       reading: Person.init).first
    }

    public func credentials(email: String) async throws -> PersonCredentials? {
        try await rows("""
            SELECT \(Store.personColumns()), password_hash FROM people WHERE email = \(bind: EmailAddress.normalised(email))
            """, reading: { PersonCredentials(person: try Person($0), passwordHash: try $0.string("password_hash")) }).first
    }

    public func activeAdministratorCount() async throws -> Int {
        try await count("SELECT COUNT(*) AS n FROM people WHERE role = \(bind: SystemRole.admin.rawValue) AND active = TRUE")
    }

    public func createPerson(_ fields: PersonFields, passwordHash: String, by actor: AuditActor) async throws -> Person {
        try await write { store in
            if try await store.person(email: fields.email) != nil {
                throw ValidationFailure("email", "Someone with the email address \(fields.email) already has an account", kind: .taken)
            }
            let id = UUID()
            try await store.insertingUniquely(field: "email", "Someone with the email address \(fields.email) already has an account") {
                try await store.run("""
                    INSERT INTO people (id, name, email, password_hash, role, organisation_id, active, version, created_at, updated_at)
                    VALUES (\(bind: id), \(bind: fields.name), \(bind: fields.email), \(bind: passwordHash),
                            \(bind: fields.role.rawValue), \(bind: fields.organisationID), \(bind: true), 1,
                            \(bind: store.now()), \(bind: store.now()))
                    """)
            }
            let person = Person(id: id, name: fields.name, email: fields.email, role: fields.role,
                                organisationID: fields.organisationID, active: true, version: 1)
            try await store.record(.personCreated, id, subject: fields.name,
                                   changes: FieldChange.created(person.auditValues), by: actor)
            return person
        }
    }

    /// Changes name, email, role and organisation; a new password is set when `passwordHash` is
    /// given, and the account is deactivated or reactivated when `active` says so, all in one
    /// transaction. Only real changes are made and recorded: a save that changes nothing leaves
    /// the version and the history as they were (a stale version is still refused).
    public func updatePerson(_ id: UUID, expectedVersion: Int, fields: PersonFields, passwordHash: String?,
                             active: Bool? = nil, by actor: AuditActor) async throws -> Person {
        try await write { store in
            guard let before = try await store.person(id) else { throw NotFound("person") }
            var after = before
            after.name = fields.name
            after.email = fields.email
            after.role = fields.role
            after.organisationID = fields.organisationID
            if after == before && passwordHash == nil {
                guard before.version == expectedVersion else { throw VersionConflict(currentVersion: before.version) }
            } else {
                after = try await store.changeAccount(before, to: fields, expectedVersion: expectedVersion,
                                                      passwordHash: passwordHash, by: actor)
            }
            if let active, active != after.active {
                after = try await store.setActive(id, active, expectedVersion: after.version, by: actor)
            }
            return after
        }
    }

    private func changeAccount(_ before: Person, to fields: PersonFields, expectedVersion: Int, passwordHash: String?,
                               by actor: AuditActor) async throws -> Person {
        let store = self
        let id = before.id
        if let other = try await store.person(email: fields.email), other.id != id {
            throw ValidationFailure("email", "Someone with the email address \(fields.email) already has an account", kind: .taken)
        }
        try await store.refuseRemovingLastAdministrator(before, becoming: fields.role, active: before.active)
        var assignments: SQLQueryString = """
            name = \(bind: fields.name), email = \(bind: fields.email), role = \(bind: fields.role.rawValue),
            organisation_id = \(bind: fields.organisationID)
            """
        if let passwordHash { assignments = assignments + ", password_hash = \(bind: passwordHash)" }
        let version = try await store.insertingUniquely(field: "email", "Someone with the email address \(fields.email) already has an account") {
            try await store.conditionalUpdate("people", id: id, expectedVersion: expectedVersion, set: assignments)
        }
        var after = before
        after.name = fields.name
        after.email = fields.email
        after.role = fields.role
        after.organisationID = fields.organisationID
        after.version = version
        var changes = FieldChange.between(before.auditValues, after.auditValues)
        if passwordHash != nil { changes.append(FieldChange(field: "password", old: nil, new: AuditValue.passwordSet)) }
        if before.role != after.role || before.organisationID != after.organisationID || passwordHash != nil {
            // A changed role, organisation or password takes effect everywhere at once.
            try await store.endSessions(of: id)
        }
        if passwordHash != nil {
            // Someone else setting a password answers a compromise: whatever the old one let
            // anyone make (API tokens too) stops working.
            try await store.revokeTokens(of: id)
        }
        try await store.record(.personChanged, id, subject: fields.name, changes: changes, by: actor)
        return after
    }

    /// Deactivating ends the person's sessions and API tokens in the same transaction.
    public func setActive(_ id: UUID, _ active: Bool, expectedVersion: Int, by actor: AuditActor) async throws -> Person {
        try await write { store in
            guard var person = try await store.person(id) else { throw NotFound("person") }
            try await store.refuseRemovingLastAdministrator(person, becoming: person.role, active: active)
            person.version = try await store.conditionalUpdate("people", id: id, expectedVersion: expectedVersion,
                                                               set: "active = \(bind: active)")
            person.active = active
            if !active {
                try await store.endSessions(of: id)
                try await store.revokeTokens(of: id)
            }
            try await store.record(active ? .personReactivated : .personDeactivated, id, subject: person.name,
                                   changes: [FieldChange(field: "active", old: AuditValue.boolean(!active), new: AuditValue.boolean(active))],
                                   by: actor)
            return person
        }
    }

    /// The person's own new password (issue 14): every other session of theirs ends at once, the
    /// one they changed it in stays. Their API tokens stay too: they are credentials of their own,
    /// listed and revoked on the tokens page (a password set by someone else revokes them).
    public func changeOwnPassword(_ personID: UUID, passwordHash: String, keepingSession idHash: String?,
                                  by actor: AuditActor) async throws {
        try await write { store in
            guard let person = try await store.person(personID) else { throw NotFound("person") }
            try await store.run("""
                UPDATE people SET password_hash = \(bind: passwordHash), version = version + 1, updated_at = \(bind: store.now())
                WHERE id = \(bind: personID)
                """)
            if let idHash { try await store.endSessions(of: personID, except: idHash) } else { try await store.endSessions(of: personID) }
            try await store.record(.personPasswordChanged, personID, subject: person.name,
                                   changes: [FieldChange(field: "password", old: nil, new: AuditValue.passwordSet)], by: actor)
        }
    }

    /// Sets a password without a version check: the command-line reset for a locked-out administrator.
    public func resetPassword(email: String, passwordHash: String, by actor: AuditActor) async throws -> Person {
        try await write { store in
            guard let person = try await store.person(email: email) else { throw NotFound("person") }
            try await store.run("""
                UPDATE people SET password_hash = \(bind: passwordHash), version = version + 1, updated_at = \(bind: store.now())
                WHERE id = \(bind: person.id)
                """)
            try await store.endSessions(of: person.id)
            try await store.revokeTokens(of: person.id)
            try await store.record(.personPasswordReset, person.id, subject: person.name,
                                   changes: [FieldChange(field: "password", old: nil, new: AuditValue.passwordSet)], by: actor)
            return person
        }
    }

    /// The policy's rule (`AccessPolicy.lastAdministratorError`), asked with the count read inside
    /// the same write transaction, so two concurrent demotions cannot both pass.
    private func refuseRemovingLastAdministrator(_ person: Person, becoming role: SystemRole, active: Bool) async throws {
        guard person.role == .admin, person.active else { return }
        if let error = AccessPolicy.lastAdministratorError(person, becoming: role, active: active,
                                                           activeAdministrators: try await activeAdministratorCount()) {
            throw ValidationFailure([error])
        }
    }
}
