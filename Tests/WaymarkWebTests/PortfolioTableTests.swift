import CSV
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest
import ZIPFoundation

/// The portfolio as a dense table (issue 14): a view each person's account remembers, sorted by
/// its headings, flagging projects still active after their end date; and the portfolio as CSV
/// and `.xlsx` downloads, from the page and the API, of exactly what the person may read with
/// their filters. Workbooks are unzipped and their XML read back here; the test run also opens
/// them with openpyxl (Tests/e2e/exports_check.py).
final class PortfolioTableTests: XCTestCase {
    // MARK: Reading a workbook back

    struct Workbook {
        var parts: Set<String>
        var workbookXML: String
        var sheetXML: String
        /// By reference ("B2"): the cell's type attribute, style and value (text for inline strings).
        var cells: [String: (type: String?, style: String?, value: String)]

        /// One column's values below the header, by its header text.
        func column(_ header: String) -> [String] {
            guard let letter = cells.first(where: { $0.key.hasSuffix("1") && $0.key.dropLast().allSatisfy(\.isLetter) && $0.value.value == header })?
                .key.dropLast() else { return [] }
            let rows = cells.keys.compactMap { Int($0.drop { $0.isLetter }) }.max() ?? 1
            return (2...max(2, rows)).compactMap { cells["\(letter)\($0)"]?.value }
        }
    }

    static func workbook(_ data: Data, file: StaticString = #filePath, line: UInt = #line) throws -> Workbook {
        let archive = try Archive(data: data, accessMode: .read)
        var parts = Set<String>()
        var texts: [String: String] = [:]
        for entry in archive {
            parts.insert(entry.path)
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            texts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        let sheet = texts["xl/worksheets/sheet1.xml"] ?? ""
        let reader = SheetReader()
        let parser = XMLParser(data: Data(sheet.utf8))
        parser.delegate = reader
        XCTAssertTrue(parser.parse(), "the sheet is well-formed XML: \(parser.parserError.map(String.init(describing:)) ?? "")", file: file, line: line)
        for part in ["[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"] {
            XCTAssertTrue(XMLParser(data: Data((texts[part] ?? "").utf8)).parse(), "\(part) is well-formed XML", file: file, line: line)
        }
        return Workbook(parts: parts, workbookXML: texts["xl/workbook.xml"] ?? "", sheetXML: sheet, cells: reader.cells)
    }

    final class SheetReader: NSObject, XMLParserDelegate {
        var cells: [String: (type: String?, style: String?, value: String)] = [:]
        private var current: (reference: String, type: String?, style: String?)?
        private var text = ""
        private var reading = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "c": current = (attributes["r"] ?? "", attributes["t"], attributes["s"]); text = ""
            case "v", "t": reading = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if reading { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t": reading = false
            case "c":
                if let current { cells[current.reference] = (current.type, current.style, text) }
                current = nil
            default: break
            }
        }
    }

    // MARK: The workbook writer

    func testAWorkbookIsZippedSpreadsheetMLWithTypedCells() throws {
        var sheet = XLSXWorkbook.Sheet(name: "Risks: [all]/open?", columns: [
            .init(header: "Title", width: 30), .init(header: "Count", width: 8), .init(header: "Budget", width: 12),
            .init(header: "Due", width: 12), .init(header: "Changed", width: 18), .init(header: "Notes", width: 20),
        ])
        sheet.add([.text("=SUM(A1) <b>&\"quoted\"\u{1}"), .integer(-42), .money(pence: -150), .date(CalendarDate("2025-10-13")!),
                   .timestamp(Date(timeIntervalSince1970: 1_790_000_000)), .empty])
        sheet.add([.text("Line one\r\nline two\ttabbed"), .integer(0), .money(pence: 1_234_567), .date(CalendarDate("1970-01-01")!),
                   .timestamp(Date(timeIntervalSince1970: 1_767_225_600)), .text("Zoë")])
        let data = try XLSXWorkbook(sheets: [sheet], made: Date(timeIntervalSince1970: 1_790_000_000)).data()
        XCTAssertEqual(Array(data.prefix(2)), [0x50, 0x4B], "a zip file")
        let book = try Self.workbook(data)
        XCTAssertEqual(book.parts, ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
                                    "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        XCTAssertTrue(book.workbookXML.contains("<sheet name=\"Risks   all  open\" sheetId=\"1\""), book.workbookXML)
        XCTAssertTrue(book.sheetXML.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        XCTAssertTrue(book.sheetXML.contains("<col min=\"1\" max=\"1\" width=\"30.0\" customWidth=\"1\"/>"))
        XCTAssertTrue(book.sheetXML.contains("<autoFilter ref=\"A1:F3\"/>"))

        XCTAssertEqual(book.cells["A1"]?.value, "Title")
        XCTAssertEqual(book.cells["A1"]?.style, "1", "the header is bold")
        XCTAssertEqual(book.cells["A2"]?.type, "inlineStr", "text is text: never a formula")
        XCTAssertEqual(book.cells["A2"]?.value, "=SUM(A1) <b>&\"quoted\"", "escaped, and a character XML cannot hold left out")
        XCTAssertEqual(book.cells["A3"]?.value, "Line one\r\nline two\ttabbed", "line ends and tabs kept")
        XCTAssertNil(book.cells["B2"]?.type, "a number")
        XCTAssertEqual(book.cells["B2"]?.value, "-42")
        XCTAssertEqual(book.cells["C2"]?.value, "-1.50")
        XCTAssertEqual(book.cells["C3"]?.value, "12345.67")
        XCTAssertEqual(book.cells["C3"]?.style, "3", "money's format")
        XCTAssertEqual(book.cells["D2"]?.value, "45943", "13 October 2025 as Excel counts days")
        XCTAssertEqual(book.cells["D3"]?.value, "25569")
        XCTAssertEqual(book.cells["D2"]?.style, "2", "a date's format")
        // 21 September 2026 at 14:13:20 UTC is 15:13:20 in London (summer time); 1 January 2026 is GMT.
        let londonSeconds: Double = 15 * 3_600 + 13 * 60 + 20
        let changed = Double(book.cells["E2"]?.value ?? "") ?? 0
        XCTAssertEqual(changed, 46_286 + londonSeconds / 86_400, accuracy: 1e-9)
        XCTAssertEqual(Double(book.cells["E3"]?.value ?? "") ?? 0, 46_023, accuracy: 1e-9)
        XCTAssertNil(book.cells["F2"], "an empty cell is left out")
        XCTAssertEqual(book.cells["F3"]?.value, "Zoë")
    }

    /// Cell text is escaped as XML character data byte by byte, with a fast path for text that
    /// needs nothing: held to the character-by-character rule on random text of every kind.
    func testTextIsEscapedAsXMLWhateverItHolds() {
        func reference(_ text: String) -> String {
            var result = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": result += "&amp;"
                case "<": result += "&lt;"
                case ">": result += "&gt;"
                case "\"": result += "&quot;"
                case "\t", "\n": result.unicodeScalars.append(scalar)
                case "\r": result += "&#13;"
                default:
                    if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                    result.unicodeScalars.append(scalar)
                }
            }
            return result
        }
        let palette: [String] = ["a", "Z", " ", "'", "&", "<", ">", "\"", "\t", "\n", "\r", "\u{1}", "\u{1F}", "é", "£", "\u{FFFC}",
                                 "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{EFFF}", "😀", "Zoë"]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in palette.randomElement(using: &random)! }.joined()
            XCTAssertEqual(XLSXWorkbook.escaped(text), reference(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        XCTAssertEqual(XLSXWorkbook.escaped("Plain text, nothing to do"), "Plain text, nothing to do")
    }

    func testMeasuredValuesAreNumberCells() throws {
        var sheet = XLSXWorkbook.Sheet(name: "Values", columns: [.init(header: "Value", width: 10)])
        for value in [12.5, -3, 1e-05, 120_000, Double.infinity] { sheet.add([.number(value)]) }
        let book = try Self.workbook(try XLSXWorkbook(sheets: [sheet], made: Date(timeIntervalSince1970: 1_790_000_000)).data())
        XCTAssertEqual(book.column("Value"), ["12.5", "-3", "1e-05", "120000", "inf"])
        XCTAssertEqual((2...5).map { book.cells["A\($0)"]?.type }, [nil, nil, nil, nil], "numbers, not text")
        XCTAssertEqual(book.cells["A6"]?.type, "inlineStr", "a value no spreadsheet can hold is written as text")
    }

    /// The temporary files downloads are written to (`SpooledFile`) there are now.
    static func spooledFiles() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("waymark-") && $0.hasSuffix(".part") })
    }

    /// That no temporary file is left but those of `before`: a download sent from one removes it
    /// once sent, which may be a moment after its last byte has arrived (other test processes'
    /// downloads come and go too, so a new file is waited on for up to five seconds).
    static func expectNoSpooledFilesBut(_ before: Set<String>, _ message: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        var left = try spooledFiles().subtracting(before)
        for _ in 0..<50 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            left = try spooledFiles().subtracting(before)
        }
        XCTAssertEqual(left, [], "\(message) a download's temporary files are removed once it is sent", file: file, line: line)
    }

    /// A table's CSV lines are byte for byte what CSV.swift writes into Foundation's memory stream
    /// (what they were made with before): quotes, commas, line ends, tabs and letters beyond
    /// ASCII, in random fields; made safe, a cell a spreadsheet would run starts with an apostrophe.
    func testCSVLinesAreWhatCSVSwiftWrites() throws {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ab ,\"\r\n\t=+-@'é£🙂1.")
        for _ in 0..<300 {
            let rows = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                (0..<Int.random(in: 1...5, using: &random)).map { _ in
                    String((0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
                }
            }
            let writer = try CSVWriter(stream: .toMemory(), newline: .crlf)
            for row in rows { try writer.write(row: row.map(CSVTable.safe)) }
            writer.stream.close()
            let reference = try XCTUnwrap(writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data)
            XCTAssertEqual(try CSVTable.lines(rows, safe: true), Array(reference) + Array("\r\n".utf8), "\(rows)")
        }
        XCTAssertEqual(String(decoding: try CSVTable.lines([["=SUM(A1)", "-2", "a,b", "say \"hi\""]], safe: true), as: UTF8.self),
                       "'=SUM(A1),-2,\"a,b\",\"say \"\"hi\"\"\"\r\n")
    }

    /// A sheet of several megabytes is written to a temporary file a megabyte at a time and zipped
    /// from there: every row comes back whole and in order, across the chunks' edges, and the
    /// temporary file is gone afterwards.
    func testALongSheetIsWrittenInChunksAndReadsBackWhole() throws {
        let before = try Self.spooledFiles()
        var sheet = XLSXWorkbook.Sheet(name: "Long", columns: [.init(header: "Title", width: 30), .init(header: "Count", width: 8),
                                                                .init(header: "Due", width: 12)])
        let rows = 25_000
        for number in 0..<rows {
            sheet.add([.text("Row \(number) <&> " + String(repeating: "é", count: number % 97)), .integer(Int64(number)),
                       .date(CalendarDate("2026-01-01")!.adding(days: number % 400))])
        }
        let data = try XLSXWorkbook(sheets: [sheet], made: Date(timeIntervalSince1970: 1_790_000_000)).data()
        XCTAssertEqual(try Self.spooledFiles(), before, "the temporary file is removed")
        let book = try Self.workbook(data)
        XCTAssertGreaterThan(book.sheetXML.utf8.count, 3 << 20, "more than one chunk")
        XCTAssertTrue(book.sheetXML.contains("<dimension ref=\"A1:C\(rows + 1)\"/>"))
        XCTAssertEqual(book.cells.count, 3 * (rows + 1), "every cell of every row")
        for number in 0..<rows {
            let row = number + 2
            XCTAssertEqual(book.cells["A\(row)"]?.value, "Row \(number) <&> " + String(repeating: "é", count: number % 97))
            XCTAssertEqual(book.cells["B\(row)"]?.value, String(number))
            XCTAssertEqual(book.cells["C\(row)"]?.value, String(CalendarDate("2026-01-01")!.adding(days: number % 400).daysSinceEpoch + 25_569))
        }
        XCTAssertTrue(book.sheetXML.hasSuffix("<autoFilter ref=\"A1:C\(rows + 1)\"/></worksheet>"))
    }

    func testColumnLettersAndSheetNamesFollowExcelsRules() {
        XCTAssertEqual([0, 25, 26, 51, 701, 702].map(XLSXWorkbook.column), ["A", "Z", "AA", "AZ", "ZZ", "AAA"])
        let columns = [XLSXWorkbook.Column(header: "A", width: 5)]
        let names = XLSXWorkbook(sheets: [.init(name: "", columns: columns), .init(name: String(repeating: "x", count: 40), columns: columns),
                                          .init(name: String(repeating: "X", count: 40), columns: columns)], made: Date()).sheetNames
        XCTAssertEqual(names, ["Sheet", String(repeating: "x", count: 31), String(repeating: "X", count: 27) + " (2)"],
                       "never empty, at most 31 characters, distinct whatever the case")
    }

    // MARK: Downloads of the portfolio

    /// CSV rows by header (the download's own check is ExportTests.rows).
    func csv(_ response: TestResponse, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: String]] {
        try ExportTests.rows(response, file: file, line: line)
    }

    func testEachPersonDownloadsExactlyTheProjectsTheyMayRead() async throws {
        try await withServer { server, world, database in
            for person in world.people.values {
                let browser = server.client()
                try await browser.signIn(person.email)
                let api = server.client()
                api.bearer = try await apiToken(server, person.email)
                let expected = Set(world.projects.values.filter { project in
                    AccessPolicy.canRead(person.actor, project.accessFacts(actorTeamRole: world.teamPerson.id == person.id ? .member : nil))
                }.map(\.code))
                let fromPage = try csv(try await browser.get("/exports/portfolio"))
                XCTAssertEqual(Set(fromPage.compactMap { $0["Code"] }), expected, "[\(database)] \(person.name)")
                let fromAPI = try await api.get("/api/v1/exports/projects?format=xlsx")
                XCTAssertEqual(fromAPI.status, .ok, "[\(database)] \(person.name)")
                XCTAssertEqual(fromAPI.headers.contentType, XLSXWorkbook.mediaType)
                XCTAssertEqual(Set(try Self.workbook(fromAPI.data).column("Code")), expected, "[\(database)] \(person.name)")
                let mine = try csv(try await browser.get("/exports/portfolio?mine=true"))
                XCTAssertEqual(mine.count, person.id == world.teamPerson.id ? 3 : 0, "[\(database)] \(person.name): only their teams'")
            }
        }
    }

    func testADownloadHoldsEveryPageInTheFiltersOrderWithTypedCells() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let references = try await store.referenceData()
            let sro = world.person("member-lead")
            // Budgets out of title order, one with none; the title a spreadsheet would run as a formula.
            for number in 1...32 {
                let fields = ProjectFields(
                    title: number == 7 ? "=HYPERLINK(\"http://x\"), \"quoted\"\nand a new line" : "Ward \(number)",
                    leadOrganisationID: world.lead.id, methodology: .project, stageID: references.stages[0].id,
                    status: number == 5 ? .closed : .active,
                    endDate: number <= 5 ? CalendarDate("2026-09-01") : CalendarDate("2027-03-31"),
                    budgetPence: number == 3 ? nil : Int64((number * 37) % 50) * 100_050, visibility: .system)
                _ = try await store.createProject(fields, references: references, team: [(sro.id, .sro)], by: .system)
            }
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let filters = "organisation=\(world.lead.id.lowercasedText)&sort=budget&order=desc"
            var listed: [[String: Any]] = []
            for page in 1...2 {
                let list = try await api.get("/api/v1/projects?\(filters)&per_page=20&page=\(page)")
                listed += list.jsonObject["items"] as? [[String: Any]] ?? []
            }
            XCTAssertEqual(listed.count, 34, "[\(database)] the two fixture projects the person may read, and these 32")

            let browser = server.client()
            try await browser.signIn("member-lead@test.example")
            let rows = try csv(try await browser.get("/exports/portfolio?\(filters)&page=2&per_page=5&format=csv"))
            XCTAssertEqual(rows.compactMap { $0["Code"] }, listed.compactMap { $0["code"] as? String },
                           "[\(database)] every page, in the list's order, whatever page the person was on")
            let formula = rows.first { $0["Title"]?.contains("HYPERLINK") == true }
            XCTAssertEqual(formula?["Title"], "'=HYPERLINK(\"http://x\"), \"quoted\"\nand a new line", "[\(database)] never runs")
            XCTAssertEqual(formula?["Senior responsible owner"], "member-lead", "[\(database)]")
            XCTAssertEqual(rows.first?["Budget"], "49024.50", "[\(database)] the largest budget first")

            let book = try Self.workbook(try await browser.get("/exports/portfolio?\(filters)&format=xlsx").data)
            XCTAssertEqual(book.column("Code"), listed.compactMap { $0["code"] as? String }, "[\(database)]")
            let budget = book.cells.first { $0.value.value == "Budget" }!.key.dropLast()
            XCTAssertEqual(book.cells["\(budget)2"]?.value, "49024.50", "[\(database)] a number, not text")
            XCTAssertNil(book.cells["\(budget)2"]?.type, "[\(database)]")
            let end = book.cells.first { $0.value.value == "End date" }!.key.dropLast()
            XCTAssertEqual(book.cells["\(end)2"]?.style, "2", "[\(database)] a date")
            XCTAssertTrue(book.column("Title").contains("=HYPERLINK(\"http://x\"), \"quoted\"\nand a new line"),
                          "[\(database)] a workbook's text is text: kept as typed")

            // Active past the end date (21 September 2026): numbers 1 to 4; 5 is closed.
            let late = try csv(try await browser.get("/exports/portfolio?past_end=true"))
            XCTAssertEqual(Set(late.compactMap { $0["Title"] }), ["Ward 1", "Ward 2", "Ward 3", "Ward 4"], "[\(database)]")
            XCTAssertTrue(late.allSatisfy { $0["Past end date"] == "Yes" }, "[\(database)]")

            // Bad input is refused with a message, on both.
            let badFormat = try await api.get("/api/v1/exports/projects?format=pdf")
            XCTAssertEqual(badFormat.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badFormat.body.contains("\"field\":\"format\""), "[\(database)] \(badFormat.body)")
            let badFilter = try await api.get("/api/v1/exports/projects?past_end=soon&sort=colour")
            XCTAssertEqual(badFilter.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badFilter.body.contains("\"field\":\"past_end\"") && badFilter.body.contains("\"field\":\"sort\""), "[\(database)]")
            let badPage = try await browser.get("/exports/portfolio?format=docx")
            XCTAssertEqual(badPage.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(badPage.body.contains("Choose the file format: csv or xlsx"), "[\(database)]")
        }
    }

    // MARK: The table view

    func testTheTableIsEachPersonsOwnChoiceAndSortsByItsHeadings() async throws {
        try await withServer { server, world, database in
            let manager = server.client()
            try await manager.signIn("member-lead@test.example")
            let cards = try await manager.get("/portfolio")
            XCTAssertTrue(cards.body.contains("class=\"wm-results\""), "[\(database)] cards until a person chooses")
            XCTAssertTrue(cards.body.contains("value=\"cards\" class=\"wm-button wm-button--secondary wm-view-choice__button\" aria-pressed=\"true\""),
                          "[\(database)]")

            let chosen = try await manager.post("/portfolio/view", [("view", "table"), ("return", "/portfolio?sort=end&order=desc")],
                                                csrf: cards.csrfToken)
            XCTAssertEqual(chosen.status, .seeOther, "[\(database)]")
            XCTAssertEqual(chosen.location, "/portfolio?sort=end&order=desc", "[\(database)] back where they were")
            let table = try await manager.get("/portfolio?sort=end&order=desc")
            XCTAssertTrue(table.body.contains("<table class=\"wm-table wm-table--dense wm-table--stack\" id=\"portfolio-table\">"), "[\(database)]")
            XCTAssertTrue(table.body.contains("<th scope=\"col\" aria-sort=\"descending\"><a href=\"/portfolio?sort=end\""),
                          "[\(database)] the sorted column says so, and its heading sorts the other way")
            XCTAssertEqual(table.body.components(separatedBy: "aria-sort=").count, 2, "[\(database)] on one column only")
            XCTAssertTrue(table.body.contains("<td data-label=\"SRO\">"), "[\(database)] each cell labelled for narrow screens")
            let mine = try await manager.get("/my-projects")
            XCTAssertTrue(mine.body.contains("id=\"portfolio-table\"") || mine.body.contains("You are not on any project team yet."),
                          "[\(database)] the same choice on their own projects")

            let someoneElse = server.client()
            try await someoneElse.signIn("member-partner@test.example")
            let theirs = try await someoneElse.get("/portfolio")
            XCTAssertFalse(theirs.body.contains("id=\"portfolio-table\""), "[\(database)] one person's choice is theirs alone")

            // Anywhere but the two lists, and anything but the two views, is refused or ignored.
            let elsewhere = try await manager.post("/portfolio/view", [("view", "cards"), ("return", "https://evil.example/portfolio")],
                                                   csrf: table.csrfToken)
            XCTAssertEqual(elsewhere.location, "/portfolio", "[\(database)]")
            let sneaky = try await manager.post("/portfolio/view", [("view", "cards"), ("return", "//evil.example")], csrf: table.csrfToken)
            XCTAssertEqual(sneaky.location, "/portfolio", "[\(database)]")
            let unknown = try await manager.post("/portfolio/view", [("view", "grid")], csrf: table.csrfToken)
            XCTAssertEqual(unknown.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(unknown.body.contains("Choose how to show projects: as cards or as a table"), "[\(database)]")
            let forged = try await manager.post("/portfolio/view", [("view", "table")], csrf: "forged")
            XCTAssertEqual(forged.status, .forbidden, "[\(database)]")
            let after = try await manager.get("/portfolio")
            XCTAssertFalse(after.body.contains("id=\"portfolio-table\""), "[\(database)] the last accepted choice (cards) stands")
        }
    }

    func testAProjectStillActiveAfterItsEndDateIsFlagged() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let references = try await store.referenceData()
            func project(_ title: String, _ status: ProjectStatus, ends: String) async throws -> Project {
                try await store.createProject(ProjectFields(title: title, leadOrganisationID: world.lead.id, methodology: .project,
                                                            stageID: references.stages[0].id, status: status, endDate: CalendarDate(ends),
                                                            visibility: .system), references: references, by: .system)
            }
            let late = try await project("Late ward", .active, ends: "2026-09-20")
            _ = try await project("Closed ward", .closed, ends: "2026-01-01")
            _ = try await project("Ending today", .active, ends: "2026-09-21")
            let browser = server.client()
            try await browser.signIn("member-lead@test.example")
            let page = try await browser.get("/projects/\(late.id.lowercasedText)")
            XCTAssertTrue(page.body.contains("Past end date"), "[\(database)]")
            XCTAssertTrue(page.body.contains("This project is still active after its end date, 20 September 2026."), "[\(database)]")
            let filtered = try await browser.get("/portfolio?past_end=true")
            XCTAssertTrue(filtered.body.contains("<strong>1 project</strong> matches your filters"), "[\(database)] \(filtered.body.count)")
            XCTAssertTrue(filtered.body.contains("Late ward") && filtered.body.contains("Past end date"), "[\(database)]")
            XCTAssertTrue(filtered.body.contains("name=\"past_end\" type=\"checkbox\" value=\"true\" checked"), "[\(database)] the box stays ticked")
            let all = try await browser.get("/portfolio")
            XCTAssertEqual(all.body.components(separatedBy: ">Past end date<").count, 2, "[\(database)] only the late one's card says so")
            let api = server.client()
            api.bearer = try await apiToken(server, "member-lead@test.example")
            let listed = try await api.get("/api/v1/projects?past_end=true")
            XCTAssertEqual((listed.jsonObject["items"] as? [[String: Any]])?.compactMap { $0["title"] as? String }, ["Late ward"], "[\(database)]")
            let refused = try await api.get("/api/v1/projects?past_end=yes")
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
        }
    }
}
