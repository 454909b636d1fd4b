import Vapor
import WaymarkDomain
import WaymarkMarkup
import WaymarkStore
import WaymarkWorkflows

/// The reporting page, and the portfolio office's forms on it: setting a cycle, returning a
/// programme to the system's, adding and removing bank holidays.
struct ReportingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.reporting.pathComponents, use: show)
        routes.post(SiteURL.reportingCycle.pathComponents, use: setCycle)
        routes.post(SiteURL.removeReportingCycle(.key).pathComponents, use: removeCycle)
        routes.post(SiteURL.bankHolidays.pathComponents, use: addHoliday)
        routes.post(SiteURL.removeBankHoliday(.key).pathComponents, use: removeHoliday)
        routes.post(SiteURL.closePeriod(.key).pathComponents, use: closePeriod)
    }

    static let notices = ["cycle": "The reporting cycle was set.", "cycle-removed": "The programme reports on the system's cycle again.",
                          "holiday": "The holiday was added.", "holiday-removed": "The holiday was removed.",
                          "closed": "The period was closed: its reports are made from what was reported as it closed from now on."]

    private func page(_ request: Request, _ signedIn: SignedIn, errors: [FieldError] = [], typed: [String: String] = [:],
                      notice: String? = nil) async throws -> ReportingPage {
        let acting = signedIn.acting
        async let reminders = request.status.reminders(today: request.today, by: acting)
        let overview = AccessPolicy.canFollowReporting(acting.actor) ? try await request.status.overview(today: request.today, by: acting) : nil
        async let cycles = request.status.cycles()
        async let holidays = request.status.holidays()
        async let periods = request.reports.periods(today: request.today, by: acting)
        let programmes = try await request.store.portfolioIndex().references.programmes
        let organisation = request.queryData["organisation"].flatMap { UUID(uuidString: $0) }
        // Written once for everyone the overview is kept for (`ReportingOverview.writings`).
        // Only an organisation the overview holds lines of is kept; any other is written afresh.
        var section: String?
        if let overview {
            let write = { @Sendable in HTMLWriter.render(OverviewSection(overview: overview, organisation: organisation)) }
            if let organisation, !overview.current.contains(where: { $0.project.leadOrganisationID == organisation }),
               !overview.overdue.contains(where: { $0.project.leadOrganisationID == organisation }) {
                section = write()
            } else {
                section = await overview.writings.value("page: " + (organisation?.lowercasedText ?? "by organisation"), write)
            }
        }
        return ReportingPage(signedIn: signedIn, reminders: try await reminders, reminderDays: StatusWorkflows.reminderWorkingDays,
                             overview: section,
                             cycles: try await cycles,
                             programmes: programmes, holidays: try await holidays, periods: try await periods, today: request.today,
                             canManage: AccessPolicy.canManageReporting(acting.actor), errors: errors, typed: typed, notice: notice)
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return HTMLResponse.make(try await page(request, signedIn, notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    /// The form again with what was typed and why it was refused.
    private func refused(_ request: Request, _ signedIn: SignedIn, _ errors: [FieldError], _ form: FormData, _ keys: [String],
                         status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
        var typed: [String: String] = [:]
        for key in keys { typed[key] = form[key] }
        return HTMLResponse.make(try await page(request, signedIn, errors: errors, typed: typed).render(), status: status)
    }

    func setCycle(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        try AccessPolicy.require(AccessPolicy.canManageReporting(signedIn.acting.actor), else: .manageReporting)
        let keys = ["programmeId", "frequency", "dueWorkingDay"]
        var programme: UUID?
        if let text = form["programmeId"].exactOrNil {
            guard let id = UUID(uuidString: text) else {
                return try await refused(request, signedIn, [FieldError("programmeId", "Select the whole system or a programme from the list")], form, keys)
            }
            programme = id
        }
        do {
            let version = ReportingCycleVersions.version(in: form["versions"], for: programme)
            _ = try await request.status.setCycle(programmeID: programme, frequency: form["frequency"], dueWorkingDay: form["dueWorkingDay"],
                                                  expectedVersion: version, by: signedIn.acting)
            return request.redirect(to: SiteURL.reporting.path(query: [("notice", "cycle")]) + "#cycles")
        } catch let failure as ValidationFailure {
            return try await refused(request, signedIn, failure.errors, form, keys)
        } catch is VersionConflict {
            return try await refused(request, signedIn, [FieldError("programmeId", "Someone else set this cycle while you were choosing. Nothing was changed: the cycles below are as they are now, so choose again")],
                                     form, keys, status: .conflict)
        }
    }

    func removeCycle(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        guard let programme = request.parameters.get(SiteURL.Key.item, as: UUID.self) else { throw NotFound("reporting cycle") }
        try await request.status.removeCycle(programmeID: programme, by: signedIn.acting)
        return request.redirect(to: SiteURL.reporting.path(query: [("notice", "cycle-removed")]) + "#cycles")
    }

    func addHoliday(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        do {
            _ = try await request.status.addHoliday(date: form["date"], name: form["name"], by: signedIn.acting)
            return request.redirect(to: SiteURL.reporting.path(query: [("notice", "holiday")]) + "#holidays")
        } catch let failure as ValidationFailure {
            return try await refused(request, signedIn, failure.errors, form, ["date", "name"])
        }
    }

    func closePeriod(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let key = request.parameters.get(SiteURL.Key.item) ?? ""
        do {
            _ = try await request.reports.closePeriod(key, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.reporting.path(query: [("notice", "closed")]) + "#periods")
        } catch let failure as ValidationFailure {
            return HTMLResponse.make(try await page(request, signedIn, errors: failure.errors.map { FieldError("close-\(key)", $0.message) }).render(),
                                     status: .unprocessableEntity)
        }
    }

    func removeHoliday(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        guard let date = request.parameters.get(SiteURL.Key.date).flatMap(CalendarDate.init) else { throw NotFound("bank holiday") }
        try await request.status.removeHoliday(date, by: signedIn.acting)
        return request.redirect(to: SiteURL.reporting.path(query: [("notice", "holiday-removed")]) + "#holidays")
    }
}
