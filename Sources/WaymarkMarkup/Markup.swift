import Plot

/// Waymark's markup: the one writer and the one escaping for HTML pages and the SVG charts drawn
/// on the server, so no chart or page can write text a person typed without escaping it.

/// The one way user-supplied text reaches HTML or SVG. Plot 0.14 writes attribute values as they are
/// and passes entities in text through, so `AT&amp;T` typed by a person would come back as `AT&T`.
public enum HTMLEscaping {
    public static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        escape(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` with `& < > " '` as entities, as UTF-8 bytes. Most text has none of them and
    /// is copied whole; otherwise the runs between entities are.
    static func escape(_ text: String, into html: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let entity: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                html.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                html.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                start = index + 1
            }
            html.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends a string's UTF-8 bytes in one copy.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}

/// Writes a page's components as HTML in one pass into one string. Plot's own renderer renders
/// every nested component into a string of its own and reflects over it (`Mirror`) to hand it
/// environment values, which Waymark does not use: for a page of a hundred rows that was two
/// thirds of the request. A test checks both write the same HTML.
public enum HTMLWriter {
    public static func render(_ component: Component) -> String {
        String(decoding: bytes(component), as: UTF8.self)
    }

    /// The HTML as UTF-8 bytes, for a response to send as they are: a string made of them is
    /// checked byte by byte as UTF-8, a twentieth of a page of a hundred rows.
    public static func bytes(_ component: Component) -> [UInt8] {
        var html: [UInt8] = []
        html.reserveCapacity(32_768)
        write(component, into: &html)
        return html
    }

    /// Written as UTF-8 bytes: appending to an array is a copy, where appending to a `String`
    /// also keeps its count and flags up to date each time (a fifth of writing a page).
    ///
    /// Each component is told apart by its type before it is cast: a cast that fails goes through
    /// the runtime's slow path (looking up conformances it might be bridged through), and trying
    /// each kind in turn made failed casts a twentieth of a page of a hundred rows.
    static func write(_ component: Component, into html: inout [UInt8]) {
        switch ObjectIdentifier(type(of: component)) {
        case Kind.element:
            let element = component as! El
            html.append(UInt8(ascii: "<"))
            html.append(element.name)
            HTMLAttributes.write(element.attributes, into: &html)
            html.append(UInt8(ascii: ">"))
            for member in element.content.members { write(member, into: &html) }
            html.append(UInt8(ascii: "<"))
            html.append(UInt8(ascii: "/"))
            html.append(element.name)
            html.append(UInt8(ascii: ">"))
        case Kind.safe:
            let text = component as! Safe
            HTMLEscaping.escape(text.text, into: &html)
        case Kind.written:
            let written = component as! WrittenHTML
            html.append(contentsOf: written.bytes)
        case Kind.void:
            let element = component as! VoidEl
            html.append(UInt8(ascii: "<"))
            html.append(element.name)
            HTMLAttributes.write(element.attributes, into: &html)
            html.append(UInt8(ascii: ">"))
        case Kind.group:
            let group = component as! ComponentGroup
            for member in group.members { write(member, into: &html) }
        case Kind.node:
            let node = component as! Node<Any>
            html.append(node.render())
        default:
            let body = component.body
            // Plot's own types render themselves; Waymark's components are written through their body.
            if type(of: body) == type(of: component) {
                html.append(component.render())
            } else {
                write(body, into: &html)
            }
        }
    }
}

/// The component types `HTMLWriter` writes itself.
private enum Kind {
    static let element = ObjectIdentifier(El.self)
    static let safe = ObjectIdentifier(Safe.self)
    static let written = ObjectIdentifier(WrittenHTML.self)
    static let void = ObjectIdentifier(VoidEl.self)
    static let group = ObjectIdentifier(ComponentGroup.self)
    static let node = ObjectIdentifier(Node<Any>.self)
}

/// Escaped text as a Plot component.
public struct Safe: Component {
    public let text: String
    public init(_ text: String) { self.text = text }
    public var body: Component { Node<Any>.raw(HTMLEscaping.escape(text)) }
}

/// HTML Waymark itself wrote earlier with `HTMLWriter` (a memoised portfolio row), passed through.
public struct WrittenHTML: Component {
    /// The HTML as UTF-8 bytes.
    public let bytes: [UInt8]
    public init(html: String) { bytes = Array(html.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }
    public var body: Component { Node<Any>.raw(String(decoding: bytes, as: UTF8.self)) }
}

/// An element whose attribute values are all escaped.
public struct El: Component {
    public let name: String
    public let attributes: [(String, String?)]
    public let content: ComponentGroup

    public init(_ name: String, _ attributes: [(String, String?)] = [], @ComponentBuilder content: () -> ComponentGroup = { ComponentGroup(members: []) }) {
        self.name = name
        self.attributes = attributes
        self.content = content()
    }

    public var body: Component {
        ComponentGroup(members: [
            Node<Any>.raw("<" + name + HTMLAttributes.render(attributes) + ">"),
            content,
            Node<Any>.raw("</" + name + ">"),
        ])
    }
}

/// A void element (input, meta, link): no content, no closing tag.
public struct VoidEl: Component {
    public let name: String
    public let attributes: [(String, String?)]

    public init(_ name: String, _ attributes: [(String, String?)]) {
        self.name = name
        self.attributes = attributes
    }

    public var body: Component { Node<Any>.raw("<" + name + HTMLAttributes.render(attributes) + ">") }
}

public enum HTMLAttributes {
    /// `nil` values are left out; an empty string writes a boolean attribute (`checked`).
    public static func render(_ attributes: [(String, String?)]) -> String {
        var html: [UInt8] = []
        write(attributes, into: &html)
        return String(decoding: html, as: UTF8.self)
    }

    static func write(_ attributes: [(String, String?)], into html: inout [UInt8]) {
        for (name, value) in attributes {
            guard let value else { continue }
            html.append(UInt8(ascii: " "))
            html.append(name)
            if !value.isEmpty {
                html.append(UInt8(ascii: "="))
                html.append(UInt8(ascii: "\""))
                HTMLEscaping.escape(value, into: &html)
                html.append(UInt8(ascii: "\""))
            }
        }
    }
}

/// HTML written straight into bytes, for the long tables whose rows are many small elements (a
/// measure's hundred observations): the same escaping as `El` and `Safe` (and the same HTML, a
/// test checks), without a component for every cell.
public struct HTMLBytes {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4_096) {
        bytes.reserveCapacity(capacity)
    }

    /// An opening tag; its attributes as `El` writes them.
    public mutating func open(_ name: String, _ attributes: [(String, String?)] = []) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(name)
        HTMLAttributes.write(attributes, into: &bytes)
        bytes.append(UInt8(ascii: ">"))
    }

    public mutating func close(_ name: String) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        bytes.append(name)
        bytes.append(UInt8(ascii: ">"))
    }

    /// Text, escaped.
    public mutating func text(_ text: String) {
        HTMLEscaping.escape(text, into: &bytes)
    }

    /// An element holding only text: `El(name, attributes) { Safe(text) }`.
    public mutating func element(_ name: String, _ attributes: [(String, String?)] = [], text: String) {
        open(name, attributes)
        self.text(text)
        close(name)
    }

    /// A component, as `HTMLWriter` writes it.
    public mutating func component(_ component: Component) {
        HTMLWriter.write(component, into: &bytes)
    }

    /// HTML written earlier (a kept fragment), as it is.
    public mutating func written(_ html: [UInt8]) {
        bytes.append(contentsOf: html)
    }

    /// What was written since the last `take`, leaving it empty: one of a row's kept runs.
    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// What was written, as a component to place in a page.
    public var component: WrittenHTML { WrittenHTML(bytes: bytes) }
}
