import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import WaymarkWorkflows

struct AimDTO: JSONWritable {
    var aim: Aim

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("projectId", aim.projectID.wire)
            json.member("statement", aim.fields.statement)
            json.member("byHowMuch", aim.fields.byHowMuch)
            json.member("byWhen", nullable: aim.fields.byWhen?.description)
            json.member("sentence", aim.fields.sentence)
            json.member("version", aim.version)
        }
    }
}

struct DriverDTO: JSONWritable {
    var driver: Driver
    var project: ReadableProject

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", driver.id.wire)
            json.member("projectId", driver.projectID.wire)
            json.member("reference", driver.reference)
            json.fields(DriverInput(showing: driver.fields), schema: OpenAPIDocument.driverFields)
            json.member("position", driver.fields.position)
            json.member("version", driver.version)
            json.permissions(project)
        }
    }
}

struct PDSADTO: JSONWritable {
    var cycle: PDSACycle
    var project: ReadableProject

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", cycle.id.wire)
            json.member("projectId", cycle.projectID.wire)
            json.member("reference", cycle.reference)
            json.fields(PDSAInput(showing: cycle.fields), schema: OpenAPIDocument.pdsaFields)
            json.member("version", cycle.version)
            json.member("createdAt", Timestamp.string(cycle.createdAt))
            json.member("updatedAt", Timestamp.string(cycle.updatedAt))
            json.permissions(project)
        }
    }
}

struct AnnotationDTO: JSONWritable {
    var annotation: Annotation

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", annotation.id.wire)
            json.member("measureId", annotation.measureID.wire)
            json.fields(AnnotationInput(showing: annotation.fields), schema: OpenAPIDocument.annotationFields)
            json.member("version", annotation.version)
        }
    }
}

/// The QI routes of the JSON API beside the two logs below: a project's aim, and the annotations
/// on a measure's chart.
struct QIAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectAim(.key).components, use: getAim)
        routes.put(APIRoute.projectAim(.key).components, use: putAim)
        routes.get(APIRoute.measureAnnotations(.key).components, use: annotations)
        routes.post(APIRoute.measureAnnotations(.key).components, use: annotate)
        routes.get(APIRoute.annotation(.key).components, use: getAnnotation)
        routes.patch(APIRoute.annotation(.key).components, use: updateAnnotation)
        routes.delete(APIRoute.annotation(.key).components, use: deleteAnnotation)
    }

    // MARK: The aim

    func getAim(request: Request) async throws -> Response {
        let aim = try await request.qi.aim(try APIController.id(request), by: try request.acting)
        return Response.json(writing: AimDTO(aim: aim), version: aim.version)
    }

    /// Writes the aim whole, at the version read (0 before it was first written).
    func putAim(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.qi.editableProject(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = AimInput(body: &body, schema: OpenAPIDocument.aimFields)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let saved = try await withVersionCheck(expected) {
            try await request.qi.saveAim(projectID, input, expectedVersion: $0, by: acting)
        }
        return Response.json(writing: AimDTO(aim: saved), version: saved.version)
    }

    // MARK: Annotations

    func annotations(request: Request) async throws -> Response {
        let measure = try await request.measures.readable(try APIController.id(request), by: try request.acting)
        let (annotations, _) = try await request.qi.marks(of: measure.item.id)
        return Response.json(writing: LogListDTO(items: annotations) { annotation, json in AnnotationDTO(annotation: annotation).write(to: &json) })
    }

    func annotate(request: Request) async throws -> Response {
        let acting = try request.acting
        let measure = try await request.measures.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = AnnotationInput(body: &body, schema: OpenAPIDocument.annotationFields)
        try body.throwIfAny()
        let created = try await request.qi.annotate(measure, input, by: acting)
        return Response.json(writing: AnnotationDTO(annotation: created), status: .created, version: created.version,
                             location: APIRoute.annotation(.value(created.id)).path)
    }

    func getAnnotation(request: Request) async throws -> Response {
        let (annotation, _) = try await request.qi.annotation(try APIController.id(request), by: try request.acting)
        return Response.json(writing: AnnotationDTO(annotation: annotation), version: annotation.version)
    }

    func updateAnnotation(request: Request) async throws -> Response {
        let acting = try request.acting
        let id = try APIController.id(request)
        let (_, measure) = try await request.qi.annotation(id, by: acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = AnnotationInput(body: &body, schema: OpenAPIDocument.annotationFields)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.qi.updateAnnotation(id, input, expectedVersion: $0, by: acting)
        }
        return Response.json(writing: AnnotationDTO(annotation: updated), version: updated.version)
    }

    func deleteAnnotation(request: Request) async throws -> Response {
        _ = try await request.qi.deleteAnnotation(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }
}

/// A project's driver diagram in the JSON API, each node followed by those under it.
enum DriversAPI: LogAPIResource {
    static func listRoute(_ project: Param<UUID>) -> APIRoute { .projectDrivers(project) }
    static func itemRoute(_ item: Param<UUID>) -> APIRoute { .driver(item) }
    static var schema: [(String, JSONSchema)] { OpenAPIDocument.driverFields }

    static func log(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> (ReadableProject, [Driver], Void) {
        let (project, drivers) = try await request.qi.drivers(projectID, by: acting)
        return (project, drivers, ())
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableDriver {
        try await request.qi.driver(id, by: acting)
    }

    static func context(_ readable: ReadableDriver, _ request: Request) async throws {}

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.qi.editableProject(projectID, by: acting)
    }

    /// Its text members, and its position (a whole number) apart.
    static func input(_ body: inout JSONBody) -> DriverInput {
        var input = DriverInput(body: &body, schema: schema)
        switch body.integer("position") {
        case .value(let position): input.position = String(position)
        case .null: body.errors.add("position", "position cannot be null")
        case .absent: break
        }
        return input
    }

    static func create(_ projectID: UUID, _ input: DriverInput, _ request: Request, by acting: Acting) async throws -> ReadableDriver {
        try await request.qi.createDriver(projectID: projectID, input, by: acting)
    }

    static func update(_ current: ReadableDriver, _ input: DriverInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws -> ReadableDriver {
        try await request.qi.updateDriver(current, input, expectedVersion: expectedVersion, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws {
        _ = try await request.qi.deleteDriver(id, by: acting)
    }

    static func write(_ item: Driver, project: ReadableProject, context: Void, to json: inout JSONText) {
        DriverDTO(driver: item, project: project).write(to: &json)
    }

    static func identity(_ item: Driver) -> (id: UUID, version: Int) { (item.id, item.version) }
}

/// A project's PDSA cycles in the JSON API, the latest started first.
enum PDSACyclesAPI: LogAPIResource {
    static func listRoute(_ project: Param<UUID>) -> APIRoute { .projectPDSACycles(project) }
    static func itemRoute(_ item: Param<UUID>) -> APIRoute { .pdsaCycle(item) }
    static var schema: [(String, JSONSchema)] { OpenAPIDocument.pdsaFields }

    static func log(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> (ReadableProject, [PDSACycle], Void) {
        let (project, cycles) = try await request.qi.cycles(projectID, by: acting)
        return (project, cycles, ())
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadablePDSACycle {
        try await request.qi.cycle(id, by: acting)
    }

    static func context(_ readable: ReadablePDSACycle, _ request: Request) async throws {}

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.qi.editableProject(projectID, by: acting)
    }

    static func create(_ projectID: UUID, _ input: PDSAInput, _ request: Request, by acting: Acting) async throws -> ReadablePDSACycle {
        try await request.qi.createCycle(projectID: projectID, input, by: acting)
    }

    static func update(_ current: ReadablePDSACycle, _ input: PDSAInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws -> ReadablePDSACycle {
        try await request.qi.updateCycle(current, input, expectedVersion: expectedVersion, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws {
        _ = try await request.qi.deleteCycle(id, by: acting)
    }

    static func write(_ item: PDSACycle, project: ReadableProject, context: Void, to json: inout JSONText) {
        PDSADTO(cycle: item, project: project).write(to: &json)
    }

    static func identity(_ item: PDSACycle) -> (id: UUID, version: Int) { (item.id, item.version) }
}
