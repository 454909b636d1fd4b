import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// The resource library: search, kinds and stages, and every resource with its summary.
struct ResourceLibraryPage: RenderablePage {
    var chrome: PageChrome
    var query: ResourceQuery
    var resources: [Resource]
    var stages: [LifecycleStage]
    var errors: [FieldError]
    var canManage: Bool

    func render() -> String {
        let failure = ValidationFailure(errors)
        let stageNames = Dictionary(stages.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Resource library") }
            El("p", [("class", "wm-body")]) {
                Safe("Templates, guides, training and case studies the system's partners share, so that no one has to write them again. Each lifecycle stage links its own.")
            }
            if canManage {
                El("div", [("class", "wm-button-group")]) {
                    El("a", [("class", "wm-button-link"), ("href", SiteURL.newResource.path)]) { Safe("Add a resource") }
                }
            }
            El("form", [("method", "get"), ("action", SiteURL.resources.path), ("class", "wm-glossary-search"), ("role", "search"),
                        ("aria-label", "Resource library")]) {
                TextInput(name: "q", label: "Search the library", value: query.text ?? "", error: failure.message(for: "q"), type: "search")
                SelectField(name: "kind", label: "Kind", options: ResourceKind.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.kind?.rawValue, error: failure.message(for: "kind"), blank: "All kinds")
                SelectField(name: "stage", label: "Lifecycle stage", options: stages.map { ($0.id.lowercasedText, $0.name) },
                            selected: query.stageID?.lowercasedText, error: failure.message(for: "stage"), blank: "All stages")
                SubmitButton(label: "Search", style: "secondary")
            }
            if resources.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No resource matches.") }
            } else {
                El("p", [("class", "wm-body")]) { Safe("\(resources.count) \(resources.count == 1 ? "resource" : "resources")") }
                ResourceList(resources: resources, stageNames: stageNames)
            }
        }
    }
}

/// Resources as a list: title, kind, summary and stages.
struct ResourceList: Component {
    var resources: [Resource]
    var stageNames: [UUID: String]

    var body: Component {
        El("ul", [("class", "wm-search-results")]) {
            for resource in resources {
                El("li", [("class", "wm-search-results__item")]) {
                    El("p", [("class", "wm-search-results__kind wm-secondary")]) {
                        Safe(resource.fields.kind.label + (resource.file.map { " · " + $0.type.label } ?? ""))
                    }
                    El("p", [("class", "wm-search-results__title")]) { TextLink(resource.fields.title, SiteURL.resource(.value(resource.id)).path) }
                    if !resource.fields.summary.isEmpty { El("p", [("class", "wm-body")]) { Safe(resource.fields.summary) } }
                    let stages = resource.fields.stageIDs.compactMap { stageNames[$0] }
                    if !stages.isEmpty { El("p", [("class", "wm-body wm-secondary")]) { Safe("For: " + stages.joined(separator: ", ")) } }
                }
            }
        }
    }
}

/// One resource: its Markdown, shown safely; its link or its file to download.
struct ResourcePage: RenderablePage {
    var chrome: PageChrome
    var resource: Resource
    var stages: [LifecycleStage]
    var history: Page<AuditEvent>
    var wording: AuditWording
    var canManage: Bool

    func render() -> String {
        let fields = resource.fields
        let stageNames = stages.filter { fields.stageIDs.contains($0.id) }.map(\.name)
        return Layout.render(chrome) {
            El("span", [("class", "wm-caption")]) { Safe("Resource library · " + fields.kind.label) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.title) }
            if !fields.summary.isEmpty { El("p", [("class", "wm-body wm-glossary-definition")]) { Safe(fields.summary) } }
            if canManage {
                El("div", [("class", "wm-button-group")]) {
                    El("a", [("class", "wm-button-link"), ("href", SiteURL.editResource(.value(resource.id)).path)]) { Safe("Change this resource") }
                    TextLink("Delete this resource", SiteURL.deleteResource(.value(resource.id)).path)
                }
            }
            if fields.kind == .externalLink && !fields.url.isEmpty {
                El("p", [("class", "wm-body")]) {
                    El("a", [("href", fields.url), ("rel", "noopener noreferrer external")]) { Safe("Open " + fields.title + " (on another website)") }
                }
            }
            if let file = resource.file {
                El("p", [("class", "wm-body wm-download")]) {
                    El("a", [("href", SiteURL.resourceFile(.value(resource.id)).path), ("download", "")]) {
                        Safe("Download \(file.name) (\(file.type.label), \(Self.size(file.size)))")
                    }
                }
            }
            if !fields.body.isEmpty {
                El("div", [("class", "wm-markdown")]) { Node<Any>.raw(SafeMarkdown.html(from: fields.body, headingOffset: 1)) }
            }
            SummaryList(rows: [
                ("Lifecycle stages", Safe(stageNames.joined(separator: ", ").ifEmpty("Any"))),
                ("Tags", Safe(fields.tags.joined(separator: ", ").ifEmpty("None"))),
                ("Last changed", Safe(DateText.long(resource.updatedAt))),
            ])
            El("h2", [("class", "wm-heading-m")]) { Safe("History") }
            RecentHistoryList(history: history, wording: wording, fullHistory: SiteURL.resourceHistory(.value(resource.id)).path)
        }
    }

    /// "1.2 MB", "640 KB".
    static func size(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, (bytes + 1_023) / 1_024)) KB"
    }
}

/// Adding or changing a resource (the portfolio office): a multipart form, for the file.
struct ResourceFormPage: RenderablePage {
    var signedIn: SignedIn
    var resource: Resource?
    var input: ResourceInput
    var stages: [LifecycleStage]
    var errors: [FieldError] = []
    var conflictVersion: Int? = nil

    func render() -> String {
        let failure = ValidationFailure(errors)
        let title = resource.map { "Change " + $0.fields.title } ?? "Add a resource"
        let action = resource.map { SiteURL.editResource(.value($0.id)).path } ?? SiteURL.newResource.path
        var breadcrumbs = [("Resource library", SiteURL.resources.path)]
        if let resource { breadcrumbs.append((resource.fields.title, SiteURL.resource(.value(resource.id)).path)) }
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn, section: .resources,
                                        breadcrumbs: breadcrumbs)) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            if let conflictVersion, let resource {
                ConflictNotice(noun: "resource", version: conflictVersion, current: SiteURL.resource(.value(resource.id)).path)
            }
            El("form", [("method", "post"), ("action", action), ("enctype", "multipart/form-data"), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let resource {
                    VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(conflictVersion ?? resource.version))])
                }
                TextInput(name: "title", label: "Title", value: input.title, error: failure.message(for: "title"))
                TextInput(name: "summary", label: "Summary (optional)", hint: "One or two sentences saying what it is for.",
                          value: input.summary, error: failure.message(for: "summary"))
                ChoiceGroup(kind: .radio, name: "kind", legend: "Kind", options: ResourceKind.allCases.map { ($0.rawValue, $0.label) },
                            selected: Set([input.kind].compactMap { $0 }), error: failure.message(for: "kind"))
                TextAreaField(name: "body", label: "Content in Markdown (optional with a file or a link)",
                              hint: "Headings with #, lists with -, links as [text](https://address). HTML is shown as text, not run.",
                              value: input.body, error: failure.message(for: "body"), rows: 12)
                TextInput(name: "url", label: "Address (external links only)", hint: "Starting with https://.", value: input.url,
                          error: failure.message(for: "url"), type: "url")
                El("div", [("class", failure.message(for: "file") == nil ? "wm-form-group" : "wm-form-group wm-form-group--error")]) {
                    El("label", [("class", "wm-label"), ("for", "file")]) { Safe("File (optional)") }
                    El("div", [("class", "wm-hint"), ("id", "file-hint")]) {
                        Safe("A PDF, Word, Excel, PowerPoint, CSV or text file of at most 5 MB." + (resource?.file.map { " Uploading one replaces \($0.name)." } ?? ""))
                    }
                    if let message = failure.message(for: "file") {
                        El("p", [("class", "wm-error-message"), ("id", "file-error")]) {
                            El("span", [("class", "wm-visually-hidden")]) { Safe("Error: ") }
                            Safe(message)
                        }
                    }
                    VoidEl("input", [("class", "wm-file-upload"), ("id", "file"), ("name", "file"), ("type", "file"),
                                     ("accept", ".pdf,.docx,.xlsx,.pptx,.csv,.txt"),
                                     ("aria-describedby", failure.message(for: "file") == nil ? "file-hint" : "file-hint file-error")])
                }
                if let file = resource?.file {
                    ChoiceGroup(kind: .checkbox, name: "removeFile", legend: "The file now", options: [("true", "Remove \(file.name)")],
                                selected: [], small: true)
                }
                ChoiceGroup(kind: .checkbox, name: "stageIds", legend: "Lifecycle stages it serves (optional)",
                            options: stages.map { ($0.id.lowercasedText, $0.name) },
                            selected: Set((input.stageIDs ?? "").split(separator: ",").map(String.init)), error: failure.message(for: "stageIds"),
                            small: true)
                TextInput(name: "tags", label: "Tags (optional)", hint: "Separate tags with commas, like risk, reporting.",
                          value: input.tags, error: failure.message(for: "tags"))
                SubmitButton(label: resource == nil ? "Add resource" : "Save changes")
            }
        }
    }
}

struct DeleteResourcePage: RenderablePage {
    var signedIn: SignedIn
    var resource: Resource

    func render() -> String {
        Layout.render(PageChrome(title: "Delete " + resource.fields.title, signedIn: signedIn, section: .resources,
                                 breadcrumbs: [("Resource library", SiteURL.resources.path),
                                               (resource.fields.title, SiteURL.resource(.value(resource.id)).path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Delete " + resource.fields.title + "?") }
            El("div", [("class", "wm-inset")]) { El("p", [("class", "wm-body")]) { Safe("Its file goes with it. Its history is kept.") } }
            El("form", [("method", "post"), ("action", SiteURL.deleteResource(.value(resource.id)).path)]) {
                CSRFField(token: signedIn.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(resource.version))])
                SubmitButton(label: "Delete resource", style: "warning")
                TextLink("Cancel", SiteURL.resource(.value(resource.id)).path)
            }
        }
    }
}
