import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// The breadcrumbs of a page about one item of a project's log: the portfolio, the project and
/// the log's section.
func logCrumbs(_ project: Project, _ section: ProjectSection) -> [(String, String)] {
    [("Portfolio", SiteURL.portfolio.path), (project.code, SiteURL.project(.value(project.id)).path),
     (section.label, section.path(project.id))]
}

/// The frame of every form that records or changes an item of a project's log: its error
/// summary, the notice of a conflicting save, the project above the heading, the form with its
/// CSRF token and version, and the button.
struct LogFormPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var section: ProjectSection
    var title: String
    var action: String
    var errors: [FieldError]
    var version: Int?
    /// The noun, the version saved meanwhile and the item's page, when a save met a newer one.
    var conflict: (noun: String, version: Int, current: String)?
    var submit: String
    var fields: (ValidationFailure) -> Component
    /// What follows the form (a separate form to delete the item).
    var after: Component? = nil
    /// More buttons after the first, each with its name and value (save a draft, or submit it).
    var moreButtons: [SubmitButton] = []

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn, section: .portfolio,
                                        breadcrumbs: logCrumbs(project, section))) {
            ErrorSummary(errors: errors)
            if let conflict { ConflictNotice(noun: conflict.noun, version: conflict.version, current: conflict.current) }
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let version { VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(version))]) }
                fields(failure)
                if moreButtons.isEmpty {
                    SubmitButton(label: submit)
                } else {
                    El("div", [("class", "wm-button-group")]) {
                        SubmitButton(label: submit)
                        for button in moreButtons { button }
                    }
                }
            }
            if let after { after }
        }
    }
}

/// Asking before an item recorded by mistake is deleted from a project's log.
struct DeleteLogItemPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var section: ProjectSection
    /// "assumption", "action".
    var noun: String
    /// "A2 The new rota is agreed".
    var name: String
    var explanation: String
    var action: String
    var cancel: String

    func render() -> String {
        Layout.render(PageChrome(title: "Delete " + name, signedIn: signedIn, section: .portfolio, breadcrumbs: logCrumbs(project, section))) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Delete " + name + "?") }
            El("div", [("class", "wm-inset")]) { El("p", [("class", "wm-body")]) { Safe(explanation) } }
            El("form", [("method", "post"), ("action", action)]) {
                CSRFField(token: signedIn.csrfToken)
                SubmitButton(label: "Delete " + noun, style: "warning")
                TextLink("Cancel", cancel)
            }
        }
    }
}

/// A date an item falls due by, flagged when it has passed and the item is still open.
struct DueDate: Component {
    var date: CalendarDate?
    var overdue: Bool
    var none = "None set"

    var body: Component {
        ComponentGroup {
            Safe(date?.longFormat ?? none)
            if overdue { Safe(" "); Tag(text: "Overdue", colour: "red") }
        }
    }
}

/// The edit and delete links under an item, for those who may, and its project's history.
struct LogItemLinks: Component {
    var project: Project
    var noun: String
    var edit: String?
    var delete: String?

    var body: Component {
        ComponentGroup {
            if edit != nil || delete != nil {
                El("div", [("class", "wm-button-group")]) {
                    if let edit { El("a", [("class", "wm-button-link"), ("href", edit)]) { Safe("Edit " + noun) } }
                    if let delete { TextLink("Delete " + noun, delete) }
                }
            }
            El("p", [("class", "wm-body")]) { TextLink("Every change to this project", SiteURL.projectHistory(.value(project.id)).path) }
        }
    }
}

/// The actions for one RAID item, on its page: each with its owner, due date and whether done,
/// and a link to record another for those who may; then the decisions that bear on it.
struct ItemActionsSection: Component {
    var project: UUID
    var item: RAIDItem
    var actions: [Action]
    var decisions: [Decision]
    var owners: [UUID: String]
    var today: CalendarDate
    var canEdit: Bool

    var body: Component {
        ComponentGroup {
            actionsPart
            El("h2", [("class", "wm-heading-m"), ("id", "decisions")]) { Safe("Decisions") }
            if decisions.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No decisions are linked to this \(item.kind).") }
            } else {
                El("ul", [("class", "wm-list")]) {
                    for decision in decisions {
                        El("li", []) {
                            TextLink(decision.reference + " " + decision.fields.title, SiteURL.decision(.value(decision.id)).path)
                            Safe(", decided " + decision.fields.decidedOn.longFormat)
                        }
                    }
                }
            }
        }
    }

    private var actionsPart: Component {
        ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "actions")]) { Safe("Actions") }
            if actions.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No actions are recorded for this \(item.kind).") }
            } else {
                ActionTable(actions: actions, caption: "Actions for this \(item.kind)", owners: owners, today: today, items: nil)
            }
            if canEdit {
                El("a", [("class", "wm-button-link wm-button-link--secondary"),
                         ("href", SiteURL.newAction(.value(project)).path(query: [("item", item.id.lowercasedText)]))]) {
                    Safe("Record an action")
                }
            }
        }
    }
}

/// Actions as a table: the action, what it is for (when `items` is given), owner, due and done.
struct ActionTable: Component {
    var actions: [Action]
    var caption: String
    var owners: [UUID: String]
    var today: CalendarDate
    /// The project's RAID items, to say what each action is for; nil leaves the column out.
    var items: [RAIDItemLabel]?

    var body: Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe(caption) }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["Action"] + (items == nil ? [] : ["For"]) + ["Owner", "Due", "Done"] {
                            El("th", [("scope", "col")]) { Safe(heading) }
                        }
                    }
                }
                El("tbody", []) {
                    for action in actions {
                        let fields = action.fields
                        El("tr", []) {
                            El("td", []) { TextLink(action.reference + " " + fields.title, SiteURL.action(.value(action.id)).path) }
                            if let items {
                                El("td", []) { ActionItemText(item: fields.item, label: items.first { $0.item == fields.item }) }
                            }
                            El("td", []) { Safe(fields.ownerID.flatMap { owners[$0] } ?? "No owner") }
                            El("td", []) { DueDate(date: fields.dueDate, overdue: fields.isOverdue(today: today)) }
                            El("td", []) { Safe(fields.doneOn?.longFormat ?? "Not yet") }
                        }
                    }
                }
            }
        }
    }
}

/// What an action is for, linked: one of the project's RAID items, or the project as a whole.
struct ActionItemText: Component {
    var item: RAIDItem?
    var label: RAIDItemLabel?

    var body: Component {
        guard let item else { return Safe("The project as a whole") }
        return TextLink(label?.text ?? item.kind, item.url.path)
    }
}

extension RAIDItem {
    /// The item's own page.
    var url: SiteURL {
        switch self {
        case .risk(let id): .risk(.value(id))
        case .issue(let id): .issue(.value(id))
        case .assumption(let id): .assumption(.value(id))
        case .dependency(let id): .dependency(.value(id))
        }
    }
}

/// A link to download what a page lists as a CSV file (for a spreadsheet), with the same filters.
struct CSVLink: Component {
    var url: String
    /// "this log", "this register": what the download holds.
    var what: String

    /// The same download as an Excel workbook.
    var workbookURL: String { url + (url.contains("?") ? "&" : "?") + "format=xlsx" }

    var body: Component {
        El("p", [("class", "wm-body wm-download")]) {
            Safe("Download \(what) ")
            El("a", [("href", url), ("download", ""), ("aria-label", "Download \(what) as CSV")]) { Safe("as CSV") }
            Safe(" or ")
            El("a", [("href", workbookURL), ("download", ""), ("aria-label", "Download \(what) as an Excel workbook")]) {
                Safe("as an Excel workbook")
            }
        }
    }
}
