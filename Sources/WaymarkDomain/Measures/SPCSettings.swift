import Foundation

/// Which way is better for a measure (NHS-CONVENTIONS 3): up, down, or neither.
public enum ImprovementDirection: String, CaseIterable, Codable, Sendable {
    case up, down, neither

    public var label: String {
        switch self {
        case .up: "Higher is better"
        case .down: "Lower is better"
        case .neither: "Neither direction is better"
        }
    }
}

/// The four Making Data Count special-cause rules.
public enum SPCRule: String, CaseIterable, Codable, Sendable {
    /// A single point outside the process limits.
    case outsideLimits = "outside-limits"
    /// A run of points all increasing or all decreasing.
    case trend
    /// Two of three consecutive points beyond a 2-sigma line (not beyond the limit), on one side.
    case twoOfThree = "two-of-three"
    /// A run of points all above or all below the mean.
    case shift

    public var label: String {
        switch self {
        case .outsideLimits: "Outside the process limits"
        case .trend: "Trend"
        case .twoOfThree: "Two of three beyond 2 sigma"
        case .shift: "Shift"
        }
    }
}

/// How moving ranges far above the rest are screened out before the limits are drawn.
public enum MovingRangeScreening: String, CaseIterable, Codable, Sendable {
    case off
    /// NHSRplotthedots: moving ranges at or above 3.267 x their mean are dropped from the mean
    /// moving range; the centre line is untouched.
    case movingRanges = "moving-ranges"
    /// NHS England's SQL: moving ranges above 3.267 x their mean are dropped from the mean moving
    /// range, and the points they end are dropped from the centre line.
    case movingRangesAndMean = "moving-ranges-and-mean"
}

/// How a target exactly on a process limit is judged.
public enum TargetOnLimit: String, CaseIterable, Codable, Sendable {
    /// NHS England's SQL: on the passing limit it passes, on the failing limit it fails.
    case passOrFail = "pass-or-fail"
    /// NHSRplotthedots: only a target beyond a limit is consistent; on it is hit and miss.
    case hitAndMiss = "hit-and-miss"
}

/// What a point shows when it meets rules pointing both ways (an increasing trend below the mean).
public enum SPCConflict: String, CaseIterable, Codable, Sendable {
    /// The side of the highest rule in the precedence (NHSRplotthedots).
    case precedence
    /// Improvement wins (NHS England's SQL with its conflict rule set to improvement).
    case improvement
    /// Concern wins.
    case concern
}

/// Every parameter of the analysis, with Making Data Count's defaults: two analyses with the same
/// settings agree, and every result carries the settings it used.
public struct SPCSettings: Hashable, Codable, Sendable {
    public var shiftLength: Int
    public var trendLength: Int
    /// Whether a point exactly on the mean ends a shift (otherwise it is passed over: it neither
    /// counts nor breaks).
    public var pointOnMeanBreaksRun: Bool
    public var screening: MovingRangeScreening
    /// Fewer counted points than this and the chart is a run chart on the median.
    public var minimumPointsForLimits: Int
    /// A baseline or period with fewer points than this is warned about.
    public var minimumPointsPerPeriod: Int
    /// Whether a trend may run on across a recalculation of the limits.
    public var trendCrossesRecalculation: Bool
    /// Whether the end of a fixed baseline ends shifts and two-of-three runs.
    public var baselineBreaksRuns: Bool
    public var targetOnLimit: TargetOnLimit
    /// Which rule names a point's signal when it meets several, first first.
    public var precedence: [SPCRule]
    public var conflict: SPCConflict

    public init(shiftLength: Int = 7, trendLength: Int = 7, pointOnMeanBreaksRun: Bool = true,
                screening: MovingRangeScreening = .off, minimumPointsForLimits: Int = 15, minimumPointsPerPeriod: Int = 12,
                trendCrossesRecalculation: Bool = true, baselineBreaksRuns: Bool = true, targetOnLimit: TargetOnLimit = .passOrFail,
                precedence: [SPCRule] = SPCRule.allCases, conflict: SPCConflict = .improvement) {
        self.shiftLength = shiftLength
        self.trendLength = trendLength
        self.pointOnMeanBreaksRun = pointOnMeanBreaksRun
        self.screening = screening
        self.minimumPointsForLimits = minimumPointsForLimits
        self.minimumPointsPerPeriod = minimumPointsPerPeriod
        self.trendCrossesRecalculation = trendCrossesRecalculation
        self.baselineBreaksRuns = baselineBreaksRuns
        self.targetOnLimit = targetOnLimit
        self.precedence = precedence
        self.conflict = conflict
    }

    /// NHS England's "SPC Charts SQL Query" (v2.5 and v2.6) as it ships: Making Data Count's defaults.
    public static let nhsEnglandSQL = SPCSettings()

    /// The NHS-R Community's NHSRplotthedots (0.2.x): screening on, every point an XmR chart (it
    /// warns under 12 points), runs and trends within a rebase group, a target on a limit hit and
    /// miss, and a point's side taken from its highest rule.
    public static let nhsrPlotTheDots = SPCSettings(
        screening: .movingRanges, minimumPointsForLimits: 1, trendCrossesRecalculation: false,
        baselineBreaksRuns: false, targetOnLimit: .hitAndMiss, conflict: .precedence)

    /// Making Data Count's defaults: NHS England's SQL.
    public static let makingDataCount = nhsEnglandSQL

    /// The named presets, by the name the API takes.
    public static let presets: [(name: String, settings: SPCSettings)] = [
        ("nhs-england-sql", .nhsEnglandSQL), ("nhsrplotthedots", .nhsrPlotTheDots),
    ]

    /// The preset these settings are, if they are one unchanged.
    public var presetName: String? { Self.presets.first { $0.settings == self }?.name }

    public static let runLengths = 3...15
    public static let pointMinimums = 1...1_000

    /// What is wrong with these settings, by field ("shiftLength"), none when they can be used.
    public var problems: [FieldError] {
        var errors = FieldErrors()
        if !Self.runLengths.contains(shiftLength) {
            errors.add("shiftLength", "The shift length must be from \(Self.runLengths.lowerBound) to \(Self.runLengths.upperBound) points")
        }
        if !Self.runLengths.contains(trendLength) {
            errors.add("trendLength", "The trend length must be from \(Self.runLengths.lowerBound) to \(Self.runLengths.upperBound) points")
        }
        if !Self.pointMinimums.contains(minimumPointsForLimits) {
            errors.add("minimumPointsForLimits", "The minimum points for limits must be from 1 to 1,000")
        }
        if !Self.pointMinimums.contains(minimumPointsPerPeriod) {
            errors.add("minimumPointsPerPeriod", "The minimum points per period must be from 1 to 1,000")
        }
        if Set(precedence) != Set(SPCRule.allCases) || precedence.count != SPCRule.allCases.count {
            errors.add("precedence", "The precedence must name each of the four rules once", kind: .rule)
        }
        return errors.errors
    }
}
