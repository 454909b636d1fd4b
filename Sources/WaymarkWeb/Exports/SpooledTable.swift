import CSV
import Foundation
import Vapor

/// A table download written as its rows come, to a temporary file: CSV a thousand rows at a
/// time, or a workbook's sheet (zipped into its workbook when the last row has come), and sent
/// from the file. A region's logs across projects are 200,000 rows, never held at once, as
/// records, as cells or as text.
final class SpooledTable {
    let columns: [XLSXWorkbook.Column]
    private let writing: Writing
    private var pending: [[String]] = []
    private static let batch = 1_000

    private enum Writing {
        case csv(SpooledFile)
        case xlsx(XLSXWorkbook.SpooledRows)
    }

    init(_ format: ExportFormat, columns: [XLSXWorkbook.Column]) throws {
        self.columns = columns
        switch format {
        case .csv:
            let file = try SpooledFile()
            try file.write(Array("\u{FEFF}".utf8))
            try file.write(try CSVTable.lines([columns.map(\.header)], safe: false))
            writing = .csv(file)
        case .xlsx:
            writing = .xlsx(try XLSXWorkbook.SpooledRows())
        }
    }

    /// One row: in CSV each cell as `csvText`.
    func add(_ cells: [XLSXWorkbook.Cell]) throws {
        switch writing {
        case .csv(let file):
            pending.append(cells.map(\.csvText))
            if pending.count >= Self.batch { try flush(file) }
        case .xlsx(let rows):
            try rows.add(cells)
        }
    }

    private func flush(_ file: SpooledFile) throws {
        guard !pending.isEmpty else { return }
        try file.write(try CSVTable.lines(pending, safe: true))
        pending.removeAll(keepingCapacity: true)
    }

    /// The download: `filename` with the format's extension; a workbook's one sheet is `sheet`.
    func response(_ request: Request, filename: String, sheet: String, made: Date) async throws -> Response {
        switch writing {
        case .csv(let file):
            try flush(file)
            return try await file.response(request, type: CSVTable.mediaType, filename: filename + ".csv")
        case .xlsx(let rows):
            return try await XLSXWorkbook(sheets: [.init(name: sheet, columns: columns, spooled: rows)], made: made)
                .response(request, filename: filename)
        }
    }
}
