import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// One search on both databases: it finds projects, lessons, glossary terms, risks, issues and
/// measures by any of their words (as prefixes), marks the matches, follows every change at once,
/// and never returns or counts a record of a project the person may not read.
final class SearchTests: XCTestCase {
    func testSearchFindsEveryKindAndFollowsChanges() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.system]!
            let lesson = try await store.createLesson(projectID: project.id, fields: LessonFields(
                title: "Huddles need a named lead", happened: "The quokka huddle stopped when the nurse left.", outcome: .repeatIt,
                recommendation: "Name the manager as lead.", phase: .after, technique: .retrospect, learnedOn: CalendarDate("2026-05-01")!),
                by: .system)
            let member = server.client()
            try await member.signIn("member-other@test.example")

            let found = try await member.get("/search?q=QUOKKA")
            XCTAssertEqual(found.status, .ok, "[\(database)]")
            XCTAssertTrue(found.body.contains("1 result for ‘QUOKKA’"), "[\(database)]")
            XCTAssertTrue(found.body.contains("href=\"/lessons/\(lesson.id.lowercasedText)\""), "[\(database)]")
            XCTAssertTrue(found.body.contains("<mark class=\"wm-mark\">quokka</mark>"), "[\(database)] the match is marked")
            let prefix = try await member.get("/search?q=huddl")
            XCTAssertTrue(prefix.body.contains("Huddles need a named lead"), "[\(database)] a word is found by its start")

            // The glossary is found by a term's other names; a project by its code.
            let glossary = try await member.get("/search?q=flash+report&kind=glossary")
            XCTAssertTrue(glossary.body.contains("href=\"/glossary/highlight-report\""), "[\(database)]")
            let code = try await member.get("/search?q=\(project.code)")
            XCTAssertTrue(code.body.contains("href=\"/projects/\(project.id.lowercasedText)\""), "[\(database)]")

            // Changed and deleted records are found as they are now, at once.
            var fields = lesson.fields
            fields.happened = "The wombat huddle stopped when the nurse left."
            _ = try await store.updateLesson(lesson.id, expectedVersion: 1, fields: fields, by: .system)
            let old = try await member.get("/search?q=quokka")
            XCTAssertTrue(old.body.contains("Nothing matches ‘quokka’"), "[\(database)]")
            let new = try await member.get("/search?q=wombat")
            XCTAssertTrue(new.body.contains("1 result for ‘wombat’"), "[\(database)]")
            try await store.deleteLesson(lesson.id, by: .system)
            let gone = try await member.get("/search?q=wombat")
            XCTAssertTrue(gone.body.contains("Nothing matches ‘wombat’"), "[\(database)]")

            // Bad input is named; words are all that reach the database.
            let bad = try await member.get("/search?q=ok&kind=everything")
            XCTAssertEqual(bad.status, .badRequest, "[\(database)]")
            XCTAssertTrue(bad.body.contains("Select a kind of result from the list"), "[\(database)]")
            let symbols = try await member.get("/search?q=%22*%20OR%20NEAR(%29%20%26%20%21%3A")
            XCTAssertEqual(symbols.status, .ok, "[\(database)] the search language's own characters are only text")
            let header = try await member.get("/portfolio")
            XCTAssertTrue(header.body.contains("<form method=\"get\" action=\"/search\" class=\"wm-header__search\""), "[\(database)] every page's header")
        }
    }

    func testSearchNeverReturnsOrCountsWhatThePolicyHides() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let owner = world.teamPerson.id
            for (visibility, project) in world.projects {
                _ = try await store.createLesson(projectID: project.id, fields: LessonFields(
                    title: "Zebracorn lesson \(visibility.rawValue)", outcome: .avoid, recommendation: "Zebracorn advice.", phase: .during,
                    technique: .other, learnedOn: CalendarDate("2026-05-01")!), by: .system)
                _ = try await store.createRisk(projectID: project.id, fields: RiskFields(
                    title: "Zebracorn risk \(visibility.rawValue)", cause: "", event: "Zebracorn event", effect: "", categoryID: nil, ownerID: owner,
                    inherent: RiskRating(likelihood: .likely, consequence: .major), current: RiskRating(likelihood: .possible, consequence: .major),
                    target: RiskRating(likelihood: .rare, consequence: .minor), reviewDate: CalendarDate("2026-12-01")),
                    settings: try await store.riskSettings(), by: .system)
            }
            // Each person finds the records of exactly the projects the policy lets them read, in pages and counts alike.
            for (email, visible) in [("member-other@test.example", [Visibility.system]), ("member-partner@test.example", [.system, .organisation]),
                                     ("teammate@test.example", [.system, .organisation, .team]), ("portfolio@test.example", [.system, .organisation]),
                                     ("admin@test.example", [.system, .organisation, .team])] {
                let api = server.client()
                api.bearer = try await apiToken(server, email)
                let answer = try await api.get("/api/v1/search?q=zebracorn&per_page=100")
                XCTAssertEqual(answer.status, .ok, "[\(database)] \(email)")
                let titles = Set((answer.jsonObject["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String })
                let expected = Set(visible.flatMap { ["Zebracorn lesson \($0.rawValue)", "Zebracorn risk \($0.rawValue)"] })
                XCTAssertEqual(titles, expected, "[\(database)] \(email)")
                XCTAssertEqual(answer.jsonObject["total"] as? Int, expected.count, "[\(database)] \(email)")
                let counts = (answer.jsonObject["counts"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) {
                    $0[$1["kind"] as! String] = $1["count"] as? Int
                }
                XCTAssertEqual(counts["lesson"], visible.count, "[\(database)] \(email)")
                XCTAssertEqual(counts["risk"], visible.count, "[\(database)] \(email)")
                let hidden = try await api.get("/api/v1/search?q=zebracorn+team&kind=risk")
                XCTAssertEqual(hidden.jsonObject["total"] as? Int, visible.contains(.team) ? 1 : 0, "[\(database)] \(email)")
            }
            let marked = try await server.client().get("/search?q=zebracorn")
            XCTAssertEqual(marked.status, .seeOther, "[\(database)] signed out: nothing")
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let snippet = try await api.get("/api/v1/search?q=advice&kind=lesson")
            let first = try XCTUnwrap((snippet.jsonObject["items"] as? [[String: Any]])?.first)
            XCTAssertTrue((first["snippet"] as? String ?? "").contains("[[advice]]") || (first["snippet"] as? String ?? "").contains("[[Advice]]"),
                          "[\(database)] \(first)")
            let none = try await api.get("/api/v1/search?q=%20%21")
            XCTAssertEqual(none.status, .unprocessableEntity, "[\(database)] no words to search for")
        }
    }

    /// What a search found is kept while nothing searched changes; who may read it is decided
    /// afresh each time, and a change typed at a SQL prompt is found at once.
    func testSearchKeepsWhatItFoundOnlyWhileNothingSearchedChanges() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            var lessons: [Lesson] = []
            for (number, visibility) in [Visibility.system, .system, .system, .team].enumerated() {
                lessons.append(try await store.createLesson(projectID: world.projects[visibility]!.id, fields: LessonFields(
                    title: "Narwhal lesson \(number)", happened: "Narwhal rounds.", outcome: .repeatIt, recommendation: "Keep them.",
                    phase: .after, technique: .retrospect, learnedOn: CalendarDate("2026-05-01")!), by: .system))
            }
            let api = server.client()
            api.bearer = try await apiToken(server, "member-other@test.example")
            func titles(_ path: String) async throws -> [String] {
                let answer = try await api.get(path)
                XCTAssertEqual(answer.status, .ok, "[\(database)] \(path)")
                return (answer.jsonObject["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
            }
            let first = try await titles("/api/v1/search?q=narwhal&per_page=2")
            let second = try await titles("/api/v1/search?q=narwhal&per_page=2&page=2")
            XCTAssertEqual(first.count, 2, "[\(database)]")
            XCTAssertEqual(Set(first + second), ["Narwhal lesson 0", "Narwhal lesson 1", "Narwhal lesson 2"], "[\(database)] pages do not overlap")

            // An update that changes nothing searched leaves the search counter (and what was found) alone.
            let counter = try await store.generation(of: .search)
            try await store.run("UPDATE projects SET visibility = 'system' WHERE id = \(bind: world.projects[.team]!.id)")
            let unchanged = try await store.generation(of: .search)
            XCTAssertEqual(unchanged, counter, "[\(database)]")
            // ... but the reader's access is decided again: the project now open to everyone is searched.
            let opened = try await titles("/api/v1/search?q=narwhal&per_page=10")
            XCTAssertEqual(Set(opened), ["Narwhal lesson 0", "Narwhal lesson 1", "Narwhal lesson 2", "Narwhal lesson 3"], "[\(database)]")

            // A lesson renamed at a prompt is found by its new words, not its old ones.
            try await store.run("UPDATE lessons SET title = 'Walrus lesson' WHERE id = \(bind: lessons[1].id)")
            let moved = try await store.generation(of: .search)
            XCTAssertGreaterThan(moved, counter, "[\(database)]")
            let renamed = try await titles("/api/v1/search?q=narwhal&per_page=10")
            XCTAssertEqual(Set(renamed), ["Narwhal lesson 0", "Walrus lesson", "Narwhal lesson 2", "Narwhal lesson 3"], "[\(database)] its body still says narwhal")
            let walrus = try await titles("/api/v1/search?q=walrus")
            XCTAssertEqual(walrus, ["Walrus lesson"], "[\(database)]")
            let passage = try await api.get("/api/v1/search?q=walrus")
            let snippet = (passage.jsonObject["items"] as? [[String: Any]])?.first?["snippet"] as? String ?? ""
            XCTAssertTrue(snippet.contains("[[Walrus]]"), "[\(database)] its passage is read afresh: \(snippet)")
        }
    }
}
