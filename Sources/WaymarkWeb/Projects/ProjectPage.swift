import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

struct ProjectPage: RenderablePage {
    var chrome: PageChrome
    var project: Project
    var references: ReferenceData
    var team: [TeamMember]
    var history: Page<AuditEvent>
    var historyWording: AuditWording
    /// The plan and RAID log at a glance.
    var raid: RAIDSummary
    var canEdit: Bool
    var canManage: Bool
    var canDelete: Bool
    var teamErrors: [FieldError]
    var teamInput: FormData
    /// The team form's search step, once the manager has searched.
    var peopleFound: PeopleFound? = nil
    /// For a project in its first stages, how many other projects' lessons its team reviewed.
    var lessonsReviewed: Int? = nil
    /// Some of the library's resources for the project's lifecycle stage, and how many it has.
    var stageResources: [(id: UUID, title: String, kind: ResourceKind)] = []
    var stageResourcesInAll = 0
    var today: CalendarDate

    var fields: ProjectFields { project.fields }

    func names(_ role: TeamRole) -> String {
        let people = team.filter { $0.role == role }.map(\.name)
        return people.isEmpty ? "Not assigned" : people.joined(separator: ", ")
    }

    func render() -> String {
        let failure = ValidationFailure(teamErrors)
        return Layout.render(chrome) {
            ErrorSummary(errors: teamErrors)
            El("span", [("class", "wm-caption")]) { Safe(project.code + " · " + (references.organisation(fields.leadOrganisationID)?.name ?? "")) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.title) }
            ProjectSectionNavigation(project: project.id, current: .overview)
            El("p", [("class", "wm-result__meta")]) {
                fields.status.tag
                if fields.status.isPastEnd(fields.endDate, today: today) { PortfolioPage.pastEndTag }
                fields.visibility.tag
                El("span") { Safe("Stage: " + (references.stage(fields.stageID)?.name ?? "")) }
            }
            if let end = fields.endDate, fields.status.isPastEnd(end, today: today) {
                El("p", [("class", "wm-inset")]) {
                    Safe("This project is still active after its end date, \(end.longFormat). "
                         + (canManage ? "Close it, or change its end date if the work goes on." : "Its project manager or SRO can close it or change its end date."))
                }
            }
            El("div", [("class", "wm-actions")]) {
                if canEdit {
                    El("a", [("class", "wm-button-link"), ("href", SiteURL.editProject(.value(project.id)).path)]) { Safe("Edit project") }
                }
                if canDelete {
                    El("a", [("href", SiteURL.deleteProject(.value(project.id)).path)]) { Safe("Delete project") }
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Summary") }
            SummaryList(rows: ProjectFieldDeclarations.texts(.summary).map { ($0.label, MultilineText(text: fields[keyPath: $0.field.field])) } + [
                ("Senior responsible owner", Safe(names(.sro))),
                ("Project manager", Safe(names(.manager))),
                ("Method", Safe(fields.methodology.label)),
                ("Lifecycle stage", Safe(references.stage(fields.stageID).map { $0.name + ($0.gate.map { " (after \($0))" } ?? "") } ?? "")),
                ("Lead organisation", Safe(references.organisation(fields.leadOrganisationID)?.name ?? "")),
                ("Partner organisations", Safe(fields.partnerOrganisationIDs.compactMap { references.organisation($0)?.name }.sorted().joined(separator: ", ").ifEmpty("None"))),
                ("Programme", Safe(references.programme(fields.programmeID)?.name ?? "None")),
                ("Strategic themes", Safe(fields.themeIDs.compactMap { references.theme($0)?.name }.sorted().joined(separator: ", ").ifEmpty("None"))),
                ("Dates", Safe([fields.startDate.map { "Starts " + $0.longFormat }, fields.endDate.map { "ends " + $0.longFormat }]
                    .compactMap { $0 }.joined(separator: ", ").ifEmpty("Not set"))),
                ("Budget", Safe(fields.budgetPence.map(Money.display) ?? "Not set")),
                ("Tags", Safe(fields.tags.joined(separator: ", ").ifEmpty("None"))),
                ("Who can see it", Safe(fields.visibility.label)),
            ])
            GlossaryLinks(screen: .projectPage, intro: "The words on this page, explained in the glossary:")
            if let reviewed = lessonsReviewed {
                El("div", [("class", "wm-inset")]) {
                    El("h2", [("class", "wm-heading-s")]) { Safe("Learn before you start") }
                    El("p", [("class", "wm-body")]) {
                        Safe(reviewed == 0 ? "The team has not yet reviewed what other projects learnt. "
                                           : "The team has reviewed \(reviewed) \(reviewed == 1 ? "lesson" : "lessons") from other projects. ")
                        TextLink("See the lessons most relevant to this project", SiteURL.projectLessons(.value(project.id)).path + "#learn-before")
                    }
                }
            }
            if !stageResources.isEmpty {
                let stage = (references.stage(fields.stageID)?.name ?? "this stage").lowercasedFirstLetter
                El("h2", [("class", "wm-heading-s"), ("id", "stage-resources")]) { Safe("Guides and templates for " + stage) }
                El("ul", [("class", "wm-list wm-list--bullet")]) {
                    for resource in stageResources {
                        El("li", []) {
                            TextLink(resource.title, SiteURL.resource(.value(resource.id)).path)
                            Safe(" (" + resource.kind.label.lowercased() + ")")
                        }
                    }
                }
                if stageResourcesInAll > stageResources.count {
                    El("p", [("class", "wm-body")]) {
                        TextLink("All \(stageResourcesInAll) resources for \(stage)",
                                 SiteURL.resources.path(query: [("stage", fields.stageID.lowercasedText)]))
                    }
                }
            }
            raidSection
            El("h2", [("class", "wm-heading-m")]) { Safe("Scope and objectives") }
            SummaryList(rows: ProjectFieldDeclarations.texts(.scope).map { ($0.label, MultilineText(text: fields[keyPath: $0.field.field])) })
            if canManage { statusForm }
            teamSection(failure)
            historySection
        }
    }

    /// What is open in the plan and each RAID log, and what is overdue, each linked to its log.
    var raidSection: Component {
        let rows: [(ProjectSection, String, RAIDSummary.Count, String, String)] = [
            (.plan, "Milestones", raid.milestones, "not yet achieved", "overdue"),
            (.risks, "Risks", raid.risks, "open", "reviews overdue"),
            (.issues, "Issues", raid.issues, "open", "overdue"),
            (.assumptions, "Assumptions", raid.assumptions, "to validate", "overdue"),
            (.dependencies, "Dependencies", raid.dependencies, "still needed", "overdue"),
            (.actions, "Actions", raid.actions, "to do", "overdue"),
        ]
        let reported: Component = if let report = raid.latestReport {
            ComponentGroup {
                RatingTag(rag: report.overall)
                Safe(" ")
                TextLink("reported for " + report.period.label, SiteURL.statusUpdate(.value(report.id)).path)
            }
        } else {
            TextLink("Not reported yet", ProjectSection.updates.path(project.id))
        }
        return ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "raid")]) { Safe("Plan and RAID log") }
            SummaryList(rows: [("Delivery status", reported)] + rows.map { section, label, count, open, late in
                (label, ComponentGroup {
                    TextLink("\(count.open) \(open)", section.path(project.id))
                    if count.overdue > 0 { Safe(" "); Tag(text: "\(count.overdue) \(late)", colour: "red") }
                } as Component)
            })
        }
    }

    var statusForm: Component {
        El("div", [("class", "wm-card")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "status-heading")]) { Safe("Status") }
            El("form", [("method", "post"), ("action", SiteURL.projectStatus(.value(project.id)).path), ("class", "wm-inline-form"),
                        ("aria-labelledby", "status-heading")]) {
                CSRFField(token: chrome.signedIn?.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(project.version))])
                SelectField(name: "status", label: "Project status",
                            hint: "Closing is the normal end of a project; its record and history stay.",
                            options: ProjectStatus.allCases.map { ($0.rawValue, $0.label) }, selected: fields.status.rawValue,
                            error: ValidationFailure(teamErrors).message(for: "status"))
                SubmitButton(label: "Change status", style: "secondary")
            }
        }
    }

    func teamSection(_ failure: ValidationFailure) -> Component {
        El("section", [("aria-labelledby", "team")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "team")]) { Safe("Project team") }
            if team.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("Nobody is on the team yet.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", [("class", "wm-visually-hidden")]) { Safe("Team members and their roles") }
                        El("thead") {
                            El("tr") {
                                El("th", [("scope", "col")]) { Safe("Name") }
                                El("th", [("scope", "col")]) { Safe("Role") }
                                El("th", [("scope", "col")]) { Safe("Organisation") }
                                if canManage { El("th", [("scope", "col")]) { El("span", [("class", "wm-visually-hidden")]) { Safe("Actions") } } }
                            }
                        }
                        El("tbody") {
                            for member in team {
                                El("tr") {
                                    El("td") { TextLink(member.name, SiteURL.person(.value(member.personID)).path) }
                                    El("td") { Safe(member.role.label) }
                                    El("td") { Safe(references.organisation(member.organisationID)?.name ?? "") }
                                    if canManage {
                                        El("td") {
                                            El("form", [("method", "post"), ("data-confirm", "Remove \(member.name) from the team?"),
                                                        ("action", SiteURL.removeTeamMember(.value(project.id), .value(member.personID)).path)]) {
                                                CSRFField(token: chrome.signedIn?.csrfToken)
                                                El("button", [("type", "submit"), ("class", "wm-button wm-button--secondary wm-button--small")]) {
                                                    Safe("Remove")
                                                    El("span", [("class", "wm-visually-hidden")]) { Safe(" " + member.name) }
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
            if canManage { addMember(failure) }
        }
    }

    /// Adding someone: a search step (a GET form, so it works without JavaScript; with it, the
    /// search box is a combobox offering matches as the manager types), then a choice among the
    /// active people found and their role. Never an email address to type.
    func addMember(_ failure: ValidationFailure) -> Component {
        let project = project.id
        return El("div", [("class", "wm-card wm-person-picker")]) {
            El("h3", [("class", "wm-heading-s"), ("id", "add-member")]) { Safe("Add someone or change their role") }
            El("form", [("method", "get"), ("action", SiteURL.project(.value(project)).path + "#add-member"), ("role", "search"),
                        ("aria-label", "Find a person to add"), ("class", "wm-person-picker__search"),
                        ("data-module", "person-picker"), ("data-candidates", SiteURL.teamCandidates(.value(project)).path)]) {
                TextInput(name: "find", label: "Find a person", hint: "Part of their name, email address or organisation",
                          value: peopleFound?.text ?? teamInput["find"] ?? "", error: failure.message(for: "find"), type: "search",
                          extra: [("spellcheck", "false"), ("autocomplete", "off")])
                SubmitButton(label: "Find people", style: "secondary")
            }
            if let found = peopleFound {
                if found.matches.isEmpty {
                    El("p", [("class", "wm-body"), ("role", "status")]) {
                        Safe(found.text.count < 2 ? "Type at least two letters of their name, email address or organisation."
                             : "No active person matches \u{201C}\(found.text)\u{201D}. Check the spelling, or ask an administrator to add them.")
                    }
                } else {
                    El("form", [("method", "post"), ("action", SiteURL.projectTeam(.value(project)).path), ("aria-labelledby", "add-member")]) {
                        CSRFField(token: chrome.signedIn?.csrfToken)
                        VoidEl("input", [("type", "hidden"), ("name", "find"), ("value", found.text)])
                        ChoiceGroup(kind: .radio, name: "personId", legend: "Choose the person",
                                    hint: found.total > found.matches.count
                                        ? "The first \(found.matches.count) of \(found.total) people who match: type more to narrow it down." : nil,
                                    options: found.matches.map { match in
                                        (match.person.id.lowercasedText,
                                         "\(match.person.name), \(match.organisationName) (\(match.person.email))"
                                            + (match.teamRole.map { ": already on the team as \($0.label.lowercased())" } ?? ""))
                                    },
                                    selected: Set([teamInput["personId"] ?? (found.matches.count == 1 ? found.matches[0].person.id.lowercasedText : "")]),
                                    error: failure.message(for: "personId"), small: true)
                        SelectField(name: "role", label: "Team role", options: TeamRole.allCases.map { ($0.rawValue, $0.label) },
                                    selected: teamInput["role"] ?? TeamRole.member.rawValue, error: failure.message(for: "role"))
                        SubmitButton(label: "Save team member", style: "secondary")
                    }
                }
            }
        }
    }

    var historySection: Component {
        El("section", [("aria-labelledby", "history")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "history")]) { Safe("History") }
            RecentHistoryList(history: history, wording: historyWording,
                              fullHistory: SiteURL.projectHistory(.value(project.id)).path)
        }
    }
}

/// A record's audit trail: who changed what, when, from what to what.
struct HistoryList: Component {
    var events: [AuditEvent]
    var wording: AuditWording
    /// A change longer than this is shown folded, its first `shownLength` characters and the rest
    /// behind "Show all".
    static let foldedLength = 240
    static let shownLength = 160

    var body: Component {
        if events.isEmpty { return El("p", [("class", "wm-body")]) { Safe("No changes recorded.") } }
        return El("ol", [("class", "wm-list"), ("reversed", "")]) {
            for event in events {
                El("li", [("class", "wm-history__item")]) {
                    El("strong") { Safe(wording.sentence(event)) }
                    El("div", [("class", "wm-secondary")]) {
                        Safe("By \(event.actorName) on ")
                        El("time", [("datetime", Timestamp.string(event.occurredAt))]) {
                            Safe(DateText.long(event.occurredAt))
                        }
                    }
                    if !event.changes.isEmpty {
                        El("ul", [("class", "wm-history__changes")]) {
                            for change in event.changes {
                                let old = wording.value(event, change.field, change.old)
                                let new = wording.value(event, change.field, change.new)
                                let label = wording.label(event, change.field)
                                let text = event.action == .create || old == nil ? new ?? "(empty)" : "from “\(old ?? "")” to “\(new ?? "(empty)")”"
                                El("li") {
                                    El("strong") { Safe(label + ": ") }
                                    if text.count > Self.foldedLength {
                                        // Long text (a summary rewritten) is folded: its start, and all of it on request.
                                        Safe(String(text.prefix(Self.shownLength)) + "…")
                                        El("details", [("class", "wm-history__more")]) {
                                            El("summary") {
                                                Safe("Show all")
                                                El("span", [("class", "wm-visually-hidden")]) { Safe(" of the change to " + label.lowercased()) }
                                            }
                                            El("p", [("class", "wm-history__full")]) { Safe(text) }
                                        }
                                    } else {
                                        Safe(text)
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

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}

struct DeleteProjectPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project

    func render() -> String {
        Layout.render(PageChrome(title: "Delete " + project.fields.title, signedIn: signedIn, section: .portfolio,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path),
                                               (project.fields.title, SiteURL.project(.value(project.id)).path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Delete " + project.code + " " + project.fields.title + "?") }
            El("div", [("class", "wm-inset")]) {
                El("p", [("class", "wm-body")]) {
                    Safe("Deleting removes the project, its team and its links for everyone. The audit trail keeps a record that it existed. Closing the project is the normal way to end it.")
                }
            }
            El("form", [("method", "post"), ("action", SiteURL.deleteProject(.value(project.id)).path)]) {
                CSRFField(token: signedIn.csrfToken)
                SubmitButton(label: "Delete project", style: "warning")
                TextLink("Cancel", SiteURL.project(.value(project.id)).path)
            }
        }
    }
}
