import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// Who decided, in words: the person, or the board or group.
func deciderText(_ fields: DecisionFields, _ people: [UUID: String]) -> String {
    if let decider = fields.deciderID { return people[decider] ?? "A person no longer listed" }
    return fields.board
}

/// A project's decisions log, the latest first: what was decided, when, by whom, and the RAID
/// items each bears on.
struct DecisionLogPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var decisions: [Decision]
    var items: [RAIDItemLabel]
    var people: [UUID: String]
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        Layout.render(PageChrome(title: "Decisions of " + project.fields.title, signedIn: signedIn, section: .portfolio, notice: notice,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                               (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Decisions of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .decisions)
            CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.decisions)).path, what: "this log")
            El("p", [("class", "wm-body")]) {
                Safe("What was decided about the project, by whom and why, so that no one has to remember it.")
            }
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newDecision(.value(project.id)).path)]) { Safe("Record a decision") }
            }
            if decisions.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("This project has recorded no decisions.") }
            } else {
                DecisionTable(decisions: decisions, caption: "\(decisions.count) \(decisions.count == 1 ? "decision" : "decisions"), the latest first",
                              items: items, people: people)
            }
        }
    }
}

/// Decisions as a table: the decision, when, by whom, and what it bears on.
struct DecisionTable: Component {
    var decisions: [Decision]
    var caption: String
    var items: [RAIDItemLabel]
    var people: [UUID: String]

    var body: Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe(caption) }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["Decision", "Decided", "By", "Bears on"] { El("th", [("scope", "col")]) { Safe(heading) } }
                    }
                }
                El("tbody", []) {
                    for decision in decisions {
                        let fields = decision.fields
                        El("tr", []) {
                            El("td", []) { TextLink(decision.reference + " " + fields.title, SiteURL.decision(.value(decision.id)).path) }
                            El("td", []) { Safe(fields.decidedOn.longFormat) }
                            El("td", []) { Safe(deciderText(fields, people)) }
                            El("td", []) { LinkedItems(links: fields.links, items: items, none: "None") }
                        }
                    }
                }
            }
        }
    }
}

/// The RAID items a decision links to, each linked to its page.
struct LinkedItems: Component {
    var links: [RAIDItem]
    var items: [RAIDItemLabel]
    var none: String

    var body: Component {
        if links.isEmpty { return Safe(none) }
        return El("ul", [("class", "wm-list")]) {
            for link in links {
                El("li", []) { TextLink(items.first { $0.item == link }?.text ?? link.kind, link.url.path) }
            }
        }
    }
}

/// One decision.
struct DecisionPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var decision: Decision
    var items: [RAIDItemLabel]
    var people: [UUID: String]
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?

    func render() -> String {
        let fields = decision.fields
        return Layout.render(PageChrome(title: decision.reference + " " + fields.title, signedIn: signedIn, section: .portfolio,
                                        notice: notice, breadcrumbs: logCrumbs(project, .decisions))) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + decision.reference) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.title) }
            SummaryList(rows: [
                ("Decided", Safe(fields.decidedOn.longFormat)),
                ("Decided by", Safe(deciderText(fields, people))),
                ("Rationale", MultilineText(text: fields.rationale)),
                ("Options considered", MultilineText(text: fields.options)),
                ("Bears on", LinkedItems(links: fields.links, items: items, none: "No RAID items")),
            ])
            LogItemLinks(project: project, noun: "decision", edit: canEdit ? SiteURL.editDecision(.value(decision.id)).path : nil,
                         delete: canDelete ? SiteURL.deleteDecision(.value(decision.id)).path : nil)
        }
    }
}

/// The fields of a decision's form.
struct DecisionFormFields: Component {
    var input: DecisionInput
    var failure: ValidationFailure
    var items: [RAIDItemLabel]
    var deciders: [(UUID, String)]

    var body: Component {
        ComponentGroup {
            TextInput(name: "title", label: "Decision", hint: "What was decided, in one sentence.", value: input.title,
                      error: failure.message(for: "title"))
            TextInput(name: "decidedOn", label: "Date decided", value: input.decidedOn,
                      error: failure.message(for: "decidedOn"), type: "date", width: "short")
            El("fieldset", [("class", "wm-fieldset")]) {
                El("legend", [("class", "wm-fieldset__legend")]) { Safe("Who decided") }
                El("p", [("class", "wm-hint")]) { Safe("A person on the team, or a board or group: fill in one of the two.") }
                SelectField(name: "deciderId", label: "A person", options: deciders.map { ($0.0.lowercasedText, $0.1) },
                            selected: input.deciderID, error: failure.message(for: "deciderId"), blank: "Not one person")
                TextInput(name: "board", label: "Or a board or group", hint: "For example, the urgent care programme board.",
                          value: input.board, error: failure.message(for: "board"))
            }
            TextAreaField(name: "rationale", label: "Rationale (optional)", hint: "Why this was decided.", value: input.rationale,
                          error: failure.message(for: "rationale"))
            TextAreaField(name: "options", label: "Options considered (optional)", hint: "What else was weighed, and why it was not chosen.",
                          value: input.options, error: failure.message(for: "options"))
            if !items.isEmpty {
                ChoiceGroup(kind: .checkbox, name: "linkedItemIds", legend: "RAID items it bears on (optional)",
                            options: items.map { ($0.item.id.lowercasedText, $0.text) },
                            selected: Set((input.linkedItemIDs ?? "").split(separator: ",").map(String.init)),
                            error: failure.message(for: "linkedItemIds"), small: true)
            }
        }
    }
}
