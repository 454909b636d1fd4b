import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A project's highlight report for a period (PRINCE2's sections), built from its update and
/// from the plan, RAID log, measures and benefits: A4 when printed (the print styles drop the
/// site's chrome and forms).
struct HighlightReportPage: RenderablePage {
    var signedIn: SignedIn
    var project: Project
    var report: HighlightReport?

    func render() -> String {
        // A report frozen when its period closed names the project as it was then.
        let title = "Highlight report: " + (report?.project ?? project).fields.title
        return Layout.render(PageChrome(title: title + (report.map { ", " + $0.period.label } ?? ""), signedIn: signedIn, section: .portfolio,
                                        breadcrumbs: logCrumbs(project, .updates))) {
            El("span", [("class", "wm-caption")]) { Safe(project.code + (report.map { " · " + $0.period.label } ?? "")) }
            El("h1", [("class", "wm-heading-l")]) { Safe(title) }
            if let report {
                Self.content(project, report)
            } else {
                El("p", [("class", "wm-body")]) {
                    Safe("There is no highlight report yet: the project has not submitted a status update. ")
                    TextLink("Its status updates", SiteURL.projectUpdates(.value(project.id)).path)
                }
            }
        }
    }

    /// What the project reported for the period after it closed: a board saw the reports as at the close.
    static func afterClose(_ after: ReportedAfterClose) -> Component {
        let submitted = after.submittedAt.map { " on " + DateText.long($0) } ?? ""
        let closed = "\(after.closure.period.label) closed on \(after.closure.closedOn.longFormat)"
        return El("div", [("class", "wm-inset"), ("id", "after-close")]) {
            switch after.kind {
            case .correction:
                El("p", [("class", "wm-body")]) {
                    El("strong", []) { Safe("Corrected since the close.") }
                    Safe(" Revision \(after.revision) of the update was submitted\(submitted), after \(closed). This report is what was "
                         + "reported when the period closed, as the board saw it. ")
                    TextLink("The correction", SiteURL.statusUpdate(.value(after.updateID)).path)
                }
            case .lateUpdate:
                El("p", [("class", "wm-body")]) {
                    El("strong", []) { Safe("Reported after the period closed.") }
                    Safe(" The update was submitted\(submitted), after \(closed), so the reports as at the close hold nothing "
                         + "from this project for the period.")
                }
            }
        }
    }

    /// The report below its heading; in a board pack (`inPack`), without the choice of another period.
    @ComponentBuilder
    static func content(_ project: Project, _ report: HighlightReport, inPack: Bool = false) -> Component {
        let fields = report.update.fields
        let sections = report.sections
        SummaryList(rows: [
            ("Period", Safe(report.period.label)),
            ("Senior responsible owner", Safe(report.seniorResponsibleOwners.isEmpty ? "Not assigned" : report.seniorResponsibleOwners.joined(separator: ", "))),
            ("Project manager", Safe(report.projectManagers.isEmpty ? "Not assigned" : report.projectManagers.joined(separator: ", "))),
            ("Stage", Safe(report.stageName)),
            ("Budget", Safe(report.project.fields.budgetPence.map(Money.display) ?? "Not recorded")),
        ])
        El("p", [("class", report.asAt == nil ? "wm-body wm-secondary" : "wm-body wm-as-at")]) {
            if let closure = report.asAt {
                El("strong", []) { Safe(closure.asAtText + ".") }
                Safe(" Made \(DateText.long(report.generatedAt)) from the snapshot taken when the period closed: the \(report.update.title)")
            } else {
                Safe("Built \(DateText.long(report.generatedAt)) from the \(report.update.title)")
            }
            Safe(report.update.submittedAt.map { ", submitted \(DateText.long($0))" } ?? "")
            Safe(report.submittedBy.map { " by \($0)" } ?? "")
            Safe(report.asAt == nil ? ", and from the plan, RAID log, measures and benefits as they stand now. "
                 : ", and the plan, RAID log, measures and benefits as they stood then, whatever changed since. ")
            TextLink("The update", SiteURL.statusUpdate(.value(report.update.id)).path)
        }
        if let after = report.afterClose { afterClose(after) }
        if report.reportedPeriods.count > 1 && !inPack {
            El("form", [("method", "get"), ("action", SiteURL.highlightReport(.value(project.id)).path), ("class", "wm-filter")]) {
                SelectField(name: "period", label: "Another period", options: report.reportedPeriods.map { ($0.key, $0.label) },
                            selected: report.period.key)
                SubmitButton(label: "Show", style: "secondary")
            }
        }
        El("h2", [("class", "wm-heading-m")]) { Safe("Status") }
        RatingsTable(rows: report.ratings,
                     caption: "Ratings" + (report.previous.map { ", with movement since \($0.period.label)" } ?? ", the first reported"))
        NarrativeList(fields: fields)
        El("h2", [("class", "wm-heading-m")]) { Safe("Milestones") }
        MilestoneList(title: "Completed in \(report.period.label)", milestones: sections.completed, none: "None completed in the period.") {
            "achieved " + ($0.fields.actualDate?.longFormat ?? "")
        }
        MilestoneList(title: "Due in the next \(HighlightSections.lookAheadDays) days", milestones: sections.comingUp, none: "None due.") {
            "forecast " + $0.fields.forecastDate.longFormat
        }
        MilestoneList(title: "Slipped", milestones: sections.slipped, none: "None later than their baseline.") {
            (slippageText($0.slippageDays) ?? "") + ", forecast " + $0.fields.forecastDate.longFormat
        }
        El("h2", [("class", "wm-heading-m")]) { Safe("Top risks and issues") }
        ItemList(title: "Risks, the highest current score first", none: "No open risks.", items: sections.risks.map { risk in
            (risk.reference + " " + risk.fields.title, SiteURL.risk(.value(risk.id)).path,
             "score \(risk.fields.current.score) (\(risk.currentBand))" + (risk.fields.escalation == .project ? "" : ", on the \(risk.fields.escalation.label.lowercased())"))
        })
        ItemList(title: "Issues, the highest priority first", none: "No open issues.", items: sections.issues.map { issue in
            (issue.reference + " " + issue.fields.title, SiteURL.issue(.value(issue.id)).path,
             issue.fields.priority.label.lowercased() + " priority" + (issue.fields.targetDate.map { ", target " + $0.longFormat } ?? ""))
        })
        ItemList(title: "Dependencies at risk or late", none: "None.", items: sections.dependencies.map { dependency in
            (dependency.reference + " " + dependency.fields.title, SiteURL.dependency(.value(dependency.id)).path,
             dependency.fields.status.label.lowercased() + ", needed by " + dependency.fields.neededBy.longFormat)
        })
        ItemList(title: "Decisions made in \(report.period.label)", none: "None recorded.", items: sections.decisions.map { decision in
            (decision.reference + " " + decision.fields.title, SiteURL.decision(.value(decision.id)).path, decision.fields.decidedOn.longFormat)
        })
        El("h2", [("class", "wm-heading-m")]) { Safe("Benefits and measures") }
        ItemList(title: "Benefits", none: "No benefits recorded.", items: report.benefits.map { benefit in
            (benefit.reference + " " + benefit.fields.title, SiteURL.benefit(.value(benefit.id)).path,
             benefit.fields.category.label.lowercased() + ", " + benefit.fields.status.label.lowercased())
        })
        if report.measures.isEmpty {
            El("p", [("class", "wm-body")]) { Safe("No measures recorded.") }
        } else {
            MeasuresTable(measures: report.measures, analyses: report.analyses, counts: report.observationCounts)
        }
    }
}

/// Milestones under a heading, each linked, with what is said of its date.
struct MilestoneList: Component {
    var title: String
    var milestones: [Milestone]
    var none: String
    var detail: (Milestone) -> String

    var body: Component {
        ItemList(title: title, none: none, items: milestones.map { milestone in
            (milestone.reference + " " + milestone.fields.title, SiteURL.milestone(.value(milestone.id)).path, detail(milestone))
        })
    }
}

/// Items under a small heading, each a link with a few words after it; a sentence when there are none.
struct ItemList: Component {
    var title: String
    var none: String
    var items: [(text: String, href: String, detail: String)]

    var body: Component {
        ComponentGroup {
            El("h3", [("class", "wm-heading-s")]) { Safe(title) }
            if items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe(none) }
            } else {
                El("ul", [("class", "wm-list")]) {
                    for item in items {
                        El("li", []) {
                            TextLink(item.text, item.href)
                            if !item.detail.isEmpty { Safe(": " + item.detail) }
                        }
                    }
                }
            }
        }
    }
}
