import FluentKit
import Foundation
import SQLKit
import WaymarkDomain

/// The glossary (issue 13): the system's terms, each with a stable key for addresses and the
/// screens that explain their words, its name folded (case and accents set aside) so that no two
/// terms share a name, its other names as lines beside it (read whole, searched as text), one
/// row per organisation's local synonym, and its related terms in order. The terms Waymark
/// ships (`DefaultGlossary`) are written in, related to one another by name.
///
/// Written out here as it was when this migration was made.
struct M026_CreateGlossary: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("glossary_terms")
            .id()
            .field("key", .string, .required)
            .field("name", .string, .required)
            .field("name_folded", .string, .required)
            .field("definition", .string, .required)
            .field("topic", .string, .required)
            .field("source", .string, .required)
            .field("aliases", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "key")
            .unique(on: "name_folded")
            .create()
        try await database.schema("glossary_synonyms")
            .field("term_id", .uuid, .required, .references("glossary_terms", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("word", .string, .required)
            .unique(on: "term_id", "position")
            .create()
        try await database.schema("glossary_related")
            .field("term_id", .uuid, .required, .references("glossary_terms", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("related_id", .uuid, .required, .references("glossary_terms", "id", onDelete: .cascade))
            .unique(on: "term_id", "position")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "glossary_related_related_idx").on("glossary_related").column("related_id").run()
        try await sql.create(index: "glossary_synonyms_organisation_idx").on("glossary_synonyms").column("organisation_id").run()

        let now = Date()
        var ids: [String: UUID] = [:]
        for term in DefaultGlossary.terms {
            let id = UUID()
            ids[term.name] = id
            try await sql.raw("""
                INSERT INTO glossary_terms (id, key, name, name_folded, definition, topic, source, aliases, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: GlossaryTerm.key(for: term.name)), \(bind: term.name), \(bind: GlossaryTerm.folded(term.name)),
                        \(bind: term.definition), \(bind: term.topic.rawValue), \(bind: term.source.rawValue),
                        \(bind: term.aliases.joined(separator: "\n")), 1, \(bind: now), \(bind: now))
                """).run()
        }
        for term in DefaultGlossary.terms {
            for (position, name) in term.related.enumerated() {
                guard let related = ids[name] else { preconditionFailure("The default glossary relates \(term.name) to \(name), which it lacks") }
                try await sql.raw("""
                    INSERT INTO glossary_related (term_id, position, related_id) VALUES (\(bind: ids[term.name]!), \(bind: position), \(bind: related))
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("glossary_related").delete()
        try await database.schema("glossary_synonyms").delete()
        try await database.schema("glossary_terms").delete()
    }
}
