import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Assumption pages: a project's assumptions, one assumption with its actions, and recording,
/// changing and deleting one.
struct AssumptionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectAssumptions(.key).pathComponents, use: log)
        routes.post(SiteURL.projectAssumptions(.key).pathComponents, use: create)
        routes.get(SiteURL.newAssumption(.key).pathComponents, use: new)
        routes.get(SiteURL.assumption(.key).pathComponents, use: show)
        routes.get(SiteURL.editAssumption(.key).pathComponents, use: edit)
        routes.post(SiteURL.editAssumption(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteAssumption(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteAssumption(.key).pathComponents, use: delete)
    }

    static let notices = ["created": "The assumption was recorded.", "saved": "Your changes were saved.",
                          "deleted": "The assumption was deleted."]

    static func assumptionID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.assumption, as: UUID.self) else { throw NotFound("assumption") }
        return id
    }

    func log(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let log = try await request.assumptions.log(try ProjectsController.projectID(request), by: signedIn.acting)
        let owners = try await request.ownerNames(log.project, log.assumptions.compactMap(\.fields.ownerID))
        return HTMLResponse.make(AssumptionLogPage(signedIn: signedIn, project: log.project.project, assumptions: log.assumptions,
                                                   owners: owners, today: request.today, canEdit: log.project.canEdit,
                                                   notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.assumptions.readable(try Self.assumptionID(request), by: signedIn.acting)
        let owners = try await request.ownerNames(readable.project, [readable.item.fields.ownerID].compactMap { $0 })
        return HTMLResponse.make(AssumptionPage(signedIn: signedIn, project: readable.project.project, assumption: readable.item,
                                                owners: owners, actions: try await request.actionsSection(.assumption(readable.item.id), readable.project),
                                                today: request.today, canEdit: readable.canEdit,
                                                canDelete: readable.canDelete,
                                                notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    private func form(_ signedIn: SignedIn, _ project: ReadableProject, _ assumption: Assumption?, input: AssumptionInput,
                      errors: [FieldError], owners: [(UUID, String)], version: Int? = nil, conflict: Int? = nil) -> LogFormPage {
        LogFormPage(signedIn: signedIn, project: project.project, section: .assumptions,
                    title: assumption.map { "Edit " + $0.reference + " " + $0.fields.statement } ?? "Record an assumption",
                    action: assumption.map { SiteURL.editAssumption(.value($0.id)).path } ?? SiteURL.projectAssumptions(.value(project.project.id)).path,
                    errors: errors, version: version,
                    conflict: assumption.flatMap { item in conflict.map { ("assumption", $0, SiteURL.assumption(.value(item.id)).path) } },
                    submit: assumption == nil ? "Record assumption" : "Save changes") { failure in
            AssumptionFormFields(input: input, failure: failure, owners: owners)
        }
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.assumptions.projectForNewAssumption(try ProjectsController.projectID(request), by: signedIn.acting)
        let owners = try await request.assumptions.owners(project)
        var input = AssumptionInput()
        input.ownerID = owners.contains { $0.0 == signedIn.person.id } ? signedIn.person.id.lowercasedText : nil
        return HTMLResponse.make(form(signedIn, project, nil, input: input, errors: [], owners: owners).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = AssumptionInput(form: form)
        do {
            let created = try await request.assumptions.create(projectID: projectID, input, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.assumption(.value(created.item.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.assumptions.projectForNewAssumption(projectID, by: signedIn.acting)
            return HTMLResponse.make(self.form(signedIn, project, nil, input: input, errors: failure.errors,
                                               owners: try await request.assumptions.owners(project)).render(),
                                     status: .unprocessableEntity)
        }
    }

    private func editable(_ request: Request, _ signedIn: SignedIn) async throws -> ReadableAssumption {
        let readable = try await request.assumptions.readable(try Self.assumptionID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return readable
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        let owners = try await request.assumptions.owners(readable.project, owner: readable.item.fields.ownerID)
        return HTMLResponse.make(form(signedIn, readable.project, readable.item, input: AssumptionInput(showing: readable.item.fields),
                                      errors: [], owners: owners, version: readable.item.version).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await editable(request, signedIn)
        let input = AssumptionInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "assumption", firstField: "statement", refuse: { errors, conflict in
            let owner = input.ownerID.flatMap { UUID(uuidString: $0) } ?? readable.item.fields.ownerID
            return self.form(signedIn, readable.project, readable.item, input: input.overlaid(on: readable.item.fields), errors: errors,
                             owners: try await request.assumptions.owners(readable.project, owner: owner),
                             version: Int(form["version"] ?? ""), conflict: conflict)
        }) { version in
            _ = try await request.assumptions.update(readable, input, expectedVersion: version, today: request.today, by: signedIn.acting)
            return SiteURL.assumption(.value(readable.item.id)).path(query: [("notice", "saved")])
        }
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        try AccessPolicy.require(readable.canDelete, else: .deleteAssumption)
        let assumption = readable.item
        return HTMLResponse.make(DeleteLogItemPage(
            signedIn: signedIn, project: readable.project.project, section: .assumptions, noun: "assumption",
            name: assumption.reference + " " + assumption.fields.statement,
            explanation: "Deleting removes an assumption recorded by mistake, with its actions. The project's history keeps a record that it existed. An assumption that has been checked should record what the check found instead.",
            action: SiteURL.deleteAssumption(.value(assumption.id)).path, cancel: SiteURL.assumption(.value(assumption.id)).path).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.assumptions.delete(try Self.assumptionID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectAssumptions(.value(deleted.item.projectID)).path(query: [("notice", "deleted")]))
    }
}

extension Request {
    /// The actions section of a RAID item's page: its actions, their owners' names, whether the
    /// reader may record another, and the decisions linked to it.
    func actionsSection(_ item: RAIDItem, _ project: ReadableProject) async throws -> ItemActionsSection {
        async let decisions = self.decisions.decisions(linkedTo: item)
        let actions = try await self.actions.actions(for: item)
        return ItemActionsSection(project: project.project.id, item: item, actions: actions, decisions: try await decisions,
                                  owners: try await ownerNames(project, actions.compactMap(\.fields.ownerID)), today: today,
                                  canEdit: project.canEdit)
    }

    /// The names of a log's owners: the project's team, and anyone else named (since left the team).
    func ownerNames(_ project: ReadableProject, _ ids: [UUID]) async throws -> [UUID: String] {
        var names = Dictionary(try await risks.owners(project), uniquingKeysWith: { first, _ in first })
        for id in Set(ids) where names[id] == nil { names[id] = try await store.person(id)?.name }
        return names
    }

    /// Saves a form that changes an item: the redirect `save` names on success; on invalid input
    /// (or a form without its version) the form again with its errors (422); when someone else
    /// saved first, the form again with the conflict (409). Nothing is saved unless all is well.
    func saving(_ input: some KeyedInput, version text: String?, noun: String, firstField: String,
                refuse: (_ errors: [FieldError], _ conflict: Int?) async throws -> some RenderablePage,
                save: (Int) async throws -> String) async throws -> Response {
        do {
            guard let version = Int(text ?? "") else {
                let errors = [FieldError(firstField, "The form was missing its version: reload the page and make your change again")]
                return HTMLResponse.make(try await refuse(errors, nil).render(), status: .unprocessableEntity)
            }
            return redirect(to: try await save(version))
        } catch let failure as ValidationFailure {
            return HTMLResponse.make(try await refuse(failure.errors, nil).render(), status: .unprocessableEntity)
        } catch let conflict as VersionConflict {
            let errors = [FieldError(firstField, "Someone else saved this \(noun) while you were editing it. Your changes have not been saved")]
            return HTMLResponse.make(try await refuse(errors, conflict.currentVersion).render(), status: .conflict)
        }
    }
}
