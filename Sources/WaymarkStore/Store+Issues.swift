import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let issueColumns: SQLQueryString = """
        i.id, i.project_id, i.number, i.title, i.description, i.priority, i.owner_id, i.raised_on, i.target_date,
        i.status, i.resolution, i.risk_id, i.escalation, i.escalation_reason, i.version, i.created_at, i.updated_at
        """

    public func issue(_ id: UUID) async throws -> Issue? {
        try await rows("SELECT \(Self.issueColumns) FROM issues i WHERE i.id = \(bind: id)", reading: Self.issue).first
    }

    /// A project's issues, by number.
    public func issues(ofProject projectID: UUID) async throws -> [Issue] {
        try await projectIssues(projectID).items
    }

    /// A project's issue log, by number, held in this instance's memory (`held`).
    public func projectIssues(_ projectID: UUID) async throws -> ProjectIssues {
        try await projectItems(projectID, in: instance.projectIssues, table: "issues", alias: "i", columns: Self.issueColumns,
                               reading: Self.issue)
    }

    /// The issues `filter` (on `i`) selects, by number.
    func issues(where filter: SQLQueryString) async throws -> [Issue] {
        try await rows("SELECT \(Self.issueColumns) FROM issues i WHERE \(filter) ORDER BY i.number", reading: Self.issue)
    }

    /// The issue raised from this risk when it materialised, if there is one.
    public func issue(raisedFromRisk riskID: UUID) async throws -> Issue? {
        try await rows("SELECT \(Self.issueColumns) FROM issues i WHERE i.risk_id = \(bind: riskID) ORDER BY i.number",
                       reading: Self.issue).first
    }

    /// Whether this person may own a RAID item: an active account (one indexed lookup).
    public func isActivePerson(_ text: String?) async throws -> Set<UUID> {
        guard let id = text.flatMap({ UUID(uuidString: $0) }),
              try await count("SELECT COUNT(*) AS n FROM people WHERE id = \(bind: id) AND active = TRUE") > 0 else { return [] }
        return [id]
    }

    /// Records an issue on a project's log with the next number.
    public func createIssue(projectID: UUID, fields: IssueFields, by actor: AuditActor) async throws -> Issue {
        try await write { store in
            try await store.insertIssue(projectID: projectID, fields: fields, riskID: nil, by: actor)
        }
    }

    private func insertIssue(projectID: UUID, fields: IssueFields, riskID: UUID?, by actor: AuditActor) async throws -> Issue {
        guard try await lockProject(projectID) else { throw NotFound("project") }
        let number = try await count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM issues WHERE project_id = \(bind: projectID)")
        let id = UUID(), now = now()
        try await run("""
            INSERT INTO issues (id, project_id, number, title, description, priority, owner_id, raised_on, target_date, status,
                resolution, risk_id, escalation, escalation_reason, version, created_at, updated_at)
            VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: fields.title), \(bind: fields.description),
                    \(bind: fields.priority.rawValue), \(bind: fields.ownerID), \(bind: fields.raisedOn.description),
                    \(bind: fields.targetDate?.description), \(bind: fields.status.rawValue), \(bind: fields.resolution),
                    \(bind: riskID), \(bind: fields.escalation.rawValue), '', 1, \(bind: now), \(bind: now))
            """)
        let issue = Issue(id: id, projectID: projectID, number: number, fields: fields, riskID: riskID, version: 1,
                          createdAt: now, updatedAt: now)
        var changes = FieldChange.created(fields.auditValues)
        if let riskID { changes.append(FieldChange(field: "riskId", old: nil, new: riskID.lowercasedText)) }
        try await record(.issueCreated, id, projectID: projectID, subject: "\(issue.reference) \(fields.title)", changes: changes, by: actor)
        return issue
    }

    /// Changes an issue if it is still at `expectedVersion` (else `VersionConflict`).
    public func updateIssue(_ id: UUID, expectedVersion: Int, fields: IssueFields, by actor: AuditActor) async throws -> Issue {
        try await write { store in
            guard let before = try await store.issue(id) else { throw NotFound("issue") }
            let now = store.now()
            let version = try await store.conditionalUpdate("issues", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), description = \(bind: fields.description), priority = \(bind: fields.priority.rawValue),
                owner_id = \(bind: fields.ownerID), raised_on = \(bind: fields.raisedOn.description),
                target_date = \(bind: fields.targetDate?.description), status = \(bind: fields.status.rawValue),
                resolution = \(bind: fields.resolution)
                """)
            var kept = fields
            kept.escalation = before.fields.escalation
            let closing = before.fields.status.isActive && !fields.status.isActive
            try await store.record(closing ? .issueResolved : .issueChanged, id, projectID: before.projectID,
                                   subject: "\(before.reference) \(fields.title)",
                                   changes: FieldChange.between(before.fields.auditValues, fields.auditValues), by: actor)
            var issue = before
            issue.fields = kept
            issue.version = version
            issue.updatedAt = now
            return issue
        }
    }

    /// Moves an issue to another register with the reason, if it is still at `expectedVersion`.
    public func escalateIssue(_ id: UUID, expectedVersion: Int, to escalation: RiskEscalation, by actor: AuditActor) async throws -> Issue {
        try await write { store in
            guard var issue = try await store.issue(id) else { throw NotFound("issue") }
            let now = store.now()
            let version = try await store.conditionalUpdate("issues", id: id, expectedVersion: expectedVersion, at: now, set: """
                escalation = \(bind: escalation.level.rawValue), escalation_reason = \(bind: escalation.reason)
                """)
            let event: AuditEventCode = escalation.level > issue.fields.escalation ? .issueEscalated : .issueDeEscalated
            try await store.record(event, id, projectID: issue.projectID, subject: "\(issue.reference) \(issue.fields.title)",
                                   changes: FieldChange.between([("escalation", issue.fields.escalation.rawValue), ("escalationReason", issue.escalationReason)],
                                                                [("escalation", escalation.level.rawValue), ("escalationReason", escalation.reason)]),
                                   by: actor)
            issue.fields.escalation = escalation.level
            issue.escalationReason = escalation.reason
            issue.version = version
            issue.updatedAt = now
            return issue
        }
    }

    /// A risk that has happened, in one transaction: the risk (if still at `expectedVersion`)
    /// closes as materialised, and an issue made from it is raised on the same project, naming it.
    /// An escalated risk's issue starts on the same register, with the same reason.
    public func materialiseRisk(_ riskID: UUID, expectedVersion: Int, issue fields: IssueFields,
                                by actor: AuditActor) async throws -> (Risk, Issue) {
        try await write { store in
            guard var risk = try await store.risk(riskID) else { throw NotFound("risk") }
            let now = store.now()
            let version = try await store.conditionalUpdate("risks", id: riskID, expectedVersion: expectedVersion, at: now, set: """
                status = \(bind: RiskStatus.materialised.rawValue)
                """)
            var fields = fields
            fields.escalation = risk.fields.escalation
            var issue = try await store.insertIssue(projectID: risk.projectID, fields: fields, riskID: riskID, by: actor)
            if risk.fields.escalation != .project {
                try await store.run("UPDATE issues SET escalation_reason = \(bind: risk.escalationReason) WHERE id = \(bind: issue.id)")
                issue.escalationReason = risk.escalationReason
            }
            try await store.record(.riskMaterialised, riskID, projectID: risk.projectID, subject: "\(risk.reference) \(risk.fields.title)",
                                   changes: [FieldChange(field: "status", old: risk.fields.status.rawValue, new: RiskStatus.materialised.rawValue),
                                             FieldChange(field: "issueId", old: nil, new: issue.id.lowercasedText)],
                                   by: actor)
            risk.fields.status = .materialised
            risk.version = version
            risk.updatedAt = now
            return (risk, issue)
        }
    }

    /// Removes an issue logged by mistake. The audit trail keeps the record.
    public func deleteIssue(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let issue = try await store.issue(id) else { throw NotFound("issue") }
            try await store.run("DELETE FROM issues WHERE id = \(bind: id)")
            try await store.record(.issueDeleted, id, projectID: issue.projectID, subject: "\(issue.reference) \(issue.fields.title)",
                                   changes: [], by: actor)
        }
    }

    /// One page of an organisation's or the system's register of escalated issues, of the projects
    /// this person may read: from this instance's memory and portfolio index, as for risks.
    public func issueRegister(_ query: IssueRegisterQuery, rule: ProjectReadRule,
                              page: PageRequest = PageRequest(perPage: PageRequest.maximumPerPage)) async throws -> Page<RegisteredIssue> {
        async let index = portfolioIndex()
        async let register = escalatedIssues()
        return try await register.page(query, readable: try await index.readableProjects(rule: rule), page: page)
    }

    /// Every escalated issue, from memory while the `escalated_issues` counter stands still.
    func escalatedIssues() async throws -> EscalatedIssueRegister {
        try await derived(.escalatedIssues, from: \.escalatedIssues) { store in
            let rows = try await store.rows("""
                SELECT g.value AS generation, \(Self.issueColumns)
                FROM change_counters g LEFT JOIN issues i ON i.escalation <> 'project'
                WHERE g.name = 'escalated_issues'
                """, reading: { columns in
                (try columns.int64("generation"), try columns.optionalUUID("id") == nil ? nil : try Self.issue(columns))
            })
            let generation = rows.first?.0 ?? 0
            return (generation, EscalatedIssueRegister(generation: generation, issues: rows.compactMap(\.1)))
        }
    }

    static func issue(_ columns: Columns) throws -> Issue {
        let fields = IssueFields(
            title: try columns.string("title"), description: try columns.string("description"),
            priority: try Columns.choice(try columns.string("priority"), "priority"), ownerID: try columns.optionalUUID("owner_id"),
            raisedOn: try calendarDate(try columns.string("raised_on")),
            targetDate: try columns.optionalString("target_date").map(calendarDate),
            status: try Columns.choice(try columns.string("status"), "status"), resolution: try columns.string("resolution"),
            escalation: try Columns.choice(try columns.string("escalation"), "escalation"))
        return Issue(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                     fields: fields, riskID: try columns.optionalUUID("risk_id"), escalationReason: try columns.string("escalation_reason"),
                     version: try columns.int("version"), createdAt: try columns.date("created_at"), updatedAt: try columns.date("updated_at"))
    }
}
