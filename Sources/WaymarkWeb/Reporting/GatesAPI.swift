import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// A gate as the API sends it: the stage it leads into, its board, criteria and members.
struct GateSettingDTO: JSONWritable {
    var setting: GateSetting
    var emails: [UUID: String]

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("stageId", setting.stageID.wire)
            json.member("gate", setting.gate)
            json.member("stageName", setting.stageName)
            json.member("board", setting.board)
            json.member("criteria", array: setting.criteria) { json, text in json.value(text) }
            json.member("memberIds", array: setting.memberIDs) { json, id in json.value(id.wire) }
            json.member("memberEmails", array: setting.memberIDs.compactMap { emails[$0] }) { json, email in json.value(email) }
            json.member("version", setting.version)
        }
    }
}

/// A gate review as the API sends it: what was asked, the decision once there is one, the
/// report it is decided on (kept as it was asked), and what the reader may do.
struct GateReviewDTO: JSONWritable {
    var readable: ReadableGateReview

    func write(to json: inout JSONText) {
        let review = readable.review
        json.object { json in
            json.member("id", review.id.wire)
            json.member("projectId", review.projectID.wire)
            json.member("reference", review.reference)
            json.member("title", review.title)
            json.member("gate", review.gate)
            json.member("stageId", review.stageID.wire)
            json.member("fromStageId", review.fromStageID.wire)
            json.member("board", review.board)
            json.member("criteria", array: review.criteria.enumerated()) { json, criterion in
                json.object { json in
                    json.member("number", criterion.offset + 1)
                    json.member("text", criterion.element)
                    json.member("met", review.request.criteriaMet.contains(criterion.offset + 1))
                }
            }
            json.member("criteriaMet", array: review.request.criteriaMet) { json, number in json.raw(Array(String(number).utf8)) }
            json.member("summary", review.request.summary)
            json.member("evidence", review.request.evidence)
            json.member("requestedBy", nullable: review.requestedBy?.wire)
            json.member("requestedAt", Timestamp.string(review.requestedAt))
            json.member("state", review.state.rawValue)
            if let decision = review.decision {
                json.member("decision", object: { json in
                    json.member("outcome", decision.outcome.rawValue)
                    json.member("decidedOn", decision.decidedOn.description)
                    json.member("board", decision.board)
                    json.member("rationale", decision.rationale)
                    json.member("conditions", decision.conditions)
                    json.member("decidedBy", nullable: review.decidedBy?.wire)
                    json.member("decidedAt", nullable: review.decidedAt.map(Timestamp.string))
                })
            } else {
                json.member("decision", nullable: nil)
            }
            json.member("report", object: { json in Self.write(review.report, to: &json) })
            json.member("version", review.version)
            json.member("permissions", object: { json in
                json.member("canDecide", readable.canDecide)
                json.member("canWithdraw", readable.canWithdraw)
            })
        }
    }

    static func write(_ report: GateReport, to json: inout JSONText) {
        func lines(_ key: String, _ list: [GateReport.Line]) {
            json.member(key, array: list) { json, line in
                json.object { json in
                    json.member("reference", line.reference)
                    json.member("title", line.title)
                    json.member("detail", line.detail)
                }
            }
        }
        json.member("projectCode", report.projectCode)
        json.member("projectTitle", report.projectTitle)
        json.member("fromStage", report.fromStage)
        json.member("toStage", report.toStage)
        json.member("gate", report.gate)
        json.member("board", report.board)
        json.member("seniorResponsibleOwners", array: report.seniorResponsibleOwners) { json, name in json.value(name) }
        json.member("projectManagers", array: report.projectManagers) { json, name in json.value(name) }
        json.member("projectStatus", report.projectStatus)
        json.member("startDate", nullable: report.startDate)
        json.member("endDate", nullable: report.endDate)
        json.member("criteria", array: report.criteria) { json, criterion in
            json.object { json in
                json.member("text", criterion.text)
                json.member("met", criterion.met)
            }
        }
        json.member("summary", report.summary)
        json.member("evidence", report.evidence)
        if let reported = report.reported {
            json.member("reported", object: { json in
                json.member("period", reported.period)
                json.member("summary", reported.summary)
                json.member("ratings", array: reported.ratings) { json, line in
                    json.object { json in
                        json.member("label", line.reference)
                        json.member("status", line.title)
                        json.member("justification", line.detail)
                    }
                }
            })
        } else {
            json.member("reported", nullable: nil)
        }
        json.member("milestoneCount", report.milestoneCount)
        json.member("milestonesComplete", report.milestonesComplete)
        lines("comingUp", report.comingUp)
        lines("slipped", report.slipped)
        json.member("openRiskCount", report.openRiskCount)
        lines("risks", report.risks)
        json.member("openIssueCount", report.openIssueCount)
        lines("issues", report.issues)
        lines("benefits", report.benefits)
        json.member("generatedAt", Timestamp.string(report.generatedAt))
    }
}

/// The gate routes of the JSON API: the gates' settings, a project's reviews and asking for
/// one, a review, its decision and its withdrawal, and the reviews waiting.
struct GatesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.gates.components, use: settings)
        routes.put(APIRoute.gate(.key).components, use: setGate)
        routes.get(APIRoute.gateReviews.components, use: waiting)
        routes.get(APIRoute.projectGateReviews(.key).components, use: list)
        routes.post(APIRoute.projectGateReviews(.key).components, use: request)
        routes.get(APIRoute.gateReview(.key).components, use: get)
        routes.post(APIRoute.gateReviewDecision(.key).components, use: decide)
        routes.post(APIRoute.gateReviewWithdrawal(.key).components, use: withdraw)
    }

    private func answer(_ readable: ReadableGateReview, status: HTTPResponseStatus = .ok, location: String? = nil) -> Response {
        Response.json(writing: GateReviewDTO(readable: readable), status: status, version: readable.review.version, location: location)
    }

    func settings(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        let settings = try await request.gates.settings()
        let emails = try await request.gates.memberEmails(settings).mapValues(\.email)
        return Response.json(writing: LogListDTO(items: settings) { setting, json in GateSettingDTO(setting: setting, emails: emails).write(to: &json) })
    }

    func setGate(request: Request) async throws -> Response {
        let acting = try request.acting
        try AccessPolicy.require(AccessPolicy.canManageGates(acting.actor), else: .manageGates)
        let stageID = try APIController.id(request)
        var body = try await JSONBody(request)
        var input = GateSettingInput()
        input.board = body.text("board")
        switch body.strings("criteria") {
        case .value(let lines):
            if lines.contains(where: { $0.contains(where: \.isNewline) }) { body.errors.add("criteria", "A criterion is one line: send each as its own item") }
            input.criteria = lines.joined(separator: "\n")
        case .null: body.errors.add("criteria", "criteria cannot be null")
        case .absent: break
        }
        switch body.strings("memberEmails") {
        case .value(let emails): input.memberEmails = emails.joined(separator: "\n")
        case .null: body.errors.add("memberEmails", "memberEmails cannot be null: send [] for none")
        case .absent: break
        }
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let saved = try await withVersionCheck(expected) { version in
            let current = try await request.gates.setting(stageID)
            let emails = try await request.gates.memberEmails([current]).mapValues(\.email)
            // Absent members keep what the gate has.
            var full = input
            full.board = input.board ?? current.board
            full.criteria = input.criteria ?? current.criteria.joined(separator: "\n")
            full.memberEmails = input.memberEmails ?? current.memberIDs.compactMap { emails[$0] }.joined(separator: "\n")
            return try await request.gates.setGate(stageID, full, expectedVersion: version, by: acting)
        }
        let emails = try await request.gates.memberEmails([saved]).mapValues(\.email)
        return Response.json(writing: GateSettingDTO(setting: saved, emails: emails), version: saved.version)
    }

    func waiting(request: Request) async throws -> Response {
        let waiting = try await request.gates.waiting(by: try request.acting)
        return Response.json(writing: LogListDTO(items: waiting) { entry, json in
            json.object { json in
                Self.writeWaiting(entry.review, entry.project, to: &json)
                json.member("stageId", entry.review.stageID.wire)
                json.member("canDecide", entry.canDecide)
            }
        })
    }

    /// A review waiting, as lists of them (and the dashboard) send it.
    static func writeWaiting(_ review: GateReviewLine, _ project: ProjectSummary, to json: inout JSONText) {
        json.member("id", review.id.wire)
        json.member("projectId", project.id.wire)
        json.member("projectCode", project.code)
        json.member("projectTitle", project.title)
        json.member("title", review.title)
        json.member("board", review.board)
        json.member("requestedAt", Timestamp.string(review.requestedAt))
    }

    func list(request: Request) async throws -> Response {
        let acting = try request.acting
        let items = try await request.gates.readableReviews(try APIController.id(request), by: acting)
        return Response.json(writing: LogListDTO(items: items) { readable, json in GateReviewDTO(readable: readable).write(to: &json) })
    }

    func request(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        var body = try await JSONBody(request)
        var input = GateRequestInput()
        input.stageID = body.text("stageId")
        input.summary = body.text("summary")
        input.evidence = body.text("evidence")
        switch body.integers("criteriaMet") {
        case .value(let numbers): input.criteriaMet = numbers.map(String.init).joined(separator: ",")
        case .null: body.errors.add("criteriaMet", "criteriaMet cannot be null: send [] for none")
        case .absent: break
        }
        try body.throwIfAny()
        let review = try await request.gates.request(projectID, input, today: request.today, by: acting)
        return answer(review, status: .created, location: APIRoute.gateReview(.value(review.review.id)).path)
    }

    func get(request: Request) async throws -> Response {
        answer(try await request.gates.readable(try APIController.id(request), by: try request.acting))
    }

    func decide(request: Request) async throws -> Response {
        let acting = try request.acting
        let id = try APIController.id(request)
        var body = try await JSONBody(request)
        var input = GateDecisionInput()
        for (key, path) in GateDecisionInput.fields { input[keyPath: path] = body.text(key) }
        for (key, path) in GateDecisionInput.fields where key != "conditions" && input[keyPath: path] == nil
            && !body.errors.errors.contains(where: { $0.field == key }) {
            body.errors.add(key, "Send \(key): a decision is recorded whole")
        }
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let decided = try await withVersionCheck(expected) { version in
            try await request.gates.decide(id, input, expectedVersion: version, today: request.today, by: acting)
        }
        return answer(decided)
    }

    func withdraw(request: Request) async throws -> Response {
        let acting = try request.acting
        let id = try APIController.id(request)
        var body = try await JSONBody(request)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let withdrawn = try await withVersionCheck(expected) { version in
            try await request.gates.withdraw(id, expectedVersion: version, by: acting)
        }
        return answer(withdrawn)
    }
}
