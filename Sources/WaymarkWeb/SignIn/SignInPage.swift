import Plot
import WaymarkDomain
import WaymarkMarkup

/// The sign-in form: email and password, the error summary, and the page to go back to.
struct SignInPage {
    var email: String
    var next: String?
    var csrfToken: String
    var errors: [FieldError]

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: errors.isEmpty ? "Sign in" : "Error: Sign in", signedIn: nil)) {
            El("div", [("class", "wm-layout wm-layout--two")]) {
                El("div") {
                    ErrorSummary(errors: errors)
                    El("h1", [("class", "wm-heading-l")]) { Safe("Sign in to Waymark") }
                    El("p", [("class", "wm-body")]) {
                        Safe("The shared project register for the organisations of your Integrated Care System.")
                    }
                    El("form", [("method", "post"), ("action", SiteURL.signIn.path), ("novalidate", "")]) {
                        VoidEl("input", [("type", "hidden"), ("name", CSRF.fieldName), ("value", csrfToken)])
                        if let next { VoidEl("input", [("type", "hidden"), ("name", "next"), ("value", next)]) }
                        TextInput(name: "email", label: "Email address", value: email, error: failure.message(for: "email"),
                                  type: "email", autocomplete: "username", extra: [("spellcheck", "false")])
                        TextInput(name: "password", label: "Password", value: "", error: failure.message(for: "password"),
                                  type: "password", autocomplete: "current-password")
                        SubmitButton(label: "Sign in")
                    }
                }
            }
        }
    }
}
