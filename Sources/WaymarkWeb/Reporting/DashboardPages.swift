import Foundation
import Plot
import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup

/// The home page: the portfolio dashboard. Every figure counts only what the person may read;
/// each chart's bars, each count and each list lead to the projects or items behind them.
struct DashboardPage: RenderablePage {
    var signedIn: SignedIn
    var dashboard: PortfolioDashboard
    /// The updates the person owes (their own projects' view).
    var reminders: [StatusReminder]
    var canFollowReporting: Bool

    func render() -> String {
        let dashboard = self.dashboard
        return Layout.render(PageChrome(title: "Dashboard", signedIn: signedIn, section: .dashboard)) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Dashboard") }
            scopeChoice
            El("p", [("class", "wm-body")]) {
                Safe(dashboard.scope == .mine
                     ? "The \(Self.projects(dashboard.projectCount)) whose team you are on. "
                     : "The \(Self.projects(dashboard.projectCount)) you can see across the system. ")
                Safe("Reporting period \(dashboard.period.label), due \(dashboard.due.longFormat): ")
                El("strong") { Safe("\(dashboard.submitted) of \(dashboard.expected)") }
                Safe(" active projects have submitted their update.")
            }
            if dashboard.scope == .all {
                El("p", [("class", "wm-body")]) { TextLink("The portfolio report for the last period due", SiteURL.portfolioReport.path) }
            }
            if dashboard.scope == .mine { OwnProjectsSection(dashboard: dashboard, reminders: reminders) }
            ExceptionsSection(dashboard: dashboard, canFollowReporting: canFollowReporting)
            El("h2", [("class", "wm-heading-m"), ("id", "charts")]) { Safe("The portfolio at a glance") }
            El("p", [("class", "wm-body")]) {
                Safe("Each bar opens the portfolio filtered to the projects it counts; each chart's figures are also given as a table.")
            }
            El("div", [("class", "wm-layout wm-layout--two")]) {
                for chart in dashboard.charts { DashboardChartFigure(chart: chart, scope: dashboard.scope, personID: signedIn.person.id) }
            }
            if let movement = movementText { El("p", [("class", "wm-body")]) { Safe(movement) } }
            TopRisksSection(page: dashboard.topRisks)
            MilestonesSection(page: dashboard.milestones, today: dashboard.today)
            DependenciesSection(page: dashboard.dependencies)
            BenefitsSection(totals: dashboard.benefits)
            DataQualitySection(flags: dashboard.quality)
        }
    }

    static func projects(_ count: Int) -> String { count == 1 ? "1 project" : "\(count) projects" }

    var scopeChoice: Component {
        El("nav", [("class", "wm-scope"), ("aria-label", "Whose projects the dashboard counts")]) {
            El("ul", [("class", "wm-scope__list")]) {
                for scope in DashboardScope.allCases {
                    El("li", []) {
                        if scope == dashboard.scope {
                            El("a", [("href", SiteURL.home.path(query: [("scope", scope.rawValue)])), ("aria-current", "page"),
                                     ("class", "wm-scope__link wm-scope__link--current")]) { Safe(scope.label) }
                        } else {
                            El("a", [("href", SiteURL.home.path(query: [("scope", scope.rawValue)])), ("class", "wm-scope__link")]) {
                                Safe(scope.label)
                            }
                        }
                    }
                }
            }
        }
    }

    /// "Since the period before: 2 improved, 1 worsened, 10 unchanged, 3 first ratings."
    var movementText: String? {
        let counts = dashboard.movement
        guard !counts.isEmpty else { return nil }
        let parts = [(RAGMovement.improved, "improved"), (.worsened, "worsened"), (.unchanged, "unchanged"), (.new, "rated for the first time")]
            .compactMap { movement, words in counts[movement].map { "\($0) \(words)" } }
        return "Overall status since each project's report before: " + parts.joined(separator: ", ").replacingLastComma(with: " and ") + "."
    }
}

/// The portfolio's address with one more filter (and the dashboard's scope).
enum DashboardLinks {
    static func portfolio(_ parameter: String, _ value: String, scope: DashboardScope) -> String {
        (scope == .mine ? SiteURL.myProjects : SiteURL.portfolio).path(query: [(parameter, value)])
    }

    static let ragColours: [String: String] = [
        DeliveryFilter.red.rawValue: "#d5281b", DeliveryFilter.amber.rawValue: "#ffb81c", DeliveryFilter.green.rawValue: "#007f3b",
        DeliveryFilter.blue.rawValue: "#005eb8", DeliveryFilter.unreported.rawValue: "#768692",
    ]
}

/// One chart with its table alternative.
struct DashboardChartFigure: Component {
    var chart: DashboardChart
    var scope: DashboardScope
    var personID: UUID

    var body: Component {
        let id = "chart-\(chart.facet.rawValue)"
        let bars = BarChart.counts(title: chart.facet.title, rows: chart.bars.map { bar in
            (bar.label, bar.count, DashboardLinks.portfolio(chart.facet.parameter, bar.key, scope: scope),
             chart.facet == .delivery ? DashboardLinks.ragColours[bar.key] : nil)
        })
        return El("section", [("class", "wm-card wm-dashboard-chart"), ("aria-labelledby", "\(id)-heading")]) {
            El("h3", [("class", "wm-heading-s"), ("id", "\(id)-heading")]) { Safe(chart.facet.title) }
            if chart.bars.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No projects to count.") }
            } else {
                bars.svg(id: id)
                El("details", [("class", "wm-details")]) {
                    El("summary", []) { Safe("\(chart.facet.title) as a table") }
                    bars.table(caption: chart.facet.title, category: Self.category(chart.facet))
                }
            }
        }
    }

    static func category(_ facet: DashboardFacet) -> String {
        switch facet {
        case .delivery: "Overall status last reported"
        case .stage: "Lifecycle stage"
        case .status: "Status"
        case .organisation: "Lead organisation"
        case .programme: "Programme"
        case .theme: "Strategic theme"
        }
    }
}

/// A project manager's own projects: each one's delivery status and what it owes this period.
struct OwnProjectsSection: Component {
    var dashboard: PortfolioDashboard
    var reminders: [StatusReminder]

    var body: Component {
        El("section", [("aria-labelledby", "own-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "own-heading")]) { Safe("Your projects") }
            if !reminders.isEmpty {
                El("h3", [("class", "wm-heading-s")]) { Safe("What you owe") }
                ReminderList(reminders: reminders)
            }
            if dashboard.ownProjects.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("You are not on any project team yet.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("Your projects, with their latest report and this period's update") }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Project", "Your role", "Last reported", "Movement", "This period's update"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) {
                            for line in dashboard.ownProjects {
                                El("tr", []) {
                                    El("td", []) { TextLink(line.project.code + " " + line.project.title, SiteURL.project(.value(line.project.id)).path) }
                                    El("td", []) { Safe(line.role?.label ?? "Not on the team") }
                                    El("td", []) {
                                        RatingTag(rag: line.delivery?.overall, none: "Not reported")
                                        if let delivery = line.delivery { Safe(" " + delivery.period.label) }
                                    }
                                    El("td", []) { MovementText(movement: line.delivery?.movement) }
                                    El("td", []) { Self.update(line) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func update(_ line: DashboardProject) -> Component {
        guard let reporting = line.reporting else { return El("span", [("class", "wm-secondary")]) { Safe("Not reporting (\(line.project.status.label.lowercased()))") } }
        let link = SiteURL.projectUpdates(.value(line.project.id)).path
        return ComponentGroup {
            switch reporting.status?.state {
            case .submitted?: Tag(text: "Submitted", colour: "purple")
            case .draft?: Tag(text: "Draft", colour: "grey")
            case nil: Tag(text: "Not started", colour: "white")
            }
            Safe(" ")
            TextLink("\(reporting.period.label), due \(reporting.due.longFormat)", link)
        }
    }
}

/// Red and amber projects, and updates overdue.
struct ExceptionsSection: Component {
    var dashboard: PortfolioDashboard
    var canFollowReporting: Bool

    var body: Component {
        let red = dashboard.exceptions.filter { $0.delivery.overall == .red }.count
        let amber = dashboard.exceptions.count - red
        return El("section", [("aria-labelledby", "exceptions-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "exceptions-heading")]) { Safe("Exceptions") }
            El("ul", [("class", "wm-list wm-dashboard-counts")]) {
                El("li", []) {
                    TextLink("\(DashboardPage.projects(red)) reported red", DashboardLinks.portfolio("delivery", "red", scope: dashboard.scope))
                }
                El("li", []) {
                    TextLink("\(DashboardPage.projects(amber)) reported amber", DashboardLinks.portfolio("delivery", "amber", scope: dashboard.scope))
                }
                El("li", []) {
                    let overdue = "\(DashboardPage.projects(dashboard.overdue.count)) with an update overdue"
                    if canFollowReporting { TextLink(overdue, SiteURL.reporting.path + "#overdue") } else { Safe(overdue) }
                }
                El("li", []) {
                    let count = dashboard.gatesWaiting.count
                    TextLink("\(count) gate \(count == 1 ? "review" : "reviews") waiting for a decision", SiteURL.gates.path + "#waiting")
                }
            }
            if !dashboard.gatesWaiting.isEmpty {
                El("ul", [("class", "wm-list wm-list--bullet")]) {
                    for (review, project) in dashboard.gatesWaiting.prefix(PortfolioDashboard.listLength) {
                        El("li", []) {
                            TextLink("\(project.code) \(project.title): \(review.title)", SiteURL.gateReview(.value(review.id)).path)
                            Safe(", asked for " + DateText.long(review.requestedAt))
                        }
                    }
                }
            }
            if !dashboard.exceptions.isEmpty {
                let shown = Array(dashboard.exceptions.prefix(PortfolioDashboard.listLength * 2))
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) {
                            Safe(shown.count < dashboard.exceptions.count
                                 ? "The first \(shown.count) of \(dashboard.exceptions.count) red and amber projects: red first, then those that worsened"
                                 : "Red and amber projects: red first, then those that worsened")
                        }
                        El("thead", []) {
                            El("tr", []) {
                                for heading in ["Project", "Lead organisation", "Overall status", "Movement", "Highlight report"] {
                                    El("th", [("scope", "col")]) { Safe(heading) }
                                }
                            }
                        }
                        El("tbody", []) {
                            for exception in shown {
                                El("tr", []) {
                                    El("td", []) { TextLink(exception.project.code + " " + exception.project.title, SiteURL.project(.value(exception.project.id)).path) }
                                    El("td", []) { Safe(exception.project.leadOrganisationName) }
                                    El("td", []) { exception.delivery.overall.tag }
                                    El("td", []) { MovementText(movement: exception.delivery.movement) }
                                    El("td", []) {
                                        TextLink(exception.delivery.period.label, SiteURL.highlightReport(.value(exception.project.id))
                                            .path(query: [("period", exception.delivery.period.key)]))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if !dashboard.overdue.isEmpty {
                let shown = Array(dashboard.overdue.prefix(PortfolioDashboard.listLength))
                LinesTable(lines: shown, caption: shown.count < dashboard.overdue.count
                           ? "The first \(shown.count) of \(dashboard.overdue.count) updates overdue" : "Updates overdue")
            }
        }
    }
}

/// The top of the system's register of escalated risks.
struct TopRisksSection: Component {
    var page: Page<RegisteredRisk>

    var body: Component {
        El("section", [("aria-labelledby", "risks-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "risks-heading")]) { Safe("Top escalated risks") }
            if page.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No open risk of a project you can see is on the system (ICS) register.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("The \(page.items.count) highest-scoring of \(page.total) open risks on the system register") }
                        El("thead", []) {
                            El("tr", []) { for heading in ["Risk", "Project", "Current score", "Review date"] { El("th", [("scope", "col")]) { Safe(heading) } } }
                        }
                        El("tbody", []) {
                            for item in page.items {
                                El("tr", []) {
                                    El("td", []) { TextLink(item.risk.reference + " " + item.risk.fields.title, SiteURL.risk(.value(item.risk.id)).path) }
                                    El("td", []) { TextLink(item.projectCode + " " + item.projectTitle, SiteURL.project(.value(item.risk.projectID)).path) }
                                    El("td", []) { Safe("\(item.risk.fields.current.score) \(item.risk.currentBand)") }
                                    El("td", []) { Safe(item.risk.fields.reviewDate?.longFormat ?? "None set") }
                                }
                            }
                        }
                    }
                }
            }
            El("p", [("class", "wm-body")]) { TextLink("The system risk register", SiteURL.systemRiskRegister.path) }
        }
    }
}

/// Key milestones slipped, overdue or due in the next 30 days.
struct MilestonesSection: Component {
    var page: Page<ScheduledMilestone>
    var today: CalendarDate

    var body: Component {
        El("section", [("aria-labelledby", "milestones-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "milestones-heading")]) { Safe("Key milestones slipped or due in 30 days") }
            if page.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No key milestone of a project you can see is slipped, overdue or due in the next 30 days.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("The first \(page.items.count) of \(page.total), soonest forecast first") }
                        El("thead", []) {
                            El("tr", []) { for heading in ["Milestone", "Project", "Forecast", "Slippage"] { El("th", [("scope", "col")]) { Safe(heading) } } }
                        }
                        El("tbody", []) {
                            for item in page.items {
                                let milestone = item.milestone
                                El("tr", []) {
                                    El("td", []) { TextLink(milestone.reference + " " + milestone.fields.title, SiteURL.milestone(.value(milestone.id)).path) }
                                    El("td", []) { TextLink(item.projectCode + " " + item.projectTitle, SiteURL.project(.value(milestone.projectID)).path) }
                                    El("td", []) { DueDate(date: milestone.fields.forecastDate, overdue: milestone.isOverdue(today: today)) }
                                    El("td", []) { Safe(slippageText(milestone.slippageDays) ?? "None") }
                                }
                            }
                        }
                    }
                }
            }
            El("p", [("class", "wm-body")]) { TextLink("The milestone timeline", SiteURL.portfolioTimeline.path(query: [("window", "30")])) }
        }
    }
}

/// Dependencies between organisations' projects at risk or late.
struct DependenciesSection: Component {
    var page: Page<SeenDependency>

    var body: Component {
        El("section", [("aria-labelledby", "dependencies-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "dependencies-heading")]) { Safe("Dependencies across organisations at risk") }
            if page.items.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No dependency between projects of different organisations you can see is at risk or late.") }
            } else {
                El("div", [("class", "wm-table-wrap")]) {
                    El("table", [("class", "wm-table")]) {
                        El("caption", []) { Safe("The first \(page.items.count) of \(page.total) at risk or late") }
                        El("thead", []) {
                            El("tr", []) { for heading in ["Dependency", "Needed by", "Depends on", "Status"] { El("th", [("scope", "col")]) { Safe(heading) } } }
                        }
                        El("tbody", []) {
                            for item in page.items {
                                El("tr", []) {
                                    El("td", []) {
                                        TextLink(item.dependency.reference + " " + item.dependency.fields.title, SiteURL.dependency(.value(item.dependency.id)).path)
                                        if case .project(_, let code, _, _) = item.dependent { Safe(" (\(code))") }
                                    }
                                    El("td", []) { Safe(item.dependency.fields.neededBy.longFormat) }
                                    El("td", []) { Self.end(item.provider) }
                                    El("td", []) { Safe(item.dependency.fields.status.label) }
                                }
                            }
                        }
                    }
                }
            }
            El("p", [("class", "wm-body")]) {
                TextLink("Every dependency across organisations", SiteURL.dependencyRegister.path(query: [("crossOrganisation", "true")]))
            }
        }
    }

    static func end(_ end: DependencyEnd?) -> Component {
        switch end {
        case .project(let id, let code, let title, _)?: TextLink(code + " " + title, SiteURL.project(.value(id)).path)
        case .hidden?: Safe("A project you do not have access to")
        case .deleted?: Safe("A deleted project")
        case nil: Safe("Outside Waymark")
        }
    }
}

/// Cash-releasing benefits planned against realised, by financial year.
struct BenefitsSection: Component {
    var totals: [BenefitCashTotal]

    var body: Component {
        let chart = BarChart(title: "Cash-releasing benefits, planned and realised, by financial year",
                             series: [.init(name: "Planned", colour: "#768692"), .init(name: "Realised", colour: "#005eb8")],
                             rows: totals.map { total in
            BarChart.Row(label: total.year.label, values: [max(total.planned, 0), max(total.realised, 0)],
                         texts: [Pounds.text(total.planned), Pounds.text(total.realised)])
        })
        return El("section", [("aria-labelledby", "benefits-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "benefits-heading")]) { Safe("Benefits planned and realised") }
            if totals.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("No project you can see plans cash-releasing benefits.") }
            } else {
                El("div", [("class", "wm-card wm-dashboard-chart")]) {
                    chart.svg(id: "chart-benefits")
                    El("p", [("class", "wm-body wm-secondary")]) { Safe("Grey bars are planned, blue bars realised.") }
                    El("details", [("class", "wm-details")]) {
                        El("summary", []) { Safe("Benefits by financial year as a table") }
                        chart.table(caption: "Cash-releasing benefits by financial year", category: "Financial year")
                    }
                }
            }
            El("p", [("class", "wm-body")]) { TextLink("The benefits register", SiteURL.benefitRegister.path) }
        }
    }
}

/// The register's gaps: each check, how many projects (and items) fail it, and the worst of them.
struct DataQualitySection: Component {
    var flags: [DataQualityFlag]

    var body: Component {
        El("section", [("aria-labelledby", "quality-heading")]) {
            El("h2", [("class", "wm-heading-m"), ("id", "quality-heading")]) { Safe("Data quality") }
            El("dl", [("class", "wm-summary-list")]) {
                for flag in flags {
                    El("div", [("class", "wm-summary-list__row"), ("id", "quality-\(flag.check.rawValue)")]) {
                        El("dt", [("class", "wm-summary-list__key")]) { Safe(flag.check.label) }
                        El("dd", [("class", "wm-summary-list__value")]) { Self.value(flag) }
                    }
                }
            }
        }
    }

    static func value(_ flag: DataQualityFlag) -> Component {
        guard !flag.projects.isEmpty else { return Safe("None") }
        let itemLevel = flag.check == .risksPastReview || flag.check == .unowned
        let count = itemLevel ? "\(flag.items) in \(DashboardPage.projects(flag.projects.count))" : DashboardPage.projects(flag.projects.count)
        let shown = flag.projects.prefix(PortfolioDashboard.listLength)
        return ComponentGroup {
            Safe(count)
            El("details", [("class", "wm-details")]) {
                El("summary", []) { Safe(shown.count < flag.projects.count ? "The \(shown.count) with most" : "Which") }
                El("ul", [("class", "wm-list")]) {
                    for (project, items) in shown {
                        El("li", []) {
                            TextLink(project.code + " " + project.title, Self.link(flag.check, project.id))
                            if itemLevel { Safe(": \(items)") }
                        }
                    }
                }
            }
            if flag.check == .pastEnd {
                TextLink("All of them in the portfolio", SiteURL.portfolio.path(query: [("past_end", "true")]))
            }
        }
    }

    static func link(_ check: DataQualityCheck, _ project: UUID) -> String {
        switch check {
        case .risksPastReview: SiteURL.projectRisks(.value(project)).path
        case .noLeadership: SiteURL.projectTeam(.value(project)).path
        case .pastEnd, .unowned: SiteURL.project(.value(project)).path
        }
    }
}
