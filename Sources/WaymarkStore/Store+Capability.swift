import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// The framework in force: its latest version.
    public func competencyFramework() async throws -> CompetencyFramework {
        guard let framework = try await rows("SELECT content FROM framework_versions ORDER BY version DESC LIMIT 1",
                                             reading: Self.framework).first else { throw NotFound("competency framework") }
        return framework
    }

    public func competencyFramework(version: Int) async throws -> CompetencyFramework? {
        try await rows("SELECT content FROM framework_versions WHERE version = \(bind: version)", reading: Self.framework).first
    }

    /// Keeps `framework` as the next version, if the one in force is still the one before it
    /// (else `VersionConflict`); earlier versions stay, for the assessments made against them.
    public func saveCompetencyFramework(_ framework: CompetencyFramework, changed competency: String, by actor: AuditActor) async throws {
        try await write { store in
            let current = try await store.competencyFramework()
            guard current.version == framework.version - 1 else { throw VersionConflict(currentVersion: current.version) }
            let content = String(decoding: try JSONEncoder().encode(framework), as: UTF8.self)
            try await store.insertingUniquely(field: "name", "Someone else changed the framework at the same moment: reload it") {
                try await store.run("""
                    INSERT INTO framework_versions (version, content, created_at) VALUES (\(bind: framework.version), \(bind: content), \(bind: store.now()))
                    """)
            }
            let before = current.competency(competency), after = framework.competency(competency)
            try await store.record(.frameworkChanged, Self.frameworkEntity, subject: "\(after?.name ?? competency) (version \(framework.version))",
                                   changes: FieldChange.between(Self.auditValues(before), Self.auditValues(after)), by: actor)
        }
    }

    /// The framework's history is one record's.
    public static let frameworkEntity = UUID(uuidString: "00000000-0000-0000-0000-00000000f4a3")!

    static func auditValues(_ competency: Competency?) -> [(String, String?)] {
        guard let competency else { return [] }
        return [("name", competency.name), ("description", competency.description)]
            + ProficiencyLevel.allCases.map { (String(describing: $0), competency.descriptor($0)) }
            + CapabilityRole.allCases.map { ("target-" + $0.rawValue, competency.targets[$0].map { String($0.rawValue) }) }
    }

    /// Records a person's self-assessment. Its levels are the person's own: the audit trail keeps
    /// only that one was made.
    public func createAssessment(personID: UUID, frameworkVersion: Int, assessedOn: CalendarDate, ratings: [AssessmentRating],
                                 by actor: AuditActor) async throws -> Assessment {
        try await write { store in
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO assessments (id, person_id, framework_version, assessed_on, created_at)
                VALUES (\(bind: id), \(bind: personID), \(bind: frameworkVersion), \(bind: assessedOn.description), \(bind: now))
                """)
            for rating in ratings {
                try await store.run("""
                    INSERT INTO assessment_ratings (assessment_id, competency_key, level, evidence)
                    VALUES (\(bind: id), \(bind: rating.key), \(bind: rating.level.rawValue), \(bind: rating.evidence))
                    """)
            }
            try await store.record(.assessmentCreated, id, subject: "Self-assessment of \(assessedOn.description)", changes: [], by: actor)
            return Assessment(id: id, personID: personID, frameworkVersion: frameworkVersion, assessedOn: assessedOn, ratings: ratings, createdAt: now)
        }
    }

    /// A person's assessments, the latest first.
    public func assessments(ofPerson personID: UUID) async throws -> [Assessment] {
        try await withRatings(try await rows("""
            SELECT id, person_id, framework_version, assessed_on, created_at FROM assessments WHERE person_id = \(bind: personID)
            ORDER BY assessed_on DESC, created_at DESC
            """, reading: Self.assessment))
    }

    public func assessment(_ id: UUID) async throws -> Assessment? {
        try await withRatings(try await rows("""
            SELECT id, person_id, framework_version, assessed_on, created_at FROM assessments WHERE id = \(bind: id)
            """, reading: Self.assessment)).first
    }

    private func withRatings(_ assessments: [Assessment]) async throws -> [Assessment] {
        guard !assessments.isEmpty else { return assessments }
        let ratings = try await rows("""
            SELECT assessment_id, competency_key, level, evidence FROM assessment_ratings
            WHERE assessment_id IN \(SQLBind.group(assessments.map(\.id)))
            """, reading: { (try $0.uuid("assessment_id"), AssessmentRating(key: try $0.string("competency_key"),
                                                                             level: ProficiencyLevel(rawValue: try $0.int("level")) ?? .awareness,
                                                                             evidence: try $0.string("evidence"))) })
        let byAssessment = Dictionary(grouping: ratings, by: \.0)
        return assessments.map { assessment in
            var assessment = assessment
            assessment.ratings = byAssessment[assessment.id]?.map(\.1) ?? []
            return assessment
        }
    }

    /// The framework in force and every active person's latest levels, with their organisation:
    /// what the capability views count. Levels only, never evidence or names. From memory while
    /// the `capability` counter stands still; read in two statements when it has moved.
    public func capabilityFacts() async throws -> CapabilityFacts {
        try await derived(.capability, from: \.capability) { store in
            let generation = try await store.generation(of: .capability)
            let framework = try await store.competencyFramework()
            // Each person's latest assessment, found in one pass over the assessments.
            let rows = try await store.rows("""
                SELECT l.id, l.organisation_id, r.competency_key, r.level
                FROM (SELECT a.id, p.organisation_id,
                             ROW_NUMBER() OVER (PARTITION BY a.person_id ORDER BY a.assessed_on DESC, a.created_at DESC) AS n
                      FROM assessments a JOIN people p ON p.id = a.person_id WHERE p.active) l
                JOIN assessment_ratings r ON r.assessment_id = l.id
                WHERE l.n = 1
                """, reading: { (try $0.uuid("id"), try $0.uuid("organisation_id"), try $0.string("competency_key"), try $0.int("level")) })
            var people: [UUID: (UUID, [String: ProficiencyLevel])] = [:]
            for (assessment, organisation, key, level) in rows {
                var entry = people[assessment] ?? (organisation, [:])
                entry.1[key] = ProficiencyLevel(rawValue: level)
                people[assessment] = entry
            }
            return (generation, CapabilityFacts(framework: framework,
                                                people: people.values.map { (organisationID: $0.0, levels: $0.1) }))
        }
    }

    static func framework(_ columns: Columns) throws -> CompetencyFramework {
        try JSONDecoder().decode(CompetencyFramework.self, from: Data(try columns.string("content").utf8))
    }

    static func assessment(_ columns: Columns) throws -> Assessment {
        Assessment(id: try columns.uuid("id"), personID: try columns.uuid("person_id"), frameworkVersion: try columns.int("framework_version"),
                   assessedOn: try calendarDate(try columns.string("assessed_on")), ratings: [], createdAt: try columns.date("created_at"))
    }
}

/// What the capability views count, as one instance keeps it: the framework in force and every
/// active person's latest levels with their organisation (no names, no evidence). The heat maps
/// made from it are kept with it, one per view (the organisations shown, by name), until it is
/// replaced: a heat map counts every person's every level, so it is made once per change.
public final class CapabilityFacts: @unchecked Sendable {
    public let framework: CompetencyFramework
    public let people: [(organisationID: UUID, levels: [String: ProficiencyLevel])]
    // Only touched while holding `lock`.
    private let lock = NSLock()
    private var heatMaps: [String: CapabilityHeatMap] = [:]

    init(framework: CompetencyFramework, people: [(organisationID: UUID, levels: [String: ProficiencyLevel])]) {
        self.framework = framework
        self.people = people
    }

    /// The heat map of these organisations (every person's latest levels, grouped by them), made
    /// once for each list of organisations and total's name.
    public func heatMap(organisations: [(UUID, String)], totalName: String) -> CapabilityHeatMap {
        let key = ([totalName] + organisations.map { "\($0.0)\u{1F}\($0.1)" }).joined(separator: "\u{1E}")
        if let made = lock.withLock({ heatMaps[key] }) { return made }
        let shown = Set(organisations.map(\.0))
        let made = CapabilityHeatMap.make(framework: framework, organisations: organisations,
                                          people: people.filter { shown.contains($0.organisationID) }, totalName: totalName)
        lock.withLock { heatMaps[key] = made }
        return made
    }
}
