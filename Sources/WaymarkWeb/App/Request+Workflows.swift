import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The workflows, for a request: HTML controllers and API routes both call these.
extension Request {
    var acting: Acting {
        get throws { Acting(try requireSignedIn().person) }
    }

    var projects: ProjectWorkflows { ProjectWorkflows(store) }
    var organisations: OrganisationWorkflows { OrganisationWorkflows(store) }
    var structure: StructureWorkflows { StructureWorkflows(store) }
    var risks: RiskWorkflows { RiskWorkflows(store) }
    var issues: IssueWorkflows { IssueWorkflows(store) }
    var dependencies: DependencyWorkflows { DependencyWorkflows(store) }
    var assumptions: AssumptionWorkflows { AssumptionWorkflows(store) }
    var actions: ActionWorkflows { ActionWorkflows(store) }
    var work: WorkWorkflows { WorkWorkflows(store) }
    var preferences: PreferenceWorkflows { PreferenceWorkflows(store) }
    var decisions: DecisionWorkflows { DecisionWorkflows(store) }
    var status: StatusWorkflows { StatusWorkflows(store) }
    var reports: ReportWorkflows { ReportWorkflows(store) }
    var calendar: CalendarWorkflows { CalendarWorkflows(store) }
    var gates: GateWorkflows { GateWorkflows(store) }
    var dashboard: DashboardWorkflows { DashboardWorkflows(store) }
    var plans: PlanWorkflows { PlanWorkflows(store) }
    var riskSettings: RiskSettingsWorkflows { RiskSettingsWorkflows(store) }
    var measures: MeasureWorkflows { MeasureWorkflows(store) }
    var benefits: BenefitWorkflows { BenefitWorkflows(store) }
    var qi: QIWorkflows { QIWorkflows(store) }
    var glossary: GlossaryWorkflows { GlossaryWorkflows(store) }
    var lessons: LessonWorkflows { LessonWorkflows(store) }
    var search: SearchWorkflows { SearchWorkflows(store) }
    var resources: ResourceWorkflows { ResourceWorkflows(store) }
    var capability: CapabilityWorkflows { CapabilityWorkflows(store) }
    var account: AccountWorkflows {
        let hasher = password.async
        return AccountWorkflows(store, passwords: PasswordHashing { try await hasher.hash($0) },
                                verify: { try await hasher.verify($0, created: $1) }, throttle: application.waymark.throttle)
    }
    var people: PeopleWorkflows {
        let hasher = password.async
        return PeopleWorkflows(store, passwords: PasswordHashing { try await hasher.hash($0) })
    }
}

extension SignedIn {
    var acting: Acting { Acting(person) }
}
