import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// Everything this person owns that is still open and due by `through` (overdue included):
    /// risks to review, issues to resolve, milestones to reach, dependencies needed, assumptions
    /// to validate and actions to do, soonest first. The caller keeps those of the projects the
    /// person may still read.
    ///
    /// Each table is asked only by its owner (its owner index): what is open and when it is due
    /// are worked out here, per row, not in the WHERE clause, because a status or date condition
    /// there lets a planner without statistics prefer an index over every open risk (SQLite chose
    /// `risks_review_idx` and read the whole register for one person's handful).
    ///
    /// What a person owns is held in memory (at most 1,024 people) with the `items` counter read in
    /// the same statement, which every one of these tables moves (M043, M046), and read again when
    /// the counter has moved past what the request saw, as a project's registers are.
    public func work(ownedBy personID: UUID, dueBy through: CalendarDate) async throws -> [WorkItem] {
        let owned = try await held(personID, in: instance.personsWork) {
            try await work(matching: "owner_id = \(bind: personID)")
        }
        // Soonest first, so what is due by `through` is a prefix.
        return Array(owned.prefix { $0.due <= through })
    }

    /// The open items with a date of the rows `condition` selects in each table (asked by one
    /// index: an owner's, or a project's), soonest first, and the `items` counter read with them.
    func work(matching condition: SQLQueryString) async throws -> (generation: Int64?, value: [WorkItem]) {
        let rows = try await rows("""
            SELECT g.value AS generation, w.kind, w.id, w.project_id, w.number, w.title, w.due, w.open
            FROM change_counters g LEFT JOIN (
                SELECT 'risk-review' AS kind, id, project_id, number, title, review_date AS due,
                       CASE WHEN status = 'open' THEN 1 ELSE 0 END AS open FROM risks WHERE \(condition)
                UNION ALL SELECT 'issue', id, project_id, number, title, target_date,
                       CASE WHEN status IN ('open', 'in-progress') THEN 1 ELSE 0 END FROM issues WHERE \(condition)
                UNION ALL SELECT 'milestone', id, project_id, number, title, forecast_date,
                       CASE WHEN actual_date IS NULL AND status <> 'complete' THEN 1 ELSE 0 END FROM milestones WHERE \(condition)
                UNION ALL SELECT 'dependency', id, project_id, number, title, needed_by,
                       CASE WHEN status <> 'met' THEN 1 ELSE 0 END FROM dependencies WHERE \(condition)
                UNION ALL SELECT 'assumption', id, project_id, number, statement, validate_by,
                       CASE WHEN status = 'unvalidated' THEN 1 ELSE 0 END FROM assumptions WHERE \(condition)
                UNION ALL SELECT 'action', id, project_id, number, title, due_date,
                       CASE WHEN done_on IS NULL THEN 1 ELSE 0 END FROM actions WHERE \(condition)
            ) w ON TRUE
            WHERE g.name = 'items'
            """, reading: { columns -> (Int64, WorkItem?) in
            let generation = try columns.int64("generation")
            guard try columns.optionalInt64("open") == 1, let due = try columns.optionalString("due").map(Self.calendarDate) else {
                return (generation, nil)
            }
            return (generation, WorkItem(kind: try Columns.choice(try columns.string("kind"), "kind"), id: try columns.uuid("id"),
                                         projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                                         title: try columns.string("title"), due: due))
        })
        let items = rows.compactMap(\.1).sorted { ($0.due, $0.kind.rawValue, $0.number) < ($1.due, $1.kind.rawValue, $1.number) }
        return (rows.first?.0, items)
    }

    /// A project's plan and RAID log at a glance, in one statement: what is open in each and how
    /// much of it is overdue on `today`, by the rules the logs flag overdue with. Each table is
    /// asked only by project (the index its numbers are unique in), and counted per row, for the
    /// reason `work(ownedBy:)` gives.
    public func raidSummary(_ projectID: UUID, today: CalendarDate) async throws -> RAIDSummary {
        let day = today.description
        func counts(_ table: String, open: String, due: String) -> SQLQueryString {
            """
            (SELECT COALESCE(SUM(CASE WHEN \(unsafeRaw: open) THEN 1 ELSE 0 END), 0) FROM \(ident: table)
               WHERE project_id = \(bind: projectID)) AS \(ident: table),
            (SELECT COALESCE(SUM(CASE WHEN \(unsafeRaw: open) AND \(unsafeRaw: due) < \(bind: day) THEN 1 ELSE 0 END), 0) FROM \(ident: table)
               WHERE project_id = \(bind: projectID)) AS \(ident: table + "_late")
            """
        }
        // The latest submitted update's columns, each by the project's updates index.
        func latest(_ column: String) -> SQLQueryString {
            """
            (SELECT \(ident: column) FROM status_updates WHERE project_id = \(bind: projectID) AND state = 'submitted'
               ORDER BY period_start DESC, revision DESC LIMIT 1) AS \(ident: "report_" + column)
            """
        }
        let rows = try await rows("""
            SELECT \(counts("risks", open: "status = 'open'", due: "review_date")),
                   \(counts("issues", open: "status IN ('open', 'in-progress')", due: "target_date")),
                   \(counts("milestones", open: "actual_date IS NULL AND status <> 'complete'", due: "forecast_date")),
                   \(counts("assumptions", open: "status = 'unvalidated'", due: "validate_by")),
                   \(counts("dependencies", open: "status <> 'met'", due: "needed_by")),
                   \(counts("actions", open: "done_on IS NULL", due: "due_date")),
                   \(latest("id")), \(latest("period_start")), \(latest("period_months")), \(latest("overall"))
            """, reading: { columns in
            func count(_ name: String) throws -> RAIDSummary.Count {
                RAIDSummary.Count(open: Int(try columns.int64(name)), overdue: Int(try columns.int64(name + "_late")))
            }
            var report: (UUID, ReportingPeriod, RAG?)?
            if let id = try columns.optionalUUID("report_id"), let start = try columns.optionalString("report_period_start") {
                report = (id, ReportingPeriod(start: try Self.calendarDate(start), months: Int(try columns.int64("report_period_months"))),
                          try columns.optionalString("report_overall").map { try Columns.choice($0, "overall") })
            }
            return RAIDSummary(risks: try count("risks"), issues: try count("issues"), milestones: try count("milestones"),
                               assumptions: try count("assumptions"), dependencies: try count("dependencies"), actions: try count("actions"),
                               latestReport: report)
        })
        guard let summary = rows.first else { throw NotFound("project") }
        return summary
    }
}
