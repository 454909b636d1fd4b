import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let assumptionColumns: SQLQueryString = """
        a.id, a.project_id, a.number, a.statement, a.impact_if_wrong, a.owner_id, a.status, a.validate_by, a.validated_on,
        a.version, a.created_at, a.updated_at
        """

    public func assumption(_ id: UUID) async throws -> Assumption? {
        try await rows("SELECT \(Self.assumptionColumns) FROM assumptions a WHERE a.id = \(bind: id)", reading: Self.assumption).first
    }

    /// A project's assumptions, by number.
    public func assumptions(ofProject projectID: UUID) async throws -> [Assumption] {
        try await rows("SELECT \(Self.assumptionColumns) FROM assumptions a WHERE a.project_id = \(bind: projectID) ORDER BY a.number",
                       reading: Self.assumption)
    }

    /// Records an assumption on a project's log with the next number.
    public func createAssumption(projectID: UUID, fields: AssumptionFields, by actor: AuditActor) async throws -> Assumption {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM assumptions WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO assumptions (id, project_id, number, statement, impact_if_wrong, owner_id, status, validate_by, validated_on,
                    version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: fields.statement), \(bind: fields.impactIfWrong),
                        \(bind: fields.ownerID), \(bind: fields.status.rawValue), \(bind: fields.validateBy?.description),
                        \(bind: fields.validatedOn?.description), 1, \(bind: now), \(bind: now))
                """)
            let assumption = Assumption(id: id, projectID: projectID, number: number, fields: fields, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.assumptionCreated, id, projectID: projectID, subject: "\(assumption.reference) \(fields.statement)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return assumption
        }
    }

    /// Changes an assumption if it is still at `expectedVersion` (else `VersionConflict`).
    public func updateAssumption(_ id: UUID, expectedVersion: Int, fields: AssumptionFields, by actor: AuditActor) async throws -> Assumption {
        try await write { store in
            guard var assumption = try await store.assumption(id) else { throw NotFound("assumption") }
            let now = store.now()
            let version = try await store.conditionalUpdate("assumptions", id: id, expectedVersion: expectedVersion, at: now, set: """
                statement = \(bind: fields.statement), impact_if_wrong = \(bind: fields.impactIfWrong), owner_id = \(bind: fields.ownerID),
                status = \(bind: fields.status.rawValue), validate_by = \(bind: fields.validateBy?.description),
                validated_on = \(bind: fields.validatedOn?.description)
                """)
            let event: AuditEventCode = assumption.fields.status.isOpen && !fields.status.isOpen ? .assumptionValidated : .assumptionChanged
            try await store.record(event, id, projectID: assumption.projectID, subject: "\(assumption.reference) \(fields.statement)",
                                   changes: FieldChange.between(assumption.fields.auditValues, fields.auditValues), by: actor)
            assumption.fields = fields
            assumption.version = version
            assumption.updatedAt = now
            return assumption
        }
    }

    /// Removes an assumption recorded by mistake, with its actions. The audit trail keeps the record.
    public func deleteAssumption(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let assumption = try await store.assumption(id) else { throw NotFound("assumption") }
            try await store.run("DELETE FROM assumptions WHERE id = \(bind: id)")
            try await store.record(.assumptionDeleted, id, projectID: assumption.projectID,
                                   subject: "\(assumption.reference) \(assumption.fields.statement)", changes: [], by: actor)
        }
    }

    static func assumption(_ columns: Columns) throws -> Assumption {
        let fields = AssumptionFields(
            statement: try columns.string("statement"), impactIfWrong: try columns.string("impact_if_wrong"),
            ownerID: try columns.optionalUUID("owner_id"), status: try Columns.choice(try columns.string("status"), "status"),
            validateBy: try columns.optionalString("validate_by").map(calendarDate),
            validatedOn: try columns.optionalString("validated_on").map(calendarDate))
        return Assumption(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                          fields: fields, version: try columns.int("version"), createdAt: try columns.date("created_at"),
                          updatedAt: try columns.date("updated_at"))
    }
}
