import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let statusUpdateColumns: SQLQueryString = """
        u.id, u.project_id, u.period_start, u.period_months, u.revision, u.state, u.overall, u.overall_justification, u.schedule,
        u.schedule_justification, u.finance, u.finance_justification, u.resources, u.resources_justification, u.risks,
        u.risks_justification, u.benefits, u.benefits_justification, u.scope, u.scope_justification, u.summary, u.done_this_period,
        u.planned_next_period, u.decisions_needed, u.escalations, u.submitted_at, u.submitted_by, u.version, u.created_at, u.updated_at
        """

    public func statusUpdate(_ id: UUID) async throws -> StatusUpdate? {
        try await rows("SELECT \(Self.statusUpdateColumns) FROM status_updates u WHERE u.id = \(bind: id)", reading: Self.statusUpdate).first
    }

    /// Every revision of a project's updates, the latest period first, its latest revision first.
    public func statusUpdates(ofProject projectID: UUID) async throws -> [StatusUpdate] {
        try await statusUpdates(where: "u.project_id = \(bind: projectID)")
    }

    /// The updates `filter` (on `u`) selects, the latest period first, its latest revision first.
    func statusUpdates(where filter: SQLQueryString) async throws -> [StatusUpdate] {
        try await rows("""
            SELECT \(Self.statusUpdateColumns) FROM status_updates u WHERE \(filter) ORDER BY u.period_start DESC, u.revision DESC
            """, reading: Self.statusUpdate)
    }

    /// What a project reported for the latest period before `period`: that period's latest
    /// submitted revision.
    public func reportedUpdate(ofProject projectID: UUID, before period: ReportingPeriod) async throws -> StatusUpdate? {
        try await rows("""
            SELECT \(Self.statusUpdateColumns) FROM status_updates u
            WHERE u.project_id = \(bind: projectID) AND u.state = 'submitted' AND u.period_start < \(bind: period.start.description)
            ORDER BY u.period_start DESC, u.revision DESC LIMIT 1
            """, reading: Self.statusUpdate).first
    }

    /// The cycles, the holidays and where every project's update for every period stands, from
    /// memory while the `reporting` counter stands still.
    public func reportingState() async throws -> ReportingState {
        try await derived(.reporting, from: \.reporting) { store in
            let generation = try await store.generation(of: .reporting)
            let cycles = try await store.reportingCycles()
            let holidays = try await store.bankHolidays()
            let found = try await store.rows("""
                SELECT period_start, period_months, project_id, id, revision, state, overall FROM status_updates
                ORDER BY period_start, period_months, project_id, revision
                """, reading: { columns in
                    (try columns.string("period_start"), try columns.int("period_months"), try columns.uuid("project_id"),
                     PeriodStatus(updateID: try columns.uuid("id"), revision: try columns.int("revision"),
                                  state: try Columns.choice(try columns.string("state"), "state"),
                                  overall: try columns.optionalString("overall").map { try Columns.choice($0, "overall") }, reported: nil))
                })
            var statuses: [ReportingPeriod: [UUID: PeriodStatus]] = [:]
            var starts: [String: CalendarDate] = [:]
            for (text, months, project, status) in found {
                let start = try starts[text] ?? Self.calendarDate(text)
                starts[text] = start
                let period = ReportingPeriod(start: start, months: months)
                let reported = status.state == .submitted ? status.overall : statuses[period]?[project]?.reported
                var latest = status
                latest.reported = reported
                statuses[period, default: [:]][project] = latest
            }
            return (generation, ReportingState(cycles: cycles, holidays: holidays, statuses: statuses))
        }
    }

    /// Starts a project's update for a period with `fields` (a prefilled draft): the first
    /// revision, or the next after a submitted one (a correction). A draft already under way is
    /// returned as it is, so starting twice never makes two.
    public func startStatusUpdate(projectID: UUID, period: ReportingPeriod, fields: StatusUpdateFields,
                                  by actor: AuditActor) async throws -> (update: StatusUpdate, created: Bool) {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let existing = try await store.rows("""
                SELECT \(Self.statusUpdateColumns) FROM status_updates u
                WHERE u.project_id = \(bind: projectID) AND u.period_start = \(bind: period.start.description)
                  AND u.period_months = \(bind: period.months)
                ORDER BY u.revision DESC
                """, reading: Self.statusUpdate)
            if let latest = existing.first, latest.state == .draft { return (latest, false) }
            let revision = (existing.first?.revision ?? 0) + 1
            let id = UUID(), now = store.now()
            let ratings = Self.ratingValues(fields)
            let names = ratings.map { "\(ident: $0.0)" as SQLQueryString }.joined(separator: ", ")
            let values = ratings.map { "\(bind: $0.1)" as SQLQueryString }.joined(separator: ", ")
            try await store.run("""
                INSERT INTO status_updates (id, project_id, period_start, period_months, revision, state, \(names), version, created_at,
                                            updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: period.start.description), \(bind: period.months), \(bind: revision),
                        'draft', \(values), 1, \(bind: now), \(bind: now))
                """)
            let update = StatusUpdate(id: id, projectID: projectID, period: period, revision: revision, state: .draft, fields: fields,
                                      submittedAt: nil, submittedBy: nil, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.statusUpdateCreated, id, projectID: projectID, subject: update.title,
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return (update, true)
        }
    }

    /// Saves a draft's fields, and submits it when `submit` (locking it), if it is still a draft
    /// at `expectedVersion` (else `VersionConflict`: a submission meanwhile moves the version too).
    public func saveStatusUpdate(_ id: UUID, expectedVersion: Int, fields: StatusUpdateFields, submit: Bool,
                                 by actor: AuditActor) async throws -> StatusUpdate {
        try await write { store in
            guard var update = try await store.statusUpdate(id) else { throw NotFound("status update") }
            guard update.state == .draft else {
                if update.version != expectedVersion { throw VersionConflict(currentVersion: update.version) }
                throw StatusUpdateLocked()
            }
            let now = store.now()
            var assignments = Self.ratingValues(fields).map { column, value in "\(ident: column) = \(bind: value)" as SQLQueryString }
            if submit { assignments += ["state = 'submitted'", "submitted_at = \(bind: now)", "submitted_by = \(bind: actor.id)"] }
            let version = try await store.conditionalUpdate("status_updates", id: id, expectedVersion: expectedVersion, at: now,
                                                            set: assignments.joined(separator: ", "))
            let changes = FieldChange.between(update.fields.auditValues, fields.auditValues)
            if !changes.isEmpty {
                try await store.record(.statusUpdateChanged, id, projectID: update.projectID, subject: update.title, changes: changes, by: actor)
            }
            if submit {
                try await store.record(.statusUpdateSubmitted, id, projectID: update.projectID, subject: update.title,
                                       changes: [FieldChange(field: "state", old: "draft", new: "submitted")], by: actor)
                update.state = .submitted
                update.submittedAt = now
                update.submittedBy = actor.id
            }
            update.fields = fields
            update.version = version
            update.updatedAt = now
            return update
        }
    }

    /// Discards a draft (a submitted revision is kept for good).
    public func discardStatusUpdate(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let update = try await store.statusUpdate(id) else { throw NotFound("status update") }
            guard update.state == .draft else { throw StatusUpdateLocked() }
            try await store.run("DELETE FROM status_updates WHERE id = \(bind: id)")
            try await store.record(.statusUpdateDeleted, id, projectID: update.projectID, subject: update.title, changes: [], by: actor)
        }
    }

    /// Each column a rating or section is kept in, with the value `fields` gives it.
    static func ratingValues(_ fields: StatusUpdateFields) -> [(String, String?)] {
        var values: [(String, String?)] = [("overall", fields.overall.rag?.rawValue), ("overall_justification", fields.overall.justification)]
        for dimension in StatusDimension.allCases {
            let rating = fields.rating(dimension)
            values += [(dimension.rawValue, rating.rag?.rawValue), (dimension.rawValue + "_justification", rating.justification)]
        }
        values += [("summary", fields.text(.summary)), ("done_this_period", fields.text(.doneThisPeriod)),
                   ("planned_next_period", fields.text(.plannedNextPeriod)), ("decisions_needed", fields.text(.decisionsNeeded)),
                   ("escalations", fields.text(.escalations))]
        return values
    }

    static func statusUpdate(_ columns: Columns) throws -> StatusUpdate {
        func rating(_ column: String) throws -> Rating {
            Rating(try columns.optionalString(column).map { try Columns.choice($0, column) }, try columns.string(column + "_justification"))
        }
        var dimensions: [StatusDimension: Rating] = [:]
        for dimension in StatusDimension.allCases { dimensions[dimension] = try rating(dimension.rawValue) }
        let fields = StatusUpdateFields(
            overall: try rating("overall"), dimensions: dimensions,
            narrative: [.summary: try columns.string("summary"), .doneThisPeriod: try columns.string("done_this_period"),
                        .plannedNextPeriod: try columns.string("planned_next_period"),
                        .decisionsNeeded: try columns.string("decisions_needed"), .escalations: try columns.string("escalations")])
        return StatusUpdate(
            id: try columns.uuid("id"), projectID: try columns.uuid("project_id"),
            period: ReportingPeriod(start: try calendarDate(try columns.string("period_start")), months: try columns.int("period_months")),
            revision: try columns.int("revision"), state: try Columns.choice(try columns.string("state"), "state"), fields: fields,
            submittedAt: try columns.isNull("submitted_at") ? nil : try columns.date("submitted_at"),
            submittedBy: try columns.optionalUUID("submitted_by"), version: try columns.int("version"),
            createdAt: try columns.date("created_at"), updatedAt: try columns.date("updated_at"))
    }
}


// MARK: Reporting cycles and bank holidays

extension Store {
    public func reportingCycles() async throws -> ReportingCycles {
        let found = try await rows("SELECT programme_id, frequency, due_working_day, version FROM reporting_cycles", reading: { columns in
            (try columns.optionalUUID("programme_id"),
             ReportingCycle(frequency: try Columns.choice(try columns.string("frequency"), "frequency"),
                            dueWorkingDay: try columns.int("due_working_day")),
             try columns.int("version"))
        })
        var cycles = ReportingCycles(system: .standard, systemVersion: 0, programmes: [:])
        for (programme, cycle, version) in found {
            if let programme { cycles.programmes[programme] = (cycle, version) } else { (cycles.system, cycles.systemVersion) = (cycle, version) }
        }
        return cycles
    }

    /// Sets the system's cycle (`programmeID` nil) or a programme's own, if it is still at
    /// `expectedVersion` (a programme without one yet: nil).
    public func setReportingCycle(programmeID: UUID?, _ cycle: ReportingCycle, expectedVersion: Int?, subject: String,
                                  by actor: AuditActor) async throws {
        try await write { store in
            let cycles = try await store.reportingCycles()
            let before = programmeID.map { cycles.programmes[$0]?.cycle } ?? cycles.system
            let now = store.now()
            let match: SQLQueryString = programmeID.map { "programme_id = \(bind: $0)" } ?? "programme_id IS NULL"
            if let expectedVersion {
                let id = try await store.scalar("SELECT id FROM reporting_cycles WHERE \(match)", column: "id", as: UUID.self)
                // A programme without a cycle of its own is at version 0.
                guard let id else { throw VersionConflict(currentVersion: 0) }
                _ = try await store.conditionalUpdate("reporting_cycles", id: id, expectedVersion: expectedVersion, at: now, set: """
                    frequency = \(bind: cycle.frequency.rawValue), due_working_day = \(bind: cycle.dueWorkingDay)
                    """)
            } else {
                if let programmeID, let current = cycles.programmes[programmeID] { throw VersionConflict(currentVersion: current.version) }
                guard programmeID != nil else { throw VersionConflict(currentVersion: cycles.systemVersion) }
                try await store.run("""
                    INSERT INTO reporting_cycles (id, programme_id, frequency, due_working_day, version, updated_at)
                    VALUES (\(bind: UUID()), \(bind: programmeID), \(bind: cycle.frequency.rawValue), \(bind: cycle.dueWorkingDay), 1, \(bind: now))
                    """)
            }
            try await store.record(.reportingCycleChanged, programmeID ?? Self.systemCycleID, subject: subject,
                                   changes: FieldChange.between(Self.cycleValues(before), Self.cycleValues(cycle)), by: actor)
        }
    }

    /// A programme goes back to the system's cycle (one without a cycle of its own is there already).
    public func removeReportingCycle(programmeID: UUID, subject: String, by actor: AuditActor) async throws {
        try await write { store in
            guard let before = try await store.reportingCycles().programmes[programmeID] else { return }
            try await store.run("DELETE FROM reporting_cycles WHERE programme_id = \(bind: programmeID)")
            try await store.record(.reportingCycleChanged, programmeID, subject: subject,
                                   changes: FieldChange.between(Self.cycleValues(before.cycle), []), by: actor)
        }
    }

    /// The id the audit trail files the system's cycle under.
    public static let systemCycleID = UUID(uuidString: "00000000-0000-0000-0000-00000000c1c1")!

    static func cycleValues(_ cycle: ReportingCycle?) -> [(String, String?)] {
        guard let cycle else { return [] }
        return [("frequency", cycle.frequency.rawValue), ("dueWorkingDay", String(cycle.dueWorkingDay))]
    }

    public func bankHolidays() async throws -> [BankHoliday] {
        try await rows("SELECT date, name FROM bank_holidays ORDER BY date", reading: { columns in
            BankHoliday(date: try Self.calendarDate(try columns.string("date")), name: try columns.string("name"))
        })
    }

    public func addBankHoliday(_ holiday: BankHoliday, by actor: AuditActor) async throws {
        try await write { store in
            try await store.run("INSERT INTO bank_holidays (date, name) VALUES (\(bind: holiday.date.description), \(bind: holiday.name))")
            try await store.record(.bankHolidayAdded, Self.systemCycleID, subject: holiday.name + ", " + holiday.date.longFormat,
                                   changes: FieldChange.created([("date", holiday.date.description), ("name", holiday.name)]), by: actor)
        }
    }

    public func removeBankHoliday(_ date: CalendarDate, by actor: AuditActor) async throws {
        try await write { store in
            guard let holiday = try await store.bankHolidays().first(where: { $0.date == date }) else { throw NotFound("bank holiday") }
            try await store.run("DELETE FROM bank_holidays WHERE date = \(bind: date.description)")
            try await store.record(.bankHolidayRemoved, Self.systemCycleID, subject: holiday.name + ", " + holiday.date.longFormat,
                                   changes: [], by: actor)
        }
    }
}

// MARK: What was reported for a period

extension Store {
    /// Every project's latest submitted revision for any of `periods`, by project and period.
    /// `projects`: only theirs (nil: every project's).
    public func reportedUpdates(in periods: Set<ReportingPeriod>, of projects: [UUID]? = nil) async throws -> [UUID: [ReportingPeriod: StatusUpdate]] {
        guard !periods.isEmpty, projects?.isEmpty != true else { return [:] }
        let starts = Set(periods.map(\.start.description)).sorted().map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
        let only: SQLQueryString = projects.map { " AND u.project_id IN \(SQLBind.group($0))" } ?? ""
        // For some projects, SQLite would take the periods' index and read every project's
        // updates of those periods (0.6 s for a thousand projects at region scale, against 0.1 s
        // by the projects' own): `+` keeps it off that index.
        let period: SQLQueryString = projects != nil && dialect == .sqlite ? "+u.period_start" : "u.period_start"
        let found = try await rows("""
            SELECT \(Self.statusUpdateColumns) FROM status_updates u
            WHERE u.state = 'submitted' AND \(period) IN (\(starts))\(only) ORDER BY u.revision
            """, reading: Self.statusUpdate)
        var reported: [UUID: [ReportingPeriod: StatusUpdate]] = [:]
        for update in found where periods.contains(update.period) { reported[update.projectID, default: [:]][update.period] = update }
        return reported
    }
}
