import Vapor
import WaymarkDomain
import WaymarkStore

/// A person's own API tokens: created here, shown once, revocable.
struct TokensController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.tokens.pathComponents, use: list)
        routes.post(SiteURL.tokens.pathComponents, use: create)
        routes.post(SiteURL.revokeToken(.key).pathComponents, use: revoke)
    }

    func list(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let notice = request.queryData["notice"] == "revoked" ? "The token was revoked: it no longer works." : nil
        return try await page(request, signedIn, notice: notice)
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let name: String
        do {
            name = try APITokenName.validate(form["name"])
        } catch let failure as ValidationFailure {
            return try await page(request, signedIn, errors: failure.errors, status: .unprocessableEntity)
        }
        let token = SecretTokens.makeAPIToken()
        _ = try await request.store.createToken(personID: signedIn.person.id, name: name, tokenHash: SecretTokens.hash(token),
                                                by: signedIn.auditActor)
        return try await page(request, signedIn, newToken: (name, token), status: .created)
    }

    func revoke(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        guard let id = request.parameters.get(SiteURL.Key.token, as: UUID.self),
              try await request.store.revokeToken(id, of: signedIn.person.id, by: signedIn.auditActor) else {
            throw NotFound("token")
        }
        return request.redirect(to: SiteURL.tokens.path(query: [("notice", "revoked")]))
    }

    func page(_ request: Request, _ signedIn: SignedIn, notice: String? = nil, errors: [FieldError] = [],
              newToken: (String, String)? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = TokensPage(chrome: PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "API tokens", signedIn: signedIn,
                                                 section: .account, notice: notice, breadcrumbs: [("Your account", SiteURL.account.path)]),
                              tokens: try await request.store.tokens(of: signedIn.person.id), errors: errors, newToken: newToken)
        return HTMLResponse.make(page.render(), status: status)
    }
}
