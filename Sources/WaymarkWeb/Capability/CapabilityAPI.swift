import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// The framework as the API sends it.
struct FrameworkDTO: JSONWritable {
    var framework: CompetencyFramework

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("version", framework.version)
            json.member("domains", array: framework.domains) { json, domain in
                json.object { json in
                    json.member("name", domain.name)
                    json.member("competencies", array: domain.competencies) { json, competency in
                        json.object { json in
                            json.member("key", competency.key)
                            json.member("name", competency.name)
                            json.member("description", competency.description)
                            json.member("levels", array: ProficiencyLevel.allCases) { json, level in
                                json.object { json in
                                    json.member("level", level.rawValue)
                                    json.member("label", level.label)
                                    json.member("descriptor", competency.descriptor(level))
                                }
                            }
                            json.member("targets", array: CapabilityRole.allCases.filter { competency.targets[$0] != nil }) { json, role in
                                json.object { json in
                                    json.member("role", role.rawValue)
                                    json.member("level", competency.targets[role]!.rawValue)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct AssessmentDTO: JSONWritable {
    var assessment: Assessment

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", assessment.id.wire)
            json.member("personId", assessment.personID.wire)
            json.member("frameworkVersion", assessment.frameworkVersion)
            json.member("assessedOn", assessment.assessedOn.description)
            json.member("ratings", array: assessment.ratings) { json, rating in
                json.object { json in
                    json.member("key", rating.key)
                    json.member("level", rating.level.rawValue)
                    json.member("evidence", rating.evidence)
                }
            }
            json.member("createdAt", Timestamp.string(assessment.createdAt))
        }
    }
}

struct HeatMapDTO: JSONWritable {
    var map: CapabilityHeatMap

    func write(to json: inout JSONText) {
        func row(_ row: CapabilityHeatMap.Row, to json: inout JSONText, id: Bool) {
            json.object { json in
                if id { json.member("organisationId", row.organisationID.wire) }
                json.member("organisationName", row.organisationName)
                json.member("people", integer: row.people)
                json.member("cells", array: map.framework.competencies) { json, competency in
                    let cell = row.cells[competency.key]
                    json.object { json in
                        json.member("key", competency.key)
                        json.member("suppressed", cell?.isSuppressed ?? true)
                        json.member("people", integer: cell?.people)
                        json.member("average", number: cell?.average)
                        json.member("belowTarget", integer: cell?.belowTarget)
                    }
                }
            }
        }
        json.object { json in
            json.member("frameworkVersion", map.framework.version)
            json.member("minimumGroup", CapabilityHeatMap.minimumGroup)
            json.member("organisations", array: map.rows) { json, item in row(item, to: &json, id: true) }
            json.member("system", object: { json in
                json.member("people", integer: map.total.people)
                json.member("cells", array: map.framework.competencies) { json, competency in
                    let cell = map.total.cells[competency.key]
                    json.object { json in
                        json.member("key", competency.key)
                        json.member("suppressed", cell?.isSuppressed ?? true)
                        json.member("people", integer: cell?.people)
                        json.member("average", number: cell?.average)
                        json.member("belowTarget", integer: cell?.belowTarget)
                    }
                }
            })
        }
    }
}

struct CapabilityAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.competencyFramework.components) { request in
            _ = try request.requireSignedIn()
            return Response.json(writing: FrameworkDTO(framework: try await request.capability.framework()))
        }
        routes.get(APIRoute.myAssessments.components) { request in
            let acting = try request.acting
            let record = try await request.capability.record(of: acting.person.id, role: .projectManager, by: acting)
            return Response.json(writing: LogListDTO(items: record.assessments) { assessment, json in AssessmentDTO(assessment: assessment).write(to: &json) })
        }
        routes.post(APIRoute.myAssessments.components, use: assess)
        routes.get(APIRoute.assessment(.key).components) { request in
            let (assessment, _, _) = try await request.capability.assessment(try APIController.id(request), by: try request.acting)
            return Response.json(writing: AssessmentDTO(assessment: assessment))
        }
        routes.get(APIRoute.capabilityHeatMap.components) { request in
            Response.json(writing: HeatMapDTO(map: try await request.capability.heatMap(by: try request.acting)))
        }
    }

    /// A body: the date assessed (today when absent) and a list of ratings, each a competency key, a level 1 to 4 and evidence.
    func assess(request: Request) async throws -> Response {
        let acting = try request.acting
        var body = try await JSONBody(request)
        var input = AssessmentInput()
        switch body.string("assessedOn") {
        case .value(let text): input.assessedOn = text
        case .null: body.errors.add("assessedOn", "assessedOn cannot be null: leave it out for today")
        case .absent: break
        }
        if let items = body.objects("ratings", "each an object with key, level (1 to 4) and evidence") {
            for item in items {
                guard case .string(let key)? = item["key"], case .number(let level)? = item["level"], level == level.rounded(), abs(level) < 1e6 else {
                    body.errors.add("ratings", "Each rating must be an object with key (text) and level (a whole number from 1 to 4)")
                    break
                }
                if input.levels[key] != nil { body.errors.add("ratings", "Rate each competency once", kind: .rule) }
                input.levels[key] = String(Int(level))
                switch item["evidence"] {
                case .string(let evidence)?: input.evidence[key] = evidence
                case nil, .null?: break
                default: body.errors.add("ratings", "evidence must be text")
                }
            }
        } else if body.errors.isEmpty {
            body.errors.add("ratings", "Give ratings: a list of the competencies you rate")
        }
        try body.throwIfAny()
        let assessment = try await request.capability.assess(input, today: request.today, by: acting)
        return Response.json(writing: AssessmentDTO(assessment: assessment), status: .created,
                             location: APIRoute.assessment(.value(assessment.id)).path)
    }
}
