import Foundation
import Plot
import Vapor
import WaymarkDomain
import WaymarkMarkup
import WaymarkStore

/// Your account (issue 14): who you are in Waymark (your system role, and apart from it the roles
/// you hold on project teams), where you are signed in, your password and your API tokens.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.account.pathComponents, use: show)
        routes.get(SiteURL.accountPassword.pathComponents, use: passwordForm)
        routes.post(SiteURL.accountPassword.pathComponents, use: changePassword)
        routes.post(SiteURL.endOtherSessions.pathComponents, use: endOtherSessions)
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let notices = ["password": "Your password was changed. You were signed out everywhere else.",
                       "signed-out": "You were signed out everywhere else."]
        async let sessions = request.account.sessions(by: signedIn.acting)
        async let roles = request.account.teamRoles(by: signedIn.acting)
        let organisation = try await request.store.referenceData().organisation(signedIn.person.organisationID)
        let page = AccountPage(
            chrome: PageChrome(title: "Your account", signedIn: signedIn, section: .account,
                               notice: request.queryData["notice"].flatMap { notices[$0] }),
            person: signedIn.person, organisationName: organisation?.name ?? "", teamRoles: try await roles,
            sessions: try await sessions, currentSession: signedIn.sessionIDHash, now: request.application.waymark.clock())
        return HTMLResponse.make(page.render())
    }

    func passwordForm(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return HTMLResponse.make(PasswordPage(chrome: Self.passwordChrome(signedIn, errors: []), errors: []).render())
    }

    func changePassword(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        do {
            try await request.account.changePassword(current: form["currentPassword"] ?? "", new: form["newPassword"] ?? "",
                                                     confirmation: form["confirmPassword"] ?? "",
                                                     keepingSession: signedIn.sessionIDHash, by: signedIn.acting)
        } catch let failure as ValidationFailure {
            // Passwords are never written back into the form.
            let page = PasswordPage(chrome: Self.passwordChrome(signedIn, errors: failure.errors), errors: failure.errors)
            return HTMLResponse.make(page.render(), status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.account.path(query: [("notice", "password")]))
    }

    func endOtherSessions(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        guard let idHash = signedIn.sessionIDHash else { throw Abort(.badRequest) }
        try await request.account.signOutEverywhereElse(keeping: idHash, by: signedIn.acting)
        return request.redirect(to: SiteURL.account.path(query: [("notice", "signed-out")]))
    }

    static func passwordChrome(_ signedIn: SignedIn, errors: [FieldError]) -> PageChrome {
        PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Change your password", signedIn: signedIn, section: .account,
                   breadcrumbs: [("Your account", SiteURL.account.path)])
    }
}

extension SignedIn {
    /// The session this request came with; nil for an API token.
    var sessionIDHash: String? {
        if case .session(let idHash, _) = credential { return idHash }
        return nil
    }
}

struct AccountPage {
    var chrome: PageChrome
    var person: Person
    var organisationName: String
    var teamRoles: [(role: TeamRole, projects: Int)]
    var sessions: [SessionRecord]
    var currentSession: String?
    var now: Date

    /// What a system role lets a person do, in a sentence.
    static func explanation(_ role: SystemRole) -> String {
        switch role {
        case .admin: "You run Waymark: people, organisations and settings, and you can see and change every project."
        case .portfolio: "You are the system's portfolio office: you see every project, keep the registers and the shared knowledge."
        case .orgadmin: "You lead your organisation's portfolio and manage its people's accounts."
        case .member: "You can create projects and work on the teams you are on."
        case .viewer: "You can read what you have access to, but never change anything."
        }
    }

    func render() -> String {
        Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Your account") }
            El("dl", [("class", "wm-summary-list")]) {
                row("Name", person.name)
                row("Email address", person.email)
                row("Organisation", organisationName)
                El("div", [("class", "wm-summary-list__row")]) {
                    El("dt", [("class", "wm-summary-list__key")]) { Safe("System role") }
                    El("dd", [("class", "wm-summary-list__value")]) {
                        El("strong") { Safe(person.role.label) }
                        Safe(". " + Self.explanation(person.role))
                    }
                }
                El("div", [("class", "wm-summary-list__row")]) {
                    El("dt", [("class", "wm-summary-list__key")]) { Safe("Team roles") }
                    El("dd", [("class", "wm-summary-list__value")]) {
                        if teamRoles.isEmpty {
                            Safe("You are not on any project team.")
                        } else {
                            El("ul", [("class", "wm-list")]) {
                                for (role, projects) in teamRoles {
                                    El("li") { Safe("\(role.label) on \(projects) project\(projects == 1 ? "" : "s")") }
                                }
                            }
                            TextLink("Your projects", SiteURL.myProjects.path)
                        }
                    }
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Password") }
            El("p", [("class", "wm-body")]) {
                TextLink("Change your password", SiteURL.accountPassword.path)
                Safe(". If someone else set it for you, change it now.")
            }
            El("h2", [("class", "wm-heading-m"), ("id", "sessions")]) { Safe("Where you are signed in") }
            El("table", [("class", "wm-table wm-table--stack"), ("aria-labelledby", "sessions")]) {
                El("thead") {
                    El("tr") {
                        El("th", [("scope", "col")]) { Safe("Browser") }
                        El("th", [("scope", "col")]) { Safe("Signed in") }
                        El("th", [("scope", "col")]) { Safe("Last used") }
                    }
                }
                El("tbody") {
                    for session in sessions {
                        El("tr") {
                            El("td", [("data-label", "Browser")]) {
                                Safe(session.device ?? "A browser")
                                if session.idHash == currentSession {
                                    Safe(" ")
                                    Tag(text: "This browser", colour: "blue")
                                }
                            }
                            El("td", [("data-label", "Signed in")]) { Safe(DateText.long(session.createdAt)) }
                            El("td", [("data-label", "Last used")]) { Safe(DateText.long(session.refreshedAt)) }
                        }
                    }
                }
            }
            if sessions.contains(where: { $0.idHash != currentSession }) && currentSession != nil {
                El("form", [("method", "post"), ("action", SiteURL.endOtherSessions.path)]) {
                    CSRFField(token: chrome.signedIn?.csrfToken)
                    SubmitButton(label: "Sign out everywhere else", style: "secondary")
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("API tokens") }
            El("p", [("class", "wm-body")]) {
                Safe("Scripts and other systems use the API as you with a token. ")
                TextLink("Your API tokens", SiteURL.tokens.path)
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Calendar feeds") }
            El("p", [("class", "wm-body")]) {
                Safe("Your milestones, reviews and due dates, or a project's, in your own calendar program. ")
                TextLink("Your calendar feeds", SiteURL.calendarFeeds.path)
            }
        }
    }

    func row(_ key: String, _ value: String) -> Component {
        El("div", [("class", "wm-summary-list__row")]) {
            El("dt", [("class", "wm-summary-list__key")]) { Safe(key) }
            El("dd", [("class", "wm-summary-list__value")]) { Safe(value) }
        }
    }
}

struct PasswordPage {
    var chrome: PageChrome
    var errors: [FieldError]

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Change your password") }
            El("p", [("class", "wm-body")]) {
                Safe("Changing it signs you out everywhere else; you stay signed in here. Your API tokens keep working: revoke any you no longer trust on ")
                TextLink("your API tokens", SiteURL.tokens.path)
                Safe(".")
            }
            El("form", [("method", "post"), ("action", SiteURL.accountPassword.path), ("novalidate", "")]) {
                CSRFField(token: chrome.signedIn?.csrfToken)
                TextInput(name: "currentPassword", label: "Current password", value: "", error: failure.message(for: "currentPassword"),
                          type: "password", autocomplete: "current-password")
                TextInput(name: "newPassword", label: "New password",
                          hint: "At least \(PasswordRules.minimumLength) characters. A few unrelated words make a strong one.",
                          value: "", error: failure.message(for: "newPassword"), type: "password", autocomplete: "new-password")
                TextInput(name: "confirmPassword", label: "New password again", value: "", error: failure.message(for: "confirmPassword"),
                          type: "password", autocomplete: "new-password")
                SubmitButton(label: "Change password")
            }
        }
    }
}
