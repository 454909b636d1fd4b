import Foundation
import WaymarkDomain
import WaymarkStore
@testable import WaymarkWeb
import XCTest

/// The hand-written JSON of the API's long lists must say exactly what their `Encodable`
/// conformance says (and so what the OpenAPI document describes): same members, same values.
final class JSONTextTests: XCTestCase {
    func testProjectListsWriteWhatTheirEncodableSays() throws {
        var awkward = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()
        awkward += "\"quotes\" \\back\\slash/ é e\u{301} 🏥 \u{2028} ＮＨＳ"
        let full = ProjectSummary(
            id: UUID(), code: "RZV-0042", title: awkward, summary: "Line one\nline two\t</script>",
            leadOrganisationID: UUID(), leadOrganisationName: "Wessex Vale \"University\" Hospitals",
            programmeID: UUID(), programmeName: "Urgent care", methodology: .qi, stageID: UUID(), stageName: "Delivery",
            status: .onHold, visibility: .organisation, startDate: CalendarDate("2026-02-01"),
            endDate: CalendarDate("2027-03-31"), version: 12, updatedAt: Date(timeIntervalSince1970: 1_790_000_000.123))
        let sparse = ProjectSummary(
            id: UUID(), code: "X-1", title: "", summary: "", leadOrganisationID: UUID(), leadOrganisationName: "A",
            programmeID: nil, programmeName: nil, methodology: .project, stageID: UUID(), stageName: "Idea",
            status: .active, visibility: .team, startDate: nil, endDate: nil, version: 1, updatedAt: Date())
        for items in [[full, sparse], []] {
            let list = ListDTO(items: items.map(ProjectSummaryDTO.init), page: 3, perPage: 100, total: 1_234)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let expected = try JSONSerialization.jsonObject(with: try encoder.encode(list)) as! NSDictionary
            let written = Data(JSONText.encode(list))
            let actual = try JSONSerialization.jsonObject(with: written) as! NSDictionary
            XCTAssertEqual(actual, expected)
            // The same bytes as the encoder's apart from the solidus, which JSON lets either escape.
            let encoded = String(decoding: try encoder.encode(list), as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
            XCTAssertEqual(String(decoding: written, as: UTF8.self), encoded)

            // The API's project list, which writes each project once per index and reuses it.
            let entries = items.map { PortfolioIndex.Entry(summary: $0, partnerOrganisationIDs: [], themeIDs: [], team: [:], stagePosition: 1) }
            let page = Page(items: entries, request: PageRequest(page: 3, perPage: 100), total: 1_234)
            for _ in 0..<2 {
                XCTAssertEqual(String(decoding: JSONText.encode(ProjectPageDTO(page: page)), as: UTF8.self), encoded)
            }
        }
    }

    /// An array of objects written member by member reads back as the same array written object
    /// by object, empty, one and several, with members before and after it.
    /// Numbers and whole numbers are written as Swift writes them, whichever path writes them:
    /// whole values near and past 2^53, negative zero, fractions, and random doubles of every size.
    func testNumbersAreWrittenAsSwiftWritesThem() {
        var random = SeededGenerator(seed: 20_261_207)
        var values: [Double] = [0, -0.0, 1, -1, 56, 0.5, 1e15, 9_007_199_254_740_991, 9_007_199_254_740_992, -9_007_199_254_740_992,
                                1e16, 1e300, -1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 123_456_789.000_000_1]
        for _ in 0..<20_000 {
            switch Int.random(in: 0..<3, using: &random) {
            case 0: values.append(Double(Int64.random(in: -(1 << 54)...(1 << 54), using: &random)))
            case 1: values.append(Double(Int.random(in: -100_000...100_000, using: &random)) / 100)
            default: values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &random)))
            }
        }
        for value in values where value.isFinite {
            var json = JSONText()
            json.number(value)
            XCTAssertEqual(String(decoding: json.bytes, as: UTF8.self), String(value), "\(value.bitPattern)")
        }
        for value in [Int64.min, Int64.max, 0, -1, 9, 10, -10, 1_234_567_890] + (0..<1_000).map({ _ in Int64.random(in: .min ... .max, using: &random) }) {
            var json = JSONText()
            json.integer(value)
            XCTAssertEqual(String(decoding: json.bytes, as: UTF8.self), String(value))
        }
    }

    /// Member names are written whole when they need no escape, and escaped when they do, with
    /// the comma between members either way.
    func testMemberNamesAreWrittenAsJSONWhateverTheyHold() throws {
        let long = String(repeating: "n", count: 65)
        let names = ["a", "upperProcessLimit", "quote\"d", "back\\slash", "line\nbreak", long, String(repeating: "é", count: 40), ""]
        var json = JSONText()
        json.object { json in
            for (position, name) in names.enumerated() { json.member(name, position) }
        }
        let read = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Int])
        XCTAssertEqual(read, Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }))
    }

    func testAnArrayOfObjectsIsWrittenAsObjects() throws {
        for items in [[], [1], [1, 2, 3]] {
            func written(_ body: (inout JSONText) -> Void) -> String {
                var json = JSONText()
                json.object { json in
                    json.member("before", true)
                    body(&json)
                    json.member("after", "x")
                }
                return String(decoding: json.bytes, as: UTF8.self)
            }
            let byObjects = written { json in
                json.member("items", objects: items) { json, item in
                    json.member("n", item)
                    json.member("square", item * item)
                }
            }
            let byArray = written { json in
                json.member("items", array: items) { json, item in
                    json.object { json in
                        json.member("n", item)
                        json.member("square", item * item)
                    }
                }
            }
            XCTAssertEqual(byObjects, byArray)
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(byObjects.utf8)))
        }
        XCTAssertEqual(String(decoding: JSONText.fragment { $0.member("items", objects: [1, 2]) { json, item in json.member("n", item) } },
                              as: UTF8.self), #""items":[{"n":1},{"n":2}]"#)
    }
}
