import Foundation
import Plot
import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup

/// A variation or assurance icon with its meaning written beside it, so the picture is never the
/// only signal.
struct SPCIconWithLabel: Component {
    var icon: El
    var label: String

    var body: Component {
        El("span", [("class", "wm-spc-icon-label")]) {
            icon
            El("span", []) { Safe(label) }
        }
    }
}

/// A project's measures: each with its latest value, its variation and assurance, and how many
/// observations it has.
struct MeasureListPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var measures: [Measure]
    var analyses: [UUID: SPCAnalysis]
    var counts: [UUID: Int]
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        Layout.render(PageChrome(title: "Measures of " + project.fields.title, signedIn: signedIn, section: .portfolio, notice: notice,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path), (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Measures of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .measures)
            El("p", [("class", "wm-body")]) {
                Safe("What the project counts to know whether the change is an improvement: outcome, process and balancing measures, each judged with NHS England's Making Data Count rules.")
            }
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newMeasure(.value(project.id)).path)]) { Safe("Add a measure") }
            }
            if measures.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("This project has no measures yet.") }
            } else {
                MeasuresTable(measures: measures, analyses: analyses, counts: counts)
            }
        }
    }
}

/// Measures as a table: each with its latest value, its variation and assurance, and how many
/// observations it has.
struct MeasuresTable: Component {
    var measures: [Measure]
    var analyses: [UUID: SPCAnalysis]
    var counts: [UUID: Int]

    var body: Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe("\(measures.count) \(measures.count == 1 ? "measure" : "measures")") }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["Measure", "Type", "Latest", "Variation", "Assurance", "Observations"] {
                            El("th", [("scope", "col")]) { Safe(heading) }
                        }
                    }
                }
                El("tbody", []) {
                    for measure in measures {
                        let analysis = analyses[measure.id]
                        let latest = analysis?.points.last { $0.counted }
                        El("tr", []) {
                            El("td", []) { TextLink(measure.reference + " " + measure.fields.name, SiteURL.measure(.value(measure.id)).path) }
                            El("td", []) { Safe(measure.fields.type.label) }
                            El("td", []) {
                                Safe(latest.flatMap { point in point.value.map { MeasureNumber.text($0) + " (" + point.label + ")" } } ?? "None yet")
                            }
                            El("td", []) {
                                if let variation = analysis?.variation {
                                    SPCIconWithLabel(icon: SPCIcons.variation(variation, id: "variation-\(measure.number)"), label: variation.label)
                                } else {
                                    Safe(analysis?.kind == .runChart && latest != nil ? "Run chart: too few points" : "None")
                                }
                            }
                            El("td", []) {
                                if let assurance = analysis?.assurance {
                                    SPCIconWithLabel(icon: SPCIcons.assurance(assurance, id: "assurance-\(measure.number)"), label: assurance.label)
                                } else {
                                    Safe(measure.fields.targets.isEmpty ? "No target" : "None")
                                }
                            }
                            El("td", []) { Safe(String(counts[measure.id] ?? 0)) }
                        }
                    }
                }
            }
        }
    }
}

/// One measure: what it is, its SPC chart with its icons, its data as a table, and for its team,
/// forms to record an observation or import many.
struct MeasurePage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    /// The measure with its observations, analysis, marks (annotations, and the PDSA cycles judged
    /// by it, marked at their start), the benefits it evidences and its owner; and the chart and
    /// data table drawn from them, kept with them.
    var detail: MeasureDetail
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?
    /// What the annotation form sent, when it was refused.
    var annotationInput = AnnotationInput()
    var annotationErrors: [FieldError] = []
    /// What the observation form sent, when it was refused.
    var observationInput: [String: String] = [:]
    var observationErrors: [FieldError] = []
    /// What the import sent and why it was refused, row by row.
    var pasted: String = ""
    var importProblems: [ObservationImport.Problem] = []

    var measure: Measure { detail.measure }
    var observations: [Observation] { detail.observations }
    var analysis: SPCAnalysis { detail.analysis }

    func render() -> String { String(decoding: renderBytes(), as: UTF8.self) }

    func renderBytes() -> [UInt8] {
        let fields = measure.fields
        let failed = !observationErrors.isEmpty || !importProblems.isEmpty || !annotationErrors.isEmpty
        let summary = observationErrors + importProblems.map { FieldError("import", $0.text) }
            + annotationErrors.map { FieldError("annotation-" + $0.field, $0.message, kind: $0.kind) }
        let marks = ChartMark.marks(annotations: detail.annotations, cycles: detail.cycles)
        return Layout.bytes(PageChrome(title: (failed ? "Error: " : "") + measure.reference + " " + fields.name, signedIn: signedIn,
                                        section: .portfolio, notice: notice, breadcrumbs: logCrumbs(project, .measures))) {
            ErrorSummary(errors: summary)
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(measure.reference + " " + fields.name) }
            El("div", [("class", "wm-spc-icons")]) {
                if let variation = analysis.variation {
                    SPCIconWithLabel(icon: SPCIcons.variation(variation, id: "variation"), label: variation.label)
                }
                if let assurance = analysis.assurance {
                    SPCIconWithLabel(icon: SPCIcons.assurance(assurance, id: "assurance"), label: assurance.label)
                }
            }
            El("figure", [("class", "wm-chart")]) {
                WrittenHTML(bytes: detail.rendered.chart.value {
                    HTMLWriter.bytes(SPCChart(title: "\(measure.reference) \(fields.name)\(fields.unit.isEmpty ? "" : " (" + fields.unit + ")")",
                                              analysis: analysis, unit: fields.unit, marks: marks).svg(id: "spc-chart"))
                })
                El("figcaption", [("class", "wm-hint")]) {
                    Safe(analysis.kind == .xmr
                         ? "An XmR chart: the solid line is the mean, the dashed lines the process limits, the red dotted line the target. Blue points are special cause improvement, orange concern, purple neither; grey is common cause; hollow points are ghosted."
                         + (marks.isEmpty ? "" : " The numbered lines mark the annotations and PDSA cycles listed under Annotations.")
                         : "A run chart on the median: there are too few points for process limits yet.")
                }
            }
            for warning in analysis.warnings { El("div", [("class", "wm-inset")]) { El("p", [("class", "wm-body")]) { Safe(warning) } } }
            SummaryList(rows: [
                ("Definition", MultilineText(text: fields.definition, empty: "None given")),
                ("Type", Safe(fields.type.label)),
                ("Unit", Safe(fields.unit.isEmpty ? "None given" : fields.unit)),
                ("Improvement", Safe(fields.direction.label)),
                ("Frequency", Safe(fields.frequency.label)),
                ("Data source", Safe(fields.dataSource.isEmpty ? "None given" : fields.dataSource)),
                ("Owner", Safe(detail.ownerName ?? "No owner")),
                ("SPC rules", Safe(Self.presetLabel(fields.spcPreset) + (fields.baselinePoints.map { ", limits fixed on the first \($0) points" } ?? ""))),
                ("Targets", Safe(fields.targets.isEmpty ? "No target" : fields.targets.map { "\(MeasureNumber.text($0.value)) from \($0.from.longFormat)" }.joined(separator: "; "))),
                ("Benefits it evidences", detail.benefits.isEmpty ? Safe("None") : ComponentGroup {
                    El("ul", [("class", "wm-list")]) {
                        for benefit in detail.benefits {
                            El("li", []) { TextLink(benefit.reference + " " + benefit.fields.title, SiteURL.benefit(.value(benefit.id)).path) }
                        }
                    }
                }),
            ])
            LogItemLinks(project: project, noun: "measure", edit: canEdit ? SiteURL.editMeasure(.value(measure.id)).path : nil,
                         delete: canDelete ? SiteURL.deleteMeasure(.value(measure.id)).path : nil)
            if canEdit { forms }
            MeasureMarksSection(measure: measure, marks: marks, canEdit: canEdit,
                                csrf: signedIn.csrfToken, input: annotationInput, errors: annotationErrors)
            WrittenHTML(bytes: (canEdit ? detail.rendered.tableForEditors : detail.rendered.tableForReaders).value { HTMLWriter.bytes(dataTable) })
            CSVLink(url: SiteURL.measureExport(.value(measure.id)).path, what: "these observations")
        }
    }

    static func presetLabel(_ name: String) -> String {
        name == "nhsrplotthedots" ? "NHSRplotthedots (NHS-R Community)" : "NHS England's SPC SQL query (Making Data Count)"
    }

    var dataTable: Component {
        El("section", [("aria-labelledby", "data-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "data-heading")]) { Safe("The data") }
            if observations.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No observations have been recorded.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(observations.count) observation\(observations.count == 1 ? "" : "s"), oldest first, with the chart's lines") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Date", "Value", analysis.kind == .xmr ? "Mean" : "Median", "Lower limit", "Upper limit",
                                                "Target", "Signal", "Note"] + (canEdit ? ["Change"] : []) {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) { rows }
                    }
                }
            }
        }
    }

    /// The table's rows, written straight into bytes (a hundred rows of nine cells each). Each
    /// period's lines are the same on every one of its rows and are rounded once.
    var rows: Component {
        let lines = analysis.periods.map { period in
            [analysis.kind == .xmr ? period.mean : analysis.median, period.lowerLimit, period.upperLimit].map { $0.map(SPCChart.rounded) ?? "" }
        }
        let noLines = [(analysis.kind == .xmr ? nil : analysis.median).map(SPCChart.rounded) ?? "", "", ""]
        var html = HTMLBytes(capacity: observations.count * 400)
        for (observation, point) in zip(observations, analysis.points) {
            let date = observation.fields.date.description
            html.open("tr")
            html.element("th", [("scope", "row")], text: date)
            html.element("td", text: MeasureNumber.text(observation.fields.value))
            for line in lines.indices.contains(point.period) ? lines[point.period] : noLines { html.element("td", text: line) }
            html.element("td", text: point.target.map(MeasureNumber.text) ?? "")
            html.element("td", text: Self.signal(point))
            html.element("td", text: observation.fields.note)
            if canEdit {
                html.open("td")
                html.element("a", [("href", SiteURL.editObservation(.value(observation.id)).path)], text: "Change")
                html.element("span", [("class", "wm-visually-hidden")], text: " the observation of " + date)
                html.close("td")
            }
            html.close("tr")
        }
        return html.component
    }

    /// What a point shows, in words: its class and rules, or that it is ghosted or starts new limits.
    static func signal(_ point: SPCPointResult) -> String {
        var parts: [String] = []
        if point.ghosted { parts.append("Ghosted: left out of the calculations") }
        if let variation = point.variation, variation != .commonCause {
            parts.append(variation.label + ": " + point.rules.map { $0.rule.label.lowercased() }.joined(separator: ", "))
        } else if point.counted {
            parts.append("Common cause")
        }
        return parts.joined(separator: ". ")
    }

    var forms: Component {
        let failure = ValidationFailure(observationErrors)
        return El("div", [("class", "wm-layout wm-layout--two")]) {
            El("div", [("class", "wm-card")]) {
                El("h2", [("class", "wm-heading-s"), ("id", "record-observation")]) { Safe("Record an observation") }
                El("form", [("method", "post"), ("action", SiteURL.measureObservations(.value(measure.id)).path),
                            ("aria-labelledby", "record-observation"), ("novalidate", "")]) {
                    CSRFField(token: signedIn.csrfToken)
                    ObservationFormFields(input: observationInput, failure: failure)
                    SubmitButton(label: "Record observation", style: "secondary")
                }
            }
            El("div", [("class", "wm-card")]) {
                El("h2", [("class", "wm-heading-s"), ("id", "import-observations")]) { Safe("Import observations") }
                El("form", [("method", "post"), ("action", SiteURL.measureImport(.value(measure.id)).path), ("enctype", "multipart/form-data"),
                            ("aria-labelledby", "import-observations"), ("novalidate", "")]) {
                    CSRFField(token: signedIn.csrfToken)
                    TextAreaField(name: "pasted", label: "Paste two columns from a spreadsheet",
                                  hint: "A date (2026-03-31) and a value on each line, and optionally a note; a header row is fine. Every row is checked and nothing is saved unless all are good.",
                                  value: pasted, error: importProblems.isEmpty ? nil : "\(importProblems.count) row\(importProblems.count == 1 ? "" : "s") could not be imported: see the list at the top of the page", rows: 5)
                    El("div", [("class", "wm-form-group")]) {
                        El("label", [("class", "wm-label"), ("for", "file")]) { Safe("Or upload a CSV file (up to 1 MB)") }
                        VoidEl("input", [("class", "wm-file-upload"), ("id", "file"), ("name", "file"), ("type", "file"), ("accept", ".csv,text/csv")])
                    }
                    SubmitButton(label: "Import observations", style: "secondary")
                }
            }
        }
    }
}

/// An observation's fields as the forms show them.
struct ObservationFormFields: Component {
    var input: [String: String]
    var failure: ValidationFailure

    var body: Component {
        ComponentGroup {
            TextInput(name: "date", label: "Date", value: input["date"], error: failure.message(for: "date"),
                      type: "date", width: "short")
            TextInput(name: "value", label: "Value", value: input["value"], error: failure.message(for: "value"), width: "short",
                      extra: [("inputmode", "decimal")])
            TextInput(name: "note", label: "Note (optional)", value: input["note"], error: failure.message(for: "note"))
            ChoiceGroup(kind: .checkbox, name: "flags", legend: "On the chart",
                        options: [("ghosted", "Ghost this point: show it, but leave it out of the calculations (a known one-off)"),
                                  ("recalculate", "The process changed here: calculate the limits afresh from this point")],
                        selected: Set(["ghosted", "recalculate"].filter { input[$0] == "true" }), small: true)
        }
    }
}

/// A measure's fields as the form shows them.
struct MeasureFormFields: Component {
    var input: MeasureInput
    var failure: ValidationFailure
    var owners: [(UUID, String)]

    var body: Component {
        ComponentGroup {
            TextInput(name: "name", label: "Name", hint: "What is measured, as a board would read it: Falls per 1,000 occupied bed days",
                      value: input.name, error: failure.message(for: "name"))
            TextAreaField(name: "definition", label: "Definition", hint: "Exactly what is counted and how: the numerator, the denominator, what is left out.",
                          value: input.definition, error: failure.message(for: "definition"), rows: 3)
            ChoiceGroup(kind: .radio, name: "type", legend: "Type",
                        hint: "Outcome: the result the project exists for. Process: whether the change is being done. Balancing: whether something else got worse.",
                        options: MeasureType.allCases.map { ($0.rawValue, $0.label) }, selected: [input.type ?? MeasureType.outcome.rawValue],
                        error: failure.message(for: "type"))
            TextInput(name: "unit", label: "Unit (optional)", hint: "For example, %, minutes, per 1,000 bed days", value: input.unit,
                      error: failure.message(for: "unit"), width: "short")
            ChoiceGroup(kind: .radio, name: "improvementDirection", legend: "Which way is better",
                        options: ImprovementDirection.allCases.map { ($0.rawValue, $0.label) }, selected: Set([input.direction].compactMap { $0 }),
                        error: failure.message(for: "improvementDirection"))
            SelectField(name: "frequency", label: "How often it is measured", options: MeasureFrequency.allCases.map { ($0.rawValue, $0.label) },
                        selected: input.frequency ?? MeasureFrequency.monthly.rawValue, error: failure.message(for: "frequency"))
            TextInput(name: "dataSource", label: "Data source (optional)", hint: "Where the numbers come from: a system, a report, an audit.",
                      value: input.dataSource, error: failure.message(for: "dataSource"))
            SelectField(name: "ownerId", label: "Owner (optional)", hint: "Who keeps the data up to date.",
                        options: owners.map { ($0.0.lowercasedText, $0.1) }, selected: input.ownerID, error: failure.message(for: "ownerId"),
                        blank: "No owner")
            TextAreaField(name: "targets", label: "Targets (optional)",
                          hint: "One per line, oldest first: the date it applies from and the value, like 2026-04-01 95.",
                          value: input.targets, error: failure.message(for: "targets"), rows: 3)
            SelectField(name: "spcPreset", label: "SPC rules", hint: "How the chart is judged. Both follow Making Data Count; the README says where they differ.",
                        options: SPCSettings.presets.map { ($0.name, MeasurePage.presetLabel($0.name)) },
                        selected: input.spcPreset ?? SPCSettings.presets[0].name, error: failure.message(for: "spcPreset"))
            TextInput(name: "baselinePoints", label: "Fixed baseline (optional)",
                      hint: "Calculate the limits from the first this many points only, and judge the rest against them (12 or more).",
                      value: input.baselinePoints, error: failure.message(for: "baselinePoints"), width: "short", extra: [("inputmode", "numeric")])
        }
    }
}

/// A form of one button that deletes something, with the session's token.
struct DeleteButtonForm: Component {
    var action: String
    var csrf: String?
    var label: String

    var body: Component {
        El("form", [("method", "post"), ("action", action), ("class", "wm-delete-form")]) {
            CSRFField(token: csrf)
            SubmitButton(label: label, style: "warning")
        }
    }
}

/// The icon summary: every measure of the projects the reader may see, each with its latest
/// value, target, variation and assurance icons and a sparkline, filtered and sorted: the board's
/// view across organisations.
struct MeasureSummaryPage: RenderablePage {
    var signedIn: SignedIn
    var page: Page<MeasureSummaryLine>
    var query: MeasureSummaryQuery
    var organisations: [(UUID, String)]
    var programmes: [(UUID, String)]
    var errors: [FieldError]

    func render() -> String {
        Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Measures across the portfolio", signedIn: signedIn,
                                 section: .measures)) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Measures across the portfolio") }
            El("p", [("class", "wm-body")]) {
                Safe("Every measure of the projects you can see, each judged with the Making Data Count rules: those showing concern first.")
            }
            El("form", [("method", "get"), ("action", SiteURL.measureSummary.path), ("class", "wm-filter")]) {
                SelectField(name: "organisation", label: "Lead organisation", options: organisations.map { ($0.0.lowercasedText, $0.1) },
                            selected: query.organisationID?.lowercasedText, blank: "Any organisation")
                SelectField(name: "programme", label: "Programme", options: programmes.map { ($0.0.lowercasedText, $0.1) },
                            selected: query.programmeID?.lowercasedText, blank: "Any programme")
                SelectField(name: "variation", label: "Variation", options: SPCVariation.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.variation?.rawValue, blank: "Any variation")
                SelectField(name: "assurance", label: "Assurance", options: SPCAssurance.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.assurance?.rawValue, blank: "Any assurance")
                SelectField(name: "sort", label: "Sort by",
                            options: [("attention", "Concern first"), ("project", "Project"), ("name", "Measure name")],
                            selected: query.sort.rawValue)
                SubmitButton(label: "Apply", style: "secondary")
            }
            if page.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No measures match.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(page.total) measure\(page.total == 1 ? "" : "s")") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Measure", "Project", "Latest", "Target", "Variation", "Assurance", "Recent values"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) {
                            for line in page.items {
                                El("tr", []) {
                                    El("td", []) { TextLink(line.reference + " " + line.name, SiteURL.measure(.value(line.measureID)).path) }
                                    El("td", []) { TextLink(line.projectCode + " " + line.projectTitle, SiteURL.project(.value(line.projectID)).path) }
                                    WrittenHTML(html: line.renderedCells.value { HTMLWriter.render(Self.measureCells(line)) })
                                }
                            }
                        }
                    }
                }
                Pagination(page: page.request.page, pageCount: page.pageCount, total: page.total, noun: "measures") { number in
                    SiteURL.measureSummary.path(query: query.pairs + (number == 1 ? [] : [("page", String(number))]))
                }
            }
        }
    }

    /// The cells of a line drawn from its measure alone; the icons' and sparkline's ids are the
    /// measure's, so the written cells are the same on every page that shows them.
    static func measureCells(_ line: MeasureSummaryLine) -> ComponentGroup {
        let summary = line.summary, id = line.measureID.wire
        return ComponentGroup {
            El("td", []) {
                Safe(summary.latestValue.map { MeasureNumber.text($0) + (line.unit.isEmpty ? "" : " " + line.unit) } ?? "None yet")
                if let date = summary.latestDate { El("div", [("class", "wm-secondary")]) { Safe(date.description) } }
            }
            El("td", []) { Safe(summary.target.map(MeasureNumber.text) ?? "None") }
            El("td", []) {
                if let variation = summary.variation {
                    SPCIconWithLabel(icon: SPCIcons.variation(variation, id: "v-" + id), label: variation.label)
                } else {
                    Safe(summary.count == 0 ? "No data" : "Run chart: too few points")
                }
            }
            El("td", []) {
                if let assurance = summary.assurance {
                    SPCIconWithLabel(icon: SPCIcons.assurance(assurance, id: "a-" + id), label: assurance.label)
                } else {
                    Safe("None")
                }
            }
            El("td", []) { SPCSparkline(values: summary.recent, variation: summary.variation).svg(id: "s-" + id) }
        }
    }
}

extension MeasureSummaryQuery {
    /// The filters as a query string's pairs (the page number apart).
    var pairs: [(String, String)] {
        var pairs: [(String, String)] = []
        if let organisationID { pairs.append(("organisation", organisationID.lowercasedText)) }
        if let programmeID { pairs.append(("programme", programmeID.lowercasedText)) }
        if let projectID { pairs.append(("project", projectID.lowercasedText)) }
        if let variation { pairs.append(("variation", variation.rawValue)) }
        if let assurance { pairs.append(("assurance", assurance.rawValue)) }
        if sort != .attention { pairs.append(("sort", sort.rawValue)) }
        return pairs
    }

    /// The query a query string asks for, and what was wrong with it (each bad value is left out).
    /// `strict` (the API): a parameter sent empty is refused; a form's "any" sends it empty.
    static func parse(_ data: FormData, strict: Bool = false) -> (MeasureSummaryQuery, [FieldError]) {
        var reader = QueryStringReader(data, strict: strict, keys: ["organisation", "programme", "project", "variation", "assurance", "sort"])
        var query = MeasureSummaryQuery()
        query.organisationID = reader.id("organisation", "The organisation")
        query.programmeID = reader.id("programme", "The programme")
        query.projectID = reader.id("project", "The project")
        query.variation = reader.choice("variation", "Choose a variation from the list")
        query.assurance = reader.choice("assurance", "Choose an assurance from the list")
        query.sort = reader.choice("sort", "Sort by attention, project or name") ?? .attention
        query.page = reader.page(perPage: 50)
        return (query, reader.errors.errors)
    }
}
