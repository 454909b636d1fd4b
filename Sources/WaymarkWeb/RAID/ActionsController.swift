import Plot
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Action pages: a project's actions log, one action, recording (from the log or from a RAID
/// item's page), changing and deleting one; and "my work".
struct ActionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectActions(.key).pathComponents, use: log)
        routes.get(SiteURL.action(.key).pathComponents, use: show)
        routes.get(SiteURL.myWork.pathComponents, use: myWork)
        try routes.register(collection: LogPages<ActionPages>())
    }

    static let notices = ["created": "The action was recorded.", "saved": "Your changes were saved.", "deleted": "The action was deleted."]

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
        let readable = try await request.actions.readable(try LogPages<ActionPages>.itemID(request), by: signedIn.acting)
        let ownerID = readable.item.fields.ownerID
        let owner = ownerID == nil ? nil : try await request.ownerNames(readable.project, [ownerID!])[ownerID!]
        return HTMLResponse.make(ActionPage(signedIn: signedIn, project: readable.project.project, action: readable.item,
                                            item: try await request.actions.label(of: readable.item), owner: owner, today: request.today,
                                            canEdit: readable.canEdit, canDelete: readable.canDelete,
                                            notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
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

/// Recording, changing and deleting an action (from the log, or from a RAID item's page), through `LogPages`.
enum ActionPages: LogPagesResource {
    static let noun = "action", firstField = "title", section = ProjectSection.actions
    static let newTitle = "Record an action", newSubmit = "Record action"
    static let itemKey = SiteURL.Key.action, deleteRefusal = Refusal.deleteAction
    static let deleteExplanation = "Deleting removes an action recorded by mistake. The project's history keeps a record that it existed. An action that has been done should record the date it was done instead."

    static func listRoute(_ project: Param<UUID>) -> SiteURL { .projectActions(project) }
    static func newRoute(_ project: Param<UUID>) -> SiteURL { .newAction(project) }
    static func itemRoute(_ item: Param<UUID>) -> SiteURL { .action(item) }
    static func editRoute(_ item: Param<UUID>) -> SiteURL { .editAction(item) }
    static func deleteRoute(_ item: Param<UUID>) -> SiteURL { .deleteAction(item) }
    static func name(_ item: Action) -> String { item.reference + " " + item.fields.title }
    static func identity(_ item: Action) -> (id: UUID, version: Int) { (item.id, item.version) }
    static func recorded(_ item: Action) -> ActionFields { item.fields }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.actions.projectForNewAction(projectID, by: acting)
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableAction {
        try await request.actions.readable(id, by: acting)
    }

    static func create(_ projectID: UUID, _ input: ActionInput, _ request: Request, by acting: Acting) async throws -> ReadableAction {
        try await request.actions.create(projectID: projectID, input, today: request.today, by: acting)
    }

    static func update(_ current: ReadableAction, _ input: ActionInput, expectedVersion: Int, _ request: Request, by acting: Acting) async throws {
        _ = try await request.actions.update(current, input, expectedVersion: expectedVersion, today: request.today, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws -> UUID {
        try await request.actions.delete(id, by: acting).item.projectID
    }

    /// `item` (a RAID item's id) chooses what the action is for; the person owns it if on the team.
    static func newInput(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject) async throws -> ActionInput {
        var input = ActionInput()
        input.itemID = request.queryData["item"]
        let team = try await request.risks.owners(project)
        input.ownerID = team.contains { $0.0 == signedIn.person.id } ? signedIn.person.id.lowercasedText : nil
        return input
    }

    static func fields(_ request: Request, _ project: ReadableProject, _ item: Action?, _ input: ActionInput) async throws
        -> (ValidationFailure) -> Component {
        let owner = input.ownerID.flatMap { UUID(uuidString: $0) } ?? item?.fields.ownerID
        let (items, owners) = try await request.actions.formChoices(project, owner: owner)
        return { failure in ActionFormFields(input: input, failure: failure, items: items, owners: owners) }
    }
}
