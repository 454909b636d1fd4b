import Foundation
import WaymarkDomain
import WaymarkStore

/// Everything a person does with the glossary, each once, for pages and the API alike. Anyone
/// signed in reads it; the portfolio office keeps it.
public struct GlossaryWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public static let historyKinds = [AuditEventCode.glossaryTermCreated.entityType]

    public func index(_ query: GlossaryQuery) async throws -> GlossaryIndex {
        let catalogue = try await store.glossaryCatalogue()
        let inTopic = catalogue.terms.indices.filter { query.topic == nil || catalogue.terms[$0].fields.topic == query.topic }
        let words = GlossaryTerm.searchWords(query.text)
        let terms: [GlossaryTerm]
        if words.isEmpty {
            terms = inTopic.map { catalogue.terms[$0] }
        } else {
            // Best match first; equal matches keep the alphabetical order.
            terms = inTopic.compactMap { position in catalogue.folded[position].score(words).map { (position, $0) } }
                .sorted { ($1.1, $0.0) < ($0.1, $1.0) }.map { catalogue.terms[$0.0] }
        }
        return GlossaryIndex(query: query, terms: terms, total: catalogue.terms.count, letters: Set(inTopic.map { catalogue.letters[$0] }))
    }

    public func term(key: String) async throws -> GlossaryTerm {
        guard let term = try await store.glossaryTerm(key: key) else { throw NotFound("glossary term") }
        return term
    }

    public func term(_ id: UUID) async throws -> GlossaryTerm {
        guard let term = try await store.glossaryTerm(id) else { throw NotFound("glossary term") }
        return term
    }

    /// A term with what its page shows beside it.
    public func entry(key: String) async throws -> GlossaryEntry {
        let term = try await term(key: key)
        async let names = store.glossaryTerms()
        async let relatedBy = store.glossaryTerms(relatingTo: term.id)
        async let organisations = store.organisations()
        let byID = Dictionary(try await names.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return GlossaryEntry(term: term, related: term.fields.relatedIDs.compactMap { byID[$0].map { ($0.key, $0.name) } },
                             relatedBy: try await relatedBy.map { ($0.key, $0.name) },
                             organisations: Dictionary(try await organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }),
                             screens: GlossaryScreen.using(term.key))
    }

    /// The terms a screen explains, by the part of the screen each explains (a term since
    /// deleted at a SQL prompt is simply not explained).
    public func explanations(for screen: GlossaryScreen) async throws -> [String: GlossaryTerm] {
        let terms = try await store.glossaryTerms(keys: screen.terms.map(\.key))
        return Dictionary(screen.terms.compactMap { part in terms[part.key].map { (part.part, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    public func requireManager(_ acting: Acting) throws {
        try AccessPolicy.require(AccessPolicy.canKeepSharedKnowledge(acting.actor), else: .manageGlossary)
    }

    /// What a term's form offers: the organisations for local synonyms and the glossary's other terms.
    public func formChoices(except id: UUID? = nil) async throws -> (organisations: [Organisation], terms: [(id: UUID, name: String)]) {
        async let organisations = store.organisations()
        async let terms = store.glossaryNames()
        return (try await organisations, try await terms.filter { $0.id != id })
    }

    public func create(_ input: GlossaryTermInput, by acting: Acting) async throws -> GlossaryTerm {
        try requireManager(acting)
        return try await store.createGlossaryTerm(try await validate(input, except: nil), by: acting.audit)
    }

    /// Changes what `input` carries (nil keeps it), if the term is still at `expectedVersion`.
    public func update(_ current: GlossaryTerm, _ input: GlossaryTermInput, expectedVersion: Int, by acting: Acting) async throws -> GlossaryTerm {
        try requireManager(acting)
        let fields = try await validate(input.overlaid(on: current.fields), except: current.id)
        return try await store.updateGlossaryTerm(current.id, expectedVersion: expectedVersion, fields, by: acting.audit)
    }

    /// Deletes a term no screen explains (`StillInUse` otherwise).
    public func delete(_ id: UUID, expectedVersion: Int?, by acting: Acting) async throws {
        try requireManager(acting)
        try await store.deleteGlossaryTerm(id, expectedVersion: expectedVersion, by: acting.audit)
    }

    /// The latest changes to the glossary, or to one term.
    public func history(of id: UUID? = nil, page: PageRequest, by acting: Acting) async throws -> Page<AuditEvent> {
        guard let id else { return try await store.history(ofKinds: Self.historyKinds, page: page) }
        return try await store.history(of: id, page: page, readableBy: AccessPolicy.readRule(for: acting.actor))
    }

    private func validate(_ input: GlossaryTermInput, except id: UUID?) async throws -> GlossaryTermFields {
        let choices = try await formChoices(except: id)
        let taken = try await input.name.trimmedOrNil.asyncMap { try await store.glossaryTerm(named: $0, except: id) } ?? nil
        return try GlossaryTermFields.validate(input, organisations: Set(choices.organisations.map(\.id)), terms: Set(choices.terms.map(\.id)),
                                               taken: taken)
    }
}
