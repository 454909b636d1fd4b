import Foundation

/// One end of a dependency as one person may see it: a project they may read, one they may not
/// (no code, title or organisation: only that it exists), or one since deleted.
public enum DependencyEnd: Equatable, Sendable {
    case project(id: UUID, code: String, title: String, leadOrganisationID: UUID)
    case hidden
    case deleted

    public var projectID: UUID? {
        if case .project(let id, _, _, _) = self { return id }
        return nil
    }

    public var leadOrganisationID: UUID? {
        if case .project(_, _, _, let organisation) = self { return organisation }
        return nil
    }

    public var code: String? {
        if case .project(_, let code, _, _) = self { return code }
        return nil
    }

    /// The words a page shows for an end that is not a readable project.
    public static let hiddenText = "A project you do not have access to"
    public static let deletedText = "A project since deleted"
}

/// A dependency as one person may see it: both its ends, and whether it crosses organisations
/// (known only when both ends are projects they may read).
public struct SeenDependency: Sendable {
    public var dependency: Dependency
    /// The project that depends.
    public var dependent: DependencyEnd
    /// The project depended on; nil when it is something outside Waymark.
    public var provider: DependencyEnd?
    /// What the web layer writes of the dependency's own fields, the same for every reader: made
    /// on first use and kept with the register until the dependency changes.
    public let renderedFields: Memo<[[UInt8]]>
    /// What the web layer writes of each end the reader may read, kept with the project's entry
    /// in the portfolio index (so until the project changes); nil for an end they may not read.
    public let renderedDependent: Memo<[UInt8]>?
    public let renderedProvider: Memo<[UInt8]>?

    public init(dependency: Dependency, dependent: DependencyEnd, provider: DependencyEnd?,
                renderedFields: Memo<[[UInt8]]> = Memo(), renderedDependent: Memo<[UInt8]>? = nil,
                renderedProvider: Memo<[UInt8]>? = nil) {
        self.dependency = dependency
        self.dependent = dependent
        self.provider = provider
        self.renderedFields = renderedFields
        self.renderedDependent = renderedDependent
        self.renderedProvider = renderedProvider
    }

    public var crossOrganisation: Bool? {
        guard let provider, let mine = dependent.leadOrganisationID, let theirs = provider.leadOrganisationID else {
            return provider == nil ? false : nil
        }
        return mine != theirs
    }
}

/// The register's filters: which statuses (still needed by default), only those crossing
/// organisations, only those with an end led by one organisation.
public struct DependencyRegisterQuery: Equatable, Sendable {
    public var statuses: Set<DependencyStatus>
    public var crossOrganisationOnly: Bool
    public var organisationID: UUID?

    public static let open: Set<DependencyStatus> = Set(DependencyStatus.allCases.filter(\.isOpen))

    public init(statuses: Set<DependencyStatus> = open, crossOrganisationOnly: Bool = false, organisationID: UUID? = nil) {
        self.statuses = statuses
        self.crossOrganisationOnly = crossOrganisationOnly
        self.organisationID = organisationID
    }
}

/// Every dependency, held in memory while its change counter stands still (there are a few
/// thousand in an ICS, and each answer needs both ends' projects): a project's log (what it
/// depends on and what depends on it) and the register across projects, each selected for one
/// person with the portfolio index's readable projects.
public struct DependencyRegister: Sendable {
    public let generation: Int64
    private let dependencies: [Dependency]
    /// Every dependency held, in the order read.
    public var all: [Dependency] { dependencies }
    private let byDependent: [UUID: [Int]]
    private let byProvider: [UUID: [Int]]
    private let byID: [UUID: Int]
    /// Both ends' projects, two slots a dependency (its own project's, then the one it depends on,
    /// -1 for none), and what the register orders and filters by, apart from the dependencies:
    /// a page walks every dependency, and making each into what a person sees of it (copying its
    /// text, looking up both ends) cost more than the rest of the request.
    private let ends: ProjectSlots
    private let statuses: [DependencyStatus]
    /// Each needed-by date as days since 1970, and each dependency's number: reading them from
    /// the dependency itself copied it (and retained its text) for every dependency walked.
    private let neededBy: [Int64]
    private let numbers: [Int]
    private let rendered: [Memo<[[UInt8]]>]
    /// What the register orders and filters by from the portfolio index, by end slot: kept for
    /// one index at a time, so that a page reads arrays rather than each project's entry.
    private let endFacts = IndexMemo<EndFacts>()
    /// Every dependency in the order a reader who may read every project would see them, for one
    /// index and day (see `page`).
    private let everyonesOrder = IndexMemo<EveryonesOrder>()
    /// What the web layer writes of a listed dependency, whole, for one index and day: the same
    /// for every reader who may read the same of its ends (`DependencyRegisterListing.written`).
    private let writtenItems = IndexMemo<WrittenItems>()

    struct EveryonesOrder {
        /// The day the order was worked out for: overdue moves a dependency up.
        var day: Int64
        /// Slots, by (key, slot).
        var slots: [Int32]
        /// Each slot's key in that order, by place in `slots`.
        var keys: [UInt64]
    }

    struct EndFacts {
        /// The project's position in the index; -1 when it holds no such project.
        var positions: [Int32]
        /// The project's lead organisation. An end the index does not hold is never admitted, so
        /// its place here (filled with a fresh id) is never read.
        var leadOrganisations: [UUID]
        /// Its place in code order (`PortfolioIndex.codeRanks`).
        var codeRanks: [Int32]

        init(_ ends: ProjectSlots, _ index: PortfolioIndex) {
            positions = ends.positions(in: index)
            let entries = index.entries, ranks = index.codeRanks
            leadOrganisations = positions.map { $0 < 0 ? UUID() : entries[Int($0)].summary.leadOrganisationID }
            codeRanks = positions.map { $0 < 0 ? Int32.max : ranks[Int($0)] }
        }
    }

    public init(generation: Int64, dependencies: [Dependency]) {
        self.generation = generation
        self.dependencies = dependencies
        var byDependent: [UUID: [Int]] = [:], byProvider: [UUID: [Int]] = [:]
        for (slot, dependency) in dependencies.enumerated() {
            byDependent[dependency.projectID, default: []].append(slot)
            if let provider = dependency.fields.providerProjectID { byProvider[provider, default: []].append(slot) }
        }
        self.byDependent = byDependent
        self.byProvider = byProvider
        byID = Dictionary(dependencies.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        ends = ProjectSlots(dependencies.lazy.flatMap { [$0.projectID, $0.fields.providerProjectID] })
        statuses = dependencies.map(\.fields.status)
        neededBy = dependencies.map(\.fields.neededBy.daysSinceEpoch)
        numbers = dependencies.map(\.number)
        rendered = dependencies.map { _ in Memo() }
    }

    public var count: Int { dependencies.count }

    /// The dependency in this slot as a reader sees it, `entry` giving the index's entry for a
    /// project they may read (by id, and by end slot as `ends` numbers it).
    func seen(_ slot: Int, entry: (UUID, Int) -> PortfolioIndex.Entry?) -> SeenDependency {
        let dependency = dependencies[slot]
        func end(_ id: UUID, _ endSlot: Int) -> (DependencyEnd, Memo<[UInt8]>?) {
            guard let entry = entry(id, endSlot) else { return (.hidden, nil) }
            return (.project(id: id, code: entry.summary.code, title: entry.summary.title, leadOrganisationID: entry.summary.leadOrganisationID),
                    entry.renderedAsDependencyEnd)
        }
        let dependent = end(dependency.projectID, Int(ends.slots[2 * slot]))
        let provider: (DependencyEnd, Memo<[UInt8]>?)? = if let id = dependency.fields.providerProjectID { end(id, Int(ends.slots[2 * slot + 1])) }
            else if dependency.fields.external.isEmpty { (.deleted, nil) } else { nil }
        return SeenDependency(dependency: dependency, dependent: dependent.0, provider: provider?.0, renderedFields: rendered[slot],
                              renderedDependent: dependent.1, renderedProvider: provider?.1)
    }

    /// The dependency in this slot as a reader sees it, finding each end in the index by its id.
    func seen(_ slot: Int, _ readable: ReadableProjects) -> SeenDependency {
        seen(slot) { id, _ in readable.entry(id) }
    }

    /// A project's dependencies as one person sees them: what it depends on (by number) and what
    /// depends on it (soonest needed first).
    public func log(of projectID: UUID, readable: ReadableProjects) -> (dependsOn: [SeenDependency], dependedOnBy: [SeenDependency]) {
        let outgoing = (byDependent[projectID] ?? []).map { seen($0, readable) }
            .sorted { $0.dependency.number < $1.dependency.number }
        let incoming = (byProvider[projectID] ?? []).map { seen($0, readable) }
            .sorted { ($0.dependency.fields.neededBy, $0.dependency.number) < ($1.dependency.fields.neededBy, $1.dependency.number) }
        return (outgoing, incoming)
    }

    /// One dependency as this person sees it, if they may read either of its projects.
    public func seen(_ id: UUID, readable: ReadableProjects) -> SeenDependency? {
        guard let slot = byID[id] else { return nil }
        let seen = seen(slot, readable)
        return seen.dependent.projectID == nil && seen.provider?.projectID == nil ? nil : seen
    }

    /// One page of the dependencies of the projects this person may read (either end), those
    /// needing attention (at risk, late or overdue) first, then those crossing organisations,
    /// then the soonest needed.
    ///
    /// Each dependency's place is one number (see `orderKey`), so the sort compares no text. The
    /// dependencies are walked in the order someone who may read every project would see them
    /// (kept per index and day): a reader's own key for a dependency is never less than that one
    /// (an end they may not read can only stop it crossing and move its code after every code),
    /// so once the page is full, a dependency whose order key is past the page's last cannot
    /// join it, and is only counted.
    public func listing(_ query: DependencyRegisterQuery, readable: ReadableProjects, today: CalendarDate,
                        page: PageRequest) -> DependencyRegisterListing {
        // As `seen` would see each one, from the slots: a project's entry when the person may
        // read it; crossing only when both ends are projects they may read, led apart.
        let index = readable.index
        let facts = endFacts.value(for: index) { EndFacts(ends, index) }
        let todayDays = today.daysSinceEpoch
        let everyone = everyonesOrder.value(for: index, where: { $0.day == todayDays }) { everyonesOrder(facts, todayDays) }
        let admitted = facts.positions.map(readable.admits)
        let wanted = DependencyStatus.allCases.map { query.statuses.contains($0) }
        let (end, overflow) = page.offset.addingReportingOverflow(page.perPage)
        let needed = overflow ? Int.max : end
        // The best `needed` so far; once there are that many, sorted, the last is the bound.
        var best: [(key: UInt64, slot: Int32)] = []
        var full = false
        var total = 0
        for place in everyone.slots.indices {
            let slot = Int(everyone.slots[place])
            guard wanted[statuses[slot].ordinal] else { continue }
            let dependentSlot = Int(ends.slots[2 * slot]), providerSlot = Int(ends.slots[2 * slot + 1])
            let dependent = admitted[dependentSlot], provider = providerSlot >= 0 && admitted[providerSlot]
            guard dependent || provider else { continue }
            let crossing = dependent && provider && facts.leadOrganisations[dependentSlot] != facts.leadOrganisations[providerSlot]
            if query.crossOrganisationOnly && !crossing { continue }
            if let organisation = query.organisationID,
               !(dependent && facts.leadOrganisations[dependentSlot] == organisation),
               !(provider && facts.leadOrganisations[providerSlot] == organisation) { continue }
            total += 1
            if full, (everyone.keys[place], Int32(slot)) > best[best.count - 1] { continue }
            let key = (key: Self.orderKey(attention: Self.needsAttention(statuses[slot], neededBy[slot], todayDays), crossing: crossing,
                                          neededByDays: neededBy[slot], codeRank: dependent ? Int(facts.codeRanks[dependentSlot]) : nil,
                                          number: numbers[slot]), slot: Int32(slot))
            if !full {
                best.append(key)
                if best.count == needed {
                    best.sort { $0 < $1 }
                    full = true
                }
            } else if key < best[best.count - 1] {
                best.removeLast()
                var low = 0, high = best.count
                while low < high {
                    let middle = (low + high) / 2
                    if best[middle] < key { low = middle + 1 } else { high = middle }
                }
                best.insert(key, at: low)
            }
        }
        if !full { best.sort { $0 < $1 } }
        let listed = best.dropFirst(page.offset).map { item in
            let slot = Int(item.slot), providerSlot = Int(ends.slots[2 * slot + 1])
            return ListedDependency(slot: item.slot, dependentReadable: admitted[Int(ends.slots[2 * slot])],
                                    providerReadable: providerSlot >= 0 && admitted[providerSlot])
        }
        return DependencyRegisterListing(
            register: self, index: index, admitted: admitted, positions: facts.positions, listed: listed, request: page, total: total,
            written: writtenItems.value(for: index, where: { $0.day == todayDays }) { WrittenItems(day: todayDays) })
    }

    /// One page of the register as `listing` finds it, each dependency as the reader sees it.
    public func page(_ query: DependencyRegisterQuery, readable: ReadableProjects, today: CalendarDate,
                     page: PageRequest) -> Page<SeenDependency> {
        listing(query, readable: readable, today: today, page: page).page
    }

    /// At risk, late, or still needed and past its needed-by date (`DependencyFields.needsAttention`).
    private static func needsAttention(_ status: DependencyStatus, _ neededBy: Int64, _ today: Int64) -> Bool {
        status == .atRisk || status == .late || (status.isOpen && neededBy < today)
    }

    /// Every dependency's key as someone who may read every project the index holds would have it,
    /// and the slots in that order.
    private func everyonesOrder(_ facts: EndFacts, _ today: Int64) -> EveryonesOrder {
        let keyed = dependencies.indices.map { slot -> (key: UInt64, slot: Int32) in
            let dependentSlot = Int(ends.slots[2 * slot]), providerSlot = Int(ends.slots[2 * slot + 1])
            let dependent = facts.positions[dependentSlot] >= 0, provider = providerSlot >= 0 && facts.positions[providerSlot] >= 0
            let crossing = dependent && provider && facts.leadOrganisations[dependentSlot] != facts.leadOrganisations[providerSlot]
            return (key: Self.orderKey(attention: Self.needsAttention(statuses[slot], neededBy[slot], today), crossing: crossing,
                                       neededByDays: neededBy[slot], codeRank: dependent ? Int(facts.codeRanks[dependentSlot]) : nil,
                                       number: numbers[slot]), slot: Int32(slot))
        }.sorted { $0 < $1 }
        return EveryonesOrder(day: today, slots: keyed.map(\.slot), keys: keyed.map(\.key))
    }

    /// The register's order as one number, most significant first: attention (needing it first),
    /// crossing organisations (crossing first), needed-by date, the dependent project's code (its
    /// rank in code order; one the reader may not read after every code), the dependency's number.
    /// Each part has room beyond any real value (22 bits of days either side of 1970 is 5,700 years;
    /// 20 bits of projects or numbers, a million); a value past its room is held at its edge.
    static func orderKey(attention: Bool, crossing: Bool, neededByDays: Int64, codeRank: Int?, number: Int) -> UInt64 {
        func field(_ value: Int64, bits: UInt64) -> UInt64 { UInt64(min(max(value, 0), Int64(1 << bits) - 1)) }
        let days = field(neededByDays + (1 << 21), bits: 22)
        let code = field(Int64(codeRank ?? (1 << 20) - 1), bits: 20), numbered = field(Int64(number), bits: 20)
        return (attention ? 0 : 1) << 63 | (crossing ? 0 : 1) << 62 | days << 40 | code << 20 | numbered
    }
}

/// A dependency on a page of the register: its slot, and which of its ends the reader may read.
public struct ListedDependency: Sendable {
    let slot: Int32
    let dependentReadable: Bool
    let providerReadable: Bool

    /// Its key among what is written for one index and day: the slot and the ends readable.
    var writtenKey: Int { Int(slot) << 2 | (dependentReadable ? 1 : 0) | (providerReadable ? 2 : 0) }
}

/// One page of the dependency register for one reader (`DependencyRegister.listing`): which
/// dependencies, in order, with what makes each into what the reader sees (`items`), and what the
/// web layer wrote of each for another reader who may read the same of its ends (`written`).
public struct DependencyRegisterListing: Sendable {
    let register: DependencyRegister
    let index: PortfolioIndex
    /// Whether the reader may read each end slot's project, and its position in the index.
    let admitted: [Bool]
    let positions: [Int32]
    public let listed: [ListedDependency]
    public let request: PageRequest
    public let total: Int
    let written: WrittenItems

    /// The dependency as the reader sees it.
    public func seen(_ item: ListedDependency) -> SeenDependency {
        register.seen(Int(item.slot)) { _, endSlot in admitted[endSlot] ? index.entries[Int(positions[endSlot])] : nil }
    }

    public var items: [SeenDependency] { listed.map(seen) }

    public var page: Page<SeenDependency> { Page(items: items, request: request, total: total) }

    /// What `write` writes of the dependency as the reader sees it (`seen`), written once for every
    /// reader who may read the same of its ends while the index and the day stay the same: its
    /// ends' projects come from the index, whether it is overdue from the day, and everything else
    /// from the register, which is replaced when any dependency changes.
    public func written(_ item: ListedDependency, _ write: (SeenDependency) -> [UInt8]) -> [UInt8] {
        written.bytes(item.writtenKey) { write(seen(item)) }
    }
}

extension DependencyStatus {
    /// Its place in `allCases`, without hashing its text.
    var ordinal: Int {
        switch self {
        case .onTrack: 0
        case .atRisk: 1
        case .late: 2
        case .met: 3
        }
    }
}
