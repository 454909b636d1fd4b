import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Benefit pages: a project's benefits, one benefit's profile, recording, changing and deleting
/// one, and the benefits register across the portfolio.
struct BenefitsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.benefitRegister.pathComponents, use: register)
        routes.get(SiteURL.projectBenefits(.key).pathComponents, use: list)
        routes.post(SiteURL.projectBenefits(.key).pathComponents, use: create)
        routes.get(SiteURL.newBenefit(.key).pathComponents, use: new)
        routes.get(SiteURL.benefit(.key).pathComponents, use: show)
        routes.get(SiteURL.editBenefit(.key).pathComponents, use: edit)
        routes.post(SiteURL.editBenefit(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteBenefit(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteBenefit(.key).pathComponents, use: delete)
    }

    static let notices = ["created": "The benefit was added.", "saved": "Your changes were saved.", "deleted": "The benefit was deleted."]

    static func benefitID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.benefit, as: UUID.self) else { throw NotFound("benefit") }
        return id
    }

    func register(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, errors) = BenefitRegisterQuery.parse(request.queryData)
        async let register = request.benefits.register(query, by: signedIn.acting)
        async let references = request.store.referenceData()
        let (found, reference) = (try await register, try await references)
        return HTMLResponse.make(BenefitRegisterPage(signedIn: signedIn, register: found, query: query,
                                                     organisations: reference.organisations.map { ($0.id, $0.name) },
                                                     programmes: reference.programmes.map { ($0.id, $0.name) }, errors: errors).render(),
                                 status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func list(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let list = try await request.benefits.list(try ProjectsController.projectID(request), by: signedIn.acting)
        return HTMLResponse.make(BenefitListPage(signedIn: signedIn, project: list.project.project, benefits: list.benefits,
                                                 observations: list.observations, canEdit: list.project.canEdit,
                                                 notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let record = try await request.benefits.record(try Self.benefitID(request), by: signedIn.acting)
        let readable = record.benefit
        let people = try await request.ownerNames(readable.project, [readable.item.fields.ownerID].compactMap { $0 })
        return HTMLResponse.make(BenefitPage(signedIn: signedIn, project: readable.project.project, benefit: readable.item,
                                             measures: record.measures, actuals: record.actuals,
                                             owner: readable.item.fields.ownerID.flatMap { people[$0] }, today: request.today,
                                             canEdit: readable.canEdit, canDelete: readable.canDelete,
                                             notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    private func form(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject, _ benefit: Benefit?, input: BenefitInput,
                      errors: [FieldError], version: Int? = nil, conflict: Int? = nil) async throws -> LogFormPage {
        let owner = input.ownerID.flatMap { UUID(uuidString: $0) } ?? benefit?.fields.ownerID
        let (measures, owners) = try await request.benefits.formChoices(project, owner: owner)
        return LogFormPage(signedIn: signedIn, project: project.project, section: .benefits,
                           title: benefit.map { "Edit " + $0.reference + " " + $0.fields.title } ?? "Add a benefit",
                           action: benefit.map { SiteURL.editBenefit(.value($0.id)).path } ?? SiteURL.projectBenefits(.value(project.project.id)).path,
                           errors: errors, version: version,
                           conflict: benefit.flatMap { item in conflict.map { ("benefit", $0, SiteURL.benefit(.value(item.id)).path) } },
                           submit: benefit == nil ? "Add benefit" : "Save changes") { failure in
            BenefitFormFields(input: input, failure: failure, owners: owners, measures: measures)
        }
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.benefits.projectForNewBenefit(try ProjectsController.projectID(request), by: signedIn.acting)
        var input = BenefitInput()
        input.measureIDs = request.queryData["measure"]
        return HTMLResponse.make(try await form(request, signedIn, project, nil, input: input, errors: []).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = BenefitInput(form: form)
        do {
            let created = try await request.benefits.create(projectID: projectID, input, by: signedIn.acting)
            return request.redirect(to: SiteURL.benefit(.value(created.item.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.benefits.projectForNewBenefit(projectID, by: signedIn.acting)
            return HTMLResponse.make(try await self.form(request, signedIn, project, nil, input: input, errors: failure.errors).render(),
                                     status: .unprocessableEntity)
        }
    }

    private func editable(_ request: Request, _ signedIn: SignedIn) async throws -> ReadableBenefit {
        let readable = try await request.benefits.readable(try Self.benefitID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return readable
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        return HTMLResponse.make(try await form(request, signedIn, readable.project, readable.item,
                                                input: BenefitInput(showing: readable.item.fields), errors: [],
                                                version: readable.item.version).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await editable(request, signedIn)
        let input = BenefitInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "benefit", firstField: "title", refuse: { errors, conflict in
            try await self.form(request, signedIn, readable.project, readable.item, input: input.overlaid(on: readable.item.fields),
                                errors: errors, version: Int(form["version"] ?? ""), conflict: conflict)
        }) { version in
            _ = try await request.benefits.update(readable, input, expectedVersion: version, by: signedIn.acting)
            return SiteURL.benefit(.value(readable.item.id)).path(query: [("notice", "saved")])
        }
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        try AccessPolicy.require(readable.canDelete, else: .deleteBenefit)
        let benefit = readable.item
        return HTMLResponse.make(DeleteLogItemPage(
            signedIn: signedIn, project: readable.project.project, section: .benefits, noun: "benefit",
            name: benefit.reference + " " + benefit.fields.title,
            explanation: "Deleting removes a benefit recorded by mistake, with its trajectory, actuals and cash. The project's history keeps a record that it existed. A benefit that will not be realised should stay, marked not realised.",
            action: SiteURL.deleteBenefit(.value(benefit.id)).path, cancel: SiteURL.benefit(.value(benefit.id)).path).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.benefits.delete(try Self.benefitID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectBenefits(.value(deleted.item.projectID)).path(query: [("notice", "deleted")]))
    }
}
