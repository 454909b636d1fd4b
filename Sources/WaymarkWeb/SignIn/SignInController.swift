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
        if request.signedIn != nil { return request.redirect(to: SiteURL.home.path) }
        let token = SecretTokens.make()
        let page = SignInPage(email: "", next: Self.safeNext(request.queryData["next"]), csrfToken: token, errors: [])
        return withSignInCookie(HTMLResponse.make(page.render()), token: token, request: request)
    }

    func signIn(request: Request) async throws -> Response {
        let form = try await request.formData()
        // One form of the address for the throttle and the lookup alike: a variant with a
        // trailing newline or NUL is the same account, with the same budget of attempts.
        let email = EmailAddress.normalised(form["email"] ?? "")
        let next = Self.safeNext(form["next"])
        let newToken = SecretTokens.make()

        func refuse(_ errors: [FieldError], status: HTTPResponseStatus) -> Response {
            let page = SignInPage(email: email, next: next, csrfToken: newToken, errors: errors)
            return withSignInCookie(HTMLResponse.make(page.render(), status: status), token: newToken, request: request)
        }

        // A double submit: the cookie and the field must hold the same non-empty token. An empty
        // pair would otherwise match, and a page elsewhere could sign a browser in to its account.
        guard let cookie = request.cookies[request.waymarkCookies.signIn]?.string, let sent = form[CSRF.fieldName],
              !cookie.isEmpty, SecretTokens.equal(cookie, sent) else {
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
        let settings = context.settings
        try await store.createSession(idHash: SecretTokens.hash(sessionID), personID: person.id,
                                      csrfToken: SecretTokens.make(), expiresAt: context.clock().addingTimeInterval(settings.sessionLifetime),
                                      device: DeviceName.from(userAgent: request.headers.first(name: .userAgent)))
        let response = request.redirect(to: next ?? SiteURL.home.path, redirectType: .normal)
        // The browser may keep the cookie for the session's longest life; the database ends it
        // sooner when it goes unused.
        let cookies = request.waymarkCookies
        response.cookies[cookies.session] = cookies.session(sessionID, maxAge: settings.sessionMaximumLifetime)
        response.cookies[cookies.signIn] = cookies.expiredSignIn
        return response
    }

    func signOut(request: Request) async throws -> Response {
        if let signedIn = request.signedIn, case .session(let idHash, _) = signedIn.credential {
            _ = try await request.verifiedForm()
            try await request.store.deleteSession(idHash: idHash)
        }
        let response = request.redirect(to: SiteURL.signIn.path(query: [("signed-out", "1")]), redirectType: .normal)
        let cookies = request.waymarkCookies
        response.cookies[cookies.session] = cookies.expiredSession
        return response
    }

    private func withSignInCookie(_ response: Response, token: String, request: Request) -> Response {
        let cookies = request.waymarkCookies
        response.cookies[cookies.signIn] = cookies.signIn(token)
        return response
    }

    /// Only paths on this site, written as a browser sends them: a `next` of
    /// `https://evil.example` or `//evil.example` is dropped, and so is anything holding a
    /// character outside a URL's own (RFC 3986) set: a CR or LF would end the `Location`
    /// header and start another, and a tab or backslash lets a browser read `/\t/evil.example`
    /// as another host. Waymark's own links are percent-encoded, so they always pass.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.utf8.count <= 2_000, next.hasPrefix("/"), !next.hasPrefix("//"),
              next.utf8.allSatisfy(isURLCharacter),
              !next.hasPrefix(SiteURL.signIn.path), !next.hasPrefix(SiteURL.signOut.path) else { return nil }
        return next
    }

    /// RFC 3986's unreserved and reserved characters and `%` (no space, quote, backslash, `<`,
    /// `>`, `^`, backquote, braces, `|`, control or non-ASCII byte). `#` is left out too: a
    /// fragment never reaches the server, so a `next` holding one was not made by Waymark.
    private static func isURLCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-._~!$&'()*+,;=:@/?%[]".utf8.contains(byte)
        }
    }
}

/// The address a request came from: the socket's, unless an operator says Waymark sits behind
/// proxies it trusts, which then report the client in X-Forwarded-For.
func clientAddress(_ request: Request) -> String {
    let settings = request.application.waymark.settings
    let socket = request.remoteAddress?.ipAddress ?? "unknown"
    guard settings.trustForwardedFor else { return socket }
    return forwardedClient(request.headers[.xForwardedFor], proxies: settings.forwardedProxies) ?? socket
}

/// The client in X-Forwarded-For behind `proxies` trusted proxies. Each proxy appends the
/// address it received the request from, so the client is the entry `proxies` places from the
/// right; whatever stands further left the client wrote itself, and taking it would let a
/// client choose a fresh address (and a fresh sign-in budget) for every request. Several
/// header lines are one list, in order (RFC 9110). With fewer entries than proxies, the
/// left-most is the nearest to the client that any of them reported.
func forwardedClient(_ lines: [String], proxies: Int) -> String? {
    let entries = lines.flatMap { $0.split(separator: ",") }
        .map { $0.trimmingCharacters(in: .whitespaces) }
    guard let entry = entries.count >= proxies ? entries[entries.count - proxies] : entries.first,
          !entry.isEmpty, entry.utf8.count <= 100 else { return nil }
    return entry
}
