import Foundation
import WaymarkDomain
import XCTest

/// The access policy against DESIGN.md's tables, for every system role x team role (or none) x
/// visibility x the person's organisation (lead, partner, other). Expectations are written from
/// the tables here, not derived from the policy's code.
final class AccessPolicyTests: XCTestCase {
    enum Relation: CaseIterable { case lead, partner, other }

    let leadOrg = UUID()
    let partnerOrg = UUID()
    let otherOrg = UUID()

    func actor(_ role: SystemRole, _ relation: Relation) -> Actor {
        let organisation = switch relation {
        case .lead: leadOrg
        case .partner: partnerOrg
        case .other: otherOrg
        }
        return Actor(personID: UUID(), role: role, organisationID: organisation)
    }

    func facts(_ visibility: Visibility, _ teamRole: TeamRole?) -> ProjectAccessFacts {
        ProjectAccessFacts(visibility: visibility, leadOrganisationID: leadOrg, partnerOrganisationIDs: [partnerOrg],
                           actorTeamRole: teamRole)
    }

    /// DESIGN.md "Who may read a project". One addition, stated in the README: a person on a
    /// project's team can always read it (the table omits this only for orgadmin; an orgadmin who
    /// is SRO of another organisation's team-only project must be able to see it).
    func expectedRead(_ role: SystemRole, _ relation: Relation, _ visibility: Visibility, _ team: TeamRole?) -> Bool {
        let onTeam = team != nil
        switch visibility {
        case .system:
            return true
        case .organisation:
            switch role {
            case .admin, .portfolio: return true
            case .orgadmin, .member, .viewer: return relation != .other || onTeam
            }
        case .team:
            switch role {
            case .admin: return true
            case .portfolio: return onTeam
            case .orgadmin: return relation == .lead || onTeam
            case .member, .viewer: return onTeam
            }
        }
    }

    /// "Who may change a project's content": admin; portfolio (any project it can read); orgadmin
    /// (projects their organisation leads); a member whose team role is sro, manager, qilead or
    /// member. Observers and viewers never. (An orgadmin with such a team role may too.)
    func expectedEdit(_ role: SystemRole, _ relation: Relation, _ visibility: Visibility, _ team: TeamRole?) -> Bool {
        guard expectedRead(role, relation, visibility, team) else { return false }
        let editingRole = [TeamRole.sro, .manager, .qilead, .member].contains { $0 == team }
        switch role {
        case .admin, .portfolio: return true
        case .orgadmin: return relation == .lead || editingRole
        case .member: return editingRole
        case .viewer: return false
        }
    }

    /// "Manage the team, visibility, stage requests and closing: admin, portfolio, orgadmin of the
    /// lead organisation, team sro or manager." Viewers never change anything.
    func expectedManage(_ role: SystemRole, _ relation: Relation, _ visibility: Visibility, _ team: TeamRole?) -> Bool {
        guard expectedRead(role, relation, visibility, team) else { return false }
        let managingRole = team == .sro || team == .manager
        switch role {
        case .admin, .portfolio: return true
        case .orgadmin: return relation == .lead || managingRole
        case .member: return managingRole
        case .viewer: return false
        }
    }

    func testEveryCombinationMatchesTheDesignTables() {
        var checked = 0
        for role in SystemRole.allCases {
            for relation in Relation.allCases {
                for visibility in Visibility.allCases {
                    for team in [nil] + TeamRole.allCases.map(Optional.some) {
                        let who = actor(role, relation)
                        let project = facts(visibility, team)
                        let label = "\(role) of \(relation) org, team role \(team?.rawValue ?? "none"), \(visibility) project"
                        XCTAssertEqual(AccessPolicy.canRead(who, project), expectedRead(role, relation, visibility, team), "read: \(label)")
                        XCTAssertEqual(AccessPolicy.canEditContent(who, project), expectedEdit(role, relation, visibility, team), "edit: \(label)")
                        XCTAssertEqual(AccessPolicy.canManage(who, project), expectedManage(role, relation, visibility, team), "manage: \(label)")
                        XCTAssertEqual(AccessPolicy.canDelete(who, project), role == .admin, "delete: \(label)")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 5 * 3 * 3 * 6)
    }

    func testViewersNeverChangeAnythingWhateverTheirTeamRole() {
        for relation in Relation.allCases {
            for team in TeamRole.allCases {
                let viewer = actor(.viewer, relation)
                XCTAssertFalse(AccessPolicy.canEditContent(viewer, facts(.system, team)))
                XCTAssertFalse(AccessPolicy.canManage(viewer, facts(.system, team)))
            }
        }
        XCTAssertFalse(AccessPolicy.canCreateProjects(actor(.viewer, .lead)))
    }

    func testCreatingProjects() {
        XCTAssertTrue(AccessPolicy.canCreateProject(actor(.admin, .other), leadOrganisationID: leadOrg))
        XCTAssertTrue(AccessPolicy.canCreateProject(actor(.portfolio, .other), leadOrganisationID: leadOrg))
        XCTAssertTrue(AccessPolicy.canCreateProject(actor(.member, .lead), leadOrganisationID: leadOrg))
        XCTAssertFalse(AccessPolicy.canCreateProject(actor(.member, .partner), leadOrganisationID: leadOrg))
        XCTAssertTrue(AccessPolicy.canCreateProject(actor(.orgadmin, .lead), leadOrganisationID: leadOrg))
        XCTAssertFalse(AccessPolicy.canCreateProject(actor(.orgadmin, .other), leadOrganisationID: leadOrg))
        XCTAssertFalse(AccessPolicy.canCreateProject(actor(.viewer, .lead), leadOrganisationID: leadOrg))
    }

    func testPeopleAdministration() {
        let admin = actor(.admin, .other)
        let orgadmin = actor(.orgadmin, .lead)
        XCTAssertEqual(AccessPolicy.grantableRoles(admin), SystemRole.allCases)
        XCTAssertEqual(AccessPolicy.grantableRoles(orgadmin), [.orgadmin, .member, .viewer])
        XCTAssertTrue(AccessPolicy.canGrant(orgadmin, role: .member, organisationID: leadOrg))
        XCTAssertFalse(AccessPolicy.canGrant(orgadmin, role: .portfolio, organisationID: leadOrg))
        XCTAssertFalse(AccessPolicy.canGrant(orgadmin, role: .member, organisationID: otherOrg))
        XCTAssertFalse(AccessPolicy.canManagePerson(orgadmin, organisationID: leadOrg, role: .admin))
        XCTAssertTrue(AccessPolicy.canManagePerson(orgadmin, organisationID: leadOrg, role: .viewer))
        XCTAssertTrue(AccessPolicy.canManagePerson(admin, organisationID: leadOrg, role: .admin))
        for role in [SystemRole.portfolio, .member, .viewer] {
            XCTAssertFalse(AccessPolicy.canAdministerPeople(actor(role, .lead)))
            XCTAssertEqual(AccessPolicy.grantableRoles(actor(role, .lead)), [])
        }
        XCTAssertTrue(AccessPolicy.canManageOrganisations(admin))
        XCTAssertFalse(AccessPolicy.canManageOrganisations(orgadmin))
        XCTAssertTrue(AccessPolicy.canManagePortfolioStructure(actor(.portfolio, .other)))
        XCTAssertFalse(AccessPolicy.canManagePortfolioStructure(orgadmin))
    }
}
