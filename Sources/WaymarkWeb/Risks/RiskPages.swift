import Foundation
import Plot
import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup

/// A band's name as a tag: its place in the table gives its colour (the text says the band, so
/// colour is never the only signal).
func bandTag(_ band: String, _ table: RiskBandTable) -> Tag {
    let colours = ["green", "yellow", "orange", "red"]
    let position = table.bands.firstIndex { $0.name == band } ?? (table.bands.count - 1)
    return Tag(text: band, colour: colours[min(position, colours.count - 1)])
}

func ratingText(_ rating: RiskRating) -> String {
    "\(rating.score) (\(rating.likelihood.label) × \(rating.consequence.label))"
}

/// A project's risk register: the heat map of its open risks' current scores, with a table
/// alternative, and every risk with its current and target score, owner and review date.
struct RiskRegisterPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var risks: [Risk]
    var settings: RiskSettings
    var owners: [UUID: String]
    var today: CalendarDate
    var canEdit: Bool
    var notice: String?
    /// Only the risks in this cell of the heat map, when it was followed from there.
    var cell: RiskRating?

    func render() -> String {
        let open = risks.filter { $0.fields.status == .open }
        let counts = Dictionary(open.map { ($0.fields.current, 1) }, uniquingKeysWith: +)
        let path = SiteURL.projectRisks(.value(project.id))
        // Each cell's link is the register's address with two digits: written out, not encoded 25 times.
        let base = path.path
        let map = RiskHeatMap(title: "Open risks of \(project.code) by current score", counts: counts, bands: settings.bands) {
            base + "?likelihood=\($0.likelihood.rawValue)&consequence=\($0.consequence.rawValue)#register"
        }
        let shown = cell.map { cell in open.filter { $0.fields.current == cell } } ?? risks
        return Layout.render(PageChrome(title: "Risks of " + project.fields.title, signedIn: signedIn, section: .portfolio,
                                        notice: notice,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Risks of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .risks)
            CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.risks)).path, what: "this log")
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newRisk(.value(project.id)).path)]) { Safe("Record a risk") }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Open risks by current score") }
            El("div", [("class", "wm-heat-map-wrap")]) { map.svg(id: "heat-map") }
            El("details", [("class", "wm-details")]) {
                El("summary", []) { Safe("The heat map as a table") }
                map.table(caption: "Open risks by likelihood and consequence (count, score and band)")
            }
            El("h2", [("class", "wm-heading-m"), ("id", "register")]) { Safe("Register") }
            if let cell {
                El("p", [("class", "wm-body")]) {
                    Safe("Showing the open risks rated \(cell.likelihood.label) by \(cell.consequence.label) (score \(cell.score)). ")
                    TextLink("Show every risk", path.path + "#register")
                }
            }
            if shown.isEmpty {
                El("p", [("class", "wm-body")]) { Safe(risks.isEmpty ? "No risks have been recorded for this project." : "No risks here.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(shown.count) \(shown.count == 1 ? "risk" : "risks")") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Risk", "Owner", "Current score", "Target score", "Next review", "Status"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) { rows(shown) }
                    }
                }
            }
        }
    }

    /// The register's rows, written straight into bytes: the same HTML as their elements, without
    /// a component for each cell.
    private func rows(_ shown: [Risk]) -> Component {
        var html = HTMLBytes(capacity: shown.count * 700)
        for risk in shown {
            let fields = risk.fields
            html.open("tr")
            html.open("td")
            html.element("a", [("href", SiteURL.risk(.value(risk.id)).path)], text: risk.reference + " " + fields.title)
            if settings.isEscalationCandidate(fields) {
                html.text(" ")
                html.tag(Tag(text: "Escalation candidate", colour: "red"))
            }
            html.close("td")
            html.element("td", text: fields.ownerID.flatMap { owners[$0] } ?? "No owner")
            for (score, band) in [(fields.current.score, risk.currentBand), (fields.target.score, risk.targetBand)] {
                html.open("td")
                html.text("\(score) ")
                html.tag(bandTag(band, settings.bands))
                html.close("td")
            }
            html.open("td")
            html.text(fields.reviewDate?.longFormat ?? "Not set")
            if fields.isReviewOverdue(today: today) { html.overdue() }
            html.close("td")
            html.element("td", text: fields.status.label)
            html.close("tr")
        }
        return html.component
    }
}

/// One risk: its description, ratings, owner, dates and the history of its current score.
struct RiskPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var risk: Risk
    var settings: RiskSettings
    var categories: [RiskCategory]
    var owner: String?
    var history: [RiskScorePoint]
    var today: CalendarDate
    /// Now, by the application's clock: where the score's trend line ends.
    var now: Date
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?
    /// What went wrong with an escalation asked for on this page, and what was typed.
    var errors: [FieldError] = []
    var escalationInput: (level: String?, reason: String?) = (nil, nil)
    /// The issue raised from it, when it materialised.
    var issue: Issue? = nil
    /// The actions for this risk.
    var actions: ItemActionsSection? = nil

    func render() -> String {
        let fields = risk.fields
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + risk.reference + " " + fields.title,
                                        signedIn: signedIn, section: .portfolio,
                                        notice: notice,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path),
                                                      ("Risks", SiteURL.projectRisks(.value(project.id)).path)])) {
            ErrorSummary(errors: errors)
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + risk.reference) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.title) }
            if settings.isEscalationCandidate(fields) {
                El("div", [("class", "wm-inset")]) {
                    El("p", [("class", "wm-body")]) {
                        Safe("Its current score, \(fields.current.score), has reached the escalation threshold (\(settings.escalationThreshold)): consider escalating it to the organisation or system register.")
                    }
                }
            }
            SummaryList(rows: [
                ("Cause", MultilineText(text: fields.cause)),
                ("Event", MultilineText(text: fields.event)),
                ("Effect", MultilineText(text: fields.effect)),
                ("Category", Safe(fields.categoryID.flatMap { id in categories.first { $0.id == id }?.name } ?? "None")),
                ("Owner", Safe(owner ?? "No owner")),
                ("Inherent score", rating(fields.inherent, risk.inherentBand)),
                ("Current score", rating(fields.current, risk.currentBand)),
                ("Target score", rating(fields.target, risk.targetBand)),
                ("Response", Safe(fields.response.label)),
                ("Proximity", Safe(fields.proximity?.longFormat ?? "Not known")),
                ("Next review", ComponentGroup {
                    Safe(fields.reviewDate?.longFormat ?? "Not set")
                    if fields.isReviewOverdue(today: today) { Safe(" "); Tag(text: "Overdue", colour: "red") }
                }),
                ("Status", ComponentGroup {
                    Safe(fields.status.label)
                    if let issue {
                        Safe(": ")
                        TextLink("issue \(issue.reference) \(issue.fields.title)", SiteURL.issue(.value(issue.id)).path)
                    }
                }),
                ("Register", ComponentGroup {
                    Safe(fields.escalation.label)
                    if !risk.escalationReason.isEmpty {
                        VoidEl("br", [])
                        El("span", [("class", "wm-secondary")]) { Safe("Why: " + risk.escalationReason) }
                    }
                }),
            ])
            if canEdit || canDelete {
                El("div", [("class", "wm-button-group")]) {
                    if canEdit { El("a", [("class", "wm-button-link"), ("href", SiteURL.editRisk(.value(risk.id)).path)]) { Safe("Edit risk") } }
                    if canDelete { TextLink("Delete risk", SiteURL.deleteRisk(.value(risk.id)).path) }
                }
            }
            if let actions { actions }
            if canEdit {
                EscalationForm(action: SiteURL.escalateRisk(.value(risk.id)).path, csrfToken: signedIn.csrfToken, version: risk.version,
                               current: fields.escalation, item: "risk", input: escalationInput, failure: failure)
                if fields.status == .open { materialiseForm }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Current score over time") }
            El("div", [("class", "wm-trend-wrap")]) {
                RiskScoreTrend(title: "\(risk.reference)'s current score over time", points: history, bands: settings.bands, until: now,
                               calendar: DateText.calendar)
                    .svg(id: "score-trend")
            }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table")]) {
                    El("caption", []) { Safe("Each change of the current score, oldest first") }
                    El("thead", []) {
                        El("tr", []) {
                            for heading in ["From", "Score", "Likelihood", "Consequence", "Band"] { El("th", [("scope", "col")]) { Safe(heading) } }
                        }
                    }
                    El("tbody", []) {
                        for point in history {
                            El("tr", []) {
                                El("td", []) { Safe(CalendarDate(point.recordedAt, calendar: DateText.calendar).longFormat) }
                                El("td", []) { Safe(String(point.rating.score)) }
                                El("td", []) { Safe(point.rating.rating.likelihood.label) }
                                El("td", []) { Safe(point.rating.rating.consequence.label) }
                                El("td", []) { bandTag(point.rating.band, settings.bands) }
                            }
                        }
                    }
                }
            }
            El("p", [("class", "wm-body")]) { TextLink("Every change to this project", SiteURL.projectHistory(.value(project.id)).path) }
        }
    }

    /// Recording that the risk happened: it closes as materialised and an issue is raised from it.
    private var materialiseForm: Component {
        ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "materialise")]) { Safe("If it has happened") }
            El("p", [("class", "wm-body")]) {
                Safe("A risk that has happened is an issue. This closes the risk as materialised and logs an issue from it, with its owner and a priority from its current band, on the same register.")
            }
            El("form", [("method", "post"), ("action", SiteURL.materialiseRisk(.value(risk.id)).path)]) {
                CSRFField(token: signedIn.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(risk.version))])
                SubmitButton(label: "Record that it happened and log an issue", style: "secondary")
            }
        }
    }

    private func rating(_ rating: RiskRating, _ band: String) -> Component {
        ComponentGroup {
            Safe(ratingText(rating) + " ")
            bandTag(band, settings.bands)
        }
    }
}

/// Recording a risk, or changing one: its description, the three ratings as likelihood and
/// consequence from the NPSA matrix, owner, response, dates and status.
struct RiskFormPage: RenderablePage {
    enum Mode {
        case create
        case edit(Risk)
    }

    var signedIn: SignedIn
    var project: Project
    var mode: Mode
    var input: RiskInput
    var errors: [FieldError]
    var categories: [RiskCategory]
    var owners: [(UUID, String)]
    var version: Int? = nil
    var conflictVersion: Int? = nil

    var title: String {
        switch mode {
        case .create: "Record a risk"
        case .edit(let risk): "Edit " + risk.reference + " " + risk.fields.title
        }
    }

    var action: String {
        switch mode {
        case .create: SiteURL.projectRisks(.value(project.id)).path
        case .edit(let risk): SiteURL.editRisk(.value(risk.id)).path
        }
    }

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn, section: .portfolio,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path),
                                                      ("Risks", SiteURL.projectRisks(.value(project.id)).path)])) {
            ErrorSummary(errors: errors)
            if let conflictVersion, case .edit(let risk) = mode {
                ConflictNotice(noun: "risk", version: conflictVersion, current: SiteURL.risk(.value(risk.id)).path)
            }
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let version { VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(version))]) }
                TextInput(name: "title", label: "Risk title", hint: "A few words a register can list it by.", value: input.title,
                          error: failure.message(for: "title"))
                TextAreaField(name: "cause", label: "Cause", hint: "What could lead to it: because of …", value: input.cause,
                              error: failure.message(for: "cause"))
                TextAreaField(name: "event", label: "Event", hint: "What could happen: there is a risk that …", value: input.event,
                              error: failure.message(for: "event"))
                TextAreaField(name: "effect", label: "Effect", hint: "What it would do: which would lead to …", value: input.effect,
                              error: failure.message(for: "effect"))
                SelectField(name: "categoryId", label: "Category", hint: "The portfolio office keeps the list, in the risk settings.",
                            options: categories.map { ($0.id.lowercasedText, $0.name) },
                            selected: input.categoryID, error: failure.message(for: "categoryId"), blank: "No category")
                SelectField(name: "ownerId", label: "Owner", hint: "Who manages the risk. Open risks need an owner; add them to the team first.",
                            options: owners.map { ($0.0.lowercasedText, $0.1) }, selected: input.ownerID,
                            error: failure.message(for: "ownerId"), blank: "Select the owner")
                rating("inherent", "Inherent score", "Before any controls.", input.inherentLikelihood, input.inherentConsequence, failure)
                rating("current", "Current score", "Now, with the controls in place.", input.currentLikelihood,
                       input.currentConsequence, failure)
                rating("target", "Target score", "Once the planned actions are done.", input.targetLikelihood, input.targetConsequence,
                       failure)
                ChoiceGroup(kind: .radio, name: "response", legend: "Response", options: RiskResponse.allCases.map { ($0.rawValue, $0.label) },
                            selected: Set([input.response ?? RiskResponse.treat.rawValue]), error: failure.message(for: "response"))
                TextInput(name: "proximity", label: "Proximity (optional)", hint: "When it could happen, if known.",
                          value: input.proximity, error: failure.message(for: "proximity"), type: "date", width: "short")
                TextInput(name: "reviewDate", label: "Next review", value: input.reviewDate,
                          error: failure.message(for: "reviewDate"), type: "date", width: "short")
                SelectField(name: "status", label: "Status", options: RiskStatus.allCases.map { ($0.rawValue, $0.label) },
                            selected: input.status ?? RiskStatus.open.rawValue, error: failure.message(for: "status"))
                SubmitButton(label: { if case .create = mode { return "Record risk" } else { return "Save changes" } }())
            }
        }
    }

    private func rating(_ name: String, _ legend: String, _ hint: String, _ likelihoodValue: String?, _ consequenceValue: String?,
                        _ failure: ValidationFailure) -> El {
        let likelihood = name + "Likelihood", consequence = name + "Consequence"
        return El("fieldset", [("class", "wm-fieldset wm-rating")]) {
            El("legend", [("class", "wm-fieldset__legend")]) { Safe(legend) }
            El("p", [("class", "wm-hint")]) { Safe(hint + " Score = likelihood × consequence.") }
            SelectField(name: likelihood, label: "Likelihood",
                        options: Likelihood.allCases.map { (String($0.rawValue), "\($0.rawValue) \($0.label)") },
                        selected: likelihoodValue, error: failure.message(for: likelihood), blank: "Select")
            SelectField(name: consequence, label: "Consequence",
                        options: Consequence.allCases.map { (String($0.rawValue), "\($0.rawValue) \($0.label)") },
                        selected: consequenceValue, error: failure.message(for: consequence), blank: "Select")
        }
    }
}

struct DeleteRiskPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var risk: Risk

    func render() -> String {
        Layout.render(PageChrome(title: "Delete " + risk.reference + " " + risk.fields.title, signedIn: signedIn, section: .portfolio,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                               (project.code, SiteURL.project(.value(project.id)).path),
                                               ("Risks", SiteURL.projectRisks(.value(project.id)).path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Delete " + risk.reference + " " + risk.fields.title + "?") }
            El("div", [("class", "wm-inset")]) {
                El("p", [("class", "wm-body")]) {
                    Safe("Deleting removes a risk recorded by mistake from the register, with its score history. The project's history keeps a record that it existed. A risk that no longer applies should be closed instead.")
                }
            }
            El("form", [("method", "post"), ("action", SiteURL.deleteRisk(.value(risk.id)).path)]) {
                CSRFField(token: signedIn.csrfToken)
                SubmitButton(label: "Delete risk", style: "warning")
                TextLink("Cancel", SiteURL.risk(.value(risk.id)).path)
            }
        }
    }
}

/// The risks escalated to the system's register, or to an organisation's: filters, the heat map
/// of their current scores (each cell a link to the risks in it, with a table alternative), and
/// each risk with its project and the reason it was escalated; then the issues escalated to the
/// same register that are still to be dealt with.
struct EscalatedRisksPage: RenderablePage {
    var signedIn: SignedIn
    var query: RiskRegisterQuery
    var page: Page<RegisteredRisk>
    var issues: Page<RegisteredIssue>
    /// How many of the register's risks sit in each cell, over every page.
    var cells: [RiskRating: Int]
    var settings: RiskSettings
    var organisations: [Organisation]
    var today: CalendarDate

    var scopeName: String {
        switch query.scope {
        case .system: "System risk register"
        case .organisation(let id): (organisations.first { $0.id == id }?.name ?? "Organisation") + " risk register"
        }
    }

    var path: SiteURL {
        switch query.scope {
        case .system: .systemRiskRegister
        case .organisation(let id): .organisationRiskRegister(.value(id))
        }
    }

    /// The CSV download of the register's risks, or of its issues.
    func exportPath(risks: Bool) -> SiteURL {
        switch query.scope {
        case .system: risks ? .systemRiskRegisterExport : .systemIssueRegisterExport
        case .organisation(let id): risks ? .organisationRiskRegisterExport(.value(id)) : .organisationIssueRegisterExport(.value(id))
        }
    }

    /// The links to pages of the register (or its issues): the filters in force, encoded once.
    /// They always hold the status, so the page follows a "&".
    func pageLink(anchor: String, key: String) -> (Int) -> String {
        let filtered = path.path(query: filters(cell: query.cell))
        return { filtered + "&\(key)=\($0)#\(anchor)" }
    }

    /// The query string of the filters in force, with a change.
    func filters(cell: RiskRating? = nil) -> [(String, String)] {
        var pairs: [(String, String)] = [("status", query.status?.rawValue ?? "all")]
        if let band = query.band { pairs.append(("band", band)) }
        if let organisation = query.organisationID { pairs.append(("organisation", organisation.lowercasedText)) }
        if query.sort != .score { pairs.append(("sort", query.sort.rawValue)) }
        if let cell { pairs += [("likelihood", String(cell.likelihood.rawValue)), ("consequence", String(cell.consequence.rawValue))] }
        return pairs
    }

    func render() -> String { String(decoding: renderBytes(), as: UTF8.self) }

    func renderBytes() -> [UInt8] {
        // Each cell's link is the register's address with the filters in force and two digits:
        // the filters are encoded once, not 25 times (they always hold the status, so the digits follow a "&").
        let filtered = path.path(query: filters())
        let map = RiskHeatMap(title: "\(scopeName): risks by current score", counts: cells, bands: settings.bands) {
            filtered + "&likelihood=\($0.likelihood.rawValue)&consequence=\($0.consequence.rawValue)#register"
        }
        let names = Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let shown = page.items
        return Layout.bytes(PageChrome(title: scopeName, signedIn: signedIn, section: .risks,
                                       breadcrumbs: query.scope == .system ? [] : [("System risk register", SiteURL.systemRiskRegister.path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe(scopeName) }
            El("p", [("class", "wm-body")]) {
                Safe(query.scope == .system
                     ? "Risks escalated to the Integrated Care System's register, of the projects you may see."
                     : "Risks escalated to this organisation's register from the projects it leads, of those you may see.")
                Safe(" ")
                TextLink("How risks are graded and categorised", SiteURL.riskSettings.path)
            }
            El("form", [("method", "get"), ("action", path.path), ("class", "wm-filter")]) {
                SelectField(name: "status", label: "Status",
                            options: [("all", "Any status")] + RiskStatus.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.status?.rawValue ?? "all")
                SelectField(name: "band", label: "Current band", options: settings.bands.bands.map { ($0.name, $0.name) },
                            selected: query.band, blank: "Any band")
                if query.scope == .system {
                    SelectField(name: "organisation", label: "Lead organisation",
                                options: organisations.map { ($0.id.lowercasedText, $0.name) },
                                selected: query.organisationID?.lowercasedText, blank: "Any organisation")
                }
                SelectField(name: "sort", label: "Sort by",
                            options: [("score", "Highest current score"), ("review", "Soonest review"), ("project", "Project")],
                            selected: query.sort.rawValue)
                SubmitButton(label: "Apply", style: "secondary")
            }
            if query.scope == .system {
                El("form", [("method", "get"), ("action", SiteURL.organisationRiskRegisters.path), ("class", "wm-filter")]) {
                    SelectField(name: "organisation", label: "An organisation's register",
                                options: organisations.map { ($0.id.lowercasedText, $0.name) }, selected: nil, blank: "Select an organisation")
                    SubmitButton(label: "Open", style: "secondary")
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("By current score") }
            El("div", [("class", "wm-heat-map-wrap")]) { map.svg(id: "register-heat-map") }
            El("details", [("class", "wm-details")]) {
                El("summary", []) { Safe("The heat map as a table") }
                map.table(caption: "Escalated risks by likelihood and consequence (count, score and band)")
            }
            El("h2", [("class", "wm-heading-m"), ("id", "register")]) { Safe("Risks") }
            CSVLink(url: exportPath(risks: true).path(query: filters(cell: query.cell)), what: "these risks")
            if let cell = query.cell {
                El("p", [("class", "wm-body")]) {
                    Safe("Showing the risks rated \(cell.likelihood.label) by \(cell.consequence.label) (score \(cell.score)). ")
                    TextLink("Show every cell", path.path(query: filters()) + "#register")
                }
            }
            if shown.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No escalated risks match.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(page.total) \(page.total == 1 ? "risk" : "risks")") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Risk", "Project", "Lead organisation", "Current score", "Next review", "Why it was escalated"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) { riskRows(shown, names) }
                    }
                }
                if page.pageCount > 1 {
                    Pagination(page: page.request.page, pageCount: page.pageCount, total: page.total,
                               noun: "risks", link: pageLink(anchor: "register", key: "page"))
                }
            }
            issueSection(names)
        }
    }

    /// The register's rows of risks, written straight into bytes: the same HTML as their elements,
    /// without a component for each cell.
    private func riskRows(_ shown: [RegisteredRisk], _ names: [UUID: String]) -> Component {
        var html = HTMLBytes(capacity: shown.count * 800)
        for entry in shown {
            let risk = entry.risk, fields = entry.risk.fields
            // What is the risk's alone is written once while the register holds it, in four runs
            // around the project's cells, the band (its colour is a setting) and the overdue tag.
            let runs = entry.renderedRow.value { Self.riskRuns(risk) }
            html.written(runs[0])
            Self.projectCells(&html, entry.projectCode, entry.projectTitle, projectID: risk.projectID,
                              organisation: names[entry.leadOrganisationID] ?? "", kept: entry.renderedProjectCell)
            html.written(runs[1])
            html.tag(bandTag(risk.currentBand, settings.bands))
            html.written(runs[2])
            if fields.isReviewOverdue(today: today) { html.overdue() }
            html.written(runs[3])
        }
        return html.component
    }

    /// A risk's row apart from its project's cells, band and overdue tag, in four runs.
    private static func riskRuns(_ risk: Risk) -> [[UInt8]] {
        var runs: [[UInt8]] = []
        var html = HTMLBytes(capacity: 256)
        html.open("tr")
        itemCell(&html, risk.reference + " " + risk.fields.title, SiteURL.risk(.value(risk.id)).path)
        runs.append(html.take())
        html.open("td")
        html.text("\(risk.fields.current.score) ")
        runs.append(html.take())
        html.close("td")
        html.open("td")
        html.text(risk.fields.reviewDate?.longFormat ?? "Not set")
        runs.append(html.take())
        html.close("td")
        html.element("td", text: risk.escalationReason)
        html.close("tr")
        runs.append(html.take())
        return runs
    }

    /// The register's rows of issues, written as the risks' are.
    private func issueRows(_ names: [UUID: String]) -> Component {
        var html = HTMLBytes(capacity: issues.items.count * 800)
        for entry in issues.items {
            let issue = entry.issue
            let runs = entry.renderedRow.value { Self.issueRuns(issue) }
            html.written(runs[0])
            Self.projectCells(&html, entry.projectCode, entry.projectTitle, projectID: issue.projectID,
                              organisation: names[entry.leadOrganisationID] ?? "", kept: entry.renderedProjectCell)
            html.written(runs[1])
            if issue.fields.isOverdue(today: today) { html.overdue() }
            html.written(runs[2])
        }
        return html.component
    }

    /// An issue's row apart from its project's cells and overdue tag, in three runs.
    private static func issueRuns(_ issue: Issue) -> [[UInt8]] {
        var runs: [[UInt8]] = []
        var html = HTMLBytes(capacity: 256)
        html.open("tr")
        itemCell(&html, issue.reference + " " + issue.fields.title, SiteURL.issue(.value(issue.id)).path)
        runs.append(html.take())
        html.open("td")
        html.tag(issue.fields.priority.tag)
        html.close("td")
        html.open("td")
        html.text(issue.fields.targetDate?.longFormat ?? "Not set")
        runs.append(html.take())
        html.close("td")
        html.element("td", text: issue.escalationReason)
        html.close("tr")
        runs.append(html.take())
        return runs
    }

    /// A row's first cell: a link to the item.
    private static func itemCell(_ html: inout HTMLBytes, _ text: String, _ href: String) {
        html.open("td")
        html.element("a", [("href", href)], text: text)
        html.close("td")
    }

    /// A row's project cell (a link to it, kept with its index entry) and its lead organisation's.
    private static func projectCells(_ html: inout HTMLBytes, _ code: String, _ title: String, projectID: UUID, organisation: String,
                                     kept: Memo<[UInt8]>?) {
        func cell() -> [UInt8] {
            var cell = HTMLBytes(capacity: 160)
            itemCell(&cell, code + " " + title, SiteURL.project(.value(projectID)).path)
            return cell.bytes
        }
        html.written(kept.value(cell))
        html.element("td", text: organisation)
    }

    /// The open and in-progress issues escalated to this register, most urgent first.
    private func issueSection(_ names: [UUID: String]) -> Component {
        ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "issues")]) { Safe("Issues") }
            CSVLink(url: exportPath(risks: false).path(query: query.organisationID.map { [("organisation", $0.lowercasedText)] } ?? []),
                    what: "these issues")
            if issues.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No open issues have been escalated here.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(issues.total) open or in-progress \(issues.total == 1 ? "issue" : "issues"), most urgent first") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Issue", "Project", "Lead organisation", "Priority", "Target resolution", "Why it was escalated"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) { issueRows(names) }
                    }
                }
                if issues.pageCount > 1 {
                    Pagination(page: issues.request.page, pageCount: issues.pageCount, total: issues.total,
                               noun: "issues", link: pageLink(anchor: "issues", key: "issues_page"))
                }
            }
        }
    }
}
