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
                                                 section: .tokens, notice: notice),
                              tokens: try await request.store.tokens(of: signedIn.person.id), errors: errors, newToken: newToken)
        return HTMLResponse.make(page.render(), status: status)
    }
}

struct TokensPage: RenderablePage {
    var chrome: PageChrome
    var tokens: [APITokenInfo]
    var errors: [FieldError]
    var newToken: (name: String, token: String)?

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("API tokens") }
            El("p", [("class", "wm-body")]) {
                Safe("A token lets a script use the Waymark API as you, seeing and changing exactly what you can. Send it as ")
                El("code") { Safe("Authorization: Bearer <token>") }
                Safe(". The API is described at ")
                Link(APIRoute.openAPI.path, APIRoute.openAPI.path)
                Safe(".")
            }
            if let newToken {
                El("div", [("class", "wm-notice"), ("role", "status")]) {
                    El("p", [("class", "wm-notice__text")]) { Safe("Token \u{201C}\(newToken.name)\u{201D} created. Copy it now: it will not be shown again.") }
                    El("p", [("class", "wm-token"), ("id", "new-token")]) { Safe(newToken.token) }
                }
            }
            El("form", [("method", "post"), ("action", SiteURL.tokens.path), ("class", "wm-card"), ("novalidate", "")]) {
                CSRFField(token: chrome.signedIn?.csrfToken)
                TextInput(name: "name", label: "Name of a new token", hint: "What will use it, so you know which to revoke.",
                          value: "", error: failure.message(for: "name"))
                Button(label: "Create token")
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Your tokens") }
            if tokens.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("You have no API tokens.") }
            } else {
                El("table", [("class", "wm-table")]) {
                    El("thead") {
                        El("tr") {
                            El("th", [("scope", "col")]) { Safe("Name") }
                            El("th", [("scope", "col")]) { Safe("Created") }
                            El("th", [("scope", "col")]) { Safe("State") }
                        }
                    }
                    El("tbody") {
                        for token in tokens {
                            El("tr") {
                                El("td") { Safe(token.name) }
                                El("td") { Safe(DateText.long(token.createdAt)) }
                                El("td") {
                                    if let revoked = token.revokedAt {
                                        Tag(text: "Revoked " + DateText.long(revoked), colour: "grey")
                                    } else {
                                        El("form", [("method", "post"), ("action", SiteURL.revokeToken(.value(token.id)).path),
                                                    ("data-confirm", "Revoke \(token.name)? Anything using it stops working.")]) {
                                            CSRFField(token: chrome.signedIn?.csrfToken)
                                            El("button", [("type", "submit"), ("class", "wm-button wm-button--secondary wm-button--small")]) {
                                                Safe("Revoke")
                                                El("span", [("class", "wm-visually-hidden")]) { Safe(" " + token.name) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
