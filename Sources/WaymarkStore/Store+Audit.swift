import Foundation
import SQLKit
import WaymarkDomain

struct AuditRow: Decodable {
    var id: UUID
    var occurredAt: Date
    var actorId: UUID?
    var actorName: String
    var entityId: UUID
    var projectId: UUID?
    var event: String
    var subject: String
    var changes: String
    /// How many events the query matched, before its limit.
    var total: Int?

    func auditEvent() throws -> AuditEvent {
        let fields: [FieldChange]
        do {
            fields = try JSONDecoder().decode([FieldChange].self, from: Data(changes.utf8))
        } catch {
            throw Columns.UnknownValue(column: "changes", value: changes)
        }
        return AuditEvent(id: id, occurredAt: occurredAt, actorID: actorId, actorName: actorName, entityID: entityId,
                          projectID: projectId, event: try Columns.choice(event, "event"), subject: subject, changes: fields)
    }
}

extension Store {
    /// Records a change; called inside the write transaction that makes it. `subject` names the
    /// record as it is now; the event's words are made when it is read (`AuditWording`).
    func record(_ event: AuditEventCode, _ entityID: UUID, projectID: UUID? = nil,
                subject: String, changes: [FieldChange], by actor: AuditActor) async throws {
        let json = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        // The order events are read in comes from the database (M010), so every instance agrees.
        let order: SQLQueryString = switch dialect {
        case .sqlite: "(SELECT COALESCE(MAX(sequence), 0) + 1 FROM audit_events)"
        case .postgres: "nextval('audit_event_order')"
        }
        // Prepared on PostgreSQL: every write runs this text.
        try await reusing.run("""
            INSERT INTO audit_events (id, occurred_at, sequence, actor_id, actor_name, entity_type, entity_id,
                                      project_id, action, event, subject, changes)
            VALUES (\(bind: UUID()), \(bind: now()), \(order), \(bind: actor.id), \(bind: actor.name), \(bind: event.entityType),
                    \(bind: entityID), \(bind: projectID), \(bind: event.action.rawValue), \(bind: event.rawValue),
                    \(bind: subject), \(bind: json))
            """)
    }

    /// After events were inserted with orders of their own (the generator's), the next event
    /// recorded follows them: PostgreSQL's sequence moves past them (SQLite reads the largest).
    func continueAuditOrderAfterBulkInsert() async throws {
        guard dialect == .postgres else { return }
        try await run("SELECT setval('audit_event_order', COALESCE((SELECT MAX(sequence) FROM audit_events), 0) + 1, false)")
    }

    /// One page of a project's history, newest first: the project's own changes and its team's.
    public func projectHistory(_ projectID: UUID, page: PageRequest) async throws -> Page<AuditEvent> {
        try await history(.project, projectID, page: page)
    }

    /// One page of one record's history (an organisation, a person), newest first, holding only
    /// what `rule`'s reader may know: an event about a project (a person's place on a team) only
    /// when the rule admits that project, and about a project since deleted only when it admits
    /// every project. Anyone who can't read a project can't learn it exists, from history too.
    public func history(of entityID: UUID, page: PageRequest, readableBy rule: ProjectReadRule) async throws -> Page<AuditEvent> {
        try await history(rule.everything ? .entity : .entityReadable(rule), entityID, page: page)
    }

    /// One page of the history of every record of some kinds (`AuditEventCode.entityType`), newest
    /// first: for records no project holds, such as the system's settings.
    public func history(ofKinds kinds: [String], page: PageRequest) async throws -> Page<AuditEvent> {
        try await history(.kinds(kinds), UUID(), page: page)
    }

    private enum HistoryOwner {
        case project, entity
        /// Every event about records of these kinds.
        case kinds([String])
        /// An entity's events, less those about projects the rule does not admit.
        case entityReadable(ProjectReadRule)
    }

    /// The page of events and how many there are in all, in one statement.
    private func history(_ owner: HistoryOwner, _ id: UUID, page: PageRequest) async throws -> Page<AuditEvent> {
        let condition: SQLQueryString = switch owner {
        case .project: "project_id = \(bind: id)"
        case .entity: "entity_id = \(bind: id)"
        case .kinds(let kinds): "entity_type IN \(SQLBind.group(kinds)) AND project_id IS NULL"
        case .entityReadable(let rule):
            "entity_id = \(bind: id) AND (project_id IS NULL OR project_id IN (\(Store.readableProjects(rule))))"
        }
        // A statement whose text depends on the reader's rule is not kept prepared (ReusedStatements).
        let store = switch owner {
        case .entityReadable, .kinds: self
        case .project, .entity: reusing
        }
        let rows = try await store.rows("""
            SELECT id, occurred_at, actor_id, actor_name, entity_id, project_id, event, subject, changes,
                   COUNT(*) OVER () AS total
            FROM audit_events WHERE \(condition)
            ORDER BY sequence DESC LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """, as: AuditRow.self)
        let total = if let first = rows.first {
            first.total ?? rows.count
        } else if page.offset == 0 {
            0
        } else {
            // Past the last page no row carries the total.
            try await count("SELECT COUNT(*) AS n FROM audit_events WHERE \(condition)")
        }
        return Page(items: try rows.map { try $0.auditEvent() }, request: page, total: total)
    }
}
