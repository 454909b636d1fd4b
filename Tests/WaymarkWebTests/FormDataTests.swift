import Foundation
@testable import WaymarkWeb
import WaymarkStore
import XCTest

/// Forms and query strings are decoded by hand; they must mean what Foundation made of them
/// (`+` as a space, then `removingPercentEncoding`, nil read as ""), malformed input included.
/// One difference is meant: Foundation on Linux refuses some bytes that are not UTF-8 (`%FF`)
/// but turns others (a lone `%A9`) into U+FFFD; malformed input is always absent ("") here.
final class FormDataTests: XCTestCase {
    private static func foundation(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode: (Substring) -> String = { part in
                guard let decoded = String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding,
                      !decoded.contains("\u{FFFD}") || part.contains("\u{FFFD}") else { return "" }
                return decoded
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    private func assertSameAsFoundation(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let ours = FormData(encoded: text).pairs
        let theirs = Self.foundation(text)
        XCTAssertTrue(ours.elementsEqual(theirs) { $0 == $1 }, "\(text.debugDescription): \(ours) against \(theirs)",
                      file: file, line: line)
    }

    func testDecodingMeansWhatFoundationMeant() {
        let cases = [
            "", "&", "&&a=1&&", "a", "a=", "=b", "=", "a==b", "a=b=c", "per_page=100&status=active&sort=updated",
            "q=care+home&q=%2B1", "name=Caf%C3%A9+%26+bar", "x=%e2%9c%93", "x=%E2%9C%93%F0%9F%8F%A5",
            "x=100%", "x=%", "x=%4", "x=%4g", "x=%zz", "x=%%41", "x=%C3", "x=%FF", "x=%C3%28", "x=%00",
            "k%3Dey=v%26alue", "a+b=c+d", "+=+", "%2B=%2b", "x=é&y=🏥", "csrf=abc%2Fdef%3D%3D&title=A%0D%0AB",
            "x=%ED%A0%80", "x=%F4%90%80%80", "x=%C0%AF", "x=%A9", "x=a%a9b", "x=\u{FFFD}",
        ]
        for text in cases { assertSameAsFoundation(text) }
    }

    func testDecodingRandomInputMeansWhatFoundationMeant() {
        var generator = SeededGenerator(seed: 2026)
        let alphabet = Array("ab%+=&0189AaFfgé ")
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            assertSameAsFoundation(text)
        }
    }

    func testKeysRepeatInOrder() {
        let form = FormData(encoded: "theme=a&status=active&theme=b&theme=")
        XCTAssertEqual(form.all("theme"), ["a", "b", ""])
        XCTAssertEqual(form["status"], "active")
        XCTAssertNil(form["missing"])
    }
}
