import Foundation
import Plot
import WaymarkMarkup

/// Horizontal bars, one row per category, each row one bar per series (projects by stage; cash
/// planned and realised by year), drawn from zero to the largest value. A row with a link is a
/// link: the whole row (label, bars and figures) goes to what it counts.
///
/// Accessible: the image (a group, when its rows are links) has a title and a description that
/// says every figure, each linked row names its label and figures, and `table` gives the same
/// figures as a data table with the same links.
public struct BarChart: Sendable {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var colour: String

        public init(name: String, colour: String) {
            self.name = name
            self.colour = colour
        }
    }

    public struct Row: Sendable, Equatable {
        public var label: String
        /// One value a series, drawn as a bar.
        public var values: [Double]
        /// How each value is written ("12", "£1.2m").
        public var texts: [String]
        public var link: String?
        /// The bar's colour when it is not its series' (a RAG status's own).
        public var colour: String?

        public init(label: String, values: [Double], texts: [String], link: String? = nil, colour: String? = nil) {
            self.label = label
            self.values = values
            self.texts = texts
            self.link = link
            self.colour = colour
        }
    }

    public let title: String
    public let series: [Series]
    public let rows: [Row]

    public init(title: String, series: [Series], rows: [Row]) {
        self.title = title
        self.series = series
        self.rows = rows
    }

    /// One bar a row, counted: "12 projects".
    public static func counts(title: String, colour: String = "#005eb8", rows: [(label: String, count: Int, link: String?, colour: String?)],
                              unit: (singular: String, plural: String) = ("project", "projects")) -> BarChart {
        BarChart(title: title, series: [Series(name: unit.plural.prefix(1).uppercased() + unit.plural.dropFirst(), colour: colour)],
                 rows: rows.map { row in
            Row(label: row.label, values: [Double(row.count)], texts: ["\(row.count) \(row.count == 1 ? unit.singular : unit.plural)"],
                link: row.link, colour: row.colour)
        })
    }

    // Geometry, in the SVG's own units: the chart scales to its container.
    static let width = 640.0
    static let labelWidth = 250.0
    static let figureWidth = 120.0
    static let barHeight = 22.0
    static let gap = 10.0
    static let top = 4.0
    /// Labels longer than this are shortened in the picture (the description and table say them whole).
    static let labelLength = 28

    var rowHeight: Double { Self.barHeight * Double(max(series.count, 1)) + Self.gap }
    var height: Double { Self.top * 2 + rowHeight * Double(max(rows.count, 1)) }
    var largest: Double { max(rows.flatMap(\.values).max() ?? 0, 0) }

    /// "Delivery: 3 projects; Closure: 1 project.": what the picture says.
    public var summary: String {
        guard !rows.isEmpty else { return "Nothing to show." }
        return rows.map { row in
            let figures = series.count == 1 ? row.texts.first ?? ""
                : zip(series, row.texts).map { "\($0.name) \($1)" }.joined(separator: ", ")
            return "\(row.label): \(figures)"
        }.joined(separator: "; ") + "."
    }

    static func shortened(_ label: String) -> String {
        label.count <= labelLength ? label : String(label.prefix(labelLength - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    public func svg(id: String) -> El {
        let titleID = "\(id)-title", descID = "\(id)-desc"
        let linked = rows.contains { $0.link != nil }
        let barSpace = Self.width - Self.labelWidth - Self.figureWidth
        let scale = largest > 0 ? barSpace / largest : 0
        return El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(height.rounded(.up)))"),
                          // An image's parts are presentational: with links in it the chart is a group.
                          ("role", linked ? "group" : "img"), ("aria-labelledby", "\(titleID) \(descID)"), ("class", "wm-bar-chart"),
                          ("id", id)]) {
            El("title", [("id", titleID)]) { Safe(title) }
            El("desc", [("id", descID)]) { Safe(summary) }
            for (index, row) in rows.enumerated() {
                let y = Self.top + rowHeight * Double(index)
                let body = El("g", [("class", "bar-row")]) {
                    El("text", [("x", SVGNumber.text(Self.labelWidth - 8)), ("y", SVGNumber.text(y + rowHeight / 2 + 1)),
                                ("text-anchor", "end"), ("class", "axis")]) { Safe(Self.shortened(row.label)) }
                    for (number, value) in row.values.enumerated() {
                        let barY = y + Self.barHeight * Double(number)
                        let length = max(value * scale, value > 0 ? 2 : 0)
                        El("rect", [("x", SVGNumber.text(Self.labelWidth)), ("y", SVGNumber.text(barY)), ("width", SVGNumber.text(length)),
                                    ("height", SVGNumber.text(Self.barHeight - 2)),
                                    ("fill", row.colour ?? (number < series.count ? series[number].colour : "#005eb8")), ("class", "bar")])
                        El("text", [("x", SVGNumber.text(Self.labelWidth + length + 6)), ("y", SVGNumber.text(barY + Self.barHeight - 7)),
                                    ("class", "figure")]) { Safe(number < row.texts.count ? row.texts[number] : "") }
                    }
                }
                if let link = row.link {
                    El("a", [("href", link), ("aria-label", "\(row.label): \(row.texts.joined(separator: ", "))")]) { body }
                } else {
                    body
                }
            }
        }
    }

    /// The same figures as a table: a row per category (a link where the chart's is), a column per series.
    public func table(caption: String, category: String) -> El {
        El("table", [("class", "wm-table wm-bar-chart-table")]) {
            El("caption", [("class", "wm-table__caption")]) { Safe(caption) }
            El("thead", []) {
                El("tr", []) {
                    El("th", [("scope", "col")]) { Safe(category) }
                    for item in series { El("th", [("scope", "col"), ("class", "wm-table__numeric")]) { Safe(item.name) } }
                }
            }
            El("tbody", []) {
                for row in rows {
                    El("tr", []) {
                        El("th", [("scope", "row")]) {
                            if let link = row.link { El("a", [("href", link)]) { Safe(row.label) } } else { Safe(row.label) }
                        }
                        for text in row.texts { El("td", [("class", "wm-table__numeric")]) { Safe(text) } }
                    }
                }
            }
        }
    }
}
