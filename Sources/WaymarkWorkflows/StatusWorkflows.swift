import Foundation
import WaymarkDomain
import WaymarkStore

public typealias ReadableStatusUpdate = ReadableLogItem<StatusUpdate>

/// A project's status reporting as one person may see it.
public struct StatusLog: Sendable {
    public var project: ReadableProject
    public var due: ReportingDue
    /// Every revision, the latest period first, its latest revision first.
    public var updates: [StatusUpdate]

    /// The latest revision of each period's update, the latest period first.
    public var latestByPeriod: [StatusUpdate] {
        var seen = Set<ReportingPeriod>()
        return updates.filter { seen.insert($0.period).inserted }
    }

    /// The latest submitted revision of each period, the latest period first: what was reported.
    public var reported: [StatusUpdate] {
        var seen = Set<ReportingPeriod>()
        return updates.filter { $0.state == .submitted && seen.insert($0.period).inserted }
    }
}

/// Everything a person does with status updates and reporting cycles, each once, for pages and
/// the API alike. Whoever may not read the project gets `NotFound` for its updates too.
public struct StatusWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    /// How many working days before the due date reminders start.
    public static let reminderWorkingDays = 5

    // MARK: A project's updates

    public func log(_ projectID: UUID, today: CalendarDate, by acting: Acting) async throws -> StatusLog {
        let project = try await projects.readable(projectID, by: acting)
        async let updates = store.statusUpdates(ofProject: projectID)
        async let state = store.reportingState()
        let all = try await updates, reporting = try await state
        let due = Self.due(for: project.project, cycles: reporting.cycles, workingDays: reporting.workingDays, today: today,
                           reported: Set(all.filter { $0.state == .submitted }.map(\.period)))
        return StatusLog(project: project, due: due, updates: all)
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableStatusUpdate {
        guard let update = try await store.statusUpdate(id) else { throw NotFound("status update") }
        return ReadableStatusUpdate(item: update, project: try await projects.readable(update.projectID, by: acting, hiding: "status update"))
    }

    /// The other revisions of the same period's update, the latest first.
    public func revisions(of update: StatusUpdate) async throws -> [StatusUpdate] {
        try await store.statusUpdates(ofProject: update.projectID).filter { $0.period == update.period }
    }

    /// The update reported for the period before `update`'s (its movement is measured from it).
    public func previousReported(_ update: StatusUpdate) async throws -> StatusUpdate? {
        try await store.reportedUpdate(ofProject: update.projectID, before: update.period)
    }

    /// Starts the update for `periodKey` (the open period when nil): a draft prefilled from the
    /// last update reported and from the plan and RAID log; after a submitted one, a correction
    /// starting from what it said. A draft already under way is returned as it is.
    public func start(projectID: UUID, periodKey: String?, today: CalendarDate,
                      by acting: Acting) async throws -> (update: ReadableStatusUpdate, created: Bool) {
        let log = try await self.log(projectID, today: today, by: acting)
        let project = log.project
        try AccessPolicy.require(project.canEdit, else: .editProject)
        guard project.project.fields.status == .active || project.project.fields.status == .onHold else {
            throw ValidationFailure("period", "A \(project.project.fields.status.label.lowercased()) project does not report: reopen it first", kind: .rule)
        }
        let period = try Self.period(periodKey, cycle: log.due.cycle, open: log.due.period)
        let fields: StatusUpdateFields
        if let latest = log.updates.first(where: { $0.period == period }) {
            guard latest.state == .submitted else { return (ReadableStatusUpdate(item: latest, project: project), false) }
            fields = latest.fields
        } else {
            let previous = log.reported.first { $0.period < period }
            fields = StatusPrefill.draft(previous: previous?.fields, facts: try await facts(projectID, period: period))
        }
        let started = try await store.startStatusUpdate(projectID: projectID, period: period, fields: fields, by: acting.audit)
        return (ReadableStatusUpdate(item: started.update, project: project), started.created)
    }

    /// Saves a draft's fields (nil keeps a field) and, when `submit`, submits it: then every
    /// rating, a reason for each red and amber, and a summary are needed, and it is locked.
    public func save(_ current: ReadableStatusUpdate, _ input: StatusUpdateInput, expectedVersion: Int, submit: Bool,
                     by acting: Acting) async throws -> ReadableStatusUpdate {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        // A stale version is said first: what was typed was written against an older draft.
        if current.item.version != expectedVersion { throw VersionConflict(currentVersion: current.item.version) }
        guard current.item.state == .draft else { throw StatusUpdateLocked() }
        let fields = try StatusUpdateFields.validate(input.overlaid(on: current.item.fields), submitting: submit)
        let update = try await store.saveStatusUpdate(current.item.id, expectedVersion: expectedVersion, fields: fields, submit: submit,
                                                      by: acting.audit)
        return ReadableStatusUpdate(item: update, project: current.project)
    }

    /// Discards a draft; a submitted revision is never removed.
    public func discard(_ id: UUID, by acting: Acting) async throws -> ReadableStatusUpdate {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        try await store.discardStatusUpdate(id, by: acting.audit)
        return current
    }

    /// The period a person asked for: its key (`2026-09`) as the project's cycle names periods,
    /// not after the one open for reporting.
    static func period(_ key: String?, cycle: ReportingCycle, open: ReportingPeriod) throws -> ReportingPeriod {
        guard let key = key.exactOrNil else { return open }
        guard let asked = ReportingPeriod(key: key, months: cycle.frequency.months),
              cycle.period(containing: asked.start) == asked else {
            throw ValidationFailure("period", cycle.frequency == .monthly
                ? "Enter the period as its month, like \(open.key)"
                : "Enter the period as its first month (January, April, July or October), like \(open.key)", kind: .rule)
        }
        guard asked <= open else {
            throw ValidationFailure("period", "\(asked.label) has not begun to be reported: the period open now is \(open.label)", kind: .rule)
        }
        return asked
    }

    /// What the data says about a period: milestones completed in it and due in the next, those
    /// slipped past their baseline, and the risks and issues escalated beyond the project.
    func facts(_ projectID: UUID, period: ReportingPeriod) async throws -> StatusFacts {
        async let milestones = store.milestones(ofProject: projectID)
        async let risks = store.risks(ofProject: projectID)
        async let issues = store.issues(ofProject: projectID)
        let plan = try await milestones
        let next = period.next
        var facts = StatusFacts()
        facts.completed = plan.compactMap { milestone in
            milestone.fields.actualDate.flatMap { period.contains($0) ? (milestone.reference, milestone.fields.title, $0) : nil }
        }
        facts.comingUp = plan.compactMap { milestone in
            milestone.fields.actualDate == nil && next.contains(milestone.fields.forecastDate)
                ? (milestone.reference, milestone.fields.title, milestone.fields.forecastDate) : nil
        }
        facts.slipped = plan.compactMap { milestone in
            guard milestone.fields.actualDate == nil, let days = milestone.slippageDays, days > 0 else { return nil }
            return (milestone.reference, milestone.fields.title, days)
        }
        facts.escalated = try await risks.filter { $0.fields.status == .open && $0.fields.escalation != .project }.map { ($0.reference, $0.fields.title) }
            + (try await issues).filter { $0.fields.status.isActive && $0.fields.escalation != .project }.map { ($0.reference, $0.fields.title) }
        return facts
    }

    /// The cycle a project reports on, the period open on `today` and its due date, and the one
    /// before if its due date has passed unreported (`reported`: the periods it has submitted).
    static func due(for project: Project, cycles: ReportingCycles, workingDays: WorkingDays, today: CalendarDate,
                    reported: Set<ReportingPeriod>) -> ReportingDue {
        let cycle = cycles.cycle(forProgramme: project.fields.programmeID)
        let open = cycle.open(on: today, workingDays: workingDays)
        let previous = open.previous
        let began = CalendarDate(project.createdAt)
        let overdue = project.fields.status == .active && !reported.contains(previous) && began <= previous.end
        return ReportingDue(cycle: cycle, period: open, due: cycle.due(open, workingDays: workingDays),
                            overdue: overdue ? (previous, cycle.due(previous, workingDays: workingDays)) : nil)
    }

    // MARK: Highlight reports

    /// A project's highlight report for a period it has reported (`periodKey`; the latest
    /// reported when nil), built from its update and from the plan, RAID log, measures and
    /// benefits as they stand; nil when it has reported no period yet.
    public func highlight(_ projectID: UUID, periodKey: String?, by acting: Acting) async throws -> (ReadableProject, HighlightReport?) {
        let (project, team) = try await projects.readableWithTeam(projectID, by: acting)
        let latest = try await reportedUpdates(of: projectID)
        guard let first = latest.first else { return (project, nil) }
        let update: StatusUpdate
        if let key = periodKey.exactOrNil {
            guard let chosen = latest.first(where: { $0.period.key == key }) else {
                throw ValidationFailure("period", "The project has reported no update for \(key): choose one of the periods listed", kind: .rule)
            }
            update = chosen
        } else {
            update = first
        }
        // A period closed since it was reported: the report as it was frozen then. Either way, what
        // the project reported for the period after it closed is said.
        let (closures, frozen) = try await store.frozenHighlight(update.period, projectID: projectID)
        let afterClose = ReportedAfterClose.judge(update, frozen: frozen, latest: closures.first)
        var report: HighlightReport
        if let frozen {
            report = frozen
            report.generatedAt = store.now()
        } else {
            // The project was found readable above: what follows is read for it without asking again.
            report = try await highlight(of: project.project, team: team, update: update, reported: latest,
                                         rule: AccessPolicy.readRule(for: acting.actor))
        }
        report.afterClose = afterClose
        return (project, report)
    }

    /// A project's updates reported (each period's latest submitted revision), the latest period first.
    func reportedUpdates(of projectID: UUID) async throws -> [StatusUpdate] {
        Self.reported(try await store.statusUpdates(ofProject: projectID))
    }

    /// Of a project's updates (the latest period first, its latest revision first), those reported:
    /// each period's latest submitted revision.
    static func reported(_ updates: [StatusUpdate]) -> [StatusUpdate] {
        var latest: [StatusUpdate] = []
        for update in updates where update.state == .submitted && !latest.contains(where: { $0.period == update.period }) { latest.append(update) }
        return latest
    }

    /// The highlight report of `update` made from the data now: `reported` is every update the
    /// project reported, the latest first; `rule` reads the dependencies' other ends.
    func highlight(of project: Project, team: [TeamMember], update: StatusUpdate, reported latest: [StatusUpdate],
                   rule: ProjectReadRule) async throws -> HighlightReport {
        async let records = store.projectRecords([project.id], updates: false)
        async let dependencies = store.dependencies(rule: rule)
        async let references = store.referenceData()
        let (register, readable) = try await dependencies
        var submittedBy: String?
        if let id = update.submittedBy { submittedBy = try await store.person(id)?.name }
        return Self.highlight(of: project, team: team, update: update, reported: latest, records: try await records[project.id] ?? ProjectRecords(),
                              dependsOn: register.log(of: project.id, readable: readable).dependsOn.map(\.dependency),
                              stageName: try await references.stage(project.fields.stageID)?.name ?? "", submittedBy: submittedBy,
                              generatedAt: store.now())
    }

    /// The highlight report of `update`, made from the project's `records` and the dependencies
    /// it has on others (`dependsOn`).
    static func highlight(of project: Project, team: [TeamMember], update: StatusUpdate, reported latest: [StatusUpdate],
                          records: ProjectRecords, dependsOn: [Dependency], stageName: String, submittedBy: String?,
                          generatedAt: Date) -> HighlightReport {
        let sections = HighlightSections(period: update.period, milestones: records.milestones, risks: records.risks, issues: records.issues,
                                         dependencies: dependsOn, decisions: records.decisions)
        return HighlightReport(
            project: project, stageName: stageName,
            seniorResponsibleOwners: team.filter { $0.role == .sro }.map(\.name), projectManagers: team.filter { $0.role == .manager }.map(\.name),
            update: update, previous: latest.first { $0.period < update.period }, submittedBy: submittedBy,
            reportedPeriods: latest.map(\.period), sections: sections, measures: records.measures,
            analyses: Dictionary(uniqueKeysWithValues: records.measures.map { ($0.id, $0.analysis(records.observations[$0.id] ?? [])) }),
            observationCounts: records.observations.mapValues(\.count),
            benefits: records.benefits, generatedAt: generatedAt)
    }

    // MARK: Following reporting

    /// Every active project the person may read, with its open period's update and, where the
    /// period before went unreported past its due date, that one too.
    public func overview(today: CalendarDate, by acting: Acting) async throws -> ReportingOverview {
        try AccessPolicy.require(AccessPolicy.canFollowReporting(acting.actor), else: .followReporting)
        let rule = AccessPolicy.readRule(for: acting.actor), store = store
        return try await store.keptReportingOverview(rule: rule, today: today) {
            async let index = store.portfolioIndex()
            async let state = store.reportingState()
            let (portfolio, reporting) = (try await index, try await state)
            let cycles = reporting.cycles, workingDays = reporting.workingDays
            let (current, overdue) = reporting.lines(for: portfolio.entries(PortfolioQuery(status: .active), rule: rule), today: today)
            let system = cycles.system.open(on: today, workingDays: workingDays)
            return ReportingOverview(cycles: cycles, systemPeriod: system, systemDue: cycles.system.due(system, workingDays: workingDays),
                                     current: current, overdue: overdue, programmes: portfolio.references.programmes, holidays: reporting.holidays)
        }
    }

    /// The updates a person owes for the projects they run (SRO or manager): overdue, or due
    /// within `reminderWorkingDays` working days and not yet submitted.
    public func reminders(today: CalendarDate, by acting: Acting) async throws -> [StatusReminder] {
        let person = acting.person.id
        async let index = store.portfolioIndex()
        async let state = store.reportingState()
        let (portfolio, reporting) = (try await index, try await state)
        let readable = portfolio.readableProjects(rule: AccessPolicy.readRule(for: acting.actor))
        var reminders: [StatusReminder] = []
        for id in portfolio.projects(withTeamMember: person) {
            guard let entry = readable.entry(id), entry.summary.status == .active,
                  let role = entry.team[person], role == .sro || role == .manager else { continue }
            let summary = entry.summary
            let cycle = reporting.cycles.cycle(forProgramme: summary.programmeID)
            let open = cycle.open(on: today, workingDays: reporting.workingDays)
            for period in [open.previous, open] where reporting.status(of: id, in: period)?.reported == nil {
                let due = cycle.due(period, workingDays: reporting.workingDays)
                let began = entry.details.map { CalendarDate($0.project.createdAt) } ?? period.start
                let left = reporting.workingDays.count(from: today, to: due)
                if due < today, began <= period.end {
                    reminders.append(StatusReminder(projectID: id, projectCode: summary.code, projectTitle: summary.title, period: period,
                                                    due: due, overdue: true, workingDaysLeft: 0))
                } else if period == open, due >= today, left <= Self.reminderWorkingDays {
                    reminders.append(StatusReminder(projectID: id, projectCode: summary.code, projectTitle: summary.title, period: period,
                                                    due: due, overdue: false, workingDaysLeft: left))
                }
            }
        }
        return reminders.sorted { ($0.due, $0.projectCode) < ($1.due, $1.projectCode) }
    }

    // MARK: Cycles and holidays

    public func cycles() async throws -> ReportingCycles { try await store.reportingState().cycles }

    public func holidays() async throws -> [BankHoliday] { try await store.reportingState().holidays }

    /// Sets the system's cycle (no programme) or a programme's own.
    public func setCycle(programmeID: UUID?, frequency: String?, dueWorkingDay: String?, expectedVersion: Int?,
                         by acting: Acting) async throws -> ReportingCycles {
        try AccessPolicy.require(AccessPolicy.canManageReporting(acting.actor), else: .manageReporting)
        let subject = try await cycleSubject(programmeID)
        let cycle = try ReportingCycle.validate(frequency: frequency, dueWorkingDay: dueWorkingDay)
        try await store.setReportingCycle(programmeID: programmeID, cycle, expectedVersion: expectedVersion, subject: subject, by: acting.audit)
        return try await store.reportingCycles()
    }

    /// A programme goes back to reporting on the system's cycle.
    public func removeCycle(programmeID: UUID, by acting: Acting) async throws {
        try AccessPolicy.require(AccessPolicy.canManageReporting(acting.actor), else: .manageReporting)
        try await store.removeReportingCycle(programmeID: programmeID, subject: try await cycleSubject(programmeID), by: acting.audit)
    }

    private func cycleSubject(_ programmeID: UUID?) async throws -> String {
        guard let programmeID else { return "the system" }
        guard let programme = try await store.portfolioIndex().references.programme(programmeID) else { throw NotFound("programme") }
        return "programme " + programme.name
    }

    public func addHoliday(date: String?, name: String?, by acting: Acting) async throws -> BankHoliday {
        try AccessPolicy.require(AccessPolicy.canManageReporting(acting.actor), else: .manageReporting)
        let existing = Set(try await store.bankHolidays().map(\.date))
        let holiday = try BankHoliday.validate(date: date, name: name, existing: existing)
        try await store.addBankHoliday(holiday, by: acting.audit)
        return holiday
    }

    public func removeHoliday(_ date: CalendarDate, by acting: Acting) async throws {
        try AccessPolicy.require(AccessPolicy.canManageReporting(acting.actor), else: .manageReporting)
        try await store.removeBankHoliday(date, by: acting.audit)
    }
}
