import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The dependency routes of the JSON API: a project's dependencies (both ways), one dependency,
/// and the register across every project the reader may read.
struct DependenciesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectDependencies(.key).components, use: list)
        routes.post(APIRoute.projectDependencies(.key).components, use: create)
        routes.get(APIRoute.dependency(.key).components, use: get)
        routes.patch(APIRoute.dependency(.key).components, use: update)
        routes.delete(APIRoute.dependency(.key).components, use: delete)
        routes.get(APIRoute.dependencyRegister.components, use: register)
    }

    func list(request: Request) async throws -> Response {
        let log = try await request.dependencies.log(try APIController.id(request), by: try request.acting)
        return Response.json(writing: DependencyLogDTO(log: log, today: request.today))
    }

    func get(request: Request) async throws -> Response {
        answer(try await request.dependencies.readable(try APIController.id(request), by: try request.acting), request)
    }

    /// The members a body carries: absent is nil (kept), null is "" (cleared) for those the
    /// document declares nullable.
    static func input(_ body: inout JSONBody) -> DependencyInput {
        var input = DependencyInput()
        let nullable = OpenAPIDocument.nullableMembers(OpenAPIDocument.dependencyFields)
        for (key, path) in DependencyInput.fields {
            input[keyPath: path] = body.text(key, nullable: nullable.contains(key))
        }
        return input
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.dependencies.projectForNewDependency(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let created = try await request.dependencies.create(projectID: projectID, input, by: acting)
        return answer(created, request, status: .created, location: APIRoute.dependency(.value(created.dependency.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.dependencies.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.dependencies.update(current, input, expectedVersion: $0, by: acting)
        }
        return answer(updated, request)
    }

    func delete(request: Request) async throws -> Response {
        _ = try await request.dependencies.delete(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    func register(request: Request) async throws -> Response {
        let acting = try request.acting
        let (query, errors) = DependencyRegisterQuery.parse(request.queryData, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let page = try await request.dependencies.register(query, today: request.today, page: try APIController.pageRequest(request),
                                                           by: acting)
        return Response.json(writing: DependencyRegisterDTO(page: page, today: request.today))
    }

    private func answer(_ readable: ReadableDependency, _ request: Request, status: HTTPResponseStatus = .ok,
                        location: String? = nil) -> Response {
        Response.json(writing: DependencyDTO(readable: readable, today: request.today), status: status,
                      version: readable.dependency.version, location: location)
    }
}

extension DependencyRegisterQuery {
    /// The register's filters from a query string (`status`: open, all or one status;
    /// `crossOrganisation=true`; `organisation`). The API refuses what it cannot read (`strict`);
    /// a page ignores it.
    static func parse(_ data: FormData, strict: Bool) -> (DependencyRegisterQuery, [FieldError]) {
        var query = DependencyRegisterQuery()
        var errors: [FieldError] = []
        func value(_ key: String, _ message: String, _ apply: (String) -> Bool) {
            guard let text = data[key] else { return }
            if !apply(text), strict { errors.append(FieldError(key, text.isEmpty ? "\(key) cannot be empty: leave it out for any" : message)) }
        }
        value("status", "status must be open, all, on-track, at-risk, late or met") { text in
            switch text {
            case "open": query.statuses = Self.open
            case "all": query.statuses = Set(DependencyStatus.allCases)
            default:
                guard let status = DependencyStatus(rawValue: text) else { return false }
                query.statuses = [status]
            }
            return true
        }
        value("crossOrganisation", "crossOrganisation must be true or false") { text in
            guard text == "true" || text == "false" else { return false }
            query.crossOrganisationOnly = text == "true"
            return true
        }
        value("organisation", "organisation must be an id") { text in
            query.organisationID = UUID(uuidString: text)
            return query.organisationID != nil
        }
        return (query, errors)
    }

    /// The query string that reproduces these filters, for links.
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if statuses == Set(DependencyStatus.allCases) { items.append(("status", "all")) }
        else if statuses != Self.open, let only = statuses.first, statuses.count == 1 { items.append(("status", only.rawValue)) }
        if crossOrganisationOnly { items.append(("crossOrganisation", "true")) }
        if let organisationID { items.append(("organisation", organisationID.lowercasedText)) }
        return items
    }
}
