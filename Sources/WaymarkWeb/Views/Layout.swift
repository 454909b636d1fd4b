import Plot
import Vapor
import WaymarkDomain
import WaymarkMarkup

/// What every page's frame needs: its title, who is signed in, where they are.
struct PageChrome {
    var title: String
    var signedIn: SignedIn?
    var section: NavSection?
    var notice: String?
    var breadcrumbs: [(String, String)] = []

    init(title: String, signedIn: SignedIn?, section: NavSection? = nil, notice: String? = nil,
         breadcrumbs: [(String, String)] = []) {
        self.title = title
        self.signedIn = signedIn
        self.section = section
        self.notice = notice
        self.breadcrumbs = breadcrumbs
    }
}

enum NavSection: CaseIterable {
    case dashboard, portfolio, myProjects, myWork, reporting, timeline, risks, dependencies, measures, benefits, lessons, resources, glossary, capability, organisations, people, structure, account

    var label: String {
        switch self {
        case .dashboard: "Dashboard"
        case .portfolio: "Portfolio"
        case .myProjects: "My projects"
        case .myWork: "My work"
        case .reporting: "Reporting"
        case .timeline: "Milestones"
        case .risks: "Risk registers"
        case .dependencies: "Dependencies"
        case .measures: "Measures"
        case .benefits: "Benefits"
        case .lessons: "Lessons"
        case .resources: "Resources"
        case .capability: "Capability"
        case .glossary: "Glossary"
        case .organisations: "Organisations"
        case .people: "People"
        case .structure: "Themes and programmes"
        case .account: "Your account"
        }
    }

    /// Your account is reached from your name in the header, not the main navigation.
    var inMainNavigation: Bool { self != .account }

    var url: SiteURL {
        switch self {
        case .dashboard: .home
        case .portfolio: .portfolio
        case .myProjects: .myProjects
        case .myWork: .myWork
        case .reporting: .reporting
        case .timeline: .portfolioTimeline
        case .risks: .systemRiskRegister
        case .dependencies: .dependencyRegister
        case .measures: .measureSummary
        case .benefits: .benefitRegister
        case .lessons: .lessons
        case .resources: .resources
        case .capability: .capability
        case .glossary: .glossary
        case .organisations: .organisations
        case .people: .people
        case .structure: .structure
        case .account: .account
        }
    }
}

/// The frame of every page: skip link, NHS-blue header with the service name and navigation,
/// breadcrumbs, the main content, footer.
enum Layout {
    static func render(_ chrome: PageChrome, @ComponentBuilder content: () -> ComponentGroup) -> String {
        String(decoding: bytes(chrome, content: content), as: UTF8.self)
    }

    /// The page as UTF-8 bytes (`HTMLWriter.bytes`).
    static func bytes(_ chrome: PageChrome, @ComponentBuilder content: () -> ComponentGroup) -> [UInt8] {
        let main = content()
        let document = ComponentGroup(members: [
            Node<Any>.raw("<!DOCTYPE html>"),
            El("html", [("lang", "en-GB")]) {
                El("head") {
                    VoidEl("meta", [("charset", "utf-8")])
                    VoidEl("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
                    El("title") { Safe(chrome.title + " – Waymark") }
                    VoidEl("link", [("rel", "stylesheet"), ("href", SiteURL.versionedAsset(Assets.stylesheet).path)])
                    El("script", [("src", SiteURL.versionedAsset(Assets.script).path), ("defer", "")])
                }
                El("body") {
                    El("a", [("href", "#main-content"), ("class", "wm-skip-link")]) { Safe("Skip to main content") }
                    header(chrome)
                    El("div", [("class", "wm-width-container")]) {
                        if !chrome.breadcrumbs.isEmpty {
                            El("nav", [("class", "wm-breadcrumb"), ("aria-label", "Breadcrumb")]) {
                                El("ol", [("class", "wm-breadcrumb__list")]) {
                                    for (label, href) in chrome.breadcrumbs {
                                        El("li", [("class", "wm-breadcrumb__item")]) {
                                            El("a", [("href", href), ("class", "wm-breadcrumb__link")]) { Safe(label) }
                                        }
                                    }
                                }
                            }
                        }
                        El("main", [("class", "wm-main-wrapper"), ("id", "main-content"), ("tabindex", "-1")]) {
                            if let notice = chrome.notice {
                                El("div", [("class", "wm-notice"), ("role", "status")]) {
                                    El("p", [("class", "wm-notice__text")]) { Safe(notice) }
                                }
                            }
                            main
                        }
                    }
                    El("footer", [("class", "wm-footer")]) {
                        El("div", [("class", "wm-width-container")]) {
                            El("p", [("class", "wm-footer__text")]) {
                                Safe("Waymark – one shared register for the projects of an Integrated Care System. Open source; your data stays with your system.")
                            }
                        }
                    }
                }
            },
        ])
        return HTMLWriter.bytes(document)
    }

    static func header(_ chrome: PageChrome) -> Component {
        El("header", [("class", "wm-header")]) {
            El("div", [("class", "wm-width-container wm-header__container")]) {
                El("a", [("class", "wm-header__service"), ("href", SiteURL.home.path)]) {
                    El("span", [("class", "wm-header__logo"), ("aria-hidden", "true")]) { Safe("W") }
                    El("span", [("class", "wm-header__name")]) { Safe("Waymark") }
                }
                if let signedIn = chrome.signedIn {
                    El("form", [("method", "get"), ("action", SiteURL.search.path), ("class", "wm-header__search"), ("role", "search"),
                                ("aria-label", "Waymark")]) {
                        El("label", [("class", "wm-visually-hidden"), ("for", "header-search")]) { Safe("Search Waymark") }
                        VoidEl("input", [("class", "wm-header__search-input"), ("id", "header-search"), ("name", "q"), ("type", "search"),
                                         ("placeholder", "Search")])
                        El("button", [("type", "submit"), ("class", "wm-header__search-button")]) { Safe("Search") }
                    }
                    El("div", [("class", "wm-header__account")]) {
                        El("a", [("class", "wm-header__person"), ("href", SiteURL.account.path),
                                 ("aria-current", chrome.section == .account ? "page" : nil)]) {
                            Safe(signedIn.person.name)
                            El("span", [("class", "wm-visually-hidden")]) { Safe(": your account") }
                            El("span", [("class", "wm-header__role")]) { Safe(" · " + signedIn.person.role.label) }
                        }
                        El("form", [("method", "post"), ("action", SiteURL.signOut.path), ("class", "wm-header__signout")]) {
                            CSRFField(token: signedIn.csrfToken)
                            El("button", [("type", "submit"), ("class", "wm-link-button")]) { Safe("Sign out") }
                        }
                    }
                }
            }
            if chrome.signedIn != nil {
                El("nav", [("class", "wm-navigation"), ("aria-label", "Main")]) {
                    El("ul", [("class", "wm-width-container wm-navigation__list")]) {
                        for section in NavSection.allCases where section.inMainNavigation {
                            El("li", [("class", "wm-navigation__item")]) {
                                El("a", [("class", "wm-navigation__link"), ("href", section.url.path),
                                         ("aria-current", section == chrome.section ? "page" : nil)]) { Safe(section.label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

enum HTMLResponse {
    static func make(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: html))
    }

    /// A page written as UTF-8 bytes, sent as they are.
    static func make(bytes html: [UInt8], status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: html)))
    }
}

struct ErrorPage {
    var chrome: PageChrome
    var status: Int
    var title: String
    var detail: String

    func render() -> String {
        Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("p", [("class", "wm-body")]) { Safe(detail) }
            El("p", [("class", "wm-body")]) {
                El("a", [("href", chrome.signedIn == nil ? SiteURL.signIn.path : SiteURL.portfolio.path)]) {
                    Safe(chrome.signedIn == nil ? "Sign in" : "Go to the portfolio")
                }
            }
        }
    }
}
