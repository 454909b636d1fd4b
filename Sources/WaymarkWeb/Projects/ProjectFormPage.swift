import Plot
import WaymarkDomain
import WaymarkMarkup

struct ProjectFormPage: RenderablePage {
    enum Mode {
        case create
        case edit(Project)
    }

    var signedIn: SignedIn
    var mode: Mode
    var input: ProjectInput
    var errors: [FieldError]
    var references: ReferenceData
    /// Whether the person may change the lead organisation, visibility, status and stage.
    var canManage: Bool
    var version: Int? = nil
    /// Set when someone else saved first: the person's input is kept, nothing was saved.
    var conflictVersion: Int? = nil
    /// The glossary's terms for the form's words, by the field each explains.
    var explanations: [String: GlossaryTerm] = [:]

    var title: String {
        switch mode {
        case .create: "Create a project"
        case .edit(let project): "Edit " + project.fields.title
        }
    }

    var action: String {
        switch mode {
        case .create: SiteURL.projects.path
        case .edit(let project): SiteURL.editProject(.value(project.id)).path
        }
    }

    /// The stages the form offers: any for a new project (it joins the register where it stands);
    /// for a project, its own, and for its managers those it reaches without passing a gate (a gate
    /// is passed by the board's approval of its review, never by an edit).
    var stageOptions: [LifecycleStage] {
        guard case .edit(let project) = mode else { return references.stages }
        let current = project.fields.stageID
        return references.stages.filter {
            $0.id == current || (canManage && LifecycleStage.gateEntered(from: current, to: $0.id, in: references.stages) == nil)
        }
    }

    var stageHint: String? {
        guard case .edit = mode else { return nil }
        return canManage ? "A stage beyond a gate is reached by asking for the gate's review: the board's approval moves the project."
            : "Only the project's managers can change this."
    }

    func render() -> String {
        let failure = ValidationFailure(errors)
        var breadcrumbs = [("Portfolio", SiteURL.portfolio.path)]
        if case .edit(let project) = mode {
            breadcrumbs.append((project.fields.title, SiteURL.project(.value(project.id)).path))
        }
        let leadOptions = references.organisations
            .filter { canManage || $0.id.lowercasedText == input.leadOrganisationID }
            .map { ($0.id.lowercasedText, $0.name) }
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn,
                                        section: .portfolio, breadcrumbs: breadcrumbs)) {
            ErrorSummary(errors: errors)
            if let conflictVersion, case .edit(let project) = mode {
                ConflictNotice(noun: "project", version: conflictVersion, current: SiteURL.project(.value(project.id)).path)
            }
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let version { VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(version))]) }
                TextInput(name: "title", label: "Project title", value: input.title, error: failure.message(for: "title"))
                for text in ProjectFieldDeclarations.texts(.summary) {
                    textArea(text, failure)
                    explain(text.key)
                }
                SelectField(name: "leadOrganisationId", label: "Lead organisation",
                            hint: canManage ? "The project code is made from the lead organisation's code." : "Only the project's managers can change this.",
                            options: leadOptions, selected: input.leadOrganisationID,
                            error: failure.message(for: "leadOrganisationId"), blank: "Select an organisation")
                explain("leadOrganisationId")
                ChoiceGroup(kind: .checkbox, name: "partnerOrganisationIds", legend: "Partner organisations",
                            hint: "Select all that apply.", options: references.organisations.map { ($0.id.lowercasedText, $0.name) },
                            selected: Set(input.partnerOrganisationIDs ?? []), error: failure.message(for: "partnerOrganisationIds"), small: true)
                explain("partnerOrganisationIds")
                SelectField(name: "programmeId", label: "Programme (optional)",
                            options: references.programmes.map { ($0.id.lowercasedText, $0.name) }, selected: input.programmeID,
                            error: failure.message(for: "programmeId"), blank: "Not part of a programme")
                explain("programmeId")
                ChoiceGroup(kind: .checkbox, name: "themeIds", legend: "Strategic themes",
                            options: references.themes.map { ($0.id.lowercasedText, $0.name) }, selected: Set(input.themeIDs ?? []),
                            error: failure.message(for: "themeIds"), small: true)
                explain("themeIds")
                ChoiceGroup(kind: .radio, name: "methodology", legend: "Method",
                            options: Methodology.allCases.map { ($0.rawValue, $0.label) },
                            selected: Set([input.methodology].compactMap { $0 }), error: failure.message(for: "methodology"))
                explain("methodology")
                SelectField(name: "stageId", label: "Lifecycle stage", hint: stageHint,
                            options: stageOptions.map { ($0.id.lowercasedText, $0.name + ($0.gate.map { " (\($0))" } ?? "")) },
                            selected: input.stageID, error: failure.message(for: "stageId"), blank: "Select a stage")
                explain("stageId")
                if canManage {
                    SelectField(name: "status", label: "Status", options: ProjectStatus.allCases.map { ($0.rawValue, $0.label) },
                                selected: input.status ?? ProjectStatus.active.rawValue, error: failure.message(for: "status"))
                    explain("status")
                    ChoiceGroup(kind: .radio, name: "visibility", legend: "Who can see this project",
                                options: Visibility.allCases.map { ($0.rawValue, $0.label) },
                                selected: Set([input.visibility].compactMap { $0 }), error: failure.message(for: "visibility"))
                    explain("visibility")
                }
                TextInput(name: "startDate", label: "Start date", value: input.startDate,
                          error: failure.message(for: "startDate"), type: "date", width: "short")
                TextInput(name: "endDate", label: "End date", value: input.endDate,
                          error: failure.message(for: "endDate"), type: "date", width: "short")
                TextInput(name: "budget", label: "Budget in pounds (optional)", hint: "For example, 125000 or 12,500.50",
                          value: input.budget, error: failure.message(for: "budget"), width: "short",
                          extra: [("inputmode", "decimal")])
                explain("budgetPence")
                for text in ProjectFieldDeclarations.texts(.scope) {
                    textArea(text, failure)
                    explain(text.key)
                }
                TextInput(name: "tags", label: "Tags (optional)", hint: "Separate tags with commas, like winter, inequalities.",
                          value: input.tags, error: failure.message(for: "tags"))
                if case .create = mode, AccessPolicy.creatorTeamRole(signedIn.actor) != nil {
                    El("p", [("class", "wm-inset")]) { Safe("You will join the project team as its project manager.") }
                }
                SubmitButton(label: { if case .create = mode { return "Create project" } else { return "Save changes" } }())
            }
        }
    }

    func explain(_ part: String) -> Component { GlossaryExplanation(term: explanations[part]) }

    func textArea(_ text: ProjectFieldDeclarations.Text, _ failure: ValidationFailure) -> TextAreaField {
        TextAreaField(name: text.key, label: text.label, hint: text.hint, value: input[keyPath: text.field.input],
                      error: failure.message(for: text.key))
    }
}
