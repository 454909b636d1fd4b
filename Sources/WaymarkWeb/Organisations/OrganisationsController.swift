import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

struct OrganisationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.organisations.pathComponents, use: list)
        routes.post(SiteURL.organisations.pathComponents, use: create)
        routes.get(SiteURL.newOrganisation.pathComponents, use: new)
        routes.get(SiteURL.organisation(.key).pathComponents, use: show)
        routes.get(SiteURL.editOrganisation(.key).pathComponents, use: edit)
        routes.post(SiteURL.editOrganisation(.key).pathComponents, use: update)
        routes.get(SiteURL.organisationHistory(.key).pathComponents, use: history)
    }

    func list(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        // The organisations and their project counts come from the one portfolio index.
        let index = try await request.store.portfolioIndex()
        let counts = index.facetCounts(PortfolioQuery(), rule: AccessPolicy.readRule(for: signedIn.actor), facets: [.organisation])
        let page = OrganisationListPage(
            chrome: PageChrome(title: "Organisations", signedIn: signedIn, section: .organisations,
                               notice: request.queryData["notice"] == "created" ? "The organisation was added." : nil),
            organisations: index.references.organisations, projectCounts: counts.counts[.organisation] ?? [:],
            canManage: AccessPolicy.canManageOrganisations(signedIn.actor))
        return HTMLResponse.make(page.render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let organisation = try await Self.organisation(request)
        let store = request.store
        let projects = try await store.portfolio(PortfolioQuery(organisationID: organisation.id, page: PageRequest(page: 1, perPage: 100)),
                                                 rule: AccessPolicy.readRule(for: signedIn.actor))
        let page = OrganisationPage(
            chrome: PageChrome(title: organisation.name, signedIn: signedIn, section: .organisations,
                               notice: request.queryData["notice"] == "saved" ? "Your changes were saved." : nil,
                               breadcrumbs: [("Organisations", SiteURL.organisations.path)]),
            organisation: organisation, people: try await store.people(PeopleFilter(organisationID: organisation.id)),
            projects: projects, history: try await store.history(of: organisation.id, page: RecentHistory.request,
                                                             readableBy: AccessPolicy.readRule(for: signedIn.actor)),
            wording: AuditWording(references: try await store.referenceData()),
            canManage: AccessPolicy.canManageOrganisations(signedIn.actor))
        return HTMLResponse.make(page.render())
    }

    func history(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        let organisation = try await Self.organisation(request)
        let history = HistoryPage(
            chrome: PageChrome(title: "History of " + organisation.name, signedIn: signedIn, section: .organisations,
                               breadcrumbs: [("Organisations", SiteURL.organisations.path),
                                             (organisation.name, SiteURL.organisation(.value(organisation.id)).path)]),
            subject: organisation.name, history: try await request.store.history(of: organisation.id, page: page,
                                                             readableBy: AccessPolicy.readRule(for: signedIn.actor)),
            wording: AuditWording(references: try await request.store.referenceData()),
            path: SiteURL.organisationHistory(.value(organisation.id)).path)
        return HTMLResponse.make(history.render())
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.organisations.requireManager(signedIn.acting)
        return HTMLResponse.make(OrganisationFormPage(signedIn: signedIn, organisation: nil,
                                                      input: OrganisationInput(codeKind: "ods"), errors: []).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let input = OrganisationInput(form: form)
        do {
            let organisation = try await request.organisations.create(input, by: signedIn.acting)
            return request.redirect(to: SiteURL.organisation(.value(organisation.id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return HTMLResponse.make(OrganisationFormPage(signedIn: signedIn, organisation: nil, input: input,
                                                          errors: failure.errors).render(), status: .unprocessableEntity)
        }
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.organisations.requireManager(signedIn.acting)
        let organisation = try await Self.organisation(request)
        return HTMLResponse.make(OrganisationFormPage(signedIn: signedIn, organisation: organisation,
                                                      input: OrganisationInput(organisation), errors: []).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let organisation = try await Self.organisation(request)
        let input = OrganisationInput(form: form)
        do {
            _ = try await request.organisations.update(organisation.id, input, expectedVersion: Int(form["version"] ?? "") ?? -1,
                                                       by: signedIn.acting)
            return request.redirect(to: SiteURL.organisation(.value(organisation.id)).path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return HTMLResponse.make(OrganisationFormPage(signedIn: signedIn, organisation: organisation, input: input,
                                                          errors: failure.errors).render(), status: .unprocessableEntity)
        } catch is VersionConflict {
            return HTMLResponse.make(OrganisationFormPage(signedIn: signedIn, organisation: organisation, input: input,
                                                          errors: [FieldError("name", "Someone else changed this organisation while you were editing it. Your changes have not been saved: open the organisation again and reapply them")]).render(),
                                     status: .conflict)
        }
    }

    /// The organisation the path names, or a 404.
    static func organisation(_ request: Request) async throws -> Organisation {
        guard let id = request.parameters.get(SiteURL.Key.organisation, as: UUID.self) else { throw NotFound("organisation") }
        return try await request.organisations.find(id)
    }
}

extension OrganisationInput {
    init(form: FormData) {
        self.init(name: form["name"], code: form["code"]?.trimmingCharacters(in: .whitespacesAndNewlines), codeKind: form["codeKind"], kind: form["kind"])
    }
}
