import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A decision as the API sends it: its fields as a body sends them, the RAID items it links to
/// with their references, and what the reader may do.
struct DecisionDTO: JSONWritable {
    var decision: Decision
    var items: [RAIDItemLabel]
    var project: ReadableProject

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", decision.id.wire)
            json.member("projectId", decision.projectID.wire)
            json.member("reference", decision.reference)
            json.fields(DecisionInput(showing: decision.fields), schema: OpenAPIDocument.decisionFields)
            json.member("linkedItems", array: decision.fields.links.compactMap { link in items.first { $0.item == link } }) { json, label in
                json.object { json in
                    json.member("kind", label.item.kind)
                    json.member("id", label.item.id.wire)
                    json.member("reference", label.reference)
                    json.member("title", label.title)
                }
            }
            json.member("version", decision.version)
            json.member("createdAt", Timestamp.string(decision.createdAt))
            json.member("updatedAt", Timestamp.string(decision.updatedAt))
            json.permissions(project)
        }
    }
}

/// The decision routes of the JSON API: a project's decisions log, and one decision.
enum DecisionsAPI: LogAPIResource {
    static func listRoute(_ project: Param<UUID>) -> APIRoute { .projectDecisions(project) }
    static func itemRoute(_ item: Param<UUID>) -> APIRoute { .decision(item) }
    static var schema: [(String, JSONSchema)] { OpenAPIDocument.decisionFields }

    static func log(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> (ReadableProject, [Decision], [RAIDItemLabel]) {
        let log = try await request.decisions.log(projectID, by: acting)
        return (log.project, log.decisions, log.items)
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableDecision {
        try await request.decisions.readable(id, by: acting)
    }

    /// The project's RAID items, the decision's links among them.
    static func context(_ readable: ReadableDecision, _ request: Request) async throws -> [RAIDItemLabel] {
        try await request.decisions.formChoices(readable.project).items
    }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.decisions.projectForNewDecision(projectID, by: acting)
    }

    static func create(_ projectID: UUID, _ input: DecisionInput, _ request: Request, by acting: Acting) async throws -> ReadableDecision {
        try await request.decisions.create(projectID: projectID, input, today: request.today, by: acting)
    }

    static func update(_ current: ReadableDecision, _ input: DecisionInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws -> ReadableDecision {
        try await request.decisions.update(current, input, expectedVersion: expectedVersion, today: request.today, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws {
        _ = try await request.decisions.delete(id, by: acting)
    }

    static func write(_ item: Decision, project: ReadableProject, context items: [RAIDItemLabel], to json: inout JSONText) {
        DecisionDTO(decision: item, items: items, project: project).write(to: &json)
    }

    static func identity(_ item: Decision) -> (id: UUID, version: Int) { (item.id, item.version) }
}
