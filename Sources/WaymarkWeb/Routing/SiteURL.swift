import Foundation
import WaymarkDomain
import Vapor

/// A path parameter: `.key` when registering a route, `.value` when making a link.
public enum Param<Value: Sendable>: Sendable {
    case key
    case value(Value)
}

/// Every HTML page and form target, declared once. Routes are registered from `pathComponents`
/// and links are made from `path`, so the two cannot drift apart.
public enum SiteURL: Sendable {
    case home
    case signIn
    case signOut
    case portfolio
    case myProjects
    case portfolioView
    case projects
    case newProject
    case project(Param<UUID>)
    case editProject(Param<UUID>)
    case projectStatus(Param<UUID>)
    case deleteProject(Param<UUID>)
    case projectTeam(Param<UUID>)
    case teamCandidates(Param<UUID>)
    case projectHistory(Param<UUID>)
    case removeTeamMember(Param<UUID>, Param<UUID>)
    case projectRisks(Param<UUID>)
    case newRisk(Param<UUID>)
    case risk(Param<UUID>)
    case editRisk(Param<UUID>)
    case deleteRisk(Param<UUID>)
    case escalateRisk(Param<UUID>)
    case materialiseRisk(Param<UUID>)
    case projectIssues(Param<UUID>)
    case projectPlan(Param<UUID>)
    case newMilestone(Param<UUID>)
    case baselinePlan(Param<UUID>)
    case milestone(Param<UUID>)
    case editMilestone(Param<UUID>)
    case deleteMilestone(Param<UUID>)
    case portfolioTimeline
    case newIssue(Param<UUID>)
    case issue(Param<UUID>)
    case editIssue(Param<UUID>)
    case deleteIssue(Param<UUID>)
    case escalateIssue(Param<UUID>)
    case projectDependencies(Param<UUID>)
    case newDependency(Param<UUID>)
    case dependency(Param<UUID>)
    case editDependency(Param<UUID>)
    case deleteDependency(Param<UUID>)
    case dependencyRegister
    case projectAssumptions(Param<UUID>)
    case newAssumption(Param<UUID>)
    case assumption(Param<UUID>)
    case projectMeasures(Param<UUID>)
    case measureSummary
    case newMeasure(Param<UUID>)
    case measure(Param<UUID>)
    case editMeasure(Param<UUID>)
    case deleteMeasure(Param<UUID>)
    case measureObservations(Param<UUID>)
    case measureImport(Param<UUID>)
    case measureExport(Param<UUID>)
    case editObservation(Param<UUID>)
    case deleteObservation(Param<UUID>)
    case measureAnnotations(Param<UUID>)
    case editAnnotation(Param<UUID>)
    case deleteAnnotation(Param<UUID>)
    case projectBenefits(Param<UUID>)
    case benefitRegister
    case newBenefit(Param<UUID>)
    case benefit(Param<UUID>)
    case editBenefit(Param<UUID>)
    case deleteBenefit(Param<UUID>)
    case projectQI(Param<UUID>)
    case editAim(Param<UUID>)
    case projectDrivers(Param<UUID>)
    case editDriver(Param<UUID>)
    case deleteDriver(Param<UUID>)
    case projectPDSA(Param<UUID>)
    case newPDSA(Param<UUID>)
    case pdsa(Param<UUID>)
    case editPDSA(Param<UUID>)
    case deletePDSA(Param<UUID>)
    case editAssumption(Param<UUID>)
    case deleteAssumption(Param<UUID>)
    case projectActions(Param<UUID>)
    case newAction(Param<UUID>)
    case action(Param<UUID>)
    case editAction(Param<UUID>)
    case deleteAction(Param<UUID>)
    case myWork
    case projectDecisions(Param<UUID>)
    case newDecision(Param<UUID>)
    case decision(Param<UUID>)
    case editDecision(Param<UUID>)
    case deleteDecision(Param<UUID>)
    /// A project's status updates (GET), and starting one (POST).
    case projectUpdates(Param<UUID>)
    case statusUpdate(Param<UUID>)
    case editStatusUpdate(Param<UUID>)
    case discardStatusUpdate(Param<UUID>)
    /// A project's highlight report, for a period it has reported (`?period=YYYY-MM`).
    case highlightReport(Param<UUID>)
    /// A project's gates: where it stands, the gate ahead and its reviews; asking for one.
    case projectGates(Param<UUID>)
    case requestGate(Param<UUID>)
    case gateReview(Param<UUID>)
    case decideGateReview(Param<UUID>)
    case withdrawGateReview(Param<UUID>)
    /// The reviews waiting for a decision, and the gates' boards and criteria.
    case gates
    case editGate(Param<UUID>)
    /// The portfolio report for a slice (the portfolio's filters) and a period (`?period=YYYY-MM`).
    case portfolioReport
    /// A board pack: the portfolio report and chosen highlight reports (`?project=ID`, repeated), as a page and as a PDF.
    case boardPack
    case boardPackPDF
    /// Who has reported, the reporting cycles and the bank holidays.
    case reporting
    case reportingCycle
    case removeReportingCycle(Param<UUID>)
    case bankHolidays
    case removeBankHoliday(Param<String>)
    /// Closing a reporting period (`2026-08`): its reported state frozen.
    case closePeriod(Param<String>)
    /// A project's log as CSV.
    case projectExport(Param<UUID>, Param<ProjectLog>)
    case systemRiskRegisterExport
    case organisationRiskRegisterExport(Param<UUID>)
    case systemIssueRegisterExport
    case organisationIssueRegisterExport(Param<UUID>)
    case dependencyRegisterExport
    case keyMilestonesExport
    case myWorkExport
    case benefitRegisterExport
    case portfolioExport
    /// The status history of the projects the portfolio's filters select (`format=csv|xlsx`).
    case statusHistoryExport
    /// A log across the projects the portfolio's filters select: `milestones` or `risks` (`format=csv|xlsx`).
    case logsExport(Param<String>)
    case systemRiskRegister
    case organisationRiskRegisters
    case organisationRiskRegister(Param<UUID>)
    case riskSettings
    case riskSettingsHistory
    case search
    case capability
    case personCapability(Param<UUID>)
    case assess
    case assessment(Param<UUID>)
    case framework
    case frameworkHistory
    /// A competency by its key.
    case editCompetency(Param<String>)
    case capabilityHeatMap
    case capabilityHeatMapExport
    case resources
    case newResource
    case resource(Param<UUID>)
    case editResource(Param<UUID>)
    case deleteResource(Param<UUID>)
    case resourceFile(Param<UUID>)
    case resourceHistory(Param<UUID>)
    case lessons
    case lessonReviewsAtInitiation
    case projectLessons(Param<UUID>)
    case newLesson(Param<UUID>)
    case lesson(Param<UUID>)
    case editLesson(Param<UUID>)
    case deleteLesson(Param<UUID>)
    /// A project's review of another project's lesson: recorded, or withdrawn.
    case lessonReviews(Param<UUID>)
    case withdrawLessonReview(Param<UUID>, Param<UUID>)
    case glossary
    case newGlossaryTerm
    case glossaryHistory
    /// A term by its key ("senior-responsible-owner"), which screens link to.
    case glossaryTerm(Param<String>)
    case editGlossaryTerm(Param<String>)
    case deleteGlossaryTerm(Param<String>)
    case glossaryTermHistory(Param<String>)
    case riskCategories
    case riskCategory(Param<UUID>)
    case deleteRiskCategory(Param<UUID>)
    case organisations
    case newOrganisation
    case organisation(Param<UUID>)
    case editOrganisation(Param<UUID>)
    case organisationHistory(Param<UUID>)
    case people
    case newPerson
    case person(Param<UUID>)
    case editPerson(Param<UUID>)
    case personActive(Param<UUID>)
    case personHistory(Param<UUID>)
    case structure
    case themes
    case theme(Param<UUID>)
    case programmes
    case programme(Param<UUID>)
    case tokens
    case revokeToken(Param<UUID>)
    /// A person's calendar feeds (GET), making one (POST, `project` for a project's), stopping one.
    case calendarFeeds
    case revokeCalendarFeed(Param<UUID>)
    /// A calendar feed's secret address: `/calendar/<secret>.ics`.
    case calendarFeed(Param<String>)
    case health
    case ready
    case metrics
    case account
    case accountPassword
    case endOtherSessions
    case problems
    case problem(Param<Int>)
    /// A static file at its plain URL (`/assets/waymark.css`), kept for an hour.
    case asset(Asset)
    /// A static file at the URL pages link, carrying its content's hash, kept for a year.
    case versionedAsset(Asset)

    /// The parameter names routes read with `req.parameters`.
    public enum Key {
        public static let project = "projectID"
        public static let person = "personID"
        public static let organisation = "organisationID"
        public static let item = "itemID"
        public static let token = "tokenID"
        public static let risk = "riskID"
        public static let issue = "issueID"
        public static let milestone = "milestoneID"
        public static let dependency = "dependencyID"
        public static let assumption = "assumptionID"
        public static let measure = "measureID"
        public static let observation = "observationID"
        public static let annotation = "annotationID"
        public static let benefit = "benefitID"
        public static let driver = "driverID"
        public static let pdsa = "pdsaID"
        public static let action = "actionID"
        public static let decision = "decisionID"
        public static let statusUpdate = "statusUpdateID"
        public static let gateReview = "gateReviewID"
        public static let date = "date"
        public static let log = "log"
        public static let term = "term"
        public static let lesson = "lessonID"
        public static let problem = "status"
    }

    private enum Segment {
        case fixed(String)
        case parameter(String, String?)
    }

    private static func id(_ key: String, _ param: Param<UUID>) -> Segment {
        switch param {
        case .key: .parameter(key, nil)
        case .value(let id): .parameter(key, id.lowercasedText)
        }
    }

    private static func text(_ key: String, _ param: Param<String>) -> Segment {
        switch param {
        case .key: .parameter(key, nil)
        case .value(let text): .parameter(key, QueryText.encode(text))
        }
    }

    private var segments: [Segment] {
        switch self {
        case .home: []
        case .signIn: [.fixed("sign-in")]
        case .signOut: [.fixed("sign-out")]
        case .portfolio: [.fixed("portfolio")]
        case .myProjects: [.fixed("my-projects")]
        case .portfolioView: [.fixed("portfolio"), .fixed("view")]
        case .projects: [.fixed("projects")]
        case .newProject: [.fixed("projects"), .fixed("new")]
        case .project(let p): [.fixed("projects"), Self.id(Key.project, p)]
        case .editProject(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("edit")]
        case .projectStatus(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("status")]
        case .deleteProject(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("delete")]
        case .projectTeam(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("team")]
        case .teamCandidates(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("team"), .fixed("candidates")]
        case .projectHistory(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("history")]
        case .removeTeamMember(let p, let person):
            [.fixed("projects"), Self.id(Key.project, p), .fixed("team"), Self.id(Key.person, person), .fixed("remove")]
        case .projectRisks(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("risks")]
        case .newRisk(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("risks"), .fixed("new")]
        case .risk(let r): [.fixed("risks"), Self.id(Key.risk, r)]
        case .editRisk(let r): [.fixed("risks"), Self.id(Key.risk, r), .fixed("edit")]
        case .deleteRisk(let r): [.fixed("risks"), Self.id(Key.risk, r), .fixed("delete")]
        case .escalateRisk(let r): [.fixed("risks"), Self.id(Key.risk, r), .fixed("escalation")]
        case .materialiseRisk(let r): [.fixed("risks"), Self.id(Key.risk, r), .fixed("materialise")]
        case .projectIssues(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("issues")]
        case .projectPlan(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("plan")]
        case .newMilestone(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("plan"), .fixed("new")]
        case .baselinePlan(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("plan"), .fixed("baselines")]
        case .milestone(let m): [.fixed("milestones"), Self.id(Key.milestone, m)]
        case .editMilestone(let m): [.fixed("milestones"), Self.id(Key.milestone, m), .fixed("edit")]
        case .deleteMilestone(let m): [.fixed("milestones"), Self.id(Key.milestone, m), .fixed("delete")]
        case .portfolioTimeline: [.fixed("timeline")]
        case .newIssue(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("issues"), .fixed("new")]
        case .issue(let i): [.fixed("issues"), Self.id(Key.issue, i)]
        case .editIssue(let i): [.fixed("issues"), Self.id(Key.issue, i), .fixed("edit")]
        case .deleteIssue(let i): [.fixed("issues"), Self.id(Key.issue, i), .fixed("delete")]
        case .escalateIssue(let i): [.fixed("issues"), Self.id(Key.issue, i), .fixed("escalation")]
        case .projectDependencies(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("dependencies")]
        case .newDependency(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("dependencies"), .fixed("new")]
        case .dependency(let d): [.fixed("dependencies"), Self.id(Key.dependency, d)]
        case .editDependency(let d): [.fixed("dependencies"), Self.id(Key.dependency, d), .fixed("edit")]
        case .deleteDependency(let d): [.fixed("dependencies"), Self.id(Key.dependency, d), .fixed("delete")]
        case .dependencyRegister: [.fixed("dependencies")]
        case .projectAssumptions(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("assumptions")]
        case .newAssumption(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("assumptions"), .fixed("new")]
        case .assumption(let a): [.fixed("assumptions"), Self.id(Key.assumption, a)]
        case .projectMeasures(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("measures")]
        case .measureSummary: [.fixed("measures")]
        case .newMeasure(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("measures"), .fixed("new")]
        case .measure(let m): [.fixed("measures"), Self.id(Key.measure, m)]
        case .editMeasure(let m): [.fixed("measures"), Self.id(Key.measure, m), .fixed("edit")]
        case .deleteMeasure(let m): [.fixed("measures"), Self.id(Key.measure, m), .fixed("delete")]
        case .measureObservations(let m): [.fixed("measures"), Self.id(Key.measure, m), .fixed("observations")]
        case .measureImport(let m): [.fixed("measures"), Self.id(Key.measure, m), .fixed("import")]
        case .measureExport(let m): [.fixed("measures"), Self.id(Key.measure, m), .fixed("observations.csv")]
        case .editObservation(let o): [.fixed("observations"), Self.id(Key.observation, o), .fixed("edit")]
        case .deleteObservation(let o): [.fixed("observations"), Self.id(Key.observation, o), .fixed("delete")]
        case .measureAnnotations(let m): [.fixed("measures"), Self.id(Key.measure, m), .fixed("annotations")]
        case .editAnnotation(let a): [.fixed("annotations"), Self.id(Key.annotation, a), .fixed("edit")]
        case .deleteAnnotation(let a): [.fixed("annotations"), Self.id(Key.annotation, a), .fixed("delete")]
        case .projectBenefits(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("benefits")]
        case .benefitRegister: [.fixed("benefits")]
        case .newBenefit(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("benefits"), .fixed("new")]
        case .benefit(let b): [.fixed("benefits"), Self.id(Key.benefit, b)]
        case .editBenefit(let b): [.fixed("benefits"), Self.id(Key.benefit, b), .fixed("edit")]
        case .deleteBenefit(let b): [.fixed("benefits"), Self.id(Key.benefit, b), .fixed("delete")]
        case .projectQI(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("qi")]
        case .editAim(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("qi"), .fixed("aim")]
        case .projectDrivers(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("qi"), .fixed("drivers")]
        case .editDriver(let d): [.fixed("drivers"), Self.id(Key.driver, d), .fixed("edit")]
        case .deleteDriver(let d): [.fixed("drivers"), Self.id(Key.driver, d), .fixed("delete")]
        case .projectPDSA(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("pdsa")]
        case .newPDSA(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("pdsa"), .fixed("new")]
        case .pdsa(let c): [.fixed("pdsa"), Self.id(Key.pdsa, c)]
        case .editPDSA(let c): [.fixed("pdsa"), Self.id(Key.pdsa, c), .fixed("edit")]
        case .deletePDSA(let c): [.fixed("pdsa"), Self.id(Key.pdsa, c), .fixed("delete")]
        case .editAssumption(let a): [.fixed("assumptions"), Self.id(Key.assumption, a), .fixed("edit")]
        case .deleteAssumption(let a): [.fixed("assumptions"), Self.id(Key.assumption, a), .fixed("delete")]
        case .projectActions(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("actions")]
        case .newAction(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("actions"), .fixed("new")]
        case .action(let a): [.fixed("actions"), Self.id(Key.action, a)]
        case .editAction(let a): [.fixed("actions"), Self.id(Key.action, a), .fixed("edit")]
        case .deleteAction(let a): [.fixed("actions"), Self.id(Key.action, a), .fixed("delete")]
        case .myWork: [.fixed("my-work")]
        case .projectDecisions(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("decisions")]
        case .newDecision(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("decisions"), .fixed("new")]
        case .decision(let d): [.fixed("decisions"), Self.id(Key.decision, d)]
        case .editDecision(let d): [.fixed("decisions"), Self.id(Key.decision, d), .fixed("edit")]
        case .deleteDecision(let d): [.fixed("decisions"), Self.id(Key.decision, d), .fixed("delete")]
        case .projectUpdates(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("updates")]
        case .statusUpdate(let u): [.fixed("status-updates"), Self.id(Key.statusUpdate, u)]
        case .editStatusUpdate(let u): [.fixed("status-updates"), Self.id(Key.statusUpdate, u), .fixed("edit")]
        case .discardStatusUpdate(let u): [.fixed("status-updates"), Self.id(Key.statusUpdate, u), .fixed("discard")]
        case .highlightReport(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("highlight-report")]
        case .projectGates(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("gates")]
        case .requestGate(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("gates"), .fixed("request")]
        case .gateReview(let r): [.fixed("gate-reviews"), Self.id(Key.gateReview, r)]
        case .decideGateReview(let r): [.fixed("gate-reviews"), Self.id(Key.gateReview, r), .fixed("decision")]
        case .withdrawGateReview(let r): [.fixed("gate-reviews"), Self.id(Key.gateReview, r), .fixed("withdraw")]
        case .gates: [.fixed("gates")]
        case .portfolioReport: [.fixed("reports"), .fixed("portfolio")]
        case .boardPack: [.fixed("reports"), .fixed("board-pack")]
        case .boardPackPDF: [.fixed("reports"), .fixed("board-pack.pdf")]
        case .editGate(let s): [.fixed("gates"), Self.id(Key.item, s), .fixed("edit")]
        case .reporting: [.fixed("reporting")]
        case .reportingCycle: [.fixed("reporting"), .fixed("cycle")]
        case .removeReportingCycle(let p): [.fixed("reporting"), .fixed("cycle"), Self.id(Key.item, p), .fixed("remove")]
        case .bankHolidays: [.fixed("reporting"), .fixed("holidays")]
        case .removeBankHoliday(let d): [.fixed("reporting"), .fixed("holidays"), Self.text(Key.date, d), .fixed("remove")]
        case .closePeriod(let p): [.fixed("reporting"), .fixed("periods"), Self.text(Key.item, p), .fixed("close")]
        case .projectExport(let p, let log):
            switch log {
            case .key: [.fixed("projects"), Self.id(Key.project, p), .fixed("export"), .parameter(Key.log, nil)]
            case .value(let log): [.fixed("projects"), Self.id(Key.project, p), .fixed("export"), .parameter(Key.log, log.rawValue)]
            }
        case .systemRiskRegisterExport: [.fixed("exports"), .fixed("system-risk-register")]
        case .organisationRiskRegisterExport(let o): [.fixed("exports"), .fixed("organisation-risk-register"), Self.id(Key.organisation, o)]
        case .systemIssueRegisterExport: [.fixed("exports"), .fixed("system-issue-register")]
        case .organisationIssueRegisterExport(let o): [.fixed("exports"), .fixed("organisation-issue-register"), Self.id(Key.organisation, o)]
        case .dependencyRegisterExport: [.fixed("exports"), .fixed("dependency-register")]
        case .benefitRegisterExport: [.fixed("exports"), .fixed("benefits-register")]
        case .portfolioExport: [.fixed("exports"), .fixed("portfolio")]
        case .statusHistoryExport: [.fixed("exports"), .fixed("status-history")]
        case .logsExport(let log): [.fixed("exports"), .fixed("logs"), Self.text(Key.log, log)]
        case .keyMilestonesExport: [.fixed("exports"), .fixed("key-milestones")]
        case .myWorkExport: [.fixed("exports"), .fixed("my-work")]
        case .systemRiskRegister: [.fixed("risk-registers"), .fixed("system")]
        case .organisationRiskRegisters: [.fixed("risk-registers"), .fixed("organisations")]
        case .organisationRiskRegister(let o): [.fixed("risk-registers"), .fixed("organisations"), Self.id(Key.organisation, o)]
        case .riskSettings: [.fixed("risk-settings")]
        case .riskSettingsHistory: [.fixed("risk-settings"), .fixed("history")]
        case .riskCategories: [.fixed("risk-settings"), .fixed("categories")]
        case .riskCategory(let c): [.fixed("risk-settings"), .fixed("categories"), Self.id(Key.item, c)]
        case .deleteRiskCategory(let c): [.fixed("risk-settings"), .fixed("categories"), Self.id(Key.item, c), .fixed("delete")]
        case .search: [.fixed("search")]
        case .capability: [.fixed("capability")]
        case .personCapability(let p): [.fixed("capability"), .fixed("people"), Self.id(Key.person, p)]
        case .assess: [.fixed("capability"), .fixed("assess")]
        case .assessment(let a): [.fixed("capability"), .fixed("assessments"), Self.id(Key.item, a)]
        case .framework: [.fixed("capability"), .fixed("framework")]
        case .frameworkHistory: [.fixed("capability"), .fixed("framework"), .fixed("history")]
        case .editCompetency(let c): [.fixed("capability"), .fixed("framework"), Self.text(Key.term, c), .fixed("edit")]
        case .capabilityHeatMap: [.fixed("capability"), .fixed("heat-map")]
        case .capabilityHeatMapExport: [.fixed("exports"), .fixed("capability")]
        case .resources: [.fixed("resources")]
        case .newResource: [.fixed("resources"), .fixed("new")]
        case .resource(let r): [.fixed("resources"), Self.id(Key.item, r)]
        case .editResource(let r): [.fixed("resources"), Self.id(Key.item, r), .fixed("edit")]
        case .deleteResource(let r): [.fixed("resources"), Self.id(Key.item, r), .fixed("delete")]
        case .resourceFile(let r): [.fixed("resources"), Self.id(Key.item, r), .fixed("file")]
        case .resourceHistory(let r): [.fixed("resources"), Self.id(Key.item, r), .fixed("history")]
        case .lessons: [.fixed("lessons")]
        case .lessonReviewsAtInitiation: [.fixed("lessons"), .fixed("learning-before")]
        case .projectLessons(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("lessons")]
        case .newLesson(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("lessons"), .fixed("new")]
        case .lesson(let l): [.fixed("lessons"), Self.id(Key.lesson, l)]
        case .editLesson(let l): [.fixed("lessons"), Self.id(Key.lesson, l), .fixed("edit")]
        case .deleteLesson(let l): [.fixed("lessons"), Self.id(Key.lesson, l), .fixed("delete")]
        case .lessonReviews(let p): [.fixed("projects"), Self.id(Key.project, p), .fixed("lesson-reviews")]
        case .withdrawLessonReview(let p, let l):
            [.fixed("projects"), Self.id(Key.project, p), .fixed("lesson-reviews"), Self.id(Key.lesson, l), .fixed("withdraw")]
        case .glossary: [.fixed("glossary")]
        case .newGlossaryTerm: [.fixed("glossary"), .fixed("new")]
        case .glossaryHistory: [.fixed("glossary"), .fixed("history")]
        case .glossaryTerm(let t): [.fixed("glossary"), Self.text(Key.term, t)]
        case .editGlossaryTerm(let t): [.fixed("glossary"), Self.text(Key.term, t), .fixed("edit")]
        case .deleteGlossaryTerm(let t): [.fixed("glossary"), Self.text(Key.term, t), .fixed("delete")]
        case .glossaryTermHistory(let t): [.fixed("glossary"), Self.text(Key.term, t), .fixed("history")]
        case .organisations: [.fixed("organisations")]
        case .newOrganisation: [.fixed("organisations"), .fixed("new")]
        case .organisation(let o): [.fixed("organisations"), Self.id(Key.organisation, o)]
        case .editOrganisation(let o): [.fixed("organisations"), Self.id(Key.organisation, o), .fixed("edit")]
        case .organisationHistory(let o): [.fixed("organisations"), Self.id(Key.organisation, o), .fixed("history")]
        case .people: [.fixed("people")]
        case .newPerson: [.fixed("people"), .fixed("new")]
        case .person(let p): [.fixed("people"), Self.id(Key.person, p)]
        case .editPerson(let p): [.fixed("people"), Self.id(Key.person, p), .fixed("edit")]
        case .personActive(let p): [.fixed("people"), Self.id(Key.person, p), .fixed("active")]
        case .personHistory(let p): [.fixed("people"), Self.id(Key.person, p), .fixed("history")]
        case .structure: [.fixed("portfolio-structure")]
        case .themes: [.fixed("portfolio-structure"), .fixed("themes")]
        case .theme(let t): [.fixed("portfolio-structure"), .fixed("themes"), Self.id(Key.item, t)]
        case .programmes: [.fixed("portfolio-structure"), .fixed("programmes")]
        case .programme(let p): [.fixed("portfolio-structure"), .fixed("programmes"), Self.id(Key.item, p)]
        case .tokens: [.fixed("account"), .fixed("api-tokens")]
        case .calendarFeeds: [.fixed("account"), .fixed("calendar-feeds")]
        case .revokeCalendarFeed(let f): [.fixed("account"), .fixed("calendar-feeds"), Self.id(Key.item, f), .fixed("revoke")]
        case .calendarFeed(let file): [.fixed("calendar"), Self.text("file", file)]
        case .account: [.fixed("account")]
        case .accountPassword: [.fixed("account"), .fixed("password")]
        case .endOtherSessions: [.fixed("account"), .fixed("sessions"), .fixed("end-others")]
        case .revokeToken(let t): [.fixed("account"), .fixed("api-tokens"), Self.id(Key.token, t), .fixed("revoke")]
        case .health: [.fixed("health")]
        case .ready: [.fixed("ready")]
        case .metrics: [.fixed("metrics")]
        case .problems: [.fixed("problems")]
        case .problem(let code):
            switch code {
            case .key: [.fixed("problems"), .parameter(Key.problem, nil)]
            case .value(let code): [.fixed("problems"), .parameter(Key.problem, String(code))]
            }
        case .asset(let asset): [.fixed("assets"), .fixed(asset.fileName)]
        case .versionedAsset(let asset): [.fixed("assets"), .fixed(asset.versionedFileName)]
        }
    }

    /// The path for a link. A `.key` parameter shows as `:name`, which only route templates use.
    public var path: String {
        "/" + segments.map { segment in
            switch segment {
            case .fixed(let text): text
            case .parameter(let key, let value): value ?? ":" + key
            }
        }.joined(separator: "/")
    }

    /// The path with a query string (already percent-encoded).
    public func path(query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(QueryText.encode($0.0))=\(QueryText.encode($0.1))" }.joined(separator: "&")
    }

    /// The route template for registering this page with Vapor.
    public var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .fixed(let text): .constant(text)
            case .parameter(let key, _): .parameter(key)
            }
        }
    }
}

/// Percent-encoding for query strings and `application/x-www-form-urlencoded` bodies.
public enum QueryText {
    private static let allowed: CharacterSet = {
        // ASCII only: CharacterSet.alphanumerics would let other scripts' letters through unencoded.
        CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    }()

    public static func encode(_ text: String) -> String {
        // Most values (ids, digits, words) need no encoding: they are returned as they are.
        if text.utf8.allSatisfy(isUnreserved) { return text }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}
