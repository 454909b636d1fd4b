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

    static let mediaType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])

    func text() throws -> String {
        "\u{FEFF}" + String(decoding: try Self.lines([headers], safe: false) + Self.lines(rows, safe: true), as: UTF8.self)
    }

    /// `rows` as CSV lines, each ended by CRLF; with `safe`, each cell made `safe` (every cell but a header's).
    static func lines(_ rows: [[String]], safe: Bool) throws -> [UInt8] {
        guard !rows.isEmpty else { return [] }
        let sink = ByteSink()
        let writer = try CSVWriter(stream: sink, newline: .crlf)
        for row in rows { try writer.write(row: safe ? row.map(Self.safe) : row) }
        writer.stream.close()
        return sink.bytes + Array("\r\n".utf8)
    }

    /// What CSV.swift's writer writes, kept as bytes. It writes a byte at a time, which into
    /// Foundation's memory stream is a call through CoreFoundation each (a region's risks took
    /// half a minute as CSV against fourteen seconds as a workbook); here each is an append.
    private final class ByteSink: OutputStream {
        private(set) var bytes: [UInt8] = []

        required init(toMemory: ()) {
            super.init(toMemory: ())
            bytes.reserveCapacity(1 << 16)
        }

        convenience init() { self.init(toMemory: ()) }

        override func write(_ buffer: UnsafePointer<UInt8>, maxLength length: Int) -> Int {
            bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: length))
            return length
        }

        override var hasSpaceAvailable: Bool { true }
    }

    /// The table as the request asks for it (`format`): CSV, or an Excel workbook whose dates are
    /// dates and whose counts, scores, values and cash are numbers, typed by their headers as the
    /// logs across projects are (`LogsExport`). A format other than these is refused (422).
    func response(for request: Request) async throws -> Response {
        switch try ExportFormat.parse(request.queryData) {
        case .csv:
            return try response()
        case .xlsx:
            return try await LogsExport.response(request, headers: headers, rows: rows, format: .xlsx, filename: filename, sheet: filename,
                                           made: request.application.waymark.clock())
        }
    }

    func response() throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = Self.mediaType
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).csv\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: try text()))
    }
}
