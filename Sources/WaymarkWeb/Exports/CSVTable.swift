import CSV
import Foundation
import Vapor

/// A table as a CSV download: a header row and one row per record, written by CSV.swift with
/// CRLF line ends (RFC 4180), UTF-8 with a byte-order mark so spreadsheet programs read names
/// such as "Ysbyty" or "Zoë" as they are. A cell a spreadsheet would run as a formula (one that
/// starts with =, +, -, @, a tab or a carriage return, and is not a plain number) is written
/// with a leading apostrophe, so an exported title can never run on someone's machine.
struct CSVTable {
    var filename: String
    var headers: [String]
    var rows: [[String]] = []

    mutating func add(_ row: [String]) { rows.append(row) }

    static func safe(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        if first == "-", Double(cell) != nil, cell.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "." }) { return cell }
        return "'" + cell
    }

    func text() throws -> String {
        let writer = try CSVWriter(stream: .toMemory(), newline: .crlf)
        try writer.write(row: headers)
        for row in rows { try writer.write(row: row.map(Self.safe)) }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return "\u{FEFF}" + String(decoding: data, as: UTF8.self) + (rows.isEmpty && headers.isEmpty ? "" : "\r\n")
    }

    /// The table as the request asks for it (`format`): CSV, or an Excel workbook whose dates are
    /// dates and whose counts, scores, values and cash are numbers, typed by their headers as the
    /// logs across projects are (`LogsExport`). A format other than these is refused (422).
    func response(for request: Request) throws -> Response {
        switch try ExportFormat.parse(request.queryData) {
        case .csv:
            return try response()
        case .xlsx:
            return try LogsExport.response(headers: headers, rows: rows, format: .xlsx, filename: filename, sheet: filename,
                                           made: request.application.waymark.clock())
        }
    }

    func response() throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).csv\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: try text()))
    }
}
