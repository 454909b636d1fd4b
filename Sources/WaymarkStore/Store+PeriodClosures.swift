import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let closureColumns: SQLQueryString = """
        c.id, c.period_start, c.period_months, c.closed_at, c.closed_on, c.closed_by, p.name AS closed_by_name, c.project_count, c.highlight_count
        """

    /// Every closed period, the latest first.
    public func periodClosures() async throws -> [PeriodClosure] {
        try await rows("""
            SELECT \(Self.closureColumns) FROM period_closures c LEFT JOIN people p ON p.id = c.closed_by ORDER BY c.period_start DESC
            """, reading: Self.periodClosure).map(\.closure)
    }

    /// The closure of `period`, if it is closed.
    public func periodClosure(_ period: ReportingPeriod) async throws -> PeriodClosure? {
        try await closureRow(period)?.closure
    }

    private func closureRow(_ period: ReportingPeriod) async throws -> (id: UUID, closure: PeriodClosure)? {
        try await rows("""
            SELECT \(Self.closureColumns) FROM period_closures c LEFT JOIN people p ON p.id = c.closed_by
            WHERE c.period_key = \(bind: period.key)
            """, reading: Self.periodClosure).first
    }

    /// What closing `period` froze of the portfolio, if it is closed. Snapshots never change: the
    /// few read lately are kept decoded, and requests that arrive while one is being decoded wait
    /// for that decoding rather than each making its own (a board opening the report together).
    public func periodSnapshot(_ period: ReportingPeriod) async throws -> (closure: PeriodClosure, frozen: FrozenPeriod)? {
        guard let (id, closure) = try await closureRow(period) else { return nil }
        let frozen = try await instance.snapshots.value(id) {
            // Shared with what this instance holds now, however old: only what is equal is shared.
            let today = PeriodSnapshot.Today(
                index: try await self.portfolioIndex(), reporting: self.instance.reporting.latest(),
                risks: self.instance.escalatedRisks.latest()?.all ?? [], milestones: self.instance.keyMilestones.latest()?.all ?? [],
                dependencies: self.instance.dependencies.latest()?.all ?? [], benefits: self.instance.benefits.latest()?.all ?? [])
            return try await self.storedSnapshot(id, sharing: today)?.thawed(sharing: today)
        }
        return frozen.map { (closure, $0) }
    }

    /// How many of a snapshot's stored parts one statement reads (each a megabyte or two at region scale).
    static let snapshotPartsRead = 8

    /// The snapshot closure `id` kept, read back a few parts at a time, each decoded and let go
    /// before the next are read (`PeriodSnapshot.storedParts`).
    func storedSnapshot(_ id: UUID, sharing today: PeriodSnapshot.Today? = nil) async throws -> PeriodSnapshot? {
        var assembly = PeriodSnapshot.Assembly(sharing: today)
        var position = 0
        while true {
            let parts = try await rows("""
                SELECT list, body FROM period_snapshot_parts
                WHERE closure_id = \(bind: id) AND position >= \(bind: position) AND position < \(bind: position + Self.snapshotPartsRead)
                ORDER BY position
                """, reading: { PeriodSnapshot.StoredPart(list: try $0.optionalString("list"), body: try $0.string("body")) })
            for part in parts { try assembly.add(part) }
            if parts.count < Self.snapshotPartsRead { break }
            position += Self.snapshotPartsRead
        }
        return assembly.started ? try assembly.finished() : nil
    }

    /// The closures of the system cycle's periods within `period`, the latest first, and the
    /// highlight report `projectID` had for `period` when the latest of them that kept one closed
    /// (for a programme reporting quarterly, a quarter holds three), if one did.
    public func frozenHighlight(_ period: ReportingPeriod, projectID: UUID) async throws -> (closures: [PeriodClosure], report: HighlightReport?) {
        // Every highlight report asks: the few closures first (none, for a period still open), then
        // each one's report of the project by its key, never a walk through every frozen report.
        let closures = try await rows("""
            SELECT \(Self.closureColumns) FROM period_closures c LEFT JOIN people p ON p.id = c.closed_by
            WHERE c.period_start >= \(bind: period.start.description) AND c.period_start <= \(bind: period.end.description)
            ORDER BY c.period_start DESC
            """, reading: Self.periodClosure)
        for (id, closure) in closures {
            guard let text = try await rows("""
                SELECT report FROM period_highlights WHERE closure_id = \(bind: id) AND project_id = \(bind: projectID)
                """, reading: { try $0.string("report") }).first else { continue }
            var report = try JSONDecoder.snapshots.decode(HighlightReport.self, from: Data(text.utf8))
            report.asAt = closure
            return (closures.map(\.1), report)
        }
        return (closures.map(\.1), nil)
    }

    /// Closes `period`: keeps `snapshot` and `highlights` as they are, once. A period already
    /// closed (by anyone, on any instance) is refused.
    public func closePeriod(_ period: ReportingPeriod, snapshot: PeriodSnapshot, highlights frozen: [FrozenHighlight],
                            by actor: AuditActor) async throws -> PeriodClosure {
        let parts = try snapshot.storedParts()
        return try await write { store in
            // Two instances closing the same period at once: the second waits, then finds it closed
            // (SQLite writes one at a time already).
            if store.dialect == .postgres { try await store.run("SELECT pg_advisory_xact_lock(\(bind: Self.closureLock))") }
            if try await store.closureRow(period) != nil { throw PeriodClosure.alreadyClosed(period) }
            let id = UUID()
            let closedAt = store.now()
            try await store.run("""
                INSERT INTO period_closures (id, period_key, period_start, period_months, closed_at, closed_on, closed_by, project_count,
                    highlight_count)
                VALUES (\(bind: id), \(bind: period.key), \(bind: period.start.description), \(bind: period.months), \(bind: closedAt),
                    \(bind: snapshot.closedOn.description), \(bind: actor.id), \(bind: snapshot.projects.count), \(bind: frozen.count))
                """)
            try await store.keepSnapshot(parts, of: id)
            // A hundred reports to a statement (2,000 at ICS scale).
            for start in stride(from: 0, to: frozen.count, by: 100) {
                let values: [SQLQueryString] = frozen[start..<min(start + 100, frozen.count)].map { "(\(bind: id), \(bind: $0.projectID), \(bind: $0.text))" }
                try await store.run("INSERT INTO period_highlights (closure_id, project_id, report) VALUES \(values.joined(separator: ", "))")
            }
            try await store.record(.periodClosed, id, subject: period.label, changes: [
                FieldChange(field: "projects", old: nil, new: String(snapshot.projects.count)),
                FieldChange(field: "highlightReports", old: nil, new: String(frozen.count)),
            ], by: actor)
            return try await store.closureRow(period)!.closure
        }
    }

    static let closureLock: Int64 = 9_262_967_528

    /// Keeps `parts`, a snapshot's stored parts, as closure `id`'s, in their order.
    func keepSnapshot(_ parts: [PeriodSnapshot.StoredPart], of id: UUID) async throws {
        for (position, part) in parts.enumerated() {
            try await run("""
                INSERT INTO period_snapshot_parts (closure_id, position, list, body)
                VALUES (\(bind: id), \(bind: position), \(bind: part.list), \(bind: part.body))
                """)
        }
    }

    /// `highlights` as closing keeps them, in the order given, encoded on every core: closing
    /// freezes each batch of reports as it makes them, so that only their text is held until all
    /// are written (2,000 at ICS scale).
    public static func freeze(_ highlights: [HighlightReport]) async throws -> [FrozenHighlight] {
        let size = max(1, (highlights.count + 1) / 2)
        return try await withThrowingTaskGroup(of: (Int, [FrozenHighlight]).self) { group in
            for start in stride(from: 0, to: highlights.count, by: size) {
                let part = highlights[start..<min(start + size, highlights.count)]
                group.addTask {
                    let encoder = JSONEncoder.snapshots
                    return (start, try part.map { FrozenHighlight(projectID: $0.project.id, text: String(decoding: try encoder.encode($0), as: UTF8.self)) })
                }
            }
            var parts: [(Int, [FrozenHighlight])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// How many projects' records `projectRecords` reads in one statement a table, by default.
    public static let recordsChunk = 250

    /// The records a highlight report is made from of each of `ids` (the order of every list
    /// as each project's own reads give it), read `recordsChunk` projects at a time in one
    /// statement a table, rather than ten statements a project: closing a period reads every
    /// reporting project's. `updates`: whether to read their status updates too.
    public func projectRecords(_ ids: [UUID], updates readingUpdates: Bool = true, chunk size: Int = recordsChunk) async throws -> [UUID: ProjectRecords] {
        var found: [UUID: ProjectRecords] = [:]
        for start in stride(from: 0, to: ids.count, by: size) {
            let chunk = Array(ids[start..<min(start + size, ids.count)])
            let group = SQLBind.group(chunk)
            async let milestones = milestones(where: "m.project_id IN \(group)")
            async let risks = risks(where: "r.project_id IN \(group)")
            async let issues = issues(where: "i.project_id IN \(group)")
            async let decisions = decisions(where: "d.project_id IN \(group)")
            async let measures = measures(where: "m.project_id IN \(group)")
            async let observations = observations(where: "m.project_id IN \(group)")
            async let benefits = benefits(where: "b.project_id IN \(group)")
            async let updates = readingUpdates ? statusUpdates(where: "u.project_id IN \(group)") : []
            var records = Dictionary(uniqueKeysWithValues: chunk.map { ($0, ProjectRecords()) })
            for milestone in try await milestones { records[milestone.projectID]?.milestones.append(milestone) }
            for risk in try await risks { records[risk.projectID]?.risks.append(risk) }
            for issue in try await issues { records[issue.projectID]?.issues.append(issue) }
            for decision in try await decisions { records[decision.projectID]?.decisions.append(decision) }
            var projectOfMeasure: [UUID: UUID] = [:]
            for measure in try await measures {
                records[measure.projectID]?.measures.append(measure)
                projectOfMeasure[measure.id] = measure.projectID
            }
            for observation in try await observations {
                guard let project = projectOfMeasure[observation.measureID] else { continue }
                records[project]?.observations[observation.measureID, default: []].append(observation)
            }
            for benefit in try await benefits { records[benefit.projectID]?.benefits.append(benefit) }
            for update in try await updates { records[update.projectID]?.statusUpdates.append(update) }
            found.merge(records) { first, _ in first }
        }
        return found
    }

    static func periodClosure(_ columns: Columns) throws -> (id: UUID, closure: PeriodClosure) {
        (try columns.uuid("id"), PeriodClosure(
            period: ReportingPeriod(start: try calendarDate(try columns.string("period_start")), months: try columns.int("period_months")),
            closedAt: try columns.date("closed_at"), closedOn: try calendarDate(try columns.string("closed_on")),
            closedBy: try columns.optionalUUID("closed_by"), closedByName: try columns.optionalString("closed_by_name"),
            projectCount: try columns.int("project_count"), highlightCount: try columns.int("highlight_count")))
    }
}

/// A highlight report as a closed period keeps it: its project and its JSON (`Store.freeze`).
public struct FrozenHighlight: Sendable {
    public let projectID: UUID
    let text: String
}

/// What belongs to one project that its highlight report is made from, each list in the order
/// the project's own reads give (`Store.milestones(ofProject:)` and the rest).
public struct ProjectRecords: Sendable {
    public var milestones: [Milestone] = []
    public var risks: [Risk] = []
    public var issues: [Issue] = []
    public var decisions: [Decision] = []
    public var measures: [Measure] = []
    /// By measure, oldest first.
    public var observations: [UUID: [Observation]] = [:]
    public var benefits: [Benefit] = []
    /// Every revision, the latest period first, its latest revision first.
    public var statusUpdates: [StatusUpdate] = []

    public init() {}
}

/// The snapshots of closed periods read lately, made ready to report from: they never change, so a
/// few are kept (each is the whole portfolio's reported state, some tens of megabytes at ICS scale,
/// ten times that at region scale). One is decoded at a time per snapshot: at region scale each
/// decoding took 10 s and 200 MB, and sixteen requests decoding the same one at once held gigabytes.
final class SnapshotCache: @unchecked Sendable {
    static let limit = 2
    // Only touched while holding `lock`.
    private let lock = NSLock()
    private var held: [(id: UUID, snapshot: FrozenPeriod)] = []
    private var making: [UUID: Task<FrozenPeriod?, any Error>] = [:]
    private var made = 0

    /// How many snapshots `make` has been asked to decode since the instance started.
    var decodings: Int { lock.withLock { made } }

    /// The snapshot `id`: kept, being made for another request (waited for), or made now by `make`
    /// and kept. A failure is not kept: the next request tries again.
    func value(_ id: UUID, make: @escaping @Sendable () async throws -> FrozenPeriod?) async throws -> FrozenPeriod? {
        enum Found { case kept(FrozenPeriod), making(Task<FrozenPeriod?, any Error>) }
        let found: Found = lock.withLock {
            if let at = held.firstIndex(where: { $0.id == id }) {
                let found = held.remove(at: at)
                held.append(found)
                return .kept(found.snapshot)
            }
            if let task = making[id] { return .making(task) }
            made += 1
            // Not the request's own task: a request that goes away does not cancel the others' wait.
            let task = Task<FrozenPeriod?, any Error> {
                do {
                    let snapshot = try await make()
                    self.finish(id, snapshot)
                    return snapshot
                } catch {
                    self.finish(id, nil)
                    throw error
                }
            }
            making[id] = task
            return .making(task)
        }
        switch found {
        case .kept(let snapshot): return snapshot
        case .making(let task): return try await task.value
        }
    }

    private func finish(_ id: UUID, _ snapshot: FrozenPeriod?) {
        lock.withLock {
            making[id] = nil
            guard let snapshot else { return }
            held.removeAll { $0.id == id }
            held.append((id, snapshot))
            if held.count > Self.limit { held.removeFirst() }
        }
    }
}
