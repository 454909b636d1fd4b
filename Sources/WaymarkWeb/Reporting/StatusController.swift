import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Status update pages: a project's updates and what is due, one update, writing and submitting
/// a draft, correcting a submitted one, discarding a draft.
struct StatusController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectUpdates(.key).pathComponents, use: log)
        routes.post(SiteURL.projectUpdates(.key).pathComponents, use: start)
        routes.get(SiteURL.statusUpdate(.key).pathComponents, use: show)
        routes.get(SiteURL.editStatusUpdate(.key).pathComponents, use: edit)
        routes.post(SiteURL.editStatusUpdate(.key).pathComponents, use: save)
        routes.get(SiteURL.discardStatusUpdate(.key).pathComponents, use: confirmDiscard)
        routes.post(SiteURL.discardStatusUpdate(.key).pathComponents, use: discard)
        routes.get(SiteURL.highlightReport(.key).pathComponents, use: highlight)
    }

    func highlight(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, report) = try await request.status.highlight(try ProjectsController.projectID(request), periodKey: request.queryData["period"],
                                                                   by: signedIn.acting)
        return HTMLResponse.make(HighlightReportPage(signedIn: signedIn, project: project.project, report: report).render())
    }

    static let notices = ["saved": "Your draft was saved.", "submitted": "The update was submitted. It is kept as it is now; correct it with a new revision.",
                          "discarded": "The draft was discarded."]

    static func updateID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.statusUpdate, as: UUID.self) else { throw NotFound("status update") }
        return id
    }

    func log(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let log = try await request.status.log(try ProjectsController.projectID(request), today: request.today, by: signedIn.acting)
        return HTMLResponse.make(StatusLogPage(signedIn: signedIn, project: log.project.project, due: log.due, updates: log.latestByPeriod,
                                               reported: log.reported, canEdit: log.project.canEdit,
                                               notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func start(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let started = try await request.status.start(projectID: try ProjectsController.projectID(request), periodKey: form["period"],
                                                     today: request.today, by: signedIn.acting)
        return request.redirect(to: SiteURL.editStatusUpdate(.value(started.update.item.id)).path)
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.status.readable(try Self.updateID(request), by: signedIn.acting)
        async let revisions = request.status.revisions(of: readable.item)
        async let previous = request.status.previousReported(readable.item)
        let names = try await request.ownerNames(readable.project, [readable.item.submittedBy].compactMap { $0 })
        return HTMLResponse.make(StatusUpdatePage(signedIn: signedIn, project: readable.project.project, update: readable.item,
                                                  revisions: try await revisions, previous: try await previous,
                                                  submittedBy: readable.item.submittedBy.flatMap { names[$0] }, canEdit: readable.canEdit,
                                                  notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    private func editable(_ request: Request, _ signedIn: SignedIn) async throws -> ReadableStatusUpdate {
        let readable = try await request.status.readable(try Self.updateID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        guard readable.item.state == .draft else { throw StatusUpdateLocked() }
        return readable
    }

    private func form(_ signedIn: SignedIn, _ readable: ReadableStatusUpdate, input: StatusUpdateInput, errors: [FieldError],
                      version: Int?, conflict: Int? = nil) -> LogFormPage {
        let update = readable.item
        return LogFormPage(signedIn: signedIn, project: readable.project.project, section: .updates, title: "Write the " + update.title,
                           action: SiteURL.editStatusUpdate(.value(update.id)).path, errors: errors, version: version,
                           conflict: conflict.map { ("update", $0, SiteURL.statusUpdate(.value(update.id)).path) },
                           submit: "Submit the update", fields: { failure in
            StatusUpdateFormFields(input: input, failure: failure)
        }, moreButtons: [SubmitButton(label: "Save as draft", style: "secondary", name: "intent", value: "save")])
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        return HTMLResponse.make(form(signedIn, readable, input: StatusUpdateInput(showing: readable.item.fields), errors: [],
                                      version: readable.item.version).render())
    }

    func save(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await editable(request, signedIn)
        let input = StatusUpdateInput(form: form)
        let submit = form["intent"] != "save"
        return try await request.saving(input, version: form["version"], noun: "update", firstField: "overall", refuse: { errors, conflict in
            self.form(signedIn, readable, input: input.overlaid(on: readable.item.fields), errors: errors, version: Int(form["version"] ?? ""),
                      conflict: conflict)
        }) { version in
            let saved = try await request.status.save(readable, input, expectedVersion: version, submit: submit, by: signedIn.acting)
            return SiteURL.statusUpdate(.value(saved.item.id)).path(query: [("notice", submit ? "submitted" : "saved")])
        }
    }

    func confirmDiscard(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        let update = readable.item
        return HTMLResponse.make(DeleteLogItemPage(
            signedIn: signedIn, project: readable.project.project, section: .updates, noun: "draft", name: "the draft " + update.title,
            explanation: "Discarding removes this draft and what it says. Submitted updates are never removed; the project's history keeps a record that the draft existed.",
            action: SiteURL.discardStatusUpdate(.value(update.id)).path, cancel: SiteURL.statusUpdate(.value(update.id)).path).render())
    }

    func discard(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let discarded = try await request.status.discard(try Self.updateID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectUpdates(.value(discarded.item.projectID)).path(query: [("notice", "discarded")]))
    }
}
