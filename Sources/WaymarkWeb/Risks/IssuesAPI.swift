import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The issue routes of the JSON API, and the step that turns a risk into an issue.
struct IssuesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectIssues(.key).components, use: list)
        routes.post(APIRoute.projectIssues(.key).components, use: create)
        routes.get(APIRoute.issue(.key).components, use: get)
        routes.patch(APIRoute.issue(.key).components, use: update)
        routes.delete(APIRoute.issue(.key).components, use: delete)
        routes.post(APIRoute.issueEscalation(.key).components, use: escalate)
        routes.post(APIRoute.riskMaterialisation(.key).components, use: materialise)
        routes.get(APIRoute.systemIssueRegister.components, use: systemRegister)
        routes.get(APIRoute.organisationIssueRegister(.key).components, use: organisationRegister)
    }

    func systemRegister(request: Request) async throws -> Response {
        try await register(request, .system)
    }

    func organisationRegister(request: Request) async throws -> Response {
        let id = try APIController.id(request)
        guard try await request.store.organisation(id) != nil else { throw NotFound("organisation") }
        return try await register(request, .organisation(id))
    }

    private func register(_ request: Request, _ scope: RiskRegisterQuery.Scope) async throws -> Response {
        let acting = try request.acting
        let (query, errors) = IssueRegisterQuery.parse(request.queryData, scope: scope, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let page = try await request.issues.escalated(query, page: try APIController.pageRequest(request), by: acting)
        return Response.json(writing: IssueRegisterDTO(page: page, today: request.today))
    }

    func list(request: Request) async throws -> Response {
        let log = try await request.issues.log(try APIController.id(request), by: try request.acting)
        return Response.json(writing: IssueListDTO(log: log, today: request.today))
    }

    func get(request: Request) async throws -> Response {
        answer(try await request.issues.readable(try APIController.id(request), by: try request.acting), request)
    }

    /// The members a body carries: absent is nil (kept), null is "" (cleared) for those the
    /// document declares nullable.
    static func input(_ body: inout JSONBody) -> IssueInput {
        var input = IssueInput()
        let nullable = OpenAPIDocument.nullableMembers(OpenAPIDocument.issueFields)
        for (key, path) in IssueInput.fields {
            input[keyPath: path] = body.text(key, nullable: nullable.contains(key))
        }
        return input
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.issues.projectForNewIssue(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let created = try await request.issues.create(projectID: projectID, input, today: request.today, by: acting)
        return answer(created, request, status: .created, location: APIRoute.issue(.value(created.issue.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.issues.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.issues.update(current, input, expectedVersion: $0, today: request.today, by: acting)
        }
        return answer(updated, request)
    }

    func delete(request: Request) async throws -> Response {
        _ = try await request.issues.delete(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    func escalate(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.issues.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let level = body.required(body.string("level"), "level")
        let reason = body.required(body.string("reason"), "reason")
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let moved = try await withVersionCheck(expected) {
            try await request.issues.escalate(current, level: level, reason: reason, expectedVersion: $0, by: acting)
        }
        return answer(moved, request)
    }

    /// The risk happened: it closes as materialised and an issue is raised from it. The body
    /// carries only the risk's version (or `If-Match` does).
    func materialise(request: Request) async throws -> Response {
        let acting = try request.acting
        let risk = try await request.risks.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(risk.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let (closed, issue) = try await withVersionCheck(expected) {
            try await request.issues.materialise(risk, expectedVersion: $0, today: request.today, by: acting)
        }
        let settings = try await request.store.riskSettings()
        return Response.json(writing: MaterialisationDTO(risk: RiskDTO(readable: closed, settings: settings, today: request.today),
                                                         issue: IssueDTO(readable: issue, today: request.today)),
                             status: .created, version: issue.issue.version, location: APIRoute.issue(.value(issue.issue.id)).path)
    }

    private func answer(_ readable: ReadableIssue, _ request: Request, status: HTTPResponseStatus = .ok,
                        location: String? = nil) -> Response {
        Response.json(writing: IssueDTO(readable: readable, today: request.today), status: status,
                      version: readable.issue.version, location: location)
    }
}

extension IssueRegisterQuery {
    /// A register's filters from a query string (`status`: active, all or one status; `priority`;
    /// `organisation`; `sort`). The API refuses what it cannot read (`strict`); a page ignores it.
    static func parse(_ data: FormData, scope: RiskRegisterQuery.Scope, strict: Bool) -> (IssueRegisterQuery, [FieldError]) {
        var query = IssueRegisterQuery(scope: scope)
        var errors: [FieldError] = []
        func value(_ key: String, _ message: String, _ apply: (String) -> Bool) {
            guard let text = data[key] else { return }
            if !apply(text), strict { errors.append(FieldError(key, text.isEmpty ? "\(key) cannot be empty: leave it out for any" : message)) }
        }
        value("status", "status must be active, all, open, in-progress, resolved or closed") { text in
            switch text {
            case "active": query.statuses = Self.active
            case "all": query.statuses = Set(IssueStatus.allCases)
            default:
                guard let status = IssueStatus(rawValue: text) else { return false }
                query.statuses = [status]
            }
            return true
        }
        value("priority", "priority must be critical, high, medium or low") { text in
            query.priority = IssuePriority(rawValue: text)
            return query.priority != nil
        }
        if case .system = scope {
            value("organisation", "organisation must be an id") { text in
                query.organisationID = UUID(uuidString: text)
                return query.organisationID != nil
            }
        }
        value("sort", "sort must be priority, target or project") { text in
            guard let sort = Sort(rawValue: text) else { return false }
            query.sort = sort
            return true
        }
        return (query, errors)
    }
}
