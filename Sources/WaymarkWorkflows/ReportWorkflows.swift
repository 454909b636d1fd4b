import Foundation
import WaymarkDomain
import WaymarkStore

/// The reports built from the data, for pages and the API alike: each counts only the projects
/// its reader may read.
public struct ReportWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// The portfolio report for the projects `slice` selects and the period `periodKey` names
    /// (`2026-08`; by default the latest whose update has fallen due). A period not yet begun,
    /// or more than a year back, is refused. A closed period's report is made again from its
    /// snapshot, as it was when the period closed, holding only the projects the reader may read today.
    public func portfolio(_ slice: PortfolioQuery, periodKey: String?, today: CalendarDate, by acting: Acting) async throws -> PortfolioReport {
        // The index and where reporting stands; the registers a dashboard summarises only for a
        // period still open (a closed one's are in its snapshot: at region scale the live ones
        // are 60 MB to hold for nothing).
        async let liveIndex = store.portfolioIndex()
        async let liveReporting = store.reportingState()
        let index = try await liveIndex, reporting = try await liveReporting
        let (period, periods) = try Self.period(periodKey, reporting: reporting, today: today)
        let rule = AccessPolicy.readRule(for: acting.actor)
        let closures = try await store.periodClosures()
        var report: PortfolioReport
        // Made once for a reader's rule and slice while nothing it draws on changes; asked for
        // again while it is being made, it is waited for (see `Store.keptPortfolioReport`).
        let store = self.store, personID = acting.person.id
        if let (closure, frozen) = try await store.periodSnapshot(period) {
            report = try await store.keptPortfolioReport(period: period, asAt: closure.closedAt, slice: slice, rule: rule, today: today) {
                // Today's access, on the projects as they were: the frozen index is read by the ids
                // the reader may read now, and the slice's filters are the frozen projects'.
                let readable = Set(index.entries(PortfolioQuery(), rule: rule).map(\.summary.id))
                let sources = frozen.sources
                var query = slice
                if let filter = query.delivery {
                    let statuses = sources.reporting.delivery(of: sources.index.entries, today: closure.closedOn)
                    query.onlyProjects = Set(sources.index.entries.lazy.map(\.summary.id).filter { filter.admits(statuses[$0]) })
                }
                query.onlyProjects = query.onlyProjects.map { $0.intersection(readable) } ?? readable
                var report = Self.report(period: period, query: query, sources: sources, reported: frozen.reported, rule: .everything,
                                         personID: personID, today: closure.closedOn, now: store.now())
                report.asAt = closure
                return report
            }
        } else {
            report = try await store.keptPortfolioReport(period: period, asAt: nil, slice: slice, rule: rule, today: today) {
                let sources = try await store.dashboardSources(today: today)
                let query = try await store.resolvingDelivery(slice, today: today)
                let covering = Set(sources.index.entries(query, rule: rule).map {
                    sources.reporting.cycles.cycle(forProgramme: $0.summary.programmeID).period(containing: period.start)
                })
                return Self.report(period: period, query: query, sources: sources, reported: try await store.reportedUpdates(in: covering),
                                   rule: rule, personID: personID, today: today, now: store.now())
            }
        }
        report.periods = periods
        report.references = index.references
        report.closed = Set(closures.map(\.period))
        return report
    }

    /// The system cycle's period `key` names among the last `PortfolioReport.periodChoices` (by
    /// default the latest whose update has fallen due), and those periods, the latest first.
    static func period(_ key: String?, reporting: ReportingState, today: CalendarDate) throws -> (ReportingPeriod, [ReportingPeriod]) {
        let cycle = reporting.cycles.system
        let open = cycle.open(on: today, workingDays: reporting.workingDays)
        var periods = [open]
        while periods.count < PortfolioReport.periodChoices { periods.append(periods.last!.previous) }
        guard let key = key.exactOrNil else {
            return (PortfolioReport.defaultPeriod(cycle, workingDays: reporting.workingDays, today: today), periods)
        }
        guard let asked = ReportingPeriod(key: key, months: 1), let chosen = periods.first(where: { $0.start == asked.start }) else {
            throw ValidationFailure("period", "Choose a period from \(periods.last!.label) to \(open.label), as its month, like \(open.key)",
                                    kind: .rule)
        }
        return (chosen, periods)
    }

    /// The report of `period` for the projects `query` selects of `sources` that `rule` admits,
    /// with what they reported (`reported`) and the dashboard as it is on `today`.
    static func report(period: ReportingPeriod, query: PortfolioQuery, sources: DashboardSources,
                       reported: [UUID: [ReportingPeriod: StatusUpdate]], rule: ProjectReadRule, personID: UUID,
                       today: CalendarDate, now: Date) -> PortfolioReport {
        let reporting = sources.reporting
        var ordered = query
        ordered.sort = .code
        ordered.descending = false
        let entries = sources.index.entries(ordered, rule: rule)
        let lines = PortfolioReport.lines(for: entries, period: period, reporting: reporting, reported: reported)
        let dashboard = sources.dashboard(scope: .all, personID: personID, rule: rule, today: today, slice: query)
        return PortfolioReport(period: period, due: reporting.cycles.system.due(period, workingDays: reporting.workingDays), lines: lines,
                               dashboard: dashboard, periods: [], references: sources.index.references, generatedAt: now)
    }
}

extension ReportWorkflows {
    /// The system cycle's last `PortfolioReport.periodChoices` periods, the latest first, each
    /// with its due date and its closure if it is closed.
    public func periods(today: CalendarDate, by acting: Acting) async throws -> [(period: ReportingPeriod, due: CalendarDate, closure: PeriodClosure?)] {
        let reporting = try await store.reportingState()
        let closures = Dictionary(try await store.periodClosures().map { ($0.period, $0) }, uniquingKeysWith: { first, _ in first })
        let (_, periods) = try Self.period(nil, reporting: reporting, today: today)
        return periods.map { ($0, reporting.cycles.system.due($0, workingDays: reporting.workingDays), closures[$0]) }
    }

    /// Closes every period of the last `PortfolioReport.periodChoices` whose updates have fallen due,
    /// oldest first, but the latest `open` of them: what the boards of a system loaded with its
    /// history have seen (at most `limit`, the latest of them).
    public func closeFallenDue(keepingOpen open: Int, atMost limit: Int = PortfolioReport.periodChoices, today: CalendarDate,
                               by acting: Acting) async throws -> [PeriodClosure] {
        let due = try await periods(today: today, by: acting).filter { $0.due < today && $0.closure == nil }
        var closed: [PeriodClosure] = []
        for row in due.dropFirst(open).prefix(limit).reversed() { closed.append(try await closePeriod(row.period.key, today: today, by: acting)) }
        return closed
    }

    /// Closes the period `periodKey` names (the portfolio office's to do, once, after its updates
    /// fell due): freezes the portfolio's reported state as it stands, and every highlight report
    /// of the period, so that any report opened as at it says what it says now.
    public func closePeriod(_ periodKey: String, today: CalendarDate, by acting: Acting) async throws -> PeriodClosure {
        try AccessPolicy.require(AccessPolicy.canManageReporting(acting.actor), else: .closePeriod)
        let sources = try await store.dashboardSources(today: today)
        let (period, _) = try Self.period(periodKey, reporting: sources.reporting, today: today)
        let due = sources.reporting.cycles.system.due(period, workingDays: sources.reporting.workingDays)
        try PeriodClosure.check(period, due: due, today: today, closed: try await store.periodClosure(period) != nil)
        let entries = sources.index.entries
        let covering = Set(entries.map { sources.reporting.cycles.cycle(forProgramme: $0.summary.programmeID).period(containing: period.start) })
        let reported = try await store.reportedUpdates(in: covering)
        let lines = PortfolioReport.lines(for: entries, period: period, reporting: sources.reporting, reported: reported)
        let frozen = lines.compactMap(\.update)
        // Every reporting project's highlight report, a batch of projects at a time: their records
        // read a few statements a batch, their reports made and frozen before the next batch is read.
        async let dependencies = store.dependencies(rule: .everything)
        async let people = store.people(PeopleFilter(includeInactive: true))
        let names = Dictionary(try await people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let (register, readable) = try await dependencies
        let now = store.now()
        var highlights: [FrozenHighlight] = []
        for start in stride(from: 0, to: frozen.count, by: Store.recordsChunk) {
            let batch = frozen[start..<min(start + Store.recordsChunk, frozen.count)]
            let recordsOf = try await store.projectRecords(batch.map(\.projectID))
            var made: [HighlightReport] = []
            for update in batch {
                guard let details = sources.index.entry(update.projectID)?.details else { continue }
                let project = details.project, projectRecords = recordsOf[project.id] ?? ProjectRecords()
                var highlight = StatusWorkflows.highlight(
                    of: project, team: details.team, update: update, reported: StatusWorkflows.reported(projectRecords.statusUpdates),
                    records: projectRecords, dependsOn: register.log(of: project.id, readable: readable).dependsOn.map(\.dependency),
                    stageName: sources.index.references.stage(project.fields.stageID)?.name ?? "", submittedBy: update.submittedBy.flatMap { names[$0] },
                    generatedAt: now)
                // A highlight report shows each measure's icons and latest point: the rest of its series stays with the measure.
                highlight.analyses = highlight.analyses.mapValues(\.latestOnly)
                made.append(highlight)
            }
            highlights += try await Store.freeze(made)
        }
        let snapshot = PeriodSnapshot(period: period, closedOn: today, sources: sources, reported: frozen)
        return try await store.closePeriod(period, snapshot: snapshot, highlights: highlights, by: acting.audit)
    }
}

extension ReportWorkflows {
    /// The board pack: the portfolio report for the slice and period, and the highlight reports of
    /// `projectIDs` for the period (by default its red and amber projects, red first then those
    /// that worsened, as many as a pack holds), each one a project of the report that reported the period.
    public func boardPack(_ slice: PortfolioQuery, periodKey: String?, projectIDs: [String], today: CalendarDate,
                          by acting: Acting) async throws -> ReadableBoardPack {
        let report = try await portfolio(slice, periodKey: periodKey, today: today, by: acting)
        let reported = report.lines.filter { $0.update != nil }
        var chosen: [PortfolioReportLine] = []
        var leftOut = 0
        if projectIDs.isEmpty {
            chosen = report.exceptionPositions.prefix(BoardPack.projectLimit).map { report.lines[$0] }
            leftOut = report.exceptionPositions.count - chosen.count
        } else {
            var errors = FieldErrors()
            if projectIDs.count > BoardPack.projectLimit { errors.add("project", "Choose at most \(BoardPack.projectLimit) highlight reports", kind: .rule) }
            for text in projectIDs {
                guard let id = UUID(uuidString: text) else {
                    errors.add("project", "Choose the projects from the report's list", kind: .invalid)
                    break
                }
                guard reported.contains(where: { $0.project.id == id }) else {
                    errors.add("project", "Choose projects of the report that reported for \(report.period.label)", kind: .reference)
                    break
                }
            }
            try errors.throwIfAny()
            let ids = Set(projectIDs.compactMap(UUID.init(uuidString:)))
            chosen = reported.filter { ids.contains($0.project.id) }
        }
        let status = StatusWorkflows(store)
        var highlights: [(project: Project, report: HighlightReport)] = []
        var readable: [ReadableProject] = []
        for line in chosen {
            let (project, highlight) = try await status.highlight(line.project.id, periodKey: line.period.key, by: acting)
            // The report's own copy of its project: a frozen one names it as it was then.
            if let highlight {
                highlights.append((highlight.project, highlight))
                readable.append(project)
            }
        }
        var pack = BoardPack(report: report, highlights: highlights)
        pack.exceptionsLeftOut = leftOut
        return ReadableBoardPack(pack: pack, projects: readable)
    }
}

/// A board pack and, for each of its highlight reports, its project as the reader may act on it
/// today (what the API says they may do with each update).
public struct ReadableBoardPack: Sendable {
    public var pack: BoardPack
    /// In the order of `pack.highlights`.
    public var projects: [ReadableProject]
}

extension ReportWorkflows {
    /// The status history of the projects `slice` selects: every period's update reported (its
    /// latest submitted revision) over the last `PortfolioReport.periodChoices` periods, by project
    /// code and then the latest period first.
    public func statusHistory(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting) async throws -> [(project: ProjectSummary, update: StatusUpdate)] {
        var rows: [(project: ProjectSummary, update: StatusUpdate)] = []
        try await statusHistory(slice, today: today, by: acting) { rows += $0 }
        return rows
    }

    /// The same rows, handed to `each` in order a batch at a time (the updates of `batch`
    /// projects), each batch read when the one before has been taken: a region's status history
    /// is 240,000 updates, which a download writes as they are read rather than holding them all.
    public func statusHistory(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = 1_000,
                              _ each: ([(project: ProjectSummary, update: StatusUpdate)]) throws -> Void) async throws {
        let query = try await store.resolvingDelivery(slice, today: today)
        async let index = store.portfolioIndex()
        async let reporting = store.reportingState()
        var ordered = query
        ordered.sort = .code
        ordered.descending = false
        let entries = try await index.entries(ordered, rule: AccessPolicy.readRule(for: acting.actor))
        let state = try await reporting
        var periods = Set<ReportingPeriod>()
        var month = state.cycles.system.open(on: today, workingDays: state.workingDays)
        for _ in 0..<PortfolioReport.periodChoices {
            periods.insert(month)
            for cycle in [state.cycles.system] + state.cycles.programmes.values.map(\.cycle) { periods.insert(cycle.period(containing: month.start)) }
            month = month.previous
        }
        for start in stride(from: 0, to: entries.count, by: max(batch, 1)) {
            let chosen = entries[start..<min(start + max(batch, 1), entries.count)]
            let reported = try await store.reportedUpdates(in: periods, of: chosen.map(\.summary.id))
            try each(chosen.flatMap { entry in
                (reported[entry.summary.id] ?? [:]).values.sorted { $0.period > $1.period }.map { (entry.summary, $0) }
            })
        }
    }
}

/// A batch of a log across projects (`ReportWorkflows.risks` and the rest): its rows in order,
/// each led by its project, and the names of the people they name.
public struct LogBatch<Item> {
    public var rows: [(project: ProjectSummary, item: Item)]
    public var names: [UUID: String]
    /// The latest observations of the measures the rows take actuals from, by measure (benefits').
    public var observations: [UUID: [Observation]] = [:]
}

extension ReportWorkflows {
    /// How many projects' items a log across projects reads at a time, by default.
    public static let logBatch = 1_000

    /// Items of a log across the projects `slice` selects that the reader may read, by project code
    /// (then the log's own order), each with its project: handed to `each` a batch of `batch`
    /// projects' at a time, each batch read when the one before has been taken (a region's risks
    /// are 200,000, which a download writes as they are read rather than holding them all).
    /// `people`: whom an item names, for the batch's names.
    func across<Item>(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int, project: (Item) -> UUID,
                      people: (Item) -> UUID?, read: (ProjectScope) async throws -> [Item],
                      _ each: (LogBatch<Item>) async throws -> Void) async throws {
        let rule = AccessPolicy.readRule(for: acting.actor)
        var ordered = try await store.resolvingDelivery(slice, today: today)
        ordered.sort = .code
        ordered.descending = false
        let entries = try await store.portfolioIndex().entries(ordered, rule: rule)
        let size = max(batch, 1)
        for start in stride(from: 0, to: entries.count, by: size) {
            let chosen = entries[start..<min(start + size, entries.count)]
            var byProject: [UUID: [Item]] = [:]
            for item in try await read(ProjectScope(readableBy: rule, among: chosen.map(\.summary.id))) {
                byProject[project(item), default: []].append(item)
            }
            let rows = chosen.flatMap { entry in (byProject[entry.summary.id] ?? []).map { (project: entry.summary, item: $0) } }
            try await each(LogBatch(rows: rows, names: try await store.personNames(Set(rows.compactMap { people($0.item) }))))
        }
    }

    /// Every milestone of the projects `slice` selects (that the reader may read), and its owners' names.
    public func milestones(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = logBatch,
                           _ each: (LogBatch<Milestone>) async throws -> Void) async throws {
        try await across(slice, today: today, by: acting, batch: batch, project: \.projectID, people: \.fields.ownerID,
                         read: { try await store.milestones(in: $0) }, each)
    }

    /// Every issue of the projects `slice` selects (that the reader may read), and its owners' names.
    public func issues(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = logBatch,
                       _ each: (LogBatch<Issue>) async throws -> Void) async throws {
        try await across(slice, today: today, by: acting, batch: batch, project: \.projectID, people: \.fields.ownerID,
                         read: { try await store.issues(in: $0) }, each)
    }

    /// Every assumption of the projects `slice` selects (that the reader may read), and its owners' names.
    public func assumptions(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = logBatch,
                            _ each: (LogBatch<Assumption>) async throws -> Void) async throws {
        try await across(slice, today: today, by: acting, batch: batch, project: \.projectID, people: \.fields.ownerID,
                         read: { try await store.assumptions(in: $0) }, each)
    }

    /// Every risk of the projects `slice` selects (that the reader may read), and its owners' names.
    public func risks(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = logBatch,
                      _ each: (LogBatch<Risk>) async throws -> Void) async throws {
        try await across(slice, today: today, by: acting, batch: batch, project: \.projectID, people: \.fields.ownerID,
                         read: { try await store.risks(in: $0) }, each)
    }

    /// Every action of the projects `slice` selects (that the reader may read), with the item each
    /// is for, and its owners' names.
    public func actions(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = logBatch,
                        _ each: (LogBatch<(action: Action, item: RAIDItemLabel?)>) async throws -> Void) async throws {
        try await across(slice, today: today, by: acting, batch: batch, project: \.action.projectID, people: \.action.fields.ownerID,
                         read: { try await store.actions(in: $0) }, each)
    }

    /// Every decision of the projects `slice` selects (that the reader may read), with the items
    /// each bears on, and the names of those who decided.
    public func decisions(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = logBatch,
                          _ each: (LogBatch<(decision: Decision, bearsOn: [RAIDItemLabel])>) async throws -> Void) async throws {
        try await across(slice, today: today, by: acting, batch: batch, project: \.decision.projectID, people: \.decision.fields.deciderID,
                         read: { try await store.decisions(in: $0) }, each)
    }

    /// Every dependency of the projects `slice` selects (that the reader may read), under the
    /// project that depends, by number: what it depends on as the reader sees it (a project they
    /// may not read is not named), and its owners' names. The register is read once, whole.
    public func dependencies(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = logBatch,
                             _ each: (LogBatch<SeenDependency>) async throws -> Void) async throws {
        let (register, readable) = try await store.dependencies(rule: AccessPolicy.readRule(for: acting.actor))
        try await across(slice, today: today, by: acting, batch: batch, project: \.dependency.projectID, people: \.dependency.fields.ownerID,
                         read: { scope in
            let among = Set(scope.among ?? [])
            return register.all.filter { among.contains($0.projectID) && readable.entry($0.projectID) != nil }
                .sorted { $0.number < $1.number }.compactMap { register.seen($0.id, readable: readable) }
        }, each)
    }

    /// Every benefit of the projects `slice` selects (that the reader may read), its owners' names,
    /// and the latest observation of each measure benefits take their actuals from.
    public func benefits(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = logBatch,
                         _ each: (LogBatch<Benefit>) async throws -> Void) async throws {
        try await across(slice, today: today, by: acting, batch: batch, project: \.projectID, people: \.fields.ownerID,
                         read: { try await store.benefits(in: $0) }) { batch in
            var batch = batch
            batch.observations = try await store.latestObservations(ofMeasures: Set(batch.rows.compactMap(\.item.fields.actualsMeasureID)))
            try await each(batch)
        }
    }

    /// Every measure of the projects `slice` selects (that the reader may read), with its latest
    /// value and SPC icons, and its owners' names.
    public func measures(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, batch: Int = logBatch,
                         _ each: (LogBatch<(measure: Measure, summary: MeasureSummary)>) async throws -> Void) async throws {
        try await across(slice, today: today, by: acting, batch: batch, project: \.measure.projectID, people: \.measure.fields.ownerID,
                         read: { try await store.measures(in: $0) }, each)
    }
}
