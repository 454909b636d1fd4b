import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The findings of the security test (issue "Hardening"), each proved through the real server.
final class HardeningTests: XCTestCase {
    // MARK: 1. Header injection through `next`

    func testNextCannotInjectHeadersOrLeaveTheSite() async throws {
        try await withServer { server, _, database in
            let attacks = ["/\r\nSet-Cookie: injected=1; Path=/", "/\r\n\r\n<html>", "/portfolio\u{0}x", "/\t/evil.example",
                           "/ /evil.example", "/\\evil.example", "/portfolio#frag"]
            for next in attacks {
                let browser = server.client()
                let page = try await browser.get("/sign-in?next=" + QueryText.encode(next))
                XCTAssertFalse(page.body.contains("name=\"next\""), "[\(database)] \(next.debugDescription) is not carried in the form")
                let signedIn = try await browser.post("/sign-in", [("email", "member-lead@test.example"),
                                                                   ("password", World.password), ("next", next)],
                                                      csrf: page.csrfToken)
                XCTAssertEqual(signedIn.status, .seeOther, next.debugDescription)
                XCTAssertEqual(signedIn.location, "/", next.debugDescription)
                XCTAssertNil(browser.cookies["injected"])
                XCTAssertTrue(signedIn.headers[.setCookie].allSatisfy { !$0.contains("injected") })
            }
            // Waymark's own links still come back, query and all.
            let browser = server.client()
            let start = try await browser.get("/portfolio?organisation=a%20b&q=x")
            let back = try XCTUnwrap(start.location)
            let page = try await browser.get(back)
            let signedIn = try await browser.post("/sign-in", [("email", "member-lead@test.example"), ("password", World.password),
                                                               ("next", "/portfolio?organisation=a%20b&q=x")], csrf: page.csrfToken)
            XCTAssertEqual(signedIn.location, "/portfolio?organisation=a%20b&q=x")
        }
    }

    func testAResponseHeaderWithAControlCharacterIsNeverSent() async throws {
        try await withTestApp(.sqlite) { app in
            // A route with the very bug the wall is for.
            app.get("broken-header") { _ in
                let response = Response(status: .seeOther)
                response.headers.replaceOrAdd(name: .location, value: "/\r\nSet-Cookie: injected=1")
                return response
            }
            let server = try await TestServer(app)
            let answer = try await server.client().get("/broken-header")
            await server.stop()
            XCTAssertEqual(answer.status, .internalServerError)
            XCTAssertNil(answer.location)
            XCTAssertTrue(answer.headers[.setCookie].isEmpty)
            XCTAssertEqual(answer.headers.first(name: "X-Frame-Options"), "DENY", "the error page keeps the security headers")
        }
    }

    // MARK: 2 and 6. One form of an email address

    func testEveryVariantOfAnEmailShareOneLockout() async throws {
        try await withServer { server, _, database in
            for _ in 1...5 { try await server.client().signIn("member-lead@test.example", password: "not the password") }
            for variant in ["member-lead@test.example\n", "member-lead@test.example\u{0}", " MEMBER-LEAD@test.example\u{200B}",
                            "member-lead@test.example\r\n", "\u{FEFF}member-lead@test.example"] {
                let attempt = try await server.client().signIn(variant)
                XCTAssertEqual(attempt.status, .tooManyRequests, "[\(database)] \(variant.debugDescription)")
            }
            let counters = try await server.app.store.throttleCounters([.account("member-lead@test.example")])
            XCTAssertEqual(counters.values.first?.failures, 5, "the variants started no budget of their own")
        }
    }

    func testLookAlikeEmailAddressesCannotMakeSecondAccounts() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            func create(_ email: String) async throws -> TestResponse {
                try await api.json(.POST, "/api/v1/people", ["name": "José Ruiz", "email": email, "role": "member",
                                                             "organisationId": world.lead.id.uuidString,
                                                             "password": "a long enough password"])
            }
            let first = try await create("Jos\u{E9}@test.example")
            XCTAssertEqual(first.status, .created, "[\(database)] \(first.body)")
            XCTAssertEqual(first.jsonObject["email"] as? String, "jos\u{E9}@test.example")
            let cases: [(String, String)] = [
                ("jose\u{301}@test.example", "already has an account"),          // NFD of the same address
                ("jos\u{E9}@test.example\u{0}", "already has an account"),       // a trailing NUL
                ("jos\u{E9}@test.example\u{200B}", "already has an account"),    // a trailing zero-width space
                ("jo\u{200B}s\u{E9}@test.example", "invisible character"),       // one inside
                ("\u{430}dmin@test.example", "different alphabets"),              // a Cyrillic а among Latin letters
                ("admin@t\u{435}st.example", "different alphabets"),
            ]
            for (email, message) in cases {
                let answer = try await create(email)
                XCTAssertEqual(answer.status, .unprocessableEntity, email.debugDescription)
                let errors = answer.jsonObject["errors"] as? [[String: String]] ?? []
                XCTAssertEqual(errors.first?["field"], "email", email.debugDescription)
                XCTAssertTrue(errors.first?["message"]?.contains(message) == true, "\(email.debugDescription): \(answer.body)")
            }
            // A wholly Cyrillic name is an address, not a trick.
            let cyrillic = try await create("\u{438}\u{432}\u{430}\u{43D}@test.example")
            XCTAssertEqual(cyrillic.status, .created, cyrillic.body)
            // The NFC address signs in whichever form is typed.
            let browser = server.client()
            let signedIn = try await browser.signIn("JOSE\u{301}@test.example ", password: "a long enough password")
            XCTAssertEqual(signedIn.status, .seeOther)
        }
    }

    // MARK: 3. Nested JSON

    func testDeeplyNestedJSONIsRefusedAtOnce() async throws {
        try await withServer { server, _, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let unit = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
            let body = "[" + Array(repeating: unit, count: 1_048_000 / (unit.count + 1)).joined(separator: ",") + "]"
            XCTAssertLessThanOrEqual(body.utf8.count, 1_048_576)
            // The harness bounds the wait: before the fix this body took about 40 s of CPU.
            let answer = try await within(seconds: 20) {
                try await api.request(.POST, "/api/v1/projects", body: body, contentType: "application/json")
            }
            XCTAssertEqual(answer.status, .unprocessableEntity, database.rawValue)
            let errors = answer.jsonObject["errors"] as? [[String: String]]
            XCTAssertEqual(errors?.first?["field"], "body")
            XCTAssertEqual(errors?.first?["message"], "The body nests arrays or objects more than 8 deep")
            let health = try await server.client().get("/health")
            XCTAssertEqual(health.status, .ok)
        }
    }

    // MARK: 4. X-Forwarded-For

    func testTheClientCannotChooseItsForwardedAddress() async throws {
        try await withServer(settings: { $0.trustForwardedFor = true }) { server, _, database in
            // Each attempt names a new address of its own on the left; the proxy's entry is the same.
            for attempt in 1...20 {
                let browser = server.client()
                let page = try await browser.get("/sign-in")
                let headers: HTTPHeaders = ["X-Forwarded-For": "198.51.100.\(attempt), 203.0.113.7"]
                let body = "email=nobody\(attempt)%40test.example&password=wrong-wrong-wrong&_csrf=" + QueryText.encode(page.csrfToken ?? "")
                try await browser.request(.POST, "/sign-in", headers: headers, body: body, contentType: "application/x-www-form-urlencoded")
            }
            let browser = server.client()
            let page = try await browser.get("/sign-in")
            let body = "email=admin%40test.example&password=\(QueryText.encode(World.password))&_csrf=" + QueryText.encode(page.csrfToken ?? "")
            let blocked = try await browser.request(.POST, "/sign-in", headers: ["X-Forwarded-For": "192.0.2.99, 203.0.113.7"],
                                                    body: body, contentType: "application/x-www-form-urlencoded")
            XCTAssertEqual(blocked.status, .tooManyRequests, "[\(database)] the address the proxy saw is throttled")
        }
        XCTAssertEqual(forwardedClient(["1.1.1.1, 2.2.2.2"], proxies: 1), "2.2.2.2")
        XCTAssertEqual(forwardedClient(["1.1.1.1, 2.2.2.2", "3.3.3.3"], proxies: 2), "2.2.2.2")
        XCTAssertEqual(forwardedClient(["9.9.9.9"], proxies: 2), "9.9.9.9")
        XCTAssertNil(forwardedClient([], proxies: 1))
        XCTAssertNil(forwardedClient(["1.1.1.1, "], proxies: 1))
    }

    // MARK: 5 and 9. Sign-in CSRF, cookie prefixes, HSTS, no-store

    func testTheSignInFormRefusesAnEmptyTokenPair() async throws {
        try await withServer { server, _, database in
            let browser = server.client()
            browser.cookies["waymark_signin"] = ""
            let forged = try await browser.post("/sign-in", [("email", "member-lead@test.example"), ("password", World.password)],
                                                csrf: "")
            XCTAssertEqual(forged.status, .forbidden, database.rawValue)
            XCTAssertNil(forged.headers[.setCookie].first { $0.hasPrefix("waymark_session=") })
        }
    }

    func testOverHTTPSCookiesAreHostPrefixedAndHSTSIsSent() async throws {
        try await withServer(settings: { $0.secureCookies = true }) { server, _, database in
            let browser = server.client()
            let page = try await browser.get("/sign-in")
            let signInCookie = try XCTUnwrap(page.headers[.setCookie].first { $0.hasPrefix("__Host-waymark_signin=") }, database.rawValue)
            XCTAssertTrue(signInCookie.contains("Secure") && signInCookie.contains("Path=/;") && !signInCookie.contains("Domain"), signInCookie)
            XCTAssertEqual(page.headers.first(name: .strictTransportSecurity), "max-age=63072000; includeSubDomains")
            let signedIn = try await browser.post("/sign-in", [("email", "member-lead@test.example"), ("password", World.password)],
                                                  csrf: page.csrfToken)
            XCTAssertEqual(signedIn.status, .seeOther)
            let session = try XCTUnwrap(signedIn.headers[.setCookie].first { $0.hasPrefix("__Host-waymark_session=") })
            XCTAssertTrue(session.contains("Secure") && session.contains("Path=/") && session.contains("HttpOnly"), session)
            let answer1 = try await browser.get("/portfolio")
            XCTAssertEqual(answer1.status, .ok)
            let portfolio = try await browser.get("/portfolio")
            let out = try await browser.post("/sign-out", [], csrf: portfolio.csrfToken)
            let cleared = try XCTUnwrap(out.headers[.setCookie].first { $0.hasPrefix("__Host-waymark_session=") })
            XCTAssertTrue(cleared.contains("Secure") && cleared.contains("Max-Age=0"), "a browser accepts the deletion only with Secure")
        }
        try await withServer { server, _, _ in
            let page = try await server.client().get("/sign-in")
            XCTAssertNil(page.headers.first(name: .strictTransportSecurity), "no HSTS over plain HTTP")
            let problem = try await server.client().get("/api/v1/projects")
            XCTAssertEqual(problem.status, .unauthorized)
            XCTAssertEqual(problem.headers.first(name: .cacheControl), "no-store")
        }
    }

    // MARK: 6. Control characters in text

    func testControlCharactersInTextAreRefusedNotCut() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let stage = try await server.app.store.stages()[0].id.uuidString
            let before = try await api.get("/api/v1/projects")
            let refused = try await api.json(.POST, "/api/v1/projects", [
                "title": "T1 \u{0} hidden", "summary": "Fine\r\nacross lines\twith a tab", "objectives": "bell \u{7}",
                "leadOrganisationId": world.lead.id.uuidString, "methodology": "project", "stageId": stage, "visibility": "system",
            ])
            XCTAssertEqual(refused.status, .unprocessableEntity, database.rawValue)
            let errors = refused.jsonObject["errors"] as? [[String: String]] ?? []
            XCTAssertEqual(errors.map { $0["field"] }, ["title", "objectives"])
            XCTAssertEqual(errors.first?["message"], "Title contains a line break or control character (U+0000), which cannot be saved: remove it")
            let after = try await api.get("/api/v1/projects")
            XCTAssertEqual(after.jsonObject["total"] as? Int, before.jsonObject["total"] as? Int)

            // The form says so too, and keeps what was typed.
            let browser = server.client()
            try await browser.signIn("member-lead@test.example")
            let form = try await browser.submit(from: "/projects/new", to: "/projects", [
                ("title", "Form \u{1B}[31m title"), ("leadOrganisationId", world.lead.id.uuidString), ("methodology", "project"),
                ("stageId", stage), ("visibility", "system"), ("status", "active"),
            ])
            XCTAssertEqual(form.status, .unprocessableEntity)
            XCTAssertTrue(form.body.contains("There is a problem"))
            XCTAssertTrue(form.body.contains("Title contains a line break or control character (U+001B)"))
        }
    }

    // MARK: 7. bcrypt's 72 bytes

    func testPasswordsLongerThanBcryptReadsAreRefused() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            func create(_ email: String, _ password: String) async throws -> TestResponse {
                try await api.json(.POST, "/api/v1/people", ["name": "Long Password", "email": email, "role": "member",
                                                             "organisationId": world.lead.id.uuidString, "password": password])
            }
            let tooLong = try await create("long@test.example", String(repeating: "a", count: 72) + "b")
            XCTAssertEqual(tooLong.status, .unprocessableEntity, database.rawValue)
            XCTAssertTrue(tooLong.body.contains("72 bytes or fewer"), tooLong.body)
            // 36 two-byte letters are 72 bytes and fit; one more does not.
            let answer2 = try await create("accents@test.example", String(repeating: "\u{E9}", count: 37))
            XCTAssertEqual(answer2.status, .unprocessableEntity)
            let fits = try await create("fits@test.example", String(repeating: "\u{E9}", count: 36))
            XCTAssertEqual(fits.status, .created, fits.body)
            let signedIn = try await server.client().signIn("fits@test.example", password: String(repeating: "\u{E9}", count: 36))
            XCTAssertEqual(signedIn.status, .seeOther)
        }
    }

    // MARK: 8. A password set by an administrator ends API tokens

    func testAnAdministratorsPasswordResetEndsTheTokens() async throws {
        try await withServer { server, world, database in
            let member = server.client()
            member.bearer = try await apiToken(server, "member-lead@test.example")
            let answer3 = try await member.get("/api/v1/me")
            XCTAssertEqual(answer3.status, .ok, database.rawValue)

            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let person = world.person("member-lead")
            let path = "/people/\(person.id.uuidString.lowercased())/edit"
            let form = try await admin.get(path)
            XCTAssertTrue(form.body.contains("revokes their API tokens"), "the form says what a new password does")
            let saved = try await admin.submit(from: path, to: path, [
                ("name", person.name), ("email", person.email), ("role", person.role.rawValue),
                ("organisationId", person.organisationID.uuidString), ("password", "a brand new password"),
                ("version", String(person.version)),
            ])
            XCTAssertEqual(saved.status, .seeOther, saved.body)
            let answer4 = try await member.get("/api/v1/me")
            XCTAssertEqual(answer4.status, .unauthorized)
        }
    }

    // MARK: 10. Sessions: an absolute lifetime, and idle times under an hour

    func testASessionEndsAtItsLongestLifeHoweverMuchItIsUsed() async throws {
        let clock = TestClock()
        try await withServer(clock: clock, settings: { $0.sessionMaximumLifetime = 2 * 24 * 3600 }) { server, _, database in
            let browser = server.client()
            try await browser.signIn("member-lead@test.example")
            // Used every 11 hours, it never goes idle for the 12 hours that end it...
            for _ in 1...4 {
                clock.advance(by: 11 * 3600)
                let answer5 = try await browser.get("/portfolio")
                XCTAssertEqual(answer5.status, .ok, database.rawValue)
            }
            // ...but two days after signing in it ends all the same.
            clock.advance(by: 5 * 3600)
            let answer6 = try await browser.get("/portfolio")
            XCTAssertEqual(answer6.status, .seeOther)
        }
    }

    func testAnIdleTimeUnderAnHourSlides() async throws {
        let clock = TestClock()
        try await withServer(clock: clock, settings: { $0.sessionLifetime = 1800 }) { server, _, database in
            let browser = server.client()
            try await browser.signIn("member-lead@test.example")
            for _ in 1...4 {
                clock.advance(by: 20 * 60)
                let answer7 = try await browser.get("/portfolio")
                XCTAssertEqual(answer7.status, .ok, "[\(database)] used every 20 minutes")
            }
            clock.advance(by: 31 * 60)
            let answer8 = try await browser.get("/portfolio")
            XCTAssertEqual(answer8.status, .seeOther, "31 minutes unused")
        }
    }

    // MARK: 12. Deactivated people

    func testDeactivatedPeopleAreSeenOnlyByThoseWhoManageThem() async throws {
        try await withServer { server, world, database in
            let leaver = world.person("viewer-lead")
            let admin = server.client()
            admin.bearer = try await apiToken(server, "admin@test.example")
            let done = try await admin.json(.PATCH, "/api/v1/people/\(leaver.id.uuidString.lowercased())",
                                            ["active": false, "version": leaver.version])
            XCTAssertEqual(done.status, .ok, "[\(database)] \(done.body)")
            let path = "/api/v1/people/\(leaver.id.uuidString.lowercased())"
            for (email, seen) in [("admin@test.example", true), ("orgadmin-lead@test.example", true),
                                  ("orgadmin-other@test.example", false), ("member-lead@test.example", false),
                                  ("portfolio@test.example", false)] {
                let client = server.client()
                client.bearer = try await apiToken(server, email)
                let answer9 = try await client.get(path)
                XCTAssertEqual(answer9.status, seen ? .ok : .notFound, email)
                let list = try await client.get("/api/v1/people?include_inactive=true&per_page=100")
                let ids = (list.jsonObject["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                XCTAssertEqual(ids.contains(leaver.id.uuidString.lowercased()) || ids.contains(leaver.id.uuidString), seen, email)
                let browser = server.client()
                try await browser.signIn(email)
                let answer10 = try await browser.get("/people/\(leaver.id.uuidString.lowercased())")
                XCTAssertEqual(answer10.status, seen ? .ok : .notFound, email)
            }
        }
    }

    // MARK: 13. A request that never finishes

    func testAConnectionThatGoesSilentIsClosed() async throws {
        try await withServer(settings: { $0.idleTimeout = 1 }) { server, _, database in
            let port = server.port
            // Half a request, then silence. The harness gives the server 10 s to hang up.
            let closed = try await Task.detached { try RawConnection.sendAndWaitForClose(port: port, text: "GET /health HTTP/1.1\r\nHost: x\r\n", seconds: 10) }.value
            XCTAssertTrue(closed, "[\(database)] the server closed the half-finished request")
        }
    }
}

/// Runs `body`, failing if it has not finished within `seconds` (a bound on the test, not a timing).
func within<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw TestSetupError("did not finish within \(seconds) s")
        }
        group.cancelAll()
        return value
    }
}

/// A plain TCP connection, for requests no HTTP client would send.
enum RawConnection {
    /// Sends `text`, then waits up to `seconds` for the server to close; true when it did.
    static func sendAndWaitForClose(port: Int, text: String, seconds: Int) throws -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestSetupError("no socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestSetupError("could not connect") }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = text.withCString { send(socket, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let read = recv(socket, &buffer, buffer.count, 0)
            if read == 0 { return true }        // closed by the server
            if read < 0 { return errno == ECONNRESET }  // a timeout (EAGAIN) means it stayed open
        }
    }
}
