import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Action pages: a project's actions log, one action, recording (from the log or from a RAID
/// item's page), changing and deleting one; and "my work".
struct ActionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectActions(.key).pathComponents, use: log)
        routes.post(SiteURL.projectActions(.key).pathComponents, use: create)
        routes.get(SiteURL.newAction(.key).pathComponents, use: new)
        routes.get(SiteURL.action(.key).pathComponents, use: show)
        routes.get(SiteURL.editAction(.key).pathComponents, use: edit)
        routes.post(SiteURL.editAction(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteAction(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteAction(.key).pathComponents, use: delete)
        routes.get(SiteURL.myWork.pathComponents, use: myWork)
    }

    static let notices = ["created": "The action was recorded.", "saved": "Your changes were saved.", "deleted": "The action was deleted."]

    static func actionID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.action, as: UUID.self) else { throw NotFound("action") }
        return id
    }

    func log(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let log = try await request.actions.log(try ProjectsController.projectID(request), by: signedIn.acting)
        let owners = try await request.ownerNames(log.project, log.actions.compactMap(\.fields.ownerID))
        return HTMLResponse.make(ActionLogPage(signedIn: signedIn, project: log.project.project, actions: log.actions, items: log.items,
                                               owners: owners, today: request.today, canEdit: log.project.canEdit,
                                               notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.actions.readable(try Self.actionID(request), by: signedIn.acting)
        let ownerID = readable.item.fields.ownerID
        let owner = ownerID == nil ? nil : try await request.ownerNames(readable.project, [ownerID!])[ownerID!]
        return HTMLResponse.make(ActionPage(signedIn: signedIn, project: readable.project.project, action: readable.item,
                                            item: try await request.actions.label(of: readable.item), owner: owner, today: request.today,
                                            canEdit: readable.canEdit, canDelete: readable.canDelete,
                                            notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    private func form(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject, _ action: Action?, input: ActionInput,
                      errors: [FieldError], version: Int? = nil, conflict: Int? = nil) async throws -> LogFormPage {
        let owner = input.ownerID.flatMap { UUID(uuidString: $0) } ?? action?.fields.ownerID
        let (items, owners) = try await request.actions.formChoices(project, owner: owner)
        return LogFormPage(signedIn: signedIn, project: project.project, section: .actions,
                           title: action.map { "Edit " + $0.reference + " " + $0.fields.title } ?? "Record an action",
                           action: action.map { SiteURL.editAction(.value($0.id)).path } ?? SiteURL.projectActions(.value(project.project.id)).path,
                           errors: errors, version: version,
                           conflict: action.flatMap { item in conflict.map { ("action", $0, SiteURL.action(.value(item.id)).path) } },
                           submit: action == nil ? "Record action" : "Save changes") { failure in
            ActionFormFields(input: input, failure: failure, items: items, owners: owners)
        }
    }

    /// The form for a new action; `item` (a RAID item's id) chooses what it is for.
    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.actions.projectForNewAction(try ProjectsController.projectID(request), by: signedIn.acting)
        var input = ActionInput()
        input.itemID = request.queryData["item"]
        let team = try await request.risks.owners(project)
        input.ownerID = team.contains { $0.0 == signedIn.person.id } ? signedIn.person.id.lowercasedText : nil
        return HTMLResponse.make(try await form(request, signedIn, project, nil, input: input, errors: []).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = ActionInput(form: form)
        do {
            let created = try await request.actions.create(projectID: projectID, input, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.action(.value(created.item.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.actions.projectForNewAction(projectID, by: signedIn.acting)
            return HTMLResponse.make(try await self.form(request, signedIn, project, nil, input: input, errors: failure.errors).render(),
                                     status: .unprocessableEntity)
        }
    }

    private func editable(_ request: Request, _ signedIn: SignedIn) async throws -> ReadableAction {
        let readable = try await request.actions.readable(try Self.actionID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return readable
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        return HTMLResponse.make(try await form(request, signedIn, readable.project, readable.item, input: ActionInput(showing: readable.item.fields),
                                                errors: [], version: readable.item.version).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await editable(request, signedIn)
        let input = ActionInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "action", firstField: "title", refuse: { errors, conflict in
            try await self.form(request, signedIn, readable.project, readable.item, input: input.overlaid(on: readable.item.fields),
                                errors: errors, version: Int(form["version"] ?? ""), conflict: conflict)
        }) { version in
            _ = try await request.actions.update(readable, input, expectedVersion: version, today: request.today, by: signedIn.acting)
            return SiteURL.action(.value(readable.item.id)).path(query: [("notice", "saved")])
        }
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        try AccessPolicy.require(readable.canDelete, else: .deleteAction)
        let action = readable.item
        return HTMLResponse.make(DeleteLogItemPage(
            signedIn: signedIn, project: readable.project.project, section: .actions, noun: "action", name: action.reference + " " + action.fields.title,
            explanation: "Deleting removes an action recorded by mistake. The project's history keeps a record that it existed. An action that has been done should record the date it was done instead.",
            action: SiteURL.deleteAction(.value(action.id)).path, cancel: SiteURL.action(.value(action.id)).path).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.actions.delete(try Self.actionID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectActions(.value(deleted.item.projectID)).path(query: [("notice", "deleted")]))
    }

    func myWork(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let window = try WorkWindow.parse(request.queryData["window"], strict: false)
        async let items = request.work.mine(window: window, today: request.today, by: signedIn.acting)
        async let reminders = request.status.reminders(today: request.today, by: signedIn.acting)
        return HTMLResponse.make(MyWorkPage(signedIn: signedIn, window: window, items: try await items, reminders: try await reminders,
                                            today: request.today).render())
    }
}
