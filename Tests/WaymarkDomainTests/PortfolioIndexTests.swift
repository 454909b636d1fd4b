import Foundation
@testable import WaymarkDomain
import XCTest

/// The portfolio index answers every list, count and search. Against a random portfolio, for
/// people of every role and many queries, it must give exactly what the policy and the filters
/// say, project by project: nothing more (a leak), nothing less.
final class PortfolioIndexTests: XCTestCase {
    typealias Generator = SplitMix64

    func testListsAndCountsAreExactlyWhatThePolicyAndFiltersSay() {
        var random = Generator(state: 2026)
        let organisations = (0..<4).map { Organisation(id: UUID(), name: "Org \($0)", code: "R\($0)", codeKind: .ods, kind: .acuteTrust, version: 1) }
        let programmes = (0..<2).map { Programme(id: UUID(), name: "Programme \($0)", description: "", version: 1) }
        let themes = (0..<3).map { Theme(id: UUID(), name: "Theme \($0)", description: "", version: 1) }
        let stages = (0..<3).map { LifecycleStage(id: UUID(), key: "s\($0)", name: "Stage \($0)", position: 3 - $0, gate: nil, description: "") }
        let people = (0..<8).map { _ in UUID() }
        let entries = (0..<300).map { number in
            Self.randomEntry(number, organisations: organisations, programmes: programmes, themes: themes, stages: stages,
                             people: people, using: &random)
        }
        let index = PortfolioIndex(generation: 1, references: ReferenceData(organisations: organisations, programmes: programmes,
                                                                             themes: themes, stages: stages), entries: entries)

        var checked = 0
        for person in people {
            for role in SystemRole.allCases {
                let actor = Actor(personID: person, role: role, organisationID: organisations.randomElement(using: &random)!.id)
                let rule = AccessPolicy.readRule(for: actor)
                for _ in 0..<12 {
                    var query = PortfolioQuery(sort: PortfolioSort.allCases.randomElement(using: &random)!,
                                               descending: Bool.random(using: &random),
                                               page: PageRequest(page: Int.random(in: 1...3, using: &random), perPage: 20))
                    if Bool.random(using: &random) { query.organisationID = organisations.randomElement(using: &random)!.id }
                    if Bool.random(using: &random) { query.themeID = themes.randomElement(using: &random)!.id }
                    if Bool.random(using: &random) { query.status = ProjectStatus.allCases.randomElement(using: &random)! }
                    if Int.random(in: 0..<3, using: &random) == 0 { query.programmeID = programmes.randomElement(using: &random)!.id }
                    if Int.random(in: 0..<3, using: &random) == 0 { query.stageID = stages.randomElement(using: &random)!.id }
                    if Int.random(in: 0..<3, using: &random) == 0 { query.methodology = Methodology.allCases.randomElement(using: &random)! }
                    if Int.random(in: 0..<3, using: &random) == 0 { query.text = ["WARD", " falls ", "%_", "nothing"].randomElement(using: &random)! }
                    if Int.random(in: 0..<4, using: &random) == 0 { query.teamMemberID = person }
                    if Int.random(in: 0..<4, using: &random) == 0 { query.visibility = Visibility.allCases.randomElement(using: &random)! }
                    if Int.random(in: 0..<4, using: &random) == 0 { query.activePastEndOn = CalendarDate("2027-05-01") }

                    func matches(_ entry: PortfolioIndex.Entry, _ query: PortfolioQuery) -> Bool {
                        let s = entry.summary
                        let needle = query.text?.trimmingCharacters(in: .whitespaces).lowercased()
                        return AccessPolicy.canRead(actor, entry.accessFacts(for: person))
                            && (query.organisationID == nil || s.leadOrganisationID == query.organisationID)
                            && (query.programmeID == nil || s.programmeID == query.programmeID)
                            && (query.stageID == nil || s.stageID == query.stageID)
                            && (query.methodology == nil || s.methodology == query.methodology)
                            && (query.themeID == nil || entry.themeIDs.contains(query.themeID!))
                            && (query.status == nil || s.status == query.status)
                            && (query.visibility == nil || s.visibility == query.visibility)
                            && (query.teamMemberID == nil || entry.team[query.teamMemberID!] != nil)
                            && (query.activePastEndOn.map { s.status == .active && s.endDate != nil && s.endDate! < $0 } ?? true)
                            && (needle == nil || [s.title, s.code, s.summary].contains { $0.lowercased().contains(needle!) })
                    }
                    let expected = entries.filter { matches($0, query) }
                    let page = index.page(query, rule: rule)
                    XCTAssertEqual(page.total, expected.count)
                    let ids = Set(expected.map(\.summary.id))
                    XCTAssertTrue(page.items.allSatisfy { ids.contains($0.id) }, "a listed project the person may not see")
                    XCTAssertEqual(page.items.count, max(0, min(20, expected.count - query.page.offset)))
                    // A download holds every page, in the same order.
                    let whole = index.entries(query, rule: rule).map(\.summary.id)
                    XCTAssertEqual(Set(whole), ids)
                    XCTAssertEqual(Array(whole.dropFirst(query.page.offset).prefix(20)), page.items.map(\.id))

                    // Counted both ways (by each value's set, and by each selected project's value),
                    // and as the index chooses, each against the projects themselves.
                    XCTAssertEqual(index.facetCounts(query, rule: rule), index.facetCounts(query, rule: rule, counting: .cheaper))
                    // Each value of each facet: its key as counted, the query choosing it, and how
                    // many projects that query selects.
                    var choices: [(PortfolioFacet, String, (inout PortfolioQuery) -> Void)] = []
                    choices += organisations.map { organisation in (.organisation, organisation.id.lowercasedText, { $0.organisationID = organisation.id }) }
                    choices += themes.map { theme in (.theme, theme.id.lowercasedText, { $0.themeID = theme.id }) }
                    choices += ProjectStatus.allCases.map { status in (.status, status.rawValue, { $0.status = status }) }
                    choices += programmes.map { programme in (.programme, programme.id.lowercasedText, { $0.programmeID = programme.id }) }
                    choices += stages.map { stage in (.stage, stage.id.lowercasedText, { $0.stageID = stage.id }) }
                    choices += Methodology.allCases.map { methodology in (.methodology, methodology.rawValue, { $0.methodology = methodology }) }
                    let expectations = choices.map { facet, key, choose in
                        var alternative = query
                        choose(&alternative)
                        return (facet, key, entries.filter { matches($0, alternative) }.count)
                    }
                    for counting in [PortfolioIndex.Counting.bySets, .byPositions] {
                        let counts = index.facetCounts(query, rule: rule, counting: counting)
                        for (facet, key, expected) in expectations {
                            XCTAssertEqual(counts.count(facet, key), expected, "\(counting): \(facet) \(key)")
                        }
                    }
                    checked += 1
                }
                XCTAssertEqual(index.readableCount(rule: rule), entries.filter { AccessPolicy.canRead(actor, $0.accessFacts(for: person)) }.count)
            }
        }
        XCTAssertEqual(checked, 8 * SystemRole.allCases.count * 12)
    }

    static func randomEntry(_ number: Int, organisations: [Organisation], programmes: [Programme], themes: [Theme],
                            stages: [LifecycleStage], people: [UUID], id: UUID = UUID(),
                            using random: inout Generator) -> PortfolioIndex.Entry {
        let words = ["ward", "Discharge", "falls", "virtual WARD", "frailty", "100%_safe"]
        let lead = organisations.randomElement(using: &random)!
        let programme = Bool.random(using: &random) ? programmes.randomElement(using: &random) : nil
        let stage = stages.randomElement(using: &random)!
        var team: [UUID: TeamRole] = [:]
        for person in people where Int.random(in: 0..<5, using: &random) == 0 {
            team[person] = TeamRole.allCases.randomElement(using: &random)!
        }
        let summary = ProjectSummary(
            id: id, code: "R-\(1_000 + Int.random(in: 0..<9_000, using: &random))-\(number)",
            title: words.randomElement(using: &random)! + " \(Int.random(in: 0..<20, using: &random))",
            summary: words.randomElement(using: &random)!, leadOrganisationID: lead.id, leadOrganisationName: lead.name,
            programmeID: programme?.id, programmeName: programme?.name,
            methodology: Methodology.allCases.randomElement(using: &random)!, stageID: stage.id, stageName: stage.name,
            status: ProjectStatus.allCases.randomElement(using: &random)!,
            visibility: Visibility.allCases.randomElement(using: &random)!,
            startDate: Bool.random(using: &random) ? CalendarDate("2026-0\(Int.random(in: 1...9, using: &random))-01") : nil,
            endDate: Bool.random(using: &random) ? CalendarDate("2027-0\(Int.random(in: 1...9, using: &random))-01") : nil,
            version: 1, updatedAt: Date(timeIntervalSince1970: Double(Int.random(in: 0..<1_000, using: &random))),
            seniorResponsibleOwner: ["Ann Lee", "bob Hart", nil].randomElement(using: &random)!,
            projectManager: ["Zoë Kay", "Sam Patel", nil].randomElement(using: &random)!,
            budgetPence: [nil, 0, 1_250_000, 99_999].randomElement(using: &random)!)
        return PortfolioIndex.Entry(
            summary: summary,
            partnerOrganisationIDs: Set(organisations.filter { _ in Int.random(in: 0..<3, using: &random) == 0 }.map(\.id)),
            themeIDs: themes.filter { _ in Bool.random(using: &random) }.map(\.id), team: team,
            stagePosition: stage.position)
    }

    /// An index patched with changed, new and removed projects (`replacing`, as the change log
    /// drives it) must answer exactly as one built whole from the same entries: every sort order
    /// in both directions, facet counts, team places and lookups, for people of every role; with
    /// sort orders computed before the patch (and so patched) and after it.
    func testAPatchedIndexAnswersAsOneBuiltWhole() {
        var random = Generator(state: 1948)
        let organisations = (0..<5).map { Organisation(id: UUID(), name: "Org \($0)", code: "R\($0)", codeKind: .ods, kind: .acuteTrust, version: 1) }
        let programmes = (0..<2).map { Programme(id: UUID(), name: "Programme \($0)", description: "", version: 1) }
        let themes = (0..<3).map { Theme(id: UUID(), name: "Theme \($0)", description: "", version: 1) }
        let stages = (0..<3).map { LifecycleStage(id: UUID(), key: "s\($0)", name: "Stage \($0)", position: $0, gate: nil, description: "") }
        let people = (0..<10).map { _ in UUID() }
        let references = ReferenceData(organisations: organisations, programmes: programmes, themes: themes, stages: stages)
        var number = 0
        func entry(id: UUID = UUID()) -> PortfolioIndex.Entry {
            number += 1
            return Self.randomEntry(number, organisations: organisations, programmes: programmes, themes: themes, stages: stages,
                                    people: people, id: id, using: &random)
        }
        let rules = people.prefix(4).flatMap { person in
            SystemRole.allCases.map { role in
                AccessPolicy.readRule(for: Actor(personID: person, role: role, organisationID: organisations[Int(person.uuid.0) % 5].id))
            }
        }
        func ids(_ index: PortfolioIndex, _ query: PortfolioQuery, _ rule: ProjectReadRule) -> [UUID] {
            var all: [UUID] = []
            var query = query
            for page in 1... {
                query.page = PageRequest(page: page, perPage: 100)
                let items = index.page(query, rule: rule).items
                all += items.map(\.id)
                if items.count < 100 { return all }
            }
            return all
        }

        var index = PortfolioIndex(generation: 0, references: references, entries: (0..<120).map { _ in entry() })
        for round in 1...80 {
            // Sort orders the old index has computed are carried and patched; the others are sorted afresh.
            for sort in PortfolioSort.allCases where Bool.random(using: &random) {
                _ = index.page(PortfolioQuery(sort: sort, descending: Bool.random(using: &random)), rule: rules[0])
            }
            var changed = Set<UUID>()
            var fresh: [PortfolioIndex.Entry] = []
            let current = index.entries.map(\.summary.id)
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                switch Int.random(in: 0..<4, using: &random) {
                case 0, 1:
                    guard let id = current.randomElement(using: &random), !changed.contains(id) else { continue }
                    changed.insert(id)
                    fresh.append(entry(id: id))
                case 2:
                    guard let id = current.randomElement(using: &random), !changed.contains(id) else { continue }
                    changed.insert(id)
                default:
                    let made = entry()
                    changed.insert(made.summary.id)
                    fresh.append(made)
                }
            }
            let kept = index.entries.filter { !changed.contains($0.summary.id) }
            index = index.replacing(changed, with: fresh, generation: Int64(round))
            let whole = PortfolioIndex(generation: Int64(round), references: references, entries: kept + fresh)

            XCTAssertEqual(index.entries.count, whole.entries.count, "round \(round)")
            XCTAssertEqual(Set(index.entries.map(\.summary.id)), Set(whole.entries.map(\.summary.id)), "round \(round)")
            for entry in whole.entries {
                XCTAssertEqual(index.entry(entry.summary.id)?.summary, entry.summary, "round \(round)")
            }
            for person in people {
                XCTAssertEqual(Set(index.projects(withTeamMember: person)), Set(whole.projects(withTeamMember: person)), "round \(round)")
                XCTAssertEqual(index.projects(withTeamMember: person).count, whole.projects(withTeamMember: person).count, "round \(round)")
            }
            for rule in rules {
                for sort in PortfolioSort.allCases {
                    for descending in [false, true] {
                        let query = PortfolioQuery(sort: sort, descending: descending)
                        XCTAssertEqual(ids(index, query, rule), ids(whole, query, rule), "round \(round), \(sort) \(descending)")
                    }
                }
                var query = PortfolioQuery()
                if Bool.random(using: &random) { query.organisationID = organisations.randomElement(using: &random)!.id }
                if Bool.random(using: &random) { query.themeID = themes.randomElement(using: &random)!.id }
                if Bool.random(using: &random) { query.teamMemberID = people.randomElement(using: &random)! }
                if Bool.random(using: &random) { query.text = "ward" }
                XCTAssertEqual(index.facetCounts(query, rule: rule), whole.facetCounts(query, rule: rule), "round \(round)")
                XCTAssertEqual(index.facetCounts(query, rule: rule, counting: .byPositions), whole.facetCounts(query, rule: rule, counting: .bySets),
                               "round \(round): each project's values, kept as it changed")
                XCTAssertEqual(index.readableCount(rule: rule), whole.readableCount(rule: rule), "round \(round)")
            }
        }
    }

    /// A closed period's index, thawed from its stored snapshot beside today's index, shares the
    /// text and keys of every project still as it stood (and of no other), holds no project's
    /// details, and answers every list, sort, search and count exactly as one thawed alone; a
    /// register's items equal to today's share theirs.
    func testAClosedPeriodsIndexSharesWhatIsUnchangedAndAnswersTheSame() throws {
        var random = Generator(state: 2026)
        let organisations = (0..<4).map { Organisation(id: UUID(), name: "Org \($0)", code: "R\($0)", codeKind: .ods, kind: .acuteTrust, version: 1) }
        let programmes = (0..<2).map { Programme(id: UUID(), name: "Programme \($0)", description: "", version: 1) }
        let themes = (0..<3).map { Theme(id: UUID(), name: "Theme \($0)", description: "", version: 1) }
        let stages = (0..<3).map { LifecycleStage(id: UUID(), key: "s\($0)", name: "Stage \($0)", position: $0, gate: nil, description: "") }
        let people = (0..<8).map { _ in UUID() }
        let references = ReferenceData(organisations: organisations, programmes: programmes, themes: themes, stages: stages)
        func entry(_ number: Int, id: UUID = UUID()) -> PortfolioIndex.Entry {
            Self.randomEntry(number, organisations: organisations, programmes: programmes, themes: themes, stages: stages,
                             people: people, id: id, using: &random)
        }
        let closed = (0..<150).map { entry($0) }
        let sources = DashboardSources(
            index: PortfolioIndex(generation: 1, references: references, entries: closed),
            reporting: ReportingState(cycles: ReportingCycles(system: ReportingCycle(frequency: .monthly, dueWorkingDay: 5), systemVersion: 1,
                                                              programmes: [:]), holidays: [], statuses: [:]),
            risks: EscalatedRiskRegister(generation: 1, risks: []), milestones: KeyMilestones(generation: 1, milestones: []),
            dependencies: DependencyRegister(generation: 1, dependencies: []), benefits: PortfolioBenefits(generation: 1, benefits: []),
            itemQuality: [])
        // Kept as JSON, as the store keeps it, and read back.
        let stored = try JSONEncoder().encode(PeriodSnapshot(period: ReportingPeriod(start: CalendarDate("2026-08-01")!, months: 1),
                                                             closedOn: CalendarDate("2026-09-21")!, sources: sources, reported: []))
        let snapshot = try JSONDecoder().decode(PeriodSnapshot.self, from: stored)
        // Since the close: a third of the projects changed, some removed, some new.
        var changed = Set<UUID>(), removed = Set<UUID>()
        var today: [PortfolioIndex.Entry] = []
        for (number, project) in closed.enumerated() {
            switch number % 6 {
            case 0, 1: changed.insert(project.summary.id); today.append(entry(number, id: project.summary.id))
            case 2 where number % 12 == 2: removed.insert(project.summary.id)
            default: today.append(project)
            }
        }
        today += (0..<20).map { entry(1_000 + $0) }
        let live = PortfolioIndex(generation: 2, references: references, entries: today)

        let alone = snapshot.sources().index, shared = snapshot.sources(sharing: PeriodSnapshot.Today(index: live)).index
        func storage(_ bytes: [UInt8]) -> UnsafeRawPointer? { bytes.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        XCTAssertEqual(shared.entries.map(\.summary), alone.entries.map(\.summary))
        var sharedCount = 0
        for (mine, theirs) in zip(shared.entries, alone.entries) {
            XCTAssertTrue(mine.holdsTheSame(as: theirs))
            XCTAssertNil(mine.details)
            let id = mine.summary.id
            let unchanged = !changed.contains(id) && !removed.contains(id)
            XCTAssertEqual(storage(mine.searchable) == storage(live.entry(id)?.searchable ?? []), unchanged, "\(mine.summary.code)")
            XCTAssertEqual(storage(mine.titleKey) == storage(live.entry(id)?.titleKey ?? []), unchanged && !mine.titleKey.isEmpty)
            if unchanged { sharedCount += 1 }
        }
        XCTAssertEqual(sharedCount, closed.count - changed.count - removed.count)
        XCTAssertGreaterThan(sharedCount, 50)
        // Read back from its stored parts beside today's index, each part shared as it is decoded: the same snapshot.
        var assembly = PeriodSnapshot.Assembly(sharing: PeriodSnapshot.Today(index: live))
        for part in try snapshot.storedParts(scale: 0.02) { try assembly.add(part) }
        let assembled = try assembly.finished()
        XCTAssertEqual(assembled.projects.map(\.summary), snapshot.projects.map(\.summary))
        XCTAssertEqual(assembled.projects.map(\.team), snapshot.projects.map(\.team))
        XCTAssertEqual(assembled.projects.map(\.themeIDs), snapshot.projects.map(\.themeIDs))
        XCTAssertEqual(assembled.sources(sharing: PeriodSnapshot.Today(index: live)).index.entries.map(\.summary), alone.entries.map(\.summary))
        // A register's items likewise: an item equal to today's of its id is today's, sharing its storage.
        struct Item: Equatable { var id: UUID; var text: [UInt8] }
        let frozenItems = (0..<40).map { Item(id: UUID(), text: Array("item \($0)".utf8)) }
        let todayItems = frozenItems.enumerated().compactMap { number, item in
            number % 3 == 0 ? nil : Item(id: item.id, text: number % 3 == 1 ? Array(item.text) : Array("changed".utf8))
        }
        let sharedItems = PeriodSnapshot.sharing(frozenItems, Dictionary(uniqueKeysWithValues: todayItems.map { ($0.id, $0) }), id: \.id)
        XCTAssertEqual(sharedItems, frozenItems, "the same items")
        for (number, item) in sharedItems.enumerated() {
            let now = todayItems.first { $0.id == item.id }
            XCTAssertEqual(storage(item.text) == now.map { storage($0.text) }, number % 3 == 1, "item \(number)")
        }
        for person in people.prefix(3) {
            for role in SystemRole.allCases {
                let rule = AccessPolicy.readRule(for: Actor(personID: person, role: role, organisationID: organisations[Int(person.uuid.0) % 4].id))
                for sort in PortfolioSort.allCases {
                    for descending in [false, true] {
                        var query = PortfolioQuery(sort: sort, descending: descending)
                        if Bool.random(using: &random) { query.text = "ward" }
                        if Bool.random(using: &random) { query.organisationID = organisations.randomElement(using: &random)!.id }
                        XCTAssertEqual(shared.entries(query, rule: rule).map(\.summary.id), alone.entries(query, rule: rule).map(\.summary.id))
                        XCTAssertEqual(shared.facetCounts(query, rule: rule), alone.facetCounts(query, rule: rule))
                    }
                }
            }
        }
    }

    /// The free-text search finds a needle exactly where a plain search does: random texts and
    /// needles over four letters, so first letters match often and the rest often do not, with
    /// needles at the very start and end, overlapping, as long as the text, and longer. A text's
    /// byte pairs hold every needle found in it (the search reads no other), and rule out many
    /// that are not; texts hold the byte that joins a project's fields, which needles never do.
    func testTheTextSearchFindsWhatAPlainSearchFinds() {
        var random = Generator(state: 1207)
        let letters = Array("abcd".utf8)
        func text(_ length: Int, joined: Bool = false) -> [UInt8] {
            (0..<length).map { _ in joined && Int.random(in: 0..<8, using: &random) == 0 ? 0xFF : letters.randomElement(using: &random)! }
        }
        var ruledOut = 0
        for _ in 0..<20_000 {
            let haystack = text(Int.random(in: 0...12, using: &random), joined: true)
            var needle = Int.random(in: 0..<3, using: &random) == 0 && !haystack.isEmpty
                ? Array(haystack[Int.random(in: 0..<haystack.count, using: &random)...].prefix(Int.random(in: 1...4, using: &random)))
                : text(Int.random(in: 0...5, using: &random))
            needle.removeAll { $0 == 0xFF }
            let plain = needle.isEmpty || (needle.count <= haystack.count
                && (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle })
            let shown = "\(haystack) / \(needle)"
            XCTAssertEqual(haystack.contains(needle), plain, shown)
            let held = BytePairs(haystack).holds(BytePairs(needle))
            if plain { XCTAssertTrue(held, shown) }
            if !held { ruledOut += 1 }
        }
        XCTAssertGreaterThan(ruledOut, 5_000, "the pairs rule out texts without reading them")
    }

    func testSortOrdersAreTheDocumentedOnes() {
        let stageA = LifecycleStage(id: UUID(), key: "a", name: "A", position: 1, gate: nil, description: "")
        let stageB = LifecycleStage(id: UUID(), key: "b", name: "B", position: 2, gate: nil, description: "")
        let lead = UUID()
        func entry(_ code: String, _ title: String, _ stage: LifecycleStage, start: String?, lead name: String, status: ProjectStatus,
                   sro: String?, manager: String?, budget: Int64?) -> PortfolioIndex.Entry {
            PortfolioIndex.Entry(
                summary: ProjectSummary(id: UUID(), code: code, title: title, summary: "", leadOrganisationID: lead,
                                        leadOrganisationName: name, programmeID: nil, programmeName: nil, methodology: .project,
                                        stageID: stage.id, stageName: stage.name, status: status, visibility: .system,
                                        startDate: start.flatMap(CalendarDate.init), endDate: nil, version: 1, updatedAt: Date(),
                                        seniorResponsibleOwner: sro, projectManager: manager, budgetPence: budget),
                partnerOrganisationIDs: [], themeIDs: [], team: [:], stagePosition: stage.position)
        }
        let index = PortfolioIndex(generation: 1, references: ReferenceData(organisations: [], programmes: [], themes: [], stages: [stageA, stageB]),
                                   entries: [entry("C-3", "beta", stageA, start: nil, lead: "Kingsmead", status: .closed,
                                                   sro: "ann", manager: nil, budget: 500),
                                             entry("C-1", "Alpha", stageB, start: "2026-05-01", lead: "harbour", status: .onHold,
                                                   sro: nil, manager: "Zoë", budget: nil),
                                             entry("C-2", "alpha", stageA, start: "2026-01-01", lead: "Kingsmead", status: .active,
                                                   sro: "Bob", manager: "Ann", budget: 20_000),
                                             entry("C-4", "Beta", stageB, start: nil, lead: "Ashby", status: .active,
                                                   sro: "Ann", manager: "ann", budget: 500)])
        let rule = AccessPolicy.readRule(for: Actor(personID: UUID(), role: .member, organisationID: UUID()))
        func codes(_ sort: PortfolioSort, _ descending: Bool) -> [String] {
            index.page(PortfolioQuery(sort: sort, descending: descending), rule: rule).items.map(\.code)
        }
        XCTAssertEqual(codes(.title, false), ["C-1", "C-2", "C-3", "C-4"], "title ignores case; ties by code")
        XCTAssertEqual(codes(.title, true), ["C-3", "C-4", "C-1", "C-2"], "ties stay by code ascending")
        XCTAssertEqual(codes(.code, true), ["C-4", "C-3", "C-2", "C-1"])
        XCTAssertEqual(codes(.start, false), ["C-2", "C-1", "C-3", "C-4"], "no date last")
        XCTAssertEqual(codes(.start, true), ["C-1", "C-2", "C-3", "C-4"], "no date last either way")
        XCTAssertEqual(codes(.stage, false), ["C-2", "C-3", "C-1", "C-4"], "stage order, then title")
        XCTAssertEqual(codes(.stage, true), ["C-1", "C-4", "C-2", "C-3"])
        XCTAssertEqual(codes(.organisation, false), ["C-4", "C-1", "C-2", "C-3"], "lead organisation ignoring case, then title")
        XCTAssertEqual(codes(.organisation, true), ["C-2", "C-3", "C-1", "C-4"])
        XCTAssertEqual(codes(.status, false), ["C-2", "C-4", "C-1", "C-3"], "active, on hold, closed, cancelled; then title")
        XCTAssertEqual(codes(.sro, false), ["C-3", "C-4", "C-2", "C-1"], "names ignoring case, ties by title; none last")
        XCTAssertEqual(codes(.sro, true), ["C-2", "C-3", "C-4", "C-1"], "none last either way")
        XCTAssertEqual(codes(.manager, false), ["C-2", "C-4", "C-1", "C-3"])
        XCTAssertEqual(codes(.budget, false), ["C-3", "C-4", "C-2", "C-1"], "ties by title, then code; none last")
        XCTAssertEqual(codes(.budget, true), ["C-2", "C-3", "C-4", "C-1"])
    }
}
