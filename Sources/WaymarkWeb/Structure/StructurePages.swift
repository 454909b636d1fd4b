import Plot
import WaymarkDomain
import WaymarkMarkup

struct StructurePage: RenderablePage {
    var chrome: PageChrome
    var themes: [NamedItem]
    var programmes: [NamedItem]
    var counts: FacetCounts
    var canManage: Bool
    var failing: NamedItemKind?
    var input: FormData
    var errors: [FieldError]

    func render() -> String {
        Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Themes and programmes") }
            El("p", [("class", "wm-body")]) {
                Safe("Strategic themes are the system's priorities; programmes group projects into workstreams. Counts include only projects you can see.")
            }
            El("div", [("class", "wm-layout wm-layout--two")]) {
                section(.theme, themes)
                section(.programme, programmes)
            }
        }
    }

    func section(_ kind: NamedItemKind, _ items: [NamedItem]) -> Component {
        let failure = ValidationFailure(failing == kind ? errors : [])
        let prefix = kind.rawValue + "-"
        return El("section", [("aria-labelledby", kind.rawValue)]) {
            El("h2", [("class", "wm-heading-m"), ("id", kind.rawValue)]) { Safe(kind.title) }
            El("ul", [("class", "wm-list")]) {
                for item in items {
                    El("li") {
                        TextLink(item.name, kind.url(item.id).path)
                        Safe(" – ")
                        TextLink("\(counts.count(kind.facet, id: item.id)) projects",
                             SiteURL.portfolio.path(query: [(kind.facet.rawValue, item.id.lowercasedText)]))
                        if !item.description.isEmpty { El("div", [("class", "wm-secondary")]) { Safe(item.description) } }
                    }
                }
            }
            if canManage {
                El("div", [("class", "wm-card")]) {
                    El("h3", [("class", "wm-heading-s"), ("id", prefix + "add")]) { Safe("Add a " + kind.noun) }
                    El("form", [("method", "post"), ("action", kind.listURL.path), ("aria-labelledby", prefix + "add"), ("novalidate", "")]) {
                        CSRFField(token: chrome.signedIn?.csrfToken)
                        TextInput(name: prefix + "name", label: "Name", value: failing == kind ? input["name"] ?? "" : "",
                                  error: failure.message(for: prefix + "name"), extra: [])
                        TextAreaField(name: prefix + "description", label: "Description (optional)",
                                      value: failing == kind ? input["description"] ?? "" : "",
                                      error: failure.message(for: prefix + "description"), rows: 2)
                        SubmitButton(label: "Add " + kind.noun, style: "secondary")
                    }
                }
            }
        }
    }
}

struct NamedItemPage: RenderablePage {
    var signedIn: SignedIn
    var kind: NamedItemKind
    var item: NamedItem
    var name: String
    var description: String
    var errors: [FieldError]
    var canManage: Bool

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + item.name, signedIn: signedIn, section: .structure,
                                        breadcrumbs: [("Themes and programmes", SiteURL.structure.path)])) {
            ErrorSummary(errors: errors)
            El("span", [("class", "wm-caption")]) { Safe(kind.capitalisedNoun) }
            El("h1", [("class", "wm-heading-l")]) { Safe(item.name) }
            El("p", [("class", "wm-body")]) {
                TextLink("See its projects in the portfolio", SiteURL.portfolio.path(query: [(kind.facet.rawValue, item.id.lowercasedText)]))
            }
            if canManage {
                El("form", [("method", "post"), ("action", kind.url(item.id).path), ("novalidate", "")]) {
                    CSRFField(token: signedIn.csrfToken)
                    VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(item.version))])
                    TextInput(name: "name", label: "Name", value: name, error: failure.message(for: "name"))
                    TextAreaField(name: "description", label: "Description", value: description,
                                  error: failure.message(for: "description"), rows: 3)
                    SubmitButton(label: "Save changes")
                }
            } else {
                El("p", [("class", "wm-body")]) { MultilineText(text: item.description, empty: "No description.") }
            }
        }
    }
}
