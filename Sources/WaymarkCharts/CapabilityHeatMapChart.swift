import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// Capability by organisation and competency drawn as SVG: each cell the average self-assessed
/// level of the people who rated it, shaded from awareness (light) to leader (dark) and written
/// in it; a cell of fewer than five people is grey and says so, never a number. Organisations
/// run down the side (the whole system last), competencies along the top.
///
/// Accessible: the image has a title and a description; the page gives the same figures as a
/// data table.
public struct CapabilityHeatMapChart: Sendable {
    public let title: String
    public let map: CapabilityHeatMap

    public init(title: String, map: CapabilityHeatMap) {
        self.title = title
        self.map = map
    }

    static let cellWidth = 72, cellHeight = 40, left = 260, top = 150, right = 90

    var rows: [CapabilityHeatMap.Row] { map.rows + [map.total] }

    public var summary: String {
        let shown = rows.flatMap { row in
            map.framework.competencies.compactMap { competency -> String? in
                guard let cell = row.cells[competency.key], let average = cell.average else { return nil }
                return "\(row.organisationName), \(competency.name): \(Self.format(average))"
            }
        }
        let hidden = rows.reduce(0) { count, row in count + row.cells.values.filter(\.isSuppressed).count }
        return "Average self-assessed level from 1 (awareness) to 4 (leader). "
            + (shown.isEmpty ? "No group is large enough to show." : shown.joined(separator: "; ") + ".")
            + (hidden > 0 ? " \(hidden) cells with fewer than five people are not shown." : "")
    }

    /// An average to one decimal place, halves away from zero (as every chart writes numbers).
    public static func format(_ average: Double) -> String { SVGNumber.text(average) }

    /// The cell's fill: from NHS pale blue at 1 to NHS dark blue at 4.
    static func fill(_ average: Double) -> String {
        let shades = ["#e8f1fb", "#b8d4f0", "#6fa6dc", "#005eb8", "#003087"]
        let index = min(shades.count - 1, max(0, Int(((average - 1) / 3 * Double(shades.count - 1)).rounded())))
        return shades[index]
    }

    public func svg(id: String) -> El {
        let competencies = map.framework.competencies
        let width = Self.left + competencies.count * Self.cellWidth + Self.right
        let height = Self.top + rows.count * Self.cellHeight + 8
        let titleID = "\(id)-title", descID = "\(id)-desc"
        return El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(width) \(height)"), ("role", "img"),
                          ("aria-labelledby", "\(titleID) \(descID)"), ("class", "wm-capability-map"), ("id", id)]) {
            El("title", [("id", titleID)]) { Safe(title) }
            El("desc", [("id", descID)]) { Safe(summary) }
            for (column, competency) in competencies.enumerated() {
                let x = Self.left + column * Self.cellWidth + Self.cellWidth / 2
                El("text", [("x", "\(x)"), ("y", "\(Self.top - 8)"), ("transform", "rotate(-40 \(x) \(Self.top - 8))"), ("class", "axis")]) {
                    Safe(competency.name)
                }
            }
            for (index, row) in rows.enumerated() {
                let y = Self.top + index * Self.cellHeight
                El("text", [("x", "\(Self.left - 8)"), ("y", "\(y + Self.cellHeight / 2 + 4)"), ("text-anchor", "end"), ("class", "axis")]) {
                    Safe(row.organisationName.count > 38 ? String(row.organisationName.prefix(37)) + "…" : row.organisationName)
                }
                for (column, competency) in competencies.enumerated() {
                    let cell = row.cells[competency.key]
                    let x = Self.left + column * Self.cellWidth
                    let average = cell?.average
                    El("rect", [("x", "\(x + 1)"), ("y", "\(y + 1)"), ("width", "\(Self.cellWidth - 2)"), ("height", "\(Self.cellHeight - 2)"),
                                ("fill", average.map(Self.fill) ?? "#d8dde0")])
                    El("text", [("x", "\(x + Self.cellWidth / 2)"), ("y", "\(y + Self.cellHeight / 2 + 5)"), ("text-anchor", "middle"),
                                ("class", "value"), ("fill", (average ?? 0) >= 2.5 ? "#ffffff" : "#212b32")]) {
                        Safe(average.map(Self.format) ?? (cell?.isSuppressed == false ? "–" : "<5"))
                    }
                }
            }
        }
    }
}
