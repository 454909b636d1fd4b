import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The API's document says exactly what the server enforces: the places a deeper schemathesis
/// run found them apart, each checked against the running server.
final class DocumentAgreementTests: XCTestCase {
    func testTextPatternsAndValidationAgreeOnEveryString() throws {
        let title = OpenAPIDocument.textPattern(required: true)
        let summary = OpenAPIDocument.textPattern(multiline: true)
        let alphabet: [Character] = ["a", "é", " ", "\u{A0}", "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{AD}", "\t", "\n", "\r",
                                     "\u{0}", "\u{7}", "\u{1B}", "\u{80}", "\u{85}", "\u{2028}", "\u{3000}", "😀", "\u{E0001}"]
        var random = SeededGenerator(seed: 16)
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...5, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            var single = FieldErrors()
            _ = single.text(text, "title", "Title", limit: 200, blank: "Enter a project title")
            XCTAssertEqual(Self.matches(title, text), single.isEmpty, "title \(text.unicodeScalars.map { String($0.value, radix: 16) })")
            var multi = FieldErrors()
            _ = multi.text(text, "summary", "Summary", limit: 10_000, multiline: true)
            XCTAssertEqual(Self.matches(summary, text), multi.isEmpty, "summary \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    func testTheServerTakesWhatTheDocumentSays() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let document = try await api.get("/api/v1/openapi.json").jsonObject
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]

            // An empty search is no search, on projects as on people.
            let all = try await api.get("/api/v1/projects")
            let emptySearch = try await api.get("/api/v1/projects?q=")
            XCTAssertEqual(emptySearch.status, .ok, "[\(database)] \(emptySearch.body)")
            XCTAssertEqual(emptySearch.jsonObject["total"] as? Int, all.jsonObject["total"] as? Int)

            // The ODS code's shape is stated for updates as for creation.
            let update = schemas["OrganisationUpdate"] as? [String: Any]
            XCTAssertNotNil(update?["allOf"], "OrganisationUpdate carries the ODS rule")
            let renamed = try await api.json(.PATCH, "/api/v1/organisations/\(world.lead.id.lowercasedText)",
                                             ["code": "1AB", "codeKind": "ods", "version": world.lead.version])
            XCTAssertEqual(renamed.status, .unprocessableEntity)

            // Dates: the document states the years the server takes.
            let project = (schemas["ProjectCreate"] as? [String: Any])?["properties"] as? [String: Any]
            let startDate = try XCTUnwrap((project?["startDate"] as? [String: Any])?["pattern"] as? String)
            XCTAssertFalse(Self.matches(startDate, "1899-12-31"))
            XCTAssertTrue(Self.matches(startDate, "2200-12-31"))
            XCTAssertFalse(Self.matches(startDate, "2200-12-31\n"), "no engine may take a trailing line break")
            // An id's shape is a pattern, not only a format (which generators may ignore): "" is no id.
            let programme = try XCTUnwrap((project?["programmeId"] as? [String: Any])?["pattern"] as? String)
            XCTAssertFalse(Self.matches(programme, ""))
            XCTAssertTrue(Self.matches(programme, world.lead.id.uuidString))
            XCTAssertTrue(Self.matches(programme, world.lead.id.lowercasedText))

            let stage = try await server.app.store.stages()[0].id.lowercasedText
            func create(_ extra: [String: Any]) async throws -> TestResponse {
                try await api.json(.POST, "/api/v1/projects", [
                    "title": "Agreement", "leadOrganisationId": world.lead.id.lowercasedText, "methodology": "project",
                    "stageId": stage, "visibility": "system",
                ].merging(extra) { _, new in new })
            }
            func field(_ answer: TestResponse) -> String? { (answer.jsonObject["errors"] as? [[String: String]])?.first?["field"] }
            // A title of invisible characters is blank to both.
            let invisible = try await create(["title": "\u{200B}\u{FEFF}"])
            XCTAssertEqual(invisible.status, .unprocessableEntity)
            XCTAssertEqual(field(invisible), "title")
            // Lengths count what was sent, not what is left after trimming.
            let padded = try await create(["summary": "a" + String(repeating: " ", count: ProjectFields.textLimit)])
            XCTAssertEqual(padded.status, .unprocessableEntity)
            XCTAssertEqual(field(padded), "summary")
            // "" is not null: dates and the programme are cleared with null.
            for key in ["startDate", "endDate", "programmeId"] {
                let empty = try await create([key: ""])
                XCTAssertEqual(empty.status, .unprocessableEntity, key)
                XCTAssertEqual(field(empty), key)
                let null = try await create([key: NSNull()])
                XCTAssertEqual(null.status, .created, "\(key): \(null.body)")
            }
            // A tag longer than the document allows is refused, not trimmed to fit.
            let longTag = try await create(["tags": [String(repeating: "t", count: 40) + " "]])
            XCTAssertEqual(longTag.status, .unprocessableEntity)

            // Each field error says whether the document could have stated it.
            func kinds(_ answer: TestResponse) -> [String: String] {
                Dictionary((answer.jsonObject["errors"] as? [[String: String]] ?? []).map { ($0["field"]!, $0["kind"]!) },
                           uniquingKeysWith: { first, _ in first })
            }
            let mixed = try await create(["title": "  ", "stageId": UUID().uuidString, "startDate": "2026-05-01",
                                          "endDate": "2026-04-01", "themeIds": [UUID().uuidString]])
            XCTAssertEqual(kinds(mixed), ["title": "invalid", "stageId": "reference", "endDate": "rule", "themeIds": "reference"])
            let taken = try await api.json(.POST, "/api/v1/people", ["name": "Twin", "email": "admin@test.example", "role": "member",
                                                                     "organisationId": world.lead.id.lowercasedText,
                                                                     "password": "a long enough password"])
            XCTAssertEqual(kinds(taken), ["email": "taken"])
            let problem = (schemas["Problem"] as? [String: Any])?["properties"] as? [String: Any]
            let errorItem = ((problem?["errors"] as? [String: Any])?["items"] as? [String: Any])?["properties"] as? [String: Any]
            XCTAssertEqual((errorItem?["kind"] as? [String: Any])?["enum"] as? [String], ["invalid", "reference", "taken", "rule"])
        }
    }

    func testEveryRouteIsDocumentedAndEveryOperationExists() async throws {
        try await withServer { server, _, _ in
            let document = try await server.client().get("/api/v1/openapi.json").jsonObject
            let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert(method.uppercased() + " /api/v1" + path)
                }
            }
            // Routes as registered, their parameters written as the document writes them.
            let served = Set(server.app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component in
                    switch component {
                    case .parameter(let name): "{\(name)}"
                    default: component.description
                    }
                }.joined(separator: "/")
                guard path.hasPrefix("/api/v1/"), path != "/api/v1/openapi.json", route.method != .HEAD else { return nil }
                return route.method.rawValue + " " + path
            })
            XCTAssertEqual(served.subtracting(documented).sorted(), [], "routes the document does not describe")
            XCTAssertEqual(documented.subtracting(served).sorted(), [], "documented operations no route serves")
            XCTAssertEqual(served.count, 179)
        }
    }

    /// Whether `pattern` (a JSON Schema pattern, searched as ECMAScript does) matches `text`.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        XCTAssertFalse(pattern.hasSuffix("$"), "a pattern ends with $, which engines read differently: \(pattern)")
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// A problem's `type` is a page Waymark serves that explains it (issue 14), for every status the
/// document says an operation may answer with a problem.
final class ProblemTypeTests: XCTestCase {
    func testEveryProblemTypeIsAPageThatExplainsIt() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let document = try await api.get("/api/v1/openapi.json").jsonObject
            var statuses = Set<Int>()
            for case let item as [String: Any] in (document["paths"] as? [String: Any] ?? [:]).values {
                for case let operation as [String: Any] in item.values {
                    for case let (code, response as [String: Any]) in operation["responses"] as? [String: Any] ?? [:] {
                        let content = response["content"] as? [String: Any] ?? [:]
                        if content["application/problem+json"] != nil, let status = Int(code) { statuses.insert(status) }
                    }
                }
            }
            XCTAssertTrue(statuses.isSuperset(of: [401, 404, 409, 412, 422]), "[\(database)] \(statuses.sorted())")
            let anonymous = server.client()
            for status in statuses.sorted() {
                XCTAssertNotNil(ProblemType.byCode[status], "[\(database)] \(status) has no page")
                let page = try await anonymous.get("/problems/\(status)")
                XCTAssertEqual(page.status, .ok, "[\(database)] \(status): no sign-in needed to read what a problem means")
                XCTAssertTrue(page.body.contains("What it means") && page.body.contains("What to do"), "[\(database)] \(status)")
            }
            let invalid = try await api.get("/api/v1/projects?status=paused")
            XCTAssertEqual(invalid.jsonObject["type"] as? String, "/problems/422", "[\(database)]")
            let missing = try await api.get("/api/v1/projects/\(UUID().uuidString)")
            XCTAssertEqual(missing.jsonObject["type"] as? String, "/problems/404", "[\(database)]")
            XCTAssertFalse(missing.body.contains("waymark.example"), "[\(database)] no made-up domain")
            let unknown = try await anonymous.get("/problems/418")
            XCTAssertEqual(unknown.status, .notFound, "[\(database)]")
            XCTAssertEqual(ProblemType.uri(for: .badGateway), "about:blank", "a status without a page of its own")
            let index = try await anonymous.get("/problems")
            XCTAssertTrue(index.body.contains("href=\"/problems/422\""), "[\(database)]")
        }
    }
}
