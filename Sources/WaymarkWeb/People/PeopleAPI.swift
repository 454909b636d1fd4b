import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The people routes of the JSON API.
struct PeopleAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.me.components) { request in try Response.json(PersonDTO(try request.requireSignedIn().person)) }
        routes.get(APIRoute.people.components, use: list)
        routes.post(APIRoute.people.components, use: create)
        routes.get(APIRoute.person(.key).components, use: get)
        routes.patch(APIRoute.person(.key).components, use: update)
    }

    func list(request: Request) async throws -> Response {
        let query = request.queryData
        var errors = FieldErrors()
        var organisationID: UUID?
        if let text = query["organisation"] {
            organisationID = UUID(uuidString: text)
            if organisationID == nil { errors.add("organisation", "organisation must be an id (a UUID)") }
        }
        if let text = query["q"], text.length > 200 { errors.add("q", "q must be 200 characters or fewer") }
        var includeInactive = false
        switch query["include_inactive"] {
        case nil, "false": break
        case "true": includeInactive = true
        default: errors.add("include_inactive", "include_inactive must be true or false")
        }
        try errors.throwIfAny()
        let people = try await request.people.list(PeopleFilter(organisationID: organisationID, includeInactive: includeInactive,
                                                                text: query["q"]), by: try request.acting)
        return try APIController.paged(people.map(PersonDTO.init), request)
    }

    func get(request: Request) async throws -> Response {
        let person = try await request.people.visible(try APIController.id(request), by: try request.acting)
        return try Response.json(PersonDTO(person), version: person.version)
    }

    /// The fields a body carries; absent ones are nil.
    static func input(_ body: inout JSONBody) -> PersonInput {
        PersonInput(name: body.required(body.string("name"), "name"), email: body.required(body.string("email"), "email"),
                    role: body.required(body.string("role"), "role"),
                    organisationID: body.required(body.string("organisationId"), "organisationId"),
                    password: body.required(body.string("password"), "password"))
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        try AccessPolicy.require(AccessPolicy.canAdministerPeople(acting.actor), else: .administerPeople)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let person = try await request.people.create(input, by: acting)
        return try Response.json(PersonDTO(person), status: .created, version: person.version,
                                 location: APIRoute.person(.value(person.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let id = try APIController.id(request)
        let current = try await request.people.manageable(id, by: acting)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let active = body.required(body.boolean("active"), "active")
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let person = try await withVersionCheck(expected) {
            try await request.people.update(current, input, active: active, expectedVersion: $0, by: acting)
        }
        return try Response.json(PersonDTO(person), version: person.version)
    }
}
