import Foundation
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A benefit as the API sends it: its profile as a body sends it, its money in total, and what
/// the reader may do.
struct BenefitDTO: JSONWritable {
    var benefit: Benefit
    var project: ReadableProject

    func write(to json: inout JSONText) {
        let fields = benefit.fields
        json.object { json in
            json.member("id", benefit.id.wire)
            json.member("projectId", benefit.projectID.wire)
            json.member("reference", benefit.reference)
            json.fields(BenefitInput(showing: fields), schema: OpenAPIDocument.benefitFields)
            Self.writeExtras(fields, to: &json)
            json.member("plannedCashTotal", number: fields.plannedCash)
            json.member("realisedCashTotal", number: fields.realisedCash)
            json.member("version", benefit.version)
            json.member("createdAt", Timestamp.string(benefit.createdAt))
            json.member("updatedAt", Timestamp.string(benefit.updatedAt))
            json.permissions(project)
        }
    }

    /// The members a body sends apart from its text: the flag, the two values, the lines.
    static func writeExtras(_ fields: BenefitFields, to json: inout JSONText) {
        json.member("disbenefit", fields.isDisbenefit)
        json.member("baselineValue", number: fields.baseline?.value)
        json.member("targetValue", number: fields.target?.value)
        for (key, values) in [("trajectory", fields.trajectory), ("actuals", fields.actuals)] {
            json.member(key, array: values) { json, point in
                json.object { json in
                    json.member("date", point.date.description)
                    json.member("value", number: point.value)
                }
            }
        }
        json.member("cash", array: fields.cash) { json, year in
            json.object { json in
                json.member("year", year.year.label)
                json.member("planned", number: year.planned)
                json.member("realised", number: year.realised)
            }
        }
    }
}

/// The benefits register as the API sends it: a page of benefits and the cash totals.
struct BenefitRegisterDTO: JSONWritable {
    var register: BenefitRegister

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: register.page.items) { json, line in
                json.object { json in
                    json.member("id", line.benefit.id.wire)
                    json.member("projectId", line.benefit.projectID.wire)
                    json.member("reference", line.benefit.reference)
                    json.fields(BenefitInput(showing: line.benefit.fields), schema: OpenAPIDocument.benefitFields)
                    BenefitDTO.writeExtras(line.benefit.fields, to: &json)
                    json.member("plannedCashTotal", number: line.benefit.fields.plannedCash)
                    json.member("realisedCashTotal", number: line.benefit.fields.realisedCash)
                    json.member("projectCode", line.projectCode)
                    json.member("projectTitle", line.projectTitle)
                    json.member("projectStatus", line.projectStatus.rawValue)
                    json.member("leadOrganisation", line.organisationName)
                }
            }
            json.member("page", register.page.request.page)
            json.member("perPage", register.page.request.perPage)
            json.member("total", register.page.total)
            for (key, totals) in [("cashByYear", register.totalsByYear), ("cashByOrganisation", register.totalsByOrganisation)] {
                json.member(key, array: totals) { json, total in
                    json.object { json in
                        json.member("year", total.year.label)
                        if let organisation = total.organisationID {
                            json.member("organisationId", organisation.wire)
                            json.member("organisationName", total.organisationName)
                        }
                        json.member("planned", number: total.planned)
                        json.member("realised", number: total.realised)
                    }
                }
            }
        }
    }
}

/// The benefit routes of the JSON API: a project's benefits, one benefit, and the register.
struct BenefitsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.benefitRegister.components, use: register)
        routes.get(APIRoute.projectBenefits(.key).components, use: list)
        routes.post(APIRoute.projectBenefits(.key).components, use: create)
        routes.get(APIRoute.benefit(.key).components, use: get)
        routes.patch(APIRoute.benefit(.key).components, use: update)
        routes.delete(APIRoute.benefit(.key).components, use: delete)
    }

    func register(request: Request) async throws -> Response {
        let (query, errors) = BenefitRegisterQuery.parse(request.queryData, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return Response.json(writing: BenefitRegisterDTO(register: try await request.benefits.register(query, by: try request.acting)))
    }

    func list(request: Request) async throws -> Response {
        let list = try await request.benefits.list(try APIController.id(request), by: try request.acting)
        return Response.json(writing: LogListDTO(items: list.benefits) { benefit, json in
            BenefitDTO(benefit: benefit, project: list.project).write(to: &json)
        })
    }

    func get(request: Request) async throws -> Response {
        try answer(try await request.benefits.readable(try APIController.id(request), by: try request.acting))
    }

    /// A body's benefit: its text members by the document, and the flag, values and lines apart.
    static func input(_ body: inout JSONBody) -> BenefitInput {
        var input = BenefitInput(body: &body, schema: OpenAPIDocument.benefitFields)
        switch body.boolean("disbenefit") {
        case .value(let value): input.disbenefit = AuditValue.boolean(value)
        case .null: body.errors.add("disbenefit", "disbenefit cannot be null")
        case .absent: break
        }
        for (key, path) in [("baselineValue", \BenefitInput.baselineValue), ("targetValue", \BenefitInput.targetValue)] {
            switch body.number(key) {
            case .value(let text): input[keyPath: path] = text
            case .null: input[keyPath: path] = ""
            case .absent: break
            }
        }
        for (key, path) in [("trajectory", \BenefitInput.trajectory), ("actuals", \BenefitInput.actuals)] {
            guard let items = Self.list(&body, key, "each must be an object with date and value (a number)") else { continue }
            var lines: [String] = []
            for item in items {
                guard case .string(let date)? = item["date"], case .number(let value)? = item["value"] else {
                    body.errors.add(key, "Each item of \(key) must be an object with date and value (a number)")
                    break
                }
                lines.append("\(date) \(MeasureNumber.text(value))")
            }
            input[keyPath: path] = lines.joined(separator: "\n")
        }
        if let items = Self.list(&body, "cash", "each must be an object with year, planned and realised") {
            var lines: [String] = []
            for item in items {
                guard case .string(let year)? = item["year"], case .number(let planned)? = item["planned"] else {
                    body.errors.add("cash", "Each item of cash must be an object with year (like 2026/27), planned and realised (a number or null)")
                    break
                }
                let realised: String
                switch item["realised"] {
                case .number(let value)?: realised = MeasureNumber.text(value)
                case .null?, nil: realised = "-"
                default:
                    body.errors.add("cash", "realised must be a number, or null when not yet known")
                    realised = "-"
                }
                lines.append("\(year) \(MeasureNumber.text(planned)) \(realised)")
            }
            input.cash = lines.joined(separator: "\n")
        }
        return input
    }

    /// A member that is a list of objects; nil when absent, or when it is not one (reported).
    private static func list(_ body: inout JSONBody, _ key: String, _ what: String) -> [[String: JSONValue]]? {
        switch body.object[key] {
        case nil: return nil
        case .array(let items)?:
            var objects: [[String: JSONValue]] = []
            for item in items {
                guard case .object(let object) = item else {
                    body.errors.add(key, "\(key) must be a list: \(what)")
                    return nil
                }
                objects.append(object)
            }
            return objects
        default:
            body.errors.add(key, "\(key) must be a list, [] for none: \(what)")
            return nil
        }
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        _ = try await request.benefits.projectForNewBenefit(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let created = try await request.benefits.create(projectID: projectID, input, by: acting)
        return try answer(created, status: .created, location: APIRoute.benefit(.value(created.item.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.benefits.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.benefits.update(current, input, expectedVersion: $0, by: acting)
        }
        return try answer(updated)
    }

    func delete(request: Request) async throws -> Response {
        _ = try await request.benefits.delete(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    private func answer(_ readable: ReadableBenefit, status: HTTPResponseStatus = .ok, location: String? = nil) throws -> Response {
        Response.json(writing: BenefitDTO(benefit: readable.item, project: readable.project), status: status,
                      version: readable.item.version, location: location)
    }
}
