import Plot
import WaymarkDomain
import WaymarkMarkup
@testable import WaymarkWeb
import XCTest

/// Waymark writes pages with its own single-pass writer; it must write exactly what Plot's
/// renderer writes for the same components.
final class HTMLWriterTests: XCTestCase {
    func testTheWriterWritesWhatPlotWrites() {
        let awkward = "Tom & Jerry's <b>\"bold\"</b> é e\u{301} 🏥 AT&amp;T"
        let page = ComponentGroup(members: [
            Node<Any>.raw("<!DOCTYPE html>"),
            El("main", [("class", "wm-main"), ("data-x", awkward), ("hidden", ""), ("absent", nil)]) {
                Safe(awkward)
                El("p") {}
                VoidEl("input", [("type", "text"), ("value", awkward)])
                CSRFField(token: "token<&>")
                ErrorSummary(errors: [FieldError("title", awkward), FieldError("endDate", "End after start")])
                TextInput(name: "title", label: "Title", hint: "A hint", value: awkward, error: "Enter a title")
                TextAreaField(name: "summary", label: "Summary", value: "Line one\nline <two>")
                SelectField(name: "stage", label: "Stage", options: [("a", "Idea"), ("b", awkward)], selected: "b", blank: "Any")
                ChoiceGroup(kind: .checkbox, name: "themes", legend: "Themes", options: [("x", "Prevention"), ("y", awkward)],
                            selected: ["y"])
                SubmitButton(label: "Save", name: "action", value: "save")
                Tag(text: awkward, colour: "blue")
                SummaryList(rows: [("Title", Safe(awkward)), ("Aim", MultilineText(text: "One\nTwo & three"))])
                MultilineText(text: "")
                WrittenHTML(html: "<li class=\"wm-result\">Written <em>earlier</em></li>")
                TextLink(awkward, "/portfolio?q=a&b=<c>", extra: [("aria-current", "page")])
                Pagination(page: 2, pageCount: 3, total: 61, noun: "projects") { "/portfolio?page=\($0)" }
                for index in 0..<3 { El("li", [("id", "item-\(index)")]) { Safe("Item \(index)") } }
                if awkward.isEmpty { Safe("never") } else { Safe("else branch") }
            },
        ])
        XCTAssertEqual(HTMLWriter.render(page), page.render())
    }
}
