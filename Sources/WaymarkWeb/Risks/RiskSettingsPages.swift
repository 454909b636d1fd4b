import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// How every risk in the system is graded: the band table and escalation threshold (changed by
/// system administrators), the categories (kept by the portfolio office), and their recent history.
struct RiskSettingsPage: RenderablePage {
    /// Rows the band form offers beyond the bands in force, for adding one.
    static let spareRows = 2

    var chrome: PageChrome
    var settings: RiskSettings
    var version: Int
    var categories: [RiskCategory]
    /// How many risks carry each category.
    var use: [UUID: Int]
    var history: Page<AuditEvent>
    var wording: AuditWording
    var canChangeSettings: Bool
    var canManageCategories: Bool
    /// What the settings form sent, when it was refused.
    var settingsInput: RiskSettingsInput? = nil
    var settingsErrors: [FieldError] = []
    var conflictVersion: Int? = nil
    /// What the add-a-category form sent, when it was refused.
    var categoryInput = RiskCategoryInput()
    var categoryErrors: [FieldError] = []

    func render() -> String {
        Layout.render(chrome) {
            ErrorSummary(errors: settingsErrors + categoryErrors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Risk settings") }
            El("p", [("class", "wm-body")]) {
                Safe("How Waymark grades every risk in the system on the NHS 5x5 risk matrix: a likelihood and a consequence from 1 to 5, their product the score, and the score's band from the table below.")
            }
            bandsSection
            categoriesSection
            El("section", [("aria-labelledby", "history-heading")]) {
                El("h2", [("class", "wm-heading-m"), ("id", "history-heading")]) { Safe("Recent changes") }
                if history.items.isEmpty {
                    El("p", [("class", "wm-body")]) { Safe("No one has changed the settings or the categories since the system was set up.") }
                } else {
                    RecentHistoryList(history: history, wording: wording, fullHistory: SiteURL.riskSettingsHistory.path)
                }
            }
        }
    }

    var bandsSection: Component {
        El("section", [("aria-labelledby", "bands-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "bands-heading")]) { Safe("Band table and escalation threshold") }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table")]) {
                    El("caption") { Safe("Bands in force, lowest first") }
                    El("thead") {
                        El("tr") {
                            for heading in ["Band", "Scores", "Colour"] { El("th", [("scope", "col")]) { Safe(heading) } }
                        }
                    }
                    El("tbody") {
                        for band in settings.bands.bands {
                            El("tr") {
                                El("th", [("scope", "row")]) { bandTag(band.name, settings.bands) }
                                El("td") { Safe(Self.scores(settings.bands.scores(of: band))) }
                                El("td") {
                                    // A drawn swatch: the page's policy allows no inline style.
                                    El("svg", [("class", "wm-swatch"), ("viewBox", "0 0 16 16"), ("aria-hidden", "true"), ("focusable", "false")]) {
                                        El("rect", [("width", "16"), ("height", "16"), ("fill", band.colour)]) {}
                                    }
                                    Safe(" " + band.colour)
                                }
                            }
                        }
                    }
                }
            }
            El("p", [("class", "wm-body")]) {
                Safe("A risk whose current score reaches \(settings.escalationThreshold) is flagged as a candidate for escalation to its organisation's or the system's register.")
            }
            El("div", [("class", "wm-inset")]) {
                El("p", [("class", "wm-body")]) {
                    Safe("Every rating keeps the band it was given when it was recorded: a change to the table grades ratings recorded from then on, and does not rewrite a risk's history.")
                }
            }
            if canChangeSettings { settingsForm }
        }
    }

    var settingsForm: Component {
        let failure = ValidationFailure(settingsErrors)
        let input = settingsInput ?? RiskSettingsInput(showing: settings)
        let rows = input.bands ?? []
        let shown = min(RiskSettings.bandLimit, max(rows.count, settings.bands.bands.count) + Self.spareRows)
        return El("div", [("class", "wm-card")]) {
            El("h3", [("class", "wm-heading-s"), ("id", "change-bands")]) { Safe("Change the band table or threshold") }
            if let conflictVersion {
                ConflictNotice(noun: "risk settings", version: conflictVersion, current: SiteURL.riskSettings.path)
            }
            El("form", [("method", "post"), ("action", SiteURL.riskSettings.path), ("aria-labelledby", "change-bands"),
                        ("novalidate", "")]) {
                CSRFField(token: chrome.signedIn?.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(version))])
                let error = failure.message(for: "bands")
                El("div", [("class", error == nil ? "wm-form-group" : "wm-form-group wm-form-group--error")]) {
                    El("fieldset", [("class", "wm-fieldset"), ("id", "bands"), ("aria-describedby", "bands-hint" + (error == nil ? "" : " bands-error"))]) {
                        El("legend", [("class", "wm-fieldset__legend")]) { Safe("Bands, lowest first") }
                        El("div", [("class", "wm-hint"), ("id", "bands-hint")]) {
                            Safe("The first band starts at a score of 1; each runs up to the next band's lowest score. Leave a row's name and score empty to remove it.")
                        }
                        if let error {
                            El("p", [("class", "wm-error-message"), ("id", "bands-error")]) {
                                El("span", [("class", "wm-visually-hidden")]) { Safe("Error: ") }
                                Safe(error)
                            }
                        }
                        for index in 0..<shown {
                            let row = index < rows.count ? rows[index] : RiskBandInput()
                            let number = index + 1
                            El("div", [("class", "wm-band-row")]) {
                                TextInput(name: "band-\(number)-name", label: "Band \(number) name", value: row.name, width: "short")
                                TextInput(name: "band-\(number)-lowestScore", label: "Band \(number) lowest score", value: row.lowestScore,
                                          width: "short", extra: [("inputmode", "numeric")])
                                TextInput(name: "band-\(number)-colour", label: "Band \(number) colour", value: row.colour ?? "#ffffff",
                                          type: "color", width: "colour")
                            }
                        }
                    }
                }
                TextInput(name: "escalationThreshold", label: "Escalation threshold",
                          hint: "The current score from which an open risk on its project's register is flagged for escalation (NHS practice: 15).",
                          value: input.escalationThreshold, error: failure.message(for: "escalationThreshold"), width: "short",
                          extra: [("inputmode", "numeric")])
                SubmitButton(label: "Save risk settings")
            }
        }
    }

    var categoriesSection: Component {
        let failure = ValidationFailure(categoryErrors)
        return El("section", [("aria-labelledby", "categories-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "categories-heading")]) { Safe("Risk categories") }
            El("p", [("class", "wm-body")]) {
                Safe("The categories a risk is filed under. A retired category stays on the risks that carry it and in the registers' filters, but is no longer offered for new risks.")
            }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table")]) {
                    El("caption") { Safe("Categories, in the order forms list them") }
                    El("thead") {
                        El("tr") {
                            for heading in ["Position", "Category", "Status", "Risks carrying it"] {
                                El("th", [("scope", "col")]) { Safe(heading) }
                            }
                        }
                    }
                    El("tbody") {
                        for category in categories {
                            El("tr") {
                                El("td") { Safe(String(category.position)) }
                                El("th", [("scope", "row")]) {
                                    if canManageCategories {
                                        TextLink(category.name, SiteURL.riskCategory(.value(category.id)).path)
                                    } else {
                                        Safe(category.name)
                                    }
                                }
                                El("td") {
                                    if category.isRetired { Tag(text: "Retired", colour: "grey") } else { Safe("Offered") }
                                }
                                El("td") { Safe(String(use[category.id] ?? 0)) }
                            }
                        }
                    }
                }
            }
            if canManageCategories {
                El("div", [("class", "wm-card")]) {
                    El("h3", [("class", "wm-heading-s"), ("id", "add-category")]) { Safe("Add a category") }
                    El("form", [("method", "post"), ("action", SiteURL.riskCategories.path), ("aria-labelledby", "add-category"),
                                ("novalidate", "")]) {
                        CSRFField(token: chrome.signedIn?.csrfToken)
                        TextInput(name: "category-name", label: "Name", value: categoryInput.name,
                                  error: failure.message(for: "category-name"))
                        TextInput(name: "category-position", label: "Position (optional)",
                                  hint: "Where it comes in the list: 1 is first. Leave empty to add it at the end.",
                                  value: categoryInput.position, error: failure.message(for: "category-position"), width: "short",
                                  extra: [("inputmode", "numeric")])
                        SubmitButton(label: "Add category", style: "secondary")
                    }
                }
            }
        }
    }

    /// "8–12", "25", or "none" when no cell of the matrix has a score in the band.
    static func scores(_ scores: [Int]) -> String {
        guard let first = scores.first, let last = scores.last else { return "None the matrix can give" }
        return first == last ? String(first) : "\(first)–\(last)"
    }
}

/// One category, to rename, move, retire or bring back, or delete when no risk carries it.
struct RiskCategoryPage: RenderablePage {
    var signedIn: SignedIn
    var category: RiskCategory
    var risks: Int
    var input: RiskCategoryInput
    var errors: [FieldError] = []
    var conflictVersion: Int? = nil

    func render() -> String {
        let failure = ValidationFailure(errors)
        let chrome = PageChrome(title: (errors.isEmpty ? "" : "Error: ") + category.name, signedIn: signedIn, section: .risks,
                                breadcrumbs: [("Risk settings", SiteURL.riskSettings.path)])
        return Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("span", [("class", "wm-caption")]) { Safe("Risk category") }
            El("h1", [("class", "wm-heading-l")]) { Safe(category.name) }
            El("p", [("class", "wm-body")]) {
                Safe(risks == 0 ? "No risk carries this category." : "\(risks) risk\(risks == 1 ? " carries" : "s carry") this category.")
            }
            if let conflictVersion {
                ConflictNotice(noun: "category", version: conflictVersion, current: SiteURL.riskCategory(.value(category.id)).path)
            }
            El("form", [("method", "post"), ("action", SiteURL.riskCategory(.value(category.id)).path), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(conflictVersion ?? category.version))])
                TextInput(name: "name", label: "Name", hint: "Risks carrying it show the new name, in their history too.",
                          value: input.name, error: failure.message(for: "name"))
                TextInput(name: "position", label: "Position", hint: "Where it comes in the list: 1 is first.",
                          value: input.position, error: failure.message(for: "position"), width: "short", extra: [("inputmode", "numeric")])
                ChoiceGroup(kind: .radio, name: "status", legend: "Status",
                            options: RiskCategoryStatus.allCases.map { ($0.rawValue, $0.label) },
                            selected: [input.status ?? RiskCategoryStatus.active.rawValue], error: failure.message(for: "status"))
                SubmitButton(label: "Save changes")
            }
            if risks == 0 {
                El("p", [("class", "wm-body")]) {
                    TextLink("Delete this category", SiteURL.deleteRiskCategory(.value(category.id)).path)
                }
            } else {
                El("p", [("class", "wm-body")]) {
                    Safe("A category risks carry cannot be deleted: retire it instead.")
                }
            }
        }
    }
}

struct DeleteRiskCategoryPage: RenderablePage {
    var signedIn: SignedIn
    var category: RiskCategory

    func render() -> String {
        Layout.render(PageChrome(title: "Delete " + category.name, signedIn: signedIn, section: .risks,
                                 breadcrumbs: [("Risk settings", SiteURL.riskSettings.path),
                                               (category.name, SiteURL.riskCategory(.value(category.id)).path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Delete the category " + category.name + "?") }
            El("div", [("class", "wm-inset")]) {
                El("p", [("class", "wm-body")]) { Safe("No risk carries it. Its history is kept.") }
            }
            El("form", [("method", "post"), ("action", SiteURL.deleteRiskCategory(.value(category.id)).path)]) {
                CSRFField(token: signedIn.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(category.version))])
                SubmitButton(label: "Delete category", style: "warning")
                TextLink("Cancel", SiteURL.riskCategory(.value(category.id)).path)
            }
        }
    }
}
