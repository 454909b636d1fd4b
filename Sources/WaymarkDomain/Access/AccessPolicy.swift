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

/// Which projects a person may read, as data: the store turns the same rule into a query
/// filter, so lists, counts and search can never disagree with `AccessPolicy.canRead`.
public struct ProjectReadRule: Equatable, Sendable {
    /// Every project, whatever its visibility.
    public var everything: Bool
    /// Visibilities readable by anyone with this rule.
    public var anyOrganisation: Set<Visibility>
    /// Visibilities readable when the person's organisation leads or partners the project.
    public var leadOrPartnerOrganisation: Set<Visibility>
    /// Visibilities readable when the person's organisation leads the project.
    public var leadOrganisation: Set<Visibility>
    /// Membership of the project team grants reading, whatever the visibility.
    public var teamMembership: Bool
    public var organisationID: UUID
    public var personID: UUID

    public func admits(_ facts: ProjectAccessFacts) -> Bool {
        if everything { return true }
        if teamMembership && facts.actorTeamRole != nil { return true }
        if anyOrganisation.contains(facts.visibility) { return true }
        let leads = facts.leadOrganisationID == organisationID
        if leadOrganisation.contains(facts.visibility) && leads { return true }
        if leadOrPartnerOrganisation.contains(facts.visibility)
            && (leads || facts.partnerOrganisationIDs.contains(organisationID)) { return true }
        return false
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
}
