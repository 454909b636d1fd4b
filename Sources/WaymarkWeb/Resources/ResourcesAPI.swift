import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A resource as the API sends it: its fields as a body sends them, its tags as a list, and its
/// file's name, type, size and address when it has one. Files are uploaded with the web form.
struct ResourceDTO: JSONWritable {
    var resource: Resource

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", resource.id.wire)
            json.fields(ResourceInput(showing: resource.fields), schema: OpenAPIDocument.resourceFields)
            json.member("tags", array: resource.fields.tags) { json, tag in json.value(tag) }
            if let file = resource.file {
                json.member("file", object: { json in
                    json.member("name", file.name)
                    json.member("type", file.type.rawValue)
                    json.member("size", file.size)
                    json.member("url", SiteURL.resourceFile(.value(resource.id)).path)
                })
            } else {
                json.member("file", nullable: nil)
            }
            json.member("url", resource.fields.url)
            json.member("page", SiteURL.resource(.value(resource.id)).path)
            json.member("version", resource.version)
            json.member("createdAt", Timestamp.string(resource.createdAt))
            json.member("updatedAt", Timestamp.string(resource.updatedAt))
        }
    }
}

struct ResourcesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.resources.components, use: list)
        routes.post(APIRoute.resources.components, use: create)
        routes.get(APIRoute.resource(.key).components, use: get)
        routes.patch(APIRoute.resource(.key).components, use: update)
        routes.delete(APIRoute.resource(.key).components, use: delete)
    }

    func list(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        let (query, errors) = ResourceQuery.parse(request.queryData, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let resources = try await request.resources.resources(query)
        return Response.json(writing: LogListDTO(items: resources) { resource, json in ResourceDTO(resource: resource).write(to: &json) })
    }

    func get(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        let resource = try await request.resources.resource(try APIController.id(request))
        return Response.json(writing: ResourceDTO(resource: resource), version: resource.version)
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        try request.resources.requireManager(acting)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let resource = try await request.resources.create(input, upload: nil, by: acting)
        return Response.json(writing: ResourceDTO(resource: resource), status: .created, version: resource.version,
                             location: APIRoute.resource(.value(resource.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        try request.resources.requireManager(acting)
        let current = try await request.resources.resource(try APIController.id(request))
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let resource = try await withVersionCheck(expected) {
            try await request.resources.update(current, input, upload: nil, removeFile: false, expectedVersion: $0, by: acting)
        }
        return Response.json(writing: ResourceDTO(resource: resource), version: resource.version)
    }

    func delete(request: Request) async throws -> Response {
        let acting = try request.acting
        let id = try APIController.id(request)
        return try await deleting(request) { expected in try await request.resources.delete(id, expectedVersion: expected, by: acting) }
    }

    static func input(_ body: inout JSONBody) -> ResourceInput {
        var input = ResourceInput(body: &body, schema: OpenAPIDocument.resourceFields)
        if let tags = body.tags() { input.tags = tags }
        return input
    }
}
