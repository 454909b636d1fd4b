import Plot
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Lesson pages: a project's lessons and what other projects learnt that bears on it, one
/// lesson, recording, changing and deleting one, marking another project's lesson reviewed, the
/// search across every project a person may read, and which projects learnt before they started.
struct LessonsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.lessons.pathComponents, use: search)
        routes.get(SiteURL.lessonReviewsAtInitiation.pathComponents, use: initiation)
        routes.get(SiteURL.projectLessons(.key).pathComponents, use: log)
        routes.get(SiteURL.lesson(.key).pathComponents, use: show)
        try routes.register(collection: LogPages<LessonPages>())
        routes.post(SiteURL.lessonReviews(.key).pathComponents, use: review)
        routes.post(SiteURL.withdrawLessonReview(.key, .key).pathComponents, use: withdraw)
    }

    static let notices = ["created": "The lesson was recorded.", "saved": "Your changes were saved.", "deleted": "The lesson was deleted.",
                          "reviewed": "The lesson is marked as reviewed by the team.", "withdrawn": "The review was withdrawn."]

    static func lessonID(_ request: Request) throws -> UUID {
        try LogPages<LessonPages>.itemID(request)
    }

    static func themeNames(_ request: Request) async throws -> [UUID: String] {
        Dictionary(try await request.lessons.themes(), uniquingKeysWith: { first, _ in first })
    }

    func log(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let projectID = try ProjectsController.projectID(request)
        async let log = request.lessons.log(projectID, by: signedIn.acting)
        async let learn = request.lessons.learnBefore(projectID, by: signedIn.acting)
        let (found, list) = (try await log, try await learn)
        return HTMLResponse.make(LessonLogPage(signedIn: signedIn, project: found.project.project, lessons: found.lessons, matches: list.matches,
                                               reviews: list.reviews, reviewed: list.reviewed, isEarly: list.isEarly,
                                               themes: try await Self.themeNames(request), canEdit: found.project.canEdit,
                                               notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.lessons.readable(try Self.lessonID(request), by: signedIn.acting)
        let organisation = try await request.store.organisation(readable.project.project.fields.leadOrganisationID)
        return HTMLResponse.make(LessonPage(signedIn: signedIn, project: readable.project.project, lesson: readable.item,
                                            organisation: organisation?.name ?? "", themes: try await Self.themeNames(request),
                                            canEdit: readable.canEdit, canDelete: readable.canDelete,
                                            notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func review(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        guard let lessonID = form["lessonId"].flatMap(UUID.init(uuidString:)) else { throw NotFound("lesson") }
        try await request.lessons.review(lessonID, forProject: projectID, by: signedIn.acting)
        return request.redirect(to: SiteURL.projectLessons(.value(projectID)).path(query: [("notice", "reviewed")]) + "#learn-before")
    }

    func withdraw(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        try await request.lessons.withdrawReview(try Self.lessonID(request), forProject: projectID, by: signedIn.acting)
        return request.redirect(to: SiteURL.projectLessons(.value(projectID)).path(query: [("notice", "withdrawn")]) + "#learn-before")
    }

    func search(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, errors) = LessonQuery.parse(request.queryData, strict: false)
        async let page = request.lessons.search(query, by: signedIn.acting)
        async let references = request.store.referenceData()
        let reference = try await references
        let chrome = PageChrome(title: (errors.isEmpty ? "" : "Error: ") + "Lessons", signedIn: signedIn, section: .lessons)
        return HTMLResponse.make(LessonSearchPage(chrome: chrome, query: query, page: try await page,
                                                  themes: reference.themes.map { ($0.id, $0.name) },
                                                  organisations: reference.organisations.map { ($0.id, $0.name) }, errors: errors,
                                                  canOversee: AccessPolicy.canOverseeLearning(signedIn.actor)).render(),
                                 status: errors.isEmpty ? .ok : .badRequest)
    }

    func initiation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let reviews = try await request.lessons.initiationReviews(by: signedIn.acting)
        return HTMLResponse.make(InitiationReviewsPage(chrome: PageChrome(title: "Learning before", signedIn: signedIn, section: .lessons,
                                                                          breadcrumbs: [("Lessons", SiteURL.lessons.path)]),
                                                       reviews: reviews).render())
    }
}

extension LessonQuery {
    /// The search's words and filters from a query string; what is wrong is reported and left out.
    static func parse(_ data: FormData, strict: Bool) -> (LessonQuery, [FieldError]) {
        var reader = QueryStringReader(data, strict: strict, keys: ["q", "phase", "outcome", "technique", "theme", "organisation"])
        var query = LessonQuery()
        if let text = data["q"] {
            if text.length > textLimit || text.firstControlCharacter(multiline: false) != nil {
                reader.errors.add("q", "Search for at most \(textLimit) characters on one line")
            } else {
                query.text = text.trimmedOrNil
            }
        }
        query.phase = reader.choice("phase", "Select when in the work from the list")
        query.outcome = reader.choice("outcome", "Select repeat or avoid")
        query.technique = reader.choice("technique", "Select a technique from the list")
        query.themeID = reader.id("theme", "The theme")
        query.organisationID = reader.id("organisation", "The organisation")
        query.page = reader.page(perPage: 25)
        return (query, reader.errors.errors)
    }
}

/// Recording, changing and deleting a lesson, through `LogPages`.
enum LessonPages: LogPagesResource {
    static let noun = "lesson", firstField = "title", section = ProjectSection.lessons
    static let newTitle = "Record a lesson", newSubmit = "Record lesson"
    static let itemKey = SiteURL.Key.lesson, deleteRefusal = Refusal.deleteLesson
    static let deleteExplanation = "Deleting removes a lesson recorded by mistake, and other projects' reviews of it. The project's history keeps a record that it existed. A lesson that still holds should stay, changed if need be."

    static func listRoute(_ project: Param<UUID>) -> SiteURL { .projectLessons(project) }
    static func newRoute(_ project: Param<UUID>) -> SiteURL { .newLesson(project) }
    static func itemRoute(_ item: Param<UUID>) -> SiteURL { .lesson(item) }
    static func editRoute(_ item: Param<UUID>) -> SiteURL { .editLesson(item) }
    static func deleteRoute(_ item: Param<UUID>) -> SiteURL { .deleteLesson(item) }
    static func name(_ item: Lesson) -> String { item.reference + " " + item.fields.title }
    static func identity(_ item: Lesson) -> (id: UUID, version: Int) { (item.id, item.version) }
    static func recorded(_ item: Lesson) -> LessonFields { item.fields }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.lessons.projectForNewLesson(projectID, by: acting)
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableLesson {
        try await request.lessons.readable(id, by: acting)
    }

    static func create(_ projectID: UUID, _ input: LessonInput, _ request: Request, by acting: Acting) async throws -> ReadableLesson {
        try await request.lessons.create(projectID: projectID, input, today: request.today, by: acting)
    }

    static func update(_ current: ReadableLesson, _ input: LessonInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws {
        _ = try await request.lessons.update(current, input, expectedVersion: expectedVersion, today: request.today, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws -> UUID {
        try await request.lessons.delete(id, by: acting).item.projectID
    }

    /// Learnt today, with its project's themes and tags: most lessons share them.
    static func newInput(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject) async throws -> LessonInput {
        var input = LessonInput()
        input.learnedOn = request.today.description
        input.themeIDs = project.project.fields.themeIDs.map(\.lowercasedText).joined(separator: ",")
        input.tags = project.project.fields.tags.joined(separator: ", ")
        return input
    }

    static func fields(_ request: Request, _ project: ReadableProject, _ item: Lesson?, _ input: LessonInput) async throws
        -> (ValidationFailure) -> Component {
        let themes = try await request.lessons.themes()
        return { failure in LessonFormFields(input: input, failure: failure, themes: themes) }
    }
}
