import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import WaymarkCharts
import WaymarkDomain
import WaymarkMarkup
import XCTest

final class SPCChartTests: XCTestCase {
    let values: [Double] = [12, 11, 13, 12, 14, 10, 12, 13, 11, 12, 14, 10, 12, 13, 11, 18]

    func analysis(_ values: [Double?], ghost: Int? = nil, recalculate: Int? = nil, target: Double? = nil) -> SPCAnalysis {
        var points = values.enumerated().map { SPCObservation(label: "2026-W\($0.offset + 1)", value: $0.element, target: target) }
        if let ghost { points[ghost].ghosted = true }
        if let recalculate { points[recalculate].recalculate = true }
        return SPCEngine.analyse(points, direction: .up, baselinePoints: 15)
    }

    func elements(_ root: XMLElement, _ path: String) throws -> [XMLElement] {
        try root.nodes(forXPath: path).compactMap { $0 as? XMLElement }
    }

    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }

    func testTheChartIsWellFormedWithEveryPointLineAndTargetAndSaysWhatItShows() throws {
        let chart = SPCChart(title: "Falls & <slips>", analysis: analysis(values + [40], ghost: 16, target: 5), unit: "per 1,000")
        let document = try XMLDocument(xmlString: HTMLWriter.render(chart.svg(id: "spc")))
        let root = try XCTUnwrap(document.rootElement())
        XCTAssertEqual(attribute(root, "role"), "img")
        XCTAssertEqual(try root.nodes(forXPath: "./*[local-name()='title']").first?.stringValue, "Falls & <slips>")
        let description = try XCTUnwrap(root.nodes(forXPath: "./*[local-name()='desc']").first?.stringValue)
        XCTAssertEqual(description, "17 points from 2026-W1 to 2026-W17. Latest 18 per 1,000 (2026-W16): special cause improvement (high). "
                       + "Mean 12, process limits 6.87 to 17.13. 1 point shows special cause. The process will consistently meet the target.")
        let points = try elements(root, "//*[local-name()='circle']")
        XCTAssertEqual(points.count, 17)
        XCTAssertEqual(points.map { attribute($0, "data-variation") ?? "" }.filter { $0 == "ghosted" }.count, 1)
        XCTAssertEqual(attribute(points[15], "data-variation"), "improvement-high")
        XCTAssertEqual(attribute(points[15], "fill"), "#00b0f0")
        XCTAssertEqual(attribute(points[16], "fill"), "#ffffff", "a ghosted point is hollow")
        XCTAssertEqual(try elements(root, "//*[local-name()='line'][@class='mean']").count, 1)
        XCTAssertEqual(try elements(root, "//*[local-name()='line'][@class='upper-limit']").first.flatMap { attribute($0, "data-value") }, "17.13")
        XCTAssertEqual(try elements(root, "//*[local-name()='path'][@class='target']").count, 1)
        XCTAssertEqual(try elements(root, "//*[local-name()='line'][@class='recalculation']").count, 0)
    }

    func testARecalculationIsMarkedAndARunChartHasItsMedianOnly() throws {
        let recalculated = SPCEngine.analyse(values.enumerated().map { SPCObservation(label: "P\($0.offset)", value: $0.element,
                                                                                      recalculate: $0.offset == 8) },
                                             direction: .down, settings: .nhsrPlotTheDots)
        let root = try XCTUnwrap(try XMLDocument(xmlString: HTMLWriter.render(SPCChart(title: "T", analysis: recalculated).svg(id: "a"))).rootElement())
        XCTAssertEqual(try elements(root, "//*[local-name()='line'][@class='recalculation']").count, 1)
        XCTAssertEqual(try elements(root, "//*[local-name()='line'][@class='mean']").count, 2)

        let run = SPCEngine.analyse([3.0, 1, 2, 3, 3].enumerated().map { SPCObservation(label: "P\($0.offset)", value: $0.element) }, direction: .up)
        let runRoot = try XCTUnwrap(try XMLDocument(xmlString: HTMLWriter.render(SPCChart(title: "T", analysis: run).svg(id: "b"))).rootElement())
        XCTAssertEqual(attribute(runRoot, "data-chart"), "run-chart")
        XCTAssertEqual(try elements(runRoot, "//*[local-name()='line'][@class='median']").count, 1)
        XCTAssertEqual(try elements(runRoot, "//*[local-name()='line'][@class='upper-limit']").count, 0)
        XCTAssertTrue(try XCTUnwrap(runRoot.nodes(forXPath: "./*[local-name()='desc']").first?.stringValue).contains("A run chart on the median, 3"))

        let empty = SPCEngine.analyse([], direction: .up)
        let emptyRoot = try XMLDocument(xmlString: HTMLWriter.render(SPCChart(title: "T", analysis: empty).svg(id: "c"))).rootElement()
        XCTAssertEqual(try emptyRoot?.nodes(forXPath: "./*[local-name()='desc']").first?.stringValue, "No observations yet.")
    }

    func testIconsAreImagesNamedByTheirMeaning() throws {
        let variation = try XCTUnwrap(try XMLDocument(xmlString: HTMLWriter.render(SPCIcons.variation(.concernLow, id: "v"))).rootElement())
        XCTAssertEqual(attribute(variation, "data-variation"), "concern-low")
        XCTAssertEqual(try variation.nodes(forXPath: "./*[local-name()='title']").first?.stringValue, "Special cause concern (low)")
        XCTAssertEqual(try variation.nodes(forXPath: "//*[local-name()='text']").first?.stringValue, "L")
        let assurance = try XCTUnwrap(try XMLDocument(xmlString: HTMLWriter.render(SPCIcons.assurance(.consistentlyFail, id: "a"))).rootElement())
        XCTAssertEqual(try assurance.nodes(forXPath: "//*[local-name()='text']").first?.stringValue, "F")
    }
}
