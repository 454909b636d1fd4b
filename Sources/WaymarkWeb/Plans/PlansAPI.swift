import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The plan routes of the JSON API: milestones, baselines and the portfolio's key milestones.
struct PlansAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectMilestones(.key).components, use: list)
        routes.post(APIRoute.projectMilestones(.key).components, use: create)
        routes.get(APIRoute.milestone(.key).components, use: get)
        routes.patch(APIRoute.milestone(.key).components, use: update)
        routes.delete(APIRoute.milestone(.key).components, use: delete)
        routes.get(APIRoute.projectBaselines(.key).components, use: baselines)
        routes.post(APIRoute.projectBaselines(.key).components, use: baseline)
        routes.get(APIRoute.milestoneTimeline.components, use: timeline)
    }

    func list(request: Request) async throws -> Response {
        let plan = try await request.plans.plan(try APIController.id(request), by: try request.acting)
        return Response.json(writing: MilestoneListDTO(milestones: plan.milestones.map { ReadableMilestone(milestone: $0, project: plan.project) },
                                                       today: request.today))
    }

    func get(request: Request) async throws -> Response {
        answer(try await request.plans.readable(try APIController.id(request), by: try request.acting), request)
    }

    /// The members a body carries: absent is nil (kept), null is "" (cleared) for those the
    /// document declares nullable; `key` is a boolean.
    static func input(_ body: inout JSONBody) -> MilestoneInput {
        var input = MilestoneInput()
        let nullable = OpenAPIDocument.nullableMembers(OpenAPIDocument.milestoneFields)
        for (key, path) in MilestoneInput.fields where key != "key" {
            input[keyPath: path] = body.text(key, nullable: nullable.contains(key))
        }
        switch body.boolean("key") {
        case .value(let value): input.isKey = AuditValue.boolean(value)
        case .null: body.errors.add("key", "key cannot be null")
        case .absent: break
        }
        return input
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.plans.projectToPlan(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let created = try await request.plans.create(projectID: projectID, input, today: request.today, by: acting)
        return answer(created, request, status: .created, location: APIRoute.milestone(.value(created.milestone.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.plans.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.plans.update(current, input, expectedVersion: $0, today: request.today, by: acting)
        }
        return answer(updated, request)
    }

    func delete(request: Request) async throws -> Response {
        _ = try await request.plans.delete(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    func baselines(request: Request) async throws -> Response {
        let plan = try await request.plans.plan(try APIController.id(request), by: try request.acting)
        return Response.json(writing: BaselineListDTO(baselines: plan.baselines))
    }

    func baseline(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        var body = try await JSONBody(request)
        let reason = body.required(body.string("reason"), "reason")
        try body.throwIfAny()
        let baseline = try await request.plans.baseline(projectID, reason: reason, by: acting)
        return Response.json(writing: BaselineDTO(baseline: baseline), status: .created)
    }

    func timeline(request: Request) async throws -> Response {
        let acting = try request.acting
        var (query, errors) = PortfolioQuery.parse(FormData(request.queryData.pairs.filter { $0.0 != "window" }), defaultPerPage: 100,
                                                   strict: true, today: request.today)
        var window = MilestoneWindow()
        if let text = request.queryData["window"] {
            if let parsed = MilestoneWindow.parse(text) { window = parsed }
            else { errors.append(FieldError("window", "window must be 30, 60 or 90")) }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let page = try await request.plans.timeline(query, window: window, today: request.today, by: acting)
        return Response.json(writing: TimelineDTO(page: page, window: window, today: request.today))
    }

    private func answer(_ readable: ReadableMilestone, _ request: Request, status: HTTPResponseStatus = .ok,
                        location: String? = nil) -> Response {
        Response.json(writing: MilestoneDTO(readable: readable, today: request.today), status: status,
                      version: readable.milestone.version, location: location)
    }
}
