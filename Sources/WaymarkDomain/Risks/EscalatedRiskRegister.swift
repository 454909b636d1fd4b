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
    private let byLevel: [EscalationLevel: [Risk]]
    /// Every risk held, the organisations' registers' first.
    public var all: [Risk] { EscalationLevel.allCases.flatMap { byLevel[$0] ?? [] } }

    public init(generation: Int64, risks: [Risk]) {
        self.generation = generation
        byLevel = Dictionary(grouping: risks.filter { $0.fields.escalation != .project }, by: \.fields.escalation)
    }

    /// One page of the register's risks that this person may read and the query selects, in its order.
    public func page(_ query: RiskRegisterQuery, readable: ReadableProjects,
                     page: PageRequest = PageRequest(perPage: PageRequest.maximumPerPage)) -> Page<RegisteredRisk> {
        let risks = byLevel[query.level] ?? []
        let selected = select(risks, query, readable: readable, cell: true)
        // Sorted as small keys; only the page's risks are copied out.
        let keys = selected.map { slot, entry in
            let risk = risks[slot].fields
            let review = risk.reviewDate.map { Int($0.daysSinceEpoch) } ?? Int.max
            return switch query.sort {
            case .score: SortKey(first: -risk.current.score, second: review, code: entry.summary.code, number: risks[slot].number, slot: slot, entry: entry)
            case .review: SortKey(first: review, second: -risk.current.score, code: entry.summary.code, number: risks[slot].number, slot: slot, entry: entry)
            case .project: SortKey(first: 0, second: 0, code: entry.summary.code, number: risks[slot].number, slot: slot, entry: entry)
            }
        }
        let items = SortKey.page(keys, page).map { key in
            RegisteredRisk(risk: risks[key.slot], projectCode: key.entry.summary.code, projectTitle: key.entry.summary.title,
                           leadOrganisationID: key.entry.summary.leadOrganisationID)
        }
        return Page(items: items, request: page, total: keys.count)
    }

    /// How many of the register's risks (the query's filters apart from the cell) sit in each cell
    /// of the matrix by their current rating: what its heat map draws.
    public func cells(_ query: RiskRegisterQuery, readable: ReadableProjects) -> [RiskRating: Int] {
        let risks = byLevel[query.level] ?? []
        var cells: [RiskRating: Int] = [:]
        for (slot, _) in select(risks, query, readable: readable, cell: false) {
            cells[risks[slot].fields.current, default: 0] += 1
        }
        return cells
    }

    private func select(_ risks: [Risk], _ query: RiskRegisterQuery, readable: ReadableProjects,
                        cell: Bool) -> [(Int, PortfolioIndex.Entry)] {
        EscalatedItems.select(risks, scope: query.scope, organisationID: query.organisationID, readable: readable,
                              projectID: \.projectID) { risk in
            if let status = query.status, risk.fields.status != status { return false }
            if let band = query.band, risk.currentBand != band { return false }
            if cell, let rating = query.cell, risk.fields.current != rating { return false }
            return true
        }
    }
}

/// What the registers of escalated risks and issues share: choosing, from what was escalated to a
/// level, the items this person may read (through the portfolio index) of the register's scope,
/// and ordering them by small keys.
enum EscalatedItems {
    /// The positions in `items` of those kept, with their projects' index entries.
    static func select<Item>(_ items: [Item], scope: RiskRegisterQuery.Scope, organisationID: UUID?, readable: ReadableProjects,
                             projectID: (Item) -> UUID, where keep: (Item) -> Bool) -> [(Int, PortfolioIndex.Entry)] {
        let organisation: UUID? = switch scope {
        case .system: organisationID
        case .organisation(let id): id
        }
        var selected: [(Int, PortfolioIndex.Entry)] = []
        for (slot, item) in items.enumerated() where keep(item) {
            guard let entry = readable.entry(projectID(item)) else { continue }
            if let organisation, entry.summary.leadOrganisationID != organisation { continue }
            selected.append((slot, entry))
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

    /// The keys of one page, in order.
    static func page(_ keys: [SortKey], _ page: PageRequest) -> ArraySlice<SortKey> {
        keys.sorted(by: precedes).dropFirst(page.offset).prefix(page.perPage)
    }
}
