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
        routes.post(SiteURL.projectLessons(.key).pathComponents, use: create)
        routes.get(SiteURL.newLesson(.key).pathComponents, use: new)
        routes.get(SiteURL.lesson(.key).pathComponents, use: show)
        routes.get(SiteURL.editLesson(.key).pathComponents, use: edit)
        routes.post(SiteURL.editLesson(.key).pathComponents, use: update)
        routes.get(SiteURL.deleteLesson(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteLesson(.key).pathComponents, use: delete)
        routes.post(SiteURL.lessonReviews(.key).pathComponents, use: review)
        routes.post(SiteURL.withdrawLessonReview(.key, .key).pathComponents, use: withdraw)
    }

    static let notices = ["created": "The lesson was recorded.", "saved": "Your changes were saved.", "deleted": "The lesson was deleted.",
                          "reviewed": "The lesson is marked as reviewed by the team.", "withdrawn": "The review was withdrawn."]

    static func lessonID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.lesson, as: UUID.self) else { throw NotFound("lesson") }
        return id
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

    private func form(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject, _ lesson: Lesson?, input: LessonInput,
                      errors: [FieldError], version: Int? = nil, conflict: Int? = nil) async throws -> LogFormPage {
        let themes = try await request.lessons.themes()
        return LogFormPage(signedIn: signedIn, project: project.project, section: .lessons,
                           title: lesson.map { "Edit " + $0.reference + " " + $0.fields.title } ?? "Record a lesson",
                           action: lesson.map { SiteURL.editLesson(.value($0.id)).path } ?? SiteURL.projectLessons(.value(project.project.id)).path,
                           errors: errors, version: version,
                           conflict: lesson.flatMap { item in conflict.map { ("lesson", $0, SiteURL.lesson(.value(item.id)).path) } },
                           submit: lesson == nil ? "Record lesson" : "Save changes") { failure in
            LessonFormFields(input: input, failure: failure, themes: themes)
        }
    }

    func new(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.lessons.projectForNewLesson(try ProjectsController.projectID(request), by: signedIn.acting)
        var input = LessonInput()
        input.learnedOn = request.today.description
        // A lesson starts with its project's themes and tags: most lessons share them.
        input.themeIDs = project.project.fields.themeIDs.map(\.lowercasedText).joined(separator: ",")
        input.tags = project.project.fields.tags.joined(separator: ", ")
        return HTMLResponse.make(try await form(request, signedIn, project, nil, input: input, errors: []).render())
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = LessonInput(form: form)
        do {
            let created = try await request.lessons.create(projectID: projectID, input, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.lesson(.value(created.item.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.lessons.projectForNewLesson(projectID, by: signedIn.acting)
            return HTMLResponse.make(try await self.form(request, signedIn, project, nil, input: input, errors: failure.errors).render(),
                                     status: .unprocessableEntity)
        }
    }

    private func editable(_ request: Request, _ signedIn: SignedIn) async throws -> ReadableLesson {
        let readable = try await request.lessons.readable(try Self.lessonID(request), by: signedIn.acting)
        try AccessPolicy.require(readable.canEdit, else: .editProject)
        return readable
    }

    func edit(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        return HTMLResponse.make(try await form(request, signedIn, readable.project, readable.item, input: LessonInput(showing: readable.item.fields),
                                                errors: [], version: readable.item.version).render())
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await editable(request, signedIn)
        let input = LessonInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "lesson", firstField: "title", refuse: { errors, conflict in
            try await self.form(request, signedIn, readable.project, readable.item, input: input.overlaid(on: readable.item.fields),
                                errors: errors, version: Int(form["version"] ?? ""), conflict: conflict)
        }) { version in
            _ = try await request.lessons.update(readable, input, expectedVersion: version, today: request.today, by: signedIn.acting)
            return SiteURL.lesson(.value(readable.item.id)).path(query: [("notice", "saved")])
        }
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await editable(request, signedIn)
        try AccessPolicy.require(readable.canDelete, else: .deleteLesson)
        let lesson = readable.item
        return HTMLResponse.make(DeleteLogItemPage(
            signedIn: signedIn, project: readable.project.project, section: .lessons, noun: "lesson",
            name: lesson.reference + " " + lesson.fields.title,
            explanation: "Deleting removes a lesson recorded by mistake, and other projects' reviews of it. The project's history keeps a record that it existed. A lesson that still holds should stay, changed if need be.",
            action: SiteURL.deleteLesson(.value(lesson.id)).path, cancel: SiteURL.lesson(.value(lesson.id)).path).render())
    }

    func delete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.lessons.delete(try Self.lessonID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectLessons(.value(deleted.item.projectID)).path(query: [("notice", "deleted")]))
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
