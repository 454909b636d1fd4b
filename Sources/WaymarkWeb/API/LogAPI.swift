import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// One kind of item of a project's log (assumptions, actions, decisions, measures, benefits,
/// drivers, PDSA cycles) as the JSON API serves it: what differs from one kind to the next. The
/// five routes every log has (the project's list, recording one, reading, changing and deleting
/// one) are written once, by `LogAPI`.
protocol LogAPIResource {
    associatedtype Item: Sendable
    associatedtype Input: KeyedInput
    /// What writing items needs beyond themselves (the RAID items decisions link to, a measure's
    /// analysis, today), read once for a list.
    associatedtype Context: Sendable

    /// The project's list (`.key` to register, `.value` for a link) and one item.
    static func listRoute(_ project: Param<UUID>) -> APIRoute
    static func itemRoute(_ item: Param<UUID>) -> APIRoute
    /// The members a body sends as text, as the document declares them.
    static var schema: [(String, JSONSchema)] { get }

    static func log(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> (ReadableProject, [Item], Context)
    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableLogItem<Item>
    /// What writing one item needs.
    static func context(_ readable: ReadableLogItem<Item>, _ request: Request) async throws -> Context
    /// The project a new item is for, if the person may record one there (checked before the body is read).
    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject
    /// A body's input: by default its text members as `schema` declares them.
    static func input(_ body: inout JSONBody) -> Input
    static func create(_ projectID: UUID, _ input: Input, _ request: Request, by acting: Acting) async throws -> ReadableLogItem<Item>
    static func update(_ current: ReadableLogItem<Item>, _ input: Input, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws -> ReadableLogItem<Item>
    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws
    static func write(_ item: Item, project: ReadableProject, context: Context, to json: inout JSONText)
    static func identity(_ item: Item) -> (id: UUID, version: Int)
}

extension LogAPIResource {
    static func input(_ body: inout JSONBody) -> Input { Input(body: &body, schema: schema) }
}

/// The five routes of a project's log, for any `LogAPIResource`.
struct LogAPI<Resource: LogAPIResource>: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(Resource.listRoute(.key).components, use: list)
        routes.post(Resource.listRoute(.key).components, use: create)
        routes.get(Resource.itemRoute(.key).components, use: get)
        routes.patch(Resource.itemRoute(.key).components, use: update)
        routes.delete(Resource.itemRoute(.key).components, use: delete)
    }

    func list(request: Request) async throws -> Response {
        let (project, items, context) = try await Resource.log(try APIController.id(request), request, by: try request.acting)
        return Response.json(writing: LogListDTO(items: items) { item, json in
            Resource.write(item, project: project, context: context, to: &json)
        })
    }

    func get(request: Request) async throws -> Response {
        try await answer(try await Resource.readable(try APIController.id(request), request, by: try request.acting), request)
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await Resource.projectForNew(projectID, request, by: acting)
        var body = try await JSONBody(request)
        let input = Resource.input(&body)
        try body.throwIfAny()
        let created = try await Resource.create(projectID, input, request, by: acting)
        return try await answer(created, request, status: .created,
                                location: Resource.itemRoute(.value(Resource.identity(created.item).id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await Resource.readable(try APIController.id(request), request, by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = Resource.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await Resource.update(current, input, expectedVersion: $0, request, by: acting)
        }
        return try await answer(updated, request)
    }

    func delete(request: Request) async throws -> Response {
        try await Resource.delete(try APIController.id(request), request, by: try request.acting)
        return Response(status: .noContent)
    }

    private func answer(_ readable: ReadableLogItem<Resource.Item>, _ request: Request, status: HTTPResponseStatus = .ok,
                        location: String? = nil) async throws -> Response {
        let context = try await Resource.context(readable, request)
        return Response.json(writing: LogItemDTO<Resource>(item: readable.item, project: readable.project, context: context), status: status,
                             version: Resource.identity(readable.item).version, location: location)
    }
}

/// One item as its resource writes it.
struct LogItemDTO<Resource: LogAPIResource>: JSONWritable {
    var item: Resource.Item
    var project: ReadableProject
    var context: Resource.Context

    func write(to json: inout JSONText) { Resource.write(item, project: project, context: context, to: &json) }
}
