import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A project's actions log, shared by its risks, issues, assumptions and dependencies: those not
/// done first, soonest due, each with what it is for.
struct ActionLogPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var actions: [Action]
    var items: [RAIDItemLabel]
    var owners: [UUID: String]
    var today: CalendarDate
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        let open = actions.filter { !$0.fields.isDone }, done = actions.filter(\.fields.isDone)
        let overdue = open.filter { $0.fields.isOverdue(today: today) }.count
        return Layout.render(PageChrome(title: "Actions of " + project.fields.title, signedIn: signedIn, section: .portfolio,
                                        notice: notice,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Actions of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .actions)
            CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.actions)).path, what: "this log")
            El("p", [("class", "wm-body")]) {
                Safe("What people will do about the project's risks, issues, assumptions and dependencies, or for the project as a whole.")
            }
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newAction(.value(project.id)).path)]) { Safe("Record an action") }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Still to do") }
            if open.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No actions are waiting to be done.") }
            } else {
                ActionTable(actions: open, caption: "\(open.count) to do" + (overdue > 0 ? ", \(overdue) overdue" : "") + ", soonest due first",
                            owners: owners, today: today, items: items)
            }
            if !done.isEmpty {
                El("h2", [("class", "wm-heading-m")]) { Safe("Done") }
                ActionTable(actions: done, caption: "\(done.count) done", owners: owners, today: today, items: items)
            }
        }
    }
}

/// One action: what, for which item, who, when due and when done.
struct ActionPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var action: Action
    var item: RAIDItemLabel?
    var owner: String?
    var today: CalendarDate
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?

    func render() -> String {
        let fields = action.fields
        return Layout.render(PageChrome(title: action.reference + " " + fields.title, signedIn: signedIn, section: .portfolio,
                                        notice: notice, breadcrumbs: logCrumbs(project, .actions))) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + action.reference) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.title) }
            SummaryList(rows: [
                ("For", ActionItemText(item: fields.item, label: item)),
                ("Notes", MultilineText(text: fields.notes)),
                ("Owner", Safe(owner ?? "No owner")),
                ("Due", DueDate(date: fields.dueDate, overdue: fields.isOverdue(today: today))),
                ("Done", Safe(fields.doneOn?.longFormat ?? "Not yet")),
            ])
            LogItemLinks(project: project, noun: "action", edit: canEdit ? SiteURL.editAction(.value(action.id)).path : nil,
                         delete: canDelete ? SiteURL.deleteAction(.value(action.id)).path : nil)
        }
    }
}

/// The fields of an action's form.
struct ActionFormFields: Component {
    var input: ActionInput
    var failure: ValidationFailure
    var items: [RAIDItemLabel]
    var owners: [(UUID, String)]

    var body: Component {
        ComponentGroup {
            TextInput(name: "title", label: "Action", hint: "What will be done, starting with a verb: for example, agree the rota with the LMC.",
                      value: input.title, error: failure.message(for: "title"))
            SelectField(name: "itemId", label: "For", hint: "The risk, issue, assumption or dependency it deals with, if any.",
                        options: items.map { ($0.item.id.lowercasedText, $0.text) }, selected: input.itemID,
                        error: failure.message(for: "itemId"), blank: "The project as a whole")
            SelectField(name: "ownerId", label: "Owner", hint: "Who does it. One not yet done needs an owner; add them to the team first.",
                        options: owners.map { ($0.0.lowercasedText, $0.1) }, selected: input.ownerID,
                        error: failure.message(for: "ownerId"), blank: "Select the owner")
            TextInput(name: "dueDate", label: "Due", value: input.dueDate,
                      error: failure.message(for: "dueDate"), type: "date", width: "short")
            TextInput(name: "doneOn", label: "Date done", hint: "Leave empty until it is done.", value: input.doneOn,
                      error: failure.message(for: "doneOn"), type: "date", width: "short")
            TextAreaField(name: "notes", label: "Notes (optional)", hint: "Progress, or what was done.", value: input.notes,
                          error: failure.message(for: "notes"))
        }
    }
}

/// "My work": what the signed-in person owns that is overdue or due soon, across every project
/// they may read.
struct MyWorkPage: RenderablePage {
    var signedIn: SignedIn
    var window: WorkWindow
    var items: [OwnedWork]
    /// The status updates owed for projects the person runs.
    var reminders: [StatusReminder] = []
    var today: CalendarDate

    func render() -> String {
        let overdue = items.filter { $0.item.isOverdue(today: today) }, due = items.filter { !$0.item.isOverdue(today: today) }
        return Layout.render(PageChrome(title: "My work", signedIn: signedIn, section: .myWork)) {
            El("h1", [("class", "wm-heading-l")]) { Safe("My work") }
            if !reminders.isEmpty {
                El("div", [("class", "wm-inset")]) {
                    El("h2", [("class", "wm-heading-m"), ("id", "status-updates")]) { Safe("Status updates due") }
                    ReminderList(reminders: reminders)
                }
            }
            El("p", [("class", "wm-body")]) {
                Safe("Everything you own on the projects you can see that is overdue or falls due soon: risks to review, issues to resolve, milestones, dependencies, assumptions to validate and actions.")
            }
            El("form", [("method", "get"), ("action", SiteURL.myWork.path), ("class", "wm-filter")]) {
                SelectField(name: "window", label: "Due within", options: WorkWindow.allCases.map { (String($0.rawValue), $0.label) },
                            selected: String(window.rawValue))
                SubmitButton(label: "Apply", style: "secondary")
            }
            CSVLink(url: SiteURL.myWorkExport.path(query: [("window", String(window.rawValue))]), what: "your work")
            El("h2", [("class", "wm-heading-m")]) { Safe("Overdue") }
            if overdue.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("Nothing you own is overdue.") }
            } else {
                WorkTable(items: overdue, caption: "\(overdue.count) overdue, the longest overdue first", today: today)
            }
            El("h2", [("class", "wm-heading-m")]) { Safe(window.label) }
            if due.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("Nothing you own falls due in the \(window.label.lowercased()).") }
            } else {
                WorkTable(items: due, caption: "\(due.count) due, soonest first", today: today)
            }
        }
    }
}

struct WorkTable: Component {
    var items: [OwnedWork]
    var caption: String
    var today: CalendarDate

    var body: Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe(caption) }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["What", "Item", "Project", "Due"] { El("th", [("scope", "col")]) { Safe(heading) } }
                    }
                }
                El("tbody", []) {
                    for owned in items {
                        let item = owned.item
                        El("tr", []) {
                            El("td", []) { Safe(item.kind.label) }
                            El("td", []) { TextLink(item.reference + " " + item.title, item.url.path) }
                            El("td", []) { TextLink(owned.project.code + " " + owned.project.title, SiteURL.project(.value(owned.project.id)).path) }
                            El("td", []) { DueDate(date: item.due, overdue: item.isOverdue(today: today)) }
                        }
                    }
                }
            }
        }
    }
}

extension WorkItem {
    /// The item's own page.
    var url: SiteURL {
        switch kind {
        case .riskReview: .risk(.value(id))
        case .issue: .issue(.value(id))
        case .milestone: .milestone(.value(id))
        case .dependency: .dependency(.value(id))
        case .assumption: .assumption(.value(id))
        case .action: .action(.value(id))
        }
    }
}
