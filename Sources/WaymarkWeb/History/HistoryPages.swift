import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// How many of a record's latest changes its own page shows; the rest are a link away.
enum RecentHistory {
    static let request = PageRequest(page: 1, perPage: 10)
}

/// A record's latest changes, and the way to all of them when there are more.
struct RecentHistoryList: Component {
    var history: Page<AuditEvent>
    var wording: AuditWording
    var fullHistory: String

    var body: Component {
        ComponentGroup {
            HistoryList(events: history.items, wording: wording)
            if history.total > history.items.count {
                El("p", [("class", "wm-body")]) {
                    TextLink("See all \(history.total) changes", fullHistory)
                }
            }
        }
    }
}

/// Every change to one record, newest first, a page at a time.
struct HistoryPage: RenderablePage {
    static let perPage = 50

    var chrome: PageChrome
    /// What the history is of, as the heading names it ("RH5-0042 Virtual wards").
    var subject: String
    var history: Page<AuditEvent>
    var wording: AuditWording
    /// The history page's own path, to which the page number is added.
    var path: String
    /// A project's history sits among its sections.
    var sections: ProjectSectionNavigation? = nil

    func render() -> String {
        Layout.render(chrome) {
            El("span", [("class", "wm-caption")]) { Safe(subject) }
            El("h1", [("class", "wm-heading-l")]) { Safe("History") }
            if let sections { sections }
            if history.items.isEmpty && history.total > 0 {
                El("p", [("class", "wm-body")]) {
                    Safe("There is no page \(history.request.page): the history has \(history.pageCount) "
                         + (history.pageCount == 1 ? "page. " : "pages. "))
                    TextLink("Go to the first page", path)
                }
            } else {
                HistoryList(events: history.items, wording: wording)
            }
            if history.total > 0 {
                Pagination(page: history.request.page, pageCount: history.pageCount, total: history.total,
                           noun: history.total == 1 ? "change" : "changes") { number in
                    path + (number == 1 ? "" : "?page=\(number)")
                }
            }
        }
    }

    /// The page a history request asks for; a page that is not a whole number is refused.
    static func request(_ query: FormData) throws -> PageRequest {
        let (parsed, errors) = PortfolioQuery.parse(FormData(query.pairs.filter { $0.0 == "page" }),
                                                    defaultPerPage: perPage, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return parsed.page
    }
}
