import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let decisionColumns: SQLQueryString = """
        d.id, d.project_id, d.number, d.title, d.decided_on, d.decider_id, d.board, d.rationale, d.options, d.version, d.created_at,
        d.updated_at
        """

    public func decision(_ id: UUID) async throws -> Decision? {
        try await withLinks(try await rows("SELECT \(Self.decisionColumns) FROM decisions d WHERE d.id = \(bind: id)",
                                           reading: Self.decision)).first
    }

    /// A project's decisions, the latest first.
    public func decisions(ofProject projectID: UUID) async throws -> [Decision] {
        try await decisions(where: "d.project_id = \(bind: projectID)")
    }

    /// The decisions `filter` (on `d`) selects, the latest first, with their links.
    func decisions(where filter: SQLQueryString) async throws -> [Decision] {
        try await withLinks(try await rows("""
            SELECT \(Self.decisionColumns) FROM decisions d WHERE \(filter) ORDER BY d.decided_on DESC, d.number DESC
            """, reading: Self.decision))
    }

    /// The decisions that link to one RAID item, the latest first.
    public func decisions(linkedTo item: RAIDItem) async throws -> [Decision] {
        let column = SQLIdentifier(item.kind + "_id")
        return try await withLinks(try await rows("""
            SELECT \(Self.decisionColumns) FROM decisions d
            WHERE d.id IN (SELECT decision_id FROM decision_links WHERE \(column) = \(bind: item.id))
            ORDER BY d.decided_on DESC, d.number DESC
            """, reading: Self.decision))
    }

    /// The decisions with their links read in one more statement.
    private func withLinks(_ decisions: [Decision]) async throws -> [Decision] {
        guard !decisions.isEmpty else { return decisions }
        let ids = decisions.map(\.id)
        let links = try await rows("""
            SELECT decision_id, risk_id, issue_id, assumption_id, dependency_id FROM decision_links
            WHERE decision_id IN \(SQLBind.group(ids)) ORDER BY decision_id, position
            """, reading: { columns in (try columns.uuid("decision_id"), try Self.raidItem(columns)) })
        var byDecision: [UUID: [RAIDItem]] = [:]
        for (decision, item) in links { if let item { byDecision[decision, default: []].append(item) } }
        return decisions.map { decision in
            var decision = decision
            decision.fields.links = byDecision[decision.id] ?? []
            return decision
        }
    }

    /// Records a decision on a project's log with the next number.
    public func createDecision(projectID: UUID, fields: DecisionFields, by actor: AuditActor) async throws -> Decision {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM decisions WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO decisions (id, project_id, number, title, decided_on, decider_id, board, rationale, options, version,
                    created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: fields.title), \(bind: fields.decidedOn.description),
                        \(bind: fields.deciderID), \(bind: fields.board), \(bind: fields.rationale), \(bind: fields.options), 1,
                        \(bind: now), \(bind: now))
                """)
            try await store.replaceLinks(of: id, with: fields.links)
            let decision = Decision(id: id, projectID: projectID, number: number, fields: fields, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.decisionCreated, id, projectID: projectID, subject: "\(decision.reference) \(fields.title)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return decision
        }
    }

    /// Changes a decision if it is still at `expectedVersion` (else `VersionConflict`).
    public func updateDecision(_ id: UUID, expectedVersion: Int, fields: DecisionFields, by actor: AuditActor) async throws -> Decision {
        try await write { store in
            guard var decision = try await store.decision(id) else { throw NotFound("decision") }
            let now = store.now()
            let version = try await store.conditionalUpdate("decisions", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), decided_on = \(bind: fields.decidedOn.description), decider_id = \(bind: fields.deciderID),
                board = \(bind: fields.board), rationale = \(bind: fields.rationale), options = \(bind: fields.options)
                """)
            try await store.replaceLinks(of: id, with: fields.links)
            try await store.record(.decisionChanged, id, projectID: decision.projectID, subject: "\(decision.reference) \(fields.title)",
                                   changes: FieldChange.between(decision.fields.auditValues, fields.auditValues), by: actor)
            decision.fields = fields
            decision.version = version
            decision.updatedAt = now
            return decision
        }
    }

    /// Removes a decision recorded by mistake (its links go with it). The audit trail keeps the record.
    public func deleteDecision(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let decision = try await store.decision(id) else { throw NotFound("decision") }
            try await store.run("DELETE FROM decisions WHERE id = \(bind: id)")
            try await store.record(.decisionDeleted, id, projectID: decision.projectID,
                                   subject: "\(decision.reference) \(decision.fields.title)", changes: [], by: actor)
        }
    }

    private func replaceLinks(of decisionID: UUID, with links: [RAIDItem]) async throws {
        try await run("DELETE FROM decision_links WHERE decision_id = \(bind: decisionID)")
        for (position, item) in links.enumerated() {
            let columns = Self.itemColumns(item)
            try await run("""
                INSERT INTO decision_links (decision_id, position, risk_id, issue_id, assumption_id, dependency_id)
                VALUES (\(bind: decisionID), \(bind: position), \(bind: columns[0]), \(bind: columns[1]), \(bind: columns[2]), \(bind: columns[3]))
                """)
        }
    }

    static func decision(_ columns: Columns) throws -> Decision {
        let fields = DecisionFields(
            title: try columns.string("title"), decidedOn: try calendarDate(try columns.string("decided_on")),
            deciderID: try columns.optionalUUID("decider_id"), board: try columns.string("board"),
            rationale: try columns.string("rationale"), options: try columns.string("options"))
        return Decision(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                        fields: fields, version: try columns.int("version"), createdAt: try columns.date("created_at"),
                        updatedAt: try columns.date("updated_at"))
    }
}
