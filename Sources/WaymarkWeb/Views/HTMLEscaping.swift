import Plot

/// The one way user-supplied text reaches HTML. Plot 0.14 writes attribute values as they are
/// and passes entities in text through, so `AT&amp;T` typed by a person would come back as `AT&T`.
public enum HTMLEscaping {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// Escaped text as a Plot component.
struct Safe: Component {
    let text: String
    init(_ text: String) { self.text = text }
    var body: Component { Node<Any>.raw(HTMLEscaping.escape(text)) }
}

/// An element whose attribute values are all escaped.
struct El: Component {
    let name: String
    let attributes: [(String, String?)]
    let content: ComponentGroup

    init(_ name: String, _ attributes: [(String, String?)] = [], @ComponentBuilder content: () -> ComponentGroup = { ComponentGroup(members: []) }) {
        self.name = name
        self.attributes = attributes
        self.content = content()
    }

    var body: Component {
        ComponentGroup(members: [
            Node<Any>.raw("<" + name + HTMLAttributes.render(attributes) + ">"),
            content,
            Node<Any>.raw("</" + name + ">"),
        ])
    }
}

/// A void element (input, meta, link): no content, no closing tag.
struct VoidEl: Component {
    let name: String
    let attributes: [(String, String?)]

    init(_ name: String, _ attributes: [(String, String?)]) {
        self.name = name
        self.attributes = attributes
    }

    var body: Component { Node<Any>.raw("<" + name + HTMLAttributes.render(attributes) + ">") }
}

enum HTMLAttributes {
    /// `nil` values are left out; an empty string writes a boolean attribute (`checked`).
    static func render(_ attributes: [(String, String?)]) -> String {
        attributes.reduce(into: "") { result, attribute in
            guard let value = attribute.1 else { return }
            result += value.isEmpty ? " " + attribute.0 : " " + attribute.0 + "=\"" + HTMLEscaping.escape(value) + "\""
        }
    }
}
