import FluentKit
import Foundation
import SQLKit
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

/// The portfolio index brought up to date from the change log (M013) must equal one read whole,
/// field by field, after any sequence of changes: made through the store by this instance or
/// another, or at a SQL prompt; and an instance the log no longer reaches back to reads it whole.
final class PortfolioChangeLogTests: XCTestCase {
    func testIncrementalUpdatesEqualAFullReloadOnRandomChanges() async throws {
        try await forEachDatabase { app, database in
            let writer = app.store
            _ = try await SyntheticSystem.load(.tiny, seed: 5, into: writer, passwordHash: World.passwordHash)
            let world = try await World.build(writer)
            // Two instances keep their indexes warm and follow the log; writes are made by the first.
            let other = Store(app.db, instance: StoreInstance())
            _ = try await writer.portfolioIndex()
            _ = try await other.portfolioIndex()
            var random = SeededGenerator(seed: 2026)
            let people = try await writer.people()
            let organisations = try await writer.organisations()
            let references = try await writer.referenceData()
            let sql = app.db as! any SQLDatabase

            for round in 0..<60 {
                // Sort orders an index has computed are carried to the next one and patched.
                let sort = PortfolioSort.allCases.randomElement(using: &random)!
                _ = try await other.portfolioIndex().page(PortfolioQuery(sort: sort), rule: Self.everything)
                let projects = try await writer.rows("SELECT id FROM projects", reading: { try $0.uuid("id") })
                let projectID = projects.randomElement(using: &random)!
                let project = try await writer.project(projectID)!
                var fields = project.fields
                switch Int.random(in: 0..<10, using: &random) {
                case 0:
                    fields.title = "Round \(round)"
                    fields.visibility = Visibility.allCases.randomElement(using: &random)!
                    _ = try await writer.updateProject(projectID, expectedVersion: project.version, fields: fields,
                                                       references: references, by: .system)
                case 1:
                    fields.partnerOrganisationIDs = Array(organisations.map(\.id).filter { $0 != fields.leadOrganisationID }
                        .shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)))
                    fields.themeIDs = Array(references.themes.map(\.id).shuffled(using: &random).prefix(2))
                    _ = try await writer.updateProject(projectID, expectedVersion: project.version, fields: fields,
                                                       references: references, by: .system)
                case 2:
                    try await writer.setTeamMember(projectID: projectID, personID: people.randomElement(using: &random)!.id,
                                                   role: TeamRole.allCases.randomElement(using: &random)!, by: .system)
                case 3:
                    if let member = try await writer.team(of: projectID).first {
                        try await writer.removeTeamMember(projectID: projectID, personID: member.personID, by: .system)
                    }
                case 4:
                    let created = ProjectFields(title: "New \(round)", summary: "Made in round \(round)",
                                                leadOrganisationID: organisations.randomElement(using: &random)!.id,
                                                methodology: .qi, stageID: references.stages[0].id,
                                                visibility: Visibility.allCases.randomElement(using: &random)!)
                    _ = try await writer.createProject(created, references: references,
                                                       team: [(people.randomElement(using: &random)!.id, .manager)], by: .system)
                case 5:
                    if round % 3 == 0 { try await writer.deleteProject(projectID, references: references, by: .system) }
                case 6:
                    // A person's name shows on every team they are on.
                    let person = try await writer.person(people.randomElement(using: &random)!.id)!
                    _ = try await writer.updatePerson(person.id, expectedVersion: person.version,
                                                      fields: PersonFields(name: "Renamed \(round)", email: person.email, role: person.role,
                                                                           organisationID: person.organisationID, password: nil),
                                                      passwordHash: nil, by: .system)
                case 7:
                    // At a SQL prompt: the triggers log it as any write.
                    try await sql.raw("UPDATE projects SET summary = \(bind: "Typed at a prompt \(round)") WHERE id = \(bind: projectID)").run()
                case 8:
                    // An organisation's name shows on every project it leads: read whole.
                    if round % 4 == 0 {
                        let organisation = try await writer.organisation(world.other.id)!
                        _ = try await writer.updateOrganisation(organisation.id, expectedVersion: organisation.version,
                                                                fields: OrganisationFields(name: "Other Trust \(round)", code: organisation.code,
                                                                                           codeKind: organisation.codeKind, kind: organisation.kind),
                                                                by: .system)
                    }
                default:
                    // Several changes in one transaction.
                    try await writer.write { store in
                        try await store.setTeamMember(projectID: projectID, personID: world.person("admin").id, role: .observer, by: .system)
                        try await store.run("UPDATE projects SET title = \(bind: "Both \(round)") WHERE id = \(bind: projectID)")
                    }
                }
                if round % 3 == 2 {
                    let fresh = Store(app.db, instance: StoreInstance())
                    let whole = try await fresh.portfolioIndex()
                    Self.assertSame(try await writer.portfolioIndex(), whole, "[\(database)] round \(round), the writing instance")
                    Self.assertSame(try await other.portfolioIndex(), whole, "[\(database)] round \(round), another instance")
                }
            }
            XCTAssertGreaterThan(other.instance.portfolioLoads.incremental, 10, "[\(database)] the log was used")
            // An organisation's name shows on every project it leads: the index is read whole.
            let fullBeforeRename = other.instance.portfolioLoads.full
            let lead = try await writer.organisation(world.lead.id)!
            _ = try await writer.updateOrganisation(lead.id, expectedVersion: lead.version,
                                                    fields: OrganisationFields(name: "Lead Trust renamed", code: lead.code,
                                                                               codeKind: lead.codeKind, kind: lead.kind), by: .system)
            Self.assertSame(try await other.portfolioIndex(), try await Store(app.db, instance: StoreInstance()).portfolioIndex(),
                            "[\(database)] after an organisation's rename")
            XCTAssertEqual(other.instance.portfolioLoads.full, fullBeforeRename + 1, "[\(database)] a rename reads it whole")

            // Seventy changed projects at once are still read from the log, in its one statement.
            let incrementalBeforeMany = other.instance.portfolioLoads.incremental
            try await writer.write { store in
                for number in 0..<70 {
                    _ = try await store.createProject(
                        ProjectFields(title: "Many \(number)", leadOrganisationID: world.other.id, methodology: .qi,
                                      stageID: references.stages[1].id, visibility: .organisation),
                        references: references, team: [(world.person("admin").id, .observer)], by: .system)
                }
            }
            Self.assertSame(try await other.portfolioIndex(), try await Store(app.db, instance: StoreInstance()).portfolioIndex(),
                            "[\(database)] after many new projects")
            XCTAssertEqual(other.instance.portfolioLoads.incremental, incrementalBeforeMany + 1, "[\(database)] many, from the log")

            // Creating a project takes a code from its organisation's sequence: that alone is re-read.
            _ = try await other.portfolioIndex()
            let fullBeforeCreate = other.instance.portfolioLoads.full
            let created = try await writer.createProject(
                ProjectFields(title: "Coded", leadOrganisationID: world.lead.id, methodology: .project,
                              stageID: references.stages[0].id, visibility: .system), references: references, team: [], by: .system)
            let afterCreate = try await other.portfolioIndex()
            XCTAssertNotNil(afterCreate.entry(created.id), "[\(database)]")
            XCTAssertEqual(other.instance.portfolioLoads.full, fullBeforeCreate, "[\(database)] a new project is read alone")

            // The log is pruned behind the instances: one older than its floor reads the index whole, and is right.
            _ = try await other.portfolioIndex()
            let fullBefore = other.instance.portfolioLoads.full
            try await writer.prunePortfolioLog(keeping: 0)
            let remaining = try await writer.count("SELECT COUNT(*) AS n FROM portfolio_changes")
            XCTAssertEqual(remaining, 0, "[\(database)]")
            // The random changes above may have deleted any given project: these change one that is left.
            let survivor = try await writer.rows("SELECT id FROM projects ORDER BY code LIMIT 1", reading: { try $0.uuid("id") })[0]
            try await sql.raw("UPDATE projects SET title = 'After the pruning' WHERE id = \(bind: survivor)").run()
            let afterPruning = try await other.portfolioIndex()
            XCTAssertEqual(other.instance.portfolioLoads.full, fullBefore, "[\(database)] the floor is the instance's generation: the log still serves")
            Self.assertSame(afterPruning, try await Store(app.db, instance: StoreInstance()).portfolioIndex(), "[\(database)] after pruning")
            // An instance whose index is older than the floor reads it whole (the floor is set here
            // past it, as a prune that ran while the instance slept would).
            let stale = Store(app.db, instance: StoreInstance())
            let staleGeneration = try await stale.portfolioIndex().generation
            try await sql.raw("UPDATE projects SET title = 'Moves on' WHERE id = \(bind: survivor)").run()
            try await sql.raw("""
                UPDATE change_counters SET value = (SELECT value FROM change_counters WHERE name = 'portfolio')
                WHERE name = 'portfolio_log_floor'
                """).run()
            let floor = try await writer.scalar("SELECT value FROM change_counters WHERE name = 'portfolio_log_floor'",
                                                column: "value", as: Int64.self) ?? 0
            XCTAssertGreaterThan(floor, staleGeneration, "[\(database)]")
            try await sql.raw("DELETE FROM portfolio_changes WHERE generation <= \(bind: floor)").run()
            try await sql.raw("UPDATE projects SET title = 'And again' WHERE id = \(bind: survivor)").run()
            let staleFull = stale.instance.portfolioLoads.full
            Self.assertSame(try await stale.portfolioIndex(), try await Store(app.db, instance: StoreInstance()).portfolioIndex(),
                            "[\(database)] an instance behind the floor")
            XCTAssertEqual(stale.instance.portfolioLoads.full, staleFull + 1, "[\(database)] behind the floor: read whole")
        }
    }

    /// Every entry, field by field: summaries, partners, themes, team roles, the whole record and the team by name.
    static func assertSame(_ incremental: PortfolioIndex, _ whole: PortfolioIndex, _ context: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(incremental.generation, whole.generation, context, file: file, line: line)
        XCTAssertEqual(Set(incremental.entries.map(\.summary.id)), Set(whole.entries.map(\.summary.id)), context, file: file, line: line)
        XCTAssertEqual(incremental.entries.count, whole.entries.count, context, file: file, line: line)
        for entry in whole.entries {
            guard let other = incremental.entry(entry.summary.id) else { continue }
            XCTAssertEqual(other.summary, entry.summary, context, file: file, line: line)
            XCTAssertEqual(other.partnerOrganisationIDs, entry.partnerOrganisationIDs, context, file: file, line: line)
            XCTAssertEqual(Set(other.themeIDs), Set(entry.themeIDs), context, file: file, line: line)
            XCTAssertEqual(other.team, entry.team, context, file: file, line: line)
            XCTAssertEqual(other.details?.project, entry.details?.project, context, file: file, line: line)
            XCTAssertEqual(other.details?.team, entry.details?.team, context, file: file, line: line)
        }
        XCTAssertEqual(incremental.references.organisations, whole.references.organisations, context, file: file, line: line)
        // And the answers built on them: every sort order, and the facet counts.
        for sort in PortfolioSort.allCases {
            let query = PortfolioQuery(sort: sort, page: PageRequest(page: 1, perPage: 100))
            XCTAssertEqual(incremental.page(query, rule: everything).items.map(\.id), whole.page(query, rule: everything).items.map(\.id),
                           "\(context), sorted by \(sort)", file: file, line: line)
        }
        XCTAssertEqual(incremental.facetCounts(PortfolioQuery(), rule: everything), whole.facetCounts(PortfolioQuery(), rule: everything),
                       context, file: file, line: line)
    }

    static let everything = AccessPolicy.readRule(for: Actor(personID: UUID(), role: .admin, organisationID: UUID()))
}
