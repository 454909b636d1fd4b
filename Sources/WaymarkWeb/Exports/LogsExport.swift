import Foundation
import Vapor
import WaymarkDomain

/// A table of text as a download, CSV or a workbook: in the workbook, the columns that hold
/// dates are dates and those that hold counts and scores are numbers, by their headers.
enum LogsExport {
    /// The logs that download across projects: the name their address gives each, and one of its items.
    static let across: [(log: String, item: String)] = [
        ("milestones", "milestone"), ("risks", "risk"), ("issues", "issue"), ("assumptions", "assumption"), ("actions", "action"),
        ("decisions", "decision"), ("measures", "measure"),
    ]

    static let dateHeaders: Set<String> = ["Baseline", "Forecast", "Actual", "Review date", "Proximity", "Raised", "Target resolution",
                                           "Validate by", "Date validated", "Due", "Done", "Decided", "Latest date"]
    static let numberHeaders: Set<String> = ["Slippage (days)", "Inherent score", "Current score", "Target score", "Observations"]

    static func response(headers: [String], rows: [[String]], format: ExportFormat, filename: String, sheet: String,
                         made: Date) throws -> Response {
        var workbook = XLSXWorkbook.Sheet(name: sheet, columns: headers.map { .init(header: $0, width: max(10, min(40, Double($0.count) + 4))) })
        for row in rows {
            workbook.add(zip(headers, row).map { header, text in
                if text.isEmpty { return .empty }
                if dateHeaders.contains(header), let date = CalendarDate(text) { return .date(date) }
                if numberHeaders.contains(header), let number = Int64(text) { return .integer(number) }
                return .text(text)
            })
        }
        return try workbook.response(format, filename: filename, made: made)
    }
}
