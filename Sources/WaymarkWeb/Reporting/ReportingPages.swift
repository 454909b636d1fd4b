import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// The reporting page: the updates the person owes; for the portfolio office and organisation
/// admins, who has and has not reported; the cycles projects report on and the bank holidays
/// due dates skip, kept by the portfolio office.
struct ReportingPage: RenderablePage {
    var signedIn: SignedIn
    var reminders: [StatusReminder]
    /// How many working days before the due date reminders start.
    var reminderDays: Int
    /// Who has and has not reported (`OverviewSection`, written); nil for those who do not follow reporting.
    var overview: String?
    var cycles: ReportingCycles
    var programmes: [Programme]
    var holidays: [BankHoliday]
    /// The system cycle's last periods, with their due dates and closures.
    var periods: [(period: ReportingPeriod, due: CalendarDate, closure: PeriodClosure?)]
    var today: CalendarDate
    var canManage: Bool
    var errors: [FieldError] = []
    /// What a refused form had typed, by field.
    var typed: [String: String] = [:]
    var notice: String?

    func render() -> String {
        let failure = ValidationFailure(errors)
        return Layout.render(PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Reporting", signedIn: signedIn, section: .reporting,
                                        notice: notice)) {
            ErrorSummary(errors: errors)
            El("h1", [("class", "wm-heading-l")]) { Safe("Reporting") }
            El("p", [("class", "wm-body")]) {
                Safe("Every active project submits a status update each reporting period. The system reports \(cycles.system.description.lowercased())")
                Safe(cycles.programmes.isEmpty ? "." : "; some programmes keep their own cycle, listed below.")
            }
            El("ul", [("class", "wm-list wm-list--bullet")]) {
                El("li", []) {
                    TextLink("Portfolio report", SiteURL.portfolioReport.path)
                    Safe(": what every project reported for a period, for the whole system, an organisation, a programme or a theme.")
                }
                El("li", []) {
                    TextLink("Gates", SiteURL.gates.path)
                    Safe(": the gate reviews waiting for a decision, and each gate's board and criteria.")
                }
            }
            El("h2", [("class", "wm-heading-m"), ("id", "yours")]) { Safe("Your updates due") }
            if reminders.isEmpty {
                El("p", [("class", "wm-body")]) { Safe("Nothing is due from you soon: no project you run as SRO or manager has an update overdue or due within \(reminderDays) working days.") }
            } else {
                ReminderList(reminders: reminders)
            }
            if let overview { WrittenHTML(html: overview) }
            CyclesSection(cycles: cycles, programmes: programmes, canManage: canManage, csrf: signedIn.csrfToken, failure: failure, typed: typed)
            PeriodsSection(periods: periods, today: today, canManage: canManage, csrf: signedIn.csrfToken)
            HolidaysSection(holidays: holidays, today: today, canManage: canManage, csrf: signedIn.csrfToken, failure: failure, typed: typed)
        }
    }
}

/// The updates a person owes, each linked to its project's updates.
struct ReminderList: Component {
    var reminders: [StatusReminder]

    var body: Component {
        El("ul", [("class", "wm-list")]) {
            for reminder in reminders {
                El("li", []) {
                    if reminder.overdue { Tag(text: "Overdue", colour: "red"); Safe(" ") }
                    TextLink("\(reminder.projectCode) \(reminder.projectTitle): the \(reminder.period.label) update",
                             SiteURL.projectUpdates(.value(reminder.projectID)).path)
                    Safe(reminder.overdue ? ", due on \(reminder.due.longFormat)"
                         : ", due on \(reminder.due.longFormat)" + (reminder.workingDaysLeft == 0 ? " (today)" : " (in \(reminder.workingDaysLeft) working \(reminder.workingDaysLeft == 1 ? "day" : "days"))"))
                }
            }
        }
    }
}

/// Who has reported the open period, and who is overdue with the one before: by lead
/// organisation, then one organisation's projects.
struct OverviewSection: Component {
    var overview: ReportingOverview
    /// The lead organisation whose projects are listed; nil for the summary by organisation.
    var organisation: UUID?

    var body: Component {
        let submitted = overview.current.filter { $0.status?.state == .submitted }.count
        let drafts = overview.current.filter { $0.status?.state == .draft }.count
        return ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "due")]) { Safe("Due now: \(overview.systemPeriod.label)") }
            El("p", [("class", "wm-body")]) {
                Safe("Due on \(overview.systemDue.longFormat) for projects on the system's cycle. Of \(overview.current.count) active ")
                Safe("\(overview.current.count == 1 ? "project" : "projects") you can see, \(submitted) submitted, \(drafts) \(drafts == 1 ? "has a draft" : "have drafts"), \(overview.current.count - submitted - drafts) not started and \(overview.overdue.count) overdue with the period before.")
            }
            if let organisation {
                let current = overview.current.filter { $0.project.leadOrganisationID == organisation && $0.status?.state != .submitted }
                let overdue = overview.overdue.filter { $0.project.leadOrganisationID == organisation }
                let name = (overview.current + overview.overdue).first { $0.project.leadOrganisationID == organisation }?.project.leadOrganisationName
                El("h3", [("class", "wm-heading-s")]) { Safe("Projects led by " + (name ?? "this organisation")) }
                El("p", [("class", "wm-body")]) { TextLink("Every organisation", SiteURL.reporting.path + "#due") }
                if current.isEmpty && overdue.isEmpty {
                    El("p", [("class", "wm-body")]) { Safe("Every active project it leads that you can see has reported.") }
                }
                if !current.isEmpty { LinesTable(lines: current, caption: "Not yet submitted for the period open now (\(current.count))") }
                if !overdue.isEmpty { LinesTable(lines: overdue, caption: "Past their due date without a submitted update (\(overdue.count))") }
            } else {
                OrganisationCounts(overview: overview)
                El("h2", [("class", "wm-heading-m"), ("id", "overdue")]) { Safe("Overdue") }
                if overview.overdue.isEmpty {
                    El("p", [("class", "wm-body")]) { Safe("No project you can see is overdue with an update.") }
                } else {
                    LinesTable(lines: overview.overdue, caption: "Past their due date without a submitted update (\(overview.overdue.count))")
                }
            }
        }
    }
}

/// How each lead organisation's active projects stand, each organisation a link to its list.
struct OrganisationCounts: Component {
    var overview: ReportingOverview

    var body: Component {
        var rows: [UUID: (name: String, counts: [Int])] = [:]
        for line in overview.current {
            let column = line.status?.state == .submitted ? 1 : line.status?.state == .draft ? 2 : 3
            rows[line.project.leadOrganisationID, default: (line.project.leadOrganisationName, [0, 0, 0, 0, 0])].counts[0] += 1
            rows[line.project.leadOrganisationID]!.counts[column] += 1
        }
        for line in overview.overdue {
            rows[line.project.leadOrganisationID, default: (line.project.leadOrganisationName, [0, 0, 0, 0, 0])].counts[4] += 1
        }
        let ordered = rows.sorted { ($0.value.name, $0.key.lowercasedText) < ($1.value.name, $1.key.lowercasedText) }
        return El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe("By lead organisation") }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["Lead organisation", "Active", "Submitted", "Draft", "Not started", "Overdue"] {
                            El("th", [("scope", "col")]) { Safe(heading) }
                        }
                    }
                }
                El("tbody", []) {
                    for (id, row) in ordered {
                        El("tr", []) {
                            El("th", [("scope", "row")]) {
                                TextLink(row.name, SiteURL.reporting.path(query: [("organisation", id.lowercasedText)]) + "#due")
                            }
                            for count in row.counts { El("td", []) { Safe(String(count)) } }
                        }
                    }
                }
            }
        }
    }
}

/// Projects and where their update for a period stands.
struct LinesTable: Component {
    var lines: [ReportingLine]
    var caption: String

    var body: Component {
        El("div", [("class", "wm-table-wrap")]) {
            El("table", [("class", "wm-table")]) {
                El("caption", []) { Safe(caption) }
                El("thead", []) {
                    El("tr", []) {
                        for heading in ["Project", "Programme", "Project manager", "Period", "Due", "Update"] { El("th", [("scope", "col")]) { Safe(heading) } }
                    }
                }
                El("tbody", []) {
                    for line in lines {
                        El("tr", []) {
                            El("td", []) { TextLink(line.project.code + " " + line.project.title, SiteURL.projectUpdates(.value(line.project.id)).path) }
                            El("td", []) { Safe(line.project.programmeName ?? "None") }
                            El("td", []) { Safe(line.project.projectManager ?? "None named") }
                            El("td", []) { Safe(line.period.label) }
                            El("td", []) { DueDate(date: line.due, overdue: line.overdue) }
                            El("td", []) {
                                switch line.status?.state {
                                case .draft?: Tag(text: "Draft", colour: "grey")
                                case .submitted?: Tag(text: "Submitted", colour: "purple")
                                case nil: Tag(text: "Not started", colour: "white")
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The system's cycle, the programmes with their own, and (for the portfolio office) the form that sets them.
struct CyclesSection: Component {
    var cycles: ReportingCycles
    var programmes: [Programme]
    var canManage: Bool
    var csrf: String?
    var failure: ValidationFailure
    var typed: [String: String]

    var body: Component {
        let own = programmes.filter { cycles.programmes[$0.id] != nil }
        return ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "cycles")]) { Safe("Reporting cycles") }
            SummaryList(rows: [("The system", Safe(cycles.system.description))] + own.map { programme in
                (programme.name, Safe(cycles.programmes[programme.id]!.cycle.description) as Component)
            })
            if canManage {
                if !own.isEmpty {
                    El("ul", [("class", "wm-list")]) {
                        for programme in own {
                            El("li", []) {
                                El("form", [("method", "post"), ("action", SiteURL.removeReportingCycle(.value(programme.id)).path), ("class", "wm-inline-form")]) {
                                    CSRFField(token: csrf)
                                    SubmitButton(label: "Return \(programme.name) to the system's cycle", style: "secondary")
                                }
                            }
                        }
                    }
                }
                El("form", [("method", "post"), ("action", SiteURL.reportingCycle.path), ("novalidate", "")]) {
                    CSRFField(token: csrf)
                    VoidEl("input", [("type", "hidden"), ("name", "versions"), ("value", ReportingCycleVersions.text(cycles))])
                    El("h3", [("class", "wm-heading-s")]) { Safe("Set a cycle") }
                    SelectField(name: "programmeId", label: "For", options: programmes.map { ($0.id.lowercasedText, "Programme: " + $0.name) },
                                selected: typed["programmeId"], error: failure.message(for: "programmeId"), blank: "The whole system")
                    ChoiceGroup(kind: .radio, name: "frequency", legend: "How often projects report",
                                options: ReportingFrequency.allCases.map { ($0.rawValue, $0.label) },
                                selected: [typed["frequency"] ?? cycles.system.frequency.rawValue], error: failure.message(for: "frequency"), small: true)
                    TextInput(name: "dueWorkingDay", label: "Due on working day", hint: "Of the month after the period ends: 5 is the 5th working day, skipping weekends and bank holidays.",
                              value: typed["dueWorkingDay"] ?? String(cycles.system.dueWorkingDay), error: failure.message(for: "dueWorkingDay"),
                              width: "2", extra: [("inputmode", "numeric")])
                    SubmitButton(label: "Set the cycle")
                }
            }
        }
    }
}

/// The bank holidays from this year on, and (for the portfolio office) adding and removing them.
/// The system cycle's periods: each closed one's snapshot (when, by whom, how much it froze) and
/// its report as at the close; for the portfolio office, closing a period whose updates have fallen due.
struct PeriodsSection: Component {
    var periods: [(period: ReportingPeriod, due: CalendarDate, closure: PeriodClosure?)]
    var today: CalendarDate
    var canManage: Bool
    var csrf: String?

    var body: Component {
        ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "periods")]) { Safe("Closed periods") }
            El("p", [("class", "wm-body")]) {
                Safe("Closing a period freezes what was reported for it: every project's update, its highlight report, and the plan, RAID log, benefits and gates as they stand at that moment. ")
                Safe("Its portfolio report, highlight reports and board packs are made from that snapshot from then on, exactly as the board saw them, whatever changes afterwards; each reader still sees only the projects they may read. A period closes once, after its updates fall due.")
            }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table")]) {
                    El("caption", []) { Safe("The last \(periods.count) reporting periods") }
                    El("thead", []) {
                        El("tr", []) { for heading in ["Period", "Updates due", "State"] { El("th", [("scope", "col")]) { Safe(heading) } } }
                    }
                    El("tbody", []) {
                        for row in periods {
                            El("tr", []) {
                                El("th", [("scope", "row")]) {
                                    TextLink(row.period.label, SiteURL.portfolioReport.path(query: [("period", row.period.key)]),
                                             extra: [("aria-label", "The portfolio report for \(row.period.label)")])
                                }
                                El("td", []) { Safe(row.due.longFormat) }
                                El("td", [("id", "close-\(row.period.key)")]) { state(row) }
                            }
                        }
                    }
                }
            }
        }
    }

    private func state(_ row: (period: ReportingPeriod, due: CalendarDate, closure: PeriodClosure?)) -> Component {
        if let closure = row.closure {
            return Safe("Closed \(closure.closedOn.longFormat)" + (closure.closedByName.map { " by \($0)" } ?? "")
                        + ": \(DashboardPage.projects(closure.projectCount)), \(closure.highlightCount) highlight report\(closure.highlightCount == 1 ? "" : "s")")
        }
        guard row.due < today else { return Safe(row.due == today ? "Open: updates due today" : "Open: updates not yet due") }
        guard canManage else { return Safe("Open") }
        return El("form", [("method", "post"), ("action", SiteURL.closePeriod(.value(row.period.key)).path), ("class", "wm-inline-form")]) {
            CSRFField(token: csrf)
            Safe("Open ")
            El("button", [("type", "submit"), ("class", "wm-link-button")]) {
                Safe("Close")
                El("span", [("class", "wm-visually-hidden")]) { Safe(" " + row.period.label) }
            }
        }
    }
}

struct HolidaysSection: Component {
    var holidays: [BankHoliday]
    var today: CalendarDate
    var canManage: Bool
    var csrf: String?
    var failure: ValidationFailure
    var typed: [String: String]

    var body: Component {
        let shown = holidays.filter { $0.date.year >= today.year }
        return ComponentGroup {
            El("h2", [("class", "wm-heading-m"), ("id", "holidays")]) { Safe("Bank holidays") }
            El("p", [("class", "wm-body")]) {
                Safe("Due dates skip these days as well as weekends. The list starts with England and Wales's; the portfolio office adds years as they are announced, and local closures.")
            }
            El("div", [("class", "wm-table-wrap")]) {
                El("table", [("class", "wm-table")]) {
                    El("caption", []) { Safe("\(shown.count) bank holidays from \(today.year) on") }
                    El("thead", []) {
                        El("tr", []) {
                            for heading in ["Date", "Holiday"] + (canManage ? ["Remove"] : []) { El("th", [("scope", "col")]) { Safe(heading) } }
                        }
                    }
                    El("tbody", []) {
                        for holiday in shown {
                            El("tr", []) {
                                El("td", []) { Safe(holiday.date.longFormat) }
                                El("td", []) { Safe(holiday.name) }
                                if canManage {
                                    El("td", []) {
                                        El("form", [("method", "post"), ("action", SiteURL.removeBankHoliday(.value(holiday.date.description)).path),
                                                    ("class", "wm-inline-form")]) {
                                            CSRFField(token: csrf)
                                            El("button", [("type", "submit"), ("class", "wm-link-button")]) {
                                                Safe("Remove")
                                                El("span", [("class", "wm-visually-hidden")]) { Safe(" " + holiday.name + ", " + holiday.date.longFormat) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if canManage {
                El("form", [("method", "post"), ("action", SiteURL.bankHolidays.path), ("novalidate", "")]) {
                    CSRFField(token: csrf)
                    El("h3", [("class", "wm-heading-s")]) { Safe("Add a holiday") }
                    TextInput(name: "date", label: "Date", value: typed["date"], error: failure.message(for: "date"), type: "date")
                    TextInput(name: "name", label: "Name", hint: "For example, Coronation bank holiday.", value: typed["name"],
                              error: failure.message(for: "name"))
                    SubmitButton(label: "Add the holiday")
                }
            }
        }
    }
}

/// The versions of every cycle as a page showed them, carried by the form that sets one, so a
/// change made meanwhile is found rather than overwritten: `system:3,<programme id>:1`.
enum ReportingCycleVersions {
    static func text(_ cycles: ReportingCycles) -> String {
        (["system:\(cycles.systemVersion)"] + cycles.programmes.map { "\($0.key.lowercasedText):\($0.value.version)" }.sorted())
            .joined(separator: ",")
    }

    /// The version the page showed for the cycle of `programme` (nil: the system's); nil when it had none.
    static func version(in text: String?, for programme: UUID?) -> Int? {
        let key = programme?.lowercasedText ?? "system"
        for pair in (text ?? "").split(separator: ",") {
            let parts = pair.split(separator: ":")
            if parts.count == 2, parts[0] == key { return Int(parts[1]) }
        }
        return nil
    }
}
