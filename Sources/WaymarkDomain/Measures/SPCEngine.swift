import Foundation

/// Making Data Count's XmR analysis (NHS-CONVENTIONS 3), pure and deterministic: the centre line,
/// moving ranges, process limits and 2-sigma lines per period; the four special-cause rules; each
/// point's class; the variation and assurance icons; and below the minimum, a run chart on the
/// median with the IHI rules. Every parameter comes from `SPCSettings`.
public enum SPCEngine {
    /// The XmR constant: limits sit 2.66 mean moving ranges from the mean (3 sigma).
    public static let limitFactor = 2.66
    /// Moving ranges above this multiple of their mean are outliers when screening.
    public static let movingRangeOutlierFactor = 3.267
    /// The IHI run chart rules used below the minimum for limits.
    public static let runChartShift = 6
    public static let runChartTrend = 5

    /// Analyses `observations` in order. `baselinePoints` fixes the first period's lines on its
    /// first that many counted points.
    public static func analyse(_ observations: [SPCObservation], direction: ImprovementDirection, baselinePoints: Int? = nil,
                               settings: SPCSettings = .makingDataCount) -> SPCAnalysis {
        var warnings: [String] = []
        let values = observations.map { observation -> Double? in
            guard let value = observation.value else { return nil }
            return value.isFinite ? value : nil
        }
        if zip(observations, values).contains(where: { $0.value != nil && $1 == nil }) {
            warnings.append("Values that are not finite numbers were treated as missing.")
        }
        let counted = observations.indices.filter { values[$0] != nil && !observations[$0].ghosted }
        var isCounted = [Bool](repeating: false, count: observations.count)
        for index in counted { isCounted[index] = true }

        // Periods: a new one starts at each point marked for recalculation.
        var periodOf = [Int](repeating: 0, count: observations.count)
        var starts: [Int] = observations.isEmpty ? [] : [0]
        for index in observations.indices {
            if index > 0 && observations[index].recalculate { starts.append(index) }
            periodOf[index] = starts.count - 1
        }

        let kind: SPCChartKind = counted.count >= settings.minimumPointsForLimits && counted.count >= 1 ? .xmr : .runChart
        var periods: [SPCPeriod] = []
        var median: Double?
        var hits = [[SPCRuleHit]](repeating: [], count: observations.count)
        /// For a point at the junction of an increasing and a decreasing trend, the side of the later one.
        var laterTrendSide = [SPCSide?](repeating: nil, count: observations.count)
        var movingRanges = [Double?](repeating: nil, count: observations.count)

        func add(_ hit: SPCRuleHit, _ index: Int) {
            if !hits[index].contains(hit) { hits[index].append(hit) }
        }

        switch kind {
        case .runChart:
            if !observations.isEmpty {
                periods = [SPCPeriod(first: 0, last: observations.count - 1, basis: counted.count, mean: nil, movingRangeMean: nil,
                                     upperLimit: nil, lowerLimit: nil, upperTwoSigma: nil, lowerTwoSigma: nil, fromBaseline: false)]
            }
            if !counted.isEmpty {
                warnings.append("There are \(counted.count) counted point\(counted.count == 1 ? "" : "s"), fewer than the \(settings.minimumPointsForLimits) process limits need: this is a run chart on the median, with the IHI rules (a shift of \(runChartShift), a trend of \(runChartTrend)).")
                let centre = medianOf(counted.map { values[$0]! })
                median = centre
                for (index, side) in runs(counted, length: runChartShift, onCentreBreaks: false, side: { sideOf(values[$0]!, centre) }) {
                    add(SPCRuleHit(.shift, side), index)
                }
                for (index, side, later) in trends(counted, values, length: runChartTrend, skipEqual: true) {
                    add(SPCRuleHit(.trend, side), index)
                    if let later { laterTrendSide[index] = later }
                }
            }
        case .xmr:
            var runSegments: [[Int]] = []
            var trendSegments: [[Int]] = []
            for (number, start) in starts.enumerated() {
                let end = number + 1 < starts.count ? starts[number + 1] - 1 : observations.count - 1
                let members = counted.filter { $0 >= start && $0 <= end }
                var basis = members
                var fromBaseline = false
                if number == 0, let baselinePoints, baselinePoints >= 1, baselinePoints < members.count {
                    basis = Array(members.prefix(baselinePoints))
                    fromBaseline = true
                }
                let lines = self.lines(basis.map { values[$0]! }, screening: settings.screening)
                for (offset, index) in basis.enumerated() where offset > 0 {
                    movingRanges[index] = abs(values[index]! - values[basis[offset - 1]]!)
                }
                if basis.count < settings.minimumPointsPerPeriod {
                    let what = fromBaseline ? "The baseline" : (number == 0 ? "The first period" : "The period from \(observations[start].label)")
                    warnings.append("\(what) has \(basis.count) counted point\(basis.count == 1 ? "" : "s"), fewer than the \(settings.minimumPointsPerPeriod) its limits should rest on.")
                }
                periods.append(SPCPeriod(first: start, last: end, basis: basis.count, mean: lines.mean,
                                         movingRangeMean: lines.movingRangeMean, upperLimit: lines.upper, lowerLimit: lines.lower,
                                         upperTwoSigma: lines.upperTwoSigma, lowerTwoSigma: lines.lowerTwoSigma, fromBaseline: fromBaseline))
                if fromBaseline && settings.baselineBreaksRuns {
                    runSegments.append(basis)
                    runSegments.append(Array(members.dropFirst(basis.count)))
                } else {
                    runSegments.append(members)
                }
                trendSegments.append(members)
            }
            if settings.trendCrossesRecalculation { trendSegments = [counted] }

            func period(_ index: Int) -> SPCPeriod { periods[periodOf[index]] }
            func side(_ index: Int) -> SPCSide? {
                guard let mean = period(index).mean else { return nil }
                return sideOf(values[index]!, mean)
            }
            for index in counted {
                let lines = period(index), value = values[index]!
                if let upper = lines.upperLimit, value > upper { add(SPCRuleHit(.outsideLimits, .high), index) }
                if let lower = lines.lowerLimit, value < lower { add(SPCRuleHit(.outsideLimits, .low), index) }
            }
            for segment in trendSegments {
                for (index, side, later) in trends(segment, values, length: settings.trendLength, skipEqual: false) {
                    add(SPCRuleHit(.trend, side), index)
                    if let later { laterTrendSide[index] = later }
                }
            }
            for segment in runSegments {
                for (index, side) in runs(segment, length: settings.shiftLength, onCentreBreaks: settings.pointOnMeanBreaksRun, side: side) {
                    add(SPCRuleHit(.shift, side), index)
                }
                // Two of three: each window of three consecutive counted points all on one side,
                // at least two of them beyond that side's 2-sigma line but not beyond its limit.
                func zone(_ index: Int) -> SPCSide? {
                    let lines = period(index), value = values[index]!
                    guard let upper = lines.upperLimit, let lower = lines.lowerLimit,
                          let upperTwo = lines.upperTwoSigma, let lowerTwo = lines.lowerTwoSigma else { return nil }
                    if value > upperTwo && value <= upper { return .high }
                    if value < lowerTwo && value >= lower { return .low }
                    return nil
                }
                if segment.count >= 3 {
                    for start in 0...(segment.count - 3) {
                        let window = segment[start..<(start + 3)]
                        guard let first = side(window[start]), window.allSatisfy({ side($0) == first }) else { continue }
                        guard window.count(where: { zone($0) == first }) >= 2 else { continue }
                        for index in window where zone(index) == first { add(SPCRuleHit(.twoOfThree, first), index) }
                    }
                }
            }
        }

        // Each point's class, from the rules it meets.
        var results: [SPCPointResult] = []
        for (index, observation) in observations.enumerated() {
            let order = settings.precedence
            let met = hits[index].count < 2 ? hits[index] : hits[index].sorted {
                (order.firstIndex(of: $0.rule) ?? 0, $0.side == .high ? 0 : 1) < (order.firstIndex(of: $1.rule) ?? 0, $1.side == .high ? 0 : 1)
            }
            var primary: SPCRule?
            var variation: SPCVariation?
            if isCounted[index] {
                if let chosen = chosenSide(met, direction: direction, conflict: settings.conflict, later: laterTrendSide[index]) {
                    primary = met.first { $0.side == chosen }?.rule
                    variation = classOf(chosen, direction)
                } else {
                    variation = .commonCause
                }
            }
            results.append(SPCPointResult(label: observation.label, value: values[index], ghosted: observation.ghosted,
                                          counted: isCounted[index], period: periodOf[index], movingRange: movingRanges[index],
                                          rules: met, primary: primary, variation: variation, target: observation.target))
        }

        var variation: SPCVariation?
        var assurance: SPCAssurance?
        if kind == .xmr, let latest = counted.last {
            variation = results[latest].variation
            let lines = periods[periodOf[latest]]
            if direction != .neither, let target = observations[latest].target, target.isFinite,
               let upper = lines.upperLimit, let lower = lines.lowerLimit {
                assurance = judge(target, upper: upper, lower: lower, direction: direction, onLimit: settings.targetOnLimit)
            }
        }
        return SPCAnalysis(engineVersion: SPCAnalysis.engineVersion, settings: settings, direction: direction, kind: kind,
                           median: median, periods: periods, points: results, variation: variation, assurance: assurance,
                           warnings: warnings)
    }

    /// The lines of one period from the values its limits rest on.
    struct Lines {
        var mean: Double?
        var movingRangeMean: Double?
        var upper: Double?
        var lower: Double?
        var upperTwoSigma: Double?
        var lowerTwoSigma: Double?
    }

    static func lines(_ values: [Double], screening: MovingRangeScreening) -> Lines {
        guard var mean = meanOf(values) else { return Lines() }
        let ranges = zip(values.dropFirst(), values).map { abs($0 - $1) }
        guard let rangeMean = meanOf(ranges) else { return Lines(mean: mean) }
        var forLimits = rangeMean
        switch screening {
        case .off:
            break
        case .movingRanges:
            forLimits = meanOf(ranges.filter { $0 < movingRangeOutlierFactor * rangeMean }) ?? rangeMean
        case .movingRangesAndMean:
            let keep = ranges.map { $0 <= movingRangeOutlierFactor * rangeMean }
            forLimits = meanOf(zip(ranges, keep).filter(\.1).map(\.0)) ?? rangeMean
            // The first point has no moving range, so it always stays in the mean.
            let kept = values.enumerated().filter { $0.offset == 0 || keep[$0.offset - 1] }.map(\.element)
            mean = meanOf(kept) ?? mean
        }
        let spread = limitFactor * forLimits
        let twoSigma = 2 * (limitFactor / 3) * forLimits
        return Lines(mean: mean, movingRangeMean: forLimits, upper: mean + spread, lower: mean - spread,
                     upperTwoSigma: mean + twoSigma, lowerTwoSigma: mean - twoSigma)
    }

    /// The arithmetic mean as the references take it (sum over count), falling back to a running
    /// mean when the sum would overflow; nil for no values.
    static func meanOf(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sum = values.reduce(0, +)
        if sum.isFinite { return sum / Double(values.count) }
        var mean = 0.0
        for (offset, value) in values.enumerated() {
            let count = Double(offset + 1)
            mean += value / count - mean / count
        }
        return mean
    }

    static func medianOf(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : sorted[middle - 1] / 2 + sorted[middle] / 2
    }

    static func sideOf(_ value: Double, _ centre: Double) -> SPCSide? {
        value > centre ? .high : (value < centre ? .low : nil)
    }

    /// The points of every run of at least `length` consecutive points on one side. A point on the
    /// centre line ends a run, or (`onCentreBreaks` false) is passed over.
    static func runs(_ segment: [Int], length: Int, onCentreBreaks: Bool, side: (Int) -> SPCSide?) -> [(Int, SPCSide)] {
        var found: [(Int, SPCSide)] = []
        var current: [Int] = []
        var currentSide: SPCSide?
        func close() {
            if let currentSide, current.count >= length { found += current.map { ($0, currentSide) } }
            current = []
            currentSide = nil
        }
        for index in segment {
            guard let pointSide = side(index) else {
                if onCentreBreaks { close() }
                continue
            }
            if pointSide != currentSide { close() }
            currentSide = pointSide
            current.append(index)
        }
        close()
        return found
    }

    /// The points of every run of at least `length` points each higher (or each lower) than the
    /// one before, with, for a point joining an increasing and a decreasing run, the later run's
    /// side. With `skipEqual` (IHI), a point equal to the one before neither counts nor breaks.
    static func trends(_ segment: [Int], _ values: [Double?], length: Int, skipEqual: Bool) -> [(Int, SPCSide, SPCSide?)] {
        func value(_ position: Int) -> Double { values[segment[position]]! }
        // The positions counted: with `skipEqual`, a point equal to the one before is passed over.
        var kept: [Int] = []
        for position in segment.indices {
            if skipEqual, let last = kept.last, value(last) == value(position) { continue }
            kept.append(position)
        }
        var sides = [[SPCSide]](repeating: [], count: segment.count)
        var start = 0
        var runSide: SPCSide?
        func close(_ end: Int) {
            guard let runSide, end - start + 1 >= length else { return }
            for position in kept[start]...kept[end] { sides[position].append(runSide) }
        }
        for offset in kept.indices.dropFirst() {
            let step = sideOf(value(kept[offset]), value(kept[offset - 1]))
            if step != runSide {
                close(offset - 1)
                start = offset - 1
                runSide = step
            }
        }
        if !kept.isEmpty { close(kept.count - 1) }
        var found: [(Int, SPCSide, SPCSide?)] = []
        for (position, met) in sides.enumerated() where !met.isEmpty {
            // A turning point is in two runs: the later one is listed last.
            let later = met.contains { $0 != met[0] } ? met.last : nil
            for side in [SPCSide.high, .low] where met.contains(side) { found.append((segment[position], side, later)) }
        }
        return found
    }

    /// The side a point's signal is shown on, nil for common cause.
    static func chosenSide(_ met: [SPCRuleHit], direction: ImprovementDirection, conflict: SPCConflict,
                           later: SPCSide?) -> SPCSide? {
        guard let first = met.first else { return nil }
        if met.allSatisfy({ $0.side == first.side }) { return first.side }
        switch conflict {
        case .precedence:
            // A point joining two trends takes the later trend's side (NHSRplotthedots).
            if first.rule == .trend, met.contains(SPCRuleHit(.trend, .high)), met.contains(SPCRuleHit(.trend, .low)) {
                return later ?? first.side
            }
            return first.side
        case .improvement, .concern:
            guard direction != .neither else { return .high }
            let improving: SPCSide = direction == .up ? .high : .low
            return conflict == .improvement ? improving : (improving == .high ? .low : .high)
        }
    }

    static func classOf(_ side: SPCSide, _ direction: ImprovementDirection) -> SPCVariation {
        switch (direction, side) {
        case (.up, .high): .improvementHigh
        case (.up, .low): .concernLow
        case (.down, .low): .improvementLow
        case (.down, .high): .concernHigh
        case (.neither, .high): .neitherHigh
        case (.neither, .low): .neitherLow
        }
    }

    /// The assurance icon: where the target sits against the latest period's limits.
    static func judge(_ target: Double, upper: Double, lower: Double, direction: ImprovementDirection,
                      onLimit: TargetOnLimit) -> SPCAssurance {
        let up = direction == .up
        switch onLimit {
        case .passOrFail:
            // NHS England's SQL: the passing side's test first, each inclusive of its limit.
            if up {
                if target <= lower { return .consistentlyPass }
                if target >= upper { return .consistentlyFail }
            } else {
                if target >= upper { return .consistentlyPass }
                if target <= lower { return .consistentlyFail }
            }
            return .hitAndMiss
        case .hitAndMiss:
            if target > upper { return up ? .consistentlyFail : .consistentlyPass }
            if target < lower { return up ? .consistentlyPass : .consistentlyFail }
            return .hitAndMiss
        }
    }
}
