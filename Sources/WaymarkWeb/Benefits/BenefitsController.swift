import Plot
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
        routes.get(SiteURL.benefit(.key).pathComponents, use: show)
        try routes.register(collection: LogPages<BenefitPages>())
    }

    static let notices = ["created": "The benefit was added.", "saved": "Your changes were saved.", "deleted": "The benefit was deleted."]

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
        let record = try await request.benefits.record(try LogPages<BenefitPages>.itemID(request), by: signedIn.acting)
        let readable = record.benefit
        let people = try await request.ownerNames(readable.project, [readable.item.fields.ownerID].compactMap { $0 })
        return HTMLResponse.make(BenefitPage(signedIn: signedIn, project: readable.project.project, benefit: readable.item,
                                             measures: record.measures, actuals: record.actuals,
                                             owner: readable.item.fields.ownerID.flatMap { people[$0] }, today: request.today,
                                             canEdit: readable.canEdit, canDelete: readable.canDelete,
                                             notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }
}

/// Adding, changing and deleting a benefit, through `LogPages`.
enum BenefitPages: LogPagesResource {
    static let noun = "benefit", firstField = "title", section = ProjectSection.benefits
    static let newTitle = "Add a benefit", newSubmit = "Add benefit"
    static let itemKey = SiteURL.Key.benefit, deleteRefusal = Refusal.deleteBenefit
    static let deleteExplanation = "Deleting removes a benefit recorded by mistake, with its trajectory, actuals and cash. The project's history keeps a record that it existed. A benefit that will not be realised should stay, marked not realised."

    static func listRoute(_ project: Param<UUID>) -> SiteURL { .projectBenefits(project) }
    static func newRoute(_ project: Param<UUID>) -> SiteURL { .newBenefit(project) }
    static func itemRoute(_ item: Param<UUID>) -> SiteURL { .benefit(item) }
    static func editRoute(_ item: Param<UUID>) -> SiteURL { .editBenefit(item) }
    static func deleteRoute(_ item: Param<UUID>) -> SiteURL { .deleteBenefit(item) }
    static func name(_ item: Benefit) -> String { item.reference + " " + item.fields.title }
    static func identity(_ item: Benefit) -> (id: UUID, version: Int) { (item.id, item.version) }
    static func recorded(_ item: Benefit) -> BenefitFields { item.fields }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.benefits.projectForNewBenefit(projectID, by: acting)
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableBenefit {
        try await request.benefits.readable(id, by: acting)
    }

    static func create(_ projectID: UUID, _ input: BenefitInput, _ request: Request, by acting: Acting) async throws -> ReadableBenefit {
        try await request.benefits.create(projectID: projectID, input, by: acting)
    }

    static func update(_ current: ReadableBenefit, _ input: BenefitInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws {
        _ = try await request.benefits.update(current, input, expectedVersion: expectedVersion, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws -> UUID {
        try await request.benefits.delete(id, by: acting).item.projectID
    }

    /// Evidenced by the measure (`measure`) the link came from.
    static func newInput(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject) async throws -> BenefitInput {
        var input = BenefitInput()
        input.measureIDs = request.queryData["measure"]
        return input
    }

    static func fields(_ request: Request, _ project: ReadableProject, _ item: Benefit?, _ input: BenefitInput) async throws
        -> (ValidationFailure) -> Component {
        let owner = input.ownerID.flatMap { UUID(uuidString: $0) } ?? item?.fields.ownerID
        let (measures, owners) = try await request.benefits.formChoices(project, owner: owner)
        return { failure in BenefitFormFields(input: input, failure: failure, owners: owners, measures: measures) }
    }
}
