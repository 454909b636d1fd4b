import Plot
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Assumption pages: a project's assumptions, one assumption with its actions, and recording,
/// changing and deleting one.
struct AssumptionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectAssumptions(.key).pathComponents, use: log)
        routes.get(SiteURL.assumption(.key).pathComponents, use: show)
        try routes.register(collection: LogPages<AssumptionPages>())
    }

    static let notices = ["created": "The assumption was recorded.", "saved": "Your changes were saved.",
                          "deleted": "The assumption was deleted."]

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
        let readable = try await request.assumptions.readable(try LogPages<AssumptionPages>.itemID(request), by: signedIn.acting)
        let owners = try await request.ownerNames(readable.project, [readable.item.fields.ownerID].compactMap { $0 })
        return HTMLResponse.make(AssumptionPage(signedIn: signedIn, project: readable.project.project, assumption: readable.item,
                                                owners: owners, actions: try await request.actionsSection(.assumption(readable.item.id), readable.project),
                                                today: request.today, canEdit: readable.canEdit,
                                                canDelete: readable.canDelete,
                                                notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }
}

/// Recording, changing and deleting an assumption, through `LogPages`.
enum AssumptionPages: LogPagesResource {
    static let noun = "assumption", firstField = "statement", section = ProjectSection.assumptions
    static let newTitle = "Record an assumption", newSubmit = "Record assumption"
    static let itemKey = SiteURL.Key.assumption, deleteRefusal = Refusal.deleteAssumption
    static let deleteExplanation = "Deleting removes an assumption recorded by mistake, with its actions. The project's history keeps a record that it existed. An assumption that has been checked should record what the check found instead."

    static func listRoute(_ project: Param<UUID>) -> SiteURL { .projectAssumptions(project) }
    static func newRoute(_ project: Param<UUID>) -> SiteURL { .newAssumption(project) }
    static func itemRoute(_ item: Param<UUID>) -> SiteURL { .assumption(item) }
    static func editRoute(_ item: Param<UUID>) -> SiteURL { .editAssumption(item) }
    static func deleteRoute(_ item: Param<UUID>) -> SiteURL { .deleteAssumption(item) }
    static func name(_ item: Assumption) -> String { item.reference + " " + item.fields.statement }
    static func identity(_ item: Assumption) -> (id: UUID, version: Int) { (item.id, item.version) }
    static func recorded(_ item: Assumption) -> AssumptionFields { item.fields }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.assumptions.projectForNewAssumption(projectID, by: acting)
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableAssumption {
        try await request.assumptions.readable(id, by: acting)
    }

    static func create(_ projectID: UUID, _ input: AssumptionInput, _ request: Request, by acting: Acting) async throws -> ReadableAssumption {
        try await request.assumptions.create(projectID: projectID, input, today: request.today, by: acting)
    }

    static func update(_ current: ReadableAssumption, _ input: AssumptionInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws {
        _ = try await request.assumptions.update(current, input, expectedVersion: expectedVersion, today: request.today, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws -> UUID {
        try await request.assumptions.delete(id, by: acting).item.projectID
    }

    /// The person owns a new assumption if they are on the team.
    static func newInput(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject) async throws -> AssumptionInput {
        var input = AssumptionInput()
        let owners = try await request.assumptions.owners(project)
        input.ownerID = owners.contains { $0.0 == signedIn.person.id } ? signedIn.person.id.lowercasedText : nil
        return input
    }

    static func fields(_ request: Request, _ project: ReadableProject, _ item: Assumption?, _ input: AssumptionInput) async throws
        -> (ValidationFailure) -> Component {
        let owner = input.ownerID.flatMap { UUID(uuidString: $0) } ?? item?.fields.ownerID
        let owners = try await request.assumptions.owners(project, owner: owner)
        return { failure in AssumptionFormFields(input: input, failure: failure, owners: owners) }
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
    /// Those not on the team are read in one statement.
    func ownerNames(_ project: ReadableProject, _ ids: some Sequence<UUID>) async throws -> [UUID: String] {
        var names = Dictionary(try await risks.owners(project), uniquingKeysWith: { first, _ in first })
        names.merge(try await store.personNames(Set(ids).subtracting(names.keys))) { first, _ in first }
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
