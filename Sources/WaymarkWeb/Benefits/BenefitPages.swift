import Foundation
import Plot
import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup

/// Money as the benefits pages write it: pounds, whole, with thousands separated (£120,000).
enum Pounds {
    /// Without `NumberFormatter` (which builds an ICU formatter each time: a page of the register
    /// writes hundreds of amounts).
    static func text(_ value: Double) -> String {
        let pounds = abs(value).rounded()
        guard pounds.isFinite, pounds < 1e15 else { return (value < 0 ? "-£" : "£") + MeasureNumber.text(pounds) }
        return (value < 0 && pounds > 0 ? "-£" : "£") + Int64(pounds).withThousandsSeparators
    }
}

/// A benefit's value with its unit ("62 %", "84 minutes").
func benefitAmount(_ value: Double, _ unit: String) -> String { MeasureNumber.text(value) + (unit.isEmpty ? "" : " " + unit) }

/// A project's benefits: each with its category, status, target and latest actual, and for
/// cash-releasing ones the money planned and realised.
struct BenefitListPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var benefits: [Benefit]
    /// The observations of the project's measures, by measure (the actuals some benefits take).
    var observations: [UUID: [Observation]]
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        Layout.render(PageChrome(title: "Benefits of " + project.fields.title, signedIn: signedIn, section: .portfolio, notice: notice,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path), (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Benefits of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .benefits)
            El("p", [("class", "wm-body")]) {
                Safe("The measurable improvements the project is for, and the dis-benefits it expects, each with its trajectory and what has been realised. Realisation is tracked after the project closes.")
            }
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newBenefit(.value(project.id)).path)]) { Safe("Add a benefit") }
            }
            if benefits.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("This project has no benefits recorded yet.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(benefits.count) \(benefits.count == 1 ? "benefit" : "benefits")") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Benefit", "Category", "Status", "Target", "Latest actual", "Cash planned", "Cash realised"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) {
                            for benefit in benefits {
                                let latest = benefit.actuals(measureObservations: observations).last
                                El("tr", []) {
                                    El("td", []) {
                                        TextLink(benefit.reference + " " + benefit.fields.title, SiteURL.benefit(.value(benefit.id)).path)
                                        if benefit.fields.isDisbenefit { El("div", [("class", "wm-secondary")]) { Safe("Dis-benefit") } }
                                    }
                                    El("td", []) { Safe(benefit.fields.category.label) }
                                    El("td", []) { BenefitStatusTag(status: benefit.fields.status) }
                                    El("td", []) {
                                        Safe(benefit.fields.target.map { benefitAmount($0.value, benefit.fields.unit) + " by " + $0.date.longFormat } ?? "None set")
                                    }
                                    El("td", []) { Safe(latest.map { benefitAmount($0.value, benefit.fields.unit) + " (" + $0.date.description + ")" } ?? "None yet") }
                                    El("td", []) { Safe(benefit.fields.cash.isEmpty ? "" : Pounds.text(benefit.fields.plannedCash)) }
                                    El("td", []) { Safe(benefit.fields.cash.isEmpty ? "" : Pounds.text(benefit.fields.realisedCash)) }
                                }
                            }
                        }
                    }
                }
                CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.benefits)).path, what: "these benefits")
            }
        }
    }
}

/// A benefit's status as a tag, in words.
struct BenefitStatusTag: Component {
    var status: BenefitStatus

    var body: Component {
        let colour = switch status {
        case .planned: "grey"
        case .onTrack: "green"
        case .atRisk: "orange"
        case .realised: "blue"
        case .notRealised: "red"
        }
        return El("strong", [("class", "wm-tag wm-tag--\(colour)")]) { Safe(status.label) }
    }
}

/// One benefit's profile: what it is, its trajectory against its actuals (chart and table), the
/// measures that evidence it, and its money by financial year.
struct BenefitPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var benefit: Benefit
    var measures: [Measure]
    var actuals: [DatedValue]
    var owner: String?
    var today: CalendarDate
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?

    func render() -> String {
        let fields = benefit.fields
        let linked = fields.measureIDs.compactMap { id in measures.first { $0.id == id } }
        let source = fields.actualsMeasureID.flatMap { id in measures.first { $0.id == id } }
        return Layout.render(PageChrome(title: benefit.reference + " " + fields.title, signedIn: signedIn, section: .portfolio, notice: notice,
                                        breadcrumbs: logCrumbs(project, .benefits))) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(benefit.reference + " " + fields.title) }
            El("p", [("class", "wm-body")]) {
                BenefitStatusTag(status: fields.status)
                Safe(" " + fields.category.label + (fields.isDisbenefit ? " dis-benefit" : " benefit"))
                if project.fields.status == .closed { Safe(", tracked after the project closed") }
            }
            El("figure", [("class", "wm-chart")]) {
                BenefitChart(title: "\(benefit.reference) \(fields.title): trajectory and actuals", benefit: fields, actuals: actuals,
                             today: today).svg(id: "benefit-chart")
                El("figcaption", [("class", "wm-hint")]) {
                    Safe("The dashed grey line is the planned trajectory from the baseline (grey square) to the target (red square); the blue line and points are the actual values"
                         + (source.map { ", taken from measure \($0.reference) \($0.fields.name)" } ?? "") + ". The dotted blue line is today.")
                }
            }
            SummaryList(rows: [
                ("Description", MultilineText(text: fields.description, empty: "None given")),
                ("Owner", Safe(owner ?? "No owner")),
                ("Baseline", Safe(fields.baseline.map { benefitAmount($0.value, fields.unit) + " on " + $0.date.longFormat } ?? "None set")),
                ("Target", Safe(fields.target.map { benefitAmount($0.value, fields.unit) + " by " + $0.date.longFormat } ?? "None set")),
                ("Measures", linked.isEmpty ? Safe("None linked") : ComponentGroup {
                    El("ul", [("class", "wm-list")]) {
                        for measure in linked {
                            El("li", []) {
                                TextLink(measure.reference + " " + measure.fields.name, SiteURL.measure(.value(measure.id)).path)
                                if measure.id == fields.actualsMeasureID { Safe(" (carries the actuals)") }
                            }
                        }
                    }
                }),
            ])
            LogItemLinks(project: project, noun: "benefit", edit: canEdit ? SiteURL.editBenefit(.value(benefit.id)).path : nil,
                         delete: canDelete ? SiteURL.deleteBenefit(.value(benefit.id)).path : nil)
            valuesTable(linked: source)
            if !fields.cash.isEmpty { cashTable }
        }
    }

    /// The planned and actual values by date, for those who do not read the chart.
    func valuesTable(linked source: Measure?) -> Component {
        let dates = Array(Set(benefit.fields.trajectory.map(\.date) + actuals.map(\.date)
                              + [benefit.fields.baseline?.date, benefit.fields.target?.date].compactMap { $0 })).sorted()
        return El("section", [("aria-labelledby", "values-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "values-heading")]) { Safe("Trajectory and actuals") }
            if dates.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No trajectory or actual values have been recorded.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("Planned and actual values by date" + (benefit.fields.unit.isEmpty ? "" : " (" + benefit.fields.unit + ")")) }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Date", "Planned", "Actual"] { El("th", [("scope", "col")]) { Safe(heading) } }
                            }
                        }
                        El("tbody", []) {
                            for date in dates {
                                let actual = actuals.first { $0.date == date }
                                El("tr", []) {
                                    El("th", [("scope", "row")]) { Safe(date.description) }
                                    El("td", []) { Safe(benefit.planned(on: date).map(SPCChart.rounded) ?? "") }
                                    El("td", []) { Safe(actual.map { MeasureNumber.text($0.value) } ?? "") }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    var cashTable: Component {
        El("section", [("aria-labelledby", "cash-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "cash-heading")]) { Safe("Cash by financial year") }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table")]) {
                    El("caption", []) { Safe("Planned and realised cash-releasing value, April to March") }
                    El("thead", []) {
                        El("tr", []) {
                            for heading in ["Financial year", "Planned", "Realised"] { El("th", [("scope", "col")]) { Safe(heading) } }
                        }
                    }
                    El("tbody", []) {
                        for year in benefit.fields.cash {
                            El("tr", []) {
                                El("th", [("scope", "row")]) { Safe(year.year.label) }
                                El("td", []) { Safe(Pounds.text(year.planned)) }
                                El("td", []) { Safe(year.realised.map(Pounds.text) ?? "Not yet known") }
                            }
                        }
                        El("tr", []) {
                            El("th", [("scope", "row")]) { Safe("Total") }
                            El("td", []) { Safe(Pounds.text(benefit.fields.plannedCash)) }
                            El("td", []) { Safe(Pounds.text(benefit.fields.realisedCash)) }
                        }
                    }
                }
            }
        }
    }
}

/// A benefit's fields as the form shows them.
struct BenefitFormFields: Component {
    var input: BenefitInput
    var failure: ValidationFailure
    var owners: [(UUID, String)]
    var measures: [Measure]

    var body: Component {
        let linked = Set((input.measureIDs ?? "").split(separator: ",").map(String.init))
        return ComponentGroup {
            TextInput(name: "title", label: "Benefit", hint: "The improvement, as a board would read it: Fewer patients waiting over 12 hours in ED",
                      value: input.title, error: failure.message(for: "title"))
            TextAreaField(name: "description", label: "Description (optional)",
                          hint: "Who benefits, how, and how it will be measured.", value: input.description,
                          error: failure.message(for: "description"), rows: 3)
            SelectField(name: "category", label: "Category", options: BenefitCategory.allCases.map { ($0.rawValue, $0.label) },
                        selected: input.category ?? BenefitCategory.quality.rawValue, error: failure.message(for: "category"))
            ChoiceGroup(kind: .checkbox, name: "disbenefit", legend: "Dis-benefit",
                        options: [("true", "This is a dis-benefit: an expected negative outcome of the change (not a risk)")],
                        selected: input.disbenefit == "true" ? ["true"] : [], error: failure.message(for: "disbenefit"), small: true)
            SelectField(name: "status", label: "Status", options: BenefitStatus.allCases.map { ($0.rawValue, $0.label) },
                        selected: input.status ?? BenefitStatus.planned.rawValue, error: failure.message(for: "status"))
            SelectField(name: "ownerId", label: "Owner (optional)", hint: "Who is accountable for realising it, often in the business rather than the project.",
                        options: owners.map { ($0.0.lowercasedText, $0.1) }, selected: input.ownerID, error: failure.message(for: "ownerId"),
                        blank: "No owner")
            TextInput(name: "unit", label: "Unit (optional)", hint: "For example, %, minutes, bed days, £", value: input.unit,
                      error: failure.message(for: "unit"), width: "short")
            El("div", [("class", "wm-layout wm-layout--two")]) {
                El("div", []) {
                    TextInput(name: "baselineValue", label: "Baseline value (optional)", value: input.baselineValue,
                              error: failure.message(for: "baselineValue"), width: "short", extra: [("inputmode", "decimal")])
                    TextInput(name: "baselineDate", label: "Baseline date", value: input.baselineDate,
                              error: failure.message(for: "baselineDate"), type: "date", width: "short")
                }
                El("div", []) {
                    TextInput(name: "targetValue", label: "Target value (optional)", value: input.targetValue,
                              error: failure.message(for: "targetValue"), width: "short", extra: [("inputmode", "decimal")])
                    TextInput(name: "targetDate", label: "Target date", value: input.targetDate,
                              error: failure.message(for: "targetDate"), type: "date", width: "short")
                }
            }
            TextAreaField(name: "trajectory", label: "Trajectory (optional)",
                          hint: "The planned values between baseline and target, one per line, oldest first: a date and a value, like 2026-03-31 80.",
                          value: input.trajectory, error: failure.message(for: "trajectory"), rows: 4)
            if measures.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("The project has no measures to link yet: add one on its Measures page to draw the actuals from its data.") }
            } else {
                ChoiceGroup(kind: .checkbox, name: "measureIds", legend: "Measures that evidence it (optional)",
                            options: measures.map { ($0.id.lowercasedText, $0.reference + " " + $0.fields.name) }, selected: linked,
                            error: failure.message(for: "measureIds"), small: true)
                SelectField(name: "actualsMeasureId", label: "Take the actuals from (optional)",
                            hint: "One of the linked measures: its observations become the benefit's actual values.",
                            options: measures.map { ($0.id.lowercasedText, $0.reference + " " + $0.fields.name) }, selected: input.actualsMeasureID,
                            error: failure.message(for: "actualsMeasureId"), blank: "Enter the actuals below")
            }
            TextAreaField(name: "actuals", label: "Actuals (optional)",
                          hint: "When no measure carries them: one per line, oldest first, a date and a value, like 2026-06-30 74.",
                          value: input.actuals, error: failure.message(for: "actuals"), rows: 4)
            TextAreaField(name: "cash", label: "Cash by financial year (cash-releasing benefits only)",
                          hint: "One financial year per line, earliest first: the year, the planned value and the realised value in pounds, or - when not yet known. For example, 2026/27 120000 80000.",
                          value: input.cash, error: failure.message(for: "cash"), rows: 3)
        }
    }
}

/// The benefits register: every benefit of the projects the reader may see, filtered as the
/// portfolio is, with planned against realised cash-releasing value by year and organisation.
struct BenefitRegisterPage: RenderablePage {
    var signedIn: SignedIn
    var register: BenefitRegister
    var query: BenefitRegisterQuery
    var organisations: [(UUID, String)]
    var programmes: [(UUID, String)]
    var errors: [FieldError]

    func render() -> String {
        let page = register.page
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Benefits register", signedIn: signedIn, section: .benefits)) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Benefits register") }
            El("p", [("class", "wm-body")]) {
                Safe("Every benefit of the projects you can see, including those of closed projects still being realised.")
            }
            El("form", [("method", "get"), ("action", SiteURL.benefitRegister.path), ("class", "wm-filter")]) {
                SelectField(name: "organisation", label: "Lead organisation", options: organisations.map { ($0.0.lowercasedText, $0.1) },
                            selected: query.organisationID?.lowercasedText, blank: "Any organisation")
                SelectField(name: "programme", label: "Programme", options: programmes.map { ($0.0.lowercasedText, $0.1) },
                            selected: query.programmeID?.lowercasedText, blank: "Any programme")
                SelectField(name: "projectStatus", label: "Project status", options: ProjectStatus.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.projectStatus?.rawValue, blank: "Any status")
                SelectField(name: "category", label: "Category", options: BenefitCategory.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.category?.rawValue, blank: "Any category")
                SelectField(name: "status", label: "Benefit status", options: BenefitStatus.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.status?.rawValue, blank: "Any status")
                SubmitButton(label: "Apply", style: "secondary")
            }
            totals
            if page.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No benefits match.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(page.total) benefit\(page.total == 1 ? "" : "s")") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Benefit", "Project", "Category", "Status", "Target", "Cash planned", "Cash realised"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) {
                            for line in page.items {
                                let cells = line.renderedCells.value {
                                    (HTMLWriter.render(Self.benefitCell(line.benefit)), HTMLWriter.render(Self.benefitCells(line.benefit)))
                                }
                                El("tr", []) {
                                    WrittenHTML(html: cells.before)
                                    El("td", []) {
                                        TextLink(line.projectCode + " " + line.projectTitle, SiteURL.project(.value(line.benefit.projectID)).path)
                                        El("div", [("class", "wm-secondary")]) {
                                            Safe(line.organisationName + (line.projectStatus == .active ? "" : ", " + line.projectStatus.label.lowercased()))
                                        }
                                    }
                                    WrittenHTML(html: cells.after)
                                }
                            }
                        }
                    }
                }
                Pagination(page: page.request.page, pageCount: page.pageCount, total: page.total, noun: "benefits") { number in
                    SiteURL.benefitRegister.path(query: query.pairs + (number == 1 ? [] : [("page", String(number))]))
                }
                CSVLink(url: SiteURL.benefitRegisterExport.path(query: query.pairs), what: "every benefit listed")
            }
        }
    }

    /// The cells of a line drawn from its benefit alone: the first, and those after its project's.
    static func benefitCell(_ benefit: Benefit) -> El {
        El("td", []) {
            TextLink(benefit.reference + " " + benefit.fields.title, SiteURL.benefit(.value(benefit.id)).path)
            if benefit.fields.isDisbenefit { El("div", [("class", "wm-secondary")]) { Safe("Dis-benefit") } }
        }
    }

    static func benefitCells(_ benefit: Benefit) -> ComponentGroup {
        ComponentGroup {
            El("td", []) { Safe(benefit.fields.category.label) }
            El("td", []) { BenefitStatusTag(status: benefit.fields.status) }
            El("td", []) {
                Safe(benefit.fields.target.map { benefitAmount($0.value, benefit.fields.unit) + " by " + $0.date.description } ?? "None set")
            }
            El("td", []) { Safe(benefit.fields.cash.isEmpty ? "" : Pounds.text(benefit.fields.plannedCash)) }
            El("td", []) { Safe(benefit.fields.cash.isEmpty ? "" : Pounds.text(benefit.fields.realisedCash)) }
        }
    }

    /// Planned against realised cash-releasing value: by year, then by organisation and year.
    var totals: Component {
        El("section", [("aria-labelledby", "cash-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "cash-heading")]) { Safe("Cash-releasing benefits") }
            if register.totalsByYear.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("None of the benefits listed plans cash-releasing value.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table"), ("id", "cash-by-year")]) {
                        El("caption", []) { Safe("Planned and realised by financial year, all listed benefits") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Financial year", "Planned", "Realised", "Realised of planned"] { El("th", [("scope", "col")]) { Safe(heading) } }
                            }
                        }
                        El("tbody", []) {
                            for total in register.totalsByYear {
                                El("tr", []) {
                                    El("th", [("scope", "row")]) { Safe(total.year.label) }
                                    El("td", []) { Safe(Pounds.text(total.planned)) }
                                    El("td", []) { Safe(Pounds.text(total.realised)) }
                                    El("td", []) { Safe(total.planned > 0 ? "\(Int((100 * total.realised / total.planned).rounded()))%" : "") }
                                }
                            }
                        }
                    }
                }
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table"), ("id", "cash-by-organisation")]) {
                        El("caption", []) { Safe("Planned and realised by lead organisation and financial year") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Lead organisation", "Financial year", "Planned", "Realised"] { El("th", [("scope", "col")]) { Safe(heading) } }
                            }
                        }
                        El("tbody", []) {
                            for total in register.totalsByOrganisation.sorted(by: { ($0.organisationName ?? "", $0.year.startYear) < ($1.organisationName ?? "", $1.year.startYear) }) {
                                El("tr", []) {
                                    El("th", [("scope", "row")]) { Safe(total.organisationName ?? "") }
                                    El("td", []) { Safe(total.year.label) }
                                    El("td", []) { Safe(Pounds.text(total.planned)) }
                                    El("td", []) { Safe(Pounds.text(total.realised)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension BenefitRegisterQuery {
    /// The filters as a query string's pairs (the page number apart).
    var pairs: [(String, String)] {
        var pairs: [(String, String)] = []
        if let organisationID { pairs.append(("organisation", organisationID.lowercasedText)) }
        if let programmeID { pairs.append(("programme", programmeID.lowercasedText)) }
        if let projectStatus { pairs.append(("projectStatus", projectStatus.rawValue)) }
        if let category { pairs.append(("category", category.rawValue)) }
        if let status { pairs.append(("status", status.rawValue)) }
        return pairs
    }

    /// The query a query string asks for, and what was wrong with it (each bad value is left out).
    static func parse(_ data: FormData, strict: Bool = false) -> (BenefitRegisterQuery, [FieldError]) {
        var reader = QueryStringReader(data, strict: strict, keys: ["organisation", "programme", "projectStatus", "category", "status"])
        var query = BenefitRegisterQuery()
        query.organisationID = reader.id("organisation", "The organisation")
        query.programmeID = reader.id("programme", "The programme")
        query.projectStatus = reader.choice("projectStatus", "Choose a project status from the list")
        query.category = reader.choice("category", "Choose a category from the list")
        query.status = reader.choice("status", "Choose a benefit status from the list")
        query.page = reader.page(perPage: 50)
        return (query, reader.errors.errors)
    }
}
