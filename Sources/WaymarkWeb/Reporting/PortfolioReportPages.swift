import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// The portfolio report for a slice and a period: what every project reported, the movement
/// since the period before, the exceptions, and the slice's risks, milestones, dependencies,
/// benefits, data quality and gate reviews waiting. A4 when printed (the print styles drop the
/// site's chrome and the form).
struct PortfolioReportPage: RenderablePage {
    var signedIn: SignedIn
    var report: PortfolioReport
    /// "The whole system", "Programme Urgent care", ...
    var slice: String
    var references: ReferenceData
    /// The slice's filters as the form shows them (organisation, programme, theme).
    var chosen: [String: String]
    /// The query the page was asked with, to carry the other portfolio filters.
    var kept: [(String, String)]
    /// In a board pack, a long list gives its first rows and says where the rest are.
    var inPack = false
    /// The page of each long list asked for (the first when not asked).
    var listPages: [ReportList: Int] = [:]

    /// How many projects' rows a list shows at a time: a page of the report on screen, and all a
    /// board pack prints before it points to the report. A region's whole-system report has
    /// 20,000 lines; written whole, its page took over a second and was no use to read.
    static let rowsPerPage = 50

    /// The report's lists that run to pages, each paged on its own (`exceptions_page=2`).
    enum ReportList: String, CaseIterable {
        case exceptions, projects
        case notReported = "not_reported"
        case gates

        var parameter: String { rawValue + "_page" }
        var anchor: String {
            switch self {
            case .exceptions: "report-exceptions"
            case .projects: "report-projects"
            case .notReported: "not-reported"
            case .gates: "report-gates"
            }
        }
        var pagesLabel: String {
            switch self {
            case .exceptions: "Pages of the exceptions"
            case .projects: "Pages of every project"
            case .notReported: "Pages of the projects not reported"
            case .gates: "Pages of the gate reviews waiting"
            }
        }
        var noun: String { self == .gates ? "gate reviews" : "projects" }
    }

    /// Which page of `list` (`count` items in all) is shown, of how many, and the positions on it:
    /// the page asked for, the last when asked past it, and in a pack the first.
    private func place(_ list: ReportList, count: Int) -> (page: Int, pageCount: Int, shown: Range<Int>) {
        let pageCount = max(1, (count + Self.rowsPerPage - 1) / Self.rowsPerPage)
        let page = inPack ? 1 : min(max(1, listPages[list] ?? 1), pageCount)
        let start = (page - 1) * Self.rowsPerPage
        return (page, pageCount, start..<min(count, start + Self.rowsPerPage))
    }

    /// The positions of `list`'s items (`count` in all) its page shows, and what leads to the
    /// rest: on screen the list's pages, in a pack a sentence.
    private func paged(_ list: ReportList, count: Int) -> (shown: Range<Int>, more: Component) {
        let (page, pageCount, shown) = place(list, count: count)
        guard count > Self.rowsPerPage else { return (shown, ComponentGroup {}) }
        if inPack {
            return (shown, El("p", [("class", "wm-body")]) {
                Safe("The first \(Self.rowsPerPage) of \(count) are listed here; the rest are in the portfolio report on Waymark.")
            })
        }
        let others = listPages.filter { $0.key != list && $0.value > 1 }.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { ($0.key.parameter, String($0.value)) }
        let base = sliceQuery + [("period", report.period.key)] + others
        return (shown, Pagination(page: page, pageCount: pageCount, total: count, noun: list.noun, label: list.pagesLabel) { number in
            SiteURL.portfolioReport.path(query: base + (number > 1 ? [(list.parameter, String(number))] : [])) + "#" + list.anchor
        })
    }

    func render() -> String {
        let report = self.report
        let title = "Portfolio report: \(slice), \(report.period.label)"
        return Layout.render(PageChrome(title: title, signedIn: signedIn, section: .reporting,
                                        breadcrumbs: [("Reporting", SiteURL.reporting.path)])) {
            El("span", [("class", "wm-caption")]) { Safe(slice) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Portfolio report, \(report.period.label)") }
            form
            El("p", [("class", "wm-body wm-no-print")]) {
                Safe("The status history of these projects over the last twelve periods, every rating and section: ")
                TextLink("CSV", SiteURL.statusHistoryExport.path(query: sliceQuery + [("format", "csv")]),
                         extra: [("aria-label", "The status history as CSV")])
                Safe(" or ")
                TextLink("Excel workbook", SiteURL.statusHistoryExport.path(query: sliceQuery + [("format", "xlsx")]),
                         extra: [("aria-label", "The status history as an Excel workbook")])
                Safe(".")
            }
            El("p", [("class", "wm-body wm-no-print")]) {
                Safe("Every item of these projects' logs, each row led by its project: ")
                for (index, log) in LogsExport.across.enumerated() {
                    Safe(index == 0 ? "" : "; ")
                    Safe(log.0 + " as ")
                    TextLink("CSV", SiteURL.logsExport(.value(log.0)).path(query: sliceQuery + [("format", "csv")]),
                             extra: [("aria-label", "Every \(log.1) as CSV")])
                    Safe(" or ")
                    TextLink("a workbook", SiteURL.logsExport(.value(log.0)).path(query: sliceQuery + [("format", "xlsx")]),
                             extra: [("aria-label", "Every \(log.1) as an Excel workbook")])
                }
                Safe(".")
            }
            content
            packForm
        }
    }

    /// The slice's filters, for a link to something else of the same projects.
    private var sliceQuery: [(String, String)] {
        kept + chosen.filter { $0.key != "period" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Choosing the highlight reports of a board pack: the projects that reported among those the
    /// page lists (all of them, unless the report runs to pages), the first red and amber ones ticked
    /// (as many as a pack holds, in the exceptions' order).
    private var packForm: Component {
        let report = self.report
        let reportedCount = report.lines.count - report.notReportedPositions.count
        let listed = Set(report.exceptionPositions[place(.exceptions, count: report.exceptionPositions.count).shown])
            .union(place(.projects, count: report.lines.count).shown)
        let offered = listed.sorted().map { report.lines[$0] }.filter { $0.update != nil }
        let ticked = Set(report.exceptionPositions.prefix(BoardPack.projectLimit).map { report.lines[$0].project.id.lowercasedText })
        var hint = "One document with a contents page; printed or as a PDF, its pages are numbered. At most \(BoardPack.projectLimit)."
        if offered.count < reportedCount {
            hint += " Offered: the \(offered.count) that reported among the projects this page lists, of \(reportedCount) that reported; the lists' pages offer the others."
        }
        return El("section", [("aria-labelledby", "pack-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "pack-heading")]) { Safe("Make a board pack") }
            if reportedCount == 0 {
                El("p", [("class", "wm-body")]) { Safe("No project reported for \(report.period.label): there are no highlight reports to add.") }
            } else {
                El("form", [("method", "get"), ("action", SiteURL.boardPack.path), ("class", "wm-filter")]) {
                    for (name, value) in kept + chosen.sorted(by: { $0.key < $1.key }).map({ ($0.key, $0.value) }) where name != "period" {
                        VoidEl("input", [("type", "hidden"), ("name", name), ("value", value)])
                    }
                    VoidEl("input", [("type", "hidden"), ("name", "period"), ("value", report.period.key)])
                    ChoiceGroup(kind: .checkbox, name: "project", legend: "Highlight reports to include after this report",
                                hint: hint,
                                options: offered.map { ($0.project.id.lowercasedText, $0.project.code + " " + $0.project.title) }, selected: ticked,
                                small: true)
                    SubmitButton(label: "Make the board pack", style: "secondary")
                }
            }
        }
    }

    /// The report below its heading and form: in a board pack too.
    var content: Component {
        let report = self.report
        return ComponentGroup {
            if let closure = report.asAt {
                El("p", [("class", "wm-body wm-as-at")]) {
                    El("strong", []) { Safe(closure.asAtText + ".") }
                    Safe(" Made \(DateText.long(report.generatedAt)) from the snapshot taken when the period closed")
                    Safe(closure.closedByName.map { " (closed by \($0))" } ?? "")
                    Safe(": the status updates submitted for \(report.period.label) by then, and the plan, RAID log, benefits and gates as they stood, whatever changed since. ")
                    Safe("It counts only the projects you can see today.")
                }
            } else {
                El("p", [("class", "wm-body wm-secondary")]) {
                    Safe("Built \(DateText.long(report.generatedAt)) from the status updates submitted for \(report.period.label) (due \(report.due.longFormat)), ")
                    Safe("and from the plan, RAID log, benefits and gates as they stand now. It counts only the projects you can see.")
                }
            }
            summary
            El("div", [("class", "wm-layout wm-layout--two")]) {
                for facet in [DashboardFacet.stage, .organisation] {
                    if let chart = report.dashboard.chart(facet), !chart.bars.isEmpty {
                        DashboardChartFigure(chart: chart, scope: .all, personID: signedIn.person.id)
                    }
                }
            }
            exceptions
            projects
            notReported
            gates
            TopRisksSection(page: report.dashboard.topRisks)
            MilestonesSection(page: report.dashboard.milestones, today: report.dashboard.today)
            DependenciesSection(page: report.dashboard.dependencies)
            BenefitsSection(totals: report.dashboard.benefits)
            DataQualitySection(flags: report.dashboard.quality)
        }
    }

    private var form: Component {
        El("form", [("method", "get"), ("action", SiteURL.portfolioReport.path), ("class", "wm-filter")]) {
            for (name, value) in kept { VoidEl("input", [("type", "hidden"), ("name", name), ("value", value)]) }
            SelectField(name: "period", label: "Period", options: report.periods.map { ($0.key, $0.label + (report.closed.contains($0) ? " (closed)" : "")) },
                        selected: report.period.key)
            SelectField(name: "organisation", label: "Lead organisation", options: references.organisations.map { ($0.id.lowercasedText, $0.name) },
                        selected: chosen["organisation"], blank: "Any organisation")
            SelectField(name: "programme", label: "Programme", options: references.programmes.map { ($0.id.lowercasedText, $0.name) },
                        selected: chosen["programme"], blank: "Any programme")
            SelectField(name: "theme", label: "Strategic theme", options: references.themes.map { ($0.id.lowercasedText, $0.name) },
                        selected: chosen["theme"], blank: "Any theme")
            SubmitButton(label: "Show the report", style: "secondary")
        }
    }

    private var summary: Component {
        let counts = report.counts
        let movement = report.movement
        return El("section", [("aria-labelledby", "summary-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "summary-heading")]) { Safe("Summary") }
            El("p", [("class", "wm-body")]) {
                Safe("\(DashboardPage.projects(report.lines.count)) to report; \(counts.total - counts.notReported) reported, \(counts.notReported) did not.")
                if !movement.isEmpty {
                    let parts = [(RAGMovement.improved, "improved"), (.worsened, "worsened"), (.unchanged, "unchanged"), (.new, "reported for the first time")]
                        .compactMap { kind, words in movement[kind].map { "\($0) \(words)" } }
                    Safe(" Overall status since the period before: " + parts.joined(separator: ", ").replacingLastComma(with: " and ") + ".")
                }
            }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table wm-table--dense")]) {
                    El("caption", []) { Safe("Overall status reported for \(report.period.label)") }
                    El("thead", []) { El("tr", []) { El("th", [("scope", "col")]) { Safe("Status") }; El("th", [("scope", "col")]) { Safe("Projects") } } }
                    El("tbody", []) {
                        for rag in RAG.allCases.reversed() {
                            El("tr", []) { El("th", [("scope", "row")]) { rag.tag }; El("td", []) { Safe(String(counts[rag])) } }
                        }
                        El("tr", []) { El("th", [("scope", "row")]) { Safe("Not reported") }; El("td", []) { Safe(String(counts.notReported)) } }
                    }
                }
            }
        }
    }

    private var notReported: Component {
        let report = self.report
        let positions = report.notReportedPositions
        guard !positions.isEmpty else { return ComponentGroup {} }
        let (shown, more) = paged(.notReported, count: positions.count)
        return ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", ReportList.notReported.anchor)]) { Safe("Not reported for \(report.period.label)") }
            El("ul", [("class", "wm-list wm-list--bullet")]) {
                for position in positions[shown] {
                    let project = report.lines[position].project
                    El("li", []) { TextLink(project.code + " " + project.title, SiteURL.projectUpdates(.value(project.id)).path) }
                }
            }
            more
        }
    }

    private var exceptions: Component {
        let report = self.report
        let exceptions = report.exceptionPositions
        let (shown, more) = paged(.exceptions, count: exceptions.count)
        return El("section", [("aria-labelledby", "report-exceptions")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "report-exceptions")]) { Safe("Exceptions: red and amber") }
            if exceptions.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No project reported red or amber for \(report.period.label).") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(DashboardPage.projects(exceptions.count)) red or amber: red first, then those that worsened") }
                        El("thead", []) {
                            El("tr", []) { for heading in ["Project", "Overall", "Movement", "Why", "Summary"] { El("th", [("scope", "col")]) { Safe(heading) } } }
                        }
                        El("tbody", []) {
                            for line in exceptions[shown].map({ report.lines[$0] }) {
                                El("tr", []) {
                                    El("th", [("scope", "row")]) { highlightLink(line) }
                                    El("td", []) { RatingTag(rag: line.overall) }
                                    El("td", []) { MovementText(movement: line.movement) }
                                    El("td", []) { MultilineText(text: line.update?.fields.overall.justification ?? "", empty: "") }
                                    El("td", []) { MultilineText(text: line.update?.fields.text(.summary) ?? "", empty: "") }
                                }
                            }
                        }
                    }
                }
                more
            }
        }
    }

    private var projects: Component {
        let report = self.report
        let (shown, more) = paged(.projects, count: report.lines.count)
        return El("section", [("aria-labelledby", "report-projects")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "report-projects")]) { Safe("Every project") }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table wm-table--dense")]) {
                    El("caption", []) { Safe("\(DashboardPage.projects(report.lines.count)), by code: each rating reported for \(report.period.label)") }
                    El("thead", []) {
                        El("tr", []) {
                            for heading in ["Project", "Stage", "Overall", "Movement"] + StatusDimension.allCases.map(\.label) {
                                El("th", [("scope", "col")]) { Safe(heading) }
                            }
                        }
                    }
                    El("tbody", []) {
                        for line in report.lines[shown] {
                            El("tr", []) {
                                El("th", [("scope", "row")]) { highlightLink(line) }
                                El("td", []) { Safe(line.project.stageName) }
                                El("td", []) { RatingTag(rag: line.overall, none: "Not reported") }
                                El("td", []) { MovementText(movement: line.movement) }
                                for dimension in StatusDimension.allCases {
                                    El("td", []) { RatingTag(rag: line.update?.fields.rating(dimension).rag, none: "") }
                                }
                            }
                        }
                    }
                }
            }
            more
        }
    }

    private var gates: Component {
        let waiting = report.dashboard.gatesWaiting
        let (shown, more) = paged(.gates, count: waiting.count)
        return El("section", [("aria-labelledby", "report-gates")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "report-gates")]) { Safe("Gate reviews waiting for a decision") }
            if waiting.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("None.") }
            } else {
                El("ul", [("class", "wm-list wm-list--bullet")]) {
                    for (review, project) in waiting[shown] {
                        El("li", []) {
                            TextLink("\(project.code) \(project.title): \(review.title)", SiteURL.gateReview(.value(review.id)).path)
                            Safe(", for the \(review.board), asked for " + DateText.long(review.requestedAt))
                        }
                    }
                }
                more
            }
        }
    }

    /// The project, linked to its highlight report for the period when it reported one.
    private func highlightLink(_ line: PortfolioReportLine) -> Component {
        let name = line.project.code + " " + line.project.title
        guard line.update != nil else { return TextLink(name, SiteURL.project(.value(line.project.id)).path) }
        return TextLink(name, SiteURL.highlightReport(.value(line.project.id)).path(query: [("period", line.period.key)]))
    }
}
