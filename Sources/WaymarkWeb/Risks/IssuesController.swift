import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// A project's issue log pages: the log, an issue, logging, changing, escalating and deleting one.
struct IssuesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectIssues(.key).pathComponents, use: log)
        routes.post(SiteURL.projectIssues(.key).pathComponents, use: create)
        routes.get(SiteURL.newIssue(.key).pathComponents, use: new)
        routes.get(SiteURL.issue(.key).pathComponents, use: show)
        routes.get(SiteURL.editIssue(.key).pathComponents, use: edit)
        routes.post(SiteURL.editIssue(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteIssue(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteIssue(.key).pathComponents, use: delete)
        routes.post(SiteURL.escalateIssue(.key).pathComponents, use: escalate)
    }

    static func issueID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.issue, as: UUID.self) else { throw NotFound("issue") }
        return id
    }

    static let notices = ["created": "The issue was logged.", "saved": "Your changes were saved.", "deleted": "The issue was deleted.",
                          "moved": "The issue was moved to another register.",
                          "materialised": "The risk was closed as materialised and this issue was logged from it."]

    func log(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let log = try await request.issues.log(try ProjectsController.projectID(request), by: signedIn.acting)
        let names = try await request.ownerNames(log.project, log.issues.compactMap(\.fields.ownerID))
        return render(IssueLogPage(signedIn: signedIn, project: log.project.project, issues: log.issues, owners: names,
                                   today: request.today, canEdit: log.project.canEdit,
                                   notice: request.queryData["notice"].flatMap { Self.notices[$0] }))
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return try await showIssue(request, signedIn, try await request.issues.readable(try Self.issueID(request), by: signedIn.acting))
    }

    private func showIssue(_ request: Request, _ signedIn: SignedIn, _ readable: ReadableIssue, errors: [FieldError] = [],
                           input: (String?, String?) = (nil, nil), status: HTTPResponseStatus = .ok) async throws -> Response {
        let store = request.store
        var risk: Risk?, owner: String?
        if let riskID = readable.issue.riskID { risk = try await store.risk(riskID) }
        if let ownerID = readable.issue.fields.ownerID { owner = try await store.person(ownerID)?.name }
        return render(IssuePage(signedIn: signedIn, project: readable.project.project, issue: readable.issue, owner: owner,
                                risk: risk, today: request.today, canEdit: readable.canEdit, canDelete: readable.canDelete,
                                notice: errors.isEmpty ? request.queryData["notice"].flatMap { Self.notices[$0] } : nil,
                                errors: errors, escalationInput: input,
                                actions: try await request.actionsSection(.issue(readable.issue.id), readable.project)), status: status)
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.issues.projectForNewIssue(try ProjectsController.projectID(request), by: signedIn.acting)
        var input = IssueInput()
        let owners = try await request.issues.owners(project)
        input.ownerID = owners.contains { $0.0 == signedIn.person.id } ? signedIn.person.id.lowercasedText : nil
        input.raisedOn = request.today.description
        return render(IssueFormPage(signedIn: signedIn, project: project.project, mode: .create, input: input, errors: [], owners: owners))
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = IssueInput(form: form)
        do {
            let created = try await request.issues.create(projectID: projectID, input, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.issue(.value(created.issue.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.issues.projectForNewIssue(projectID, by: signedIn.acting)
            return render(IssueFormPage(signedIn: signedIn, project: project.project, mode: .create, input: input, errors: failure.errors,
                                        owners: try await request.issues.owners(project)), status: .unprocessableEntity)
        }
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.issues.readable(try Self.issueID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return render(IssueFormPage(signedIn: signedIn, project: readable.project.project, mode: .edit(readable.issue),
                                    input: IssueInput(readable.issue.fields), errors: [],
                                    owners: try await request.issues.owners(readable.project, owner: readable.issue.fields.ownerID),
                                    version: readable.issue.version))
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await request.issues.readable(try Self.issueID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        let input = IssueInput(form: form)
        let version = Int(form["version"] ?? "")
        func refuse(_ errors: [FieldError], conflict: Int? = nil) async throws -> Response {
            let owner = input.ownerID.flatMap { UUID(uuidString: $0) } ?? readable.issue.fields.ownerID
            return render(IssueFormPage(signedIn: signedIn, project: readable.project.project, mode: .edit(readable.issue),
                                        input: input.overlaid(on: readable.issue.fields), errors: errors,
                                        owners: try await request.issues.owners(readable.project, owner: owner),
                                        version: version, conflictVersion: conflict),
                          status: conflict == nil ? .unprocessableEntity : .conflict)
        }
        do {
            guard let version else {
                return try await refuse([FieldError("title", "The form was missing its version: reload the page and make your change again")])
            }
            _ = try await request.issues.update(readable, input, expectedVersion: version, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.issue(.value(readable.issue.id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return try await refuse(failure.errors)
        } catch let conflict as VersionConflict {
            return try await refuse([FieldError("title", "Someone else saved this issue while you were editing it. Your changes have not been saved")],
                                    conflict: conflict.currentVersion)
        }
    }

    func escalate(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await request.issues.readable(try Self.issueID(request), by: signedIn.acting)
        do {
            _ = try await request.issues.escalate(readable, level: form["level"], reason: form["reason"],
                                                  expectedVersion: Int(form["version"] ?? "") ?? -1, by: signedIn.acting)
        } catch let failure as ValidationFailure {
            return try await showIssue(request, signedIn, readable, errors: failure.errors, input: (form["level"], form["reason"]),
                                       status: .unprocessableEntity)
        } catch is VersionConflict {
            return try await showIssue(request, signedIn, try await request.issues.readable(readable.issue.id, by: signedIn.acting),
                                       errors: [FieldError("level", "Someone changed the issue since you opened this page: check it below and try again")],
                                       input: (form["level"], form["reason"]), status: .conflict)
        }
        return request.redirect(to: SiteURL.issue(.value(readable.issue.id)).path(query: [("notice", "moved")]))
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.issues.readable(try Self.issueID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canDelete, else: .deleteIssue)
        return render(DeleteIssuePage(signedIn: signedIn, project: readable.project.project, issue: readable.issue))
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.issues.delete(try Self.issueID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectIssues(.value(deleted.issue.projectID)).path(query: [("notice", "deleted")]))
    }

    func render(_ page: some RenderablePage, status: HTTPResponseStatus = .ok) -> Response {
        HTMLResponse.make(bytes: page.renderBytes(), status: status)
    }
}

extension IssueInput {
    /// What the issue form sent: every field is on the form.
    init(form: FormData) {
        self.init()
        for (key, path) in Self.fields { self[keyPath: path] = form[key] }
    }
}
