import Foundation
import WaymarkDomain
import WaymarkStore

public typealias ReadableLesson = ReadableLogItem<Lesson>

/// A project's lessons log as one person may see it.
public struct LessonLog: Sendable {
    public var project: ReadableProject
    public var lessons: [Lesson]
}

/// "Learn before" for one project: the other projects' lessons most relevant to it (only those
/// the person may read), the ones its team has reviewed, and whether it is in its first stages.
public struct LearnBeforeList: Sendable {
    public var project: ReadableProject
    public var matches: [LearnBefore.Match]
    /// The reviews its team has recorded, by lesson, with each reviewed lesson the person may read.
    public var reviews: [UUID: LessonReview]
    public var reviewed: [LessonLine]
    public var isEarly: Bool
}

/// Everything a person does with lessons, each once, for pages and the API alike: a project's
/// log (its team records), the search across every project a person may read, and learning
/// before a project starts.
public struct LessonWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }
    var risks: RiskWorkflows { RiskWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func log(_ projectID: UUID, by acting: Acting) async throws -> LessonLog {
        let project = try await projects.readable(projectID, by: acting)
        return LessonLog(project: project, lessons: try await store.lessons(ofProject: projectID))
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableLesson {
        guard let lesson = try await store.lesson(id) else { throw NotFound("lesson") }
        return ReadableLesson(item: lesson, project: try await projects.readable(lesson.projectID, by: acting, hiding: "lesson"))
    }

    /// The project a new lesson is for, if the person may record one there.
    public func projectForNewLesson(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        try await risks.projectForNewRisk(projectID, by: acting)
    }

    public func create(projectID: UUID, _ input: LessonInput, today: CalendarDate, by acting: Acting) async throws -> ReadableLesson {
        let project = try await projectForNewLesson(projectID, by: acting)
        let fields = try await validate(input, today: today)
        return ReadableLesson(item: try await store.createLesson(projectID: projectID, fields: fields, by: acting.audit), project: project)
    }

    /// Changes the fields `input` carries (nil keeps a field), if it is still at `expectedVersion`.
    public func update(_ current: ReadableLesson, _ input: LessonInput, expectedVersion: Int, today: CalendarDate,
                       by acting: Acting) async throws -> ReadableLesson {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let before = current.item.fields
        // A date learnt that is not changed stays valid, whatever today is.
        let fields = try await validate(input.overlaid(on: before), today: max(today, before.learnedOn))
        let lesson = try await store.updateLesson(current.item.id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
        return ReadableLesson(item: lesson, project: current.project)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableLesson {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteLesson)
        try await store.deleteLesson(id, by: acting.audit)
        return current
    }

    /// The lessons of every project the person may read that match `query`, a page at a time.
    public func search(_ query: LessonQuery, by acting: Acting) async throws -> Page<LessonLine> {
        try await store.lessons(query, rule: AccessPolicy.readRule(for: acting.actor))
    }

    /// The themes a lesson may carry.
    public func themes() async throws -> [(UUID, String)] {
        try await store.referenceData().themes.map { ($0.id, $0.name) }
    }

    // MARK: Learn before

    public func learnBefore(_ projectID: UUID, by acting: Acting) async throws -> LearnBeforeList {
        let readable = try await projects.readable(projectID, by: acting)
        let fields = readable.project.fields
        let rule = AccessPolicy.readRule(for: acting.actor)
        async let corpus = store.lessonCorpus()
        async let index = store.portfolioIndex()
        async let reviews = store.lessonReviews(ofProject: projectID)
        let portfolio = try await index
        let reference = portfolio.references
        let readableProjects = portfolio.readableProjects(rule: rule)
        let kind = reference.organisation(fields.leadOrganisationID)?.kind ?? .other
        let project = LearnBefore.Project(id: projectID, themeIDs: Set(fields.themeIDs), tags: fields.tags, organisationKind: kind,
                                          text: [fields.title, fields.summary, fields.scopeIn, fields.objectives].joined(separator: " "))
        let scored = LearnBefore.rank(try await corpus, for: project, admitting: { candidate in
            readableProjects.entry(candidate.projectID).map { entry in
                (entry.summary.code, reference.organisation(entry.summary.leadOrganisationID)?.kind ?? .other)
            }
        })
        let found = try await reviews
        // The offered lessons and the reviewed ones, read whole; what the person may not read is left out.
        let lines = try await store.lessonLines(scored.map(\.lessonID) + found.keys.sorted { $0.uuidString < $1.uuidString },
                                                readable: readableProjects)
        let matches = scored.compactMap { scored in
            lines[scored.lessonID].map { LearnBefore.Match(line: $0, score: scored.score, themeIDs: scored.themeIDs, tags: scored.tags,
                                                           sameKindOfOrganisation: scored.sameKindOfOrganisation, words: scored.words) }
        }
        let reviewed = found.keys.compactMap { lines[$0] }.filter { $0.lesson.projectID != projectID }
            .sorted { (found[$0.lesson.id]!.reviewedAt, $1.lesson.id.uuidString) > (found[$1.lesson.id]!.reviewedAt, $0.lesson.id.uuidString) }
        return LearnBeforeList(project: readable, matches: matches, reviews: found, reviewed: reviewed,
                               isEarly: reference.stage(fields.stageID)?.isEarly ?? false)
    }

    /// Records that the project's team reviewed another project's lesson the person may read.
    public func review(_ lessonID: UUID, forProject projectID: UUID, by acting: Acting) async throws {
        let project = try await projects.readable(projectID, by: acting)
        try AccessPolicy.require(project.canEdit, else: .editProject)
        let lesson = try await readable(lessonID, by: acting)
        guard lesson.item.projectID != projectID else {
            throw ValidationFailure("lessonId", "A project's own lessons are not reviewed as learning from elsewhere", kind: .rule)
        }
        try await store.reviewLesson(lesson.item, forProject: projectID, by: acting.audit)
    }

    public func withdrawReview(_ lessonID: UUID, forProject projectID: UUID, by acting: Acting) async throws {
        let project = try await projects.readable(projectID, by: acting)
        try AccessPolicy.require(project.canEdit, else: .editProject)
        guard let lesson = try await store.lesson(lessonID) else { throw NotFound("lesson") }
        try await store.withdrawLessonReview(lesson, forProject: projectID, by: acting.audit)
    }

    /// The projects in their first stages, and how many lessons each reviewed (the portfolio office).
    public func initiationReviews(by acting: Acting) async throws -> [InitiationReview] {
        try AccessPolicy.require(AccessPolicy.canOverseeLearning(acting.actor), else: .overseeLearning)
        return try await store.initiationReviews(rule: AccessPolicy.readRule(for: acting.actor))
    }

    private func validate(_ input: LessonInput, today: CalendarDate) async throws -> LessonFields {
        try LessonFields.validate(input, themes: Set(try await store.referenceData().themes.map(\.id)), today: today)
    }
}
