import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Gate pages: a project's gates and asking for a review, one review with its locked report,
/// recording the board's decision and withdrawing a request; the reviews waiting and the gates'
/// boards and criteria, changed by the portfolio office.
struct GatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectGates(.key).pathComponents, use: log)
        routes.get(SiteURL.requestGate(.key).pathComponents, use: newRequest)
        routes.post(SiteURL.requestGate(.key).pathComponents, use: request)
        routes.get(SiteURL.gateReview(.key).pathComponents, use: show)
        routes.get(SiteURL.decideGateReview(.key).pathComponents, use: newDecision)
        routes.post(SiteURL.decideGateReview(.key).pathComponents, use: decide)
        routes.post(SiteURL.withdrawGateReview(.key).pathComponents, use: withdraw)
        routes.get(SiteURL.gates.pathComponents, use: gates)
        routes.get(SiteURL.editGate(.key).pathComponents, use: editGate)
        routes.post(SiteURL.editGate(.key).pathComponents, use: saveGate)
    }

    static let notices = ["requested": "The gate review was asked for. The board decides it on the report below, kept as the project stands now.",
                          "withdrawn": "The request was withdrawn.", "approved": "The decision was recorded and the project moved into the gate's stage.",
                          "decided": "The decision was recorded.", "gate-saved": "The gate was saved."]

    static func reviewID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.gateReview, as: UUID.self) else { throw NotFound("gate review") }
        return id
    }

    static func stageID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.item, as: UUID.self) else { throw NotFound("gate") }
        return id
    }

    func log(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let log = try await request.gates.log(try ProjectsController.projectID(request), by: signedIn.acting)
        return HTMLResponse.make(ProjectGatesPage(signedIn: signedIn, project: log.project.project, stageName: log.stage?.name ?? "",
                                                  nextStageName: log.nextStage?.name, gate: log.gate, reviews: log.reviews,
                                                  canRequest: log.canRequest,
                                                  notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    private func requestForm(_ signedIn: SignedIn, _ log: GateLog, _ gate: GateSetting, input: GateRequestInput, errors: [FieldError]) -> LogFormPage {
        LogFormPage(signedIn: signedIn, project: log.project.project, section: .gates, title: "Ask for the \(gate.title) review",
                    action: SiteURL.requestGate(.value(log.project.project.id)).path, errors: errors, version: nil, conflict: nil,
                    submit: "Ask for the review", fields: { failure in GateRequestFormFields(gate: gate, input: input, failure: failure) })
    }

    /// The project's gate log, if the reader may ask for the gate ahead now.
    private func requestable(_ request: Request, _ signedIn: SignedIn) async throws -> (GateLog, GateSetting) {
        let log = try await request.gates.log(try ProjectsController.projectID(request), by: signedIn.acting)
        try AccessPolicy.require(log.project.canManage, else: .requestGate)
        guard let gate = log.gate, log.canRequest else { throw NotFound("gate") }
        return (log, gate)
    }

    func newRequest(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (log, gate) = try await requestable(request, signedIn)
        return HTMLResponse.make(requestForm(signedIn, log, gate, input: GateRequestInput(), errors: []).render())
    }

    func request(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = GateRequestInput(form: form)
        do {
            let review = try await request.gates.request(projectID, input, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.gateReview(.value(review.review.id)).path(query: [("notice", "requested")]))
        } catch let failure as ValidationFailure {
            let log = try await request.gates.log(projectID, by: signedIn.acting)
            guard let gate = log.gate else { throw failure }
            return HTMLResponse.make(requestForm(signedIn, log, gate, input: input, errors: failure.errors).render(), status: .unprocessableEntity)
        }
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await request.gates.readable(try Self.reviewID(request), by: signedIn.acting)
        let review = readable.review
        var names: [UUID: String] = [:]
        for id in Set([review.requestedBy, review.decidedBy].compactMap { $0 }) { names[id] = try await request.store.person(id)?.name }
        return HTMLResponse.make(GateReviewPage(signedIn: signedIn, project: readable.project.project, review: review,
                                                requestedBy: review.requestedBy.flatMap { names[$0] }, decidedBy: review.decidedBy.flatMap { names[$0] },
                                                canDecide: readable.canDecide, canWithdraw: readable.canWithdraw,
                                                notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    private func decidable(_ request: Request, _ signedIn: SignedIn) async throws -> ReadableGateReview {
        let readable = try await request.gates.readable(try Self.reviewID(request), by: signedIn.acting)
        guard readable.review.state == .requested else { throw GateReviewClosed(readable.review.state) }
        try AccessPolicy.require(readable.canDecide, else: .decideGate)
        return readable
    }

    private func decisionForm(_ signedIn: SignedIn, _ readable: ReadableGateReview, input: GateDecisionInput, errors: [FieldError],
                              version: Int?, conflict: Int? = nil) -> LogFormPage {
        let review = readable.review
        return LogFormPage(signedIn: signedIn, project: readable.project.project, section: .gates, title: "Record the decision on the " + review.title,
                           action: SiteURL.decideGateReview(.value(review.id)).path, errors: errors, version: version,
                           conflict: conflict.map { ("gate review", $0, SiteURL.gateReview(.value(review.id)).path) },
                           submit: "Record the decision", fields: { failure in GateDecisionFormFields(input: input, failure: failure) },
                           after: GateReportView(report: review.report))
    }

    func newDecision(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let readable = try await decidable(request, signedIn)
        return HTMLResponse.make(decisionForm(signedIn, readable, input: request.gates.newDecision(readable.review, today: request.today), errors: [],
                                              version: readable.review.version).render())
    }

    func decide(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await decidable(request, signedIn)
        let input = GateDecisionInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "gate review", firstField: "outcome", refuse: { errors, conflict in
            self.decisionForm(signedIn, readable, input: input, errors: errors, version: Int(form["version"] ?? ""), conflict: conflict)
        }) { version in
            let decided = try await request.gates.decide(readable.review.id, input, expectedVersion: version, today: request.today, by: signedIn.acting)
            let moved = decided.review.decision?.outcome.movesStage == true
            return SiteURL.gateReview(.value(decided.review.id)).path(query: [("notice", moved ? "approved" : "decided")])
        }
    }

    func withdraw(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        guard let version = Int(form["version"] ?? "") else { throw WaymarkError.badRequest("The form was missing its version: reload the page") }
        let withdrawn = try await request.gates.withdraw(try Self.reviewID(request), expectedVersion: version, by: signedIn.acting)
        return request.redirect(to: SiteURL.projectGates(.value(withdrawn.review.projectID)).path(query: [("notice", "withdrawn")]))
    }

    func gates(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        async let waiting = request.gates.waiting(by: signedIn.acting)
        let settings = try await request.gates.settings()
        let members = try await request.gates.memberEmails(settings)
        return HTMLResponse.make(GatesPage(signedIn: signedIn, waiting: try await waiting, settings: settings, members: members,
                                           canManage: AccessPolicy.canManageGates(signedIn.acting.actor),
                                           notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    private func gateForm(_ request: Request, _ signedIn: SignedIn) async throws -> (GateSetting, GateSettingInput) {
        try AccessPolicy.require(AccessPolicy.canManageGates(signedIn.acting.actor), else: .manageGates)
        let setting = try await request.gates.setting(try Self.stageID(request))
        let members = try await request.gates.memberEmails([setting])
        let input = GateSettingInput(showing: GateSettingFields(board: setting.board, criteria: setting.criteria, memberIDs: setting.memberIDs),
                                     emails: members.mapValues(\.email))
        return (setting, input)
    }

    func editGate(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (setting, input) = try await gateForm(request, signedIn)
        return HTMLResponse.make(GateSettingFormPage(signedIn: signedIn, setting: setting, input: input, errors: [], version: setting.version,
                                                     conflict: nil).render())
    }

    func saveGate(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let (setting, _) = try await gateForm(request, signedIn)
        let input = GateSettingInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "gate", firstField: "board", refuse: { errors, conflict in
            GateSettingFormPage(signedIn: signedIn, setting: setting, input: input, errors: errors, version: conflict ?? setting.version,
                                conflict: conflict)
        }) { version in
            _ = try await request.gates.setGate(setting.stageID, input, expectedVersion: version, by: signedIn.acting)
            return SiteURL.gates.path(query: [("notice", "gate-saved")])
        }
    }
}
