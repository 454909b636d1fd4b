import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The JSON Schema keywords the API document uses, checked as JSON Schema 2020-12 reads them:
/// `type` (one or several), `properties`, `required`, `enum`, `const`, `pattern`, `minLength`,
/// `maxLength`, `minimum`, `maximum`, `items`, `minItems`, `maxItems`, `uniqueItems`, `$ref`, `allOf`, `anyOf`. A keyword
/// it does not know fails the check, so the document cannot outgrow it unnoticed.
struct SchemaCheck {
    let document: [String: Any]

    static let annotations: Set<String> = ["description", "format", "title", "examples"]
    static let known: Set<String> = annotations.union(["type", "properties", "required", "enum", "const", "pattern", "minLength",
                                                       "maxLength", "minimum", "maximum", "items", "minItems", "maxItems", "uniqueItems",
                                                       "$ref", "allOf", "anyOf"])

    /// The problems with `value` against `schema`, each with where it was found; empty when it conforms.
    func problems(_ value: Any?, _ schema: [String: Any], at path: String = "$") -> [String] {
        var found: [String] = []
        for key in schema.keys where !Self.known.contains(key) { found.append("\(path): the check does not know \(key)") }
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?[name] as? [String: Any] else {
                return [path + ": no schema " + reference]
            }
            found += problems(value, target, at: path)
        }
        for part in schema["allOf"] as? [[String: Any]] ?? [] { found += problems(value, part, at: path) }
        if let choices = schema["anyOf"] as? [[String: Any]], !choices.contains(where: { problems(value, $0, at: path).isEmpty }) {
            found.append("\(path): matches none of anyOf")
        }
        if let types = schema["type"].map({ $0 as? [String] ?? [$0 as? String ?? ""] }), !types.contains(where: { Self.isType(value, $0) }) {
            found.append("\(path): \(String(describing: value)) is not \(types)")
            return found
        }
        if let allowed = schema["enum"] as? [Any] {
            let texts = allowed.compactMap { $0 as? String }, nullAllowed = allowed.contains { $0 is NSNull }
            if let text = value as? String, !texts.contains(text) { found.append("\(path): \(text) is not one of \(texts)") }
            if value == nil || value is NSNull, !nullAllowed { found.append("\(path): null is not one of \(texts)") }
        }
        if let constant = schema["const"] as? String, let text = value as? String, text != constant {
            found.append("\(path): \(text) is not \(constant)")
        }
        if let text = value as? String {
            let length = text.unicodeScalars.count
            if let maximum = schema["maxLength"] as? Int, length > maximum { found.append("\(path): longer than \(maximum)") }
            if let minimum = schema["minLength"] as? Int, length < minimum { found.append("\(path): shorter than \(minimum)") }
            if let pattern = schema["pattern"] as? String, !DocumentAgreementTests.matches(pattern, text) {
                found.append("\(path): \(text.debugDescription) does not match \(pattern)")
            }
        }
        if let number = (value as? NSNumber).flatMap({ Self.isType(value, "integer") ? $0.int64Value : nil }) {
            if let maximum = (schema["maximum"] as? NSNumber)?.int64Value, number > maximum { found.append("\(path): above \(maximum)") }
            if let minimum = (schema["minimum"] as? NSNumber)?.int64Value, number < minimum { found.append("\(path): below \(minimum)") }
        }
        if let items = value as? [Any] {
            if let maximum = schema["maxItems"] as? Int, items.count > maximum { found.append("\(path): more than \(maximum) items") }
            if let minimum = schema["minItems"] as? Int, items.count < minimum { found.append("\(path): fewer than \(minimum) items") }
            if schema["uniqueItems"] as? Bool == true, Set(items.map { "\($0)" }).count < items.count {
                found.append("\(path): items repeat")
            }
            if let itemSchema = schema["items"] as? [String: Any] {
                for (index, item) in items.enumerated() { found += problems(item, itemSchema, at: "\(path)[\(index)]") }
            }
        }
        if let object = value as? [String: Any] {
            for name in schema["required"] as? [String] ?? [] where object[name] == nil { found.append("\(path): \(name) is missing") }
            for (name, member) in schema["properties"] as? [String: [String: Any]] ?? [:] where object[name] != nil {
                found += problems(object[name], member, at: "\(path).\(name)")
            }
        }
        return found
    }

    static func isType(_ value: Any?, _ type: String) -> Bool {
        switch type {
        case "null": return value == nil || value is NSNull
        case "string": return value is String
        case "boolean": return (value as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? false
        case "integer":
            guard let number = value as? NSNumber, !isType(value, "boolean") else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        case "number": return value is NSNumber && !isType(value, "boolean")
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        default: return false
        }
    }

    /// The schema of an operation's response (by status) as the document gives it.
    func response(_ path: String, _ method: String, _ status: Int) -> [String: Any]? {
        let operation = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?[method] as? [String: Any]
        let response = (operation?["responses"] as? [String: Any])?[String(status)] as? [String: Any]
        let content = response?["content"] as? [String: Any]
        return (content?["application/json"] ?? content?["application/problem+json"]).flatMap { ($0 as? [String: Any])?["schema"] as? [String: Any] }
    }

    func request(_ path: String, _ method: String) -> [String: Any]? {
        let operation = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?[method] as? [String: Any]
        let content = (operation?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
        return (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
    }
}

/// Every DTO the API writes, encoded by the running server from a real record, conforms to the
/// schema the document gives its operation; so does every example body the server accepts; and
/// bodies the document refuses are refused by the checker (it can fail).
final class SchemaConformanceTests: XCTestCase {
    func testEveryAnswerAndAcceptedBodyConformsToTheDocument() async throws {
        try await withServer { server, world, database in
            let api = server.client()
            api.bearer = try await apiToken(server, "admin@test.example")
            let check = SchemaCheck(document: try await api.get("/api/v1/openapi.json").jsonObject)
            var checked = 0
            func conforms(_ method: String, _ documented: String, _ path: String, status: Int = 200, body: [String: Any]? = nil,
                          file: StaticString = #filePath, line: UInt = #line) async throws -> TestResponse {
                if let body {
                    let schema = try XCTUnwrap(check.request(documented, method), "\(method) \(documented) has no body schema")
                    XCTAssertEqual(check.problems(body, schema), [], "[\(database)] body of \(method) \(documented)", file: file, line: line)
                }
                let answer = try await api.json(HTTPMethod(rawValue: method.uppercased()), "/api/v1" + path, body)
                XCTAssertEqual(Int(answer.status.code), status, "[\(database)] \(method) \(path): \(answer.body)", file: file, line: line)
                if status != 204 {
                    let schema = try XCTUnwrap(check.response(documented, method, status), "\(method) \(documented) \(status)")
                    let value = try JSONSerialization.jsonObject(with: Data(answer.body.utf8))
                    XCTAssertEqual(check.problems(value, schema), [], "[\(database)] \(method) \(path) \(status)", file: file, line: line)
                }
                checked += 1
                return answer
            }
            let project = world.projects[.organisation]!
            let person = world.person("member-lead")
            _ = try await conforms("get", "/me", "/me")
            _ = try await conforms("get", "/organisations", "/organisations")
            _ = try await conforms("get", "/organisations/{id}", "/organisations/\(world.lead.id.lowercasedText)")
            let organisation = try await conforms("post", "/organisations", "/organisations", status: 201,
                                                  body: ["name": "Schema Trust", "code": "RSC", "codeKind": "ods", "kind": "acute-trust"])
            _ = try await conforms("patch", "/organisations/{id}", "/organisations/\(organisation.jsonObject["id"] as! String)",
                                   body: ["name": "Schema Trust renamed", "version": 1])
            _ = try await conforms("get", "/people", "/people?include_inactive=true")
            _ = try await conforms("get", "/people/{id}", "/people/\(person.id.lowercasedText)")
            let created = try await conforms("post", "/people", "/people", status: 201,
                                             body: ["name": "Schema Person", "email": "schema@test.example", "role": "member",
                                                    "organisationId": world.lead.id.lowercasedText, "password": "a long enough password"])
            _ = try await conforms("patch", "/people/{id}", "/people/\(created.jsonObject["id"] as! String)",
                                   body: ["active": false, "version": 1])
            let theme = try await conforms("post", "/themes", "/themes", status: 201, body: ["name": "Schema theme", "description": "Why"])
            _ = try await conforms("get", "/themes", "/themes")
            _ = try await conforms("get", "/themes/{id}", "/themes/\(theme.jsonObject["id"] as! String)")
            let programme = try await conforms("post", "/programmes", "/programmes", status: 201, body: ["name": "Schema programme"])
            _ = try await conforms("patch", "/programmes/{id}", "/programmes/\(programme.jsonObject["id"] as! String)",
                                   body: ["description": "Now described", "version": 1])
            _ = try await conforms("get", "/stages", "/stages")
            let stage = try await server.app.store.stages()[0]
            let newProject = try await conforms("post", "/projects", "/projects", status: 201, body: [
                "title": "Schema project", "expectedOutcome": "Fewer falls", "leadOrganisationId": world.lead.id.lowercasedText,
                "partnerOrganisationIds": [world.partner.id.lowercasedText], "themeIds": [theme.jsonObject["id"] as! String],
                "programmeId": programme.jsonObject["id"] as! String, "methodology": "qi", "stageId": stage.id.lowercasedText,
                "visibility": "organisation", "startDate": "2026-04-01", "endDate": "2027-03-31", "budgetPence": 1_250_050,
                "tags": ["falls", "winter"],
            ])
            let id = newProject.jsonObject["id"] as! String
            _ = try await conforms("patch", "/projects/{id}", "/projects/\(id)",
                                   body: ["status": "closed", "programmeId": NSNull(), "budgetPence": NSNull(), "version": 1])
            _ = try await conforms("get", "/projects", "/projects?sort=title&order=desc&per_page=100")
            _ = try await conforms("get", "/projects/{id}", "/projects/\(project.id.lowercasedText)")
            _ = try await conforms("put", "/projects/{id}/team/{personId}", "/projects/\(id)/team/\(person.id.lowercasedText)",
                                   body: ["role": "sro"])
            _ = try await conforms("get", "/projects/{id}/team", "/projects/\(id)/team")
            _ = try await conforms("get", "/projects/{id}/history", "/projects/\(id)/history")
            _ = try await conforms("delete", "/projects/{id}/team/{personId}", "/projects/\(id)/team/\(person.id.lowercasedText)", status: 204)
            let categories = try await conforms("get", "/risk-categories", "/risk-categories")
            let category = try XCTUnwrap((categories.jsonObject["items"] as? [[String: Any]])?.first?["id"] as? String)
            let risk = try await conforms("post", "/projects/{id}/risks", "/projects/\(id)/risks", status: 201, body: [
                "title": "Schema risk", "cause": "A cause", "event": "An event", "effect": "An effect", "categoryId": category,
                "ownerId": person.id.lowercasedText, "inherentLikelihood": 4, "inherentConsequence": 4, "currentLikelihood": 3,
                "currentConsequence": 4, "targetLikelihood": 2, "targetConsequence": 3, "response": "treat",
                "proximity": "2027-02-01", "reviewDate": "2027-01-15", "status": "open",
            ])
            let riskID = risk.jsonObject["id"] as! String
            _ = try await conforms("patch", "/risks/{id}", "/risks/\(riskID)",
                                   body: ["currentLikelihood": 5, "currentConsequence": 5, "proximity": NSNull(), "version": 1])
            _ = try await conforms("get", "/risks/{id}", "/risks/\(riskID)")
            _ = try await conforms("post", "/risks/{id}/escalation", "/risks/\(riskID)/escalation",
                                   body: ["level": "system", "reason": "It needs the system's help", "version": 2])
            _ = try await conforms("get", "/risk-registers/system", "/risk-registers/system?status=all&sort=review")
            _ = try await conforms("get", "/risk-registers/organisations/{id}",
                                   "/risk-registers/organisations/\(world.lead.id.lowercasedText)?likelihood=5&consequence=5")
            _ = try await conforms("get", "/projects/{id}/risks", "/projects/\(id)/risks")
            _ = try await conforms("post", "/projects/{id}/risks", "/projects/\(id)/risks", status: 422,
                                   body: ["title": "Unowned", "inherentLikelihood": 1, "inherentConsequence": 1, "currentLikelihood": 1,
                                          "currentConsequence": 1, "targetLikelihood": 1, "targetConsequence": 1])
            let issue = try await conforms("post", "/projects/{id}/issues", "/projects/\(id)/issues", status: 201, body: [
                "title": "Schema issue", "description": "What happened", "priority": "high", "ownerId": person.id.lowercasedText,
                "raisedOn": "2026-09-01", "targetDate": "2026-10-01", "status": "open",
            ])
            let issueID = issue.jsonObject["id"] as! String
            _ = try await conforms("patch", "/issues/{id}", "/issues/\(issueID)",
                                   body: ["status": "resolved", "resolution": "Fixed", "targetDate": NSNull(), "version": 1])
            _ = try await conforms("get", "/issues/{id}", "/issues/\(issueID)")
            _ = try await conforms("post", "/issues/{id}/escalation", "/issues/\(issueID)/escalation",
                                   body: ["level": "organisation", "reason": "The trust holds it", "version": 2])
            _ = try await conforms("get", "/projects/{id}/issues", "/projects/\(id)/issues")
            _ = try await conforms("get", "/issue-registers/system", "/issue-registers/system?status=all&sort=target")
            _ = try await conforms("get", "/issue-registers/organisations/{id}",
                                   "/issue-registers/organisations/\(world.lead.id.lowercasedText)?priority=high")
            _ = try await conforms("post", "/projects/{id}/issues", "/projects/\(id)/issues", status: 422,
                                   body: ["title": "Unowned", "targetDate": "2020-01-01"])
            _ = try await conforms("post", "/risks/{id}/materialisation", "/risks/\(riskID)/materialisation", status: 201,
                                   body: ["version": 3])
            _ = try await conforms("delete", "/issues/{id}", "/issues/\(issueID)", status: 204)
            let milestone = try await conforms("post", "/projects/{id}/milestones", "/projects/\(id)/milestones", status: 201, body: [
                "title": "Schema milestone", "ownerId": person.id.lowercasedText, "forecastDate": "2026-10-01", "status": "on-track",
                "stageId": stage.id.lowercasedText, "notes": "A note", "key": true,
            ])
            let milestoneID = milestone.jsonObject["id"] as! String
            _ = try await conforms("post", "/projects/{id}/baselines", "/projects/\(id)/baselines", status: 201,
                                   body: ["reason": "Approved at the board"])
            _ = try await conforms("patch", "/milestones/{id}", "/milestones/\(milestoneID)",
                                   body: ["forecastDate": "2026-10-20", "stageId": NSNull(), "version": 2])
            _ = try await conforms("get", "/milestones/{id}", "/milestones/\(milestoneID)")
            _ = try await conforms("get", "/projects/{id}/milestones", "/projects/\(id)/milestones")
            _ = try await conforms("get", "/projects/{id}/baselines", "/projects/\(id)/baselines")
            _ = try await conforms("get", "/milestone-timeline", "/milestone-timeline?window=60")
            _ = try await conforms("post", "/projects/{id}/milestones", "/projects/\(id)/milestones", status: 422,
                                   body: ["title": "Done but undated", "forecastDate": "2026-10-01", "status": "complete"])
            _ = try await conforms("delete", "/milestones/{id}", "/milestones/\(milestoneID)", status: 204)
            _ = try await conforms("delete", "/risks/{id}", "/risks/\(riskID)", status: 204)
            _ = try await conforms("get", "/settings/risks", "/settings/risks")
            _ = try await conforms("patch", "/settings/risks", "/settings/risks", body: [
                "bands": [["name": "Low", "lowestScore": 1, "colour": "#007f3b"], ["name": "High", "lowestScore": 8, "colour": "#d5281b"]],
                "escalationThreshold": 16, "version": 1,
            ])
            let schemaCategory = try await conforms("post", "/risk-categories", "/risk-categories", status: 201,
                                              body: ["name": "Schema category", "position": 4])
            let categoryID = schemaCategory.jsonObject["id"] as! String
            _ = try await conforms("get", "/risk-categories/{id}", "/risk-categories/\(categoryID)")
            _ = try await conforms("patch", "/risk-categories/{id}", "/risk-categories/\(categoryID)", body: ["status": "retired", "version": 1])
            _ = try await conforms("delete", "/risk-categories/{id}", "/risk-categories/\(categoryID)", status: 204)
            var points: [[String: Any]] = (1...20).map { ["label": "2026-W\($0)", "value": Double($0 % 5) + 10] }
            points[3]["ghosted"] = true
            points[4]["value"] = NSNull()
            points[12]["recalculate"] = true
            points[19]["target"] = 12.5
            points[18]["value"] = 40
            let xmr = try await conforms("post", "/spc/analysis", "/spc/analysis", body: [
                "points": points, "improvementDirection": "down", "preset": "nhsrplotthedots",
                "settings": ["precedence": ["shift", "trend", "two-of-three", "outside-limits"], "minimumPointsPerPeriod": 5],
            ])
            XCTAssertEqual(xmr.jsonObject["chart"] as? String, "xmr", "[\(database)]")
            XCTAssertEqual(xmr.jsonObject["assurance"] as? String, "hit-and-miss", "[\(database)]")
            _ = try await conforms("post", "/spc/analysis", "/spc/analysis",
                                   body: ["points": Array(points.prefix(6)), "improvementDirection": "neither"])
            _ = try await conforms("post", "/spc/analysis", "/spc/analysis", body: [
                "points": points, "improvementDirection": "up", "baselinePoints": 12, "settings": ["screening": "moving-ranges-and-mean"],
            ])
            let measure = try await conforms("post", "/projects/{id}/measures", "/projects/\(id)/measures", status: 201, body: [
                "name": "Schema measure", "improvementDirection": "down", "unit": "%", "ownerId": NSNull(), "baselinePoints": 12,
                "targets": [["from": "2026-01-01", "value": 7.5]], "spcPreset": "nhsrplotthedots",
            ])
            let measureID = measure.jsonObject["id"] as! String
            _ = try await conforms("get", "/projects/{id}/measures", "/projects/\(id)/measures")
            _ = try await conforms("patch", "/measures/{id}", "/measures/\(measureID)", body: ["baselinePoints": NSNull(), "version": 1])
            let observation = try await conforms("post", "/measures/{id}/observations", "/measures/\(measureID)/observations", status: 201,
                                                 body: ["date": "2026-01-05", "value": 12.5, "note": "First"])
            let observationID = observation.jsonObject["id"] as! String
            _ = try await conforms("post", "/measures/{id}/observations/import", "/measures/\(measureID)/observations/import", status: 201,
                                   body: ["observations": (1...20).map { ["date": CalendarDate("2026-02-01")!.adding(days: 7 * $0).description,
                                                                          "value": Double($0 % 4)] }])
            _ = try await conforms("get", "/measures/{id}/observations", "/measures/\(measureID)/observations")
            _ = try await conforms("get", "/measures/{id}/analysis", "/measures/\(measureID)/analysis")
            _ = try await conforms("get", "/measures/{id}", "/measures/\(measureID)")
            _ = try await conforms("get", "/measure-summary", "/measure-summary?sort=name&per_page=10")
            _ = try await conforms("patch", "/observations/{id}", "/observations/\(observationID)", body: ["ghosted": true, "version": 1])
            _ = try await conforms("get", "/observations/{id}", "/observations/\(observationID)")
            _ = try await conforms("delete", "/observations/{id}", "/observations/\(observationID)", status: 204)
            let annotation = try await conforms("post", "/measures/{id}/annotations", "/measures/\(measureID)/annotations", status: 201,
                                                body: ["date": "2026-03-01", "kind": "event", "label": "Ward closed", "note": ""])
            let annotationID = annotation.jsonObject["id"] as! String
            _ = try await conforms("get", "/measures/{id}/annotations", "/measures/\(measureID)/annotations")
            _ = try await conforms("patch", "/annotations/{id}", "/annotations/\(annotationID)", body: ["kind": "change-idea", "version": 1])
            _ = try await conforms("get", "/annotations/{id}", "/annotations/\(annotationID)")
            let benefit = try await conforms("post", "/projects/{id}/benefits", "/projects/\(id)/benefits", status: 201, body: [
                "title": "Cash released", "category": "cash-releasing", "disbenefit": false, "baselineValue": 0, "baselineDate": "2026-01-01",
                "targetValue": 100, "targetDate": "2027-03-31", "trajectory": [["date": "2026-09-30", "value": 40]], "actuals": [],
                "measureIds": [measureID], "actualsMeasureId": measureID, "cash": [["year": "2026/27", "planned": 50000, "realised": NSNull()]],
            ])
            let benefitID = benefit.jsonObject["id"] as! String
            _ = try await conforms("get", "/projects/{id}/benefits", "/projects/\(id)/benefits")
            _ = try await conforms("patch", "/benefits/{id}", "/benefits/\(benefitID)", body: ["targetValue": NSNull(), "targetDate": NSNull(), "version": 1])
            _ = try await conforms("get", "/benefits/{id}", "/benefits/\(benefitID)")
            _ = try await conforms("get", "/benefit-register", "/benefit-register?category=cash-releasing&per_page=10")
            _ = try await conforms("get", "/projects/{id}/qi-aim", "/projects/\(id)/qi-aim")
            _ = try await conforms("put", "/projects/{id}/qi-aim", "/projects/\(id)/qi-aim", body: [
                "statement": "Fewer falls", "byHowMuch": "from 6 to 5 per 1,000 bed days", "byWhen": "2027-03-31", "version": 0])
            let primary = try await conforms("post", "/projects/{id}/drivers", "/projects/\(id)/drivers", status: 201,
                                             body: ["kind": "primary", "text": "Reliable care", "parentId": NSNull()])
            let primaryID = primary.jsonObject["id"] as! String
            _ = try await conforms("patch", "/drivers/{id}", "/drivers/\(primaryID)", body: ["position": 2, "version": 1])
            _ = try await conforms("get", "/projects/{id}/drivers", "/projects/\(id)/drivers")
            let cycle = try await conforms("post", "/projects/{id}/pdsa-cycles", "/projects/\(id)/pdsa-cycles", status: 201,
                                           body: ["title": "Test a huddle", "startDate": "2026-03-01", "measureIds": [measureID], "decision": NSNull()])
            let cycleID = cycle.jsonObject["id"] as! String
            _ = try await conforms("patch", "/pdsa-cycles/{id}", "/pdsa-cycles/\(cycleID)", body: ["status": "complete", "decision": "adopt", "version": 1])
            _ = try await conforms("get", "/projects/{id}/pdsa-cycles", "/projects/\(id)/pdsa-cycles")
            _ = try await conforms("get", "/pdsa-cycles/{id}", "/pdsa-cycles/\(cycleID)")
            _ = try await conforms("get", "/drivers/{id}", "/drivers/\(primaryID)")
            _ = try await conforms("delete", "/pdsa-cycles/{id}", "/pdsa-cycles/\(cycleID)", status: 204)
            _ = try await conforms("delete", "/drivers/{id}", "/drivers/\(primaryID)", status: 204)
            _ = try await conforms("delete", "/benefits/{id}", "/benefits/\(benefitID)", status: 204)
            _ = try await conforms("delete", "/annotations/{id}", "/annotations/\(annotationID)", status: 204)
            _ = try await conforms("delete", "/measures/{id}", "/measures/\(measureID)", status: 204)
            let term = try await conforms("post", "/glossary-terms", "/glossary-terms", status: 201, body: [
                "name": "Huddle", "definition": "A short daily meeting.", "topic": "governance", "source": "local", "aliases": ["Safety huddle"],
                "localSynonyms": [["organisationId": world.lead.id.lowercasedText, "word": "Board round"]], "relatedTermIds": []])
            let termID = term.jsonObject["id"] as! String
            _ = try await conforms("get", "/glossary-terms", "/glossary-terms?q=huddle&topic=governance")
            _ = try await conforms("patch", "/glossary-terms/{id}", "/glossary-terms/\(termID)", body: ["aliases": [], "version": 1])
            _ = try await conforms("get", "/glossary-terms/{id}", "/glossary-terms/\(termID)")
            _ = try await conforms("delete", "/glossary-terms/{id}", "/glossary-terms/\(termID)", status: 204)
            let lesson = try await conforms("post", "/projects/{id}/lessons", "/projects/\(id)/lessons", status: 201, body: [
                "title": "Agree the data first", "outcome": "avoid", "recommendation": "One source.", "learnedOn": "2026-05-01",
                "phase": "before", "technique": "peer-assist", "themeIds": [], "tags": ["data"]])
            let lessonID = lesson.jsonObject["id"] as! String
            _ = try await conforms("get", "/projects/{id}/lessons", "/projects/\(id)/lessons")
            _ = try await conforms("patch", "/lessons/{id}", "/lessons/\(lessonID)", body: ["why": "Two baselines.", "version": 1])
            _ = try await conforms("get", "/lessons/{id}", "/lessons/\(lessonID)")
            _ = try await conforms("get", "/lessons", "/lessons?q=data&phase=before&per_page=5")
            let otherProject = world.projects[.organisation]!.id.lowercasedText
            _ = try await conforms("get", "/projects/{id}/lesson-suggestions", "/projects/\(otherProject)/lesson-suggestions")
            _ = try await conforms("post", "/projects/{id}/lesson-reviews", "/projects/\(otherProject)/lesson-reviews", status: 201,
                                   body: ["lessonId": lessonID])
            _ = try await conforms("delete", "/projects/{id}/lesson-reviews/{lessonId}", "/projects/\(otherProject)/lesson-reviews/\(lessonID)",
                                   status: 204)
            _ = try await conforms("get", "/search", "/search?q=agree&per_page=5")
            let resource = try await conforms("post", "/resources", "/resources", status: 201, body: [
                "title": "Making Data Count", "kind": "external-link", "url": "https://www.england.nhs.uk/", "stageIds": [], "tags": ["spc"]])
            let resourceID = resource.jsonObject["id"] as! String
            _ = try await conforms("get", "/resources", "/resources?kind=external-link")
            _ = try await conforms("patch", "/resources/{id}", "/resources/\(resourceID)", body: ["summary": "Guidance.", "version": 1])
            _ = try await conforms("get", "/resources/{id}", "/resources/\(resourceID)")
            _ = try await conforms("delete", "/resources/{id}", "/resources/\(resourceID)", status: 204)
            _ = try await conforms("get", "/competency-framework", "/competency-framework")
            let assessment = try await conforms("post", "/me/assessments", "/me/assessments", status: 201, body: [
                "assessedOn": "2026-09-01", "ratings": [["key": "risk", "level": 3, "evidence": "Ran the register"], ["key": "qi", "level": 1]]])
            _ = try await conforms("get", "/me/assessments", "/me/assessments")
            _ = try await conforms("get", "/assessments/{id}", "/assessments/\(assessment.jsonObject["id"] as! String)")
            _ = try await conforms("get", "/capability-heat-map", "/capability-heat-map")
            _ = try await conforms("delete", "/lessons/{id}", "/lessons/\(lessonID)", status: 204)
            // Problems conform too, field errors and all.
            _ = try await conforms("post", "/projects", "/projects", status: 422, body: ["title": "No lead", "methodology": "qi",
                                   "stageId": stage.id.lowercasedText, "visibility": "team",
                                   "leadOrganisationId": UUID().uuidString.lowercased()])
            _ = try await conforms("get", "/projects/{id}", "/projects/\(UUID().uuidString.lowercased())", status: 404)
            _ = try await conforms("delete", "/projects/{id}", "/projects/\(id)", status: 204)
            XCTAssertEqual(checked, 125)

            // The checker refuses what the document refuses.
            let projectCreate = try XCTUnwrap(check.request("/projects", "post"))
            XCTAssertFalse(check.problems(["title": " ", "leadOrganisationId": "x"], projectCreate).isEmpty)
            XCTAssertFalse(check.problems(["title": "A", "leadOrganisationId": world.lead.id.lowercasedText, "methodology": "qi",
                                           "stageId": stage.id.lowercasedText, "visibility": "nobody"], projectCreate).isEmpty)
            let organisationCreate = try XCTUnwrap(check.request("/organisations", "post"))
            XCTAssertFalse(check.problems(["name": "A", "code": "1AB", "codeKind": "ods", "kind": "other"], organisationCreate).isEmpty,
                           "the ODS rule")
            XCTAssertEqual(check.problems(["name": "A", "code": "1AB", "codeKind": "local", "kind": "other"], organisationCreate), [])
        }
    }
}
