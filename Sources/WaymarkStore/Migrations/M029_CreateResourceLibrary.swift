import FluentKit
import Foundation
import SQLKit
import WaymarkDomain

/// The resource library (issue 13): resources written in Markdown, external links, and uploaded
/// files kept in the database beside their resource (never under the web root: they are served
/// only by their own route, as attachments); the lifecycle stages each serves; the starter set
/// Waymark ships (`StarterResources`), linked to stages by key. Resources join one search.
///
/// Written out here as it was when this migration was made.
struct M029_CreateResourceLibrary: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("resources")
            .id()
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("kind", .string, .required)
            .field("body", .string, .required)
            .field("url", .string, .required)
            .field("tags", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("resource_stages")
            .field("resource_id", .uuid, .required, .references("resources", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("stage_id", .uuid, .required, .references("lifecycle_stages", "id", onDelete: .cascade))
            .unique(on: "resource_id", "position")
            .create()
        try await database.schema("resource_files")
            .field("resource_id", .uuid, .identifier(auto: false), .references("resources", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("type", .string, .required)
            .field("size", .int, .required)
            .field("content", .data, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "resource_stages_stage_idx").on("resource_stages").column("stage_id").run()

        // One search finds resources by their title, summary, tags and content.
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            let text = "COALESCE(NEW.summary, '') || ' ' || COALESCE(NEW.body, '') || ' ' || COALESCE(NEW.tags, '')"
            try await sql.raw("""
                CREATE TRIGGER resources_searched_insert AFTER INSERT ON resources BEGIN
                    INSERT INTO search_documents (kind, ref_id, project_id, title, body) VALUES ('resource', NEW.id, NULL, NEW.title, \(unsafeRaw: text));
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER resources_searched_update AFTER UPDATE ON resources BEGIN
                    UPDATE search_documents SET title = NEW.title, body = \(unsafeRaw: text) WHERE kind = 'resource' AND ref_id = NEW.id;
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER resources_searched_delete AFTER DELETE ON resources BEGIN
                    DELETE FROM search_documents WHERE kind = 'resource' AND ref_id = OLD.id;
                END
                """).run()
        case .postgres:
            try await sql.raw("""
                CREATE TRIGGER resources_searched AFTER INSERT OR UPDATE OR DELETE ON resources
                FOR EACH ROW EXECUTE FUNCTION waymark_index_for_search('resource', '', 'title', 'summary,body,tags')
                """).run()
        }

        let stages = try await sql.raw("SELECT id, key FROM lifecycle_stages").all().map { row in
            (try row.decode(column: "key", as: String.self), try row.decode(column: "id", as: UUID.self))
        }
        let byKey = Dictionary(stages, uniquingKeysWith: { first, _ in first })
        let now = Date()
        for resource in StarterResources.resources {
            let id = UUID()
            let tags = String(decoding: try JSONEncoder().encode(resource.tags), as: UTF8.self)
            try await sql.raw("""
                INSERT INTO resources (id, title, summary, kind, body, url, tags, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: resource.title), \(bind: resource.summary), \(bind: resource.kind.rawValue), \(bind: resource.body),
                        '', \(bind: tags), 1, \(bind: now), \(bind: now))
                """).run()
            for (position, key) in resource.stages.enumerated() {
                guard let stage = byKey[key] else { continue }
                try await sql.raw("""
                    INSERT INTO resource_stages (resource_id, position, stage_id) VALUES (\(bind: id), \(bind: position), \(bind: stage))
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            for event in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS resources_searched_\(unsafeRaw: event)").run() }
        case .postgres:
            try await sql.raw("DROP TRIGGER IF EXISTS resources_searched ON resources").run()
        }
        try await sql.raw("DELETE FROM search_documents WHERE kind = 'resource'").run()
        try await database.schema("resource_files").delete()
        try await database.schema("resource_stages").delete()
        try await database.schema("resources").delete()
    }
}
