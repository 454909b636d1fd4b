import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// An assumption as the API sends it: its fields as a body sends them, whether its check is
/// overdue, and what the reader may do.
struct AssumptionDTO: JSONWritable {
    var assumption: Assumption
    var project: ReadableProject
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", assumption.id.wire)
            json.member("projectId", assumption.projectID.wire)
            json.member("reference", assumption.reference)
            json.fields(AssumptionInput(showing: assumption.fields), schema: OpenAPIDocument.assumptionFields)
            json.member("overdue", assumption.fields.isOverdue(today: today))
            json.member("version", assumption.version)
            json.member("createdAt", Timestamp.string(assumption.createdAt))
            json.member("updatedAt", Timestamp.string(assumption.updatedAt))
            json.permissions(project)
        }
    }
}

extension JSONText {
    /// What the reader may do to an item of this project's log.
    mutating func permissions(_ project: ReadableProject) {
        member("permissions", object: { json in
            json.member("canEdit", project.canEdit)
            json.member("canDelete", project.canManage)
        })
    }
}

/// The assumption routes of the JSON API: a project's assumptions, and one assumption.
enum AssumptionsAPI: LogAPIResource {
    static func listRoute(_ project: Param<UUID>) -> APIRoute { .projectAssumptions(project) }
    static func itemRoute(_ item: Param<UUID>) -> APIRoute { .assumption(item) }
    static var schema: [(String, JSONSchema)] { OpenAPIDocument.assumptionFields }

    static func log(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> (ReadableProject, [Assumption], CalendarDate) {
        let log = try await request.assumptions.log(projectID, by: acting)
        return (log.project, log.assumptions, request.today)
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableAssumption {
        try await request.assumptions.readable(id, by: acting)
    }

    static func context(_ readable: ReadableAssumption, _ request: Request) async throws -> CalendarDate { request.today }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.assumptions.projectForNewAssumption(projectID, by: acting)
    }

    static func create(_ projectID: UUID, _ input: AssumptionInput, _ request: Request, by acting: Acting) async throws -> ReadableAssumption {
        try await request.assumptions.create(projectID: projectID, input, today: request.today, by: acting)
    }

    static func update(_ current: ReadableAssumption, _ input: AssumptionInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws -> ReadableAssumption {
        try await request.assumptions.update(current, input, expectedVersion: expectedVersion, today: request.today, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws {
        _ = try await request.assumptions.delete(id, by: acting)
    }

    static func write(_ item: Assumption, project: ReadableProject, context today: CalendarDate, to json: inout JSONText) {
        AssumptionDTO(assumption: item, project: project, today: today).write(to: &json)
    }

    static func identity(_ item: Assumption) -> (id: UUID, version: Int) { (item.id, item.version) }
}
