import Vapor
import WaymarkDomain
import WaymarkStore

/// The people directory, and account administration for administrators and organisation admins.
struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.people.pathComponents, use: list)
        routes.post(SiteURL.people.pathComponents, use: create)
        routes.get(SiteURL.newPerson.pathComponents, use: new)
        routes.get(SiteURL.person(.key).pathComponents, use: show)
        routes.get(SiteURL.editPerson(.key).pathComponents, use: edit)
        routes.post(SiteURL.editPerson(.key).pathComponents, use: update)
        routes.post(SiteURL.personActive(.key).pathComponents, use: setActive)
        routes.get(SiteURL.personHistory(.key).pathComponents, use: history)
    }

    func list(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let query = request.queryData
        let administers = AccessPolicy.canAdministerPeople(signedIn.actor)
        let filter = PeopleFilter(organisationID: query["organisation"].flatMap(UUID.init(uuidString:)),
                                  includeInactive: administers && query["inactive"] == "1", text: query["q"])
        let store = request.store
        let page = PeopleListPage(
            chrome: PageChrome(title: "People", signedIn: signedIn, section: .people),
            people: try await store.people(filter).filter { AccessPolicy.canSee(signedIn.actor, person: $0) },
            organisations: try await store.organisations(), filter: filter,
            canCreate: administers, showInactiveOption: administers)
        return HTMLResponse.make(page.render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let person = try await Self.person(request)
        let store = request.store
        let projects = try await store.portfolio(PortfolioQuery(teamMemberID: person.id, page: PageRequest(page: 1, perPage: 100)),
                                                 rule: AccessPolicy.readRule(for: signedIn.actor))
        let canManage = AccessPolicy.canManagePerson(signedIn.actor, organisationID: person.organisationID, role: person.role)
        let notices = ["saved": "Your changes were saved.", "created": "The account was created.",
                       "deactivated": "The account was deactivated: its sessions and API tokens have ended.",
                       "reactivated": "The account was reactivated."]
        let page = PersonPage(
            chrome: PageChrome(title: person.name, signedIn: signedIn, section: .people,
                               notice: request.queryData["notice"].flatMap { notices[$0] },
                               breadcrumbs: [("People", SiteURL.people.path)]),
            person: person, organisation: try await store.organisation(person.organisationID), projects: projects,
            history: canManage ? try await store.history(of: person.id, page: RecentHistory.request,
                                                             readableBy: AccessPolicy.readRule(for: signedIn.actor)) : nil, canManage: canManage,
            isSelf: person.id == signedIn.person.id)
        return HTMLResponse.make(page.render())
    }

    /// The account's whole history, for those who manage the account.
    func history(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        let person = try await Self.person(request)
        try Self.requireManager(signedIn, person)
        let history = HistoryPage(
            chrome: PageChrome(title: "Account history of " + person.name, signedIn: signedIn, section: .people,
                               breadcrumbs: [("People", SiteURL.people.path), (person.name, SiteURL.person(.value(person.id)).path)]),
            subject: person.name, history: try await request.store.history(of: person.id, page: page,
                                                             readableBy: AccessPolicy.readRule(for: signedIn.actor)),
            path: SiteURL.personHistory(.value(person.id)).path)
        return HTMLResponse.make(history.render())
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        guard AccessPolicy.canAdministerPeople(signedIn.actor) else { throw Forbidden("Only administrators add people.") }
        return try await form(request, signedIn, person: nil,
                              input: PersonInput(role: SystemRole.member.rawValue,
                                                 organisationID: signedIn.person.organisationID.lowercasedText), errors: [])
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        guard AccessPolicy.canAdministerPeople(signedIn.actor) else { throw Forbidden("Only administrators add people.") }
        let input = PersonInput(form: form)
        let store = request.store
        do {
            let fields = try PersonFields.validate(input, knownOrganisations: Set(try await store.organisations().map(\.id)),
                                                   passwordRequired: true)
            try Self.checkGrant(signedIn, fields)
            let hash = try await request.password.async.hash(fields.password!)
            let person = try await store.createPerson(fields, passwordHash: hash, by: signedIn.auditActor)
            return request.redirect(to: SiteURL.person(.value(person.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            return try await self.form(request, signedIn, person: nil, input: input, errors: failure.errors, status: .unprocessableEntity)
        }
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let person = try await Self.person(request)
        try Self.requireManager(signedIn, person)
        return try await form(request, signedIn, person: person, input: PersonInput(person), errors: [])
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let person = try await Self.person(request)
        try Self.requireManager(signedIn, person)
        let input = PersonInput(form: form)
        let store = request.store
        do {
            let fields = try PersonFields.validate(input, knownOrganisations: Set(try await store.organisations().map(\.id)),
                                                   passwordRequired: false)
            try Self.checkGrant(signedIn, fields)
            var hash: String?
        if let password = fields.password { hash = try await request.password.async.hash(password) }
            _ = try await store.updatePerson(person.id, expectedVersion: Int(form["version"] ?? "") ?? -1, fields: fields,
                                             passwordHash: hash, by: signedIn.auditActor)
            return request.redirect(to: SiteURL.person(.value(person.id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return try await self.form(request, signedIn, person: person, input: input, errors: failure.errors, status: .unprocessableEntity)
        } catch is VersionConflict {
            return try await self.form(request, signedIn, person: person, input: input,
                                       errors: [FieldError("name", "Someone else changed this account while you were editing it. Your changes have not been saved: open it again and reapply them")],
                                       status: .conflict)
        }
    }

    func setActive(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let person = try await Self.person(request)
        try Self.requireManager(signedIn, person)
        let active = form["active"] == "true"
        if !active && person.id == signedIn.person.id {
            throw Forbidden("You cannot deactivate your own account.")
        }
        do {
            _ = try await request.store.setActive(person.id, active, expectedVersion: Int(form["version"] ?? "") ?? -1,
                                                  by: signedIn.auditActor)
        } catch let failure as ValidationFailure {
            throw Forbidden(failure.errors.first?.message ?? "That change is not allowed.")
        } catch is VersionConflict {
            throw Forbidden("Someone changed this account since you opened the page. Go back, reload it and try again.")
        }
        return request.redirect(to: SiteURL.person(.value(person.id)).path(query: [("notice", active ? "reactivated" : "deactivated")]))
    }

    /// The person the path names, if the one asking may see them.
    static func person(_ request: Request) async throws -> Person {
        guard let id = request.parameters.get(SiteURL.Key.person, as: UUID.self),
              let person = try await request.store.person(id),
              AccessPolicy.canSee(try request.requireSignedIn().actor, person: person) else { throw NotFound("person") }
        return person
    }

    static func requireManager(_ signedIn: SignedIn, _ person: Person) throws {
        guard AccessPolicy.canManagePerson(signedIn.actor, organisationID: person.organisationID, role: person.role) else {
            throw Forbidden("You cannot change this account. Organisation admins manage the member, viewer and organisation admin accounts of their own organisation.")
        }
    }

    static func checkGrant(_ signedIn: SignedIn, _ fields: PersonFields) throws {
        guard AccessPolicy.canGrant(signedIn.actor, role: fields.role, organisationID: fields.organisationID) else {
            if fields.organisationID != signedIn.person.organisationID && signedIn.actor.role != .admin {
                throw ValidationFailure("organisationId", "You can only manage people of your own organisation", kind: .rule)
            }
            throw ValidationFailure("role", "You can give the roles: " + AccessPolicy.grantableRoles(signedIn.actor).map(\.label).joined(separator: ", "), kind: .rule)
        }
    }

    func form(_ request: Request, _ signedIn: SignedIn, person: Person?, input: PersonInput, errors: [FieldError],
              status: HTTPResponseStatus = .ok) async throws -> Response {
        var organisations = try await request.store.organisations()
        if signedIn.actor.role != .admin { organisations = organisations.filter { $0.id == signedIn.person.organisationID } }
        let page = PersonFormPage(signedIn: signedIn, person: person, input: input, errors: errors, organisations: organisations,
                                  roles: AccessPolicy.grantableRoles(signedIn.actor))
        return HTMLResponse.make(page.render(), status: status)
    }
}

extension PersonInput {
    init(form: FormData) {
        self.init(name: form["name"], email: form["email"]?.trimmedOrNil, role: form["role"], organisationID: form["organisationId"],
                  password: form["password"])
    }
}
