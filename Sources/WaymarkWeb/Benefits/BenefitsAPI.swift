import Foundation
import OpenAPIKit
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

/// The benefits register in the JSON API.
struct BenefitRegisterAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.benefitRegister.components) { request in
            let (query, errors) = BenefitRegisterQuery.parse(request.queryData, strict: true)
            if !errors.isEmpty { throw ValidationFailure(errors) }
            return Response.json(writing: BenefitRegisterDTO(register: try await request.benefits.register(query, by: try request.acting)))
        }
    }
}

/// A project's benefits and one benefit in the JSON API.
enum BenefitsAPI: LogAPIResource {
    static func listRoute(_ project: Param<UUID>) -> APIRoute { .projectBenefits(project) }
    static func itemRoute(_ item: Param<UUID>) -> APIRoute { .benefit(item) }
    static var schema: [(String, JSONSchema)] { OpenAPIDocument.benefitFields }

    static func log(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> (ReadableProject, [Benefit], Void) {
        let list = try await request.benefits.list(projectID, actuals: false, by: acting)
        return (list.project, list.benefits, ())
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableBenefit {
        try await request.benefits.readable(id, by: acting)
    }

    static func context(_ readable: ReadableBenefit, _ request: Request) async throws {}

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.benefits.projectForNewBenefit(projectID, by: acting)
    }

    /// A body's benefit: its text members by the document, and the flag, values and lines apart.
    static func input(_ body: inout JSONBody) -> BenefitInput {
        var input = BenefitInput(body: &body, schema: schema)
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
            guard let items = body.objects(key, "each an object with date and value (a number)") else { continue }
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
        if let items = body.objects("cash", "each an object with year, planned and realised") {
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

    static func create(_ projectID: UUID, _ input: BenefitInput, _ request: Request, by acting: Acting) async throws -> ReadableBenefit {
        try await request.benefits.create(projectID: projectID, input, by: acting)
    }

    static func update(_ current: ReadableBenefit, _ input: BenefitInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws -> ReadableBenefit {
        try await request.benefits.update(current, input, expectedVersion: expectedVersion, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws {
        _ = try await request.benefits.delete(id, by: acting)
    }

    static func write(_ item: Benefit, project: ReadableProject, context: Void, to json: inout JSONText) {
        BenefitDTO(benefit: item, project: project).write(to: &json)
    }

    static func identity(_ item: Benefit) -> (id: UUID, version: Int) { (item.id, item.version) }
}
