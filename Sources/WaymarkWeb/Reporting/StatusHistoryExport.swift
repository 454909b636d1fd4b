import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The status history of the projects a request's filters select, as a download (CSV or
/// `.xlsx`): each period's update reported over the last twelve, one a row. The page
/// (`/exports/status-history`) and the API (`/api/v1/exports/status-history`) both make it here.
enum StatusHistoryExport {
    struct Column: Sendable {
        var header: String
        var width: Double
        var value: @Sendable (ProjectSummary, StatusUpdate) -> XLSXWorkbook.Cell
    }

    /// Each column declared once, for both formats.
    static let columns: [Column] = [
        Column(header: "Code", width: 12) { project, _ in .text(project.code) },
        Column(header: "Title", width: 40) { project, _ in .text(project.title) },
        Column(header: "Lead organisation", width: 30) { project, _ in .text(project.leadOrganisationName) },
        Column(header: "Programme", width: 26) { project, _ in .text(project.programmeName) },
        Column(header: "Period", width: 16) { _, update in .text(update.period.label) },
        Column(header: "Period starts", width: 13) { _, update in .date(update.period.start) },
        Column(header: "Revision", width: 9) { _, update in .integer(Int64(update.revision)) },
        Column(header: "Submitted", width: 18) { _, update in update.submittedAt.map { .timestamp($0) } ?? .empty },
        Column(header: "Overall", width: 9) { _, update in .text(update.fields.overall.rag?.label) },
        Column(header: "Why overall", width: 40) { _, update in .text(update.fields.overall.justification) },
    ] + StatusDimension.allCases.flatMap { dimension in
        [Column(header: dimension.label, width: 10) { _, update in .text(update.fields.rating(dimension).rag?.label) },
         Column(header: "Why " + dimension.label.lowercased(), width: 30) { _, update in .text(update.fields.rating(dimension).justification) }]
    } + StatusNarrative.allCases.map { section in
        Column(header: section.label, width: 50) { _, update in .text(update.fields.text(section)) }
    }

    /// The status history the request's filters select, for `acting`, written as the updates are
    /// read, a thousand projects' at a time (a region's is 240,000 updates).
    static func response(_ request: Request, _ query: PortfolioQuery, format: ExportFormat, by acting: Acting) async throws -> Response {
        let table = try SpooledTable(format, columns: columns.map { XLSXWorkbook.Column(header: $0.header, width: $0.width) })
        try await request.reports.statusHistory(query, today: request.today, by: acting) { batch in
            for row in batch { try table.add(columns.map { $0.value(row.project, row.update) }) }
        }
        return try await table.response(request, filename: "status-history-" + request.today.description, sheet: "Status history",
                                        made: request.application.waymark.clock())
    }
}
