import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The themes, programmes and stages routes of the JSON API.
struct StructureAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        for kind in NamedItemKind.allCases {
            let list = kind == .theme ? APIRoute.themes : .programmes
            let item = kind == .theme ? APIRoute.theme(.key) : .programme(.key)
            routes.get(list.components) { try await self.list($0, kind) }
            routes.post(list.components) { try await create($0, kind) }
            routes.get(item.components) { try await get($0, kind) }
            routes.patch(item.components) { try await update($0, kind) }
        }
        routes.get(APIRoute.stages.components) { request in
            let stages = try await request.store.stages().map(StageDTO.init)
            return try Response.json(ListDTO(items: stages, page: 1, perPage: max(stages.count, 1), total: stages.count))
        }
    }

    func list(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        try APIController.paged(try await request.store.namedItems(kind).map(NamedItemDTO.init), request)
    }

    func get(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        let item = try await request.structure.find(kind, try APIController.id(request))
        return try Response.json(NamedItemDTO(item), version: item.version)
    }

    func create(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        let acting = try request.acting
        try request.structure.requireManager(acting)
        var body = try await JSONBody(request)
        let name = body.required(body.string("name"), "name")
        let description = body.required(body.string("description"), "description")
        try body.throwIfAny()
        let item = try await request.structure.create(kind, name: name, description: description, by: acting)
        let location = (kind == .theme ? APIRoute.theme(.value(item.id)) : .programme(.value(item.id))).path
        return try Response.json(NamedItemDTO(item), status: .created, version: item.version, location: location)
    }

    func update(_ request: Request, _ kind: NamedItemKind) async throws -> Response {
        let acting = try request.acting
        try request.structure.requireManager(acting)
        let id = try APIController.id(request)
        let current = try await request.structure.find(kind, id)
        var body = try await JSONBody(request)
        let name = body.required(body.string("name"), "name")
        let description = body.required(body.string("description"), "description")
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let item = try await withVersionCheck(expected) {
            try await request.structure.update(kind, current, name: name, description: description, expectedVersion: $0, by: acting)
        }
        return try Response.json(NamedItemDTO(item), version: item.version)
    }
}
