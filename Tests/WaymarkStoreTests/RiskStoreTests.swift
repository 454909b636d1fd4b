import Foundation
import SQLKit
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

/// Risks on a project's register (M014), on SQLite and PostgreSQL: numbering, graded ratings that
/// keep their band when the table changes, the score history, optimistic locking and the audit trail.
final class RiskStoreTests: XCTestCase {
    func rating(_ likelihood: Likelihood, _ consequence: Consequence) -> RiskRating {
        RiskRating(likelihood: likelihood, consequence: consequence)
    }

    func testRisksAreNumberedGradedAndKeepTheirBandsWhenTheTableChanges() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let project = world.projects[.system]!
            let settings = try await store.riskSettings()
            XCTAssertEqual(settings, .nhsDefault, "[\(database)] the migration's settings are NPSA's")
            let categories = try await store.riskCategories()
            XCTAssertEqual(categories.first?.name, "Clinical and patient safety", "[\(database)]")
            XCTAssertEqual(categories.count, 11, "[\(database)]")

            let owner = world.person("member-lead").id
            var fields = RiskFields(title: "Agency costs exceed budget", cause: "Vacancies", event: "Agency cover",
                                    effect: "Overspend", categoryID: categories[1].id, ownerID: owner,
                                    inherent: rating(.likely, .major), current: rating(.possible, .major),
                                    target: rating(.unlikely, .moderate), reviewDate: CalendarDate("2027-01-15"))
            let first = try await store.createRisk(projectID: project.id, fields: fields, settings: settings, by: .system)
            let second = try await store.createRisk(projectID: project.id, fields: fields, settings: settings, by: .system)
            XCTAssertEqual([first.reference, second.reference], ["R1", "R2"], "[\(database)]")
            XCTAssertEqual([first.inherentBand, first.currentBand, first.targetBand], ["Extreme", "High", "Moderate"], "[\(database)]")
            let read = try await store.risk(first.id)
            XCTAssertEqual(read, first, "[\(database)] read back as written")

            // A stricter table grades what changes from now on; what was stored keeps its band.
            let stricter = try RiskBandTable([
                RiskBand(name: "Low", lowestScore: 1, colour: "#007f3b"),
                RiskBand(name: "Significant", lowestScore: 5, colour: "#ed8b00"),
                RiskBand(name: "Severe", lowestScore: 10, colour: "#d5281b"),
            ])
            try await store.updateRiskSettings(RiskSettings(bands: stricter, escalationThreshold: 15), expectedVersion: 1, by: .system)
            let now = try await store.riskSettings()
            XCTAssertEqual(now.bands, stricter, "[\(database)]")
            fields.current = rating(.likely, .catastrophic)
            let raised = try await store.updateRisk(first.id, expectedVersion: 1, fields: fields, settings: now, by: .system)
            XCTAssertEqual([raised.inherentBand, raised.currentBand, raised.targetBand], ["Extreme", "Severe", "Moderate"],
                           "[\(database)] only the changed rating is graded again")
            let reread = try await store.risk(first.id)
            XCTAssertEqual(reread, raised, "[\(database)]")
            let history = try await store.riskScoreHistory(first.id)
            XCTAssertEqual(history.map(\.rating), [GradedRating(rating: rating(.possible, .major), band: "High"),
                                                   GradedRating(rating: rating(.likely, .catastrophic), band: "Severe")], "[\(database)]")

            // A change that leaves the current rating alone adds no point; a stale version changes nothing.
            fields.title = "Agency costs exceed the budget"
            _ = try await store.updateRisk(first.id, expectedVersion: 2, fields: fields, settings: now, by: .system)
            let points = try await store.riskScoreHistory(first.id).count
            XCTAssertEqual(points, 2, "[\(database)]")
            do {
                fields.title = "Lost"
                _ = try await store.updateRisk(first.id, expectedVersion: 2, fields: fields, settings: now, by: .system)
                XCTFail("[\(database)] a stale version was applied")
            } catch let conflict as VersionConflict {
                XCTAssertEqual(conflict.currentVersion, 3, "[\(database)]")
            }
            let title = try await store.risk(first.id)?.fields.title
            XCTAssertEqual(title, "Agency costs exceed the budget", "[\(database)]")

            // Closing is recorded as a closure; the project's history names each event.
            fields.status = .closed
            _ = try await store.updateRisk(first.id, expectedVersion: 3, fields: fields, settings: now, by: .system)
            try await store.deleteRisk(second.id, by: .system)
            let register = try await store.risks(ofProject: project.id).map(\.reference)
            XCTAssertEqual(register, ["R1"], "[\(database)]")
            let events = try await store.rows("""
                SELECT event FROM audit_events WHERE entity_type = 'risk' ORDER BY sequence
                """, reading: { try $0.string("event") })
            XCTAssertEqual(events, ["risk.created", "risk.created", "risk.changed", "risk.changed", "risk.closed", "risk.deleted"],
                           "[\(database)]")

            // A new risk after a deletion takes the next number, never a reused one.
            let third = try await store.createRisk(projectID: project.id, fields: fields, settings: now, by: .system)
            XCTAssertEqual(third.reference, "R2", "[\(database)] numbers follow the largest kept")
            // The register goes with its project.
            try await store.deleteProject(project.id, references: try await store.referenceData(), by: .system)
            let risksLeft = try await store.count("SELECT COUNT(*) AS n FROM risks")
            XCTAssertEqual(risksLeft, 0, "[\(database)]")
            let ratingsLeft = try await store.count("SELECT COUNT(*) AS n FROM risk_ratings")
            XCTAssertEqual(ratingsLeft, 0, "[\(database)]")
        }
    }

    /// Risks recorded at once on one project each get a number of their own.
    func testRisksRecordedAtOnceOnOneProjectGetNumbersOfTheirOwn() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let project = world.projects[.team]!
            let settings = try await store.riskSettings()
            let fields = RiskFields(title: "Concurrent", ownerID: world.person("admin").id, inherent: rating(.rare, .minor),
                                    current: rating(.rare, .minor), target: rating(.rare, .minor), reviewDate: CalendarDate("2027-01-01"))
            let risks = try await withThrowingTaskGroup(of: Risk.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await store.createRisk(projectID: project.id, fields: fields, settings: settings, by: .system) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(Set(risks.map(\.number)), Set(1...8), "[\(database)]")
        }
    }

    /// The system's and organisations' registers list exactly the escalated risks of the projects
    /// each person may read (the readable-projects seam), for every person of the fixture.
    func testRegistersListOnlyWhatEachPersonMayRead() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let settings = try await store.riskSettings()
            let rating = RiskRating(likelihood: .likely, consequence: .catastrophic)
            var escalated: [UUID: (Project, EscalationLevel)] = [:]
            for (visibility, project) in world.projects {
                for level in EscalationLevel.allCases {
                    let risk = try await store.createRisk(projectID: project.id, fields: RiskFields(
                        title: "\(visibility.rawValue) \(level.rawValue)", ownerID: world.teamPerson.id, inherent: rating,
                        current: rating, target: rating, reviewDate: CalendarDate("2027-01-01")), settings: settings, by: .system)
                    if level != .project {
                        let moved = try await store.escalateRisk(risk.id, expectedVersion: 1,
                                                                 to: RiskEscalation(level: level, reason: "Needs the \(level.rawValue)"),
                                                                 by: .system)
                        XCTAssertEqual(moved.fields.escalation, level, "[\(database)]")
                        XCTAssertEqual(moved.version, 2, "[\(database)]")
                    }
                    escalated[risk.id] = (project, level)
                }
            }
            var checked = 0
            for person in world.people.values {
                let rule = AccessPolicy.readRule(for: person.actor)
                for (query, level) in [(RiskRegisterQuery(scope: .system), EscalationLevel.system),
                                       (RiskRegisterQuery(scope: .organisation(world.lead.id)), .organisation),
                                       (RiskRegisterQuery(scope: .organisation(world.other.id)), .organisation)] {
                    let listed = Set(try await store.riskRegister(query, rule: rule).listing.items.map(\.risk.id))
                    let expected = Set(escalated.filter { _, entry in
                        let (project, risk) = entry
                        let inScope = if case .organisation(let id) = query.scope { project.fields.leadOrganisationID == id } else { true }
                        let facts = project.accessFacts(actorTeamRole: world.teamPerson.id == person.id ? .member : nil)
                        return risk == level && inScope && AccessPolicy.canRead(person.actor, facts)
                    }.keys)
                    XCTAssertEqual(listed, expected, "[\(database)] \(person.name) \(query.scope)")
                    checked += 1
                }
            }
            XCTAssertEqual(checked, world.people.count * 3, "[\(database)]")
            // Filters: a band no risk has lists none; the cell lists those in it.
            let admin = AccessPolicy.readRule(for: world.person("admin").actor)
            let none = try await store.riskRegister(RiskRegisterQuery(scope: .system, band: "Low"), rule: admin).listing
            XCTAssertEqual(none.total, 0, "[\(database)]")
            let cell = try await store.riskRegister(RiskRegisterQuery(scope: .system, cell: rating), rule: admin).listing
            XCTAssertEqual(cell.total, 3, "[\(database)] one per project")
            // Paged in the database; the heat map's counts cover every page.
            let first = try await store.riskRegister(RiskRegisterQuery(scope: .system), rule: admin, page: PageRequest(page: 1, perPage: 2)).listing
            let second = try await store.riskRegister(RiskRegisterQuery(scope: .system), rule: admin, page: PageRequest(page: 2, perPage: 2)).listing
            XCTAssertEqual([first.items.count, second.items.count, first.total], [2, 1, 3], "[\(database)]")
            XCTAssertTrue(Set(first.items.map(\.risk.id)).isDisjoint(with: second.items.map(\.risk.id)), "[\(database)]")
            let cells = try await store.riskRegister(RiskRegisterQuery(scope: .system, cell: RiskRating(likelihood: .rare, consequence: .minor)),
                                                     rule: admin).cells
            XCTAssertEqual(cells, [rating: 3], "[\(database)] the map counts every cell whatever cell is chosen")
        }
    }

    /// The registers are answered from memory (`EscalatedRiskRegister`) kept while the
    /// `escalated_risks` counter stands still: an escalation, a change to an escalated risk (on this
    /// instance, another, or at a SQL prompt) and a de-escalation move it and are seen at once; a
    /// change to a risk on its project's register does not move it.
    func testRegistersFollowEveryChangeToAnEscalatedRisk() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let other = Store(app.db, instance: StoreInstance())
            let sql = app.db as! any SQLDatabase
            let world = try await World.build(store)
            let admin = AccessPolicy.readRule(for: world.person("admin").actor)
            let settings = try await store.riskSettings()
            let fields = RiskFields(title: "Winter pressures", ownerID: world.teamPerson.id, inherent: rating(.likely, .major),
                                    current: rating(.likely, .major), target: rating(.unlikely, .major))
            func listed(_ on: Store) async throws -> [String] {
                try await on.riskRegister(RiskRegisterQuery(scope: .system, status: nil), rule: admin).listing.items.map(\.risk.fields.title)
            }
            func counter() async throws -> Int64 { try await store.generation(of: .escalatedRisks) }

            let risk = try await store.createRisk(projectID: world.projects[.system]!.id, fields: fields, settings: settings, by: .system)
            let quiet = try await counter()
            var empty = try await listed(other)
            XCTAssertEqual(empty, [], "[\(database)]")
            var changed = fields
            changed.current = rating(.almostCertain, .major)
            _ = try await store.updateRisk(risk.id, expectedVersion: 1, fields: changed, settings: settings, by: .system)
            var moved = try await counter()
            XCTAssertEqual(moved, quiet, "[\(database)] a risk on its project's register moves no counter")

            _ = try await store.escalateRisk(risk.id, expectedVersion: 2, to: RiskEscalation(level: .system, reason: "Beds"), by: .system)
            var seen = try await listed(other)
            XCTAssertEqual(seen, ["Winter pressures"], "[\(database)] escalated on one instance, listed by another")
            changed.title = "Winter pressures on beds"
            _ = try await other.updateRisk(risk.id, expectedVersion: 3, fields: changed, settings: settings, by: .system)
            seen = try await listed(store)
            XCTAssertEqual(seen, ["Winter pressures on beds"], "[\(database)]")
            try await sql.raw("UPDATE risks SET title = 'Typed at a prompt' WHERE id = \(bind: risk.id)").run()
            seen = try await listed(other)
            XCTAssertEqual(seen, ["Typed at a prompt"], "[\(database)] a change at a SQL prompt is counted too")
            moved = try await counter()
            _ = try await store.escalateRisk(risk.id, expectedVersion: 4, to: RiskEscalation(level: .project, reason: "Managed"), by: .system)
            let after = try await counter()
            XCTAssertGreaterThan(after, moved, "[\(database)]")
            empty = try await listed(other)
            XCTAssertEqual(empty, [], "[\(database)] de-escalated")
        }
    }

    /// A project's register is held in memory between requests while the `items` counter stands
    /// still, and read again when anything moves it: a change by another instance, at a SQL prompt,
    /// or to another project's items. What a transaction reads is never kept.
    func testAProjectsRegisterHeldInMemoryFollowsEveryChange() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let sql = app.db as! any SQLDatabase
            let world = try await World.build(store)
            let project = world.projects[.system]!.id, elsewhere = world.projects[.team]!.id
            let settings = try await store.riskSettings()
            let fields = RiskFields(title: "Winter pressures", ownerID: world.teamPerson.id, inherent: rating(.likely, .major),
                                    current: rating(.likely, .major), target: rating(.unlikely, .major))
            let request = try await requests(app, signedInAs: world.person("admin").id, database)
            @discardableResult
            func assertAsStored(_ context: String) async throws -> ProjectRisks {
                let held = try await request().projectRisks(project)
                let stored = try await store.risks(where: "r.project_id = \(bind: project)")
                XCTAssertEqual(held.items, stored, "[\(database)] \(context)")
                XCTAssertEqual(held.rendered.count, stored.count, "[\(database)] \(context)")
                return held
            }

            try await assertAsStored("no risks yet")
            let first = try await store.createRisk(projectID: project, fields: fields, settings: settings, by: .system)
            _ = try await store.createRisk(projectID: project, fields: fields, settings: settings, by: .system)
            let read = try await assertAsStored("two risks recorded")
            XCTAssertEqual(read.items.map(\.reference), ["R1", "R2"], "[\(database)]")
            let again = try await assertAsStored("nothing changed")
            XCTAssertTrue(zip(read.rendered, again.rendered).allSatisfy { $0 === $1 }, "[\(database)] held, not read again")

            var changed = fields
            changed.current = rating(.almostCertain, .catastrophic)
            _ = try await Store(app.db, instance: StoreInstance()).updateRisk(first.id, expectedVersion: 1, fields: changed,
                                                                               settings: settings, by: .system)
            let updated = try await assertAsStored("changed by another instance")
            XCTAssertEqual(updated.items.first?.fields.current.score, 25, "[\(database)]")
            try await sql.raw("UPDATE risks SET title = 'Typed at a prompt' WHERE id = \(bind: first.id)").run()
            let typed = try await assertAsStored("changed at a SQL prompt")
            XCTAssertEqual(typed.items.first?.fields.title, "Typed at a prompt", "[\(database)]")
            _ = try await store.createRisk(projectID: elsewhere, fields: fields, settings: settings, by: .system)
            let unchanged = try await assertAsStored("another project's risk recorded")
            XCTAssertFalse(zip(typed.rendered, unchanged.rendered).contains { $0 === $1 }, "[\(database)] read again")

            // A risk recorded in a transaction that is then abandoned: the transaction sees it, and
            // what it saw is not kept for the requests after it.
            try await abandonTransaction(on: try await request(), database) { transaction in
                _ = try await transaction.createRisk(projectID: project, fields: fields, settings: settings, by: .system)
                let inside = try await transaction.projectRisks(project).items.count
                XCTAssertEqual(inside, 3, "[\(database)] the transaction sees its own risk")
            }
            let after = try await assertAsStored("after the abandoned transaction")
            XCTAssertEqual(after.items.count, 2, "[\(database)]")
            try await store.deleteRisk(first.id, by: .system)
            try await assertAsStored("a risk deleted")
        }
    }

    /// A project's issue log is held as its register is: served from memory while the `items`
    /// counter stands still, read again after a change by another instance, at a SQL prompt, or to
    /// another kind of item, and never kept from a transaction.
    func testAProjectsIssueLogHeldInMemoryFollowsEveryChange() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let sql = app.db as! any SQLDatabase
            let world = try await World.build(store)
            let project = world.projects[.system]!.id
            let fields = IssueFields(title: "Theatre list cancelled", ownerID: world.teamPerson.id, raisedOn: CalendarDate("2026-09-01")!)
            let request = try await requests(app, signedInAs: world.person("admin").id, database)
            @discardableResult
            func assertAsStored(_ context: String) async throws -> ProjectIssues {
                let held = try await request().projectIssues(project)
                let stored = try await store.issues(where: "i.project_id = \(bind: project)")
                XCTAssertEqual(held.items, stored, "[\(database)] \(context)")
                XCTAssertEqual(held.rendered.count, stored.count, "[\(database)] \(context)")
                return held
            }

            try await assertAsStored("no issues yet")
            let first = try await store.createIssue(projectID: project, fields: fields, by: .system)
            let read = try await assertAsStored("one issue logged")
            let again = try await assertAsStored("nothing changed")
            XCTAssertTrue(zip(read.rendered, again.rendered).allSatisfy { $0 === $1 }, "[\(database)] held, not read again")
            var changed = fields
            changed.priority = .critical
            _ = try await Store(app.db, instance: StoreInstance()).updateIssue(first.id, expectedVersion: 1, fields: changed, by: .system)
            let updated = try await assertAsStored("changed by another instance")
            XCTAssertEqual(updated.items.first?.fields.priority, .critical, "[\(database)]")
            try await sql.raw("UPDATE issues SET title = 'Typed at a prompt' WHERE id = \(bind: first.id)").run()
            let typed = try await assertAsStored("changed at a SQL prompt")
            XCTAssertEqual(typed.items.first?.fields.title, "Typed at a prompt", "[\(database)]")
            _ = try await store.createRisk(projectID: project, fields: RiskFields(title: "Another kind", inherent: rating(.likely, .major),
                                                                                current: rating(.likely, .major), target: rating(.rare, .major)),
                                           settings: try await store.riskSettings(), by: .system)
            let unchanged = try await assertAsStored("a risk recorded")
            XCTAssertFalse(zip(typed.rendered, unchanged.rendered).contains { $0 === $1 }, "[\(database)] read again")
            try await abandonTransaction(on: try await request(), database) { transaction in
                _ = try await transaction.createIssue(projectID: project, fields: fields, by: .system)
                let inside = try await transaction.projectIssues(project).items.count
                XCTAssertEqual(inside, 2, "[\(database)] the transaction sees its own issue")
            }
            let after = try await assertAsStored("after the abandoned transaction")
            XCTAssertEqual(after.items.count, 1, "[\(database)]")
            try await store.deleteIssue(first.id, by: .system)
            try await assertAsStored("an issue deleted")
        }
    }

    /// A project's plan (milestones and baselines) is held likewise; a baseline moves the counter
    /// even when it changes no milestone (a plan baselined before it has any), and when it is
    /// changed at a SQL prompt.
    func testAProjectsPlanHeldInMemoryFollowsEveryChange() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let sql = app.db as! any SQLDatabase
            let world = try await World.build(store)
            let project = world.projects[.system]!.id
            let request = try await requests(app, signedInAs: world.person("admin").id, database)
            func assertAsStored(_ context: String) async throws {
                let held = try await request().projectPlan(project)
                let stored = try await Store(app.db, instance: StoreInstance()).projectPlan(project)
                XCTAssertEqual(held.milestones, stored.milestones, "[\(database)] \(context)")
                XCTAssertEqual(held.baselines, stored.baselines, "[\(database)] \(context)")
            }

            try await assertAsStored("an empty plan")
            _ = try await store.baselinePlan(projectID: project, reason: "Before any milestone", by: .system)
            try await assertAsStored("baselined with no milestones")
            let reasons = try await request().projectPlan(project).baselines.map(\.reason)
            XCTAssertEqual(reasons, ["Before any milestone"], "[\(database)]")
            let milestone = try await store.createMilestone(projectID: project, fields: MilestoneFields(title: "Go live",
                                                                                                      forecastDate: CalendarDate("2027-03-01")!),
                                                            by: .system)
            try await assertAsStored("a milestone planned")
            _ = try await store.baselinePlan(projectID: project, reason: "Approved plan", by: .system)
            try await assertAsStored("baselined again")
            try await sql.raw("UPDATE plan_baselines SET reason = 'Typed at a prompt' WHERE project_id = \(bind: project) AND number = 1").run()
            try await assertAsStored("a baseline changed at a SQL prompt")
            try await sql.raw("UPDATE plan_baseline_entries SET title = 'Typed too' WHERE milestone_id = \(bind: milestone.id)").run()
            try await assertAsStored("a baseline's entry changed at a SQL prompt")
            let titles = try await request().projectPlan(project).baselines.first?.entries.map(\.title)
            XCTAssertEqual(titles, ["Typed too"], "[\(database)]")
            try await store.deleteMilestone(milestone.id, by: .system)
            try await assertAsStored("a milestone deleted")
        }
    }

    /// What a person owns ("my work") is held in memory at the `items` counter, which every table
    /// it is read from moves: each change below, by another instance, at a SQL prompt (an
    /// assumption's included, which M046 counts), to someone else's item, a deletion and an
    /// abandoned transaction, shows in the next request's answer, as a fresh read gives it.
    func testWhatAPersonOwnsHeldInMemoryFollowsEveryChange() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let sql = app.db as! any SQLDatabase
            let world = try await World.build(store)
            let project = world.projects[.system]!.id, owner = world.teamPerson.id, someoneElse = world.person("admin").id
            let request = try await requests(app, signedInAs: someoneElse, database)
            let soon = CalendarDate("2026-10-01")!, later = CalendarDate("2027-06-30")!
            @discardableResult
            func assertAsStored(_ context: String) async throws -> [WorkItem] {
                let fresh = Store(app.db, instance: StoreInstance())
                for through in [soon, later] {
                    let held = try await request().work(ownedBy: owner, dueBy: through)
                    let stored = try await fresh.work(ownedBy: owner, dueBy: through)
                    XCTAssertEqual(held, stored, "[\(database)] \(context), due by \(through)")
                }
                return try await request().work(ownedBy: owner, dueBy: later)
            }

            try await assertAsStored("nothing owned yet")
            let assumption = try await store.createAssumption(projectID: project, fields: AssumptionFields(
                statement: "Staff will be released for training", ownerID: owner, validateBy: CalendarDate("2026-09-25")!), by: .system)
            let owned = try await assertAsStored("an assumption to validate")
            XCTAssertEqual(owned.map(\.title), ["Staff will be released for training"], "[\(database)]")
            _ = try await Store(app.db, instance: StoreInstance()).updateAssumption(
                assumption.id, expectedVersion: 1, fields: AssumptionFields(statement: "Staff released", ownerID: owner,
                                                                            validateBy: CalendarDate("2026-12-01")!), by: .system)
            let moved = try await assertAsStored("changed by another instance")
            XCTAssertEqual(moved.map(\.due), [CalendarDate("2026-12-01")!], "[\(database)]")
            try await sql.raw("UPDATE assumptions SET statement = 'Typed at a prompt' WHERE id = \(bind: assumption.id)").run()
            let typed = try await assertAsStored("an assumption changed at a SQL prompt")
            XCTAssertEqual(typed.map(\.title), ["Typed at a prompt"], "[\(database)]")
            let action = try await store.createAction(projectID: project, fields: ActionFields(title: "Book the room", ownerID: owner,
                                                                                              dueDate: CalendarDate("2026-09-30")!),
                                                      by: .system)
            try await assertAsStored("an action to do")
            try await sql.raw("UPDATE actions SET done_on = '2026-09-20' WHERE id = \(bind: action.id)").run()
            let done = try await assertAsStored("an action done at a SQL prompt")
            XCTAssertEqual(done.map(\.kind), [.assumption], "[\(database)]")
            _ = try await store.createMilestone(projectID: project, fields: MilestoneFields(title: "Someone else's", ownerID: someoneElse,
                                                                                           forecastDate: CalendarDate("2026-10-01")!),
                                                by: .system)
            try await assertAsStored("someone else's milestone")
            try await abandonTransaction(on: try await request(), database) { transaction in
                _ = try await transaction.createMilestone(projectID: project, fields: MilestoneFields(
                    title: "Abandoned", ownerID: owner, forecastDate: CalendarDate("2026-09-28")!), by: .system)
                let inside = try await transaction.work(ownedBy: owner, dueBy: later).map(\.title)
                XCTAssertTrue(inside.contains("Abandoned"), "[\(database)] the transaction sees its own milestone")
            }
            let after = try await assertAsStored("after the abandoned transaction")
            XCTAssertFalse(after.map(\.title).contains("Abandoned"), "[\(database)]")
            try await store.deleteAssumption(assumption.id, by: .system)
            let none = try await assertAsStored("the assumption deleted")
            XCTAssertEqual(none, [], "[\(database)]")
        }
    }

    /// A project's actions, and the risks, issues, assumptions and dependencies an action or a
    /// decision may be for, are held at the `items` counter: each change below (another instance,
    /// a SQL prompt, each kind of item, an abandoned transaction, a deletion) shows in the next
    /// request's answer, as a fresh read gives it.
    func testAProjectsActionsAndRAIDItemsHeldInMemoryFollowEveryChange() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let sql = app.db as! any SQLDatabase
            let world = try await World.build(store)
            let project = world.projects[.system]!.id
            let request = try await requests(app, signedInAs: world.person("admin").id, database)
            @discardableResult
            func assertAsStored(_ context: String) async throws -> (actions: [Action], items: [RAIDItemLabel]) {
                let fresh = Store(app.db, instance: StoreInstance())
                let held = (try await request().actions(ofProject: project), try await request().raidItems(ofProject: project))
                let stored = (try await fresh.actions(ofProject: project), try await fresh.raidItems(ofProject: project))
                XCTAssertEqual(held.0, stored.0, "[\(database)] \(context)")
                XCTAssertEqual(held.1, stored.1, "[\(database)] \(context)")
                return held
            }

            try await assertAsStored("an empty log")
            let action = try await store.createAction(projectID: project, fields: ActionFields(title: "Book the room",
                                                                                              dueDate: CalendarDate("2026-09-30")!),
                                                      by: .system)
            try await assertAsStored("an action recorded")
            _ = try await Store(app.db, instance: StoreInstance()).updateAction(
                action.id, expectedVersion: 1, fields: ActionFields(title: "Book the hall", dueDate: CalendarDate("2026-10-02")!), by: .system)
            let changed = try await assertAsStored("changed by another instance")
            XCTAssertEqual(changed.actions.map(\.fields.title), ["Book the hall"], "[\(database)]")
            try await sql.raw("UPDATE actions SET done_on = '2026-09-20' WHERE id = \(bind: action.id)").run()
            let done = try await assertAsStored("done at a SQL prompt")
            XCTAssertEqual(done.actions.first?.fields.doneOn, CalendarDate("2026-09-20"), "[\(database)]")
            let assumption = try await store.createAssumption(projectID: project, fields: AssumptionFields(statement: "Rooms are free"),
                                                              by: .system)
            try await assertAsStored("an assumption made")
            try await sql.raw("UPDATE assumptions SET statement = 'Typed at a prompt' WHERE id = \(bind: assumption.id)").run()
            let typed = try await assertAsStored("an assumption changed at a SQL prompt")
            XCTAssertEqual(typed.items.map(\.title), ["Typed at a prompt"], "[\(database)]")
            _ = try await store.createIssue(projectID: project, fields: IssueFields(title: "Room double-booked",
                                                                                    raisedOn: CalendarDate("2026-09-01")!), by: .system)
            _ = try await store.createDependency(projectID: project, fields: DependencyFields(title: "Estates sign-off", external: "Estates",
                                                                                              neededBy: CalendarDate("2026-11-01")!),
                                                 by: .system)
            let four = try await assertAsStored("an issue and a dependency")
            XCTAssertEqual(four.items.map(\.reference), ["I1", "A1", "D1"], "[\(database)] by kind, then number")
            try await abandonTransaction(on: try await request(), database) { transaction in
                _ = try await transaction.createAction(projectID: project, fields: ActionFields(title: "Abandoned",
                                                                                                dueDate: CalendarDate("2026-09-28")!),
                                                       by: .system)
                let inside = try await transaction.actions(ofProject: project).count
                XCTAssertEqual(inside, 2, "[\(database)] the transaction sees its own action")
            }
            let after = try await assertAsStored("after the abandoned transaction")
            XCTAssertEqual(after.actions.count, 1, "[\(database)]")
            try await store.deleteAction(action.id, by: .system)
            try await store.deleteAssumption(assumption.id, by: .system)
            let left = try await assertAsStored("an action and an assumption deleted")
            XCTAssertEqual(left.actions, [], "[\(database)]")
        }
    }

    /// The cache of registers per project keeps at most its capacity, the values the counter has
    /// moved past going first, and never replaces a value with one read earlier.
    func testTheRegistersHeldPerProjectAreBounded() {
        let cache = KeyedGenerationCache<String, Int>(capacity: 2)
        cache.keep("a", generation: 1, 10)
        cache.keep("b", generation: 2, 20)
        XCTAssertEqual(cache.value("a", atLeast: 1), 10)
        XCTAssertNil(cache.value("a", atLeast: 2), "read before the counter moved")
        cache.keep("b", generation: 1, 21)
        XCTAssertEqual(cache.value("b", atLeast: 2), 20, "a value read earlier does not replace a later one")
        cache.keep("c", generation: 2, 30)
        XCTAssertNil(cache.value("a", atLeast: 0), "the value the counter has moved past went first")
        XCTAssertEqual([cache.value("b", atLeast: 2), cache.value("c", atLeast: 2)], [20, 30])
        cache.keep("d", generation: 2, 40)
        let held = ["b", "c", "d"].compactMap { cache.value($0, atLeast: 2) }
        XCTAssertEqual(held.count, 2, "full of current values: one of them makes way")
        XCTAssertEqual(cache.value("d", atLeast: 2), 40)
    }
}
