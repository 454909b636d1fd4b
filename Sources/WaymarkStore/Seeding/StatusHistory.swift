import Foundation
import WaymarkDomain

/// A year of plausible status updates for the demo and the generator: each project follows one
/// of four courses (steady, recovering, slipping, wobbling), each period's ratings and words
/// following from where it stands, so that portfolio views and highlight reports have movement
/// to show.
enum StatusHistory {
    /// What a project on `course` (0 to 3) reported `age` periods before the one open now (1 is
    /// the last one due).
    static func fields(course: Int, age: Int) -> StatusUpdateFields {
        let overall: RAG = switch course % 4 {
        case 0: age % 5 == 0 ? .amber : .green
        case 1: age > 8 ? .red : age > 4 ? .amber : .green
        case 2: age > 8 ? .green : age > 3 ? .amber : .red
        default: [RAG.green, .amber, .green, .amber, .red, .amber][age % 6]
        }
        var dimensions: [StatusDimension: Rating] = [:]
        func rate(_ dimension: StatusDimension, _ rag: RAG) {
            dimensions[dimension] = Rating(rag, rag.needsJustification ? reasons[dimension]![rag == .red ? 1 : 0] : "")
        }
        rate(.schedule, overall)
        rate(.finance, course % 4 == 3 && age % 3 == 0 ? .amber : .green)
        rate(.resources, age % 2 == 0 ? overall : .green)
        rate(.risks, overall == .red ? .amber : .green)
        rate(.benefits, course % 4 == 2 && age < 3 ? .amber : .green)
        rate(.scope, .green)
        let words = narrative[overall]!
        return StatusUpdateFields(
            overall: Rating(overall, overall.needsJustification ? words.why : ""), dimensions: dimensions,
            narrative: [.summary: words.summary, .doneThisPeriod: words.done, .plannedNextPeriod: words.next,
                        .decisionsNeeded: overall == .red ? "Agree funding for agency cover until the new posts start." : "",
                        .escalations: overall == .red ? "Staffing gap escalated to the programme board." : ""])
    }

    static let reasons: [StatusDimension: [String]] = [
        .schedule: ["Two milestones slipped by a fortnight; recoverable within the stage.",
                    "Go-live will miss its date without more staff; escalated."],
        .finance: ["Agency spend above plan this quarter; offset agreed with finance.", "Forecast overspend beyond tolerance."],
        .resources: ["Two posts vacant; recruitment under way.", "Half the team seconded to winter pressures."],
        .risks: ["Two high risks without agreed mitigations.", "A risk has materialised into an issue with no owner."],
        .benefits: ["Early measures show less change than the trajectory.", "Benefits unlikely to be realised this year."],
        .scope: ["A partner asked to add a cohort; change request being assessed.", "Scope no longer agreed between partners."],
    ]

    static let narrative: [RAG: (summary: String, why: String, done: String, next: String)] = [
        .green: ("On track: milestones met, risks within tolerance, measures moving the right way.", "",
                 "Completed the period's PDSA cycle and reviewed the measures with the team.",
                 "Spread the change to the next site and agree the evaluation plan."),
        .amber: ("Behind plan on staffing; a recovery plan is agreed with the SRO.",
                 "Recruitment is behind plan; recoverable within the stage with agency cover.",
                 "Agreed the recovery plan; interviews held for two posts.",
                 "Start the new staff and recover the slipped milestones."),
        .red: ("Will miss go-live without intervention: the team is short of two posts.",
               "Go-live cannot be met with the staff in post; the board is asked for agency funding.",
               "Escalated the staffing gap; tested a reduced rota.",
               "Secure agency cover and re-plan go-live with partners."),
        .blue: ("Delivered and closed: benefits are tracked after closure.", "", "Closure report written and lessons shared.", ""),
    ]

    /// The columns a status update row fills, in the order `row` gives them.
    static let columns = ["id", "project_id", "period_start", "period_months", "revision", "state"]
        + Store.ratingValues(StatusUpdateFields()).map(\.0) + ["submitted_at", "submitted_by", "version", "created_at", "updated_at"]

    /// A submitted first revision, written and submitted at `at` by `by`.
    static func row(id: UUID, projectID: UUID, period: ReportingPeriod, fields: StatusUpdateFields, at: Date,
                    by: UUID?) -> [any Encodable & Sendable] {
        [id, projectID, period.start.description, period.months, 1, StatusUpdateState.submitted.rawValue]
            + Store.ratingValues(fields).map { $0.1 as any Encodable & Sendable }
            + [at, by, 1, at, at]
    }

    /// When a period's update was submitted: at ten in the morning, 0 to 3 working days before it was due.
    static func submittedAt(_ period: ReportingPeriod, cycle: ReportingCycle, workingDays: WorkingDays, early: Int) -> Date {
        var day = cycle.due(period, workingDays: workingDays)
        var left = early
        while left > 0 {
            day = day.adding(days: -1)
            if workingDays.isWorkingDay(day) { left -= 1 }
        }
        return Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 + 10 * 3_600)
    }
}
