import Foundation
import WaymarkDomain

/// The sizes DESIGN.md builds Waymark for ("Scale it is built for").
public enum SyntheticScale: String, CaseIterable, Sendable {
    /// A hundredth of an ICS: for tests and the benchmark's smoke run in CI.
    case tiny
    /// One ICS: about 20 organisations and 2,000 projects.
    case ics
    /// An NHS England region: ten times an ICS.
    case region

    var factor: Double {
        switch self {
        case .tiny: 0.01
        case .ics: 1
        case .region: 10
        }
    }

    public var organisations: Int { max(6, Int(20 * factor)) }
    public var projects: Int { Int(2_000 * factor) }
    public var people: Int { max(30, Int(1_200 * factor)) }
    public var programmes: Int { max(3, Int(12 * factor.squareRoot())) }
    public var themes: Int { 8 }
}

/// A reproducible random number generator (SplitMix64): the same seed gives the same system.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uuid() -> UUID {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &self) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A skewed pick from 0..<count: low indexes much more likely (a few organisations lead most
    /// projects, most teams are small).
    mutating func skewed(_ count: Int, power: Double = 2.2) -> Int {
        let u = Double.random(in: 0..<1, using: &self)
        return min(count - 1, Int(Double(count) * pow(u, power)))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < probability
    }
}

/// Counts of what a synthetic system holds, for the progress report and the tests.
public struct SyntheticCounts: Sendable, Equatable {
    public var organisations = 0
    public var people = 0
    public var themes = 0
    public var programmes = 0
    public var projects = 0
    public var partnerLinks = 0
    public var themeLinks = 0
    public var teamMembers = 0
    public var auditEvents = 0
    public var risks = 0
    public var escalatedRisks = 0
    public var riskRatings = 0
    public var issues = 0
    public var escalatedIssues = 0
    public var milestones = 0
    public var baselines = 0
    public var dependencies = 0
    public var crossOrganisationDependencies = 0
    public var assumptions = 0
    public var actions = 0
    public var decisions = 0
    public var measures = 0
    public var observations = 0
    public var benefits = 0
    public var benefitCashYears = 0
    public var lessons = 0
    public var assessments = 0
    public var resources = 0
    public var statusUpdates = 0
    public var gateReviews = 0

    public init() {}
}

/// Fills an empty database with a synthetic ICS (or region) of realistic shape: skewed project
/// counts per organisation, every visibility, cross-organisation partnerships, small and large
/// teams, risk registers. Rows go in by bulk inserts inside one transaction. Only what the product
/// has today is generated; each capability adds its part as it lands.
public enum SyntheticSystem {
    /// Everyone's password in a synthetic system (benchmarks sign in with it).
    public static let password = "waymark-scale-2026"
    public static let administratorEmail = "person0@scale.example"
    public static let epoch = Date(timeIntervalSince1970: 1_767_225_600) // 1 January 2026

    static let places = ["Ashcombe", "Brackenfield", "Castlemere", "Dunmoor", "Eastwick", "Fairhaven", "Greystone",
                         "Highcliffe", "Ivybridge", "Kingsmead", "Larkhill", "Marshfield", "Northmoor", "Oakham",
                         "Pennington", "Queensbury", "Riverside", "Stonebridge", "Thornbury", "Upton", "Westbury",
                         "Yarrow", "Ambleside", "Bramley", "Coldharbour", "Deepdale", "Elmstead", "Foxley"]
    static let firstNames = ["Aisha", "Ben", "Chloe", "Dev", "Ella", "Farhan", "Grace", "Harry", "Isla", "Jack",
                             "Kiran", "Leah", "Mo", "Nia", "Oliver", "Priya", "Rhys", "Sofia", "Tom", "Uma", "Vikram",
                             "Wendy", "Yusuf", "Zara"]
    static let lastNames = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal",
                            "Jones", "Khan", "Lewis", "Morgan", "Nolan", "Owen", "Patel", "Roberts", "Shah",
                            "Taylor", "Walsh", "Williams", "Young"]
    static let changes = ["Virtual ward", "Discharge pathway", "Falls prevention", "Sepsis screening", "Digital front door",
                          "Outpatient follow-up", "Diabetes education", "Frailty hub", "Crisis café", "Hypertension case-finding",
                          "Care home medicines review", "Social prescribing", "Workforce retention", "Shared care record",
                          "Remote monitoring", "Cancer faster diagnosis", "Elective hub", "Smoking cessation",
                          "Learning disability health checks", "Anticipatory care", "Ambulance handover", "Patient portal",
                          "Hospital at home", "Carers' support", "Warm homes referral", "Staff wellbeing"]
    /// What synthetic projects learn ("CHANGE" is the project's change, in lower case).
    static let lessons: [(title: String, happened: String, why: String, outcome: LessonOutcome, recommendation: String)] = [
        ("Agree the CHANGE baseline with every partner first", "Two partners measured the CHANGE differently for a month.",
         "Each organisation's data timed a different event.", .avoid, "Agree one definition and one data source before collecting the baseline."),
        ("Involve the people who will use the CHANGE from the start", "Uptake of the CHANGE doubled after service users redesigned the leaflet.",
         "The first version was written by the project team alone.", .repeatIt, "Co-design with people with lived experience from the first workshop."),
        ("Protect clinical time for the CHANGE", "Go-live of the CHANGE slipped because clinicians could not be released.",
         "No backfill had been budgeted.", .avoid, "Budget for backfill of clinical time in the business case."),
        ("Test the CHANGE on a small scale before spreading it", "A first small test of the CHANGE on one ward found three problems cheaply.",
         "The problems only showed on night shifts.", .repeatIt, "Run PDSA cycles on one site and one shift before spreading."),
        ("Sign data sharing agreements early", "The CHANGE waited three months for information governance sign-off.",
         "The agreement was started after the technical work.", .avoid, "Start the data sharing agreement and DPIA in the first month."),
        ("Plan staffing for winter before go-live", "The CHANGE launched in December and was paused within weeks.",
         "Winter pressures took the staff it relied on.", .avoid, "Avoid winter go-lives for changes that need ward staff."),
        ("Keep the CHANGE board small and decisive", "Decisions on the CHANGE sped up when the board shrank from fifteen to six.",
         "Large boards deferred decisions to the next meeting.", .repeatIt, "Keep boards to the people who can decide, with a clear terms of reference."),
    ]

    static let themeNames = ["Urgent and emergency care", "Elective recovery", "Mental health", "Population health and prevention",
                             "Workforce", "Digital and data", "Primary and community care", "Children and young people"]

    /// Loads the system. `passwordHash` is one bcrypt hash of `password`, computed once by the caller.
    @discardableResult
    public static func load(_ scale: SyntheticScale, seed: UInt64, into store: Store, passwordHash: String,
                            progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> SyntheticCounts {
        let counts = try await generate(scale, seed: seed, into: store, passwordHash: passwordHash, progress: progress)
        try await store.analyseAfterBulkLoad()
        return counts
    }

    private static func generate(_ scale: SyntheticScale, seed: UInt64, into store: Store, passwordHash: String,
                                 progress: @escaping @Sendable (String) -> Void) async throws -> SyntheticCounts {
        try await store.write { store in
            var random = SeededGenerator(seed: seed)
            var counts = SyntheticCounts()
            let created = epoch
            // Whether a milestone is past is judged on the day the system is generated, by the store's clock.
            let today = CalendarDate(store.now())

            // Organisations: one ICB per 20, then trusts, councils, primary care and voluntary partners.
            struct Org { let id: UUID; let name: String; let code: String; let kind: OrganisationKind }
            var organisations: [Org] = []
            let kinds: [OrganisationKind] = [.icb, .acuteTrust, .acuteTrust, .acuteTrust, .communityTrust, .communityTrust,
                                             .localAuthority, .localAuthority, .primaryCare, .primaryCare, .primaryCare,
                                             .primaryCare, .primaryCare, .primaryCare, .primaryCare, .primaryCare,
                                             .voluntarySector, .voluntarySector, .voluntarySector, .other]
            for index in 0..<scale.organisations {
                let kind = kinds[index % kinds.count]
                // 11 is coprime with the 28 places: neighbouring organisations never share a place name.
                let place = places[(index * 11) % places.count]
                let number = index / kinds.count + 1
                let (name, code): (String, String) = switch kind {
                case .icb: ("NHS \(place) Integrated Care Board \(number)", "Q" + code36(index, width: 2))
                case .acuteTrust: ("\(place) Hospitals NHS Foundation Trust \(number)", "R" + code36(index, width: 2))
                case .communityTrust: ("\(place) Community and Mental Health NHS Trust \(number)", "T" + code36(index, width: 2))
                case .localAuthority: ("\(place) Council \(number)", "LA-" + String(format: "%03d", index))
                case .primaryCare: ("\(place) Primary Care Network \(number)", "U" + String(format: "%05d", 10_000 + index))
                case .voluntarySector: ("\(place) Voluntary Action \(number)", "VCS-" + String(format: "%03d", index))
                case .other: ("\(place) Hospice \(number)", "OTH-" + String(format: "%03d", index))
                }
                organisations.append(Org(id: random.uuid(), name: name, code: code, kind: kind))
            }

            let themes = (0..<scale.themes).map { (random.uuid(), themeNames[$0 % themeNames.count]) }
            let programmes = (0..<scale.programmes).map { index in
                (random.uuid(), "\(changes[index % changes.count]) programme \(index / changes.count + 1)")
            }

            // People: an administrator and a portfolio office; an organisation admin per organisation;
            // the rest members, with a few read-only viewers (board members).
            struct Person { let id: UUID; let organisation: Int; let role: SystemRole }
            var people: [Person] = []
            var personRows: [[any Encodable & Sendable]] = []
            // person0 administers; person1... are the organisations' admins, one each; then five in the
            // portfolio office at the first organisation (the ICB); the rest members and some viewers.
            for index in 0..<scale.people {
                let isOrganisationAdmin = (1...scale.organisations).contains(index)
                let isPortfolio = (scale.organisations + 1...scale.organisations + 5).contains(index)
                let organisation = isOrganisationAdmin ? index - 1 : index == 0 || isPortfolio ? 0
                    : random.skewed(scale.organisations, power: 1.6)
                let role: SystemRole = index == 0 ? .admin : isOrganisationAdmin ? .orgadmin : isPortfolio ? .portfolio
                    : random.chance(0.06) ? .viewer : .member
                let id = random.uuid()
                let name = firstNames[index % firstNames.count] + " " + lastNames[(index / firstNames.count) % lastNames.count]
                people.append(Person(id: id, organisation: organisation, role: role))
                personRows.append([id, "\(name) \(index)", index == 0 ? administratorEmail : "person\(index)@scale.example", passwordHash, role.rawValue,
                                   organisations[organisation].id, true, 1, created, created])
            }
            let membersByOrganisation = Dictionary(grouping: people.filter { $0.role != .admin && $0.role != .portfolio },
                                                   by: \.organisation)

            try await store.bulkInsert("organisations", columns: ["id", "name", "code", "code_kind", "kind", "project_sequence",
                                                                  "version", "created_at", "updated_at"],
                                       rows: organisations.map { org in
                                           let codeKind: OrganisationCodeKind = OrganisationCodeRules.problem(with: org.code, kind: .ods) == nil ? .ods : .local
                                           return [org.id, org.name, org.code, codeKind.rawValue, org.kind.rawValue, 0, 1, created, created]
                                       })
            counts.organisations = organisations.count
            try await store.bulkInsert("themes", columns: ["id", "name", "description", "version", "created_at", "updated_at"],
                                       rows: themes.map { [$0.0, $0.1, "", 1, created, created] })
            try await store.bulkInsert("programmes", columns: ["id", "name", "description", "version", "created_at", "updated_at"],
                                       rows: programmes.map { [$0.0, $0.1, "", 1, created, created] })
            counts.themes = themes.count
            counts.programmes = programmes.count
            try await store.bulkInsert("people", columns: ["id", "name", "email", "password_hash", "role", "organisation_id",
                                                           "active", "version", "created_at", "updated_at"], rows: personRows)
            counts.people = people.count
            progress("organisations \(counts.organisations), people \(counts.people), themes \(counts.themes), programmes \(counts.programmes)")

            // Self-assessments: every member and organisation admin, once, against the framework
            // in force, each competency at a level around the person's own, on their own sequence.
            var assessmentRandom = SeededGenerator(seed: seed &+ 0xA55E_5500)
            let framework = try await store.competencyFramework()
            var assessmentRows: [[any Encodable & Sendable]] = [], levelRows: [[any Encodable & Sendable]] = []
            for person in people where person.role == .member || person.role == .orgadmin {
                let id = assessmentRandom.uuid()
                let own = Int.random(in: 1...4, using: &assessmentRandom)
                assessmentRows.append([id, person.id, framework.version, today.adding(days: -Int.random(in: 0...365, using: &assessmentRandom)).description,
                                       created])
                for competency in framework.competencies where assessmentRandom.chance(0.9) {
                    let level = min(4, max(1, own + Int.random(in: -1...1, using: &assessmentRandom)))
                    levelRows.append([id, competency.key, level, ""])
                }
            }
            try await store.bulkInsert("assessments", columns: ["id", "person_id", "framework_version", "assessed_on", "created_at"],
                                       rows: assessmentRows, batch: 200)
            try await store.bulkInsert("assessment_ratings", columns: ["assessment_id", "competency_key", "level", "evidence"], rows: levelRows,
                                       batch: 300)
            counts.assessments = assessmentRows.count
            progress("self-assessments \(counts.assessments)")

            // The library: the starter set and the partners' own (150 at ICS scale), each for a
            // stage or two and tagged with a competency's key, on their own sequence.
            var libraryRandom = SeededGenerator(seed: seed &+ 0x11B4_A4E5)
            let libraryStages = try await store.stages()
            var resourceRows: [[any Encodable & Sendable]] = [], resourceStageRows: [[any Encodable & Sendable]] = []
            let resourceKinds: [ResourceKind] = [.template, .guide, .guide, .trainingModule, .caseStudy]
            for index in 0..<(scale.projects * 3 / 40) {
                let id = libraryRandom.uuid()
                let competency = framework.competencies[Int.random(in: 0..<framework.competencies.count, using: &libraryRandom)]
                let change = changes[Int.random(in: 0..<changes.count, using: &libraryRandom)]
                let kind = resourceKinds[index % resourceKinds.count]
                resourceRows.append([id, "\(change): \(competency.name.lowercased()) \(kind.label.lowercased()) \(index + 1)",
                                     "How one partner approached \(competency.name.lowercased()) on a \(change.lowercased()) project.", kind.rawValue,
                                     "# \(change)\n\n\(competency.description)\n\n- What worked\n- What to watch for\n", "",
                                     "[\"\(competency.key)\"]", 1, created, created])
                let stage = libraryStages[Int.random(in: 0..<libraryStages.count, using: &libraryRandom)]
                resourceStageRows.append([id, 0, stage.id])
            }
            try await store.bulkInsert("resources", columns: ["id", "title", "summary", "kind", "body", "url", "tags", "version", "created_at",
                                                              "updated_at"], rows: resourceRows, batch: 100)
            try await store.bulkInsert("resource_stages", columns: ["resource_id", "position", "stage_id"], rows: resourceStageRows)
            counts.resources = resourceRows.count

            let stages = try await store.stages()
            let categories = try await store.riskCategories().map(\.id)
            let bands = RiskBandTable.nhsDefault
            var riskRows: [[any Encodable & Sendable]] = []
            var issueRows: [[any Encodable & Sendable]] = []
            var milestoneRows: [[any Encodable & Sendable]] = []
            var baselineRows: [[any Encodable & Sendable]] = []
            var baselineEntryRows: [[any Encodable & Sendable]] = []
            var ratingRows: [[any Encodable & Sendable]] = []
            var dependencyRows: [[any Encodable & Sendable]] = []
            var assumptionRows: [[any Encodable & Sendable]] = []
            var actionRows: [[any Encodable & Sendable]] = []
            var decisionRows: [[any Encodable & Sendable]] = []
            var decisionLinkRows: [[any Encodable & Sendable]] = []
            var measureRows: [[any Encodable & Sendable]] = []
            var observationRows: [[any Encodable & Sendable]] = []
            var benefitRows: [[any Encodable & Sendable]] = []
            var benefitMeasureRows: [[any Encodable & Sendable]] = []
            var benefitCashRows: [[any Encodable & Sendable]] = []
            var lessonRows: [[any Encodable & Sendable]] = []
            var lessonThemeRows: [[any Encodable & Sendable]] = []
            // Lessons draw on their own sequence, so adding them changed nothing else a seed makes.
            var lessonRandom = SeededGenerator(seed: seed &+ 0x1E55_0005)
            /// Each project's risks and issues by id, in `made`'s order: what its actions are for.
            var raidIDs: [(risks: [UUID], issues: [UUID])] = []
            var made: [(id: UUID, lead: Int, open: Bool, owner: UUID?, change: String, code: String, stage: LifecycleStage, title: String)] = []
            var sequence = Array(repeating: 0, count: organisations.count)
            var projectRows: [[any Encodable & Sendable]] = []
            var partnerRows: [[any Encodable & Sendable]] = []
            var themeRows: [[any Encodable & Sendable]] = []
            var teamRows: [[any Encodable & Sendable]] = []
            var auditRows: [[any Encodable & Sendable]] = []
            let visibilities: [Visibility] = [.system, .system, .system, .system, .system, .system, .organisation,
                                              .organisation, .organisation, .team]
            for index in 0..<scale.projects {
                // A few big organisations lead most projects.
                let lead = random.skewed(organisations.count, power: 1.8)
                sequence[lead] += 1
                let code = ProjectCode(organisationCode: organisations[lead].code, number: sequence[lead]).description
                let id = random.uuid()
                let stage = stages[[4, 4, 4, 3, 2, 1, 0, 5, 6, 4][random.skewed(10, power: 1)]]
                let status: ProjectStatus = stage.key == "closure" || stage.key == "benefits" ? .closed
                    : random.chance(0.05) ? .onHold : random.chance(0.02) ? .cancelled : .active
                let methodology: Methodology = random.chance(0.3) ? .qi : random.chance(0.08) ? .programme : .project
                let visibility = visibilities[index % visibilities.count]
                let change = changes[Int.random(in: 0..<changes.count, using: &random)]
                let place = places[Int.random(in: 0..<places.count, using: &random)]
                let title = "\(change) – \(place) \(index + 1)"
                let start = epoch.addingTimeInterval(Double(Int.random(in: -600...300, using: &random)) * 86_400)
                let end = start.addingTimeInterval(Double(Int.random(in: 90...900, using: &random)) * 86_400)
                let programme: UUID? = random.chance(0.55) ? programmes[random.skewed(programmes.count, power: 1.3)].0 : nil
                let budget: Int64? = random.chance(0.7) ? Int64(Int.random(in: 5...2_000, using: &random)) * 1_000_00 : nil
                let updated = created.addingTimeInterval(Double(index) * 37)
                projectRows.append([id, code, title, "Improve \(change.lowercased()) for people in \(place): a measurable aim with a date.",
                                    "Adults in \(place).", "Children's services.", "1. Baseline. 2. Test. 3. Spread.",
                                    organisations[lead].id, programme, methodology.rawValue, stage.id, status.rawValue,
                                    CalendarDate(start).description, CalendarDate(end).description, budget,
                                    random.chance(0.3) ? "[\"winter\"]" : "[]", visibility.rawValue, 1, created, updated])
                var partners = Set<Int>()
                for _ in 0..<random.skewed(5, power: 1.5) {
                    let partner = Int.random(in: 0..<organisations.count, using: &random)
                    if partner != lead { partners.insert(partner) }
                }
                for partner in partners.sorted() { partnerRows.append([id, organisations[partner].id]) }
                var projectThemes = Set([random.skewed(themes.count, power: 1.2)])
                if random.chance(0.4) { projectThemes.insert(Int.random(in: 0..<themes.count, using: &random)) }
                for theme in projectThemes.sorted() { themeRows.append([id, themes[theme].0]) }
                // Lessons: two or three a project on average (5,000 at ICS scale), carrying the
                // project's themes, learnt over the last year and a half.
                for number in 0..<Int.random(in: 0...5, using: &lessonRandom) {
                    let lesson = lessons[Int.random(in: 0..<lessons.count, using: &lessonRandom)]
                    let lessonID = lessonRandom.uuid()
                    let subject = change.lowercased()
                    lessonRows.append([lessonID, id, number + 1, lesson.title.replacingOccurrences(of: "CHANGE", with: subject),
                                       lesson.happened.replacingOccurrences(of: "CHANGE", with: subject), lesson.why,
                                       lesson.outcome.rawValue, lesson.recommendation.replacingOccurrences(of: "CHANGE", with: subject),
                                       LessonPhase.allCases[number % 3].rawValue,
                                       LessonTechnique.allCases[Int.random(in: 0..<LessonTechnique.allCases.count, using: &lessonRandom)].rawValue,
                                       today.adding(days: -Int.random(in: 0...540, using: &lessonRandom)).description,
                                       lessonRandom.chance(0.3) ? "[\"winter\"]" : "[]", 1, created, created])
                    for (position, theme) in projectThemes.sorted().enumerated() { lessonThemeRows.append([lessonID, position, themes[theme].0]) }
                }

                // Teams of 2 to 15, mostly small, drawn from the lead and partner organisations.
                let pool = ([lead] + partners.sorted()).flatMap { membersByOrganisation[$0] ?? [] }
                var team: [UUID: TeamRole] = [:]
                let size = min(pool.count, 2 + random.skewed(14, power: 2.5))
                let roles: [TeamRole] = [.sro, .manager] + (methodology == .qi ? [.qilead] : [])
                for slot in 0..<size {
                    let person = pool[Int.random(in: 0..<pool.count, using: &random)]
                    guard team[person.id] == nil else { continue }
                    team[person.id] = slot < roles.count ? roles[slot] : random.chance(0.15) ? .observer : .member
                }
                for (person, role) in team.sorted(by: { $0.key.lowercasedText < $1.key.lowercasedText }) {
                    teamRows.append([id, person, role.rawValue, created])
                }
                // Risks: about eight on an open project's register (a few have dozens), fewer and
                // closed on a closed one; their scores come down from inherent to current to
                // target; the highest sometimes escalated, to the system's register when partners
                // share the project.
                let owners = team.filter { $0.value == .sro || $0.value == .manager }.map(\.key).sorted { $0.lowercasedText < $1.lowercasedText }
                made.append((id, lead, status != .closed && status != .cancelled, owners.first, change, code, stage, title))
                var materialised: [(UUID, UUID?)] = []
                raidIDs.append(([], []))
                let riskCount = status == .closed ? random.skewed(4, power: 1.5) : 1 + random.skewed(40, power: 3)
                for number in 1...max(1, riskCount) where riskCount > 0 {
                    func lower(_ value: Int) -> Int { max(1, value - random.skewed(3, power: 1.5)) }
                    let inherent = RiskRating(likelihood: 2 + Int.random(in: 0...3, using: &random), consequence: 2 + Int.random(in: 0...3, using: &random))!
                    let current = RiskRating(likelihood: lower(inherent.likelihood.rawValue), consequence: lower(inherent.consequence.rawValue))!
                    let target = RiskRating(likelihood: lower(current.likelihood.rawValue), consequence: current.consequence.rawValue)!
                    let riskStatus: RiskStatus = status == .closed ? .closed : random.chance(0.12) ? .closed : random.chance(0.03) ? .materialised : .open
                    let escalation: EscalationLevel = riskStatus == .open && current.score >= 15 && random.chance(0.5)
                        ? (partners.count > 1 ? .system : .organisation) : .project
                    let review = CalendarDate(epoch.addingTimeInterval(Double(Int.random(in: -60...120, using: &random)) * 86_400))
                    let riskID = random.uuid()
                    raidIDs[raidIDs.count - 1].risks.append(riskID)
                    let points = 1 + random.skewed(3, power: 1.5)
                    riskRows.append([riskID, id, number, "\(change) risk \(number): \(["staffing", "funding", "data quality", "supplier delay", "patient safety", "partner sign-off"][number % 6])",
                                     "Cause \(number) in \(place)", "Event \(number)", "Effect \(number) on patients and staff",
                                     categories.isEmpty ? nil : categories[number % categories.count] as UUID?,
                                     owners.isEmpty ? nil : owners[number % owners.count] as UUID?,
                                     inherent.likelihood.rawValue, inherent.consequence.rawValue, bands.band(for: inherent.score).name,
                                     current.likelihood.rawValue, current.consequence.rawValue, current.score, bands.band(for: current.score).name,
                                     target.likelihood.rawValue, target.consequence.rawValue, bands.band(for: target.score).name,
                                     RiskResponse.allCases[number % 4].rawValue, nil as String?, review.description, riskStatus.rawValue,
                                     escalation.rawValue, escalation == .project ? "" : "Beyond the project's tolerance", points, created, updated])
                    // The score history: from the inherent rating down to the current one.
                    for point in 1...points {
                        let rating = point == points ? current : inherent
                        ratingRows.append([random.uuid(), riskID, point, created.addingTimeInterval(Double(point) * 86_400),
                                           rating.likelihood.rawValue, rating.consequence.rawValue, bands.band(for: rating.score).name])
                    }
                    if escalation != .project { counts.escalatedRisks += 1 }
                    if riskStatus == .materialised { materialised.append((riskID, owners.isEmpty ? nil : owners[number % owners.count])) }
                }
                // Issues: a few on an open project's log (some raised from its materialised risks),
                // most open or in progress, some overdue; the critical ones sometimes escalated.
                let issueCount = status == .closed ? random.skewed(2, power: 1.5) : random.skewed(12, power: 2.5)
                for number in 1...max(1, issueCount + materialised.count) where issueCount + materialised.count > 0 {
                    let fromRisk = number <= materialised.count ? materialised[number - 1] : nil
                    let priority = IssuePriority.allCases[min(3, random.skewed(4, power: 1.2))]
                    let issueStatus: IssueStatus = status == .closed ? .closed
                        : random.chance(0.25) ? .resolved : random.chance(0.4) ? .inProgress : .open
                    let escalation: EscalationLevel = issueStatus.isActive && priority == .critical && random.chance(0.4)
                        ? (partners.count > 1 ? .system : .organisation) : .project
                    let raised = CalendarDate(epoch.addingTimeInterval(Double(Int.random(in: -120...(-1), using: &random)) * 86_400))
                    let owner = fromRisk?.1 ?? (owners.isEmpty ? nil : owners[number % owners.count])
                    let issueID = random.uuid()
                    raidIDs[raidIDs.count - 1].issues.append(issueID)
                    issueRows.append([issueID, id, number, "\(change) issue \(number): \(["go-live slipped", "supplier late", "data missing", "staff redeployed", "form rejected"][number % 5])",
                                      "What happened at \(place), and what it affects", priority.rawValue, owner,
                                      raised.description, raised.adding(days: 14 + number * 7).description, issueStatus.rawValue,
                                      issueStatus.isActive ? "" : "Resolved with the partners", fromRisk?.0, escalation.rawValue,
                                      escalation == .project ? "" : "Needs decisions beyond the project", 1, created, updated])
                    if escalation != .project { counts.escalatedIssues += 1 }
                }
                // The plan: about ten milestones from the project's start, most baselined once; the
                // past ones mostly complete, some of the rest slipped past their baseline.
                let milestoneCount = status == .closed ? 6 + random.skewed(5) : 4 + random.skewed(14, power: 1.5)
                let baselined = random.chance(0.8)
                let baselineID = random.uuid()
                var entryRows: [[any Encodable & Sendable]] = []
                for number in 1...milestoneCount {
                    let milestoneID = random.uuid()
                    let planned = CalendarDate(start.addingTimeInterval(Double(number * 30 + Int.random(in: 0...20, using: &random)) * 86_400))
                    let slip = random.chance(0.3) ? random.skewed(60, power: 1.5) : 0
                    let forecast = planned.adding(days: slip)
                    let past = forecast < today
                    let complete = status == .closed || (past && random.chance(0.85))
                    let actual: String? = complete ? forecast.adding(days: random.skewed(10)).description : nil
                    let milestoneStatus: MilestoneStatus = complete ? .complete : past ? .missed : slip > 0 ? .atRisk : .onTrack
                    let isKey = number % 3 == 0 || number == milestoneCount
                    milestoneRows.append([milestoneID, id, number, "\(change) milestone \(number): \(["business case approved", "design agreed", "pilot live", "evaluation reported", "spread agreed", "handover"][number % 6])",
                                          owners.isEmpty ? nil : owners[number % owners.count] as UUID?,
                                          baselined ? planned.description : nil as String?, forecast.description, actual,
                                          milestoneStatus.rawValue, nil as UUID?, "", isKey, baselined ? 2 : 1, created, updated])
                    if baselined {
                        entryRows.append([baselineID, milestoneID, "M\(number)", "Milestone \(number)", planned.description])
                    }
                }
                if baselined {
                    baselineRows.append([baselineID, id, 1, "Plan approved at the project board", AuditActor.system.name, created])
                    baselineEntryRows += entryRows
                }
                auditRows.append([random.uuid(), created, Int64(auditRows.count + 1), nil as UUID?, AuditActor.system.name, "project", id, id,
                                  AuditAction.create.rawValue, AuditEventCode.projectCreated.rawValue, "\(code) \(title)", "[]"])
                if (index + 1) % 500 == 0 { progress("projects \(index + 1) of \(scale.projects)") }
            }
            // Dependencies: most open projects need something from one to a few others (often
            // another organisation's), a few on something outside Waymark; some at risk or late,
            // some already met.
            for (slot, project) in made.enumerated() where project.open && random.chance(0.8) {
                for number in 1...(1 + random.skewed(4, power: 1.6)) {
                    let onProject = random.chance(0.85)
                    var provider: Int? = nil
                    if onProject {
                        let other = Int.random(in: 0..<made.count, using: &random)
                        if other != slot { provider = other }
                    }
                    let status: DependencyStatus = random.chance(0.17) ? .met : random.chance(0.25) ? .atRisk
                        : random.chance(0.1) ? .late : .onTrack
                    let neededBy = today.adding(days: Int.random(in: -60...180, using: &random))
                    if let provider, made[provider].lead != project.lead { counts.crossOrganisationDependencies += 1 }
                    dependencyRows.append([random.uuid(), project.id, number,
                                           "\(project.change) needs \(["data flows", "shared staff", "a signed agreement", "beds commissioned", "a system go-live", "funding released"][number % 6])",
                                           "", provider.map { made[$0].id }, provider == nil ? "Supplier \(number) delivery" : "",
                                           neededBy.description, project.owner, status.rawValue, 1, created, created])
                }
            }
            // Assumptions, actions and decisions, after everything else is drawn so the rest stays as it was:
            // an open project has a few assumptions (most still to validate, some overdue) and
            // actions on some of its risks and issues and on itself, a third done, some overdue.
            for (slot, project) in made.enumerated() where project.open {
                let assumptionCount = random.skewed(6, power: 1.8)
                for number in 1...max(1, assumptionCount) where assumptionCount > 0 {
                    let status: AssumptionStatus = random.chance(0.6) ? .unvalidated : random.chance(0.8) ? .confirmed : .disproved
                    let validateBy = today.adding(days: Int.random(in: -45...90, using: &random))
                    assumptionRows.append([random.uuid(), project.id, number,
                                           "\(project.change) assumes \(["staff are released", "data is complete", "patients take it up", "funding continues", "partners test in time"][number % 5])",
                                           "", project.owner, status.rawValue, validateBy.description,
                                           status.isOpen ? nil : min(validateBy, today).description as String?, 1, created, created])
                }
                let ids = raidIDs[slot]
                let actionCount = random.skewed(16, power: 2)
                for number in 1...max(1, actionCount) where actionCount > 0 {
                    let onRisk = !ids.risks.isEmpty && random.chance(0.6)
                    let onIssue = !onRisk && !ids.issues.isEmpty && random.chance(0.5)
                    let due = today.adding(days: Int.random(in: -40...60, using: &random))
                    let done = due < today && random.chance(0.6) ? due.description : nil as String?
                    actionRows.append([random.uuid(), project.id, number,
                                       onRisk ? ids.risks[Int.random(in: 0..<ids.risks.count, using: &random)] : nil as UUID?,
                                       onIssue ? ids.issues[Int.random(in: 0..<ids.issues.count, using: &random)] : nil as UUID?,
                                       nil as UUID?, nil as UUID?,
                                       "\(["Chase", "Agree", "Test", "Confirm", "Report"][number % 5]) \(project.change.lowercased()) \(number)",
                                       "", project.owner, due.description, done, 1, created, created])
                }
                // Decisions: a few, most by a board, half bearing on one of its risks.
                let decisionCount = random.skewed(6, power: 2)
                for number in 1...max(1, decisionCount) where decisionCount > 0 {
                    let decisionID = random.uuid()
                    let byBoard = random.chance(0.7)
                    decisionRows.append([decisionID, project.id, number,
                                         "\(["Pilot", "Fund", "Defer", "Extend", "Stop"][number % 5]) \(project.change.lowercased()) \(number)",
                                         today.adding(days: -Int.random(in: 1...300, using: &random)).description,
                                         byBoard ? nil : project.owner, byBoard || project.owner == nil ? "Programme board" : "",
                                         "Agreed at the board with the partners", "", 1, created, created])
                    if !ids.risks.isEmpty && random.chance(0.5) {
                        decisionLinkRows.append([decisionID, 0, ids.risks[Int.random(in: 0..<ids.risks.count, using: &random)],
                                                 nil as UUID?, nil as UUID?, nil as UUID?])
                    }
                }
            }
            // Measures, after everything else is drawn: most projects have a few (closed ones keep
            // theirs), weekly or monthly, a year or two of values each, some shifting or trending,
            // now and then a ghosted week and a recalculation at a change; about 100 values per
            // project on average (200,000 at ICS scale).
            for project in made {
                var measureIDs: [UUID] = []
                let measureCount = random.skewed(10, power: 1.5)
                for number in 1...max(1, measureCount) where measureCount > 0 {
                    let measureID = random.uuid()
                    let weekly = random.chance(0.6)
                    let points = weekly ? Int.random(in: 20...104, using: &random) : Int.random(in: 12...36, using: &random)
                    let direction = [ImprovementDirection.up, .down, .up, .neither][number % 4]
                    let level = Double(Int.random(in: 10...900, using: &random))
                    let spread = level * Double.random(in: 0.02...0.12, using: &random)
                    let targetValue = direction == .neither || random.chance(0.3) ? nil : (level * (direction == .up ? 1.05 : 0.95)).rounded()
                    let firstDay = today.adding(days: -(weekly ? 7 : 30) * points)
                    let fields = MeasureFields(
                        name: "\(["Waiting time", "Patients seen on time", "Readmissions", "Staff hours", "Uptake"][number % 5]) \(number)",
                        type: [MeasureType.outcome, .process, .balancing][number % 3], unit: ["%", "minutes", "per 1,000", ""][number % 4],
                        direction: direction, frequency: weekly ? .weekly : .monthly, dataSource: "Partner returns", ownerID: project.owner,
                        spcPreset: random.chance(0.8) ? "nhs-england-sql" : "nhsrplotthedots",
                        targets: targetValue.map { [MeasureTarget(from: firstDay, value: $0)] } ?? [])
                    let shiftAt = random.chance(0.4) ? Int.random(in: points / 2..<points, using: &random) : nil
                    let trend = random.chance(0.2)
                    var observations: [Observation] = []
                    for point in 0..<points {
                        var value = level + spread * (Double.random(in: -1...1, using: &random) + Double.random(in: -1...1, using: &random))
                        if let shiftAt, point >= shiftAt { value += spread * 2.5 }
                        if trend && point >= points - 8 { value += spread * Double(point - points + 9) * 0.6 }
                        let observation = Observation(id: random.uuid(), measureID: measureID, fields: ObservationFields(
                            date: firstDay.adding(days: (weekly ? 7 : 30) * (point + 1)), value: (value * 10).rounded() / 10,
                            ghosted: random.chance(0.01), recalculate: point == shiftAt && random.chance(0.5)))
                        observations.append(observation)
                        observationRows.append([observation.id, measureID, observation.fields.date.description, observation.fields.value, "",
                                                observation.fields.ghosted, observation.fields.recalculate, 1, created, created])
                    }
                    let measure = Measure(id: measureID, projectID: project.id, number: number, fields: fields, version: 1,
                                          createdAt: created, updatedAt: created)
                    measureRows.append([measureID, project.id, project.code, number, fields.name, "", fields.type.rawValue, fields.unit, direction.rawValue,
                                        fields.frequency.rawValue, fields.dataSource, project.owner, fields.spcPreset, nil as Int?,
                                        Store.targetsText(fields.targets), 1, created, created]
                                       + Store.summaryValues(MeasureSummary(measure.analysis(observations))))
                    measureIDs.append(measureID)
                }
                // Benefits: two a project on average (4,000 at ICS scale), some evidenced by the
                // project's first measure, about a third cash-releasing with three financial years
                // of money, realised for the years gone by; closed projects keep realising theirs.
                for number in 0..<Int.random(in: 0...4, using: &random) {
                    let benefitID = random.uuid()
                    let cashReleasing = random.chance(0.35)
                    let measure = number == 0 && random.chance(0.6) ? measureIDs.first : nil
                    let baseline = Double(Int.random(in: 0...500, using: &random))
                    let target = baseline * Double.random(in: 0.6...1.6, using: &random)
                    let start = today.adding(days: -Int.random(in: 90...700, using: &random)), end = today.adding(days: Int.random(in: 60...720, using: &random))
                    let middle = DatedValue(date: start.adding(days: Int(end.daysSinceEpoch - start.daysSinceEpoch) / 2),
                                            value: ((baseline + target) / 2).rounded())
                    let actuals = measure != nil ? [] : (0..<Int.random(in: 0...6, using: &random)).map {
                        DatedValue(date: start.adding(days: 60 * ($0 + 1)), value: (baseline + (target - baseline) * Double($0 + 1) / 8).rounded())
                    }.filter { $0.date <= today }
                    let status = [BenefitStatus.planned, .onTrack, .onTrack, .atRisk, .realised, .notRealised][Int.random(in: 0...5, using: &random)]
                    benefitRows.append([benefitID, project.id, project.code, number + 1,
                                        cashReleasing ? "Cash released \(number + 1)" : ["Shorter waits", "Fewer falls", "Staff retained", "Patients at home"][number % 4],
                                        "", cashReleasing ? BenefitCategory.cashReleasing.rawValue : BenefitCategory.allCases[1 + number % 8].rawValue,
                                        random.chance(0.05), project.owner, cashReleasing ? "£" : "", baseline, start.description, target.rounded(),
                                        end.description, Store.linesText([middle]), Store.linesText(actuals), measure, status.rawValue, 1, created, created])
                    if let measure { benefitMeasureRows.append([benefitID, 0, measure]) }
                    if cashReleasing {
                        let planned = Double(Int.random(in: 5...200, using: &random)) * 1_000
                        for offset in -1...1 {
                            let year = FinancialYear(containing: today).startYear + offset
                            benefitCashRows.append([benefitID, year, planned, offset < 0 ? (planned * Double.random(in: 0.3...1.1, using: &random)).rounded()
                                                                           : (nil as Double?)])
                        }
                    }
                }
            }
            // Status updates: a year of monthly ones for every project (24,000 at ICS scale), each
            // on one of four courses, submitted by its owner before the due date; a project in
            // twelve a period behind. Their own random sequence leaves everything else as it was.
            var statusRandom = SeededGenerator(seed: seed &+ 0x57A7_0015)
            var statusRows: [[any Encodable & Sendable]] = []
            let workingDays = WorkingDays(holidays: BankHoliday.englandAndWales.map(\.date))
            let open = ReportingCycle.standard.open(on: today, workingDays: workingDays)
            for project in made {
                let course = Int.random(in: 0..<4, using: &statusRandom)
                let behind = project.open && statusRandom.chance(1.0 / 12)
                var period = open
                for age in 1...12 {
                    period = period.previous
                    if behind && age == 1 { continue }
                    let at = StatusHistory.submittedAt(period, cycle: .standard, workingDays: workingDays,
                                                       early: Int.random(in: 0...3, using: &statusRandom))
                    statusRows.append(StatusHistory.row(id: statusRandom.uuid(), projectID: project.id, period: period,
                                                        fields: StatusHistory.fields(course: course, age: age), at: at, by: project.owner))
                }
            }
            // Gate reviews: each project's passage through the gates up to its stage, approved (one in
            // six with conditions, one in ten deferred first and approved when asked again); one
            // open project in twenty asks for the gate ahead and waits. Their own random sequence.
            var gateRandom = SeededGenerator(seed: seed &+ 0x6A7E_0015)
            var gateRows: [[any Encodable & Sendable]] = []
            let gates = try await store.gateSettings()
            let ordered = stages.sorted { $0.position < $1.position }
            let now = store.now()
            func gateRow(_ project: (id: UUID, lead: Int, open: Bool, owner: UUID?, change: String, code: String, stage: LifecycleStage, title: String),
                         number: Int, gate: GateSetting, daysAgo: Int, outcome: GateOutcome?) -> [any Encodable & Sendable] {
                let from = ordered.last { $0.position < gate.position } ?? ordered[0]
                let met = Array(1...max(1, gate.criteria.count)).filter { outcome == .deferred ? $0 != gate.criteria.count : true }
                let asked = now.addingTimeInterval(-Double(daysAgo) * 86_400)
                let decided = asked.addingTimeInterval(10 * 86_400)
                let summary = "The project is ready for \(gate.stageName.lowercased())."
                let report = GateReport.outline(projectCode: project.code, projectTitle: project.title, fromStage: from.name, gate: gate,
                                                criteriaMet: met, summary: summary, generatedAt: asked)
                let text = String(decoding: (try? JSONEncoder.gateReports.encode(report)) ?? Data(), as: UTF8.self)
                let conditions: String? = outcome == .approvedWithConditions ? "Confirm the funding before the next board." : outcome == nil ? nil : ""
                return [gateRandom.uuid(), project.id, number, gate.stageID, from.id, gate.gate, gate.board, gate.criteria.joined(separator: "\n"),
                        summary, met.map(String.init).joined(separator: ","), "", project.owner, asked, outcome == nil ? "requested" : "decided",
                        outcome?.rawValue, outcome.map { _ in CalendarDate(decided).description }, outcome.map { _ in gate.board },
                        outcome.map { $0 == .deferred ? "Come back when the benefits have baselines." : "The criteria are met." }, conditions,
                        outcome.map { _ in project.owner } ?? nil, outcome.map { _ in decided }, text, outcome == nil ? 1 : 2, asked,
                        outcome == nil ? asked : decided]
            }
            for project in made {
                let passed = gates.filter { $0.position <= project.stage.position }
                var number = 0
                for (step, gate) in passed.enumerated() {
                    let daysAgo = (passed.count - step) * 75 + Int.random(in: 0...30, using: &gateRandom)
                    if gateRandom.chance(0.1) {
                        number += 1
                        gateRows.append(gateRow(project, number: number, gate: gate, daysAgo: daysAgo + 40, outcome: .deferred))
                    }
                    number += 1
                    gateRows.append(gateRow(project, number: number, gate: gate, daysAgo: daysAgo,
                                            outcome: gateRandom.chance(1.0 / 6) ? .approvedWithConditions : .approved))
                }
                if project.open, gateRandom.chance(0.05), let next = ordered.first(where: { $0.position > project.stage.position }),
                   let gate = gates.first(where: { $0.stageID == next.id }) {
                    gateRows.append(gateRow(project, number: number + 1, gate: gate, daysAgo: Int.random(in: 1...20, using: &gateRandom), outcome: nil))
                }
            }
            try await store.bulkInsert("projects", columns: ["id", "code", "title", "summary", "scope_in", "scope_out", "objectives",
                                                             "lead_organisation_id", "programme_id", "methodology", "stage_id", "status",
                                                             "start_date", "end_date", "budget_pence", "tags", "visibility", "version",
                                                             "created_at", "updated_at"], rows: projectRows, batch: 200)
            try await store.bulkInsert("project_partners", columns: ["project_id", "organisation_id"], rows: partnerRows)
            try await store.bulkInsert("project_themes", columns: ["project_id", "theme_id"], rows: themeRows)
            try await store.bulkInsert("team_members", columns: ["project_id", "person_id", "role", "added_at"], rows: teamRows)
            try await store.bulkInsert("audit_events", columns: ["id", "occurred_at", "sequence", "actor_id", "actor_name", "entity_type",
                                                                 "entity_id", "project_id", "action", "event", "subject", "changes"], rows: auditRows)
            try await store.bulkInsert("risks", columns: ["id", "project_id", "number", "title", "cause", "event", "effect", "category_id",
                                                          "owner_id", "inherent_likelihood", "inherent_consequence", "inherent_band",
                                                          "current_likelihood", "current_consequence", "current_score", "current_band",
                                                          "target_likelihood", "target_consequence", "target_band", "response", "proximity",
                                                          "review_date", "status", "escalation", "escalation_reason", "version",
                                                          "created_at", "updated_at"], rows: riskRows, batch: 100)
            try await store.bulkInsert("risk_ratings", columns: ["id", "risk_id", "risk_version", "recorded_at", "likelihood", "consequence",
                                                                 "band"], rows: ratingRows)
            try await store.bulkInsert("issues", columns: ["id", "project_id", "number", "title", "description", "priority", "owner_id",
                                                           "raised_on", "target_date", "status", "resolution", "risk_id", "escalation",
                                                           "escalation_reason", "version", "created_at", "updated_at"], rows: issueRows, batch: 100)
            try await store.bulkInsert("milestones", columns: ["id", "project_id", "number", "title", "owner_id", "baseline_date",
                                                               "forecast_date", "actual_date", "status", "stage_id", "notes", "is_key",
                                                               "version", "created_at", "updated_at"], rows: milestoneRows, batch: 100)
            try await store.bulkInsert("plan_baselines", columns: ["id", "project_id", "number", "reason", "actor_name", "created_at"],
                                       rows: baselineRows)
            try await store.bulkInsert("plan_baseline_entries", columns: ["baseline_id", "milestone_id", "reference", "title",
                                                                          "baseline_date"], rows: baselineEntryRows)
            try await store.bulkInsert("dependencies", columns: ["id", "project_id", "number", "title", "description", "provider_project_id",
                                                                 "external", "needed_by", "owner_id", "status", "version", "created_at",
                                                                 "updated_at"], rows: dependencyRows, batch: 100)
            try await store.bulkInsert("assumptions", columns: ["id", "project_id", "number", "statement", "impact_if_wrong", "owner_id",
                                                                "status", "validate_by", "validated_on", "version", "created_at", "updated_at"],
                                       rows: assumptionRows, batch: 100)
            try await store.bulkInsert("actions", columns: ["id", "project_id", "number", "risk_id", "issue_id", "assumption_id",
                                                            "dependency_id", "title", "notes", "owner_id", "due_date", "done_on", "version",
                                                            "created_at", "updated_at"], rows: actionRows, batch: 100)
            try await store.bulkInsert("decisions", columns: ["id", "project_id", "number", "title", "decided_on", "decider_id", "board",
                                                              "rationale", "options", "version", "created_at", "updated_at"],
                                       rows: decisionRows, batch: 100)
            try await store.bulkInsert("decision_links", columns: ["decision_id", "position", "risk_id", "issue_id", "assumption_id",
                                                                   "dependency_id"], rows: decisionLinkRows)
            try await store.bulkInsert("measures", columns: ["id", "project_id", "project_code", "number", "name", "definition", "type", "unit", "direction",
                                                             "frequency", "data_source", "owner_id", "spc_preset", "baseline_points",
                                                             "targets", "version", "created_at", "updated_at"] + Store.summaryColumns,
                                       rows: measureRows, batch: 100)
            try await store.bulkInsert("observations", columns: ["id", "measure_id", "date", "value", "note", "ghosted", "recalculate",
                                                                 "version", "created_at", "updated_at"], rows: observationRows, batch: 200)
            try await store.bulkInsert("benefits", columns: ["id", "project_id", "project_code", "number", "title", "description", "category", "disbenefit",
                                                             "owner_id", "unit", "baseline_value", "baseline_date", "target_value", "target_date",
                                                             "trajectory", "actuals", "actuals_measure_id", "status", "version", "created_at",
                                                             "updated_at"], rows: benefitRows, batch: 100)
            try await store.bulkInsert("benefit_measures", columns: ["benefit_id", "position", "measure_id"], rows: benefitMeasureRows)
            try await store.bulkInsert("benefit_cash", columns: ["benefit_id", "start_year", "planned", "realised"], rows: benefitCashRows)
            try await store.bulkInsert("lessons", columns: ["id", "project_id", "number", "title", "happened", "why", "outcome", "recommendation",
                                                            "phase", "technique", "learned_on", "tags", "version", "created_at", "updated_at"],
                                       rows: lessonRows, batch: 100)
            try await store.bulkInsert("lesson_themes", columns: ["lesson_id", "position", "theme_id"], rows: lessonThemeRows)
            try await store.bulkInsert("status_updates", columns: StatusHistory.columns, rows: statusRows, batch: 200)
            try await store.bulkInsert("gate_reviews", columns: ["id", "project_id", "number", "stage_id", "from_stage_id", "gate", "board", "criteria",
                                                                 "summary", "criteria_met", "evidence", "requested_by", "requested_at", "state",
                                                                 "outcome", "decided_on", "decision_board", "rationale", "conditions", "decided_by",
                                                                 "decided_at", "report", "version", "created_at", "updated_at"],
                                       rows: gateRows, batch: 100)
            try await store.continueAuditOrderAfterBulkInsert()
            // Every generated row was logged as a change; an index is read whole after a seed anyway.
            try await store.prunePortfolioLog(keeping: 0)
            for (index, organisation) in organisations.enumerated() where sequence[index] > 0 {
                try await store.run("UPDATE organisations SET project_sequence = \(bind: sequence[index]) WHERE id = \(bind: organisation.id)")
            }
            counts.projects = projectRows.count
            counts.partnerLinks = partnerRows.count
            counts.themeLinks = themeRows.count
            counts.teamMembers = teamRows.count
            counts.auditEvents = auditRows.count
            counts.risks = riskRows.count
            counts.riskRatings = ratingRows.count
            counts.issues = issueRows.count
            counts.milestones = milestoneRows.count
            counts.baselines = baselineRows.count
            counts.dependencies = dependencyRows.count
            counts.assumptions = assumptionRows.count
            counts.actions = actionRows.count
            counts.decisions = decisionRows.count
            counts.measures = measureRows.count
            counts.observations = observationRows.count
            counts.benefits = benefitRows.count
            counts.benefitCashYears = benefitCashRows.count
            counts.lessons = lessonRows.count
            counts.statusUpdates = statusRows.count
            counts.gateReviews = gateRows.count
            progress("risks \(counts.risks) (\(counts.escalatedRisks) escalated), score points \(counts.riskRatings)")
            progress("issues \(counts.issues) (\(counts.escalatedIssues) escalated), milestones \(counts.milestones) (\(counts.baselines) plans baselined)")
            progress("dependencies \(counts.dependencies) (\(counts.crossOrganisationDependencies) across organisations)")
            progress("assumptions \(counts.assumptions), actions \(counts.actions), decisions \(counts.decisions)")
            progress("measures \(counts.measures), observations \(counts.observations), benefits \(counts.benefits) (\(counts.benefitCashYears) years of cash)")
            progress("lessons \(counts.lessons), status updates \(counts.statusUpdates), gate reviews \(counts.gateReviews)")
            progress("projects \(counts.projects), partner links \(counts.partnerLinks), team places \(counts.teamMembers)")
            return counts
        }
    }

    static func code36(_ value: Int, width: Int) -> String {
        let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var number = value
        var text = ""
        for _ in 0..<width {
            text = String(digits[number % 36]) + text
            number /= 36
        }
        return text
    }
}
