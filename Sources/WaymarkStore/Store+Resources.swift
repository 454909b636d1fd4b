import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let resourceColumns: SQLQueryString = """
        r.id, r.title, r.summary, r.kind, r.body, r.url, r.tags, r.version, r.created_at, r.updated_at,
        f.name AS file_name, f.type AS file_type, f.size AS file_size
        """
    static let resourceFrom: SQLQueryString = "resources r LEFT JOIN resource_files f ON f.resource_id = r.id"

    /// The library's resources matching `query`, by title. The library is hundreds of resources
    /// (1,500 in a region), kept in memory while the `resources` counter stands still and read in
    /// two statements when it has moved. A stage's resources are found through the library's
    /// index of stages, not by looking at every resource: each project page asks for them.
    public func resources(_ query: ResourceQuery = ResourceQuery()) async throws -> [Resource] {
        let library = try await derived(.resources, from: \.resources) { store in
            let generation = try await store.generation(of: .resources)
            return (generation, ResourceLibrary(try await store.withStages(try await store.rows(
                "SELECT \(Self.resourceColumns) FROM \(Self.resourceFrom) ORDER BY LOWER(r.title)", reading: Self.resource), all: true)))
        }
        guard let stage = query.stageID else { return library.all.filter(query.admits) }
        let positions = library.byStage[stage] ?? []
        var found: [Resource] = []
        found.reserveCapacity(positions.count)
        for position in positions where query.admits(library.all[position]) {
            found.append(library.all[position])
        }
        return found
    }

    public func resource(_ id: UUID) async throws -> Resource? {
        try await withStages(try await rows("SELECT \(Self.resourceColumns) FROM \(Self.resourceFrom) WHERE r.id = \(bind: id)",
                                            reading: Self.resource)).first
    }

    /// An uploaded file's content.
    public func resourceFileContent(_ id: UUID) async throws -> Data? {
        try await rows("SELECT content FROM resource_files WHERE resource_id = \(bind: id)", reading: { try $0.data("content") }).first
    }

    /// The resources with their stages, read in one more statement (for the whole library,
    /// without an id list).
    private func withStages(_ resources: [Resource], all: Bool = false) async throws -> [Resource] {
        guard !resources.isEmpty else { return resources }
        let only: SQLQueryString = all ? "" : "WHERE resource_id IN \(SQLBind.group(resources.map(\.id)))"
        let stages = try await rows("SELECT resource_id, stage_id FROM resource_stages \(only) ORDER BY resource_id, position",
                                    reading: { (try $0.uuid("resource_id"), try $0.uuid("stage_id")) })
        let byResource = Dictionary(grouping: stages, by: \.0)
        return resources.map { resource in
            var resource = resource
            resource.fields.stageIDs = byResource[resource.id]?.map(\.1) ?? []
            return resource
        }
    }

    /// Adds a resource, with its file when one was uploaded.
    public func createResource(_ fields: ResourceFields, file: (ResourceFile, Data)?, by actor: AuditActor) async throws -> Resource {
        try await write { store in
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO resources (id, title, summary, kind, body, url, tags, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: fields.title), \(bind: fields.summary), \(bind: fields.kind.rawValue), \(bind: fields.body),
                        \(bind: fields.url), \(bind: try TagsColumn.encode(fields.tags)), 1, \(bind: now), \(bind: now))
                """)
            try await store.replaceStages(of: id, with: fields.stageIDs)
            if let file { try await store.replaceFile(of: id, with: file) }
            try await store.record(.resourceCreated, id, subject: fields.title,
                                   changes: FieldChange.created(fields.auditValues + Self.fileAudit(file?.0)), by: actor)
            return Resource(id: id, fields: fields, file: file?.0, version: 1, createdAt: now, updatedAt: now)
        }
    }

    /// Changes a resource if it is still at `expectedVersion`; a new file replaces the old one,
    /// and `removeFile` takes it away.
    public func updateResource(_ id: UUID, expectedVersion: Int, _ fields: ResourceFields, file: (ResourceFile, Data)?, removeFile: Bool,
                               by actor: AuditActor) async throws -> Resource {
        try await write { store in
            guard var resource = try await store.resource(id) else { throw NotFound("resource") }
            let now = store.now()
            let version = try await store.conditionalUpdate("resources", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), summary = \(bind: fields.summary), kind = \(bind: fields.kind.rawValue), body = \(bind: fields.body),
                url = \(bind: fields.url), tags = \(bind: try TagsColumn.encode(fields.tags))
                """)
            try await store.replaceStages(of: id, with: fields.stageIDs)
            let before = resource.file
            if let file { try await store.replaceFile(of: id, with: file); resource.file = file.0 }
            else if removeFile { try await store.run("DELETE FROM resource_files WHERE resource_id = \(bind: id)"); resource.file = nil }
            let changes = FieldChange.between(resource.fields.auditValues + Self.fileAudit(before), fields.auditValues + Self.fileAudit(resource.file))
            if !changes.isEmpty { try await store.record(.resourceChanged, id, subject: fields.title, changes: changes, by: actor) }
            resource.fields = fields
            resource.version = version
            resource.updatedAt = now
            return resource
        }
    }

    public func deleteResource(_ id: UUID, expectedVersion: Int?, by actor: AuditActor) async throws {
        try await write { store in
            guard let resource = try await store.resource(id) else { throw NotFound("resource") }
            if let expectedVersion, expectedVersion != resource.version { throw VersionConflict(currentVersion: resource.version) }
            try await store.run("DELETE FROM resources WHERE id = \(bind: id)")
            try await store.record(.resourceDeleted, id, subject: resource.fields.title, changes: [], by: actor)
        }
    }

    static func fileAudit(_ file: ResourceFile?) -> [(String, String?)] {
        [("file", file.map { "\($0.name) (\($0.type.rawValue), \($0.size) bytes)" })]
    }

    private func replaceStages(of id: UUID, with stages: [UUID]) async throws {
        try await run("DELETE FROM resource_stages WHERE resource_id = \(bind: id)")
        for (position, stage) in stages.enumerated() {
            try await run("INSERT INTO resource_stages (resource_id, position, stage_id) VALUES (\(bind: id), \(bind: position), \(bind: stage))")
        }
    }

    private func replaceFile(of id: UUID, with file: (ResourceFile, Data)) async throws {
        try await run("DELETE FROM resource_files WHERE resource_id = \(bind: id)")
        try await run("""
            INSERT INTO resource_files (resource_id, name, type, size, content)
            VALUES (\(bind: id), \(bind: file.0.name), \(bind: file.0.type.rawValue), \(bind: file.0.size), \(bind: file.1))
            """)
    }

    static func resource(_ columns: Columns) throws -> Resource {
        let fields = ResourceFields(title: try columns.string("title"), summary: try columns.string("summary"),
                                    kind: try Columns.choice(try columns.string("kind"), "kind"), body: try columns.string("body"),
                                    url: try columns.string("url"), tags: try TagsColumn.decode(try columns.string("tags")))
        var file: ResourceFile?
        if let name = try columns.optionalString("file_name") {
            file = ResourceFile(name: name, type: try Columns.choice(try columns.string("file_type"), "file_type"), size: try columns.int("file_size"))
        }
        return Resource(id: try columns.uuid("id"), fields: fields, file: file, version: try columns.int("version"),
                        createdAt: try columns.date("created_at"), updatedAt: try columns.date("updated_at"))
    }
}

/// The resource library as it is kept: every resource by title, and where each stage's are.
struct ResourceLibrary: Sendable {
    let all: [Resource]
    /// Each stage's resources, as positions in `all` (so by title).
    let byStage: [UUID: [Int]]

    init(_ all: [Resource]) {
        self.all = all
        var byStage: [UUID: [Int]] = [:]
        for (position, resource) in all.enumerated() {
            for stage in resource.fields.stageIDs { byStage[stage, default: []].append(position) }
        }
        self.byStage = byStage
    }
}
