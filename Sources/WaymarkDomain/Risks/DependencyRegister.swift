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

    public init(dependency: Dependency, dependent: DependencyEnd, provider: DependencyEnd?) {
        self.dependency = dependency
        self.dependent = dependent
        self.provider = provider
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
    private let neededBy: [CalendarDate]

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
        neededBy = dependencies.map(\.fields.neededBy)
    }

    public var count: Int { dependencies.count }

    func seen(_ dependency: Dependency, _ readable: ReadableProjects) -> SeenDependency {
        func end(_ id: UUID) -> DependencyEnd {
            guard let entry = readable.entry(id) else { return .hidden }
            return .project(id: id, code: entry.summary.code, title: entry.summary.title, leadOrganisationID: entry.summary.leadOrganisationID)
        }
        let provider: DependencyEnd? = if let id = dependency.fields.providerProjectID { end(id) }
            else if dependency.fields.external.isEmpty { .deleted } else { nil }
        return SeenDependency(dependency: dependency, dependent: end(dependency.projectID), provider: provider)
    }

    /// A project's dependencies as one person sees them: what it depends on (by number) and what
    /// depends on it (soonest needed first).
    public func log(of projectID: UUID, readable: ReadableProjects) -> (dependsOn: [SeenDependency], dependedOnBy: [SeenDependency]) {
        let outgoing = (byDependent[projectID] ?? []).map { seen(dependencies[$0], readable) }
            .sorted { $0.dependency.number < $1.dependency.number }
        let incoming = (byProvider[projectID] ?? []).map { seen(dependencies[$0], readable) }
            .sorted { ($0.dependency.fields.neededBy, $0.dependency.number) < ($1.dependency.fields.neededBy, $1.dependency.number) }
        return (outgoing, incoming)
    }

    /// One dependency as this person sees it, if they may read either of its projects.
    public func seen(_ id: UUID, readable: ReadableProjects) -> SeenDependency? {
        guard let slot = byID[id] else { return nil }
        let seen = seen(dependencies[slot], readable)
        return seen.dependent.projectID == nil && seen.provider?.projectID == nil ? nil : seen
    }

    /// One page of the dependencies of the projects this person may read (either end), those
    /// needing attention (at risk, late or overdue) first, then those crossing organisations,
    /// then the soonest needed.
    public func page(_ query: DependencyRegisterQuery, readable: ReadableProjects, today: CalendarDate,
                     page: PageRequest) -> Page<SeenDependency> {
        // As `seen` would see each one, from the slots: a project's entry when the person may
        // read it; crossing only when both ends are projects they may read, led apart.
        let admitted = ends.admitted(by: readable)
        var kept: [(key: (Int, Int, Int64, String, Int), slot: Int)] = []
        for slot in dependencies.indices where query.statuses.contains(statuses[slot]) {
            let dependentSlot = Int(ends.slots[2 * slot]), providerSlot = Int(ends.slots[2 * slot + 1])
            let dependent = admitted[dependentSlot], provider = providerSlot < 0 ? nil : admitted[providerSlot]
            guard dependent != nil || provider != nil else { continue }
            let mine = dependent?.summary.leadOrganisationID, theirs = provider?.summary.leadOrganisationID
            let crossing = mine != nil && theirs != nil && mine != theirs
            if query.crossOrganisationOnly && !crossing { continue }
            if let organisation = query.organisationID, mine != organisation && theirs != organisation { continue }
            let status = statuses[slot], needed = neededBy[slot]
            let attention = status == .atRisk || status == .late || (status.isOpen && needed < today)
            kept.append(((attention ? 0 : 1, crossing ? 0 : 1, needed.daysSinceEpoch, dependent?.summary.code ?? "~",
                          dependencies[slot].number), slot))
        }
        kept.sort { $0.key < $1.key }
        let items = kept.dropFirst(page.offset).prefix(page.perPage).map { seen(dependencies[$0.slot], readable) }
        return Page(items: Array(items), request: page, total: kept.count)
    }
}
