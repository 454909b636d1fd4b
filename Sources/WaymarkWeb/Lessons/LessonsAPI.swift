import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A lesson as the API sends it: its fields as a body sends them, with its tags as a list.
enum LessonJSON {
    static func members(_ lesson: Lesson, to json: inout JSONText) {
        json.member("id", lesson.id.wire)
        json.member("projectId", lesson.projectID.wire)
        json.member("reference", lesson.reference)
        json.fields(LessonInput(showing: lesson.fields), schema: OpenAPIDocument.lessonFields)
        json.member("tags", array: lesson.fields.tags) { json, tag in json.value(tag) }
        json.member("version", lesson.version)
        json.member("createdAt", Timestamp.string(lesson.createdAt))
        json.member("updatedAt", Timestamp.string(lesson.updatedAt))
    }

    /// A lesson with its project and organisation, as lists across projects send it.
    static func line(_ line: LessonLine, to json: inout JSONText) {
        members(line.lesson, to: &json)
        json.member("projectCode", line.projectCode)
        json.member("projectTitle", line.projectTitle)
        json.member("organisationId", line.organisationID.wire)
        json.member("organisationName", line.organisationName)
    }
}

/// A project's lessons and one lesson in the JSON API.
enum LessonsAPI: LogAPIResource {
    static func listRoute(_ project: Param<UUID>) -> APIRoute { .projectLessons(project) }
    static func itemRoute(_ item: Param<UUID>) -> APIRoute { .lesson(item) }
    static var schema: [(String, JSONSchema)] { OpenAPIDocument.lessonFields }

    static func log(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> (ReadableProject, [Lesson], Void) {
        let log = try await request.lessons.log(projectID, by: acting)
        return (log.project, log.lessons, ())
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableLesson {
        try await request.lessons.readable(id, by: acting)
    }

    static func context(_ readable: ReadableLesson, _ request: Request) async throws {}

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.lessons.projectForNewLesson(projectID, by: acting)
    }

    /// The text members as the document declares them, and the tags as a list.
    static func input(_ body: inout JSONBody) -> LessonInput {
        var input = LessonInput(body: &body, schema: schema)
        if let tags = body.tags() { input.tags = tags }
        return input
    }

    static func create(_ projectID: UUID, _ input: LessonInput, _ request: Request, by acting: Acting) async throws -> ReadableLesson {
        try await request.lessons.create(projectID: projectID, input, today: request.today, by: acting)
    }

    static func update(_ current: ReadableLesson, _ input: LessonInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws -> ReadableLesson {
        try await request.lessons.update(current, input, expectedVersion: expectedVersion, today: request.today, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws {
        _ = try await request.lessons.delete(id, by: acting)
    }

    static func write(_ item: Lesson, project: ReadableProject, context: Void, to json: inout JSONText) {
        json.object { json in
            LessonJSON.members(item, to: &json)
            json.permissions(project)
        }
    }

    static func identity(_ item: Lesson) -> (id: UUID, version: Int) { (item.id, item.version) }
}

/// The search across every project's lessons, "learn before" and its reviews in the JSON API.
struct LessonSearchAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.lessons.components, use: search)
        routes.get(APIRoute.lessonSuggestions(.key).components, use: suggestions)
        routes.post(APIRoute.lessonReviews(.key).components, use: review)
        routes.delete(APIRoute.lessonReview(.key, .key).components, use: withdraw)
    }

    func search(request: Request) async throws -> Response {
        let (query, errors) = LessonQuery.parse(request.queryData, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let page = try await request.lessons.search(query, by: try request.acting)
        return Response.json(writing: PageDTO(page: page) { line, json in
            json.object { json in LessonJSON.line(line, to: &json) }
        })
    }

    func suggestions(request: Request) async throws -> Response {
        let list = try await request.lessons.learnBefore(try APIController.id(request), by: try request.acting)
        return Response.json(writing: LearnBeforeDTO(list: list))
    }

    func review(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.projects.readable(projectID, by: acting)
        var body = try await JSONBody(request)
        var lesson: UUID?
        switch body.string("lessonId") {
        case .value(let text):
            lesson = UUID(uuidString: text)
            if lesson == nil { body.errors.add("lessonId", "lessonId must be a lesson's id") }
        case .null, .absent: body.errors.add("lessonId", "Give the lessonId of the lesson the team reviewed")
        }
        try body.throwIfAny()
        guard let lessonID = lesson else { throw ValidationFailure("lessonId", "Give the lessonId of the lesson the team reviewed") }
        try await request.lessons.review(lessonID, forProject: projectID, by: acting)
        let list = try await request.lessons.learnBefore(projectID, by: acting)
        guard let review = list.reviews[lessonID] else { throw NotFound("lesson") }
        return Response.json(writing: LessonReviewDTO(review: review), status: .created,
                             location: APIRoute.lessonReview(.value(projectID), .value(lessonID)).path)
    }

    func withdraw(request: Request) async throws -> Response {
        let projectID = try APIController.id(request)
        guard let lessonID = request.parameters.get("lessonId", as: UUID.self) else { throw NotFound("lesson") }
        try await request.lessons.withdrawReview(lessonID, forProject: projectID, by: try request.acting)
        return Response(status: .noContent)
    }
}

struct LessonReviewDTO: JSONWritable {
    var review: LessonReview

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("projectId", review.projectID.wire)
            json.member("lessonId", review.lessonID.wire)
            json.member("reviewerName", review.reviewerName)
            json.member("reviewedAt", Timestamp.string(review.reviewedAt))
        }
    }
}

/// "Learn before" as the API sends it: the lessons offered, best first, with why and whether reviewed.
struct LearnBeforeDTO: JSONWritable {
    var list: LearnBeforeList

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("projectId", list.project.project.id.wire)
            json.member("earlyStage", list.isEarly)
            json.member("items", array: list.matches) { json, match in
                json.object { json in
                    LessonJSON.line(match.line, to: &json)
                    json.member("score", number: match.score)
                    json.member("sharedThemeIds", array: match.themeIDs) { json, id in json.value(id.wire) }
                    json.member("sharedTags", array: match.tags) { json, tag in json.value(tag) }
                    json.member("sameKindOfOrganisation", match.sameKindOfOrganisation)
                    json.member("sharedWords", array: match.words) { json, word in json.value(word) }
                    json.member("reviewed", list.reviews[match.line.lesson.id] != nil)
                }
            }
            json.member("reviewed", array: list.reviewed) { json, line in
                json.object { json in
                    LessonJSON.line(line, to: &json)
                    if let review = list.reviews[line.lesson.id] {
                        json.member("reviewerName", review.reviewerName)
                        json.member("reviewedAt", Timestamp.string(review.reviewedAt))
                    }
                }
            }
        }
    }
}
