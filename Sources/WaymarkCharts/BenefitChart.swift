import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A benefit's trajectory against its actuals on a time axis: the planned line from the
/// baseline through the trajectory to the target (dashed), the actual values joined (solid,
/// each a point), the baseline and target marked, and today. Its title and description say what
/// it shows; the benefit's page gives the same values as a table.
public struct BenefitChart: Sendable {
    public let title: String
    public let planned: [DatedValue]
    public let actuals: [DatedValue]
    public let baseline: DatedValue?
    public let target: DatedValue?
    public let today: CalendarDate
    public let unit: String

    public init(title: String, benefit: BenefitFields, actuals: [DatedValue], today: CalendarDate) {
        self.title = title
        var planned = benefit.trajectory
        if let baseline = benefit.baseline, planned.first.map({ baseline.date < $0.date }) ?? true { planned.insert(baseline, at: 0) }
        if let target = benefit.target, planned.last.map({ target.date > $0.date }) ?? true { planned.append(target) }
        self.planned = planned
        self.actuals = actuals
        baseline = benefit.baseline
        target = benefit.target
        self.today = today
        unit = benefit.unit
    }

    static let width = 720.0
    static let height = 280.0
    static let left = 64.0
    static let right = 16.0
    static let top = 16.0
    static let bottom = 40.0

    var dates: (first: Int64, last: Int64)? {
        let days = (planned + actuals).map(\.date.daysSinceEpoch)
        guard let first = days.min(), let last = days.max() else { return nil }
        return (first, max(last, first + 1))
    }

    var range: (low: Double, high: Double) {
        let values = (planned + actuals).map(\.value)
        guard let low = values.min(), let high = values.max() else { return (0, 1) }
        let margin = high > low ? (high - low) * 0.1 : max(abs(high) * 0.1, 1)
        return (low - margin, high + margin)
    }

    func x(_ date: CalendarDate, _ span: (first: Int64, last: Int64)) -> Double {
        Self.left + (Self.width - Self.left - Self.right) * Double(date.daysSinceEpoch - span.first) / Double(span.last - span.first)
    }

    func y(_ value: Double, _ range: (low: Double, high: Double)) -> Double {
        Self.top + (Self.height - Self.top - Self.bottom) * (1 - (value - range.low) / (range.high - range.low))
    }

    static func number(_ value: Double) -> String { SVGNumber.text(value) }

    func amount(_ value: Double) -> String { SPCChart.rounded(value) + (unit.isEmpty ? "" : " " + unit) }

    /// "Planned from 120 (2025-04-01) to 60 (2027-03-31). 5 actual values, latest 84 (2026-09-30)."
    public var summary: String {
        var parts: [String] = []
        if let first = planned.first, let last = planned.last {
            parts.append(planned.count == 1 ? "Planned \(amount(first.value)) on \(first.date)."
                         : "Planned from \(amount(first.value)) (\(first.date)) to \(amount(last.value)) (\(last.date)).")
        } else {
            parts.append("No trajectory planned.")
        }
        if let latest = actuals.last {
            parts.append("\(actuals.count) actual value\(actuals.count == 1 ? "" : "s"), latest \(amount(latest.value)) (\(latest.date)).")
        } else {
            parts.append("No actual values yet.")
        }
        return parts.joined(separator: " ")
    }

    public func svg(id: String) -> El {
        let titleID = "\(id)-title", descID = "\(id)-desc", range = self.range
        return El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(Self.height))"),
                          ("role", "img"), ("aria-labelledby", "\(titleID) \(descID)"), ("class", "wm-benefit-chart"), ("id", id)]) {
            El("title", [("id", titleID)]) { Safe(title) }
            El("desc", [("id", descID)]) { Safe(summary) }
            if let span = dates {
                for step in 0...4 {
                    let value = range.low + (range.high - range.low) * Double(step) / 4
                    El("line", [("x1", Self.number(Self.left)), ("x2", Self.number(Self.width - Self.right)), ("y1", Self.number(y(value, range))),
                                ("y2", Self.number(y(value, range))), ("stroke", "#d8dde0"), ("stroke-width", "1"), ("class", "grid")]) {}
                    El("text", [("x", Self.number(Self.left - 6)), ("y", Self.number(y(value, range) + 4)), ("text-anchor", "end"),
                                ("class", "axis")]) { Safe(SPCChart.rounded(value)) }
                }
                let first = CalendarDate.civil(fromDaysSinceEpoch: span.first), last = CalendarDate.civil(fromDaysSinceEpoch: span.last)
                El("text", [("x", Self.number(Self.left)), ("y", Self.number(Self.height - Self.bottom + 18)), ("class", "axis")]) {
                    Safe(CalendarDate(year: first.year, month: first.month, day: first.day)?.description ?? "")
                }
                El("text", [("x", Self.number(Self.width - Self.right)), ("y", Self.number(Self.height - Self.bottom + 18)),
                            ("text-anchor", "end"), ("class", "axis")]) {
                    Safe(CalendarDate(year: last.year, month: last.month, day: last.day)?.description ?? "")
                }
                if (span.first...span.last).contains(today.daysSinceEpoch) {
                    let tx = Self.number(x(today, span))
                    El("line", [("x1", tx), ("x2", tx), ("y1", Self.number(Self.top)), ("y2", Self.number(Self.height - Self.bottom)),
                                ("stroke", "#005eb8"), ("stroke-dasharray", "2 3"), ("class", "today")]) {}
                    El("text", [("x", Self.number(x(today, span) + 4)), ("y", Self.number(Self.top + 10)), ("class", "label")]) { Safe("Today") }
                }
                if planned.count > 1 {
                    El("path", [("d", line(planned, span, range)), ("fill", "none"), ("stroke", "#768692"), ("stroke-width", "2"),
                                ("stroke-dasharray", "6 4"), ("class", "planned")]) {}
                }
                for (point, kind) in [(baseline, "baseline"), (target, "target")] {
                    if let point {
                        El("rect", [("x", Self.number(x(point.date, span) - 5)), ("y", Self.number(y(point.value, range) - 5)),
                                    ("width", "10"), ("height", "10"), ("fill", kind == "target" ? "#de1b1b" : "#4c6272"), ("class", kind)]) {}
                    }
                }
                if actuals.count > 1 {
                    El("path", [("d", line(actuals, span, range)), ("fill", "none"), ("stroke", "#005eb8"), ("stroke-width", "2"),
                                ("class", "actual-line")]) {}
                }
                for point in actuals {
                    El("circle", [("cx", Self.number(x(point.date, span))), ("cy", Self.number(y(point.value, range))), ("r", "4"),
                                  ("fill", "#005eb8"), ("class", "actual")]) {}
                }
            }
        }
    }

    func line(_ values: [DatedValue], _ span: (first: Int64, last: Int64), _ range: (low: Double, high: Double)) -> String {
        values.enumerated().map { offset, point in
            (offset == 0 ? "M" : "L") + Self.number(x(point.date, span)) + " " + Self.number(y(point.value, range))
        }.joined(separator: " ")
    }
}
