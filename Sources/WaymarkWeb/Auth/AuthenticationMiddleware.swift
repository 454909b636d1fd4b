import Vapor
import WaymarkDomain
import WaymarkStore

/// Finds the person behind a request: a bearer API token, or else the session cookie.
/// A session ends when it has gone unused for `--session-hours`, or when it is
/// `--session-max-days` old however much it is used. Reading a page writes nothing: the idle
/// expiry slides forward at most once an hour (`refreshInterval`).
struct AuthenticationMiddleware: AsyncMiddleware {
    /// How long a session's idle expiry may go without sliding: an hour, or a twelfth of the
    /// idle time when that is shorter. A session therefore ends after between 11/12 of the idle
    /// time and the whole of it without use, and reading pages writes at most once an hour.
    static func refreshInterval(idle: TimeInterval) -> TimeInterval { min(3600, idle / 12) }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The statement that finds the person also reads the change counters for this request
        // (into the request store's `RequestCounters`).
        if let bearer = request.headers.bearerAuthorization {
            guard let person = try await request.store.person(tokenHash: SecretTokens.hash(bearer.token)) else {
                throw WaymarkError.unauthenticated("The API token is not valid: it may have been revoked, or its owner deactivated")
            }
            request.signedIn = SignedIn(person: person, credential: .apiToken)
        } else if let cookie = request.cookies[request.waymarkCookies.session]?.string, !cookie.isEmpty {
            let idHash = SecretTokens.hash(cookie)
            let context = request.application.waymark
            let settings = context.settings
            let now = context.clock()
            if let (session, person) = try await request.store.session(
                idHash: idHash, startedAfter: now.addingTimeInterval(-settings.sessionMaximumLifetime)) {
                request.signedIn = SignedIn(person: person, credential: .session(idHash: idHash, csrfToken: session.csrfToken))
                if now.timeIntervalSince(session.refreshedAt) > Self.refreshInterval(idle: settings.sessionLifetime) {
                    let expiry = min(now.addingTimeInterval(settings.sessionLifetime),
                                     session.createdAt.addingTimeInterval(settings.sessionMaximumLifetime))
                    try await request.store.refreshSession(idHash: idHash, expiresAt: expiry)
                }
            }
        }
        return try await next.respond(to: request)
    }
}

/// HTML pages for signed-in people: anyone else is sent to sign in, and comes back afterwards.
/// A check of what `AuthenticationMiddleware` found, made where the request is: no task of its
/// own (an `AsyncMiddleware` starts one, and hops threads twice, for every request it passes on).
struct RequireSignIn: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.signedIn != nil else {
            let back = request.method == .GET ? request.url.string : SiteURL.home.path
            return request.eventLoop.makeSucceededFuture(
                request.redirect(to: SiteURL.signIn.path(query: [("next", back)]), redirectType: .normal))
        }
        return next.respond(to: request)
    }
}

/// The API: a bearer token or a browser session. A session's changes must carry the CSRF token
/// in `X-CSRF-Token`, so another site cannot make a signed-in browser change anything. Like
/// `RequireSignIn`, a check made where the request is.
struct RequireAPIAuthentication: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        do {
            try Self.check(request)
        } catch {
            return request.eventLoop.makeFailedFuture(error)
        }
        return next.respond(to: request)
    }

    static func check(_ request: Request) throws {
        guard let signedIn = request.signedIn else {
            throw WaymarkError.unauthenticated("Send an API token as 'Authorization: Bearer <token>', or sign in")
        }
        if let expected = signedIn.csrfToken, ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            guard let sent = request.headers.first(name: "X-CSRF-Token"), SecretTokens.equal(sent, expected) else {
                throw WaymarkError.csrf
            }
        }
    }
}
