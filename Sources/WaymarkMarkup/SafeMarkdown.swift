import Foundation
import Ink

/// Markdown written in Waymark (resources, later guidance), as HTML a page may show. Ink passes
/// raw HTML through, so it is told to write raw HTML, images and unsafe links as the text they
/// were typed as; and then what it wrote is checked against a short list of the elements and
/// attributes Markdown makes. Anything else (a script, an event handler, a `javascript:` or
/// `data:` address, a style) fails the check, and the whole text is shown as plain, escaped
/// source instead: it fails closed.
public enum SafeMarkdown {
    static let elements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "code", "pre", "blockquote", "hr", "br",
        "table", "thead", "tbody", "tr", "th", "td", "del", "s",
    ]

    /// `headingOffset` moves headings down (1: a "# Title" becomes an h2, under the page's h1).
    public static func html(from markdown: String, headingOffset: Int = 0) -> String {
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .html) { _, markdown in escape(String(markdown)) })
        parser.addModifier(Modifier(target: .images) { _, markdown in escape(String(markdown)) })
        parser.addModifier(Modifier(target: .links) { html, markdown in
            guard let href = attribute("href", in: html), isSafeLink(href) else { return escape(String(markdown)) }
            return html
        })
        var html = parser.html(from: markdown)
        guard isAllowed(html) else { return "<pre class=\"wm-markdown-source\">" + escape(markdown) + "</pre>" }
        if headingOffset > 0 {
            for level in stride(from: 6, through: 1, by: -1) {
                let moved = min(6, level + headingOffset)
                html = html.replacingOccurrences(of: "<h\(level)>", with: "<h\(moved)>").replacingOccurrences(of: "</h\(level)>", with: "</h\(moved)>")
            }
        }
        return html
    }

    /// An address a link may go to: http, https or mailto, a path on this site, or a fragment,
    /// written out plainly (an entity could spell another scheme once a browser decodes it).
    public static func isSafeLink(_ href: String) -> Bool {
        let lower = href.lowercased()
        guard ["https://", "http://", "mailto:", "/", "#"].contains(where: { lower.hasPrefix($0) }), !lower.hasPrefix("//") else { return false }
        return !href.unicodeScalars.contains { $0.properties.generalCategory == .control || " \"'<>`\\".unicodeScalars.contains($0) }
    }

    /// Whether every tag in `html` is one Markdown makes, with only the attributes it needs.
    static func isAllowed(_ html: String) -> Bool {
        var index = html.startIndex
        while let open = html[index...].firstIndex(of: "<") {
            guard let close = html[open...].firstIndex(of: ">") else { return false }
            guard isAllowedTag(String(html[html.index(after: open)..<close])) else { return false }
            index = html.index(after: close)
        }
        return true
    }

    static func isAllowedTag(_ tag: String) -> Bool {
        var text = Substring(tag)
        if text.hasPrefix("/") { text = text.dropFirst() }
        if text.hasSuffix("/") { text = text.dropLast() }
        let name = text.prefix { $0.isLetter || $0.isNumber }.lowercased()
        guard elements.contains(name) else { return false }
        var rest = text.dropFirst(name.count)
        while !rest.isEmpty {
            guard rest.first == " " else { return false }
            rest = rest.drop { $0 == " " }
            if rest.isEmpty { break }
            let attribute = rest.prefix { $0.isLetter || $0 == "-" }.lowercased()
            rest = rest.dropFirst(attribute.count)
            guard rest.hasPrefix("=\"") else { return false }
            rest = rest.dropFirst(2)
            guard let end = rest.firstIndex(of: "\"") else { return false }
            let value = String(rest[..<end])
            rest = rest[rest.index(after: end)...]
            switch (name, attribute) {
            case ("a", "href"): guard isSafeLink(value) else { return false }
            case ("ol", "start"): guard !value.isEmpty, value.allSatisfy(\.isNumber) else { return false }
            case ("code", "class"):
                guard value.hasPrefix("language-"), value.dropFirst(9).allSatisfy({ $0.isLetter || $0.isNumber || "+-_#.".contains($0) }) else { return false }
            case ("th", "align"), ("td", "align"): guard ["left", "right", "center"].contains(value) else { return false }
            default: return false
            }
        }
        return true
    }

    static func attribute(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: name + "=\"") else { return nil }
        guard let end = html[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(html[start.upperBound..<end])
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
