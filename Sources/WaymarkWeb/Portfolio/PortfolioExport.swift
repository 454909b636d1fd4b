import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore

/// A download's file format: CSV for any program, `.xlsx` for a spreadsheet with typed cells.
enum ExportFormat: String, CaseIterable {
    case csv, xlsx

    /// The `format` query parameter: CSV when it is left out.
    static func parse(_ query: FormData) throws -> ExportFormat {
        guard let text = query["format"] else { return .csv }
        guard query.all("format").count == 1, let format = ExportFormat(rawValue: text) else {
            throw ValidationFailure([FieldError("format", "Choose the file format: csv or xlsx")])
        }
        return format
    }
}

/// The portfolio as a download: every project the person may read that their filters select, in
/// their sort order (not only the page shown), with the columns the table view shows and more.
/// The page (`/exports/portfolio`) and the API (`/api/v1/exports/projects`) both make it here.
enum PortfolioExport {
    struct Column: Sendable {
        var header: String
        var width: Double
        var value: @Sendable (ProjectSummary, CalendarDate) -> XLSXWorkbook.Cell
    }

    /// Each column declared once, for both formats.
    static let columns: [Column] = [
        Column(header: "Code", width: 12) { project, _ in .text(project.code) },
        Column(header: "Title", width: 44) { project, _ in .text(project.title) },
        Column(header: "Lead organisation", width: 34) { project, _ in .text(project.leadOrganisationName) },
        Column(header: "Programme", width: 28) { project, _ in .text(project.programmeName) },
        Column(header: "Stage", width: 16) { project, _ in .text(project.stageName) },
        Column(header: "Status", width: 11) { project, _ in .text(project.status.label) },
        Column(header: "Past end date", width: 13) { project, today in .text(project.isPastEnd(today: today) ? "Yes" : "No") },
        Column(header: "Method", width: 22) { project, _ in .text(project.methodology.label) },
        Column(header: "Senior responsible owner", width: 26) { project, _ in .text(project.seniorResponsibleOwner) },
        Column(header: "Project manager", width: 26) { project, _ in .text(project.projectManager) },
        Column(header: "Start date", width: 13) { project, _ in .date(project.startDate) },
        Column(header: "End date", width: 13) { project, _ in .date(project.endDate) },
        Column(header: "Budget", width: 16) { project, _ in .money(project.budgetPence) },
        Column(header: "Who can see it", width: 20) { project, _ in .text(project.visibility.label) },
        Column(header: "Last changed", width: 18) { project, _ in .timestamp(project.updatedAt) },
        Column(header: "Summary", width: 60) { project, _ in .text(project.summary) },
    ]


    /// The projects a request's filters select, for `person`, as a download.
    static func response(_ request: Request, query: PortfolioQuery, signedIn: SignedIn, format: ExportFormat) async throws -> Response {
        let query = try await request.store.resolvingDelivery(query, today: request.today)
        let index = try await request.store.portfolioIndex()
        let projects = index.entries(query, rule: AccessPolicy.readRule(for: signedIn.actor)).map(\.summary)
        let filename = (query.teamMemberID == nil ? "portfolio-" : "my-projects-") + request.today.description
        let today = request.today
        let sheet = XLSXWorkbook.Sheet(name: "Portfolio", columns: columns.map { .init(header: $0.header, width: $0.width) },
                                       count: projects.count) { position in columns.map { $0.value(projects[position], today) } }
        return try await sheet.response(request, format, filename: filename, made: request.application.waymark.clock())
    }
}

extension XLSXWorkbook.Sheet {
    /// The sheet as a download in either format: the workbook of this one sheet, or CSV of its
    /// header row and cells (each as `csvText`), written to a file as the rows are made and sent
    /// from there. Every table download is written here.
    func response(_ request: Request, _ format: ExportFormat, filename: String, made: Date) async throws -> Response {
        switch format {
        case .csv:
            let table = try SpooledTable(.csv, columns: columns)
            try forEachRow { try table.add($0) }
            return try await table.response(request, filename: filename, sheet: name, made: made)
        case .xlsx:
            return try await XLSXWorkbook(sheets: [self], made: made).response(request, filename: filename)
        }
    }
}

extension XLSXWorkbook.Cell {
    /// The cell as a CSV field: dates as 2025-10-13, money as 1234.50 (pounds), moments in UTC.
    var csvText: String {
        switch self {
        case .empty: ""
        case .text(let text): text
        case .integer(let value): String(value)
        case .number(let value): MeasureNumber.text(value)
        case .money(let pence): Money.poundsText(pence)
        case .date(let date): date.description
        case .timestamp(let moment): Timestamp.string(moment)
        }
    }
}
