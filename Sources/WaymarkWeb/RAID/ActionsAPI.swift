import Foundation
import OpenAPIKit
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
enum ActionsAPI: LogAPIResource {
    static func listRoute(_ project: Param<UUID>) -> APIRoute { .projectActions(project) }
    static func itemRoute(_ item: Param<UUID>) -> APIRoute { .action(item) }
    static var schema: [(String, JSONSchema)] { OpenAPIDocument.actionFields }

    /// The project's RAID items (what each action is for) and today.
    struct Context: Sendable {
        var items: [RAIDItemLabel]
        var today: CalendarDate
    }

    static func log(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> (ReadableProject, [Action], Context) {
        let log = try await request.actions.log(projectID, by: acting)
        return (log.project, log.actions, Context(items: log.items, today: request.today))
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableAction {
        try await request.actions.readable(id, by: acting)
    }

    static func context(_ readable: ReadableAction, _ request: Request) async throws -> Context {
        Context(items: try await request.actions.label(of: readable.item).map { [$0] } ?? [], today: request.today)
    }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.actions.projectForNewAction(projectID, by: acting)
    }

    static func create(_ projectID: UUID, _ input: ActionInput, _ request: Request, by acting: Acting) async throws -> ReadableAction {
        try await request.actions.create(projectID: projectID, input, today: request.today, by: acting)
    }

    static func update(_ current: ReadableAction, _ input: ActionInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws -> ReadableAction {
        try await request.actions.update(current, input, expectedVersion: expectedVersion, today: request.today, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws {
        _ = try await request.actions.delete(id, by: acting)
    }

    static func write(_ item: Action, project: ReadableProject, context: Context, to json: inout JSONText) {
        let label = item.fields.item.flatMap { linked in context.items.first { $0.item == linked } }
        ActionDTO(action: item, item: label, project: project, today: context.today).write(to: &json)
    }

    static func identity(_ item: Action) -> (id: UUID, version: Int) { (item.id, item.version) }
}

/// What the signed-in person owns that is overdue or due within the window (`window`: 7, 14 or 30
/// days), across the projects they may read.
struct MyWorkAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.myWork.components) { request in
            let window = try WorkWindow.parse(request.queryData["window"], strict: true)
            let items = try await request.work.mine(window: window, today: request.today, by: try request.acting)
            return Response.json(writing: WorkDTO(window: window, items: items, today: request.today))
        }
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
