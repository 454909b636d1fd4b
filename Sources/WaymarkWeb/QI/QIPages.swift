import Foundation
import Plot
import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup

/// A project's QI lens: its aim, its driver diagram (drawn, and listed as a tree with a form to
/// add to it), and its PDSA cycles.
struct QIPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var canEdit: Bool
    var aim: Aim
    var drivers: DriverTree
    var cycles: [PDSACycle]
    var notice: String?
    /// What the add-a-driver form sent, when it was refused.
    var driverInput = DriverInput()
    var driverErrors: [FieldError] = []

    func render() -> String {
        let aim = self.aim.fields
        return Layout.render(PageChrome(title: (driverErrors.isEmpty ? "" : "Error: ") + "Quality improvement: " + project.fields.title,
                                        signedIn: signedIn, section: .portfolio, notice: notice,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path), (project.code, SiteURL.project(.value(project.id)).path)])) {
            ErrorSummary(errors: driverErrors)
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Quality improvement: " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .qi)
            El("p", [("class", "wm-body")]) {
                Safe("The Model for Improvement: what the project is trying to accomplish, the changes it believes will get there, and the PDSA cycles that test them. Cycles judged by a measure are marked on its chart.")
            }
            El("section", [("aria-labelledby", "aim-heading")]) {
                El("h2", [("class", "wm-heading-m"), ("id", "aim-heading")]) { Safe("Aim") }
                El("p", [("class", "wm-body-l")]) { Safe(aim.isEmpty ? "No aim has been written yet." : aim.sentence + ".") }
                if canEdit { TextLink(aim.isEmpty ? "Write the aim" : "Change the aim", SiteURL.editAim(.value(project.id)).path) }
            }
            El("section", [("aria-labelledby", "drivers-heading")]) {
                El("h2", [("class", "wm-heading-m"), ("id", "drivers-heading")]) { Safe("Driver diagram") }
                if drivers.nodes.isEmpty && aim.isEmpty {
                    El("p", [("class", "wm-body")]) { Safe("No drivers have been added yet.") }
                } else {
                    El("figure", [("class", "wm-chart wm-scroll-figure"), ("tabindex", "0"), ("aria-label", "Driver diagram, scrolls sideways")]) {
                        DriverDiagram(title: "Driver diagram of \(project.code)", aim: aim.sentence, tree: drivers).svg(id: "driver-diagram")
                    }
                    driverList
                }
                if canEdit { addDriverForm }
            }
            El("section", [("aria-labelledby", "pdsa-heading")]) {
                El("h2", [("class", "wm-heading-m"), ("id", "pdsa-heading")]) { Safe("PDSA cycles") }
                if canEdit {
                    El("a", [("class", "wm-button-link"), ("href", SiteURL.newPDSA(.value(project.id)).path)]) { Safe("Plan a PDSA cycle") }
                }
                PDSATable(cycles: cycles, drivers: drivers)
            }
        }
    }

    /// The diagram as nested lists, for those who do not read the picture, with links to change each node.
    var driverList: Component {
        func list(_ parent: UUID?) -> Component {
            let children = drivers.children(of: parent)
            return ComponentGroup {
                if !children.isEmpty {
                    El("ul", []) {
                        for node in children {
                            El("li", [("id", "driver-\(node.reference.lowercased())")]) {
                                El("strong", []) { Safe(node.fields.kind.label + " " + node.reference + ": ") }
                                Safe(node.fields.text)
                                if canEdit {
                                    Safe(" ")
                                    El("a", [("href", SiteURL.editDriver(.value(node.id)).path), ("class", "wm-link")]) {
                                        Safe("Change")
                                        El("span", [("class", "wm-visually-hidden")]) { Safe(" " + node.reference) }
                                    }
                                }
                                list(node.id)
                            }
                        }
                    }
                }
            }
        }
        return El("div", [("class", "wm-driver-tree")]) { list(nil) }
    }

    var addDriverForm: Component {
        El("div", [("class", "wm-card")]) {
            El("h3", [("class", "wm-heading-s"), ("id", "add-driver")]) { Safe("Add to the driver diagram") }
            El("form", [("method", "post"), ("action", SiteURL.projectDrivers(.value(project.id)).path), ("aria-labelledby", "add-driver"),
                        ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                DriverFormFields(input: driverInput, failure: ValidationFailure(driverErrors), nodes: drivers.nodes)
                SubmitButton(label: "Add", style: "secondary")
            }
        }
    }
}

/// A project's PDSA cycles in a table: each with its change idea, dates, status and decision.
struct PDSATable: Component {
    var cycles: [PDSACycle]
    var drivers: DriverTree

    var body: Component {
        ComponentGroup {
            if cycles.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No PDSA cycles have been planned yet.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(cycles.count) PDSA cycle\(cycles.count == 1 ? "" : "s"), the latest started first") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Cycle", "Change idea", "Dates", "Status", "Decision"] { El("th", [("scope", "col")]) { Safe(heading) } }
                            }
                        }
                        El("tbody", []) {
                            for cycle in cycles {
                                let idea = cycle.fields.changeIdeaID.flatMap { id in drivers.nodes.first { $0.id == id } }
                                El("tr", []) {
                                    El("td", []) { TextLink(cycle.reference + " " + cycle.fields.title, SiteURL.pdsa(.value(cycle.id)).path) }
                                    El("td", []) { Safe(idea.map { $0.reference + " " + $0.fields.text } ?? "None linked") }
                                    El("td", []) { Safe(cycle.fields.startDate.description + (cycle.fields.endDate.map { " to " + $0.description } ?? " onwards")) }
                                    El("td", []) { Safe(cycle.fields.status.label) }
                                    El("td", []) { Safe(cycle.fields.decision?.label ?? "") }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct AimFormFields: Component {
    var input: AimInput
    var failure: ValidationFailure

    var body: Component {
        ComponentGroup {
            TextAreaField(name: "statement", label: "What are we trying to accomplish?",
                          hint: "What will improve, and for whom: Reduce falls with harm for patients on the frailty wards",
                          value: input.statement, error: failure.message(for: "statement"), rows: 3)
            TextInput(name: "byHowMuch", label: "By how much?", hint: "A measurable change: from 6.5 to 5 per 1,000 bed days",
                      value: input.byHowMuch, error: failure.message(for: "byHowMuch"))
            TextInput(name: "byWhen", label: "By when?", value: input.byWhen, error: failure.message(for: "byWhen"),
                      type: "date", width: "short")
        }
    }
}

struct DriverFormFields: Component {
    var input: DriverInput
    var failure: ValidationFailure
    /// The diagram's nodes a new one may hang from (primary and secondary drivers).
    var nodes: [Driver]
    var showPosition = false

    var body: Component {
        ComponentGroup {
            ChoiceGroup(kind: .radio, name: "kind", legend: "What is it",
                        hint: "A primary driver hangs from the aim, a secondary driver from a primary one, a change idea from a secondary one.",
                        options: DriverKind.allCases.map { ($0.rawValue, $0.label) }, selected: Set([input.kind].compactMap { $0 }),
                        error: failure.message(for: "kind"), small: true)
            TextInput(name: "text", label: "Text", value: input.text, error: failure.message(for: "text"))
            SelectField(name: "parentId", label: "Hangs from", hint: "None for a primary driver.",
                        options: nodes.filter { $0.fields.kind != .changeIdea }.sorted { $0.number < $1.number }
                            .map { ($0.id.lowercasedText, $0.reference + " " + $0.fields.text) },
                        selected: input.parentID, error: failure.message(for: "parentId"), blank: "The aim (a primary driver)")
            if showPosition {
                TextInput(name: "position", label: "Position among those beside it", hint: "1 is first.", value: input.position,
                          error: failure.message(for: "position"), width: "short", extra: [("inputmode", "numeric")])
            }
        }
    }
}

struct PDSAFormFields: Component {
    var input: PDSAInput
    var failure: ValidationFailure
    var changeIdeas: [Driver]
    var measures: [Measure]

    var body: Component {
        let linked = Set((input.measureIDs ?? "").split(separator: ",").map(String.init))
        return ComponentGroup {
            TextInput(name: "title", label: "What the cycle tests", hint: "For example, Ward 7 tests a falls huddle at handover for two weeks",
                      value: input.title, error: failure.message(for: "title"))
            SelectField(name: "changeIdeaId", label: "Change idea (optional)", options: changeIdeas.map { ($0.id.lowercasedText, $0.reference + " " + $0.fields.text) },
                        selected: input.changeIdeaID, error: failure.message(for: "changeIdeaId"), blank: "None")
            SelectField(name: "status", label: "Status", options: PDSAStatus.allCases.map { ($0.rawValue, $0.label) },
                        selected: input.status ?? PDSAStatus.planned.rawValue, error: failure.message(for: "status"))
            TextInput(name: "startDate", label: "Start date", value: input.startDate,
                      error: failure.message(for: "startDate"), type: "date", width: "short")
            TextInput(name: "endDate", label: "End date (optional)", value: input.endDate, error: failure.message(for: "endDate"),
                      type: "date", width: "short")
            TextAreaField(name: "plan", label: "Plan", hint: "The question, what you predict will happen, and who does what, where and when.",
                          value: input.plan, error: failure.message(for: "plan"), rows: 3)
            TextAreaField(name: "do", label: "Do", hint: "What happened: problems and observations.", value: input.doing,
                          error: failure.message(for: "do"), rows: 3)
            TextAreaField(name: "study", label: "Study", hint: "The data against the prediction: what was learnt.", value: input.study,
                          error: failure.message(for: "study"), rows: 3)
            TextAreaField(name: "act", label: "Act", hint: "What changes next.", value: input.act, error: failure.message(for: "act"), rows: 3)
            SelectField(name: "decision", label: "Decision (when complete)", options: PDSADecision.allCases.map { ($0.rawValue, $0.label) },
                        selected: input.decision, error: failure.message(for: "decision"), blank: "Not yet decided")
            if !measures.isEmpty {
                ChoiceGroup(kind: .checkbox, name: "measureIds", legend: "Measures it is judged by (its start is marked on their charts)",
                            options: measures.map { ($0.id.lowercasedText, $0.reference + " " + $0.fields.name) }, selected: linked,
                            error: failure.message(for: "measureIds"), small: true)
            }
        }
    }
}

/// One PDSA cycle: its four steps, change idea and the measures it is judged by.
struct PDSAPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var cycle: PDSACycle
    var changeIdea: Driver?
    var measures: [Measure]
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?

    func render() -> String {
        let fields = cycle.fields
        let linked = fields.measureIDs.compactMap { id in measures.first { $0.id == id } }
        return Layout.render(PageChrome(title: cycle.reference + " " + fields.title, signedIn: signedIn, section: .portfolio, notice: notice,
                                        breadcrumbs: logCrumbs(project, .qi))) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(cycle.reference + " " + fields.title) }
            SummaryList(rows: [
                ("Status", Safe(fields.status.label + (fields.decision.map { ": " + $0.label.lowercased() } ?? ""))),
                ("Change idea", Safe(changeIdea.map { $0.reference + " " + $0.fields.text } ?? "None linked")),
                ("Dates", Safe(fields.startDate.longFormat + (fields.endDate.map { " to " + $0.longFormat } ?? " onwards"))),
                ("Plan", MultilineText(text: fields.plan, empty: "Not written yet")),
                ("Do", MultilineText(text: fields.doing, empty: "Not written yet")),
                ("Study", MultilineText(text: fields.study, empty: "Not written yet")),
                ("Act", MultilineText(text: fields.act, empty: "Not written yet")),
                ("Measures", linked.isEmpty ? Safe("None linked") : ComponentGroup {
                    El("ul", [("class", "wm-list")]) {
                        for measure in linked {
                            El("li", []) { TextLink(measure.reference + " " + measure.fields.name, SiteURL.measure(.value(measure.id)).path) }
                        }
                    }
                }),
            ])
            LogItemLinks(project: project, noun: "PDSA cycle", edit: canEdit ? SiteURL.editPDSA(.value(cycle.id)).path : nil,
                         delete: canDelete ? SiteURL.deletePDSA(.value(cycle.id)).path : nil)
        }
    }
}

/// What a measure's chart marks, as a table numbered as the chart numbers them, with a form to
/// annotate the chart for those who may.
struct MeasureMarksSection: Component {
    var measure: Measure
    var marks: [ChartMark]
    var canEdit: Bool
    var csrf: String?
    var input: AnnotationInput
    var errors: [FieldError]

    var body: Component {
        El("section", [("aria-labelledby", "marks-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "marks-heading")]) { Safe("Annotations") }
            if marks.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("Nothing is marked on the chart yet: annotate a change, an event or a PDSA cycle.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("Marked on the chart, numbered as there") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Number", "Date", "Kind", "Label", "Note"] + (canEdit ? ["Change"] : []) {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) {
                            for (number, mark) in marks.enumerated() {
                                let annotation: UUID? = if case .annotation(let id) = mark.source { id } else { nil }
                                let cycle: UUID? = if case .pdsa(let id) = mark.source { id } else { nil }
                                El("tr", []) {
                                    El("th", [("scope", "row")]) { Safe(String(number + 1)) }
                                    El("td", []) { Safe(mark.date.description) }
                                    El("td", []) { Safe(mark.kind.label) }
                                    El("td", []) {
                                        if let cycle { TextLink(mark.label, SiteURL.pdsa(.value(cycle)).path) } else { Safe(mark.label) }
                                    }
                                    El("td", []) { Safe(mark.note) }
                                    if canEdit {
                                        El("td", []) {
                                            if let annotation {
                                                TextLink("Change", SiteURL.editAnnotation(.value(annotation)).path)
                                                El("span", [("class", "wm-visually-hidden")]) { Safe(" annotation " + String(number + 1)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if canEdit {
                El("div", [("class", "wm-card")]) {
                    El("h3", [("class", "wm-heading-s"), ("id", "annotate")]) { Safe("Annotate the chart") }
                    El("form", [("method", "post"), ("action", SiteURL.measureAnnotations(.value(measure.id)).path), ("aria-labelledby", "annotate"),
                                ("novalidate", "")]) {
                        CSRFField(token: csrf)
                        AnnotationFormFields(input: input, failure: ValidationFailure(errors), prefix: "annotation-")
                        SubmitButton(label: "Add annotation", style: "secondary")
                    }
                }
            }
        }
    }
}

/// An annotation's fields; `prefix` names them apart from another form's on the same page.
struct AnnotationFormFields: Component {
    var input: AnnotationInput
    var failure: ValidationFailure
    var prefix = ""

    var body: Component {
        ComponentGroup {
            TextInput(name: prefix + "date", label: "Date", value: input.date, error: failure.message(for: "date"),
                      type: "date", width: "short")
            SelectField(name: prefix + "kind", label: "What it marks", options: AnnotationKind.allCases.map { ($0.rawValue, $0.label) },
                        selected: input.kind ?? AnnotationKind.event.rawValue, error: failure.message(for: "kind"))
            TextInput(name: prefix + "label", label: "Label", hint: "Short, for the chart: New discharge lounge opened", value: input.label,
                      error: failure.message(for: "label"))
            TextAreaField(name: prefix + "note", label: "Note (optional)", value: input.note, error: failure.message(for: "note"), rows: 2)
        }
    }
}
