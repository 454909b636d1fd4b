import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The whole portfolio held in memory: every project's summary with the facts that decide who may
/// read it (visibility, lead, partners, team) and what it matches (themes, searchable text), plus
/// the reference lists that name them. One index is built from one consistent read of the database
/// and tagged with the database's change counter; the store replaces it when the counter moves.
///
/// Lists, totals and facet counts are computed here from `ProjectReadRule`, the rule
/// `AccessPolicy.canRead` applies, for the person asking: nothing is cached per person. What is kept
/// is the facts every answer is computed from (as sets of positions: which projects have each
/// visibility and each facet value), sort orders, and each project's own rendering, which is the
/// same for everyone the rule lets see it.
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
        let organisationKey: [UInt8]
        let sroKey: [UInt8]?
        let managerKey: [UInt8]?
        /// Title, code and summary, lower-cased, joined by 0xFF: a byte UTF-8 never uses, so no
        /// needle can match across two fields.
        let searchable: [UInt8]
        /// The pairs of adjacent bytes `searchable` holds: what lets a search pass over it unread.
        let searchPairs: BytePairs
        /// What the web layer writes for this project (its JSON in API lists, its row in the
        /// portfolio page), made on first use and kept with the index: the entry never changes.
        public let renderedJSON = Memo<[UInt8]>()
        public let renderedHTML = Memo<String>()
        /// Its row flagged as still active after its end date (the same for everyone, on any day it is).
        public let renderedPastEndHTML = Memo<String>()
        /// The project as a dependency's end, for a reader who may read it.
        public let renderedAsDependencyEnd = Memo<[UInt8]>()
        /// The project of an item listed across projects: a risk or issue on an organisation's or the
        /// system's register, a milestone on the portfolio timeline.
        public let renderedAsListedItemsProject = Memo<[UInt8]>()
        /// The project's cell in a register page's row (a link to it, by code and title).
        public let renderedAsRegisterCell = Memo<[UInt8]>()
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
            organisationKey = Array(summary.leadOrganisationName.lowercased().utf8)
            sroKey = summary.seniorResponsibleOwner.map { Array($0.lowercased().utf8) }
            managerKey = summary.projectManager.map { Array($0.lowercased().utf8) }
            searchable = titleKey + [0xFF] + Array(summary.code.lowercased().utf8) + [0xFF] + Array(summary.summary.lowercased().utf8)
            searchPairs = BytePairs(searchable)
        }

        /// `live` without its details (what a closed period's index holds), sharing its text,
        /// keys and search pairs rather than making them again: a region's closed period is
        /// 20,000 projects, most as they still are (`PeriodSnapshot.sources(sharing:)`).
        init(sharingWithoutDetails live: Entry) {
            summary = live.summary
            details = nil
            partnerOrganisationIDs = live.partnerOrganisationIDs
            themeIDs = live.themeIDs
            team = live.team
            stagePosition = live.stagePosition
            titleKey = live.titleKey
            codeKey = live.codeKey
            organisationKey = live.organisationKey
            sroKey = live.sroKey
            managerKey = live.managerKey
            searchable = live.searchable
            searchPairs = live.searchPairs
        }

        /// Whether this entry holds what `other` holds (its details and renderings aside).
        func holdsTheSame(as other: Entry) -> Bool {
            summary == other.summary && partnerOrganisationIDs == other.partnerOrganisationIDs && themeIDs == other.themeIDs
                && team == other.team && stagePosition == other.stagePosition
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
    /// Everything kept by position; see `Layout`.
    private let layout: Layout
    public var entries: [Entry] { layout.entries }
    private let codeRanksMemo = Memo<[Int32]>()

    // Sort orders are computed the first time they are asked for, then kept with the index, and
    // carried, patched, to the index that replaces it.
    private let lock = NSLock()
    private var orders: [SortKey: [Int]]

    private struct SortKey: Hashable {
        var sort: PortfolioSort
        var descending: Bool
    }

    public convenience init(generation: Int64, references: ReferenceData, entries: [Entry]) {
        self.init(generation: generation, references: references, layout: Layout(entries), orders: [:])
    }

    private init(generation: Int64, references: ReferenceData, layout: Layout, orders: [SortKey: [Int]]) {
        self.generation = generation
        self.references = references
        self.layout = layout
        self.orders = orders
    }

    /// Each project's place in the index and what is kept by it: its entry, its text for the
    /// free-text filter, its facet values as numbers and in sets, and who finds it through their
    /// team or organisation.
    /// Built entry by entry, and patched the same way when some projects change.
    struct Layout {
        private(set) var entries: [Entry] = []
        /// Project → its position.
        private(set) var positions: [UUID: Int] = [:]
        /// Person → the positions of the projects whose team they are on.
        private(set) var places: [UUID: [Int]] = [:]
        /// Organisation → the positions of the projects it partners.
        private(set) var partnerships: [UUID: [Int]] = [:]
        /// Each facet's values, numbered (by `PortfolioFacet.ordinal`). A value no project has any
        /// more keeps its number and counts nothing.
        private(set) var facetKeys = [[String]](repeating: [], count: PortfolioFacet.allCases.count)
        private(set) var facetNumbers = [[String: Int]](repeating: [:], count: PortfolioFacet.allCases.count)
        /// By facet ordinal and value number, the projects with that value; by visibility, the
        /// projects with it. Queries are answered by intersecting these.
        private(set) var facetSets = [[PositionSet]](repeating: [], count: PortfolioFacet.allCases.count)
        private(set) var visibilitySets = [PositionSet](repeating: PositionSet(), count: Visibility.allCases.count)
        /// By position, each project's value number per facet (-1 for none); its themes, of which
        /// it has several, separately. What `vacate` takes out of the sets.
        private(set) var facetSlots = [[Int]](repeating: [], count: PortfolioFacet.allCases.count)
        private(set) var themeSlots: [[Int]] = []
        private(set) var searchable: [[UInt8]] = []
        private(set) var searchPairs: [BytePairs] = []

        init(_ entries: [Entry]) {
            for entry in entries { place(entry, at: self.entries.count) }
        }

        var count: Int { entries.count }

        /// Puts `entry` at `position` (one already vacated, or the end).
        mutating func place(_ entry: Entry, at position: Int) {
            let summary = entry.summary
            let slots = [
                (PortfolioFacet.organisation, slot(.organisation, summary.leadOrganisationID.lowercasedText)),
                (.programme, summary.programmeID.map { slot(.programme, $0.lowercasedText) } ?? -1),
                (.stage, slot(.stage, summary.stageID.lowercasedText)),
                (.methodology, slot(.methodology, summary.methodology.rawValue)),
                (.status, slot(.status, summary.status.rawValue)),
            ]
            let themes = entry.themeIDs.map { slot(.theme, $0.lowercasedText) }
            if position == entries.count {
                entries.append(entry)
                for (facet, slot) in slots { facetSlots[facet.ordinal].append(slot) }
                themeSlots.append(themes)
                searchable.append(entry.searchable)
                searchPairs.append(entry.searchPairs)
            } else {
                entries[position] = entry
                for (facet, slot) in slots { facetSlots[facet.ordinal][position] = slot }
                themeSlots[position] = themes
                searchable[position] = entry.searchable
                searchPairs[position] = entry.searchPairs
            }
            for (facet, slot) in slots where slot >= 0 { facetSets[facet.ordinal][slot].insert(position) }
            for slot in themes { facetSets[PortfolioFacet.theme.ordinal][slot].insert(position) }
            visibilitySets[Self.ordinal(summary.visibility)].insert(position)
            positions[summary.id] = position
            for person in entry.team.keys { places[person, default: []].append(position) }
            for organisation in entry.partnerOrganisationIDs { partnerships[organisation, default: []].append(position) }
        }

        /// Forgets the entry at `position` everywhere it is found by id, person or organisation;
        /// its slot is then filled by `place` or cut off by `truncate`.
        mutating func vacate(_ position: Int) {
            let entry = entries[position]
            for facet in PortfolioFacet.allCases where facet != .theme {
                let slot = facetSlots[facet.ordinal][position]
                if slot >= 0 { facetSets[facet.ordinal][slot].remove(position) }
            }
            for slot in themeSlots[position] { facetSets[PortfolioFacet.theme.ordinal][slot].remove(position) }
            visibilitySets[Self.ordinal(entry.summary.visibility)].remove(position)
            if positions[entry.summary.id] == position { positions[entry.summary.id] = nil }
            for person in entry.team.keys { Self.remove(position, from: &places, at: person) }
            for organisation in entry.partnerOrganisationIDs { Self.remove(position, from: &partnerships, at: organisation) }
        }

        mutating func truncate(to count: Int) {
            guard count < entries.count else { return }
            entries.removeLast(entries.count - count)
            // The theme facet's slots are kept in `themeSlots`: its array here stays empty.
            for facet in facetSlots.indices where !facetSlots[facet].isEmpty {
                facetSlots[facet].removeLast(facetSlots[facet].count - count)
            }
            themeSlots.removeLast(themeSlots.count - count)
            searchable.removeLast(searchable.count - count)
            searchPairs.removeLast(searchPairs.count - count)
        }

        static func ordinal(_ visibility: Visibility) -> Int {
            switch visibility {
            case .system: 0
            case .organisation: 1
            case .team: 2
            }
        }

        private static func remove(_ position: Int, from lists: inout [UUID: [Int]], at key: UUID) {
            lists[key]?.removeAll { $0 == position }
            if lists[key]?.isEmpty == true { lists[key] = nil }
        }

        private mutating func slot(_ facet: PortfolioFacet, _ key: String) -> Int {
            if let known = facetNumbers[facet.ordinal][key] { return known }
            facetKeys[facet.ordinal].append(key)
            facetSets[facet.ordinal].append(PositionSet())
            facetNumbers[facet.ordinal][key] = facetKeys[facet.ordinal].count - 1
            return facetKeys[facet.ordinal].count - 1
        }
    }

    /// The projects whose team `person` is on.
    public func projects(withTeamMember person: UUID) -> [UUID] {
        (layout.places[person] ?? []).map { entries[$0].summary.id }
    }

    /// This index with the entries of `changed` projects replaced by `fresh` (a changed project
    /// without a fresh entry no longer exists; a fresh entry for an unknown project is new), at a
    /// later generation. Unchanged entries keep their positions and what was written for them;
    /// a removed project's place is taken by the last entry. The work is in proportion to what
    /// changed, apart from copying the by-position arrays and filtering each kept sort order once.
    public func replacing(_ changed: Set<UUID>, with fresh: [Entry], generation: Int64) -> PortfolioIndex {
        let old = layout
        var layout = old
        var replaced: [Int: Entry] = [:]
        var added: [Entry] = []
        for entry in fresh {
            if let position = old.positions[entry.summary.id] { replaced[position] = entry } else { added.append(entry) }
        }
        let freshIDs = Set(fresh.map(\.summary.id))
        let removed = Set(changed.subtracting(freshIDs).compactMap { old.positions[$0] })
        // The entries past the new end that stay fill the holes the removed ones leave before it.
        let kept = old.count - removed.count
        let holes = removed.filter { $0 < kept }.sorted()
        let movers = (kept..<old.count).filter { !removed.contains($0) }

        var vacated = Set(replaced.keys).union(removed)
        vacated.formUnion(movers)
        for position in vacated { layout.vacate(position) }
        var placed: [Int] = []
        for (position, entry) in replaced where position < kept {
            layout.place(entry, at: position)
            placed.append(position)
        }
        for (hole, mover) in zip(holes, movers) {
            layout.place(replaced[mover] ?? old.entries[mover], at: hole)
            placed.append(hole)
        }
        layout.truncate(to: kept)
        for entry in added {
            placed.append(layout.count)
            layout.place(entry, at: layout.count)
        }

        var orders = lock.withLock { self.orders }
        if !orders.isEmpty {
            var gone = [Bool](repeating: false, count: old.count)
            for position in vacated { gone[position] = true }
            let entries = layout.entries
            for (key, order) in orders {
                let arriving = placed.sorted { Self.precedes(entries[$0], entries[$1], key.sort, key.descending) }
                orders[key] = Self.merge(order.filter { !gone[$0] }, arriving) {
                    Self.precedes(entries[$0], entries[$1], key.sort, key.descending)
                }
            }
        }
        return PortfolioIndex(generation: generation, references: references, layout: layout, orders: orders)
    }

    /// Two sorted lists as one.
    private static func merge(_ a: [Int], _ b: [Int], by precedes: (Int, Int) -> Bool) -> [Int] {
        var merged: [Int] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if precedes(b[j], a[i]) { merged.append(b[j]); j += 1 } else { merged.append(a[i]); i += 1 }
        }
        merged.append(contentsOf: a[i...])
        merged.append(contentsOf: b[j...])
        return merged
    }

    /// The project with this id, if there is one.
    public func entry(_ id: UUID) -> Entry? {
        layout.positions[id].map { entries[$0] }
    }

    func position(of id: UUID) -> Int? { layout.positions[id] }

    /// Each project's place in code order, by position: codes compared as small numbers, for
    /// orders that end in the project's code (the dependency register's).
    var codeRanks: [Int32] {
        codeRanksMemo.value {
            var ranks = [Int32](repeating: 0, count: entries.count)
            for (rank, position) in order(.code, descending: false).enumerated() { ranks[position] = Int32(rank) }
            return ranks
        }
    }

    // MARK: Answers for one person

    /// One page of the projects this person may read that match the query.
    public func page(_ query: PortfolioQuery, rule: ProjectReadRule) -> Page<ProjectSummary> {
        let page = pageOfEntries(query, rule: rule)
        return Page(items: page.items.map(\.summary), request: page.request, total: page.total)
    }

    /// The same page, as the index's entries.
    public func pageOfEntries(_ query: PortfolioQuery, rule: ProjectReadRule) -> Page<Entry> {
        pageOfEntries(query, selection(query, rule: rule))
    }

    /// Every project this person may read that matches the query, in the query's order, whatever
    /// its page: what a download holds.
    public func entries(_ query: PortfolioQuery, rule: ProjectReadRule) -> [Entry] {
        let matching = selection(query, rule: rule).matching
        return order(query.sort, descending: query.descending).compactMap { matching.contains($0) ? entries[$0] : nil }
    }

    /// For each facet (all, or those asked for), how many readable projects each value would give
    /// with the other filters kept.
    public func facetCounts(_ query: PortfolioQuery, rule: ProjectReadRule,
                            facets: [PortfolioFacet] = PortfolioFacet.allCases) -> FacetCounts {
        facetCounts(selection(query, rule: rule), facets: facets)
    }

    /// How a facet's values are counted: each value's set against the selection, a word at a
    /// time, or each selected project's value in one pass over the selection. `cheaper` chooses.
    enum Counting {
        case cheaper, bySets, byPositions
    }

    /// As `facetCounts(_:rule:facets:)`, counted as `counting` says: what tests hold the two ways to.
    func facetCounts(_ query: PortfolioQuery, rule: ProjectReadRule, counting: Counting) -> FacetCounts {
        facetCounts(selection(query, rule: rule), facets: PortfolioFacet.allCases, counting: counting)
    }

    /// A page and the facet counts together, from one selection.
    public func pageAndCounts(_ query: PortfolioQuery, rule: ProjectReadRule,
                              facets: [PortfolioFacet] = PortfolioFacet.allCases) -> (Page<Entry>, FacetCounts) {
        let selection = selection(query, rule: rule)
        return (pageOfEntries(query, selection), facetCounts(selection, facets: facets))
    }

    /// How many projects this person may read, in all.
    public func readableCount(rule: ProjectReadRule) -> Int {
        selection(PortfolioQuery(), rule: rule).matching.count
    }

    private func pageOfEntries(_ query: PortfolioQuery, _ selection: Selection) -> Page<Entry> {
        let first = query.page.offset
        let total = selection.matching.count
        var items: [Entry] = []
        items.reserveCapacity(min(query.page.perPage, max(total - first, 0)))
        var seen = 0
        if first < total {
            // The sort order is walked only as far as the page's last item.
            for position in order(query.sort, descending: query.descending) where selection.matching.contains(position) {
                if seen >= first { items.append(entries[position]) }
                seen += 1
                if items.count == query.page.perPage { break }
            }
        }
        return Page(items: items, request: query.page, total: total)
    }

    private func facetCounts(_ selection: Selection, facets: [PortfolioFacet], counting: Counting = .cheaper) -> FacetCounts {
        var counts: [PortfolioFacet: [String: Int]] = [:]
        for facet in facets {
            // Each value's count keeps every other facet's filter: what choosing it would give.
            var others = selection.base
            for other in PortfolioFacet.allCases where other != facet {
                if let filter = selection.filters[other.ordinal] { others.formIntersection(filter) }
            }
            let keys = layout.facetKeys[facet.ordinal]
            // A project has one value of each facet but its themes. Counting each value's set costs
            // a word of every set (200 organisations' sets of 313 words, in a region); counting the
            // selected projects' values costs one step a project. Whichever is fewer is taken.
            let valueOf = layout.facetSlots[facet.ordinal]
            let byPositions = switch counting {
            case .cheaper: !valueOf.isEmpty && keys.count * others.wordCount > 2 * others.count
            case .bySets: false
            case .byPositions: !valueOf.isEmpty
            }
            var named: [String: Int] = [:]
            if byPositions {
                var tally = [Int](repeating: 0, count: keys.count)
                valueOf.withUnsafeBufferPointer { valueOf in
                    others.forEach { position in
                        let slot = valueOf[position]
                        if slot >= 0 { tally[slot] += 1 }
                    }
                }
                for (slot, count) in tally.enumerated() where count > 0 { named[keys[slot]] = count }
            } else {
                for (slot, set) in layout.facetSets[facet.ordinal].enumerated() {
                    let count = others.countShared(with: set)
                    if count > 0 { named[keys[slot]] = count }
                }
            }
            counts[facet] = named
        }
        return FacetCounts(counts: counts)
    }

    // MARK: Selecting

    /// A query's filters and the person's read rule, as sets of positions.
    struct Selection {
        /// The projects the person may read that pass every filter that is not a facet (visibility,
        /// team member, text).
        let base: PositionSet
        /// By facet ordinal, the projects passing that facet's filter; nil when the query has none.
        let filters: [PositionSet?]
        /// The base passing every facet's filter: the answer.
        let matching: PositionSet
    }

    /// What `ProjectReadRule.admits` and the query's filters select, computed on whole sets: the
    /// visibilities the rule admits outright, those it admits to the lead (or a partner)
    /// organisation, and the reader's team places. `PortfolioIndexTests` holds it to `admits` and
    /// `AccessPolicy.canRead` project by project.
    func selection(_ query: PortfolioQuery, rule: ProjectReadRule) -> Selection {
        let count = entries.count
        func positions(_ list: [Int]?) -> PositionSet { PositionSet(list ?? [], capacity: count) }
        var readable: PositionSet
        if rule.everything {
            readable = .all(count)
        } else {
            let lead = facetSet(.organisation, rule.organisationID.lowercasedText) ?? PositionSet()
            var leadOrPartner = lead
            leadOrPartner.formUnion(positions(layout.partnerships[rule.organisationID]))
            readable = PositionSet(capacity: count)
            for visibility in Visibility.allCases {
                var admitted = layout.visibilitySets[Layout.ordinal(visibility)]
                if !rule.anyOrganisation.contains(visibility) {
                    var organisations = PositionSet()
                    if rule.leadOrganisation.contains(visibility) { organisations.formUnion(lead) }
                    if rule.leadOrPartnerOrganisation.contains(visibility) { organisations.formUnion(leadOrPartner) }
                    admitted.formIntersection(organisations)
                }
                readable.formUnion(admitted)
            }
            if rule.teamMembership { readable.formUnion(positions(layout.places[rule.personID])) }
        }
        var base = readable
        if let visibility = query.visibility { base.formIntersection(layout.visibilitySets[Layout.ordinal(visibility)]) }
        if let member = query.teamMemberID { base.formIntersection(positions(layout.places[member])) }
        if let today = query.activePastEndOn {
            var late = PositionSet(capacity: count)
            base.forEach { if entries[$0].summary.isPastEnd(today: today) { late.insert($0) } }
            base = late
        }
        if query.delivery != nil || query.onlyProjects != nil {
            var kept = PositionSet(capacity: count)
            for id in query.onlyProjects ?? [] {
                if let position = layout.positions[id], base.contains(position) { kept.insert(position) }
            }
            base = kept
        }
        if let needle = query.text?.trimmedOrNil.map({ Array($0.lowercased().utf8) }) {
            // Only the texts holding every pair of the needle's adjacent bytes are read: a region's
            // texts are 6 MB, and reading them all was a quarter of a searched portfolio page.
            let pairs = BytePairs(needle)
            var found = PositionSet(capacity: count)
            base.forEach { if layout.searchPairs[$0].holds(pairs), layout.searchable[$0].contains(needle) { found.insert($0) } }
            base = found
        }
        let wanted: [(PortfolioFacet, String?)] = [
            (.organisation, query.organisationID?.lowercasedText), (.programme, query.programmeID?.lowercasedText),
            (.theme, query.themeID?.lowercasedText), (.stage, query.stageID?.lowercasedText),
            (.methodology, query.methodology?.rawValue), (.status, query.status?.rawValue),
        ]
        var filters = [PositionSet?](repeating: nil, count: PortfolioFacet.allCases.count)
        var matching = base
        for (facet, key) in wanted {
            guard let key else { continue }
            // A value no project has selects nothing.
            let filter = facetSet(facet, key) ?? PositionSet()
            filters[facet.ordinal] = filter
            matching.formIntersection(filter)
        }
        return Selection(base: base, filters: filters, matching: matching)
    }

    /// The projects this person may read, as a test other resources held in memory (the escalated
    /// risks) filter their rows by: the same selection the portfolio's own answers start from.
    public func readableProjects(rule: ProjectReadRule) -> ReadableProjects {
        projects(PortfolioQuery(), rule: rule)
    }

    /// The projects this person may read that the portfolio's filters select, as the same test.
    public func projects(_ query: PortfolioQuery, rule: ProjectReadRule) -> ReadableProjects {
        ReadableProjects(index: self, positions: selection(query, rule: rule).matching)
    }

    /// The projects with this facet value; nil when no project has ever had it.
    private func facetSet(_ facet: PortfolioFacet, _ key: String) -> PositionSet? {
        layout.facetNumbers[facet.ordinal][key].map { layout.facetSets[facet.ordinal][$0] }
    }

    // MARK: Sorting

    private func order(_ sort: PortfolioSort, descending: Bool) -> [Int] {
        let key = SortKey(sort: sort, descending: descending)
        if let known = lock.withLock({ orders[key] }) { return known }
        let entries = self.entries
        let sorted = entries.indices.sorted { Self.precedes(entries[$0], entries[$1], sort, descending) }
        lock.withLock { orders[key] = sorted }
        return sorted
    }

    /// The order the portfolio has always had: the key in the chosen direction, ties by title then
    /// code ascending; projects without the date sort last either way. Text compares by its
    /// lower-cased UTF-8 bytes, the same on every database and machine.
    private static func precedes(_ a: Entry, _ b: Entry, _ sort: PortfolioSort, _ descending: Bool) -> Bool {
        func directed(_ order: Int) -> Int { descending ? -order : order }
        var order: Int
        switch sort {
        case .title: order = directed(compare(a.titleKey, b.titleKey))
        case .code: return directed(compare(a.codeKey, b.codeKey)) < 0
        case .updated: order = directed(compare(a.summary.updatedAt, b.summary.updatedAt))
        case .start: order = compareLast(a.summary.startDate, b.summary.startDate) { directed(compare($0, $1)) }
        case .end: order = compareLast(a.summary.endDate, b.summary.endDate) { directed(compare($0, $1)) }
        case .stage:
            order = directed(compare(a.stagePosition, b.stagePosition))
            if order == 0 { order = compare(a.titleKey, b.titleKey) }
        case .organisation:
            order = directed(compare(a.organisationKey, b.organisationKey))
            if order == 0 { order = compare(a.titleKey, b.titleKey) }
        case .status:
            order = directed(compare(statusOrder(a.summary.status), statusOrder(b.summary.status)))
            if order == 0 { order = compare(a.titleKey, b.titleKey) }
        case .sro, .manager:
            let (x, y) = sort == .sro ? (a.sroKey, b.sroKey) : (a.managerKey, b.managerKey)
            order = compareLast(x, y) { directed(compare($0, $1)) }
            if order == 0 { order = compare(a.titleKey, b.titleKey) }
        case .budget:
            order = compareLast(a.summary.budgetPence, b.summary.budgetPence) { directed(compare($0, $1)) }
            if order == 0 { order = compare(a.titleKey, b.titleKey) }
        }
        if order == 0 { order = compare(a.codeKey, b.codeKey) }
        return order < 0
    }

    /// Values compared by `compared`, a missing one after every present one whichever the direction.
    private static func compareLast<T>(_ a: T?, _ b: T?, _ compared: (T, T) -> Int) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (a?, b?): return compared(a, b)
        }
    }

    /// Active first, then on hold, closed, cancelled: the order the status list gives them.
    private static func statusOrder(_ status: ProjectStatus) -> Int {
        ProjectStatus.allCases.firstIndex(of: status) ?? 0
    }

    private static func compare<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : a == b ? 0 : 1 }

    private static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return compare(a.count, b.count)
    }
}

/// Which pairs of adjacent bytes a text holds, each pair hashed to one of 512 bits. A needle
/// can occur in a text only if every pair of its own is among the text's, so a text whose bits
/// do not hold the needle's need not be read. Pairs with 0xFF (the byte that joins a project's
/// fields, which no needle holds) are left out.
struct BytePairs: Sendable, Equatable {
    private var words = SIMD8<UInt64>()

    init(_ text: [UInt8]) {
        guard text.count > 1 else { return }
        var previous = text[0]
        for byte in text.dropFirst() {
            if previous != 0xFF && byte != 0xFF {
                let bit = Int(((UInt32(previous) << 8 | UInt32(byte)) &* 0x9E37_79B1) >> 23)
                words[bit >> 6] |= 1 << UInt64(bit & 63)
            }
            previous = byte
        }
    }

    /// Whether every pair `other` holds is among these (always, for a text of fewer than two bytes).
    func holds(_ other: BytePairs) -> Bool { words & other.words == other.words }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes (the free-text filter; both sides lower-cased).
    func contains(_ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard needle.count <= count else { return false }
        // memchr finds each candidate first byte, memcmp checks the rest: both run a word at a time.
        // The needle's last byte is compared first, in line: a common first letter ("w" of "ward")
        // is met often, and a call to memcmp for each was an eighth of a searched portfolio page.
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { needle in
                let base = haystack.baseAddress!
                let count = needle.count, lastByte = needle[count - 1]
                let last = haystack.count - count
                var start = 0
                while start <= last {
                    guard let hit = memchr(base + start, Int32(needle[0]), last - start + 1) else { return false }
                    let offset = base.distance(to: UnsafeRawPointer(hit))
                    if haystack[offset + count - 1] == lastByte, memcmp(base + offset, needle.baseAddress!, count) == 0 { return true }
                    start = offset + 1
                }
                return false
            }
        }
    }
}

/// A value computed on first use and kept. Two first uses at the same moment may both compute
/// it; `make` must give the same value each time, so either result may be kept.
/// Inlinable, so each caller's use is specialised for its value: called across modules without
/// it, every use looked up the generic type's metadata at run time (a twelfth of a dependency
/// register request, which asks three memos a row).
///
/// Its lock is a `Mutex`, held inside the memo: there is a memo per rendering of every project,
/// measure, benefit and register item (hundreds of thousands at region scale), and an `NSLock`
/// is an object of its own with its pthread mutex allocated apart.
public final class Memo<Value: Sendable>: Sendable {
    @usableFromInline let state = Mutex<Value?>(nil)

    public init() {}

    @inlinable
    public func value(_ make: () -> Value) -> Value {
        if let known = state.withLock({ $0 }) { return known }
        let made = make()
        state.withLock { $0 = made }
        return made
    }
}

extension Optional {
    /// A memo's value: made once and kept when there is a memo, made each time when there is not
    /// (a record that is not held).
    @inlinable
    public func value<Value>(_ make: () -> Value) -> Value where Wrapped == Memo<Value> {
        switch self {
        case .some(let memo): memo.value(make)
        case .none: make()
        }
    }
}

/// The projects one person may read, by the portfolio index's positions (`PortfolioIndex.readableProjects`).
public struct ReadableProjects: Sendable {
    let index: PortfolioIndex
    let positions: PositionSet

    /// The project's entry when this person may read it; nil when they may not or it does not exist.
    public func entry(_ projectID: UUID) -> PortfolioIndex.Entry? {
        guard let position = index.position(of: projectID), positions.contains(position) else { return nil }
        return index.entries[position]
    }

    /// Whether this person may read the project at `position` in the index (-1, as `ProjectSlots`
    /// gives for a project the index does not hold: no).
    func admits(_ position: Int32) -> Bool {
        position >= 0 && positions.contains(Int(position))
    }
}

/// The distinct projects of a list of records held in memory, in the order first met, and each
/// record's place among them (-1 for a record no project holds): a reader's access is then asked
/// of `ReadableProjects` once per project rather than once per record.
public struct ProjectSlots: Sendable {
    public let projectIDs: [UUID]
    public let slots: [Int32]
    /// Each project's position in the last index asked about: the index is replaced after every
    /// write, the records held here only when their own counter moves, so a reader's request
    /// usually finds its index's positions already worked out and looks up no project by id.
    private let placed = IndexMemo<[Int32]>()

    public init(_ ids: some Sequence<UUID?>) {
        var slotOf: [UUID: Int32] = [:]
        var projectIDs: [UUID] = []
        slots = ids.map { id in
            guard let id else { return -1 }
            if let slot = slotOf[id] { return slot }
            projectIDs.append(id)
            slotOf[id] = Int32(projectIDs.count - 1)
            return Int32(projectIDs.count - 1)
        }
        self.projectIDs = projectIDs
    }

    /// Each project's position in the index, by slot; -1 for one the index does not hold.
    public func positions(in index: PortfolioIndex) -> [Int32] {
        placed.value(for: index) { projectIDs.map { index.position(of: $0).map(Int32.init) ?? -1 } }
    }

    /// Each project's entry for this reader, by slot; nil for those they may not read.
    public func admitted(by readable: ReadableProjects) -> [PortfolioIndex.Entry?] {
        let entries = readable.index.entries
        return positions(in: readable.index).map { position in
            readable.admits(position) ? entries[Int(position)] : nil
        }
    }
}

/// A value worked out from one index (`ProjectSlots`' positions in it), kept until another index is
/// asked about. The index is held weakly: a replaced index is freed as before, and a freed one
/// never matches again.
final class IndexMemo<Value>: @unchecked Sendable {
    // `index` and `value` are only touched while holding `lock`.
    private let lock = NSLock()
    private weak var index: PortfolioIndex?
    private var value: Value?

    func value(for index: PortfolioIndex, _ make: () -> Value) -> Value {
        value(for: index, where: { _ in true }, make)
    }

    /// The value for this index when `current` holds for it (it was worked out for the same day,
    /// say); otherwise one made now, which replaces it.
    func value(for index: PortfolioIndex, where current: (Value) -> Bool, _ make: () -> Value) -> Value {
        if let known = lock.withLock({ self.index === index ? value.flatMap { current($0) ? $0 : nil } : nil }) { return known }
        let made = make()
        lock.withLock {
            self.index = index
            value = made
        }
        return made
    }
}

/// What the web layer wrote of a register's items for one index and day, by a key the register
/// gives (a risk's slot; a dependency's `ListedDependency.writtenKey`), made as readers ask.
final class WrittenItems: @unchecked Sendable {
    let day: Int64
    // `items` is only touched while holding `lock`.
    private let lock = NSLock()
    private var items: [Int: [UInt8]] = [:]

    init(day: Int64) {
        self.day = day
    }

    func bytes(_ key: Int, _ make: () -> [UInt8]) -> [UInt8] {
        if let known = lock.withLock({ items[key] }) { return known }
        let made = make()
        lock.withLock { items[key] = made }
        return made
    }
}
