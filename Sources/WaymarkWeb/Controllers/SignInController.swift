import Vapor
import WaymarkDomain
import WaymarkStore

struct SignInController: RouteCollection {
    /// A bcrypt hash of a random password nobody knows: checking an unknown email against it
    /// takes as long as checking a real one, so timing does not reveal who has an account.
    static let dummyHash = "$2b$12$Lj12i/WtQXp74dYZQ0pW/umj6kDP.x5ygcezG4isGUdsKBlaHGpvS"

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.signIn.pathComponents, use: show)
        routes.post(SiteURL.signIn.pathComponents, use: signIn)
        routes.post(SiteURL.signOut.pathComponents, use: signOut)
    }

    func show(request: Request) async throws -> Response {
        if request.signedIn != nil { return request.redirect(to: SiteURL.portfolio.path) }
        let token = SecretTokens.make()
        let page = SignInPage(email: "", next: Self.safeNext(request.queryData["next"]), csrfToken: token, errors: [])
        return withSignInCookie(HTMLResponse.make(page.render()), token: token, request: request)
    }

    func signIn(request: Request) async throws -> Response {
        let form = try await request.formData()
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let next = Self.safeNext(form["next"])
        let newToken = SecretTokens.make()

        func refuse(_ errors: [FieldError], status: HTTPResponseStatus) -> Response {
            let page = SignInPage(email: email, next: next, csrfToken: newToken, errors: errors)
            return withSignInCookie(HTMLResponse.make(page.render(), status: status), token: newToken, request: request)
        }

        guard let cookie = request.cookies[CSRF.signInCookie]?.string, let sent = form[CSRF.fieldName],
              SecretTokens.equal(cookie, sent) else {
            return refuse([FieldError("email", "The sign-in form had expired. Enter your email address and password again (your browser must accept cookies)")],
                          status: .forbidden)
        }
        var errors = FieldErrors()
        if email.isEmpty { errors.add("email", "Enter your email address") }
        if (form["password"] ?? "").isEmpty { errors.add("password", "Enter your password") }
        if !errors.isEmpty { return refuse(errors.errors, status: .unprocessableEntity) }

        let context = request.application.waymark
        let store = request.store
        let keys: [SignInThrottlePolicy.Key] = [.account(email), .address(clientAddress(request))]
        let counters = try await store.throttleCounters(keys)
        if let until = keys.compactMap({ context.throttle.lockedUntil(counters[$0], now: context.clock()) }).max() {
            let minutes = max(1, Int((until.timeIntervalSince(context.clock()) / 60).rounded(.up)))
            let response = refuse([FieldError("email", "Too many failed attempts. Try again in \(minutes) minute\(minutes == 1 ? "" : "s")")],
                                  status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(minutes * 60))
            return response
        }

        let credentials = try await store.credentials(email: email)
        let matches = try await request.password.async.verify(form["password"] ?? "",
                                                              created: credentials?.passwordHash ?? Self.dummyHash)
        guard matches, let person = credentials?.person, person.active else {
            try await store.recordSignInFailure(keys, policy: context.throttle)
            return refuse([FieldError("email", "The email address or password is not right"),
                           FieldError("password", "Enter your password again")], status: .unauthorized)
        }
        try await store.clearSignInFailures(.account(email))

        // A fresh session id at every sign-in: a session id planted before sign-in is worth nothing.
        let sessionID = SecretTokens.make()
        let lifetime = context.settings.sessionLifetime
        try await store.createSession(idHash: SecretTokens.hash(sessionID), personID: person.id,
                                      csrfToken: SecretTokens.make(), expiresAt: context.clock().addingTimeInterval(lifetime))
        let response = request.redirect(to: next ?? SiteURL.portfolio.path, redirectType: .normal)
        response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
            string: sessionID, maxAge: Int(lifetime), path: "/", isSecure: context.settings.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
        response.cookies[CSRF.signInCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0),
                                                                maxAge: 0, path: SiteURL.signIn.path)
        return response
    }

    func signOut(request: Request) async throws -> Response {
        if let signedIn = request.signedIn, case .session(let idHash, _) = signedIn.credential {
            _ = try await request.verifiedForm()
            try await request.store.deleteSession(idHash: idHash)
        }
        let response = request.redirect(to: SiteURL.signIn.path(query: [("signed-out", "1")]), redirectType: .normal)
        response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }

    private func withSignInCookie(_ response: Response, token: String, request: Request) -> Response {
        response.cookies[CSRF.signInCookie] = HTTPCookies.Value(
            string: token, maxAge: 3600, path: SiteURL.signIn.path,
            isSecure: request.application.waymark.settings.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    /// Only paths on this site: a `next` of `https://evil.example` or `//evil.example` is dropped.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
              !next.hasPrefix(SiteURL.signIn.path), !next.hasPrefix(SiteURL.signOut.path) else { return nil }
        return next
    }
}

/// The address a request came from: the socket's, unless an operator says Waymark sits behind
/// a proxy it trusts, which then reports the client in X-Forwarded-For.
func clientAddress(_ request: Request) -> String {
    if request.application.waymark.settings.trustForwardedFor,
       let forwarded = request.headers.first(name: .xForwardedFor)?.split(separator: ",").first {
        return forwarded.trimmingCharacters(in: .whitespaces)
    }
    return request.remoteAddress?.ipAddress ?? "unknown"
}

struct SignInPage {
    var email: String
    var next: String?
    var csrfToken: String
    var errors: [FieldError]

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: errors.isEmpty ? "Sign in" : "Error: Sign in", signedIn: nil)) {
            El("div", [("class", "wm-layout wm-layout--two")]) {
                El("div") {
                    ErrorSummary(errors: errors)
                    El("h1", [("class", "wm-heading-l")]) { Safe("Sign in to Waymark") }
                    El("p", [("class", "wm-body")]) {
                        Safe("The shared project register for the organisations of your Integrated Care System.")
                    }
                    El("form", [("method", "post"), ("action", SiteURL.signIn.path), ("novalidate", "")]) {
                        VoidEl("input", [("type", "hidden"), ("name", CSRF.fieldName), ("value", csrfToken)])
                        if let next { VoidEl("input", [("type", "hidden"), ("name", "next"), ("value", next)]) }
                        TextInput(name: "email", label: "Email address", value: email, error: failure.message(for: "email"),
                                  type: "email", autocomplete: "username", extra: [("spellcheck", "false")])
                        TextInput(name: "password", label: "Password", value: "", error: failure.message(for: "password"),
                                  type: "password", autocomplete: "current-password")
                        Button(label: "Sign in")
                    }
                }
            }
        }
    }
}
