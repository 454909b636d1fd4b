import Foundation

/// One observation of a measure as the analysis takes it.
public struct SPCObservation: Equatable, Sendable {
    /// How the point is named in results (a date, "2026-03").
    public var label: String
    /// Nil when the value is missing: shown as a gap, counted nowhere.
    public var value: Double?
    /// Shown, but left out of the centre line, the limits and every rule.
    public var ghosted: Bool
    /// The limits are calculated afresh from this point (a known change in the process).
    public var recalculate: Bool
    /// The target in force at this point, if any.
    public var target: Double?

    public init(label: String, value: Double?, ghosted: Bool = false, recalculate: Bool = false, target: Double? = nil) {
        self.label = label
        self.value = value
        self.ghosted = ghosted
        self.recalculate = recalculate
        self.target = target
    }
}

/// Above or below the centre line, or increasing or decreasing.
public enum SPCSide: String, Codable, Sendable {
    case high, low
}

/// A rule a point meets, and on which side.
public struct SPCRuleHit: Hashable, Codable, Sendable {
    public var rule: SPCRule
    public var side: SPCSide

    public init(_ rule: SPCRule, _ side: SPCSide) {
        self.rule = rule
        self.side = side
    }
}

/// The variation class of a point, and of the measure by its latest point (the variation icon).
public enum SPCVariation: String, CaseIterable, Codable, Sendable {
    case commonCause = "common-cause"
    case improvementHigh = "improvement-high"
    case improvementLow = "improvement-low"
    case concernHigh = "concern-high"
    case concernLow = "concern-low"
    case neitherHigh = "neither-high"
    case neitherLow = "neither-low"

    public var label: String {
        switch self {
        case .commonCause: "Common cause variation"
        case .improvementHigh: "Special cause improvement (high)"
        case .improvementLow: "Special cause improvement (low)"
        case .concernHigh: "Special cause concern (high)"
        case .concernLow: "Special cause concern (low)"
        case .neitherHigh: "Special cause, neither improvement nor concern (high)"
        case .neitherLow: "Special cause, neither improvement nor concern (low)"
        }
    }

    /// Making Data Count's colour for it.
    public var colour: String {
        switch self {
        case .commonCause: "#a6a6a6"
        case .improvementHigh, .improvementLow: "#00b0f0"
        case .concernHigh, .concernLow: "#e46c0a"
        case .neitherHigh, .neitherLow: "#490092"
        }
    }
}

/// Whether the process can be relied on to meet its target (the assurance icon).
public enum SPCAssurance: String, CaseIterable, Codable, Sendable {
    case consistentlyPass = "consistently-pass"
    case hitAndMiss = "hit-and-miss"
    case consistentlyFail = "consistently-fail"

    public var label: String {
        switch self {
        case .consistentlyPass: "The process will consistently meet the target"
        case .hitAndMiss: "The process will sometimes meet and sometimes miss the target"
        case .consistentlyFail: "The process will consistently fail the target"
        }
    }
}

/// An XmR chart, or a run chart on the median when there are too few points for limits.
public enum SPCChartKind: String, Codable, Sendable {
    case xmr
    case runChart = "run-chart"
}

/// A stretch of points sharing one centre line and one pair of limits.
public struct SPCPeriod: Codable, Equatable, Sendable {
    /// The indices of its first and last points in the series.
    public var first: Int
    public var last: Int
    /// The counted points its lines were calculated from (a baseline's, when fixed).
    public var basis: Int
    public var mean: Double?
    public var movingRangeMean: Double?
    public var upperLimit: Double?
    public var lowerLimit: Double?
    public var upperTwoSigma: Double?
    public var lowerTwoSigma: Double?
    /// The limits come from the fixed baseline at the start of the series.
    public var fromBaseline: Bool
}

/// One point of the analysis.
public struct SPCPointResult: Codable, Equatable, Sendable {
    public var label: String
    public var value: Double?
    public var ghosted: Bool
    /// Counted: it has a value and is not ghosted.
    public var counted: Bool
    public var period: Int
    /// The moving range from the previous counted point of its period, if any.
    public var movingRange: Double?
    /// Every rule the point meets, in the precedence's order.
    public var rules: [SPCRuleHit]
    /// The rule that names its signal, by the precedence (nil when common cause).
    public var primary: SPCRule?
    public var variation: SPCVariation?
    public var target: Double?
}

/// The whole analysis of a series: what was calculated, with the settings and engine that made it.
public struct SPCAnalysis: Codable, Equatable, Sendable {
    public static let engineVersion = "waymark-spc 1.0"

    public var engineVersion: String
    public var settings: SPCSettings
    public var direction: ImprovementDirection
    public var kind: SPCChartKind
    /// The run chart's centre line (the median of the counted points).
    public var median: Double?
    public var periods: [SPCPeriod]
    public var points: [SPCPointResult]
    /// The variation icon: the latest counted point's class (XmR charts only).
    public var variation: SPCVariation?
    /// The assurance icon: only with a direction, a target at the latest point, and limits.
    public var assurance: SPCAssurance?
    public var warnings: [String]
}
