import Foundation
import SQLKit
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

/// The icon summary and the benefits register are answered from memory (`PortfolioMeasures`,
/// `PortfolioBenefits`) through the portfolio index (and so is the dependency register, held to
/// its order written out plainly from what each person sees of each dependency). Here each answer is held, for people of every
/// kind in a generated system, to the same question asked of the database in SQL through the
/// SQL form of the readable-projects seam: which lines, in which order, how many, and the cash
/// totals by organisation and year.
final class PortfolioMeasuresAndBenefitsTests: XCTestCase {
    func testTheRegistersFromMemoryEqualTheDatabasesAnswers() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            _ = try await SyntheticSystem.load(.tiny, seed: 3, into: store, passwordHash: World.passwordHash)
            let people = try await store.people(PeopleFilter(includeInactive: false))
            let organisation = try await store.rows("SELECT lead_organisation_id AS id FROM projects LIMIT 1", reading: { try $0.uuid("id") })[0]
            var sizes = Set<Int>(), measured = Set<Int>(), concerns = 0
            for person in people.enumerated().filter({ $0.offset % 4 == 0 }).map(\.element) {
                let rule = AccessPolicy.readRule(for: person.actor)
                let readable: SQLQueryString = "(\(Store.readableProjects(rule)))"
                let who = "[\(database)] \(person.name) (\(person.role.rawValue))"

                // The benefits register: every benefit in order, then one organisation's.
                for organisationID in [nil, organisation] {
                    let register = try await store.benefitRegister(BenefitRegisterQuery(organisationID: organisationID, page: PageRequest(perPage: 100)),
                                                                   rule: rule)
                    let only: SQLQueryString = organisationID.map { "AND p.lead_organisation_id = \(bind: $0)" } ?? ""
                    let ids = try await store.rows("""
                        SELECT b.id FROM benefits b JOIN projects p ON p.id = b.project_id
                        WHERE b.project_id IN \(readable) \(only) ORDER BY b.project_code, b.number
                        """, reading: { try $0.uuid("id") })
                    XCTAssertEqual(register.page.total, ids.count, who)
                    XCTAssertEqual(register.page.items.map(\.benefit.id), Array(ids.prefix(100)), who)
                    sizes.insert(ids.count)
                    let sums = try await store.rows("""
                        SELECT c.start_year, p.lead_organisation_id, SUM(c.planned) AS planned, SUM(COALESCE(c.realised, 0)) AS realised
                        FROM benefit_cash c JOIN benefits b ON b.id = c.benefit_id JOIN projects p ON p.id = b.project_id
                        WHERE b.project_id IN \(readable) \(only)
                        GROUP BY c.start_year, p.lead_organisation_id
                        """, reading: { columns in
                            ("\(try columns.int("start_year")) \(try columns.uuid("lead_organisation_id"))",
                             (try columns.double("planned"), try columns.double("realised")))
                        })
                    let expected = Dictionary(uniqueKeysWithValues: sums)
                    XCTAssertEqual(register.totalsByOrganisation.count, expected.count, who)
                    for total in register.totalsByOrganisation {
                        let sum = expected["\(total.year.startYear) \(total.organisationID!)"]
                        XCTAssertEqual(total.planned, sum?.0 ?? -1, accuracy: 0.001, who)
                        XCTAssertEqual(total.realised, sum?.1 ?? -1, accuracy: 0.001, who)
                    }
                    XCTAssertEqual(register.totalsByOrganisation.map(\.year), register.totalsByOrganisation.map(\.year).sorted(), who)
                    XCTAssertEqual(register.totalsByYear.map(\.planned).reduce(0, +),
                                   register.totalsByOrganisation.map(\.planned).reduce(0, +), accuracy: 0.001, who)
                }

                // The icon summary, in each order, and filtered by its variation icon.
                for sort in MeasureSummaryQuery.Sort.allCases {
                    let page = try await store.measureSummaries(MeasureSummaryQuery(sort: sort, page: PageRequest(perPage: 100)), rule: rule)
                    let order: SQLQueryString = switch sort {
                    case .attention: "summary_rank, project_code, number"
                    case .project: "project_code, number"
                    case .name: "LOWER(name), project_code, number"
                    }
                    let ids = try await store.rows("SELECT id FROM measures WHERE project_id IN \(readable) ORDER BY \(order)",
                                                   reading: { try $0.uuid("id") })
                    XCTAssertEqual(page.total, ids.count, "\(who) \(sort)")
                    measured.insert(ids.count)
                    XCTAssertEqual(page.items.map(\.measureID), Array(ids.prefix(100)), "\(who) \(sort)")
                }
                let concern = try await store.measureSummaries(MeasureSummaryQuery(variation: .concernHigh, page: PageRequest(perPage: 100)),
                                                               rule: rule)
                let concerning = try await store.count("""
                    SELECT COUNT(*) AS n FROM measures WHERE project_id IN \(readable) AND summary_variation = 'concern-high'
                    """)
                XCTAssertEqual(concern.total, concerning, who)
                concerns += concerning
                XCTAssertTrue(concern.items.allSatisfy { $0.summary.variation == .concernHigh }, who)
            }
            // The dependency register, with each filter, against each dependency as the person sees it.
            let dependencyIDs = try await store.rows("SELECT id FROM dependencies", reading: { try $0.uuid("id") })
            let today = CalendarDate("2026-09-21")!
            var registers = Set<Int>()
            for person in people.enumerated().filter({ $0.offset % 4 == 1 }).map(\.element) {
                let (register, readable) = try await store.dependencies(rule: AccessPolicy.readRule(for: person.actor))
                let seen = dependencyIDs.compactMap { register.seen($0, readable: readable) }
                let queries = [DependencyRegisterQuery(), DependencyRegisterQuery(statuses: Set(DependencyStatus.allCases)),
                               DependencyRegisterQuery(crossOrganisationOnly: true), DependencyRegisterQuery(organisationID: organisation)]
                for query in queries {
                    let expected = seen.filter { item in
                        query.statuses.contains(item.dependency.fields.status)
                            && (!query.crossOrganisationOnly || item.crossOrganisation == true)
                            && (query.organisationID.map { item.dependent.leadOrganisationID == $0 || item.provider?.leadOrganisationID == $0 } ?? true)
                    }.sorted { a, b in
                        func key(_ item: SeenDependency) -> (Int, Int, Int64, String, Int) {
                            (item.dependency.fields.needsAttention(today: today) ? 0 : 1, item.crossOrganisation == true ? 0 : 1,
                             item.dependency.fields.neededBy.daysSinceEpoch, item.dependent.code ?? "~", item.dependency.number)
                        }
                        return key(a) < key(b)
                    }
                    let page = register.page(query, readable: readable, today: today, page: PageRequest(perPage: 100))
                    let who = "[\(database)] \(person.name) \(query)"
                    XCTAssertEqual(page.total, expected.count, who)
                    XCTAssertEqual(page.items.map(\.dependency.id), expected.prefix(100).map(\.dependency.id), who)
                    XCTAssertEqual(page.items.map(\.dependent), expected.prefix(100).map(\.dependent), who)
                    XCTAssertEqual(page.items.map(\.provider), expected.prefix(100).map(\.provider), who)
                    registers.insert(page.total)
                }
            }
            XCTAssertGreaterThan(registers.count, 3, "[\(database)] \(registers)")
            XCTAssertGreaterThan(sizes.count, 3, "[\(database)] people see different amounts: \(sizes)")
            XCTAssertGreaterThan(measured.count, 3, "[\(database)] \(measured)")
            XCTAssertGreaterThan(concerns, 0, "[\(database)]")
        }
    }
}
