import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Dependency pages: a project's dependencies (both ways), one dependency, recording, changing and
/// deleting one, and the register across every project the reader may read.
struct DependenciesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectDependencies(.key).pathComponents, use: log)
        routes.post(SiteURL.projectDependencies(.key).pathComponents, use: create)
        routes.get(SiteURL.newDependency(.key).pathComponents, use: new)
        routes.get(SiteURL.dependency(.key).pathComponents, use: show)
        routes.get(SiteURL.editDependency(.key).pathComponents, use: edit)
        routes.post(SiteURL.editDependency(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteDependency(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteDependency(.key).pathComponents, use: delete)
        routes.get(SiteURL.dependencyRegister.pathComponents, use: register)
    }

    static func dependencyID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.dependency, as: UUID.self) else { throw NotFound("dependency") }
        return id
    }

    static let notices = ["created": "The dependency was recorded.", "saved": "Your changes were saved.",
                          "deleted": "The dependency was deleted."]

    func log(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let log = try await request.dependencies.log(try ProjectsController.projectID(request), by: signedIn.acting)
        let names = try await request.ownerNames(log.project, (log.dependsOn + log.dependedOnBy).compactMap(\.dependency.fields.ownerID))
        return HTMLResponse.make(DependencyLogPage(signedIn: signedIn, project: log.project.project, dependsOn: log.dependsOn,
                                                   dependedOnBy: log.dependedOnBy, owners: names,
                                                   organisations: try await organisationNames(request), today: request.today,
                                                   canEdit: log.project.canEdit,
                                                   notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.dependencies.readable(try Self.dependencyID(request), by: signedIn.acting)
        let owner = try await readable.dependency.fields.ownerID.asyncFlatMap { try await request.store.person($0)?.name }
        return HTMLResponse.make(DependencyPage(signedIn: signedIn, seen: readable.seen, project: readable.project?.project,
                                                canEdit: readable.canEdit, canDelete: readable.canDelete, owner: owner,
                                                organisations: try await organisationNames(request), today: request.today,
                                                notice: request.queryData["notice"].flatMap { Self.notices[$0] },
                                                actions: try await readable.project.asyncFlatMap {
                                                    try await request.actionsSection(.dependency(readable.dependency.id), $0)
                                                }).render())
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.dependencies.projectForNewDependency(try ProjectsController.projectID(request), by: signedIn.acting)
        var input = DependencyInput()
        let owners = try await request.dependencies.owners(project)
        input.ownerID = owners.contains { $0.0 == signedIn.person.id } ? signedIn.person.id.lowercasedText : nil
        return HTMLResponse.make(DependencyFormPage(signedIn: signedIn, project: project.project, mode: .create, input: input, errors: [],
                                                    owners: owners).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = DependencyInput(form: form)
        do {
            let created = try await request.dependencies.create(projectID: projectID, input, by: signedIn.acting)
            return request.redirect(to: SiteURL.dependency(.value(created.dependency.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.dependencies.projectForNewDependency(projectID, by: signedIn.acting)
            return HTMLResponse.make(DependencyFormPage(signedIn: signedIn, project: project.project, mode: .create, input: input,
                                                        errors: failure.errors, owners: try await request.dependencies.owners(project)).render(),
                                     status: .unprocessableEntity)
        }
    }

    /// The dependency as one its depending project's team may change.
    private func editable(_ request: Request, _ signedIn: SignedIn) async throws -> (ReadableDependency, ReadableProject) {
        let readable = try await request.dependencies.readable(try Self.dependencyID(request), by: signedIn.acting)
        guard let project = readable.project else { throw Forbidden(.editProject) }
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return (readable, project)
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (readable, project) = try await editable(request, signedIn)
        let input = DependencyInput(readable.dependency.fields, providerCode: readable.seen.provider?.code)
        return HTMLResponse.make(DependencyFormPage(signedIn: signedIn, project: project.project, mode: .edit(readable.dependency),
                                                    input: input, errors: [],
                                                    owners: try await request.dependencies.owners(project, owner: readable.dependency.fields.ownerID),
                                                    version: readable.dependency.version).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let (readable, project) = try await editable(request, signedIn)
        var input = DependencyInput(form: form)
        // The form shows a project it may not name by code by its id; sent back unchanged, it is kept.
        if let provider = readable.dependency.fields.providerProjectID, input.dependsOnProject == provider.lowercasedText {
            input.dependsOnProject = nil
        }
        let version = Int(form["version"] ?? "")
        func refuse(_ errors: [FieldError], conflict: Int? = nil) async throws -> Response {
            let owner = input.ownerID.flatMap { UUID(uuidString: $0) } ?? readable.dependency.fields.ownerID
            var shown = input.overlaid(on: readable.dependency.fields)
            if input.dependsOnProject == nil { shown.dependsOnProject = readable.seen.provider?.code ?? shown.dependsOnProject }
            return HTMLResponse.make(DependencyFormPage(signedIn: signedIn, project: project.project, mode: .edit(readable.dependency),
                                                        input: shown, errors: errors,
                                                        owners: try await request.dependencies.owners(project, owner: owner),
                                                        version: version, conflictVersion: conflict).render(),
                                     status: conflict == nil ? .unprocessableEntity : .conflict)
        }
        do {
            guard let version else {
                return try await refuse([FieldError("title", "The form was missing its version: reload the page and make your change again")])
            }
            _ = try await request.dependencies.update(readable, input, expectedVersion: version, by: signedIn.acting)
            return request.redirect(to: SiteURL.dependency(.value(readable.dependency.id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return try await refuse(failure.errors)
        } catch let conflict as VersionConflict {
            return try await refuse([FieldError("title", "Someone else saved this dependency while you were editing it. Your changes have not been saved")],
                                    conflict: conflict.currentVersion)
        }
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (readable, project) = try await editable(request, signedIn)
        try AccessPolicy.require(readable.canDelete, else: .deleteDependency)
        return HTMLResponse.make(DeleteDependencyPage(signedIn: signedIn, project: project.project, dependency: readable.dependency).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.dependencies.delete(try Self.dependencyID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectDependencies(.value(deleted.dependency.projectID)).path(query: [("notice", "deleted")]))
    }

    func register(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, _) = DependencyRegisterQuery.parse(request.queryData, strict: false)
        let number = Int(request.queryData["page"] ?? "") ?? 1
        let page = try await request.dependencies.register(query, today: request.today, page: PageRequest(page: min(max(number, 1), 100_000)),
                                                           by: signedIn.acting).page
        let organisations = try await request.store.referenceData().organisations.map { ($0.id, $0.name) }
        return HTMLResponse.make(DependencyRegisterPage(signedIn: signedIn, query: query, page: page, organisations: organisations,
                                                        today: request.today).render())
    }

    private func organisationNames(_ request: Request) async throws -> [UUID: String] {
        Dictionary(try await request.store.referenceData().organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}

extension DependencyInput {
    /// What the dependency form sent: every field is on the form.
    init(form: FormData) {
        self.init()
        for (key, path) in Self.fields { self[keyPath: path] = form[key] }
    }
}

extension Optional {
    fileprivate func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
