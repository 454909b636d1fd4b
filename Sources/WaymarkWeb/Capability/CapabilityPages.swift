import Foundation
import Plot
import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup

/// A person's capability: their latest self-assessment against the framework, the gaps for a
/// role with the library's resources for each, and every assessment they have made.
struct CapabilityPage: RenderablePage {
    var chrome: PageChrome
    var person: Person
    var own: Bool
    var framework: CompetencyFramework
    var assessments: [Assessment]
    var role: CapabilityRole
    var gaps: [(competency: Competency, level: ProficiencyLevel?, target: ProficiencyLevel, resources: [Resource])]
    var canSeeCapability: Bool

    func render() -> String {
        Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe(own ? "Your capability" : "Capability of " + person.name) }
            El("p", [("class", "wm-body")]) {
                Safe("Self-assessment against the system's project delivery competency framework (version \(framework.version)), from 1 awareness to 4 leader. " +
                     (own ? "Only you, your organisation's admins and system administrators see your assessments." : ""))
            }
            El("div", [("class", "wm-button-group")]) {
                if own { El("a", [("class", "wm-button-link"), ("href", SiteURL.assess.path)]) { Safe(assessments.isEmpty ? "Assess yourself" : "Assess yourself again") } }
                TextLink("The competency framework", SiteURL.framework.path)
                if canSeeCapability { TextLink("Capability across organisations", SiteURL.capabilityHeatMap.path) }
            }
            if let latest = assessments.first {
                El("form", [("method", "get"), ("action", own ? SiteURL.capability.path : SiteURL.personCapability(.value(person.id)).path),
                            ("class", "wm-inline-form")]) {
                    SelectField(name: "role", label: "Compare with what this role needs", options: CapabilityRole.allCases.map { ($0.rawValue, $0.label) },
                                selected: role.rawValue)
                    SubmitButton(label: "Compare", style: "secondary")
                }
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("Assessed \(latest.assessedOn.longFormat), against \(role.label.lowercased())") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Competency", "Level", "Needed", "Gap"] { El("th", [("scope", "col")]) { Safe(heading) } }
                            }
                        }
                        El("tbody", []) {
                            for competency in framework.competencies {
                                let level = latest.level(competency.key), target = competency.targets[role]
                                El("tr", []) {
                                    El("th", [("scope", "row")]) { Safe(competency.name) }
                                    El("td", []) { Safe(level.map { "\($0.rawValue) \($0.label)" } ?? "Not assessed") }
                                    El("td", []) { Safe(target.map { "\($0.rawValue) \($0.label)" } ?? "No particular level") }
                                    El("td", []) {
                                        if let target, (level?.rawValue ?? 0) < target.rawValue {
                                            Tag(text: "\(target.rawValue - (level?.rawValue ?? 0)) below", colour: "orange")
                                        } else {
                                            Safe("None")
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                El("h2", [("class", "wm-heading-m"), ("id", "gaps")]) { Safe("Closing the gaps") }
                if gaps.isEmpty {
                    El("p", [("class", "wm-body")]) { Safe("No gaps against what a \(role.label.lowercased()) needs.") }
                } else {
                    El("ul", [("class", "wm-lesson-list")]) {
                        for gap in gaps {
                            El("li", [("class", "wm-lesson-list__item")]) {
                                El("p", [("class", "wm-lesson-list__title")]) {
                                    Safe("\(gap.competency.name): from \(gap.level.map { $0.label.lowercased() } ?? "not assessed") to \(gap.target.label.lowercased())")
                                }
                                El("p", [("class", "wm-body")]) { Safe(gap.competency.descriptor(gap.target)) }
                                if gap.resources.isEmpty {
                                    El("p", [("class", "wm-body wm-secondary")]) { Safe("No resource in the library is tagged \(gap.competency.key) yet.") }
                                } else {
                                    El("p", [("class", "wm-body")]) { Safe("Suggested resources:") }
                                    El("ul", [("class", "wm-list wm-list--bullet")]) {
                                        for resource in gap.resources {
                                            El("li", []) { TextLink(resource.fields.title, SiteURL.resource(.value(resource.id)).path) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            } else {
                El("p", [("class", "wm-body")]) { Safe(own ? "You have not assessed yourself yet." : "\(person.name) has not assessed themselves yet.") }
            }
            if !assessments.isEmpty {
                El("h2", [("class", "wm-heading-m")]) { Safe("Assessments") }
                El("ul", [("class", "wm-list wm-list--bullet")]) {
                    for assessment in assessments {
                        El("li", []) {
                            TextLink("Assessed \(assessment.assessedOn.longFormat)", SiteURL.assessment(.value(assessment.id)).path)
                            Safe(" (framework version \(assessment.frameworkVersion), \(assessment.ratings.count) competencies)")
                        }
                    }
                }
            }
        }
    }
}

/// The self-assessment form: a level and evidence for each competency, by domain.
struct AssessPage: RenderablePage {
    var signedIn: SignedIn
    var framework: CompetencyFramework
    var input: AssessmentInput
    var errors: [FieldError] = []

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Assess yourself", signedIn: signedIn, section: .capability,
                                        breadcrumbs: [("Your capability", SiteURL.capability.path)])) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Assess yourself") }
            El("p", [("class", "wm-body")]) {
                Safe("Choose the level that describes what you do now, and say what shows it. Leave a competency not assessed if it is not part of your work.")
            }
            El("form", [("method", "post"), ("action", SiteURL.assess.path), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                TextInput(name: "assessedOn", label: "Date assessed", value: input.assessedOn,
                          error: failure.message(for: "assessedOn"), type: "date", width: "short")
                for domain in framework.domains {
                    El("h2", [("class", "wm-heading-m")]) { Safe(domain.name) }
                    for competency in domain.competencies {
                        let key = competency.key
                        El("div", [("class", "wm-card wm-assessment")]) {
                            ChoiceGroup(kind: .radio, name: "level-" + key, legend: competency.name, hint: competency.description,
                                        options: [("", "Not assessed")] + ProficiencyLevel.allCases.map {
                                            (String($0.rawValue), "\($0.rawValue) \($0.label): \(competency.descriptor($0))")
                                        },
                                        selected: [input.levels[key] ?? ""], error: failure.message(for: "level-" + key))
                            TextAreaField(name: "evidence-" + key, label: "Evidence for \(competency.name.lowercased()) (optional)",
                                          value: input.evidence[key], error: failure.message(for: "evidence-" + key), rows: 2)
                        }
                    }
                }
                SubmitButton(label: "Save assessment")
            }
        }
    }
}

/// One assessment, read against the framework version it was made against.
struct AssessmentPage: RenderablePage {
    var chrome: PageChrome
    var assessment: Assessment
    var framework: CompetencyFramework
    var person: Person

    func render() -> String {
        Layout.render(chrome) {
            El("span", [("class", "wm-caption")]) { Safe(person.name) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Self-assessment of \(assessment.assessedOn.longFormat)") }
            El("p", [("class", "wm-body")]) { Safe("Made against version \(framework.version) of the competency framework.") }
            SummaryList(rows: framework.competencies.map { competency in
                let rating = assessment.ratings.first { $0.key == competency.key }
                return (competency.name, ComponentGroup {
                    Safe(rating.map { "\($0.level.rawValue) \($0.level.label)" } ?? "Not assessed")
                    if let evidence = rating?.evidence, !evidence.isEmpty {
                        El("p", [("class", "wm-body wm-secondary")]) { MultilineText(text: evidence) }
                    }
                } as Component)
            })
        }
    }
}

/// The framework in force: its domains, competencies, level descriptors and role targets.
struct FrameworkPage: RenderablePage {
    var chrome: PageChrome
    var framework: CompetencyFramework
    var canManage: Bool

    func render() -> String {
        Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe("The competency framework") }
            El("p", [("class", "wm-body")]) {
                Safe("Version \(framework.version). Ten competencies in four domains, each at four levels: 1 awareness, 2 practitioner, 3 expert, 4 leader, with the level each role needs. Resources tagged with a competency's key are suggested to close gaps in it.")
            }
            El("p", [("class", "wm-body")]) { TextLink("Changes to the framework", SiteURL.frameworkHistory.path) }
            for domain in framework.domains {
                El("h2", [("class", "wm-heading-m")]) { Safe(domain.name) }
                for competency in domain.competencies {
                    El("div", [("class", "wm-card")]) {
                        El("h3", [("class", "wm-heading-s"), ("id", competency.key)]) { Safe(competency.name) }
                        El("p", [("class", "wm-body")]) { Safe(competency.description + " Key: \(competency.key).") }
                        SummaryList(rows: ProficiencyLevel.allCases.map { ("\($0.rawValue) \($0.label)", Safe(competency.descriptor($0))) }
                                    + [("Needed", Safe(CapabilityRole.allCases.compactMap { role in
                                        competency.targets[role].map { "\(role.label) \($0.rawValue)" } }.joined(separator: ", ").ifEmpty("No role needs a level")))])
                        if canManage { TextLink("Change \(competency.name.lowercased())", SiteURL.editCompetency(.value(competency.key)).path) }
                    }
                }
            }
        }
    }
}

/// Changing one competency (the portfolio office): a new version of the framework.
struct CompetencyFormPage: RenderablePage {
    var signedIn: SignedIn
    var framework: CompetencyFramework
    var competency: Competency
    var input: CompetencyInput
    var errors: [FieldError] = []
    var conflictVersion: Int? = nil

    func render() -> String {
        let failure = ValidationFailure(errors)
        let levels = [("", "No particular level")] + ProficiencyLevel.allCases.map { (String($0.rawValue), "\($0.rawValue) \($0.label)") }
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Change " + competency.name, signedIn: signedIn, section: .capability,
                                        breadcrumbs: [("The competency framework", SiteURL.framework.path)])) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Change " + competency.name) }
            El("p", [("class", "wm-body")]) {
                Safe("Saving makes version \((conflictVersion ?? framework.version) + 1) of the framework. Assessments already made keep the version they were made against.")
            }
            if let conflictVersion { ConflictNotice(noun: "framework", version: conflictVersion, current: SiteURL.framework.path) }
            El("form", [("method", "post"), ("action", SiteURL.editCompetency(.value(competency.key)).path), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(conflictVersion ?? framework.version))])
                TextInput(name: "name", label: "Name", value: input.name, error: failure.message(for: "name"))
                TextAreaField(name: "description", label: "Description (optional)", value: input.description, error: failure.message(for: "description"), rows: 2)
                for (field, level) in [("awareness", ProficiencyLevel.awareness), ("practitioner", .practitioner), ("expert", .expert), ("leader", .leader)] {
                    TextAreaField(name: field, label: "\(level.rawValue) \(level.label)", hint: "What someone at this level does.",
                                  value: field == "awareness" ? input.awareness : field == "practitioner" ? input.practitioner
                                      : field == "expert" ? input.expert : input.leader,
                                  error: failure.message(for: field), rows: 2)
                }
                for role in CapabilityRole.allCases {
                    let key = CompetencyInput.targetKey(role)
                    SelectField(name: key, label: "Level a \(role.label.lowercased()) needs", options: levels,
                                selected: [CapabilityRole.projectManager: input.targetProjectManager, .sro: input.targetSRO, .qiLead: input.targetQILead,
                                           .pmoAnalyst: input.targetPMOAnalyst][role] ?? "",
                                error: failure.message(for: key))
                }
                SubmitButton(label: "Save as a new version")
            }
        }
    }
}

/// Capability across organisations: the heat map, its table, and the training needs, every
/// group of fewer than five people suppressed.
struct CapabilityHeatMapPage: RenderablePage {
    var chrome: PageChrome
    var map: CapabilityHeatMap

    func render() -> String {
        let chart = CapabilityHeatMapChart(title: "Average self-assessed level by organisation and competency", map: map)
        let rows = map.rows + [map.total]
        return Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Capability across organisations") }
            El("p", [("class", "wm-body")]) {
                Safe("Each person's latest self-assessment, averaged. A group of fewer than five people is never shown, here, in the API or in the download: a small count can identify someone.")
            }
            CSVLink(url: SiteURL.capabilityHeatMapExport.path, what: "these figures")
            El("div", [("class", "wm-capability-map-wrap")]) { chart.svg(id: "capability-map") }
            El("details", [("class", "wm-details")]) {
                El("summary", []) { Safe("The heat map as a table") }
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("Average level (people) by organisation and competency") }
                        El("thead", []) {
                            El("tr", []) {
                                El("th", [("scope", "col")]) { Safe("Organisation") }
                                for competency in map.framework.competencies { El("th", [("scope", "col")]) { Safe(competency.name) } }
                            }
                        }
                        El("tbody", []) {
                            for row in rows {
                                El("tr", []) {
                                    El("th", [("scope", "row")]) { Safe(row.organisationName + (row.people.map { " (\($0))" } ?? " (fewer than 5)")) }
                                    for competency in map.framework.competencies {
                                        let cell = row.cells[competency.key]
                                        El("td", []) {
                                            Safe(cell?.average.map { "\(CapabilityHeatMapChart.format($0)) (\(cell?.people ?? 0))" } ?? "Fewer than 5")
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Training needs") }
            El("p", [("class", "wm-body")]) {
                Safe("How many people \(map.total.organisationName == "Whole system" ? "across the system" : "in the organisations shown") are below what a project manager needs, in each competency.")
            }
            SummaryList(rows: map.framework.competencies.map { competency in
                let cell = map.total.cells[competency.key]
                return (competency.name, Safe(cell?.belowTarget.map { "\($0) of \(cell?.people ?? 0) people" } ?? "Fewer than 5 people have assessed it"))
            })
        }
    }
}
