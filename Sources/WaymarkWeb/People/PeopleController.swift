import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

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
        let page = PeopleListPage(
            chrome: PageChrome(title: "People", signedIn: signedIn, section: .people),
            people: try await request.people.list(filter, by: signedIn.acting),
            organisations: try await request.store.organisations(), filter: filter,
            canCreate: administers, showInactiveOption: administers)
        return HTMLResponse.make(page.render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let person = try await request.people.visible(try Self.personID(request), by: signedIn.acting)
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
                                                             readableBy: AccessPolicy.readRule(for: signedIn.actor)) : nil,
            wording: AuditWording(references: try await store.referenceData()), canManage: canManage,
            isSelf: person.id == signedIn.person.id)
        return HTMLResponse.make(page.render())
    }

    /// The account's whole history, for those who manage the account.
    func history(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        let person = try await request.people.manageable(try Self.personID(request), by: signedIn.acting)
        let history = HistoryPage(
            chrome: PageChrome(title: "Account history of " + person.name, signedIn: signedIn, section: .people,
                               breadcrumbs: [("People", SiteURL.people.path), (person.name, SiteURL.person(.value(person.id)).path)]),
            subject: person.name, history: try await request.store.history(of: person.id, page: page,
                                                             readableBy: AccessPolicy.readRule(for: signedIn.actor)),
            wording: AuditWording(references: try await request.store.referenceData()),
            path: SiteURL.personHistory(.value(person.id)).path)
        return HTMLResponse.make(history.render())
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return try await form(request, signedIn, person: nil, input: try request.people.newInput(by: signedIn.acting), errors: [])
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let input = PersonInput(form: form)
        do {
            let person = try await request.people.create(input, by: signedIn.acting)
            return request.redirect(to: SiteURL.person(.value(person.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            return try await self.form(request, signedIn, person: nil, input: input, errors: failure.errors, status: .unprocessableEntity)
        }
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let person = try await request.people.manageable(try Self.personID(request), by: signedIn.acting)
        return try await form(request, signedIn, person: person, input: PersonInput(person), errors: [])
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let id = try Self.personID(request)
        let input = PersonInput(form: form)
        do {
            _ = try await request.people.update(id, input, expectedVersion: Int(form["version"] ?? "") ?? -1, by: signedIn.acting)
            return request.redirect(to: SiteURL.person(.value(id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            let person = try await request.people.manageable(id, by: signedIn.acting)
            return try await self.form(request, signedIn, person: person, input: input, errors: failure.errors, status: .unprocessableEntity)
        } catch is VersionConflict {
            let person = try await request.people.manageable(id, by: signedIn.acting)
            return try await self.form(request, signedIn, person: person, input: input,
                                       errors: [FieldError("name", "Someone else changed this account while you were editing it. Your changes have not been saved: open it again and reapply them")],
                                       status: .conflict)
        }
    }

    /// Deactivating or reactivating: the same change as the account form's, of one field. A
    /// refusal (the last administrator, one's own account) is shown as the error it is.
    func setActive(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let id = try Self.personID(request)
        let active = form["active"] == "true"
        do {
            _ = try await request.people.update(id, PersonInput(), active: active, expectedVersion: Int(form["version"] ?? "") ?? -1,
                                                by: signedIn.acting)
        } catch is VersionConflict {
            throw VersionConflict(currentVersion: try await request.people.manageable(id, by: signedIn.acting).version)
        }
        return request.redirect(to: SiteURL.person(.value(id)).path(query: [("notice", active ? "reactivated" : "deactivated")]))
    }

    static func personID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.person, as: UUID.self) else { throw NotFound("person") }
        return id
    }

    func form(_ request: Request, _ signedIn: SignedIn, person: Person?, input: PersonInput, errors: [FieldError],
              status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = PersonFormPage(signedIn: signedIn, person: person, input: input, errors: errors,
                                  organisations: try await request.people.grantableOrganisations(by: signedIn.acting),
                                  roles: AccessPolicy.grantableRoles(signedIn.actor))
        return HTMLResponse.make(page.render(), status: status)
    }
}

extension PersonInput {
    init(form: FormData) {
        self.init(name: form["name"], email: form["email"]?.trimmingCharacters(in: .whitespacesAndNewlines), role: form["role"], organisationID: form["organisationId"],
                  password: form["password"])
    }
}
