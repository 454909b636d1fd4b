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
    /// or more than a year back, is refused.
    public func portfolio(_ slice: PortfolioQuery, periodKey: String?, today: CalendarDate, by acting: Acting) async throws -> PortfolioReport {
        let query = try await store.resolvingDelivery(slice, today: today)
        let sources = try await store.dashboardSources(today: today)
        let reporting = sources.reporting
        let cycle = reporting.cycles.system
        let open = cycle.open(on: today, workingDays: reporting.workingDays)
        var periods = [open]
        while periods.count < PortfolioReport.periodChoices { periods.append(periods.last!.previous) }
        let period: ReportingPeriod
        if let key = periodKey.exactOrNil {
            guard let asked = ReportingPeriod(key: key, months: 1), let chosen = periods.first(where: { $0.start == asked.start }) else {
                throw ValidationFailure("period", "Choose a period from \(periods.last!.label) to \(open.label), as its month, like \(open.key)",
                                        kind: .rule)
            }
            period = chosen
        } else {
            period = PortfolioReport.defaultPeriod(cycle, workingDays: reporting.workingDays, today: today)
        }
        let rule = AccessPolicy.readRule(for: acting.actor)
        var ordered = query
        ordered.sort = .code
        ordered.descending = false
        let entries = sources.index.entries(ordered, rule: rule)
        let covering = Set(entries.map { reporting.cycles.cycle(forProgramme: $0.summary.programmeID).period(containing: period.start) })
        let reported = try await store.reportedUpdates(in: covering)
        let lines = PortfolioReport.lines(for: entries, period: period, reporting: reporting, reported: reported)
        let dashboard = sources.dashboard(scope: .all, personID: acting.person.id, rule: rule, today: today, slice: query)
        return PortfolioReport(period: period, due: cycle.due(period, workingDays: reporting.workingDays), lines: lines, dashboard: dashboard,
                               periods: periods, references: sources.index.references, generatedAt: store.now())
    }
}

extension ReportWorkflows {
    /// The board pack: the portfolio report for the slice and period, and the highlight reports of
    /// `projectIDs` for the period (by default its red and amber projects), each one a project of
    /// the report that reported the period.
    public func boardPack(_ slice: PortfolioQuery, periodKey: String?, projectIDs: [String], today: CalendarDate,
                          by acting: Acting) async throws -> BoardPack {
        let report = try await portfolio(slice, periodKey: periodKey, today: today, by: acting)
        let reported = report.lines.filter { $0.update != nil }
        var chosen: [PortfolioReportLine] = []
        if projectIDs.isEmpty {
            chosen = report.exceptions
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
        for line in chosen {
            let (project, highlight) = try await status.highlight(line.project.id, periodKey: line.period.key, by: acting)
            if let highlight { highlights.append((project.project, highlight)) }
        }
        return BoardPack(report: report, highlights: highlights)
    }
}

extension ReportWorkflows {
    /// The status history of the projects `slice` selects: every period's update reported (its
    /// latest submitted revision) over the last `PortfolioReport.periodChoices` periods, by project
    /// code and then the latest period first.
    public func statusHistory(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting) async throws -> [(project: ProjectSummary, update: StatusUpdate)] {
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
        let reported = try await store.reportedUpdates(in: periods)
        return entries.flatMap { entry in
            (reported[entry.summary.id] ?? [:]).values.sorted { $0.period > $1.period }.map { (entry.summary, $0) }
        }
    }
}

extension ReportWorkflows {
    /// Items of a log across the projects `slice` selects that the reader may read, by project code
    /// (then the log's own order), each with its project.
    func across<Item>(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting, project: (Item) -> UUID,
                      read: (ProjectReadRule) async throws -> [Item]) async throws -> [(project: ProjectSummary, item: Item)] {
        let rule = AccessPolicy.readRule(for: acting.actor)
        let query = try await store.resolvingDelivery(slice, today: today)
        let chosen = try await store.portfolioIndex().projects(query, rule: rule)
        let items = try await read(rule)
        var byProject: [UUID: [Item]] = [:]
        for item in items { byProject[project(item), default: []].append(item) }
        var ordered = query
        ordered.sort = .code
        ordered.descending = false
        return try await store.portfolioIndex().entries(ordered, rule: rule).flatMap { entry -> [(project: ProjectSummary, item: Item)] in
            guard chosen.entry(entry.summary.id) != nil else { return [] }
            return (byProject[entry.summary.id] ?? []).map { (entry.summary, $0) }
        }
    }

    /// Every milestone of the projects `slice` selects (that the reader may read), and its owners' names.
    public func milestones(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting)
        async throws -> (rows: [(project: ProjectSummary, item: Milestone)], names: [UUID: String]) {
        let rows = try await across(slice, today: today, by: acting, project: \Milestone.projectID) { try await store.milestones(readableBy: $0) }
        return (rows, try await store.personNames(Set(rows.compactMap(\.item.fields.ownerID))))
    }

    /// Every risk of the projects `slice` selects (that the reader may read), and its owners' names.
    public func risks(_ slice: PortfolioQuery, today: CalendarDate, by acting: Acting)
        async throws -> (rows: [(project: ProjectSummary, item: Risk)], names: [UUID: String]) {
        let rows = try await across(slice, today: today, by: acting, project: \Risk.projectID) { try await store.risks(readableBy: $0) }
        return (rows, try await store.personNames(Set(rows.compactMap(\.item.fields.ownerID))))
    }
}
