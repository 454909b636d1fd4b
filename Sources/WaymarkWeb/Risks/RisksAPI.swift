import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The risk routes of the JSON API: decode, call the workflow, write what it returns.
struct RisksAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectRisks(.key).components, use: list)
        routes.post(APIRoute.projectRisks(.key).components, use: create)
        routes.get(APIRoute.risk(.key).components, use: get)
        routes.patch(APIRoute.risk(.key).components, use: update)
        routes.delete(APIRoute.risk(.key).components, use: delete)
        routes.post(APIRoute.riskEscalation(.key).components, use: escalate)
        routes.get(APIRoute.systemRiskRegister.components, use: systemRegister)
        routes.get(APIRoute.organisationRiskRegister(.key).components, use: organisationRegister)
    }

    func escalate(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.risks.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let level = body.required(body.string("level"), "level")
        let reason = body.required(body.string("reason"), "reason")
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let moved = try await withVersionCheck(expected) {
            try await request.risks.escalate(current, level: level, reason: reason, expectedVersion: $0, by: acting)
        }
        return try await answer(moved, request)
    }

    func systemRegister(request: Request) async throws -> Response {
        try await register(request, .system)
    }

    func organisationRegister(request: Request) async throws -> Response {
        let id = try APIController.id(request)
        guard try await request.store.organisation(id) != nil else { throw NotFound("organisation") }
        return try await register(request, .organisation(id))
    }

    private func register(_ request: Request, _ scope: RiskRegisterQuery.Scope) async throws -> Response {
        let acting = try request.acting
        let settings = try await request.store.riskSettings()
        let (query, errors) = RiskRegisterQuery.parse(request.queryData, scope: scope, bands: settings.bands, strict: true)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let register = try await request.risks.escalated(query, page: try APIController.pageRequest(request), by: acting)
        return Response.json(writing: RiskRegisterDTO(listing: register.listing, settings: settings, today: request.today))
    }

    func list(request: Request) async throws -> Response {
        let register = try await request.risks.register(try APIController.id(request), by: try request.acting)
        return Response.json(writing: RiskListDTO(register: register, today: request.today))
    }

    func get(request: Request) async throws -> Response {
        let readable = try await request.risks.readable(try APIController.id(request), by: try request.acting)
        return try await answer(readable, request)
    }

    /// The members a body carries, as the workflow takes them: absent is nil (kept), null is ""
    /// (cleared) for the members that may be empty. Ratings are whole numbers, checked (1 to 5) by
    /// the workflow, in the same words the form shows.
    static func input(_ body: inout JSONBody) -> RiskInput {
        var input = RiskInput()
        func text(_ key: String, _ path: WritableKeyPath<RiskInput, String?>, nullable: Bool = false) {
            input[keyPath: path] = body.text(key, nullable: nullable)
        }
        func scale(_ key: String, _ path: WritableKeyPath<RiskInput, String?>) {
            switch body.integer(key) {
            case .value(let value): input[keyPath: path] = String(value)
            case .null: body.errors.add(key, "\(key) cannot be null")
            case .absent: break
            }
        }
        text("title", \.title)
        text("cause", \.cause)
        text("event", \.event)
        text("effect", \.effect)
        text("categoryId", \.categoryID, nullable: true)
        text("ownerId", \.ownerID, nullable: true)
        for (name, likelihood, consequence) in [("inherent", \RiskInput.inherentLikelihood, \RiskInput.inherentConsequence),
                                                ("current", \.currentLikelihood, \.currentConsequence),
                                                ("target", \.targetLikelihood, \.targetConsequence)] {
            scale("\(name)Likelihood", likelihood)
            scale("\(name)Consequence", consequence)
        }
        text("response", \.response)
        text("proximity", \.proximity, nullable: true)
        text("reviewDate", \.reviewDate, nullable: true)
        text("status", \.status)
        return input
    }

    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        // A person who may not record risks here learns only that, before the body is read.
        _ = try await request.risks.projectForNewRisk(projectID, by: acting)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        try body.throwIfAny()
        let created = try await request.risks.create(projectID: projectID, input, by: acting)
        return try await answer(created, request, status: .created, location: APIRoute.risk(.value(created.risk.id)).path)
    }

    func update(request: Request) async throws -> Response {
        let acting = try request.acting
        let current = try await request.risks.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = Self.input(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let updated = try await withVersionCheck(expected) {
            try await request.risks.update(current, input, expectedVersion: $0, by: acting)
        }
        return try await answer(updated, request)
    }

    func delete(request: Request) async throws -> Response {
        _ = try await request.risks.delete(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    private func answer(_ readable: ReadableRisk, _ request: Request, status: HTTPResponseStatus = .ok,
                        location: String? = nil) async throws -> Response {
        Response.json(writing: RiskDTO(readable: readable, settings: try await request.store.riskSettings(), today: request.today),
                      status: status, version: readable.risk.version, location: location)
    }
}

extension RiskRegisterQuery {
    /// A register's filters from a query string (`status`, `band`, `organisation`, the cell as
    /// `likelihood` and `consequence`, `sort`). The
    /// API refuses what it cannot read (`strict`); a page shows the register unfiltered by it.
    static func parse(_ data: FormData, scope: Scope, bands: RiskBandTable, strict: Bool) -> (RiskRegisterQuery, [FieldError]) {
        var query = RiskRegisterQuery(scope: scope)
        var errors: [FieldError] = []
        func refuse(_ field: String, _ message: String, kind: FieldErrorKind = .invalid) {
            if strict { errors.append(FieldError(field, message, kind: kind)) }
        }
        /// A parameter's value; nil when it was not sent. A page's form sends "" for "any", which
        /// the API, whose document says what each must be, refuses.
        func value(_ key: String) -> String? {
            guard let text = data[key] else { return nil }
            if text.isEmpty {
                refuse(key, "\(key) cannot be empty: leave it out for any")
                return nil
            }
            return text
        }
        switch value("status") {
        case nil: break
        case "all": query.status = nil
        case let text?:
            if let status = RiskStatus(rawValue: text) { query.status = status } else { refuse("status", "status must be all, open, closed or materialised") }
        }
        if let band = value("band") {
            if bands.bands.contains(where: { $0.name == band }) { query.band = band }
            // The band table is data: the document cannot list its names, so an unknown one is a reference.
            else { refuse("band", "band must be one of " + bands.bands.map(\.name).joined(separator: ", "), kind: .reference) }
        }
        if case .system = scope, let text = value("organisation") {
            if let id = UUID(uuidString: text) { query.organisationID = id } else { refuse("organisation", "organisation must be an id") }
        }
        switch (value("likelihood"), value("consequence")) {
        case (nil, nil): break
        case let (likelihood?, consequence?):
            if let cell = Int(likelihood).flatMap({ l in Int(consequence).flatMap { RiskRating(likelihood: l, consequence: $0) } }) {
                query.cell = cell
            } else {
                refuse("likelihood", "likelihood and consequence must each be a whole number from 1 to 5")
            }
        default: refuse("likelihood", "Send likelihood and consequence together, for one cell of the matrix", kind: .rule)
        }
        if let text = value("sort") {
            if let sort = Sort(rawValue: text) { query.sort = sort } else { refuse("sort", "sort must be score, review or project") }
        }
        return (query, errors)
    }
}

extension Request {
    /// Today's date in England, by the application's clock: what "overdue" is measured against.
    /// Worked out once per request, so that everything one answer judges is judged on one day.
    var today: CalendarDate {
        if let today = storage[RequestTodayKey.self] { return today }
        let today = CalendarDate(application.waymark.clock(), calendar: DateText.calendar)
        storage[RequestTodayKey.self] = today
        return today
    }
}

private struct RequestTodayKey: StorageKey {
    typealias Value = CalendarDate
}
