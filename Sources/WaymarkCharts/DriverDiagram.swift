import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A driver diagram drawn left to right: the aim, its primary drivers, their secondary drivers
/// and their change ideas, in four columns, each box joined to the one it hangs from. Each leaf
/// takes a row; a parent sits level with the middle of its children. Its title and description
/// say what it shows; the QI page lists the same tree as nested lists.
public struct DriverDiagram: Sendable {
    public let title: String
    public let aim: String
    public let tree: DriverTree

    public init(title: String, aim: String, tree: DriverTree) {
        self.title = title
        self.aim = aim
        self.tree = tree
    }

    static let columnWidth = 200.0
    static let gap = 36.0
    static let rowHeight = 64.0
    static let boxHeight = 52.0
    static let header = 28.0
    /// Characters on one line of a box, and lines at most (the rest is cut with an ellipsis).
    static let lineLength = 30
    static let lineLimit = 3

    struct Box {
        var x: Double
        var y: Double
        var lines: [String]
        var kind: String
        var reference: String
    }

    /// Each node's box, and the aim's, laid out; the height the diagram needs.
    func layout() -> (aim: Box, boxes: [UUID: Box], height: Double) {
        var boxes: [UUID: Box] = [:]
        var row = 0.0
        func column(_ kind: DriverKind) -> Double {
            switch kind {
            case .primary: 1
            case .secondary: 2
            case .changeIdea: 3
            }
        }
        /// Lays out a node's subtree from the current row; returns its box's centre.
        func place(_ node: Driver) -> Double {
            let children = tree.children(of: node.id)
            let centre: Double
            if children.isEmpty {
                centre = Self.header + row * Self.rowHeight + Self.rowHeight / 2
                row += 1
            } else {
                let centres = children.map(place)
                centre = (centres.first! + centres.last!) / 2
            }
            boxes[node.id] = Box(x: column(node.fields.kind) * (Self.columnWidth + Self.gap), y: centre - Self.boxHeight / 2,
                                 lines: Self.wrap(node.reference + " " + node.fields.text), kind: node.fields.kind.rawValue, reference: node.reference)
            return centre
        }
        let centres = tree.children(of: nil).map(place)
        let height = Self.header + max(row, 1) * Self.rowHeight
        let aimCentre = centres.isEmpty ? Self.header + Self.rowHeight / 2 : (centres.first! + centres.last!) / 2
        let aimBox = Box(x: 0, y: aimCentre - Self.boxHeight / 2, lines: Self.wrap(aim.isEmpty ? "No aim written yet" : aim),
                         kind: "aim", reference: "Aim")
        return (aimBox, boxes, height)
    }

    /// Text broken into lines of whole words that fit a box.
    static func wrap(_ text: String) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            let word = word.count > lineLength ? String(word.prefix(lineLength - 1)) + "…" : String(word)
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= lineLength {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > lineLimit {
            lines = Array(lines.prefix(lineLimit))
            lines[lineLimit - 1] = String(lines[lineLimit - 1].prefix(lineLength - 1)) + "…"
        }
        return lines
    }

    public var summary: String {
        let counts = DriverKind.allCases.map { kind in (kind, tree.nodes.filter { $0.fields.kind == kind }.count) }
        return "Aim: \(aim.isEmpty ? "none written yet" : aim). "
            + counts.map { "\($0.1) \($0.0.label.lowercased())\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ") + "."
    }

    static func number(_ value: Double) -> String { SVGNumber.text(value) }

    public func svg(id: String) -> El {
        let (aimBox, boxes, height) = layout()
        let width = 4 * Self.columnWidth + 3 * Self.gap
        let titleID = "\(id)-title", descID = "\(id)-desc"
        let fills = ["aim": "#005eb8", "primary": "#003087", "secondary": "#41b6e6", "change-idea": "#ffb81c"]
        let inks = ["aim": "#ffffff", "primary": "#ffffff", "secondary": "#212b32", "change-idea": "#212b32"]
        return El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Self.number(width)) \(Self.number(height))"),
                          ("role", "img"), ("aria-labelledby", "\(titleID) \(descID)"), ("class", "wm-driver-diagram"), ("id", id)]) {
            El("title", [("id", titleID)]) { Safe(title) }
            El("desc", [("id", descID)]) { Safe(summary) }
            for (index, heading) in ["Aim", "Primary drivers", "Secondary drivers", "Change ideas"].enumerated() {
                El("text", [("x", Self.number(Double(index) * (Self.columnWidth + Self.gap))), ("y", "16"), ("class", "column-heading")]) {
                    Safe(heading)
                }
            }
            // The joins first, so that boxes sit above them.
            for node in tree.nodes {
                if let box = boxes[node.id] {
                    let parent = node.fields.parentID.flatMap { boxes[$0] } ?? aimBox
                    let x1 = parent.x + Self.columnWidth, y1 = parent.y + Self.boxHeight / 2
                    let x2 = box.x, y2 = box.y + Self.boxHeight / 2, middle = (x1 + x2) / 2
                    El("path", [("d", "M\(Self.number(x1)) \(Self.number(y1)) H\(Self.number(middle)) V\(Self.number(y2)) H\(Self.number(x2))"),
                                ("fill", "none"), ("stroke", "#768692"), ("stroke-width", "1.5"), ("class", "join")]) {}
                }
            }
            for box in [aimBox] + tree.nodes.compactMap({ boxes[$0.id] }) {
                El("g", [("class", "box"), ("data-kind", box.kind)]) {
                    El("rect", [("x", Self.number(box.x)), ("y", Self.number(box.y)), ("width", Self.number(Self.columnWidth)),
                                ("height", Self.number(Self.boxHeight)), ("rx", "4"), ("fill", fills[box.kind] ?? "#ffffff")]) {}
                    for (line, text) in box.lines.enumerated() {
                        El("text", [("x", Self.number(box.x + 8)),
                                    ("y", Self.number(box.y + Self.boxHeight / 2 + (Double(line) - Double(box.lines.count - 1) / 2) * 14 + 4)),
                                    ("fill", inks[box.kind] ?? "#212b32"), ("class", "box-text")]) {
                            Safe(text)
                        }
                    }
                }
            }
        }
    }
}
