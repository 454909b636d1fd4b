import Foundation
import Vapor

/// Every API path, declared once, under /api/v1.
public enum APIRoute: Sendable {
    case openAPI
    case me
    case organisations
    case organisation(Param<UUID>)
    case people
    case person(Param<UUID>)
    case themes
    case theme(Param<UUID>)
    case programmes
    case programme(Param<UUID>)
    case stages
    case projects
    case projectExport
    case project(Param<UUID>)
    case projectTeam(Param<UUID>)
    case projectTeamMember(Param<UUID>, Param<UUID>)
    case projectHistory(Param<UUID>)
    case projectRisks(Param<UUID>)
    case risk(Param<UUID>)
    case riskCategories
    case riskCategory(Param<UUID>)
    case riskSettings
    case search
    case competencyFramework
    case myAssessments
    case assessment(Param<UUID>)
    case capabilityHeatMap
    case resources
    case resource(Param<UUID>)
    case lessons
    case projectLessons(Param<UUID>)
    case lesson(Param<UUID>)
    case lessonSuggestions(Param<UUID>)
    case lessonReviews(Param<UUID>)
    case lessonReview(Param<UUID>, Param<UUID>)
    case glossaryTerms
    case glossaryTerm(Param<UUID>)
    case spcAnalysis
    case projectMeasures(Param<UUID>)
    case measureSummary
    case measure(Param<UUID>)
    case measureObservations(Param<UUID>)
    case measureObservationImport(Param<UUID>)
    case measureAnalysis(Param<UUID>)
    case observation(Param<UUID>)
    case measureAnnotations(Param<UUID>)
    case annotation(Param<UUID>)
    case projectBenefits(Param<UUID>)
    case benefit(Param<UUID>)
    case benefitRegister
    case projectAim(Param<UUID>)
    case projectDrivers(Param<UUID>)
    case driver(Param<UUID>)
    case projectPDSACycles(Param<UUID>)
    case pdsaCycle(Param<UUID>)
    case riskEscalation(Param<UUID>)
    case riskMaterialisation(Param<UUID>)
    case projectIssues(Param<UUID>)
    case issue(Param<UUID>)
    case issueEscalation(Param<UUID>)
    case systemIssueRegister
    case projectMilestones(Param<UUID>)
    case milestone(Param<UUID>)
    case projectBaselines(Param<UUID>)
    case milestoneTimeline
    case organisationIssueRegister(Param<UUID>)
    case projectDependencies(Param<UUID>)
    case dependency(Param<UUID>)
    case dependencyRegister
    case projectAssumptions(Param<UUID>)
    case assumption(Param<UUID>)
    case projectActions(Param<UUID>)
    case action(Param<UUID>)
    case myWork
    case projectDecisions(Param<UUID>)
    case decision(Param<UUID>)
    case systemRiskRegister
    case organisationRiskRegister(Param<UUID>)
    case projectStatusUpdates(Param<UUID>)
    case statusUpdate(Param<UUID>)
    case statusUpdateSubmission(Param<UUID>)
    case reportingCycles
    case systemReportingCycle
    case programmeReportingCycle(Param<UUID>)
    case bankHolidays
    case bankHoliday(Param<String>)
    case reportingOverview
    case dashboard
    case myStatusReminders
    case highlightReport(Param<UUID>)
    case gates
    case gate(Param<UUID>)
    case gateReviews
    case projectGateReviews(Param<UUID>)
    case gateReview(Param<UUID>)
    case gateReviewDecision(Param<UUID>)
    case gateReviewWithdrawal(Param<UUID>)
    case portfolioReport
    case boardPack
    case boardPackPDF
    case reportingPeriods
    case periodClosure(Param<String>)
    case statusHistoryExport
    case logsExport(Param<String>)
    case myCalendarFeeds
    case myCalendarFeed(Param<UUID>)

    public static let prefix = "/api/v1"
    static let prefixComponents: [PathComponent] = ["api", "v1"]

    private static func id(_ key: String, _ param: Param<UUID>) -> String {
        switch param {
        case .key: ":" + key
        case .value(let id): id.lowercasedText
        }
    }

    /// The path below the prefix, as components.
    var relative: [String] {
        switch self {
        case .openAPI: ["openapi.json"]
        case .me: ["me"]
        case .organisations: ["organisations"]
        case .organisation(let id): ["organisations", Self.id("id", id)]
        case .people: ["people"]
        case .person(let id): ["people", Self.id("id", id)]
        case .themes: ["themes"]
        case .theme(let id): ["themes", Self.id("id", id)]
        case .programmes: ["programmes"]
        case .programme(let id): ["programmes", Self.id("id", id)]
        case .stages: ["stages"]
        case .projects: ["projects"]
        case .projectExport: ["exports", "projects"]
        case .project(let id): ["projects", Self.id("id", id)]
        case .projectTeam(let id): ["projects", Self.id("id", id), "team"]
        case .projectTeamMember(let id, let person): ["projects", Self.id("id", id), "team", Self.id("personId", person)]
        case .projectHistory(let id): ["projects", Self.id("id", id), "history"]
        case .projectRisks(let id): ["projects", Self.id("id", id), "risks"]
        case .risk(let id): ["risks", Self.id("id", id)]
        case .riskCategories: ["risk-categories"]
        case .search: ["search"]
        case .competencyFramework: ["competency-framework"]
        case .myAssessments: ["me", "assessments"]
        case .assessment(let id): ["assessments", Self.id("id", id)]
        case .capabilityHeatMap: ["capability-heat-map"]
        case .resources: ["resources"]
        case .resource(let id): ["resources", Self.id("id", id)]
        case .lessons: ["lessons"]
        case .projectLessons(let id): ["projects", Self.id("id", id), "lessons"]
        case .lesson(let id): ["lessons", Self.id("id", id)]
        case .lessonSuggestions(let id): ["projects", Self.id("id", id), "lesson-suggestions"]
        case .lessonReviews(let id): ["projects", Self.id("id", id), "lesson-reviews"]
        case .lessonReview(let id, let lesson): ["projects", Self.id("id", id), "lesson-reviews", Self.id("lessonId", lesson)]
        case .glossaryTerms: ["glossary-terms"]
        case .glossaryTerm(let id): ["glossary-terms", Self.id("id", id)]
        case .riskCategory(let id): ["risk-categories", Self.id("id", id)]
        case .riskSettings: ["settings", "risks"]
        case .spcAnalysis: ["spc", "analysis"]
        case .projectMeasures(let id): ["projects", Self.id("id", id), "measures"]
        case .measureSummary: ["measure-summary"]
        case .measure(let id): ["measures", Self.id("id", id)]
        case .measureObservations(let id): ["measures", Self.id("id", id), "observations"]
        case .measureObservationImport(let id): ["measures", Self.id("id", id), "observations", "import"]
        case .measureAnalysis(let id): ["measures", Self.id("id", id), "analysis"]
        case .observation(let id): ["observations", Self.id("id", id)]
        case .measureAnnotations(let id): ["measures", Self.id("id", id), "annotations"]
        case .annotation(let id): ["annotations", Self.id("id", id)]
        case .projectBenefits(let id): ["projects", Self.id("id", id), "benefits"]
        case .benefit(let id): ["benefits", Self.id("id", id)]
        case .benefitRegister: ["benefit-register"]
        case .projectAim(let id): ["projects", Self.id("id", id), "qi-aim"]
        case .projectDrivers(let id): ["projects", Self.id("id", id), "drivers"]
        case .driver(let id): ["drivers", Self.id("id", id)]
        case .projectPDSACycles(let id): ["projects", Self.id("id", id), "pdsa-cycles"]
        case .pdsaCycle(let id): ["pdsa-cycles", Self.id("id", id)]
        case .riskEscalation(let id): ["risks", Self.id("id", id), "escalation"]
        case .riskMaterialisation(let id): ["risks", Self.id("id", id), "materialisation"]
        case .projectIssues(let id): ["projects", Self.id("id", id), "issues"]
        case .issue(let id): ["issues", Self.id("id", id)]
        case .issueEscalation(let id): ["issues", Self.id("id", id), "escalation"]
        case .systemIssueRegister: ["issue-registers", "system"]
        case .projectMilestones(let id): ["projects", Self.id("id", id), "milestones"]
        case .milestone(let id): ["milestones", Self.id("id", id)]
        case .projectBaselines(let id): ["projects", Self.id("id", id), "baselines"]
        case .milestoneTimeline: ["milestone-timeline"]
        case .organisationIssueRegister(let id): ["issue-registers", "organisations", Self.id("id", id)]
        case .projectDependencies(let id): ["projects", Self.id("id", id), "dependencies"]
        case .dependency(let id): ["dependencies", Self.id("id", id)]
        case .dependencyRegister: ["dependency-register"]
        case .projectAssumptions(let id): ["projects", Self.id("id", id), "assumptions"]
        case .assumption(let id): ["assumptions", Self.id("id", id)]
        case .projectActions(let id): ["projects", Self.id("id", id), "actions"]
        case .action(let id): ["actions", Self.id("id", id)]
        case .myWork: ["me", "work"]
        case .projectDecisions(let id): ["projects", Self.id("id", id), "decisions"]
        case .decision(let id): ["decisions", Self.id("id", id)]
        case .systemRiskRegister: ["risk-registers", "system"]
        case .organisationRiskRegister(let id): ["risk-registers", "organisations", Self.id("id", id)]
        case .projectStatusUpdates(let id): ["projects", Self.id("id", id), "status-updates"]
        case .statusUpdate(let id): ["status-updates", Self.id("id", id)]
        case .statusUpdateSubmission(let id): ["status-updates", Self.id("id", id), "submission"]
        case .reportingCycles: ["reporting-cycles"]
        case .systemReportingCycle: ["reporting-cycles", "system"]
        case .programmeReportingCycle(let id): ["programmes", Self.id("id", id), "reporting-cycle"]
        case .bankHolidays: ["bank-holidays"]
        case .bankHoliday(let date):
            switch date {
            case .key: ["bank-holidays", ":date"]
            case .value(let text): ["bank-holidays", text]
            }
        case .reportingOverview: ["reporting-overview"]
        case .dashboard: ["dashboard"]
        case .myStatusReminders: ["me", "status-reminders"]
        case .highlightReport(let id): ["projects", Self.id("id", id), "highlight-report"]
        case .gates: ["gates"]
        case .gate(let id): ["gates", Self.id("id", id)]
        case .gateReviews: ["gate-reviews"]
        case .projectGateReviews(let id): ["projects", Self.id("id", id), "gate-reviews"]
        case .gateReview(let id): ["gate-reviews", Self.id("id", id)]
        case .gateReviewDecision(let id): ["gate-reviews", Self.id("id", id), "decision"]
        case .gateReviewWithdrawal(let id): ["gate-reviews", Self.id("id", id), "withdrawal"]
        case .portfolioReport: ["reports", "portfolio"]
        case .boardPack: ["reports", "board-pack"]
        case .boardPackPDF: ["reports", "board-pack.pdf"]
        case .reportingPeriods: ["reporting-periods"]
        case .periodClosure(let period):
            switch period {
            case .key: ["reporting-periods", ":period", "closure"]
            case .value(let text): ["reporting-periods", text, "closure"]
            }
        case .statusHistoryExport: ["exports", "status-history"]
        case .logsExport(let log):
            switch log {
            case .key: ["exports", "logs", ":log"]
            case .value(let text): ["exports", "logs", text]
            }
        case .myCalendarFeeds: ["me", "calendar-feeds"]
        case .myCalendarFeed(let id): ["me", "calendar-feeds", Self.id("id", id)]
        }
    }

    public var path: String { Self.prefix + "/" + relative.joined(separator: "/") }

    /// For registering under the /api/v1 group.
    var components: [PathComponent] { relative.map { PathComponent(stringLiteral: $0) } }

    /// For registering at the root.
    var pathComponents: [PathComponent] { Self.prefixComponents + components }

    /// The path as OpenAPI writes it (`/projects/{id}`).
    var openAPIPath: String {
        "/" + relative.map { $0.hasPrefix(":") ? "{" + $0.dropFirst() + "}" : $0 }.joined(separator: "/")
    }
}
