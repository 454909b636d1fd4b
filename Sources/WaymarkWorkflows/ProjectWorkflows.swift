import Foundation
import WaymarkDomain
import WaymarkStore

/// A project as one person may see it: the record, the facts the policy decides on, and what
/// the policy lets this person do with it (pages show controls by it, the API reports it).
public struct ReadableProject: Sendable {
    public var project: Project
    public var facts: ProjectAccessFacts
    public var canEdit: Bool
    public var canManage: Bool
    public var canDelete: Bool

    init(_ project: Project, _ facts: ProjectAccessFacts, _ actor: Actor) {
        self.project = project
        self.facts = facts
        canEdit = AccessPolicy.canEditContent(actor, facts)
        canManage = AccessPolicy.canManage(actor, facts)
        canDelete = AccessPolicy.canDelete(actor, facts)
    }
}

/// Who is to join a team: the API names a person by id in its path; the form sends the id of the
/// person chosen from a search (`teamCandidates`), as text, or nothing when none was chosen.
public enum TeamCandidate: Sendable {
    case id(UUID)
    case chosen(String?)
}


/// Everything a person does to a project, each once: the HTML pages and the API call these and
/// only render what comes back. Access is asked of `AccessPolicy` alone; a project the person
/// may not read is `NotFound`, as if it did not exist.
public struct ProjectWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableProject {
        guard let (project, facts) = try await store.projectForAccess(id, actor: acting.actor),
              AccessPolicy.canRead(acting.actor, facts) else { throw NotFound("project") }
        return ReadableProject(project, facts, acting.actor)
    }

    /// As `readable`, with the project's team, read in the same statement.
    public func readableWithTeam(_ id: UUID, by acting: Acting) async throws -> (ReadableProject, [TeamMember]) {
        guard let (project, facts, team) = try await store.projectWithTeam(id, actor: acting.actor),
              AccessPolicy.canRead(acting.actor, facts) else { throw NotFound("project") }
        return (ReadableProject(project, facts, acting.actor), team)
    }

    /// What a new project's form starts from.
    public func newInput(by acting: Acting) async throws -> ProjectInput {
        try AccessPolicy.require(AccessPolicy.canCreateProjects(acting.actor), else: .createProjects)
        let references = try await store.referenceData()
        return ProjectInput(leadOrganisationID: AccessPolicy.defaultLeadOrganisation(acting.actor)?.lowercasedText,
                            methodology: Methodology.project.rawValue, stageID: references.stages.first?.id.lowercasedText,
                            visibility: Visibility.system.rawValue)
    }

    public func create(_ input: ProjectInput, by acting: Acting) async throws -> ReadableProject {
        try AccessPolicy.require(AccessPolicy.canCreateProjects(acting.actor), else: .createProjects)
        let references = try await store.referenceData()
        let fields = try ProjectFields.validate(input, references: references.projectReferences)
        guard AccessPolicy.canCreateProject(acting.actor, leadOrganisationID: fields.leadOrganisationID) else {
            throw ValidationFailure("leadOrganisationId", "You can only create projects led by your own organisation", kind: .rule)
        }
        let creatorRole = AccessPolicy.creatorTeamRole(acting.actor)
        let project = try await store.createProject(fields, references: references,
                                                    team: creatorRole.map { [(acting.person.id, $0)] } ?? [], by: acting.audit)
        return ReadableProject(project, project.accessFacts(actorTeamRole: creatorRole), acting.actor)
    }

    /// Changes the fields `input` carries (nil keeps a field as it is). Lead organisation,
    /// visibility and status decide access, so only those who manage the project change them.
    public func update(_ id: UUID, _ input: ProjectInput, expectedVersion: Int, by acting: Acting) async throws -> ReadableProject {
        try await update(try await readable(id, by: acting), input, expectedVersion: expectedVersion, by: acting)
    }

    /// As `update(_:_:expectedVersion:by:)`, for a project the caller has just read with `readable`.
    public func update(_ current: ReadableProject, _ input: ProjectInput, expectedVersion: Int,
                       by acting: Acting) async throws -> ReadableProject {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let id = current.project.id
        let references = try await store.referenceData()
        let before = current.project.fields
        let fields = try ProjectFields.validate(input.overlaid(on: before), references: references.projectReferences)
        if fields.visibility != before.visibility || fields.status != before.status
            || fields.leadOrganisationID != before.leadOrganisationID {
            try AccessPolicy.require(current.canManage, else: .manageProjectFields)
        }
        if fields.stageID != before.stageID {
            // Stage requests are the managers' (DESIGN.md), and a gate is passed only by its board.
            try AccessPolicy.require(current.canManage, else: .manageProjectFields)
            if let gated = LifecycleStage.gateEntered(from: before.stageID, to: fields.stageID, in: references.stages), let gate = gated.gate {
                throw ValidationFailure("stageId", "\(gated.name) is entered through \(gate): ask for a gate review on the project's gates page, "
                                        + "and the board's approval moves the project", kind: .rule)
            }
        }
        guard AccessPolicy.canHandProject(acting.actor, from: before.leadOrganisationID, to: fields.leadOrganisationID) else {
            throw ValidationFailure("leadOrganisationId", "You can only hand a project to your own organisation", kind: .rule)
        }
        let updated = try await store.updateProject(id, expectedVersion: expectedVersion, fields: fields, references: references,
                                                    current: current.project, by: acting.audit)
        // The change may have changed what this person may do (visibility, lead organisation).
        return ReadableProject(updated, updated.accessFacts(actorTeamRole: current.facts.actorTeamRole), acting.actor)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteProject)
        try await store.deleteProject(id, references: try await store.referenceData(), by: acting.audit)
    }

    public func team(_ id: UUID, by acting: Acting) async throws -> [TeamMember] {
        _ = try await readable(id, by: acting)
        return try await store.team(of: id)
    }

    /// Adds a person to the team, or changes their role. `role` is as sent (nil when not).
    public func setTeamMember(_ id: UUID, _ candidate: TeamCandidate, role roleText: String?,
                              by acting: Acting) async throws -> TeamMember {
        try await setTeamMember(try await readable(id, by: acting), candidate, role: roleText, by: acting)
    }

    /// As `setTeamMember(_:_:role:by:)`, for a project the caller has just read with `readable`.
    public func setTeamMember(_ current: ReadableProject, _ candidate: TeamCandidate, role roleText: String?,
                              by acting: Acting) async throws -> TeamMember {
        try AccessPolicy.require(current.canManage, else: .changeTeam)
        let id = current.project.id
        var errors = FieldErrors()
        var person: Person?
        switch candidate {
        case .id(let personID):
            person = try await store.person(personID)
            if person == nil { throw NotFound("person") }
        case .chosen(let text):
            if let text = text?.trimmedOrNil {
                if let personID = UUID(uuidString: text) { person = try await store.person(personID) }
                if person == nil { errors.add("personId", "Choose a person from the list: that one is not a Waymark account", kind: .reference) }
            } else {
                errors.add("find", "Find the person to add by their name, email address or organisation, then choose them")
            }
        }
        if let person, !person.active {
            errors.add("personId", "\(person.name)'s account is deactivated: reactivate it before adding them to a team",
                       kind: .reference)
        }
        let role = roleText.flatMap(TeamRole.init(rawValue:))
        if role == nil {
            errors.add("role", "Select a team role: " + TeamRole.allCases.map(\.rawValue).joined(separator: ", "))
        }
        try errors.throwIfAny()
        try await store.setTeamMember(projectID: id, personID: person!.id, role: role!, by: acting.audit)
        guard let member = try await store.team(of: id).first(where: { $0.personID == person!.id }) else {
            throw NotFound("team member")
        }
        return member
    }

    /// The active people who manage this project's team may add to it, found by part of their
    /// name, email address or organisation's name: what the team form's search step lists and its
    /// combobox offers. Nothing is found for less than two characters.
    public func teamCandidates(_ id: UUID, matching text: String, limit: Int = 20, by acting: Acting) async throws -> PeopleFound {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canManage, else: .changeTeam)
        let text = String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(100))
        guard text.count >= 2 else { return PeopleFound(text: text, matches: [], total: 0) }
        async let team = store.team(of: id)
        async let organisations = store.organisations()
        let people = try await store.people(PeopleFilter(text: text)).filter { $0.active && AccessPolicy.canSee(acting.actor, person: $0) }
        let roles = Dictionary(try await team.map { ($0.personID, $0.role) }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary(try await organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return PeopleFound(text: text, matches: people.prefix(limit).map {
            PeopleFound.Match(person: $0, organisationName: names[$0.organisationID] ?? "", teamRole: roles[$0.id])
        }, total: people.count)
    }

    public func removeTeamMember(_ id: UUID, personID: UUID, by acting: Acting) async throws {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canManage, else: .changeTeam)
        try await store.removeTeamMember(projectID: id, personID: personID, by: acting.audit)
    }

    /// One page of the project's history, newest first.
    public func history(_ id: UUID, page: PageRequest, by acting: Acting) async throws -> (ReadableProject, Page<AuditEvent>) {
        let current = try await readable(id, by: acting)
        return (current, try await store.projectHistory(id, page: page))
    }
}
