import Plot
import WaymarkDomain
import WaymarkMarkup

struct PortfolioPage {
    var chrome: PageChrome
    var mine: Bool
    var query: PortfolioQuery
    var errors: [FieldError]
    var page: Page<PortfolioIndex.Entry>
    var counts: FacetCounts
    var references: ReferenceData
    var canCreate: Bool
    var view: PortfolioView
    var today: CalendarDate

    /// The page sizes offered; any from 1 to `PageRequest.maximumPerPage` may be asked for.
    static let pageSizes = [25, 50, 100]

    var baseURL: SiteURL { mine ? .myProjects : .portfolio }

    func link(_ change: (inout PortfolioQuery) -> Void) -> String {
        var next = query
        next.page = PageRequest(page: 1, perPage: query.page.perPage)
        change(&next)
        return baseURL.path(query: Self.items(next))
    }

    /// The query string for a query, with its page and page size when they are not the first
    /// page and the default size.
    static func items(_ query: PortfolioQuery) -> [(String, String)] {
        var items = query.queryItems
        if query.page.perPage != pageSizes[0] { items.append(("per_page", String(query.page.perPage))) }
        if query.page.page > 1 { items.append(("page", String(query.page.page))) }
        return items
    }

    /// This page's own address, to come back to after choosing a view.
    var here: String { baseURL.path(query: Self.items(query)) }

    /// A download of everything the filters select, in their order.
    func export(_ format: ExportFormat) -> String {
        SiteURL.portfolioExport.path(query: query.queryItems + (mine ? [("mine", "true")] : []) + [("format", format.rawValue)])
    }

    func options(_ facet: PortfolioFacet) -> [(value: String, label: String)] {
        func labelled(_ value: String, _ label: String) -> (value: String, label: String) {
            (value, "\(label) (\(counts.count(facet, value)))")
        }
        switch facet {
        case .organisation: return references.organisations.map { labelled($0.id.lowercasedText, $0.name) }
        case .programme: return references.programmes.map { labelled($0.id.lowercasedText, $0.name) }
        case .theme: return references.themes.map { labelled($0.id.lowercasedText, $0.name) }
        case .stage: return references.stages.map { labelled($0.id.lowercasedText, $0.name) }
        case .methodology: return Methodology.allCases.map { labelled($0.rawValue, $0.label) }
        case .status: return ProjectStatus.allCases.map { labelled($0.rawValue, $0.label) }
        }
    }

    func render() -> String {
        Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe(mine ? "My projects" : "Portfolio") }
            El("p", [("class", "wm-body")]) {
                Safe(mine ? "Projects whose team you are on." : "Every project you can see across the system, with what each filter would give.")
            }
            if canCreate {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newProject.path)]) { Safe("Create a project") }
            }
            El("div", [("class", "wm-layout wm-layout--sidebar")]) {
                filters
                results
            }
        }
    }

    var filters: Component {
        El("form", [("method", "get"), ("action", baseURL.path), ("class", "wm-filter"), ("aria-label", "Filter projects")]) {
            El("h2", [("class", "wm-heading-s")]) { Safe("Filter projects") }
            TextInput(name: "q", label: "Search", hint: "Title, code or summary", value: query.text ?? "", type: "search")
            SelectField(name: "organisation", label: "Lead organisation", options: options(.organisation),
                        selected: query.organisationID?.lowercasedText, blank: "All organisations")
            SelectField(name: "programme", label: "Programme", options: options(.programme),
                        selected: query.programmeID?.lowercasedText, blank: "All programmes")
            SelectField(name: "theme", label: "Strategic theme", options: options(.theme),
                        selected: query.themeID?.lowercasedText, blank: "All themes")
            SelectField(name: "stage", label: "Lifecycle stage", options: options(.stage),
                        selected: query.stageID?.lowercasedText, blank: "All stages")
            SelectField(name: "methodology", label: "Method", options: options(.methodology),
                        selected: query.methodology?.rawValue, blank: "All methods")
            SelectField(name: "status", label: "Status", options: options(.status),
                        selected: query.status?.rawValue, blank: "Any status")
            SelectField(name: "delivery", label: "Delivery status", hint: "The overall status each project last reported",
                        options: DeliveryFilter.allCases.map { ($0.rawValue, $0.label) },
                        selected: query.delivery?.rawValue, blank: "Any delivery status")
            SelectField(name: "sort", label: "Sort by", options: PortfolioSort.allCases.map { ($0.rawValue, $0.label) },
                        selected: query.sort.rawValue)
            SelectField(name: "order", label: "Order", options: [("asc", "Ascending"), ("desc", "Descending")],
                        selected: query.descending ? "desc" : "asc")
            ChoiceGroup(kind: .checkbox, name: "past_end", legend: "Past their end date",
                        options: [("true", "Only active projects past their end date")],
                        selected: query.activePastEndOn == nil ? [] : ["true"], small: true)
            SelectField(name: "per_page", label: "Projects per page",
                        options: Self.pageSizes.map { (String($0), String($0)) }, selected: String(query.page.perPage))
            SubmitButton(label: "Apply filters")
            El("p", [("class", "wm-body")]) { TextLink("Clear filters", baseURL.path) }
            GlossaryLinks(screen: .portfolioFilters, intro: "What the filters mean, in the glossary:")
        }
    }

    var results: Component {
        El("div") {
            El("div", [("class", "wm-results-bar")]) {
                El("p", [("class", "wm-body"), ("role", "status")]) {
                    El("strong") { Safe("\(page.total) project\(page.total == 1 ? "" : "s")") }
                    Safe(query.activeFacets.isEmpty && query.text == nil && query.activePastEndOn == nil && query.delivery == nil
                         ? "" : page.total == 1 ? " matches your filters" : " match your filters")
                }
                viewChoice
            }
            if page.items.isEmpty {
                El("p", [("class", "wm-inset")]) {
                    Safe(mine ? "You are not on any project team yet." : "No projects match. Try removing a filter.")
                }
            } else {
                El("p", [("class", "wm-body wm-downloads")]) {
                    Safe("Download \(page.total == 1 ? "this project" : "these \(page.total) projects"): ")
                    TextLink("Excel (.xlsx)", export(.xlsx))
                    Safe(" or ")
                    TextLink("CSV", export(.csv))
                }
            }
            if view == .cards {
                El("ul", [("class", "wm-results"), ("aria-label", "Projects")]) {
                    for entry in page.items {
                        if entry.summary.isPastEnd(today: today) {
                            WrittenHTML(html: entry.renderedPastEndHTML.value { HTMLWriter.render(Self.row(entry.summary, pastEnd: true)) })
                        } else {
                            WrittenHTML(html: entry.renderedHTML.value { HTMLWriter.render(Self.row(entry.summary)) })
                        }
                    }
                }
            } else if !page.items.isEmpty {
                table
            }
            if page.pageCount > 1 {
                Pagination(page: page.request.page, pageCount: page.pageCount, total: page.total, noun: "projects") { number in
                    link { $0.page = PageRequest(page: number, perPage: query.page.perPage) }
                }
            }
        }
    }

    /// Cards or table: a choice the person's account remembers (a form, so it works without
    /// JavaScript; the page comes back as it was).
    var viewChoice: Component {
        El("form", [("method", "post"), ("action", SiteURL.portfolioView.path), ("class", "wm-view-choice"),
                    ("aria-label", "Show projects as")]) {
            CSRFField(token: chrome.signedIn?.csrfToken)
            VoidEl("input", [("type", "hidden"), ("name", "return"), ("value", here)])
            El("span", [("class", "wm-view-choice__label"), ("aria-hidden", "true")]) { Safe("Show as") }
            for choice in PortfolioView.allCases {
                El("button", [("type", "submit"), ("name", "view"), ("value", choice.rawValue),
                              ("class", "wm-button wm-button--secondary wm-view-choice__button"),
                              ("aria-pressed", choice == view ? "true" : "false")]) {
                    El("span", [("class", "wm-visually-hidden")]) { Safe("Show as ") }
                    Safe(choice == .cards ? "cards" : "a table")
                }
            }
        }
    }

    /// The table view's columns: a heading and, where the portfolio sorts by it, the sort.
    static let tableColumns: [(heading: String, sort: PortfolioSort?)] = [
        ("Code", .code), ("Title", .title), ("Lead organisation", .organisation), ("Stage", .stage), ("Status", .status),
        ("SRO", .sro), ("Project manager", .manager), ("End date", .end), ("Budget", .budget), ("Last changed", .updated),
    ]

    /// A dense table: one row a project, sorted by any column's heading (a link that sorts by it,
    /// ascending first, then the other way), with `aria-sort` on the column sorted by. On a narrow
    /// screen each row stacks into labelled lines.
    var table: Component {
        El("table", [("class", "wm-table wm-table--dense wm-table--stack"), ("id", "portfolio-table")]) {
            El("caption", [("class", "wm-visually-hidden")]) {
                Safe("Projects, sorted by \(query.sort.label.lowercased()), \(query.descending ? "descending" : "ascending")")
            }
            El("thead") {
                El("tr") {
                    for column in Self.tableColumns {
                        let current = column.sort == query.sort
                        El("th", [("scope", "col"),
                                  ("aria-sort", current ? (query.descending ? "descending" : "ascending") : nil)]) {
                            if let sort = column.sort {
                                El("a", [("href", link { $0.sort = sort; $0.descending = current && !query.descending }),
                                         ("class", "wm-sort-link")]) {
                                    Safe(column.heading)
                                    El("span", [("class", "wm-visually-hidden")]) {
                                        Safe(current && !query.descending ? ": sort descending" : ": sort ascending")
                                    }
                                    if current {
                                        El("span", [("class", "wm-sort-link__arrow"), ("aria-hidden", "true")]) {
                                            Safe(query.descending ? " ▼" : " ▲")
                                        }
                                    }
                                }
                            } else {
                                Safe(column.heading)
                            }
                        }
                    }
                }
            }
            El("tbody") {
                for entry in page.items { tableRow(entry.summary) }
            }
        }
    }

    func tableRow(_ project: ProjectSummary) -> Component {
        func text(_ heading: String, _ value: String?) -> Component {
            El("td", [("data-label", heading)]) {
                if let value { Safe(value) } else { El("span", [("class", "wm-secondary")]) { Safe("None") } }
            }
        }
        return El("tr") {
            text("Code", project.code)
            El("td", [("data-label", "Title")]) { El("a", [("href", SiteURL.project(.value(project.id)).path)]) { Safe(project.title) } }
            text("Lead organisation", project.leadOrganisationName)
            text("Stage", project.stageName)
            El("td", [("data-label", "Status")]) {
                project.status.tag
                if project.isPastEnd(today: today) { Self.pastEndTag }
            }
            text("SRO", project.seniorResponsibleOwner)
            text("Project manager", project.projectManager)
            text("End date", project.endDate?.longFormat)
            text("Budget", project.budgetPence.map(Money.display))
            text("Last changed", DateText.long(project.updatedAt))
        }
    }

    /// Said in words, beside the status, wherever a project still active after its end date is shown.
    static let pastEndTag = Tag(text: "Past end date", colour: "red")

    /// One project in the list: the same for everyone who may see it, so written once per index
    /// (twice for one past its end date: with the flag, and without for before that day).
    static func row(_ project: ProjectSummary, pastEnd: Bool = false) -> Component {
        El("li", [("class", "wm-result")]) {
            El("h2", [("class", "wm-result__title")]) {
                El("a", [("href", SiteURL.project(.value(project.id)).path)]) { Safe(project.title) }
            }
            El("span", [("class", "wm-secondary")]) { Safe(project.code + " · " + project.leadOrganisationName) }
            if !project.summary.isEmpty {
                El("p", [("class", "wm-result__summary")]) { Safe(String(project.summary.prefix(240))) }
            }
            El("p", [("class", "wm-result__meta")]) {
                project.status.tag
                if pastEnd { pastEndTag }
                El("span") { Safe("Stage: " + project.stageName) }
                El("span") { Safe("Method: " + project.methodology.label) }
                if let programme = project.programmeName { El("span") { Safe("Programme: " + programme) } }
                if let end = project.endDate { El("span") { Safe("Ends " + end.longFormat) } }
                project.visibility.tag
            }
        }
    }
}
