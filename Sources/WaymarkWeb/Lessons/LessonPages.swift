import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A project's lessons: its own log, and "learn before": the lessons of other projects most
/// relevant to it, each with why it is offered and whether the team has reviewed it.
struct LessonLogPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var lessons: [Lesson]
    /// Learn before: the other projects' lessons offered, the team's reviews and the lessons they
    /// reviewed, and whether the project is in its first stages.
    var matches: [LearnBefore.Match]
    var reviews: [UUID: LessonReview]
    var reviewed: [LessonLine]
    var isEarly: Bool
    var themes: [UUID: String]
    var canEdit: Bool
    var notice: String?

    func render() -> String {
        Layout.render(PageChrome(title: "Lessons of " + project.fields.title, signedIn: signedIn, section: .portfolio, notice: notice,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path), (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Lessons of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .lessons)
            El("p", [("class", "wm-body")]) {
                Safe("What this project learnt, for others to repeat or avoid; and what other projects learnt that bears on this one.")
            }
            if canEdit {
                El("a", [("class", "wm-button-link"), ("href", SiteURL.newLesson(.value(project.id)).path)]) { Safe("Record a lesson") }
            }
            if lessons.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("This project has recorded no lessons.") }
            } else {
                LessonTable(lines: lessons.map { ($0, nil) }, caption: "\(lessons.count) \(lessons.count == 1 ? "lesson" : "lessons"), the latest first")
            }
            learnBeforeSection
        }
    }

    var learnBeforeSection: Component {
        ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "learn-before")]) { Safe("Learn before: lessons from other projects") }
            El("p", [("class", "wm-body")]) {
                Safe(isEarly ? "This project is in its first stages: review what other projects learnt before the work starts. "
                                  : "What other projects learnt that bears on this one. ")
                Safe("Lessons are offered by the strategic themes and tags they share with this project, the kind of organisation that led them, and the words they have in common. Only lessons of projects you may see are offered.")
            }
            if matches.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No lesson of another project you may see shares a theme, a tag or its words with this one yet.") }
            } else {
                El("ol", [("class", "wm-lesson-list")]) {
                    for match in matches { item(match.line, match: match) }
                }
            }
            let others = reviewed.filter { line in !matches.contains { $0.line.lesson.id == line.lesson.id } }
            if !others.isEmpty {
                El("h3", [("class", "wm-heading-s")]) { Safe("Also reviewed by the team") }
                El("ul", [("class", "wm-lesson-list")]) {
                    for line in others { item(line, match: nil) }
                }
            }
        }
    }

    func item(_ line: LessonLine, match: LearnBefore.Match?) -> Component {
        let lesson = line.lesson
        let review = reviews[lesson.id]
        return El("li", [("class", "wm-lesson-list__item")]) {
            El("p", [("class", "wm-lesson-list__title")]) {
                TextLink(lesson.fields.title, SiteURL.lesson(.value(lesson.id)).path)
                Safe(" ")
                Tag(text: lesson.fields.outcome == .repeatIt ? "Repeat" : "Avoid", colour: lesson.fields.outcome == .repeatIt ? "green" : "red")
            }
            El("p", [("class", "wm-body wm-secondary")]) {
                Safe("\(line.projectCode) \(line.projectTitle) · \(line.organisationName) · \(lesson.fields.learnedOn.longFormat)")
            }
            El("p", [("class", "wm-body")]) { Safe(lesson.fields.recommendation) }
            if let match { El("p", [("class", "wm-body wm-lesson-list__why")]) { Safe(Self.reasons(match, themes: themes)) } }
            if let review {
                El("p", [("class", "wm-body")]) {
                    Tag(text: "Reviewed", colour: "blue")
                    Safe(" by \(review.reviewerName), \(DateText.long(review.reviewedAt))")
                }
            }
            if canEdit {
                El("form", [("method", "post"), ("class", "wm-inline-form"),
                            ("action", review == nil ? SiteURL.lessonReviews(.value(project.id)).path
                                                     : SiteURL.withdrawLessonReview(.value(project.id), .value(lesson.id)).path)]) {
                    CSRFField(token: signedIn.csrfToken)
                    VoidEl("input", [("type", "hidden"), ("name", "lessonId"), ("value", lesson.id.lowercasedText)])
                    El("button", [("type", "submit"), ("class", "wm-button wm-button--secondary")]) {
                        Safe(review == nil ? "Mark as reviewed" : "Withdraw the review")
                        El("span", [("class", "wm-visually-hidden")]) { Safe(": " + lesson.fields.title) }
                    }
                }
            }
        }
    }

    /// Why a lesson is offered, in words.
    static func reasons(_ match: LearnBefore.Match, themes: [UUID: String]) -> String {
        var parts: [String] = []
        if !match.themeIDs.isEmpty { parts.append("shares the themes " + match.themeIDs.compactMap { themes[$0] }.joined(separator: ", ")) }
        if !match.tags.isEmpty { parts.append("the tags " + match.tags.joined(separator: ", ")) }
        if !match.words.isEmpty { parts.append("the words " + match.words.prefix(6).joined(separator: ", ")) }
        if match.sameKindOfOrganisation { parts.append("was led by the same kind of organisation") }
        return "Offered because it " + parts.joined(separator: "; ") + "."
    }
}

/// Lessons as a table: the lesson, repeat or avoid, when and how learnt, and (across projects) its project.
struct LessonTable: Component {
    var lines: [(Lesson, LessonLine?)]
    var caption: String

    var body: Component {
        let across = lines.contains { $0.1 != nil }
        return El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe(caption) }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["Lesson", "Repeat or avoid", "When", "Technique", "Learnt"] + (across ? ["Project"] : []) {
                            El("th", [("scope", "col")]) { Safe(heading) }
                        }
                    }
                }
                El("tbody", []) {
                    for (lesson, line) in lines {
                        let fields = lesson.fields
                        El("tr", []) {
                            El("td", []) { TextLink(lesson.reference + " " + fields.title, SiteURL.lesson(.value(lesson.id)).path) }
                            El("td", []) { Safe(fields.outcome == .repeatIt ? "Repeat" : "Avoid") }
                            El("td", []) { Safe(fields.phase.label) }
                            El("td", []) { Safe(fields.technique.label) }
                            El("td", []) { Safe(fields.learnedOn.longFormat) }
                            if let line { El("td", []) { Safe("\(line.projectCode) \(line.projectTitle) (\(line.organisationName))") } }
                        }
                    }
                }
            }
        }
    }
}

/// One lesson.
struct LessonPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var lesson: Lesson
    var organisation: String
    var themes: [UUID: String]
    var canEdit: Bool
    var canDelete: Bool
    var notice: String?

    func render() -> String {
        let fields = lesson.fields
        return Layout.render(PageChrome(title: lesson.reference + " " + fields.title, signedIn: signedIn, section: .portfolio,
                                        notice: notice, breadcrumbs: logCrumbs(project, .lessons))) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + lesson.reference) }
            El("h1", [("class", "wm-heading-l")]) { Safe(fields.title) }
            SummaryList(rows: [
                ("What happened", MultilineText(text: fields.happened)),
                ("Why it happened", MultilineText(text: fields.why)),
                ("Repeat or avoid", Safe(fields.outcome.label)),
                ("Recommendation", MultilineText(text: fields.recommendation)),
                ("When in the work", Safe(fields.phase.label)),
                ("Technique", Safe(fields.technique.label)),
                ("Date learnt", Safe(fields.learnedOn.longFormat)),
                ("Project", TextLink(project.code + " " + project.fields.title, SiteURL.project(.value(project.id)).path)),
                ("Organisation", Safe(organisation)),
                ("Strategic themes", Safe(fields.themeIDs.compactMap { themes[$0] }.joined(separator: ", ").ifEmpty("None"))),
                ("Tags", Safe(fields.tags.joined(separator: ", ").ifEmpty("None"))),
            ])
            LogItemLinks(project: project, noun: "lesson", edit: canEdit ? SiteURL.editLesson(.value(lesson.id)).path : nil,
                         delete: canDelete ? SiteURL.deleteLesson(.value(lesson.id)).path : nil)
        }
    }
}

/// The fields of a lesson's form.
struct LessonFormFields: Component {
    var input: LessonInput
    var failure: ValidationFailure
    var themes: [(UUID, String)]

    var body: Component {
        ComponentGroup {
            TextInput(name: "title", label: "Lesson", hint: "The lesson in one sentence, for someone who will read nothing else.",
                      value: input.title, error: failure.message(for: "title"))
            TextAreaField(name: "happened", label: "What happened (optional)", value: input.happened, error: failure.message(for: "happened"))
            TextAreaField(name: "why", label: "Why it happened (optional)", value: input.why, error: failure.message(for: "why"))
            ChoiceGroup(kind: .radio, name: "outcome", legend: "Repeat or avoid", options: LessonOutcome.allCases.map { ($0.rawValue, $0.label) },
                        selected: Set([input.outcome].compactMap { $0 }), error: failure.message(for: "outcome"))
            TextAreaField(name: "recommendation", label: "Recommendation", hint: "What others should do, or not do, because of it.",
                          value: input.recommendation, error: failure.message(for: "recommendation"))
            SelectField(name: "phase", label: "When in the work it was learnt", options: LessonPhase.allCases.map { ($0.rawValue, $0.label) },
                        selected: input.phase ?? LessonPhase.during.rawValue, error: failure.message(for: "phase"))
            SelectField(name: "technique", label: "How it was drawn out", options: LessonTechnique.allCases.map { ($0.rawValue, $0.label) },
                        selected: input.technique ?? LessonTechnique.afterActionReview.rawValue, error: failure.message(for: "technique"))
            TextInput(name: "learnedOn", label: "Date learnt", value: input.learnedOn,
                      error: failure.message(for: "learnedOn"), type: "date", width: "short")
            ChoiceGroup(kind: .checkbox, name: "themeIds", legend: "Strategic themes (optional)",
                        hint: "Lessons are offered to projects with the same themes.", options: themes.map { ($0.0.lowercasedText, $0.1) },
                        selected: Set((input.themeIDs ?? "").split(separator: ",").map(String.init)), error: failure.message(for: "themeIds"),
                        small: true)
            TextInput(name: "tags", label: "Tags (optional)", hint: "Separate tags with commas, like discharge, workforce.",
                      value: input.tags, error: failure.message(for: "tags"))
        }
    }
}

/// The lessons of every project a person may read: search and filters, a page at a time; and,
/// for the portfolio office, a link to which projects learnt before they started.
struct LessonSearchPage: RenderablePage {
    var chrome: PageChrome
    var query: LessonQuery
    var page: Page<LessonLine>
    var themes: [(UUID, String)]
    var organisations: [(UUID, String)]
    var errors: [FieldError]
    var canOversee: Bool

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(chrome) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Lessons") }
            El("p", [("class", "wm-body")]) {
                Safe("What the system's projects learnt, to repeat or avoid: the lessons of every project you may see. Each project's Lessons section also offers the lessons most relevant to it.")
            }
            if canOversee {
                El("p", [("class", "wm-body")]) { TextLink("Which projects reviewed lessons before they started", SiteURL.lessonReviewsAtInitiation.path) }
            }
            El("form", [("method", "get"), ("action", SiteURL.lessons.path), ("class", "wm-glossary-search"), ("role", "search"),
                        ("aria-label", "Lessons")]) {
                TextInput(name: "q", label: "Search lessons", hint: "Words from a lesson, what happened, why, its recommendation or tags.",
                          value: query.text ?? "", error: failure.message(for: "q"), type: "search")
                SelectField(name: "phase", label: "When", options: LessonPhase.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.phase?.rawValue, error: failure.message(for: "phase"), blank: "Any time")
                SelectField(name: "outcome", label: "Repeat or avoid", options: LessonOutcome.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.outcome?.rawValue, error: failure.message(for: "outcome"), blank: "Either")
                SelectField(name: "technique", label: "Technique", options: LessonTechnique.allCases.map { ($0.rawValue, $0.label) },
                            selected: query.technique?.rawValue, error: failure.message(for: "technique"), blank: "Any technique")
                SelectField(name: "theme", label: "Strategic theme", options: themes.map { ($0.0.lowercasedText, $0.1) },
                            selected: query.themeID?.lowercasedText, error: failure.message(for: "theme"), blank: "All themes")
                SelectField(name: "organisation", label: "Lead organisation", options: organisations.map { ($0.0.lowercasedText, $0.1) },
                            selected: query.organisationID?.lowercasedText, error: failure.message(for: "organisation"), blank: "All organisations")
                SubmitButton(label: "Search", style: "secondary")
            }
            if page.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No lesson matches.") }
            } else {
                LessonTable(lines: page.items.map { ($0.lesson, $0) },
                            caption: "\(page.total) \(page.total == 1 ? "lesson" : "lessons"), the latest learnt first")
                if page.pageCount > 1 {
                    Pagination(page: page.request.page, pageCount: page.pageCount, total: page.total, noun: "lessons") { number in
                        SiteURL.lessons.path(query: query.queryItems + [("page", String(number))])
                    }
                }
            }
        }
    }
}

/// The projects in their first stages and how many lessons from elsewhere each team reviewed.
struct InitiationReviewsPage: RenderablePage {
    var chrome: PageChrome
    var reviews: [InitiationReview]

    func render() -> String {
        Layout.render(chrome) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Learning before: projects in their first stages") }
            El("p", [("class", "wm-body")]) {
                Safe("Active projects before delivery (idea, proposal, business case, initiation), and how many lessons of other projects their teams have marked as reviewed. Those that have reviewed none come first.")
            }
            if reviews.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No active project you may see is in its first stages.") }
            } else {
                let none = reviews.filter { $0.reviewed == 0 }.count
                El("p", [("class", "wm-body")]) { Safe("\(reviews.count - none) of \(reviews.count) have reviewed lessons from elsewhere.") }
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(reviews.count) \(reviews.count == 1 ? "project" : "projects") in their first stages") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Project", "Lead organisation", "Stage", "Lessons reviewed"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) {
                            for review in reviews {
                                El("tr", []) {
                                    El("td", []) {
                                        TextLink(review.projectCode + " " + review.projectTitle,
                                                 SiteURL.projectLessons(.value(review.projectID)).path + "#learn-before")
                                    }
                                    El("td", []) { Safe(review.organisationName) }
                                    El("td", []) { Safe(review.stageName) }
                                    El("td", []) {
                                        if review.reviewed == 0 { Tag(text: "None", colour: "red") } else { Safe(String(review.reviewed)) }
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

extension LessonQuery {
    /// The query as the search form sends it (for page links).
    var queryItems: [(String, String)] {
        [("q", text), ("phase", phase?.rawValue), ("outcome", outcome?.rawValue), ("technique", technique?.rawValue),
         ("theme", themeID?.lowercasedText), ("organisation", organisationID?.lowercasedText)]
            .compactMap { key, value in value.map { (key, $0) } }
    }
}
