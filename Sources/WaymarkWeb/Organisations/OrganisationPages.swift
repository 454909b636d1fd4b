import Plot
import WaymarkDomain
import WaymarkMarkup

struct OrganisationListPage: RenderablePage {
    var chrome: PageChrome
    var organisations: [Organisation]
    var projectCounts: [String: Int]
    var canManage: Bool

    func render() -> String {
        Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Organisations") }
            El("p", [("class", "wm-body")]) { Safe("The partners of the system. Project counts include only projects you can see.") }
            if canManage {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newOrganisation.path)]) { Safe("Add an organisation") }
            }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table")]) {
                    El("caption") { Safe("\(organisations.count) organisations") }
                    El("thead") {
                        El("tr") {
                            El("th", [("scope", "col")]) { Safe("Name") }
                            El("th", [("scope", "col")]) { Safe("Code") }
                            El("th", [("scope", "col")]) { Safe("Kind") }
                            El("th", [("scope", "col")]) { Safe("Projects led") }
                        }
                    }
                    El("tbody") {
                        for organisation in organisations {
                            El("tr") {
                                El("td") { TextLink(organisation.name, SiteURL.organisation(.value(organisation.id)).path) }
                                El("td") { Safe(organisation.code + " (" + organisation.codeKind.label + ")") }
                                El("td") { Safe(organisation.kind.label) }
                                El("td") { Safe(String(projectCounts[organisation.id.lowercasedText] ?? 0)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct OrganisationPage: RenderablePage {
    var chrome: PageChrome
    var organisation: Organisation
    var people: [Person]
    var projects: Page<ProjectSummary>
    var history: Page<AuditEvent>
    var wording: AuditWording
    var canManage: Bool

    func render() -> String {
        Layout.render(chrome) {
            El("span", [("class", "wm-caption")]) { Safe(organisation.kind.label) }
            El("h1", [("class", "wm-heading-l")]) { Safe(organisation.name) }
            if canManage {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.editOrganisation(.value(organisation.id)).path)]) {
                    Safe("Edit organisation")
                }
            }
            SummaryList(rows: [
                ("Code", Safe(organisation.code)),
                ("Kind of code", Safe(organisation.codeKind.label)),
                ("Kind of organisation", Safe(organisation.kind.label)),
            ])
            El("h2", [("class", "wm-heading-m")]) { Safe("Projects it leads (\(projects.total))") }
            if projects.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No projects you can see.") }
            } else {
                El("ul", [("class", "wm-list")]) {
                    for project in projects.items {
                        El("li") {
                            TextLink(project.code + " " + project.title, SiteURL.project(.value(project.id)).path)
                            Safe(" ")
                            project.status.tag
                        }
                    }
                }
                if projects.total > projects.items.count {
                    El("p", [("class", "wm-body")]) {
                        TextLink("See all \(projects.total) in the portfolio",
                             SiteURL.portfolio.path(query: [("organisation", organisation.id.lowercasedText)]))
                    }
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("People (\(people.count))") }
            El("ul", [("class", "wm-list")]) {
                for person in people {
                    El("li") { TextLink(person.name, SiteURL.person(.value(person.id)).path); Safe(" – " + person.role.label) }
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("History") }
            RecentHistoryList(history: history, wording: wording, fullHistory: SiteURL.organisationHistory(.value(organisation.id)).path)
        }
    }
}

struct OrganisationFormPage: RenderablePage {
    var signedIn: SignedIn
    var organisation: Organisation?
    var input: OrganisationInput
    var errors: [FieldError]

    func render() -> String {
        let failure = ValidationFailure(errors)
        let title = organisation.map { "Edit " + $0.name } ?? "Add an organisation"
        let action = organisation.map { SiteURL.editOrganisation(.value($0.id)).path } ?? SiteURL.organisations.path
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn,
                                        section: .organisations, breadcrumbs: [("Organisations", SiteURL.organisations.path)])) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let organisation {
                    VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(organisation.version))])
                }
                TextInput(name: "name", label: "Name", value: input.name, error: failure.message(for: "name"))
                SelectField(name: "kind", label: "Kind of organisation",
                            options: OrganisationKind.allCases.map { ($0.rawValue, $0.label) }, selected: input.kind,
                            error: failure.message(for: "kind"), blank: "Select a kind")
                ChoiceGroup(kind: .radio, name: "codeKind", legend: "Kind of code",
                            hint: "NHS bodies have ODS codes. Councils and voluntary partners often have none: give them a local code.",
                            options: OrganisationCodeKind.allCases.map { ($0.rawValue, $0.label) },
                            selected: Set([input.codeKind].compactMap { $0 }), error: failure.message(for: "codeKind"))
                TextInput(name: "code", label: "Code", hint: "Like RH5, QSL or A81001 (ODS), or SCC (local). Project codes start with it.",
                          value: input.code, error: failure.message(for: "code"), width: "short",
                          extra: [("spellcheck", "false"), ("autocapitalize", "characters")])
                SubmitButton(label: organisation == nil ? "Add organisation" : "Save changes")
            }
        }
    }
}
