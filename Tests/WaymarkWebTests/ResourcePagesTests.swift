import Foundation
import SQLKit
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The resource library on both databases: the starter set every system ships, Markdown shown
/// safely, uploads (checked by name and content, at most 5 MB) downloaded as attachments, each
/// stage linking its resources, the portfolio office keeping it, and the API.
final class ResourcePagesTests: XCTestCase {
    /// A multipart form as a browser sends one: its fields, then a file.
    func multipart(_ fields: [(String, String)], file: (name: String, content: String)?) -> (body: String, type: String) {
        let boundary = "----waymark\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        if let file {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\(file.content)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    func testTheStarterSetCoversEveryStageAndEachStageLinksIts() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let resources = try await store.resources()
            XCTAssertGreaterThanOrEqual(resources.filter { $0.fields.kind == .template }.count, 6, "[\(database)]")
            let stages = try await store.referenceData().stages
            for stage in stages {
                XCTAssertTrue(resources.contains { $0.fields.kind == .guide && $0.fields.stageIDs.contains(stage.id) }, "[\(database)] a guide for \(stage.name)")
            }
            for title in ["Project initiation document (PID) template", "Highlight report template", "Benefit profile template",
                          "Lessons review template", "Gate review checklist", "Risk register template"] {
                XCTAssertTrue(resources.contains { $0.fields.title == title }, "[\(database)] \(title)")
            }
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let project = world.projects[.system]!
            let page = try await member.get("/projects/\(project.id.lowercasedText)")
            XCTAssertTrue(page.body.contains("Guides and templates for idea / mandate"), "[\(database)]")
            let guide = try XCTUnwrap(resources.first { $0.fields.title == "Guide: idea or mandate" })
            XCTAssertTrue(page.body.contains("href=\"/resources/\(guide.id.lowercasedText)\""), "[\(database)]")
            let shown = try await member.get("/resources/\(guide.id.lowercasedText)")
            XCTAssertTrue(shown.body.contains("<div class=\"wm-markdown\"><h2>Idea or mandate</h2>"), "[\(database)] Markdown, under the page's heading")
            let library = try await member.get("/resources?kind=template")
            XCTAssertTrue(library.body.contains("Highlight report template"), "[\(database)]")
            XCTAssertFalse(library.body.contains("Guide: delivery"), "[\(database)]")
            XCTAssertFalse(library.body.contains("Add a resource"), "[\(database)]")
            let found = try await member.get("/search?q=retrospect&kind=resource")
            XCTAssertTrue(found.body.contains("Lessons review template"), "[\(database)] one search finds resources")
            let worded = try await member.get("/resources?q=retrospect+template")
            XCTAssertTrue(worded.body.contains("Lessons review template"), "[\(database)] every word, in any of its texts")
            XCTAssertFalse(worded.body.contains("Highlight report template"), "[\(database)]")

            // The library is held in memory; a change made at a SQL prompt (to a resource or to the
            // stages it serves) reaches the library and the project pages at once.
            try await store.run("UPDATE resources SET title = 'Guide: idea, reworded at a prompt' WHERE id = \(bind: guide.id)")
            let renamed = try await member.get("/resources")
            XCTAssertTrue(renamed.body.contains("Guide: idea, reworded at a prompt"), "[\(database)]")
            try await store.run("DELETE FROM resource_stages WHERE resource_id = \(bind: guide.id)")
            let unlinked = try await member.get("/projects/\(project.id.lowercasedText)")
            XCTAssertFalse(unlinked.body.contains("href=\"/resources/\(guide.id.lowercasedText)\""), "[\(database)]")
        }
    }

    /// A region's library serves each stage with two hundred resources: a project page links a
    /// few, guides before templates before the rest, and the library with all of them.
    func testAProjectPageLinksAFewOfItsStagesResourcesAndTheLibraryTheRest() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let stage = project.fields.stageID
            let starter = try await store.resources(ResourceQuery(stageID: stage))
            // Case studies and templates sort before "Guide: ..." by title; guides still come first.
            for (kind, count) in [(ResourceKind.caseStudy, 4), (.template, 5), (.guide, 4)] {
                for number in 1...count {
                    _ = try await store.createResource(
                        ResourceFields(title: "A \(kind.label.lowercased()) \(number)", kind: kind, body: "For the stage", stageIDs: [stage]),
                        file: nil, by: .system)
                }
            }
            // One for another stage only: neither shown nor counted.
            let other = try await store.referenceData().stages.first { $0.id != stage }!
            _ = try await store.createResource(ResourceFields(title: "A guide elsewhere", kind: .guide, stageIDs: [other.id]), file: nil, by: .system)
            let serving = try await store.resources(ResourceQuery(stageID: stage))
            XCTAssertEqual(serving.count, starter.count + 13, "[\(database)]")
            XCTAssertEqual(serving.map(\.fields.title), serving.map(\.fields.title).sorted { $0.lowercased() < $1.lowercased() },
                           "[\(database)] by title")

            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let page = try await member.get("/projects/\(project.id.lowercasedText)")
            let section = try XCTUnwrap(page.body.components(separatedBy: "id=\"stage-resources\"").dropFirst().first?
                .components(separatedBy: "</ul>").first, "[\(database)]")
            let linked = section.components(separatedBy: "<li>").dropFirst().map { item in
                serving.first { item.contains("href=\"/resources/\($0.id.lowercasedText)\"") }
            }
            XCTAssertEqual(linked.count, 8, "[\(database)] eight of \(serving.count)")
            let guides = serving.filter { $0.fields.kind == .guide }
            let templates = serving.filter { $0.fields.kind == .template }
            let expected = Array((guides + templates + serving.filter { $0.fields.kind != .guide && $0.fields.kind != .template }).prefix(8))
            XCTAssertEqual(linked.map { $0?.id }, expected.map(\.id), "[\(database)] guides, then templates, each by title")
            let all = "/resources?stage=\(stage.lowercasedText)"
            XCTAssertTrue(page.body.contains("href=\"\(all)\">All \(serving.count) resources for "), "[\(database)]")
            let library = try await member.get(all)
            for resource in serving {
                XCTAssertTrue(library.body.contains("href=\"/resources/\(resource.id.lowercasedText)\""), "[\(database)] \(resource.fields.title)")
            }
            XCTAssertFalse(library.body.contains("A guide elsewhere"), "[\(database)]")

            // Unlinked at a SQL prompt: the page counts what is left, and links the library no more
            // once all it has are shown.
            try await store.run("DELETE FROM resource_stages WHERE stage_id = \(bind: stage) AND resource_id NOT IN \(SQLBind.group(expected.map(\.id)))")
            let fewer = try await member.get("/projects/\(project.id.lowercasedText)")
            XCTAssertFalse(fewer.body.contains("resources?stage="), "[\(database)]")
            XCTAssertEqual(fewer.body.components(separatedBy: "id=\"stage-resources\"").dropFirst().first?
                .components(separatedBy: "</ul>").first?.components(separatedBy: "<li>").count, 9, "[\(database)]")
        }
    }

    func testTheOfficeUploadsFilesThatAreWhatTheySay() async throws {
        try await withServer { server, _, database in
            let store = server.app.store
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let form = try await office.get("/resources/new")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            let csrf = try XCTUnwrap(form.csrfToken)
            let before = try await store.resources().count

            // A program renamed as a PDF: refused, named, nothing saved.
            let evil = multipart([("_csrf", csrf), ("title", "Evil"), ("kind", "guide")], file: ("guide.pdf", "\u{7F}ELF\u{2}\u{1}\u{1}\u{0}binary"))
            let refused = try await office.request(.POST, "/resources/new", body: evil.body, contentType: evil.type)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(refused.body.contains("The file must be a PDF, Word, Excel, PowerPoint, CSV or text file, and be what its name says"),
                          "[\(database)]")
            let big = multipart([("_csrf", csrf), ("title", "Big"), ("kind", "guide")],
                                file: ("big.txt", String(repeating: "a", count: ResourceFileType.sizeLimit + 1)))
            let tooBig = try await office.request(.POST, "/resources/new", body: big.body, contentType: big.type)
            XCTAssertEqual(tooBig.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(tooBig.body.contains("The file must be 5 MB or smaller"), "[\(database)]")
            let noToken = multipart([("title", "Forged"), ("kind", "guide"), ("body", "x")], file: nil)
            let forged = try await office.request(.POST, "/resources/new", body: noToken.body, contentType: noToken.type)
            XCTAssertEqual(forged.status, .forbidden, "[\(database)] a multipart form needs the session's token too")
            let unchanged = try await store.resources().count
            XCTAssertEqual(unchanged, before, "[\(database)] nothing saved")

            // A real PDF with a hostile name: kept, downloaded as an attachment that cannot run.
            let stage = try await store.referenceData().stages[4].id
            let good = multipart([("_csrf", csrf), ("title", "Falls huddle guide"), ("kind", "guide"), ("summary", "How to run one."),
                                  ("body", "Read it <script>alert(1)</script> [now](javascript:alert(1))."), ("stageIds", stage.lowercasedText),
                                  ("tags", "falls, huddles")], file: ("../\"huddle\".pdf", "%PDF-1.4\n%fake\n"))
            let created = try await office.request(.POST, "/resources/new", body: good.body, contentType: good.type)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body)")
            let matching = try await store.resources(ResourceQuery(text: "falls huddle"))
            let saved = try XCTUnwrap(matching.first)
            XCTAssertEqual(saved.file, ResourceFile(name: "huddle.pdf", type: .pdf, size: 15), "[\(database)]")
            XCTAssertEqual(saved.fields.stageIDs, [stage], "[\(database)]")
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let page = try await member.get("/resources/\(saved.id.lowercasedText)")
            XCTAssertTrue(page.body.contains("Read it &lt;script&gt;alert(1)&lt;/script&gt;"), "[\(database)] HTML shown as text")
            XCTAssertFalse(page.body.contains("href=\"javascript:"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Download huddle.pdf (PDF, 1 KB)"), "[\(database)]")
            let download = try await member.get("/resources/\(saved.id.lowercasedText)/file")
            XCTAssertEqual(download.status, .ok, "[\(database)]")
            XCTAssertEqual(download.body, "%PDF-1.4\n%fake\n", "[\(database)]")
            XCTAssertEqual(download.headers.first(name: .contentType), "application/pdf", "[\(database)]")
            XCTAssertEqual(download.headers.first(name: .contentDisposition), "attachment; filename=\"huddle.pdf\"; filename*=UTF-8''huddle.pdf",
                           "[\(database)]")
            XCTAssertEqual(download.headers.first(name: "X-Content-Type-Options"), "nosniff", "[\(database)]")
            XCTAssertEqual(download.headers.first(name: "Content-Security-Policy"), "default-src 'none'; sandbox", "[\(database)]")
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let described = try await api.get("/api/v1/resources/\(saved.id.lowercasedText)")
            let file = try XCTUnwrap(described.jsonObject["file"] as? [String: Any], "[\(database)] \(described.body)")
            XCTAssertEqual(file["url"] as? String, "/resources/\(saved.id.lowercasedText)/file", "[\(database)]")
            XCTAssertEqual(file["size"] as? Int, 15, "[\(database)]")
            let anonymous = try await server.client().get("/resources/\(saved.id.lowercasedText)/file")
            XCTAssertEqual(anonymous.status, .seeOther, "[\(database)] signed out: no file")

            let history = try await member.get("/resources/\(saved.id.lowercasedText)/history")
            XCTAssertTrue(history.body.contains("Added resource Falls huddle guide"), "[\(database)]")

            // Removing the file; a stale save refused; the member keeps nothing.
            let edit = try await office.get("/resources/\(saved.id.lowercasedText)/edit")
            let removed = multipart([("_csrf", csrf), ("version", "1"), ("title", "Falls huddle guide"), ("kind", "guide"),
                                     ("body", "Now in Markdown."), ("removeFile", "true")], file: nil)
            let changed = try await office.request(.POST, "/resources/\(saved.id.lowercasedText)/edit", body: removed.body, contentType: removed.type)
            XCTAssertEqual(changed.status, .seeOther, "[\(database)] \(edit.status)")
            let after = try await store.resource(saved.id)
            XCTAssertNil(after?.file, "[\(database)]")
            let stale = try await office.request(.POST, "/resources/\(saved.id.lowercasedText)/edit", body: removed.body, contentType: removed.type)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            let memberForm = try await member.get("/resources/new")
            XCTAssertEqual(memberForm.status, .forbidden, "[\(database)]")
            let memberToken = try XCTUnwrap(page.csrfToken)
            let memberPost = multipart([("_csrf", memberToken), ("title", "Mine"), ("kind", "guide"), ("body", "x")], file: nil)
            let memberRefused = try await member.request(.POST, "/resources/new", body: memberPost.body, contentType: memberPost.type)
            XCTAssertEqual(memberRefused.status, .forbidden, "[\(database)]")
        }
    }

    func testTheAPIKeepsMarkdownAndLinks() async throws {
        try await withServer { server, _, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "portfolio@test.example")
            let link = try await api.json(.POST, "/api/v1/resources", ["title": "Making Data Count", "kind": "external-link",
                                                                        "url": "javascript:alert(1)"])
            XCTAssertEqual(link.status, .unprocessableEntity, "[\(database)]")
            let created = try await api.json(.POST, "/api/v1/resources", ["title": "Making Data Count", "kind": "external-link",
                                                                           "url": "https://www.england.nhs.uk/", "tags": ["spc"]])
            XCTAssertEqual(created.status, .created, "[\(database)] \(created.body)")
            let id = try XCTUnwrap(created.jsonObject["id"] as? String)
            XCTAssertTrue(created.jsonObject["file"] is NSNull, "[\(database)]")
            let changed = try await api.json(.PATCH, "/api/v1/resources/\(id)", ["summary": "NHS England's guidance.", "version": 1])
            XCTAssertEqual(changed.jsonObject["tags"] as? [String], ["spc"], "[\(database)]")
            let listed = try await api.get("/api/v1/resources?kind=external-link")
            XCTAssertEqual(listed.jsonObject["total"] as? Int, 1, "[\(database)]")
            let member = server.client()
            member.bearer = try await apiToken(server, "member-lead@test.example")
            let refused = try await member.request(.DELETE, "/api/v1/resources/\(id)")
            XCTAssertEqual(refused.status, .forbidden, "[\(database)]")
            let deleted = try await api.request(.DELETE, "/api/v1/resources/\(id)", headers: ["If-Match": "\"2\""])
            XCTAssertEqual(deleted.status, .noContent, "[\(database)]")
        }
    }
}
