import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The whole portfolio held in memory: every project's summary with the facts that decide who may
/// read it (visibility, lead, partners, team) and what it matches (themes, searchable text), plus
/// the reference lists that name them. One index is built from one consistent read of the database
/// and tagged with the database's change counter; the store replaces it when the counter moves.
///
/// Lists, totals and facet counts are computed here with `ProjectReadRule.admits`, the same rule
/// `AccessPolicy.canRead` uses, for the person asking: nothing is cached per person. What is kept
/// is the facts every answer is computed from, sort orders, and each project's own rendering,
/// which is the same for everyone the rule lets see it.
public final class PortfolioIndex: @unchecked Sendable {
    /// One project and everything the portfolio filters, counts and sorts it by. A class, so that
    /// walking the whole portfolio for each request does not copy every field of every project.
    public final class Entry: Sendable {
        public let summary: ProjectSummary
        public let partnerOrganisationIDs: Set<UUID>
        public let themeIDs: [UUID]
        /// Person → their role on the team.
        public let team: [UUID: TeamRole]
        let stagePosition: Int
        let titleKey: [UInt8]
        let codeKey: [UInt8]
        /// Title, code and summary, lower-cased, joined by 0xFF: a byte UTF-8 never uses, so no
        /// needle can match across two fields.
        let searchable: [UInt8]
        /// What the web layer writes for this project (its JSON in API lists, its row in the
        /// portfolio page), made on first use and kept with the index: the entry never changes.
        public let renderedJSON = Memo<[UInt8]>()
        public let renderedHTML = Memo<String>()
        /// The project's whole record and its team by name: what its own page shows. The store
        /// always reads them; an index made without them (as tests of lists make) answers lists only.
        public let details: Details?

        public struct Details: Sendable {
            public let project: Project
            /// In the order the page lists them (`TeamRole` order, then by name).
            public let team: [TeamMember]

            public init(project: Project, team: [TeamMember]) {
                self.project = project
                self.team = team
            }
        }

        public init(summary: ProjectSummary, partnerOrganisationIDs: Set<UUID>, themeIDs: [UUID],
                    team: [UUID: TeamRole], stagePosition: Int, details: Details? = nil) {
            self.summary = summary
            self.details = details
            self.partnerOrganisationIDs = partnerOrganisationIDs
            self.themeIDs = themeIDs
            self.team = team
            self.stagePosition = stagePosition
            titleKey = Array(summary.title.lowercased().utf8)
            codeKey = Array(summary.code.utf8)
            searchable = titleKey + [0xFF] + Array(summary.code.lowercased().utf8) + [0xFF] + Array(summary.summary.lowercased().utf8)
        }

        /// What the access policy needs to know about this project for one person.
        public func accessFacts(for personID: UUID) -> ProjectAccessFacts {
            ProjectAccessFacts(visibility: summary.visibility, leadOrganisationID: summary.leadOrganisationID,
                               partnerOrganisationIDs: partnerOrganisationIDs, actorTeamRole: team[personID])
        }
    }

    /// The database's change counter when this index was read.
    public let generation: Int64
    public let references: ReferenceData
    public let entries: [Entry]
    /// Project → its position.
    private let positions: [UUID: Int]
    /// Person → the positions of the projects whose team they are on.
    private let places: [UUID: [Int]]
    /// Organisation → the positions of the projects it partners.
    private let partnerships: [UUID: [Int]]
    /// Each facet's values, numbered (by `PortfolioFacet.ordinal`), and each project's value as
    /// that number (-1 for none); themes, of which a project has several, separately. Facet
    /// counts are then sums into arrays rather than hashing an id per project.
    private let facetKeys: [[String]]
    /// By position, the facts every filter tests, apart from the summaries: testing them for every
    /// project of every request then copies and counts no references.
    private let facts: [Facts]
    private let searchable: [[UInt8]]

    struct Facts {
        let visibility: Visibility
        let lead: UUID
        let programme: UUID?
        let stage: UUID
        let methodology: Methodology
        let status: ProjectStatus
    }

    private let facetSlots: [[Int]]
    private let themeSlots: [[Int]]

    // Sort orders are computed the first time they are asked for, then kept with the index.
    private let lock = NSLock()
    private var orders: [SortKey: [Int]] = [:]

    private struct SortKey: Hashable {
        var sort: PortfolioSort
        var descending: Bool
    }

    public init(generation: Int64, references: ReferenceData, entries: [Entry]) {
        self.generation = generation
        self.references = references
        self.entries = entries
        positions = Dictionary(entries.enumerated().map { ($1.summary.id, $0) }, uniquingKeysWith: { first, _ in first })
        var places: [UUID: [Int]] = [:]
        for (position, entry) in entries.enumerated() {
            for person in entry.team.keys { places[person, default: []].append(position) }
        }
        self.places = places
        var partnerships: [UUID: [Int]] = [:]
        for (position, entry) in entries.enumerated() {
            for organisation in entry.partnerOrganisationIDs { partnerships[organisation, default: []].append(position) }
        }
        self.partnerships = partnerships

        var keys = [[String]](repeating: [], count: PortfolioFacet.allCases.count)
        var numbers = [[String: Int]](repeating: [:], count: PortfolioFacet.allCases.count)
        func slot(_ facet: PortfolioFacet, _ key: String) -> Int {
            if let known = numbers[facet.ordinal][key] { return known }
            keys[facet.ordinal].append(key)
            numbers[facet.ordinal][key] = keys[facet.ordinal].count - 1
            return keys[facet.ordinal].count - 1
        }
        var slots = [[Int]](repeating: [], count: PortfolioFacet.allCases.count)
        var themeSlots: [[Int]] = []
        for entry in entries {
            let summary = entry.summary
            slots[PortfolioFacet.organisation.ordinal].append(slot(.organisation, summary.leadOrganisationID.lowercasedText))
            slots[PortfolioFacet.programme.ordinal].append(summary.programmeID.map { slot(.programme, $0.lowercasedText) } ?? -1)
            slots[PortfolioFacet.stage.ordinal].append(slot(.stage, summary.stageID.lowercasedText))
            slots[PortfolioFacet.methodology.ordinal].append(slot(.methodology, summary.methodology.rawValue))
            slots[PortfolioFacet.status.ordinal].append(slot(.status, summary.status.rawValue))
            themeSlots.append(entry.themeIDs.map { slot(.theme, $0.lowercasedText) })
        }
        facetKeys = keys
        facetSlots = slots
        searchable = entries.map(\.searchable)
        facts = entries.map {
            Facts(visibility: $0.summary.visibility, lead: $0.summary.leadOrganisationID, programme: $0.summary.programmeID,
                  stage: $0.summary.stageID, methodology: $0.summary.methodology, status: $0.summary.status)
        }
        self.themeSlots = themeSlots
    }

    /// The projects whose team `person` is on.
    public func projects(withTeamMember person: UUID) -> [UUID] {
        (places[person] ?? []).map { entries[$0].summary.id }
    }

    /// This index with the entries of `changed` projects replaced by `fresh` (a changed project
    /// without a fresh entry no longer exists), at a later generation. Unchanged entries are
    /// kept as they are, with what was written for them.
    public func replacing(_ changed: Set<UUID>, with fresh: [Entry], generation: Int64) -> PortfolioIndex {
        PortfolioIndex(generation: generation, references: references,
                       entries: entries.filter { !changed.contains($0.summary.id) } + fresh)
    }

    /// The project with this id, if there is one.
    public func entry(_ id: UUID) -> Entry? {
        positions[id].map { entries[$0] }
    }

    /// For each position, whether `person` is on that project's team.
    private func teamMarks(_ person: UUID) -> [Bool] {
        marks(places[person] ?? [])
    }

    private func marks(_ positions: [Int]) -> [Bool] {
        var marks = [Bool](repeating: false, count: entries.count)
        for position in positions { marks[position] = true }
        return marks
    }

    // MARK: Answers for one person

    /// One page of the projects this person may read that match the query.
    public func page(_ query: PortfolioQuery, rule: ProjectReadRule) -> Page<ProjectSummary> {
        let page = pageOfEntries(query, rule: rule)
        return Page(items: page.items.map(\.summary), request: page.request, total: page.total)
    }

    /// The same page, as the index's entries.
    public func pageOfEntries(_ query: PortfolioQuery, rule: ProjectReadRule) -> Page<Entry> {
        pageOfEntries(query, outcomes: outcomes(Matcher(query: query, rule: rule, index: self)))
    }

    private func pageOfEntries(_ query: PortfolioQuery, outcomes: [UInt8?]) -> Page<Entry> {
        let first = query.page.offset
        var items: [Entry] = []
        items.reserveCapacity(query.page.perPage)
        var total = 0
        for position in order(query.sort, descending: query.descending) {
            guard outcomes[position] == 0 else { continue }
            if total >= first && items.count < query.page.perPage { items.append(entries[position]) }
            total += 1
        }
        return Page(items: items, request: query.page, total: total)
    }

    /// For each facet (all, or those asked for), how many readable projects each value would give
    /// with the other filters kept.
    public func facetCounts(_ query: PortfolioQuery, rule: ProjectReadRule,
                            facets: [PortfolioFacet] = PortfolioFacet.allCases) -> FacetCounts {
        facetCounts(outcomes(Matcher(query: query, rule: rule, index: self)), facets: facets)
    }

    /// A page and the facet counts together, testing each project against the query once.
    public func pageAndCounts(_ query: PortfolioQuery, rule: ProjectReadRule,
                              facets: [PortfolioFacet] = PortfolioFacet.allCases) -> (Page<Entry>, FacetCounts) {
        let outcomes = outcomes(Matcher(query: query, rule: rule, index: self))
        return (pageOfEntries(query, outcomes: outcomes), facetCounts(outcomes, facets: facets))
    }

    /// By position: nil when the project is not in play at all, else the facets it fails.
    private func outcomes(_ matcher: Matcher) -> [UInt8?] {
        entries.indices.map(matcher.failedFacetsIfReadable)
    }

    private func facetCounts(_ outcomes: [UInt8?], facets: [PortfolioFacet]) -> FacetCounts {
        var tallies = facets.map { [Int](repeating: 0, count: facetKeys[$0.ordinal].count) }
        for position in entries.indices {
            guard let failed = outcomes[position] else { continue }
            for (number, facet) in facets.enumerated() where failed & ~Matcher.bit(facet) == 0 {
                if facet == .theme {
                    for slot in themeSlots[position] { tallies[number][slot] += 1 }
                } else {
                    let slot = facetSlots[facet.ordinal][position]
                    if slot >= 0 { tallies[number][slot] += 1 }
                }
            }
        }
        var counts: [PortfolioFacet: [String: Int]] = [:]
        for (number, facet) in facets.enumerated() {
            var named: [String: Int] = [:]
            for (slot, count) in tallies[number].enumerated() where count > 0 { named[facetKeys[facet.ordinal][slot]] = count }
            counts[facet] = named
        }
        return FacetCounts(counts: counts)
    }

    /// How many projects this person may read, in all.
    public func readableCount(rule: ProjectReadRule) -> Int {
        outcomes(Matcher(query: PortfolioQuery(), rule: rule, index: self)).reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
    }

    // MARK: Matching

    /// A query's filters and the person's read rule, prepared once and applied to each entry.
    struct Matcher {
        let query: PortfolioQuery
        let rule: ProjectReadRule
        let entries: [Entry]
        let facts: [Facts]
        let searchable: [[UInt8]]
        let needle: [UInt8]?
        /// By position: whether the reader is on the team, and whether the "team member" filter's person is.
        let readerOnTeam: [Bool]
        let memberOnTeam: [Bool]?
        /// By position, whether the reader's organisation partners the project.
        let readerPartners: [Bool]

        init(query: PortfolioQuery, rule: ProjectReadRule, index: PortfolioIndex) {
            self.query = query
            self.rule = rule
            entries = index.entries
            facts = index.facts
            searchable = index.searchable
            needle = query.text?.trimmedOrNil.map { Array($0.lowercased().utf8) }
            readerPartners = index.marks(index.partnerships[rule.organisationID] ?? [])
            let reader = index.teamMarks(rule.personID)
            readerOnTeam = reader
            memberOnTeam = query.teamMemberID.map { $0 == rule.personID ? reader : index.teamMarks($0) }
        }

        static func bit(_ facet: PortfolioFacet) -> UInt8 { 1 << UInt8(facet.ordinal) }

        /// nil when the person may not read the project or it fails a filter that is not a facet
        /// (visibility, team member, text); otherwise the facets whose filter it fails.
        func failedFacetsIfReadable(_ position: Int) -> UInt8? {
            let fact = facts[position]
            if let visibility = query.visibility, fact.visibility != visibility { return nil }
            if let memberOnTeam, !memberOnTeam[position] { return nil }
            guard rule.admits(visibility: fact.visibility, leadOrganisationID: fact.lead,
                              partners: readerPartners[position],
                              onTeam: readerOnTeam[position]) else { return nil }
            if let needle, !searchable[position].contains(needle) { return nil }
            var failed: UInt8 = 0
            if let id = query.organisationID, fact.lead != id { failed |= Self.bit(.organisation) }
            if let id = query.programmeID, fact.programme != id { failed |= Self.bit(.programme) }
            if let id = query.themeID, !entries[position].themeIDs.contains(id) { failed |= Self.bit(.theme) }
            if let id = query.stageID, fact.stage != id { failed |= Self.bit(.stage) }
            if let methodology = query.methodology, fact.methodology != methodology { failed |= Self.bit(.methodology) }
            if let status = query.status, fact.status != status { failed |= Self.bit(.status) }
            return failed
        }
    }

    // MARK: Sorting

    private func order(_ sort: PortfolioSort, descending: Bool) -> [Int] {
        let key = SortKey(sort: sort, descending: descending)
        if let known = lock.withLock({ orders[key] }) { return known }
        let sorted = entries.indices.sorted { precedes(entries[$0], entries[$1], sort, descending) }
        lock.withLock { orders[key] = sorted }
        return sorted
    }

    /// The order the portfolio has always had: the key in the chosen direction, ties by title then
    /// code ascending; projects without the date sort last either way. Text compares by its
    /// lower-cased UTF-8 bytes, the same on every database and machine.
    private func precedes(_ a: Entry, _ b: Entry, _ sort: PortfolioSort, _ descending: Bool) -> Bool {
        func directed(_ order: Int) -> Int { descending ? -order : order }
        var order: Int
        switch sort {
        case .title: order = directed(compare(a.titleKey, b.titleKey))
        case .code: return directed(compare(a.codeKey, b.codeKey)) < 0
        case .updated: order = directed(compare(a.summary.updatedAt, b.summary.updatedAt))
        case .start: order = compareLast(a.summary.startDate, b.summary.startDate, directed)
        case .end: order = compareLast(a.summary.endDate, b.summary.endDate, directed)
        case .stage:
            order = directed(compare(a.stagePosition, b.stagePosition))
            if order == 0 { order = compare(a.titleKey, b.titleKey) }
        }
        if order == 0 { order = compare(a.codeKey, b.codeKey) }
        return order < 0
    }

    private func compareLast(_ a: CalendarDate?, _ b: CalendarDate?, _ directed: (Int) -> Int) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (a?, b?): return directed(compare(a, b))
        }
    }

    private func compare<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : a == b ? 0 : 1 }

    private func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return compare(a.count, b.count)
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes (the free-text filter; both sides lower-cased).
    func contains(_ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard needle.count <= count else { return false }
        // memchr finds each candidate first byte, memcmp checks the rest: both run a word at a time.
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { needle in
                let base = haystack.baseAddress!
                let last = haystack.count - needle.count
                var start = 0
                while start <= last {
                    guard let hit = memchr(base + start, Int32(needle[0]), last - start + 1) else { return false }
                    let offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 { return true }
                    start = offset + 1
                }
                return false
            }
        }
    }
}

/// A value computed on first use and kept. Two first uses at the same moment may both compute
/// it; `make` must give the same value each time, so either result may be kept.
public final class Memo<Value: Sendable>: @unchecked Sendable {
    // `value` is only touched while holding `lock`.
    private let lock = NSLock()
    private var value: Value?

    public init() {}

    public func value(_ make: () -> Value) -> Value {
        if let known = lock.withLock({ value }) { return known }
        let made = make()
        lock.withLock { value = made }
        return made
    }
}
