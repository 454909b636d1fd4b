import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A snippet with its matches marked: the text is escaped, and the database's private marks
/// around each match become <mark> elements.
struct MarkedSnippet: Component {
    var text: String

    var body: Component {
        var members: [Component] = []
        var current = "", inMatch = false
        func flush() {
            guard !current.isEmpty else { return }
            let text = current
            members.append(inMatch ? El("mark", [("class", "wm-mark")]) { Safe(text) } : Safe(text))
            current = ""
        }
        for character in text {
            if character == SearchQuery.matchStart { flush(); inMatch = true }
            else if character == SearchQuery.matchEnd { flush(); inMatch = false }
            else { current.append(character) }
        }
        flush()
        return ComponentGroup(members: members)
    }
}

extension SearchHit {
    /// The page of the record found.
    var path: String {
        switch kind {
        case .project: SiteURL.project(.value(id)).path
        case .lesson: SiteURL.lesson(.value(id)).path
        case .glossary: SiteURL.glossaryTerm(.value(termKey ?? "")).path
        case .resource: SiteURL.resource(.value(id)).path
        case .risk: SiteURL.risk(.value(id)).path
        case .issue: SiteURL.issue(.value(id)).path
        case .measure: SiteURL.measure(.value(id)).path
        }
    }
}

/// What one search found across everything the person may see, best first, with the number of
/// each kind (each a filter) and the matches marked.
struct SearchPage: RenderablePage {
    var chrome: PageChrome
    var results: SearchResults
    var errors: [FieldError]

    func render() -> String {
        let query = results.query
        let failure = ValidationFailure(errors)
        let searched = !query.words.isEmpty
        return Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Search") }
            El("form", [("method", "get"), ("action", SiteURL.search.path), ("class", "wm-glossary-search"), ("role", "search"),
                        ("aria-label", "Search Waymark")]) {
                TextInput(name: "q", label: "Search for", hint: "Projects, lessons, resources, glossary terms, risks, issues and measures you may see.",
                          value: query.text, error: failure.message(for: "q"), type: "search")
                if let kind = query.kind { VoidEl("input", [("type", "hidden"), ("name", "kind"), ("value", kind.rawValue)]) }
                SubmitButton(label: "Search", style: "secondary")
            }
            if searched {
                El("h2", [("class", "wm-heading-m"), ("id", "results")]) {
                    Safe(results.total == 0 ? "Nothing matches \u{2018}\(query.text)\u{2019}"
                                            : "\(results.total) \(results.total == 1 ? "result" : "results") for \u{2018}\(query.text)\u{2019}")
                }
                if results.total > 0 { kinds }
                if !results.page.items.isEmpty {
                    El("ol", [("class", "wm-search-results")]) {
                        for hit in results.page.items {
                            El("li", [("class", "wm-search-results__item")]) {
                                El("p", [("class", "wm-search-results__kind wm-secondary")]) {
                                    Safe(hit.kind.label + (hit.kind != .project ? hit.project.map { " · " + $0 } ?? "" : ""))
                                }
                                El("p", [("class", "wm-search-results__title")]) { TextLink(hit.title, hit.path) }
                                // A passage that is only the title again says nothing more.
                                if !hit.snippet.isEmpty && hit.snippet.filter({ $0 != SearchQuery.matchStart && $0 != SearchQuery.matchEnd }) != hit.title {
                                    El("p", [("class", "wm-body")]) { MarkedSnippet(text: hit.snippet) }
                                }
                            }
                        }
                    }
                    if results.page.pageCount > 1 {
                        Pagination(page: results.page.request.page, pageCount: results.page.pageCount, total: results.page.total, noun: "results") {
                            SiteURL.search.path(query: [("q", query.text)] + (query.kind.map { [("kind", $0.rawValue)] } ?? []) + [("page", String($0))])
                        }
                    }
                }
            }
        }
    }

    /// Each kind found, with its count, as a filter; the one chosen marked.
    var kinds: Component {
        let query = results.query
        return El("nav", [("class", "wm-search-kinds"), ("aria-label", "Kinds of result")]) {
            El("ul", [("class", "wm-search-kinds__list")]) {
                El("li", []) {
                    El("a", [("href", SiteURL.search.path(query: [("q", query.text)])), ("aria-current", query.kind == nil ? "page" : nil)]) {
                        Safe("Everything (\(results.total))")
                    }
                }
                for kind in SearchKind.allCases where (results.counts[kind] ?? 0) > 0 {
                    El("li", []) {
                        El("a", [("href", SiteURL.search.path(query: [("q", query.text), ("kind", kind.rawValue)])),
                                 ("aria-current", query.kind == kind ? "page" : nil)]) {
                            Safe("\(kind.plural) (\(results.counts[kind] ?? 0))")
                        }
                    }
                }
            }
        }
    }
}
