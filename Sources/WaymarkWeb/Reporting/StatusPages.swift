import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

extension RAG {
    /// The rating as a tag: its word always, its colour as well.
    var tag: Tag {
        switch self {
        case .blue: Tag(text: label, colour: "blue")
        case .green: Tag(text: label, colour: "green")
        case .amber: Tag(text: label, colour: "orange")
        case .red: Tag(text: label, colour: "red")
        }
    }
}

/// A rating's tag, or words saying there is none.
struct RatingTag: Component {
    var rag: RAG?
    var none = "Not rated"

    var body: Component {
        guard let rag else { return El("span", [("class", "wm-secondary")]) { Safe(none) } }
        return rag.tag
    }
}

extension StatusUpdateState {
    var tag: Tag { self == .draft ? Tag(text: label, colour: "grey") : Tag(text: label, colour: "purple") }
}

/// A rating's movement since the period before, in words.
struct MovementText: Component {
    var movement: RAGMovement?

    var body: Component {
        guard let movement else { return Safe("") }
        return El("span", [("class", "wm-secondary")]) { Safe(movement.label) }
    }
}

/// What is due: the period open for reporting, its due date, and how it stands.
struct ReportingDueSection: Component {
    var project: UUID
    var due: ReportingDue
    var open: StatusUpdate?
    var canEdit: Bool
    var csrf: String?

    var body: Component {
        El("div", [("class", "wm-inset")]) {
            El("h2", [("class", "wm-heading-m")]) { Safe("Due now: the \(due.period.label) update") }
            El("p", [("class", "wm-body")]) {
                Safe("Due on \(due.due.longFormat). This project reports \(due.cycle.description.lowercased()).")
            }
            if let open {
                El("p", [("class", "wm-body")]) {
                    Safe(open.state == .draft ? "A draft is under way: " : "Submitted. ")
                    TextLink(open.state == .submitted ? "Read the update" : canEdit ? "continue writing it" : "read it", open.state == .draft && canEdit
                        ? SiteURL.editStatusUpdate(.value(open.id)).path : SiteURL.statusUpdate(.value(open.id)).path)
                }
            } else if canEdit {
                StartUpdateForm(project: project, period: due.period, label: "Write the \(due.period.label) update", csrf: csrf)
            } else {
                El("p", [("class", "wm-body")]) { Safe("Not started yet.") }
            }
            if let overdue = due.overdue {
                El("p", [("class", "wm-body")]) {
                    Tag(text: "Overdue", colour: "red")
                    Safe(" The \(overdue.period.label) update was due on \(overdue.due.longFormat) and has not been submitted.")
                }
                if canEdit { StartUpdateForm(project: project, period: overdue.period, label: "Write the \(overdue.period.label) update", secondary: true, csrf: csrf) }
            }
        }
    }
}

/// A button that starts (or, after a submitted one, corrects) a period's update.
struct StartUpdateForm: Component {
    var project: UUID
    var period: ReportingPeriod
    var label: String
    var secondary = false
    var csrf: String?

    var body: Component {
        El("form", [("method", "post"), ("action", SiteURL.projectUpdates(.value(project)).path), ("class", "wm-inline-form")]) {
            CSRFField(token: csrf)
            VoidEl("input", [("type", "hidden"), ("name", "period"), ("value", period.key)])
            SubmitButton(label: label, style: secondary ? "secondary" : "primary")
        }
    }
}

/// A project's status updates: what is due, and each period's update with its ratings.
struct StatusLogPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var due: ReportingDue
    /// The latest revision of each period, the latest first.
    var updates: [StatusUpdate]
    /// The latest submitted revision of each period, the latest first.
    var reported: [StatusUpdate]
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        Layout.render(PageChrome(title: "Status of " + project.fields.title, signedIn: signedIn, section: .portfolio, notice: notice,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                               (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Status of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .updates)
            CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.updates)).path, what: "every update and revision")
            if !reported.isEmpty {
                El("p", [("class", "wm-body")]) {
                    TextLink("Highlight report for \(reported[0].period.label)", SiteURL.highlightReport(.value(project.id)).path)
                }
            }
            El("p", [("class", "wm-body")]) {
                Safe("Each period the team rates the project overall and on six dimensions, and says what was done and what comes next. ")
                Safe("A submitted update is kept as it was; a correction is a new revision, and both are kept.")
            }
            if project.fields.status == .active || project.fields.status == .onHold {
                ReportingDueSection(project: project.id, due: due, open: updates.first { $0.period == due.period }, canEdit: canEdit,
                                   csrf: signedIn.csrfToken)
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Updates") }
            if updates.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No status update has been written for this project yet.") }
            } else {
                StatusHistoryTable(updates: updates, reported: reported)
            }
        }
    }
}

/// Each period's latest update: its state, overall status and movement, and each dimension.
struct StatusHistoryTable: Component {
    var updates: [StatusUpdate]
    var reported: [StatusUpdate]

    var body: Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table wm-table--dense")]) {
                El("caption", []) { Safe("\(updates.count) \(updates.count == 1 ? "period" : "periods"), the latest first") }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["Period", "State", "Overall", "Movement"] + StatusDimension.allCases.map(\.label) {
                            El("th", [("scope", "col")]) { Safe(heading) }
                        }
                    }
                }
                El("tbody", []) {
                    for update in updates {
                        let before = reported.first { $0.period < update.period }
                        El("tr", []) {
                            El("th", [("scope", "row")]) { TextLink(update.title, SiteURL.statusUpdate(.value(update.id)).path) }
                            El("td", []) { update.state.tag }
                            El("td", []) { RatingTag(rag: update.fields.overall.rag) }
                            El("td", []) { MovementText(movement: RAGMovement.between(before?.fields.overall.rag, update.fields.overall.rag)) }
                            for dimension in StatusDimension.allCases {
                                El("td", []) { RatingTag(rag: update.fields.rating(dimension).rag) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One revision of a period's update: its ratings with their movement and reasons, and its narrative.
struct StatusUpdatePage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var update: StatusUpdate
    /// Every revision of the same period, the latest first.
    var revisions: [StatusUpdate]
    /// The update reported for the period before, to show movement.
    var previous: StatusUpdate?
    var submittedBy: String?
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        let fields = update.fields
        let latest = revisions.first?.id == update.id
        return Layout.render(PageChrome(title: update.title + " of " + project.code, signedIn: signedIn, section: .portfolio, notice: notice,
                                 breadcrumbs: logCrumbs(project, .updates))) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(update.title) }
            El("p", [("class", "wm-body")]) {
                update.state.tag
                if let at = update.submittedAt {
                    Safe(" Submitted " + DateText.long(at) + (submittedBy.map { " by " + $0 } ?? "") + ".")
                } else {
                    Safe(" Not submitted: the team may still change it.")
                }
                if !latest { Safe(" A later revision corrects this one.") }
            }
            RatingsTable(rows: fields.ratings(comparedWith: previous?.fields),
                         caption: "Ratings" + (previous.map { ", with movement since the \($0.period.label) update" } ?? ""))
            NarrativeList(fields: fields)
            if canEdit {
                El("div", [("class", "wm-button-group")]) {
                    if update.state == .draft {
                        El("a", [("class", "wm-button-link"), ("href", SiteURL.editStatusUpdate(.value(update.id)).path)]) { Safe("Edit or submit the draft") }
                        TextLink("Discard the draft", SiteURL.discardStatusUpdate(.value(update.id)).path)
                    } else if latest {
                        StartUpdateForm(project: project.id, period: update.period, label: "Correct this update", secondary: true,
                                        csrf: signedIn.csrfToken)
                    }
                }
            }
            if revisions.count > 1 {
                El("h2", [("class", "wm-heading-m")]) { Safe("Revisions") }
                El("ul", [("class", "wm-list")]) {
                    for revision in revisions {
                        El("li", []) {
                            if revision.id == update.id { Safe("Revision \(revision.revision) (this one), ") }
                            else { TextLink("Revision \(revision.revision)", SiteURL.statusUpdate(.value(revision.id)).path); Safe(", ") }
                            Safe(revision.submittedAt.map { "submitted " + DateText.long($0) } ?? "draft")
                        }
                    }
                }
            }
            if update.state == .submitted {
                El("p", [("class", "wm-body")]) {
                    TextLink("Highlight report for \(update.period.label)",
                             SiteURL.highlightReport(.value(project.id)).path(query: [("period", update.period.key)]))
                }
            }
            El("p", [("class", "wm-body")]) { TextLink("Every change to this project", SiteURL.projectHistory(.value(project.id)).path) }
        }
    }
}

/// An update's ratings, each with its movement and reason.
struct RatingsTable: Component {
    var rows: [(label: String, rating: Rating, movement: RAGMovement?)]
    var caption: String

    var body: Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe(caption) }
                El("thead", []) {
                    El("tr", []) { for heading in ["", "Status", "Movement", "Why"] { El("th", [("scope", "col")]) { Safe(heading) } } }
                }
                El("tbody", []) {
                    for row in rows {
                        El("tr", []) {
                            El("th", [("scope", "row")]) { Safe(row.label) }
                            El("td", []) { RatingTag(rag: row.rating.rag) }
                            El("td", []) { MovementText(movement: row.movement) }
                            El("td", []) { MultilineText(text: row.rating.justification, empty: "") }
                        }
                    }
                }
            }
        }
    }
}

/// An update's narrative sections.
struct NarrativeList: Component {
    var fields: StatusUpdateFields

    var body: Component {
        SummaryList(rows: StatusNarrative.allCases.map { section in
            (section.label, MultilineText(text: fields.text(section), empty: "Nothing written") as Component)
        })
    }
}

/// The fields of a status update's form: each rating with its reason, then the narrative.
struct StatusUpdateFormFields: Component {
    var input: StatusUpdateInput
    var failure: ValidationFailure

    var body: Component {
        ComponentGroup {
            rating("overall", "Overall status", RAG.allCases,
                   hint: "Blue when the project has delivered and is closing; otherwise green, amber or red.")
            for dimension in StatusDimension.allCases {
                rating(dimension.rawValue, dimension.label, [.green, .amber, .red], hint: nil)
            }
            for section in StatusNarrative.allCases {
                TextAreaField(name: section.rawValue, label: section.label + (section == .summary ? "" : " (optional)"),
                              hint: Self.hints[section], value: input.values[section.rawValue],
                              error: failure.message(for: section.rawValue))
            }
        }
    }

    static let hints: [StatusNarrative: String] = [
        .summary: "Where the project stands, in a few sentences a board member can read at a glance.",
        .doneThisPeriod: "Started from what the last update planned and the milestones completed.",
        .plannedNextPeriod: "Started from the milestones due next period.",
        .decisionsNeeded: "What the board or others must decide or provide, and by when.",
        .escalations: "Started from the risks and issues escalated beyond the project, and slipped milestones.",
    ]

    private func rating(_ key: String, _ label: String, _ choices: [RAG], hint: String?) -> Component {
        El("div", [("class", "wm-rating")]) {
            ChoiceGroup(kind: .radio, name: key, legend: label, hint: hint,
                        options: choices.map { ($0.rawValue, $0.label + ": " + $0.meaning.prefix(1).lowercased() + $0.meaning.dropFirst()) },
                        selected: Set([input.values[key] ?? ""]), error: failure.message(for: key), small: true)
            TextAreaField(name: key + "Justification", label: "Why " + label.lowercased() + " is rated so",
                          hint: "Needed for red and amber: what is off plan, and what is being done about it.",
                          value: input.values[key + "Justification"], error: failure.message(for: key + "Justification"))
        }
    }
}
