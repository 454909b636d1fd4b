import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A term as the API sends it: its fields as a body sends them, with the names of the
/// organisations its local synonyms belong to, its key and page, and the screens that explain it.
struct GlossaryTermDTO: JSONWritable {
    var term: GlossaryTerm
    var organisations: [UUID: String]

    func write(to json: inout JSONText) {
        let fields = term.fields
        json.object { json in
            json.member("id", term.id.wire)
            json.member("key", term.key)
            json.fields(GlossaryTermInput(showing: fields), schema: OpenAPIDocument.glossaryFields)
            json.member("aliases", array: fields.aliases) { json, alias in json.value(alias) }
            json.member("localSynonyms", array: fields.localSynonyms) { json, synonym in
                json.object { json in
                    json.member("organisationId", synonym.organisationID.wire)
                    json.member("organisationName", organisations[synonym.organisationID] ?? "")
                    json.member("word", synonym.word)
                }
            }
            json.member("screens", array: GlossaryScreen.using(term.key)) { json, screen in json.value(screen.rawValue) }
            json.member("url", SiteURL.glossaryTerm(.value(term.key)).path)
            json.member("version", term.version)
            json.member("createdAt", Timestamp.string(term.createdAt))
            json.member("updatedAt", Timestamp.string(term.updatedAt))
        }
    }
}

/// The glossary in the JSON API: anyone signed in reads and searches it; the portfolio office
/// adds, changes and deletes terms.
struct GlossaryAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.glossaryTerms.components, use: list)
        routes.post(APIRoute.glossaryTerms.components, use: create)
        routes.get(APIRoute.glossaryTerm(.key).components, use: get)
        routes.patch(APIRoute.glossaryTerm(.key).components, use: update)
        routes.delete(APIRoute.glossaryTerm(.key).components, use: delete)
    }

    func list(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        let (query, errors) = GlossaryQuery.parse(request.queryData, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let index = try await request.glossary.index(query)
        let organisations = try await Self.organisations(request)
        return Response.json(writing: LogListDTO(items: index.terms) { term, json in
            GlossaryTermDTO(term: term, organisations: organisations).write(to: &json)
        })
    }

    func get(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        return try await answer(try await request.glossary.term(try APIController.id(request)), request)
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        try request.glossary.requireManager(acting)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let term = try await request.glossary.create(input, by: acting)
        return try await answer(term, request, status: .created, location: APIRoute.glossaryTerm(.value(term.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        try request.glossary.requireManager(acting)
        let current = try await request.glossary.term(try APIController.id(request))
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let term = try await withVersionCheck(expected) {
            try await request.glossary.update(current, input, expectedVersion: $0, by: acting)
        }
        return try await answer(term, request)
    }

    /// Deletes a term no screen explains (409 otherwise); with If-Match, only at that version (412).
    func delete(request: Request) async throws -> Response {
        let acting = try request.acting
        let id = try APIController.id(request)
        return try await deleting(request) { expected in try await request.glossary.delete(id, expectedVersion: expected, by: acting) }
    }

    private func answer(_ term: GlossaryTerm, _ request: Request, status: HTTPResponseStatus = .ok,
                        location: String? = nil) async throws -> Response {
        Response.json(writing: GlossaryTermDTO(term: term, organisations: try await Self.organisations(request)), status: status,
                      version: term.version, location: location)
    }

    static func organisations(_ request: Request) async throws -> [UUID: String] {
        Dictionary(try await request.store.organisations().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// A body's term: its text members as the document declares them, its other names as a list
    /// of text and its local synonyms as objects.
    static func input(_ body: inout JSONBody) -> GlossaryTermInput {
        var input = GlossaryTermInput(body: &body, schema: OpenAPIDocument.glossaryFields)
        switch body.strings("aliases") {
        case .value(let aliases):
            if aliases.contains(where: { $0.contains(where: \.isNewline) }) {
                body.errors.add("aliases", "Each other name must be one line")
            }
            input.aliases = aliases.joined(separator: "\n")
        case .null: body.errors.add("aliases", "aliases cannot be null: send [] for none")
        case .absent: break
        }
        if let items = body.objects("localSynonyms", "each an object with organisationId and word") {
            var lines: [String] = []
            for item in items {
                guard case .string(let organisation)? = item["organisationId"], case .string(let word)? = item["word"] else {
                    body.errors.add("localSynonyms", "Each local synonym must be an object with organisationId and word")
                    break
                }
                if word.contains(where: \.isNewline) { body.errors.add("localSynonyms", "Each local synonym must be one line") }
                lines.append(organisation + String(GlossaryTermInput.synonymSeparator) + word)
            }
            input.localSynonyms = lines.joined(separator: "\n")
        }
        return input
    }
}
