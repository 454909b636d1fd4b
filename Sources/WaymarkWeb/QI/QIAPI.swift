import Foundation
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

/// The QI routes of the JSON API: a project's aim, driver diagram and PDSA cycles, and the
/// annotations on a measure's chart.
struct QIAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectAim(.key).components, use: getAim)
        routes.put(APIRoute.projectAim(.key).components, use: putAim)
        routes.get(APIRoute.projectDrivers(.key).components, use: drivers)
        routes.post(APIRoute.projectDrivers(.key).components, use: createDriver)
        routes.get(APIRoute.driver(.key).components, use: getDriver)
        routes.patch(APIRoute.driver(.key).components, use: updateDriver)
        routes.delete(APIRoute.driver(.key).components, use: deleteDriver)
        routes.get(APIRoute.projectPDSACycles(.key).components, use: cycles)
        routes.post(APIRoute.projectPDSACycles(.key).components, use: createCycle)
        routes.get(APIRoute.pdsaCycle(.key).components, use: getCycle)
        routes.patch(APIRoute.pdsaCycle(.key).components, use: updateCycle)
        routes.delete(APIRoute.pdsaCycle(.key).components, use: deleteCycle)
        routes.get(APIRoute.measureAnnotations(.key).components, use: annotations)
        routes.post(APIRoute.measureAnnotations(.key).components, use: annotate)
        routes.get(APIRoute.annotation(.key).components, use: getAnnotation)
        routes.patch(APIRoute.annotation(.key).components, use: updateAnnotation)
        routes.delete(APIRoute.annotation(.key).components, use: deleteAnnotation)
    }

    // MARK: The aim

    func getAim(request: Request) async throws -> Response {
        let record = try await request.qi.record(try APIController.id(request), by: try request.acting)
        return Response.json(writing: AimDTO(aim: record.aim), version: record.aim.version)
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

    // MARK: The driver diagram

    func drivers(request: Request) async throws -> Response {
        let record = try await request.qi.record(try APIController.id(request), by: try request.acting)
        return Response.json(writing: LogListDTO(items: record.drivers.ordered.map(\.node)) { driver, json in
            DriverDTO(driver: driver, project: record.project).write(to: &json)
        })
    }

    static func driverInput(_ body: inout JSONBody) -> DriverInput {
        var input = DriverInput(body: &body, schema: OpenAPIDocument.driverFields)
        switch body.integer("position") {
        case .value(let position): input.position = String(position)
        case .null: body.errors.add("position", "position cannot be null")
        case .absent: break
        }
        return input
    }

    func createDriver(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.qi.editableProject(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = Self.driverInput(&body)
        try body.throwIfAny()
        let created = try await request.qi.createDriver(projectID: projectID, input, by: acting)
        return Response.json(writing: DriverDTO(driver: created.item, project: created.project), status: .created, version: created.item.version,
                             location: APIRoute.driver(.value(created.item.id)).path)
    }

    func getDriver(request: Request) async throws -> Response {
        let driver = try await request.qi.driver(try APIController.id(request), by: try request.acting)
        return Response.json(writing: DriverDTO(driver: driver.item, project: driver.project), version: driver.item.version)
    }

    func updateDriver(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.qi.driver(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = Self.driverInput(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.qi.updateDriver(current, input, expectedVersion: $0, by: acting)
        }
        return Response.json(writing: DriverDTO(driver: updated.item, project: updated.project), version: updated.item.version)
    }

    func deleteDriver(request: Request) async throws -> Response {
        _ = try await request.qi.deleteDriver(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    // MARK: PDSA cycles

    func cycles(request: Request) async throws -> Response {
        let record = try await request.qi.record(try APIController.id(request), by: try request.acting)
        return Response.json(writing: LogListDTO(items: record.cycles) { cycle, json in
            PDSADTO(cycle: cycle, project: record.project).write(to: &json)
        })
    }

    func createCycle(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.qi.editableProject(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = PDSAInput(body: &body, schema: OpenAPIDocument.pdsaFields)
        try body.throwIfAny()
        let created = try await request.qi.createCycle(projectID: projectID, input, by: acting)
        return Response.json(writing: PDSADTO(cycle: created.item, project: created.project), status: .created, version: created.item.version,
                             location: APIRoute.pdsaCycle(.value(created.item.id)).path)
    }

    func getCycle(request: Request) async throws -> Response {
        let cycle = try await request.qi.cycle(try APIController.id(request), by: try request.acting)
        return Response.json(writing: PDSADTO(cycle: cycle.item, project: cycle.project), version: cycle.item.version)
    }

    func updateCycle(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.qi.cycle(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = PDSAInput(body: &body, schema: OpenAPIDocument.pdsaFields)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.qi.updateCycle(current, input, expectedVersion: $0, by: acting)
        }
        return Response.json(writing: PDSADTO(cycle: updated.item, project: updated.project), version: updated.item.version)
    }

    func deleteCycle(request: Request) async throws -> Response {
        _ = try await request.qi.deleteCycle(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
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
