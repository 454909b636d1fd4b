import Foundation
@testable import WaymarkWeb
import WaymarkDomain
import WaymarkMarkup
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

    /// Encoding returns most values as they are, without Foundation: what it returns must be what
    /// Foundation's percent-encoding makes of every text, unreserved or not.
    func testEncodingMeansWhatFoundationMeant() {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        var generator = SeededGenerator(seed: 1206)
        let alphabet = Array("azAZ09-._~ %+=&/?#é😀\u{0}")
        var texts = ["", "status", "6d1c170c-f5c1-483c-8607-63b281385e96", "a b", "100%", "é"]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...10, using: &generator)
            texts.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in texts {
            XCTAssertEqual(QueryText.encode(text), text.addingPercentEncoding(withAllowedCharacters: unreserved), text)
        }
    }

    func testKeysRepeatInOrder() {
        let form = FormData(encoded: "theme=a&status=active&theme=b&theme=")
        XCTAssertEqual(form.all("theme"), ["a", "b", ""])
        XCTAssertEqual(form["status"], "active")
        XCTAssertNil(form["missing"])
    }
}

/// Dates typed as NHS services take them (issue 14): day, month and year boxes, made one value
/// before any workflow reads the form, and said back as the NHS.UK pattern says it.
final class DateInputTests: XCTestCase {
    func testDayMonthAndYearBoxesBecomeOneDate() {
        let form = FormData([("title", "A"), ("startDate-day", " 7 "), ("startDate-month", "3"), ("startDate-year", "2026"),
                             ("endDate-day", ""), ("endDate-month", ""), ("endDate-year", ""),
                             ("dueDate-day", "31"), ("dueDate-month", "2"), ("dueDate-year", "2026"),
                             ("byWhen-day", ""), ("byWhen-month", "4"), ("byWhen-year", "26"), ("orphan-day", "1")]).foldingDates()
        XCTAssertEqual(form.pairs.map(\.0), ["title", "startDate", "endDate", "dueDate", "byWhen", "orphan-day"])
        XCTAssertEqual(form["startDate"], "2026-03-07")
        XCTAssertEqual(form["endDate"], "", "three empty boxes are no date")
        XCTAssertEqual(form["dueDate"], "31/2/2026", "not a real date: kept as typed")
        XCTAssertEqual(form["byWhen"], "/4/26")

        var errors = FieldErrors()
        XCTAssertNil(errors.date(form["dueDate"], "dueDate", "Due date"))
        XCTAssertNil(errors.date(form["byWhen"], "byWhen", "Aim date"))
        XCTAssertNil(errors.date("4/2026", "x", "Date"))
        XCTAssertEqual(errors.errors.map(\.message), ["Due date must be a real date", "Aim date must include a day",
                                                      "Date must be a real date, like 2026-03-31"])
        var missing = FieldErrors()
        _ = missing.date("//2026", "d", "Decided")
        XCTAssertEqual(missing.errors.first?.message, "Decided must include a day and month")
    }

    func testTheBoxesShowADateOrWhatWasTyped() {
        XCTAssertEqual(DateInput(name: "d", label: "D", value: "2026-03-07").parts, ["7", "3", "2026"])
        XCTAssertEqual(DateInput(name: "d", label: "D", value: "31/2/2026").parts, ["31", "2", "2026"])
        XCTAssertEqual(DateInput(name: "d", label: "D", value: nil).parts, ["", "", ""])
        let html = HTMLWriter.render(DateInput(name: "startDate", label: "Start date", value: "2026-03-07", error: "Start date must include a month"))
        XCTAssertTrue(html.contains("<legend class=\"wm-fieldset__legend wm-label\">Start date</legend>"), html)
        XCTAssertTrue(html.contains("id=\"startDate\" name=\"startDate-day\""), "the day box carries the id the error summary links to")
        XCTAssertTrue(html.contains("aria-describedby=\"startDate-hint startDate-error\""), html)
    }
}
