import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

extension IssuePriority {
    var tag: Tag {
        switch self {
        case .critical: Tag(text: label, colour: "red")
        case .high: Tag(text: label, colour: "orange")
        case .medium: Tag(text: label, colour: "yellow")
        case .low: Tag(text: label, colour: "grey")
        }
    }
}

/// Moving a risk or an issue to another register, with the reason its owners will read.
struct EscalationForm: Component {
    var action: String
    var csrfToken: String?
    var version: Int
    var current: EscalationLevel
    /// "risk" or "issue".
    var item: String
    var input: (level: String?, reason: String?)
    var failure: ValidationFailure

    var body: Component {
        let others = EscalationLevel.allCases.filter { $0 != current }
        return ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "escalation")]) { Safe("Escalate or de-escalate") }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(version))])
                ChoiceGroup(kind: .radio, name: "level", legend: "Move it to",
                            hint: "The organisation register is the lead organisation's; the system register is the ICS's.",
                            options: others.map { ($0.rawValue, $0.label) }, selected: Set([input.level].compactMap { $0 }),
                            error: failure.message(for: "level"))
                TextAreaField(name: "reason", label: "Reason", hint: "What the register's owners need to know and decide.",
                              value: input.reason, error: failure.message(for: "reason"))
                SubmitButton(label: "Move the \(item)", style: "secondary")
            }
        }
    }
}

/// A project's issue log: what has happened and needs managing, those still open first (by
/// priority), each with its owner, target date and register.
struct IssueLogPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var issues: [Issue]
    var owners: [UUID: String]
    var today: CalendarDate
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        let ordered = issues.sorted { a, b in
            (a.fields.status.isActive ? 0 : 1, a.fields.priority, a.number) < (b.fields.status.isActive ? 0 : 1, b.fields.priority, b.number)
        }
        let open = issues.filter { $0.fields.status.isActive }.count
        return Layout.render(PageChrome(title: "Issues of " + project.fields.title, signedIn: signedIn, section: .portfolio,
                                        notice: notice,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Issues of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .issues)
            CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.issues)).path, what: "this log")
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newIssue(.value(project.id)).path)]) { Safe("Log an issue") }
            }
            if issues.isEmpty {
                El("p", [("class", "wm-body")]) {
                    Safe("No issues have been logged for this project. A risk that happens becomes an issue from the risk's own page.")
                }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(issues.count) \(issues.count == 1 ? "issue" : "issues"), \(open) open or in progress") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Issue", "Priority", "Owner", "Raised", "Target resolution", "Status"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) {
                            for issue in ordered { row(issue) }
                        }
                    }
                }
            }
        }
    }

    private func row(_ issue: Issue) -> El {
        let fields = issue.fields
        return El("tr", []) {
            El("td", []) {
                TextLink(issue.reference + " " + fields.title, SiteURL.issue(.value(issue.id)).path)
                if fields.escalation != .project { Safe(" "); Tag(text: fields.escalation.label, colour: "purple") }
            }
            El("td", []) { fields.priority.tag }
            El("td", []) { Safe(fields.ownerID.flatMap { owners[$0] } ?? "No owner") }
            El("td", []) { Safe(fields.raisedOn.longFormat) }
            El("td", []) {
                Safe(fields.targetDate?.longFormat ?? "Not set")
                if fields.isOverdue(today: today) { Safe(" "); Tag(text: "Overdue", colour: "red") }
            }
            El("td", []) { Safe(fields.status.label) }
        }
    }
}

/// One issue: what happened, its priority, owner, dates, resolution, the risk it was raised from,
/// and its register.
struct IssuePage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var issue: Issue
    var owner: String?
    /// The risk it was raised from, when one materialised into it.
    var risk: Risk?
    var today: CalendarDate
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?
    var errors: [FieldError] = []
    var escalationInput: (level: String?, reason: String?) = (nil, nil)
    /// The actions for this issue.
    var actions: ItemActionsSection? = nil

    func render() -> String {
        let fields = issue.fields
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + issue.reference + " " + fields.title,
                                        signedIn: signedIn, section: .portfolio, notice: notice,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path),
                                                      ("Issues", SiteURL.projectIssues(.value(project.id)).path)])) {
            ErrorSummary(errors: errors)
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + issue.reference) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.title) }
            SummaryList(rows: [
                ("Description", MultilineText(text: fields.description)),
                ("Priority", fields.priority.tag),
                ("Owner", Safe(owner ?? "No owner")),
                ("Raised", Safe(fields.raisedOn.longFormat)),
                ("Target resolution", ComponentGroup {
                    Safe(fields.targetDate?.longFormat ?? "Not set")
                    if fields.isOverdue(today: today) { Safe(" "); Tag(text: "Overdue", colour: "red") }
                }),
                ("Status", Safe(fields.status.label)),
                ("Resolution", fields.resolution.isEmpty ? Safe("Not yet resolved") : MultilineText(text: fields.resolution)),
                ("Raised from", risk.map { risk in
                    TextLink("Risk \(risk.reference) \(risk.fields.title)", SiteURL.risk(.value(risk.id)).path) as Component
                } ?? Safe(issue.riskID == nil ? "Logged directly, not from a risk" : "A risk since deleted")),
                ("Register", ComponentGroup {
                    Safe(fields.escalation.label)
                    if !issue.escalationReason.isEmpty {
                        VoidEl("br", [])
                        El("span", [("class", "wm-secondary")]) { Safe("Why: " + issue.escalationReason) }
                    }
                }),
            ])
            if canEdit || canDelete {
                El("div", [("class", "wm-button-group")]) {
                    if canEdit { El("a", [("class", "wm-button-link"), ("href", SiteURL.editIssue(.value(issue.id)).path)]) { Safe("Edit issue") } }
                    if canDelete { TextLink("Delete issue", SiteURL.deleteIssue(.value(issue.id)).path) }
                }
            }
            if let actions { actions }
            if canEdit {
                EscalationForm(action: SiteURL.escalateIssue(.value(issue.id)).path, csrfToken: signedIn.csrfToken, version: issue.version,
                               current: fields.escalation, item: "issue", input: escalationInput, failure: ValidationFailure(errors))
            }
            El("p", [("class", "wm-body")]) { TextLink("Every change to this project", SiteURL.projectHistory(.value(project.id)).path) }
        }
    }
}

/// Logging an issue, or changing one.
struct IssueFormPage: RenderablePage {
    enum Mode {
        case create
        case edit(Issue)
    }

    var signedIn: SignedIn
    var project: Project
    var mode: Mode
    var input: IssueInput
    var errors: [FieldError]
    var owners: [(UUID, String)]
    var version: Int? = nil
    var conflictVersion: Int? = nil

    var title: String {
        switch mode {
        case .create: "Log an issue"
        case .edit(let issue): "Edit " + issue.reference + " " + issue.fields.title
        }
    }

    var action: String {
        switch mode {
        case .create: SiteURL.projectIssues(.value(project.id)).path
        case .edit(let issue): SiteURL.editIssue(.value(issue.id)).path
        }
    }

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn, section: .portfolio,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path),
                                                      ("Issues", SiteURL.projectIssues(.value(project.id)).path)])) {
            ErrorSummary(errors: errors)
            if let conflictVersion, case .edit(let issue) = mode {
                ConflictNotice(noun: "issue", version: conflictVersion, current: SiteURL.issue(.value(issue.id)).path)
            }
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let version { VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(version))]) }
                TextInput(name: "title", label: "Issue title", hint: "A few words the log can list it by.", value: input.title,
                          error: failure.message(for: "title"))
                TextAreaField(name: "description", label: "Description", hint: "What has happened, and what it affects.",
                              value: input.description, error: failure.message(for: "description"))
                ChoiceGroup(kind: .radio, name: "priority", legend: "Priority",
                            options: IssuePriority.allCases.map { ($0.rawValue, $0.label) },
                            selected: Set([input.priority ?? IssuePriority.medium.rawValue]), error: failure.message(for: "priority"))
                SelectField(name: "ownerId", label: "Owner", hint: "Who manages the issue. Open issues need an owner; add them to the team first.",
                            options: owners.map { ($0.0.lowercasedText, $0.1) }, selected: input.ownerID,
                            error: failure.message(for: "ownerId"), blank: "Select the owner")
                TextInput(name: "raisedOn", label: "Date raised", hint: "Today if left empty.", value: input.raisedOn,
                          error: failure.message(for: "raisedOn"), type: "date", width: "short")
                TextInput(name: "targetDate", label: "Target resolution date (optional)", hint: "On or after the date raised.",
                          value: input.targetDate, error: failure.message(for: "targetDate"), type: "date", width: "short")
                SelectField(name: "status", label: "Status", options: IssueStatus.allCases.map { ($0.rawValue, $0.label) },
                            selected: input.status ?? IssueStatus.open.rawValue, error: failure.message(for: "status"))
                TextAreaField(name: "resolution", label: "Resolution", hint: "How it was resolved: needed once it is resolved or closed.",
                              value: input.resolution, error: failure.message(for: "resolution"))
                SubmitButton(label: { if case .create = mode { return "Log issue" } else { return "Save changes" } }())
            }
        }
    }
}

struct DeleteIssuePage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var issue: Issue

    func render() -> String {
        Layout.render(PageChrome(title: "Delete " + issue.reference + " " + issue.fields.title, signedIn: signedIn, section: .portfolio,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                               (project.code, SiteURL.project(.value(project.id)).path),
                                               ("Issues", SiteURL.projectIssues(.value(project.id)).path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Delete " + issue.reference + " " + issue.fields.title + "?") }
            El("div", [("class", "wm-inset")]) {
                El("p", [("class", "wm-body")]) {
                    Safe("Deleting removes an issue logged by mistake. The project's history keeps a record that it existed. An issue that has been dealt with should be resolved or closed instead.")
                }
            }
            El("form", [("method", "post"), ("action", SiteURL.deleteIssue(.value(issue.id)).path)]) {
                CSRFField(token: signedIn.csrfToken)
                SubmitButton(label: "Delete issue", style: "warning")
                TextLink("Cancel", SiteURL.issue(.value(issue.id)).path)
            }
        }
    }
}
