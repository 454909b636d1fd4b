import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let actionColumns: SQLQueryString = """
        x.id, x.project_id, x.number, x.risk_id, x.issue_id, x.assumption_id, x.dependency_id, x.title, x.notes, x.owner_id,
        x.due_date, x.done_on, x.version, x.created_at, x.updated_at
        """

    public func action(_ id: UUID) async throws -> Action? {
        try await rows("SELECT \(Self.actionColumns) FROM actions x WHERE x.id = \(bind: id)", reading: Self.action).first
    }

    /// A project's actions: those not done first, soonest due, then by number. Held in memory at
    /// the `items` counter, which actions move (M043), as a project's issues are (`held`).
    public func actions(ofProject projectID: UUID) async throws -> [Action] {
        try await held(projectID, in: instance.projectActions) {
            try await itemsAndCounter(projectID, table: "actions", alias: "x", columns: Self.actionColumns,
                                      order: "CASE WHEN x.done_on IS NULL THEN 0 ELSE 1 END, x.due_date, x.number", reading: Self.action)
        }
    }

    /// The actions for one RAID item, as `actions(ofProject:)` orders them.
    public func actions(for item: RAIDItem) async throws -> [Action] {
        let column = SQLIdentifier(item.kind + "_id")
        return try await rows("""
            SELECT \(Self.actionColumns) FROM actions x WHERE x.\(column) = \(bind: item.id)
            ORDER BY CASE WHEN x.done_on IS NULL THEN 0 ELSE 1 END, x.due_date, x.number
            """, reading: Self.action)
    }

    /// Every risk, issue, assumption and dependency of a project, by kind and number: what an
    /// action or a decision may be for. Held in memory at the `items` counter, which all four
    /// tables move (M043, M046), read in the same statement.
    public func raidItems(ofProject projectID: UUID) async throws -> [RAIDItemLabel] {
        try await held(projectID, in: instance.projectRAIDItems) {
            let rows = try await rows("""
                SELECT g.value AS generation, r.kind, r.id, r.number, r.title
                FROM change_counters g LEFT JOIN (
                    SELECT 1 AS k, 'risk' AS kind, id, number, title FROM risks WHERE project_id = \(bind: projectID)
                    UNION ALL SELECT 2, 'issue', id, number, title FROM issues WHERE project_id = \(bind: projectID)
                    UNION ALL SELECT 3, 'assumption', id, number, statement FROM assumptions WHERE project_id = \(bind: projectID)
                    UNION ALL SELECT 4, 'dependency', id, number, title FROM dependencies WHERE project_id = \(bind: projectID)
                ) r ON TRUE
                WHERE g.name = 'items' ORDER BY r.k, r.number
                """, reading: { columns -> (Int64, RAIDItemLabel?) in
                let generation = try columns.int64("generation")
                guard let kind = try columns.optionalString("kind") else { return (generation, nil) }
                let number = try columns.int("number")
                guard let item = RAIDItem(kind: kind, id: try columns.uuid("id")) else { throw NotFound("RAID item") }
                return (generation, RAIDItemLabel(item: item, reference: item.referencePrefix + String(number),
                                                  title: try columns.string("title")))
            })
            return (rows.first?.0, rows.compactMap(\.1))
        }
    }

    /// Records an action on a project's log with the next number.
    public func createAction(projectID: UUID, fields: ActionFields, by actor: AuditActor) async throws -> Action {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM actions WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            let item = Self.itemColumns(fields.item)
            try await store.run("""
                INSERT INTO actions (id, project_id, number, risk_id, issue_id, assumption_id, dependency_id, title, notes, owner_id,
                    due_date, done_on, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: item[0]), \(bind: item[1]), \(bind: item[2]),
                        \(bind: item[3]), \(bind: fields.title), \(bind: fields.notes), \(bind: fields.ownerID),
                        \(bind: fields.dueDate.description), \(bind: fields.doneOn?.description), 1, \(bind: now), \(bind: now))
                """)
            let action = Action(id: id, projectID: projectID, number: number, fields: fields, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.actionCreated, id, projectID: projectID, subject: "\(action.reference) \(fields.title)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return action
        }
    }

    /// Changes an action if it is still at `expectedVersion` (else `VersionConflict`).
    public func updateAction(_ id: UUID, expectedVersion: Int, fields: ActionFields, by actor: AuditActor) async throws -> Action {
        try await write { store in
            guard var action = try await store.action(id) else { throw NotFound("action") }
            let now = store.now()
            let item = Self.itemColumns(fields.item)
            let version = try await store.conditionalUpdate("actions", id: id, expectedVersion: expectedVersion, at: now, set: """
                risk_id = \(bind: item[0]), issue_id = \(bind: item[1]), assumption_id = \(bind: item[2]), dependency_id = \(bind: item[3]),
                title = \(bind: fields.title), notes = \(bind: fields.notes), owner_id = \(bind: fields.ownerID),
                due_date = \(bind: fields.dueDate.description), done_on = \(bind: fields.doneOn?.description)
                """)
            let event: AuditEventCode = !action.fields.isDone && fields.isDone ? .actionDone : .actionChanged
            try await store.record(event, id, projectID: action.projectID, subject: "\(action.reference) \(fields.title)",
                                   changes: FieldChange.between(action.fields.auditValues, fields.auditValues), by: actor)
            action.fields = fields
            action.version = version
            action.updatedAt = now
            return action
        }
    }

    /// Removes an action recorded by mistake. The audit trail keeps the record.
    public func deleteAction(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let action = try await store.action(id) else { throw NotFound("action") }
            try await store.run("DELETE FROM actions WHERE id = \(bind: id)")
            try await store.record(.actionDeleted, id, projectID: action.projectID, subject: "\(action.reference) \(action.fields.title)",
                                   changes: [], by: actor)
        }
    }

    /// The four item columns of an action's row, in table order: the one its item names set.
    static func itemColumns(_ item: RAIDItem?) -> [UUID?] {
        RAIDItem.kinds.map { kind in item?.kind == kind ? item?.id : nil }
    }

    /// The item a row's four item columns name, if any.
    static func raidItem(_ columns: Columns) throws -> RAIDItem? {
        for kind in RAIDItem.kinds {
            if let id = try columns.optionalUUID(kind + "_id") { return RAIDItem(kind: kind, id: id) }
        }
        return nil
    }

    static func action(_ columns: Columns) throws -> Action {
        let fields = ActionFields(
            item: try raidItem(columns), title: try columns.string("title"), notes: try columns.string("notes"),
            ownerID: try columns.optionalUUID("owner_id"), dueDate: try calendarDate(try columns.string("due_date")),
            doneOn: try columns.optionalString("done_on").map(calendarDate))
        return Action(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                      fields: fields, version: try columns.int("version"), createdAt: try columns.date("created_at"),
                      updatedAt: try columns.date("updated_at"))
    }
}
