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

    var baseURL: SiteURL { mine ? .myProjects : .portfolio }

    func link(_ change: (inout PortfolioQuery) -> Void) -> String {
        var next = query
        next.page = PageRequest(page: 1, perPage: query.page.perPage)
        change(&next)
        var items = next.queryItems
        if next.page.page > 1 { items.append(("page", String(next.page.page))) }
        return baseURL.path(query: items)
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
            SelectField(name: "sort", label: "Sort by", options: PortfolioSort.allCases.map { ($0.rawValue, $0.label) },
                        selected: query.sort.rawValue)
            SelectField(name: "order", label: "Order", options: [("asc", "Ascending"), ("desc", "Descending")],
                        selected: query.descending ? "desc" : "asc")
            SubmitButton(label: "Apply filters")
            El("p", [("class", "wm-body")]) { TextLink("Clear filters", baseURL.path) }
            GlossaryLinks(screen: .portfolioFilters, intro: "What the filters mean, in the glossary:")
        }
    }

    var results: Component {
        El("div") {
            El("p", [("class", "wm-body"), ("role", "status")]) {
                El("strong") { Safe("\(page.total) project\(page.total == 1 ? "" : "s")") }
                Safe(query.activeFacets.isEmpty && query.text == nil ? "" : " match your filters")
            }
            if page.items.isEmpty {
                El("p", [("class", "wm-inset")]) {
                    Safe(mine ? "You are not on any project team yet." : "No projects match. Try removing a filter.")
                }
            }
            El("ul", [("class", "wm-results"), ("aria-label", "Projects")]) {
                for entry in page.items {
                    WrittenHTML(html: entry.renderedHTML.value { HTMLWriter.render(Self.row(entry.summary)) })
                }
            }
            if page.pageCount > 1 {
                Pagination(page: page.request.page, pageCount: page.pageCount, total: page.total, noun: "projects") { number in
                    link { $0.page = PageRequest(page: number, perPage: query.page.perPage) }
                }
            }
        }
    }

    /// One project in the list: the same for everyone who may see it, so written once per index.
    static func row(_ project: ProjectSummary) -> Component {
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
                El("span") { Safe("Stage: " + project.stageName) }
                El("span") { Safe("Method: " + project.methodology.label) }
                if let programme = project.programmeName { El("span") { Safe("Programme: " + programme) } }
                if let end = project.endDate { El("span") { Safe("Ends " + end.longFormat) } }
                project.visibility.tag
            }
        }
    }
}
