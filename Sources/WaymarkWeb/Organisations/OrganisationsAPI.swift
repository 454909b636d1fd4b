import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The organisation routes of the JSON API.
struct OrganisationsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.organisations.components, use: list)
        routes.post(APIRoute.organisations.components, use: create)
        routes.get(APIRoute.organisation(.key).components, use: get)
        routes.patch(APIRoute.organisation(.key).components, use: update)
    }

    func list(request: Request) async throws -> Response {
        try APIController.paged(try await request.store.organisations().map(OrganisationDTO.init), request)
    }

    func get(request: Request) async throws -> Response {
        let organisation = try await request.organisations.find(try APIController.id(request))
        return try Response.json(OrganisationDTO(organisation), version: organisation.version)
    }

    static func input(_ body: inout JSONBody) -> OrganisationInput {
        OrganisationInput(name: body.required(body.string("name"), "name"), code: body.required(body.string("code"), "code"),
                          codeKind: body.required(body.string("codeKind"), "codeKind"),
                          kind: body.required(body.string("kind"), "kind"))
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        try request.organisations.requireManager(acting)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let organisation = try await request.organisations.create(input, by: acting)
        return try Response.json(OrganisationDTO(organisation), status: .created, version: organisation.version,
                                 location: APIRoute.organisation(.value(organisation.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        try request.organisations.requireManager(acting)
        let id = try APIController.id(request)
        let current = try await request.organisations.find(id)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let organisation: Organisation
        do {
            organisation = try await withVersionCheck(expected) {
                try await request.organisations.update(current, input, expectedVersion: $0, by: acting)
            }
        } catch var failure as ValidationFailure where input.code == nil || input.codeKind == nil {
            // The document states a code's shape for the kind sent beside it; against the kind
            // or code already stored it is a rule across the body and the record.
            for index in failure.errors.indices where failure.errors[index].field == "code" { failure.errors[index].kind = .rule }
            throw failure
        }
        return try Response.json(OrganisationDTO(organisation), version: organisation.version)
    }
}
