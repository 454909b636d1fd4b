import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// Everything this person owns that is still open and due by `through` (overdue included):
    /// risks to review, issues to resolve, milestones to reach, dependencies needed, assumptions
    /// to validate and actions to do, soonest first. Each table's owner index finds them; the
    /// caller keeps those of the projects the person may still read.
    public func work(ownedBy personID: UUID, dueBy through: CalendarDate) async throws -> [WorkItem] {
        let last = through.description
        return try await rows("""
            SELECT 'risk-review' AS kind, id, project_id, number, title, review_date AS due FROM risks
                WHERE owner_id = \(bind: personID) AND status = 'open' AND review_date IS NOT NULL AND review_date <= \(bind: last)
            UNION ALL SELECT 'issue', id, project_id, number, title, target_date FROM issues
                WHERE owner_id = \(bind: personID) AND status IN ('open', 'in-progress') AND target_date IS NOT NULL
                AND target_date <= \(bind: last)
            UNION ALL SELECT 'milestone', id, project_id, number, title, forecast_date FROM milestones
                WHERE owner_id = \(bind: personID) AND actual_date IS NULL AND status <> 'complete' AND forecast_date <= \(bind: last)
            UNION ALL SELECT 'dependency', id, project_id, number, title, needed_by FROM dependencies
                WHERE owner_id = \(bind: personID) AND status <> 'met' AND needed_by <= \(bind: last)
            UNION ALL SELECT 'assumption', id, project_id, number, statement, validate_by FROM assumptions
                WHERE owner_id = \(bind: personID) AND status = 'unvalidated' AND validate_by IS NOT NULL AND validate_by <= \(bind: last)
            UNION ALL SELECT 'action', id, project_id, number, title, due_date FROM actions
                WHERE owner_id = \(bind: personID) AND done_on IS NULL AND due_date <= \(bind: last)
            ORDER BY 6, 1, 4
            """, reading: { columns in
            WorkItem(kind: try Columns.choice(try columns.string("kind"), "kind"), id: try columns.uuid("id"),
                     projectID: try columns.uuid("project_id"), number: try columns.int("number"), title: try columns.string("title"),
                     due: try Self.calendarDate(try columns.string("due")))
        })
    }
}

extension Store {
    /// A project's plan and RAID log at a glance, in one statement: what is open in each and how
    /// much of it is overdue on `today`, by the rules the logs flag overdue with.
    public func raidSummary(_ projectID: UUID, today: CalendarDate) async throws -> RAIDSummary {
        let day = today.description
        let rows = try await rows("""
            SELECT
              (SELECT COUNT(*) FROM risks WHERE project_id = \(bind: projectID) AND status = 'open') AS risks,
              (SELECT COUNT(*) FROM risks WHERE project_id = \(bind: projectID) AND status = 'open' AND review_date < \(bind: day)) AS risks_late,
              (SELECT COUNT(*) FROM issues WHERE project_id = \(bind: projectID) AND status IN ('open', 'in-progress')) AS issues,
              (SELECT COUNT(*) FROM issues WHERE project_id = \(bind: projectID) AND status IN ('open', 'in-progress')
                 AND target_date < \(bind: day)) AS issues_late,
              (SELECT COUNT(*) FROM milestones WHERE project_id = \(bind: projectID) AND actual_date IS NULL AND status <> 'complete') AS milestones,
              (SELECT COUNT(*) FROM milestones WHERE project_id = \(bind: projectID) AND actual_date IS NULL AND status <> 'complete'
                 AND forecast_date < \(bind: day)) AS milestones_late,
              (SELECT COUNT(*) FROM assumptions WHERE project_id = \(bind: projectID) AND status = 'unvalidated') AS assumptions,
              (SELECT COUNT(*) FROM assumptions WHERE project_id = \(bind: projectID) AND status = 'unvalidated'
                 AND validate_by < \(bind: day)) AS assumptions_late,
              (SELECT COUNT(*) FROM dependencies WHERE project_id = \(bind: projectID) AND status <> 'met') AS dependencies,
              (SELECT COUNT(*) FROM dependencies WHERE project_id = \(bind: projectID) AND status <> 'met' AND needed_by < \(bind: day))
                 AS dependencies_late,
              (SELECT COUNT(*) FROM actions WHERE project_id = \(bind: projectID) AND done_on IS NULL) AS actions,
              (SELECT COUNT(*) FROM actions WHERE project_id = \(bind: projectID) AND done_on IS NULL AND due_date < \(bind: day)) AS actions_late
            """, reading: { columns in
            func count(_ name: String) throws -> RAIDSummary.Count {
                RAIDSummary.Count(open: Int(try columns.int64(name)), overdue: Int(try columns.int64(name + "_late")))
            }
            return RAIDSummary(risks: try count("risks"), issues: try count("issues"), milestones: try count("milestones"),
                               assumptions: try count("assumptions"), dependencies: try count("dependencies"), actions: try count("actions"))
        })
        return rows.first ?? RAIDSummary(risks: .init(open: 0, overdue: 0), issues: .init(open: 0, overdue: 0),
                                         milestones: .init(open: 0, overdue: 0), assumptions: .init(open: 0, overdue: 0),
                                         dependencies: .init(open: 0, overdue: 0), actions: .init(open: 0, overdue: 0))
    }
}
