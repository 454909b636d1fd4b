import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain
import ZIPFoundation

/// A workbook as Office Open XML (`.xlsx`): the zipped parts Excel and LibreOffice open (ECMA-376,
/// SpreadsheetML), written by hand and zipped by ZIPFoundation. Each sheet has a bold header row
/// that stays in view (a frozen pane) and filters, set column widths, and typed cells: text is
/// text (never a formula, whatever it starts with), numbers and money are numbers, dates are
/// dates a spreadsheet can sort and subtract. The registers' downloads share it.
struct XLSXWorkbook {
    static let mediaType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    static let contentType = OpenAPI.ContentType(rawValue: "\(mediaType.type)/\(mediaType.subType)")!

    var sheets: [Sheet]
    /// When the file was made: the parts' dates and the document's own.
    var made: Date

    struct Sheet {
        /// At most 31 characters, none of `[]:*?/\` (Excel's rule); `XLSXWorkbook` makes it so.
        var name: String
        var columns: [Column]
        /// How many rows there are below the header.
        private(set) var rowCount = 0
        /// The rows added one by one, or nothing when they are made as they are written or were
        /// written as they came (`spooled`).
        private var added: [[Cell]] = []
        private var made: ((Int) -> [Cell])?
        fileprivate private(set) var spooled: SpooledRows?

        init(name: String, columns: [Column]) {
            self.name = name
            self.columns = columns
        }

        /// A sheet of `count` rows, each made by `row` from its position when it is written and
        /// let go: a region's status history is 240,000 rows of forty cells, which held as cells
        /// at once were a quarter of a gigabyte.
        init(name: String, columns: [Column], count: Int, row: @escaping (Int) -> [Cell]) {
            self.init(name: name, columns: columns)
            rowCount = count
            made = row
        }

        /// A sheet of the rows `rows` took as they came; the workbook is written from them once.
        init(name: String, columns: [Column], spooled rows: SpooledRows) {
            self.init(name: name, columns: columns)
            rowCount = rows.count
            spooled = rows
        }

        mutating func add(_ row: [Cell]) {
            precondition(made == nil && spooled == nil, "a sheet whose rows are made as they are written takes no others")
            added.append(row)
            rowCount += 1
        }

        /// Each row in order (of a sheet not `spooled`: those rows are XML already).
        func forEachRow(_ body: ([Cell]) throws -> Void) rethrows {
            precondition(spooled == nil, "a spooled sheet's rows are only written into its workbook")
            if let made {
                for position in 0..<rowCount { try body(made(position)) }
            } else {
                for row in added { try body(row) }
            }
        }
    }

    struct Column {
        var header: String
        /// In characters of the default font, as Excel measures it.
        var width: Double
    }

    enum Cell {
        case text(String)
        case integer(Int64)
        /// A measured value, as precise as it was recorded (finite: anything else is written as text).
        case number(Double)
        /// Pounds and pence, shown as £1,234.50.
        case money(pence: Int64)
        case date(CalendarDate)
        /// A moment, shown in UK time (a spreadsheet has no time zones).
        case timestamp(Date)
        case empty

        static func text(_ value: String?) -> Cell { value.map(Cell.text) ?? .empty }
        static func date(_ value: CalendarDate?) -> Cell { value.map(Cell.date) ?? .empty }
        static func money(_ pence: Int64?) -> Cell { pence.map { .money(pence: $0) } ?? .empty }
    }

    /// The styles `styles.xml` declares, by their place in its `cellXfs`.
    private enum Style: Int {
        case plain = 0, header, date, money, timestamp
    }

    // MARK: Writing

    /// The workbook, zipped in memory.
    func data() throws -> Data {
        let archive = try Archive(accessMode: .create)
        try write(into: archive)
        guard let data = archive.data else { throw Abort(.internalServerError, reason: "The workbook could not be zipped") }
        return data
    }

    /// The workbook as a download: zipped to a temporary file and sent from there, so a region's
    /// workbook is never held whole.
    func response(_ request: Request, filename: String) async throws -> Response {
        let file = try SpooledFile { url in
            let archive = try Archive(url: url, accessMode: .create, pathEncoding: nil)
            // Its owner's alone before anything is in it.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            try write(into: archive)
        }
        return try await file.response(request, type: Self.mediaType, filename: filename + ".xlsx")
    }

    private func write(into archive: Archive) throws {
        func add(_ path: String, _ text: String) throws { try add(path, bytes: Array(text.utf8)) }
        // Handed to the compressor a chunk at a time, so a sheet's XML is never copied whole.
        func add(_ path: String, bytes: [UInt8]) throws {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: made,
                                 compressionMethod: .deflate) { position, size in
                Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        let names = sheetNames
        try add("[Content_Types].xml", contentTypes)
        try add("_rels/.rels", """
            \(Self.declaration)<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """)
        try add("docProps/core.xml", """
            \(Self.declaration)<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Waymark</dc:creator>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(Timestamp.string(made))</dcterms:created>\
            <dcterms:modified xsi:type="dcterms:W3CDTF">\(Timestamp.string(made))</dcterms:modified></cp:coreProperties>
            """)
        try add("docProps/app.xml", """
            \(Self.declaration)<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
            <Application>Waymark</Application></Properties>
            """)
        try add("xl/workbook.xml", """
            \(Self.declaration)<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
            \(names.enumerated().map { "<sheet name=\"\(Self.escaped($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined())\
            </sheets><definedNames>\
            \(sheets.enumerated().map { index, sheet in
                "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                    + Self.escaped("'\(names[index].replacingOccurrences(of: "'", with: "''"))'!\(autoFilterRange(sheet, absolute: true))")
                    + "</definedName>"
            }.joined())</definedNames></workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            \(Self.declaration)<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(sheets.indices.map { """
                <Relationship Id="rId\($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
                Target="worksheets/sheet\($0 + 1).xml"/>
                """ }.joined())\
            <Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """)
        try add("xl/styles.xml", Self.styles)
        for (index, sheet) in sheets.enumerated() {
            // The rows are written to a temporary file (as they came, or now) and zipped from there
            // a chunk at a time, between the sheet's head and tail: a region's status history is
            // 240,000 rows, some 400 MB of XML, which held whole was most of the server's memory
            // while the download was made.
            let rows = try sheet.spooled ?? SpooledRows(sheet)
            defer { rows.remove() }
            try rows.finish()
            let head = worksheetHead(sheet), tail = worksheetTail(sheet)
            let reading = try rows.file.reader()
            defer { try? reading.close() }
            let headEnd = Int64(head.count), rowsEnd = headEnd + rows.file.size
            var at: Int64 = 0
            try archive.addEntry(with: "xl/worksheets/sheet\(index + 1).xml", type: .file, uncompressedSize: rowsEnd + Int64(tail.count),
                                 modificationDate: made, compressionMethod: .deflate) { _, wanted in
                // Asked for in order, `wanted` bytes at a time.
                var chunk = Data(capacity: wanted)
                if at < headEnd {
                    let taken = head[Int(at)..<Int(min(headEnd, at + Int64(wanted)))]
                    chunk.append(contentsOf: taken)
                    at += Int64(taken.count)
                }
                if chunk.count < wanted && at < rowsEnd {
                    let read = try reading.read(upToCount: Int(min(rowsEnd - at, Int64(wanted - chunk.count)))) ?? Data()
                    chunk.append(read)
                    at += Int64(read.count)
                }
                if chunk.count < wanted && at >= rowsEnd {
                    let from = Int(at - rowsEnd)
                    let taken = tail[from..<min(tail.count, from + wanted - chunk.count)]
                    chunk.append(contentsOf: taken)
                    at += Int64(taken.count)
                }
                return chunk
            }
        }
    }

    private var contentTypes: String {
        """
        \(Self.declaration)<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        \(sheets.indices.map { """
            <Override PartName="/xl/worksheets/sheet\($0 + 1).xml" \
            ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
            """ }.joined())\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """
    }

    /// Number formats 164 on are the workbook's own: a date as 13 Oct 2025, money in pounds, a
    /// moment to the minute.
    private static let styles = """
        \(declaration)<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="3"><numFmt numFmtId="164" formatCode="d mmm yyyy"/>\
        <numFmt numFmtId="165" formatCode="&quot;£&quot;#,##0.00"/>\
        <numFmt numFmtId="166" formatCode="d mmm yyyy hh:mm"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    /// The sheet's XML before its rows: the declaration, its size, the frozen header pane, the
    /// columns' widths and the header row.
    private func worksheetHead(_ sheet: Sheet) -> [UInt8] {
        var xml = Array((Self.declaration + """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <dimension ref="A1:\(Self.column(max(sheet.columns.count, 1) - 1))\(sheet.rowCount + 1)"/>\
            <sheetViews><sheetView workbookViewId="0">\
            <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/><cols>
            """).utf8)
        for (index, column) in sheet.columns.enumerated() {
            xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(column.width)\" customWidth=\"1\"/>".utf8
        }
        xml += "</cols><sheetData><row r=\"1\">".utf8
        let row = CellWriter(row: 1)
        for (index, column) in sheet.columns.enumerated() {
            row.write(.text(column.header), column: Array(Self.column(index).utf8), style: .header, into: &xml)
        }
        xml += "</row>".utf8
        return xml
    }

    /// The sheet's XML after its rows: the filter over them.
    private func worksheetTail(_ sheet: Sheet) -> [UInt8] {
        Array("</sheetData><autoFilter ref=\"\(autoFilterRange(sheet, absolute: false))\"/></worksheet>".utf8)
    }

    /// A sheet's rows written as XML to a temporary file as they come, a megabyte at a time, for
    /// the workbook to zip: a sheet made of rows read in batches (`Sheet(name:columns:spooled:)`),
    /// or any sheet as its workbook is written. The file goes when it is removed or let go.
    final class SpooledRows {
        fileprivate let file: SpooledFile
        /// How many rows have been added.
        private(set) var count = 0
        private var xml: [UInt8] = []
        /// Each column's letters, made once, as rows need them.
        private var letters: [[UInt8]] = []
        private static let chunk = 1 << 20

        init() throws {
            file = try SpooledFile()
            xml.reserveCapacity(Self.chunk + 64 * 1_024)
        }

        /// The rows of `sheet` (not itself spooled), written now.
        fileprivate convenience init(_ sheet: Sheet) throws {
            try self.init()
            try sheet.forEachRow { try add($0) }
        }

        func add(_ cells: [Cell]) throws {
            count += 1
            let row = CellWriter(row: count + 1)
            xml += "<row r=\"".utf8
            xml += row.number
            xml += "\">".utf8
            while letters.count < cells.count { letters.append(Array(XLSXWorkbook.column(letters.count).utf8)) }
            for (index, cell) in cells.enumerated() {
                row.write(cell, column: letters[index], into: &xml)
            }
            xml += "</row>".utf8
            if xml.count >= Self.chunk { try finish() }
        }

        /// What is still held, written to the file.
        fileprivate func finish() throws {
            guard !xml.isEmpty else { return }
            try file.write(xml)
            xml.removeAll(keepingCapacity: true)
        }

        func remove() { file.remove() }
    }

    private func autoFilterRange(_ sheet: Sheet, absolute: Bool) -> String {
        let last = Self.column(max(sheet.columns.count, 1) - 1)
        return absolute ? "$A$1:$\(last)$\(sheet.rowCount + 1)" : "A1:\(last)\(sheet.rowCount + 1)"
    }

    /// Writes the cells of one row: text inline (so a value is never read as a formula or a
    /// number), numbers as numbers with their style.
    private struct CellWriter {
        /// The row's number, as digits.
        let number: [UInt8]

        init(row: Int) { number = Array(String(row).utf8) }

        func write(_ cell: Cell, column: [UInt8], style: Style = .plain, into xml: inout [UInt8]) {
            func open(_ style: Style) {
                xml += "<c r=\"".utf8
                xml += column
                xml += self.number
                if style != .plain {
                    xml += "\" s=\"".utf8
                    xml.append(UInt8(ascii: "0") + UInt8(style.rawValue))
                }
                xml.append(UInt8(ascii: "\""))
            }
            func numeric(_ value: some StringProtocol, _ style: Style) {
                open(style)
                xml += "><v>".utf8
                xml += value.utf8
                xml += "</v></c>".utf8
            }
            switch cell {
            case .empty:
                return
            case .text(let text):
                open(style)
                xml += " t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8
                XLSXWorkbook.escape(text, into: &xml)
                xml += "</t></is></c>".utf8
            case .integer(let value):
                numeric(String(value), .plain)
            case .number(let value):
                // Swift writes a Double as the shortest text that reads back as it: "12.5", "1e-05".
                if value.isFinite { numeric(MeasureNumber.text(value), .plain) } else { write(.text(String(value)), column: column, style: style, into: &xml) }
            case .money(let pence):
                let sign = pence < 0 ? "-" : ""
                let magnitude = pence.magnitude
                numeric("\(sign)\(magnitude / 100).\(CalendarDate.pad(Int(magnitude % 100), 2))", .money)
            case .date(let date):
                numeric(String(date.daysSinceEpoch + XLSXWorkbook.excelEpochOffset), .date)
            case .timestamp(let moment):
                let local = moment.timeIntervalSince1970 + Double(XLSXWorkbook.ukTime.secondsFromGMT(for: moment))
                // Whole seconds, as a fraction of a day: ten decimals keep every second distinct.
                let seconds = (local).rounded(.down)
                let serial = seconds / 86_400 + Double(XLSXWorkbook.excelEpochOffset)
                numeric(String(format: "%.10f", serial), .timestamp)
            }
        }
    }

    /// Days from Excel's day 0 (30 December 1899, as its 1900 date system counts) to 1 January 1970.
    static let excelEpochOffset: Int64 = 25_569
    private static let ukTime = TimeZone(identifier: "Europe/London") ?? .gmt
    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// A column's letters: 0 is A, 25 Z, 26 AA.
    static func column(_ index: Int) -> String {
        var index = index + 1
        var letters = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            index = (index - 1) / 26
        }
        return letters
    }

    /// Each sheet's name as Excel allows it: without `[]:*?/\`, at most 31 characters, not empty,
    /// and distinct (a repeated name gets " (2)").
    var sheetNames: [String] {
        var seen = Set<String>()
        return sheets.map { sheet in
            let cleaned = String(sheet.name.map { "[]:*?/\\".contains($0) ? " " : $0 }).trimmingCharacters(in: .whitespaces)
            let base = String((cleaned.isEmpty ? "Sheet" : cleaned).prefix(31))
            var name = base
            var number = 2
            while seen.contains(name.lowercased()) {
                let suffix = " (\(number))"
                name = String(base.prefix(31 - suffix.count)) + suffix
                number += 1
            }
            seen.insert(name.lowercased())
            return name
        }
    }

    /// Text as XML character data: markup characters escaped, and the characters XML 1.0 cannot
    /// hold at all (control characters other than tab, line feed and carriage return) left out.
    static func escaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        escape(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `escaped(text)` appended to `xml`: text needing nothing escaped or left out (most cells) in
    /// one copy.
    static func escape(_ text: String, into xml: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF: any EF byte goes the careful way.
            if !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                                        || $0 == UInt8(ascii: "\"") || $0 == 0xEF }) {
                xml.append(contentsOf: bytes)
                return
            }
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                switch scalar {
                case "&": xml += "&amp;".utf8
                case "<": xml += "&lt;".utf8
                case ">": xml += "&gt;".utf8
                case "\"": xml += "&quot;".utf8
                case "\t", "\n": xml.append(UInt8(scalar.value))
                case "\r": xml += "&#13;".utf8
                default:
                    let value = scalar.value
                    if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                    xml += String(scalar).utf8
                }
            }
        }
    }
}
