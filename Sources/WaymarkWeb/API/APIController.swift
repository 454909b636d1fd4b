import Vapor
import WaymarkDomain
import WaymarkStore

/// The JSON API: the same register, the same rules, asked of the same access policy.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.me.components) { request in try Response.json(PersonDTO(try request.requireSignedIn().person)) }

        routes.get(APIRoute.organisations.components, use: listOrganisations)
        routes.post(APIRoute.organisations.components, use: createOrganisation)
        routes.get(APIRoute.organisation(.key).components, use: getOrganisation)
        routes.patch(APIRoute.organisation(.key).components, use: updateOrganisation)

        routes.get(APIRoute.people.components, use: listPeople)
        routes.post(APIRoute.people.components, use: createPerson)
        routes.get(APIRoute.person(.key).components, use: getPerson)
        routes.patch(APIRoute.person(.key).components, use: updatePerson)

        for kind in NamedItemKind.allCases {
            let list = kind == .theme ? APIRoute.themes : .programmes
            let item = kind == .theme ? APIRoute.theme(.key) : .programme(.key)
            routes.get(list.components) { try await listNamedItems($0, kind) }
            routes.post(list.components) { try await createNamedItem($0, kind) }
            routes.get(item.components) { try await getNamedItem($0, kind) }
            routes.patch(item.components) { try await updateNamedItem($0, kind) }
        }

        routes.get(APIRoute.stages.components) { request in
            let stages = try await request.store.stages().map(StageDTO.init)
            return try Response.json(ListDTO(items: stages, page: 1, perPage: max(stages.count, 1), total: stages.count))
        }

        routes.get(APIRoute.projects.components, use: listProjects)
        routes.post(APIRoute.projects.components, use: createProject)
        routes.get(APIRoute.project(.key).components, use: getProject)
        routes.patch(APIRoute.project(.key).components, use: updateProject)
        routes.delete(APIRoute.project(.key).components, use: deleteProject)
        routes.get(APIRoute.projectTeam(.key).components, use: listTeam)
        routes.put(APIRoute.projectTeamMember(.key, .key).components, use: setTeamMember)
        routes.delete(APIRoute.projectTeamMember(.key, .key).components, use: removeTeamMember)
        routes.get(APIRoute.projectHistory(.key).components, use: projectHistory)
    }

    // MARK: Helpers

    static func id(_ request: Request, _ name: String = "id") throws -> UUID {
        guard let id = request.parameters.get(name, as: UUID.self) else { throw NotFound(name) }
        return id
    }

    /// The page a request asks for (`page`, `per_page`), checked strictly.
    static func pageRequest(_ request: Request) throws -> PageRequest {
        let (query, errors) = PortfolioQuery.parse(FormData(request.queryData.pairs.filter { ["page", "per_page"].contains($0.0) }),
                                                   defaultPerPage: 50, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return query.page
    }

    /// Pages a list that is small enough to hold (organisations, people, themes).
    static func paged<Item: Content>(_ items: [Item], _ request: Request) throws -> Response {
        let page = try pageRequest(request)
        let slice = Array(items.dropFirst(page.offset).prefix(page.perPage))
        return try Response.json(ListDTO(items: slice, page: page.page, perPage: page.perPage, total: items.count))
    }

    // MARK: Organisations

    func listOrganisations(request: Request) async throws -> Response {
        try Self.paged(try await request.store.organisations().map(OrganisationDTO.init), request)
    }

    func getOrganisation(request: Request) async throws -> Response {
        guard let organisation = try await request.store.organisation(try Self.id(request)) else { throw NotFound("organisation") }
        return try Response.json(OrganisationDTO(organisation), version: organisation.version)
    }

    func createOrganisation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try OrganisationsController.requireManager(signedIn)
        var body = try await JSONBody(request)
        let input = OrganisationInput(name: body.required(body.string("name"), "name"), code: body.required(body.string("code"), "code"),
                                      codeKind: body.required(body.string("codeKind"), "codeKind"),
                                      kind: body.required(body.string("kind"), "kind"))
        try body.throwIfAny()
        let organisation = try await request.store.createOrganisation(try OrganisationFields.validate(input), by: signedIn.auditActor)
        return try Response.json(OrganisationDTO(organisation), status: .created, version: organisation.version,
                                 location: APIRoute.organisation(.value(organisation.id)).path)
    }

    func updateOrganisation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try OrganisationsController.requireManager(signedIn)
        let id = try Self.id(request)
        guard let current = try await request.store.organisation(id) else { throw NotFound("organisation") }
        var body = try await JSONBody(request)
        var input = OrganisationInput(current)
        if let value = body.required(body.string("name"), "name") { input.name = value }
        if let value = body.required(body.string("code"), "code") { input.code = value }
        if let value = body.required(body.string("codeKind"), "codeKind") { input.codeKind = value }
        if let value = body.required(body.string("kind"), "kind") { input.kind = value }
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let fields: OrganisationFields
        do {
            fields = try OrganisationFields.validate(input)
        } catch var failure as ValidationFailure where !(body.object.keys.contains("code") && body.object.keys.contains("codeKind")) {
            // The document states a code's shape for the kind sent beside it; against the kind
            // or code already stored it is a rule across the body and the record.
            for index in failure.errors.indices where failure.errors[index].field == "code" { failure.errors[index].kind = .rule }
            throw failure
        }
        let organisation = try await withVersionCheck(expected) {
            try await request.store.updateOrganisation(id, expectedVersion: $0, fields: fields, by: signedIn.auditActor)
        }
        return try Response.json(OrganisationDTO(organisation), version: organisation.version)
    }

    // MARK: People

    func listPeople(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let query = request.queryData
        var errors = FieldErrors()
        var organisationID: UUID?
        if let text = query["organisation"] {
            organisationID = UUID(uuidString: text)
            if organisationID == nil { errors.add("organisation", "organisation must be an id (a UUID)") }
        }
        if let text = query["q"], text.length > 200 { errors.add("q", "q must be 200 characters or fewer") }
        let includeInactive: Bool
        switch query["include_inactive"] {
        case nil, "false": includeInactive = false
        case "true": includeInactive = AccessPolicy.canAdministerPeople(signedIn.actor)
        default:
            errors.add("include_inactive", "include_inactive must be true or false")
            includeInactive = false
        }
        try errors.throwIfAny()
        let people = try await request.store.people(PeopleFilter(organisationID: organisationID, includeInactive: includeInactive,
                                                                 text: query["q"]))
            .filter { AccessPolicy.canSee(signedIn.actor, person: $0) }
        return try Self.paged(people.map(PersonDTO.init), request)
    }

    func getPerson(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        guard let person = try await request.store.person(try Self.id(request)),
              AccessPolicy.canSee(signedIn.actor, person: person) else { throw NotFound("person") }
        return try Response.json(PersonDTO(person), version: person.version)
    }

    func createPerson(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        guard AccessPolicy.canAdministerPeople(signedIn.actor) else { throw Forbidden("Only administrators add people.") }
        var body = try await JSONBody(request)
        let input = PersonInput(name: body.required(body.string("name"), "name"), email: body.required(body.string("email"), "email"),
                                role: body.required(body.string("role"), "role"),
                                organisationID: body.required(body.string("organisationId"), "organisationId"),
                                password: body.required(body.string("password"), "password"))
        try body.throwIfAny()
        let store = request.store
        let fields = try PersonFields.validate(input, knownOrganisations: Set(try await store.organisations().map(\.id)),
                                               passwordRequired: true)
        try PeopleController.checkGrant(signedIn, fields)
        let hash = try await request.password.async.hash(fields.password!)
        let person = try await store.createPerson(fields, passwordHash: hash, by: signedIn.auditActor)
        return try Response.json(PersonDTO(person), status: .created, version: person.version,
                                 location: APIRoute.person(.value(person.id)).path)
    }

    func updatePerson(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let id = try Self.id(request)
        let store = request.store
        guard let current = try await store.person(id), AccessPolicy.canSee(signedIn.actor, person: current) else {
            throw NotFound("person")
        }
        try PeopleController.requireManager(signedIn, current)
        var body = try await JSONBody(request)
        var input = PersonInput(current)
        if let value = body.required(body.string("name"), "name") { input.name = value }
        if let value = body.required(body.string("email"), "email") { input.email = value }
        if let value = body.required(body.string("role"), "role") { input.role = value }
        if let value = body.required(body.string("organisationId"), "organisationId") { input.organisationID = value }
        input.password = body.required(body.string("password"), "password")
        let active = body.required(body.boolean("active"), "active")
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let fields = try PersonFields.validate(input, knownOrganisations: Set(try await store.organisations().map(\.id)),
                                               passwordRequired: false)
        try PeopleController.checkGrant(signedIn, fields)
        if active == false && id == signedIn.person.id {
            throw ValidationFailure("active", "You cannot deactivate your own account", kind: .rule)
        }
        var hash: String?
        if let password = fields.password { hash = try await request.password.async.hash(password) }
        let person = try await withVersionCheck(expected) {
            try await store.updatePerson(id, expectedVersion: $0, fields: fields, passwordHash: hash, active: active,
                                         by: signedIn.auditActor)
        }
        return try Response.json(PersonDTO(person), version: person.version)
    }

    // MARK: Themes and programmes

    func listNamedItems(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        try Self.paged(try await request.store.namedItems(kind).map(NamedItemDTO.init), request)
    }

    func getNamedItem(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        guard let item = try await request.store.namedItem(kind, try Self.id(request)) else { throw NotFound(kind.noun) }
        return try Response.json(NamedItemDTO(item), version: item.version)
    }

    func createNamedItem(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try StructureController.requireManager(signedIn)
        var body = try await JSONBody(request)
        let name = body.required(body.string("name"), "name")
        let description = body.required(body.string("description"), "description")
        try body.throwIfAny()
        let item = try await request.store.createNamedItem(kind, try NamedItemFields.validate(name: name, description: description, noun: kind.noun),
                                                           by: signedIn.auditActor)
        let location = (kind == .theme ? APIRoute.theme(.value(item.id)) : .programme(.value(item.id))).path
        return try Response.json(NamedItemDTO(item), status: .created, version: item.version, location: location)
    }

    func updateNamedItem(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try StructureController.requireManager(signedIn)
        let id = try Self.id(request)
        guard let current = try await request.store.namedItem(kind, id) else { throw NotFound(kind.noun) }
        var body = try await JSONBody(request)
        let name = body.required(body.string("name"), "name") ?? current.name
        let description = body.required(body.string("description"), "description") ?? current.description
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let fields = try NamedItemFields.validate(name: name, description: description, noun: kind.noun)
        let item = try await withVersionCheck(expected) {
            try await request.store.updateNamedItem(kind, id, expectedVersion: $0, fields, by: signedIn.auditActor)
        }
        return try Response.json(NamedItemDTO(item), version: item.version)
    }

    // MARK: Projects

    func listProjects(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        var (query, errors) = PortfolioQuery.parse(request.queryData, defaultPerPage: 50, strict: true)
        switch request.queryData["mine"] {
        case nil, "false": break
        case "true": query.teamMemberID = signedIn.person.id
        default: errors.append(FieldError("mine", "mine must be true or false"))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let index = try await request.store.portfolioIndex()
        return Response.json(writing: ProjectPageDTO(page: index.pageOfEntries(query, rule: AccessPolicy.readRule(for: signedIn.actor))))
    }

    static func readable(_ request: Request, _ signedIn: SignedIn) async throws -> (Project, ProjectAccessFacts) {
        guard let (project, facts) = try await request.store.projectForAccess(try id(request), actor: signedIn.actor),
              AccessPolicy.canRead(signedIn.actor, facts) else { throw NotFound("project") }
        return (project, facts)
    }

    static func dto(_ project: Project, _ facts: ProjectAccessFacts, _ actor: Actor) -> ProjectDTO {
        ProjectDTO(project, permissions: PermissionsDTO(canEdit: AccessPolicy.canEditContent(actor, facts),
                                                        canManage: AccessPolicy.canManage(actor, facts),
                                                        canDelete: AccessPolicy.canDelete(actor, facts)))
    }

    func getProject(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, facts) = try await Self.readable(request, signedIn)
        return try Response.json(Self.dto(project, facts, signedIn.actor), version: project.version)
    }

    /// Applies the fields a body carries to `input`; absent fields keep their value, null clears.
    static func apply(_ body: inout JSONBody, to input: inout ProjectInput) {
        func text(_ key: String, _ path: WritableKeyPath<ProjectInput, String?>, nullable: Bool = false) {
            switch body.string(key) {
            case .value("") where nullable:
                // A form sends "" for none; the API says null, as its document does.
                body.errors.add(key, "\(key) cannot be empty: send null for none")
            case .value(let value): input[keyPath: path] = value
            case .null where nullable: input[keyPath: path] = nil
            case .null: body.errors.add(key, "\(key) cannot be null")
            case .absent: break
            }
        }
        text("title", \.title)
        text("summary", \.summary)
        text("scopeIn", \.scopeIn)
        text("scopeOut", \.scopeOut)
        text("objectives", \.objectives)
        text("leadOrganisationId", \.leadOrganisationID)
        text("programmeId", \.programmeID, nullable: true)
        text("methodology", \.methodology)
        text("stageId", \.stageID)
        text("status", \.status)
        text("startDate", \.startDate, nullable: true)
        text("endDate", \.endDate, nullable: true)
        text("visibility", \.visibility)
        if let partners = body.required(body.strings("partnerOrganisationIds"), "partnerOrganisationIds") {
            input.partnerOrganisationIDs = partners
        }
        if let themes = body.required(body.strings("themeIds"), "themeIds") { input.themeIDs = themes }
        if let tags = body.required(body.strings("tags"), "tags") {
            if tags.contains(where: { $0.contains(",") }) { body.errors.add("tags", "A tag cannot contain a comma") }
            if tags.contains(where: { $0.trimmedOrNil == nil }) { body.errors.add("tags", "A tag cannot be blank") }
            if tags.contains(where: { $0.length > 40 }) { body.errors.add("tags", "Each tag must be 40 characters or fewer") }
            input.tags = tags.joined(separator: ",")
        }
        switch body.integer("budgetPence") {
        case .value(let pence) where (0...ProjectFields.maximumBudgetPence).contains(pence): input.budget = Money.poundsText(pence)
        case .value: body.errors.add("budgetPence", "budgetPence must be from 0 to \(ProjectFields.maximumBudgetPence)")
        case .null: input.budget = nil
        case .absent: break
        }
    }

    func createProject(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        guard AccessPolicy.canCreateProjects(signedIn.actor) else { throw Forbidden("Viewer accounts cannot create projects.") }
        var body = try await JSONBody(request)
        var input = ProjectInput()
        Self.apply(&body, to: &input)
        try body.throwIfAny()
        let store = request.store
        let references = try await store.referenceData()
        let fields = try ProjectFields.validate(input, references: references.projectReferences)
        guard AccessPolicy.canCreateProject(signedIn.actor, leadOrganisationID: fields.leadOrganisationID) else {
            throw ValidationFailure("leadOrganisationId", "You can only create projects led by your own organisation", kind: .rule)
        }
        let project = try await store.createProject(fields, references: references, team: ProjectsController.creatorTeam(signedIn),
                                                    by: signedIn.auditActor)
        let facts = project.accessFacts(actorTeamRole: try await store.teamRole(of: signedIn.person.id, in: project.id))
        return try Response.json(Self.dto(project, facts, signedIn.actor), status: .created, version: project.version,
                                 location: APIRoute.project(.value(project.id)).path)
    }

    func updateProject(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canEditContent(signedIn.actor, facts) else {
            throw Forbidden("You can read this project but not change it.")
        }
        var body = try await JSONBody(request)
        var input = ProjectInput(project.fields)
        Self.apply(&body, to: &input)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let store = request.store
        let references = try await store.referenceData()
        let fields = try ProjectFields.validate(input, references: references.projectReferences)
        let before = project.fields
        if (fields.visibility != before.visibility || fields.status != before.status || fields.leadOrganisationID != before.leadOrganisationID),
           !AccessPolicy.canManage(signedIn.actor, facts) {
            throw Forbidden("Only the project's SRO or manager, its lead organisation's admin or the portfolio office change its lead organisation, visibility or status.")
        }
        if fields.leadOrganisationID != before.leadOrganisationID,
           !AccessPolicy.canCreateProject(signedIn.actor, leadOrganisationID: fields.leadOrganisationID) {
            throw ValidationFailure("leadOrganisationId", "You can only hand a project to your own organisation", kind: .rule)
        }
        let updated = try await withVersionCheck(expected) {
            try await store.updateProject(project.id, expectedVersion: $0, fields: fields, references: references,
                                          current: project, by: signedIn.auditActor)
        }
        // The change may have changed what this person may do (visibility, lead organisation).
        let after = updated.accessFacts(actorTeamRole: facts.actorTeamRole)
        return try Response.json(Self.dto(updated, after, signedIn.actor), version: updated.version)
    }

    func deleteProject(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canDelete(signedIn.actor, facts) else {
            throw Forbidden("Only system administrators delete projects; close it instead (PATCH status to closed).")
        }
        let store = request.store
        try await store.deleteProject(project.id, references: try await store.referenceData(), by: signedIn.auditActor)
        return Response(status: .noContent)
    }

    func listTeam(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, _) = try await Self.readable(request, signedIn)
        let team = try await request.store.team(of: project.id).map(TeamMemberDTO.init)
        return try Response.json(ListDTO(items: team, page: 1, perPage: max(team.count, 1), total: team.count))
    }

    func setTeamMember(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canManage(signedIn.actor, facts) else { throw Forbidden("You cannot change this project's team.") }
        let personID = try Self.id(request, "personId")
        var body = try await JSONBody(request)
        let roleText = body.required(body.string("role"), "role")
        try body.throwIfAny()
        guard let role = roleText.flatMap(TeamRole.init(rawValue:)) else {
            throw ValidationFailure("role", "role must be one of: " + TeamRole.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let store = request.store
        guard try await store.person(personID) != nil else { throw NotFound("person") }
        try await store.setTeamMember(projectID: project.id, personID: personID, role: role, by: signedIn.auditActor)
        guard let member = try await store.team(of: project.id).first(where: { $0.personID == personID }) else {
            throw NotFound("team member")
        }
        return try Response.json(TeamMemberDTO(member))
    }

    func removeTeamMember(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, facts) = try await Self.readable(request, signedIn)
        guard AccessPolicy.canManage(signedIn.actor, facts) else { throw Forbidden("You cannot change this project's team.") }
        try await request.store.removeTeamMember(projectID: project.id, personID: try Self.id(request, "personId"),
                                                 by: signedIn.auditActor)
        return Response(status: .noContent)
    }

    func projectHistory(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (project, _) = try await Self.readable(request, signedIn)
        // Paged in the database: a long-running project's history has no upper bound.
        let events = try await request.store.projectHistory(project.id, page: try Self.pageRequest(request))
        return try Response.json(ListDTO(items: events.items.map(AuditEventDTO.init), page: events.request.page,
                                         perPage: events.request.perPage, total: events.total))
    }
}
