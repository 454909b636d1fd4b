import Foundation

/// Every risk escalated beyond its project (to an organisation's register or the system's), held in
/// memory with the change counter it was read at: about one risk in fifteen, a thousand or so at ICS
/// scale. The organisation and system registers are answered from it, each for the person asking:
/// a risk is listed only when the portfolio index's `ReadableProjects` admits its project, and the
/// project's code, title and lead organisation are the index's.
public struct EscalatedRiskRegister: Sendable {
    /// The database's escalated-risks counter when these were read.
    public let generation: Int64
    /// By escalation level, the risks escalated to it.
    private let byLevel: [EscalationLevel: EscalatedItems<Risk>]
    /// What a level to which nothing is escalated lists.
    private static let noRisks = EscalatedItems<Risk>([], projectID: \.projectID)
    /// Every risk held, the organisations' registers' first.
    public var all: [Risk] { EscalationLevel.allCases.flatMap { byLevel[$0]?.items ?? [] } }

    public init(generation: Int64, risks: [Risk]) {
        self.generation = generation
        byLevel = Dictionary(grouping: risks.filter { $0.fields.escalation != .project }, by: \.fields.escalation)
            .mapValues { EscalatedItems($0, projectID: \.projectID) }
    }

    /// One page of the register's risks that this person may read and the query selects, in its
    /// order, and how many of them (the query's filters apart from the cell) sit in each cell of the
    /// matrix by their current rating, from one pass over the register: what its page and API show.
    public func pageAndCells(_ query: RiskRegisterQuery, readable: ReadableProjects,
                             page: PageRequest) -> (page: Page<RegisteredRisk>, cells: [RiskRating: Int]) {
        let (listing, cells) = listingAndCells(query, readable: readable, page: page)
        return (listing.page, cells)
    }

    /// As `pageAndCells`, with the page as a `RiskRegisterListing`: what the API writes from.
    public func listingAndCells(_ query: RiskRegisterQuery, readable: ReadableProjects,
                                page: PageRequest) -> (listing: RiskRegisterListing, cells: [RiskRating: Int]) {
        guard let level = byLevel[query.level] else {
            return (RiskRegisterListing(level: Self.noRisks, index: readable.index, keys: [], request: page, total: 0), [:])
        }
        let selected = select(level, query, readable: readable)
        let inCell = query.cell.map { cell in selected.filter { level.items[$0.slot].fields.current == cell } } ?? selected
        return (self.listing(level, inCell, query, page, readable.index), cells(level, selected))
    }

    private func listing(_ level: EscalatedItems<Risk>, _ selected: [EscalatedItems<Risk>.Selected], _ query: RiskRegisterQuery,
                         _ page: PageRequest, _ index: PortfolioIndex) -> RiskRegisterListing {
        let risks = level.items, codeRanks = index.codeRanks
        // Sorted as small keys of numbers alone; only the page's risks are copied out.
        let keys = selected.map { item in
            let slot = item.slot, score = risks[slot].fields.current.score
            let review = risks[slot].fields.reviewDate.map { Int($0.daysSinceEpoch) } ?? Int.max
            let (first, second) = switch query.sort {
            case .score: (-score, review)
            case .review: (review, -score)
            case .project: (0, 0)
            }
            return SortKey(first: first, second: second, codeRank: codeRanks[item.position], number: risks[slot].number,
                           slot: Int32(slot), position: Int32(item.position))
        }
        return RiskRegisterListing(level: level, index: index, keys: Array(SortKey.page(keys, page)), request: page, total: keys.count)
    }

    /// The selected risks counted by their current rating, in 25 counters rather than a dictionary.
    private func cells(_ level: EscalatedItems<Risk>, _ selected: [EscalatedItems<Risk>.Selected]) -> [RiskRating: Int] {
        let ratings = Likelihood.allCases.flatMap { likelihood in
            Consequence.allCases.map { RiskRating(likelihood: likelihood, consequence: $0) }
        }
        var counts = [Int](repeating: 0, count: ratings.count)
        for item in selected {
            let current = level.items[item.slot].fields.current
            counts[(current.likelihood.rawValue - 1) * Consequence.allCases.count + current.consequence.rawValue - 1] += 1
        }
        var cells: [RiskRating: Int] = [:]
        for (position, count) in counts.enumerated() where count > 0 { cells[ratings[position]] = count }
        return cells
    }

    private func select(_ level: EscalatedItems<Risk>, _ query: RiskRegisterQuery,
                        readable: ReadableProjects) -> [EscalatedItems<Risk>.Selected] {
        let risks = level.items
        return level.select(scope: query.scope, organisationID: query.organisationID, readable: readable) { slot in
            if let status = query.status, risks[slot].fields.status != status { return false }
            if let band = query.band, risks[slot].currentBand != band { return false }
            return true
        }
    }
}

/// One page of an escalated risk register for one reader (`EscalatedRiskRegister.listingAndCells`):
/// which risks, in order, with what makes each into a `RegisteredRisk` (`items`), and what the web
/// layer wrote of each for any reader on the same day (`written`).
public struct RiskRegisterListing: Sendable {
    let level: EscalatedItems<Risk>
    let index: PortfolioIndex
    /// The page's risks, in order.
    let keys: [SortKey]
    public let request: PageRequest
    public let total: Int

    /// The risk in this place on the page, with its project as the index has it.
    func item(_ place: Int) -> RegisteredRisk {
        let entry = index.entries[Int(keys[place].position)], slot = Int(keys[place].slot)
        return RegisteredRisk(risk: level.items[slot], projectCode: entry.summary.code, projectTitle: entry.summary.title,
                              leadOrganisationID: entry.summary.leadOrganisationID, rendered: level.rendered[slot],
                              renderedProject: entry.renderedAsListedItemsProject, renderedRow: level.renderedRows[slot],
                              renderedProjectCell: entry.renderedAsRegisterCell)
    }

    public var items: [RegisteredRisk] { keys.indices.map(item) }

    public var page: Page<RegisteredRisk> { Page(items: items, request: request, total: total) }

    /// What `write` writes of each risk on the page, in order, each written once for every reader
    /// on one day while the index stands: a listed risk is the same for everyone who may read it
    /// (its project's code, title and organisation come from the index, whether its review is
    /// overdue from the day, and the rest from the register, replaced when an escalated risk
    /// changes; none is an escalation candidate, as none is on its project's register alone).
    public func written(today: CalendarDate, _ write: (RegisteredRisk) -> [UInt8]) -> [[UInt8]] {
        let day = today.daysSinceEpoch
        let kept = level.written.value(for: index, where: { $0.day == day }) { WrittenItems(day: day) }
        return keys.indices.map { place in kept.bytes(Int(keys[place].slot)) { write(item(place)) } }
    }
}

/// What was escalated to one level (risks or issues), as the registers of escalated items hold it:
/// the items, their projects as slots (whose positions in the portfolio index are worked out once
/// per index, not looked up by id for every item and request), and a place to keep what the web
/// layer writes of each item while it is held.
struct EscalatedItems<Item: Sendable>: Sendable {
    let items: [Item]
    let projects: ProjectSlots
    /// Per item, its API members and its register row.
    let rendered: [Memo<[[UInt8]]>]
    let renderedRows: [Memo<[[UInt8]]>]
    /// What the web layer writes of each item whole, by slot, for one index and day
    /// (`RiskRegisterListing.written`).
    let written = IndexMemo<WrittenItems>()

    init(_ items: [Item], projectID: (Item) -> UUID) {
        self.items = items
        projects = ProjectSlots(items.lazy.map(projectID))
        rendered = items.map { _ in Memo() }
        renderedRows = items.map { _ in Memo() }
    }

    /// An item selected for a reader: its place in `items` and its project's in the portfolio index.
    struct Selected {
        let slot: Int
        let position: Int
    }

    /// The items this person may read (through the portfolio index) of the register's scope that
    /// `keep` keeps. Positions, not entries, are carried, so selecting and sorting a thousand items
    /// counts no references.
    func select(scope: RiskRegisterQuery.Scope, organisationID: UUID?, readable: ReadableProjects,
                where keep: (Int) -> Bool) -> [Selected] {
        let organisation: UUID? = switch scope {
        case .system: organisationID
        case .organisation(let id): id
        }
        let entries = readable.index.entries
        let admitted = projects.positions(in: readable.index).map { position in
            guard readable.admits(position) else { return -1 }
            if let organisation, entries[Int(position)].summary.leadOrganisationID != organisation { return -1 }
            return Int(position)
        }
        var selected: [Selected] = []
        for slot in items.indices {
            let projectSlot = Int(projects.slots[slot])
            guard projectSlot >= 0 else { continue }
            let position = admitted[projectSlot]
            if position >= 0, keep(slot) { selected.append(Selected(slot: slot, position: position)) }
        }
        return selected
    }
}

/// An item's place in a register's order: two numbers (a score, days since the epoch, a priority),
/// then its project's code and its number there.
struct SortKey {
    var first: Int
    var second: Int
    /// The project's place in code order (`PortfolioIndex.codeRanks`): codes compared as numbers.
    var codeRank: Int32
    var number: Int
    var slot: Int32
    var position: Int32

    static func precedes(_ a: SortKey, _ b: SortKey) -> Bool {
        if a.first != b.first { return a.first < b.first }
        if a.second != b.second { return a.second < b.second }
        if a.codeRank != b.codeRank { return a.codeRank < b.codeRank }
        return a.number < b.number
    }

    /// The keys of one page, in order: those up to its end are selected and sorted (`smallest`),
    /// not every key (no two keys are equal: a project's code and an item's number there are
    /// unique).
    static func page(_ keys: [SortKey], _ page: PageRequest) -> ArraySlice<SortKey> {
        let (end, overflow) = page.offset.addingReportingOverflow(page.perPage)
        return keys.smallest(overflow ? keys.count : end, by: precedes).dropFirst(page.offset)
    }
}
