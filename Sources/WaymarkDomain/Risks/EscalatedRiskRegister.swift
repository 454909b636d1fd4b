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
        let inCell = query.cell.map { cell in selected.filter { level.items[$0.0].fields.current == cell } } ?? selected
        return (self.page(level, inCell, query, page), cells(level, selected))
    }

    private func page(_ level: EscalatedItems<Risk>, _ selected: [(Int, PortfolioIndex.Entry)], _ query: RiskRegisterQuery,
                      _ page: PageRequest) -> Page<RegisteredRisk> {
        let risks = level.items
        // Sorted as small keys; only the page's risks are copied out.
        let keys = selected.map { slot, entry in
            let score = risks[slot].fields.current.score, number = risks[slot].number
            let review = risks[slot].fields.reviewDate.map { Int($0.daysSinceEpoch) } ?? Int.max
            return switch query.sort {
            case .score: SortKey(first: -score, second: review, code: entry.summary.code, number: number, slot: slot, entry: entry)
            case .review: SortKey(first: review, second: -score, code: entry.summary.code, number: number, slot: slot, entry: entry)
            case .project: SortKey(first: 0, second: 0, code: entry.summary.code, number: number, slot: slot, entry: entry)
            }
        }
        let items = SortKey.page(keys, page).map { key in
            RegisteredRisk(risk: risks[key.slot], projectCode: key.entry.summary.code, projectTitle: key.entry.summary.title,
                           leadOrganisationID: key.entry.summary.leadOrganisationID, rendered: level.rendered[key.slot],
                           renderedProject: key.entry.renderedAsListedItemsProject, renderedRow: level.renderedRows[key.slot],
                           renderedProjectCell: key.entry.renderedAsRegisterCell)
        }
        return Page(items: items, request: page, total: keys.count)
    }

    /// The selected risks counted by their current rating, in 25 counters rather than a dictionary.
    private func cells(_ level: EscalatedItems<Risk>, _ selected: [(Int, PortfolioIndex.Entry)]) -> [RiskRating: Int] {
        let ratings = Likelihood.allCases.flatMap { likelihood in
            Consequence.allCases.map { RiskRating(likelihood: likelihood, consequence: $0) }
        }
        var counts = [Int](repeating: 0, count: ratings.count)
        for (slot, _) in selected {
            let current = level.items[slot].fields.current
            counts[(current.likelihood.rawValue - 1) * Consequence.allCases.count + current.consequence.rawValue - 1] += 1
        }
        var cells: [RiskRating: Int] = [:]
        for (position, count) in counts.enumerated() where count > 0 { cells[ratings[position]] = count }
        return cells
    }

    private func select(_ level: EscalatedItems<Risk>, _ query: RiskRegisterQuery,
                        readable: ReadableProjects) -> [(Int, PortfolioIndex.Entry)] {
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

    /// The positions of the items this person may read (through the portfolio index) of the
    /// register's scope that `keep` keeps, each with its project's index entry.
    func select(scope: RiskRegisterQuery.Scope, organisationID: UUID?, readable: ReadableProjects,
                where keep: (Int) -> Bool) -> [(Int, PortfolioIndex.Entry)] {
        let organisation: UUID? = switch scope {
        case .system: organisationID
        case .organisation(let id): id
        }
        let admitted = projects.admitted(by: readable)
        var selected: [(Int, PortfolioIndex.Entry)] = []
        for slot in items.indices {
            guard let entry = admitted[Int(projects.slots[slot])] else { continue }
            if let organisation, entry.summary.leadOrganisationID != organisation { continue }
            if keep(slot) { selected.append((slot, entry)) }
        }
        return selected
    }
}

/// An item's place in a register's order: two numbers (a score, days since the epoch, a priority),
/// then its project's code and its number there.
struct SortKey {
    var first: Int
    var second: Int
    var code: String
    var number: Int
    var slot: Int
    var entry: PortfolioIndex.Entry

    static func precedes(_ a: SortKey, _ b: SortKey) -> Bool {
        if a.first != b.first { return a.first < b.first }
        if a.second != b.second { return a.second < b.second }
        if a.code != b.code { return a.code < b.code }
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
