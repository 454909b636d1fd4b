import Foundation
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// An assumption as the API sends it: its fields as a body sends them, whether its check is
/// overdue, and what the reader may do.
struct AssumptionDTO: JSONWritable {
    var assumption: Assumption
    var project: ReadableProject
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", assumption.id.wire)
            json.member("projectId", assumption.projectID.wire)
            json.member("reference", assumption.reference)
            json.fields(AssumptionInput(showing: assumption.fields), schema: OpenAPIDocument.assumptionFields)
            json.member("overdue", assumption.fields.isOverdue(today: today))
            json.member("version", assumption.version)
            json.member("createdAt", Timestamp.string(assumption.createdAt))
            json.member("updatedAt", Timestamp.string(assumption.updatedAt))
            json.permissions(project)
        }
    }
}

extension JSONText {
    /// What the reader may do to an item of this project's log.
    mutating func permissions(_ project: ReadableProject) {
        member("permissions", object: { json in
            json.member("canEdit", project.canEdit)
            json.member("canDelete", project.canManage)
        })
    }
}

/// The assumption routes of the JSON API: a project's assumptions, and one assumption.
struct AssumptionsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectAssumptions(.key).components, use: list)
        routes.post(APIRoute.projectAssumptions(.key).components, use: create)
        routes.get(APIRoute.assumption(.key).components, use: get)
        routes.patch(APIRoute.assumption(.key).components, use: update)
        routes.delete(APIRoute.assumption(.key).components, use: delete)
    }

    func list(request: Request) async throws -> Response {
        let log = try await request.assumptions.log(try APIController.id(request), by: try request.acting)
        let today = request.today
        return Response.json(writing: LogListDTO(items: log.assumptions) { assumption, json in
            AssumptionDTO(assumption: assumption, project: log.project, today: today).write(to: &json)
        })
    }

    func get(request: Request) async throws -> Response {
        answer(try await request.assumptions.readable(try APIController.id(request), by: try request.acting), request)
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.assumptions.projectForNewAssumption(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = AssumptionInput(body: &body, schema: OpenAPIDocument.assumptionFields)
        try body.throwIfAny()
        let created = try await request.assumptions.create(projectID: projectID, input, today: request.today, by: acting)
        return answer(created, request, status: .created, location: APIRoute.assumption(.value(created.item.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.assumptions.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = AssumptionInput(body: &body, schema: OpenAPIDocument.assumptionFields)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.assumptions.update(current, input, expectedVersion: $0, today: request.today, by: acting)
        }
        return answer(updated, request)
    }

    func delete(request: Request) async throws -> Response {
        _ = try await request.assumptions.delete(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    private func answer(_ readable: ReadableAssumption, _ request: Request, status: HTTPResponseStatus = .ok,
                        location: String? = nil) -> Response {
        Response.json(writing: AssumptionDTO(assumption: readable.item, project: readable.project, today: request.today), status: status,
                      version: readable.item.version, location: location)
    }
}
