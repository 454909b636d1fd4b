import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// A project's log that can be downloaded.
public enum ProjectLog: String, CaseIterable, Sendable {
    case risks, issues, assumptions, dependencies, actions, decisions, plan, benefits, updates, gates
}

/// CSV downloads (or, with format=xlsx, workbooks) of every log and register, of exactly what the
/// person may read: each is made by the same workflow, with the same filters, as the page it is
/// downloaded from, and a register's download holds every matching row, not only the page shown.
struct ExportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectExport(.key, .key).pathComponents, use: project)
        routes.get(SiteURL.systemRiskRegisterExport.pathComponents, use: systemRisks)
        routes.get(SiteURL.organisationRiskRegisterExport(.key).pathComponents, use: organisationRisks)
        routes.get(SiteURL.systemIssueRegisterExport.pathComponents, use: systemIssues)
        routes.get(SiteURL.organisationIssueRegisterExport(.key).pathComponents, use: organisationIssues)
        routes.get(SiteURL.dependencyRegisterExport.pathComponents, use: dependencyRegister)
        routes.get(SiteURL.keyMilestonesExport.pathComponents, use: keyMilestones)
        routes.get(SiteURL.myWorkExport.pathComponents, use: myWork)
        routes.get(SiteURL.benefitRegisterExport.pathComponents, use: benefitRegister)
        routes.get(SiteURL.logsExport(.key).pathComponents, use: logs)
    }

    // MARK: Logs across projects

    /// A log across every project the portfolio's filters select that the person may read, as
    /// CSV or a workbook: each row its project's code, title and lead organisation, then the
    /// columns of the project's own download.
    func logs(request: Request) async throws -> Response {
        try await Self.logs(request, log: request.parameters.get(SiteURL.Key.log), by: try request.requireSignedIn().acting, strict: false)
    }

    /// The logs that download across projects, by the name their address gives them.
    static let logsAcross = LogsExport.across.map(\.log)

    /// `log` across the projects the request's filters select, for the page (`strict` false) and the API alike.
    static func logs(_ request: Request, log: String?, by acting: Acting, strict: Bool) async throws -> Response {
        let format = try ExportFormat.parse(request.queryData)
        let (query, errors) = PortfolioQuery.parse(FormData(request.queryData.pairs.filter { $0.0 != "format" }), defaultPerPage: 25,
                                                   strict: strict, today: request.today)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let today = request.today
        guard let log, let headers = logHeaders[log] else { throw NotFound("log") }
        // Each batch of projects' items is written as it is read, and let go.
        let download = try LogsExport.Download(format, headers: Self.projectHeaders + headers)
        func add<Item>(_ batch: LogBatch<Item>, _ cells: (Item) -> [String]) throws {
            for row in batch.rows { try download.add(Self.projectColumns(row.project) + cells(row.item)) }
        }
        let reports = request.reports
        switch log {
        case "milestones":
            let stages = try await Self.stageNames(request)
            try await reports.milestones(query, today: today, by: acting) { batch in try add(batch) { Self.milestoneRow($0, batch.names, stages, today) } }
        case "risks":
            let categories = try await Self.categoryNames(request)
            try await reports.risks(query, today: today, by: acting) { batch in try add(batch) { Self.riskRow($0, batch.names, categories, today) } }
        case "issues":
            try await reports.issues(query, today: today, by: acting) { batch in try add(batch) { Self.issueRow($0, batch.names, today) } }
        case "assumptions":
            try await reports.assumptions(query, today: today, by: acting) { batch in try add(batch) { Self.assumptionRow($0, batch.names, today) } }
        case "actions":
            try await reports.actions(query, today: today, by: acting) { batch in try add(batch) { Self.actionRow($0.action, $0.item, batch.names, today) } }
        case "decisions":
            try await reports.decisions(query, today: today, by: acting) { batch in try add(batch) { Self.decisionRow($0.decision, $0.bearsOn, batch.names) } }
        case "dependencies":
            let organisations = try await Self.organisationNames(request)
            try await reports.dependencies(query, today: today, by: acting) { batch in
                try add(batch) { Self.dependencyRow($0, batch.names, organisations, today) }
            }
        case "benefits":
            try await reports.benefits(query, today: today, by: acting) { batch in try add(batch) { Self.benefitRow($0, batch.names, batch.observations) } }
        case "measures":
            try await reports.measures(query, today: today, by: acting) { batch in try add(batch) { Self.measureRow($0.measure, $0.summary, batch.names) } }
        default:
            throw NotFound("log")
        }
        return try await download.table.response(request, filename: log + "-" + today.description, sheet: log.prefix(1).uppercased() + log.dropFirst(),
                                                 made: request.application.waymark.clock())
    }

    /// Each log that downloads across projects, and the columns of its items (after the project's).
    static let logHeaders: [String: [String]] = [
        "milestones": milestoneHeaders, "risks": riskHeaders, "issues": issueHeaders, "assumptions": assumptionHeaders,
        "actions": actionHeaders, "decisions": decisionHeaders, "dependencies": dependencyHeaders, "benefits": benefitHeaders,
        "measures": measureHeaders,
    ]

    static func projectColumns(_ project: ProjectSummary) -> [String] {
        [project.code, project.title, project.leadOrganisationName]
    }

    // MARK: A project's logs

    func project(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let projectID = try ProjectsController.projectID(request)
        guard let log = request.parameters.get(SiteURL.Key.log).flatMap(ProjectLog.init(rawValue:)) else { throw NotFound("log") }
        let acting = signedIn.acting
        let today = request.today
        switch log {
        case .benefits:
            let list = try await request.benefits.list(projectID, by: acting)
            let names = try await request.ownerNames(list.project, list.benefits.compactMap(\.fields.ownerID))
            var table = CSVTable(filename: file(list.project, "benefits"), headers: Self.benefitHeaders)
            for benefit in list.benefits { table.add(Self.benefitRow(benefit, names, list.observations)) }
            return try await table.response(for: request)
        case .risks:
            let register = try await request.risks.register(projectID, by: acting)
            let names = try await request.ownerNames(register.project, register.risks.compactMap(\.fields.ownerID))
            var table = CSVTable(filename: file(register.project, "risks"), headers: Self.riskHeaders)
            let categories = try await Self.categoryNames(request)
            for risk in register.risks { table.add(Self.riskRow(risk, names, categories, today)) }
            return try await table.response(for: request)
        case .issues:
            let log = try await request.issues.log(projectID, by: acting)
            let names = try await request.ownerNames(log.project, log.issues.compactMap(\.fields.ownerID))
            var table = CSVTable(filename: file(log.project, "issues"), headers: Self.issueHeaders)
            for issue in log.issues { table.add(Self.issueRow(issue, names, today)) }
            return try await table.response(for: request)
        case .assumptions:
            let log = try await request.assumptions.log(projectID, by: acting)
            let names = try await request.ownerNames(log.project, log.assumptions.compactMap(\.fields.ownerID))
            var table = CSVTable(filename: file(log.project, "assumptions"), headers: Self.assumptionHeaders)
            for assumption in log.assumptions { table.add(Self.assumptionRow(assumption, names, today)) }
            return try await table.response(for: request)
        case .dependencies:
            let log = try await request.dependencies.log(projectID, by: acting)
            let names = try await request.ownerNames(log.project, (log.dependsOn + log.dependedOnBy).compactMap(\.dependency.fields.ownerID))
            let organisations = try await Self.organisationNames(request)
            var table = CSVTable(filename: file(log.project, "dependencies"), headers: ["Direction"] + Self.dependencyHeaders)
            for seen in log.dependsOn { table.add(["Depends on"] + Self.dependencyRow(seen, names, organisations, today)) }
            for seen in log.dependedOnBy { table.add(["Depended on by"] + Self.dependencyRow(seen, names, organisations, today)) }
            return try await table.response(for: request)
        case .actions:
            let log = try await request.actions.log(projectID, by: acting)
            let names = try await request.ownerNames(log.project, log.actions.compactMap(\.fields.ownerID))
            var table = CSVTable(filename: file(log.project, "actions"), headers: Self.actionHeaders)
            for action in log.actions { table.add(Self.actionRow(action, log.label(action.fields.item), names, today)) }
            return try await table.response(for: request)
        case .updates:
            // Every revision, as the status history a spreadsheet or a board paper draws on.
            let log = try await request.status.log(projectID, today: today, by: acting)
            let names = try await request.ownerNames(log.project, log.updates.compactMap(\.submittedBy))
            var table = CSVTable(filename: file(log.project, "status-updates"), headers: [
                "Period", "Period starts", "Revision", "State", "Submitted", "Submitted by", "Overall", "Why overall",
            ] + StatusDimension.allCases.flatMap { [$0.label, "Why " + $0.label.lowercased()] } + StatusNarrative.allCases.map(\.label))
            for update in log.updates {
                let fields = update.fields
                table.add([update.period.label, update.period.start.description, String(update.revision), update.state.label,
                           update.submittedAt.map(Timestamp.string) ?? "", update.submittedBy.flatMap { names[$0] } ?? "",
                           fields.overall.rag?.label ?? "", fields.overall.justification]
                          + StatusDimension.allCases.flatMap { [fields.rating($0).rag?.label ?? "", fields.rating($0).justification] }
                          + StatusNarrative.allCases.map { fields.text($0) })
            }
            return try await table.response(for: request)
        case .gates:
            // Every review asked for, with what became of it: a project's governance trail.
            let log = try await request.gates.log(projectID, by: acting)
            let names = try await request.ownerNames(log.project, log.reviews.flatMap { [$0.requestedBy, $0.decidedBy].compactMap { $0 } })
            var table = CSVTable(filename: file(log.project, "gate-reviews"), headers: [
                "Reference", "Gate", "From stage", "Into stage", "Asked for", "Asked by", "Case", "Criteria met", "Criteria not shown as met",
                "Evidence", "State", "Decision", "Decided on", "Board", "Rationale", "Conditions", "Recorded by",
            ])
            for review in log.reviews {
                let criteria = review.report.criteria
                table.add([review.reference, review.gate, review.report.fromStage, review.report.toStage, Timestamp.string(review.requestedAt),
                           review.requestedBy.flatMap { names[$0] } ?? "", review.request.summary,
                           criteria.filter(\.met).map(\.text).joined(separator: "; "), criteria.filter { !$0.met }.map(\.text).joined(separator: "; "),
                           review.request.evidence, review.state.label, review.decision?.outcome.label ?? "",
                           review.decision?.decidedOn.description ?? "", review.decision?.board ?? review.board, review.decision?.rationale ?? "",
                           review.decision?.conditions ?? "", review.decidedBy.flatMap { names[$0] } ?? ""])
            }
            return try await table.response(for: request)
        case .decisions:
            let log = try await request.decisions.log(projectID, by: acting)
            let names = try await request.ownerNames(log.project, log.decisions.compactMap(\.fields.deciderID))
            var table = CSVTable(filename: file(log.project, "decisions"), headers: Self.decisionHeaders)
            for decision in log.decisions {
                table.add(Self.decisionRow(decision, decision.fields.links.compactMap { link in log.items.first { $0.item == link } }, names))
            }
            return try await table.response(for: request)
        case .plan:
            let plan = try await request.plans.plan(projectID, by: acting)
            let names = try await request.ownerNames(plan.project, plan.milestones.compactMap(\.fields.ownerID))
            let stages = try await Self.stageNames(request)
            var table = CSVTable(filename: file(plan.project, "plan"), headers: Self.milestoneHeaders)
            for milestone in plan.milestones { table.add(Self.milestoneRow(milestone, names, stages, today)) }
            return try await table.response(for: request)
        }
    }

    // MARK: Registers

    func systemRisks(request: Request) async throws -> Response {
        try await risks(request, .system, filename: "system-risk-register")
    }

    func organisationRisks(request: Request) async throws -> Response {
        let organisation = try await self.organisation(request)
        return try await risks(request, .organisation(organisation.id), filename: "risk-register-" + organisation.code.lowercased())
    }

    private func risks(_ request: Request, _ scope: RiskRegisterQuery.Scope, filename: String) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let settings = try await request.store.riskSettings()
        let (query, _) = RiskRegisterQuery.parse(request.queryData, scope: scope, bands: settings.bands, strict: false)
        let risks = try await request.risks.escalated(query, page: .everything, by: signedIn.acting).page.items
        let (names, organisations, categories) = (try await everyone(request), try await Self.organisationNames(request), try await Self.categoryNames(request))
        var table = CSVTable(filename: filename, headers: Self.projectHeaders + Self.riskHeaders)
        for registered in risks {
            table.add([registered.projectCode, registered.projectTitle, organisations[registered.leadOrganisationID] ?? ""]
                      + Self.riskRow(registered.risk, names, categories, request.today))
        }
        return try await table.response(for: request)
    }

    func systemIssues(request: Request) async throws -> Response {
        try await issues(request, .system, filename: "system-issue-register")
    }

    func organisationIssues(request: Request) async throws -> Response {
        let organisation = try await self.organisation(request)
        return try await issues(request, .organisation(organisation.id), filename: "issue-register-" + organisation.code.lowercased())
    }

    private func issues(_ request: Request, _ scope: RiskRegisterQuery.Scope, filename: String) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, _) = IssueRegisterQuery.parse(request.queryData, scope: scope, strict: false)
        let issues = try await request.issues.escalated(query, page: .everything, by: signedIn.acting).items
        let (names, organisations) = (try await everyone(request), try await Self.organisationNames(request))
        var table = CSVTable(filename: filename, headers: Self.projectHeaders + Self.issueHeaders)
        for registered in issues {
            table.add([registered.projectCode, registered.projectTitle, organisations[registered.leadOrganisationID] ?? ""]
                      + Self.issueRow(registered.issue, names, request.today))
        }
        return try await table.response(for: request)
    }

    func dependencyRegister(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, _) = DependencyRegisterQuery.parse(request.queryData, strict: false)
        let dependencies = try await request.dependencies.register(query, today: request.today, page: .everything, by: signedIn.acting).items
        let (names, organisations) = (try await everyone(request), try await Self.organisationNames(request))
        var table = CSVTable(filename: "dependency-register", headers: Self.dependencyHeaders)
        for seen in dependencies { table.add(Self.dependencyRow(seen, names, organisations, request.today)) }
        return try await table.response(for: request)
    }

    func keyMilestones(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        var (query, _) = PortfolioQuery.parse(request.queryData, defaultPerPage: 100, today: request.today)
        let window = MilestoneWindow.parse(request.queryData["window"]) ?? MilestoneWindow()
        query.page = .everything
        let milestones = try await request.plans.timeline(query, window: window, today: request.today, by: signedIn.acting).items
        let (names, organisations, stages) = (try await everyone(request), try await Self.organisationNames(request), try await Self.stageNames(request))
        var table = CSVTable(filename: "key-milestones-\(window.days)-days", headers: Self.projectHeaders + Self.milestoneHeaders)
        for scheduled in milestones {
            table.add([scheduled.projectCode, scheduled.projectTitle, organisations[scheduled.leadOrganisationID] ?? ""]
                      + Self.milestoneRow(scheduled.milestone, names, stages, request.today))
        }
        return try await table.response(for: request)
    }

    func myWork(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let window = try WorkWindow.parse(request.queryData["window"], strict: false)
        let items = try await request.work.mine(window: window, today: request.today, by: signedIn.acting)
        var table = CSVTable(filename: "my-work-\(window.rawValue)-days", headers: [
            "What", "Reference", "Title", "Project code", "Project", "Due", "Overdue",
        ])
        for owned in items {
            let item = owned.item
            table.add([item.kind.label, item.reference, item.title, owned.project.code, owned.project.title, item.due.description,
                       yes(item.isOverdue(today: request.today))])
        }
        return try await table.response(for: request)
    }

    /// The benefits register: every benefit the filters admit of the projects the person may read.
    func benefitRegister(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        var (query, _) = BenefitRegisterQuery.parse(request.queryData)
        query.page = .everything
        let lines = try await request.benefits.register(query, by: signedIn.acting).page.items
        let observations = try await request.store.latestObservations(ofMeasures: Set(lines.compactMap(\.benefit.fields.actualsMeasureID)))
        let names = try await everyone(request)
        var table = CSVTable(filename: "benefits-register", headers: ["Project", "Project title", "Project status", "Lead organisation"]
                             + Self.benefitHeaders)
        for line in lines {
            table.add([line.projectCode, line.projectTitle, line.projectStatus.label, line.organisationName]
                      + Self.benefitRow(line.benefit, names, observations))
        }
        return try await table.response(for: request)
    }

    // MARK: Columns

    static let projectHeaders = ["Project code", "Project", "Lead organisation"]

    static let riskHeaders = [
        "Reference", "Title", "Cause", "Event", "Effect", "Category", "Owner",
        "Inherent likelihood", "Inherent consequence", "Inherent score", "Inherent band",
        "Current likelihood", "Current consequence", "Current score", "Current band",
        "Target likelihood", "Target consequence", "Target score", "Target band",
        "Response", "Proximity", "Review date", "Review overdue", "Status", "Register", "Reason for the register",
    ]

    static func riskRow(_ risk: Risk, _ names: [UUID: String], _ categories: [UUID: String], _ today: CalendarDate) -> [String] {
        let fields = risk.fields
        func rating(_ rating: RiskRating, _ band: String) -> [String] {
            ["\(rating.likelihood.rawValue) \(rating.likelihood.label)", "\(rating.consequence.rawValue) \(rating.consequence.label)",
             String(rating.score), band]
        }
        return [risk.reference, fields.title, fields.cause, fields.event, fields.effect, fields.categoryID.flatMap { categories[$0] } ?? "",
                name(fields.ownerID, names)]
            + rating(fields.inherent, risk.inherentBand) + rating(fields.current, risk.currentBand) + rating(fields.target, risk.targetBand)
            + [fields.response.label, fields.proximity?.description ?? "", fields.reviewDate?.description ?? "",
               yes(fields.isReviewOverdue(today: today)), fields.status.label, fields.escalation.label, risk.escalationReason]
    }

    static let assumptionHeaders = ["Reference", "Assumption", "Impact if wrong", "Owner", "Status", "Validate by", "Overdue", "Date validated"]

    static func assumptionRow(_ assumption: Assumption, _ names: [UUID: String], _ today: CalendarDate) -> [String] {
        let fields = assumption.fields
        return [assumption.reference, fields.statement, fields.impactIfWrong, name(fields.ownerID, names), fields.status.label,
                fields.validateBy?.description ?? "", yes(fields.isOverdue(today: today)), fields.validatedOn?.description ?? ""]
    }

    static let actionHeaders = ["Reference", "Action", "For", "Owner", "Due", "Overdue", "Done", "Notes"]

    static func actionRow(_ action: Action, _ item: RAIDItemLabel?, _ names: [UUID: String], _ today: CalendarDate) -> [String] {
        let fields = action.fields
        return [action.reference, fields.title, item?.text ?? "The project as a whole", name(fields.ownerID, names), fields.dueDate.description,
                yes(fields.isOverdue(today: today)), fields.doneOn?.description ?? "", fields.notes]
    }

    static let decisionHeaders = ["Reference", "Decision", "Decided", "Decided by", "Rationale", "Options considered", "Bears on"]

    static func decisionRow(_ decision: Decision, _ bearsOn: [RAIDItemLabel], _ names: [UUID: String]) -> [String] {
        let fields = decision.fields
        return [decision.reference, fields.title, fields.decidedOn.description, deciderText(fields, names), fields.rationale, fields.options,
                bearsOn.map(\.text).joined(separator: "; ")]
    }

    static let measureHeaders = ["Reference", "Measure", "Type", "Unit", "Better when", "Frequency", "Data source", "Owner", "Observations",
                                 "Latest date", "Latest value", "Target", "Variation", "Assurance"]

    /// A measure with where it stands: its latest value and its SPC icons as words (NHS "Making Data Count").
    static func measureRow(_ measure: Measure, _ summary: MeasureSummary, _ names: [UUID: String]) -> [String] {
        let fields = measure.fields
        return [measure.reference, fields.name, fields.type.label, fields.unit, fields.direction.label, fields.frequency.label, fields.dataSource,
                name(fields.ownerID, names), String(summary.count), summary.latestDate?.description ?? "",
                summary.latestValue.map(MeasureNumber.text) ?? "", summary.target.map(MeasureNumber.text) ?? "",
                summary.variation?.label ?? "", summary.assurance?.label ?? ""]
    }

    static let issueHeaders = [
        "Reference", "Title", "Description", "Priority", "Owner", "Raised", "Target resolution", "Overdue", "Status", "Resolution",
        "Register", "Reason for the register",
    ]

    static func issueRow(_ issue: Issue, _ names: [UUID: String], _ today: CalendarDate) -> [String] {
        let fields = issue.fields
        return [issue.reference, fields.title, fields.description, fields.priority.label, name(fields.ownerID, names),
                fields.raisedOn.description, fields.targetDate?.description ?? "", yes(fields.isOverdue(today: today)), fields.status.label,
                fields.resolution, fields.escalation.label, issue.escalationReason]
    }

    static let dependencyHeaders = [
        "Reference", "Title", "Description", "Project that depends", "Depends on", "Across organisations", "Needed by", "Overdue",
        "Owner", "Status",
    ]

    static func dependencyRow(_ seen: SeenDependency, _ names: [UUID: String], _ organisations: [UUID: String],
                              _ today: CalendarDate) -> [String] {
        let fields = seen.dependency.fields
        func end(_ end: DependencyEnd?) -> String {
            switch end {
            case .project(_, let code, let title, let organisation)?:
                return "\(code) \(title)" + (organisations[organisation].map { " (\($0))" } ?? "")
            case .hidden?: return DependencyEnd.hiddenText
            case .deleted?: return DependencyEnd.deletedText
            case nil: return fields.external + " (outside Waymark)"
            }
        }
        return [seen.dependency.reference, fields.title, fields.description, end(seen.dependent), end(seen.provider),
                seen.crossOrganisation.map(yes) ?? "Not known", fields.neededBy.description, yes(fields.isOverdue(today: today)),
                name(fields.ownerID, names), fields.status.label]
    }

    static let milestoneHeaders = [
        "Reference", "Milestone", "Key milestone", "Owner", "Baseline", "Forecast", "Actual", "Slippage (days)", "Overdue", "Status",
        "Stage", "Notes",
    ]

    static func milestoneRow(_ milestone: Milestone, _ names: [UUID: String], _ stages: [UUID: String], _ today: CalendarDate) -> [String] {
        let fields = milestone.fields
        return [milestone.reference, fields.title, yes(fields.isKey), name(fields.ownerID, names), milestone.baselineDate?.description ?? "",
                fields.forecastDate.description, fields.actualDate?.description ?? "", milestone.slippageDays.map(String.init) ?? "",
                yes(milestone.isOverdue(today: today)), fields.status.label, fields.stageID.flatMap { stages[$0] } ?? "", fields.notes]
    }

    static let benefitHeaders = ["Reference", "Benefit", "Category", "Dis-benefit", "Status", "Owner", "Unit", "Baseline", "Baseline date",
                                 "Target", "Target date", "Latest actual", "Latest actual date", "Cash planned (£)", "Cash realised (£)",
                                 "Cash by financial year (planned, realised)"]

    static func benefitRow(_ benefit: Benefit, _ names: [UUID: String], _ observations: [UUID: [Observation]]) -> [String] {
        let fields = benefit.fields, latest = benefit.actuals(measureObservations: observations).last
        return [benefit.reference, fields.title, fields.category.label, fields.isDisbenefit ? "Yes" : "No", fields.status.label,
                fields.ownerID.flatMap { names[$0] } ?? "", fields.unit, fields.baseline.map { MeasureNumber.text($0.value) } ?? "",
                fields.baseline?.date.description ?? "", fields.target.map { MeasureNumber.text($0.value) } ?? "",
                fields.target?.date.description ?? "", latest.map { MeasureNumber.text($0.value) } ?? "", latest?.date.description ?? "",
                fields.cash.isEmpty ? "" : MeasureNumber.text(fields.plannedCash), fields.cash.isEmpty ? "" : MeasureNumber.text(fields.realisedCash),
                fields.cash.map(\.text).joined(separator: "; ")]
    }

    // MARK: Helpers

    private func organisation(_ request: Request) async throws -> Organisation {
        guard let id = request.parameters.get(SiteURL.Key.organisation, as: UUID.self),
              let organisation = try await request.store.organisation(id) else { throw NotFound("organisation") }
        return organisation
    }

    private func file(_ project: ReadableProject, _ log: String) -> String {
        project.project.code.lowercased() + "-" + log
    }

    private func everyone(_ request: Request) async throws -> [UUID: String] {
        Dictionary(try await request.store.people().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    private static func organisationNames(_ request: Request) async throws -> [UUID: String] {
        Dictionary(try await request.store.referenceData().organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    private static func stageNames(_ request: Request) async throws -> [UUID: String] {
        Dictionary(try await request.store.referenceData().stages.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    private static func categoryNames(_ request: Request) async throws -> [UUID: String] {
        Dictionary(try await request.store.riskCategories().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}

private func name(_ id: UUID?, _ names: [UUID: String]) -> String {
    id.map { names[$0] ?? "" } ?? ""
}

private func yes(_ value: Bool) -> String { value ? "Yes" : "No" }
