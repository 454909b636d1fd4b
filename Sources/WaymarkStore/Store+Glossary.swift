import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let glossaryColumns: SQLQueryString = """
        t.id, t.key, t.name, t.definition, t.topic, t.source, t.aliases, t.version, t.created_at, t.updated_at
        """

    /// Every term, in the index's order (by name as compared), with its synonyms and related
    /// terms, from memory while the `glossary` counter stands still; read in three statements,
    /// whatever the glossary's size, when it has moved. A glossary is hundreds of terms.
    public func glossaryTerms() async throws -> [GlossaryTerm] {
        try await glossaryCatalogue().terms
    }

    /// The whole glossary with its search texts folded (see `glossaryTerms`).
    public func glossaryCatalogue() async throws -> GlossaryCatalogue {
        try await derived(.glossary, from: \.glossary) { store in
            let generation = try await store.generation(of: .glossary)
            return (generation, GlossaryCatalogue(try await store.withParts(try await store.rows(
                "SELECT \(Self.glossaryColumns) FROM glossary_terms t ORDER BY t.name_folded", reading: Self.glossaryTerm), all: true)))
        }
    }

    public func glossaryTerm(_ id: UUID) async throws -> GlossaryTerm? {
        try await withParts(try await rows("SELECT \(Self.glossaryColumns) FROM glossary_terms t WHERE t.id = \(bind: id)",
                                           reading: Self.glossaryTerm), all: false).first
    }

    public func glossaryTerm(key: String) async throws -> GlossaryTerm? {
        try await withParts(try await rows("SELECT \(Self.glossaryColumns) FROM glossary_terms t WHERE t.key = \(bind: key)",
                                           reading: Self.glossaryTerm), all: false).first
    }

    /// The terms with these keys, by key (the screens' explanations), from the glossary in memory.
    public func glossaryTerms(keys: [String]) async throws -> [String: GlossaryTerm] {
        guard !keys.isEmpty else { return [:] }
        let wanted = Set(keys)
        return Dictionary(try await glossaryTerms().filter { wanted.contains($0.key) }.map { ($0.key, $0) },
                          uniquingKeysWith: { first, _ in first })
    }

    /// The ids and names of every term (a term's form offers them as related terms).
    public func glossaryNames() async throws -> [(id: UUID, name: String)] {
        try await rows("SELECT id, name FROM glossary_terms ORDER BY name_folded", reading: { (try $0.uuid("id"), try $0.string("name")) })
    }

    /// The terms that name this one as related, by name.
    public func glossaryTerms(relatingTo id: UUID) async throws -> [(id: UUID, key: String, name: String)] {
        try await rows("""
            SELECT t.id, t.key, t.name FROM glossary_terms t
            WHERE t.id IN (SELECT term_id FROM glossary_related WHERE related_id = \(bind: id)) ORDER BY t.name_folded
            """, reading: { (try $0.uuid("id"), try $0.string("key"), try $0.string("name")) })
    }

    /// The terms with their synonyms and related terms, read in two more statements (for the whole
    /// glossary, without an id list), one after the other: the whole glossary is read in one
    /// snapshot on one connection.
    private func withParts(_ terms: [GlossaryTerm], all: Bool) async throws -> [GlossaryTerm] {
        guard !terms.isEmpty else { return terms }
        let only: SQLQueryString = all ? "" : "WHERE term_id IN \(SQLBind.group(terms.map(\.id)))"
        let synonyms = try await rows("SELECT term_id, organisation_id, word FROM glossary_synonyms \(only) ORDER BY term_id, position",
                                      reading: { (try $0.uuid("term_id"), LocalSynonym(organisationID: try $0.uuid("organisation_id"),
                                                                                       word: try $0.string("word"))) })
        let related = try await rows("SELECT term_id, related_id FROM glossary_related \(only) ORDER BY term_id, position",
                                     reading: { (try $0.uuid("term_id"), try $0.uuid("related_id")) })
        let synonymsByTerm = Dictionary(grouping: synonyms, by: \.0)
        let relatedByTerm = Dictionary(grouping: related, by: \.0)
        return terms.map { term in
            var term = term
            term.fields.localSynonyms = synonymsByTerm[term.id]?.map(\.1) ?? []
            term.fields.relatedIDs = relatedByTerm[term.id]?.map(\.1) ?? []
            return term
        }
    }

    /// Adds a term under a key made from its name (with "-2", "-3"... when another term has it).
    public func createGlossaryTerm(_ fields: GlossaryTermFields, by actor: AuditActor) async throws -> GlossaryTerm {
        try await write { store in
            try await store.refuseDuplicateTerm(fields.name, except: nil)
            let id = UUID(), now = store.now()
            let base = GlossaryTerm.key(for: fields.name)
            let taken = GlossaryTerm.reservedKeys.union(try await store.rows("""
                SELECT key FROM glossary_terms WHERE key = \(bind: base) OR key LIKE \(bind: base + "-%")
                """, reading: { try $0.string("key") }))
            let key = taken.contains(base) ? (2...).lazy.map { "\(base)-\($0)" }.first { !taken.contains($0) }! : base
            try await store.insertingUniquely(field: "name", "A term called \(fields.name) is already in the glossary") {
                try await store.run("""
                    INSERT INTO glossary_terms (id, key, name, name_folded, definition, topic, source, aliases, version, created_at, updated_at)
                    VALUES (\(bind: id), \(bind: key), \(bind: fields.name), \(bind: GlossaryTerm.folded(fields.name)),
                            \(bind: fields.definition), \(bind: fields.topic.rawValue), \(bind: fields.source.rawValue),
                            \(bind: fields.aliases.joined(separator: "\n")), 1, \(bind: now), \(bind: now))
                    """)
            }
            try await store.replaceParts(of: id, with: fields)
            try await store.record(.glossaryTermCreated, id, subject: fields.name, changes: FieldChange.created(fields.auditValues), by: actor)
            return GlossaryTerm(id: id, key: key, fields: fields, version: 1, createdAt: now, updatedAt: now)
        }
    }

    /// Changes a term if it is still at `expectedVersion` (else `VersionConflict`); its key stays.
    public func updateGlossaryTerm(_ id: UUID, expectedVersion: Int, _ fields: GlossaryTermFields,
                                   by actor: AuditActor) async throws -> GlossaryTerm {
        try await write { store in
            guard var term = try await store.glossaryTerm(id) else { throw NotFound("glossary term") }
            try await store.refuseDuplicateTerm(fields.name, except: id)
            let now = store.now()
            let version = try await store.insertingUniquely(field: "name", "A term called \(fields.name) is already in the glossary") {
                try await store.conditionalUpdate("glossary_terms", id: id, expectedVersion: expectedVersion, at: now, set: """
                    name = \(bind: fields.name), name_folded = \(bind: GlossaryTerm.folded(fields.name)), definition = \(bind: fields.definition),
                    topic = \(bind: fields.topic.rawValue), source = \(bind: fields.source.rawValue),
                    aliases = \(bind: fields.aliases.joined(separator: "\n"))
                    """)
            }
            try await store.replaceParts(of: id, with: fields)
            let changes = FieldChange.between(term.fields.auditValues, fields.auditValues)
            if !changes.isEmpty {
                try await store.record(.glossaryTermChanged, id, subject: fields.name, changes: changes, by: actor)
            }
            term.fields = fields
            term.version = version
            term.updatedAt = now
            return term
        }
    }

    /// Deletes a term no screen explains (`StillInUse` otherwise); terms relating to it lose the link.
    public func deleteGlossaryTerm(_ id: UUID, expectedVersion: Int?, by actor: AuditActor) async throws {
        try await write { store in
            guard let term = try await store.glossaryTerm(id) else { throw NotFound("glossary term") }
            if let expectedVersion, expectedVersion != term.version { throw VersionConflict(currentVersion: term.version) }
            let screens = GlossaryScreen.using(term.key)
            guard screens.isEmpty else {
                throw StillInUse("\(screens.map(\.label).joined(separator: ", ")) explain\(screens.count == 1 ? "s" : "") their words with \(term.name), so it cannot be deleted: change its wording instead.")
            }
            try await store.run("DELETE FROM glossary_terms WHERE id = \(bind: id)")
            try await store.record(.glossaryTermDeleted, id, subject: term.name, changes: FieldChange.between(term.fields.auditValues, []),
                                   by: actor)
        }
    }

    private func replaceParts(of id: UUID, with fields: GlossaryTermFields) async throws {
        try await run("DELETE FROM glossary_synonyms WHERE term_id = \(bind: id)")
        try await run("DELETE FROM glossary_related WHERE term_id = \(bind: id)")
        for (position, synonym) in fields.localSynonyms.enumerated() {
            try await run("""
                INSERT INTO glossary_synonyms (term_id, position, organisation_id, word)
                VALUES (\(bind: id), \(bind: position), \(bind: synonym.organisationID), \(bind: synonym.word))
                """)
        }
        for (position, related) in fields.relatedIDs.enumerated() {
            try await run("INSERT INTO glossary_related (term_id, position, related_id) VALUES (\(bind: id), \(bind: position), \(bind: related))")
        }
    }

    private func refuseDuplicateTerm(_ name: String, except id: UUID?) async throws {
        if let clash = try await glossaryTerm(named: name, except: id) {
            throw ValidationFailure("name", "A term called \(clash) is already in the glossary", kind: .taken)
        }
    }

    /// The name of the term other than `id` that has this name, whatever its case and accents.
    public func glossaryTerm(named name: String, except id: UUID?) async throws -> String? {
        try await rows("""
            SELECT id, name FROM glossary_terms WHERE name_folded = \(bind: GlossaryTerm.folded(name))
            """, reading: { (id: try $0.uuid("id"), name: try $0.string("name")) }).first { $0.id != id }?.name
    }

    static func glossaryTerm(_ columns: Columns) throws -> GlossaryTerm {
        let aliases = try columns.string("aliases")
        let fields = GlossaryTermFields(
            name: try columns.string("name"), definition: try columns.string("definition"),
            topic: GlossaryTopic(rawValue: try columns.string("topic")) ?? .project,
            source: GlossarySource(rawValue: try columns.string("source")) ?? .local,
            aliases: aliases.isEmpty ? [] : aliases.split(separator: "\n").map(String.init))
        return GlossaryTerm(id: try columns.uuid("id"), key: try columns.string("key"), fields: fields, version: try columns.int("version"),
                            createdAt: try columns.date("created_at"), updatedAt: try columns.date("updated_at"))
    }
}
