import Foundation
import SQLKit
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

final class SyntheticSystemTests: XCTestCase {
    /// What a synthetic system looks like through the same queries the product uses.
    func fingerprint(_ store: Store) async throws -> [String] {
        let admin = try await store.people().first { $0.role == .admin }!
        let page = try await store.portfolio(PortfolioQuery(sort: .code, page: PageRequest(page: 1, perPage: 100)),
                                             rule: AccessPolicy.readRule(for: admin.actor))
        var lines = try await store.organisations().map { "\($0.code) \($0.name) \($0.kind.rawValue)" }
        for project in page.items {
            let team = try await store.team(of: project.id).map { "\($0.email):\($0.role.rawValue)" }.sorted()
            let full = try await store.project(project.id)!
            let risks = try await store.risks(ofProject: project.id).map {
                "\($0.reference):\($0.fields.current.score):\($0.fields.status.rawValue):\($0.fields.escalation.rawValue)"
            }
            lines.append("\(project.code) \(project.title) \(project.visibility.rawValue) \(project.stageName) "
                         + "\(full.fields.partnerOrganisationIDs.count) partners \(full.fields.budgetPence ?? -1) \(team) \(risks)")
        }
        return lines
    }

    func testTheTinySystemHasTheExpectedShapeAndIsReproducible() async throws {
        try await forEachDatabase { app, database in
            let counts = try await SyntheticSystem.load(.tiny, seed: 7, into: app.store, passwordHash: World.passwordHash)
            XCTAssertEqual(counts.organisations, 6, database.rawValue)
            XCTAssertEqual(counts.projects, 20)
            XCTAssertEqual(counts.people, 30)
            XCTAssertEqual(counts.themes, 8)
            XCTAssertEqual(counts.auditEvents, 20)
            XCTAssertGreaterThanOrEqual(counts.teamMembers, 40, "every project has a team of at least two")
            // Risk registers: every project that is open has one, each risk's grading and history
            // as the product would have stored them.
            XCTAssertGreaterThanOrEqual(counts.risks, 20, database.rawValue)
            XCTAssertGreaterThanOrEqual(counts.riskRatings, counts.risks, database.rawValue)
            let generated = app.store
            let everything = AccessPolicy.readRule(for: try await generated.people().first { $0.role == .admin }!.actor)
            let every = try await generated.portfolio(PortfolioQuery(page: PageRequest(perPage: 100)), rule: everything)
            var graded = 0, logged = 0, measured = 0, observed = 0, benefits = 0, cashYears = 0, lessons = 0, updates = 0, reviews = 0
            let gates = try await generated.gateSettings()
            for project in every.items {
                // Measures read back as the product stores them, and analyse without a warning
                // about values (every one is a finite number).
                let observations = try await generated.observations(ofProject: project.id)
                for measure in try await generated.measures(ofProject: project.id) {
                    let analysis = measure.analysis(observations[measure.id] ?? [])
                    XCTAssertFalse(analysis.warnings.contains { $0.contains("not finite") }, database.rawValue)
                    measured += 1
                    observed += observations[measure.id]?.count ?? 0
                }
                // Benefits read back as the product stores them, any measure linked their own project's.
                let measureIDs = Set(try await generated.measures(ofProject: project.id).map(\.id))
                for benefit in try await generated.benefits(ofProject: project.id) {
                    XCTAssertTrue(Set(benefit.fields.measureIDs).isSubset(of: measureIDs), database.rawValue)
                    XCTAssertTrue(benefit.fields.cash.isEmpty || benefit.fields.category == .cashReleasing, database.rawValue)
                    benefits += 1
                    cashYears += benefit.fields.cash.count
                }
                // Lessons read back as the product stores them, learnt by today, with their project's themes.
                let projectThemes = Set(try await generated.project(project.id)?.fields.themeIDs ?? [])
                for lesson in try await generated.lessons(ofProject: project.id) {
                    XCTAssertEqual(Set(lesson.fields.themeIDs), projectThemes, database.rawValue)
                    XCTAssertLessThanOrEqual(lesson.fields.learnedOn, CalendarDate(Date()), database.rawValue)
                    lessons += 1
                }
                // Status updates read back as the product stores them: submitted, whole (a submission
                // needs every rating, a reason for each red and amber, and a summary), one a period.
                let statusUpdates = try await generated.statusUpdates(ofProject: project.id)
                for update in statusUpdates {
                    XCTAssertEqual(update.state, .submitted, database.rawValue)
                    XCTAssertEqual(try StatusUpdateFields.validate(StatusUpdateInput(showing: update.fields), submitting: true), update.fields,
                                   database.rawValue)
                }
                XCTAssertEqual(Set(statusUpdates.map(\.period)).count, statusUpdates.count, database.rawValue)
                XCTAssertGreaterThanOrEqual(statusUpdates.count, 11, database.rawValue)
                updates += statusUpdates.count
                // Gate reviews read back as the product stores them: numbered in order, every gate up
                // to the project's stage approved, at most one waiting, and that for the gate ahead.
                let stage = try await generated.stages().first { $0.id == project.stageID }!
                let gateReviews = try await generated.gateReviews(ofProject: project.id)
                XCTAssertEqual(gateReviews.map(\.number), (0..<gateReviews.count).map { gateReviews.count - $0 }, database.rawValue)
                for gate in gates where gate.position <= stage.position {
                    XCTAssertTrue(gateReviews.contains { $0.stageID == gate.stageID && $0.decision?.outcome.movesStage == true }, database.rawValue)
                }
                let waiting = gateReviews.filter { $0.state == .requested }
                XCTAssertLessThanOrEqual(waiting.count, 1, database.rawValue)
                for review in waiting { XCTAssertTrue(gates.first { $0.stageID == review.stageID }!.position > stage.position, database.rawValue) }
                reviews += gateReviews.count
                // Assumptions and actions read back as the product stores them, each action's
                // item one of its own project's.
                let items = Set(try await generated.raidItems(ofProject: project.id).map(\.item))
                let actions = try await generated.actions(ofProject: project.id)
                for action in actions { if let item = action.fields.item { XCTAssertTrue(items.contains(item), database.rawValue) } }
                logged += actions.count + (try await generated.assumptions(ofProject: project.id)).count
                for decision in try await generated.decisions(ofProject: project.id) {
                    XCTAssertTrue(Set(decision.fields.links).isSubset(of: items), database.rawValue)
                    XCTAssertTrue(decision.fields.deciderID != nil || !decision.fields.board.isEmpty, database.rawValue)
                    logged += 1
                }
                for risk in try await generated.risks(ofProject: project.id) {
                    XCTAssertEqual(risk.currentBand, RiskBandTable.nhsDefault.band(for: risk.fields.current.score).name, database.rawValue)
                    XCTAssertLessThanOrEqual(risk.fields.current.score, risk.fields.inherent.score, database.rawValue)
                    let history = try await generated.riskScoreHistory(risk.id)
                    XCTAssertEqual(history.count, risk.version, database.rawValue)
                    XCTAssertEqual(history.last?.rating.rating, risk.fields.current, database.rawValue)
                    graded += 1
                }
            }
            XCTAssertEqual(graded, counts.risks, database.rawValue)
            XCTAssertEqual(logged, counts.assumptions + counts.actions + counts.decisions, database.rawValue)
            XCTAssertGreaterThan(counts.actions, 0, database.rawValue)
            XCTAssertEqual([measured, observed], [counts.measures, counts.observations], database.rawValue)
            XCTAssertGreaterThan(counts.observations, counts.measures * 12, database.rawValue)
            XCTAssertEqual([benefits, cashYears], [counts.benefits, counts.benefitCashYears], database.rawValue)
            XCTAssertEqual(lessons, counts.lessons, database.rawValue)
            XCTAssertEqual(updates, counts.statusUpdates, database.rawValue)
            XCTAssertEqual(reviews, counts.gateReviews, database.rawValue)
            XCTAssertGreaterThan(counts.gateReviews, 0, database.rawValue)
            // Every generated assessment is counted in capability, levels only.
            let levels = try await generated.capabilityFacts().people
            XCTAssertEqual(levels.count, counts.assessments, database.rawValue)
            XCTAssertGreaterThan(counts.assessments, 0, database.rawValue)
            // The generated resources join the starter set, each for a stage, found by one search.
            let library = try await generated.resources()
            XCTAssertEqual(library.count, counts.resources + StarterResources.resources.count, database.rawValue)
            XCTAssertTrue(library.allSatisfy { !$0.fields.stageIDs.isEmpty }, database.rawValue)
            XCTAssertGreaterThan(counts.lessons, 0, database.rawValue)
            XCTAssertGreaterThan(counts.benefitCashYears, 0, database.rawValue)

            let store = app.store
            let people = try await store.people()
            XCTAssertEqual(people.count, 30)
            XCTAssertTrue(Set(people.map(\.role)).isSuperset(of: [.admin, .portfolio, .orgadmin, .member]))
            let admin = people.first { $0.role == .admin }!
            let all = try await store.portfolio(PortfolioQuery(page: PageRequest(perPage: 100)), rule: AccessPolicy.readRule(for: admin.actor))
            XCTAssertEqual(all.total, 20)
            XCTAssertEqual(Set(all.items.map(\.visibility)), Set(Visibility.allCases), "every visibility occurs")
            // Project codes continue from the generated ones.
            let lead = all.items[0].leadOrganisationID
            var fields = try await store.project(all.items[0].id)!.fields
            fields.partnerOrganisationIDs = []
            let next = try await store.createProject(fields, references: try await store.referenceData(), by: .system)
            let leadCode = try await store.organisation(lead)!.code
            let existing = all.items.filter { $0.leadOrganisationID == lead }.count
            XCTAssertEqual(next.code, ProjectCode(organisationCode: leadCode, number: existing + 1).description)
        }
    }

    func testTheSameSeedGivesTheSameSystem() async throws {
        var fingerprints: [[String]] = []
        for seed: UInt64 in [42, 42, 43] {
            try await withTestApp(.sqlite) { app in
                try await SyntheticSystem.load(.tiny, seed: seed, into: app.store, passwordHash: World.passwordHash)
                fingerprints.append(try await fingerprint(app.store))
            }
        }
        XCTAssertEqual(fingerprints[0], fingerprints[1])
        XCTAssertNotEqual(fingerprints[0], fingerprints[2])
        XCTAssertEqual(fingerprints[0].count, 6 + 20)
    }

    /// On PostgreSQL a generated system is vacuumed and analysed as soon as it is loaded: the
    /// planner has its statistics, and neither autovacuum (which PostgreSQL 13 and later run after
    /// many inserts) nor the first reads (writing each row's hint bits) spend its first minutes of
    /// use on it. Loaded tables with no vacuum or analysis recorded are named.
    func testAGeneratedSystemIsVacuumedAndAnalysedOnPostgreSQL() async throws {
        try await forEachDatabase { app, database in
            _ = try await SyntheticSystem.load(.tiny, seed: 2, into: app.store, passwordHash: World.passwordHash)
            guard database == .postgres else { return }
            let sql = app.db as! any SQLDatabase
            let loaded = ["projects", "team_members", "risks", "risk_ratings", "milestones", "observations", "audit_events"]
            let rows = try await sql.raw("""
                SELECT relname, last_vacuum IS NOT NULL AS vacuumed, last_analyze IS NOT NULL AS analysed
                FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname IN (\(binds: loaded))
                """).all()
            var seen: [String] = []
            for row in rows {
                let table = try row.decode(column: "relname", as: String.self)
                seen.append(table)
                XCTAssertTrue(try row.decode(column: "vacuumed", as: Bool.self), "\(table) was not vacuumed")
                XCTAssertTrue(try row.decode(column: "analysed", as: Bool.self), "\(table) was not analysed")
            }
            XCTAssertEqual(seen.sorted(), loaded.sorted())
        }
    }
}
