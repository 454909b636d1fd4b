import Foundation
import Vapor
import WaymarkDomain

/// A table of text as a download, CSV or a workbook: in the workbook, the columns that hold
/// dates are dates, those that hold counts, scores and measured values numbers, and cash pounds,
/// by their headers. Every CSV download is also a workbook this way (`CSVTable.response(for:)`).
enum LogsExport {
    /// The logs that download across projects: the name their address gives each, and one of its items.
    static let across: [(log: String, item: String)] = [
        ("milestones", "milestone"), ("risks", "risk"), ("issues", "issue"), ("assumptions", "assumption"),
        ("dependencies", "dependency"), ("actions", "action"), ("decisions", "decision"), ("measures", "measure"), ("benefits", "benefit"),
    ]

    static let dateHeaders: Set<String> = ["Baseline", "Forecast", "Actual", "Review date", "Proximity", "Raised", "Target resolution",
                                           "Validate by", "Date validated", "Due", "Done", "Decided", "Latest date", "Needed by",
                                           "Baseline date", "Target date", "Latest actual date", "Period starts", "Decided on", "Date"]
    static let numberHeaders: Set<String> = ["Slippage (days)", "Inherent score", "Current score", "Target score", "Observations",
                                             "Revision", "People", "Below project manager target"]
    /// Measured values (a benefit's baseline, target and actual; a measure's latest value and
    /// target): numbers as recorded, whole or not. A milestone's "Baseline" is a date, and is
    /// read as one first.
    static let valueHeaders: Set<String> = ["Baseline", "Target", "Latest actual", "Latest value", "Value", "Centre line", "Lower limit",
                                            "Upper limit", "Average level"]
    static let moneyHeaders: Set<String> = ["Cash planned (£)", "Cash realised (£)"]

    static func response(_ request: Request, headers: [String], rows: [[String]], format: ExportFormat, filename: String, sheet: String,
                         made: Date) async throws -> Response {
        let workbook = XLSXWorkbook.Sheet(name: sheet, columns: columns(headers), count: rows.count) { cells(headers, rows[$0]) }
        return try await workbook.response(request, format, filename: filename, made: made)
    }

    static func columns(_ headers: [String]) -> [XLSXWorkbook.Column] {
        headers.map { .init(header: $0, width: max(10, min(40, Double($0.count) + 4))) }
    }

    /// A row's text as a workbook's cells, typed by their headers.
    static func cells(_ headers: [String], _ row: [String]) -> [XLSXWorkbook.Cell] {
        zip(headers, row).map { header, text in
            if text.isEmpty { return .empty }
            if dateHeaders.contains(header), let date = CalendarDate(text) { return .date(date) }
            if numberHeaders.contains(header), let number = Int64(text) { return .integer(number) }
            if valueHeaders.contains(header), let value = Double(text), value.isFinite { return .number(value) }
            if moneyHeaders.contains(header), let pounds = Double(text), pounds.isFinite, abs(pounds) < 9e13 {
                return .money(pence: Int64((pounds * 100).rounded()))
            }
            return .text(text)
        }
    }

    /// A log's download written as its rows come (`SpooledTable`), each row's text typed by the
    /// headers (CSV writes the typed cells too: cash as pounds and pence).
    final class Download {
        let headers: [String]
        let table: SpooledTable

        init(_ format: ExportFormat, headers: [String]) throws {
            self.headers = headers
            table = try SpooledTable(format, columns: LogsExport.columns(headers))
        }

        func add(_ row: [String]) throws {
            try table.add(LogsExport.cells(headers, row))
        }
    }
}
