import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A person's calendar feeds: what each holds, making and stopping them. A feed's address is
/// shown once, when it is made (only a hash of its secret is kept).
struct CalendarFeedsPage: RenderablePage {
    var chrome: PageChrome
    var feeds: [(feed: CalendarFeed, project: ProjectSummary?, hidden: Bool)]
    var made: (feed: CalendarFeed, address: String)?

    func render() -> String {
        let csrf = chrome.signedIn?.csrfToken
        return Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Calendar feeds") }
            El("p", [("class", "wm-body")]) {
                Safe("A feed puts dates from Waymark in your calendar program (Outlook, Google Calendar, Apple Calendar): subscribe to its address. ")
                Safe("Your own feed holds the milestones, reviews, actions and other dates you own, and the status updates due on the projects you run; ")
                Safe("a project's holds all its open dates. It shows only what you can see in Waymark when your calendar reads it.")
            }
            if let made {
                El("div", [("class", "wm-notice"), ("role", "status")]) {
                    El("p", [("class", "wm-notice__text")]) {
                        Safe("Feed made. Copy its address into your calendar now: it will not be shown again. Anyone with the address can read the feed, so keep it to yourself; make a new one to stop the old.")
                    }
                    El("p", [("class", "wm-token"), ("id", "new-feed")]) { Safe(made.address) }
                }
            }
            El("form", [("method", "post"), ("action", SiteURL.calendarFeeds.path), ("class", "wm-card")]) {
                CSRFField(token: csrf)
                SubmitButton(label: feeds.contains { $0.feed.projectID == nil } ? "Make a new address for your own feed" : "Make your own feed")
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Your feeds") }
            if feeds.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("You have no calendar feeds. A project's plan page makes one of its dates.") }
            } else {
                El("table", [("class", "wm-table")]) {
                    El("caption", []) { Safe("Your feeds, your own first") }
                    El("thead") {
                        El("tr") { for heading in ["Feed", "Made", ""] { El("th", [("scope", "col")]) { Safe(heading) } } }
                    }
                    El("tbody") {
                        for (feed, project, hidden) in feeds {
                            let name = feed.projectID == nil ? "Your own work" : project.map { $0.code + " " + $0.title }
                                ?? (hidden ? "A project you can no longer see (the feed answers nothing)" : "")
                            El("tr") {
                                El("td") { Safe(name) }
                                El("td") { Safe(DateText.long(feed.createdAt)) }
                                El("td") {
                                    El("form", [("method", "post"), ("action", SiteURL.revokeCalendarFeed(.value(feed.id)).path)]) {
                                        CSRFField(token: csrf)
                                        El("button", [("type", "submit"), ("class", "wm-button wm-button--secondary wm-button--small")]) {
                                            Safe("Stop")
                                            El("span", [("class", "wm-visually-hidden")]) { Safe(" the feed of " + name) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
