import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A screen's explanation of one of its words: the term's definition in a details element, read
/// in place (a form keeps what was typed), with a link to the term's page.
struct GlossaryExplanation: Component {
    var term: GlossaryTerm?

    var body: Component {
        guard let term else { return ComponentGroup(members: []) }
        return El("details", [("class", "wm-details wm-glossary-details")]) {
            El("summary", []) { Safe("What \u{2018}\(term.name.lowercasedFirstLetter)\u{2019} means") }
            El("div", [("class", "wm-glossary-details__text")]) {
                El("p", [("class", "wm-body")]) { MultilineText(text: term.fields.definition) }
                El("p", [("class", "wm-body")]) {
                    TextLink("\(term.name) in the glossary", SiteURL.glossaryTerm(.value(term.key)).path)
                }
            }
        }
    }
}

/// Links to the glossary's entries for a screen's words, where leaving the page loses nothing
/// (the portfolio's filters, a project's page): no read of the glossary is needed to draw them.
struct GlossaryLinks: Component {
    var screen: GlossaryScreen
    var intro: String

    var body: Component {
        El("p", [("class", "wm-body wm-glossary-links")]) {
            Safe(intro + " ")
            for (index, part) in screen.terms.enumerated() {
                if index > 0 { Safe(index == screen.terms.count - 1 ? " and " : ", ") }
                TextLink(GlossaryScreenWords.words[part.key] ?? part.key, SiteURL.glossaryTerm(.value(part.key)).path)
            }
            Safe(".")
        }
    }
}

/// The words a screen's glossary links show, by key: the screen's own words for them (the
/// term's name in the glossary may be reworded by the office; the link still finds it).
enum GlossaryScreenWords {
    static let words: [String: String] = [
        "lead-organisation": "lead organisation", "programme": "programme", "strategic-theme": "strategic theme",
        "lifecycle-stage": "lifecycle stage", "project-status": "status", "delivery-method": "method",
        "senior-responsible-owner": "senior responsible owner (SRO)", "project-manager": "project manager",
        "raid-log": "RAID log", "benefit": "benefit", "measure": "measure", "milestone": "milestone",
    ]
}

extension String {
    /// "Lead organisation" as it reads mid-sentence ("lead organisation"); "SRO" and "RAID log" keep theirs.
    var lowercasedFirstLetter: String {
        guard let first = first, count > 1, !self.dropFirst().prefix(1).allSatisfy(\.isUppercase) else { return self }
        return first.lowercased() + dropFirst()
    }
}

/// Text with every occurrence of the searched words marked (case and accents set aside).
struct Highlighted: Component {
    var text: String
    var words: [String]

    var body: Component {
        var ranges: [Range<String.Index>] = []
        for word in words where !word.isEmpty {
            var start = text.startIndex
            while start < text.endIndex,
                  let found = text.range(of: word, options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                                         range: start..<text.endIndex) {
                ranges.append(found)
                start = found.upperBound
            }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var members: [Component] = []
        var position = text.startIndex
        for range in ranges where range.lowerBound >= position {
            members.append(Safe(String(text[position..<range.lowerBound])))
            members.append(El("mark", [("class", "wm-mark")]) { Safe(String(text[range])) })
            position = range.upperBound
        }
        members.append(Safe(String(text[position...])))
        return ComponentGroup(members: members)
    }
}

/// The glossary's index: search, topics, the alphabet, and every term with its definition.
struct GlossaryIndexPage: RenderablePage {
    var chrome: PageChrome
    var index: GlossaryIndex
    var errors: [FieldError] = []
    var canManage: Bool

    static let letters = (UInt8(ascii: "A")...UInt8(ascii: "Z")).map { String(UnicodeScalar($0)) } + ["#"]

    func render() -> String {
        let query = index.query
        let words = query.text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let searching = !words.isEmpty
        let failure = ValidationFailure(errors)
        return Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Glossary") }
            El("p", [("class", "wm-body")]) {
                Safe("The words the system's partners use for projects, programmes, risks, benefits, quality improvement and measurement, in plain English, with each organisation's own words for them. \(index.total) terms.")
            }
            if canManage {
                El("div", [("class", "wm-button-group")]) {
                    El("a", [("class", "wm-button-link"), ("href", SiteURL.newGlossaryTerm.path)]) { Safe("Add a term") }
                    TextLink("History of the glossary", SiteURL.glossaryHistory.path)
                }
            }
            El("form", [("method", "get"), ("action", SiteURL.glossary.path), ("class", "wm-glossary-search"), ("role", "search"),
                        ("aria-label", "Glossary")]) {
                TextInput(name: "q", label: "Search the glossary", hint: "A word from a term, another name for it or its definition.",
                          value: query.text, error: failure.message(for: "q"), type: "search")
                SelectField(name: "topic", label: "Topic", options: GlossaryTopic.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.topic?.rawValue, error: failure.message(for: "topic"), blank: "All topics")
                SubmitButton(label: "Search", style: "secondary")
                if searching || query.topic != nil { TextLink("Show every term", SiteURL.glossary.path) }
            }
            if searching {
                El("h2", [("class", "wm-heading-m"), ("id", "results")]) {
                    Safe(index.terms.isEmpty ? "No term matches \u{2018}\(query.text)\u{2019}"
                                             : "\(index.terms.count) \(index.terms.count == 1 ? "term matches" : "terms match") \u{2018}\(query.text)\u{2019}")
                }
                if !index.terms.isEmpty {
                    El("dl", [("class", "wm-glossary-list")]) {
                        for term in index.terms { Self.entry(term, words: words) }
                    }
                }
            } else {
                El("nav", [("class", "wm-alphabet"), ("aria-label", "Terms by first letter")]) {
                    El("ul", [("class", "wm-alphabet__list")]) {
                        for letter in Self.letters {
                            El("li", []) {
                                if index.letters.contains(letter) {
                                    El("a", [("href", "#letter-" + (letter == "#" ? "other" : letter))]) { Safe(letter) }
                                } else {
                                    El("span", [("class", "wm-secondary")]) { Safe(letter) }
                                }
                            }
                        }
                    }
                }
                if index.terms.isEmpty { El("p", [("class", "wm-body")]) { Safe("No term has this topic yet.") } }
                let byLetter = Dictionary(grouping: index.terms, by: \.indexLetter)
                for letter in Self.letters where index.letters.contains(letter) {
                    El("h2", [("class", "wm-heading-m"), ("id", "letter-" + (letter == "#" ? "other" : letter))]) {
                        Safe(letter == "#" ? "Other" : letter)
                    }
                    El("dl", [("class", "wm-glossary-list")]) {
                        for term in byLetter[letter] ?? [] { Self.entry(term, words: []) }
                    }
                }
            }
        }
    }

    static func entry(_ term: GlossaryTerm, words: [String]) -> Component {
        El("div", [("class", "wm-glossary-list__entry")]) {
            El("dt", [("class", "wm-glossary-list__term")]) {
                El("a", [("href", SiteURL.glossaryTerm(.value(term.key)).path)]) { Highlighted(text: term.name, words: words) }
                if !term.fields.aliases.isEmpty {
                    El("span", [("class", "wm-secondary")]) {
                        Safe(" (also ")
                        Highlighted(text: term.fields.aliases.joined(separator: ", "), words: words)
                        Safe(")")
                    }
                }
            }
            El("dd", [("class", "wm-glossary-list__definition")]) { Highlighted(text: term.fields.definition, words: words) }
        }
    }
}

/// One term: what it means, its other names, each organisation's word for it, where it comes
/// from, the terms to read with it, the screens that explain it and its history.
struct GlossaryTermPage: RenderablePage {
    var chrome: PageChrome
    var entry: GlossaryEntry
    var history: Page<AuditEvent>
    var wording: AuditWording
    var canManage: Bool

    func render() -> String {
        let term = entry.term, fields = term.fields
        return Layout.render(chrome) {
            El("span", [("class", "wm-caption")]) { Safe("Glossary · " + fields.topic.label) }
            El("h1", [("class", "wm-heading-l")]) { Safe(term.name) }
            El("div", []) {
                El("p", [("class", "wm-body wm-glossary-definition")]) { MultilineText(text: fields.definition) }
            }
            if canManage {
                El("div", [("class", "wm-button-group")]) {
                    El("a", [("class", "wm-button-link"), ("href", SiteURL.editGlossaryTerm(.value(term.key)).path)]) { Safe("Change this term") }
                    if entry.screens.isEmpty { TextLink("Delete this term", SiteURL.deleteGlossaryTerm(.value(term.key)).path) }
                }
            }
            SummaryList(rows: [
                ("Other names", fields.aliases.isEmpty ? El("span", [("class", "wm-secondary")]) { Safe("None") }
                                                       : Safe(fields.aliases.joined(separator: ", "))),
                ("Local words for it", fields.localSynonyms.isEmpty ? El("span", [("class", "wm-secondary")]) { Safe("None recorded") }
                    : El("ul", [("class", "wm-list")]) {
                        for synonym in fields.localSynonyms {
                            El("li", []) {
                                Safe((entry.organisations[synonym.organisationID] ?? "An organisation since removed") + " says ")
                                El("q", []) { Safe(synonym.word) }
                            }
                        }
                    }),
                ("Source", Safe(fields.source.label)),
                ("Topic", TextLink(fields.topic.label, SiteURL.glossary.path(query: [("topic", fields.topic.rawValue)]))),
                ("Last changed", Safe(DateText.long(term.updatedAt))),
            ])
            if !entry.related.isEmpty {
                El("h2", [("class", "wm-heading-m")]) { Safe("Related terms") }
                Self.links(entry.related)
            }
            if !entry.relatedBy.isEmpty {
                El("h2", [("class", "wm-heading-m")]) { Safe("Terms that refer to this one") }
                Self.links(entry.relatedBy)
            }
            if !entry.screens.isEmpty {
                El("h2", [("class", "wm-heading-m")]) { Safe("Where Waymark explains it") }
                El("ul", [("class", "wm-list wm-list--bullet")]) {
                    for screen in entry.screens { El("li", []) { Safe(screen.label) } }
                }
                if canManage {
                    El("p", [("class", "wm-body")]) {
                        Safe("These screens explain their words with this term, so it cannot be deleted: change its wording instead.")
                    }
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("History") }
            RecentHistoryList(history: history, wording: wording, fullHistory: SiteURL.glossaryTermHistory(.value(term.key)).path)
        }
    }

    static func links(_ terms: [(key: String, name: String)]) -> Component {
        El("ul", [("class", "wm-list wm-list--bullet")]) {
            for term in terms { El("li", []) { TextLink(term.name, SiteURL.glossaryTerm(.value(term.key)).path) } }
        }
    }
}

/// Adding or changing a term (the portfolio office).
struct GlossaryTermFormPage: RenderablePage {
    var signedIn: SignedIn
    /// Nil when adding a term.
    var term: GlossaryTerm?
    var input: GlossaryTermInput
    var organisations: [Organisation]
    var terms: [(id: UUID, name: String)]
    var errors: [FieldError] = []
    var conflictVersion: Int? = nil

    /// Empty rows a form offers for more local synonyms.
    static let spareSynonymRows = 3

    func render() -> String {
        let failure = ValidationFailure(errors)
        let title = term.map { "Change " + $0.name } ?? "Add a glossary term"
        let action = term.map { SiteURL.editGlossaryTerm(.value($0.key)).path } ?? SiteURL.newGlossaryTerm.path
        var breadcrumbs = [("Glossary", SiteURL.glossary.path)]
        if let term { breadcrumbs.append((term.name, SiteURL.glossaryTerm(.value(term.key)).path)) }
        let chrome = PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn, section: .glossary,
                                breadcrumbs: breadcrumbs)
        let synonyms = GlossaryTermInput.synonymPairs(input.localSynonyms)
        let rows = min(synonyms.count + Self.spareSynonymRows, GlossaryTermFields.synonymLimit)
        let related = Set((input.relatedTermIDs ?? "").split(separator: ",").map { $0.lowercased() })
        // The synonyms' error leads to their first row.
        let summary = errors.map { $0.field == "localSynonyms" ? FieldError("synonym-1-organisation", $0.message, kind: $0.kind) : $0 }
        return Layout.render(chrome) {
            ErrorSummary(errors: summary)
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            if let conflictVersion, let term {
                ConflictNotice(noun: "term", version: conflictVersion, current: SiteURL.glossaryTerm(.value(term.key)).path)
            }
            El("form", [("method", "post"), ("action", action), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                if let term {
                    VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(conflictVersion ?? term.version))])
                }
                TextInput(name: "name", label: "Term", hint: term == nil ? nil : "Its address and the screens that explain it keep working when it is renamed.",
                          value: input.name, error: failure.message(for: "name"))
                TextAreaField(name: "definition", label: "Definition", hint: "What it means, in plain English, for someone new to the work.",
                              value: input.definition, error: failure.message(for: "definition"), rows: 5)
                SelectField(name: "topic", label: "Topic", options: GlossaryTopic.allCases.map { ($0.rawValue, $0.label) },
                            selected: input.topic ?? GlossaryTopic.project.rawValue, error: failure.message(for: "topic"))
                SelectField(name: "source", label: "Where its meaning comes from", options: GlossarySource.allCases.map { ($0.rawValue, $0.label) },
                            selected: input.source ?? GlossarySource.local.rawValue, error: failure.message(for: "source"))
                TextAreaField(name: "aliases", label: "Other names (optional)", hint: "One per line: abbreviations and other names used across the system.",
                              value: input.aliases, error: failure.message(for: "aliases"), rows: 3)
                El("div", [("class", failure.message(for: "localSynonyms") == nil ? "wm-form-group" : "wm-form-group wm-form-group--error")]) {
                    El("fieldset", [("class", "wm-fieldset"), ("aria-describedby", "localSynonyms-hint")]) {
                        El("legend", [("class", "wm-fieldset__legend")]) { Safe("Local words for it (optional)") }
                        El("div", [("class", "wm-hint"), ("id", "localSynonyms-hint")]) {
                            Safe("The word an organisation uses instead, such as one trust's \u{201C}flash report\u{201D} for a highlight report.")
                        }
                        if let message = failure.message(for: "localSynonyms") {
                            El("p", [("class", "wm-error-message"), ("id", "localSynonyms-error")]) {
                                El("span", [("class", "wm-visually-hidden")]) { Safe("Error: ") }
                                Safe(message)
                            }
                        }
                        for row in 1...rows {
                            let pair = row <= synonyms.count ? synonyms[row - 1] : ("", "")
                            El("div", [("class", "wm-synonym-row")]) {
                                SelectField(name: "synonym-\(row)-organisation", label: "Organisation \(row)",
                                            options: organisations.map { ($0.id.lowercasedText, $0.name) }, selected: pair.0.lowercased(),
                                            blank: "None")
                                TextInput(name: "synonym-\(row)-word", label: "Its word \(row)", value: pair.1)
                            }
                        }
                    }
                }
                ChoiceGroup(kind: .checkbox, name: "relatedTermIds", legend: "Related terms (optional)",
                            hint: "Other terms worth reading with this one, at most \(GlossaryTermFields.relatedLimit).",
                            options: terms.map { ($0.id.lowercasedText, $0.name) }, selected: related,
                            error: failure.message(for: "relatedTermIds"), small: true)
                SubmitButton(label: term == nil ? "Add term" : "Save changes")
            }
        }
    }
}

struct DeleteGlossaryTermPage: RenderablePage {
    var signedIn: SignedIn
    var term: GlossaryTerm

    func render() -> String {
        Layout.render(PageChrome(title: "Delete " + term.name, signedIn: signedIn, section: .glossary,
                                 breadcrumbs: [("Glossary", SiteURL.glossary.path), (term.name, SiteURL.glossaryTerm(.value(term.key)).path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Delete the term " + term.name + "?") }
            El("div", [("class", "wm-inset")]) {
                El("p", [("class", "wm-body")]) { Safe("Terms that refer to it lose the link. Its history is kept.") }
            }
            El("form", [("method", "post"), ("action", SiteURL.deleteGlossaryTerm(.value(term.key)).path)]) {
                CSRFField(token: signedIn.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(term.version))])
                SubmitButton(label: "Delete term", style: "warning")
                TextLink("Cancel", SiteURL.glossaryTerm(.value(term.key)).path)
            }
        }
    }
}
