import Foundation
import WaymarkDomain
import WaymarkStore

/// A small fixed system for tests: three organisations and a person of every role, and one
/// project of each visibility led by `lead` with `partner` as partner.
public struct World: Sendable {
    /// Everyone's password in the fixture world.
    public static let password = "correct-horse-battery"
    /// bcrypt (cost 4) of `password`, computed once: hashing per person would slow every test.
    public static let passwordHash = "$2b$04$fi3MSq/KKzaXacODQG7mhOzrwy4dzzLEcH3p03qLFtmF2WppvUllC"

    public var lead: Organisation
    public var partner: Organisation
    public var other: Organisation
    /// People by a short name: "admin", "portfolio", "orgadmin-lead", "member-other", ...
    public var people: [String: Person]
    /// Projects by visibility, each led by `lead`, partnered by `partner`, with `teamPerson` as member.
    public var projects: [Visibility: Project]
    /// A member of `other` who is on every project's team as a plain member.
    public var teamPerson: Person

    public func person(_ name: String) -> Person { people[name]! }

    public static func build(_ store: Store) async throws -> World {
        func organisation(_ name: String, _ code: String) async throws -> Organisation {
            try await store.createOrganisation(OrganisationFields(name: name, code: code, codeKind: .ods, kind: .acuteTrust), by: .system)
        }
        let lead = try await organisation("Lead Trust", "RAA")
        let partner = try await organisation("Partner Trust", "RBB")
        let other = try await organisation("Other Trust", "RCC")
        var people: [String: Person] = [:]
        func person(_ name: String, _ role: SystemRole, _ organisation: Organisation) async throws -> Person {
            let person = try await store.createPerson(
                PersonFields(name: name, email: "\(name)@test.example", role: role, organisationID: organisation.id, password: nil),
                passwordHash: passwordHash, by: .system)
            people[name] = person
            return person
        }
        _ = try await person("admin", .admin, other)
        _ = try await person("portfolio", .portfolio, other)
        for (suffix, organisation) in [("lead", lead), ("partner", partner), ("other", other)] {
            for role in [SystemRole.orgadmin, .member, .viewer] {
                _ = try await person("\(role.rawValue)-\(suffix)", role, organisation)
            }
        }
        let teamPerson = try await person("teammate", .member, other)

        let references = try await store.referenceData()
        let stage = references.stages[0].id
        var projects: [Visibility: Project] = [:]
        for visibility in Visibility.allCases {
            let fields = ProjectFields(title: "Project \(visibility.rawValue)", summary: "A \(visibility.rawValue) project",
                                       leadOrganisationID: lead.id, partnerOrganisationIDs: [partner.id],
                                       methodology: .project, stageID: stage, visibility: visibility)
            projects[visibility] = try await store.createProject(fields, references: references,
                                                                 team: [(teamPerson.id, .member)], by: .system)
        }
        return World(lead: lead, partner: partner, other: other, people: people, projects: projects, teamPerson: teamPerson)
    }
}
