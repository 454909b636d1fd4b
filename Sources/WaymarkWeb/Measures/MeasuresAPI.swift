import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A measure as the API sends it: its fields as a body sends them, its latest analysis in brief,
/// and what the reader may do.
struct MeasureDTO: JSONWritable {
    var measure: Measure
    var project: ReadableProject
    var analysis: SPCAnalysis
    var observations: Int

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", measure.id.wire)
            json.member("projectId", measure.projectID.wire)
            json.member("reference", measure.reference)
            json.fields(MeasureInput(showing: measure.fields), schema: OpenAPIDocument.measureFields)
            json.member("baselinePoints", integer: measure.fields.baselinePoints)
            json.member("targets", array: measure.fields.targets) { json, target in
                json.object { json in
                    json.member("from", target.from.description)
                    json.member("value", number: target.value)
                }
            }
            json.member("observationCount", observations)
            let latest = analysis.points.last { $0.counted }
            json.member("latestDate", nullable: latest?.label)
            json.member("latestValue", number: latest?.value)
            json.member("chart", analysis.kind.rawValue)
            json.member("variation", nullable: analysis.variation?.rawValue)
            json.member("assurance", nullable: analysis.assurance?.rawValue)
            json.member("version", measure.version)
            json.member("createdAt", Timestamp.string(measure.createdAt))
            json.member("updatedAt", Timestamp.string(measure.updatedAt))
            json.permissions(project)
        }
    }
}

struct ObservationDTO: JSONWritable {
    var observation: Observation

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", observation.id.wire)
            json.member("measureId", observation.measureID.wire)
            json.member("date", observation.fields.date.description)
            json.member("value", number: observation.fields.value)
            json.member("note", observation.fields.note)
            json.member("ghosted", observation.fields.ghosted)
            json.member("recalculate", observation.fields.recalculate)
            json.member("version", observation.version)
        }
    }
}

/// A project's measures and one measure in the JSON API (the five routes of a log).
enum MeasuresLogAPI: LogAPIResource {
    static func listRoute(_ project: Param<UUID>) -> APIRoute { .projectMeasures(project) }
    static func itemRoute(_ item: Param<UUID>) -> APIRoute { .measure(item) }
    static var schema: [(String, JSONSchema)] { OpenAPIDocument.measureFields }

    /// Each measure's analysis and how many observations it has, by its id.
    typealias Context = [UUID: (analysis: SPCAnalysis, observations: Int)]

    static func log(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> (ReadableProject, [Measure], Context) {
        let list = try await request.measures.list(projectID, by: acting)
        return (list.project, list.measures, list.analyses.reduce(into: Context()) { context, entry in
            context[entry.key] = (entry.value, list.counts[entry.key] ?? 0)
        })
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableMeasure {
        try await request.measures.readable(id, by: acting)
    }

    static func context(_ readable: ReadableMeasure, _ request: Request) async throws -> Context {
        let record = try await request.measures.record(readable)
        return [readable.item.id: (record.analysis, record.observations.count)]
    }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.measures.projectForNewMeasure(projectID, by: acting)
    }

    /// A body's measure: its text members by the document, and its baseline and targets.
    static func input(_ body: inout JSONBody) -> MeasureInput {
        var input = MeasureInput(body: &body, schema: schema)
        switch body.integer("baselinePoints") {
        case .value(let number): input.baselinePoints = String(number)
        case .null: input.baselinePoints = ""
        case .absent: break
        }
        if let targets = body.objects("targets", "each target an object with from (a date) and value (a number)") {
            var lines: [String] = []
            for target in targets {
                guard case .string(let from)? = target["from"], case .number(let value)? = target["value"] else {
                    body.errors.add("targets", "Each target must be an object with from (a date) and value (a number)")
                    return input
                }
                lines.append("\(from) \(MeasureNumber.text(value))")
            }
            input.targets = lines.joined(separator: "\n")
        }
        return input
    }

    static func create(_ projectID: UUID, _ input: MeasureInput, _ request: Request, by acting: Acting) async throws -> ReadableMeasure {
        try await request.measures.create(projectID: projectID, input, by: acting)
    }

    static func update(_ current: ReadableMeasure, _ input: MeasureInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws -> ReadableMeasure {
        try await request.measures.update(current, input, expectedVersion: expectedVersion, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws {
        _ = try await request.measures.delete(id, by: acting)
    }

    static func write(_ item: Measure, project: ReadableProject, context: Context, to json: inout JSONText) {
        let facts = context[item.id] ?? (item.analysis([]), 0)
        MeasureDTO(measure: item, project: project, analysis: facts.analysis, observations: facts.observations).write(to: &json)
    }

    static func identity(_ item: Measure) -> (id: UUID, version: Int) { (item.id, item.version) }
}

/// The rest of the measure routes of the JSON API: the icon summary, a measure's observations
/// (one at a time or imported together) and its analysis.
struct MeasuresAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.measureSummary.components, use: summary)
        routes.get(APIRoute.measureObservations(.key).components, use: observations)
        routes.post(APIRoute.measureObservations(.key).components, use: addObservation)
        routes.post(APIRoute.measureObservationImport(.key).components, use: importObservations)
        routes.get(APIRoute.measureAnalysis(.key).components, use: analysis)
        routes.get(APIRoute.observation(.key).components, use: getObservation)
        routes.patch(APIRoute.observation(.key).components, use: updateObservation)
        routes.delete(APIRoute.observation(.key).components, use: deleteObservation)
    }

    /// The icon summary: every measure of the projects the reader may read, filtered, sorted and paged.
    func summary(request: Request) async throws -> Response {
        let (query, errors) = MeasureSummaryQuery.parse(request.queryData, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let page = try await request.measures.summary(query, by: try request.acting)
        return Response.json(writing: MeasureSummaryListDTO(page: page))
    }

    func observations(request: Request) async throws -> Response {
        let record = try await request.measures.record(try APIController.id(request), by: try request.acting)
        return Response.json(writing: LogListDTO(items: record.observations) { observation, json in
            ObservationDTO(observation: observation).write(to: &json)
        })
    }

    /// An observation's members: a date, a number, and optionally a note and the two flags.
    static func observationFields(_ body: inout JSONBody, prefix: String = "") -> (date: String?, value: String?, note: String?,
                                                                                      ghosted: String?, recalculate: String?) {
        let date = body.required(body.string("date"), "date")
        var value: String?
        switch body.object["value"] {
        case .number(let number)?: value = String(number)
        case nil: value = nil
        default: body.errors.add("value", "value must be a number")
        }
        let note = body.required(body.string("note"), "note")
        let ghosted = body.required(body.boolean("ghosted"), "ghosted").map { $0 ? "true" : "false" }
        let recalculate = body.required(body.boolean("recalculate"), "recalculate").map { $0 ? "true" : "false" }
        return (date, value, note, ghosted, recalculate)
    }

    func addObservation(request: Request) async throws -> Response {
        let acting = try request.acting
        let measure = try await request.measures.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let sent = Self.observationFields(&body)
        try body.throwIfAny()
        let fields = try ObservationFields.validate(date: sent.date, value: sent.value, note: sent.note, ghosted: sent.ghosted,
                                                    recalculate: sent.recalculate)
        let added = try await request.measures.addObservation(measure, fields, by: acting)
        return Response.json(writing: ObservationDTO(observation: added), status: .created, version: added.version,
                             location: APIRoute.observation(.value(added.id)).path)
    }

    /// Observations sent together: every one checked first, all saved or none (each bad one named
    /// by its place in the list).
    func importObservations(request: Request) async throws -> Response {
        let acting = try request.acting
        let measure = try await request.measures.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        let body = try await JSONBody(request)
        guard case .array(let items)? = body.object["observations"] else {
            throw ValidationFailure("observations", "Send observations: a list of objects with a date and a value")
        }
        var rows: [[String]] = []
        var errors = FieldErrors()
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item, case .string(let date)? = object["date"], case .number(let value)? = object["value"] else {
                errors.add("observations[\(index)]", "Each observation must be an object with a date (text) and a value (a number)")
                continue
            }
            var row = [date, String(value)]
            if case .string(let note)? = object["note"] { row.append(note) }
            rows.append(row)
        }
        try errors.throwIfAny()
        do {
            let added = try await request.measures.importObservations(measure, rows: [["date", "value"]] + rows, by: acting)
            return Response.json(writing: LogListDTO(items: added) { observation, json in ObservationDTO(observation: observation).write(to: &json) },
                                 status: .created)
        } catch let refused as ObservationImport.Refused {
            // Rows count from the header this route adds: observation n is row n + 1.
            throw ValidationFailure(refused.problems.map { problem in
                problem.row < 2 ? FieldError("observations", problem.message)
                    : FieldError("observations[\(problem.row - 2)].\(problem.column)", problem.message,
                                 kind: problem.message.contains("already recorded") || problem.message.contains("also on row") ? .rule : .invalid)
            })
        }
    }

    func analysis(request: Request) async throws -> Response {
        let record = try await request.measures.record(try APIController.id(request), by: try request.acting)
        return Response.json(bytes: record.detail.rendered.analysisJSON.value { JSONText.encode(SPCAnalysisDTO(analysis: record.analysis)) })
    }

    func getObservation(request: Request) async throws -> Response {
        let (observation, _) = try await request.measures.observation(try APIController.id(request), by: try request.acting)
        return Response.json(writing: ObservationDTO(observation: observation), version: observation.version)
    }

    func updateObservation(request: Request) async throws -> Response {
        let acting = try request.acting
        let (current, measure) = try await request.measures.observation(try APIController.id(request), by: acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let sent = Self.observationFields(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let fields = try ObservationFields.validate(
            date: sent.date ?? current.fields.date.description, value: sent.value ?? String(current.fields.value),
            note: sent.note ?? current.fields.note, ghosted: sent.ghosted ?? String(current.fields.ghosted),
            recalculate: sent.recalculate ?? String(current.fields.recalculate))
        let updated = try await withVersionCheck(expected) {
            try await request.measures.updateObservation(current.id, fields, expectedVersion: $0, by: acting)
        }
        return Response.json(writing: ObservationDTO(observation: updated), version: updated.version)
    }

    func deleteObservation(request: Request) async throws -> Response {
        _ = try await request.measures.deleteObservation(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }
}

struct MeasureSummaryListDTO: JSONWritable {
    var page: Page<MeasureSummaryLine>

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: page.items) { json, line in
                json.object { json in
                    json.member("measureId", line.measureID.wire)
                    json.member("reference", line.reference)
                    json.member("name", line.name)
                    json.member("unit", line.unit)
                    json.member("improvementDirection", line.direction.rawValue)
                    json.member("projectId", line.projectID.wire)
                    json.member("projectCode", line.projectCode)
                    json.member("projectTitle", line.projectTitle)
                    json.member("chart", line.summary.chart.rawValue)
                    json.member("observationCount", line.summary.count)
                    json.member("latestDate", nullable: line.summary.latestDate?.description)
                    json.member("latestValue", number: line.summary.latestValue)
                    json.member("target", number: line.summary.target)
                    json.member("variation", nullable: line.summary.variation?.rawValue)
                    json.member("assurance", nullable: line.summary.assurance?.rawValue)
                    json.member("recentValues", array: line.summary.recent) { json, value in json.raw(Array((value.isFinite ? String(value) : "null").utf8)) }
                    json.member("engineVersion", line.summary.engine)
                }
            }
            json.member("page", page.request.page)
            json.member("perPage", page.request.perPage)
            json.member("total", page.total)
        }
    }
}
