import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The portfolio report, as a page and in the API: for the projects the portfolio's filters
/// select (an organisation, a programme, a theme; all by default) and a period.
struct ReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portfolioReport.pathComponents, use: page)
        routes.get(SiteURL.boardPack.pathComponents, use: boardPack)
        routes.get(SiteURL.boardPackPDF.pathComponents, use: boardPackPDF)
        routes.get(SiteURL.statusHistoryExport.pathComponents, use: statusHistory)
    }

    func statusHistory(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let format = try ExportFormat.parse(request.queryData)
        let (query, errors) = PortfolioQuery.parse(FormData(request.queryData.pairs.filter { $0.0 != "format" }), defaultPerPage: 25,
                                                   strict: false, today: request.today)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return try await StatusHistoryExport.response(request, query, format: format, by: signedIn.acting)
    }

    /// The slice the query names, and its period.
    static func slice(_ request: Request, strict: Bool) throws -> (PortfolioQuery, String?) {
        let (query, errors) = PortfolioQuery.parse(FormData(request.queryData.pairs.filter { $0.0 != "period" && $0.0 != "project" }), defaultPerPage: 25,
                                                   strict: strict, today: request.today)
        var found = errors
        let periods = request.queryData.all("period")
        if periods.count > 1 || (strict && periods.first?.isEmpty == true) {
            found.append(FieldError("period", "Give one period, as its month, like 2026-08"))
        }
        if !found.isEmpty { throw ValidationFailure(found) }
        return (query, periods.first)
    }

    /// "the whole system", "programme Urgent care", "Lead Trust's projects in programme Urgent care".
    static func label(_ query: PortfolioQuery, _ references: ReferenceData) -> String {
        var parts: [String] = []
        if let id = query.organisationID { parts.append("led by " + (references.organisation(id)?.name ?? "an organisation")) }
        if let id = query.programmeID { parts.append("programme " + (references.programme(id)?.name ?? "")) }
        if let id = query.themeID { parts.append("theme " + (references.theme(id)?.name ?? "")) }
        var narrowed = query
        narrowed.organisationID = nil
        narrowed.programmeID = nil
        narrowed.themeID = nil
        let more = !narrowed.activeFacets.isEmpty || narrowed.text != nil || narrowed.delivery != nil || narrowed.teamMemberID != nil
        if parts.isEmpty { return more ? "The projects your filters select" : "The whole system" }
        let said = parts.joined(separator: ", ")
        return said.prefix(1).uppercased() + said.dropFirst() + (more ? ", as filtered" : "")
    }

    func page(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, period) = try Self.slice(request, strict: false)
        let pages = try Self.listPages(request)
        let report = try await request.reports.portfolio(query, periodKey: period, today: request.today, by: signedIn.acting)
        var page = Self.reportPage(request, signedIn, report, query)
        page.listPages = pages
        return HTMLResponse.make(page.render())
    }

    static func reportPage(_ request: Request, _ signedIn: SignedIn, _ report: PortfolioReport, _ query: PortfolioQuery) -> PortfolioReportPage {
        let form = ["organisation", "programme", "theme", "period"]
        let paging = Set(PortfolioReportPage.ReportList.allCases.map(\.parameter))
        let chosen = Dictionary(request.queryData.pairs.filter { form.contains($0.0) }, uniquingKeysWith: { first, _ in first })
        return PortfolioReportPage(signedIn: signedIn, report: report, slice: label(query, report.references), references: report.references,
                                   chosen: chosen,
                                   kept: request.queryData.pairs.filter { !form.contains($0.0) && !paging.contains($0.0) && $0.0 != "page" && $0.0 != "project" })
    }

    /// The page of each of the report's long lists a query asks for (`exceptions_page=3`).
    static func listPages(_ request: Request) throws -> [PortfolioReportPage.ReportList: Int] {
        var errors = FieldErrors()
        var pages: [PortfolioReportPage.ReportList: Int] = [:]
        for list in PortfolioReportPage.ReportList.allCases {
            pages[list] = request.queryData.wholeNumber(list.parameter, in: 1...100_000, strict: false, errors: &errors)
        }
        try errors.throwIfAny()
        return pages
    }

    /// The board pack asked for (the API's query is read strictly), and what it is of.
    static func pack(_ request: Request, strict: Bool) async throws -> (pack: ReadableBoardPack, query: PortfolioQuery) {
        let (query, period) = try Self.slice(request, strict: strict)
        let pack = try await request.reports.boardPack(query, periodKey: period, projectIDs: request.queryData.all("project"),
                                                       today: request.today, by: try request.acting)
        return (pack, query)
    }

    /// The board pack asked for, and its content.
    private static func content(_ request: Request, _ signedIn: SignedIn, strict: Bool) async throws -> BoardPackContent {
        let (pack, query) = try await pack(request, strict: strict)
        var report = Self.reportPage(request, signedIn, pack.pack.report, query)
        report.inPack = true
        return BoardPackContent(pack: pack.pack, report: report)
    }

    /// The same query on another route.
    private func address(_ request: Request, _ url: SiteURL) -> String {
        url.path(query: request.queryData.pairs.map { ($0.0, $0.1) })
    }

    func boardPack(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let content = try await Self.content(request, signedIn, strict: false)
        let renderer = request.application.waymark.pdf
        return HTMLResponse.make(BoardPackPage(signedIn: signedIn, content: content,
                                               pdf: renderer.path == nil ? (nil, PDFRenderer.missing) : (address(request, .boardPackPDF), nil),
                                               back: address(request, .portfolioReport)).render())
    }

    func boardPackPDF(request: Request) async throws -> Response {
        try await Self.boardPackPDF(request, strict: false)
    }

    /// The board pack as a PDF: on the site, and in the API (whose query is read strictly).
    static func boardPackPDF(_ request: Request, strict: Bool) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let renderer = request.application.waymark.pdf
        guard renderer.path != nil else { throw Abort(.serviceUnavailable, reason: PDFRenderer.missing) }
        let content = try await Self.content(request, signedIn, strict: strict)
        let html = Layout.printDocument(title: content.title) { content }
        let pdf: Data
        do {
            pdf = try await renderer.render(html, stylesheet: Assets.stylesheet.content)
        } catch is PDFRenderer.TooLong {
            throw Abort(.serviceUnavailable, reason: "The board pack took too long to make as a PDF: choose fewer highlight reports or a smaller part of the portfolio, or print its page instead.")
        } catch let failed as PDFRenderer.Failed {
            request.logger.error("board pack PDF failed: \(failed.description)")
            throw Abort(.internalServerError, reason: "The PDF could not be made. Print the board pack's page instead.")
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"board-pack-\(content.pack.report.period.key).pdf\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: pdf))
    }

}

/// The portfolio report in the API: the same report the page shows.
struct ReportsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.portfolioReport.components, use: portfolio)
        routes.get(APIRoute.boardPack.components, use: boardPack)
        routes.get(APIRoute.boardPackPDF.components) { request in try await ReportsController.boardPackPDF(request, strict: true) }
        routes.get(APIRoute.statusHistoryExport.components, use: statusHistory)
        routes.get(APIRoute.logsExport(.key).components, use: logs)
        routes.get(APIRoute.reportingPeriods.components, use: periods)
        routes.post(APIRoute.periodClosure(.key).components, use: close)
    }

    func logs(request: Request) async throws -> Response {
        let acting = try request.acting
        guard let log = request.parameters.get("log"), ExportsController.logsAcross.contains(log) else { throw NotFound("log") }
        return try await ExportsController.logs(request, log: log, by: acting, strict: true)
    }

    func periods(request: Request) async throws -> Response {
        let acting = try request.acting
        let periods = try await request.reports.periods(today: request.today, by: acting)
        return Response.json(writing: LogListDTO(items: periods) { row, json in
            json.object { json in
                json.member("period", row.period.key)
                json.member("periodLabel", row.period.label)
                json.member("due", row.due.description)
                json.member("closed", row.closure != nil)
                PeriodClosureDTO.member("closure", row.closure, to: &json)
            }
        })
    }

    func close(request: Request) async throws -> Response {
        let acting = try request.acting
        _ = try await JSONBody(request)
        let closure = try await request.reports.closePeriod(request.parameters.get("period") ?? "", today: request.today, by: acting)
        return Response.json(writing: PeriodClosureDTO(closure: closure), status: .created)
    }

    func statusHistory(request: Request) async throws -> Response {
        let acting = try request.acting
        let format = try ExportFormat.parse(request.queryData)
        let (query, errors) = PortfolioQuery.parse(FormData(request.queryData.pairs.filter { $0.0 != "format" }), defaultPerPage: 50,
                                                   strict: true, today: request.today)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return try await StatusHistoryExport.response(request, query, format: format, by: acting)
    }

    func boardPack(request: Request) async throws -> Response {
        let (pack, query) = try await ReportsController.pack(request, strict: true)
        return Response.json(writing: BoardPackDTO(pack: pack, slice: ReportsController.label(query, pack.pack.report.references)))
    }

    func portfolio(request: Request) async throws -> Response {
        let acting = try request.acting
        let (query, period) = try ReportsController.slice(request, strict: true)
        let report = try await request.reports.portfolio(query, periodKey: period, today: request.today, by: acting)
        // Written once while the report is kept, and the same bytes sent to everyone it is kept for.
        let slice = ReportsController.label(query, report.references)
        let written = await report.writings.value("api: " + slice) {
            ByteBuffer(bytes: JSONText.encode(PortfolioReportDTO(report: report, slice: slice), capacity: 1_024 + report.lines.count * 768))
        }
        return Response.json(buffer: written)
    }
}

/// A portfolio report as the API sends it: each project's line with every rating, the counts
/// and movement, and the slice's dashboard.
struct PortfolioReportDTO: JSONWritable {
    var report: PortfolioReport
    var slice: String

    func write(to json: inout JSONText) { json.object { json in writeMembers(to: &json) } }

    func writeMembers(to json: inout JSONText) {
        let report = self.report
        json.member("slice", slice)
        json.member("period", report.period.key)
        json.member("periodLabel", report.period.label)
        json.member("due", report.due.description)
        json.member("generatedAt", Timestamp.string(report.generatedAt))
        let counts = report.counts
        json.member("counts", object: { json in
            for rag in RAG.allCases { json.member(rag.rawValue, counts[rag]) }
            json.member("notReported", counts.notReported)
        })
        let movement = report.movement
        json.member("movement", object: { json in
            for kind in [RAGMovement.improved, .worsened, .unchanged, .new] { json.member(kind.rawValue, movement[kind] ?? 0) }
        })
        json.member("projects", array: report.lines) { json, line in
            json.object { json in
                json.member("projectId", line.project.id.wire)
                json.member("projectCode", line.project.code)
                json.member("projectTitle", line.project.title)
                json.member("stage", line.project.stageName)
                json.member("period", line.period.key)
                json.member("statusUpdateId", nullable: line.update?.id.wire)
                json.member("overall", nullable: line.overall?.rawValue)
                json.member("overallJustification", nullable: line.update?.fields.overall.justification)
                json.member("previous", nullable: line.previous?.rawValue)
                json.member("movement", nullable: line.movement?.rawValue)
                json.member("dimensions", object: { json in
                    for dimension in StatusDimension.allCases { json.member(dimension.rawValue, nullable: line.update?.fields.rating(dimension).rag?.rawValue) }
                })
                json.member("summary", nullable: line.update?.fields.text(.summary))
            }
        }
        json.member("dashboard", object: { json in DashboardDTO(dashboard: report.dashboard).writeMembers(to: &json) })
        PeriodClosureDTO.member("asAt", report.asAt, to: &json)
    }
}

/// A board pack as the API sends it: the portfolio report, then each highlight report chosen,
/// as their own operations send them.
struct BoardPackDTO: JSONWritable {
    var pack: ReadableBoardPack
    var slice: String

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("title", "Board pack: \(slice), \(pack.pack.report.period.label)")
            json.member("portfolioReport", object: { json in PortfolioReportDTO(report: pack.pack.report, slice: slice).writeMembers(to: &json) })
            json.member("highlightReports", array: Array(zip(pack.pack.highlights, pack.projects))) { json, pair in
                HighlightReportDTO(report: pair.0.report, project: pair.1).write(to: &json)
            }
        }
    }
}

/// A closed period as the API sends it.
struct PeriodClosureDTO: JSONWritable {
    var closure: PeriodClosure

    func write(to json: inout JSONText) { json.object { json in writeMembers(to: &json) } }

    func writeMembers(to json: inout JSONText) {
        json.member("period", closure.period.key)
        json.member("periodLabel", closure.period.label)
        json.member("closedAt", Timestamp.string(closure.closedAt))
        json.member("closedOn", closure.closedOn.description)
        json.member("closedBy", nullable: closure.closedBy?.wire)
        json.member("closedByName", nullable: closure.closedByName)
        json.member("projectCount", closure.projectCount)
        json.member("highlightCount", closure.highlightCount)
    }

    /// `key`: the closure, or null.
    static func member(_ key: String, _ closure: PeriodClosure?, to json: inout JSONText) {
        if let closure {
            json.member(key, object: { json in PeriodClosureDTO(closure: closure).writeMembers(to: &json) })
        } else {
            json.member(key, nullable: nil)
        }
    }
}
