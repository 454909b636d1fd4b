import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// A project's risk register pages: the register with its heat map, a risk, recording, changing
/// and deleting one.
struct RisksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectRisks(.key).pathComponents, use: register)
        routes.post(SiteURL.projectRisks(.key).pathComponents, use: create)
        routes.get(SiteURL.newRisk(.key).pathComponents, use: new)
        routes.get(SiteURL.risk(.key).pathComponents, use: show)
        routes.get(SiteURL.editRisk(.key).pathComponents, use: edit)
        routes.post(SiteURL.editRisk(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteRisk(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteRisk(.key).pathComponents, use: delete)
        routes.post(SiteURL.escalateRisk(.key).pathComponents, use: escalate)
        routes.post(SiteURL.materialiseRisk(.key).pathComponents, use: materialise)
        routes.get(SiteURL.systemRiskRegister.pathComponents, use: systemRegister)
        routes.get(SiteURL.organisationRiskRegisters.pathComponents, use: chooseOrganisationRegister)
        routes.get(SiteURL.organisationRiskRegister(.key).pathComponents, use: organisationRegister)
    }

    func escalate(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await request.risks.readable(try Self.riskID(request), by: signedIn.acting)
        do {
            _ = try await request.risks.escalate(readable, level: form["level"], reason: form["reason"],
                                                 expectedVersion: Int(form["version"] ?? "") ?? -1, by: signedIn.acting)
        } catch let failure as ValidationFailure {
            return try await showRisk(request, signedIn, readable, errors: failure.errors, input: (form["level"], form["reason"]),
                                      status: .unprocessableEntity)
        } catch is VersionConflict {
            return try await showRisk(request, signedIn, try await request.risks.readable(readable.risk.id, by: signedIn.acting),
                                      errors: [FieldError("level", "Someone changed the risk since you opened this page: check it below and try again")],
                                      input: (form["level"], form["reason"]), status: .conflict)
        }
        return request.redirect(to: SiteURL.risk(.value(readable.risk.id)).path(query: [("notice", "moved")]))
    }

    /// The risk happened: an issue is raised from it and the risk closes; the person lands on the issue.
    func materialise(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await request.risks.readable(try Self.riskID(request), by: signedIn.acting)
        do {
            let (_, issue) = try await request.issues.materialise(readable, expectedVersion: Int(form["version"] ?? "") ?? -1,
                                                                  today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.issue(.value(issue.issue.id)).path(query: [("notice", "materialised")]))
        } catch let failure as ValidationFailure {
            return try await showRisk(request, signedIn, readable, errors: failure.errors.map { FieldError("materialise", $0.message, kind: $0.kind) },
                                      status: .unprocessableEntity)
        } catch is VersionConflict {
            return try await showRisk(request, signedIn, try await request.risks.readable(readable.risk.id, by: signedIn.acting),
                                      errors: [FieldError("materialise", "Someone changed the risk since you opened this page: check it below and try again")],
                                      status: .conflict)
        }
    }

    func systemRegister(request: Request) async throws -> Response {
        try await escalatedRisks(request, .system)
    }

    func chooseOrganisationRegister(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        guard let id = request.queryData["organisation"].flatMap(UUID.init(uuidString:)) else {
            return request.redirect(to: SiteURL.systemRiskRegister.path)
        }
        return request.redirect(to: SiteURL.organisationRiskRegister(.value(id)).path)
    }

    func organisationRegister(request: Request) async throws -> Response {
        guard let id = request.parameters.get(SiteURL.Key.organisation, as: UUID.self),
              try await request.store.organisation(id) != nil else { throw NotFound("organisation") }
        return try await escalatedRisks(request, .organisation(id))
    }

    private func escalatedRisks(_ request: Request, _ scope: RiskRegisterQuery.Scope) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let settings = try await request.store.riskSettings()
        let (query, _) = RiskRegisterQuery.parse(request.queryData, scope: scope, bands: settings.bands, strict: false)
        let page = PageRequest(page: request.queryData["page"].flatMap(Int.init) ?? 1, perPage: 50)
        let register = try await request.risks.escalated(query, page: page, by: signedIn.acting)
        let issueQuery = IssueRegisterQuery(scope: scope, organisationID: query.organisationID)
        let issues = try await request.issues.escalated(
            issueQuery, page: PageRequest(page: request.queryData["issues_page"].flatMap(Int.init) ?? 1, perPage: 25), by: signedIn.acting)
        return render(EscalatedRisksPage(signedIn: signedIn, query: query, page: register.page, issues: issues, cells: register.cells,
                                         settings: settings, organisations: try await request.store.referenceData().organisations, today: request.today))
    }

    static func riskID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.risk, as: UUID.self) else { throw NotFound("risk") }
        return id
    }

    static let notices = ["created": "The risk was recorded.", "saved": "Your changes were saved.", "deleted": "The risk was deleted.",
                          "moved": "The risk was moved to another register."]

    func register(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let register = try await request.risks.register(try ProjectsController.projectID(request), by: signedIn.acting)
        // A cell of the heat map, when followed from it; anything else shows the whole register.
        let cell = request.queryData["likelihood"].flatMap(Int.init).flatMap { likelihood in
            request.queryData["consequence"].flatMap(Int.init).flatMap { RiskRating(likelihood: likelihood, consequence: $0) }
        }
        let names = try await request.ownerNames(register.project, register.risks.compactMap(\.fields.ownerID))
        return render(RiskRegisterPage(signedIn: signedIn, project: register.project.project, risks: register.risks,
                                       settings: register.settings, owners: names, today: request.today,
                                       canEdit: register.project.canEdit,
                                       notice: request.queryData["notice"].flatMap { Self.notices[$0] }, cell: cell))
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return try await showRisk(request, signedIn, try await request.risks.readable(try Self.riskID(request), by: signedIn.acting))
    }

    /// The risk's page, with what went wrong with an escalation asked for on it.
    private func showRisk(_ request: Request, _ signedIn: SignedIn, _ readable: ReadableRisk, errors: [FieldError] = [],
                          input: (String?, String?) = (nil, nil), status: HTTPResponseStatus = .ok) async throws -> Response {
        let store = request.store
        async let settings = store.riskSettings()
        async let categories = store.riskCategories()
        async let history = request.risks.scoreHistory(readable)
        async let issue = request.issues.raised(from: readable)
        var owner: String?
        if let ownerID = readable.risk.fields.ownerID { owner = try await store.person(ownerID)?.name }
        let (bands, kinds, points) = (try await settings, try await categories, try await history)
        return render(RiskPage(signedIn: signedIn, project: readable.project.project, risk: readable.risk, settings: bands,
                               categories: kinds, owner: owner, history: points, today: request.today,
                               now: request.application.waymark.clock(),
                               canEdit: readable.canEdit, canDelete: readable.canDelete,
                               notice: errors.isEmpty ? request.queryData["notice"].flatMap { Self.notices[$0] } : nil,
                               errors: errors, escalationInput: input, issue: try await issue,
                               actions: try await request.actionsSection(.risk(readable.risk.id), readable.project)), status: status)
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.risks.projectForNewRisk(try ProjectsController.projectID(request), by: signedIn.acting)
        var input = RiskInput()
        input.ownerID = try await request.store.team(of: project.project.id).contains { $0.personID == signedIn.person.id }
            ? signedIn.person.id.lowercasedText : nil
        return try await form(request, signedIn, project, .create, input, errors: [])
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = RiskInput(form: form)
        do {
            let created = try await request.risks.create(projectID: projectID, input, by: signedIn.acting)
            return request.redirect(to: SiteURL.risk(.value(created.risk.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.risks.projectForNewRisk(projectID, by: signedIn.acting)
            return try await self.form(request, signedIn, project, .create, input, errors: failure.errors, status: .unprocessableEntity)
        }
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.risks.readable(try Self.riskID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return try await form(request, signedIn, readable.project, .edit(readable.risk), RiskInput(readable.risk.fields), errors: [],
                              version: readable.risk.version)
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await request.risks.readable(try Self.riskID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        let input = RiskInput(form: form)
        let version = Int(form["version"] ?? "")
        func refuse(_ errors: [FieldError], conflict: Int? = nil) async throws -> Response {
            try await self.form(request, signedIn, readable.project, .edit(readable.risk), input.overlaid(on: readable.risk.fields),
                                errors: errors, version: version, conflict: conflict,
                                status: conflict == nil ? .unprocessableEntity : .conflict)
        }
        do {
            guard let version else {
                return try await refuse([FieldError("title", "The form was missing its version: reload the page and make your change again")])
            }
            _ = try await request.risks.update(readable, input, expectedVersion: version, by: signedIn.acting)
            return request.redirect(to: SiteURL.risk(.value(readable.risk.id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return try await refuse(failure.errors)
        } catch let conflict as VersionConflict {
            return try await refuse([FieldError("title", "Someone else saved this risk while you were editing it. Your changes have not been saved")],
                                    conflict: conflict.currentVersion)
        }
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.risks.readable(try Self.riskID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canDelete, else: .deleteRisk)
        return render(DeleteRiskPage(signedIn: signedIn, project: readable.project.project, risk: readable.risk))
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.risks.delete(try Self.riskID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectRisks(.value(deleted.risk.projectID)).path(query: [("notice", "deleted")]))
    }

    private func form(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject, _ mode: RiskFormPage.Mode,
                      _ input: RiskInput, errors: [FieldError], version: Int? = nil, conflict: Int? = nil,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let owner = input.ownerID.flatMap { UUID(uuidString: $0) }
        let kept: UUID? = if case .edit(let risk) = mode { risk.fields.categoryID } else { nil }
        let choices = try await request.risks.formChoices(project, owner: owner, category: kept)
        return render(RiskFormPage(signedIn: signedIn, project: project.project, mode: mode, input: input, errors: errors,
                                   categories: choices.categories, owners: choices.owners, version: version, conflictVersion: conflict),
                      status: status)
    }

    func render(_ page: some RenderablePage, status: HTTPResponseStatus = .ok) -> Response {
        HTMLResponse.make(bytes: page.renderBytes(), status: status)
    }
}

extension RiskInput {
    /// What the risk form sent. Every field is on the form, so each is read as sent.
    init(form: FormData) {
        self.init()
        title = form["title"]
        cause = form["cause"]
        event = form["event"]
        effect = form["effect"]
        categoryID = form["categoryId"]
        ownerID = form["ownerId"]
        inherentLikelihood = form["inherentLikelihood"]
        inherentConsequence = form["inherentConsequence"]
        currentLikelihood = form["currentLikelihood"]
        currentConsequence = form["currentConsequence"]
        targetLikelihood = form["targetLikelihood"]
        targetConsequence = form["targetConsequence"]
        response = form["response"]
        proximity = form["proximity"]
        reviewDate = form["reviewDate"]
        status = form["status"]
    }
}
