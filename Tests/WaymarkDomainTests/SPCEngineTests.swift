import Foundation
@testable import WaymarkDomain
import XCTest

/// The Making Data Count engine (NHS-CONVENTIONS 3) on worked examples: the lines, each rule alone
/// and together, the two reference presets where they differ, baselines, recalculation, ghosting,
/// assurance, the run chart fallback, degenerate data, and properties on generated series.
final class SPCEngineTests: XCTestCase {
    /// Fifteen points with mean 12 and mean moving range 27/14: limits 12 ± 2.66 × 27/14, no signal.
    let baseline: [Double] = [12, 11, 13, 12, 14, 10, 12, 13, 11, 12, 14, 10, 12, 13, 11]
    let rangeMean = 27.0 / 14.0

    func series(_ values: [Double?]) -> [SPCObservation] {
        values.enumerated().map { SPCObservation(label: "P\($0.offset + 1)", value: $0.element) }
    }

    /// The baseline's 15 points fix the lines; `extra` follows them.
    func afterBaseline(_ extra: [Double], direction: ImprovementDirection = .up,
                       settings: SPCSettings = .nhsEnglandSQL) -> SPCAnalysis {
        SPCEngine.analyse(series(baseline + extra), direction: direction, baselinePoints: 15, settings: settings)
    }

    func rules(_ analysis: SPCAnalysis, from: Int = 15) -> [[String]] {
        analysis.points[from...].map { $0.rules.map { "\($0.rule.rawValue) \($0.side.rawValue)" } }
    }

    func testTheLinesAreTheMeanAndTheMeanMovingRangeTimesTheConstants() throws {
        let analysis = SPCEngine.analyse(series([10, 12, 11, 13, 12, 14, 13, 15, 12, 11, 13, 12, 14, 13, 12]), direction: .up)
        XCTAssertEqual(analysis.kind, .xmr)
        XCTAssertEqual(analysis.engineVersion, "waymark-spc 1.0")
        XCTAssertEqual(analysis.settings, .nhsEnglandSQL)
        let period = try XCTUnwrap(analysis.periods.first)
        XCTAssertEqual(period.mean!, 12.466666666666667, accuracy: 1e-12)
        XCTAssertEqual(period.movingRangeMean!, 1.5714285714285714, accuracy: 1e-12)
        XCTAssertEqual(period.upperLimit!, 16.64666666666667, accuracy: 1e-12)
        XCTAssertEqual(period.lowerLimit!, 8.286666666666667, accuracy: 1e-12)
        XCTAssertEqual(period.upperTwoSigma!, 15.253333333333334, accuracy: 1e-12)
        XCTAssertEqual(period.lowerTwoSigma!, 9.68, accuracy: 1e-12)
        XCTAssertEqual(analysis.points.map(\.movingRange).compactMap { $0 }.count, 14)
        XCTAssertNil(analysis.points[0].movingRange)
        XCTAssertEqual(analysis.points[1].movingRange, 2)
        XCTAssertTrue(analysis.points.allSatisfy { $0.variation == .commonCause && $0.rules.isEmpty })
        XCTAssertEqual(analysis.variation, .commonCause)
        XCTAssertNil(analysis.assurance, "no target, no assurance")
    }

    func testEachRuleAlone() {
        // A single point beyond the upper limit (12 + 2.66 × 27/14 ≈ 17.13).
        XCTAssertEqual(rules(afterBaseline([18])), [["outside-limits high"]])
        XCTAssertEqual(afterBaseline([18]).variation, .improvementHigh)
        XCTAssertEqual(afterBaseline([18], direction: .down).variation, .concernHigh)
        XCTAssertEqual(afterBaseline([18], direction: .neither).variation, .neitherHigh)
        XCTAssertEqual(afterBaseline([17]).variation, .commonCause, "17 is inside the limit")

        // A shift: seven in a row above the mean; six are not enough.
        XCTAssertEqual(rules(afterBaseline(Array(repeating: 13, count: 7))), Array(repeating: ["shift high"], count: 7))
        XCTAssertEqual(rules(afterBaseline(Array(repeating: 13, count: 6))), Array(repeating: [], count: 6))
        XCTAssertEqual(afterBaseline(Array(repeating: 11, count: 7)).variation, .concernLow)

        // A trend: seven each higher than the one before; six are not, and an equal value breaks one.
        let trend = afterBaseline([5.5, 9, 10, 11, 12, 13, 14].dropFirst().map { $0 } + [15])
        XCTAssertEqual(rules(trend), Array(repeating: ["trend high"], count: 7))
        XCTAssertEqual(trend.points[15...].map(\.primary), Array(repeating: .trend, count: 7))
        XCTAssertEqual(rules(afterBaseline([9, 10, 11, 12, 13, 14])), Array(repeating: [], count: 6))
        XCTAssertEqual(rules(afterBaseline([9, 10, 11, 11, 12, 13, 14, 15])).flatMap { $0 }, [], "an equal value ends the run")

        // Two of three beyond the upper 2-sigma line (≈ 15.13), the third on the same side.
        XCTAssertEqual(rules(afterBaseline([16, 13, 16])), [["two-of-three high"], [], ["two-of-three high"]])
        XCTAssertEqual(rules(afterBaseline([16, 11, 16])), [[], [], []], "the third point is on the other side")
        XCTAssertEqual(rules(afterBaseline([16, 12, 16])), [[], [], []], "the third point is on the mean")
        XCTAssertEqual(rules(afterBaseline([16, 13, 13, 16])), [[], [], [], []], "not within three")
        XCTAssertEqual(rules(afterBaseline([18, 16, 16])), [["outside-limits high"], ["two-of-three high"], ["two-of-three high"]],
                       "a point beyond the limit is not one of the two, but counts as the third")
    }

    func testAPointOnTheMeanBreaksARunOrIsPassedOver() {
        let values: [Double] = [13, 13, 13, 12, 13, 13, 13, 13]
        XCTAssertEqual(rules(afterBaseline(values)).flatMap { $0 }, [], "the mean (12) ends the run by default")
        var passing = SPCSettings.nhsEnglandSQL
        passing.pointOnMeanBreaksRun = false
        XCTAssertEqual(rules(afterBaseline(values, settings: passing)),
                       [["shift high"], ["shift high"], ["shift high"], [], ["shift high"], ["shift high"], ["shift high"], ["shift high"]])
    }

    func testTheReferencesDisagreeOnAPointMeetingRulesBothWays() {
        // 6 is below the lower limit, and the first of seven increasing points all below the mean;
        // 7 and 8 are also two of three beyond the lower 2-sigma line.
        let values: [Double] = [6, 7, 8, 9, 10, 11, 11.5]
        let sql = afterBaseline(values)
        XCTAssertEqual(rules(sql)[0], ["outside-limits low", "trend high", "shift low"])
        XCTAssertEqual(rules(sql)[1], ["trend high", "two-of-three low", "shift low"])
        XCTAssertEqual(sql.points[15...].map(\.variation), Array(repeating: .improvementHigh, count: 7),
                       "NHS England's SQL shows improvement when a point meets both")
        XCTAssertEqual(sql.points[15].primary, .trend, "the first improvement rule by the precedence")
        let ptd = afterBaseline(values, settings: .nhsrPlotTheDots)
        XCTAssertEqual(ptd.points[15].variation, .concernLow, "NHSRplotthedots: outside the limits comes first")
        XCTAssertEqual(ptd.points[15].primary, .outsideLimits)
        XCTAssertEqual(ptd.points[16...].map(\.variation), Array(repeating: .improvementHigh, count: 6), "then the trend")
        var concern = SPCSettings.nhsEnglandSQL
        concern.conflict = .concern
        XCTAssertEqual(afterBaseline(values, settings: concern).points[16].variation, .concernLow)
        XCTAssertEqual(afterBaseline(values, settings: concern).points[16].primary, .twoOfThree)
    }

    func testAPointJoiningTwoTrendsTakesTheLaterOneByPrecedence() {
        let values: [Double] = [9, 10, 11, 12, 13, 14, 15, 14, 13, 12, 11, 10, 9]
        let ptd = afterBaseline(values, settings: .nhsrPlotTheDots)
        XCTAssertEqual(rules(ptd)[6], ["trend high", "trend low"])
        XCTAssertEqual(ptd.points[21].variation, .concernLow, "15 ends the rise and starts the fall: the fall")
        XCTAssertEqual(ptd.points[20].variation, .improvementHigh)
    }

    func testScreeningMovingRangeOutliersAsEachReferenceDoes() throws {
        let values: [Double] = [10, 11, 10, 11, 10, 30, 10, 11, 10, 11, 10, 11, 10, 11, 10]
        let off = try XCTUnwrap(SPCEngine.analyse(series(values), direction: .up).periods.first)
        XCTAssertEqual(off.mean!, 176.0 / 15, accuracy: 1e-12)
        XCTAssertEqual(off.movingRangeMean!, 52.0 / 14, accuracy: 1e-12)
        let ptd = try XCTUnwrap(SPCEngine.analyse(series(values), direction: .up, settings: .nhsrPlotTheDots).periods.first)
        XCTAssertEqual(ptd.mean!, 176.0 / 15, accuracy: 1e-12, "NHSRplotthedots leaves the mean")
        XCTAssertEqual(ptd.movingRangeMean!, 1, accuracy: 1e-12, "the two ranges of 20 are dropped")
        XCTAssertEqual(ptd.upperLimit!, 176.0 / 15 + 2.66, accuracy: 1e-12)
        var sql = SPCSettings.nhsEnglandSQL
        sql.screening = .movingRangesAndMean
        let screened = try XCTUnwrap(SPCEngine.analyse(series(values), direction: .up, settings: sql).periods.first)
        XCTAssertEqual(screened.mean!, 136.0 / 13, accuracy: 1e-12, "the SQL drops the two points those ranges end from the mean")
        XCTAssertEqual(screened.movingRangeMean!, 1, accuracy: 1e-12)
        XCTAssertNil(sql.presetName, "changed, the settings are no longer the preset")
        XCTAssertEqual(SPCSettings.nhsrPlotTheDots.presetName, "nhsrplotthedots")
    }

    func testABaselineFixesTheLinesAndARecalculationStartsAPeriod() throws {
        let raised = baseline.map { $0 + 10 }
        let fixed = afterBaseline(raised)
        XCTAssertEqual(fixed.periods.count, 1)
        XCTAssertTrue(fixed.periods[0].fromBaseline)
        XCTAssertEqual(fixed.periods[0].basis, 15)
        XCTAssertEqual(fixed.periods[0].mean!, 12, accuracy: 1e-12)
        XCTAssertEqual(fixed.variation, .improvementHigh, "everything after is judged against the baseline")

        var observations = series(baseline + raised)
        observations[15].recalculate = true
        let recalculated = SPCEngine.analyse(observations, direction: .up)
        XCTAssertEqual(recalculated.periods.map(\.first), [0, 15])
        XCTAssertEqual(recalculated.periods[1].mean!, 22, accuracy: 1e-12)
        XCTAssertEqual(recalculated.periods[1].movingRangeMean!, rangeMean, accuracy: 1e-12, "the jump is not a moving range")
        XCTAssertNil(recalculated.points[15].movingRange)
        XCTAssertEqual(recalculated.variation, .commonCause)
        XCTAssertTrue(recalculated.points.allSatisfy { $0.period == ($0.label.dropFirst().count > 0 && Int($0.label.dropFirst())! > 15 ? 1 : 0) })

        // A short period is warned about, not refused.
        observations = series(baseline + [22, 23, 21])
        observations[15].recalculate = true
        let short = SPCEngine.analyse(observations, direction: .up)
        XCTAssertTrue(short.warnings.contains("The period from P16 has 3 counted points, fewer than the 12 its limits should rest on."))
    }

    func testATrendMayRunAcrossARecalculationUnderTheSQLButNotThePlotTheDots() {
        var observations = series(baseline + [10.5, 11, 11.5, 12, 12.5, 13, 13.5, 14, 14.5, 15, 15.5, 16, 16.5, 17, 17.5])
        // The recalculation falls in the middle of a rise: 3 points before it, 12 after.
        observations[18].recalculate = true
        let sql = SPCEngine.analyse(observations, direction: .up)
        XCTAssertTrue(sql.points[15].rules.contains(SPCRuleHit(.trend, .high)))
        let ptd = SPCEngine.analyse(observations, direction: .up, settings: .nhsrPlotTheDots)
        XCTAssertFalse(ptd.points[15].rules.contains(SPCRuleHit(.trend, .high)), "three points in its period are no trend")
        XCTAssertTrue(ptd.points[18].rules.contains(SPCRuleHit(.trend, .high)))
    }

    func testGhostedAndMissingPointsAreShownButCountNowhere() throws {
        var observations = series(Array(baseline[..<5]) + [100] + Array(baseline[5...]) + [nil])
        observations[5].ghosted = true
        let analysis = SPCEngine.analyse(observations, direction: .up)
        XCTAssertEqual(analysis.kind, .xmr)
        let period = try XCTUnwrap(analysis.periods.first)
        XCTAssertEqual(period.mean!, 12, accuracy: 1e-12)
        XCTAssertEqual(period.movingRangeMean!, rangeMean, accuracy: 1e-12, "the range is taken across the ghosted point")
        XCTAssertEqual(period.basis, 15)
        XCTAssertFalse(analysis.points[5].counted)
        XCTAssertEqual(analysis.points[5].value, 100)
        XCTAssertEqual(analysis.points[5].rules, [], "a ghosted point meets no rule")
        XCTAssertNil(analysis.points[5].variation)
        XCTAssertNil(analysis.points[16].value)
        XCTAssertEqual(analysis.variation, .commonCause, "the latest counted point gives the icon")
    }

    func testAssuranceAgainstTheTargetWithATargetOnALimitJudgedAsEachReferenceDoes() throws {
        func assurance(_ target: Double, _ direction: ImprovementDirection, _ settings: SPCSettings) -> SPCAssurance? {
            var observations = series(baseline)
            observations[14].target = target
            return SPCEngine.analyse(observations, direction: direction, settings: settings).assurance
        }
        let upper = 12 + 2.66 * rangeMean, lower = 12 - 2.66 * rangeMean
        for settings in [SPCSettings.nhsEnglandSQL, .nhsrPlotTheDots] {
            XCTAssertEqual(assurance(5, .up, settings), .consistentlyPass)
            XCTAssertEqual(assurance(20, .up, settings), .consistentlyFail)
            XCTAssertEqual(assurance(12, .up, settings), .hitAndMiss)
            XCTAssertEqual(assurance(5, .down, settings), .consistentlyFail)
            XCTAssertEqual(assurance(20, .down, settings), .consistentlyPass)
            XCTAssertNil(assurance(20, .neither, settings), "no direction, no assurance")
        }
        let analysedUpper = try XCTUnwrap(SPCEngine.analyse(series(baseline), direction: .up).periods[0].upperLimit)
        XCTAssertEqual(analysedUpper, upper, accuracy: 1e-12)
        XCTAssertEqual(assurance(analysedUpper, .up, .nhsEnglandSQL), .consistentlyFail, "the SQL: on the failing limit fails")
        XCTAssertEqual(assurance(analysedUpper, .down, .nhsEnglandSQL), .consistentlyPass)
        XCTAssertEqual(assurance(analysedUpper, .up, .nhsrPlotTheDots), .hitAndMiss, "NHSRplotthedots: on a limit is hit and miss")
        let analysedLower = try XCTUnwrap(SPCEngine.analyse(series(baseline), direction: .up).periods[0].lowerLimit)
        XCTAssertEqual(analysedLower, lower, accuracy: 1e-12)
        XCTAssertEqual(assurance(analysedLower, .up, .nhsEnglandSQL), .consistentlyPass)
        XCTAssertEqual(assurance(analysedLower, .up, .nhsrPlotTheDots), .hitAndMiss)
    }

    func testBelowTheMinimumARunChartOnTheMedianWithTheIHIRules() {
        let analysis = SPCEngine.analyse(series([3, 1, 2, 3, 3, 4, 5, 2, 4, 3]), direction: .up)
        XCTAssertEqual(analysis.kind, .runChart)
        XCTAssertEqual(analysis.median, 3)
        XCTAssertNil(analysis.periods.first?.upperLimit)
        XCTAssertNil(analysis.variation, "icons need process limits")
        XCTAssertNil(analysis.assurance)
        XCTAssertEqual(analysis.points.map { $0.rules.map(\.rule) },
                       [[], [.trend], [.trend], [.trend], [.trend], [.trend], [.trend], [], [], []],
                       "five rising points, a repeated value passed over")
        XCTAssertTrue(analysis.warnings.first?.contains("run chart on the median") == true)

        // Six on one side of the median, points on it passed over.
        let shift = SPCEngine.analyse(series([5, 5, 1, 2, 1, 2, 2, 1, 5, 3, 5, 5]), direction: .down)
        XCTAssertEqual(shift.median, 2.5)
        XCTAssertEqual(shift.points[2...7].map { $0.rules.map(\.rule) }, [[.shift], [.shift], [.shift], [.shift], [.shift], [.shift]])
        XCTAssertEqual(shift.points[2].variation, .improvementLow)
    }

    func testDegenerateSeriesNeverCrash() throws {
        let empty = SPCEngine.analyse([], direction: .up)
        XCTAssertEqual(empty.kind, .runChart)
        XCTAssertTrue(empty.points.isEmpty && empty.periods.isEmpty)

        let one = SPCEngine.analyse(series([4]), direction: .up, settings: .nhsrPlotTheDots)
        XCTAssertEqual(one.kind, .xmr)
        XCTAssertEqual(one.periods[0].mean, 4)
        XCTAssertNil(one.periods[0].upperLimit, "one point has no moving range, so no limits")
        XCTAssertEqual(one.variation, .commonCause)
        XCTAssertEqual(SPCEngine.analyse(series([4]), direction: .up).median, 4)

        var flat = series(Array(repeating: 7, count: 20))
        flat[19].target = 7
        let equal = SPCEngine.analyse(flat, direction: .up)
        XCTAssertEqual(equal.periods[0].upperLimit, 7)
        XCTAssertEqual(equal.periods[0].lowerLimit, 7)
        XCTAssertTrue(equal.points.allSatisfy { $0.variation == .commonCause })
        XCTAssertEqual(equal.assurance, .consistentlyPass, "the SQL tests the passing side first")
        XCTAssertEqual(SPCEngine.analyse(flat, direction: .up, settings: .nhsrPlotTheDots).periods[0].movingRangeMean, 0)

        let huge = SPCEngine.analyse(series(Array(repeating: 1.7e308, count: 16) + [-1.7e308]), direction: .up)
        XCTAssertEqual(huge.periods[0].mean!.isFinite, true)
        let negative = SPCEngine.analyse(series(baseline.map { -$0 }), direction: .down)
        XCTAssertEqual(negative.periods[0].mean!, -12, accuracy: 1e-12)
        let notANumber = SPCEngine.analyse(series(baseline + [.nan, .infinity]), direction: .up)
        XCTAssertFalse(notANumber.points[15].counted)
        XCTAssertEqual(notANumber.warnings.first, "Values that are not finite numbers were treated as missing.")
    }

    func testSettingsAreChecked() {
        var settings = SPCSettings.nhsEnglandSQL
        XCTAssertEqual(settings.problems, [])
        settings.shiftLength = 2
        settings.trendLength = 16
        settings.minimumPointsForLimits = 0
        settings.precedence = [.trend, .trend, .shift, .outsideLimits]
        XCTAssertEqual(settings.problems.map(\.field), ["shiftLength", "trendLength", "minimumPointsForLimits", "precedence"])
    }

    // MARK: Properties, on generated series

    typealias Generator = SplitMix64

    /// Whole-number series with shifts, trends and spikes, so that every rule fires somewhere.
    func generated(_ count: Int) -> [(values: [Double], direction: ImprovementDirection, recalculateAt: Int?)] {
        var random = Generator(state: 2026)
        return (0..<count).map { _ in
            let length = Int.random(in: 15...60, using: &random)
            var level = Double(Int.random(in: -50...50, using: &random))
            var values: [Double] = []
            for _ in 0..<length {
                switch Int.random(in: 0..<20, using: &random) {
                case 0: level += Double(Int.random(in: -15...15, using: &random))
                case 1: values.append(level + Double(Int.random(in: 20...40, using: &random)) * (Bool.random(using: &random) ? 1 : -1)); continue
                case 2: level += 1
                default: break
                }
                values.append(level + Double(Int.random(in: -3...3, using: &random)))
            }
            let recalculateAt = Bool.random(using: &random) ? Int.random(in: 1..<length, using: &random) : nil
            return (values, ImprovementDirection.allCases.randomElement(using: &random)!, recalculateAt)
        }
    }

    func analyse(_ values: [Double], _ direction: ImprovementDirection, _ recalculateAt: Int?, _ settings: SPCSettings) -> SPCAnalysis {
        var observations = series(values)
        if let recalculateAt { observations[recalculateAt].recalculate = true }
        return SPCEngine.analyse(observations, direction: direction, settings: settings)
    }

    func testAddingAConstantMovesTheLinesByItAndChangesNoClass() {
        var signals = 0
        for (values, direction, recalculateAt) in generated(300) {
            for settings in [SPCSettings.nhsEnglandSQL, .nhsrPlotTheDots] {
                let before = analyse(values, direction, recalculateAt, settings)
                let after = analyse(values.map { $0 + 1_000 }, direction, recalculateAt, settings)
                for (a, b) in zip(before.periods, after.periods) {
                    XCTAssertEqual(b.mean! - a.mean!, 1_000, accuracy: 1e-9)
                    XCTAssertEqual(a.upperLimit == nil, b.upperLimit == nil)
                    if let aUpper = a.upperLimit, let bUpper = b.upperLimit { XCTAssertEqual(bUpper - aUpper, 1_000, accuracy: 1e-9) }
                    if let aRange = a.movingRangeMean, let bRange = b.movingRangeMean { XCTAssertEqual(bRange, aRange, accuracy: 1e-9) }
                }
                XCTAssertEqual(before.points.map(\.variation), after.points.map(\.variation), "\(values)")
                XCTAssertEqual(before.points.map(\.rules), after.points.map(\.rules))
                signals += before.points.filter { !$0.rules.isEmpty }.count
            }
        }
        XCTAssertGreaterThan(signals, 1_000, "the generated series make the rules fire")
    }

    func testScalingByAPositiveFactorScalesTheLimitsAndChangesNoClass() {
        for (values, direction, recalculateAt) in generated(300) {
            for factor in [0.25, 3.0, 1_000.0] {
                let before = analyse(values, direction, recalculateAt, .nhsEnglandSQL)
                let after = analyse(values.map { $0 * factor }, direction, recalculateAt, .nhsEnglandSQL)
                for (a, b) in zip(before.periods, after.periods) {
                    guard let aUpper = a.upperLimit, let bUpper = b.upperLimit, let aLower = a.lowerLimit, let bLower = b.lowerLimit else {
                        XCTAssertEqual(a.upperLimit == nil, b.upperLimit == nil)
                        continue
                    }
                    XCTAssertEqual(bUpper, aUpper * factor, accuracy: 1e-9 * max(1, abs(bUpper)))
                    XCTAssertEqual(bLower, aLower * factor, accuracy: 1e-9 * max(1, abs(bLower)))
                }
                XCTAssertEqual(before.points.map(\.variation), after.points.map(\.variation), "\(values) × \(factor)")
            }
        }
    }

    func testReversingTheDirectionSwapsImprovementAndConcern() {
        let swapped: [SPCVariation: SPCVariation] = [
            .improvementHigh: .concernHigh, .concernHigh: .improvementHigh, .improvementLow: .concernLow, .concernLow: .improvementLow,
            .commonCause: .commonCause,
        ]
        for (values, _, recalculateAt) in generated(300) {
            let up = analyse(values, .up, recalculateAt, .nhsrPlotTheDots)
            let down = analyse(values, .down, recalculateAt, .nhsrPlotTheDots)
            XCTAssertEqual(up.points.map { $0.variation.flatMap { swapped[$0] } }, down.points.map(\.variation), "\(values)")
            // Under the SQL's preference for improvement, every point meeting rules one way only swaps too.
            let sqlUp = analyse(values, .up, recalculateAt, .nhsEnglandSQL)
            let sqlDown = analyse(values, .down, recalculateAt, .nhsEnglandSQL)
            for (a, b) in zip(sqlUp.points, sqlDown.points) where Set(a.rules.map(\.side)).count < 2 {
                XCTAssertEqual(a.variation.flatMap { swapped[$0] }, b.variation)
            }
        }
    }
}
