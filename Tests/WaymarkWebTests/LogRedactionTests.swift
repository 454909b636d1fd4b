import Foundation
import Vapor
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Finding 11: what `--log trace` writes. The real executable serves a sign-in, a page and an API
/// call at the most talkative level, and its whole output is searched for every secret involved.
final class LogRedactionTests: XCTestCase {
    func testTheLogNeverHoldsASecretEvenAtTrace() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("waymark")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestSetupError("build the executable first (swift build --build-tests builds it beside the tests): \(binary.path)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("waymark-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = "sqlite://" + folder.appendingPathComponent("log.sqlite").path
        let password = "a secret password 7Q"

        _ = try run(binary, ["user", "create", "--email", "logs@test.example", "--name", "Log Reader", "--role", "admin",
                             "--organisation", "RXX", "--organisation-name", "Log Trust", "--password", password,
                             "--database", database, "--log", "warning"])
        let apiToken = try run(binary, ["token", "create", "--email", "logs@test.example", "--database", database, "--log", "warning"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(apiToken.hasPrefix("wmk_"))

        let port = try freePort()
        let output = folder.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let server = Process()
        server.executableURL = binary
        server.arguments = ["serve", "--database", database, "--port", String(port), "--log", "trace"]
        let handle = try FileHandle(forWritingTo: output)
        server.standardOutput = handle
        server.standardError = handle
        try server.run()
        defer { if server.isRunning { server.terminate() } }

        let app = try await Application.make(.testing)
        app.http.client.configuration.redirectConfiguration = .disallow
        let secrets: Secrets
        do {
            secrets = try await exercise(app.client, base: "http://127.0.0.1:\(port)", password: password, apiToken: apiToken)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()

        server.terminate()
        server.waitUntilExit()
        try handle.close()
        let log = try String(contentsOf: output, encoding: .utf8)
        // The test can fail: the log really is at trace, with requests and statements in it.
        XCTAssertTrue(log.contains("Decoded HTTP part"), "trace logging is on")
        XCTAssertTrue(log.contains("Executing query") || log.contains("SELECT"), "statements are logged")
        for (what, secret) in [("the password", password), ("the password as sent", password.replacingOccurrences(of: " ", with: "+")),
                               ("the session id", secrets.session), ("the session's hash", SecretTokens.hash(secrets.session)),
                               ("the sign-in token", secrets.signInToken), ("the CSRF token", secrets.csrf), ("the API token", apiToken),
                               ("the API token's hash", SecretTokens.hash(apiToken)), ("a bcrypt hash", "$2b$12$")] {
            XCTAssertFalse(log.contains(secret), "the log holds \(what)")
        }
        XCTAssertTrue(log.contains(RedactingLogHandler.redacted), "what was removed is marked")
    }

    func testTheRedactorRemovesSecretsByShapeAndByName() {
        let token = "wmk_" + String(repeating: "A", count: 43)
        let text = #"head(HTTPRequestHead { headers: [("Cookie", "waymark_session=abc"), ("Host", "x"), ("authorization", "Bearer \#(token)")] })"#
        let redacted = RedactingLogHandler.redact(text)
        XCTAssertEqual(redacted, #"head(HTTPRequestHead { headers: [("Cookie", "[redacted]"), ("Host", "x"), ("authorization", "[redacted]")] })"#)
        XCTAssertEqual(RedactingLogHandler.redact("token \(token) end"), "token [redacted] end")
        XCTAssertEqual(RedactingLogHandler.redact("a project titled Thirty-one characters long here"),
                       "a project titled Thirty-one characters long here")
        let metadata = RedactingLogHandler.redact(["sql": "SELECT 1", "binds": .array(["secret"]), "user": "\(String(repeating: "f", count: 64))"])
        XCTAssertEqual(metadata["sql"], "SELECT 1")
        XCTAssertEqual(metadata["binds"], "[redacted]")
        XCTAssertEqual(metadata["user"], "[redacted]")
    }

    struct Secrets {
        var session: String
        var signInToken: String
        var csrf: String
    }

    /// Signs in through the form, reads a page with the session, calls the API with the token
    /// and sends a change with the CSRF header: every secret passes through the server.
    private func exercise(_ client: any Client, base: String, password: String, apiToken: String) async throws -> Secrets {
        var ready = false
        for _ in 0..<200 where !ready {
            ready = (try? await client.get(URI(string: base + "/ready")).status) == .ok
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        XCTAssertTrue(ready, "the server started")

        // Sign in through the form, read a page with the session, call the API with the token.
        let form = try await client.get(URI(string: base + "/sign-in"))
        let signInCookie = try XCTUnwrap(form.headers.setCookie?["waymark_signin"]?.string)
        let body = "email=logs%40test.example&password=\(password.replacingOccurrences(of: " ", with: "+"))&_csrf=\(signInCookie)"
        let signedIn = try await client.post(URI(string: base + "/sign-in"), headers: [
            "Cookie": "waymark_signin=\(signInCookie)", "Content-Type": "application/x-www-form-urlencoded",
        ]) { $0.body = ByteBuffer(string: body) }
        XCTAssertEqual(signedIn.status, .seeOther)
        let session = try XCTUnwrap(signedIn.headers.setCookie?["waymark_session"]?.string)
        let page = try await client.get(URI(string: base + "/portfolio"), headers: ["Cookie": "waymark_session=\(session)"])
        XCTAssertEqual(page.status, .ok)
        let pageText = page.body.map { String(buffer: $0) } ?? ""
        let csrf = try XCTUnwrap(pageText.range(of: "name=\"_csrf\" value=\"").map { String(pageText[$0.upperBound...].prefix { $0 != "\"" }) })
        let api = try await client.get(URI(string: base + "/api/v1/me"), headers: ["Authorization": "Bearer \(apiToken)"])
        XCTAssertEqual(api.status, .ok)
        let write = try await client.patch(URI(string: base + "/api/v1/me"), headers: [
            "Cookie": "waymark_session=\(session)", "X-CSRF-Token": csrf,
        ])
        XCTAssertNotEqual(write.status, .internalServerError)
        return Secrets(session: session, signInToken: signInCookie, csrf: csrf)
    }

    /// A port nothing listens on: the system's pick for a socket bound to port 0.
    private func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw TestSetupError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func run(_ binary: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw TestSetupError("waymark \(arguments.joined(separator: " ")): \(text)") }
        return text
    }
}
