import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The resource library's pages: everyone signed in reads and downloads; the portfolio office
/// adds, changes (files uploaded by a multipart form) and deletes.
struct ResourcesController: RouteCollection {
    /// A form with a 5 MB file and its fields.
    static let uploadLimit = ResourceFileType.sizeLimit + 1_048_576

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.resources.pathComponents, use: library)
        routes.get(SiteURL.newResource.pathComponents, use: new)
        routes.on(.POST, SiteURL.newResource.pathComponents, body: .stream, use: create)
        routes.get(SiteURL.resource(.key).pathComponents, use: show)
        routes.get(SiteURL.resourceFile(.key).pathComponents, use: download)
        routes.get(SiteURL.resourceHistory(.key).pathComponents, use: history)
        routes.get(SiteURL.editResource(.key).pathComponents, use: edit)
        routes.on(.POST, SiteURL.editResource(.key).pathComponents, body: .stream, use: update)
        routes.get(SiteURL.deleteResource(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteResource(.key).pathComponents, use: delete)
    }

    static let notices = ["saved": "Resource saved.", "deleted": "Resource deleted."]

    static func resourceID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.item, as: UUID.self) else { throw NotFound("resource") }
        return id
    }

    func library(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, errors) = ResourceQuery.parse(request.queryData, strict: false)
        async let resources = request.resources.resources(query)
        async let stages = request.resources.stages()
        let page = ResourceLibraryPage(
            chrome: PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Resource library", signedIn: signedIn, section: .resources,
                               notice: request.queryData["notice"].flatMap { Self.notices[$0] }),
            query: query, resources: try await resources, stages: try await stages, errors: errors,
            canManage: AccessPolicy.canKeepSharedKnowledge(signedIn.actor))
        return HTMLResponse.make(page.render(), status: errors.isEmpty ? .ok : .badRequest)
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let resource = try await request.resources.resource(try Self.resourceID(request))
        async let stages = request.resources.stages()
        async let history = request.store.history(of: resource.id, page: RecentHistory.request, readableBy: AccessPolicy.readRule(for: signedIn.actor))
        let page = ResourcePage(
            chrome: PageChrome(title: resource.fields.title, signedIn: signedIn, section: .resources,
                               notice: request.queryData["notice"].flatMap { Self.notices[$0] },
                               breadcrumbs: [("Resource library", SiteURL.resources.path)]),
            resource: resource, stages: try await stages,
            history: try await history,
            wording: AuditWording(references: try await request.store.referenceData()),
            canManage: AccessPolicy.canKeepSharedKnowledge(signedIn.actor))
        return HTMLResponse.make(page.render())
    }

    func history(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        let resource = try await request.resources.resource(try Self.resourceID(request))
        return HTMLResponse.make(HistoryPage(
            chrome: PageChrome(title: "History of " + resource.fields.title, signedIn: signedIn, section: .resources,
                               breadcrumbs: [("Resource library", SiteURL.resources.path),
                                             (resource.fields.title, SiteURL.resource(.value(resource.id)).path)]),
            subject: resource.fields.title,
            history: try await request.store.history(of: resource.id, page: page, readableBy: AccessPolicy.readRule(for: signedIn.actor)),
            wording: AuditWording(references: try await request.store.referenceData()),
            path: SiteURL.resourceHistory(.value(resource.id)).path).render())
    }

    /// The file, as an attachment of its own checked type that a browser may not run or sniff.
    func download(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        let (file, content) = try await request.resources.file(of: try Self.resourceID(request))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.type.mediaType)
        let ascii = String(file.name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        headers.replaceOrAdd(name: .contentDisposition,
                             value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(QueryText.encode(file.name))")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: content))
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.resources.requireManager(signedIn.acting)
        var input = ResourceInput()
        input.kind = ResourceKind.guide.rawValue
        return HTMLResponse.make(ResourceFormPage(signedIn: signedIn, resource: nil, input: input, stages: try await request.resources.stages()).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await MultipartForm.verified(request, limit: Self.uploadLimit)
        try request.resources.requireManager(signedIn.acting)
        let input = ResourceInput(form: form.fields)
        do {
            let resource = try await request.resources.create(input, upload: Self.upload(form), by: signedIn.acting)
            return request.redirect(to: SiteURL.resource(.value(resource.id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return HTMLResponse.make(ResourceFormPage(signedIn: signedIn, resource: nil, input: input, stages: try await request.resources.stages(),
                                                      errors: failure.errors).render(), status: .unprocessableEntity)
        }
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.resources.requireManager(signedIn.acting)
        let resource = try await request.resources.resource(try Self.resourceID(request))
        return HTMLResponse.make(ResourceFormPage(signedIn: signedIn, resource: resource, input: ResourceInput(showing: resource.fields),
                                                  stages: try await request.resources.stages()).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await MultipartForm.verified(request, limit: Self.uploadLimit)
        try request.resources.requireManager(signedIn.acting)
        let resource = try await request.resources.resource(try Self.resourceID(request))
        let input = ResourceInput(form: form.fields)
        let stages = try await request.resources.stages()
        return try await request.saving(input, version: form.fields["version"], noun: "resource", firstField: "title", refuse: { errors, conflict in
            ResourceFormPage(signedIn: signedIn, resource: resource, input: input, stages: stages, errors: errors, conflictVersion: conflict)
        }, save: { version in
            _ = try await request.resources.update(resource, input, upload: Self.upload(form), removeFile: form.fields["removeFile"] == "true",
                                                   expectedVersion: version, by: signedIn.acting)
            return SiteURL.resource(.value(resource.id)).path(query: [("notice", "saved")])
        })
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.resources.requireManager(signedIn.acting)
        let resource = try await request.resources.resource(try Self.resourceID(request))
        return HTMLResponse.make(DeleteResourcePage(signedIn: signedIn, resource: resource).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        try await request.resources.delete(try Self.resourceID(request), expectedVersion: Int(form["version"] ?? ""), by: signedIn.acting)
        return request.redirect(to: SiteURL.resources.path(query: [("notice", "deleted")]))
    }

    static func upload(_ form: MultipartForm) -> UploadedFile? {
        form.files["file"].map { UploadedFile(name: $0.filename, content: $0.content) }
    }
}

extension ResourceQuery {
    /// The library's search, kind and stage from a query string; what is wrong is reported and left out.
    static func parse(_ data: FormData, strict: Bool) -> (ResourceQuery, [FieldError]) {
        var reader = QueryStringReader(data, strict: strict, keys: ["q", "kind", "stage"])
        var query = ResourceQuery()
        if let text = data["q"] {
            if text.length > textLimit || text.firstControlCharacter(multiline: false) != nil {
                reader.errors.add("q", "Search for at most \(textLimit) characters on one line")
            } else {
                query.text = text.trimmedOrNil
            }
        }
        query.kind = reader.choice("kind", "Select a kind of resource from the list")
        query.stageID = reader.id("stage", "The stage")
        return (query, reader.errors.errors)
    }
}
