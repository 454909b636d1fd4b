import Foundation
@testable import WaymarkDomain
import XCTest

/// Splitting a JSON document into a snapshot's stored parts by its structure alone, and joining
/// the parts again (what M047 does to snapshots kept whole).
final class SnapshotPartsTests: XCTestCase {
    private func split(_ text: String, _ lists: [String: Int], order: [String]) throws -> [PeriodSnapshot.StoredPart] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            try JSONParts.split(buffer, lists: lists, order: order).map { $0.part(of: buffer) }
        }
    }

    func testAListsItemsArePartsWhateverTheirStringsHold() throws {
        // Brackets, braces, commas, quotes and escapes inside strings; nested containers; a key
        // that looks like a list inside a string; space between items; an empty list.
        let whole = #"{"format":1,"projects":[{"a":"x]}\"[{,"},{"b":[1,2,{"c":"}\\"}]},3,"s,t",null,true],"note":"\"projects\":[","#
            + #""statuses":[],"period":{"start":"2026-08-01","months":1},"benefits":[ {"z":1.5e3} , {"y":[]} ]}"#
        let parts = try split(whole, ["projects": 2, "statuses": 2, "benefits": 1], order: ["projects", "statuses", "benefits"])
        XCTAssertEqual(parts, [
            .init(list: nil, body: #"{"format":1,"projects":[],"note":"\"projects\":[","statuses":[],"period":{"start":"2026-08-01","months":1},"benefits":[]}"#),
            .init(list: "projects", body: #"[{"a":"x]}\"[{,"},{"b":[1,2,{"c":"}\\"}]}]"#),
            .init(list: "projects", body: #"[3,"s,t"]"#),
            .init(list: "projects", body: #"[null,true]"#),
            .init(list: "benefits", body: #"[{"z":1.5e3}]"#),
            .init(list: "benefits", body: #"[{"y":[]}]"#),
        ])
        for part in parts {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(part.body.utf8)), part.body)
        }
        // Joined: the same document (the space between items aside).
        let joined = try JSONParts.join(parts)
        XCTAssertEqual(joined, whole.replacingOccurrences(of: "[ {", with: "[{").replacingOccurrences(of: "} , {", with: "},{")
            .replacingOccurrences(of: "} ]", with: "}]"))
    }

    func testSplittingAndJoiningGivesBackTheDocument() throws {
        var random = SplitMix64(state: 47)
        let alphabet = Array(#"ab[]{},:"\ é"#)
        func string() -> String { String((0..<Int.random(in: 0...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! }) }
        func value(_ depth: Int) -> Any {
            switch Int.random(in: 0...(depth > 2 ? 2 : 4), using: &random) {
            case 0: return string()
            case 1: return Int.random(in: -1_000...1_000, using: &random)
            case 2: return Bool.random(using: &random)
            case 3: return (0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth + 1) }
            default: return Dictionary((0..<Int.random(in: 0...3, using: &random)).map { _ in (string(), value(depth + 1)) }) { first, _ in first }
            }
        }
        for _ in 0..<300 {
            var object: [String: Any] = ["head": value(0)]
            let lists = ["one", "two", "three"]
            var sizes: [String: Int] = [:]
            for list in lists where Bool.random(using: &random) {
                object[list] = (0..<Int.random(in: 0...12, using: &random)).map { _ in value(1) }
                sizes[list] = Int.random(in: 1...5, using: &random)
            }
            let whole = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            let parts = try split(whole, sizes, order: lists)
            XCTAssertEqual(try JSONParts.join(parts), whole)
            // Each list's parts hold its items in order, `sizes[list]` a part.
            for list in lists {
                let items = (object[list] as? [Any]) ?? []
                let held = parts.filter { $0.list == list }.map { try! JSONSerialization.jsonObject(with: Data($0.body.utf8)) as! [Any] }
                XCTAssertEqual(held.map(\.count), sizes[list].map { size in stride(from: 0, to: items.count, by: size).map { min(size, items.count - $0) } } ?? [])
                XCTAssertEqual(held.flatMap { $0 } as NSArray, items as NSArray, whole)
            }
            let head = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(parts[0].body.utf8)) as? [String: Any])
            for list in sizes.keys { XCTAssertEqual((head[list] as? [Any])?.count, 0, whole) }
            XCTAssertEqual([head["head"] as Any] as NSArray, [object["head"]!] as NSArray, whole)
        }
    }

    func testADamagedDocumentIsRefused() {
        for damaged in [#"{"projects":[1,2"#, #"{"projects":[1 2]}"#, #"{"projects":["a]}"#, #"["projects"]"#, #"{"a" 1}"#, ""] {
            XCTAssertThrowsError(try split(damaged, ["projects": 1], order: ["projects"]), damaged)
        }
        XCTAssertThrowsError(try JSONParts.join([.init(list: "projects", body: "[1]")]), "no head")
        var assembly = PeriodSnapshot.Assembly()
        XCTAssertThrowsError(try assembly.add(.init(list: "projects", body: "[]")), "a list before the head")
    }
}
