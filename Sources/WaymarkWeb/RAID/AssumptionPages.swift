import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

extension AssumptionStatus {
    var tag: Tag {
        switch self {
        case .unvalidated: Tag(text: label, colour: "yellow")
        case .confirmed: Tag(text: label, colour: "green")
        case .disproved: Tag(text: label, colour: "red")
        }
    }
}

/// A project's assumptions: those not yet validated first (soonest to validate), each with its
/// owner, the date to validate it by and what its check found.
struct AssumptionLogPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var assumptions: [Assumption]
    var owners: [UUID: String]
    var today: CalendarDate
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        let ordered = assumptions.sorted { a, b in
            (a.fields.status.isOpen ? 0 : 1, a.fields.validateBy?.description ?? "~", a.number)
                < (b.fields.status.isOpen ? 0 : 1, b.fields.validateBy?.description ?? "~", b.number)
        }
        return Layout.render(PageChrome(title: "Assumptions of " + project.fields.title, signedIn: signedIn, section: .portfolio,
                                        notice: notice,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Assumptions of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .assumptions)
            CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.assumptions)).path, what: "this log")
            El("p", [("class", "wm-body")]) {
                Safe("What the plan takes to be true without proof yet. Each has an owner who checks it; one proved wrong usually becomes a risk or an issue.")
            }
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newAssumption(.value(project.id)).path)]) { Safe("Record an assumption") }
            }
            if ordered.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("This project has recorded no assumptions.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(ordered.count) \(ordered.count == 1 ? "assumption" : "assumptions"), those not yet validated first") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Assumption", "Owner", "Validate by", "Status"] { El("th", [("scope", "col")]) { Safe(heading) } }
                            }
                        }
                        El("tbody", []) {
                            for assumption in ordered {
                                let fields = assumption.fields
                                El("tr", []) {
                                    El("td", []) {
                                        TextLink(assumption.reference + " " + fields.statement, SiteURL.assumption(.value(assumption.id)).path)
                                    }
                                    El("td", []) { Safe(fields.ownerID.flatMap { owners[$0] } ?? "No owner") }
                                    El("td", []) { DueDate(date: fields.validateBy, overdue: fields.isOverdue(today: today)) }
                                    El("td", []) { fields.status.tag }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One assumption: the statement, the impact if wrong, who validates it, by when, what the check
/// found, and its actions.
struct AssumptionPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var assumption: Assumption
    var owners: [UUID: String]
    var actions: ItemActionsSection
    var today: CalendarDate
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?

    func render() -> String {
        let fields = assumption.fields
        return Layout.render(PageChrome(title: assumption.reference + " " + fields.statement, signedIn: signedIn, section: .portfolio,
                                        notice: notice, breadcrumbs: logCrumbs(project, .assumptions))) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + assumption.reference) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.statement) }
            SummaryList(rows: [
                ("Impact if wrong", MultilineText(text: fields.impactIfWrong)),
                ("Owner", Safe(fields.ownerID.flatMap { owners[$0] } ?? "No owner")),
                ("Validate by", DueDate(date: fields.validateBy, overdue: fields.isOverdue(today: today))),
                ("Status", fields.status.tag),
                ("Date validated", Safe(fields.validatedOn?.longFormat ?? "Not yet")),
            ])
            LogItemLinks(project: project, noun: "assumption",
                         edit: canEdit ? SiteURL.editAssumption(.value(assumption.id)).path : nil,
                         delete: canDelete ? SiteURL.deleteAssumption(.value(assumption.id)).path : nil)
            actions
        }
    }
}

/// The fields of an assumption's form.
struct AssumptionFormFields: Component {
    var input: AssumptionInput
    var failure: ValidationFailure
    var owners: [(UUID, String)]

    var body: Component {
        ComponentGroup {
            TextInput(name: "statement", label: "Assumption", hint: "What the plan takes to be true, in one sentence.",
                      value: input.statement, error: failure.message(for: "statement"))
            TextAreaField(name: "impactIfWrong", label: "Impact if wrong (optional)",
                          hint: "What happens to the project if it turns out not to hold.", value: input.impactIfWrong,
                          error: failure.message(for: "impactIfWrong"))
            SelectField(name: "ownerId", label: "Owner", hint: "Who checks it. One not yet validated needs an owner; add them to the team first.",
                        options: owners.map { ($0.0.lowercasedText, $0.1) }, selected: input.ownerID,
                        error: failure.message(for: "ownerId"), blank: "Select the owner")
            TextInput(name: "validateBy", label: "Validate by (optional)", hint: "The date by which it should be checked, for example 2026-12-31.",
                      value: input.validateBy, error: failure.message(for: "validateBy"), type: "date", width: "short")
            SelectField(name: "status", label: "Status", options: AssumptionStatus.allCases.map { ($0.rawValue, $0.label) },
                        selected: input.status ?? AssumptionStatus.unvalidated.rawValue, error: failure.message(for: "status"))
            TextInput(name: "validatedOn", label: "Date validated", hint: "When it was confirmed or proved wrong. Leave empty until then.",
                      value: input.validatedOn, error: failure.message(for: "validatedOn"), type: "date", width: "short")
        }
    }
}
