import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// An action as the API sends it: its fields as a body sends them (the item it is for by id),
/// the item's kind and reference, whether it is overdue, and what the reader may do.
struct ActionDTO: JSONWritable {
    var action: Action
    var item: RAIDItemLabel?
    var project: ReadableProject
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", action.id.wire)
            json.member("projectId", action.projectID.wire)
            json.member("reference", action.reference)
            json.fields(ActionInput(showing: action.fields), schema: OpenAPIDocument.actionFields)
            if let item = action.fields.item {
                json.member("item", object: { json in
                    json.member("kind", item.kind)
                    json.member("id", item.id.wire)
                    if let label = self.item {
                        json.member("reference", label.reference)
                        json.member("title", label.title)
                    }
                })
            }
            json.member("overdue", action.fields.isOverdue(today: today))
            json.member("version", action.version)
            json.member("createdAt", Timestamp.string(action.createdAt))
            json.member("updatedAt", Timestamp.string(action.updatedAt))
            json.permissions(project)
        }
    }
}

/// The action routes of the JSON API: a project's actions log, and one action.
struct ActionsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectActions(.key).components, use: list)
        routes.post(APIRoute.projectActions(.key).components, use: create)
        routes.get(APIRoute.action(.key).components, use: get)
        routes.patch(APIRoute.action(.key).components, use: update)
        routes.delete(APIRoute.action(.key).components, use: delete)
        routes.get(APIRoute.myWork.components, use: myWork)
    }

    func list(request: Request) async throws -> Response {
        let log = try await request.actions.log(try APIController.id(request), by: try request.acting)
        let today = request.today
        return Response.json(writing: LogListDTO(items: log.actions) { action, json in
            ActionDTO(action: action, item: log.label(action.fields.item), project: log.project, today: today).write(to: &json)
        })
    }

    func get(request: Request) async throws -> Response {
        try await answer(try await request.actions.readable(try APIController.id(request), by: try request.acting), request)
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.actions.projectForNewAction(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = ActionInput(body: &body, schema: OpenAPIDocument.actionFields)
        try body.throwIfAny()
        let created = try await request.actions.create(projectID: projectID, input, today: request.today, by: acting)
        return try await answer(created, request, status: .created, location: APIRoute.action(.value(created.item.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.actions.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = ActionInput(body: &body, schema: OpenAPIDocument.actionFields)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.actions.update(current, input, expectedVersion: $0, today: request.today, by: acting)
        }
        return try await answer(updated, request)
    }

    func delete(request: Request) async throws -> Response {
        _ = try await request.actions.delete(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    /// What the signed-in person owns that is overdue or due within the window (`window`: 7, 14
    /// or 30 days), across the projects they may read.
    func myWork(request: Request) async throws -> Response {
        let window = try WorkWindow.parse(request.queryData["window"], strict: true)
        let items = try await request.work.mine(window: window, today: request.today, by: try request.acting)
        let today = request.today
        return Response.json(writing: WorkDTO(window: window, items: items, today: today))
    }

    private func answer(_ readable: ReadableAction, _ request: Request, status: HTTPResponseStatus = .ok,
                        location: String? = nil) async throws -> Response {
        let label = try await request.actions.label(of: readable.item)
        return Response.json(writing: ActionDTO(action: readable.item, item: label, project: readable.project, today: request.today),
                             status: status, version: readable.item.version, location: location)
    }
}

/// A person's work as the API sends it: each item with its kind, reference, title, due date,
/// whether it is overdue, and its project.
struct WorkDTO: JSONWritable {
    var window: WorkWindow
    var items: [OwnedWork]
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("windowDays", window.rawValue)
            json.member("items", array: items) { json, owned in
                json.object { json in
                    json.member("kind", owned.item.kind.rawValue)
                    json.member("id", owned.item.id.wire)
                    json.member("reference", owned.item.reference)
                    json.member("title", owned.item.title)
                    json.member("due", owned.item.due.description)
                    json.member("overdue", owned.item.isOverdue(today: today))
                    json.member("project", object: { json in
                        json.member("id", owned.project.id.wire)
                        json.member("code", owned.project.code)
                        json.member("title", owned.project.title)
                    })
                }
            }
            json.member("total", items.count)
        }
    }
}

extension WorkWindow {
    /// The window a query asks for (`window`: 7, 14 or 30 days); the default when none. The API
    /// refuses another value (`strict`); a page shows the default.
    static func parse(_ text: String?, strict: Bool) throws -> WorkWindow {
        guard let text else { return .default }
        if let days = Int(text), let window = WorkWindow(rawValue: days) { return window }
        if strict { throw ValidationFailure([FieldError("window", "window must be 7, 14 or 30 (days ahead)")]) }
        return .default
    }
}
