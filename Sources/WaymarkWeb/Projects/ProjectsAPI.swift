import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The project routes of the JSON API: decode, call the workflow, write what it returns.
struct ProjectsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projects.components, use: list)
        routes.get(APIRoute.projectExport.components, use: export)
        routes.post(APIRoute.projects.components, use: create)
        routes.get(APIRoute.project(.key).components, use: get)
        routes.patch(APIRoute.project(.key).components, use: update)
        routes.delete(APIRoute.project(.key).components, use: delete)
        routes.get(APIRoute.projectTeam(.key).components, use: listTeam)
        routes.put(APIRoute.projectTeamMember(.key, .key).components, use: setTeamMember)
        routes.delete(APIRoute.projectTeamMember(.key, .key).components, use: removeTeamMember)
        routes.get(APIRoute.projectHistory(.key).components, use: history)
    }

    func list(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let query = try await request.store.resolvingDelivery(try Self.query(request, signedIn), today: request.today)
        let index = try await request.store.portfolioIndex()
        return Response.json(writing: ProjectPageDTO(page: index.pageOfEntries(query, rule: AccessPolicy.readRule(for: signedIn.actor))))
    }

    /// Every project the list's filters select (not a page of them), as CSV or `.xlsx`.
    func export(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let format = try ExportFormat.parse(request.queryData)
        let query = try Self.query(request, signedIn)
        return try await PortfolioExport.response(request, query: query, signedIn: signedIn, format: format)
    }

    /// The portfolio's filters, strictly, with `mine` (only projects whose team the caller is on).
    static func query(_ request: Request, _ signedIn: SignedIn) throws -> PortfolioQuery {
        let data = request.queryData
        var (query, errors) = PortfolioQuery.parse(data, defaultPerPage: 50, strict: true, today: request.today)
        switch (data.all("mine").count, data["mine"]) {
        case (0, _), (1, "false"): break
        case (1, "true"): query.teamMemberID = signedIn.person.id
        default: errors.append(FieldError("mine", "mine must be true or false, once"))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return query
    }

    func get(request: Request) async throws -> Response {
        let readable = try await request.projects.readable(try APIController.id(request), by: try request.acting)
        return Response.json(writing: ProjectDTO(readable), version: readable.project.version)
    }

    /// The fields a body carries, as the workflow takes them: absent is nil (kept), null is ""
    /// (cleared) for the fields that may be empty.
    static func input(_ body: inout JSONBody) -> ProjectInput {
        var input = ProjectInput()
        func text(_ key: String, _ path: WritableKeyPath<ProjectInput, String?>, nullable: Bool = false) {
            input[keyPath: path] = body.text(key, nullable: nullable)
        }
        text("title", \.title)
        for field in ProjectFields.texts { text(field.key, field.input) }
        text("leadOrganisationId", \.leadOrganisationID)
        text("programmeId", \.programmeID, nullable: true)
        text("methodology", \.methodology)
        text("stageId", \.stageID)
        text("status", \.status)
        text("startDate", \.startDate, nullable: true)
        text("endDate", \.endDate, nullable: true)
        text("visibility", \.visibility)
        input.partnerOrganisationIDs = body.required(body.strings("partnerOrganisationIds"), "partnerOrganisationIds")
        input.themeIDs = body.required(body.strings("themeIds"), "themeIds")
        if let tags = body.tags() { input.tags = tags }
        switch body.integer("budgetPence") {
        case .value(let pence) where (0...ProjectFields.maximumBudgetPence).contains(pence): input.budget = Money.poundsText(pence)
        case .value: body.errors.add("budgetPence", "budgetPence must be from 0 to \(ProjectFields.maximumBudgetPence)")
        case .null: input.budget = ""
        case .absent: break
        }
        return input
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        try AccessPolicy.require(AccessPolicy.canCreateProjects(acting.actor), else: .createProjects)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let created = try await request.projects.create(input, by: acting)
        return Response.json(writing: ProjectDTO(created), status: .created, version: created.project.version,
                                 location: APIRoute.project(.value(created.project.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let id = try APIController.id(request)
        // Refusals come before the body is read, as on the form: a person who may not change the
        // project learns only that.
        let current = try await request.projects.readable(id, by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.projects.update(current, input, expectedVersion: $0, by: acting)
        }
        return Response.json(writing: ProjectDTO(updated), version: updated.project.version)
    }

    func delete(request: Request) async throws -> Response {
        try await request.projects.delete(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    func listTeam(request: Request) async throws -> Response {
        let team = try await request.projects.team(try APIController.id(request), by: try request.acting).map(TeamMemberDTO.init)
        return try Response.json(ListDTO(items: team, page: 1, perPage: max(team.count, 1), total: team.count))
    }

    func setTeamMember(request: Request) async throws -> Response {
        let acting = try request.acting
        let id = try APIController.id(request)
        let current = try await request.projects.readable(id, by: acting)
        try AccessPolicy.require(current.canManage, else: .changeTeam)
        let personID = try APIController.id(request, "personId")
        var body = try await JSONBody(request)
        let role = body.required(body.string("role"), "role")
        try body.throwIfAny()
        return try Response.json(TeamMemberDTO(try await request.projects.setTeamMember(current, .id(personID), role: role, by: acting)))
    }

    func removeTeamMember(request: Request) async throws -> Response {
        try await request.projects.removeTeamMember(try APIController.id(request), personID: try APIController.id(request, "personId"),
                                                    by: try request.acting)
        return Response(status: .noContent)
    }

    func history(request: Request) async throws -> Response {
        // Paged in the database: a long-running project's history has no upper bound.
        let (_, events) = try await request.projects.history(try APIController.id(request), page: try APIController.pageRequest(request),
                                                             by: try request.acting)
        let wording = try await AuditWording.reading(events.items, store: request.store)
        return try Response.json(ListDTO(items: events.items.map { AuditEventDTO($0, wording) }, page: events.request.page,
                                         perPage: events.request.perPage, total: events.total))
    }
}
