import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let dependencyColumns: SQLQueryString = """
        d.id, d.project_id, d.number, d.title, d.description, d.provider_project_id, d.external, d.needed_by, d.owner_id,
        d.status, d.version, d.created_at, d.updated_at
        """

    public func dependency(_ id: UUID) async throws -> Dependency? {
        try await rows("SELECT \(Self.dependencyColumns) FROM dependencies d WHERE d.id = \(bind: id)", reading: Self.dependency).first
    }

    /// The project with this code, if there is one.
    public func projectID(code: String) async throws -> UUID? {
        try await rows("SELECT id FROM projects WHERE code = \(bind: code)", reading: { try $0.uuid("id") }).first
    }

    /// Records a dependency on the log of the project that depends, with the next number.
    public func createDependency(projectID: UUID, fields: DependencyFields, by actor: AuditActor) async throws -> Dependency {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM dependencies WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO dependencies (id, project_id, number, title, description, provider_project_id, external, needed_by,
                    owner_id, status, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: fields.title), \(bind: fields.description),
                        \(bind: fields.providerProjectID), \(bind: fields.external), \(bind: fields.neededBy.description),
                        \(bind: fields.ownerID), \(bind: fields.status.rawValue), 1, \(bind: now), \(bind: now))
                """)
            let dependency = Dependency(id: id, projectID: projectID, number: number, fields: fields, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.dependencyCreated, id, projectID: projectID, subject: "\(dependency.reference) \(fields.title)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return dependency
        }
    }

    /// Changes a dependency if it is still at `expectedVersion` (else `VersionConflict`).
    public func updateDependency(_ id: UUID, expectedVersion: Int, fields: DependencyFields, by actor: AuditActor) async throws -> Dependency {
        try await write { store in
            guard var dependency = try await store.dependency(id) else { throw NotFound("dependency") }
            let now = store.now()
            let version = try await store.conditionalUpdate("dependencies", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), description = \(bind: fields.description),
                provider_project_id = \(bind: fields.providerProjectID), external = \(bind: fields.external),
                needed_by = \(bind: fields.neededBy.description), owner_id = \(bind: fields.ownerID), status = \(bind: fields.status.rawValue)
                """)
            let event: AuditEventCode = dependency.fields.status.isOpen && !fields.status.isOpen ? .dependencyMet : .dependencyChanged
            try await store.record(event, id, projectID: dependency.projectID, subject: "\(dependency.reference) \(fields.title)",
                                   changes: FieldChange.between(dependency.fields.auditValues, fields.auditValues), by: actor)
            dependency.fields = fields
            dependency.version = version
            dependency.updatedAt = now
            return dependency
        }
    }

    /// Removes a dependency recorded by mistake. The audit trail keeps the record.
    public func deleteDependency(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let dependency = try await store.dependency(id) else { throw NotFound("dependency") }
            try await store.run("DELETE FROM dependencies WHERE id = \(bind: id)")
            try await store.record(.dependencyDeleted, id, projectID: dependency.projectID,
                                   subject: "\(dependency.reference) \(dependency.fields.title)", changes: [], by: actor)
        }
    }

    /// Every dependency, from memory while the `dependencies` counter stands still.
    public func dependencyRegister() async throws -> DependencyRegister {
        try await derived(.dependencies, from: \.dependencies) { store in
            let rows = try await store.rows("""
                SELECT g.value AS generation, \(Self.dependencyColumns)
                FROM change_counters g LEFT JOIN dependencies d ON 1 = 1
                WHERE g.name = 'dependencies'
                """, reading: { columns in
                (try columns.int64("generation"), try columns.optionalUUID("id") == nil ? nil : try Self.dependency(columns))
            })
            let generation = rows.first?.0 ?? 0
            return (generation, DependencyRegister(generation: generation, dependencies: rows.compactMap(\.1)))
        }
    }

    /// The register and the projects this person may read, read together.
    public func dependencies(rule: ProjectReadRule) async throws -> (DependencyRegister, ReadableProjects) {
        async let index = portfolioIndex()
        async let register = dependencyRegister()
        return (try await register, try await index.readableProjects(rule: rule))
    }

    static func dependency(_ columns: Columns) throws -> Dependency {
        let fields = DependencyFields(
            title: try columns.string("title"), description: try columns.string("description"),
            providerProjectID: try columns.optionalUUID("provider_project_id"), external: try columns.string("external"),
            neededBy: try calendarDate(try columns.string("needed_by")), ownerID: try columns.optionalUUID("owner_id"),
            status: try Columns.choice(try columns.string("status"), "status"))
        return Dependency(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                          fields: fields, version: try columns.int("version"), createdAt: try columns.date("created_at"),
                          updatedAt: try columns.date("updated_at"))
    }
}
