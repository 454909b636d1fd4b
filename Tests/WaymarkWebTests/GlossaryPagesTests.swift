import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import WaymarkWorkflows
import XCTest

/// The glossary on both databases: the terms Waymark ships, the index and its search, a term's
/// page, the portfolio office keeping it (and no one else), bad input, stale versions, the terms
/// screens explain their words with, and the API.
final class GlossaryPagesTests: XCTestCase {
    func testTheShippedGlossaryCoversEveryScreenAndRelatesOnlyToItself() async throws {
        try await withServer { server, _, database in
            let terms = try await server.app.store.glossaryTerms()
            XCTAssertGreaterThanOrEqual(terms.count, 80, "[\(database)]")
            let keys = Set(terms.map(\.key)), ids = Set(terms.map(\.id))
            for screen in GlossaryScreen.allCases {
                for part in screen.terms { XCTAssertTrue(keys.contains(part.key), "[\(database)] \(screen) explains \(part.key)") }
            }
            for topic in GlossaryTopic.allCases {
                XCTAssertTrue(terms.contains { $0.fields.topic == topic }, "[\(database)] a term about \(topic)")
            }
            XCTAssertTrue(terms.allSatisfy { Set($0.fields.relatedIDs).isSubset(of: ids) && !$0.fields.relatedIDs.contains($0.id) },
                          "[\(database)]")
            XCTAssertEqual(terms.map(\.name), terms.map(\.name).sorted { GlossaryTerm.folded($0) < GlossaryTerm.folded($1) },
                           "[\(database)] alphabetical")
            let sro = try XCTUnwrap(terms.first { $0.key == "senior-responsible-owner" })
            XCTAssertTrue(sro.fields.aliases.contains("SRO"), "[\(database)]")
        }
    }

    func testAnyoneSignedInReadsAndSearchesTheGlossary() async throws {
        try await withServer { server, world, database in
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let index = try await member.get("/glossary")
            XCTAssertEqual(index.status, .ok, "[\(database)]")
            XCTAssertTrue(index.body.contains("href=\"#letter-R\""), "[\(database)] the alphabet")
            XCTAssertTrue(index.body.contains("<span class=\"wm-secondary\">X</span>"), "[\(database)] a letter with no term is not a link")
            XCTAssertTrue(index.body.contains("href=\"/glossary/raid-log\""), "[\(database)]")
            XCTAssertFalse(index.body.contains("Add a term"), "[\(database)] a member does not keep the glossary")

            // A local word finds the term; every word must match; the match is marked.
            let flash = try await member.get("/glossary?q=flash+report")
            XCTAssertTrue(flash.body.contains("1 term matches ‘flash report’"), "[\(database)]")
            XCTAssertTrue(flash.body.contains("<mark class=\"wm-mark\">Flash</mark> <mark class=\"wm-mark\">report</mark>"), "[\(database)]")
            let ranked = try await member.get("/glossary?q=risk")
            let first = try XCTUnwrap(ranked.body.range(of: "href=\"/glossary/risk\""))
            let later = try XCTUnwrap(ranked.body.range(of: "href=\"/glossary/likelihood\""))
            XCTAssertLessThan(first.lowerBound, later.lowerBound, "[\(database)] a term named by the word comes before one that mentions it")
            let none = try await member.get("/glossary?q=zzyzx")
            XCTAssertTrue(none.body.contains("No term matches ‘zzyzx’"), "[\(database)]")
            let topic = try await member.get("/glossary?topic=measurement")
            XCTAssertTrue(topic.body.contains("href=\"/glossary/moving-range\""), "[\(database)]")
            XCTAssertFalse(topic.body.contains("href=\"/glossary/tranche\""), "[\(database)]")
            let bad = try await member.get("/glossary?topic=astrology&q=" + String(repeating: "a", count: 201))
            XCTAssertEqual(bad.status, .badRequest, "[\(database)]")
            XCTAssertTrue(bad.body.contains("Select a topic from the list"), "[\(database)]")
            XCTAssertTrue(bad.body.contains("Search for at most 200 characters on one line"), "[\(database)]")

            let term = try await member.get("/glossary/highlight-report")
            XCTAssertEqual(term.status, .ok, "[\(database)]")
            XCTAssertTrue(term.body.contains("Flash report, Status report"), "[\(database)] other names")
            XCTAssertTrue(term.body.contains("href=\"/glossary/rag-rating\""), "[\(database)] related terms")
            XCTAssertTrue(term.body.contains("Terms that refer to this one"), "[\(database)]")
            XCTAssertFalse(term.body.contains("Change this term"), "[\(database)]")
            let missing = try await member.get("/glossary/no-such-term")
            XCTAssertEqual(missing.status, .notFound, "[\(database)]")
            let stage = try await member.get("/glossary/lifecycle-stage")
            XCTAssertTrue(stage.body.contains("The project form"), "[\(database)] the screens that explain it")

            // The glossary is held in memory; a change made at a SQL prompt (to a term, its local
            // words or its related terms) reaches the index, the search and the screens at once.
            let store = server.app.store
            try await store.run("UPDATE glossary_terms SET definition = 'Rewritten at a prompt.' WHERE key = 'raid-log'")
            let rewritten = try await member.get("/glossary")
            XCTAssertTrue(rewritten.body.contains("Rewritten at a prompt."), "[\(database)]")
            let found = try await store.glossaryTerm(key: "raid-log")
            let raid = try XCTUnwrap(found)
            try await store.run("""
                INSERT INTO glossary_synonyms (term_id, position, organisation_id, word) VALUES (\(bind: raid.id), 0, \(bind: world.lead.id), 'Worry book')
                """)
            let local = try await member.get("/glossary?q=worry+book")
            XCTAssertTrue(local.body.contains("1 term matches ‘worry book’"), "[\(database)]")

            // Not signed in: no glossary.
            let anonymous = try await server.client().get("/glossary")
            XCTAssertEqual(anonymous.status, .seeOther, "[\(database)]")
        }
    }

    func testThePortfolioOfficeKeepsTheGlossaryAndEveryChangeIsInItsHistory() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let form = try await office.get("/glossary/new")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            let related = try await store.glossaryTerm(key: "highlight-report")!
            func fields(_ name: String, definition: String = "A one-page update for the system board.", version: String? = nil,
                        organisation: String = "", word: String = "") -> [(String, String)] {
                var fields = [("name", name), ("definition", definition), ("topic", "governance"), ("source", "local"),
                              ("aliases", "SitRep\nsitrep"), ("synonym-1-organisation", organisation), ("synonym-1-word", word),
                              ("synonym-2-organisation", ""), ("synonym-2-word", ""), ("relatedTermIds", related.id.lowercasedText)]
                if let version { fields.append(("version", version)) }
                return fields
            }

            // Bad input: every problem named, the input kept, nothing saved.
            let refused = try await office.post("/glossary/new", fields("Highlight REPORT", definition: " ", word: "flash"), csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(refused.body.contains("A term called Highlight report is already in the glossary"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("Enter what the term means, in plain English"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("Select the organisation that uses each local synonym"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("href=\"#synonym-1-organisation\""), "[\(database)] the summary leads to the row")
            XCTAssertTrue(refused.body.contains("value=\"flash\""), "[\(database)] the input is kept")
            let count = try await store.glossaryTerms().count

            let created = try await office.post("/glossary/new", fields("Situation report", organisation: world.lead.id.lowercasedText,
                                                                         word: "Daily huddle note"), csrf: form.csrfToken)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body)")
            XCTAssertEqual(created.headers.first(name: .location), "/glossary/situation-report?notice=saved", "[\(database)]")
            let found0 = try await store.glossaryTerm(key: "situation-report")
            let saved = try XCTUnwrap(found0)
            XCTAssertEqual(saved.fields.aliases, ["SitRep"], "[\(database)]")
            XCTAssertEqual(saved.fields.localSynonyms, [LocalSynonym(organisationID: world.lead.id, word: "Daily huddle note")], "[\(database)]")
            XCTAssertEqual(saved.fields.relatedIDs, [related.id], "[\(database)]")
            let countAfter = try await store.glossaryTerms().count
            XCTAssertEqual(countAfter, count + 1, "[\(database)]")
            let page = try await office.get("/glossary/situation-report?notice=saved")
            XCTAssertTrue(page.body.contains("Term saved."), "[\(database)]")
            XCTAssertTrue(page.body.contains("\(world.lead.name) says <q>Daily huddle note</q>"), "[\(database)]")
            XCTAssertTrue(page.body.contains("Added glossary term Situation report"), "[\(database)] its history")
            let back = try await office.get("/glossary/highlight-report")
            XCTAssertTrue(back.body.contains("href=\"/glossary/situation-report\""), "[\(database)] the related term points back")
            let found = try await office.get("/glossary?q=huddle")
            XCTAssertTrue(found.body.contains("1 term matches"), "[\(database)] a local word is searched")

            // Renamed, the key and address stay; a stale save is refused and changes nothing.
            let edit = try await office.get("/glossary/situation-report/edit")
            XCTAssertTrue(edit.body.contains("value=\"Daily huddle note\""), "[\(database)]")
            let renamed = try await office.post("/glossary/situation-report/edit", fields("Situation report (SitRep)", version: "1"),
                                                csrf: edit.csrfToken)
            XCTAssertEqual(renamed.status, .seeOther, "[\(database)] \(renamed.body)")
            let stale = try await office.post("/glossary/situation-report/edit", fields("Sitrep", version: "1"), csrf: edit.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            XCTAssertTrue(stale.body.contains("Someone else saved this term while you were editing it."), "[\(database)]")
            let found1 = try await store.glossaryTerm(key: "situation-report")
            let now = try XCTUnwrap(found1)
            XCTAssertEqual(now.name, "Situation report (SitRep)", "[\(database)]")
            XCTAssertEqual(now.fields.localSynonyms, [], "[\(database)] its empty rows cleared the synonym")
            let history = try await office.get("/glossary/situation-report/history")
            XCTAssertTrue(history.body.contains("Changed glossary term Situation report (SitRep)"), "[\(database)]")
            XCTAssertTrue(history.body.contains("\(world.lead.name): Daily huddle note"), "[\(database)] synonyms read by organisation")
            let all = try await office.get("/glossary/history")
            XCTAssertTrue(all.body.contains("Added glossary term Situation report"), "[\(database)]")

            // A new term whose key is taken gets the next; the glossary's own addresses are never a key.
            let again = try await office.post("/glossary/new", fields("Situation-report!"), csrf: form.csrfToken)
            XCTAssertEqual(again.headers.first(name: .location), "/glossary/situation-report-2?notice=saved", "[\(database)]")
            let new = try await office.post("/glossary/new", fields("New"), csrf: form.csrfToken)
            XCTAssertEqual(new.headers.first(name: .location), "/glossary/new-2?notice=saved", "[\(database)]")

            // Deleting: a term no screen uses goes (its links with it); one a screen uses stays.
            let confirm = try await office.get("/glossary/situation-report-2/delete")
            XCTAssertTrue(confirm.body.contains("Delete the term Situation-report!?"), "[\(database)]")
            let deleted = try await office.post("/glossary/situation-report-2/delete", [("version", "1")], csrf: confirm.csrfToken)
            XCTAssertEqual(deleted.status, .seeOther, "[\(database)]")
            let gone = try await store.glossaryTerm(key: "situation-report-2")
            XCTAssertNil(gone, "[\(database)]")
            let used = try await office.get("/glossary/lifecycle-stage")
            XCTAssertFalse(used.body.contains("Delete this term"), "[\(database)]")
            XCTAssertTrue(used.body.contains("it cannot be deleted: change its wording instead"), "[\(database)]")
            let refusedDelete = try await office.post("/glossary/lifecycle-stage/delete", [("version", "1")], csrf: confirm.csrfToken)
            XCTAssertEqual(refusedDelete.status, .conflict, "[\(database)]")
            let stillThere = try await store.glossaryTerm(key: "lifecycle-stage")
            XCTAssertNotNil(stillThere, "[\(database)]")

            // No one else keeps it.
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let memberForm = try await member.get("/glossary/new")
            XCTAssertEqual(memberForm.status, .forbidden, "[\(database)]")
            let index = try await member.get("/glossary")
            let posted = try await member.post("/glossary/new", fields("Huddle"), csrf: index.csrfToken)
            XCTAssertEqual(posted.status, .forbidden, "[\(database)]")
            let memberEdit = try await member.post("/glossary/situation-report/edit", fields("Huddle", version: "2"), csrf: index.csrfToken)
            XCTAssertEqual(memberEdit.status, .forbidden, "[\(database)]")
            let untouched = try await store.glossaryTerm(key: "situation-report")
            XCTAssertEqual(untouched?.name, "Situation report (SitRep)", "[\(database)]")
        }
    }

    func testScreensExplainTheirWordsFromTheGlossary() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            // The office rewords a term: the project form explains it in the new words.
            let found = try await store.glossaryTerm(key: "lifecycle-stage")
            let stage = try XCTUnwrap(found)
            var input = GlossaryTermInput()
            input.definition = "Where a project is in its life, from idea to benefits realisation."
            _ = try await GlossaryWorkflows(store).update(stage, input, expectedVersion: stage.version,
                                                         by: Acting(try await store.person(email: "portfolio@test.example")!))
            let form = try await office.get("/projects/new")
            XCTAssertTrue(form.body.contains("<summary>What ‘lifecycle stage’ means</summary>"), "[\(database)]")
            XCTAssertTrue(form.body.contains("Where a project is in its life, from idea to benefits realisation."), "[\(database)]")
            XCTAssertTrue(form.body.contains("What ‘senior responsible owner’ means") == false, "[\(database)] the form has no SRO field")
            for part in GlossaryScreen.projectForm.terms where part.part != "status" && part.part != "visibility" {
                XCTAssertTrue(form.body.contains("href=\"/glossary/\(part.key)\""), "[\(database)] the form explains \(part.part)")
            }
            let project = world.projects[.system]!
            for (path, screen) in [("/projects/\(project.id.lowercasedText)", GlossaryScreen.projectPage), ("/portfolio", .portfolioFilters)] {
                let page = try await office.get(path)
                for part in screen.terms {
                    XCTAssertTrue(page.body.contains("href=\"/glossary/\(part.key)\""), "[\(database)] \(path) links \(part.key)")
                    let linked = try await office.get("/glossary/\(part.key)")
                    XCTAssertEqual(linked.status, .ok, "[\(database)] \(part.key) is in the glossary")
                }
            }
        }
    }

    func testTheAPIReadsSearchesAndKeepsTheGlossary() async throws {
        try await withServer { server, world, database in
            let member = server.client()
            member.bearer = try await apiToken(server, "member-lead@test.example")
            let list = try await member.get("/api/v1/glossary-terms?q=sro")
            XCTAssertEqual(list.status, .ok, "[\(database)]")
            let items = try XCTUnwrap(list.jsonObject["items"] as? [[String: Any]])
            XCTAssertEqual(items.first?["key"] as? String, "senior-responsible-owner", "[\(database)]")
            XCTAssertEqual(items.first?["screens"] as? [String], ["project-page"], "[\(database)]")
            let emptyQuery = try await member.get("/api/v1/glossary-terms?q=")
            XCTAssertEqual(emptyQuery.status, .unprocessableEntity, "[\(database)]")
            let refused = try await member.json(.POST, "/api/v1/glossary-terms", ["name": "Huddle", "definition": "A short meeting."])
            XCTAssertEqual(refused.status, .forbidden, "[\(database)]")

            let office = server.client()
            office.bearer = try await apiToken(server, "portfolio@test.example")
            let invalid = try await office.json(.POST, "/api/v1/glossary-terms", [
                "name": "Huddle", "definition": "A short meeting.", "aliases": ["a\nb"],
                "localSynonyms": [["organisationId": UUID().uuidString, "word": "Safety huddle"]],
            ])
            XCTAssertEqual(invalid.status, .unprocessableEntity, "[\(database)]")
            let errors = try XCTUnwrap(invalid.jsonObject["errors"] as? [[String: Any]])
            XCTAssertEqual(errors.compactMap { $0["field"] as? String }, ["aliases"], "[\(database)] the body's shape first")
            let unknown = try await office.json(.POST, "/api/v1/glossary-terms", [
                "name": "Huddle", "definition": "A short meeting.", "localSynonyms": [["organisationId": UUID().uuidString, "word": "Safety huddle"]],
            ])
            XCTAssertEqual((unknown.jsonObject["errors"] as? [[String: Any]])?.first?["kind"] as? String, "reference", "[\(database)]")
            let created = try await office.json(.POST, "/api/v1/glossary-terms", [
                "name": "Huddle", "definition": "A short meeting.", "topic": "governance", "aliases": ["Safety huddle"],
                "localSynonyms": [["organisationId": world.partner.id.uuidString, "word": "Board round"]], "relatedTermIds": [],
            ])
            XCTAssertEqual(created.status, .created, "[\(database)] \(created.body)")
            let id = try XCTUnwrap(created.jsonObject["id"] as? String)
            XCTAssertEqual(created.jsonObject["url"] as? String, "/glossary/huddle", "[\(database)]")
            let synonym = try XCTUnwrap((created.jsonObject["localSynonyms"] as? [[String: Any]])?.first)
            XCTAssertEqual(synonym["organisationName"] as? String, world.partner.name, "[\(database)]")
            let taken = try await office.json(.POST, "/api/v1/glossary-terms", ["name": "HUDDLE", "definition": "Again."])
            XCTAssertEqual(taken.status, .unprocessableEntity, "[\(database)]")
            XCTAssertEqual((taken.jsonObject["errors"] as? [[String: Any]])?.first?["kind"] as? String, "taken", "[\(database)]")

            let stale = try await office.json(.PATCH, "/api/v1/glossary-terms/\(id)", ["definition": "Changed."], headers: ["If-Match": "\"7\""])
            XCTAssertEqual(stale.status, .preconditionFailed, "[\(database)]")
            let changed = try await office.json(.PATCH, "/api/v1/glossary-terms/\(id)", ["definition": "A ten-minute stand-up meeting.", "version": 1])
            XCTAssertEqual(changed.status, .ok, "[\(database)]")
            XCTAssertEqual(changed.jsonObject["aliases"] as? [String], ["Safety huddle"], "[\(database)] absent members keep their value")
            XCTAssertEqual(changed.jsonObject["version"] as? Int, 2, "[\(database)]")

            let stage = try await server.app.store.glossaryTerm(key: "lifecycle-stage")!
            let inUse = try await office.request(.DELETE, "/api/v1/glossary-terms/\(stage.id.lowercasedText)")
            XCTAssertEqual(inUse.status, .conflict, "[\(database)]")
            let deleted = try await office.request(.DELETE, "/api/v1/glossary-terms/\(id)", headers: ["If-Match": "\"2\""])
            XCTAssertEqual(deleted.status, .noContent, "[\(database)]")
            let gone = try await member.get("/api/v1/glossary-terms/\(id)")
            XCTAssertEqual(gone.status, .notFound, "[\(database)]")
        }
    }
}
