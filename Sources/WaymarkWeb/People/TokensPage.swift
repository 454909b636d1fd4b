import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A person's API tokens: the list, the form for a new one, and a new token shown once.
struct TokensPage: RenderablePage {
    var chrome: PageChrome
    var tokens: [APITokenInfo]
    var errors: [FieldError]
    var newToken: (name: String, token: String)?

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("API tokens") }
            El("p", [("class", "wm-body")]) {
                Safe("A token lets a script use the Waymark API as you, seeing and changing exactly what you can. Send it as ")
                El("code") { Safe("Authorization: Bearer <token>") }
                Safe(". The API is described at ")
                TextLink(APIRoute.openAPI.path, APIRoute.openAPI.path)
                Safe(".")
            }
            if let newToken {
                El("div", [("class", "wm-notice"), ("role", "status")]) {
                    El("p", [("class", "wm-notice__text")]) { Safe("Token \u{201C}\(newToken.name)\u{201D} created. Copy it now: it will not be shown again.") }
                    El("p", [("class", "wm-token"), ("id", "new-token")]) { Safe(newToken.token) }
                }
            }
            El("form", [("method", "post"), ("action", SiteURL.tokens.path), ("class", "wm-card"), ("novalidate", "")]) {
                CSRFField(token: chrome.signedIn?.csrfToken)
                TextInput(name: "name", label: "Name of a new token", hint: "What will use it, so you know which to revoke.",
                          value: "", error: failure.message(for: "name"))
                SubmitButton(label: "Create token")
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Your tokens") }
            if tokens.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("You have no API tokens.") }
            } else {
                El("table", [("class", "wm-table")]) {
                    El("thead") {
                        El("tr") {
                            El("th", [("scope", "col")]) { Safe("Name") }
                            El("th", [("scope", "col")]) { Safe("Created") }
                            El("th", [("scope", "col")]) { Safe("State") }
                        }
                    }
                    El("tbody") {
                        for token in tokens {
                            El("tr") {
                                El("td") { Safe(token.name) }
                                El("td") { Safe(DateText.long(token.createdAt)) }
                                El("td") {
                                    if let revoked = token.revokedAt {
                                        Tag(text: "Revoked " + DateText.long(revoked), colour: "grey")
                                    } else {
                                        El("form", [("method", "post"), ("action", SiteURL.revokeToken(.value(token.id)).path),
                                                    ("data-confirm", "Revoke \(token.name)? Anything using it stops working.")]) {
                                            CSRFField(token: chrome.signedIn?.csrfToken)
                                            El("button", [("type", "submit"), ("class", "wm-button wm-button--secondary wm-button--small")]) {
                                                Safe("Revoke")
                                                El("span", [("class", "wm-visually-hidden")]) { Safe(" " + token.name) }
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
}
