import Foundation

/// One competency's level in a self-assessment, with the evidence for it.
public struct AssessmentRating: Codable, Equatable, Sendable {
    public var key: String
    public var level: ProficiencyLevel
    public var evidence: String

    public init(key: String, level: ProficiencyLevel, evidence: String = "") {
        self.key = key
        self.level = level
        self.evidence = evidence
    }
}

/// A person's self-assessment against one version of the framework.
public struct Assessment: Equatable, Sendable {
    public var id: UUID
    public var personID: UUID
    public var frameworkVersion: Int
    public var assessedOn: CalendarDate
    public var ratings: [AssessmentRating]
    public var createdAt: Date

    public init(id: UUID, personID: UUID, frameworkVersion: Int, assessedOn: CalendarDate, ratings: [AssessmentRating], createdAt: Date) {
        self.id = id
        self.personID = personID
        self.frameworkVersion = frameworkVersion
        self.assessedOn = assessedOn
        self.ratings = ratings
        self.createdAt = createdAt
    }

    public func level(_ key: String) -> ProficiencyLevel? { ratings.first { $0.key == key }?.level }

    /// The competencies where this assessment is below what `role` needs, by how far.
    public func gaps(for role: CapabilityRole, in framework: CompetencyFramework) -> [(competency: Competency, level: ProficiencyLevel?, target: ProficiencyLevel)] {
        framework.competencies.compactMap { competency in
            guard let target = competency.targets[role] else { return nil }
            let level = self.level(competency.key)
            guard (level?.rawValue ?? 0) < target.rawValue else { return nil }
            return (competency, level, target)
        }
    }
}

/// A self-assessment as typed into the form or sent to the API: a level ("1" to "4", or empty
/// for not assessed) and evidence per competency key, and the date.
public struct AssessmentInput: Sendable {
    public var assessedOn: String?
    public var levels: [String: String]
    public var evidence: [String: String]

    public init(assessedOn: String? = nil, levels: [String: String] = [:], evidence: [String: String] = [:]) {
        self.assessedOn = assessedOn
        self.levels = levels
        self.evidence = evidence
    }

    public static let evidenceLimit = 2_000

    /// The input checked against the framework, every problem at once: a level for at least one
    /// competency, each level 1 to 4, a date not after today.
    public func validate(against framework: CompetencyFramework, today: CalendarDate) throws -> (CalendarDate, [AssessmentRating]) {
        var errors = FieldErrors()
        let date = errors.date(assessedOn, "assessedOn", "Date assessed") ?? (assessedOn.exactOrNil == nil ? today : nil)
        if let date, date > today { errors.add("assessedOn", "The date assessed cannot be in the future", kind: .rule) }
        let known = Set(framework.competencies.map(\.key))
        for key in Set(levels.keys).union(evidence.keys) where !known.contains(key) {
            errors.add("level-" + key, "\(key) is not a competency of the framework", kind: .reference)
        }
        var ratings: [AssessmentRating] = []
        for competency in framework.competencies {
            let field = "level-" + competency.key
            let text = errors.text(evidence[competency.key], "evidence-" + competency.key, "Evidence", limit: Self.evidenceLimit,
                                   multiline: true) ?? ""
            guard let level = levels[competency.key].exactOrNil else {
                if !text.isEmpty { errors.add(field, "Choose a level for \(competency.name) to go with its evidence", kind: .rule) }
                continue
            }
            guard let number = Int(level), let proficiency = ProficiencyLevel(rawValue: number) else {
                errors.add(field, "Choose a level from 1 (awareness) to 4 (leader) for \(competency.name)")
                continue
            }
            ratings.append(AssessmentRating(key: competency.key, level: proficiency, evidence: text))
        }
        if ratings.isEmpty && errors.isEmpty {
            errors.add("level-" + (framework.competencies.first?.key ?? ""), "Choose your level for at least one competency", kind: .rule)
        }
        try errors.throwIfAny()
        return (date!, ratings)
    }
}

/// Levels by organisation and competency across many people's latest assessments, with every
/// group of fewer than `minimumGroup` people suppressed: a count of 1 to 4 can identify a person.
public struct CapabilityHeatMap: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        /// How many people rated it; nil when suppressed.
        public var people: Int?
        /// Their average level; nil when suppressed or no one rated it.
        public var average: Double?
        /// How many are below the project manager's target; nil when suppressed.
        public var belowTarget: Int?
        public var isSuppressed: Bool { people == nil }
    }

    public struct Row: Equatable, Sendable {
        public var organisationID: UUID
        public var organisationName: String
        /// How many people of the organisation have assessed themselves; nil when suppressed.
        public var people: Int?
        public var cells: [String: Cell]
    }

    public static let minimumGroup = 5

    public var framework: CompetencyFramework
    public var rows: [Row]
    /// The whole system, a row like the others (suppressed too when small).
    public var total: Row

    /// `ratings`: each person's organisation and their latest levels by competency key.
    /// `totalName` names the row of everyone counted ("Whole system", or for one organisation's
    /// admin the organisations shown).
    public static func make(framework: CompetencyFramework, organisations: [(UUID, String)],
                            people: [(organisationID: UUID, levels: [String: ProficiencyLevel])],
                            totalName: String = "Whole system") -> CapabilityHeatMap {
        func row(_ id: UUID, _ name: String, _ group: [[String: ProficiencyLevel]]) -> Row {
            var cells: [String: Cell] = [:]
            for competency in framework.competencies {
                let levels = group.compactMap { $0[competency.key] }
                guard levels.count >= minimumGroup else {
                    cells[competency.key] = Cell(people: nil, average: nil, belowTarget: nil)
                    continue
                }
                let target = competency.targets[.projectManager]
                cells[competency.key] = Cell(people: levels.count,
                                             average: Double(levels.map(\.rawValue).reduce(0, +)) / Double(levels.count),
                                             belowTarget: target.map { target in levels.filter { $0 < target }.count } ?? 0)
            }
            return Row(organisationID: id, organisationName: name, people: group.count >= minimumGroup ? group.count : nil, cells: cells)
        }
        let byOrganisation = Dictionary(grouping: people, by: \.organisationID)
        let rows = organisations.compactMap { id, name -> Row? in
            guard let group = byOrganisation[id], !group.isEmpty else { return nil }
            return row(id, name, group.map(\.levels))
        }
        return CapabilityHeatMap(framework: framework, rows: rows, total: row(UUID(), totalName, people.map(\.levels)))
    }
}
