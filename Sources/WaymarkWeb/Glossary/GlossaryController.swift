import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The glossary's pages: everyone signed in reads and searches it; the portfolio office adds,
/// changes and deletes terms.
struct GlossaryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.glossary.pathComponents, use: index)
        routes.get(SiteURL.newGlossaryTerm.pathComponents, use: new)
        routes.post(SiteURL.newGlossaryTerm.pathComponents, use: create)
        routes.get(SiteURL.glossaryHistory.pathComponents, use: history)
        routes.get(SiteURL.glossaryTerm(.key).pathComponents, use: show)
        routes.get(SiteURL.editGlossaryTerm(.key).pathComponents, use: edit)
        routes.post(SiteURL.editGlossaryTerm(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteGlossaryTerm(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteGlossaryTerm(.key).pathComponents, use: delete)
        routes.get(SiteURL.glossaryTermHistory(.key).pathComponents, use: termHistory)
    }

    static let notices = ["saved": "Term saved.", "deleted": "Term deleted."]

    func index(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, errors) = GlossaryQuery.parse(request.queryData, strict: false)
        let failed = !errors.isEmpty
        let page = GlossaryIndexPage(
            chrome: PageChrome(title: (failed ? "Error: " : "") + "Glossary", signedIn: signedIn, section: .glossary,
                               notice: request.queryData["notice"].flatMap { Self.notices[$0] }),
            index: try await request.glossary.index(query), errors: errors, canManage: AccessPolicy.canKeepSharedKnowledge(signedIn.actor))
        return HTMLResponse.make(page.render(), status: failed ? .badRequest : .ok)
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let entry = try await request.glossary.entry(key: try Self.key(request))
        async let history = request.glossary.history(of: entry.term.id, page: RecentHistory.request, by: signedIn.acting)
        let page = GlossaryTermPage(
            chrome: PageChrome(title: entry.term.name, signedIn: signedIn, section: .glossary,
                               notice: request.queryData["notice"].flatMap { Self.notices[$0] },
                               breadcrumbs: [("Glossary", SiteURL.glossary.path)]),
            entry: entry, history: try await history, wording: try await Self.wording(request),
            canManage: AccessPolicy.canKeepSharedKnowledge(signedIn.actor))
        return HTMLResponse.make(page.render())
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.glossary.requireManager(signedIn.acting)
        let choices = try await request.glossary.formChoices()
        return HTMLResponse.make(GlossaryTermFormPage(signedIn: signedIn, term: nil, input: GlossaryTermInput(),
                                                      organisations: choices.organisations, terms: choices.terms).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        try request.glossary.requireManager(signedIn.acting)
        let input = GlossaryTermInput(glossaryForm: form)
        do {
            let term = try await request.glossary.create(input, by: signedIn.acting)
            return request.redirect(to: SiteURL.glossaryTerm(.value(term.key)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            let choices = try await request.glossary.formChoices()
            return HTMLResponse.make(GlossaryTermFormPage(signedIn: signedIn, term: nil, input: input, organisations: choices.organisations,
                                                          terms: choices.terms, errors: failure.errors).render(),
                                     status: .unprocessableEntity)
        }
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.glossary.requireManager(signedIn.acting)
        let term = try await request.glossary.term(key: try Self.key(request))
        let choices = try await request.glossary.formChoices(except: term.id)
        return HTMLResponse.make(GlossaryTermFormPage(signedIn: signedIn, term: term, input: GlossaryTermInput(showing: term.fields),
                                                      organisations: choices.organisations, terms: choices.terms).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        try request.glossary.requireManager(signedIn.acting)
        let term = try await request.glossary.term(key: try Self.key(request))
        let input = GlossaryTermInput(glossaryForm: form)
        let choices = try await request.glossary.formChoices(except: term.id)
        return try await request.saving(input, version: form["version"], noun: "term", firstField: "name", refuse: { errors, conflict in
            GlossaryTermFormPage(signedIn: signedIn, term: term, input: input, organisations: choices.organisations, terms: choices.terms,
                                 errors: errors, conflictVersion: conflict)
        }, save: { version in
            let saved = try await request.glossary.update(term, input, expectedVersion: version, by: signedIn.acting)
            return SiteURL.glossaryTerm(.value(saved.key)).path(query: [("notice", "saved")])
        })
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.glossary.requireManager(signedIn.acting)
        let term = try await request.glossary.term(key: try Self.key(request))
        guard GlossaryScreen.using(term.key).isEmpty else { return request.redirect(to: SiteURL.glossaryTerm(.value(term.key)).path) }
        return HTMLResponse.make(DeleteGlossaryTermPage(signedIn: signedIn, term: term).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let term = try await request.glossary.term(key: try Self.key(request))
        try await request.glossary.delete(term.id, expectedVersion: Int(form["version"] ?? ""), by: signedIn.acting)
        return request.redirect(to: SiteURL.glossary.path(query: [("notice", "deleted")]))
    }

    func history(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        let history = HistoryPage(
            chrome: PageChrome(title: "History of the glossary", signedIn: signedIn, section: .glossary,
                               breadcrumbs: [("Glossary", SiteURL.glossary.path)]),
            subject: "The glossary", history: try await request.glossary.history(page: page, by: signedIn.acting),
            wording: try await Self.wording(request), path: SiteURL.glossaryHistory.path)
        return HTMLResponse.make(history.render())
    }

    func termHistory(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        let term = try await request.glossary.term(key: try Self.key(request))
        let history = HistoryPage(
            chrome: PageChrome(title: "History of " + term.name, signedIn: signedIn, section: .glossary,
                               breadcrumbs: [("Glossary", SiteURL.glossary.path), (term.name, SiteURL.glossaryTerm(.value(term.key)).path)]),
            subject: term.name, history: try await request.glossary.history(of: term.id, page: page, by: signedIn.acting),
            wording: try await Self.wording(request), path: SiteURL.glossaryTermHistory(.value(term.key)).path)
        return HTMLResponse.make(history.render())
    }

    static func key(_ request: Request) throws -> String {
        guard let key = request.parameters.get(SiteURL.Key.term), !key.isEmpty else { throw NotFound("glossary term") }
        return key
    }

    /// The history's words, with the glossary's terms named.
    static func wording(_ request: Request) async throws -> AuditWording {
        async let references = request.store.referenceData()
        async let names = request.store.glossaryNames()
        var wording = AuditWording(references: try await references)
        wording.terms = Dictionary(try await names.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return wording
    }
}

extension GlossaryQuery {
    /// The index's search and topic from a query string; what is wrong is reported and left out.
    static func parse(_ data: FormData, strict: Bool) -> (GlossaryQuery, [FieldError]) {
        var reader = QueryStringReader(data, strict: strict, keys: ["q", "topic"])
        var query = GlossaryQuery()
        if let text = data["q"] {
            if text.length > textLimit || text.firstControlCharacter(multiline: false) != nil {
                reader.errors.add("q", "Search for at most \(textLimit) characters on one line")
            } else {
                query.text = text.trimmedOrNil ?? ""
            }
        }
        query.topic = reader.choice("topic", "Select a topic from the list")
        return (query, reader.errors.errors)
    }
}

extension GlossaryTermInput {
    /// What the term's form sent: its fields, its rows of local synonyms (a row with neither an
    /// organisation nor a word is left out) and its related terms' boxes.
    init(glossaryForm form: FormData) {
        self.init(form: form)
        var lines: [String] = []
        for row in 1...GlossaryTermFields.synonymLimit {
            let organisation = form["synonym-\(row)-organisation"] ?? "", word = form["synonym-\(row)-word"] ?? ""
            if organisation.isEmpty && word.trimmedOrNil == nil { continue }
            lines.append(organisation + String(Self.synonymSeparator) + word.replacingOccurrences(of: "\n", with: " "))
        }
        localSynonyms = lines.joined(separator: "\n")
    }
}
