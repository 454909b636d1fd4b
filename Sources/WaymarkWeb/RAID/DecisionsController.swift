import Plot
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Decision pages: a project's decisions log, one decision, recording, changing and deleting one.
struct DecisionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectDecisions(.key).pathComponents, use: log)
        routes.get(SiteURL.decision(.key).pathComponents, use: show)
        try routes.register(collection: LogPages<DecisionPages>())
    }

    static let notices = ["created": "The decision was recorded.", "saved": "Your changes were saved.", "deleted": "The decision was deleted."]

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
        let readable = try await request.decisions.readable(try LogPages<DecisionPages>.itemID(request), by: signedIn.acting)
        let (items, _) = try await request.decisions.formChoices(readable.project)
        let people = try await request.ownerNames(readable.project, [readable.item.fields.deciderID].compactMap { $0 })
        return HTMLResponse.make(DecisionPage(signedIn: signedIn, project: readable.project.project, decision: readable.item, items: items,
                                              people: people, canEdit: readable.canEdit, canDelete: readable.canDelete,
                                              notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }
}

/// Recording, changing and deleting a decision, through `LogPages`.
enum DecisionPages: LogPagesResource {
    static let noun = "decision", firstField = "title", section = ProjectSection.decisions
    static let newTitle = "Record a decision", newSubmit = "Record decision"
    static let itemKey = SiteURL.Key.decision, deleteRefusal = Refusal.deleteDecision
    static let deleteExplanation = "Deleting removes a decision recorded by mistake. The project's history keeps a record that it existed. A decision that was made and later changed should stay, with the later decision recorded beside it."

    static func listRoute(_ project: Param<UUID>) -> SiteURL { .projectDecisions(project) }
    static func newRoute(_ project: Param<UUID>) -> SiteURL { .newDecision(project) }
    static func itemRoute(_ item: Param<UUID>) -> SiteURL { .decision(item) }
    static func editRoute(_ item: Param<UUID>) -> SiteURL { .editDecision(item) }
    static func deleteRoute(_ item: Param<UUID>) -> SiteURL { .deleteDecision(item) }
    static func name(_ item: Decision) -> String { item.reference + " " + item.fields.title }
    static func identity(_ item: Decision) -> (id: UUID, version: Int) { (item.id, item.version) }
    static func recorded(_ item: Decision) -> DecisionFields { item.fields }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.decisions.projectForNewDecision(projectID, by: acting)
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableDecision {
        try await request.decisions.readable(id, by: acting)
    }

    static func create(_ projectID: UUID, _ input: DecisionInput, _ request: Request, by acting: Acting) async throws -> ReadableDecision {
        try await request.decisions.create(projectID: projectID, input, today: request.today, by: acting)
    }

    static func update(_ current: ReadableDecision, _ input: DecisionInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws {
        _ = try await request.decisions.update(current, input, expectedVersion: expectedVersion, today: request.today, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws -> UUID {
        try await request.decisions.delete(id, by: acting).item.projectID
    }

    /// Decided today, linked to the RAID item (`item`) the link came from.
    static func newInput(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject) async throws -> DecisionInput {
        var input = DecisionInput()
        input.decidedOn = request.today.description
        input.linkedItemIDs = request.queryData["item"]
        return input
    }

    static func fields(_ request: Request, _ project: ReadableProject, _ item: Decision?, _ input: DecisionInput) async throws
        -> (ValidationFailure) -> Component {
        let decider = input.deciderID.flatMap { UUID(uuidString: $0) } ?? item?.fields.deciderID
        let (items, deciders) = try await request.decisions.formChoices(project, decider: decider)
        return { failure in DecisionFormFields(input: input, failure: failure, items: items, deciders: deciders) }
    }
}
