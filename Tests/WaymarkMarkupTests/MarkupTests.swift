import Plot
import WaymarkMarkup
import XCTest

/// The one writer and escaping that pages and charts share.
final class MarkupTests: XCTestCase {
    func testTextAndAttributesAreEscapedOnce() {
        XCTAssertEqual(HTMLEscaping.escape(#"Tom & Jerry's <b>"bold"</b> AT&amp;T"#),
                       "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;bold&quot;&lt;/b&gt; AT&amp;amp;T")
        XCTAssertEqual(HTMLEscaping.escape("plain é 🏥"), "plain é 🏥")
        let element = El("p", [("title", "a \"quoted\" <value>"), ("hidden", ""), ("absent", nil)]) { Safe("<script>") }
        XCTAssertEqual(HTMLWriter.render(element), #"<p title="a &quot;quoted&quot; &lt;value&gt;" hidden>&lt;script&gt;</p>"#)
    }

    func testSVGIsWrittenByTheSameWriter() {
        let chart = El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 100 40"), ("role", "img"),
                               ("aria-labelledby", "t")]) {
            El("title", [("id", "t")]) { Safe("Falls per 1,000 bed days <ward 7>") }
            El("polyline", [("points", "0,40 50,10 100,20"), ("fill", "none")])
            El("text", [("x", "50"), ("y", "38")]) { Safe("A&E \"majors\"") }
        }
        XCTAssertEqual(HTMLWriter.render(chart), """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" role="img" aria-labelledby="t">\
            <title id="t">Falls per 1,000 bed days &lt;ward 7&gt;</title>\
            <polyline points="0,40 50,10 100,20" fill="none"></polyline>\
            <text x="50" y="38">A&amp;E &quot;majors&quot;</text></svg>
            """)
        // Plot's own renderer writes the same.
        XCTAssertEqual(HTMLWriter.render(chart), chart.render())
    }

    func testBytesWrittenDirectlyAreTheElementsHTML() {
        let cells: [(String, [(String, String?)], String)] = [
            ("th", [("scope", "row")], "2026-03-02"), ("td", [], "Tom & Jerry's <b>"), ("td", [("class", "a \"b\""), ("hidden", ""), ("absent", nil)], ""),
            ("td", [], "plain é 🏥"),
        ]
        let tree = El("tr", []) {
            for (name, attributes, text) in cells { El(name, attributes) { Safe(text) } }
            El("td", []) { El("a", [("href", "/x?a=1&b=2")]) { Safe("Change") } }
        }
        var bytes = HTMLBytes()
        bytes.open("tr")
        for (name, attributes, text) in cells { bytes.element(name, attributes, text: text) }
        bytes.open("td")
        bytes.element("a", [("href", "/x?a=1&b=2")], text: "Change")
        bytes.close("td")
        bytes.close("tr")
        XCTAssertEqual(HTMLWriter.render(bytes.component), HTMLWriter.render(tree))
        XCTAssertTrue(HTMLWriter.render(tree).contains("Tom &amp; Jerry&#39;s &lt;b&gt;"))
    }
}
