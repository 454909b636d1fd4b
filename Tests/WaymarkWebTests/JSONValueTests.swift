import Foundation
import WaymarkDomain
import WaymarkStore
@testable import WaymarkWeb
import XCTest

/// The request body parser against Foundation's JSONSerialization: the same values for valid
/// JSON, a refusal for what RFC 8259 refuses, and the bounds Waymark adds.
final class JSONValueTests: XCTestCase {
    func testValidJSONReadsAsFoundationReadsIt() throws {
        let documents = [
            #"{}"#, #"[]"#, #" { "a" : [ 1 , -2.5e3 , 0 , 0.125 , 1E+2 ] } "#, #"{"t":true,"f":false,"n":null}"#,
            #"{"s":"plain \"quoted\" \\ \/ \b\f\n\r\t"}"#, #"{"u":"caf\u00e9 \ud83d\ude00 \u0041"}"#,
            #"{"emoji":"😀","accents":"josé"}"#, #"[[["deep"]]]"#, #"{"big":123456789012345,"small":-0.000001}"#,
            #""just a string""#, "42", "true", "null",
        ]
        for text in documents {
            let ours = try JSONValue.parse(Array(text.utf8))
            let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            XCTAssertEqual(ours, Self.value(theirs), text)
        }
        var random = SeededGenerator(seed: 20_261_129)
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, &random)
            let data = try JSONSerialization.data(withJSONObject: Self.foundation(value), options: [.fragmentsAllowed])
            XCTAssertEqual(try JSONValue.parse(Array(data)), value, String(decoding: data, as: UTF8.self))
        }
    }

    /// Numbers read on the short path (a decimal of at most 15 significant digits) are the very
    /// Double the C library reads from the same text, and so are the long ones it is left to.
    func testNumbersReadAsTheCLibraryReadsThem() throws {
        var random = SeededGenerator(seed: 20_261_207)
        let digits = Array("0123456789")
        for _ in 0..<20_000 {
            let whole = Int.random(in: 0...3, using: &random) == 0 ? "0"
                : String(digits[Int.random(in: 1...9, using: &random)])
                    + String((0..<Int.random(in: 0...17, using: &random)).map { _ in digits.randomElement(using: &random)! })
            let fraction = Bool.random(using: &random)
                ? "." + String((0..<Int.random(in: 1...24, using: &random)).map { _ in digits.randomElement(using: &random)! }) : ""
            let exponent = Int.random(in: 0...5, using: &random) == 0 ? "e" + String(Int.random(in: -30...30, using: &random)) : ""
            let text = (Bool.random(using: &random) ? "-" : "") + whole + fraction + exponent
            let expected = try XCTUnwrap(Double(text), text)
            guard case .number(let read) = try JSONValue.parse(Array(text.utf8)) else { return XCTFail(text) }
            XCTAssertEqual(read.bitPattern, expected.bitPattern, text)
        }
    }

    /// An object of many members keeps every one, and refuses a name sent twice however far apart.
    func testAnObjectOfManyMembersIsReadWholeAndRefusesARepeatedName() throws {
        let names = (0..<200).map { "m\($0)" }
        let members = names.enumerated().map { #""\#($1)":\#($0)"# }
        guard case .object(let object) = try JSONValue.parse(Array(("{" + members.joined(separator: ",") + "}").utf8)) else {
            return XCTFail("not an object")
        }
        XCTAssertEqual(object.count, 200)
        XCTAssertEqual(object["m150"], .number(150))
        XCTAssertNil(object["m200"])
        for repeated in [1, 15, 16, 17, 199] {
            let text = "{" + (members + [#""m\#(repeated)":0"#]).joined(separator: ",") + "}"
            XCTAssertThrowsError(try JSONValue.parse(Array(text.utf8))) { error in
                XCTAssertEqual((error as? JSONSyntaxError)?.reason, .duplicateKey("m\(repeated)"))
            }
            let early = "{" + Array(members.prefix(repeated + 1) + [#""m\#(repeated)":0"#]).joined(separator: ",") + "}"
            XCTAssertThrowsError(try JSONValue.parse(Array(early.utf8))) { error in
                XCTAssertEqual((error as? JSONSyntaxError)?.reason, .duplicateKey("m\(repeated)"))
            }
        }
    }

    /// A body is read as JSON when its Content-Type says so, whatever the case and parameters.
    func testABodyIsJSONWhenItsContentTypeSaysSo() {
        for named in ["application/json", "application/json; charset=utf-8", "Application/JSON", " application/json ;charset=UTF-8",
                      "application/merge-patch+json", "application/problem+json"] {
            XCTAssertTrue(JSONBody.namesJSON(named), named)
        }
        for other in [nil, "", "text/json", "application/jsonp", "application/x-www-form-urlencoded", "application/+json",
                      "multipart/form-data; boundary=json", "application/json-seq", "text/plain; type=application/json"] {
            XCTAssertFalse(JSONBody.namesJSON(other), other ?? "nil")
        }
    }

    func testWhatRFC8259RefusesIsRefused() {
        let refused: [(String, JSONSyntaxError.Reason)] = [
            ("", .unexpected), ("{", .unexpected), (#"{"a":1,}"#, .unexpected), ("[1,]", .unexpected), ("01", .unexpected),
            ("1.", .unexpected), (".5", .unexpected), ("-", .unexpected), ("1e", .unexpected), ("+1", .unexpected),
            ("NaN", .unexpected), ("tru", .unexpected), (#"{'a':1}"#, .unexpected), (#"{"a" 1}"#, .unexpected),
            ("[1] [2]", .unexpected), (#""\x""#, .badEscape), (#""\u12""#, .badEscape), (#""\ud800""#, .badEscape),
            (#""\udc00""#, .badEscape), (#""\ud800\u0041""#, .badEscape), ("\"a\u{1}b\"", .controlInString),
            ("\"a\nb\"", .controlInString), (#"{"a":1,"a":2}"#, .duplicateKey("a")), ("1e999", .numberOutOfRange),
        ]
        for (text, reason) in refused {
            XCTAssertThrowsError(try JSONValue.parse(Array(text.utf8)), text) { error in
                XCTAssertEqual((error as? JSONSyntaxError)?.reason, reason, text)
            }
        }
        XCTAssertThrowsError(try JSONValue.parse([0x22, 0xFF, 0x22])) { XCTAssertEqual(($0 as? JSONSyntaxError)?.reason, .notUTF8) }
    }

    func testNestingIsBoundedAtTheFirstBracketTooMany() {
        let limit = JSONValue.depthLimit
        XCTAssertNoThrow(try JSONValue.parse(Array((String(repeating: "[", count: limit) + String(repeating: "]", count: limit)).utf8)))
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        XCTAssertThrowsError(try JSONValue.parse(Array(tooDeep.utf8))) { error in
            XCTAssertEqual(error as? JSONSyntaxError, JSONSyntaxError(.tooDeep, at: limit))
        }
        let objects = String(repeating: #"{"a":"#, count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        XCTAssertThrowsError(try JSONValue.parse(Array(objects.utf8))) { XCTAssertEqual(($0 as? JSONSyntaxError)?.reason, .tooDeep) }
    }

    // MARK: Helpers

    static func value(_ object: Any) -> JSONValue {
        switch object {
        case is NSNull: return .null
        case let string as String: return .string(string)
        case let array as [Any]: return .array(array.map(value))
        case let dictionary as [String: Any]: return .object(JSONObject(dictionary.mapValues(value)))
        case let number as NSNumber:
            // Foundation keeps booleans as NSNumber; their stored type is C's char.
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        default: return .string("unexpected \(type(of: object))")
        }
    }

    static func foundation(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let flag): flag
        case .number(let number): number
        case .string(let text): text
        case .array(let values): values.map(foundation)
        case .object(let object): Dictionary(uniqueKeysWithValues: object.members.map { ($0.name, foundation($0.value)) })
        }
    }

    static func randomValue(depth: Int, _ random: inout SeededGenerator) -> JSONValue {
        let alphabet = Array("aé😀\"\\/\n\t\u{1} z0")
        switch Int.random(in: 0..<(depth < 4 ? 7 : 5), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 8)
        case 3, 4: return .string(String((0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
        case 5: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(depth: depth + 1, &random) })
        default:
            var members: [String: JSONValue] = [:]
            for index in 0..<Int.random(in: 0...4, using: &random) { members["k\(index)"] = randomValue(depth: depth + 1, &random) }
            return .object(JSONObject(members))
        }
    }
}
