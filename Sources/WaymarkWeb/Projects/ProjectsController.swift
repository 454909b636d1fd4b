import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The project register's pages: create, view, edit, status, team, delete.
struct ProjectsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projects.pathComponents) { $0.redirect(to: SiteURL.portfolio.path) }
        routes.post(SiteURL.projects.pathComponents, use: create)
        routes.get(SiteURL.newProject.pathComponents, use: new)
        routes.get(SiteURL.project(.key).pathComponents, use: show)
        routes.get(SiteURL.editProject(.key).pathComponents, use: edit)
        routes.post(SiteURL.editProject(.key).pathComponents, use: update)
        routes.post(SiteURL.projectStatus(.key).pathComponents, use: changeStatus)
        routes.get(SiteURL.deleteProject(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteProject(.key).pathComponents, use: delete)
        routes.post(SiteURL.projectTeam(.key).pathComponents, use: setTeamMember)
        routes.get(SiteURL.teamCandidates(.key).pathComponents, use: teamCandidates)
        routes.get(SiteURL.projectHistory(.key).pathComponents, use: history)
        routes.post(SiteURL.removeTeamMember(.key, .key).pathComponents, use: removeTeamMember)
    }

    /// The project the path names, if this person may read it.
    static func projectID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.project, as: UUID.self) else { throw NotFound("project") }
        return id
    }

    // MARK: Create

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return try await render(ProjectFormPage(signedIn: signedIn, mode: .create, input: try await request.projects.newInput(by: signedIn.acting),
                                                errors: [], references: try await request.store.referenceData(), canManage: true), request)
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let input = ProjectInput(form: form)
        do {
            let created = try await request.projects.create(input, by: signedIn.acting)
            return request.redirect(to: SiteURL.project(.value(created.project.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            return try await render(ProjectFormPage(signedIn: signedIn, mode: .create, input: input, errors: failure.errors,
                                                    references: try await request.store.referenceData(), canManage: true),
                                    request, status: .unprocessableEntity)
        }
    }

    // MARK: View

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        // The project comes with its team here: one statement fewer on the most visited page.
        let (readable, team) = try await request.projects.readableWithTeam(try Self.projectID(request), by: signedIn.acting)
        return render(try await projectPage(request, signedIn, readable, team: team))
    }

    func history(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        let (readable, history) = try await request.projects.history(try Self.projectID(request), page: page, by: signedIn.acting)
        let project = readable.project
        return render(HistoryPage(
            chrome: PageChrome(title: "History of " + project.fields.title, signedIn: signedIn, section: .portfolio,
                               breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                             (project.code, SiteURL.project(.value(project.id)).path)]),
            subject: project.code + " " + project.fields.title,
            history: history, wording: try await AuditWording.reading(history.items, store: request.store),
            path: SiteURL.projectHistory(.value(project.id)).path,
            sections: ProjectSectionNavigation(project: project.id, current: .history)))
    }

    func projectPage(_ request: Request, _ signedIn: SignedIn, _ readable: ReadableProject, team: [TeamMember]? = nil,
                     errors: [FieldError] = [], teamInput: FormData = FormData()) async throws -> ProjectPage {
        let store = request.store
        let project = readable.project
        let notices = ["created": "The project was created.", "saved": "Your changes were saved.",
                       "status": "The status was changed.", "team": "The team was changed."]
        let references = try await store.referenceData()
        // A project in its first stages is asked to learn from others' lessons before it starts.
        let early = project.fields.status == .active && references.stage(project.fields.stageID)?.isEarly == true
        let history = try await store.projectHistory(project.id, page: RecentHistory.request)
        let stageResources = try await request.resources.resources(forStage: project.fields.stageID)
        return ProjectPage(
            chrome: PageChrome(title: (errors.isEmpty ? "" : "Error: ") + project.fields.title, signedIn: signedIn,
                               section: .portfolio, notice: request.queryData["notice"].flatMap { notices[$0] },
                               breadcrumbs: [("Portfolio", SiteURL.portfolio.path)]),
            project: project, references: references,
            team: try await team.asyncOr { try await store.team(of: project.id) } ?? [],
            history: history, historyWording: try await AuditWording.reading(history.items, store: store),
            raid: try await store.raidSummary(project.id, today: request.today),
            canEdit: readable.canEdit, canManage: readable.canManage, canDelete: readable.canDelete,
            teamErrors: errors, teamInput: teamInput,
            peopleFound: try await peopleFound(request, signedIn, readable, teamInput),
            lessonsReviewed: early ? try await store.lessonReviews(ofProject: project.id).count : nil,
            stageResources: stageResources.shown.map { ($0.id, $0.fields.title, $0.fields.kind) },
            stageResourcesInAll: stageResources.total,
            today: request.today)
    }

    /// The team form's search step: who matches what the manager typed (on the page's address, or
    /// carried in the form when a choice was refused).
    func peopleFound(_ request: Request, _ signedIn: SignedIn, _ readable: ReadableProject,
                     _ teamInput: FormData) async throws -> PeopleFound? {
        guard readable.canManage, let text = teamInput["find"] ?? request.queryData["find"] else { return nil }
        return try await request.projects.teamCandidates(readable.project.id, matching: text, by: signedIn.acting)
    }

    /// The project page again, with what went wrong with a change made on it.
    func refusedOnPage(_ request: Request, _ signedIn: SignedIn, _ errors: [FieldError], status: HTTPResponseStatus,
                       teamInput: FormData = FormData()) async throws -> Response {
        let readable = try await request.projects.readable(try Self.projectID(request), by: signedIn.acting)
        return render(try await projectPage(request, signedIn, readable, errors: errors, teamInput: teamInput), status: status)
    }

    // MARK: Edit

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.projects.readable(try Self.projectID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        let project = readable.project
        return try await render(ProjectFormPage(signedIn: signedIn, mode: .edit(project), input: ProjectInput(project.fields),
                                                errors: [], references: try await request.store.referenceData(),
                                                canManage: readable.canManage, version: project.version), request)
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let id = try Self.projectID(request)
        let input = ProjectInput(form: form)
        let version = Int(form["version"] ?? "")
        func refuse(_ errors: [FieldError], conflict: Int? = nil) async throws -> Response {
            let readable = try await request.projects.readable(id, by: signedIn.acting)
            return try await render(ProjectFormPage(signedIn: signedIn, mode: .edit(readable.project), input: input.overlaid(on: readable.project.fields),
                                                    errors: errors, references: try await request.store.referenceData(),
                                                    canManage: readable.canManage, version: version, conflictVersion: conflict),
                                    request, status: conflict == nil ? .unprocessableEntity : .conflict)
        }
        do {
            guard let version else {
                return try await refuse([FieldError("title", "The form was missing its version: reload the page and make your change again")])
            }
            _ = try await request.projects.update(id, input, expectedVersion: version, by: signedIn.acting)
            return request.redirect(to: SiteURL.project(.value(id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return try await refuse(failure.errors)
        } catch let conflict as VersionConflict {
            return try await refuse([FieldError("title", "Someone else saved this project while you were editing it. Your changes have not been saved")],
                                    conflict: conflict.currentVersion)
        }
    }

    // MARK: Status, delete

    func changeStatus(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let id = try Self.projectID(request)
        do {
            guard let status = form["status"] else { throw ValidationFailure("status", "Select a status") }
            _ = try await request.projects.update(id, ProjectInput(status: status), expectedVersion: Int(form["version"] ?? "") ?? -1,
                                                  by: signedIn.acting)
        } catch let failure as ValidationFailure {
            return try await refusedOnPage(request, signedIn, failure.errors, status: .unprocessableEntity)
        } catch is VersionConflict {
            return try await refusedOnPage(request, signedIn,
                                           [FieldError("status", "Someone changed the project since you opened this page: check its status below and try again")],
                                           status: .conflict)
        }
        return request.redirect(to: SiteURL.project(.value(id)).path(query: [("notice", "status")]))
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.projects.readable(try Self.projectID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canDelete, else: .deleteProject)
        return render(DeleteProjectPage(signedIn: signedIn, project: readable.project))
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        try await request.projects.delete(try Self.projectID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.portfolio.path(query: [("notice", "deleted")]))
    }

    // MARK: Team

    func setTeamMember(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let id = try Self.projectID(request)
        do {
            _ = try await request.projects.setTeamMember(id, .chosen(form["personId"]), role: form["role"], by: signedIn.acting)
        } catch let failure as ValidationFailure {
            return try await refusedOnPage(request, signedIn, failure.errors, status: .unprocessableEntity, teamInput: form)
        }
        return request.redirect(to: SiteURL.project(.value(id)).path(query: [("notice", "team")]) + "#team")
    }

    /// The people picker's combobox: the same search as the form's search step, as JSON.
    func teamCandidates(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let found = try await request.projects.teamCandidates(try Self.projectID(request), matching: request.queryData["q"] ?? "",
                                                              by: signedIn.acting)
        return Response.json(writing: PeopleFoundJSON(found: found))
    }

    func removeTeamMember(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let id = try Self.projectID(request)
        guard let personID = request.parameters.get(SiteURL.Key.person, as: UUID.self) else { throw NotFound("team member") }
        try await request.projects.removeTeamMember(id, personID: personID, by: signedIn.acting)
        return request.redirect(to: SiteURL.project(.value(id)).path(query: [("notice", "team")]) + "#team")
    }

    func render(_ page: some RenderablePage, status: HTTPResponseStatus = .ok) -> Response {
        HTMLResponse.make(bytes: page.renderBytes(), status: status)
    }

    /// The project form, its words explained from the glossary.
    func render(_ page: ProjectFormPage, _ request: Request, status: HTTPResponseStatus = .ok) async throws -> Response {
        var page = page
        page.explanations = try await request.glossary.explanations(for: .projectForm)
        return HTMLResponse.make(page.render(), status: status)
    }
}

/// A page model that renders itself to a whole HTML document.
protocol RenderablePage {
    func render() -> String
    /// The page as UTF-8 bytes: what a response sends. A page many people read writes it
    /// (`Layout.bytes`) and makes `render` from it; any other is `render`'s bytes.
    func renderBytes() -> [UInt8]
}

extension RenderablePage {
    func renderBytes() -> [UInt8] { Array(render().utf8) }
}

extension ProjectInput {
    /// What the project form sent. A field the form did not show is nil (kept as it is); the
    /// checkbox groups send nothing when none is ticked, which means none.
    init(form: FormData) {
        self.init(title: form["title"], leadOrganisationID: form["leadOrganisationId"],
                  partnerOrganisationIDs: form.all("partnerOrganisationIds"), programmeID: form["programmeId"],
                  themeIDs: form.all("themeIds"), methodology: form["methodology"], stageID: form["stageId"],
                  status: form["status"], startDate: form["startDate"], endDate: form["endDate"], budget: form["budget"],
                  tags: form["tags"], visibility: form["visibility"])
        for text in ProjectFields.texts { self[keyPath: text.input] = form[text.key] }
    }
}

/// What the people picker's combobox reads: each match's name, email, organisation and role on
/// this team (null when none), and how many matched in all.
struct PeopleFoundJSON: JSONWritable {
    var found: PeopleFound

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("people", array: found.matches) { json, match in
                json.object { json in
                    json.member("email", match.person.email)
                    json.member("id", match.person.id.lowercasedText)
                    json.member("name", match.person.name)
                    json.member("organisation", match.organisationName)
                    json.member("role", nullable: match.teamRole?.label)
                }
            }
            json.member("total", found.total)
        }
    }
}
