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
        guard let level = byLevel[query.level] else { return (Page(items: [], request: page, total: 0), [:]) }
        let selected = select(level, query, readable: readable)
        let inCell = query.cell.map { cell in selected.filter { level.items[$0.slot].fields.current == cell } } ?? selected
        return (self.page(level, inCell, query, page, readable.index), cells(level, selected))
    }

    private func page(_ level: EscalatedItems<Risk>, _ selected: [EscalatedItems<Risk>.Selected], _ query: RiskRegisterQuery,
                      _ page: PageRequest, _ index: PortfolioIndex) -> Page<RegisteredRisk> {
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
        let entries = index.entries
        let items = SortKey.page(keys, page).map { key in
            let entry = entries[Int(key.position)], slot = Int(key.slot)
            return RegisteredRisk(risk: risks[slot], projectCode: entry.summary.code, projectTitle: entry.summary.title,
                                  leadOrganisationID: entry.summary.leadOrganisationID, rendered: level.rendered[slot],
                                  renderedProject: entry.renderedAsListedItemsProject, renderedRow: level.renderedRows[slot],
                                  renderedProjectCell: entry.renderedAsRegisterCell)
        }
        return Page(items: items, request: page, total: keys.count)
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
