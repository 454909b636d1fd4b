import WaymarkMarkup
import XCTest

/// Markdown as pages show it: what Markdown makes survives; raw HTML, scripts, event handlers and
/// unsafe addresses never do, wherever they are written.
final class SafeMarkdownTests: XCTestCase {
    /// Nothing in `html` can run: no element beyond Markdown's, no handler, no script address.
    func assertInert(_ html: String, _ source: String, file: StaticString = #filePath, line: UInt = #line) {
        let lower = html.lowercased()
        for danger in ["<script", "<img", "<iframe", "<svg", "<style", "<object", "<embed", "<form", "<input", "<div", "<span",
                       "javascript:", "vbscript:", "data:text", " on", "style=", "srcdoc"] where lower.contains(danger) {
            // Text that merely mentions them is escaped, so "<" never appears before it.
            if danger.hasPrefix("<") || !Self.insideTag(lower, danger) { continue }
            XCTFail("\(danger) survives in \(html) from \(source)", file: file, line: line)
        }
        XCTAssertFalse(lower.contains("<script"), "a script element from \(source): \(html)", file: file, line: line)
        XCTAssertFalse(lower.contains("<img"), "an image from \(source): \(html)", file: file, line: line)
        XCTAssertFalse(lower.contains("<iframe"), "a frame from \(source): \(html)", file: file, line: line)
    }

    /// Whether `needle` occurs inside a tag (between < and >).
    static func insideTag(_ html: String, _ needle: String) -> Bool {
        var inTag = false, index = html.startIndex
        while index < html.endIndex {
            if html[index] == "<" { inTag = true } else if html[index] == ">" { inTag = false }
            if inTag && html[index...].hasPrefix(needle) { return true }
            index = html.index(after: index)
        }
        return false
    }

    func testMarkdownsOwnElementsSurvive() {
        let html = SafeMarkdown.html(from: """
            # Title
            Some *emphasis*, **strong** and `code`, a [link](https://www.england.nhs.uk/) and a [page](/glossary/raid-log).

            - one
            - two

            1. first

            > quoted

            | A | B |
            | --- | --- |
            | 1 | 2 |
            """)
        for part in ["<h1>Title</h1>", "<em>emphasis</em>", "<strong>strong</strong>", "<code>code</code>",
                     "<a href=\"https://www.england.nhs.uk/\">link</a>", "<a href=\"/glossary/raid-log\">page</a>", "<ul>", "<li>one</li>",
                     "<ol>", "<blockquote>", "<table>"] {
            XCTAssertTrue(html.contains(part), "\(part) in \(html)")
        }
        XCTAssertTrue(SafeMarkdown.html(from: "# Title", headingOffset: 1).contains("<h2>Title</h2>"))
    }

    func testRawHTMLScriptsHandlersAndUnsafeAddressesNeverSurvive() {
        let sources = [
            "<script>alert(1)</script>",
            "Before <script>alert(1)</script> after",
            "<img src=x onerror=alert(1)>",
            "Text <img src=x onerror=alert(1)> text",
            "# Heading <img src=x onerror=alert(1)>",
            "- item <svg onload=alert(1)>",
            "> quote <iframe src=javascript:alert(1)></iframe>",
            "| A |\n| --- |\n| <script>alert(1)</script> |",
            "<div onclick=\"alert(1)\">click</div>",
            "<a href=\"javascript:alert(1)\">raw link</a>",
            "[link](javascript:alert(1))",
            "[link](JaVaScRiPt:alert(1))",
            "[link]( javascript:alert(1))",
            "[link](vbscript:msgbox(1))",
            "[link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[link](javascript&#58;alert(1))",
            "[link](&#106;avascript:alert(1))",
            "[link](//evil.example/x)",
            "[link][ref]\n\n[ref]: javascript:alert(1)",
            "<javascript:alert(1)>",
            "![image](https://tracker.example/pixel.png)",
            "![x](javascript:alert(1))",
            "[**bold <script>alert(1)</script>**](https://example.org)",
            "<style>body{display:none}</style>",
            "<!-- comment --><script>alert(1)</script>",
            "<scr<script>ipt>alert(1)</script>",
            "```html\n<script>alert(1)</script>\n```",
            "`<script>alert(1)</script>`",
            "[x](https://example.org\" onmouseover=\"alert(1))",
            "<details open ontoggle=alert(1)>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        ]
        for source in sources {
            let html = SafeMarkdown.html(from: source)
            assertInert(html, source)
        }
        // Code shows HTML as text.
        XCTAssertTrue(SafeMarkdown.html(from: "`<b>bold</b>`").contains("&lt;b&gt;"))
    }

    func testOnlyPlainSafeAddressesAreLinks() {
        for safe in ["https://example.org/a?b=1&c=2", "http://example.org", "mailto:pmo@example.nhs.uk", "/resources", "#top"] {
            XCTAssertTrue(SafeMarkdown.isSafeLink(safe), safe)
        }
        for unsafe in ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.example", "javascript&#58;x", "x.html",
                       "https://a.example/\"onclick=", "ftp://example.org", ""] {
            XCTAssertFalse(SafeMarkdown.isSafeLink(unsafe), unsafe)
        }
    }
}
