import Vapor
import WaymarkDomain
import WaymarkStore

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
        routes.get(SiteURL.projectHistory(.key).pathComponents, use: history)
        routes.post(SiteURL.removeTeamMember(.key, .key).pathComponents, use: removeTeamMember)
    }

    /// The project, if this person may read it; otherwise a 404 that says nothing of its existence.
    static func readable(_ request: Request, _ signedIn: SignedIn) async throws -> (Project, ProjectAccessFacts) {
        let (project, facts, _) = try await readable(request, signedIn) { id, actor in
            try await request.store.projectForAccess(id, actor: actor).map { ($0.0, $0.1, ()) }
        }
        return (project, facts)
    }

    /// As `readable`, with the project's team, read in the same statement.
    static func readableWithTeam(_ request: Request, _ signedIn: SignedIn) async throws -> (Project, ProjectAccessFacts, [TeamMember]) {
        try await readable(request, signedIn) { id, actor in try await request.store.projectWithTeam(id, actor: actor) }
    }

    private static func readable<Extra>(_ request: Request, _ signedIn: SignedIn,
                                        read: (UUID, Actor) async throws -> (Project, ProjectAccessFacts, Extra)?)
        async throws -> (Project, ProjectAccessFacts, Extra) {
        guard let id = request.parameters.get(SiteURL.Key.project, as: UUID.self),
              let found = try await read(id, signedIn.actor), AccessPolicy.canRead(signedIn.actor, found.1) else {
            throw NotFound("project")
        }
        return found
    }

    // MARK: Create

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        guard AccessPolicy.canCreateProjects(signedIn.actor) else {
            throw Forbidden("Viewer accounts cannot create projects.")
        }
        let references = try await request.store.referenceData()
        var input = ProjectInput(methodology: Methodology.project.rawValue, stageID: references.stages.first?.id.lowercasedText,
                                 visibility: Visibility.system.rawValue)
        if signedIn.actor.role == .member || signedIn.actor.role == .orgadmin {
            input.leadOrganisationID = signedIn.person.organisationID.lowercasedText
        }
        return render(ProjectFormPage(signedIn: signedIn, mode: .create, input: input, errors: [],
                                      references: references, canManage: true))
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        guard AccessPolicy.canCreateProjects(signedIn.actor) else {
            throw Forbidden("Viewer accounts cannot create projects.")
        }
        let store = request.store
        let references = try await store.referenceData()
        let input = ProjectInput(form: form)
        func refuse(_ errors: [FieldError]) -> Response {
            render(ProjectFormPage(signedIn: signedIn, mode: .create, input: input, errors: errors,
                                   references: references, canManage: true), status: .unprocessableEntity)
        }
        do {
            let fields = try ProjectFields.validate(input, references: references.projectReferences)
            guard AccessPolicy.canCreateProject(signedIn.actor, leadOrganisationID: fields.leadOrganisationID) else {
                return refuse([FieldError("leadOrganisationId", "You can only create projects led by your own organisation")])
            }
            let project = try await store.createProject(fields, references: references,
                                                        team: Self.creatorTeam(signedIn), by: signedIn.auditActor)
            return request.redirect(to: SiteURL.project(.value(project.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            return refuse(failure.errors)
        }
    }

    /// Members and organisation admins who create a project run it: they join its team as project
    /// manager (without it a member could not see their own team-only project). The portfolio office
    /// and administrators create projects on others' behalf and are not added.
    static func creatorTeam(_ signedIn: SignedIn) -> [(UUID, TeamRole)] {
        switch signedIn.actor.role {
        case .member, .orgadmin: [(signedIn.person.id, .manager)]
        default: []
        }
    }

    // MARK: View

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        // The project comes with its team here: one statement fewer on the most visited page.
        let (project, facts, team) = try await Self.readableWithTeam(request, signedIn)
        return render(try await projectPage(request, signedIn, project, facts, team: team))
    }

    func history(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        let (project, _) = try await Self.readable(request, signedIn)
        let path = SiteURL.projectHistory(.value(project.id)).path
        return render(HistoryPage(
            chrome: PageChrome(title: "History of " + project.fields.title, signedIn: signedIn, section: .portfolio,
                               breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                             (project.code, SiteURL.project(.value(project.id)).path)]),
            subject: project.code + " " + project.fields.title,
            history: try await request.store.projectHistory(project.id, page: page), path: path,
            sections: ProjectSectionNavigation(project: project.id, current: .history)))
    }

    func projectPage(_ request: Request, _ signedIn: SignedIn, _ project: Project, _ facts: ProjectAccessFacts,
                     team: [TeamMember]? = nil,
                     teamErrors: [FieldError] = [], teamInput: FormData = FormData()) async throws -> ProjectPage {
        let store = request.store
        let notices = ["created": "The project was created.", "saved": "Your changes were saved.",
                       "status": "The status was changed.", "team": "The team was changed."]
        return ProjectPage(
            chrome: PageChrome(title: (teamErrors.isEmpty ? "" : "Error: ") + project.fields.title, signedIn: signedIn,
                               section: .portfolio, notice: request.queryData["notice"].flatMap { notices[$0] },
                               breadcrumbs: [("Portfolio", SiteURL.portfolio.path)]),
            project: project, references: try await store.referenceData(),
            team: try await team.asyncOr { try await store.team(of: project.id) } ?? [],
            history: try await store.projectHistory(project.id, page: RecentHistory.request),
            canEdit: AccessPolicy.canEditContent(signedIn.actor, facts),
            canManage: AccessPolicy.canManage(signedIn.actor, facts),
            canDelete: AccessPolicy.canDelete(signedIn.actor, facts),
            teamErrors: teamErrors, teamInput: teamInput)
    }

    // MARK: Edit

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canEditContent(signedIn.actor, facts) else {
            throw Forbidden("You can see this project but not change it. Ask its project manager to add you to the team.")
        }
        return render(ProjectFormPage(signedIn: signedIn, mode: .edit(project), input: ProjectInput(project.fields),
                                      errors: [], references: try await request.store.referenceData(),
                                      canManage: AccessPolicy.canManage(signedIn.actor, facts), version: project.version))
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canEditContent(signedIn.actor, facts) else {
            throw Forbidden("You can see this project but not change it.")
        }
        let canManage = AccessPolicy.canManage(signedIn.actor, facts)
        let store = request.store
        let references = try await store.referenceData()
        var input = ProjectInput(form: form)
        if !canManage {
            // Who leads a project, who may see it and whether it is open decide access: only
            // those who manage the project change them.
            input.leadOrganisationID = project.fields.leadOrganisationID.lowercasedText
            input.visibility = project.fields.visibility.rawValue
            input.status = project.fields.status.rawValue
        }
        let version = Int(form["version"] ?? "")
        func refuse(_ errors: [FieldError], conflict: Int? = nil) -> Response {
            render(ProjectFormPage(signedIn: signedIn, mode: .edit(project), input: input, errors: errors,
                                   references: references, canManage: canManage, version: version,
                                   conflictVersion: conflict),
                   status: conflict == nil ? .unprocessableEntity : .conflict)
        }
        guard let version else {
            return refuse([FieldError("title", "The form was missing its version: reload the page and make your change again")])
        }
        do {
            let fields = try ProjectFields.validate(input, references: references.projectReferences)
            if fields.leadOrganisationID != project.fields.leadOrganisationID,
               !AccessPolicy.canCreateProject(signedIn.actor, leadOrganisationID: fields.leadOrganisationID) {
                return refuse([FieldError("leadOrganisationId", "You can only hand a project to your own organisation")])
            }
            _ = try await store.updateProject(project.id, expectedVersion: version, fields: fields,
                                              references: references, current: project, by: signedIn.auditActor)
            return request.redirect(to: SiteURL.project(.value(project.id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return refuse(failure.errors)
        } catch let conflict as VersionConflict {
            return refuse([FieldError("title", "Someone else saved this project while you were editing it. Your changes have not been saved")],
                          conflict: conflict.currentVersion)
        }
    }

    // MARK: Status, delete

    func changeStatus(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canManage(signedIn.actor, facts) else {
            throw Forbidden("Only the project's SRO or manager, its lead organisation's admin or the portfolio office can change its status.")
        }
        let store = request.store
        let references = try await store.referenceData()
        var fields = project.fields
        guard let status = form["status"].flatMap(ProjectStatus.init(rawValue:)) else {
            return render(try await projectPage(request, signedIn, project, facts,
                                                teamErrors: [FieldError("status", "Select a status")]), status: .unprocessableEntity)
        }
        fields.status = status
        do {
            _ = try await store.updateProject(project.id, expectedVersion: Int(form["version"] ?? "") ?? -1, fields: fields,
                                              references: references, current: project, by: signedIn.auditActor)
        } catch is VersionConflict {
            return render(try await projectPage(request, signedIn, project, facts,
                                                teamErrors: [FieldError("status", "Someone changed the project since you opened this page: check its status below and try again")]),
                          status: .conflict)
        }
        return request.redirect(to: SiteURL.project(.value(project.id)).path(query: [("notice", "status")]))
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canDelete(signedIn.actor, facts) else {
            throw Forbidden("Only system administrators can delete projects. Close the project instead.")
        }
        return render(DeleteProjectPage(signedIn: signedIn, project: project))
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canDelete(signedIn.actor, facts) else {
            throw Forbidden("Only system administrators can delete projects. Close the project instead.")
        }
        let store = request.store
        try await store.deleteProject(project.id, references: try await store.referenceData(), by: signedIn.auditActor)
        return request.redirect(to: SiteURL.portfolio.path(query: [("notice", "deleted")]))
    }

    // MARK: Team

    func setTeamMember(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canManage(signedIn.actor, facts) else {
            throw Forbidden("Only the project's SRO or manager, its lead organisation's admin or the portfolio office can change the team.")
        }
        var errors = FieldErrors()
        let store = request.store
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let person = email.isEmpty ? nil : try await store.person(email: email)
        if email.isEmpty { errors.add("email", "Enter the email address of the person to add") }
        else if person == nil || person?.active == false { errors.add("email", "No active person has the email address \(email)") }
        let role = form["role"].flatMap(TeamRole.init(rawValue:))
        if role == nil { errors.add("role", "Select a team role") }
        if let person, let role, errors.isEmpty {
            try await store.setTeamMember(projectID: project.id, personID: person.id, role: role, by: signedIn.auditActor)
            return request.redirect(to: SiteURL.project(.value(project.id)).path(query: [("notice", "team")]) + "#team")
        }
        return render(try await projectPage(request, signedIn, project, facts, teamErrors: errors.errors, teamInput: form),
                      status: .unprocessableEntity)
    }

    func removeTeamMember(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canManage(signedIn.actor, facts) else {
            throw Forbidden("Only the project's SRO or manager, its lead organisation's admin or the portfolio office can change the team.")
        }
        guard let personID = request.parameters.get(SiteURL.Key.person, as: UUID.self) else { throw NotFound("team member") }
        try await request.store.removeTeamMember(projectID: project.id, personID: personID, by: signedIn.auditActor)
        return request.redirect(to: SiteURL.project(.value(project.id)).path(query: [("notice", "team")]) + "#team")
    }

    func render(_ page: some RenderablePage, status: HTTPResponseStatus = .ok) -> Response {
        HTMLResponse.make(page.render(), status: status)
    }
}

/// A page model that renders itself to a whole HTML document.
protocol RenderablePage {
    func render() -> String
}

extension ProjectInput {
    init(form: FormData) {
        self.init(title: form["title"], summary: form["summary"], scopeIn: form["scopeIn"], scopeOut: form["scopeOut"],
                  objectives: form["objectives"], leadOrganisationID: form["leadOrganisationId"],
                  partnerOrganisationIDs: form.all("partnerOrganisationIds"), programmeID: form["programmeId"],
                  themeIDs: form.all("themeIds"), methodology: form["methodology"], stageID: form["stageId"],
                  status: form["status"], startDate: form["startDate"], endDate: form["endDate"], budget: form["budget"],
                  tags: form["tags"], visibility: form["visibility"])
    }
}
