import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A risk's current score over time, drawn small: a step line from each change to the next and
/// on to today, on a 0 to 25 scale with the band boundaries shaded, each change a marker. The
/// risk page shows the same points as a table beside it; the SVG's title and description say
/// what it shows in words.
public struct RiskScoreTrend: Sendable {
    public let title: String
    public let points: [(date: Date, score: Int, band: String)]
    public let bands: RiskBandTable
    public let until: Date
    /// The calendar the description's dates are days of (the page's: England's).
    public let calendar: Calendar

    public init(title: String, points: [RiskScorePoint], bands: RiskBandTable, until: Date, calendar: Calendar = CalendarDate.utc) {
        self.title = title
        self.calendar = calendar
        self.points = points.map { ($0.recordedAt, $0.rating.score, $0.rating.band) }
        self.bands = bands
        self.until = max(until, points.last?.recordedAt ?? until)
    }

    static let width = 320
    static let height = 120
    static let left = 28
    static let right = 8
    static let top = 8
    static let bottom = 20

    /// "Current score 12 (High) from 3 March 2026, then 25 (Extreme) from 9 April 2026."
    public var summary: String {
        guard !points.isEmpty else { return "No score recorded." }
        return "Current score " + points.map { "\($0.score) (\($0.band)) from \(CalendarDate($0.date, calendar: calendar).longFormat)" }
            .joined(separator: ", then ") + "."
    }

    func x(_ date: Date) -> Double {
        guard let first = points.first?.date, until > first else { return Double(Self.left) }
        let span = until.timeIntervalSince(first)
        return Double(Self.left) + Double(Self.width - Self.left - Self.right) * date.timeIntervalSince(first) / span
    }

    func y(_ score: Int) -> Double {
        Double(Self.top) + Double(Self.height - Self.top - Self.bottom) * (1 - Double(score) / 25)
    }

    static func number(_ value: Double) -> String { SVGNumber.text(value) }

    public func svg(id: String) -> El {
        let titleID = "\(id)-title", descID = "\(id)-desc"
        // The step line: along at each score until the next change, then up or down to it.
        var path: [String] = []
        for (index, point) in points.enumerated() {
            let (px, py) = (x(point.date), y(point.score))
            path.append(index == 0 ? "M\(Self.number(px)) \(Self.number(py))" : "V\(Self.number(py))")
            let next = index + 1 < points.count ? points[index + 1].date : until
            path.append("H\(Self.number(x(next)))")
        }
        let boundaries = bands.bands.dropFirst().map(\.lowestScore)
        return El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Self.width) \(Self.height)"),
                          ("role", "img"), ("aria-labelledby", "\(titleID) \(descID)"), ("class", "wm-score-trend"), ("id", id)]) {
            El("title", [("id", titleID)]) { Safe(title) }
            El("desc", [("id", descID)]) { Safe(summary) }
            for band in bands.bands {
                let upper = bands.bands.first { $0.lowestScore > band.lowestScore }.map { $0.lowestScore - 1 } ?? 25
                El("rect", [("x", "\(Self.left)"), ("y", Self.number(y(upper))), ("width", "\(Self.width - Self.left - Self.right)"),
                            ("height", Self.number(y(band.lowestScore - 1) - y(upper))), ("fill", band.colour), ("fill-opacity", "0.18"),
                            ("class", "band"), ("data-band", band.name)])
            }
            for score in [0] + boundaries + [25] {
                El("text", [("x", "\(Self.left - 4)"), ("y", Self.number(y(score) + 3)), ("text-anchor", "end"), ("class", "axis")]) {
                    Safe("\(score)")
                }
            }
            if !points.isEmpty {
                El("path", [("d", path.joined(separator: " ")), ("fill", "none"), ("stroke", "#212b32"), ("stroke-width", "2"), ("class", "line")])
            }
            for point in points {
                El("circle", [("cx", Self.number(x(point.date))), ("cy", Self.number(y(point.score))), ("r", "3.5"), ("fill", "#212b32"),
                              ("class", "point"), ("data-score", "\(point.score)")])
            }
        }
    }
}
