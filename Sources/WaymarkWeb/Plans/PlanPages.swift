import Foundation
import Plot
import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup

extension MilestoneStatus {
    var tag: Tag {
        switch self {
        case .notStarted: Tag(text: label, colour: "grey")
        case .onTrack: Tag(text: label, colour: "green")
        case .atRisk: Tag(text: label, colour: "orange")
        case .missed: Tag(text: label, colour: "red")
        case .complete: Tag(text: label, colour: "blue")
        }
    }
}

/// A milestone's dates in a table cell: the date, and whether it is overdue or has slipped.
struct MilestoneDates: Component {
    var milestone: Milestone
    var today: CalendarDate

    var body: Component {
        var html = HTMLBytes(capacity: 128)
        write(to: &html)
        return html.component
    }

    func write(to html: inout HTMLBytes) {
        html.text(milestone.expectedDate.longFormat)
        if milestone.fields.actualDate != nil { html.text(" (achieved)") }
        if milestone.isOverdue(today: today) { html.overdue() }
    }
}

/// A project's plan: the timeline of its milestones (baseline beside forecast, today marked) with
/// the same rows as a table, baselining with a reason, and every earlier baseline, any of which
/// can be compared with today's plan.
struct PlanPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var milestones: [Milestone]
    var baselines: [PlanBaseline]
    var owners: [UUID: String]
    var stages: [UUID: String]
    var today: CalendarDate
    var canEdit: Bool
    var canBaseline: Bool
    var notice: String?
    /// The baseline compared with today's plan, when one was chosen.
    var compared: PlanBaseline?
    var errors: [FieldError] = []
    var reason: String?

    func render() -> String {
        let failure = ValidationFailure(errors)
        let timeline = PlanTimeline(title: "Plan of \(project.code): milestones against the baseline", rows: milestones.map {
            PlanTimeline.Row($0, today: today, link: SiteURL.milestone(.value($0.id)).path)
        }, today: today)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Plan of " + project.fields.title, signedIn: signedIn,
                                        section: .portfolio, notice: notice,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path)])) {
            ErrorSummary(errors: errors)
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Plan of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .plan)
            CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.plan)).path, what: "this plan")
            El("form", [("method", "post"), ("action", SiteURL.calendarFeeds.path), ("class", "wm-inline-form")]) {
                CSRFField(token: signedIn.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "project"), ("value", project.id.lowercasedText)])
                SubmitButton(label: "Add this project's dates to your calendar", style: "secondary")
            }
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newMilestone(.value(project.id)).path)]) { Safe("Add a milestone") }
            }
            if milestones.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No milestones have been planned for this project.") }
            } else {
                El("p", [("class", "wm-body")]) {
                    Safe(baselines.isEmpty
                         ? "The plan has not been baselined: once it is, each milestone's slippage is measured against it."
                         : "Measured against baseline \(baselines[0].number), taken on \(CalendarDate(baselines[0].createdAt, calendar: DateText.calendar).longFormat).")
                }
                El("div", [("class", "wm-timeline-wrap")]) { timeline.svg(id: "plan-timeline") }
                El("p", [("class", "wm-hint")]) {
                    Safe("Open diamonds are baseline dates, filled ones forecast or actual dates; the dashed line is today.")
                }
                milestoneTable()
            }
            if let compared { comparison(compared) }
            if canBaseline && !milestones.isEmpty {
                El("h2", [("class", "wm-heading-m"), ("id", "baseline")]) { Safe("Baseline the plan") }
                El("p", [("class", "wm-body")]) {
                    Safe("Baselining copies every milestone's forecast date into its baseline. Earlier baselines are kept and can be compared with the plan.")
                }
                El("form", [("method", "post"), ("action", SiteURL.baselinePlan(.value(project.id)).path), ("novalidate", "")]) {
                    CSRFField(token: signedIn.csrfToken)
                    TextAreaField(name: "reason", label: "Reason", hint: "For example, the plan approved at the project board on 3 March.",
                                  value: reason, error: failure.message(for: "reason"))
                    SubmitButton(label: "Baseline the plan", style: "secondary")
                }
            }
            if !baselines.isEmpty {
                El("h2", [("class", "wm-heading-m"), ("id", "baselines")]) { Safe("Baselines") }
                El("ul", [("class", "wm-list")]) {
                    for baseline in baselines {
                        El("li", []) {
                            Safe("Baseline \(baseline.number), \(CalendarDate(baseline.createdAt, calendar: DateText.calendar).longFormat), by \(baseline.actorName): \(baseline.reason) ")
                            TextLink("Compare baseline \(baseline.number) with today's plan",
                                     SiteURL.projectPlan(.value(project.id)).path(query: [("compare", String(baseline.number))]) + "#comparison")
                        }
                    }
                }
            }
        }
    }

    private func milestoneTable() -> Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe("\(milestones.count) \(milestones.count == 1 ? "milestone" : "milestones"), by date") }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["Milestone", "Owner", "Baseline", "Forecast or actual", "Slippage", "Status"] {
                            El("th", [("scope", "col")]) { Safe(heading) }
                        }
                    }
                }
                El("tbody", []) {
                    for milestone in milestones {
                        El("tr", []) {
                            El("td", []) {
                                TextLink(milestone.reference + " " + milestone.fields.title, SiteURL.milestone(.value(milestone.id)).path)
                                if milestone.fields.isKey { Safe(" "); Tag(text: "Key", colour: "purple") }
                            }
                            El("td", []) { Safe(milestone.fields.ownerID.flatMap { owners[$0] } ?? "No owner") }
                            El("td", []) { Safe(milestone.baselineDate?.longFormat ?? "Not baselined") }
                            El("td", []) { MilestoneDates(milestone: milestone, today: today) }
                            El("td", []) { Safe(slippageText(milestone.slippageDays) ?? "") }
                            El("td", []) { milestone.fields.status.tag }
                        }
                    }
                }
            }
        }
    }

    /// A baseline against today's plan: each milestone's date then and now.
    private func comparison(_ baseline: PlanBaseline) -> Component {
        let current = Dictionary(milestones.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let baselined = Set(baseline.entries.map(\.milestoneID))
        let added = milestones.filter { !baselined.contains($0.id) }
        return ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "comparison")]) { Safe("Baseline \(baseline.number) against today's plan") }
            El("p", [("class", "wm-body")]) { Safe("Why it was baselined: " + baseline.reason) }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table")]) {
                    El("caption", []) { Safe("Each milestone's date in baseline \(baseline.number) and today") }
                    El("thead", []) {
                        El("tr", []) {
                            for heading in ["Milestone", "In baseline \(baseline.number)", "Today", "Difference"] {
                                El("th", [("scope", "col")]) { Safe(heading) }
                            }
                        }
                    }
                    El("tbody", []) {
                        for entry in baseline.entries {
                            let now = current[entry.milestoneID]
                            El("tr", []) {
                                El("td", []) { Safe(entry.reference + " " + (now?.fields.title ?? entry.title)) }
                                El("td", []) { Safe(entry.date.longFormat) }
                                El("td", []) { Safe(now.map { $0.expectedDate.longFormat } ?? "Removed from the plan") }
                                El("td", []) {
                                    Safe(now.flatMap { slippageText(Int($0.expectedDate.daysSinceEpoch - entry.date.daysSinceEpoch)) } ?? "")
                                }
                            }
                        }
                        for milestone in added {
                            El("tr", []) {
                                El("td", []) { Safe(milestone.reference + " " + milestone.fields.title) }
                                El("td", []) { Safe("Not in this baseline") }
                                El("td", []) { Safe(milestone.expectedDate.longFormat) }
                                El("td", []) { Safe("Added since") }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One milestone: its dates, slippage, owner, stage and notes.
struct MilestonePage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var milestone: Milestone
    var owner: String?
    var stage: String?
    var today: CalendarDate
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?

    func render() -> String {
        let fields = milestone.fields
        return Layout.render(PageChrome(title: milestone.reference + " " + fields.title, signedIn: signedIn, section: .portfolio,
                                        notice: notice,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path),
                                                      ("Plan", SiteURL.projectPlan(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + milestone.reference) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.title) }
            SummaryList(rows: [
                ("Status", fields.status.tag),
                ("Key milestone", Safe(fields.isKey ? "Yes: reports and the portfolio timeline show it" : "No")),
                ("Owner", Safe(owner ?? "No owner")),
                ("Baseline date", Safe(milestone.baselineDate?.longFormat ?? "Not baselined yet")),
                ("Forecast date", ComponentGroup {
                    Safe(fields.forecastDate.longFormat)
                    if milestone.isOverdue(today: today) { Safe(" "); Tag(text: "Overdue", colour: "red") }
                }),
                ("Actual date", Safe(fields.actualDate?.longFormat ?? "Not achieved yet")),
                ("Slippage", Safe(slippageText(milestone.slippageDays) ?? "Measured once the plan is baselined")),
                ("Stage", Safe(stage ?? "None")),
                ("Notes", MultilineText(text: fields.notes)),
            ])
            if canEdit || canDelete {
                El("div", [("class", "wm-button-group")]) {
                    if canEdit {
                        El("a", [("class", "wm-button-link"), ("href", SiteURL.editMilestone(.value(milestone.id)).path)]) { Safe("Edit milestone") }
                    }
                    if canDelete { TextLink("Delete milestone", SiteURL.deleteMilestone(.value(milestone.id)).path) }
                }
            }
            El("p", [("class", "wm-body")]) { TextLink("Every change to this project", SiteURL.projectHistory(.value(project.id)).path) }
        }
    }
}

/// Adding a milestone to the plan, or changing one.
struct MilestoneFormPage: RenderablePage {
    enum Mode {
        case create
        case edit(Milestone)
    }

    var signedIn: SignedIn
    var project: Project
    var mode: Mode
    var input: MilestoneInput
    var errors: [FieldError]
    var owners: [(UUID, String)]
    var stages: [LifecycleStage]
    var version: Int? = nil
    var conflictVersion: Int? = nil

    var title: String {
        switch mode {
        case .create: "Add a milestone"
        case .edit(let milestone): "Edit " + milestone.reference + " " + milestone.fields.title
        }
    }

    var action: String {
        switch mode {
        case .create: SiteURL.projectPlan(.value(project.id)).path
        case .edit(let milestone): SiteURL.editMilestone(.value(milestone.id)).path
        }
    }

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn, section: .portfolio,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path),
                                                      ("Plan", SiteURL.projectPlan(.value(project.id)).path)])) {
            ErrorSummary(errors: errors)
            if let conflictVersion, case .edit(let milestone) = mode {
                ConflictNotice(noun: "milestone", version: conflictVersion, current: SiteURL.milestone(.value(milestone.id)).path)
            }
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let version { VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(version))]) }
                TextInput(name: "title", label: "Milestone", hint: "What will have happened, for example \"First patients seen in the hub\".",
                          value: input.title, error: failure.message(for: "title"))
                SelectField(name: "ownerId", label: "Owner (optional)", hint: "Who answers for it. Add them to the team first.",
                            options: owners.map { ($0.0.lowercasedText, $0.1) }, selected: input.ownerID,
                            error: failure.message(for: "ownerId"), blank: "No owner")
                TextInput(name: "forecastDate", label: "Forecast date", hint: "When it is expected now.",
                          value: input.forecastDate, error: failure.message(for: "forecastDate"), type: "date", width: "short")
                TextInput(name: "actualDate", label: "Actual date (once achieved)", hint: "Leave empty until it has happened.",
                          value: input.actualDate, error: failure.message(for: "actualDate"), type: "date", width: "short")
                SelectField(name: "status", label: "Status", options: MilestoneStatus.allCases.map { ($0.rawValue, $0.label) },
                            selected: input.status ?? MilestoneStatus.notStarted.rawValue, error: failure.message(for: "status"))
                SelectField(name: "stageId", label: "Stage (optional)", options: stages.map { ($0.id.lowercasedText, $0.name) },
                            selected: input.stageID, error: failure.message(for: "stageId"), blank: "No stage")
                ChoiceGroup(kind: .radio, name: "key", legend: "Is it a key milestone?",
                            hint: "Key milestones appear in reports and on the portfolio timeline.",
                            options: [("true", "Yes"), ("false", "No")], selected: Set([input.isKey ?? "false"]),
                            error: failure.message(for: "key"))
                TextAreaField(name: "notes", label: "Notes (optional)", value: input.notes, error: failure.message(for: "notes"))
                SubmitButton(label: { if case .create = mode { return "Add milestone" } else { return "Save changes" } }())
            }
        }
    }
}

struct DeleteMilestonePage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var milestone: Milestone

    func render() -> String {
        Layout.render(PageChrome(title: "Delete " + milestone.reference + " " + milestone.fields.title, signedIn: signedIn, section: .portfolio,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                               (project.code, SiteURL.project(.value(project.id)).path),
                                               ("Plan", SiteURL.projectPlan(.value(project.id)).path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Delete " + milestone.reference + " " + milestone.fields.title + "?") }
            El("div", [("class", "wm-inset")]) {
                El("p", [("class", "wm-body")]) {
                    Safe("Deleting removes the milestone from the plan. Baselines that included it keep its date, and the project's history keeps a record that it existed.")
                }
            }
            El("form", [("method", "post"), ("action", SiteURL.deleteMilestone(.value(milestone.id)).path)]) {
                CSRFField(token: signedIn.csrfToken)
                SubmitButton(label: "Delete milestone", style: "warning")
                TextLink("Cancel", SiteURL.milestone(.value(milestone.id)).path)
            }
        }
    }
}

/// Key milestones across the portfolio: those due, overdue or slipped in the next 30, 60 or 90
/// days, of every project the person may read, filtered like the portfolio.
struct PortfolioTimelinePage: RenderablePage {
    var signedIn: SignedIn
    var query: PortfolioQuery
    var window: MilestoneWindow
    var page: Page<ScheduledMilestone>
    var references: ReferenceData
    var today: CalendarDate

    func render() -> String { String(decoding: renderBytes(), as: UTF8.self) }

    func renderBytes() -> [UInt8] {
        let names = Dictionary(references.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let items = page.items, total = page.total
        let timeline = PlanTimeline(title: "Key milestones in the next \(window.days) days", rows: items.map { item in
            PlanTimeline.Row(item.milestone, today: today, label: "\(item.projectCode) \(item.milestone.fields.title)",
                             link: SiteURL.milestone(.value(item.milestone.id)).path)
        }, today: today)
        return Layout.bytes(PageChrome(title: "Key milestones", signedIn: signedIn, section: .timeline)) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Key milestones") }
            El("p", [("class", "wm-body")]) {
                Safe("Key milestones of the projects you may see that are due in the next \(window.days) days, already overdue, or slipped past a baseline date in that time.")
            }
            El("form", [("method", "get"), ("action", SiteURL.portfolioTimeline.path), ("class", "wm-filter")]) {
                SelectField(name: "window", label: "Due within", options: MilestoneWindow.choices.map { (String($0), "\($0) days") },
                            selected: String(window.days))
                SelectField(name: "organisation", label: "Lead organisation",
                            options: references.organisations.map { ($0.id.lowercasedText, $0.name) },
                            selected: query.organisationID?.lowercasedText, blank: "Any organisation")
                SelectField(name: "programme", label: "Programme", options: references.programmes.map { ($0.id.lowercasedText, $0.name) },
                            selected: query.programmeID?.lowercasedText, blank: "Any programme")
                SelectField(name: "theme", label: "Strategic theme", options: references.themes.map { ($0.id.lowercasedText, $0.name) },
                            selected: query.themeID?.lowercasedText, blank: "Any theme")
                SubmitButton(label: "Apply", style: "secondary")
            }
            CSVLink(url: SiteURL.keyMilestonesExport.path(query: [("window", String(window.days))]
                                                          + [("organisation", query.organisationID), ("programme", query.programmeID),
                                                             ("theme", query.themeID)].compactMap { key, id in id.map { (key, $0.lowercasedText) } }),
                    what: "these milestones")
            if items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No key milestones fall in this window.") }
            } else {
                El("div", [("class", "wm-timeline-wrap")]) { timeline.svg(id: "portfolio-timeline") }
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) {
                            Safe(total > items.count
                                 ? "Key milestones \(page.request.offset + 1) to \(page.request.offset + items.count) of \(total), soonest first"
                                 : "\(total) key \(total == 1 ? "milestone" : "milestones"), soonest first")
                        }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Milestone", "Project", "Lead organisation", "Baseline", "Forecast", "Slippage", "Status"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) { rows(items, names) }
                    }
                }
                if page.pageCount > 1 {
                    Pagination(page: page.request.page, pageCount: page.pageCount, total: total, noun: "key milestones") { number in
                        SiteURL.portfolioTimeline.path(query: [("window", String(window.days))] + query.queryItems
                                                       + (number > 1 ? [("page", String(number))] : []))
                    }
                }
            }
        }
    }

    /// The table's rows, written straight into bytes: the same HTML as their elements, without a
    /// component for each cell.
    private func rows(_ items: [ScheduledMilestone], _ names: [UUID: String]) -> Component {
        var html = HTMLBytes(capacity: items.count * 700)
        for item in items {
            let milestone = item.milestone
            html.open("tr")
            html.open("td")
            html.element("a", [("href", SiteURL.milestone(.value(milestone.id)).path)], text: milestone.reference + " " + milestone.fields.title)
            html.close("td")
            html.open("td")
            html.element("a", [("href", SiteURL.projectPlan(.value(milestone.projectID)).path)], text: item.projectCode + " " + item.projectTitle)
            html.close("td")
            html.element("td", text: names[item.leadOrganisationID] ?? "")
            html.element("td", text: milestone.baselineDate?.longFormat ?? "Not baselined")
            html.open("td")
            MilestoneDates(milestone: milestone, today: today).write(to: &html)
            html.close("td")
            html.element("td", text: slippageText(milestone.slippageDays) ?? "")
            html.open("td")
            html.tag(milestone.fields.status.tag)
            html.close("td")
            html.close("tr")
        }
        return html.component
    }
}
