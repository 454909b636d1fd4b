import FluentKit
import Foundation
import SQLKit
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

final class StoreTests: XCTestCase {
    /// The query filter and `AccessPolicy.canRead` are the same rule written twice (SQL and Swift):
    /// for every person of the fixture world, with varied team roles, lists and counts must hold
    /// exactly the projects the policy admits.
    func testPortfolioQueryAdmitsExactlyWhatThePolicyAdmits() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            // Put some people on teams with different roles so team membership is exercised.
            let teamProject = world.projects[.team]!
            let orgProject = world.projects[.organisation]!
            try await store.setTeamMember(projectID: teamProject.id, personID: world.person("portfolio").id, role: .observer, by: .system)
            try await store.setTeamMember(projectID: teamProject.id, personID: world.person("orgadmin-other").id, role: .sro, by: .system)
            try await store.setTeamMember(projectID: orgProject.id, personID: world.person("viewer-other").id, role: .member, by: .system)

            for (name, person) in world.people {
                let rule = AccessPolicy.readRule(for: person.actor)
                var expected: Set<UUID> = []
                for project in world.projects.values {
                    let role = try await store.teamRole(of: person.id, in: project.id)
                    if AccessPolicy.canRead(person.actor, project.accessFacts(actorTeamRole: role)) { expected.insert(project.id) }
                }
                let listed = try await store.portfolio(PortfolioQuery(page: PageRequest(perPage: 100)), rule: rule)
                XCTAssertEqual(Set(listed.items.map(\.id)), expected, "[\(database)] \(name)")
                XCTAssertEqual(listed.total, expected.count, "[\(database)] \(name)")
                let count = try await store.readableProjectCount(rule: rule)
                XCTAssertEqual(count, expected.count, "[\(database)] \(name)")
                let counts = try await store.facetCounts(PortfolioQuery(), rule: rule)
                XCTAssertEqual(counts.count(.organisation, id: world.lead.id), expected.count, "[\(database)] \(name)")
                let searched = try await store.portfolio(PortfolioQuery(text: "team project"), rule: rule)
                XCTAssertEqual(searched.total, expected.contains(teamProject.id) ? 1 : 0, "[\(database)] \(name)")
            }
            // Spot checks straight from DESIGN.md's table.
            let outsider = AccessPolicy.readRule(for: world.person("member-other").actor)
            let visible = try await store.portfolio(PortfolioQuery(), rule: outsider).items.map(\.title)
            XCTAssertEqual(visible, ["Project system"])
        }
    }

    /// The in-memory portfolio index must follow every change, whichever instance makes it and
    /// however: a second store with its own cache stands for a second instance, and a change made
    /// in SQL outside Waymark is seen too. A transaction that rolls back leaves no trace in it.
    func testThePortfolioIndexFollowsEveryChangeOnEveryInstance() async throws {
        struct Abandoned: Error {}
        try await forEachDatabase { app, database in
            let first = app.store
            let second = Store(app.db, instance: StoreInstance())
            let world = try await World.build(first)
            let outsider = world.person("member-other")
            let rule = AccessPolicy.readRule(for: outsider.actor)
            func titles(_ store: Store) async throws -> [String] {
                try await store.portfolio(PortfolioQuery(), rule: rule).items.map(\.title)
            }
            let seen1 = try await titles(first)

            XCTAssertEqual(seen1, ["Project system"], "[\(database)]")
            let seen2 = try await titles(second)

            XCTAssertEqual(seen2, ["Project system"], "[\(database)]")

            // Joining a team on one instance grants reading on the other at once; leaving revokes it.
            let teamProject = world.projects[.team]!
            try await first.setTeamMember(projectID: teamProject.id, personID: outsider.id, role: .observer, by: .system)
            let seen3 = try await titles(second)

            XCTAssertEqual(seen3, ["Project system", "Project team"], "[\(database)]")
            try await second.removeTeamMember(projectID: teamProject.id, personID: outsider.id, by: .system)
            let seen4 = try await titles(first)

            XCTAssertEqual(seen4, ["Project system"], "[\(database)]")

            // A change made in SQL, outside Waymark.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE projects SET title = 'Renamed by hand' WHERE id = \(bind: world.projects[.system]!.id)").run()
            let seen5 = try await titles(first)

            XCTAssertEqual(seen5, ["Renamed by hand"], "[\(database)]")
            let seen6 = try await titles(second)

            XCTAssertEqual(seen6, ["Renamed by hand"], "[\(database)]")

            // Names shown in the list come from other tables: renaming the lead organisation shows.
            let lead = OrganisationFields(name: "Lead Foundation Trust", code: world.lead.code,
                                          codeKind: world.lead.codeKind, kind: world.lead.kind)
            _ = try await second.updateOrganisation(world.lead.id, expectedVersion: world.lead.version, fields: lead, by: .system)
            let renamed = try await first.portfolio(PortfolioQuery(), rule: rule).items.map(\.leadOrganisationName)
            XCTAssertEqual(renamed, ["Lead Foundation Trust"], "[\(database)]")
            let seen7 = try await first.referenceData().organisation(world.lead.id)?.name

            XCTAssertEqual(seen7, "Lead Foundation Trust")

            // Inside a transaction the list shows the transaction's own change; after a rollback
            // nobody sees it, on either instance.
            let organisationProject = world.projects[.organisation]!
            var changed = organisationProject.fields
            changed.visibility = .system
            let opened = changed
            let references = try await first.referenceData()
            do {
                try await first.write { store in
                    _ = try await store.updateProject(organisationProject.id, expectedVersion: organisationProject.version,
                                                      fields: opened, references: references, by: .system)
                    let inside = try await store.portfolio(PortfolioQuery(), rule: rule).items.map(\.title)
                    XCTAssertEqual(inside, ["Project organisation", "Renamed by hand"], "[\(database)]")
                    throw Abandoned()
                }
                XCTFail("the transaction should have been abandoned")
            } catch is Abandoned {}
            let seen8 = try await titles(first)

            XCTAssertEqual(seen8, ["Renamed by hand"], "[\(database)]")
            let seen9 = try await titles(second)

            XCTAssertEqual(seen9, ["Renamed by hand"], "[\(database)]")
        }
    }

    /// A request that found the portfolio index current when it looked up who is asking reads a
    /// project from the index, without a statement: it must get exactly what the database holds,
    /// for every person (their role on the team included) and every project; follow a change to a
    /// team member's name made on another instance; and read the database when the index is not
    /// current, in a transaction, or after the request has written.
    func testAProjectReadFromTheIndexIsTheDatabasesRecord() async throws {
        try await forEachDatabase { app, database in
            let direct = Store(app.db)
            let world = try await World.build(direct)
            let teamProject = world.projects[.team]!
            try await direct.setTeamMember(projectID: teamProject.id, personID: world.person("portfolio").id, role: .observer, by: .system)
            try await direct.setTeamMember(projectID: teamProject.id, personID: world.person("orgadmin-other").id, role: .sro, by: .system)
            try await direct.setTeamMember(projectID: world.projects[.organisation]!.id, personID: world.person("viewer-other").id,
                                           role: .qilead, by: .system)
            let instance = StoreInstance()
            let signedIn = world.person("member-other")
            try await direct.createSession(idHash: "index-test", personID: signedIn.id, csrfToken: "t",
                                           expiresAt: Date().addingTimeInterval(3_600))
            /// A store as a request makes it, after its sign-in lookup has read the counters.
            func request() async throws -> Store {
                let store = Store(app.db, instance: instance, requestCounters: RequestCounters())
                let found = try await store.session(idHash: "index-test")
                XCTAssertNotNil(found, "[\(database)]")
                return store
            }
            func assertSameAsDatabase(_ store: Store, _ context: String) async throws {
                for (name, person) in world.people {
                    for project in world.projects.values {
                        let indexed = try await store.projectWithTeam(project.id, actor: person.actor)
                        let read = try await direct.projectWithTeam(project.id, actor: person.actor)
                        XCTAssertEqual(indexed?.0, read?.0, "[\(database)] \(context) \(name)")
                        XCTAssertEqual(indexed?.1, read?.1, "[\(database)] \(context) \(name)")
                        XCTAssertEqual(indexed?.2, read?.2, "[\(database)] \(context) \(name)")
                        let forAccess = try await store.projectForAccess(project.id, actor: person.actor)
                        XCTAssertEqual(forAccess?.1, read?.1, "[\(database)] \(context) \(name)")
                    }
                }
                for project in world.projects.values {
                    let team = try await store.team(of: project.id), stored = try await direct.team(of: project.id)
                    XCTAssertEqual(team, stored, "[\(database)] \(context) \(project.code)")
                }
                let missing = try await store.project(UUID())
                XCTAssertNil(missing, "[\(database)] \(context)")
            }

            // No index yet: the request reads the database, and does not load the index to do so.
            let first = try await request()
            // The sign-in lookup read every change counter for the request.
            for counter in ChangeCounter.allCases {
                let stored = try await first.generation(of: counter)
                XCTAssertEqual(first.requestCounters?.value(counter), stored, "[\(database)] \(counter)")
            }
            XCTAssertNil(first.currentDerived(.portfolio, from: \.portfolio), "[\(database)]")
            try await assertSameAsDatabase(first, "before the index")
            XCTAssertNil(first.currentDerived(.portfolio, from: \.portfolio), "[\(database)]")

            // Once a list has loaded it, the next request reads projects from it.
            _ = try await first.portfolioIndex()
            let second = try await request()
            XCTAssertNotNil(second.currentDerived(.portfolio, from: \.portfolio), "[\(database)]")
            try await assertSameAsDatabase(second, "from the index")
            let team = try await second.projectWithTeam(teamProject.id, actor: world.person("admin").actor)?.2
            XCTAssertEqual(team?.map(\.role), [.sro, .member, .observer], "[\(database)]")

            // Another instance renames a team member: the counter moves, so the next request finds
            // the index out of date and reads the database until a list reloads the index.
            let renamed = world.person("orgadmin-other")
            _ = try await Store(app.db).updatePerson(
                renamed.id, expectedVersion: renamed.version,
                fields: PersonFields(name: "Zara Renamed", email: renamed.email, role: renamed.role,
                                     organisationID: renamed.organisationID, password: nil),
                passwordHash: nil, by: .system)
            let third = try await request()
            XCTAssertNil(third.currentDerived(.portfolio, from: \.portfolio), "[\(database)]")
            try await assertSameAsDatabase(third, "after a rename")
            _ = try await third.portfolioIndex()
            let fourth = try await request()
            XCTAssertNotNil(fourth.currentDerived(.portfolio, from: \.portfolio), "[\(database)]")
            try await assertSameAsDatabase(fourth, "from the reloaded index")
            let names = try await fourth.projectWithTeam(teamProject.id, actor: world.person("admin").actor)?.2.map(\.name)
            XCTAssertEqual(names?.first, "Zara Renamed", "[\(database)]")

            // In a transaction, and after the request has written, the database is read.
            try await fourth.write { store in
                XCTAssertNil(store.currentDerived(.portfolio, from: \.portfolio), "[\(database)]")
            }
            XCTAssertNil(fourth.currentDerived(.portfolio, from: \.portfolio), "[\(database)]")
        }
    }

    func testTheCountersTextIsReadCounterByCounter() {
        XCTAssertEqual(ChangeCounter.parse("portfolio=12,escalated_risks=3,items=9007199254740993"),
                       [.portfolio: 12, .escalatedRisks: 3, .items: 9_007_199_254_740_993])
        // A counter a newer build added, or a value that is not a whole number, is left out;
        // the request then reads that counter itself when it needs it.
        XCTAssertEqual(ChangeCounter.parse("later_counter=4,measures=x,benefits=,glossary=-2,search=7"),
                       [.glossary: -2, .search: 7])
        XCTAssertEqual(ChangeCounter.parse("measures=1=2,lessons=5,"), [.lessons: 5])
        XCTAssertEqual(ChangeCounter.parse(nil), [:])
        XCTAssertEqual(ChangeCounter.parse(""), [:])
    }

    func testFiltersSortingAndPaging() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let rule = AccessPolicy.readRule(for: world.person("admin").actor)
            let references = try await store.referenceData()
            var fields = world.projects[.system]!.fields
            fields.title = "Zebra crossing 100%_safe"
            fields.methodology = .qi
            fields.status = .onHold
            fields.startDate = CalendarDate("2026-01-01")
            fields.themeIDs = []
            let theme = try await store.createNamedItem(.theme, NamedItemFields(name: "Prevention", description: ""), by: .system)
            fields.themeIDs = [theme.id]
            let extra = try await store.createProject(fields, references: try await store.referenceData(), by: .system)
            _ = references

            let qi = try await store.portfolio(PortfolioQuery(methodology: .qi), rule: rule)
            XCTAssertEqual(qi.items.map(\.id), [extra.id], database.rawValue)
            let held = try await store.portfolio(PortfolioQuery(status: .onHold), rule: rule)
            XCTAssertEqual(held.total, 1, database.rawValue)
            let themed = try await store.portfolio(PortfolioQuery(themeID: theme.id), rule: rule)
            XCTAssertEqual(themed.items.map(\.id), [extra.id], database.rawValue)
            // % and _ match themselves, not anything.
            let literal = try await store.portfolio(PortfolioQuery(text: "100%_s"), rule: rule)
            XCTAssertEqual(literal.total, 1, database.rawValue)
            let none = try await store.portfolio(PortfolioQuery(text: "0%s"), rule: rule)
            XCTAssertEqual(none.total, 0, database.rawValue)

            let byTitle = try await store.portfolio(PortfolioQuery(sort: .title), rule: rule)
            XCTAssertEqual(byTitle.items.map(\.title), ["Project organisation", "Project system", "Project team", "Zebra crossing 100%_safe"])
            let byTitleDown = try await store.portfolio(PortfolioQuery(sort: .title, descending: true), rule: rule)
            XCTAssertEqual(byTitleDown.items.first?.title, "Zebra crossing 100%_safe")
            // Projects without a start date come last whichever way.
            let byStart = try await store.portfolio(PortfolioQuery(sort: .start), rule: rule)
            XCTAssertEqual(byStart.items.first?.id, extra.id, database.rawValue)
            let byStartDown = try await store.portfolio(PortfolioQuery(sort: .start, descending: true), rule: rule)
            XCTAssertEqual(byStartDown.items.first?.id, extra.id, database.rawValue)

            let page2 = try await store.portfolio(PortfolioQuery(sort: .code, page: PageRequest(page: 2, perPage: 3)), rule: rule)
            XCTAssertEqual(page2.items.count, 1)
            XCTAssertEqual(page2.total, 4)
            XCTAssertEqual(page2.pageCount, 2)

            // Facet counts ignore the facet's own filter but keep the others.
            let counts = try await store.facetCounts(PortfolioQuery(methodology: .qi), rule: rule)
            XCTAssertEqual(counts.count(.methodology, "project"), 3, database.rawValue)
            XCTAssertEqual(counts.count(.methodology, "qi"), 1, database.rawValue)
            XCTAssertEqual(counts.count(.status, "on-hold"), 1, database.rawValue)
            XCTAssertEqual(counts.count(.status, "active"), 0, database.rawValue)
            XCTAssertEqual(counts.count(.theme, id: theme.id), 1, database.rawValue)
        }
    }

    func testProjectCodesCountPerLeadOrganisationEvenWhenCreatedAtOnce() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let references = try await store.referenceData()
            let fields = world.projects[.system]!.fields
            let codes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await store.createProject(fields, references: references, by: .system).code }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(Set(codes).count, 10, database.rawValue)
            XCTAssertEqual(Set(codes), Set((4...13).map { ProjectCode(organisationCode: "RAA", number: $0).description }), database.rawValue)
        }
    }

    func testStaleVersionsAreRefusedAndConcurrentUpdatesNeverLoseOne() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let references = try await store.referenceData()
            let project = world.projects[.system]!
            var fields = project.fields
            fields.title = "Renamed"
            let updated = try await store.updateProject(project.id, expectedVersion: 1, fields: fields, references: references, by: .system)
            XCTAssertEqual(updated.version, 2)
            fields.title = "Lost update"
            do {
                _ = try await store.updateProject(project.id, expectedVersion: 1, fields: fields, references: references, by: .system)
                XCTFail("a stale version was accepted")
            } catch let conflict as VersionConflict {
                XCTAssertEqual(conflict.currentVersion, 2)
            }
            let reread = try await store.project(project.id)
            XCTAssertEqual(reread?.fields.title, "Renamed")

            // Twelve writers race from the same version: exactly one wins, the rest are told.
            let base = fields
            let results = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        var attempt = base
                        attempt.title = "Writer \(index)"
                        return (try? await store.updateProject(project.id, expectedVersion: 2, fields: attempt,
                                                               references: references, by: .system)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            XCTAssertEqual(results.filter { $0 }.count, 1, database.rawValue)
            let final = try await store.project(project.id)
            XCTAssertEqual(final?.version, 3, database.rawValue)
            let history = try await store.projectHistory(project.id, page: PageRequest(perPage: 100)).items
            XCTAssertEqual(history.filter { $0.action == .update }.count, 2, database.rawValue)
        }
    }

    func testHistoryRecordsWhoChangedWhichFields() async throws {
        try await forEachDatabase { app, _ in
            let store = app.store
            let world = try await World.build(store)
            let references = try await store.referenceData()
            let project = world.projects[.organisation]!
            var fields = project.fields
            fields.title = "New title"
            fields.budgetPence = 500_000
            fields.partnerOrganisationIDs = []
            let admin = world.person("admin")
            _ = try await store.updateProject(project.id, expectedVersion: 1, fields: fields, references: references,
                                              by: AuditActor(id: admin.id, name: admin.name))
            let latest = try await store.projectHistory(project.id, page: PageRequest(perPage: 100)).items.first!
            XCTAssertEqual(latest.actorName, "admin")
            XCTAssertEqual(latest.actorID, admin.id)
            XCTAssertEqual(latest.action, .update)
            XCTAssertEqual(latest.changes, [
                FieldChange(field: "title", old: "Project organisation", new: "New title"),
                FieldChange(field: "partnerOrganisationIds", old: world.partner.id.lowercasedText, new: nil),
                FieldChange(field: "budgetPence", old: nil, new: "500000"),
            ])
            let reread = try await store.project(project.id)
            XCTAssertEqual(reread?.fields.partnerOrganisationIDs, [])
        }
    }

    func testAFailedWriteLeavesNoTrace() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            _ = try await World.build(store)
            let before = try await store.organisations().count
            do {
                _ = try await store.write { tx in
                    _ = try await tx.createOrganisation(OrganisationFields(name: "Half done", code: "RZZ", codeKind: .ods, kind: .other), by: .system)
                    throw ValidationFailure("name", "abandon")
                }
            } catch is ValidationFailure {}
            let organisations = try await store.organisations()
            XCTAssertEqual(organisations.count, before, database.rawValue)
            XCTAssertFalse(organisations.contains { $0.code == "RZZ" })
        }
    }

    /// On SQLite, writes queued behind one another share a commit, each in a savepoint of its own.
    /// Held here so that eight queue behind one: they must end exactly as eight transactions in
    /// turn would. The ones that fail (by throwing, or on a statement the database refuses, or on a
    /// duplicate of what a write before them in the group created) leave no trace and take no
    /// other with them.
    func testWritesCommittedTogetherSucceedAndFailAlone() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            _ = try await World.build(store)
            let organisationsBefore = try await store.organisations().count
            let countsBefore = store.instance.sqliteWrites.counts
            @Sendable func fields(_ code: String) -> OrganisationFields {
                OrganisationFields(name: "Group \(code)", code: code, codeKind: .ods, kind: .other)
            }

            let (started, startedSignal) = AsyncStream<Void>.makeStream()
            let (gate, opening) = AsyncStream<Void>.makeStream()
            let first = Task {
                try await store.write { tx in
                    startedSignal.finish()
                    for await _ in gate {}
                    return try await tx.createOrganisation(fields("RG0"), by: .system).code
                }
            }
            for await _ in started {}

            enum Ending: Hashable { case created(String), refused(String) }
            let writes: [@Sendable (Store) async throws -> String] = [
                { try await $0.createOrganisation(fields("RG1"), by: .system).code },
                { tx in
                    _ = try await tx.createOrganisation(fields("RG2"), by: .system)
                    throw ValidationFailure("name", "abandoned after a write")
                },
                { tx in
                    try await tx.run("""
                        INSERT INTO organisations (id, name, code, code_kind, kind, project_sequence, version, created_at, updated_at)
                        VALUES (\(bind: UUID()), 'Raw duplicate', 'RAA', 'ods', 'other', 0, 1, \(bind: tx.now()), \(bind: tx.now()))
                        """)
                    return "RAA"
                },
                { try await $0.createOrganisation(fields("RG3"), by: .system).code },
                { try await $0.createOrganisation(fields("RG3"), by: .system).code },
                { try await $0.createOrganisation(fields("RG4"), by: .system).code },
                { tx in
                    _ = try await tx.createOrganisation(fields("RG5"), by: .system)
                    throw NotFound("something")
                },
                { try await $0.createOrganisation(fields("RG6"), by: .system).code },
            ]
            let queued = writes.map { body in
                Task { () -> Ending in
                    do { return .created(try await store.write(body)) } catch { return .refused("\(type(of: error))") }
                }
            }
            if database == .sqlite {
                // Wait until all eight are queued behind the held write, so they form one group; a
                // queue that never fills fails the test rather than hanging it.
                let deadline = ContinuousClock.now + .seconds(30)
                while store.instance.sqliteWrites.waitingCount < writes.count {
                    guard ContinuousClock.now < deadline else {
                        XCTFail("only \(store.instance.sqliteWrites.waitingCount) of \(writes.count) writes queued in 30 s")
                        break
                    }
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            opening.finish()
            let firstCode = try await first.value
            var endings: [Ending] = []
            for task in queued { endings.append(await task.value) }

            XCTAssertEqual(firstCode, "RG0")
            // The writes queue in whatever order their tasks run: either of the two RG3s may be first.
            XCTAssertEqual(endings.map { if case .created(let code) = $0 { code } else { nil } }.compactMap { $0 },
                           ["RG1", "RG3", "RG4", "RG6"], database.rawValue)
            XCTAssertEqual(endings[1], .refused("ValidationFailure"), database.rawValue)
            XCTAssertEqual(Set([endings[3], endings[4]]), [.created("RG3"), .refused("ValidationFailure")], database.rawValue)
            XCTAssertEqual(endings[6], .refused("NotFound"), database.rawValue)
            let codes = Set(try await store.organisations().map(\.code))
            XCTAssertEqual(codes.count, organisationsBefore + 5, database.rawValue)
            XCTAssertTrue(codes.isSuperset(of: ["RG0", "RG1", "RG3", "RG4", "RG6"]), database.rawValue)
            XCTAssertTrue(codes.isDisjoint(with: ["RG2", "RG5"]), database.rawValue)
            let created = try await store.count("""
                SELECT COUNT(*) AS n FROM audit_events WHERE event = 'organisation.created' AND subject LIKE 'Group %'
                """)
            XCTAssertEqual(created, 5, database.rawValue)
            if database == .sqlite {
                let counts = store.instance.sqliteWrites.counts
                XCTAssertEqual(counts.writes - countsBefore.writes, 9)
                XCTAssertEqual(counts.groups - countsBefore.groups, 2, "the held write alone, then the eight together")
            }
        }
    }

    func testTheDatabaseOrdersTheAuditTrail() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            _ = try await World.build(store)
            let sql = app.db as! any SQLDatabase
            let orders = try await sql.raw("SELECT sequence FROM audit_events ORDER BY occurred_at, sequence").all()
                .map { try $0.decode(column: "sequence", as: Int64.self) }
            // Numbered by the database from 1, in the order the events were written: no process's
            // clock is asked, so instances whose clocks differ cannot interleave their events.
            XCTAssertEqual(orders, Array(1...Int64(orders.count)), database.rawValue)
            // A generator's bulk events are followed, not overtaken, by the next recorded one.
            try await sql.raw("""
                INSERT INTO audit_events (id, occurred_at, sequence, actor_name, entity_type, entity_id, action, event, subject, changes)
                VALUES (\(bind: UUID()), \(bind: Date()), 1000, 'x', 'project', \(bind: UUID()), 'create', 'project.created', 'bulk', '[]')
                """).run()
            try await store.continueAuditOrderAfterBulkInsert()
            _ = try await store.createOrganisation(OrganisationFields(name: "Later Trust", code: "RLT", codeKind: .ods, kind: .acuteTrust),
                                                   by: .system)
            let last = try await sql.raw("SELECT MAX(sequence) AS n FROM audit_events").first()?.decode(column: "n", as: Int64.self)
            XCTAssertEqual(last, 1001, database.rawValue)
        }
    }

    func testARowWaymarkCannotReadIsAnErrorNotAGuess() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let sql = app.db as! any SQLDatabase
            let person = world.person("member-lead")
            let project = world.projects[.system]!
            try await sql.raw("UPDATE people SET role = 'superuser' WHERE id = \(bind: person.id)").run()
            try await sql.raw("UPDATE projects SET status = 'paused', tags = 'not json' WHERE id = \(bind: project.id)").run()
            try await sql.raw("UPDATE organisations SET kind = 'castle' WHERE id = \(bind: world.other.id)").run()
            for (what, read) in [("person", { _ = try await store.person(person.id) }),
                                 ("project", { _ = try await store.project(project.id) }),
                                 ("organisations", { _ = try await store.organisations() })] as [(String, () async throws -> Void)] {
                do {
                    try await read()
                    XCTFail("[\(database)] the \(what) was read as a guess")
                } catch let error as Columns.UnknownValue {
                    XCTAssertTrue(["role", "status", "tags", "kind"].contains(error.column), "[\(database)] \(error)")
                }
            }
        }
    }

    func testDuplicatesAreFieldErrors() async throws {
        try await forEachDatabase { app, _ in
            let store = app.store
            let world = try await World.build(store)
            do {
                _ = try await store.createOrganisation(OrganisationFields(name: "Another", code: "RAA", codeKind: .ods, kind: .other), by: .system)
                XCTFail("duplicate code accepted")
            } catch let failure as ValidationFailure {
                XCTAssertEqual(failure.message(for: "code"), "An organisation with code RAA already exists: Lead Trust")
            }
            do {
                _ = try await store.createPerson(PersonFields(name: "X", email: "admin@test.example", role: .member,
                                                              organisationID: world.lead.id, password: nil),
                                                 passwordHash: World.passwordHash, by: .system)
                XCTFail("duplicate email accepted")
            } catch let failure as ValidationFailure {
                XCTAssertEqual(failure.errors.first?.field, "email")
            }
        }
    }

    func testDeactivationEndsSessionsAndTokensAndTheLastAdministratorStays() async throws {
        try await forEachDatabase { app, _ in
            let store = app.store
            let world = try await World.build(store)
            let member = world.person("member-lead")
            try await store.createSession(idHash: "session-hash", personID: member.id, csrfToken: "csrf", expiresAt: store.now().addingTimeInterval(3600))
            _ = try await store.createToken(personID: member.id, name: "script", tokenHash: "token-hash", by: .system)
            let found = try await store.session(idHash: "session-hash")
            XCTAssertNotNil(found)
            let tokenPerson = try await store.person(tokenHash: "token-hash")
            XCTAssertEqual(tokenPerson?.id, member.id)

            _ = try await store.setActive(member.id, false, expectedVersion: member.version, by: .system)
            let afterSession = try await store.session(idHash: "session-hash")
            XCTAssertNil(afterSession)
            let afterToken = try await store.person(tokenHash: "token-hash")
            XCTAssertNil(afterToken)

            let admin = world.person("admin")
            do {
                _ = try await store.setActive(admin.id, false, expectedVersion: admin.version, by: .system)
                XCTFail("the only administrator was deactivated")
            } catch let failure as ValidationFailure {
                XCTAssertEqual(failure.errors.first?.field, "active")
            }
        }
    }

    func testExpiredSessionsAreNotAcceptedAndAreSwept() async throws {
        try await forEachDatabase { app, _ in
            let store = app.store
            let world = try await World.build(store)
            try await store.createSession(idHash: "old", personID: world.person("admin").id, csrfToken: "c",
                                          expiresAt: store.now().addingTimeInterval(-1))
            let old = try await store.session(idHash: "old")
            XCTAssertNil(old)
            let swept = try await store.sweepExpired(olderThan: 900)
            XCTAssertEqual(swept, 1)
        }
    }

    func testMigrationsRevertAndReapply() async throws {
        try await forEachDatabase { app, database in
            try await app.autoRevert()
            try await app.autoMigrate()
            let stages = try await app.store.stages()
            XCTAssertEqual(stages.map(\.key), DefaultLifecycle.stages.map(\.key), database.rawValue)
            XCTAssertEqual(stages.map(\.gate), [nil, "Gate 0", "Gate 1", "Gate 2", nil, "Gate 3", nil])
        }
    }

    func testDemoSystemIsRich() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            try await DemoSystem.load(into: store, passwordHash: World.passwordHash)
            let organisations = try await store.organisations()
            XCTAssertGreaterThanOrEqual(organisations.count, 8)
            XCTAssertEqual(Set(organisations.map(\.kind)).count, 6, database.rawValue)
            let themes = try await store.themes()
            let programmes = try await store.programmes()
            XCTAssertEqual(themes.count, 6)
            XCTAssertEqual(programmes.count, 3)
            let people = try await store.people()
            XCTAssertGreaterThanOrEqual(people.count, 15)
            XCTAssertEqual(Set(people.map(\.role)), Set(SystemRole.allCases))
            let admin = people.first { $0.role == .admin }!
            let all = try await store.portfolio(PortfolioQuery(page: PageRequest(perPage: 100)), rule: AccessPolicy.readRule(for: admin.actor))
            XCTAssertGreaterThanOrEqual(all.total, 30)
            XCTAssertEqual(Set(all.items.map(\.visibility)), Set(Visibility.allCases))
            XCTAssertEqual(Set(all.items.map(\.methodology)), Set(Methodology.allCases))
            XCTAssertGreaterThanOrEqual(Set(all.items.map(\.stageID)).count, 6)
            var teamRoles = Set<TeamRole>()
            for project in all.items { teamRoles.formUnion(try await store.team(of: project.id).map(\.role)) }
            XCTAssertEqual(teamRoles, Set(TeamRole.allCases), database.rawValue)

            // A register that tells a true story: every status, raised scores, overdue reviews,
            // risks on both registers above the projects', and a candidate still waiting.
            var risks: [Risk] = []
            for project in all.items { risks += try await store.risks(ofProject: project.id) }
            XCTAssertGreaterThanOrEqual(risks.count, 40, database.rawValue)
            XCTAssertEqual(Set(risks.map(\.fields.status)), Set(RiskStatus.allCases), database.rawValue)
            XCTAssertEqual(Set(risks.map(\.fields.escalation)), Set(EscalationLevel.allCases), database.rawValue)
            let today = CalendarDate(store.now())
            XCTAssertTrue(risks.contains { $0.fields.isReviewOverdue(today: today) }, database.rawValue)
            let settings = try await store.riskSettings()
            XCTAssertTrue(risks.contains { settings.isEscalationCandidate($0.fields) }, database.rawValue)
            let raised = try await store.riskScoreHistory(risks[0].id)
            XCTAssertEqual(raised.count, 2, database.rawValue)
            let systemRegister = try await store.riskRegister(RiskRegisterQuery(scope: .system), rule: AccessPolicy.readRule(for: admin.actor)).listing
            XCTAssertGreaterThanOrEqual(systemRegister.total, 2, database.rawValue)

            // A history as it would have happened: from the project's start, by its real people, in order.
            let started = try XCTUnwrap(all.items.first { $0.startDate?.year == 2025 }, database.rawValue)
            let history = try await store.projectHistory(started.id, page: PageRequest(perPage: 100)).items
            XCTAssertGreaterThan(history.count, 5, database.rawValue)
            XCTAssertEqual(history.last?.event, .projectCreated, database.rawValue)
            XCTAssertEqual(history.last.map { CalendarDate($0.occurredAt) }, started.startDate, "\(database.rawValue): made on its first day")
            XCTAssertTrue(history.allSatisfy { $0.actorID != nil && $0.actorName != AuditActor.system.name }, "\(database.rawValue): by people")
            XCTAssertEqual(history.map(\.occurredAt), history.map(\.occurredAt).sorted(by: >), "\(database.rawValue): in the order it happened")
            XCTAssertLessThan(history.first?.occurredAt ?? .distantFuture, store.now(), database.rawValue)
            XCTAssertEqual(started.updatedAt, history.first { $0.entityID == started.id }?.occurredAt, "\(database.rawValue): last changed when it last changed")

            // A year of status history: every rating seen, every course of movement, closed
            // projects ending blue, some a period behind, some with this period's draft.
            let reporting = try await store.reportingState()
            let statuses = reporting.statuses[ReportingCycle.standard.open(on: today, workingDays: reporting.workingDays).previous] ?? [:]
            var updates: [StatusUpdate] = []
            for project in all.items { updates += try await store.statusUpdates(ofProject: project.id) }
            XCTAssertGreaterThan(updates.count, 250, database.rawValue)
            XCTAssertEqual(Set(updates.compactMap(\.fields.overall.rag)), Set(RAG.allCases), database.rawValue)
            XCTAssertTrue(updates.contains { $0.state == .draft }, database.rawValue)
            XCTAssertLessThan(statuses.values.filter { $0.reported != nil }.count,
                              all.items.filter { $0.status == .active || $0.status == .onHold }.count, "\(database.rawValue): some are overdue")
            XCTAssertTrue(updates.allSatisfy { $0.submittedAt.map { $0 < store.now() } ?? true }, database.rawValue)
            XCTAssertTrue(Set(updates.map(\.period)).count >= 12, database.rawValue)
        }
    }

    /// On PostgreSQL the reads every request makes run as prepared statements, kept per connection;
    /// they name their columns, so a migration that adds a column does not break them on the
    /// connections that prepared them before it.
    func testReusedStatementsArePreparedAndOutliveAnAddedColumn() async throws {
        try await forEachDatabase { app, database in
            let world = try await World.build(app.store)
            let project = world.projects[.team]!
            let reader = world.teamPerson.actor
            try await app.db.withConnection { connection in
                let store = Store(connection)
                let read = try await store.projectWithTeam(project.id, actor: reader)
                let (before, facts, team) = try XCTUnwrap(read, database.rawValue)
                XCTAssertEqual(before.fields, project.fields, database.rawValue)
                XCTAssertEqual(facts.actorTeamRole, .member)
                XCTAssertEqual(team.map(\.name), ["teammate"])
                let sql = connection as! any SQLDatabase
                if database == .postgres {
                    let prepared = try await sql.raw("SELECT COUNT(*) AS n FROM pg_prepared_statements WHERE name LIKE 'waymark_%'")
                        .first(decodingColumn: "n", as: Int.self)
                    XCTAssertGreaterThanOrEqual(prepared ?? 0, 1, "the project's statement is prepared on its connection")
                }
                try await sql.raw("ALTER TABLE projects ADD COLUMN later_note TEXT").run()
                let again = try await store.projectWithTeam(project.id, actor: reader)
                XCTAssertEqual(again?.0.fields, project.fields, "[\(database)] read again after the migration")
                let history = try await store.projectHistory(project.id, page: PageRequest(perPage: 1))
                XCTAssertEqual(history.total, 2, "created, and the team member added")
                XCTAssertEqual(history.items.count, 1)
                let beyond = try await store.projectHistory(project.id, page: PageRequest(page: 5, perPage: 1))
                XCTAssertEqual(beyond.total, 2, "the total past the last page")
                XCTAssertTrue(beyond.items.isEmpty)
                try await sql.raw("ALTER TABLE projects DROP COLUMN later_note").run()
            }
        }
    }
}
