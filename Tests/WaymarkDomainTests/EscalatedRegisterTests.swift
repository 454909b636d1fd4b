import Foundation
import WaymarkDomain
import XCTest

/// The registers of escalated risks are answered from memory, choosing through the portfolio index
/// and selecting only a page's worth before sorting: every page and heat map must be what a plain
/// reading of the rules gives, for people of every role.
final class EscalatedRegisterTests: XCTestCase {
    /// Four organisations (codes `code`0 to 3), six people and sixty random projects, indexed.
    static func randomSystem(code: String, using random: inout SplitMix64)
        -> (organisations: [Organisation], people: [UUID], entries: [PortfolioIndex.Entry], index: PortfolioIndex) {
        let organisations = (0..<4).map {
            Organisation(id: UUID(), name: "Org \($0)", code: "\(code)\($0)", codeKind: .ods, kind: .acuteTrust, version: 1)
        }
        let stages = [LifecycleStage(id: UUID(), key: "s", name: "Stage", position: 0, gate: nil, description: "")]
        let people = (0..<6).map { _ in UUID() }
        let entries = (0..<60).map {
            PortfolioIndexTests.randomEntry($0, organisations: organisations, programmes: [], themes: [], stages: stages,
                                            people: people, using: &random)
        }
        let index = PortfolioIndex(generation: 1, references: ReferenceData(organisations: organisations, programmes: [], themes: [],
                                                                            stages: stages), entries: entries)
        return (organisations, people, entries, index)
    }

    func testTheRiskRegisterIsItsRulesWrittenPlainly() {
        var random = SplitMix64(state: 311)
        let (organisations, people, entries, index) = Self.randomSystem(code: "E", using: &random)
        let bands = RiskBandTable.nhsDefault
        // A project since deleted (not in the index) keeps its escalated risks until they are read again.
        let projects = entries.map(\.summary.id) + [UUID()]
        var numbers: [UUID: Int] = [:]
        let risks = (0..<500).map { _ -> Risk in
            let project = projects.randomElement(using: &random)!
            numbers[project, default: 0] += 1
            let rating = RiskRating(likelihood: Likelihood.allCases.randomElement(using: &random)!,
                                    consequence: Consequence.allCases.randomElement(using: &random)!)
            let review = Bool.random(using: &random) ? CalendarDate("2027-0\(Int.random(in: 1...3, using: &random))-01") : nil
            let fields = RiskFields(title: "Risk", inherent: rating, current: rating, target: rating, reviewDate: review,
                                    status: RiskStatus.allCases.randomElement(using: &random)!,
                                    escalation: EscalationLevel.allCases.randomElement(using: &random)!)
            let band = bands.band(for: rating.score).name
            return Risk(id: UUID(), projectID: project, number: numbers[project]!, fields: fields, inherentBand: band, currentBand: band,
                        targetBand: band, version: 1, createdAt: Date(), updatedAt: Date())
        }
        let register = EscalatedRiskRegister(generation: 1, risks: risks)
        let codes = Dictionary(uniqueKeysWithValues: entries.map { ($0.summary.id, $0) })

        var checked = 0
        for person in people.prefix(3) {
            for role in SystemRole.allCases {
                let actor = Actor(personID: person, role: role, organisationID: organisations.randomElement(using: &random)!.id)
                let readable = index.readableProjects(rule: AccessPolicy.readRule(for: actor))
                for _ in 0..<8 {
                    let organisation = organisations.randomElement(using: &random)!.id
                    let query = RiskRegisterQuery(
                        scope: Bool.random(using: &random) ? .system : .organisation(organisation),
                        status: [nil, .open, .closed].randomElement(using: &random)!,
                        band: [nil, "High", "Extreme"].randomElement(using: &random)!,
                        organisationID: Int.random(in: 0..<3, using: &random) == 0 ? organisation : nil,
                        cell: Bool.random(using: &random) ? nil : risks.randomElement(using: &random)!.fields.current,
                        sort: RiskRegisterQuery.Sort.allCases.randomElement(using: &random)!)
                    let page = PageRequest(page: Int.random(in: 1...3, using: &random), perPage: [1, 7, 25, 100].randomElement(using: &random)!)

                    // The rules, written plainly.
                    let level: EscalationLevel = query.scope == .system ? .system : .organisation
                    let lead: UUID? = if case .organisation(let id) = query.scope { id } else { query.organisationID }
                    let mapped = risks.filter { risk in
                        guard risk.fields.escalation == level, let entry = codes[risk.projectID],
                              AccessPolicy.canRead(actor, entry.accessFacts(for: person)) else { return false }
                        if let lead, entry.summary.leadOrganisationID != lead { return false }
                        if let status = query.status, risk.fields.status != status { return false }
                        return query.band.map { $0 == risk.currentBand } ?? true
                    }
                    let listed = mapped.filter { risk in query.cell.map { $0 == risk.fields.current } ?? true }
                    func key(_ risk: Risk) -> (Int, Int, String, Int) {
                        let review = risk.fields.reviewDate.map { Int($0.daysSinceEpoch) } ?? .max, score = risk.fields.current.score
                        let code = codes[risk.projectID]!.summary.code
                        return switch query.sort {
                        case .score: (-score, review, code, risk.number)
                        case .review: (review, -score, code, risk.number)
                        case .project: (0, 0, code, risk.number)
                        }
                    }
                    let ordered = listed.sorted { key($0) < key($1) }.map(\.id)
                    let expectedPage = Array(ordered.dropFirst(page.offset).prefix(page.perPage))
                    let expectedCells = Dictionary(mapped.map { ($0.fields.current, 1) }, uniquingKeysWith: +)

                    let (both, cells) = register.pageAndCells(query, readable: readable, page: page)
                    let context = "\(role) \(query) \(page)"
                    XCTAssertEqual(both.items.map(\.risk.id), expectedPage, context)
                    XCTAssertEqual(both.total, listed.count, context)
                    XCTAssertEqual(cells, expectedCells, context)
                    XCTAssertTrue(both.items.allSatisfy { $0.projectCode == codes[$0.risk.projectID]?.summary.code }, context)
                    checked += listed.isEmpty ? 0 : 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 40, "most queries list something")
    }

    /// The dependency register, likewise: every page and total is what the rules give when
    /// written plainly, for people of every role, with ends deleted, external and hidden.
    func testTheDependencyRegisterIsItsRulesWrittenPlainly() {
        var random = SplitMix64(state: 577)
        let (organisations, people, entries, index) = Self.randomSystem(code: "D", using: &random)
        let byID = Dictionary(uniqueKeysWithValues: entries.map { ($0.summary.id, $0) })
        let today = CalendarDate("2026-09-21")!
        // Two projects since deleted (not in the index) keep their dependencies until they are read again.
        let projects = entries.map(\.summary.id) + [UUID(), UUID()]
        var numbers: [UUID: Int] = [:]
        let dependencies = (0..<400).map { _ -> Dependency in
            let project = projects.randomElement(using: &random)!
            numbers[project, default: 0] += 1
            let external = Int.random(in: 0..<5, using: &random) == 0
            // Few dates, so that many dependencies tie on every part of the order but their number.
            let fields = DependencyFields(title: "Dependency", providerProjectID: external ? nil : projects.randomElement(using: &random)!,
                                          external: external ? "NHS England" : "",
                                          neededBy: today.adding(days: Int.random(in: -3...3, using: &random)),
                                          status: DependencyStatus.allCases.randomElement(using: &random)!)
            return Dependency(id: UUID(), projectID: project, number: numbers[project]!, fields: fields, version: 1,
                              createdAt: Date(), updatedAt: Date())
        }
        let register = DependencyRegister(generation: 1, dependencies: dependencies)

        var checked = 0
        for person in people.prefix(3) {
            for role in SystemRole.allCases {
                let actor = Actor(personID: person, role: role, organisationID: organisations.randomElement(using: &random)!.id)
                let readable = index.readableProjects(rule: AccessPolicy.readRule(for: actor))
                func entry(_ id: UUID?) -> PortfolioIndex.Entry? {
                    guard let id, let entry = byID[id], AccessPolicy.canRead(actor, entry.accessFacts(for: person)) else { return nil }
                    return entry
                }
                for _ in 0..<8 {
                    let statuses = Set(DependencyStatus.allCases.filter { _ in Bool.random(using: &random) })
                    let query = DependencyRegisterQuery(
                        statuses: Bool.random(using: &random) ? DependencyRegisterQuery.open : statuses,
                        crossOrganisationOnly: Int.random(in: 0..<4, using: &random) == 0,
                        organisationID: Int.random(in: 0..<3, using: &random) == 0 ? organisations.randomElement(using: &random)!.id : nil)
                    let page = PageRequest(page: Int.random(in: 1...3, using: &random), perPage: [1, 7, 25, 100].randomElement(using: &random)!)

                    // The rules, written plainly.
                    let listed = dependencies.indices.filter { slot in
                        let dependency = dependencies[slot]
                        let dependent = entry(dependency.projectID), provider = entry(dependency.fields.providerProjectID)
                        guard query.statuses.contains(dependency.fields.status), dependent != nil || provider != nil else { return false }
                        let crossing = dependent != nil && provider != nil
                            && dependent!.summary.leadOrganisationID != provider!.summary.leadOrganisationID
                        if query.crossOrganisationOnly && !crossing { return false }
                        if let organisation = query.organisationID {
                            return dependent?.summary.leadOrganisationID == organisation || provider?.summary.leadOrganisationID == organisation
                        }
                        return true
                    }
                    func key(_ slot: Int) -> (Int, Int, Int64, String, Int, Int) {
                        let dependency = dependencies[slot]
                        let dependent = entry(dependency.projectID), provider = entry(dependency.fields.providerProjectID)
                        let crossing = dependent != nil && provider != nil
                            && dependent!.summary.leadOrganisationID != provider!.summary.leadOrganisationID
                        // A dependent the reader may not read sorts after every code (codes are ASCII).
                        return (dependency.fields.needsAttention(today: today) ? 0 : 1, crossing ? 0 : 1,
                                dependency.fields.neededBy.daysSinceEpoch, dependent?.summary.code ?? "\u{7F}", dependency.number, slot)
                    }
                    let ordered = listed.sorted { key($0) < key($1) }.map { dependencies[$0].id }
                    let expected = Array(ordered.dropFirst(page.offset).prefix(page.perPage))

                    let answer = register.page(query, readable: readable, today: today, page: page)
                    XCTAssertEqual(answer.items.map(\.dependency.id), expected, "\(role) \(query) \(page)")
                    XCTAssertEqual(answer.total, listed.count, "\(role) \(query)")
                    for seen in answer.items {
                        XCTAssertEqual(seen.dependent.projectID, entry(seen.dependency.projectID)?.summary.id)
                        XCTAssertEqual(seen.provider?.projectID, entry(seen.dependency.fields.providerProjectID)?.summary.id)
                    }
                    checked += expected.count
                }
            }
        }
        XCTAssertGreaterThan(checked, 500, "the random queries found dependencies to list")
    }
}
