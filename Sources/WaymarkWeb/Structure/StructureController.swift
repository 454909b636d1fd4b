import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Strategic themes and programmes: the portfolio office's structure of the portfolio.
struct StructureController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.structure.pathComponents, use: overview)
        routes.get(SiteURL.themes.pathComponents) { $0.redirect(to: SiteURL.structure.path) }
        routes.get(SiteURL.programmes.pathComponents) { $0.redirect(to: SiteURL.structure.path) }
        routes.post(SiteURL.themes.pathComponents) { try await create($0, .theme) }
        routes.post(SiteURL.programmes.pathComponents) { try await create($0, .programme) }
        routes.get(SiteURL.theme(.key).pathComponents) { try await edit($0, .theme) }
        routes.get(SiteURL.programme(.key).pathComponents) { try await edit($0, .programme) }
        routes.post(SiteURL.theme(.key).pathComponents) { try await update($0, .theme) }
        routes.post(SiteURL.programme(.key).pathComponents) { try await update($0, .programme) }
    }

    func overview(request: Request) async throws -> Response {
        try await overviewPage(request, try request.requireSignedIn())
    }

    func overviewPage(_ request: Request, _ signedIn: SignedIn, failing kind: NamedItemKind? = nil, input: FormData = FormData(),
                      errors: [FieldError] = []) async throws -> Response {
        let store = request.store
        let counts = try await store.facetCounts(PortfolioQuery(), rule: AccessPolicy.readRule(for: signedIn.actor),
                                                 facets: [.theme, .programme])
        let page = StructurePage(
            chrome: PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Themes and programmes", signedIn: signedIn,
                               section: .structure, notice: request.queryData["notice"] == "saved" ? "Saved." : nil),
            themes: try await store.namedItems(.theme), programmes: try await store.namedItems(.programme), counts: counts,
            canManage: AccessPolicy.canManagePortfolioStructure(signedIn.actor), failing: kind, input: input, errors: errors)
        return HTMLResponse.make(page.render(), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func create(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        do {
            _ = try await request.structure.create(kind, name: form["name"], description: form["description"], by: signedIn.acting)
            return request.redirect(to: SiteURL.structure.path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return try await overviewPage(request, signedIn, failing: kind, input: form,
                                          errors: failure.errors.map { FieldError(kind.rawValue + "-" + $0.field, $0.message) })
        }
    }

    func edit(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let item = try await Self.item(request, kind)
        return HTMLResponse.make(NamedItemPage(signedIn: signedIn, kind: kind, item: item, name: item.name,
                                               description: item.description, errors: [],
                                               canManage: AccessPolicy.canManagePortfolioStructure(signedIn.actor)).render())
    }

    func update(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let item = try await Self.item(request, kind)
        func refuse(_ errors: [FieldError], _ status: HTTPResponseStatus) -> Response {
            HTMLResponse.make(NamedItemPage(signedIn: signedIn, kind: kind, item: item, name: form["name"] ?? "",
                                            description: form["description"] ?? "", errors: errors, canManage: true).render(),
                              status: status)
        }
        do {
            _ = try await request.structure.update(kind, item.id, name: form["name"] ?? "", description: form["description"] ?? "",
                                                   expectedVersion: Int(form["version"] ?? "") ?? -1, by: signedIn.acting)
            return request.redirect(to: SiteURL.structure.path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return refuse(failure.errors, .unprocessableEntity)
        } catch is VersionConflict {
            return refuse([FieldError("name", "Someone else changed this while you were editing it. Your changes have not been saved: open it again and reapply them")], .conflict)
        }
    }

    static func item(_ request: Request, _ kind: NamedItemKind) async throws -> NamedItem {
        guard let id = request.parameters.get(SiteURL.Key.item, as: UUID.self) else { throw NotFound(kind.noun) }
        return try await request.structure.find(kind, id)
    }
}

extension NamedItemKind {
    var title: String {
        switch self {
        case .theme: "Strategic themes"
        case .programme: "Programmes"
        }
    }

    var capitalisedNoun: String {
        switch self {
        case .theme: "Strategic theme"
        case .programme: "Programme"
        }
    }

    var facet: PortfolioFacet { self == .theme ? .theme : .programme }

    func url(_ id: UUID) -> SiteURL { self == .theme ? .theme(.value(id)) : .programme(.value(id)) }
    var listURL: SiteURL { self == .theme ? .themes : .programmes }
}
