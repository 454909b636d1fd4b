import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// A status update as the API sends it: which period and revision, where it stands, its ratings
/// and sections as a body sends them, and what the reader may do.
struct StatusUpdateDTO: JSONWritable {
    var update: StatusUpdate
    var project: ReadableProject

    func write(to json: inout JSONText) {
        json.object { json in writeMembers(to: &json) }
    }

    func writeMembers(to json: inout JSONText) {
        json.member("id", update.id.wire)
        json.member("projectId", update.projectID.wire)
        json.member("reference", update.title)
        json.member("period", update.period.key)
        json.member("periodMonths", update.period.months)
        json.member("periodLabel", update.period.label)
        json.member("revision", update.revision)
        json.member("state", update.state.rawValue)
        json.fields(StatusUpdateInput(showing: update.fields), schema: OpenAPIDocument.statusUpdateFields)
        json.member("submittedAt", nullable: update.submittedAt.map(Timestamp.string))
        json.member("submittedBy", nullable: update.submittedBy?.wire)
        json.member("version", update.version)
        json.member("createdAt", Timestamp.string(update.createdAt))
        json.member("updatedAt", Timestamp.string(update.updatedAt))
        json.permissions(project)
    }
}

/// The reporting cycles as the API sends them.
struct ReportingCyclesDTO: JSONWritable {
    var cycles: ReportingCycles

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("system", object: { json in Self.cycle(cycles.system, version: cycles.systemVersion, to: &json) })
            json.member("programmes", array: cycles.programmes.sorted { $0.key.lowercasedText < $1.key.lowercasedText }) { json, entry in
                json.object { json in
                    json.member("programmeId", entry.key.wire)
                    Self.cycle(entry.value.cycle, version: entry.value.version, to: &json)
                }
            }
        }
    }

    static func cycle(_ cycle: ReportingCycle, version: Int, to json: inout JSONText) {
        json.member("frequency", cycle.frequency.rawValue)
        json.member("dueWorkingDay", cycle.dueWorkingDay)
        json.member("description", cycle.description)
        json.member("version", version)
    }
}

/// The status update routes of the JSON API: a project's updates, starting one (or its
/// correction), reading, changing and discarding a draft, and submitting it; the reporting
/// cycles, the bank holidays, who has reported and what the caller owes.
struct StatusAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.projectStatusUpdates(.key).components, use: list)
        routes.post(APIRoute.projectStatusUpdates(.key).components, use: start)
        routes.get(APIRoute.statusUpdate(.key).components, use: get)
        routes.patch(APIRoute.statusUpdate(.key).components, use: update)
        routes.delete(APIRoute.statusUpdate(.key).components, use: discard)
        routes.post(APIRoute.statusUpdateSubmission(.key).components, use: submit)
        routes.get(APIRoute.reportingCycles.components, use: cycles)
        routes.put(APIRoute.systemReportingCycle.components, use: setSystemCycle)
        routes.put(APIRoute.programmeReportingCycle(.key).components, use: setProgrammeCycle)
        routes.delete(APIRoute.programmeReportingCycle(.key).components, use: removeProgrammeCycle)
        routes.get(APIRoute.bankHolidays.components, use: holidays)
        routes.post(APIRoute.bankHolidays.components, use: addHoliday)
        routes.delete(APIRoute.bankHoliday(.key).components, use: removeHoliday)
        routes.get(APIRoute.reportingOverview.components, use: overview)
        routes.get(APIRoute.myStatusReminders.components, use: reminders)
        routes.get(APIRoute.highlightReport(.key).components, use: highlight)
    }

    func highlight(request: Request) async throws -> Response {
        let acting = try request.acting
        let (project, report) = try await request.status.highlight(try APIController.id(request), periodKey: request.queryData["period"],
                                                                   by: acting)
        guard let report else {
            throw ValidationFailure("period", "The project has not submitted a status update yet: there is no highlight report", kind: .rule)
        }
        return Response.json(writing: HighlightReportDTO(report: report, project: project))
    }

    func list(request: Request) async throws -> Response {
        let log = try await request.status.log(try APIController.id(request), today: request.today, by: try request.acting)
        return Response.json(writing: LogListDTO(items: log.updates) { update, json in
            StatusUpdateDTO(update: update, project: log.project).write(to: &json)
        })
    }

    private func answer(_ readable: ReadableStatusUpdate, status: HTTPResponseStatus = .ok, location: String? = nil) -> Response {
        Response.json(writing: StatusUpdateDTO(update: readable.item, project: readable.project), status: status,
                      version: readable.item.version, location: location)
    }

    func get(request: Request) async throws -> Response {
        answer(try await request.status.readable(try APIController.id(request), by: try request.acting))
    }

    func start(request: Request) async throws -> Response {
        let acting = try request.acting
        let projectID = try APIController.id(request)
        var body = try await JSONBody(request)
        let period = body.text("period")
        try body.throwIfAny()
        let started = try await request.status.start(projectID: projectID, periodKey: period, today: request.today, by: acting)
        return answer(started.update, status: started.created ? .created : .ok,
                      location: APIRoute.statusUpdate(.value(started.update.item.id)).path)
    }

    /// Changes a draft's fields, or (`submit`) submits it with them.
    private func save(_ request: Request, submit: Bool) async throws -> Response {
        let acting = try request.acting
        let current = try await request.status.readable(try APIController.id(request), by: acting)
        try AccessPolicy.require(current.canEdit, else: .editProject)
        var body = try await JSONBody(request)
        let input = StatusUpdateInput(body: &body, schema: OpenAPIDocument.statusUpdateFields)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let saved = try await withVersionCheck(expected) {
            try await request.status.save(current, input, expectedVersion: $0, submit: submit, by: acting)
        }
        return answer(saved)
    }

    func update(request: Request) async throws -> Response { try await save(request, submit: false) }

    func submit(request: Request) async throws -> Response { try await save(request, submit: true) }

    func discard(request: Request) async throws -> Response {
        _ = try await request.status.discard(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    func cycles(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        return Response.json(writing: ReportingCyclesDTO(cycles: try await request.status.cycles()))
    }

    private func setCycle(_ request: Request, programme: UUID?) async throws -> Response {
        let acting = try request.acting
        try AccessPolicy.require(AccessPolicy.canManageReporting(acting.actor), else: .manageReporting)
        var body = try await JSONBody(request)
        let frequency = body.text("frequency")
        var day: String?
        switch body.integer("dueWorkingDay") {
        case .value(let number): day = String(number)
        case .null: body.errors.add("dueWorkingDay", "dueWorkingDay cannot be null")
        case .absent: body.errors.add("dueWorkingDay", "Send dueWorkingDay, the working day of the month after a period the update is due")
        }
        if frequency == nil, !body.errors.errors.contains(where: { $0.field == "frequency" }) {
            body.errors.add("frequency", "Send frequency, monthly or quarterly")
        }
        // A programme without a cycle of its own yet takes version 0.
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let cycles = try await withVersionCheck(expected) { version in
            try await request.status.setCycle(programmeID: programme, frequency: frequency, dueWorkingDay: day,
                                              expectedVersion: programme != nil && version == 0 ? nil : version, by: acting)
        }
        return Response.json(writing: ReportingCyclesDTO(cycles: cycles))
    }

    func setSystemCycle(request: Request) async throws -> Response { try await setCycle(request, programme: nil) }

    func setProgrammeCycle(request: Request) async throws -> Response { try await setCycle(request, programme: try APIController.id(request)) }

    func removeProgrammeCycle(request: Request) async throws -> Response {
        try await request.status.removeCycle(programmeID: try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }

    func holidays(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        let holidays = try await request.status.holidays()
        return Response.json(writing: LogListDTO(items: holidays) { holiday, json in BankHolidayDTO(holiday: holiday).write(to: &json) })
    }

    func addHoliday(request: Request) async throws -> Response {
        let acting = try request.acting
        try AccessPolicy.require(AccessPolicy.canManageReporting(acting.actor), else: .manageReporting)
        var body = try await JSONBody(request)
        let date = body.text("date"), name = body.text("name")
        try body.throwIfAny()
        let holiday = try await request.status.addHoliday(date: date, name: name, by: acting)
        return Response.json(writing: BankHolidayDTO(holiday: holiday), status: .created,
                             location: APIRoute.bankHoliday(.value(holiday.date.description)).path)
    }

    func removeHoliday(request: Request) async throws -> Response {
        let acting = try request.acting
        try AccessPolicy.require(AccessPolicy.canManageReporting(acting.actor), else: .manageReporting)
        guard let date = request.parameters.get("date").flatMap(CalendarDate.init) else { throw NotFound("bank holiday") }
        try await request.status.removeHoliday(date, by: acting)
        return Response(status: .noContent)
    }

    func overview(request: Request) async throws -> Response {
        let overview = try await request.status.overview(today: request.today, by: try request.acting)
        return Response.json(buffer: await overview.writings.value("api") { ByteBuffer(bytes: JSONText.encode(ReportingOverviewDTO(overview: overview))) })
    }

    func reminders(request: Request) async throws -> Response {
        let reminders = try await request.status.reminders(today: request.today, by: try request.acting)
        return Response.json(writing: LogListDTO(items: reminders) { reminder, json in
            json.object { json in
                json.member("projectId", reminder.projectID.wire)
                json.member("projectCode", reminder.projectCode)
                json.member("projectTitle", reminder.projectTitle)
                json.member("period", reminder.period.key)
                json.member("periodLabel", reminder.period.label)
                json.member("due", reminder.due.description)
                json.member("overdue", reminder.overdue)
                json.member("workingDaysLeft", reminder.workingDaysLeft)
            }
        })
    }
}

/// Who has and has not reported, as the API sends it.
struct ReportingOverviewDTO: JSONWritable {
    var overview: ReportingOverview

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("period", overview.systemPeriod.key)
            json.member("periodLabel", overview.systemPeriod.label)
            json.member("due", overview.systemDue.description)
            json.member("current", array: overview.current) { json, line in Self.write(line, to: &json) }
            json.member("overdue", array: overview.overdue) { json, line in Self.write(line, to: &json) }
        }
    }

    static func write(_ line: ReportingLine, to json: inout JSONText) {
        json.object { json in
            json.member("projectId", line.project.id.wire)
            json.member("projectCode", line.project.code)
            json.member("projectTitle", line.project.title)
            json.member("period", line.period.key)
            json.member("due", line.due.description)
            json.member("state", line.status?.state.rawValue ?? "not-started")
            json.member("overall", nullable: line.status?.overall?.rawValue)
            json.member("overdue", line.overdue)
        }
    }
}

struct BankHolidayDTO: JSONWritable {
    var holiday: BankHoliday

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("date", holiday.date.description)
            json.member("name", holiday.name)
        }
    }
}

/// A highlight report as the API sends it: the update it was built from (whole), each rating's
/// movement, and the items of each section by reference, id and what the page says of them.
struct HighlightReportDTO: JSONWritable {
    var report: HighlightReport
    var project: ReadableProject

    /// What every item of a section starts with: its id, reference and title.
    static func head(_ id: UUID, _ reference: String, _ title: String, key: String, to json: inout JSONText) {
        json.member("id", id.wire)
        json.member("reference", reference)
        json.member(key, title)
    }

    func write(to json: inout JSONText) {
        let sections = report.sections
        json.object { json in
            json.member("projectId", report.project.id.wire)
            json.member("projectCode", report.project.code)
            json.member("projectTitle", report.project.fields.title)
            json.member("period", report.period.key)
            json.member("periodLabel", report.period.label)
            json.member("stage", report.stageName)
            json.member("seniorResponsibleOwners", array: report.seniorResponsibleOwners) { json, name in json.value(name) }
            json.member("projectManagers", array: report.projectManagers) { json, name in json.value(name) }
            json.member("budgetPence", integer: report.project.fields.budgetPence.map { Int($0) })
            json.member("generatedAt", Timestamp.string(report.generatedAt))
            json.member("update", object: { json in StatusUpdateDTO(update: report.update, project: project).writeMembers(to: &json) })
            json.member("previousPeriod", nullable: report.previous?.period.key)
            PeriodClosureDTO.member("asAt", report.asAt, to: &json)
            if let after = report.afterClose {
                json.member("afterClose", object: { json in
                    json.member("kind", after.kind.rawValue)
                    PeriodClosureDTO.member("closure", after.closure, to: &json)
                    json.member("updateId", after.updateID.wire)
                    json.member("revision", after.revision)
                    json.member("submittedAt", nullable: after.submittedAt.map(Timestamp.string))
                })
            } else {
                json.member("afterClose", nullable: nil)
            }
            json.member("movement", object: { json in
                for (key, row) in zip(["overall"] + StatusDimension.allCases.map(\.rawValue), report.ratings) {
                    json.member(key, nullable: row.movement?.rawValue)
                }
            })
            func items<Item>(_ key: String, _ list: [Item], _ write: (Item, inout JSONText) -> Void) {
                json.member(key, array: list) { json, item in json.object { json in write(item, &json) } }
            }
            func milestone(_ milestone: Milestone, _ json: inout JSONText) {
                Self.head(milestone.id, milestone.reference, milestone.fields.title, key: "title", to: &json)
                json.member("forecastDate", milestone.fields.forecastDate.description)
                json.member("actualDate", nullable: milestone.fields.actualDate?.description)
                json.member("slippageDays", integer: milestone.slippageDays)
            }
            items("completed", sections.completed, milestone)
            items("comingUp", sections.comingUp, milestone)
            items("slipped", sections.slipped, milestone)
            items("risks", sections.risks) { risk, json in
                Self.head(risk.id, risk.reference, risk.fields.title, key: "title", to: &json)
                json.member("currentScore", risk.fields.current.score)
                json.member("currentBand", risk.currentBand)
                json.member("escalation", risk.fields.escalation.rawValue)
            }
            items("issues", sections.issues) { issue, json in
                Self.head(issue.id, issue.reference, issue.fields.title, key: "title", to: &json)
                json.member("priority", issue.fields.priority.rawValue)
                json.member("targetDate", nullable: issue.fields.targetDate?.description)
            }
            items("dependencies", sections.dependencies) { dependency, json in
                Self.head(dependency.id, dependency.reference, dependency.fields.title, key: "title", to: &json)
                json.member("status", dependency.fields.status.rawValue)
                json.member("neededBy", dependency.fields.neededBy.description)
            }
            items("decisions", sections.decisions) { decision, json in
                Self.head(decision.id, decision.reference, decision.fields.title, key: "title", to: &json)
                json.member("decidedOn", decision.fields.decidedOn.description)
            }
            items("benefits", report.benefits) { benefit, json in
                Self.head(benefit.id, benefit.reference, benefit.fields.title, key: "title", to: &json)
                json.member("category", benefit.fields.category.rawValue)
                json.member("status", benefit.fields.status.rawValue)
            }
            items("measures", report.measures) { measure, json in
                let analysis = report.analyses[measure.id]
                Self.head(measure.id, measure.reference, measure.fields.name, key: "name", to: &json)
                json.member("variation", nullable: analysis?.variation?.rawValue)
                json.member("assurance", nullable: analysis?.assurance?.rawValue)
            }
        }
    }
}
