import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

extension GateReview {
    /// Its state (the outcome once decided) as a tag.
    var tag: Tag {
        switch decision?.outcome {
        case .approved: Tag(text: statusLabel, colour: "green")
        case .approvedWithConditions: Tag(text: statusLabel, colour: "yellow")
        case .deferred: Tag(text: statusLabel, colour: "orange")
        case .rejected: Tag(text: statusLabel, colour: "red")
        case nil: state == .requested ? Tag(text: statusLabel, colour: "blue") : Tag(text: statusLabel, colour: "grey")
        }
    }
}

/// A project's gates: the stage it is at, the gate ahead with its board and criteria, the review
/// waiting (if any), and every review it has asked for.
struct ProjectGatesPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var stageName: String
    var nextStageName: String?
    var gate: GateSetting?
    var reviews: [GateReview]
    var canRequest: Bool
    var notice: String?

    func render() -> String {
        Layout.render(PageChrome(title: "Gates of " + project.fields.title, signedIn: signedIn, section: .portfolio, notice: notice,
                                 breadcrumbs: [("Portfolio", SiteURL.portfolio.path), (project.code, SiteURL.project(.value(project.id)).path)])) {
            El("span", [("class", "wm-caption")]) { Safe(project.code) }
            El("h1", [("class", "wm-heading-l")]) { Safe("Gates of " + project.fields.title) }
            ProjectSectionNavigation(project: project.id, current: .gates)
            El("p", [("class", "wm-body")]) {
                Safe("A project passes a gate into each gated stage of the lifecycle. Its SRO or manager asks for the review; the gate's board decides, and an approval moves the project into the stage. ")
                TextLink("Every gate's board and criteria", SiteURL.gates.path)
            }
            El("div", [("class", "wm-inset")]) {
                El("h2", [("class", "wm-heading-m")]) { Safe("Now at " + stageName) }
                if let gate {
                    El("p", [("class", "wm-body")]) {
                        Safe("Next: \(gate.title), decided by the \(gate.board.isEmpty ? "portfolio office" : gate.board).")
                    }
                    if gate.criteria.isEmpty {
                        El("p", [("class", "wm-body")]) { Safe("The portfolio office has not set this gate's criteria yet.") }
                    } else {
                        El("ol", [("class", "wm-list wm-list--number")]) { for criterion in gate.criteria { El("li", []) { Safe(criterion) } } }
                    }
                    if let waiting = reviews.first(where: { $0.state == .requested }) {
                        El("p", [("class", "wm-body")]) {
                            waiting.tag
                            Safe(" ")
                            TextLink(waiting.title, SiteURL.gateReview(.value(waiting.id)).path)
                            Safe(", asked for " + DateText.long(waiting.requestedAt) + ".")
                        }
                    } else if canRequest {
                        El("a", [("class", "wm-button-link"), ("href", SiteURL.requestGate(.value(project.id)).path)]) { Safe("Ask for the \(gate.gate) review") }
                    }
                } else if let nextStageName {
                    El("p", [("class", "wm-body")]) { Safe("The move into \(nextStageName) has no gate: the project's SRO or manager changes its stage on its details.") }
                } else {
                    El("p", [("class", "wm-body")]) { Safe("This is the last stage of the lifecycle: there is no gate ahead.") }
                }
            }
            El("h2", [("class", "wm-heading-m")]) { Safe("Reviews") }
            if reviews.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("This project has not asked for a gate review yet.") }
            } else {
                CSVLink(url: SiteURL.projectExport(.value(project.id), .value(.gates)).path, what: "every review and decision")
                GateReviewTable(reviews: reviews)
            }
        }
    }
}

/// A project's reviews, the latest first.
struct GateReviewTable: Component {
    var reviews: [GateReview]

    var body: Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe("\(reviews.count) \(reviews.count == 1 ? "review" : "reviews"), the latest first") }
                El("thead", []) {
                    El("tr", []) { for heading in ["Review", "Into", "Asked for", "Decision", "Decided on"] { El("th", [("scope", "col")]) { Safe(heading) } } }
                }
                El("tbody", []) {
                    for review in reviews {
                        El("tr", []) {
                            El("th", [("scope", "row")]) { TextLink(review.title, SiteURL.gateReview(.value(review.id)).path) }
                            El("td", []) { Safe(review.report.toStage) }
                            El("td", []) { Safe(DateText.long(review.requestedAt)) }
                            El("td", []) { review.tag }
                            El("td", []) { Safe(review.decision?.decidedOn.longFormat ?? "") }
                        }
                    }
                }
            }
        }
    }
}

/// The fields of a request for a gate review: the criteria met, the case and the evidence.
struct GateRequestFormFields: Component {
    var gate: GateSetting
    var input: GateRequestInput
    var failure: ValidationFailure

    var body: Component {
        ComponentGroup {
            VoidEl("input", [("type", "hidden"), ("name", "stageId"), ("value", gate.stageID.lowercasedText)])
            if let error = failure.message(for: "stageId") {
                El("p", [("class", "wm-error-message"), ("id", "stageId")]) { Safe(error) }
            }
            ChoiceGroup(kind: .checkbox, name: "criteriaMet", legend: "Which of the gate's criteria does the project meet?",
                        hint: "Tick each one the evidence shows is met. The board sees those not ticked too.",
                        options: gate.criteria.enumerated().map { (String($0.offset + 1), $0.element) },
                        selected: Set((input.criteriaMet ?? "").split(separator: ",").map(String.init)),
                        error: failure.message(for: "criteriaMet"))
            TextAreaField(name: "summary", label: "The case for passing the gate",
                          hint: "Why the project is ready for \(gate.stageName.lowercased()), in a few sentences the board can read at a glance.",
                          value: input.summary, error: failure.message(for: "summary"), rows: 6)
            TextAreaField(name: "evidence", label: "Evidence (optional)",
                          hint: "Where the board finds what shows each criterion is met: documents, decisions, measures.",
                          value: input.evidence, error: failure.message(for: "evidence"), rows: 6)
        }
    }
}

/// The fields of a gate decision.
struct GateDecisionFormFields: Component {
    var input: GateDecisionInput
    var failure: ValidationFailure

    var body: Component {
        ComponentGroup {
            ChoiceGroup(kind: .radio, name: "outcome", legend: "The board's decision",
                        hint: "Approval, with or without conditions, moves the project into the gate's stage.",
                        options: GateOutcome.allCases.map { ($0.rawValue, $0.label) }, selected: Set([input.outcome ?? ""]),
                        error: failure.message(for: "outcome"))
            DateInput(name: "decidedOn", label: "Date decided", hint: "For example, 27 9 2026", value: input.decidedOn,
                      error: failure.message(for: "decidedOn"))
            TextInput(name: "board", label: "Board", hint: "The board or group that decided.", value: input.board,
                      error: failure.message(for: "board"))
            TextAreaField(name: "rationale", label: "Rationale", hint: "Why the board decided as it did.", value: input.rationale,
                          error: failure.message(for: "rationale"), rows: 5)
            TextAreaField(name: "conditions", label: "Conditions (only for an approval with conditions)",
                          hint: "What the project must do, and by when.", value: input.conditions,
                          error: failure.message(for: "conditions"), rows: 5)
        }
    }
}

/// One gate review: what was asked, the decision if there is one, and the locked report the
/// board decided on.
struct GateReviewPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var review: GateReview
    var requestedBy: String?
    var decidedBy: String?
    var canDecide: Bool
    var canWithdraw: Bool
    var notice: String?

    func render() -> String {
        Layout.render(PageChrome(title: review.title + " of " + project.code, signedIn: signedIn, section: .portfolio, notice: notice,
                                 breadcrumbs: logCrumbs(project, .gates))) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + " " + project.fields.title) }
            El("h1", [("class", "wm-heading-l")]) { Safe(review.title) }
            El("p", [("class", "wm-body")]) {
                review.tag
                Safe(" Into \(review.report.toStage) from \(review.report.fromStage). Asked for " + DateText.long(review.requestedAt)
                     + (requestedBy.map { " by " + $0 } ?? "") + "; decided by the \(review.board).")
            }
            if let decision = review.decision {
                El("h2", [("class", "wm-heading-m")]) { Safe("Decision") }
                SummaryList(rows: [
                    ("Decision", review.tag),
                    ("Date decided", Safe(decision.decidedOn.longFormat)),
                    ("Board", Safe(decision.board)),
                    ("Rationale", MultilineText(text: decision.rationale)),
                ] + (decision.conditions.isEmpty ? [] : [("Conditions", MultilineText(text: decision.conditions) as Component)])
                  + [("Recorded", Safe((review.decidedAt.map(DateText.long) ?? "") + (decidedBy.map { " by " + $0 } ?? "")))])
            }
            if canDecide || canWithdraw {
                El("div", [("class", "wm-button-group")]) {
                    if canDecide {
                        El("a", [("class", "wm-button-link"), ("href", SiteURL.decideGateReview(.value(review.id)).path)]) { Safe("Record the board's decision") }
                    }
                    if canWithdraw {
                        El("form", [("method", "post"), ("action", SiteURL.withdrawGateReview(.value(review.id)).path), ("class", "wm-inline-form")]) {
                            CSRFField(token: signedIn.csrfToken)
                            VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(review.version))])
                            SubmitButton(label: "Withdraw the request", style: "secondary")
                        }
                    }
                }
            }
            GateReportView(report: review.report)
            El("p", [("class", "wm-body")]) { TextLink("Every change to this project", SiteURL.projectHistory(.value(project.id)).path) }
        }
    }
}

/// The report a review is decided on, as it was kept when the review was asked for.
struct GateReportView: Component {
    var report: GateReport

    var body: Component {
        El("section", [("class", "wm-report"), ("aria-labelledby", "gate-report")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "gate-report")]) { Safe("The report the board reviews") }
            El("p", [("class", "wm-body wm-secondary")]) {
                Safe("Kept as it was when the review was asked for, " + DateText.long(report.generatedAt) + ": later changes to the project do not change it.")
            }
            SummaryList(rows: [
                ("Project", Safe(report.projectCode + " " + report.projectTitle)),
                ("Senior responsible owner", Safe(report.seniorResponsibleOwners.isEmpty ? "None named" : report.seniorResponsibleOwners.joined(separator: ", "))),
                ("Project manager", Safe(report.projectManagers.isEmpty ? "None named" : report.projectManagers.joined(separator: ", "))),
                ("Status", Safe(report.projectStatus)),
                ("Dates", Safe([report.startDate.flatMap(CalendarDate.init).map { "From " + $0.longFormat },
                                report.endDate.flatMap(CalendarDate.init).map { "to " + $0.longFormat }].compactMap { $0 }.joined(separator: " ")
                               .nonEmpty ?? "Not set")),
            ])
            El("h3", [("class", "wm-heading-s")]) { Safe("Criteria") }
            El("ol", [("class", "wm-list wm-list--number")]) {
                for criterion in report.criteria {
                    El("li", []) {
                        Safe(criterion.text + " ")
                        criterion.met ? Tag(text: "Met", colour: "green") : Tag(text: "Not shown as met", colour: "orange")
                    }
                }
            }
            El("h3", [("class", "wm-heading-s")]) { Safe("The case") }
            MultilineText(text: report.summary)
            El("h3", [("class", "wm-heading-s")]) { Safe("Evidence") }
            MultilineText(text: report.evidence, empty: "None given")
            El("h3", [("class", "wm-heading-s")]) { Safe("Last status reported") }
            if let reported = report.reported {
                El("p", [("class", "wm-body")]) { Safe("The \(reported.period) update.") }
                GateReportLines(lines: reported.ratings, caption: "Ratings", headings: ["", "Status", "Why"], ratings: true)
                MultilineText(text: reported.summary, empty: "No summary")
            } else {
                El("p", [("class", "wm-body")]) { Safe("The project had not reported a status update.") }
            }
            El("h3", [("class", "wm-heading-s")]) { Safe("Plan") }
            El("p", [("class", "wm-body")]) { Safe("\(report.milestonesComplete) of \(report.milestoneCount) milestones achieved.") }
            GateReportLines(lines: report.comingUp, caption: "Milestones coming up", headings: ["Milestone", "Title", "When"])
            GateReportLines(lines: report.slipped, caption: "Milestones slipped", headings: ["Milestone", "Title", "Slippage"])
            El("h3", [("class", "wm-heading-s")]) { Safe("Risks and issues") }
            El("p", [("class", "wm-body")]) { Safe("\(report.openRiskCount) open \(report.openRiskCount == 1 ? "risk" : "risks"), \(report.openIssueCount) open \(report.openIssueCount == 1 ? "issue" : "issues").") }
            GateReportLines(lines: report.risks, caption: "Top risks by current score", headings: ["Risk", "Title", "Score"])
            GateReportLines(lines: report.issues, caption: "Top issues by priority", headings: ["Issue", "Title", "Priority"])
            El("h3", [("class", "wm-heading-s")]) { Safe("Benefits") }
            if report.benefits.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No benefits recorded.") }
            } else {
                GateReportLines(lines: report.benefits, caption: "Benefits", headings: ["Benefit", "Title", "Status"])
            }
        }
    }
}

/// A list of a report's lines as a table, or nothing when it has none.
struct GateReportLines: Component {
    var lines: [GateReport.Line]
    var caption: String
    var headings: [String]
    /// Whether the titles are ratings, shown as their tags.
    var ratings = false

    var body: Component {
        guard !lines.isEmpty else { return ComponentGroup {} }
        return El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table wm-table--dense")]) {
                El("caption", []) { Safe(caption) }
                El("thead", []) { El("tr", []) { for heading in headings { El("th", [("scope", "col")]) { Safe(heading) } } } }
                El("tbody", []) {
                    for line in lines {
                        El("tr", []) {
                            El("th", [("scope", "row")]) { Safe(line.reference) }
                            El("td", []) {
                                if ratings, let rag = RAG(rawValue: line.title.lowercased()) { rag.tag } else { Safe(line.title) }
                            }
                            El("td", []) { MultilineText(text: line.detail, empty: "") }
                        }
                    }
                }
            }
        }
    }
}

/// The gates: the reviews waiting for a decision among the projects the reader may read, and
/// each gate's board, criteria and members.
struct GatesPage: RenderablePage {
    var signedIn: SignedIn
    var waiting: [(review: GateReviewLine, project: ProjectSummary, canDecide: Bool)]
    var settings: [GateSetting]
    var members: [UUID: (name: String, email: String)]
    var canManage: Bool
    var notice: String?

    func render() -> String {
        Layout.render(PageChrome(title: "Gates", signedIn: signedIn, section: .reporting, notice: notice,
                                 breadcrumbs: [("Reporting", SiteURL.reporting.path)])) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Gates") }
            El("p", [("class", "wm-body")]) {
                Safe("A project passes a gate into each gated stage. The portfolio office and the members of each gate's board record its decisions.")
            }
            El("h2", [("class", "wm-heading-m"), ("id", "waiting")]) { Safe("Waiting for a decision") }
            if waiting.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No gate review of a project you can see is waiting for a decision.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("\(waiting.count) \(waiting.count == 1 ? "review" : "reviews") waiting, the longest waiting first") }
                        El("thead", []) {
                            El("tr", []) { for heading in ["Project", "Review", "Board", "Asked for", ""] { El("th", [("scope", "col")]) { Safe(heading) } } }
                        }
                        El("tbody", []) {
                            for (review, project, canDecide) in waiting {
                                El("tr", []) {
                                    El("th", [("scope", "row")]) { TextLink(project.code + " " + project.title, SiteURL.projectGates(.value(project.id)).path) }
                                    El("td", []) { TextLink(review.title, SiteURL.gateReview(.value(review.id)).path) }
                                    El("td", []) { Safe(review.board) }
                                    El("td", []) { Safe(DateText.long(review.requestedAt)) }
                                    El("td", []) {
                                        if canDecide { TextLink("Record the decision", SiteURL.decideGateReview(.value(review.id)).path,
                                                                extra: [("aria-label", "Record the decision on \(project.code) \(review.title)")]) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            El("h2", [("class", "wm-heading-m"), ("id", "gates")]) { Safe("The gates") }
            for setting in settings {
                El("h3", [("class", "wm-heading-s")]) { Safe(setting.title) }
                SummaryList(rows: [
                    ("Board", Safe(setting.board.isEmpty ? "Not named yet" : setting.board)),
                    ("Criteria", setting.criteria.isEmpty ? Safe("None set yet") as Component
                        : El("ol", [("class", "wm-list wm-list--number")]) { for criterion in setting.criteria { El("li", []) { Safe(criterion) } } }),
                    ("Board members in Waymark", Safe(setting.memberIDs.compactMap { members[$0]?.name }.sorted().joined(separator: ", ").nonEmpty
                                                       ?? "None: the portfolio office records its decisions")),
                ])
                if canManage {
                    El("p", [("class", "wm-body")]) {
                        TextLink("Change \(setting.gate)", SiteURL.editGate(.value(setting.stageID)).path)
                    }
                }
            }
        }
    }
}

/// The form that changes a gate's board, criteria and members.
struct GateSettingFormPage: RenderablePage {
    var signedIn: SignedIn
    var setting: GateSetting
    var input: GateSettingInput
    var errors: [FieldError]
    var version: Int
    var conflict: Int?

    func render() -> String {
        let failure = ValidationFailure(errors)
        let title = "Change " + setting.title
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn, section: .reporting,
                                        breadcrumbs: [("Reporting", SiteURL.reporting.path), ("Gates", SiteURL.gates.path)])) {
            ErrorSummary(errors: errors)
            if let conflict { ConflictNotice(noun: "gate", version: conflict, current: SiteURL.gates.path) }
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            El("form", [("method", "post"), ("action", SiteURL.editGate(.value(setting.stageID)).path), ("novalidate", "")]) {
                CSRFField(token: signedIn.csrfToken)
                VoidEl("input", [("type", "hidden"), ("name", "version"), ("value", String(version))])
                TextInput(name: "board", label: "Board", hint: "The board that decides this gate.", value: input.board,
                          error: failure.message(for: "board"))
                TextAreaField(name: "criteria", label: "Criteria", hint: "One to a line: what a project must show to pass the gate. Reviews already asked for keep the criteria they were asked against.",
                              value: input.criteria, error: failure.message(for: "criteria"), rows: 8)
                TextAreaField(name: "memberEmails", label: "Board members (optional)",
                              hint: "The email addresses they sign in with, one to a line. They may record this gate's decisions for the projects they can see.",
                              value: input.memberEmails, error: failure.message(for: "memberEmails"), rows: 5)
                SubmitButton(label: "Save the gate")
            }
        }
    }
}

extension String {
    /// Nil when empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}
