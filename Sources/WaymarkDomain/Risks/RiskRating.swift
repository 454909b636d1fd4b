/// How likely a risk is to happen, on the NPSA 5x5 matrix ("A risk matrix for risk managers",
/// National Patient Safety Agency, 2008).
public enum Likelihood: Int, CaseIterable, Codable, Sendable, Comparable {
    case rare = 1, unlikely, possible, likely, almostCertain

    public var label: String {
        switch self {
        case .rare: "Rare"
        case .unlikely: "Unlikely"
        case .possible: "Possible"
        case .likely: "Likely"
        case .almostCertain: "Almost certain"
        }
    }

    public static func < (a: Likelihood, b: Likelihood) -> Bool { a.rawValue < b.rawValue }
}

/// How bad it would be if it happened, on the same matrix.
public enum Consequence: Int, CaseIterable, Codable, Sendable, Comparable {
    case negligible = 1, minor, moderate, major, catastrophic

    public var label: String {
        switch self {
        case .negligible: "Negligible"
        case .minor: "Minor"
        case .moderate: "Moderate"
        case .major: "Major"
        case .catastrophic: "Catastrophic"
        }
    }

    public static func < (a: Consequence, b: Consequence) -> Bool { a.rawValue < b.rawValue }
}

/// One cell of the 5x5 matrix. The score is consequence x likelihood, so only 14 of the values
/// 1 to 25 can occur (1 2 3 4 5 6 8 9 10 12 15 16 20 25).
public struct RiskRating: Hashable, Codable, Sendable {
    public var likelihood: Likelihood
    public var consequence: Consequence

    public init(likelihood: Likelihood, consequence: Consequence) {
        self.likelihood = likelihood
        self.consequence = consequence
    }

    /// A rating from the two numbers as typed (1 to 5 each); nil when either is out of range.
    public init?(likelihood: Int, consequence: Int) {
        guard let likelihood = Likelihood(rawValue: likelihood), let consequence = Consequence(rawValue: consequence) else {
            return nil
        }
        self.init(likelihood: likelihood, consequence: consequence)
    }

    public var score: Int { likelihood.rawValue * consequence.rawValue }

    /// "Likely (4) x Major (4) = 16": how a rating reads in words.
    public var description: String {
        "\(likelihood.label) (\(likelihood.rawValue)) × \(consequence.label) (\(consequence.rawValue)) = \(score)"
    }

    /// Every score the matrix can give, in order.
    public static let possibleScores: [Int] = Array(Set(Likelihood.allCases.flatMap { l in
        Consequence.allCases.map { l.rawValue * $0.rawValue }
    })).sorted()
}

/// A rating as it was stored: the cell and the band the table in force at the time gave it. A
/// later change of the band table does not rewrite what a risk was graded (NHS-CONVENTIONS 1).
public struct GradedRating: Hashable, Codable, Sendable {
    public var rating: RiskRating
    /// The band's name when the rating was stored ("High").
    public var band: String

    public init(rating: RiskRating, band: String) {
        self.rating = rating
        self.band = band
    }

    public init(_ rating: RiskRating, in table: RiskBandTable) {
        self.init(rating: rating, band: table.band(for: rating.score).name)
    }

    public var score: Int { rating.score }
}
