import Plot
import WaymarkDomain
import WaymarkMarkup

struct PeopleListPage: RenderablePage {
    var chrome: PageChrome
    var people: [Person]
    var organisations: [Organisation]
    var filter: PeopleFilter
    var canCreate: Bool
    var showInactiveOption: Bool

    func render() -> String {
        let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0.name) })
        return Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe("People") }
            if canCreate {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newPerson.path)]) { Safe("Add a person") }
            }
            El("form", [("method", "get"), ("action", SiteURL.people.path), ("class", "wm-inline-form wm-filter"), ("aria-label", "Find people")]) {
                TextInput(name: "q", label: "Name, email or organisation", value: filter.text ?? "", type: "search")
                SelectField(name: "organisation", label: "Organisation", options: organisations.map { ($0.id.lowercasedText, $0.name) },
                            selected: filter.organisationID?.lowercasedText, blank: "All organisations")
                if showInactiveOption {
                    ChoiceGroup(kind: .checkbox, name: "inactive", legend: "Accounts", options: [("1", "Include deactivated accounts")],
                                selected: filter.includeInactive ? ["1"] : [])
                }
                SubmitButton(label: "Find", style: "secondary")
            }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table")]) {
                    El("caption") { Safe("\(people.count) \(people.count == 1 ? "person" : "people")") }
                    El("thead") {
                        El("tr") {
                            El("th", [("scope", "col")]) { Safe("Name") }
                            El("th", [("scope", "col")]) { Safe("Organisation") }
                            El("th", [("scope", "col")]) { Safe("System role") }
                            El("th", [("scope", "col")]) { Safe("Email") }
                        }
                    }
                    El("tbody") {
                        for person in people {
                            El("tr") {
                                El("td") {
                                    TextLink(person.name, SiteURL.person(.value(person.id)).path)
                                    if !person.active { Safe(" "); Tag(text: "Deactivated", colour: "grey") }
                                }
                                El("td") { Safe(names[person.organisationID] ?? "") }
                                El("td") { Safe(person.role.label) }
                                El("td") { Safe(person.email) }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct PersonPage: RenderablePage {
    var chrome: PageChrome
    var person: Person
    var organisation: Organisation?
    var projects: Page<ProjectSummary>
    /// The latest changes to the account, for those who manage it.
    var history: Page<AuditEvent>?
    var wording: AuditWording
    var canManage: Bool
    var isSelf: Bool

    func render() -> String {
        Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe(person.name) }
            if !person.active { El("p", [("class", "wm-body")]) { Tag(text: "Deactivated", colour: "grey") } }
            if canManage {
                El("div", [("class", "wm-actions")]) {
                    El("a", [("class", "wm-button-link"), ("href", SiteURL.editPerson(.value(person.id)).path)]) { Safe("Edit account") }
                    if !isSelf || !person.active {
                        El("form", [("method", "post"), ("action", SiteURL.personActive(.value(person.id)).path),
                                    ("data-confirm", person.active ? "Deactivate \(person.name)? Their sessions and API tokens end at once." : "Reactivate \(person.name)?")]) {
                            CSRFField(token: chrome.signedIn?.csrfToken)
                            VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(person.version))])
                            VoidEl("input", [("type", "hidden"), ("name", "active"), ("value", person.active ? "false" : "true")])
                            SubmitButton(label: person.active ? "Deactivate account" : "Reactivate account",
                                   style: person.active ? "warning" : "secondary")
                        }
                    }
                }
            }
            SummaryList(rows: [
                ("Email", Safe(person.email)),
                ("Organisation", organisation.map { TextLink($0.name, SiteURL.organisation(.value($0.id)).path) as Component } ?? Safe("")),
                ("System role", Safe(person.role.label)),
            ])
            // Their self-assessments, for them, their organisation's admins and system administrators only.
            if let actor = chrome.signedIn?.actor, AccessPolicy.canSeeAssessments(actor, of: person.id, organisationID: person.organisationID) {
                El("p", [("class", "wm-body")]) {
                    TextLink(isSelf ? "Your capability self-assessments" : "\(person.name)'s capability self-assessments",
                             isSelf ? SiteURL.capability.path : SiteURL.personCapability(.value(person.id)).path)
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Project teams (\(projects.total))") }
            if projects.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("Not on any project team you can see.") }
            } else {
                El("ul", [("class", "wm-list")]) {
                    for project in projects.items {
                        El("li") { TextLink(project.code + " " + project.title, SiteURL.project(.value(project.id)).path) }
                    }
                }
            }
            if let history {
                El("h2", [("class", "wm-heading-m")]) { Safe("Account history") }
                RecentHistoryList(history: history, wording: wording, fullHistory: SiteURL.personHistory(.value(person.id)).path)
            }
        }
    }
}

struct PersonFormPage: RenderablePage {
    var signedIn: SignedIn
    var person: Person?
    var input: PersonInput
    var errors: [FieldError]
    var organisations: [Organisation]
    var roles: [SystemRole]

    func render() -> String {
        let failure = ValidationFailure(errors)
        let title = person.map { "Edit " + $0.name } ?? "Add a person"
        let action = person.map { SiteURL.editPerson(.value($0.id)).path } ?? SiteURL.people.path
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn, section: .people,
                                        breadcrumbs: [("People", SiteURL.people.path)])) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let person { VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(person.version))]) }
                TextInput(name: "name", label: "Full name", value: input.name, error: failure.message(for: "name"), autocomplete: "off")
                TextInput(name: "email", label: "Email address", value: input.email, error: failure.message(for: "email"),
                          type: "email", autocomplete: "off", extra: [("spellcheck", "false")])
                SelectField(name: "organisationId", label: "Organisation", options: organisations.map { ($0.id.lowercasedText, $0.name) },
                            selected: input.organisationID, error: failure.message(for: "organisationId"), blank: "Select an organisation")
                ChoiceGroup(kind: .radio, name: "role", legend: "System role",
                            hint: "Viewers never change anything. Members create projects and work on teams.",
                            options: roles.map { ($0.rawValue, $0.label) }, selected: Set([input.role].compactMap { $0 }),
                            error: failure.message(for: "role"))
                TextInput(name: "password", label: person == nil ? "Password" : "New password (optional)",
                          hint: person == nil
                              ? "At least \(PasswordRules.minimumLength) characters. Give it to the person securely; they should change it at once, under Your account (\(SiteURL.accountPassword.path))."
                              : "At least \(PasswordRules.minimumLength) characters. Setting one signs the person out everywhere and revokes their API tokens. Give it to them securely; they should change it at once, under Your account (\(SiteURL.accountPassword.path)).",
                          value: "", error: failure.message(for: "password"), type: "password", autocomplete: "new-password")
                SubmitButton(label: person == nil ? "Add person" : "Save changes")
            }
        }
    }
}
