import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// When in a piece of work a lesson was learnt (NHS knowledge mobilisation: learn before,
/// during and after).
public enum LessonPhase: String, CaseIterable, Codable, Sendable {
    case before, during, after

    public var label: String {
        switch self {
        case .before: "Before the work"
        case .during: "During the work"
        case .after: "After the work"
        }
    }
}

/// How a lesson was drawn out.
public enum LessonTechnique: String, CaseIterable, Codable, Sendable {
    case afterActionReview = "after-action-review"
    case retrospect
    case peerAssist = "peer-assist"
    case beforeActionReview = "before-action-review"
    case actionLearningSet = "action-learning-set"
    case communityOfPractice = "community-of-practice"
    case gateReview = "gate-review"
    case other

    public var label: String {
        switch self {
        case .afterActionReview: "After-action review"
        case .retrospect: "Retrospect"
        case .peerAssist: "Peer assist"
        case .beforeActionReview: "Before-action review"
        case .actionLearningSet: "Action learning set"
        case .communityOfPractice: "Community of practice"
        case .gateReview: "Gate or stage review"
        case .other: "Other"
        }
    }
}

/// Whether a lesson is something to do again or something to avoid.
public enum LessonOutcome: String, CaseIterable, Codable, Sendable {
    case repeatIt = "repeat"
    case avoid

    public var label: String {
        switch self {
        case .repeatIt: "Repeat: it worked"
        case .avoid: "Avoid: it did not work"
        }
    }
}

/// A lesson as a project's team records it.
public struct LessonFields: Equatable, Sendable {
    public var title: String
    public var happened: String
    public var why: String
    public var outcome: LessonOutcome
    public var recommendation: String
    public var phase: LessonPhase
    public var technique: LessonTechnique
    public var learnedOn: CalendarDate
    public var themeIDs: [UUID]
    public var tags: [String]

    public init(title: String, happened: String = "", why: String = "", outcome: LessonOutcome, recommendation: String,
                phase: LessonPhase, technique: LessonTechnique, learnedOn: CalendarDate, themeIDs: [UUID] = [], tags: [String] = []) {
        self.title = title
        self.happened = happened
        self.why = why
        self.outcome = outcome
        self.recommendation = recommendation
        self.phase = phase
        self.technique = technique
        self.learnedOn = learnedOn
        self.themeIDs = themeIDs
        self.tags = tags
    }

    public var auditValues: [(String, String?)] {
        [
            ("title", title), ("happened", happened), ("why", why), ("outcome", outcome.rawValue), ("recommendation", recommendation),
            ("phase", phase.rawValue), ("technique", technique.rawValue), ("learnedOn", learnedOn.description),
            ("themeIds", AuditValue.list(themeIDs.map(\.lowercasedText))), ("tags", AuditValue.list(tags)),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }

    /// The words a lesson is compared by: its title, what happened, why and the recommendation.
    public var text: String { [title, happened, why, recommendation].joined(separator: " ") }
}

/// A lesson as typed into a form or sent to the API; `themeIds` ids joined by commas, `tags`
/// separated by commas as the project form takes them.
public struct LessonInput: KeyedInput {
    public var title: String?
    public var happened: String?
    public var why: String?
    public var outcome: String?
    public var recommendation: String?
    public var phase: String?
    public var technique: String?
    public var learnedOn: String?
    public var themeIDs: String?
    public var tags: String?

    public static var fields: [(key: String, path: WritableKeyPath<LessonInput, String?>)] {
        [
            ("title", \.title), ("happened", \.happened), ("why", \.why), ("outcome", \.outcome), ("recommendation", \.recommendation),
            ("phase", \.phase), ("technique", \.technique), ("learnedOn", \.learnedOn), ("themeIds", \.themeIDs), ("tags", \.tags),
        ]
    }

    public static var listKeys: Set<String> { ["themeIds"] }

    public init() {}

    public init(showing fields: LessonFields) {
        title = fields.title
        happened = fields.happened
        why = fields.why
        outcome = fields.outcome.rawValue
        recommendation = fields.recommendation
        phase = fields.phase.rawValue
        technique = fields.technique.rawValue
        learnedOn = fields.learnedOn.description
        themeIDs = fields.themeIDs.map(\.lowercasedText).joined(separator: ",")
        tags = fields.tags.joined(separator: ", ")
    }
}

extension LessonFields {
    public static let titleLimit = 200
    public static let textLimit = 4_000
    public static let tagLimit = 20
    public static let themeLimit = 20

    /// The lesson's input checked, every problem at once: learnt on a date not after `today`,
    /// themes from the system's.
    public static func validate(_ input: LessonInput, themes: Set<UUID>, today: CalendarDate) throws -> LessonFields {
        var errors = FieldErrors()
        let title = errors.text(input.title, "title", "Lesson", limit: titleLimit, blank: "Enter the lesson in a sentence")
        let happened = errors.text(input.happened, "happened", "What happened", limit: textLimit, multiline: true) ?? ""
        let why = errors.text(input.why, "why", "Why it happened", limit: textLimit, multiline: true) ?? ""
        let recommendation = errors.text(input.recommendation, "recommendation", "Recommendation", limit: textLimit, multiline: true,
                                         blank: "Say what others should do, or not do, because of it")
        var outcome = LessonOutcome.repeatIt
        if let text = input.outcome.exactOrNil {
            if let chosen = LessonOutcome(rawValue: text) { outcome = chosen }
            else { errors.add("outcome", "Select whether to repeat or avoid what was done") }
        } else {
            errors.add("outcome", "Select whether to repeat or avoid what was done", kind: .rule)
        }
        let phase = errors.choice(input.phase, "phase", LessonPhase.during, "Select when in the work it was learnt")
        let technique = errors.choice(input.technique, "technique", LessonTechnique.other, "Select how the lesson was drawn out")
        let learned = errors.date(input.learnedOn, "learnedOn", "Date learnt")
        if learned == nil && input.learnedOn.exactOrNil == nil { errors.add("learnedOn", "Enter the date it was learnt", kind: .rule) }
        if let learned, learned > today { errors.add("learnedOn", "The date learnt cannot be in the future", kind: .rule) }
        let themeIDs = errors.ids(input.themeIDs, "themeIds", allowed: themes, limit: themeLimit, noun: "themes",
                                  message: "Select themes from the list")
        let tags = errors.tags(input.tags, limit: tagLimit)
        try errors.throwIfAny()
        return LessonFields(title: title!, happened: happened, why: why, outcome: outcome, recommendation: recommendation!, phase: phase,
                            technique: technique, learnedOn: learned!, themeIDs: themeIDs, tags: tags)
    }
}

/// A lesson on a project's lessons log ("L3" there).
public struct Lesson: Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: LessonFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: LessonFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "L\(number)" }
}

/// A lesson with what is known of its project, as lists across projects show it.
public struct LessonLine: Equatable, Sendable {
    public var lesson: Lesson
    public var projectCode: String
    public var projectTitle: String
    public var organisationID: UUID
    public var organisationName: String
    public var organisationKind: OrganisationKind

    public init(lesson: Lesson, projectCode: String, projectTitle: String, organisationID: UUID, organisationName: String,
                organisationKind: OrganisationKind) {
        self.lesson = lesson
        self.projectCode = projectCode
        self.projectTitle = projectTitle
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.organisationKind = organisationKind
    }
}

/// A search of the lessons of every project a person may read.
public struct LessonQuery: Equatable, Sendable {
    public var text: String?
    public var phase: LessonPhase?
    public var technique: LessonTechnique?
    public var outcome: LessonOutcome?
    public var themeID: UUID?
    public var organisationID: UUID?
    public var page: PageRequest

    public init(text: String? = nil, phase: LessonPhase? = nil, technique: LessonTechnique? = nil, outcome: LessonOutcome? = nil,
                themeID: UUID? = nil, organisationID: UUID? = nil, page: PageRequest = PageRequest(page: 1, perPage: 25)) {
        self.text = text
        self.phase = phase
        self.technique = technique
        self.outcome = outcome
        self.themeID = themeID
        self.organisationID = organisationID
        self.page = page
    }

    public static let textLimit = 200

    /// The words searched for, in lower case: at most eight, split where there is space.
    public static func words(_ text: String?) -> [String] {
        (text ?? "").lowercased().split(whereSeparator: \.isWhitespace).prefix(8).map(String.init)
    }
}

/// "Learn before": the lessons of other projects most relevant to a project, ranked by what they
/// share with it. Each shared theme counts 3, each shared tag 2, a lead organisation of the same
/// kind 1, and the likeness of their words (the share of distinct words of four letters or more,
/// common ones left out, that both use) up to 4. Lessons that share nothing are not offered;
/// equal scores go newest first, then by project code and number.
public enum LearnBefore {
    public struct Project: Sendable {
        public var id: UUID
        public var themeIDs: Set<UUID>
        public var tags: [String]
        public var organisationKind: OrganisationKind
        public var text: String

        public init(id: UUID, themeIDs: Set<UUID>, tags: [String], organisationKind: OrganisationKind, text: String) {
            self.id = id
            self.themeIDs = themeIDs
            self.tags = tags
            self.organisationKind = organisationKind
            self.text = text
        }
    }

    /// Why a lesson is offered.
    public struct Match: Equatable, Sendable {
        public var line: LessonLine
        public var score: Double
        public var themeIDs: [UUID]
        public var tags: [String]
        public var sameKindOfOrganisation: Bool
        public var words: [String]

        public init(line: LessonLine, score: Double, themeIDs: [UUID], tags: [String], sameKindOfOrganisation: Bool, words: [String]) {
            self.line = line
            self.score = score
            self.themeIDs = themeIDs
            self.tags = tags
            self.sameKindOfOrganisation = sameKindOfOrganisation
            self.words = words
        }
    }

    public static let themeWeight = 3.0, tagWeight = 2.0, kindWeight = 1.0, textWeight = 4.0
    public static let limit = 10

    /// The most relevant of `lines` for `project`, best first (see `rank(_:for:admitting:limit:)`).
    public static func rank(_ lines: [LessonLine], for project: Project, limit: Int = limit) -> [Match] {
        let byLesson = Dictionary(lines.map { ($0.lesson.id, $0) }, uniquingKeysWith: { first, _ in first })
        let corpus = Corpus(lines.map(\.lesson))
        return rank(corpus, for: project, admitting: { byLesson[$0.lessonID].map { ($0.projectCode, $0.organisationKind) } },
                    limit: limit).compactMap { scored in
            byLesson[scored.lessonID].map { Match(line: $0, score: scored.score, themeIDs: scored.themeIDs, tags: scored.tags,
                                                  sameKindOfOrganisation: scored.sameKindOfOrganisation, words: scored.words) }
        }
    }

    /// A lesson as learn before compares it: its themes, tags and words, the words as numbers
    /// from the corpus's vocabulary, in order, so two lessons' words are compared in one pass.
    public struct Candidate: Sendable {
        public var lessonID: UUID
        public var projectID: UUID
        public var number: Int
        public var learnedOn: CalendarDate
        public var themeIDs: [UUID]
        public var tags: [String]
        public var phase: LessonPhase
        public var technique: LessonTechnique
        public var outcome: LessonOutcome
        /// The themes and the tags in lower case (as compared) as numbers from the corpus's own
        /// numbering, in order: what ranking compares, without hashing an id or a word per lesson.
        var themeNumbers: [Int32]
        var tagNumbers: [Int32]
        var words: [Int32]
        /// What the lessons search reads, in lower case: the title, what happened, why, the
        /// recommendation and the tags, each on a line of its own (a word searched for never
        /// spans two of them).
        var searchText: [UInt8]
    }

    /// Every lesson learn before may offer, with the words of all of them numbered once: what one
    /// instance keeps in memory, so a request compares numbers rather than re-reading and
    /// re-splitting 5,000 lessons' text.
    public struct Corpus: Sendable {
        public let candidates: [Candidate]
        let vocabulary: [String: Int32]
        let spelling: [String]
        /// Every theme and tag (in lower case) any lesson has, numbered.
        let themeNumbering: [UUID: Int32]
        let tagNumbering: [String: Int32]
        /// Each lesson's project: a search asks once per project whether its reader may see it.
        let projects: ProjectSlots

        public init(_ lessons: [Lesson]) {
            var vocabulary: [String: Int32] = [:]
            var spelling: [String] = []
            var themeNumbering: [UUID: Int32] = [:], tagNumbering: [String: Int32] = [:]
            func number<Key: Hashable>(_ key: Key, in numbering: inout [Key: Int32]) -> Int32 {
                if let known = numbering[key] { return known }
                let next = Int32(numbering.count)
                numbering[key] = next
                return next
            }
            candidates = lessons.map { lesson in
                let fields = lesson.fields
                let words = LearnBefore.words(fields.text).map { word -> Int32 in
                    if let known = vocabulary[word] { return known }
                    let next = Int32(spelling.count)
                    vocabulary[word] = next
                    spelling.append(word)
                    return next
                }.sorted()
                let searched = [fields.title, fields.happened, fields.why, fields.recommendation, fields.tags.joined(separator: " ")]
                return Candidate(lessonID: lesson.id, projectID: lesson.projectID, number: lesson.number, learnedOn: fields.learnedOn,
                                 themeIDs: fields.themeIDs, tags: fields.tags, phase: fields.phase, technique: fields.technique,
                                 outcome: fields.outcome, themeNumbers: fields.themeIDs.map { number($0, in: &themeNumbering) },
                                 tagNumbers: fields.tags.map { number($0.lowercased(), in: &tagNumbering) }, words: words,
                                 searchText: Array(searched.joined(separator: "\n").lowercased().utf8))
            }
            self.vocabulary = vocabulary
            self.spelling = spelling
            self.themeNumbering = themeNumbering
            self.tagNumbering = tagNumbering
            projects = ProjectSlots(candidates.map(\.projectID))
        }
    }

    /// The lessons `query` selects among those `admitting` lets through (it gives the code and
    /// lead organisation of the project of a lesson the reader may see): every word of its text
    /// (at most eight) somewhere in one of a lesson's title, what happened, why, recommendation or
    /// tags, whatever its case; the latest learnt first, then by project code and number. The ids
    /// of the page asked for, and how many match in all.
    public static func search(_ corpus: Corpus, _ query: LessonQuery,
                              admitting: (UUID) -> (projectCode: String, leadOrganisationID: UUID)?) -> (ids: [UUID], total: Int) {
        let words = LessonQuery.words(query.text).map { Array($0.utf8) }
        let projects = corpus.projects.projectIDs.map { id in
            admitting(id).flatMap { project in query.organisationID.map { $0 == project.leadOrganisationID } ?? true ? project : nil }
        }
        let candidates = corpus.candidates, slots = corpus.projects.slots
        var found: [Int] = []
        for position in candidates.indices {
            guard projects[Int(slots[position])] != nil else { continue }
            if let phase = query.phase, candidates[position].phase != phase { continue }
            if let technique = query.technique, candidates[position].technique != technique { continue }
            if let outcome = query.outcome, candidates[position].outcome != outcome { continue }
            if let theme = query.themeID, !candidates[position].themeIDs.contains(theme) { continue }
            guard words.allSatisfy({ contains(candidates[position].searchText, $0) }) else { continue }
            found.append(position)
        }
        found.sort { a, b in
            if candidates[a].learnedOn != candidates[b].learnedOn { return candidates[a].learnedOn > candidates[b].learnedOn }
            let codeA = projects[Int(slots[a])]!.projectCode, codeB = projects[Int(slots[b])]!.projectCode
            if codeA != codeB { return codeA < codeB }
            return candidates[a].number < candidates[b].number
        }
        let page = found.dropFirst(query.page.offset).prefix(query.page.perPage)
        return (page.map { candidates[$0].lessonID }, found.count)
    }

    /// Whether `word` occurs in `text`: each place its first byte occurs (found by `memchr`) compared whole.
    static func contains(_ text: [UInt8], _ word: [UInt8]) -> Bool {
        guard let first = word.first else { return true }
        guard word.count <= text.count else { return false }
        return text.withUnsafeBufferPointer { text in
            word.withUnsafeBufferPointer { word in
                var start = text.baseAddress!
                let last = text.baseAddress! + (text.count - word.count)
                while start <= last {
                    guard let found = memchr(start, Int32(first), last - start + 1) else { return false }
                    let at = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(at, word.baseAddress!, word.count) == 0 { return true }
                    start = at + 1
                }
                return false
            }
        }
    }

    /// Why a lesson is offered, by its id.
    public struct Scored: Sendable {
        public var lessonID: UUID
        public var score: Double
        public var themeIDs: [UUID]
        public var tags: [String]
        public var sameKindOfOrganisation: Bool
        public var words: [String]
    }

    /// The lessons of `corpus` most relevant to `project`, best first: shared themes (3 each), shared
    /// tags (2 each) and words in common (up to 4, by the share of both texts' words they are), then
    /// a lead organisation of the same kind (1). A lesson with nothing but the kind in common is not
    /// offered; equal scores go to the most recently learnt, then by project code and number.
    /// `admitting` gives a lesson's project code and lead organisation's kind when the reader may
    /// see it, nil when they may not; the project's own lessons are never offered.
    public static func rank(_ corpus: Corpus, for project: Project,
                            admitting: (Candidate) -> (projectCode: String, organisationKind: OrganisationKind)?,
                            limit: Int = limit) -> [Scored] {
        let projectWords = words(project.text)
        let known = projectWords.compactMap { corpus.vocabulary[$0] }.sorted()
        let projectTags = Set(project.tags.map { $0.lowercased() })
        struct Found { var index: Int; var score: Double; var code: String; var sameKind: Bool }
        func before(_ a: Found, _ b: Found) -> Bool {
            if a.score != b.score { return a.score > b.score }
            let first = corpus.candidates[a.index], second = corpus.candidates[b.index]
            if first.learnedOn != second.learnedOn { return first.learnedOn > second.learnedOn }
            if a.code != b.code { return a.code < b.code }
            return first.number < second.number
        }
        // The best `limit` so far, best first. A lesson that cannot beat the last of them is passed
        // over before asking whether the reader may see it.
        var found: [Found] = []
        guard limit > 0 else { return [] }
        // The project's themes and tags as marks by the corpus's numbers: a lesson's are then
        // looked up, not hashed. (A region holds 50,000 lessons, each compared on every request.)
        // Its words likewise: a lesson's words are counted by looking each up, not by walking
        // both lists side by side (a fifth of the time).
        var projectTheme = [UInt8](repeating: 0, count: corpus.themeNumbering.count)
        for theme in project.themeIDs { if let number = corpus.themeNumbering[theme] { projectTheme[Int(number)] = 1 } }
        var projectTag = [UInt8](repeating: 0, count: corpus.tagNumbering.count)
        for tag in projectTags { if let number = corpus.tagNumbering[tag] { projectTag[Int(number)] = 1 } }
        var projectWord = [UInt8](repeating: 0, count: corpus.spelling.count)
        for word in known { projectWord[Int(word)] = 1 }
        let candidates = corpus.candidates
        for position in candidates.indices where candidates[position].projectID != project.id {
            // Each part read where it is kept: copying a whole candidate retains every one of its lists.
            let themes = marked(candidates[position].themeNumbers, projectTheme)
            let tags = marked(candidates[position].tagNumbers, projectTag)
            let shared = marked(candidates[position].words, projectWord)
            let union = projectWords.count + candidates[position].words.count - shared
            let likeness = union == 0 ? 0 : Double(shared) / Double(union)
            let relevance = themeWeight * Double(themes) + tagWeight * Double(tags) + textWeight * likeness
            // A kind of organisation alone makes no lesson relevant: it only orders relevant ones.
            guard relevance > 0 else { continue }
            if found.count == limit, relevance + kindWeight < found[limit - 1].score { continue }
            guard let seen = admitting(candidates[position]) else { continue }
            let sameKind = seen.organisationKind == project.organisationKind
            let next = Found(index: position, score: relevance + (sameKind ? kindWeight : 0), code: seen.projectCode, sameKind: sameKind)
            if found.count == limit {
                guard before(next, found[limit - 1]) else { continue }
                found.removeLast()
            }
            found.insert(next, at: found.firstIndex { before(next, $0) } ?? found.endIndex)
        }
        let knownSet = Set(known)
        return found.map { found in
            let candidate = corpus.candidates[found.index]
            return Scored(lessonID: candidate.lessonID, score: found.score, themeIDs: candidate.themeIDs.filter(project.themeIDs.contains),
                          tags: candidate.tags.filter { projectTags.contains($0.lowercased()) }, sameKindOfOrganisation: found.sameKind,
                          words: candidate.words.filter(knownSet.contains).map { corpus.spelling[Int($0)] }.sorted())
        }
    }

    /// How many of `numbers` are marked (1) in `marks`, which holds a mark for every number.
    static func marked(_ numbers: [Int32], _ marks: [UInt8]) -> Int {
        numbers.withUnsafeBufferPointer { numbers in
            marks.withUnsafeBufferPointer { marks in
                var count = 0
                for number in numbers { count &+= Int(marks[Int(number)]) }
                return count
            }
        }
    }

    static let common: Set<String> = [
        "care", "patient", "patients", "people", "health", "service", "services", "time", "week", "weeks", "month", "months",
        "year", "years", "first",
        "about", "after", "also", "been", "before", "being", "both", "could", "each", "from", "have", "into", "many", "more", "most",
        "much", "need", "only", "other", "over", "project", "projects", "same", "should", "some", "such", "than", "that", "their",
        "them", "then", "there", "these", "they", "this", "those", "through", "very", "were", "what", "when", "where", "which",
        "while", "will", "with", "work", "would", "your",
    ]

    /// The distinct words of four letters or more, in lower case, common ones left out.
    public static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 4 && !common.contains($0) })
    }
}

/// A project's review of another project's lesson before its work ("learn before").
public struct LessonReview: Equatable, Sendable {
    public var projectID: UUID
    public var lessonID: UUID
    public var reviewerName: String
    public var reviewedAt: Date

    public init(projectID: UUID, lessonID: UUID, reviewerName: String, reviewedAt: Date) {
        self.projectID = projectID
        self.lessonID = lessonID
        self.reviewerName = reviewerName
        self.reviewedAt = reviewedAt
    }
}

/// A project in its first stages, and how many other projects' lessons its team reviewed.
public struct InitiationReview: Equatable, Sendable {
    public var projectID: UUID
    public var projectCode: String
    public var projectTitle: String
    public var organisationName: String
    public var stageName: String
    public var reviewed: Int

    public init(projectID: UUID, projectCode: String, projectTitle: String, organisationName: String, stageName: String, reviewed: Int) {
        self.projectID = projectID
        self.projectCode = projectCode
        self.projectTitle = projectTitle
        self.organisationName = organisationName
        self.stageName = stageName
        self.reviewed = reviewed
    }
}

extension LifecycleStage {
    /// The stages of a new project, before delivery starts: when to learn before.
    public static let earlyKeys: Set<String> = ["mandate", "proposal", "business-case", "initiation"]
    public var isEarly: Bool { Self.earlyKeys.contains(key) }
}
