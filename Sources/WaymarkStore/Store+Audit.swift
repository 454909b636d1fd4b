import Foundation
import SQLKit
import WaymarkDomain

struct AuditRow: Decodable {
    var id: UUID
    var occurredAt: Date
    var actorId: UUID?
    var actorName: String
    var entityType: String
    var entityId: UUID
    var projectId: UUID?
    var action: String
    var summary: String
    var changes: String
}

/// Increasing numbers for audit events: wall-clock nanoseconds, never repeating within a process,
/// so history reads in the order things happened even when a clock or a transaction gives several
/// events one timestamp.
enum AuditSequence {
    final class State: @unchecked Sendable {
        // Guarded by `lock`.
        let lock = NSLock()
        var last: Int64 = 0
    }
    static let state = State()

    static func next() -> Int64 {
        state.lock.lock()
        defer { state.lock.unlock() }
        let wallClock = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        state.last = max(state.last + 1, wallClock)
        return state.last
    }
}

extension Store {
    /// Records a change; called inside the write transaction that makes it.
    func record(_ action: AuditAction, _ entityType: String, _ entityID: UUID, projectID: UUID? = nil,
                summary: String, changes: [FieldChange], by actor: AuditActor) async throws {
        let json = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        try await run("""
            INSERT INTO audit_events (id, occurred_at, sequence, actor_id, actor_name, entity_type, entity_id,
                                      project_id, action, summary, changes)
            VALUES (\(bind: UUID()), \(bind: now()), \(bind: AuditSequence.next()), \(bind: actor.id), \(bind: actor.name), \(bind: entityType),
                    \(bind: entityID), \(bind: projectID), \(bind: action.rawValue), \(bind: summary), \(bind: json))
            """)
    }

    /// A project's history, newest first: the project's own changes and its team's.
    public func projectHistory(_ projectID: UUID, limit: Int = 200) async throws -> [AuditEvent] {
        try await auditEvents("project_id = \(bind: projectID)", limit: limit)
    }

    /// One page of a project's history, newest first, with how many events it has in all.
    public func projectHistory(_ projectID: UUID, page: PageRequest) async throws -> Page<AuditEvent> {
        let total = try await count("SELECT COUNT(*) AS n FROM audit_events WHERE project_id = \(bind: projectID)")
        let events = try await auditEvents("project_id = \(bind: projectID)", limit: page.perPage, offset: page.offset)
        return Page(items: events, request: page, total: total)
    }

    /// One record's history (an organisation, a person), newest first.
    public func history(of entityID: UUID, limit: Int = 200) async throws -> [AuditEvent] {
        try await auditEvents("entity_id = \(bind: entityID)", limit: limit)
    }

    private func auditEvents(_ condition: SQLQueryString, limit: Int, offset: Int = 0) async throws -> [AuditEvent] {
        let rows = try await rows("""
            SELECT * FROM audit_events WHERE \(condition)
            ORDER BY sequence DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
            """, as: AuditRow.self)
        return rows.map { row in
            AuditEvent(id: row.id, occurredAt: row.occurredAt, actorID: row.actorId, actorName: row.actorName,
                       entityType: row.entityType, entityID: row.entityId, projectID: row.projectId,
                       action: AuditAction(rawValue: row.action) ?? .update, summary: row.summary,
                       changes: (try? JSONDecoder().decode([FieldChange].self, from: Data(row.changes.utf8))) ?? [])
        }
    }
}
