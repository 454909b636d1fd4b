import Foundation

public enum AuditAction: String, Codable, Sendable {
    case create
    case update
    case delete
    case close
}

/// What happened to a record, as a stable code. The audit trail keeps codes, field keys and
/// stored values; the words a person reads ("Closed project RH5-0042", "Lead organisation") are
/// made when a page, export or API answer is written, so renaming a label never rewrites history.
public enum AuditEventCode: String, Codable, Sendable, CaseIterable {
    case projectCreated = "project.created"
    case projectChanged = "project.changed"
    case projectClosed = "project.closed"
    case projectDeleted = "project.deleted"
    case teamMemberAdded = "team-member.added"
    case teamMemberRoleChanged = "team-member.role-changed"
    case teamMemberRemoved = "team-member.removed"
    case personCreated = "person.created"
    case personChanged = "person.changed"
    case personDeactivated = "person.deactivated"
    case personReactivated = "person.reactivated"
    case personPasswordReset = "person.password-reset"
    /// The person changed their own password.
    case personPasswordChanged = "person.password-changed"
    case organisationCreated = "organisation.created"
    case organisationChanged = "organisation.changed"
    case themeCreated = "theme.created"
    case themeChanged = "theme.changed"
    case programmeCreated = "programme.created"
    case programmeChanged = "programme.changed"
    case apiTokenCreated = "api-token.created"
    case apiTokenRevoked = "api-token.revoked"
    case riskCreated = "risk.created"
    case riskChanged = "risk.changed"
    case riskClosed = "risk.closed"
    case riskDeleted = "risk.deleted"
    case riskEscalated = "risk.escalated"
    case riskDeEscalated = "risk.de-escalated"
    /// The risk happened: it closed as materialised and an issue was raised from it.
    case riskMaterialised = "risk.materialised"
    case issueCreated = "issue.created"
    case issueChanged = "issue.changed"
    case issueResolved = "issue.resolved"
    case issueDeleted = "issue.deleted"
    case issueEscalated = "issue.escalated"
    case issueDeEscalated = "issue.de-escalated"
    case milestoneCreated = "milestone.created"
    case milestoneChanged = "milestone.changed"
    case milestoneCompleted = "milestone.completed"
    case milestoneDeleted = "milestone.deleted"
    /// The project's plan was baselined: each milestone's forecast became its baseline.
    case planBaselined = "plan.baselined"
    case dependencyCreated = "dependency.created"
    case dependencyChanged = "dependency.changed"
    /// What it needed arrived: its status became met.
    case dependencyMet = "dependency.met"
    case dependencyDeleted = "dependency.deleted"
    case assumptionCreated = "assumption.created"
    case assumptionChanged = "assumption.changed"
    /// It was checked: confirmed or proved wrong.
    case assumptionValidated = "assumption.validated"
    case assumptionDeleted = "assumption.deleted"
    case actionCreated = "action.created"
    case actionChanged = "action.changed"
    /// It was done: a done date was set.
    case actionDone = "action.done"
    case actionDeleted = "action.deleted"
    case decisionCreated = "decision.created"
    case decisionChanged = "decision.changed"
    case decisionDeleted = "decision.deleted"
    case riskCategoryCreated = "risk-category.created"
    case riskCategoryChanged = "risk-category.changed"
    case riskCategoryDeleted = "risk-category.deleted"
    /// The band table or escalation threshold changed.
    case riskSettingsChanged = "risk-settings.changed"
    case measureCreated = "measure.created"
    case measureChanged = "measure.changed"
    case measureDeleted = "measure.deleted"
    /// Observations were imported at once (pasted or from a file).
    case measureObservationsImported = "measure.observations-imported"
    case observationAdded = "observation.added"
    case observationChanged = "observation.changed"
    case observationDeleted = "observation.deleted"
    case benefitCreated = "benefit.created"
    case benefitChanged = "benefit.changed"
    case benefitDeleted = "benefit.deleted"
    case annotationCreated = "annotation.created"
    case annotationChanged = "annotation.changed"
    case annotationDeleted = "annotation.deleted"
    /// A project's QI aim statement was written or changed.
    case aimChanged = "aim.changed"
    case driverCreated = "driver.created"
    case driverChanged = "driver.changed"
    case driverDeleted = "driver.deleted"
    case pdsaCreated = "pdsa.created"
    case pdsaChanged = "pdsa.changed"
    case pdsaDeleted = "pdsa.deleted"
    case glossaryTermCreated = "glossary-term.created"
    case glossaryTermChanged = "glossary-term.changed"
    case glossaryTermDeleted = "glossary-term.deleted"
    case lessonCreated = "lesson.created"
    case lessonChanged = "lesson.changed"
    case lessonDeleted = "lesson.deleted"
    case lessonReviewed = "lesson.reviewed"
    case lessonReviewWithdrawn = "lesson.review-withdrawn"
    case resourceCreated = "resource.created"
    case resourceChanged = "resource.changed"
    case resourceDeleted = "resource.deleted"
    case frameworkChanged = "framework.changed"
    case assessmentCreated = "assessment.created"
    case statusUpdateCreated = "status-update.created"
    case statusUpdateChanged = "status-update.changed"
    /// It was submitted, and is locked from then on.
    case statusUpdateSubmitted = "status-update.submitted"
    /// A draft was discarded.
    case statusUpdateDeleted = "status-update.deleted"
    /// The system's reporting cycle, or a programme's own, was set or removed.
    case reportingCycleChanged = "reporting-cycle.changed"
    case bankHolidayAdded = "bank-holiday.added"
    case bankHolidayRemoved = "bank-holiday.removed"
    /// A gate's board, criteria or members changed.
    case gateChanged = "gate.changed"
    case gateReviewRequested = "gate-review.requested"
    case gateReviewWithdrawn = "gate-review.withdrawn"
    /// The board decided: approved (with or without conditions), deferred or rejected.
    case gateReviewDecided = "gate-review.decided"
    /// The portfolio office closed a reporting period, freezing what was reported for it.
    case periodClosed = "reporting-period.closed"

    /// The kind of record: "project", "team-member", "person", "organisation",
    /// "theme", "programme", "api-token", "risk", "issue", "milestone", "plan", "dependency",
    /// "assumption", "action", "decision", "risk-category", "risk-settings", "measure", "observation",
    /// "benefit", "annotation", "aim", "driver", "pdsa", "glossary-term", "lesson", "resource", "framework", "assessment",
    /// "status-update", "reporting-cycle", "bank-holiday", "gate", "gate-review", "reporting-period".
    public var entityType: String { String(rawValue.prefix { $0 != "." }) }

    /// The coarse action the API has always reported.
    public var action: AuditAction {
        switch self {
        case .projectCreated, .teamMemberAdded, .personCreated, .organisationCreated, .themeCreated, .programmeCreated,
             .apiTokenCreated, .riskCreated, .issueCreated, .milestoneCreated, .planBaselined, .dependencyCreated,
             .assumptionCreated, .actionCreated, .decisionCreated, .riskCategoryCreated, .measureCreated,
             .measureObservationsImported, .observationAdded, .benefitCreated, .annotationCreated, .driverCreated,
             .pdsaCreated, .glossaryTermCreated, .lessonCreated, .lessonReviewed, .resourceCreated, .assessmentCreated,
             .statusUpdateCreated, .bankHolidayAdded, .gateReviewRequested: .create
        case .projectClosed, .riskClosed, .riskMaterialised, .issueResolved, .milestoneCompleted, .dependencyMet,
             .assumptionValidated, .actionDone, .statusUpdateSubmitted, .gateReviewDecided, .gateReviewWithdrawn, .periodClosed: .close
        case .projectDeleted, .teamMemberRemoved, .riskDeleted, .issueDeleted, .milestoneDeleted, .dependencyDeleted,
             .assumptionDeleted, .actionDeleted, .decisionDeleted, .riskCategoryDeleted, .measureDeleted,
             .observationDeleted, .benefitDeleted, .annotationDeleted, .driverDeleted, .pdsaDeleted, .glossaryTermDeleted, .lessonDeleted, .lessonReviewWithdrawn, .resourceDeleted,
             .statusUpdateDeleted, .bankHolidayRemoved: .delete
        case .projectChanged, .teamMemberRoleChanged, .personChanged, .personDeactivated, .personReactivated,
             .personPasswordReset, .personPasswordChanged, .organisationChanged, .themeChanged, .programmeChanged, .apiTokenRevoked,
             .riskChanged, .riskEscalated, .riskDeEscalated, .issueChanged, .issueEscalated, .issueDeEscalated,
             .milestoneChanged, .dependencyChanged, .assumptionChanged, .actionChanged,
             .decisionChanged, .riskCategoryChanged, .riskSettingsChanged, .measureChanged,
             .observationChanged, .benefitChanged, .annotationChanged, .aimChanged, .driverChanged, .pdsaChanged, .glossaryTermChanged, .lessonChanged, .resourceChanged, .frameworkChanged,
             .statusUpdateChanged, .reportingCycleChanged, .gateChanged: .update
        }
    }
}

/// The values the audit trail keeps for fields that are not text.
public enum AuditValue {
    /// A password is never kept, only that it was set.
    public static let passwordSet = "set"
    /// Lists of ids and tags are kept joined by commas (neither can contain one).
    public static func list(_ values: [String]) -> String? { values.isEmpty ? nil : values.joined(separator: ",") }
    public static func boolean(_ value: Bool) -> String { value ? "true" : "false" }
}

/// One field that changed: its key (as the API and forms name it) and its old and new stored
/// values (ids, codes, whole pence), not words: `AuditWording` in the web layer words them.
public struct FieldChange: Equatable, Codable, Sendable {
    /// The field's key, such as "leadOrganisationId".
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }

    /// The fields whose values differ between two snapshots, in the order of `after`'s keys.
    public static func between(_ before: [(String, String?)], _ after: [(String, String?)]) -> [FieldChange] {
        let old = Dictionary(before, uniquingKeysWith: { first, _ in first })
        return after.compactMap { field, value in
            let previous = old[field] ?? nil
            return previous == value ? nil : FieldChange(field: field, old: previous, new: value)
        }
    }

    /// Every field of a new record (old values empty).
    public static func created(_ after: [(String, String?)]) -> [FieldChange] {
        after.compactMap { field, value in
            value.map { FieldChange(field: field, old: nil, new: $0) }
        }
    }
}

/// A recorded change: who did what to which record, and when.
public struct AuditEvent: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var occurredAt: Date
    public var actorID: UUID?
    public var actorName: String
    public var entityID: UUID
    public var projectID: UUID?
    public var event: AuditEventCode
    /// The record as it was named when the change was made: "RH5-0042 Virtual wards", a person's
    /// or organisation's name (the record may since have been renamed or deleted).
    public var subject: String
    public var changes: [FieldChange]

    public init(id: UUID, occurredAt: Date, actorID: UUID?, actorName: String, entityID: UUID, projectID: UUID?,
                event: AuditEventCode, subject: String, changes: [FieldChange]) {
        self.id = id
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.actorName = actorName
        self.entityID = entityID
        self.projectID = projectID
        self.event = event
        self.subject = subject
        self.changes = changes
    }

    public var entityType: String { event.entityType }
    public var action: AuditAction { event.action }
}
