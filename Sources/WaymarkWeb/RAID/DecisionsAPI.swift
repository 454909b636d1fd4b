import Foundation
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A decision as the API sends it: its fields as a body sends them, the RAID items it links to
/// with their references, and what the reader may do.
struct DecisionDTO: JSONWritable {
    var decision: Decision
    var items: [RAIDItemLabel]
    var project: ReadableProject

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", decision.id.wire)
            json.member("projectId", decision.projectID.wire)
            json.member("reference", decision.reference)
            json.fields(DecisionInput(showing: decision.fields), schema: OpenAPIDocument.decisionFields)
            json.member("linkedItems", array: decision.fields.links.compactMap { link in items.first { $0.item == link } }) { json, label in
                json.object { json in
                    json.member("kind", label.item.kind)
                    json.member("id", label.item.id.wire)
                    json.member("reference", label.reference)
                    json.member("title", label.title)
                }
            }
            json.member("version", decision.version)
            json.member("createdAt", Timestamp.string(decision.createdAt))
            json.member("updatedAt", Timestamp.string(decision.updatedAt))
            json.permissions(project)
        }
    }
}

/// The decision routes of the JSON API: a project's decisions log, and one decision.
struct DecisionsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectDecisions(.key).components, use: list)
        routes.post(APIRoute.projectDecisions(.key).components, use: create)
        routes.get(APIRoute.decision(.key).components, use: get)
        routes.patch(APIRoute.decision(.key).components, use: update)
        routes.delete(APIRoute.decision(.key).components, use: delete)
    }

    func list(request: Request) async throws -> Response {
        let log = try await request.decisions.log(try APIController.id(request), by: try request.acting)
        return Response.json(writing: LogListDTO(items: log.decisions) { decision, json in
            DecisionDTO(decision: decision, items: log.items, project: log.project).write(to: &json)
        })
    }

    func get(request: Request) async throws -> Response {
        try await answer(try await request.decisions.readable(try APIController.id(request), by: try request.acting), request)
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.decisions.projectForNewDecision(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = DecisionInput(body: &body, schema: OpenAPIDocument.decisionFields)
        try body.throwIfAny()
        let created = try await request.decisions.create(projectID: projectID, input, today: request.today, by: acting)
        return try await answer(created, request, status: .created, location: APIRoute.decision(.value(created.item.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.decisions.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = DecisionInput(body: &body, schema: OpenAPIDocument.decisionFields)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.decisions.update(current, input, expectedVersion: $0, today: request.today, by: acting)
        }
        return try await answer(updated, request)
    }

    func delete(request: Request) async throws -> Response {
        _ = try await request.decisions.delete(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    private func answer(_ readable: ReadableDecision, _ request: Request, status: HTTPResponseStatus = .ok,
                        location: String? = nil) async throws -> Response {
        let items = try await request.decisions.formChoices(readable.project).items
        return Response.json(writing: DecisionDTO(decision: readable.item, items: items, project: readable.project),
                             status: status, version: readable.item.version, location: location)
    }
}
