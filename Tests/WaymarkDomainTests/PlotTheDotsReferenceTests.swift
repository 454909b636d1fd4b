import WaymarkDomain
import XCTest

/// The "NHSRplotthedots" preset against what NHSRplotthedots answered for the same series (its
/// own test snapshots, `PlotTheDotsReference`): the mean and process limits of every point within
/// 1e-9, and every point's class.
final class PlotTheDotsReferenceTests: XCTestCase {
    func testThePresetGivesWhatThePackageGave() {
        let vectors: [(String, PlotTheDotsReference.Vector)] = [
            ("attendances", PlotTheDotsReference.attendances),
            ("attendances rebased at April 2017", PlotTheDotsReference.attendancesRebased),
            ("performance fixed after 12 points", PlotTheDotsReference.performanceFixedAfter12),
        ]
        for (name, vector) in vectors {
            let points = vector.values.enumerated().map {
                SPCObservation(label: "P\($0.offset + 1)", value: $0.element, recalculate: vector.rebaseAt.contains($0.offset))
            }
            let analysis = SPCEngine.analyse(points, direction: .up, baselinePoints: vector.fixAfter, settings: .nhsrPlotTheDots)
            XCTAssertEqual(analysis.kind, .xmr, name)
            XCTAssertEqual(analysis.points.count, vector.values.count, name)
            for (index, point) in analysis.points.enumerated() {
                let period = analysis.periods[point.period]
                let context = "\(name), point \(index + 1)"
                XCTAssertEqual(try XCTUnwrap(period.mean, context), vector.mean[index], accuracy: 1e-9, context)
                XCTAssertEqual(try XCTUnwrap(period.lowerLimit, context), vector.lower[index], accuracy: 1e-9, context)
                XCTAssertEqual(try XCTUnwrap(period.upperLimit, context), vector.upper[index], accuracy: 1e-9, context)
                XCTAssertEqual(Self.kind(point.variation), vector.types[index], context)
            }
        }
    }

    /// The same series and lines give different classes under the other preset: the comparison
    /// above is not one any engine would pass.
    func testTheOtherPresetDiffersOnTheSameSeries() {
        let vector = PlotTheDotsReference.performanceFixedAfter12
        let points = vector.values.enumerated().map { SPCObservation(label: "P\($0.offset + 1)", value: $0.element) }
        let sql = SPCEngine.analyse(points, direction: .up, baselinePoints: vector.fixAfter, settings: .nhsEnglandSQL)
        XCTAssertNotEqual(sql.points.map { Self.kind($0.variation) }, vector.types)
    }

    static func kind(_ variation: SPCVariation?) -> PlotTheDotsReference.Kind? {
        switch variation {
        case nil: nil
        case .commonCause?: .common
        case .improvementHigh?, .improvementLow?: .improvement
        case .concernHigh?, .concernLow?: .concern
        case .neitherHigh?, .neitherLow?: .neither
        }
    }
}
