import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let lessonColumns: SQLQueryString = """
        l.id, l.project_id, l.number, l.title, l.happened, l.why, l.outcome, l.recommendation, l.phase, l.technique, l.learned_on,
        l.tags, l.version, l.created_at, l.updated_at
        """
    static let lessonLineColumns: SQLQueryString = """
        p.code AS project_code, p.title AS project_title, o.id AS organisation_id, o.name AS organisation_name, o.kind AS organisation_kind
        """
    static let lessonLineFrom: SQLQueryString = """
        lessons l JOIN projects p ON p.id = l.project_id JOIN organisations o ON o.id = p.lead_organisation_id
        """

    public func lesson(_ id: UUID) async throws -> Lesson? {
        try await withThemes(try await rows("SELECT \(Self.lessonColumns) FROM lessons l WHERE l.id = \(bind: id)", reading: Self.lesson)).first
    }

    /// A project's lessons, the latest learnt first.
    public func lessons(ofProject projectID: UUID) async throws -> [Lesson] {
        try await withThemes(try await rows("""
            SELECT \(Self.lessonColumns) FROM lessons l WHERE l.project_id = \(bind: projectID) ORDER BY l.learned_on DESC, l.number DESC
            """, reading: Self.lesson))
    }

    /// A page of the lessons of the projects `rule` admits that match `query`, the latest learnt
    /// first, and how many match: chosen from every lesson as this instance holds them (the
    /// `lessons` counter) with the portfolio index saying which projects the reader may see and
    /// who leads them, then the page's lessons read whole in one statement.
    public func lessons(_ query: LessonQuery, rule: ProjectReadRule) async throws -> Page<LessonLine> {
        async let corpus = lessonCorpus()
        let readable = try await portfolioIndex().readableProjects(rule: rule)
        let (ids, total) = LearnBefore.search(try await corpus, query, admitting: { projectID in
            readable.entry(projectID).map { ($0.summary.code, $0.summary.leadOrganisationID) }
        })
        let lines = try await lessonLines(ids, readable: readable)
        return Page(items: ids.compactMap { lines[$0] }, request: query.page, total: total)
    }

    /// Every lesson, as "learn before" compares them, from memory while the `lessons` counter
    /// stands still; read in two statements when it has moved. Who may read which is decided per
    /// request, by the portfolio index.
    public func lessonCorpus() async throws -> LearnBefore.Corpus {
        try await derived(.lessons, from: \.lessons) { store in
            let generation = try await store.generation(of: .lessons)
            let lessons = try await store.rows("SELECT \(Self.lessonColumns) FROM lessons l", reading: Self.lesson)
            let themes = try await store.rows("SELECT lesson_id, theme_id FROM lesson_themes ORDER BY lesson_id, position",
                                              reading: { (try $0.uuid("lesson_id"), try $0.uuid("theme_id")) })
            let byLesson = Dictionary(grouping: themes, by: \.0)
            return (generation, LearnBefore.Corpus(lessons.map { lesson in
                var lesson = lesson
                lesson.fields.themeIDs = byLesson[lesson.id]?.map(\.1) ?? []
                return lesson
            }))
        }
    }

    /// The lessons with these ids whose projects `readable` holds, with their themes, by id.
    public func lessonLines(_ ids: [UUID], readable: ReadableProjects) async throws -> [UUID: LessonLine] {
        guard !ids.isEmpty else { return [:] }
        let lines = try await withThemes(lines: try await rows("""
            SELECT \(Self.lessonColumns), \(Self.lessonLineColumns) FROM \(Self.lessonLineFrom) WHERE l.id IN \(SQLBind.group(ids))
            """, reading: Self.lessonLine).filter { readable.entry($0.lesson.projectID) != nil })
        return Dictionary(lines.map { ($0.lesson.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The lessons with their themes, read in one more statement.
    private func withThemes(_ lessons: [Lesson]) async throws -> [Lesson] {
        guard !lessons.isEmpty else { return lessons }
        let themes = try await rows("""
            SELECT lesson_id, theme_id FROM lesson_themes WHERE lesson_id IN \(SQLBind.group(lessons.map(\.id))) ORDER BY lesson_id, position
            """, reading: { (try $0.uuid("lesson_id"), try $0.uuid("theme_id")) })
        let byLesson = Dictionary(grouping: themes, by: \.0)
        return lessons.map { lesson in
            var lesson = lesson
            lesson.fields.themeIDs = byLesson[lesson.id]?.map(\.1) ?? []
            return lesson
        }
    }

    private func withThemes(lines: [LessonLine]) async throws -> [LessonLine] {
        let lessons = try await withThemes(lines.map(\.lesson))
        return zip(lines, lessons).map { line, lesson in
            var line = line
            line.lesson = lesson
            return line
        }
    }

    public func createLesson(projectID: UUID, fields: LessonFields, by actor: AuditActor) async throws -> Lesson {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM lessons WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO lessons (id, project_id, number, title, happened, why, outcome, recommendation, phase, technique, learned_on,
                    tags, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: fields.title), \(bind: fields.happened), \(bind: fields.why),
                        \(bind: fields.outcome.rawValue), \(bind: fields.recommendation), \(bind: fields.phase.rawValue),
                        \(bind: fields.technique.rawValue), \(bind: fields.learnedOn.description), \(bind: try TagsColumn.encode(fields.tags)),
                        1, \(bind: now), \(bind: now))
                """)
            try await store.replaceThemes(of: id, with: fields.themeIDs)
            let lesson = Lesson(id: id, projectID: projectID, number: number, fields: fields, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.lessonCreated, id, projectID: projectID, subject: "\(lesson.reference) \(fields.title)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return lesson
        }
    }

    public func updateLesson(_ id: UUID, expectedVersion: Int, fields: LessonFields, by actor: AuditActor) async throws -> Lesson {
        try await write { store in
            guard var lesson = try await store.lesson(id) else { throw NotFound("lesson") }
            let now = store.now()
            let version = try await store.conditionalUpdate("lessons", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), happened = \(bind: fields.happened), why = \(bind: fields.why),
                outcome = \(bind: fields.outcome.rawValue), recommendation = \(bind: fields.recommendation), phase = \(bind: fields.phase.rawValue),
                technique = \(bind: fields.technique.rawValue), learned_on = \(bind: fields.learnedOn.description),
                tags = \(bind: try TagsColumn.encode(fields.tags))
                """)
            try await store.replaceThemes(of: id, with: fields.themeIDs)
            try await store.record(.lessonChanged, id, projectID: lesson.projectID, subject: "\(lesson.reference) \(fields.title)",
                                   changes: FieldChange.between(lesson.fields.auditValues, fields.auditValues), by: actor)
            lesson.fields = fields
            lesson.version = version
            lesson.updatedAt = now
            return lesson
        }
    }

    /// Removes a lesson recorded by mistake (other projects' reviews of it go with it).
    public func deleteLesson(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let lesson = try await store.lesson(id) else { throw NotFound("lesson") }
            try await store.run("DELETE FROM lessons WHERE id = \(bind: id)")
            try await store.record(.lessonDeleted, id, projectID: lesson.projectID, subject: "\(lesson.reference) \(lesson.fields.title)",
                                   changes: [], by: actor)
        }
    }

    private func replaceThemes(of lessonID: UUID, with themes: [UUID]) async throws {
        try await run("DELETE FROM lesson_themes WHERE lesson_id = \(bind: lessonID)")
        for (position, theme) in themes.enumerated() {
            try await run("INSERT INTO lesson_themes (lesson_id, position, theme_id) VALUES (\(bind: lessonID), \(bind: position), \(bind: theme))")
        }
    }

    // MARK: Learn before

    /// The lessons a project's team has reviewed, by lesson.
    public func lessonReviews(ofProject projectID: UUID) async throws -> [UUID: LessonReview] {
        let reviews = try await rows("""
            SELECT project_id, lesson_id, reviewer_name, reviewed_at FROM lesson_reviews WHERE project_id = \(bind: projectID)
            """, reading: { LessonReview(projectID: try $0.uuid("project_id"), lessonID: try $0.uuid("lesson_id"),
                                         reviewerName: try $0.string("reviewer_name"), reviewedAt: try $0.date("reviewed_at")) })
        return Dictionary(reviews.map { ($0.lessonID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Records that a project's team reviewed a lesson (once: a second review changes nothing).
    public func reviewLesson(_ lesson: Lesson, forProject projectID: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let already = try await store.count("""
                SELECT COUNT(*) AS n FROM lesson_reviews WHERE project_id = \(bind: projectID) AND lesson_id = \(bind: lesson.id)
                """)
            guard already == 0 else { return }
            try await store.run("""
                INSERT INTO lesson_reviews (project_id, lesson_id, reviewer_name, reviewed_at)
                VALUES (\(bind: projectID), \(bind: lesson.id), \(bind: actor.name), \(bind: store.now()))
                """)
            try await store.record(.lessonReviewed, lesson.id, projectID: projectID, subject: lesson.fields.title, changes: [], by: actor)
        }
    }

    /// Withdraws a project's review of a lesson (marked by mistake).
    public func withdrawLessonReview(_ lesson: Lesson, forProject projectID: UUID, by actor: AuditActor) async throws {
        try await write { store in
            let removed = try await store.count("""
                SELECT COUNT(*) AS n FROM lesson_reviews WHERE project_id = \(bind: projectID) AND lesson_id = \(bind: lesson.id)
                """)
            guard removed > 0 else { return }
            try await store.run("DELETE FROM lesson_reviews WHERE project_id = \(bind: projectID) AND lesson_id = \(bind: lesson.id)")
            try await store.record(.lessonReviewWithdrawn, lesson.id, projectID: projectID, subject: lesson.fields.title, changes: [], by: actor)
        }
    }

    /// The projects `rule` admits that are still active in their first stages, with how many
    /// lessons each reviewed, those that reviewed none first.
    public func initiationReviews(rule: ProjectReadRule) async throws -> [InitiationReview] {
        try await rows("""
            SELECT p.id, p.code, p.title, o.name AS organisation_name, s.name AS stage_name,
                   (SELECT COUNT(*) FROM lesson_reviews r WHERE r.project_id = p.id) AS reviewed
            FROM projects p JOIN organisations o ON o.id = p.lead_organisation_id JOIN lifecycle_stages s ON s.id = p.stage_id
            WHERE p.id IN (\(Self.readableProjects(rule))) AND p.status = 'active' AND s.key IN \(SQLBind.group(Array(LifecycleStage.earlyKeys).sorted()))
            ORDER BY reviewed, p.code
            """, reading: { columns in
                InitiationReview(projectID: try columns.uuid("id"), projectCode: try columns.string("code"),
                                 projectTitle: try columns.string("title"), organisationName: try columns.string("organisation_name"),
                                 stageName: try columns.string("stage_name"), reviewed: try columns.int("reviewed"))
            })
    }

    static func lesson(_ columns: Columns) throws -> Lesson {
        let fields = LessonFields(
            title: try columns.string("title"), happened: try columns.string("happened"), why: try columns.string("why"),
            outcome: try Columns.choice(try columns.string("outcome"), "outcome"), recommendation: try columns.string("recommendation"),
            phase: try Columns.choice(try columns.string("phase"), "phase"), technique: try Columns.choice(try columns.string("technique"), "technique"),
            learnedOn: try calendarDate(try columns.string("learned_on")), tags: try TagsColumn.decode(try columns.string("tags")))
        return Lesson(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"), fields: fields,
                      version: try columns.int("version"), createdAt: try columns.date("created_at"), updatedAt: try columns.date("updated_at"))
    }

    static func lessonLine(_ columns: Columns) throws -> LessonLine {
        LessonLine(lesson: try lesson(columns), projectCode: try columns.string("project_code"), projectTitle: try columns.string("project_title"),
                   organisationID: try columns.uuid("organisation_id"), organisationName: try columns.string("organisation_name"),
                   organisationKind: try Columns.choice(try columns.string("organisation_kind"), "organisation_kind"))
    }
}
