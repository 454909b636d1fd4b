import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup
import XCTest

final class RiskHeatMapTests: XCTestCase {
    let counts: [RiskRating: Int] = [
        RiskRating(likelihood: .likely, consequence: .major): 3,
        RiskRating(likelihood: .rare, consequence: .negligible): 1,
        RiskRating(likelihood: .almostCertain, consequence: .catastrophic): 2,
    ]

    func map(title: String = "Risks of <Virtual ward> & co") -> RiskHeatMap {
        RiskHeatMap(title: title, counts: counts, bands: .nhsDefault) { "/risks?likelihood=\($0.likelihood.rawValue)&consequence=\($0.consequence.rawValue)" }
    }

    /// An attribute by its name (Foundation on Linux does not find unprefixed attributes of an
    /// element in a default namespace by `attribute(forName:)`).
    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }

    /// The SVG is well-formed XML with 25 cells, each coloured by its band, counting its risks,
    /// and linked only when it holds some.
    func testTheMatrixIsWellFormedSVGWithACellPerRatingCountedAndLinked() throws {
        let svg = HTMLWriter.render(map().svg(id: "heat"))
        let document = try XMLDocument(xmlString: svg)
        let root = try XCTUnwrap(document.rootElement())
        XCTAssertEqual(root.name, "svg")
        XCTAssertEqual(attribute(root, "role"), "group", "with links in it, not an image whose parts are hidden")
        XCTAssertEqual(try root.nodes(forXPath: "./*[local-name()='title']").first?.stringValue, "Risks of <Virtual ward> & co")
        let description = try XCTUnwrap(root.nodes(forXPath: "./*[local-name()='desc']").first?.stringValue)
        XCTAssertEqual(description, "6 risks. Almost certain by Catastrophic, score 25, Extreme: 2 risks; "
                       + "Likely by Major, score 16, Extreme: 3 risks; Rare by Negligible, score 1, Low: 1 risk.")

        let cells = try root.nodes(forXPath: "//*[local-name()='g'][@class='cell']").compactMap { $0 as? XMLElement }
        XCTAssertEqual(cells.count, 25)
        XCTAssertEqual(cells.map { Int(attribute($0, "data-count")!)! }.reduce(0, +), 6)
        let links = try root.nodes(forXPath: "//*[local-name()='a']").compactMap { $0 as? XMLElement }
        XCTAssertEqual(links.count, 3, "only the cells holding risks are links")
        XCTAssertEqual(Set(links.compactMap { attribute($0, "href") }),
                       ["/risks?likelihood=4&consequence=4", "/risks?likelihood=1&consequence=1", "/risks?likelihood=5&consequence=5"])
        XCTAssertEqual(links.first { attribute($0, "href") == "/risks?likelihood=4&consequence=4" }
            .flatMap { attribute($0, "aria-label") }, "Likely by Major, score 16, Extreme: 3 risks")
        for cell in cells {
            let score = Int(attribute(cell, "data-score")!)!
            let fill = (cell.children?.first as? XMLElement).flatMap { attribute($0, "fill") }
            XCTAssertEqual(fill, RiskBandTable.nhsDefault.band(for: score).colour, "score \(score)")
        }
        XCTAssertTrue(svg.contains("Risks of &lt;Virtual ward&gt; &amp; co"), "the title is escaped")
    }

    func testTheTableSaysWhatThePictureShows() throws {
        let table = HTMLWriter.render(map().table(caption: "Risks by likelihood and consequence"))
        let document = try XMLDocument(xmlString: table)
        let rows = try document.nodes(forXPath: "//tbody/tr").compactMap { $0 as? XMLElement }
        XCTAssertEqual(rows.count, 5)
        XCTAssertEqual(try rows[0].nodes(forXPath: "./th").first?.stringValue, "5 Almost certain", "highest likelihood first")
        XCTAssertEqual(try rows[0].nodes(forXPath: "./td[@data-score='25']").first?.stringValue, "2 (25, Extreme)")
        XCTAssertEqual(try rows[1].nodes(forXPath: "./td[@data-score='16']/a").first?.stringValue, "3")
        XCTAssertEqual(try rows[4].nodes(forXPath: "./td[@data-score='2']").first?.stringValue, "0 (2, Low)")
    }

    func testAnEmptyMatrixSaysSoAndLinksNothing() throws {
        let empty = RiskHeatMap(title: "None", counts: [:], bands: .nhsDefault) { _ in XCTFail("asked for a link"); return nil }
        XCTAssertEqual(empty.summary, "No risks.")
        let document = try XMLDocument(xmlString: HTMLWriter.render(empty.svg(id: "empty")))
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='a']").count, 0)
        XCTAssertEqual(attribute(try XCTUnwrap(document.rootElement()), "role"), "img", "without links it is an image")
    }

    /// Each band's count reads at WCAG AA contrast (4.5:1) on its colour.
    func testCountsAreWrittenInAColourThatReadsOnEveryBand() {
        for band in RiskBandTable.nhsDefault.bands {
            let text = RiskHeatMap.textColour(on: band.colour)
            let (a, b) = (RiskHeatMap.luminance(band.colour), RiskHeatMap.luminance(text))
            let ratio = (max(a, b) + 0.05) / (min(a, b) + 0.05)
            XCTAssertGreaterThanOrEqual(ratio, 4.5, "\(band.name) \(band.colour) with \(text)")
        }
    }
}

final class RiskScoreTrendTests: XCTestCase {
    func testTheTrendStepsFromEachScoreToTheNextAndSaysSoInWords() throws {
        let day: TimeInterval = 86_400
        let start = Date(timeIntervalSince1970: 1_767_225_600) // 1 January 2026
        let points = [
            RiskScorePoint(recordedAt: start, rating: GradedRating(rating: RiskRating(likelihood: .possible, consequence: .major), band: "High")),
            RiskScorePoint(recordedAt: start.addingTimeInterval(10 * day),
                           rating: GradedRating(rating: RiskRating(likelihood: .almostCertain, consequence: .catastrophic), band: "Extreme")),
        ]
        let trend = RiskScoreTrend(title: "R1's current score", points: points, bands: .nhsDefault, until: start.addingTimeInterval(20 * day))
        XCTAssertEqual(trend.summary, "Current score 12 (High) from 1 January 2026, then 25 (Extreme) from 11 January 2026.")
        let document = try XMLDocument(xmlString: HTMLWriter.render(trend.svg(id: "trend")))
        let circles = try document.nodes(forXPath: "//*[local-name()='circle']").compactMap { $0 as? XMLElement }
        XCTAssertEqual(circles.compactMap { $0.attributes?.first { $0.name == "data-score" }?.stringValue }, ["12", "25"])
        let path = try XCTUnwrap(try document.nodes(forXPath: "//*[local-name()='path']").first as? XMLElement)
        let d = try XCTUnwrap(path.attributes?.first { $0.name == "d" }?.stringValue)
        // From x 28 (the first change) to 170 (ten of twenty days across 284 units), up to 25 (y 8), on to 312.
        XCTAssertEqual(d, "M28.0 55.8 H170.0 V8.0 H312.0")
        let bands = try document.nodes(forXPath: "//*[local-name()='rect']").compactMap { $0 as? XMLElement }
        XCTAssertEqual(bands.compactMap { $0.attributes?.first { $0.name == "data-band" }?.stringValue }, ["Low", "Moderate", "High", "Extreme"])
    }

    func testNoPointsDrawsNoLine() throws {
        let trend = RiskScoreTrend(title: "Nothing", points: [], bands: .nhsDefault, until: Date())
        XCTAssertEqual(trend.summary, "No score recorded.")
        let document = try XMLDocument(xmlString: HTMLWriter.render(trend.svg(id: "empty")))
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='path']").count, 0)
    }
}
