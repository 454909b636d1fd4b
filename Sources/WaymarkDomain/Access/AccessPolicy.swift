import Foundation

/// The signed-in person, as the access policy sees them.
public struct Actor: Equatable, Sendable {
    public var personID: UUID
    public var role: SystemRole
    public var organisationID: UUID

    public init(personID: UUID, role: SystemRole, organisationID: UUID) {
        self.personID = personID
        self.role = role
        self.organisationID = organisationID
    }
}

/// The facts about one project that decide who may do what with it.
public struct ProjectAccessFacts: Equatable, Sendable {
    public var visibility: Visibility
    public var leadOrganisationID: UUID
    public var partnerOrganisationIDs: Set<UUID>
    /// The actor's role on the project team, if they are on it.
    public var actorTeamRole: TeamRole?

    public init(visibility: Visibility, leadOrganisationID: UUID,
                partnerOrganisationIDs: Set<UUID>, actorTeamRole: TeamRole?) {
        self.visibility = visibility
        self.leadOrganisationID = leadOrganisationID
        self.partnerOrganisationIDs = partnerOrganisationIDs
        self.actorTeamRole = actorTeamRole
    }
}

/// Which projects a person may read, as data: the portfolio index applies the same rule to every
/// project when it lists, counts and searches, so those can never disagree with
/// `AccessPolicy.canRead`.
public struct ProjectReadRule: Hashable, Sendable {
    /// Every project, whatever its visibility.
    public var everything: Bool
    /// Visibilities readable by anyone with this rule.
    public var anyOrganisation: VisibilitySet
    /// Visibilities readable when the person's organisation leads or partners the project.
    public var leadOrPartnerOrganisation: VisibilitySet
    /// Visibilities readable when the person's organisation leads the project.
    public var leadOrganisation: VisibilitySet
    /// Membership of the project team grants reading, whatever the visibility.
    public var teamMembership: Bool
    public var organisationID: UUID
    public var personID: UUID

    /// Every project: what the system itself reads with when it freezes a closed period, never a person's rule.
    public static let everything = ProjectReadRule(everything: true, anyOrganisation: [], leadOrPartnerOrganisation: [], leadOrganisation: [],
                                                   teamMembership: false, organisationID: UUID(), personID: UUID())

    /// The rule as far as what it admits, for keeping what is made for one reader for others:
    /// every rule that admits everything is the same rule, whoever holds it. Any other names its
    /// person, since their teams admit them.
    public var shared: ProjectReadRule { everything ? .everything : self }

    public func admits(_ facts: ProjectAccessFacts) -> Bool {
        admits(visibility: facts.visibility, leadOrganisationID: facts.leadOrganisationID,
               partners: facts.partnerOrganisationIDs.contains(organisationID), onTeam: facts.actorTeamRole != nil)
    }

    /// The rule itself. Whether the person's organisation partners the project and whether they
    /// are on its team are asked only when nothing else admits them: they are the facts that cost
    /// a lookup.
    public func admits(visibility: Visibility, leadOrganisationID: UUID, partners: @autoclosure () -> Bool,
                       onTeam: @autoclosure () -> Bool) -> Bool {
        if everything { return true }
        if anyOrganisation.contains(visibility) { return true }
        let leads = leadOrganisationID == organisationID
        if leadOrganisation.contains(visibility) && leads { return true }
        if leadOrPartnerOrganisation.contains(visibility) && (leads || partners()) { return true }
        return teamMembership && onTeam()
    }
}

/// A set of visibilities as bits: the read rule asks it for every project of every list.
public struct VisibilitySet: Hashable, Sendable, ExpressibleByArrayLiteral {
    private var bits: UInt8 = 0

    public init(arrayLiteral elements: Visibility...) {
        for element in elements { insert(element) }
    }

    public func contains(_ visibility: Visibility) -> Bool { bits & Self.bit(visibility) != 0 }
    /// The visibilities in the set, in `Visibility`'s order.
    public var members: [Visibility] { Visibility.allCases.filter(contains) }
    public mutating func insert(_ visibility: Visibility) { bits |= Self.bit(visibility) }
    public var isEmpty: Bool { bits == 0 }

    private static func bit(_ visibility: Visibility) -> UInt8 {
        switch visibility {
        case .system: 1
        case .organisation: 2
        case .team: 4
        }
    }
}

/// The one place that decides every read and write (DESIGN.md, Access). HTML pages, the API,
/// counts, filters, history and team lists all ask it.
public enum AccessPolicy {
    // MARK: Projects

    public static func readRule(for actor: Actor) -> ProjectReadRule {
        var rule = ProjectReadRule(everything: false, anyOrganisation: [.system],
                                   leadOrPartnerOrganisation: [], leadOrganisation: [],
                                   teamMembership: true, organisationID: actor.organisationID,
                                   personID: actor.personID)
        switch actor.role {
        case .admin:
            rule.everything = true
        case .portfolio:
            rule.anyOrganisation = [.system, .organisation]
        case .orgadmin:
            rule.leadOrPartnerOrganisation = [.organisation]
            rule.leadOrganisation = [.team]
        case .member, .viewer:
            rule.leadOrPartnerOrganisation = [.organisation]
        }
        return rule
    }

    public static func canRead(_ actor: Actor, _ project: ProjectAccessFacts) -> Bool {
        readRule(for: actor).admits(project)
    }

    /// Fields, plan, RAID, benefits, updates.
    public static func canEditContent(_ actor: Actor, _ project: ProjectAccessFacts) -> Bool {
        projectPermission(actor, project, teamRoleQualifies: \.editsContent)
    }

    /// The team, visibility, stage requests and closing.
    public static func canManage(_ actor: Actor, _ project: ProjectAccessFacts) -> Bool {
        projectPermission(actor, project, teamRoleQualifies: \.managesProject)
    }

    /// Changing and managing share one shape: administrators and the portfolio office may (for a
    /// project they can read), viewers never, an organisation admin for projects their
    /// organisation leads, and anyone else through a qualifying team role.
    private static func projectPermission(_ actor: Actor, _ project: ProjectAccessFacts,
                                          teamRoleQualifies: (TeamRole) -> Bool) -> Bool {
        guard canRead(actor, project) else { return false }
        let byTeamRole = project.actorTeamRole.map(teamRoleQualifies) ?? false
        switch actor.role {
        case .admin, .portfolio: return true
        case .viewer: return false
        case .orgadmin: return project.leadOrganisationID == actor.organisationID || byTeamRole
        case .member: return byTeamRole
        }
    }

    /// Hard delete is for administrators only; closing is the normal end.
    public static func canDelete(_ actor: Actor, _ project: ProjectAccessFacts) -> Bool {
        actor.role == .admin
    }

    /// Creating a project led by `leadOrganisationID`.
    public static func canCreateProject(_ actor: Actor, leadOrganisationID: UUID) -> Bool {
        switch actor.role {
        case .admin, .portfolio: return true
        case .orgadmin, .member: return leadOrganisationID == actor.organisationID
        case .viewer: return false
        }
    }

    public static func canCreateProjects(_ actor: Actor) -> Bool { actor.role != .viewer }

    // MARK: People and organisations

    /// Whether the person administers people at all (the People admin pages).
    public static func canAdministerPeople(_ actor: Actor) -> Bool {
        actor.role == .admin || actor.role == .orgadmin
    }

    /// Changing an existing person (name, email, role, active).
    /// An organisation admin manages only accounts they could have created themselves.
    public static func canManagePerson(_ actor: Actor, organisationID: UUID, role: SystemRole) -> Bool {
        canGrant(actor, role: role, organisationID: organisationID)
    }

    /// Whether `person` appears to `actor` at all (their page, the API, the directory): every
    /// active account does, since the directory is system-wide; a deactivated one only to
    /// those who manage it, who may need to reactivate it.
    public static func canSee(_ actor: Actor, person: Person) -> Bool {
        person.active || canManagePerson(actor, organisationID: person.organisationID, role: person.role)
    }

    /// The system roles this person may give to others.
    public static func grantableRoles(_ actor: Actor) -> [SystemRole] {
        switch actor.role {
        case .admin: return SystemRole.allCases
        case .orgadmin: return [.orgadmin, .member, .viewer]
        default: return []
        }
    }

    /// Creating or editing a person in `organisationID` with `role`.
    public static func canGrant(_ actor: Actor, role: SystemRole, organisationID: UUID) -> Bool {
        switch actor.role {
        case .admin: return true
        case .orgadmin: return organisationID == actor.organisationID && grantableRoles(actor).contains(role)
        default: return false
        }
    }

    public static func canManageOrganisations(_ actor: Actor) -> Bool { actor.role == .admin }

    /// Strategic themes and programmes belong to the portfolio office.
    public static func canManagePortfolioStructure(_ actor: Actor) -> Bool {
        actor.role == .admin || actor.role == .portfolio
    }

    /// The list of risk categories is the portfolio office's to keep.
    public static func canManageRiskCategories(_ actor: Actor) -> Bool {
        actor.role == .admin || actor.role == .portfolio
    }

    /// What the whole system shares (the glossary, the resource library, the competency
    /// framework) is the portfolio office's to keep.
    public static func canKeepSharedKnowledge(_ actor: Actor) -> Bool {
        actor.role == .admin || actor.role == .portfolio
    }

    /// Which projects learnt before they started is the portfolio office's to follow.
    public static func canOverseeLearning(_ actor: Actor) -> Bool {
        actor.role == .admin || actor.role == .portfolio
    }

    /// A person's self-assessments are seen by that person, the admins of their organisation and
    /// system administrators: no one else.
    /// Someone who has left (`active` false) is seen by system administrators only.
    public static func canSeeAssessments(_ actor: Actor, of personID: UUID, organisationID: UUID, active: Bool = true) -> Bool {
        guard active || actor.role == .admin else { return false }
        return actor.personID == personID || actor.role == .admin || (actor.role == .orgadmin && actor.organisationID == organisationID)
    }

    /// Whose capability a person sees across people (always in groups of five or more).
    public enum CapabilityScope: Equatable, Sendable {
        case everyOrganisation
        case organisation(UUID)

        /// The one organisation shown, or nil for every one.
        public var organisationID: UUID? {
            if case .organisation(let id) = self { return id }
            return nil
        }
    }

    /// Organisation admins see their organisation's capability, the portfolio office and system
    /// administrators every organisation's; nobody else sees it.
    public static func capabilityScope(_ actor: Actor) -> CapabilityScope? {
        switch actor.role {
        case .admin, .portfolio: .everyOrganisation
        case .orgadmin: .organisation(actor.organisationID)
        default: nil
        }
    }

    public static func canSeeCapability(_ actor: Actor) -> Bool { capabilityScope(actor) != nil }

    /// The reporting cycle and the bank holidays are the portfolio office's to keep.
    public static func canManageReporting(_ actor: Actor) -> Bool {
        actor.role == .admin || actor.role == .portfolio
    }

    /// Who has and has not reported is followed by the portfolio office and organisations'
    /// portfolio leads (each for the projects they may read).
    public static func canFollowReporting(_ actor: Actor) -> Bool {
        actor.role == .admin || actor.role == .portfolio || actor.role == .orgadmin
    }

    /// A gate's board, criteria and members are the portfolio office's to keep.
    public static func canManageGates(_ actor: Actor) -> Bool { canManageReporting(actor) }

    /// A gate's decision is recorded by the portfolio office or by a member of the gate's board
    /// (who must also be able to read the project).
    public static func canDecideGate(_ actor: Actor, boardMembers: [UUID]) -> Bool {
        actor.role == .admin || actor.role == .portfolio || boardMembers.contains(actor.personID)
    }

    /// The band table and escalation threshold are system settings: they grade every organisation's
    /// risks, so only system administrators change them.
    public static func canManageRiskSettings(_ actor: Actor) -> Bool { actor.role == .admin }
}

// MARK: Refusals, and the role rules forms and workflows ask

/// Why the policy refuses something: the same words on a page and in an API problem's detail.
public enum Refusal: String, CaseIterable, Sendable {
    case createProjects
    case editProject
    case manageProjectFields
    case changeTeam
    case deleteProject
    case administerPeople
    case managePerson
    case deactivateSelf
    case manageOrganisations
    case managePortfolioStructure
    case deleteRisk
    case deleteIssue
    case deleteMilestone
    case baselinePlan
    case deleteDependency
    case deleteAssumption
    case deleteAction
    case deleteDecision
    case manageRiskCategories
    case manageRiskSettings
    case deleteMeasure
    case deleteBenefit
    case deleteQIRecord
    case manageGlossary
    case deleteLesson
    case overseeLearning
    case manageResources
    case manageFramework
    case seeCapability
    case manageReporting
    case followReporting
    case manageGates
    case closePeriod
    case requestGate
    case decideGate

    public var message: String {
        switch self {
        case .createProjects: "Viewer accounts cannot create projects."
        case .editProject: "You can see this project but not change it. Ask its project manager to add you to the team."
        case .manageProjectFields:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office change its lead organisation, visibility, status or lifecycle stage."
        case .changeTeam: "Only the project's SRO or manager, its lead organisation's admin or the portfolio office can change the team."
        case .deleteProject: "Only system administrators can delete projects. Close the project instead."
        case .administerPeople: "Only administrators add people."
        case .managePerson:
            "You cannot change this account. Organisation admins manage the member, viewer and organisation admin accounts of their own organisation."
        case .deactivateSelf: "You cannot deactivate your own account."
        case .manageOrganisations: "Only system administrators add and change organisations."
        case .managePortfolioStructure: "Only the portfolio office manages strategic themes and programmes."
        case .deleteRisk:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete a risk. Close it instead."
        case .baselinePlan:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office baseline its plan."
        case .deleteMilestone:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete a milestone."
        case .deleteDependency:
            "Only the depending project's SRO or manager, its lead organisation's admin or the portfolio office delete a dependency. Mark it met instead."
        case .deleteAssumption:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete an assumption. Record what its check found instead."
        case .deleteAction:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete an action. Record the date it was done instead."
        case .deleteDecision:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete a decision. Record a later decision that changes it instead."
        case .deleteIssue:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete an issue. Close it instead."
        case .deleteMeasure:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete a measure and its observations."
        case .deleteBenefit:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete a benefit. Mark it not realised instead."
        case .deleteQIRecord:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete parts of its driver diagram or its PDSA cycles."
        case .manageRiskCategories: "Only the portfolio office keeps the list of risk categories."
        case .manageGlossary: "Only the portfolio office adds, changes and deletes glossary terms."
        case .deleteLesson:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office delete a lesson. Change it instead."
        case .overseeLearning: "Only the portfolio office follows which projects reviewed lessons before they started."
        case .manageResources: "Only the portfolio office adds, changes and deletes resources in the library."
        case .manageFramework: "Only the portfolio office changes the competency framework."
        case .seeCapability: "Only organisation admins, the portfolio office and system administrators see capability across people."
        case .manageRiskSettings: "Only system administrators change the risk band table and escalation threshold."
        case .manageReporting: "Only the portfolio office sets the reporting cycles and keeps the list of bank holidays."
        case .followReporting: "Only the portfolio office and organisation admins follow who has reported."
        case .manageGates: "Only the portfolio office sets the gates' boards, criteria and members."
        case .closePeriod: "Only the portfolio office closes reporting periods."
        case .requestGate:
            "Only the project's SRO or manager, its lead organisation's admin or the portfolio office ask for or withdraw a gate review."
        case .decideGate: "Only the portfolio office and the members of the gate's board record its decision."
        }
    }
}

extension Forbidden {
    public init(_ refusal: Refusal) { self.init(refusal.message) }
}

extension AccessPolicy {
    /// Throws the refusal unless `allowed`.
    public static func require(_ allowed: Bool, else refusal: Refusal) throws {
        if !allowed { throw Forbidden(refusal) }
    }

    /// The team role a person takes on a project they create. Members and organisation admins
    /// run what they create (without it a member could not see their own team-only project);
    /// the portfolio office and administrators create projects on others' behalf.
    public static func creatorTeamRole(_ actor: Actor) -> TeamRole? {
        switch actor.role {
        case .member, .orgadmin: .manager
        case .admin, .portfolio, .viewer: nil
        }
    }

    /// The organisation a new project's form starts with as its lead: the person's own, when that
    /// is the only one they may choose.
    public static func defaultLeadOrganisation(_ actor: Actor) -> UUID? {
        switch actor.role {
        case .member, .orgadmin: actor.organisationID
        case .admin, .portfolio, .viewer: nil
        }
    }

    /// Whether a change of lead organisation from `before` to `after` is one this person may make
    /// (they manage the project already; this is about where it may go).
    public static func canHandProject(_ actor: Actor, from before: UUID, to after: UUID) -> Bool {
        before == after || canCreateProject(actor, leadOrganisationID: after)
    }

    /// The organisations this person may put accounts in.
    public static func canGrant(_ actor: Actor, inOrganisation organisationID: UUID) -> Bool {
        switch actor.role {
        case .admin: true
        case .orgadmin: organisationID == actor.organisationID
        case .portfolio, .member, .viewer: false
        }
    }

    /// Why giving `role` in `organisationID` is refused, as a field error, or nil when it is not.
    public static func grantError(_ actor: Actor, role: SystemRole, organisationID: UUID) -> FieldError? {
        if canGrant(actor, role: role, organisationID: organisationID) { return nil }
        if !canGrant(actor, inOrganisation: organisationID) {
            return FieldError("organisationId", "You can only manage people of your own organisation", kind: .rule)
        }
        return FieldError("role", "You can give the roles: " + grantableRoles(actor).map(\.label).joined(separator: ", "), kind: .rule)
    }

    /// Deactivating is for others' accounts: nobody locks themselves out.
    public static func canDeactivate(_ actor: Actor, personID: UUID) -> Bool { actor.personID != personID }

    /// The system keeps at least one active administrator: the error when a change to `person`
    /// (to `role`, active or not) would leave none, given how many active administrators there are.
    public static func lastAdministratorError(_ person: Person, becoming role: SystemRole, active: Bool,
                                              activeAdministrators: Int) -> FieldError? {
        guard person.role == .admin, person.active, role != .admin || !active, activeAdministrators <= 1 else { return nil }
        return FieldError(role != .admin ? "role" : "active",
                          "\(person.name) is the only active system administrator: make someone else an administrator first",
                          kind: .rule)
    }
}
