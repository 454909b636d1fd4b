import Foundation
import Vapor
import WaymarkWeb

/// A response as a test reads it.
public struct TestResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: String
    /// The body as sent, for files that are not text (a workbook).
    public var data = Data()

    public func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.utf8))
    }

    public var jsonObject: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    /// The value of the last hidden `_csrf` field on the page.
    public var csrfToken: String? {
        guard let range = body.range(of: "name=\"_csrf\" value=\"", options: .backwards) else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }

    public var location: String? { headers.first(name: .location) }
}

/// Starts the application's real HTTP server on a free port and talks to it like a browser
/// (cookies kept, redirects not followed) or like an API client.
public final class TestServer: Sendable {
    public let app: Application
    public let port: Int

    public init(_ app: Application) async throws {
        app.http.client.configuration.redirectConfiguration = .disallow
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw TestSetupError("server has no port") }
        self.app = app
        self.port = port
    }

    public func stop() async { await app.server.shutdown() }

    public var base: String { "http://127.0.0.1:\(port)" }

    public func client() -> TestClient { TestClient(server: self) }
}

public final class TestClient: @unchecked Sendable {
    // Used from one test task at a time; the cookie jar is not shared between tasks.
    let server: TestServer
    public var cookies: [String: String] = [:]
    public var bearer: String?

    init(server: TestServer) { self.server = server }

    @discardableResult
    public func request(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:],
                        body: String? = nil, contentType: String? = nil) async throws -> TestResponse {
        var headers = extra
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let bearer { headers.replaceOrAdd(name: .authorization, value: "Bearer \(bearer)") }
        if let contentType { headers.replaceOrAdd(name: .contentType, value: contentType) }
        let response = try await server.app.client.send(method, headers: headers, to: URI(string: server.base + path)) { request in
            if let body { request.body = ByteBuffer(string: body) }
        }
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            let expired = header.lowercased().contains("max-age=0")
            if expired || pair[1].isEmpty { cookies[name] = nil } else { cookies[name] = String(pair[1]) }
        }
        let text = response.body.map { String(buffer: $0) } ?? ""
        let data = response.body.map { Data(buffer: $0) } ?? Data()
        return TestResponse(status: response.status, headers: response.headers, body: text, data: data)
    }

    @discardableResult
    public func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestResponse {
        try await request(.GET, path, headers: headers)
    }

    /// Submits a form like a browser: URL-encoded, with the CSRF token of `csrfFrom` (or of a page
    /// fetched from `page`) unless `csrf` says otherwise.
    @discardableResult
    public func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> TestResponse {
        var pairs = fields
        if let csrf { pairs.append(("_csrf", csrf)) }
        let body = pairs.map { "\(QueryText.encode($0.0))=\(QueryText.encode($0.1))" }.joined(separator: "&")
        return try await request(.POST, path, body: body, contentType: "application/x-www-form-urlencoded")
    }

    /// Loads `page`, then submits its form to `path` with the page's CSRF token.
    @discardableResult
    public func submit(from page: String, to path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let form = try await get(page)
        return try await post(path, fields, csrf: form.csrfToken)
    }

    /// Signs in through the sign-in form.
    @discardableResult
    public func signIn(_ email: String, password: String = World.password) async throws -> TestResponse {
        try await submit(from: "/sign-in", to: "/sign-in", [("email", email), ("password", password)])
    }

    @discardableResult
    public func json(_ method: HTTPMethod, _ path: String, _ object: [String: Any]? = nil,
                     headers: HTTPHeaders = [:]) async throws -> TestResponse {
        let body = try object.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        return try await request(method, path, headers: headers, body: body, contentType: body == nil ? nil : "application/json")
    }
}

/// Runs `body` with a started server on every available database and a fixture world.
public func withServer(file: StaticString = #filePath, line: UInt = #line, clock: TestClock = TestClock(),
                       settings adjust: (inout WaymarkSettings) -> Void = { _ in },
                       _ body: (TestServer, World, TestDatabase) async throws -> Void) async throws {
    for database in try TestDatabase.available() {
        do {
            try await withTestApp(database, clock: clock, settings: adjust) { app in
                let world = try await World.build(app.store)
                let server = try await TestServer(app)
                do {
                    try await body(server, world, database)
                } catch {
                    await server.stop()
                    throw error
                }
                await server.stop()
            }
        } catch {
            throw TestSetupError("[\(database.rawValue)] \(error)")
        }
    }
}
