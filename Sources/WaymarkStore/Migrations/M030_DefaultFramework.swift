import WaymarkDomain

/// The competency framework Waymark ships (M030), written for Waymark after the shape of the
/// Government Project Delivery Capability Framework and the APM Competence Framework: ten
/// competencies in four domains, four levels each, and the level each role needs. A
/// competency's key is also the tag of the resources suggested for it.
enum DefaultFramework {
    static func competency(_ key: String, _ name: String, _ description: String, _ descriptors: [String],
                           pm: Int?, sro: Int?, qi: Int?, pmo: Int?) -> Competency {
        var targets: [CapabilityRole: ProficiencyLevel] = [:]
        for (role, level) in [(CapabilityRole.projectManager, pm), (.sro, sro), (.qiLead, qi), (.pmoAnalyst, pmo)] {
            if let level { targets[role] = ProficiencyLevel(rawValue: level) }
        }
        return Competency(key: key, name: name, description: description, descriptors: descriptors, targets: targets)
    }

    static let framework = CompetencyFramework(version: 1, domains: [
        CompetencyDomain(name: "Delivery", competencies: [
            competency("planning", "Planning and scheduling", "Breaking work down, sequencing it, estimating it and keeping the plan honest.", [
                "Understands what a plan, a milestone and a baseline are, and reads a timeline.",
                "Builds and keeps a project plan with milestones, dependencies and a baseline; forecasts slippage honestly.",
                "Plans complex, cross-organisation work; finds the critical path and re-plans when things change.",
                "Sets planning standards for a portfolio and coaches others in them.",
            ], pm: 3, sro: 2, qi: 2, pmo: 3),
            competency("risk", "Risk and issue management", "Finding, scoring, responding to and escalating risks and issues.", [
                "Knows the difference between a risk and an issue and how the 5x5 matrix scores a risk.",
                "Keeps a RAID log: writes risks as cause, event and effect, scores them, sets responses, owners and review dates.",
                "Manages risks across organisations; knows when and how to escalate, and helps boards set risk appetite.",
                "Leads risk management for a programme or system and shapes its policy and registers.",
            ], pm: 3, sro: 3, qi: 2, pmo: 3),
            competency("governance", "Governance and reporting", "Boards, gates, decisions and reports that let the right people decide.", [
                "Knows who decides what on a project, and what a highlight report and a gate are for.",
                "Writes clear highlight reports with justified RAG ratings; prepares for gate reviews and records decisions.",
                "Designs a project's governance: board, tolerances, reporting rhythm; raises exceptions early.",
                "Designs portfolio governance and assurance across organisations.",
            ], pm: 3, sro: 4, qi: 2, pmo: 3),
        ]),
        CompetencyDomain(name: "Value", competencies: [
            competency("benefits", "Benefits management", "Defining, measuring and realising the benefits that justify the work.", [
                "Knows what a benefit, a dis-benefit and a benefit owner are.",
                "Writes benefit profiles with baselines, targets and measures, and tracks them against a trajectory.",
                "Manages benefits across projects and after closure, including cash-releasing benefits by financial year.",
                "Leads benefits realisation for a portfolio and holds the system to account for it.",
            ], pm: 2, sro: 3, qi: 2, pmo: 3),
            competency("finance", "Finance and business cases", "Costing options, making the case and managing the budget.", [
                "Understands a budget, capital and revenue, and what a business case is for.",
                "Contributes costs and benefits to a business case; tracks spend against the budget.",
                "Writes business cases that compare options; manages contingency and financial tolerances.",
                "Shapes investment decisions across the portfolio.",
            ], pm: 2, sro: 3, qi: 1, pmo: 2),
        ]),
        CompetencyDomain(name: "People", competencies: [
            competency("stakeholders", "Stakeholder engagement", "Involving the people a change affects, patients and staff among them.", [
                "Knows who the project's stakeholders are and why they matter.",
                "Maps stakeholders and plans how to involve each; co-designs with people who use the service.",
                "Brings partners with different interests to agreement, across organisations.",
                "Builds lasting partnerships across the system and models engagement for others.",
            ], pm: 3, sro: 3, qi: 3, pmo: 2),
            competency("leadership", "Leadership", "Setting direction, building the team and making decisions.", [
                "Takes responsibility for their own work and supports the team.",
                "Leads a small team: agrees roles, gives feedback, keeps people informed.",
                "Leads a multi-organisation team through change; makes and explains hard decisions.",
                "Leads at system level; develops other leaders.",
            ], pm: 3, sro: 4, qi: 3, pmo: 2),
        ]),
        CompetencyDomain(name: "Improvement", competencies: [
            competency("qi", "Quality improvement methods", "The Model for Improvement: aims, driver diagrams and PDSA cycles.", [
                "Knows the three questions of the Model for Improvement and what a PDSA cycle is.",
                "Writes an aim, builds a driver diagram and runs and records PDSA cycles.",
                "Coaches teams through improvement projects and spreads what works.",
                "Leads an improvement programme and builds improvement capability across organisations.",
            ], pm: 2, sro: 2, qi: 4, pmo: 2),
            competency("measurement", "Measurement and SPC", "Measures, run charts and SPC charts read the Making Data Count way.", [
                "Knows why two data points are not a trend and what an SPC chart shows.",
                "Defines measures, collects data and reads run and SPC charts, including the variation and assurance icons.",
                "Chooses outcome, process and balancing measures; recalculates limits at real change; teaches others.",
                "Leads the use of data for improvement across a system.",
            ], pm: 2, sro: 2, qi: 3, pmo: 3),
            competency("learning", "Learning and knowledge", "Learning before, during and after, and sharing it.", [
                "Knows where to find the lessons of other projects.",
                "Reviews lessons before starting, holds after-action reviews and records lessons others can use.",
                "Runs retrospects and peer assists, and brings lessons from across the system into the work.",
                "Builds a learning culture across organisations.",
            ], pm: 3, sro: 2, qi: 3, pmo: 3),
        ]),
    ])
}
