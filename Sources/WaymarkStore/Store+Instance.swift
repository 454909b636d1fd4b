import Foundation
import SQLKit
import WaymarkDomain

/// The change counters the database keeps (migration M008): each moves, in the same transaction,
/// whenever a table it counts changes.
enum ChangeCounter: String, CaseIterable, Sendable {
    case portfolio
    case references
    /// Risks on an organisation's or the system's register (M015).
    case escalatedRisks = "escalated_risks"
    /// Issues on an organisation's or the system's register (M016).
    case escalatedIssues = "escalated_issues"
    /// Key milestones (M017).
    case keyMilestones = "key_milestones"
    /// Every dependency (M018).
    case dependencies
    /// The glossary's terms, local words and related terms (M031).
    case glossary
    /// Lessons and their themes (M031).
    case lessons
    /// The resource library: resources, their files and stages (M031).
    case resources
    /// Assessments, the competency framework, and who is active where (M031).
    case capability
    /// One search's documents (M035).
    case search
    /// Every measure, with its kept summary (M036).
    case measures
    /// Every benefit, its linked measures and its cash by year (M036).
    case benefits
    /// Status updates, reporting cycles and bank holidays (M038).
    case reporting
    /// A project's risks, issues, milestones, actions, dependencies and gate reviews (M043), and its plan's baselines (M044).
    case items
    /// A measure, its observations, annotations, PDSA cycles and benefits, and people (M045).
    case measureRecords = "measure_records"

    static let byName = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// The counters in `counterColumn`'s text, "name=value,name=value", read byte by byte: this
    /// runs on every signed-in request. A name this build does not know, or a value that is not a
    /// whole number, is left out.
    static func parse(_ text: String?) -> [ChangeCounter: Int64] {
        guard var text else { return [:] }
        var found: [ChangeCounter: Int64] = [:]
        found.reserveCapacity(allCases.count)
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
                if let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")),
                   let counter = byName[String(decoding: bytes[start..<equals], as: UTF8.self)],
                   let value = wholeNumber(bytes[(equals + 1)..<end]) {
                    found[counter] = value
                }
                start = end + 1
            }
        }
        return found
    }

    private static func wholeNumber(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        var rest = digits[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty, rest.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in rest {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }
}

/// What the stores of one running instance share: what it computes from the database and keeps
/// in memory, and its turn to write to SQLite. Nothing in it belongs to a person: it holds the
/// facts every answer is computed from, and each answer is computed for the person asking.
public final class StoreInstance: Sendable {
    let portfolio = GenerationCache<PortfolioIndex>()
    /// How this instance's portfolio index was brought up to date, each time it was.
    public let portfolioLoads = LoadCounts()
    let references = GenerationCache<ReferenceData>()
    let escalatedRisks = GenerationCache<EscalatedRiskRegister>()
    let escalatedIssues = GenerationCache<EscalatedIssueRegister>()
    let keyMilestones = GenerationCache<KeyMilestones>()
    let dependencies = GenerationCache<DependencyRegister>()
    /// Kept with the reference lists: a change to the settings moves their counter (M015).
    let riskSettings = GenerationCache<RiskSettings>()
    /// The whole glossary, in the index's order.
    let glossary = GenerationCache<GlossaryCatalogue>()
    /// Every lesson's themes, tags and words: what "learn before" compares.
    let lessons = GenerationCache<LearnBefore.Corpus>()
    /// The resource library, by title, without files' contents, with each stage's found.
    let resources = GenerationCache<ResourceLibrary>()
    /// The framework in force and every active person's latest levels: what the heat map counts.
    let capability = GenerationCache<CapabilityFacts>()
    /// Every measure's kept summary: what the icon summary pages through.
    let measures = GenerationCache<PortfolioMeasures>()
    /// Every benefit, whole: what the benefits register pages through and totals.
    let benefits = GenerationCache<PortfolioBenefits>()
    /// Where every project's update for every period stands, the cycles and the holidays.
    let reporting = GenerationCache<ReportingState>()
    /// What the words searched for lately find, ranked, while no searched document changes.
    let search = SearchCache()
    /// What the dashboard's item-level checks and gates waiting read.
    let dashboardItems = GenerationCache<DashboardItems>()
    /// The dashboards made lately, by reader, while nothing they draw on changes.
    let dashboards = ReaderMemo<DashboardMemo.Key, PortfolioDashboard>(capacity: 512)
    /// The open periods' portfolio reports made lately, by slice and access, likewise.
    let portfolioReports = ReaderMemo<PortfolioReportMemo.Key, PortfolioReport>(capacity: PortfolioReportMemo.capacity)
    /// The reporting overviews made lately, by access and day, likewise.
    let reportingOverviews = ReaderMemo<ReportingOverviewMemo.Key, ReportingOverview>(capacity: 64)
    /// The snapshots of closed periods read lately.
    let snapshots = SnapshotCache()
    /// The risk registers of the projects read lately, at the `items` counter each was read at.
    let projectRisks = KeyedGenerationCache<UUID, ProjectRisks>(capacity: 512)
    /// The issue logs of the projects read lately, likewise.
    let projectIssues = KeyedGenerationCache<UUID, ProjectIssues>(capacity: 512)
    /// The plans (milestones and baselines) of the projects read lately, likewise.
    let projectPlans = KeyedGenerationCache<UUID, PlanRecords>(capacity: 512)
    /// The actions logs of the projects read lately, at the `items` counter each was read at.
    let projectActions = KeyedGenerationCache<UUID, [Action]>(capacity: 512)
    /// The risks, issues, assumptions and dependencies of the projects read lately, by kind and
    /// number (what an action or a decision may be for), likewise.
    let projectRAIDItems = KeyedGenerationCache<UUID, [RAIDItemLabel]>(capacity: 512)
    /// The measures read lately, whole (their pages and analyses), at the `measure_records` counter each was read at.
    let measureDetails = KeyedGenerationCache<UUID, MeasureDetail?>(capacity: 256)
    /// What each of the people who asked lately owns that is open and dated ("my work"), soonest
    /// first, at the `items` counter it was read at.
    let personsWork = KeyedGenerationCache<UUID, [WorkItem]>(capacity: 1_024)
    let sqliteWrites = SQLiteWriteQueue()

    public init() {}
}

/// How often a derived value was read whole and how often brought up to date from the change log.
public final class LoadCounts: @unchecked Sendable {
    // Only touched while holding `lock`.
    private let lock = NSLock()
    private var counts = (full: 0, incremental: 0)

    public var full: Int { lock.withLock { counts.full } }
    public var incremental: Int { lock.withLock { counts.incremental } }

    func count(incremental: Bool) {
        lock.withLock { if incremental { counts.incremental += 1 } else { counts.full += 1 } }
    }
}

/// A value read from the database with the change counter it was read at. It is used while the
/// counter has not moved past that; concurrent requests that find it out of date wait for one
/// reload rather than each reading the database.
final class GenerationCache<Value: Sendable>: @unchecked Sendable {
    typealias Loaded = (generation: Int64, value: Value)
    // `current` and `loading` are only touched while holding `lock`.
    private let lock = NSLock()
    private var current: Loaded?
    private var loading: Task<Loaded, any Error>?

    func value(atLeast generation: Int64, load: @escaping @Sendable () async throws -> Loaded) async throws -> Value {
        while true {
            let (ready, pending): (Value?, Task<Loaded, any Error>?) = lock.withLock {
                if let current, current.generation >= generation { return (current.value, nil) }
                if let loading { return (nil, loading) }
                let task = Task { self.keep(try await load()) }
                loading = task
                return (nil, task)
            }
            if let ready { return ready }
            do {
                let loaded = try await pending!.value
                if loaded.generation >= generation { return loaded.value }
            } catch {
                lock.withLock { if loading == pending { loading = nil } }
                throw error
            }
        }
    }

    /// The newest value held, however old: what an incremental load starts from.
    func latest() -> Value? {
        lock.withLock { current?.value }
    }

    /// The value held now, if it is at least as new as `generation`; never loads.
    func current(atLeast generation: Int64) -> Value? {
        lock.withLock { current.flatMap { $0.generation >= generation ? $0.value : nil } }
    }

    private func keep(_ loaded: Loaded) -> Loaded {
        lock.withLock {
            loading = nil
            if (current?.generation ?? .min) < loaded.generation { current = loaded }
        }
        return loaded
    }
}

/// Values read one key at a time (a project's risks), each with the change counter it was read at
/// in the same statement, for at most `capacity` keys. A request uses a value while its counter has
/// not moved past that; when it has, the request reads the database (one statement) and keeps what
/// it read. Nothing waits for another request's read: each is as cheap as the one it would wait for.
final class KeyedGenerationCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // `held` is only touched while holding `lock`.
    private let lock = NSLock()
    private var held: [Key: (generation: Int64, value: Value)] = [:]
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// The value held for `key`, if it was read at `generation` or later.
    func value(_ key: Key, atLeast generation: Int64) -> Value? {
        lock.withLock { held[key].flatMap { $0.generation >= generation ? $0.value : nil } }
    }

    /// Keeps `value`, read at `generation`, unless a value read later is already held. When full,
    /// the values older than `generation` go first (the counter has moved past them, so no request
    /// from now on can use them); then any one.
    func keep(_ key: Key, generation: Int64, _ value: Value) {
        lock.withLock {
            if let existing = held[key], existing.generation > generation { return }
            if held[key] == nil && held.count >= capacity {
                held = held.filter { $0.value.generation >= generation }
                if held.count >= capacity { held.remove(at: held.startIndex) }
            }
            held[key] = (generation, value)
        }
    }
}

/// The change counters as one request found them when it looked up who is asking (the same
/// statement reads them): the request then needs no statement of its own to check its caches.
/// A value read at the start of the request covers every change committed before it was sent.
/// After the request itself writes, they are forgotten and read again.
public final class RequestCounters: @unchecked Sendable {
    // `values` is only touched while holding `lock`.
    private let lock = NSLock()
    private var values: [ChangeCounter: Int64] = [:]

    public init() {}

    /// Keeps `found` as every counter's value: a counter not in it has none.
    func record(_ found: [ChangeCounter: Int64]) {
        lock.withLock { values = found }
    }

    func value(_ counter: ChangeCounter) -> Int64? {
        lock.withLock { values[counter] }
    }

    func forget() {
        lock.withLock { values.removeAll() }
    }
}

extension Store {
    /// The column that reads every change counter alongside the statement that finds who is
    /// asking, as `counters`: "name=value,name=value". One small subquery rather than one a
    /// counter, as SQLite parses every statement afresh and this one runs on every request.
    var counterColumn: SQLQueryString {
        dialect == .postgres
            ? "(SELECT string_agg(name || '=' || value, ',') FROM change_counters) AS counters"
            : "(SELECT group_concat(name || '=' || value, ',') FROM change_counters) AS counters"
    }

    /// Keeps for the request the counters `counterColumn` read (a counter not there is nil).
    func recordCounters(from columns: Columns) {
        guard let requestCounters else { return }
        requestCounters.record(ChangeCounter.parse((try? columns.optionalString("counters")) ?? nil))
    }

    func generation(of counter: ChangeCounter) async throws -> Int64 {
        try await scalar("SELECT value FROM change_counters WHERE name = \(bind: counter.rawValue)",
                         column: "value", as: Int64.self) ?? 0
    }

    /// A value computed from the database, from this instance's cache while `counter` has not moved.
    /// `load` runs in one read snapshot and must read the counter itself, first; with `inSnapshot`
    /// false it runs as it is and makes its own consistent reads. Inside a write transaction the
    /// value could include changes that are then rolled back, so it is computed for that
    /// transaction alone and not kept.
    func derived<Value: Sendable>(_ counter: ChangeCounter, from cache: KeyPath<StoreInstance, GenerationCache<Value>>,
                                  inSnapshot: Bool = true,
                                  load: @escaping @Sendable (Store) async throws -> (Int64, Value)) async throws -> Value {
        if inTransaction { return try await load(self).1 }
        let seen = requestCounters?.value(counter)
        let generation = try await seen.asyncOr { try await self.generation(of: counter) } ?? 0
        return try await instance[keyPath: cache].value(atLeast: generation) {
            let (generation, value) = inSnapshot ? try await self.readSnapshot { try await load($0) } : try await load(self)
            return (generation, value)
        }
    }

    /// `body` in one read snapshot, or, inside a transaction, in that transaction.
    func inReadSnapshot<T: Sendable>(_ body: @escaping @Sendable (Store) async throws -> T) async throws -> T {
        inTransaction ? try await body(self) : try await readSnapshot(body)
    }

    /// The value this instance holds from `cache`, when it is as current as the counter this request
    /// read when it found who is asking; nil when there is no such value, in a transaction, or
    /// after the request has written. A read that can be answered from the database in a statement
    /// or two asks this rather than `derived`: it uses the value when it is there and does not wait
    /// for a reload (after each write, a whole portfolio's worth of reading) when it is not.
    func currentDerived<Value: Sendable>(_ counter: ChangeCounter, from cache: KeyPath<StoreInstance, GenerationCache<Value>>)
        -> Value? {
        guard !inTransaction, let seen = requestCounters?.value(counter) else { return nil }
        return instance[keyPath: cache].current(atLeast: seen)
    }

    /// Runs reads on one connection in one snapshot: every statement sees the same committed state.
    func readSnapshot<T: Sendable>(_ body: @escaping @Sendable (Store) async throws -> T) async throws -> T {
        let begin: SQLQueryString = dialect == .postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
        return try await database.withConnection { connection in
            let store = try await self.on(connection, inTransaction: true).inSession()
            try await store.run(begin)
            do {
                let result = try await body(store)
                try await store.run("COMMIT")
                return result
            } catch {
                try? await store.run("ROLLBACK")
                throw error
            }
        }
    }
}
