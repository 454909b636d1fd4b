import Foundation
import Plot
import WaymarkMarkup

/// The sections of a project, as the navigation under its heading lists them. Each later part of
/// a project (its plan, RAID log, benefits and measures, updates) joins as one case here.
enum ProjectSection: CaseIterable {
    case overview, team, updates, gates, plan, risks, issues, assumptions, dependencies, actions, decisions, measures, benefits, qi, lessons, history

    var label: String {
        switch self {
        case .overview: "Overview"
        case .team: "Team"
        case .updates: "Status"
        case .gates: "Gates"
        case .plan: "Plan"
        case .risks: "Risks"
        case .issues: "Issues"
        case .assumptions: "Assumptions"
        case .dependencies: "Dependencies"
        case .actions: "Actions"
        case .decisions: "Decisions"
        case .measures: "Measures"
        case .benefits: "Benefits"
        case .qi: "QI"
        case .lessons: "Lessons"
        case .history: "History"
        }
    }

    func path(_ project: UUID) -> String {
        switch self {
        case .overview: SiteURL.project(.value(project)).path
        // The team is a part of the overview page, with its own heading to land on.
        case .team: SiteURL.project(.value(project)).path + "#team"
        case .updates: SiteURL.projectUpdates(.value(project)).path
        case .gates: SiteURL.projectGates(.value(project)).path
        case .plan: SiteURL.projectPlan(.value(project)).path
        case .risks: SiteURL.projectRisks(.value(project)).path
        case .issues: SiteURL.projectIssues(.value(project)).path
        case .assumptions: SiteURL.projectAssumptions(.value(project)).path
        case .dependencies: SiteURL.projectDependencies(.value(project)).path
        case .actions: SiteURL.projectActions(.value(project)).path
        case .decisions: SiteURL.projectDecisions(.value(project)).path
        case .measures: SiteURL.projectMeasures(.value(project)).path
        case .benefits: SiteURL.projectBenefits(.value(project)).path
        case .qi: SiteURL.projectQI(.value(project)).path
        case .lessons: SiteURL.projectLessons(.value(project)).path
        case .history: SiteURL.projectHistory(.value(project)).path
        }
    }
}

/// The navigation between a project's sections, the current one marked for assistive technology.
struct ProjectSectionNavigation: Component {
    var project: UUID
    var current: ProjectSection

    var body: Component {
        El("nav", [("class", "wm-section-nav"), ("aria-label", "Project sections")]) {
            El("ul", [("class", "wm-section-nav__list")]) {
                for section in ProjectSection.allCases {
                    El("li", [("class", "wm-section-nav__item")]) {
                        El("a", [("class", "wm-section-nav__link"), ("href", section.path(project)),
                                 ("aria-current", section == current ? "page" : nil)]) { Safe(section.label) }
                    }
                }
            }
        }
    }
}
