import Plot
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// What a project log's pages need to know of one kind of item to record, change and delete one:
/// its words, its addresses, its workflow functions (the ones the API calls too) and its form's
/// fields. The flows are written once, in `LogPages`; each log's controller keeps its own list and
/// item pages, which differ.
protocol LogPagesResource {
    associatedtype Item: Sendable
    associatedtype Input: KeyedInput

    /// "action": in the delete page and in the message when someone else saved first.
    static var noun: String { get }
    /// The field a refusal about the whole form is shown against.
    static var firstField: String { get }
    static var section: ProjectSection { get }
    /// The form's heading and button for a new item ("Record an action", "Record action").
    static var newTitle: String { get }
    static var newSubmit: String { get }
    /// The route parameter naming an item.
    static var itemKey: String { get }
    /// Why a person who may edit an item may still not delete it.
    static var deleteRefusal: Refusal { get }
    /// What deleting does, and what to record instead, on the page that asks to confirm.
    static var deleteExplanation: String { get }

    static func listRoute(_ project: Param<UUID>) -> SiteURL
    static func newRoute(_ project: Param<UUID>) -> SiteURL
    static func itemRoute(_ item: Param<UUID>) -> SiteURL
    static func editRoute(_ item: Param<UUID>) -> SiteURL
    static func deleteRoute(_ item: Param<UUID>) -> SiteURL

    /// The item's reference and name, as headings and the delete page show it.
    static func name(_ item: Item) -> String
    static func identity(_ item: Item) -> (id: UUID, version: Int)

    /// The project a new item is for, if the person may record one there.
    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject
    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableLogItem<Item>
    static func create(_ projectID: UUID, _ input: Input, _ request: Request, by acting: Acting) async throws -> ReadableLogItem<Item>
    static func update(_ current: ReadableLogItem<Item>, _ input: Input, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws
    /// Deletes the item; the project it was in.
    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws -> UUID

    /// A new item's form as it first opens (the person as owner, today's date, what the link chose).
    static func newInput(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject) async throws -> Input
    /// The item's fields, as its form shows them and a form that leaves one out keeps it.
    static func recorded(_ item: Item) -> Input.Fields
    /// The form's fields, with what they offer to choose from (read for `project`, and for the
    /// owner `input` names or `item` has, who may have left the team).
    static func fields(_ request: Request, _ project: ReadableProject, _ item: Item?, _ input: Input) async throws
        -> (ValidationFailure) -> Component
}

/// The six routes of a log's pages that write, for any `LogPagesResource`.
struct LogPages<Resource: LogPagesResource>: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(Resource.listRoute(.key).pathComponents, use: create)
        routes.get(Resource.newRoute(.key).pathComponents, use: new)
        routes.get(Resource.editRoute(.key).pathComponents, use: edit)
        routes.post(Resource.editRoute(.key).pathComponents, use: update)
        routes.get(Resource.deleteRoute(.key).pathComponents, use: confirmDelete)
        routes.post(Resource.deleteRoute(.key).pathComponents, use: delete)
    }

    static func itemID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(Resource.itemKey, as: UUID.self) else { throw NotFound(Resource.noun) }
        return id
    }

    /// The form to record an item, or to change `item`.
    private func form(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject, _ item: Resource.Item?,
                      input: Resource.Input, errors: [FieldError], version: Int? = nil, conflict: Int? = nil) async throws -> LogFormPage {
        let fields = try await Resource.fields(request, project, item, input)
        let identity = item.map(Resource.identity)
        return LogFormPage(signedIn: signedIn, project: project.project, section: Resource.section,
                           title: item.map { "Edit " + Resource.name($0) } ?? Resource.newTitle,
                           action: identity.map { Resource.editRoute(.value($0.id)).path } ?? Resource.listRoute(.value(project.project.id)).path,
                           errors: errors, version: version,
                           conflict: identity.flatMap { identity in conflict.map { (Resource.noun, $0, Resource.itemRoute(.value(identity.id)).path) } },
                           submit: item == nil ? Resource.newSubmit : "Save changes", fields: fields)
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await Resource.projectForNew(try ProjectsController.projectID(request), request, by: signedIn.acting)
        let input = try await Resource.newInput(request, signedIn, project)
        return HTMLResponse.make(try await form(request, signedIn, project, nil, input: input, errors: []).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = Resource.Input(form: form)
        do {
            let created = try await Resource.create(projectID, input, request, by: signedIn.acting)
            return request.redirect(to: Resource.itemRoute(.value(Resource.identity(created.item).id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await Resource.projectForNew(projectID, request, by: signedIn.acting)
            return HTMLResponse.make(try await self.form(request, signedIn, project, nil, input: input, errors: failure.errors).render(),
                                     status: .unprocessableEntity)
        }
    }

    /// The item, if the person may change it.
    static func editable(_ request: Request, _ signedIn: SignedIn) async throws -> ReadableLogItem<Resource.Item> {
        let readable = try await Resource.readable(try Self.itemID(request), request, by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return readable
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await Self.editable(request, signedIn)
        let input = Resource.Input(showing: Resource.recorded(readable.item))
        return HTMLResponse.make(try await form(request, signedIn, readable.project, readable.item, input: input, errors: [],
                                                version: Resource.identity(readable.item).version).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await Self.editable(request, signedIn)
        let input = Resource.Input(form: form)
        return try await request.saving(input, version: form["version"], noun: Resource.noun, firstField: Resource.firstField,
                                        refuse: { errors, conflict in
            try await self.form(request, signedIn, readable.project, readable.item, input: input.overlaid(on: Resource.recorded(readable.item)),
                                errors: errors, version: Int(form["version"] ?? ""), conflict: conflict)
        }) { version in
            try await Resource.update(readable, input, expectedVersion: version, request, by: signedIn.acting)
            return Resource.itemRoute(.value(Resource.identity(readable.item).id)).path(query: [("notice", "saved")])
        }
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await Self.editable(request, signedIn)
        try AccessPolicy.require(readable.canDelete, else: Resource.deleteRefusal)
        let id = Resource.identity(readable.item).id
        return HTMLResponse.make(DeleteLogItemPage(
            signedIn: signedIn, project: readable.project.project, section: Resource.section, noun: Resource.noun,
            name: Resource.name(readable.item), explanation: Resource.deleteExplanation,
            action: Resource.deleteRoute(.value(id)).path, cancel: Resource.itemRoute(.value(id)).path).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let projectID = try await Resource.delete(try Self.itemID(request), request, by: signedIn.acting)
        return request.redirect(to: Resource.listRoute(.value(projectID)).path(query: [("notice", "deleted")]))
    }
}
