import Foundation
import WaymarkDomain

/// The words of the audit trail. The store keeps an event's code, the subject's name at the
/// time, and each change's field key and stored values; this makes the sentence, the labels and
/// the values a person reads, when a page or an API answer is written. Renaming a label here
/// changes how all history reads and rewrites none of it.
struct AuditWording {
    /// Names for the ids that values hold (organisations, programmes, themes, stages).
    var references: ReferenceData
    /// The glossary's terms by id, for the history of terms (their related terms).
    var terms: [UUID: String] = [:]
    /// The people named by these events' changes (owners, deciders), by id.
    var people: [UUID: String] = [:]
    /// The risk categories, by id.
    var riskCategories: [UUID: String] = [:]

    /// The fields whose values are people's ids.
    static let personFields: Set<String> = ["ownerId", "deciderId"]

    func sentence(_ event: AuditEvent) -> String {
        let subject = event.subject
        let role = event.changes.first { $0.field == "role" }?.new.flatMap(TeamRole.init(rawValue:))?.label
        return switch event.event {
        case .projectCreated: "Created project \(subject)"
        case .projectChanged: "Changed project \(subject)"
        case .projectClosed: "Closed project \(subject)"
        case .projectDeleted: "Deleted project \(subject)"
        case .teamMemberAdded: "Added \(subject) to the team" + (role.map { " as \($0)" } ?? "")
        case .teamMemberRoleChanged: "Changed \(subject)'s team role" + (role.map { " to \($0)" } ?? "")
        case .teamMemberRemoved: "Removed \(subject) from the team"
        case .personCreated: "Created account for \(subject)"
        case .personChanged: "Changed account of \(subject)"
        case .personDeactivated: "Deactivated \(subject)"
        case .personReactivated: "Reactivated \(subject)"
        case .personPasswordReset: "Reset password of \(subject)"
        case .personPasswordChanged: "\(subject) changed their password"
        case .organisationCreated: "Created organisation \(subject)"
        case .organisationChanged: "Changed organisation \(subject)"
        case .themeCreated: "Created strategic theme \(subject)"
        case .themeChanged: "Changed strategic theme \(subject)"
        case .programmeCreated: "Created programme \(subject)"
        case .programmeChanged: "Changed programme \(subject)"
        case .apiTokenCreated: "Created API token \(subject)"
        case .apiTokenRevoked: "Revoked API token \(subject)"
        case .riskCreated: "Recorded risk \(subject)"
        case .riskChanged: "Changed risk \(subject)"
        case .riskClosed: "Closed risk \(subject)"
        case .riskDeleted: "Deleted risk \(subject)"
        case .riskEscalated: "Escalated risk \(subject)"
        case .riskDeEscalated: "De-escalated risk \(subject)"
        case .riskMaterialised: "Risk \(subject) materialised as an issue"
        case .issueCreated: "Logged issue \(subject)"
        case .issueChanged: "Changed issue \(subject)"
        case .issueResolved: "Resolved issue \(subject)"
        case .issueDeleted: "Deleted issue \(subject)"
        case .issueEscalated: "Escalated issue \(subject)"
        case .issueDeEscalated: "De-escalated issue \(subject)"
        case .milestoneCreated: "Added milestone \(subject)"
        case .milestoneChanged: "Changed milestone \(subject)"
        case .milestoneCompleted: "Completed milestone \(subject)"
        case .milestoneDeleted: "Deleted milestone \(subject)"
        case .planBaselined: "Baselined the plan (\(subject))"
        case .dependencyCreated: "Recorded dependency \(subject)"
        case .dependencyChanged: "Changed dependency \(subject)"
        case .dependencyMet: "Dependency \(subject) was met"
        case .dependencyDeleted: "Deleted dependency \(subject)"
        case .assumptionCreated: "Recorded assumption \(subject)"
        case .assumptionChanged: "Changed assumption \(subject)"
        case .assumptionValidated: "Validated assumption \(subject)"
        case .assumptionDeleted: "Deleted assumption \(subject)"
        case .actionCreated: "Recorded action \(subject)"
        case .actionChanged: "Changed action \(subject)"
        case .actionDone: "Action \(subject) was done"
        case .actionDeleted: "Deleted action \(subject)"
        case .decisionCreated: "Recorded decision \(subject)"
        case .decisionChanged: "Changed decision \(subject)"
        case .decisionDeleted: "Deleted decision \(subject)"
        case .riskCategoryCreated: "Added risk category \(subject)"
        case .riskCategoryChanged: "Changed risk category \(subject)"
        case .riskCategoryDeleted: "Deleted risk category \(subject)"
        case .riskSettingsChanged: "Changed the risk band table or escalation threshold"
        case .measureCreated: "Added measure \(subject)"
        case .measureChanged: "Changed measure \(subject)"
        case .measureDeleted: "Deleted measure \(subject)"
        case .measureObservationsImported: "Imported observations of \(subject)"
        case .observationAdded: "Added an observation of \(subject)"
        case .observationChanged: "Changed an observation of \(subject)"
        case .observationDeleted: "Deleted an observation of \(subject)"
        case .frameworkChanged: "Changed the competency framework: \(subject)"
        case .assessmentCreated: "Made a self-assessment"
        case .resourceCreated: "Added resource \(subject)"
        case .resourceChanged: "Changed resource \(subject)"
        case .resourceDeleted: "Deleted resource \(subject)"
        case .lessonCreated: "Recorded lesson \(subject)"
        case .lessonChanged: "Changed lesson \(subject)"
        case .lessonDeleted: "Deleted lesson \(subject)"
        case .lessonReviewed: "Reviewed another project's lesson: \(subject)"
        case .lessonReviewWithdrawn: "Withdrew the review of another project's lesson: \(subject)"
        case .glossaryTermCreated: "Added glossary term \(subject)"
        case .glossaryTermChanged: "Changed glossary term \(subject)"
        case .glossaryTermDeleted: "Deleted glossary term \(subject)"
        case .benefitCreated: "Added benefit \(subject)"
        case .benefitChanged: "Changed benefit \(subject)"
        case .benefitDeleted: "Deleted benefit \(subject)"
        case .annotationCreated: "Annotated \(subject)"
        case .annotationChanged: "Changed an annotation of \(subject)"
        case .annotationDeleted: "Deleted an annotation of \(subject)"
        case .aimChanged: "Changed the QI aim"
        case .driverCreated: "Added \(subject) to the driver diagram"
        case .driverChanged: "Changed \(subject) in the driver diagram"
        case .driverDeleted: "Deleted \(subject) from the driver diagram"
        case .pdsaCreated: "Planned PDSA cycle \(subject)"
        case .pdsaChanged: "Changed PDSA cycle \(subject)"
        case .pdsaDeleted: "Deleted PDSA cycle \(subject)"
        case .statusUpdateCreated: "Started the \(subject)"
        case .statusUpdateChanged: "Changed the draft \(subject)"
        case .statusUpdateSubmitted: "Submitted the \(subject)"
        case .statusUpdateDeleted: "Discarded the draft \(subject)"
        case .reportingCycleChanged: "Changed the reporting cycle of \(subject)"
        case .bankHolidayAdded: "Added the bank holiday \(subject)"
        case .bankHolidayRemoved: "Removed the bank holiday \(subject)"
        case .gateChanged: "Changed \(subject)"
        case .gateReviewRequested: "Asked for the \(subject)"
        case .gateReviewWithdrawn: "Withdrew the \(subject)"
        case .periodClosed: "Closed the reporting period \(subject), freezing what was reported for it"
        case .gateReviewDecided:
            "Recorded the decision on the \(subject)" + (event.changes.first { $0.field == "outcome" }?.new
                .flatMap(GateOutcome.init(rawValue:)).map { ": " + $0.label.lowercased() } ?? "")
        }
    }

    /// A status update's ratings, reasons and sections, by key.
    static let statusLabels: [String: String] = {
        var labels = ["overall": "Overall status", "overallJustification": "Why the overall status", "state": "State"]
        for dimension in StatusDimension.allCases {
            labels[dimension.rawValue] = dimension.label
            labels[dimension.rawValue + "Justification"] = "Why " + dimension.label.lowercased()
        }
        for section in StatusNarrative.allCases { labels[section.rawValue] = section.label }
        return labels
    }()

    func label(_ event: AuditEvent, _ key: String) -> String {
        let labels: [String: String] = switch event.entityType {
        case "project": ProjectFieldDeclarations.labels
        case "team-member": ["role": "Team role of \(event.subject)"]
        case "person": ["name": "Name", "email": "Email", "role": "System role", "organisationId": "Organisation",
                        "password": "Password", "active": "Active"]
        case "organisation": ["name": "Name", "code": "Code", "codeKind": "Code kind", "kind": "Kind"]
        case "api-token": ["name": "Name", "revoked": "Revoked"]
        case "risk": ["title": "Title", "cause": "Cause", "event": "Event", "effect": "Effect", "categoryId": "Category",
                      "ownerId": "Owner", "inherentLikelihood": "Inherent likelihood", "inherentConsequence": "Inherent consequence",
                      "currentLikelihood": "Current likelihood", "currentConsequence": "Current consequence",
                      "targetLikelihood": "Target likelihood", "targetConsequence": "Target consequence",
                      "response": "Response", "proximity": "Proximity", "reviewDate": "Review date", "status": "Status",
                      "escalation": "Register", "escalationReason": "Reason for the register", "issueId": "Issue raised"]
        case "milestone": ["title": "Title", "ownerId": "Owner", "forecastDate": "Forecast date", "actualDate": "Actual date",
                           "status": "Status", "stageId": "Stage", "notes": "Notes", "key": "Key milestone"]
        case "dependency": ["title": "Title", "description": "Description", "dependsOnProject": "Project depended on",
                            "external": "Depends on, outside Waymark", "neededBy": "Needed by", "ownerId": "Owner", "status": "Status"]
        case "assumption": ["statement": "Assumption", "impactIfWrong": "Impact if wrong", "ownerId": "Owner", "status": "Status",
                            "validateBy": "Validate by", "validatedOn": "Date validated"]
        case "action": ["itemId": "For", "title": "Action", "notes": "Notes", "ownerId": "Owner", "dueDate": "Due date",
                        "doneOn": "Date done"]
        case "decision": ["title": "Decision", "decidedOn": "Date decided", "deciderId": "Decided by", "board": "Board or group",
                          "rationale": "Rationale", "options": "Options considered", "linkedItemIds": "RAID items linked"]
        case "plan": ["reason": "Reason", "milestones": "Milestones baselined"]
        case "issue": ["title": "Title", "description": "Description", "priority": "Priority", "ownerId": "Owner",
                       "raisedOn": "Date raised", "targetDate": "Target resolution date", "status": "Status",
                       "resolution": "Resolution", "riskId": "Raised from risk", "escalation": "Register",
                       "escalationReason": "Reason for the register"]
        case "risk-category": ["name": "Name", "position": "Position in the list", "status": "Status"]
        case "measure": ["name": "Name", "definition": "Definition", "type": "Type", "unit": "Unit",
                         "improvementDirection": "Improvement direction", "frequency": "Frequency", "dataSource": "Data source",
                         "ownerId": "Owner", "spcPreset": "SPC rules", "baselinePoints": "Baseline points", "targets": "Targets",
                         "observations": "Observations imported"]
        case "observation": ["date": "Date", "value": "Value", "note": "Note", "ghosted": "Ghosted", "recalculate": "Limits recalculated from here"]
        case "benefit": ["title": "Benefit", "description": "Description", "category": "Category", "disbenefit": "Dis-benefit",
                         "ownerId": "Owner", "unit": "Unit", "baselineValue": "Baseline value", "baselineDate": "Baseline date",
                         "targetValue": "Target value", "targetDate": "Target date", "trajectory": "Trajectory", "actuals": "Actuals",
                         "measureIds": "Measures linked", "actualsMeasureId": "Actuals from measure", "status": "Status",
                         "cash": "Cash by financial year (planned, realised)"]
        case "annotation": ["date": "Date", "kind": "Kind", "label": "Label", "note": "Note"]
        case "aim": ["statement": "Aim", "measureOfSuccess": "By how much", "byWhen": "By when"]
        case "driver": ["kind": "Kind", "text": "Text", "parentId": "Under", "position": "Position"]
        case "pdsa": ["title": "Title", "changeIdeaId": "Change idea", "status": "Status", "startDate": "Start date", "endDate": "End date",
                      "plan": "Plan", "do": "Do", "study": "Study", "act": "Act", "decision": "Decision", "measureIds": "Measures"]
        case "framework": ["name": "Name", "description": "Description", "awareness": "1 Awareness", "practitioner": "2 Practitioner",
                           "expert": "3 Expert", "leader": "4 Leader", "target-project-manager": "Level a project manager needs",
                           "target-sro": "Level an SRO needs", "target-qi-lead": "Level a QI lead needs",
                           "target-pmo-analyst": "Level a portfolio office analyst needs"]
        case "resource": ["title": "Title", "summary": "Summary", "kind": "Kind", "body": "Content", "url": "Address",
                          "stageIds": "Lifecycle stages", "tags": "Tags", "file": "File"]
        case "lesson": ["title": "Lesson", "happened": "What happened", "why": "Why it happened", "outcome": "Repeat or avoid",
                        "recommendation": "Recommendation", "phase": "When", "technique": "Technique", "learnedOn": "Date learnt",
                        "themeIds": "Strategic themes", "tags": "Tags"]
        case "glossary-term": ["name": "Term", "definition": "Definition", "topic": "Topic", "source": "Source", "aliases": "Other names",
                               "localSynonyms": "Local words for it", "relatedTermIds": "Related terms"]
        case "status-update": Self.statusLabels
        case "reporting-cycle": ["frequency": "Frequency", "dueWorkingDay": "Due on working day"]
        case "bank-holiday": ["date": "Date", "name": "Name"]
        case "gate": ["board": "Board", "criteria": "Criteria", "memberIds": "Board members"]
        case "gate-review": ["summary": "The case", "criteriaMet": "Criteria met", "evidence": "Evidence", "state": "State",
                             "outcome": "Decision", "decidedOn": "Date decided", "board": "Board", "rationale": "Rationale",
                             "conditions": "Conditions"]
        case "risk-settings": ["bands": "Band table (name, lowest score, colour)", "escalationThreshold": "Escalation threshold"]
        default: ["name": "Name", "description": "Description"]
        }
        return labels[key] ?? key
    }

    /// A stored value as a person reads it: names for ids, labels for codes, pounds for pence.
    /// A value it cannot read (an id since removed) is shown as it is kept.
    func value(_ event: AuditEvent, _ key: String, _ stored: String?) -> String? {
        guard let stored else { return nil }
        func list(_ name: (UUID) -> String?) -> String {
            stored.split(separator: ",").map { text in UUID(uuidString: String(text)).flatMap(name) ?? String(text) }
                .sorted().joined(separator: ", ")
        }
        func label<Choice: RawRepresentable<String>>(_ type: Choice.Type, _ label: (Choice) -> String) -> String {
            Choice(rawValue: stored).map(label) ?? stored
        }
        switch (event.entityType, key) {
        case ("project", "leadOrganisationId"), ("project", "partnerOrganisationIds"), ("person", "organisationId"):
            return list { references.organisation($0)?.name }
        case ("project", "programmeId"): return list { references.programme($0)?.name }
        case (_, "ownerId"), (_, "deciderId"): return list { people[$0] }
        case ("risk", "categoryId"): return list { riskCategories[$0] }
        case ("project", "themeIds"): return list { references.theme($0)?.name }
        case ("project", "stageId"): return list { references.stage($0)?.name }
        case ("project", "methodology"): return label(Methodology.self, \.label)
        case ("project", "status"): return label(ProjectStatus.self, \.label)
        case ("project", "visibility"): return label(Visibility.self, \.label)
        case ("project", "budgetPence"): return Int64(stored).map(Money.display) ?? stored
        case ("project", "tags"): return stored.split(separator: ",").joined(separator: ", ")
        case ("person", "role"): return label(SystemRole.self, \.label)
        case ("team-member", "role"): return label(TeamRole.self, \.label)
        case ("organisation", "codeKind"): return label(OrganisationCodeKind.self, \.label)
        case ("organisation", "kind"): return label(OrganisationKind.self, \.label)
        case ("risk", "inherentLikelihood"), ("risk", "currentLikelihood"), ("risk", "targetLikelihood"):
            return Int(stored).flatMap(Likelihood.init(rawValue:)).map { "\($0.rawValue) \($0.label)" } ?? stored
        case ("risk", "inherentConsequence"), ("risk", "currentConsequence"), ("risk", "targetConsequence"):
            return Int(stored).flatMap(Consequence.init(rawValue:)).map { "\($0.rawValue) \($0.label)" } ?? stored
        case ("risk", "response"): return label(RiskResponse.self, \.label)
        case ("risk", "escalation"): return label(EscalationLevel.self, \.label)
        case ("risk", "status"): return label(RiskStatus.self, \.label)
        case ("risk-category", "status"): return label(RiskCategoryStatus.self, \.label)
        case ("resource", "kind"): return label(ResourceKind.self, \.label)
        case ("resource", "stageIds"): return list { references.stage($0)?.name }
        case ("resource", "tags"): return stored.split(separator: ",").joined(separator: ", ")
        case ("lesson", "outcome"): return label(LessonOutcome.self, \.label)
        case ("lesson", "phase"): return label(LessonPhase.self, \.label)
        case ("lesson", "technique"): return label(LessonTechnique.self, \.label)
        case ("lesson", "themeIds"): return list { references.theme($0)?.name }
        case ("lesson", "tags"): return stored.split(separator: ",").joined(separator: ", ")
        case ("glossary-term", "topic"): return label(GlossaryTopic.self, \.label)
        case ("glossary-term", "source"): return label(GlossarySource.self, \.label)
        case ("glossary-term", "relatedTermIds"): return list { terms[$0] }
        case ("glossary-term", "localSynonyms"):
            return GlossaryTermInput.synonymPairs(stored).map { pair in
                let name = UUID(uuidString: pair.organisation).flatMap { references.organisation($0)?.name } ?? "an organisation"
                return "\(name): \(pair.word)"
            }.joined(separator: "; ")
        case ("status-update", "state"): return label(StatusUpdateState.self, \.label)
        case ("status-update", _) where RAG(rawValue: stored) != nil && !key.hasSuffix("Justification"): return label(RAG.self, \.label)
        case ("reporting-cycle", "frequency"): return label(ReportingFrequency.self, \.label)
        case ("gate-review", "outcome"): return label(GateOutcome.self, \.label)
        case ("gate-review", "state"): return label(GateReviewState.self, \.label)
        case ("gate-review", "decidedOn"): return CalendarDate(stored)?.longFormat ?? stored
        case ("gate", "memberIds"): return list { people[$0] }
        case ("bank-holiday", "date"): return CalendarDate(stored)?.longFormat ?? stored
        case ("measure", "type"): return label(MeasureType.self, \.label)
        case ("measure", "improvementDirection"): return label(ImprovementDirection.self, \.label)
        case ("measure", "frequency"): return label(MeasureFrequency.self, \.label)
        case ("observation", "ghosted"), ("observation", "recalculate"): return stored == "true" ? "Yes" : "No"
        case ("milestone", "status"): return label(MilestoneStatus.self, \.label)
        case ("milestone", "stageId"): return list { references.stage($0)?.name }
        case ("milestone", "key"): return stored == "true" ? "yes" : stored == "false" ? "no" : stored
        case ("issue", "priority"): return label(IssuePriority.self, \.label)
        case ("issue", "status"): return label(IssueStatus.self, \.label)
        case ("issue", "escalation"): return label(EscalationLevel.self, \.label)
        case ("dependency", "status"): return label(DependencyStatus.self, \.label)
        case ("assumption", "status"): return label(AssumptionStatus.self, \.label)
        // The project depended on may be one the reader of this history may not read: never named here.
        case ("dependency", "dependsOnProject"): return "another project"
        case (_, "active"), (_, "revoked"): return stored == "true" ? "yes" : stored == "false" ? "no" : stored
        case (_, "password"): return stored == AuditValue.passwordSet ? "changed" : stored
        default: return stored
        }
    }
}
