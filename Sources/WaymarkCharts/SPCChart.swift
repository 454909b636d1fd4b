import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A measure's SPC chart (Making Data Count): the points joined in order, each coloured by its
/// class; per period the mean and the process limits (or the median of a run chart); the target;
/// a mark where the limits were recalculated; ghosted points hollow. Its title and description
/// say what it shows; the page gives the data as a table too.
public struct SPCChart: Sendable {
    public let title: String
    public let analysis: SPCAnalysis
    public let unit: String
    /// Annotations and PDSA cycles, oldest first: each drawn as a numbered line at its date.
    public let marks: [ChartMark]

    public init(title: String, analysis: SPCAnalysis, unit: String = "", marks: [ChartMark] = []) {
        self.title = title
        self.analysis = analysis
        self.unit = unit
        self.marks = marks
    }

    /// Where a date falls along the points (their labels are dates): on a point with that date,
    /// between the two around it by days, or nil when it is outside the series.
    func x(_ date: CalendarDate) -> Double? {
        let dates = analysis.points.map { CalendarDate($0.label) }
        guard let after = dates.firstIndex(where: { $0.map { $0 >= date } ?? false }) else { return nil }
        guard after > 0, let next = dates[after], next != date, let previous = dates[after - 1] else {
            return dates[after] == date || after > 0 ? x(after) : nil
        }
        let span = Double(next.daysSinceEpoch - previous.daysSinceEpoch)
        return x(after - 1) + (x(after) - x(after - 1)) * Double(date.daysSinceEpoch - previous.daysSinceEpoch) / span
    }

    static let width = 720.0
    static let height = 320.0
    static let left = 56.0
    static let right = 16.0
    static let top = 16.0
    static let bottom = 40.0
    static let target = "#de1b1b"

    /// The span of values the chart shows: every value, line and target, with a margin.
    var range: (low: Double, high: Double) {
        var values = analysis.points.compactMap(\.value) + analysis.points.compactMap(\.target)
        for period in analysis.periods {
            values += [period.mean, period.upperLimit, period.lowerLimit].compactMap { $0 }
        }
        if let median = analysis.median { values.append(median) }
        values = values.filter(\.isFinite)
        guard let low = values.min(), let high = values.max() else { return (0, 1) }
        let margin = high > low ? (high - low) * 0.08 : max(abs(high) * 0.1, 1)
        return (low - margin, high + margin)
    }

    func x(_ index: Int) -> Double {
        let count = max(analysis.points.count - 1, 1)
        return Self.left + (Self.width - Self.left - Self.right) * Double(index) / Double(count)
    }

    func y(_ value: Double, _ range: (low: Double, high: Double)) -> Double {
        Self.top + (Self.height - Self.top - Self.bottom) * (1 - (value - range.low) / (range.high - range.low))
    }

    static func number(_ value: Double) -> String { SVGNumber.text(value) }

    /// "24 points from 2025-01 to 2026-12. Latest 87.5 (2026-12): special cause improvement (high). ..."
    public var summary: String {
        let counted = analysis.points.filter(\.counted)
        guard let first = analysis.points.first, let last = counted.last, let value = last.value else {
            return "No observations yet."
        }
        var parts = ["\(analysis.points.count) point\(analysis.points.count == 1 ? "" : "s") from \(first.label) to \(analysis.points.last!.label)."]
        parts.append("Latest \(MeasureNumber.text(value))\(unit.isEmpty ? "" : " " + unit) (\(last.label))"
                     + (last.variation.map { ": " + $0.label.prefix(1).lowercased() + $0.label.dropFirst() } ?? "") + ".")
        switch analysis.kind {
        case .runChart:
            parts.append("A run chart on the median, \(analysis.median.map(MeasureNumber.text) ?? "none"): too few points for process limits.")
        case .xmr:
            let period = analysis.periods[last.period]
            if let mean = period.mean { parts.append("Mean \(Self.rounded(mean))") }
            if let lower = period.lowerLimit, let upper = period.upperLimit {
                parts[parts.count - 1] += ", process limits \(Self.rounded(lower)) to \(Self.rounded(upper))."
            }
            if analysis.periods.count > 1 { parts.append("The limits were recalculated \(analysis.periods.count - 1) time\(analysis.periods.count == 2 ? "" : "s").") }
        }
        let signals = counted.filter { !$0.rules.isEmpty }.count
        parts.append(signals == 0 ? "No special cause." : "\(signals) point\(signals == 1 ? " shows" : "s show") special cause.")
        if let assurance = analysis.assurance { parts.append(assurance.label + ".") }
        if !marks.isEmpty {
            parts.append("Marked: " + marks.enumerated().map { "\($0.offset + 1), \($0.element.date): \($0.element.label)" }.joined(separator: "; ") + ".")
        }
        return parts.joined(separator: " ")
    }

    /// A value as the chart labels it: at most three decimals.
    public static func rounded(_ value: Double) -> String {
        MeasureNumber.text((value * 1_000).rounded() / 1_000)
    }

    public func svg(id: String) -> El {
        let titleID = "\(id)-title", descID = "\(id)-desc", range = self.range
        let plotWidth = Self.width - Self.left - Self.right
        return El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(Self.height))"),
                          ("role", "img"), ("aria-labelledby", "\(titleID) \(descID)"), ("class", "wm-spc-chart"), ("id", id),
                          ("data-chart", analysis.kind.rawValue)]) {
            El("title", [("id", titleID)]) { Safe(title) }
            El("desc", [("id", descID)]) { Safe(summary) }
            // The value axis: five ticks across the range.
            for step in 0...4 {
                let value = range.low + (range.high - range.low) * Double(step) / 4
                El("line", [("x1", Self.number(Self.left)), ("x2", Self.number(Self.left + plotWidth)), ("y1", Self.number(y(value, range))),
                            ("y2", Self.number(y(value, range))), ("stroke", "#d8dde0"), ("stroke-width", "1"), ("class", "grid")]) {}
                El("text", [("x", Self.number(Self.left - 6)), ("y", Self.number(y(value, range) + 4)), ("text-anchor", "end"),
                            ("class", "axis")]) { Safe(Self.rounded(value)) }
            }
            if !analysis.points.isEmpty {
                let last = analysis.points.count - 1
                for index in Set([0, analysis.points.count / 2, last]).sorted() {
                    // The end labels lean inwards so that they are not cut off at the edges.
                    let anchor = index == 0 && last > 0 ? "start" : (index == last && last > 0 ? "end" : "middle")
                    El("text", [("x", Self.number(x(index))), ("y", Self.number(Self.height - Self.bottom + 18)), ("text-anchor", anchor),
                                ("class", "axis")]) { Safe(analysis.points[index].label) }
                }
            }
            // Per period: the mean and the limits, from its first point to its last.
            for (number, period) in analysis.periods.enumerated() {
                let x1 = Self.number(x(period.first)), x2 = Self.number(x(period.last))
                if number > 0 {
                    El("line", [("x1", x1), ("x2", x1), ("y1", Self.number(Self.top)), ("y2", Self.number(Self.height - Self.bottom)),
                                ("stroke", "#4c6272"), ("stroke-dasharray", "2 3"), ("class", "recalculation")]) {}
                    El("text", [("x", Self.number(x(period.first) + 4)), ("y", Self.number(Self.top + 10)), ("class", "label")]) {
                        Safe("Limits recalculated")
                    }
                }
                for (value, kind, dash) in [(period.mean, "mean", ""), (period.upperLimit, "upper-limit", "6 4"),
                                            (period.lowerLimit, "lower-limit", "6 4")] {
                    if let value, value.isFinite {
                        El("line", [("x1", x1), ("x2", x2), ("y1", Self.number(y(value, range))), ("y2", Self.number(y(value, range))),
                                    ("stroke", kind == "mean" ? "#212b32" : "#768692"), ("stroke-width", kind == "mean" ? "1.5" : "1"),
                                    ("stroke-dasharray", dash.isEmpty ? nil : dash), ("class", kind), ("data-value", Self.rounded(value))]) {}
                    }
                }
            }
            if let median = analysis.median, !analysis.points.isEmpty {
                El("line", [("x1", Self.number(x(0))), ("x2", Self.number(x(analysis.points.count - 1))),
                            ("y1", Self.number(y(median, range))), ("y2", Self.number(y(median, range))), ("stroke", "#212b32"),
                            ("stroke-width", "1.5"), ("class", "median"), ("data-value", Self.rounded(median))]) {}
            }
            // The target, as a step along the points it applies to.
            let targets = analysis.points.enumerated().compactMap { index, point in point.target.map { (index, $0) } }
            if !targets.isEmpty {
                El("path", [("d", targets.enumerated().map { offset, item in
                    (offset == 0 ? "M" : "L") + Self.number(x(item.0)) + " " + Self.number(y(item.1, range))
                }.joined(separator: " ")), ("fill", "none"), ("stroke", Self.target), ("stroke-width", "1.5"), ("stroke-dasharray", "3 3"),
                            ("class", "target")]) {}
            }
            // Annotations and PDSA cycles: a numbered line at each date, explained in the table beside.
            for (number, mark) in marks.enumerated() {
                if let at = x(mark.date) {
                    El("g", [("class", "mark"), ("data-kind", mark.kind.rawValue)]) {
                        El("line", [("x1", Self.number(at)), ("x2", Self.number(at)), ("y1", Self.number(Self.top + 14)),
                                    ("y2", Self.number(Self.height - Self.bottom)), ("stroke", "#330072"), ("stroke-dasharray", "1 3"),
                                    ("stroke-width", "1.5")]) {}
                        El("circle", [("cx", Self.number(at)), ("cy", Self.number(Self.top + 6)), ("r", "7"), ("fill", "#330072")]) {}
                        El("text", [("x", Self.number(at)), ("y", Self.number(Self.top + 9.5)), ("text-anchor", "middle"), ("class", "mark-number"),
                                    ("fill", "#ffffff")]) { Safe(String(number + 1)) }
                    }
                }
            }
            // The values, joined in order, and each point coloured by its class.
            let counted = analysis.points.enumerated().filter { $0.element.counted }
            if counted.count > 1 {
                El("path", [("d", counted.enumerated().map { offset, item in
                    (offset == 0 ? "M" : "L") + Self.number(x(item.offset)) + " " + Self.number(y(item.element.value!, range))
                }.joined(separator: " ")), ("fill", "none"), ("stroke", "#768692"), ("stroke-width", "1.5"), ("class", "line")]) {}
            }
            for (index, point) in analysis.points.enumerated() {
                if let value = point.value {
                    let colour = point.variation?.colour ?? SPCVariation.commonCause.colour
                    El("circle", [("cx", Self.number(x(index))), ("cy", Self.number(y(value, range))), ("r", "4.5"),
                                  ("fill", point.counted ? colour : "#ffffff"), ("stroke", point.counted ? colour : "#768692"),
                                  ("stroke-width", "1.5"),
                                  ("class", point.counted ? "point" : "point ghosted"),
                                  ("data-variation", point.variation?.rawValue ?? "ghosted")]) {}
                }
            }
        }
    }
}

/// The Making Data Count icons, drawn by Waymark: each a small SVG with its meaning as its title.
public enum SPCIcons {
    /// The variation icon: a circle in the class's colour, H or L for a special cause's side.
    public static func variation(_ variation: SPCVariation, id: String) -> El {
        let letter: String = switch variation {
        case .commonCause: ""
        case .improvementHigh, .concernHigh, .neitherHigh: "H"
        case .improvementLow, .concernLow, .neitherLow: "L"
        }
        let ink = RiskHeatMap.textColour(on: variation.colour)
        return icon(id: id, title: variation.label, colour: variation.colour, kind: "variation", code: variation.rawValue) {
            if letter.isEmpty {
                // Common cause: a level wave.
                El("path", [("d", "M10 24 q4 -6 8 0 t8 0 t8 0 t8 0"), ("fill", "none"), ("stroke", ink), ("stroke-width", "3")]) {}
            } else {
                El("text", [("x", "24"), ("y", "31"), ("text-anchor", "middle"), ("font-size", "22"), ("font-weight", "bold"),
                            ("fill", ink)]) { Safe(letter) }
            }
        }
    }

    /// The assurance icon: P (consistently passes), F (consistently fails), or a wave (hit and miss).
    public static func assurance(_ assurance: SPCAssurance, id: String) -> El {
        let (colour, letter): (String, String) = switch assurance {
        case .consistentlyPass: ("#00b0f0", "P")
        case .consistentlyFail: ("#e46c0a", "F")
        case .hitAndMiss: ("#a6a6a6", "")
        }
        let ink = RiskHeatMap.textColour(on: colour)
        return icon(id: id, title: assurance.label, colour: colour, kind: "assurance", code: assurance.rawValue) {
            if letter.isEmpty {
                El("path", [("d", "M10 24 q4 -10 8 0 t8 0 t8 0 t8 0"), ("fill", "none"), ("stroke", ink), ("stroke-width", "3")]) {}
            } else {
                El("text", [("x", "24"), ("y", "31"), ("text-anchor", "middle"), ("font-size", "22"), ("font-weight", "bold"),
                            ("fill", ink)]) { Safe(letter) }
            }
        }
    }

    static func icon(id: String, title: String, colour: String, kind: String, code: String,
                     @ComponentBuilder content: () -> ComponentGroup) -> El {
        El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 48 48"), ("width", "48"), ("height", "48"), ("role", "img"),
                   ("aria-labelledby", id + "-title"), ("class", "wm-spc-icon"), ("id", id), ("data-\(kind)", code)]) {
            El("title", [("id", id + "-title")]) { Safe(title) }
            El("circle", [("cx", "24"), ("cy", "24"), ("r", "22"), ("fill", colour)]) {}
            content()
        }
    }
}

/// A measure's recent values as a small line, its last point in its class's colour; its title
/// gives the values in words.
public struct SPCSparkline: Sendable {
    public let values: [Double]
    public let variation: SPCVariation?

    public init(values: [Double], variation: SPCVariation?) {
        self.values = values
        self.variation = variation
    }

    static let width = 96.0
    static let height = 24.0

    public func svg(id: String) -> El {
        let low = values.min() ?? 0, high = values.max() ?? 1
        let span = high > low ? high - low : 1
        func x(_ index: Int) -> Double { values.count > 1 ? 2 + (Self.width - 4) * Double(index) / Double(values.count - 1) : Self.width / 2 }
        func y(_ value: Double) -> Double { high > low ? 2 + (Self.height - 4) * (1 - (value - low) / span) : Self.height / 2 }
        let title = values.isEmpty ? "No values yet" : "The last \(values.count) value\(values.count == 1 ? "" : "s"): "
            + values.map(SPCChart.rounded).joined(separator: ", ")
        return El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(Self.height))"),
                          ("width", "\(Int(Self.width))"), ("height", "\(Int(Self.height))"), ("role", "img"),
                          ("aria-labelledby", id + "-title"), ("class", "wm-sparkline"), ("id", id)]) {
            El("title", [("id", id + "-title")]) { Safe(title) }
            if values.count > 1 {
                El("polyline", [("points", values.enumerated().map { SVGNumber.text(x($0.offset)) + "," + SVGNumber.text(y($0.element)) }
                    .joined(separator: " ")), ("fill", "none"), ("stroke", "#768692"), ("stroke-width", "1.5")]) {}
            }
            if let last = values.last {
                El("circle", [("cx", SVGNumber.text(x(values.count - 1))), ("cy", SVGNumber.text(y(last))), ("r", "2.5"),
                              ("fill", (variation ?? .commonCause).colour)]) {}
            }
        }
    }
}
