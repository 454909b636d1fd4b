import Foundation
import SQLKit
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The icon summary and the benefits register read from what an instance holds of every measure
/// and benefit: each answer must still be the database's as it is now, whoever changed it (this
/// instance, another one, or someone at a SQL prompt), and only what the reader may read.
final class PortfolioRegistersTests: XCTestCase {
    func testTheIconSummaryAndBenefitsRegisterFollowEveryChange() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let open = world.projects[.system]!, hidden = world.projects[.team]!
            let measure = try await store.createMeasure(projectID: open.id, fields: MeasureFields(name: "Bed days"), by: .system)
            _ = try await store.createMeasure(projectID: hidden.id, fields: MeasureFields(name: "Hidden falls"), by: .system)
            let benefit = try await store.createBenefit(projectID: open.id, fields: BenefitFields(
                title: "Bed days released", category: .cashReleasing, measureIDs: [measure.id],
                cash: [BenefitCash(year: FinancialYear(startYear: 2025), planned: 50_000, realised: 40_000)]), by: .system)
            _ = try await store.createBenefit(projectID: hidden.id, fields: BenefitFields(
                title: "Hidden savings", category: .cashReleasing,
                cash: [BenefitCash(year: FinancialYear(startYear: 2025), planned: 7_000)]), by: .system)

            let api = server.client()
            api.bearer = try await apiToken(server, "member-other@test.example")
            func measures() async throws -> [[String: Any]] {
                let answer = try await api.get("/api/v1/measure-summary?per_page=100&sort=name")
                XCTAssertEqual(answer.status, .ok, "[\(database)]")
                return answer.jsonObject["items"] as? [[String: Any]] ?? []
            }
            func register() async throws -> (titles: [String], planned: [Double], links: [Int]) {
                let answer = try await api.get("/api/v1/benefit-register?per_page=100")
                XCTAssertEqual(answer.status, .ok, "[\(database)]")
                let items = answer.jsonObject["items"] as? [[String: Any]] ?? []
                let years = answer.jsonObject["cashByYear"] as? [[String: Any]] ?? []
                return (items.compactMap { $0["title"] as? String }, years.compactMap { ($0["planned"] as? NSNumber)?.doubleValue },
                        items.map { ($0["measureIds"] as? [Any])?.count ?? -1 })
            }

            let names = try await measures().compactMap { $0["name"] as? String }
            XCTAssertEqual(names, ["Bed days"], "[\(database)] the team-only project's measure is not shown")
            let first = try await register()
            XCTAssertEqual(first.titles, ["Bed days released"], "[\(database)]")
            XCTAssertEqual(first.planned, [50_000], "[\(database)] the hidden benefit's money is not counted")

            // An observation written through the store changes the measure's summary at once.
            _ = try await store.addObservations([ObservationFields(date: CalendarDate("2026-04-01")!, value: 12)], to: measure.id, by: .system)
            let counted = try await measures().first?["observationCount"] as? Int
            XCTAssertEqual(counted, 1, "[\(database)]")

            // Changes made at a SQL prompt move the counters and are read afresh.
            let before = try await store.generation(of: .benefits)
            try await store.run("UPDATE benefit_cash SET planned = 60000 WHERE benefit_id = \(bind: benefit.id)")
            try await store.run("UPDATE measures SET name = 'Occupied bed days' WHERE id = \(bind: measure.id)")
            let after = try await store.generation(of: .benefits)
            XCTAssertGreaterThan(after, before, "[\(database)]")
            let renamed = try await measures().compactMap { $0["name"] as? String }
            XCTAssertEqual(renamed, ["Occupied bed days"], "[\(database)]")
            let replanned = try await register()
            XCTAssertEqual(replanned.planned, [60_000], "[\(database)]")

            // Who may read what is the portfolio index's answer now, not when the lists were read.
            try await store.run("UPDATE projects SET visibility = 'system' WHERE id = \(bind: hidden.id)")
            let opened = try await measures().compactMap { $0["name"] as? String }
            XCTAssertEqual(opened, ["Hidden falls", "Occupied bed days"], "[\(database)]")
            let openedRegister = try await register()
            XCTAssertEqual(openedRegister.planned, [67_000], "[\(database)]")
            try await store.run("UPDATE projects SET visibility = 'team' WHERE id = \(bind: open.id)")
            let closed = try await measures().compactMap { $0["name"] as? String }
            XCTAssertEqual(closed, ["Hidden falls"], "[\(database)]")
            let closedRegister = try await register()
            XCTAssertEqual(closedRegister.titles, ["Hidden savings"], "[\(database)]")
            XCTAssertEqual(closedRegister.planned, [7_000], "[\(database)]")

            // A measure removed at a prompt takes its link from the benefit with it (a cascade).
            try await store.run("UPDATE projects SET visibility = 'system' WHERE id = \(bind: open.id)")
            let linked = try await register()
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(linked.titles, linked.links)), ["Bed days released": 1, "Hidden savings": 0],
                           "[\(database)]")
            try await store.run("DELETE FROM measures WHERE id = \(bind: measure.id)")
            let gone = try await measures().compactMap { $0["name"] as? String }
            XCTAssertEqual(gone, ["Hidden falls"], "[\(database)]")
            let unlinked = try await register()
            XCTAssertEqual(unlinked.links, [0, 0], "[\(database)]")
        }
    }

    /// The dependency register keeps, for the index it last answered from, where each end's
    /// project is and how its end is written: a changed project (renamed, moved to another
    /// organisation, hidden) must show in the next answer, however it was changed.
    func testTheDependencyRegisterFollowsItsEndsProjects() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let open = world.projects[.system]!, partnered = world.projects[.organisation]!
            _ = try await store.createDependency(projectID: open.id, fields: DependencyFields(
                title: "Shared discharge team", providerProjectID: partnered.id, neededBy: CalendarDate("2026-10-01")!,
                ownerID: world.teamPerson.id), by: .system)
            let api = server.client(), teammate = server.client()
            api.bearer = try await apiToken(server, "member-partner@test.example")
            teammate.bearer = try await apiToken(server, "teammate@test.example")
            func item(as reader: TestClient? = nil) async throws -> (provider: [String: Any], crossing: Bool?, total: Int, dependsOn: String?) {
                let answer = try await (reader ?? api).get("/api/v1/dependency-register?status=all")
                XCTAssertEqual(answer.status, .ok, "[\(database)]")
                let items = answer.jsonObject["items"] as? [[String: Any]] ?? []
                return (items.first?["provider"] as? [String: Any] ?? [:], items.first?["crossOrganisation"] as? Bool,
                        answer.jsonObject["total"] as? Int ?? -1, items.first?["dependsOnProject"] as? String)
            }
            let first = try await item()
            XCTAssertEqual(first.provider["title"] as? String, partnered.fields.title, "[\(database)]")
            XCTAssertEqual(first.crossing, false, "[\(database)] both led by the same organisation")
            XCTAssertEqual(first.dependsOn, partnered.id.lowercasedText, "[\(database)]")

            // Renamed through the store, then at a SQL prompt: the end is written afresh.
            var fields = partnered.fields
            fields.title = "Renamed provider"
            _ = try await store.updateProject(partnered.id, expectedVersion: partnered.version, fields: fields,
                                              references: try await store.referenceData(), by: .system)
            let renamed = try await item()
            XCTAssertEqual(renamed.provider["title"] as? String, "Renamed provider", "[\(database)]")
            try await store.run("UPDATE projects SET title = 'Renamed at a prompt' WHERE id = \(bind: partnered.id)")
            let prompted = try await item()
            XCTAssertEqual(prompted.provider["title"] as? String, "Renamed at a prompt", "[\(database)]")

            // Led by another organisation: the dependency now crosses organisations.
            try await store.run("UPDATE projects SET lead_organisation_id = \(bind: world.partner.id) WHERE id = \(bind: partnered.id)")
            let moved = try await item()
            XCTAssertEqual(moved.crossing, true, "[\(database)]")
            XCTAssertEqual(moved.provider["leadOrganisationId"] as? String, world.partner.id.lowercasedText, "[\(database)]")

            // Hidden from the reader: only that there is a project they may not read. The project's
            // team still reads it, first and after: an item written for one reader is never
            // another's who may read less of it.
            try await store.run("UPDATE projects SET visibility = 'team' WHERE id = \(bind: partnered.id)")
            let team = try await item(as: teammate)
            XCTAssertEqual(team.provider["access"] as? String, "readable", "[\(database)]")
            XCTAssertEqual(team.dependsOn, partnered.id.lowercasedText, "[\(database)]")
            let hidden = try await item()
            XCTAssertEqual(hidden.provider.keys.sorted(), ["access"], "[\(database)]")
            XCTAssertEqual(hidden.provider["access"] as? String, "hidden", "[\(database)]")
            XCTAssertNil(hidden.crossing, "[\(database)]")
            XCTAssertNil(hidden.dependsOn, "[\(database)] a hidden provider's id is not shown")
            let teamAgain = try await item(as: teammate)
            XCTAssertEqual(teamAgain.provider["title"] as? String, "Renamed at a prompt", "[\(database)]")
            XCTAssertEqual(teamAgain.crossing, true, "[\(database)]")

            // The dependency itself changed: its item is written afresh.
            try await store.run("UPDATE dependencies SET status = 'late' WHERE project_id = \(bind: open.id)")
            let late = try await (api.get("/api/v1/dependency-register?status=all")).jsonObject["items"] as? [[String: Any]]
            XCTAssertEqual(late?.first?["status"] as? String, "late", "[\(database)]")
            try await store.run("UPDATE projects SET visibility = 'team' WHERE id = \(bind: open.id)")
            let gone = try await item()
            XCTAssertEqual(gone.total, 0, "[\(database)] neither end readable: not in the register")
        }
    }

    /// The system risk register API writes each risk once a day while the index stands: a renamed
    /// project, a changed risk and a project hidden from the reader show in the next answer.
    func testTheSystemRiskRegisterFollowsItsRisksAndProjects() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let open = world.projects[.system]!
            let rating = RiskRating(likelihood: .likely, consequence: .major)
            let risk = try await store.createRisk(projectID: open.id, fields: RiskFields(
                title: "Winter staffing", ownerID: world.teamPerson.id, inherent: rating, current: rating, target: rating),
                settings: try await store.riskSettings(), by: .system)
            _ = try await store.escalateRisk(risk.id, expectedVersion: 1, to: RiskEscalation(level: .system, reason: "Across the system"),
                                             by: .system)
            let api = server.client()
            api.bearer = try await apiToken(server, "member-partner@test.example")
            func first() async throws -> [String: Any]? {
                let answer = try await api.get("/api/v1/risk-registers/system?status=all")
                XCTAssertEqual(answer.status, .ok, "[\(database)]")
                return (answer.jsonObject["items"] as? [[String: Any]])?.first
            }
            let listed = try await first()
            XCTAssertEqual(listed?["title"] as? String, "Winter staffing", "[\(database)]")
            XCTAssertEqual((listed?["project"] as? [String: Any])?["title"] as? String, open.fields.title, "[\(database)]")
            let again = try await first()
            XCTAssertEqual(again?["title"] as? String, "Winter staffing", "[\(database)] written once, read again")

            try await store.run("UPDATE projects SET title = 'Renamed at a prompt' WHERE id = \(bind: open.id)")
            let renamed = try await first()
            XCTAssertEqual((renamed?["project"] as? [String: Any])?["title"] as? String, "Renamed at a prompt", "[\(database)]")
            try await store.run("UPDATE risks SET title = 'Changed at a prompt' WHERE id = \(bind: risk.id)")
            let changed = try await first()
            XCTAssertEqual(changed?["title"] as? String, "Changed at a prompt", "[\(database)]")
            try await store.run("UPDATE projects SET visibility = 'team' WHERE id = \(bind: open.id)")
            let hidden = try await first()
            XCTAssertNil(hidden, "[\(database)] not listed for a reader who may no longer read its project")
        }
    }
}
