import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Decision pages: a project's decisions log, one decision, recording, changing and deleting one.
struct DecisionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectDecisions(.key).pathComponents, use: log)
        routes.post(SiteURL.projectDecisions(.key).pathComponents, use: create)
        routes.get(SiteURL.newDecision(.key).pathComponents, use: new)
        routes.get(SiteURL.decision(.key).pathComponents, use: show)
        routes.get(SiteURL.editDecision(.key).pathComponents, use: edit)
        routes.post(SiteURL.editDecision(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteDecision(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteDecision(.key).pathComponents, use: delete)
    }

    static let notices = ["created": "The decision was recorded.", "saved": "Your changes were saved.", "deleted": "The decision was deleted."]

    static func decisionID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.decision, as: UUID.self) else { throw NotFound("decision") }
        return id
    }

    func log(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let log = try await request.decisions.log(try ProjectsController.projectID(request), by: signedIn.acting)
        let people = try await request.ownerNames(log.project, log.decisions.compactMap(\.fields.deciderID))
        return HTMLResponse.make(DecisionLogPage(signedIn: signedIn, project: log.project.project, decisions: log.decisions, items: log.items,
                                                 people: people, canEdit: log.project.canEdit,
                                                 notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.decisions.readable(try Self.decisionID(request), by: signedIn.acting)
        let (items, _) = try await request.decisions.formChoices(readable.project)
        let people = try await request.ownerNames(readable.project, [readable.item.fields.deciderID].compactMap { $0 })
        return HTMLResponse.make(DecisionPage(signedIn: signedIn, project: readable.project.project, decision: readable.item, items: items,
                                              people: people, canEdit: readable.canEdit, canDelete: readable.canDelete,
                                              notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    private func form(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject, _ decision: Decision?, input: DecisionInput,
                      errors: [FieldError], version: Int? = nil, conflict: Int? = nil) async throws -> LogFormPage {
        let decider = input.deciderID.flatMap { UUID(uuidString: $0) } ?? decision?.fields.deciderID
        let (items, deciders) = try await request.decisions.formChoices(project, decider: decider)
        return LogFormPage(signedIn: signedIn, project: project.project, section: .decisions,
                           title: decision.map { "Edit " + $0.reference + " " + $0.fields.title } ?? "Record a decision",
                           action: decision.map { SiteURL.editDecision(.value($0.id)).path } ?? SiteURL.projectDecisions(.value(project.project.id)).path,
                           errors: errors, version: version,
                           conflict: decision.flatMap { item in conflict.map { ("decision", $0, SiteURL.decision(.value(item.id)).path) } },
                           submit: decision == nil ? "Record decision" : "Save changes") { failure in
            DecisionFormFields(input: input, failure: failure, items: items, deciders: deciders)
        }
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.decisions.projectForNewDecision(try ProjectsController.projectID(request), by: signedIn.acting)
        var input = DecisionInput()
        input.decidedOn = request.today.description
        input.linkedItemIDs = request.queryData["item"]
        return HTMLResponse.make(try await form(request, signedIn, project, nil, input: input, errors: []).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = DecisionInput(form: form)
        do {
            let created = try await request.decisions.create(projectID: projectID, input, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.decision(.value(created.item.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.decisions.projectForNewDecision(projectID, by: signedIn.acting)
            return HTMLResponse.make(try await self.form(request, signedIn, project, nil, input: input, errors: failure.errors).render(),
                                     status: .unprocessableEntity)
        }
    }

    private func editable(_ request: Request, _ signedIn: SignedIn) async throws -> ReadableDecision {
        let readable = try await request.decisions.readable(try Self.decisionID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return readable
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        return HTMLResponse.make(try await form(request, signedIn, readable.project, readable.item,
                                                input: DecisionInput(showing: readable.item.fields), errors: [],
                                                version: readable.item.version).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await editable(request, signedIn)
        let input = DecisionInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "decision", firstField: "title", refuse: { errors, conflict in
            try await self.form(request, signedIn, readable.project, readable.item, input: input.overlaid(on: readable.item.fields),
                                errors: errors, version: Int(form["version"] ?? ""), conflict: conflict)
        }) { version in
            _ = try await request.decisions.update(readable, input, expectedVersion: version, today: request.today, by: signedIn.acting)
            return SiteURL.decision(.value(readable.item.id)).path(query: [("notice", "saved")])
        }
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        try AccessPolicy.require(readable.canDelete, else: .deleteDecision)
        let decision = readable.item
        return HTMLResponse.make(DeleteLogItemPage(
            signedIn: signedIn, project: readable.project.project, section: .decisions, noun: "decision",
            name: decision.reference + " " + decision.fields.title,
            explanation: "Deleting removes a decision recorded by mistake. The project's history keeps a record that it existed. A decision that was made and later changed should stay, with the later decision recorded beside it.",
            action: SiteURL.deleteDecision(.value(decision.id)).path, cancel: SiteURL.decision(.value(decision.id)).path).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.decisions.delete(try Self.decisionID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectDecisions(.value(deleted.item.projectID)).path(query: [("notice", "deleted")]))
    }
}
