import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// A project's plan pages (the timeline, milestones, baselining and comparing baselines) and the
/// portfolio's timeline of key milestones.
struct PlansController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectPlan(.key).pathComponents, use: plan)
        routes.post(SiteURL.projectPlan(.key).pathComponents, use: create)
        routes.get(SiteURL.newMilestone(.key).pathComponents, use: new)
        routes.post(SiteURL.baselinePlan(.key).pathComponents, use: baseline)
        routes.get(SiteURL.milestone(.key).pathComponents, use: show)
        routes.get(SiteURL.editMilestone(.key).pathComponents, use: edit)
        routes.post(SiteURL.editMilestone(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteMilestone(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteMilestone(.key).pathComponents, use: delete)
        routes.get(SiteURL.portfolioTimeline.pathComponents, use: timeline)
    }

    static func milestoneID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.milestone, as: UUID.self) else { throw NotFound("milestone") }
        return id
    }

    static let notices = ["created": "The milestone was added to the plan.", "saved": "Your changes were saved.",
                          "deleted": "The milestone was deleted.", "baselined": "The plan was baselined."]

    func plan(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return try await planPage(request, signedIn, try ProjectsController.projectID(request))
    }

    private func planPage(_ request: Request, _ signedIn: SignedIn, _ projectID: UUID, errors: [FieldError] = [], reason: String? = nil,
                          status: HTTPResponseStatus = .ok) async throws -> Response {
        let plan = try await request.plans.plan(projectID, by: signedIn.acting)
        let owners = try await request.ownerNames(plan.project, plan.milestones.compactMap(\.fields.ownerID))
        let stages = Dictionary(try await request.store.referenceData().stages.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let compared = request.queryData["compare"].flatMap(Int.init).flatMap { number in plan.baselines.first { $0.number == number } }
        return HTMLResponse.make(PlanPage(signedIn: signedIn, project: plan.project.project, milestones: plan.milestones,
                                          baselines: plan.baselines, owners: owners, stages: stages, today: request.today,
                                          canEdit: plan.project.canEdit, canBaseline: plan.project.canManage,
                                          notice: errors.isEmpty ? request.queryData["notice"].flatMap { Self.notices[$0] } : nil,
                                          compared: compared, errors: errors, reason: reason).render(), status: status)
    }

    func baseline(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        do {
            _ = try await request.plans.baseline(projectID, reason: form["reason"], by: signedIn.acting)
        } catch let failure as ValidationFailure {
            return try await planPage(request, signedIn, projectID, errors: failure.errors, reason: form["reason"], status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.projectPlan(.value(projectID)).path(query: [("notice", "baselined")]))
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.plans.readable(try Self.milestoneID(request), by: signedIn.acting)
        let fields = readable.milestone.fields
        var owner: String?
        if let ownerID = fields.ownerID { owner = try await request.store.person(ownerID)?.name }
        let stages = try await request.store.referenceData().stages
        let stage = fields.stageID.flatMap { id in stages.first { $0.id == id }?.name }
        return HTMLResponse.make(MilestonePage(signedIn: signedIn, project: readable.project.project, milestone: readable.milestone,
                                               owner: owner, stage: stage, today: request.today, canEdit: readable.canEdit,
                                               canDelete: readable.canDelete,
                                               notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.plans.projectToPlan(try ProjectsController.projectID(request), by: signedIn.acting)
        var input = MilestoneInput()
        input.stageID = project.project.fields.stageID.lowercasedText
        return try await form(request, signedIn, project, .create, input, errors: [])
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = MilestoneInput(form: form)
        do {
            let created = try await request.plans.create(projectID: projectID, input, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.milestone(.value(created.milestone.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.plans.projectToPlan(projectID, by: signedIn.acting)
            return try await self.form(request, signedIn, project, .create, input, errors: failure.errors, status: .unprocessableEntity)
        }
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.plans.readable(try Self.milestoneID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return try await form(request, signedIn, readable.project, .edit(readable.milestone), MilestoneInput(readable.milestone.fields),
                              errors: [], version: readable.milestone.version)
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await request.plans.readable(try Self.milestoneID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        let input = MilestoneInput(form: form)
        let version = Int(form["version"] ?? "")
        func refuse(_ errors: [FieldError], conflict: Int? = nil) async throws -> Response {
            try await self.form(request, signedIn, readable.project, .edit(readable.milestone), input.overlaid(on: readable.milestone.fields),
                                errors: errors, version: version, conflict: conflict,
                                status: conflict == nil ? .unprocessableEntity : .conflict)
        }
        do {
            guard let version else {
                return try await refuse([FieldError("title", "The form was missing its version: reload the page and make your change again")])
            }
            _ = try await request.plans.update(readable, input, expectedVersion: version, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.milestone(.value(readable.milestone.id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return try await refuse(failure.errors)
        } catch let conflict as VersionConflict {
            return try await refuse([FieldError("title", "Someone else saved this milestone while you were editing it, or the plan was baselined. Your changes have not been saved")],
                                    conflict: conflict.currentVersion)
        }
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.plans.readable(try Self.milestoneID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canDelete, else: .deleteMilestone)
        return HTMLResponse.make(DeleteMilestonePage(signedIn: signedIn, project: readable.project.project, milestone: readable.milestone).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.plans.delete(try Self.milestoneID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectPlan(.value(deleted.milestone.projectID)).path(query: [("notice", "deleted")]))
    }

    func timeline(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, _) = PortfolioQuery.parse(request.queryData, defaultPerPage: 25, today: request.today)
        let window = MilestoneWindow.parse(request.queryData["window"]) ?? MilestoneWindow()
        let page = try await request.plans.timeline(query, window: window, today: request.today, by: signedIn.acting)
        return HTMLResponse.make(bytes: PortfolioTimelinePage(signedIn: signedIn, query: query, window: window, page: page,
                                                              references: try await request.store.referenceData(),
                                                              today: request.today).renderBytes())
    }

    private func form(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject, _ mode: MilestoneFormPage.Mode,
                      _ input: MilestoneInput, errors: [FieldError], version: Int? = nil, conflict: Int? = nil,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let owner = input.ownerID.flatMap { UUID(uuidString: $0) }
        return HTMLResponse.make(MilestoneFormPage(signedIn: signedIn, project: project.project, mode: mode, input: input, errors: errors,
                                                   owners: try await request.plans.owners(project, owner: owner),
                                                   stages: try await request.store.referenceData().stages, version: version,
                                                   conflictVersion: conflict).render(), status: status)
    }
}

extension MilestoneInput {
    /// What the milestone form sent: every field is on the form.
    init(form: FormData) {
        self.init()
        for (key, path) in Self.fields { self[keyPath: path] = form[key] }
    }
}

extension MilestoneWindow {
    /// 30, 60 or 90; nil for anything else.
    static func parse(_ text: String?) -> MilestoneWindow? {
        text.flatMap(Int.init).flatMap { choices.contains($0) ? MilestoneWindow(days: $0) : nil }
    }
}
