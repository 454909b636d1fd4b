import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

extension DependencyStatus {
    var tag: Tag {
        switch self {
        case .onTrack: Tag(text: label, colour: "green")
        case .atRisk: Tag(text: label, colour: "orange")
        case .late: Tag(text: label, colour: "red")
        case .met: Tag(text: label, colour: "blue")
        }
    }
}

/// One end of a dependency in words: a project the reader may read (its code and title, linked
/// to its dependencies, and its lead organisation), or only that it is one they may not read.
struct DependencyEndText: Component {
    var end: DependencyEnd?
    var external: String
    var organisations: [UUID: String]

    var body: Component {
        var html = HTMLBytes(capacity: 256)
        write(to: &html)
        return html.component
    }

    /// The same HTML, into bytes being written (the register's rows).
    func write(to html: inout HTMLBytes) {
        switch end {
        case .project(let id, let code, let title, let organisation)?:
            html.element("a", [("href", SiteURL.projectDependencies(.value(id)).path)], text: code + " " + title)
            if let name = organisations[organisation] {
                html.open("br")
                html.element("span", [("class", "wm-secondary")], text: name)
            }
        case .hidden?: html.element("span", [("class", "wm-secondary")], text: DependencyEnd.hiddenText)
        case .deleted?: html.element("span", [("class", "wm-secondary")], text: DependencyEnd.deletedText)
        case nil:
            html.text(external)
            html.open("br")
            html.element("span", [("class", "wm-secondary")], text: "Outside Waymark")
        }
    }
}

/// The needed-by date, flagged when it has passed and the dependency is not met.
struct NeededBy: Component {
    var fields: DependencyFields
    var today: CalendarDate

    var body: Component {
        var html = HTMLBytes(capacity: 128)
        write(to: &html)
        return html.component
    }

    func write(to html: inout HTMLBytes) {
        html.text(fields.neededBy.longFormat)
        if fields.isOverdue(today: today) {
            html.text(" ")
            html.component(Tag(text: "Overdue", colour: "red"))
        }
    }
}

/// A project's dependencies: what it depends on (on its own log) and what other projects depend
/// on it (on theirs), each end shown only as far as the reader may read it.
struct DependencyLogPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var dependsOn: [SeenDependency]
    var dependedOnBy: [SeenDependency]
    var owners: [UUID: String]
    var organisations: [UUID: String]
    var today: CalendarDate
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        Layout.render(PageChrome(title: "Dependencies of " + project.fields.title, signedIn: signedIn, section: .portfolio,
                                 notice: notice,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                               (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Dependencies of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .dependencies)
            CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.dependencies)).path, what: "this log")
            El("h2", [("class", "wm-heading-m")]) { Safe("What this project depends on") }
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newDependency(.value(project.id)).path)]) { Safe("Record a dependency") }
            }
            if dependsOn.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("This project has recorded no dependencies.") }
            } else {
                table(dependsOn, caption: "\(dependsOn.count) \(dependsOn.count == 1 ? "dependency" : "dependencies") of this project",
                      otherHeading: "Depends on", other: { DependencyEndText(end: $0.provider, external: $0.dependency.fields.external,
                                                                             organisations: organisations) })
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("What depends on this project") }
            if dependedOnBy.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No other project has recorded a dependency on this one.") }
            } else {
                table(dependedOnBy, caption: "Recorded by the projects that depend on this one, soonest needed first",
                      otherHeading: "Project that depends", other: { DependencyEndText(end: $0.dependent, external: "",
                                                                                         organisations: organisations) })
            }
        }
    }

    private func table(_ items: [SeenDependency], caption: String, otherHeading: String,
                       other: @escaping (SeenDependency) -> Component) -> Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe(caption) }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["Dependency", otherHeading, "Needed by", "Owner", "Status"] {
                            El("th", [("scope", "col")]) { Safe(heading) }
                        }
                    }
                }
                El("tbody", []) {
                    for item in items {
                        let fields = item.dependency.fields
                        El("tr", []) {
                            El("td", []) {
                                TextLink(item.dependency.reference + " " + fields.title, SiteURL.dependency(.value(item.dependency.id)).path)
                                if item.crossOrganisation == true { Safe(" "); Tag(text: "Across organisations", colour: "purple") }
                            }
                            El("td", []) { other(item) }
                            El("td", []) { NeededBy(fields: fields, today: today) }
                            El("td", []) { Safe(fields.ownerID.flatMap { owners[$0] } ?? "No owner") }
                            El("td", []) { fields.status.tag }
                        }
                    }
                }
            }
        }
    }
}

/// One dependency: what is needed, by which project, from what, by when, and who owns it.
struct DependencyPage: RenderablePage {
    var signedIn: SignedIn
    var seen: SeenDependency
    /// The project that depends, when the reader may read it.
    var project: Project?
    var canEdit: Bool
    var canDelete: Bool
    var owner: String?
    var organisations: [UUID: String]
    var today: CalendarDate
    var notice: String?
    /// The actions for this dependency, when the reader may read the project that depends.
    var actions: ItemActionsSection? = nil

    func render() -> String {
        let dependency = seen.dependency, fields = dependency.fields
        var crumbs = [("Portfolio", SiteURL.portfolio.path)]
        if let project {
            crumbs += [(project.code, SiteURL.project(.value(project.id)).path),
                       ("Dependencies", SiteURL.projectDependencies(.value(project.id)).path)]
        } else {
            crumbs += [("Dependencies", SiteURL.dependencyRegister.path)]
        }
        return Layout.render(PageChrome(title: dependency.reference + " " + fields.title, signedIn: signedIn, section: .portfolio,
                                        notice: notice, breadcrumbs: crumbs)) {
            El("span", [("class", "wm-caption")]) { Safe((project.map { $0.code + " " } ?? "") + dependency.reference) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.title) }
            SummaryList(rows: [
                ("Description", MultilineText(text: fields.description)),
                ("Project that depends", DependencyEndText(end: seen.dependent, external: "", organisations: organisations)),
                ("Depends on", DependencyEndText(end: seen.provider, external: fields.external, organisations: organisations)),
                ("Across organisations", Safe(seen.crossOrganisation.map { $0 ? "Yes: the two projects have different lead organisations" : "No" }
                                              ?? "Not known: you may not see both projects")),
                ("Needed by", NeededBy(fields: fields, today: today)),
                ("Owner", Safe(owner ?? "No owner")),
                ("Status", fields.status.tag),
            ])
            if canEdit || canDelete {
                El("div", [("class", "wm-button-group")]) {
                    if canEdit {
                        El("a", [("class", "wm-button-link"), ("href", SiteURL.editDependency(.value(dependency.id)).path)]) { Safe("Edit dependency") }
                    }
                    if canDelete { TextLink("Delete dependency", SiteURL.deleteDependency(.value(dependency.id)).path) }
                }
            } else if project == nil {
                El("p", [("class", "wm-body")]) {
                    Safe("The project that depends on yours records and changes this dependency. Its team owns it.")
                }
            }
            if let actions { actions }
            if let project {
                El("p", [("class", "wm-body")]) { TextLink("Every change to this project", SiteURL.projectHistory(.value(project.id)).path) }
            }
        }
    }
}

/// Recording a dependency, or changing one.
struct DependencyFormPage: RenderablePage {
    enum Mode {
        case create
        case edit(Dependency)
    }

    var signedIn: SignedIn
    var project: Project
    var mode: Mode
    var input: DependencyInput
    var errors: [FieldError]
    var owners: [(UUID, String)]
    var version: Int? = nil
    var conflictVersion: Int? = nil

    var title: String {
        switch mode {
        case .create: "Record a dependency"
        case .edit(let dependency): "Edit " + dependency.reference + " " + dependency.fields.title
        }
    }

    var action: String {
        switch mode {
        case .create: SiteURL.projectDependencies(.value(project.id)).path
        case .edit(let dependency): SiteURL.editDependency(.value(dependency.id)).path
        }
    }

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn, section: .portfolio,
                                        breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                                      (project.code, SiteURL.project(.value(project.id)).path),
                                                      ("Dependencies", SiteURL.projectDependencies(.value(project.id)).path)])) {
            ErrorSummary(errors: errors)
            if let conflictVersion, case .edit(let dependency) = mode {
                ConflictNotice(noun: "dependency", version: conflictVersion, current: SiteURL.dependency(.value(dependency.id)).path)
            }
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let version { VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(version))]) }
                TextInput(name: "title", label: "What this project needs", hint: "A few words the log can list it by.", value: input.title,
                          error: failure.message(for: "title"))
                TextAreaField(name: "description", label: "Description (optional)", hint: "What is needed, and what happens if it comes late.",
                              value: input.description, error: failure.message(for: "description"))
                El("fieldset", [("class", "wm-fieldset")]) {
                    El("legend", [("class", "wm-fieldset__legend")]) { Safe("Who or what it depends on") }
                    El("p", [("class", "wm-hint")]) { Safe("Another project in Waymark, or something outside it: fill in one of the two.") }
                    TextInput(name: "dependsOnProject", label: "Another project's code",
                              hint: "The code shown above the project's title, for example the one above this form's heading.",
                              value: input.dependsOnProject, error: failure.message(for: "dependsOnProject"), width: "short")
                    TextInput(name: "external", label: "Or something outside Waymark",
                              hint: "What, and who provides it: for example, the supplier's go-live of the new PAS.",
                              value: input.external, error: failure.message(for: "external"))
                }
                TextInput(name: "neededBy", label: "Needed by", value: input.neededBy,
                          error: failure.message(for: "neededBy"), type: "date", width: "short")
                SelectField(name: "ownerId", label: "Owner", hint: "Who chases it. One still needed needs an owner; add them to the team first.",
                            options: owners.map { ($0.0.lowercasedText, $0.1) }, selected: input.ownerID,
                            error: failure.message(for: "ownerId"), blank: "Select the owner")
                SelectField(name: "status", label: "Status", options: DependencyStatus.allCases.map { ($0.rawValue, $0.label) },
                            selected: input.status ?? DependencyStatus.onTrack.rawValue, error: failure.message(for: "status"))
                SubmitButton(label: { if case .create = mode { return "Record dependency" } else { return "Save changes" } }())
            }
        }
    }
}

struct DeleteDependencyPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var dependency: Dependency

    func render() -> String {
        Layout.render(PageChrome(title: "Delete " + dependency.reference + " " + dependency.fields.title, signedIn: signedIn,
                                 section: .portfolio,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                               (project.code, SiteURL.project(.value(project.id)).path),
                                               ("Dependencies", SiteURL.projectDependencies(.value(project.id)).path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Delete " + dependency.reference + " " + dependency.fields.title + "?") }
            El("div", [("class", "wm-inset")]) {
                El("p", [("class", "wm-body")]) {
                    Safe("Deleting removes a dependency recorded by mistake, from this project and from the project it names. The project's history keeps a record that it existed. A dependency that has been delivered should be marked met instead.")
                }
            }
            El("form", [("method", "post"), ("action", SiteURL.deleteDependency(.value(dependency.id)).path)]) {
                CSRFField(token: signedIn.csrfToken)
                SubmitButton(label: "Delete dependency", style: "warning")
                TextLink("Cancel", SiteURL.dependency(.value(dependency.id)).path)
            }
        }
    }
}

/// The dependency register: every dependency of the projects the reader may read, those at risk,
/// late or overdue first, then those across organisations, then the soonest needed.
struct DependencyRegisterPage: RenderablePage {
    var signedIn: SignedIn
    var query: DependencyRegisterQuery
    var page: Page<SeenDependency>
    var organisations: [(UUID, String)]
    var today: CalendarDate

    func render() -> String {
        let names = Dictionary(organisations, uniquingKeysWith: { first, _ in first })
        let statusChoice: String = query.statuses == Set(DependencyStatus.allCases) ? "all"
            : query.statuses == DependencyRegisterQuery.open ? "open" : query.statuses.first?.rawValue ?? "open"
        return Layout.render(PageChrome(title: "Dependency register", signedIn: signedIn, section: .dependencies)) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Dependency register") }
            El("p", [("class", "wm-body")]) {
                Safe("What the projects you may see depend on, and what depends on them: those at risk, late or overdue first, then those across organisations, then the soonest needed. A project you may not see is shown only as such.")
            }
            El("form", [("method", "get"), ("action", SiteURL.dependencyRegister.path), ("class", "wm-filter")]) {
                SelectField(name: "status", label: "Status",
                            options: [("open", "Still needed"), ("all", "All")] + DependencyStatus.allCases.map { ($0.rawValue, $0.label) },
                            selected: statusChoice)
                SelectField(name: "organisation", label: "Organisation (either project's lead)",
                            options: organisations.map { ($0.0.lowercasedText, $0.1) },
                            selected: query.organisationID?.lowercasedText, blank: "Any organisation")
                ChoiceGroup(kind: .checkbox, name: "crossOrganisation", legend: "Across organisations",
                            options: [("true", "Only those between projects of different organisations")],
                            selected: query.crossOrganisationOnly ? ["true"] : [], small: true)
                SubmitButton(label: "Apply", style: "secondary")
            }
            CSVLink(url: SiteURL.dependencyRegisterExport.path(query: query.queryItems), what: "these dependencies")
            if page.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No dependencies match these filters.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) {
                            Safe("\(page.total) \(page.total == 1 ? "dependency" : "dependencies")"
                                 + (page.pageCount > 1 ? ", page \(page.request.page) of \(page.pageCount)" : ""))
                        }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Dependency", "Project that depends", "Depends on", "Needed by", "Status"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) { rows(names) }
                    }
                }
                if page.pageCount > 1 {
                    Pagination(page: page.request.page, pageCount: page.pageCount, total: page.total, noun: "dependencies") { number in
                        SiteURL.dependencyRegister.path(query: query.queryItems + (number > 1 ? [("page", String(number))] : []))
                    }
                }
            }
        }
    }

    /// The register's rows, written straight into bytes: the same HTML as their elements, without
    /// a component for each cell.
    private func rows(_ names: [UUID: String]) -> Component {
        var html = HTMLBytes(capacity: page.items.count * 900)
        for item in page.items {
            let fields = item.dependency.fields
            html.open("tr")
            html.open("td")
            html.element("a", [("href", SiteURL.dependency(.value(item.dependency.id)).path)], text: item.dependency.reference + " " + fields.title)
            if item.crossOrganisation == true {
                html.text(" ")
                html.component(Tag(text: "Across organisations", colour: "purple"))
            }
            html.close("td")
            html.open("td")
            DependencyEndText(end: item.dependent, external: "", organisations: names).write(to: &html)
            html.close("td")
            html.open("td")
            DependencyEndText(end: item.provider, external: fields.external, organisations: names).write(to: &html)
            html.close("td")
            html.open("td")
            NeededBy(fields: fields, today: today).write(to: &html)
            html.close("td")
            html.open("td")
            html.component(fields.status.tag)
            html.close("td")
            html.close("tr")
        }
        return html.component
    }
}
