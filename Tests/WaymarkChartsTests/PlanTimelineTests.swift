import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup
import XCTest

final class PlanTimelineTests: XCTestCase {
    let today = CalendarDate("2026-09-21")!

    func milestone(_ number: Int, baseline: String?, forecast: String, actual: String? = nil) -> Milestone {
        Milestone(id: UUID(), projectID: UUID(), number: number,
                  fields: MilestoneFields(title: "Milestone <\(number)> & co", forecastDate: CalendarDate(forecast)!,
                                          actualDate: actual.flatMap(CalendarDate.init), status: actual == nil ? .onTrack : .complete),
                  baselineDate: baseline.flatMap(CalendarDate.init), version: 1, createdAt: Date(), updatedAt: Date())
    }

    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }

    /// Well-formed SVG: a row per milestone with its baseline and forecast markers, the slipped and
    /// overdue ones marked in their labels and states, today's line, and a description in words.
    func testMilestonesAreDrawnAgainstTheirBaselineAndToday() throws {
        let rows = [
            milestone(1, baseline: "2026-06-01", forecast: "2026-06-01", actual: "2026-06-03"),
            milestone(2, baseline: "2026-08-01", forecast: "2026-09-01"),
            milestone(3, baseline: "2026-10-01", forecast: "2026-11-15"),
            milestone(4, baseline: nil, forecast: "2027-01-10"),
        ].map { PlanTimeline.Row($0, today: today, link: "/milestones/\($0.number)") }
        let chart = PlanTimeline(title: "Plan of <RZV-0042>", rows: rows, today: today)
        let svg = HTMLWriter.render(chart.svg(id: "plan"))
        let root = try XCTUnwrap(try XMLDocument(xmlString: svg).rootElement())
        XCTAssertEqual(attribute(root, "role"), "group", "its rows are links")
        XCTAssertEqual(try root.nodes(forXPath: "./*[local-name()='title']").first?.stringValue, "Plan of <RZV-0042>")
        XCTAssertEqual(try root.nodes(forXPath: "./*[local-name()='desc']").first?.stringValue,
                       "4 milestones from 3 June 2026 to 10 January 2027: 1 overdue, 3 slipped against the baseline. Today is 21 September 2026.")
        let groups = try root.nodes(forXPath: "//*[local-name()='g'][@class='milestone']").compactMap { $0 as? XMLElement }
        XCTAssertEqual(groups.compactMap { attribute($0, "data-state") }, ["slipped", "overdue", "slipped", "planned"])
        let labels = try root.nodes(forXPath: "//*[local-name()='text'][@class='label']").map { $0.stringValue ?? "" }
        XCTAssertEqual(labels, ["M1 Milestone <1> & co (slipped)", "M2 Milestone <2> & co (overdue)", "M3 Milestone <3> & co (slipped)",
                                "M4 Milestone <4> & co"])
        let baselines = try root.nodes(forXPath: "//*[local-name()='path'][@class='baseline']").compactMap { $0 as? XMLElement }
        XCTAssertEqual(baselines.compactMap { attribute($0, "data-date") }, ["2026-06-01", "2026-08-01", "2026-10-01"], "none for M4")
        let forecasts = try root.nodes(forXPath: "//*[local-name()='path'][@class='forecast']").compactMap { $0 as? XMLElement }
        XCTAssertEqual(forecasts.compactMap { attribute($0, "data-date") }, ["2026-06-03", "2026-09-01", "2026-11-15", "2027-01-10"])
        let slips = try root.nodes(forXPath: "//*[local-name()='line'][@class='slip']")
        XCTAssertEqual(slips.count, 3, "a line from baseline to forecast where they differ")
        let todayLine = try XCTUnwrap(try root.nodes(forXPath: "//*[local-name()='line'][@class='today']").first as? XMLElement)
        XCTAssertEqual(attribute(todayLine, "data-date"), "2026-09-21")
        // Dates run left to right: M1's forecast is left of today, M4's right of it.
        let x = { (element: XMLElement) -> Double in
            Double(self.attribute(element, "d")!.dropFirst().split(separator: " ")[0])!
        }
        XCTAssertLessThan(x(forecasts[0]), Double(attribute(todayLine, "x1")!)!)
        XCTAssertGreaterThan(x(forecasts[3]), Double(attribute(todayLine, "x1")!)!)
        let links = try root.nodes(forXPath: "//*[local-name()='a']").compactMap { $0 as? XMLElement }
        XCTAssertEqual(links.compactMap { attribute($0, "href") }, ["/milestones/1", "/milestones/2", "/milestones/3", "/milestones/4"])
    }

    func testAnEmptyPlanIsStillAWellFormedChart() throws {
        let chart = PlanTimeline(title: "Nothing yet", rows: [], today: today)
        let root = try XCTUnwrap(try XMLDocument(xmlString: HTMLWriter.render(chart.svg(id: "empty"))).rootElement())
        XCTAssertEqual(attribute(root, "role"), "img")
        XCTAssertEqual(try root.nodes(forXPath: "./*[local-name()='desc']").first?.stringValue, "No milestones.")
        XCTAssertEqual(try root.nodes(forXPath: "//*[local-name()='line'][@class='today']").count, 1, "today is still marked")
    }

    /// Coordinates are written with one decimal, as `%.1f` would for these, without the C library.
    func testCoordinatesAreWrittenWithOneDecimal() {
        for (value, text) in [(0.0, "0.0"), (230.04, "230.0"), (230.06, "230.1"), (-3.25, "-3.3"), (-0.04, "0.0"), (719.99, "720.0"),
                              (12.5, "12.5"), (1e6, "1000000.0")] {
            XCTAssertEqual(SVGNumber.text(value), text, "\(value)")
        }
        // The same text as tenths rounded and joined as strings, for values of every size.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double.random(in: -1e7...1e7, using: &generator) / pow(10, Double(Int.random(in: 0...7, using: &generator)))
            let tenths = Int((value * 10).rounded()), magnitude = tenths.magnitude
            XCTAssertEqual(SVGNumber.text(value), (tenths < 0 ? "-" : "") + String(magnitude / 10) + "." + String(magnitude % 10), "\(value)")
        }
    }
}
