import Foundation
import WaymarkDomain
import WaymarkStore

/// A person's capability as they (or those who may) see it: their assessments, each with the
/// framework version it was made against, the framework in force, and for a role the gaps of
/// the latest assessment with resources suggested for each.
public struct CapabilityRecord: Sendable {
    public var person: Person
    public var framework: CompetencyFramework
    public var assessments: [Assessment]
    /// The frameworks the assessments were made against, by version.
    public var frameworks: [Int: CompetencyFramework]
    public var role: CapabilityRole
    public var gaps: [(competency: Competency, level: ProficiencyLevel?, target: ProficiencyLevel, resources: [Resource])]

    public var latest: Assessment? { assessments.first }
}

/// Everything a person does with the competency framework and self-assessment, each once, for
/// pages and the API alike.
public struct CapabilityWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public func framework() async throws -> CompetencyFramework { try await store.competencyFramework() }

    /// A person's capability record, if the person acting may see it (a 404 otherwise: whether
    /// someone has assessed themselves is theirs).
    public func record(of personID: UUID, role: CapabilityRole, by acting: Acting) async throws -> CapabilityRecord {
        guard let person = try await store.person(personID),
              AccessPolicy.canSeeAssessments(acting.actor, of: person.id, organisationID: person.organisationID, active: person.active) else {
            throw NotFound("person")
        }
        async let current = store.competencyFramework()
        async let found = store.assessments(ofPerson: personID)
        let (framework, assessments) = (try await current, try await found)
        var frameworks = [framework.version: framework]
        for version in Set(assessments.map(\.frameworkVersion)) where frameworks[version] == nil {
            frameworks[version] = try await store.competencyFramework(version: version)
        }
        var gaps: [(Competency, ProficiencyLevel?, ProficiencyLevel, [Resource])] = []
        if let latest = assessments.first {
            let resources = try await store.resources()
            for gap in latest.gaps(for: role, in: framework) {
                let suggested = resources.filter { resource in resource.fields.tags.contains { $0.lowercased() == gap.competency.key } }
                gaps.append((gap.competency, gap.level, gap.target, Array(suggested.prefix(5))))
            }
        }
        return CapabilityRecord(person: person, framework: framework, assessments: assessments, frameworks: frameworks, role: role,
                                gaps: gaps)
    }

    /// One assessment, with the framework it was made against, if the person acting may see it.
    public func assessment(_ id: UUID, by acting: Acting) async throws -> (Assessment, CompetencyFramework, Person) {
        guard let assessment = try await store.assessment(id), let person = try await store.person(assessment.personID),
              AccessPolicy.canSeeAssessments(acting.actor, of: person.id, organisationID: person.organisationID),
              let framework = try await store.competencyFramework(version: assessment.frameworkVersion) else { throw NotFound("assessment") }
        return (assessment, framework, person)
    }

    /// Records the person's own self-assessment against the framework in force.
    public func assess(_ input: AssessmentInput, today: CalendarDate, by acting: Acting) async throws -> Assessment {
        let framework = try await store.competencyFramework()
        let (date, ratings) = try input.validate(against: framework, today: today)
        return try await store.createAssessment(personID: acting.person.id, frameworkVersion: framework.version, assessedOn: date,
                                                ratings: ratings, by: acting.audit)
    }

    public func requireManager(_ acting: Acting) throws {
        try AccessPolicy.require(AccessPolicy.canKeepSharedKnowledge(acting.actor), else: .manageFramework)
    }

    /// Changes one competency's wording and targets as a new version of the framework, if the
    /// framework is still at `expectedVersion`.
    public func changeCompetency(_ key: String, _ input: CompetencyInput, expectedVersion: Int, by acting: Acting) async throws -> CompetencyFramework {
        try requireManager(acting)
        let current = try await store.competencyFramework()
        guard let existing = current.competency(key) else { throw NotFound("competency") }
        let changed = try Competency.validate(input.overlaid(on: existing), key: key)
        guard current.version == expectedVersion else { throw VersionConflict(currentVersion: current.version) }
        let next = current.changing(changed)
        try await store.saveCompetencyFramework(next, changed: key, by: acting.audit)
        return next
    }

    /// Capability by organisation and competency, every group under five suppressed: every
    /// organisation for the portfolio office and system administrators, their own for an
    /// organisation's admin.
    public func heatMap(by acting: Acting) async throws -> CapabilityHeatMap {
        guard let scope = AccessPolicy.capabilityScope(acting.actor) else { throw Forbidden(.seeCapability) }
        let own = scope.organisationID
        async let facts = store.capabilityFacts()
        async let organisations = store.organisations()
        let shown = try await organisations.filter { own == nil || $0.id == own }.map { ($0.id, $0.name) }
        return try await facts.heatMap(organisations: shown, totalName: own == nil ? "Whole system" : "All shown")
    }

    public func frameworkHistory(page: PageRequest) async throws -> Page<AuditEvent> {
        try await store.history(ofKinds: [AuditEventCode.frameworkChanged.entityType], page: page)
    }
}
