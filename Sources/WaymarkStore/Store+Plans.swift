import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let milestoneColumns: SQLQueryString = """
        m.id, m.project_id, m.number, m.title, m.owner_id, m.baseline_date, m.forecast_date, m.actual_date, m.status,
        m.stage_id, m.notes, m.is_key, m.version, m.created_at, m.updated_at
        """

    public func milestone(_ id: UUID) async throws -> Milestone? {
        try await rows("SELECT \(Self.milestoneColumns) FROM milestones m WHERE m.id = \(bind: id)", reading: Self.milestone).first
    }

    /// A project's plan: its milestones by forecast date (then number).
    public func milestones(ofProject projectID: UUID) async throws -> [Milestone] {
        try await projectPlan(projectID).milestones
    }

    /// A project's milestones and baselines, held in this instance's memory (`held`): the counter
    /// is read with the milestones, and the baselines after them.
    public func projectPlan(_ projectID: UUID) async throws -> PlanRecords {
        try await held(projectID, in: instance.projectPlans) {
            let (generation, milestones) = try await itemsAndCounter(projectID, table: "milestones", alias: "m",
                                                                     columns: Self.milestoneColumns, order: "m.forecast_date, m.number",
                                                                     reading: Self.milestone)
            return (generation, PlanRecords(milestones: milestones, baselines: try await readBaselines(projectID)))
        }
    }

    /// The milestones `filter` (on `m`) selects, by forecast date (then number).
    func milestones(where filter: SQLQueryString) async throws -> [Milestone] {
        try await rows("SELECT \(Self.milestoneColumns) FROM milestones m WHERE \(filter) ORDER BY m.forecast_date, m.number",
                       reading: Self.milestone)
    }

    public func createMilestone(projectID: UUID, fields: MilestoneFields, by actor: AuditActor) async throws -> Milestone {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM milestones WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO milestones (id, project_id, number, title, owner_id, baseline_date, forecast_date, actual_date, status,
                    stage_id, notes, is_key, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: fields.title), \(bind: fields.ownerID), NULL,
                        \(bind: fields.forecastDate.description), \(bind: fields.actualDate?.description), \(bind: fields.status.rawValue),
                        \(bind: fields.stageID), \(bind: fields.notes), \(bind: fields.isKey), 1, \(bind: now), \(bind: now))
                """)
            let milestone = Milestone(id: id, projectID: projectID, number: number, fields: fields, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.milestoneCreated, id, projectID: projectID, subject: "\(milestone.reference) \(fields.title)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return milestone
        }
    }

    /// Changes a milestone if it is still at `expectedVersion` (else `VersionConflict`).
    public func updateMilestone(_ id: UUID, expectedVersion: Int, fields: MilestoneFields, by actor: AuditActor) async throws -> Milestone {
        try await write { store in
            guard let before = try await store.milestone(id) else { throw NotFound("milestone") }
            let now = store.now()
            let version = try await store.conditionalUpdate("milestones", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), owner_id = \(bind: fields.ownerID), forecast_date = \(bind: fields.forecastDate.description),
                actual_date = \(bind: fields.actualDate?.description), status = \(bind: fields.status.rawValue),
                stage_id = \(bind: fields.stageID), notes = \(bind: fields.notes), is_key = \(bind: fields.isKey)
                """)
            let completing = before.fields.status != .complete && fields.status == .complete
            try await store.record(completing ? .milestoneCompleted : .milestoneChanged, id, projectID: before.projectID,
                                   subject: "\(before.reference) \(fields.title)",
                                   changes: FieldChange.between(before.fields.auditValues, fields.auditValues), by: actor)
            var milestone = before
            milestone.fields = fields
            milestone.version = version
            milestone.updatedAt = now
            return milestone
        }
    }

    public func deleteMilestone(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let milestone = try await store.milestone(id) else { throw NotFound("milestone") }
            try await store.run("DELETE FROM milestones WHERE id = \(bind: id)")
            try await store.record(.milestoneDeleted, id, projectID: milestone.projectID,
                                   subject: "\(milestone.reference) \(milestone.fields.title)", changes: [], by: actor)
        }
    }

    /// Baselines the whole plan, in one transaction: each milestone's forecast becomes its baseline
    /// date (a new version of each), and the baseline is kept with every milestone's date as it was
    /// baselined and the reason.
    public func baselinePlan(projectID: UUID, reason: String, by actor: AuditActor) async throws -> PlanBaseline {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let milestones = try await store.milestones(ofProject: projectID)
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM plan_baselines WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO plan_baselines (id, project_id, number, reason, actor_name, created_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: reason), \(bind: actor.name), \(bind: now))
                """)
            var entries: [PlanBaseline.Entry] = []
            for milestone in milestones {
                let entry = PlanBaseline.Entry(milestoneID: milestone.id, reference: milestone.reference, title: milestone.fields.title,
                                               date: milestone.fields.forecastDate)
                try await store.run("""
                    INSERT INTO plan_baseline_entries (baseline_id, milestone_id, reference, title, baseline_date)
                    VALUES (\(bind: id), \(bind: milestone.id), \(bind: entry.reference), \(bind: entry.title), \(bind: entry.date.description))
                    """)
                entries.append(entry)
            }
            try await store.run("""
                UPDATE milestones SET baseline_date = forecast_date, version = version + 1, updated_at = \(bind: now)
                WHERE project_id = \(bind: projectID)
                """)
            try await store.record(.planBaselined, id, projectID: projectID, subject: "Baseline \(number)",
                                   changes: [FieldChange(field: "reason", old: nil, new: reason),
                                             FieldChange(field: "milestones", old: nil, new: String(entries.count))],
                                   by: actor)
            return PlanBaseline(id: id, projectID: projectID, number: number, reason: reason, actorName: actor.name, createdAt: now,
                                entries: entries)
        }
    }

    /// Every baseline of a project's plan, newest first, each with its milestones' dates.
    public func baselines(ofProject projectID: UUID) async throws -> [PlanBaseline] {
        try await projectPlan(projectID).baselines
    }

    private func readBaselines(_ projectID: UUID) async throws -> [PlanBaseline] {
        let baselines = try await rows("""
            SELECT id, number, reason, actor_name, created_at FROM plan_baselines WHERE project_id = \(bind: projectID) ORDER BY number DESC
            """, reading: { columns in
            PlanBaseline(id: try columns.uuid("id"), projectID: projectID, number: try columns.int("number"),
                         reason: try columns.string("reason"), actorName: try columns.string("actor_name"),
                         createdAt: try columns.date("created_at"), entries: [])
        })
        guard !baselines.isEmpty else { return [] }
        let entries = try await rows("""
            SELECT e.baseline_id, e.milestone_id, e.reference, e.title, e.baseline_date
            FROM plan_baseline_entries e JOIN plan_baselines b ON b.id = e.baseline_id
            WHERE b.project_id = \(bind: projectID) ORDER BY e.baseline_date, e.reference
            """, reading: { columns in
            (try columns.uuid("baseline_id"), PlanBaseline.Entry(milestoneID: try columns.uuid("milestone_id"),
                                                                reference: try columns.string("reference"), title: try columns.string("title"),
                                                                date: try Self.calendarDate(try columns.string("baseline_date"))))
        })
        let byBaseline = Dictionary(grouping: entries, by: \.0)
        return baselines.map { baseline in
            var baseline = baseline
            baseline.entries = byBaseline[baseline.id]?.map(\.1) ?? []
            return baseline
        }
    }

    /// The key milestones not yet complete, from memory while the `key_milestones` counter stands
    /// still; the portfolio timeline filters them by the portfolio index.
    public func keyMilestones() async throws -> KeyMilestones {
        try await derived(.keyMilestones, from: \.keyMilestones) { store in
            let rows = try await store.rows("""
                SELECT g.value AS generation, \(Self.milestoneColumns)
                FROM change_counters g LEFT JOIN milestones m ON m.is_key = TRUE AND m.status <> 'complete'
                WHERE g.name = 'key_milestones'
                """, reading: { columns in
                (try columns.int64("generation"), try columns.optionalUUID("id") == nil ? nil : try Self.milestone(columns))
            })
            let generation = rows.first?.0 ?? 0
            return (generation, KeyMilestones(generation: generation, milestones: rows.compactMap(\.1)))
        }
    }

    /// The portfolio timeline: key milestones in the window, of the projects this person may read
    /// that the portfolio's filters select.
    public func portfolioTimeline(_ query: PortfolioQuery, window: MilestoneWindow, today: CalendarDate,
                                  rule: ProjectReadRule) async throws -> Page<ScheduledMilestone> {
        let query = try await resolvingDelivery(query, today: today)
        async let index = portfolioIndex()
        async let milestones = keyMilestones()
        return try await milestones.timeline(window, today: today, projects: try await index.projects(query, rule: rule), page: query.page)
    }

    static func milestone(_ columns: Columns) throws -> Milestone {
        let fields = MilestoneFields(
            title: try columns.string("title"), ownerID: try columns.optionalUUID("owner_id"),
            forecastDate: try calendarDate(try columns.string("forecast_date")),
            actualDate: try columns.optionalString("actual_date").map(calendarDate),
            status: try Columns.choice(try columns.string("status"), "status"), stageID: try columns.optionalUUID("stage_id"),
            notes: try columns.string("notes"), isKey: try columns.bool("is_key"))
        return Milestone(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                         fields: fields, baselineDate: try columns.optionalString("baseline_date").map(calendarDate),
                         version: try columns.int("version"), createdAt: try columns.date("created_at"),
                         updatedAt: try columns.date("updated_at"))
    }
}
