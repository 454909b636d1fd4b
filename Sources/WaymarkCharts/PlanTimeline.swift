import Foundation
import WaymarkDomain
import WaymarkMarkup

/// Milestones on a time axis, one row each: the baseline date as an open diamond, the forecast (or
/// actual) date as a filled one, a line between them when they differ, and a line for today.
/// Slipped milestones are drawn orange and overdue ones red, and each says so in its row's label,
/// so colour is never the only signal; the SVG's title and description say what it shows, and the
/// pages give the same rows as a table.
public struct PlanTimeline: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var baseline: CalendarDate?
        /// The actual date once achieved, else the forecast.
        public var date: CalendarDate
        public var achieved: Bool
        public var overdue: Bool
        /// Later than its baseline.
        public var slipped: Bool
        public var link: String?

        public init(label: String, baseline: CalendarDate?, date: CalendarDate, achieved: Bool, overdue: Bool, slipped: Bool,
                    link: String? = nil) {
            self.label = label
            self.baseline = baseline
            self.date = date
            self.achieved = achieved
            self.overdue = overdue
            self.slipped = slipped
            self.link = link
        }

        public init(_ milestone: Milestone, today: CalendarDate, label: String? = nil, link: String? = nil) {
            self.init(label: label ?? "\(milestone.reference) \(milestone.fields.title)", baseline: milestone.baselineDate,
                      date: milestone.expectedDate, achieved: milestone.fields.actualDate != nil,
                      overdue: milestone.isOverdue(today: today), slipped: (milestone.slippageDays ?? 0) > 0, link: link)
        }

        var state: String { overdue ? "overdue" : slipped ? "slipped" : achieved ? "achieved" : "planned" }
    }

    public let title: String
    public let rows: [Row]
    public let today: CalendarDate
    /// The axis runs from the first date to the last (today included), padded by a week each side:
    /// found once, as every point's position uses it.
    let range: (first: Int64, last: Int64)

    public init(title: String, rows: [Row], today: CalendarDate) {
        self.title = title
        self.rows = rows
        self.today = today
        var first = today.daysSinceEpoch, last = today.daysSinceEpoch
        for row in rows {
            for day in [row.date.daysSinceEpoch, row.baseline?.daysSinceEpoch].compactMap({ $0 }) {
                first = min(first, day)
                last = max(last, day)
            }
        }
        range = (first - 7, last + 7)
    }

    static let width = 720
    static let labelWidth = 230
    static let right = 16
    static let top = 28
    static let rowHeight = 24
    static let colours = (planned: "#005eb8", achieved: "#007f3b", slipped: "#ed8b00", overdue: "#d5281b", baseline: "#4c6272")

    func x(_ date: CalendarDate) -> Double {
        let (first, last) = range
        let span = Double(max(last - first, 1))
        return Double(Self.labelWidth) + Double(Self.width - Self.labelWidth - Self.right) * Double(date.daysSinceEpoch - first) / span
    }

    func y(_ row: Int) -> Double { Double(Self.top + row * Self.rowHeight + Self.rowHeight / 2) }

    var height: Int { Self.top + max(rows.count, 1) * Self.rowHeight + 8 }

    /// "4 milestones from 3 March 2026 to 9 October 2026: 1 overdue, 2 slipped against the baseline."
    public var summary: String {
        guard let first = rows.map(\.date).min(), let last = rows.map(\.date).max() else { return "No milestones." }
        let overdue = rows.filter(\.overdue).count, slipped = rows.filter(\.slipped).count
        var text = "\(rows.count) \(rows.count == 1 ? "milestone" : "milestones") from \(first.longFormat) to \(last.longFormat)"
        var notes: [String] = []
        if overdue > 0 { notes.append("\(overdue) overdue") }
        if slipped > 0 { notes.append("\(slipped) slipped against the baseline") }
        if !notes.isEmpty { text += ": " + notes.joined(separator: ", ") }
        return text + ". Today is \(today.longFormat)."
    }

    static func number(_ value: Double) -> String { SVGNumber.text(value) }

    /// The first of each month on the axis (every other month on a long one), for its ticks.
    var months: [CalendarDate] {
        let (first, last) = range
        let start = CalendarDate.civil(fromDaysSinceEpoch: first)
        var month = CalendarDate(year: start.year, month: start.month, day: 1)!
        var found: [CalendarDate] = []
        while month.daysSinceEpoch <= last {
            if month.daysSinceEpoch >= first { found.append(month) }
            month = month.month == 12 ? CalendarDate(year: month.year + 1, month: 1, day: 1)! : CalendarDate(year: month.year, month: month.month + 1, day: 1)!
        }
        let step = max(1, (found.count + 11) / 12)
        return found.enumerated().filter { $0.offset % step == 0 }.map(\.element)
    }

    func diamond(_ cx: Double, _ cy: Double, _ size: Double) -> String {
        // Each of the six coordinates formatted once (the centre's are used twice each).
        let centreX = Self.number(cx), centreY = Self.number(cy)
        let top = Self.number(cy - size), right = Self.number(cx + size), bottom = Self.number(cy + size), left = Self.number(cx - size)
        return "M\(centreX) \(top) L\(right) \(centreY) L\(centreX) \(bottom) L\(left) \(centreY) Z"
    }

    /// The chart, written straight into bytes: a page of key milestones draws 25 rows of four
    /// or five elements each, and building them as components cost more than writing them.
    public func svg(id: String) -> WrittenHTML {
        var html = HTMLBytes(capacity: 1_536 + rows.count * 640)
        write(id: id, into: &html)
        return html.component
    }

    func write(id: String, into html: inout HTMLBytes) {
        let titleID = "\(id)-title", descID = "\(id)-desc"
        let shortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        // With links in it the chart is a group of links, not an image, so each row stays reachable.
        let linked = rows.contains { $0.link != nil }
        let top = "\(Self.top - 6)", bottom = "\(height - 8)"
        html.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Self.width) \(height)"),
                          ("role", linked ? "group" : "img"), ("aria-labelledby", "\(titleID) \(descID)"), ("class", "wm-timeline"),
                          ("id", id)])
        html.element("title", [("id", titleID)], text: title)
        html.element("desc", [("id", descID)], text: summary)
        let ticks = months
        for month in ticks {
            let mx = Self.number(x(month))
            html.open("line", [("x1", mx), ("x2", mx), ("y1", top), ("y2", bottom), ("class", "tick"), ("stroke", "#d8dde0")])
            html.close("line")
            html.element("text", [("x", mx), ("y", "\(Self.top - 10)"), ("text-anchor", "middle"), ("class", "axis")],
                         text: month.month == 1 || month == ticks.first ? "\(shortMonths[month.month - 1]) \(month.year)"
                             : shortMonths[month.month - 1])
        }
        let tx = Self.number(x(today))
        html.open("line", [("x1", tx), ("x2", tx), ("y1", top), ("y2", bottom), ("class", "today"), ("stroke", "#212b32"),
                           ("stroke-dasharray", "4 3"), ("data-date", today.description)])
        html.close("line")
        for (index, row) in rows.enumerated() {
            let cy = y(index), rowY = Self.number(cy), colour = Self.colour(row)
            html.open("g", [("class", "milestone"), ("data-state", row.state)])
            if let link = row.link { html.open("a", [("href", link)]) }
            html.element("text", [("x", "4"), ("y", Self.number(cy + 4)), ("class", "label")],
                         text: Self.clip(row.label) + (row.overdue ? " (overdue)" : row.slipped ? " (slipped)" : ""))
            if let baseline = row.baseline, baseline != row.date {
                html.open("line", [("x1", Self.number(x(baseline))), ("x2", Self.number(x(row.date))), ("y1", rowY), ("y2", rowY),
                                   ("stroke", colour), ("stroke-width", "2"), ("class", "slip")])
                html.close("line")
            }
            if let baseline = row.baseline {
                html.open("path", [("d", diamond(x(baseline), cy, 6)), ("fill", "#ffffff"), ("stroke", Self.colours.baseline),
                                   ("stroke-width", "2"), ("class", "baseline"), ("data-date", baseline.description)])
                html.close("path")
            }
            html.open("path", [("d", diamond(x(row.date), cy, 7)), ("fill", colour), ("class", "forecast"),
                               ("data-date", row.date.description)])
            html.close("path")
            if row.link != nil { html.close("a") }
            html.close("g")
        }
        html.close("svg")
    }

    static func colour(_ row: Row) -> String {
        row.overdue ? colours.overdue : row.slipped ? colours.slipped : row.achieved ? colours.achieved : colours.planned
    }

    /// A label short enough for its column.
    static func clip(_ text: String) -> String {
        text.count > 30 ? String(text.prefix(29)) + "…" : text
    }
}
