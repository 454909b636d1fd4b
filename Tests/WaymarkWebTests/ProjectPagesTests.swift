import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
import WaymarkWeb
import XCTest

final class ProjectPagesTests: XCTestCase {
    func projectForm(_ world: World, stageID: UUID, title: String, extra: [(String, String)] = []) -> [(String, String)] {
        [("title", title), ("summary", "Fewer falls\nat home"), ("leadOrganisationId", world.lead.id.uuidString),
         ("partnerOrganisationIds", world.partner.id.uuidString), ("partnerOrganisationIds", world.other.id.uuidString),
         ("methodology", "qi"), ("stageId", stageID.uuidString), ("visibility", "team"), ("startDate", "2026-04-01"),
         ("endDate", "2027-03-31"), ("budget", "12,500"), ("tags", "falls, care homes")] + extra
    }

    func testAProjectsSectionsAreOneNavigation() async throws {
        try await withServer { server, world, database in
            let browser = server.client()
            try await browser.signIn("member-lead@test.example")
            let project = world.projects[.system]!
            let base = "/projects/\(project.id.lowercasedText)"
            func navigation(current: String) -> String {
                let links = [("Overview", base), ("Team", base + "#team"), ("Status", base + "/updates"), ("Gates", base + "/gates"), ("Plan", base + "/plan"), ("Risks", base + "/risks"), ("Issues", base + "/issues"),
                             ("Assumptions", base + "/assumptions"), ("Dependencies", base + "/dependencies"), ("Actions", base + "/actions"),
                             ("Decisions", base + "/decisions"), ("Measures", base + "/measures"), ("Benefits", base + "/benefits"), ("QI", base + "/qi"), ("Lessons", base + "/lessons"),
                             ("History", base + "/history")].map { label, href in
                    #"<li class="wm-section-nav__item"><a class="wm-section-nav__link" href="\#(href)""#
                        + (label == current ? #" aria-current="page""# : "") + ">\(label)</a></li>"
                }
                return #"<nav class="wm-section-nav" aria-label="Project sections"><ul class="wm-section-nav__list">"#
                    + links.joined() + "</ul></nav>"
            }
            let overview = try await browser.get(base)
            XCTAssertTrue(overview.body.contains(navigation(current: "Overview")), "[\(database)] \(overview.body)")
            XCTAssertTrue(overview.body.contains(#"<h2 class="wm-heading-m" id="team">"#), "the Team link lands on its heading")
            let history = try await browser.get(base + "/history")
            XCTAssertTrue(history.body.contains(navigation(current: "History")), history.body)
        }
    }

    func testPagesWriteIdsInLowerCase() async throws {
        try await withServer { server, world, database in
            let browser = server.client()
            try await browser.signIn("admin@test.example")
            for path in ["/projects/new", "/portfolio", "/people"] {
                let page = try await browser.get(path)
                XCTAssertEqual(page.status, .ok, "[\(database)] \(path)")
                XCTAssertTrue(page.body.contains(world.lead.id.uuidString.lowercased()), path)
                XCTAssertFalse(page.body.contains(world.lead.id.uuidString), "\(path) writes an id in upper case")
            }
        }
    }

    func testCreateWithAnErrorKeepsInputThenSucceeds() async throws {
        try await withServer { server, world, database in
            let member = server.client()
            try await member.signIn("member-lead@test.example")
            let stage = try await server.app.store.stages()[1]
            let form = try await member.get("/projects/new")
            XCTAssertEqual(form.status, .ok)

            var fields = projectForm(world, stageID: stage.id, title: "Falls prevention")
            fields.removeAll { $0.0 == "endDate" }
            fields.append(("endDate", "2025-01-01"))
            let refused = try await member.post("/projects", fields, csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, database.rawValue)
            XCTAssertTrue(refused.body.contains("<title>Error: Create a project – Waymark</title>"))
            XCTAssertTrue(refused.body.contains("<a href=\"#endDate\">End date must be the same as or after the start date</a>"))
            XCTAssertTrue(refused.body.contains("id=\"endDate-error\""))
            XCTAssertTrue(refused.body.contains("value=\"Falls prevention\""), "input kept")
            XCTAssertTrue(refused.body.contains("value=\"12,500\""), "input kept")
            let created = try await member.post("/projects", projectForm(world, stageID: stage.id, title: "Falls prevention"),
                                                csrf: refused.csrfToken)
            XCTAssertEqual(created.status, .seeOther, String(created.body.components(separatedBy: "wm-error-summary__list").dropFirst().first?.prefix(600) ?? ""))
            let page = try await member.get(created.location!)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("The project was created."))
            XCTAssertTrue(page.body.contains("RAA-0004 · Lead Trust"), "code generated per lead organisation")
            XCTAssertTrue(page.body.contains("Fewer falls<br>at home"))
            XCTAssertTrue(page.body.contains("£12,500"))
            XCTAssertTrue(page.body.contains("member-lead</a></td><td>Project manager"), "the creator runs the project")
            XCTAssertTrue(page.body.contains("Created project RAA-0004 Falls prevention"), "history on the page")

            // A member of another organisation may not lead with someone else's organisation.
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            let other = try await outsider.submit(from: "/projects/new", to: "/projects", projectForm(world, stageID: stage.id, title: "Not mine"))
            XCTAssertEqual(other.status, .unprocessableEntity)
            XCTAssertTrue(other.body.contains("You can only create projects led by your own organisation"))
            // Viewers cannot create at all.
            let viewer = server.client()
            try await viewer.signIn("viewer-lead@test.example")
            let forbidden = try await viewer.get("/projects/new")
            XCTAssertEqual(forbidden.status, .forbidden)
        }
    }

    /// Plot passes entities through; Waymark escapes every value once. What a person typed comes
    /// back exactly, through a form and a save, however HTML-like it is.
    func testTextSurvivesEveryRoundTripUnchanged() async throws {
        try await withServer { server, world, database in
            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let tricky = "Say \"hi\" <b> AT&amp;T 'quoted' &lt;"
            let project = world.projects[.system]!
            let path = "/projects/\(project.id.uuidString.lowercased())"
            var input = ProjectInput(project.fields)
            input.title = tricky
            input.summary = "<script>alert('x')</script>"
            let saved = try await admin.submit(from: path + "/edit", to: path + "/edit", formPairs(input, version: 1))
            XCTAssertEqual(saved.status, .seeOther, database.rawValue)
            let stored = try await server.app.store.project(project.id)
            XCTAssertEqual(stored?.fields.title, tricky)

            let page = try await admin.get(path)
            XCTAssertFalse(page.body.contains("<script>alert"))
            XCTAssertTrue(page.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            XCTAssertTrue(page.body.contains("Say &quot;hi&quot; &lt;b&gt; AT&amp;amp;T &#39;quoted&#39; &amp;lt;"))

            // The edit form shows the value escaped once, and saving it again changes nothing.
            let form = try await admin.get(path + "/edit")
            XCTAssertTrue(form.body.contains("value=\"Say &quot;hi&quot; &lt;b&gt; AT&amp;amp;T &#39;quoted&#39; &amp;lt;\""))
            let again = try await admin.post(path + "/edit", formPairs(ProjectInput(stored!.fields), version: 2), csrf: form.csrfToken)
            XCTAssertEqual(again.status, .seeOther)
            let twice = try await server.app.store.project(project.id)
            XCTAssertEqual(twice?.fields.title, tricky)
            XCTAssertEqual(twice?.fields.summary, "<script>alert('x')</script>")
        }
    }

    func testAStaleFormIsRefusedWithTheInputKept() async throws {
        try await withServer { server, world, database in
            let first = server.client(), second = server.client()
            try await first.signIn("admin@test.example")
            try await second.signIn("portfolio@test.example")
            let project = world.projects[.system]!
            let path = "/projects/\(project.id.uuidString.lowercased())"
            let formA = try await first.get(path + "/edit")
            let formB = try await second.get(path + "/edit")
            var mine = ProjectInput(project.fields)
            mine.title = "First save"
            let saved = try await first.post(path + "/edit", formPairs(mine, version: 1), csrf: formA.csrfToken)
            XCTAssertEqual(saved.status, .seeOther)
            var theirs = ProjectInput(project.fields)
            theirs.title = "Second save, made from a stale page"
            let refused = try await second.post(path + "/edit", formPairs(theirs, version: 1), csrf: formB.csrfToken)
            XCTAssertEqual(refused.status, .conflict, database.rawValue)
            XCTAssertTrue(refused.body.contains("Someone else saved this project while you were editing it. Your changes have not been saved"))
            XCTAssertTrue(refused.body.contains("value=\"Second save, made from a stale page\""))
            XCTAssertTrue(refused.body.contains("href=\"\(path)\""), "links to the current record")
            let stored = try await server.app.store.project(project.id)
            XCTAssertEqual(stored?.fields.title, "First save")
            XCTAssertEqual(stored?.version, 2)
        }
    }

    func testOnlyManagersChangeStatusVisibilityAndTeam() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let project = world.projects[.organisation]!
            let path = "/projects/\(project.id.uuidString.lowercased())"
            // A plain team member edits content but cannot widen visibility or close.
            let teammate = server.client()
            try await teammate.signIn("teammate@test.example")
            let page = try await teammate.get(path)
            XCTAssertTrue(page.body.contains("Edit project"))
            XCTAssertFalse(page.body.contains("Change status"), database.rawValue)
            let form = try await teammate.get(path + "/edit")
            XCTAssertFalse(form.body.contains("name=\"visibility\""), "the form does not offer what the policy refuses")
            var input = ProjectInput(project.fields)
            input.title = "Edited by a team member"
            input.visibility = "system"
            input.status = "closed"
            // A form made to send them anyway is refused as the API refuses it, and changes nothing.
            let forged = try await teammate.submit(from: path + "/edit", to: path + "/edit", formPairs(input, version: 1))
            XCTAssertEqual(forged.status, .forbidden)
            XCTAssertTrue(forged.body.contains("change its lead organisation, visibility, status or lifecycle stage"), forged.body)
            let unchanged = try await store.project(project.id)
            XCTAssertEqual(unchanged?.version, 1)
            input.visibility = nil
            input.status = nil
            let saved = try await teammate.submit(from: path + "/edit", to: path + "/edit", formPairs(input, version: 1))
            XCTAssertEqual(saved.status, .seeOther)
            let stored = try await store.project(project.id)
            XCTAssertEqual(stored?.fields.title, "Edited by a team member")
            XCTAssertEqual(stored?.fields.visibility, .organisation, "visibility unchanged")
            XCTAssertEqual(stored?.fields.status, .active, "status unchanged")
            let status = try await teammate.post(path + "/status", [("status", "closed"), ("version", "2")], csrf: page.csrfToken)
            XCTAssertEqual(status.status, .forbidden)

            // The lead organisation's admin closes it and manages the team.
            let orgadmin = server.client()
            try await orgadmin.signIn("orgadmin-lead@test.example")
            let managed = try await orgadmin.get(path)
            XCTAssertTrue(managed.body.contains("Change status"))
            let closed = try await orgadmin.post(path + "/status", [("status", "closed"), ("version", "2")], csrf: managed.csrfToken)
            XCTAssertEqual(closed.status, .seeOther)
            let closedProject = try await store.project(project.id)
            XCTAssertEqual(closedProject?.fields.status, .closed)
            let history = try await store.projectHistory(project.id, page: PageRequest(perPage: 100)).items
            XCTAssertEqual(history.first?.action, .close)
            XCTAssertEqual(history.first?.changes, [FieldChange(field: "status", old: "active", new: "closed")])

            let viewer = world.person("viewer-other").id.lowercasedText
            let added = try await orgadmin.post(path + "/team", [("find", "viewer"), ("personId", viewer), ("role", "observer")],
                                                csrf: managed.csrfToken)
            XCTAssertEqual(added.status, .seeOther)
            let unknown = try await orgadmin.post(path + "/team", [("find", "ghost"), ("personId", UUID().uuidString), ("role", "sro")],
                                                  csrf: managed.csrfToken)
            XCTAssertEqual(unknown.status, .unprocessableEntity)
            XCTAssertTrue(unknown.body.contains("Choose a person from the list: that one is not a Waymark account"))
            XCTAssertTrue(unknown.body.contains("value=\"ghost\""), "the search is kept")
            let team = try await store.team(of: project.id)
            XCTAssertEqual(team.map(\.name).sorted(), ["teammate", "viewer-other"])
            let viewerID = world.person("viewer-other").id.uuidString.lowercased()
            let removed = try await orgadmin.post(path + "/team/\(viewerID)/remove", [], csrf: managed.csrfToken)
            XCTAssertEqual(removed.status, .seeOther)
            let after = try await store.team(of: project.id)
            XCTAssertEqual(after.map(\.name), ["teammate"])
            let trail = try await store.projectHistory(project.id, page: PageRequest(perPage: 100)).items
            XCTAssertEqual(trail.prefix(2).map(\.event), [.teamMemberRemoved, .teamMemberAdded])
            XCTAssertEqual(trail.prefix(2).map(\.changes), [[FieldChange(field: "role", old: "observer", new: nil)],
                                                           [FieldChange(field: "role", old: nil, new: "observer")]])
            // The page words what the trail keeps.
            let historyPage = try await orgadmin.get(path + "/history")
            XCTAssertTrue(historyPage.body.contains("Removed viewer-other from the team"), historyPage.body)
            XCTAssertTrue(historyPage.body.contains("Added viewer-other to the team as Observer"), historyPage.body)
        }
    }

    func testOnlyAdministratorsDeleteAndTheDeleteIsAudited() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.system]!
            let path = "/projects/\(project.id.uuidString.lowercased())"
            let portfolio = server.client()
            try await portfolio.signIn("portfolio@test.example")
            let refused = try await portfolio.get(path + "/delete")
            XCTAssertEqual(refused.status, .forbidden, database.rawValue)

            let admin = server.client()
            try await admin.signIn("admin@test.example")
            let confirm = try await admin.get(path + "/delete")
            XCTAssertEqual(confirm.status, .ok)
            let deleted = try await admin.post(path + "/delete", [], csrf: confirm.csrfToken)
            XCTAssertEqual(deleted.status, .seeOther)
            let gone = try await admin.get(path)
            XCTAssertEqual(gone.status, .notFound)
            let history = try await server.app.store.projectHistory(project.id, page: PageRequest(perPage: 100)).items
            XCTAssertEqual(history.first?.action, .delete)
            XCTAssertEqual(history.first?.actorName, "admin")
        }
    }

    /// A record's page shows its latest ten changes and links to the rest, which page by fifty;
    /// nothing is cut off without saying so.
    func testHistoryShowsTheLatestChangesAndPagesTheRest() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let references = try await store.referenceData()
            var project = world.projects[.organisation]!
            for number in 1...55 {
                var fields = project.fields
                fields.title = "Falls prevention, version \(number)"
                project = try await store.updateProject(project.id, expectedVersion: project.version, fields: fields,
                                                        references: references, by: .system)
            }
            let total = 57  // created, the team member added, 55 changes
            let path = SiteURL.project(.value(project.id)).path
            let teammate = server.client()
            try await teammate.signIn("teammate@test.example")
            let page = try await teammate.get(path)
            XCTAssertEqual(page.body.components(separatedBy: "wm-history__item").count - 1, 10, database.rawValue)
            XCTAssertTrue(page.body.contains("Changed project RAA-0002"), database.rawValue)
            XCTAssertTrue(page.body.contains("<a href=\"\(path)/history\">See all \(total) changes</a>"), database.rawValue)

            let first = try await teammate.get(path + "/history")
            XCTAssertEqual(first.status, .ok, database.rawValue)
            XCTAssertEqual(first.body.components(separatedBy: "wm-history__item").count - 1, 50)
            XCTAssertTrue(first.body.contains("Page 1 of 2 · \(total) changes"))
            XCTAssertTrue(first.body.contains("<a href=\"\(path)/history?page=2\" rel=\"next\">Next page</a>"))
            XCTAssertTrue(first.body.contains("version 55"), "newest first")
            let second = try await teammate.get(path + "/history?page=2")
            XCTAssertEqual(second.body.components(separatedBy: "wm-history__item").count - 1, total - 50)
            XCTAssertTrue(second.body.contains("Created project RAA-0002"), "oldest last")
            XCTAssertTrue(second.body.contains("<a href=\"\(path)/history\" rel=\"prev\">Previous page</a>"))
            let beyond = try await teammate.get(path + "/history?page=3")
            XCTAssertEqual(beyond.status, .ok)
            XCTAssertTrue(beyond.body.contains("Page 3 of 2 · \(total) changes"), "past the end, the total still shows")
            XCTAssertTrue(beyond.body.contains("There is no page 3: the history has 2 pages."), beyond.body)
            XCTAssertFalse(beyond.body.contains("No changes recorded"), "past the end is not an empty history")
            let bad = try await teammate.get(path + "/history?page=two")
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.contains("page must be a whole number from 1 to 100000"))

            // An organisation's history is open to everyone signed in; an account's to those who manage it.
            let organisation = try await teammate.get(SiteURL.organisationHistory(.value(world.lead.id)).path)
            XCTAssertEqual(organisation.status, .ok)
            XCTAssertTrue(organisation.body.contains("Page 1 of 1 · 1 change"))
            let account = SiteURL.personHistory(.value(world.person("member-lead").id)).path
            let refused = try await teammate.get(account)
            XCTAssertEqual(refused.status, .forbidden)
            let orgadmin = server.client()
            try await orgadmin.signIn("orgadmin-lead@test.example")
            let allowed = try await orgadmin.get(account)
            XCTAssertEqual(allowed.status, .ok)
            XCTAssertTrue(allowed.body.contains("Created account"), allowed.body)
        }
    }

    /// A long text changed is folded in the history: its start, and all of it behind "Show all".
    func testLongTextInTheHistoryIsFolded() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.system]!
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let long = String(repeating: "Fewer admissions for frail people. ", count: 12) + "The end."
            let patched = try await api.json(.PATCH, "/api/v1/projects/\(project.id.lowercasedText)", ["summary": long, "version": 1])
            XCTAssertEqual(patched.status, .ok, "[\(database)] \(patched.body)")
            let browser = server.client()
            try await browser.signIn("admin@test.example")
            let history = try await browser.get("/projects/\(project.id.lowercasedText)/history")
            XCTAssertTrue(history.body.contains("<summary>Show all<span class=\"wm-visually-hidden\"> of the change to aim and summary</span></summary>"),
                          "[\(database)]")
            XCTAssertTrue(history.body.contains("The end.”</p></details>"), "[\(database)] all of it, on request")
            XCTAssertEqual(history.body.components(separatedBy: "<details class=\"wm-history__more\">").count - 1, 1,
                           "[\(database)] only the long change is folded")
        }
    }

    /// The project form as a browser sends it: dates in day, month and year boxes.
    func testDatesTypedInBoxesAreReadAndSaidBackAsTyped() async throws {
        try await withServer { server, world, database in
            let browser = server.client()
            try await browser.signIn("member-lead@test.example")
            let references = try await server.app.store.referenceData()
            var pairs: [(String, String)] = [
                ("title", "Boxes"), ("leadOrganisationId", world.lead.id.lowercasedText), ("methodology", "project"),
                ("stageId", references.stages[0].id.lowercasedText), ("visibility", "system"),
                ("startDate-day", "1"), ("startDate-month", "4"), ("startDate-year", "2026"),
                ("endDate-day", "30"), ("endDate-month", ""), ("endDate-year", "2027"),
            ]
            let refused = try await browser.submit(from: "/projects/new", to: "/projects", pairs)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(refused.body.contains("End date must include a month"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("href=\"#endDate\""), "[\(database)] the summary links to the day box")
            XCTAssertTrue(refused.body.contains("name=\"endDate-day\" type=\"text\" inputmode=\"numeric\" value=\"30\""),
                          "[\(database)] what was typed is kept")
            XCTAssertTrue(refused.body.contains("name=\"startDate-month\" type=\"text\" inputmode=\"numeric\" value=\"4\""), "[\(database)]")
            pairs = pairs.map { $0.0 == "endDate-month" ? ($0.0, "6") : $0 }
            let created = try await browser.submit(from: "/projects/new", to: "/projects", pairs)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body.prefix(300))")
            let project = try await server.app.store.portfolioIndex().entries.first { $0.summary.title == "Boxes" }?.summary
            XCTAssertEqual(project?.startDate, CalendarDate("2026-04-01"), "[\(database)]")
            XCTAssertEqual(project?.endDate, CalendarDate("2027-06-30"), "[\(database)]")
        }
    }

    func formPairs(_ input: ProjectInput, version: Int) -> [(String, String)] {
        var pairs: [(String, String)] = [
            ("title", input.title ?? ""), ("summary", input.summary ?? ""), ("scopeIn", input.scopeIn ?? ""),
            ("scopeOut", input.scopeOut ?? ""), ("objectives", input.objectives ?? ""),
            ("leadOrganisationId", input.leadOrganisationID ?? ""), ("programmeId", input.programmeID ?? ""),
            ("methodology", input.methodology ?? ""), ("stageId", input.stageID ?? ""),
            ("startDate", input.startDate ?? ""), ("endDate", input.endDate ?? ""), ("budget", input.budget ?? ""),
            ("tags", input.tags ?? ""), ("version", String(version)),
        ]
        // The form shows status and visibility only to those who manage the project.
        pairs += [("status", input.status), ("visibility", input.visibility)].compactMap { name, value in value.map { (name, $0) } }
        pairs += (input.partnerOrganisationIDs ?? []).map { ("partnerOrganisationIds", $0) }
        pairs += (input.themeIDs ?? []).map { ("themeIds", $0) }
        return pairs
    }
}
