import Foundation

/// One grade of risk score ("High", from 8), with the colour the matrix shows it in.
public struct RiskBand: Hashable, Codable, Sendable {
    public var name: String
    /// The lowest score in the band; the band runs up to the next band's lowest score.
    public var lowestScore: Int
    /// How the band is drawn: a colour of the NHS palette, as `#rrggbb`.
    public var colour: String

    public init(name: String, lowestScore: Int, colour: String) {
        self.name = name
        self.lowestScore = lowestScore
        self.colour = colour
    }
}

/// The grading of scores into bands, a system setting: NHS bodies use local variants (for example
/// 1-4 / 5-10 / 12+), so the table is data, and every stored rating keeps the band it was given.
public struct RiskBandTable: Hashable, Codable, Sendable {
    /// Ascending by lowest score; the first starts at 1.
    public let bands: [RiskBand]

    /// NPSA 2008's default grading: 1-3 Low (green), 4-6 Moderate (yellow), 8-12 High (amber),
    /// 15-25 Extreme (red), in the NHS palette's green, warm yellow, orange and red.
    public static let nhsDefault = try! RiskBandTable([
        RiskBand(name: "Low", lowestScore: 1, colour: "#007f3b"),
        RiskBand(name: "Moderate", lowestScore: 4, colour: "#ffb81c"),
        RiskBand(name: "High", lowestScore: 8, colour: "#ed8b00"),
        RiskBand(name: "Extreme", lowestScore: 15, colour: "#d5281b"),
    ])

    /// What is wrong with a proposed table, in words an administrator can act on.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case noBands
        case firstBandMustStartAtOne(Int)
        case notAscending(String)
        case beyondTheMatrix(String)
        case blankName
        case duplicateName(String)
        case badColour(String)

        public var description: String {
            switch self {
            case .noBands: "Give at least one band."
            case let .firstBandMustStartAtOne(score): "The first band must start at a score of 1, not \(score)."
            case let .notAscending(name): "Band “\(name)” must start at a higher score than the band before it."
            case let .beyondTheMatrix(name): "Band “\(name)” must start at a score no higher than 25."
            case .blankName: "Every band needs a name."
            case let .duplicateName(name): "Two bands are called “\(name)”."
            case let .badColour(name): "Band “\(name)” needs a colour written as #rrggbb."
            }
        }
    }

    public init(_ bands: [RiskBand]) throws(Problem) {
        guard let first = bands.first else { throw .noBands }
        guard first.lowestScore == 1 else { throw .firstBandMustStartAtOne(first.lowestScore) }
        var names = Set<String>()
        for (index, band) in bands.enumerated() {
            let name = band.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw .blankName }
            guard names.insert(name.lowercased()).inserted else { throw .duplicateName(name) }
            if index > 0 && band.lowestScore <= bands[index - 1].lowestScore { throw .notAscending(name) }
            guard band.lowestScore <= 25 else { throw .beyondTheMatrix(name) }
            guard Self.isColour(band.colour) else { throw .badColour(name) }
        }
        self.bands = bands
    }

    /// The band a score falls in: the last band starting at or below it.
    public func band(for score: Int) -> RiskBand {
        bands.last { $0.lowestScore <= score } ?? bands[0]
    }

    /// The scores a band covers, as the matrix can give them ("8-12"); empty when none can occur.
    public func scores(of band: RiskBand) -> [Int] {
        RiskRating.possibleScores.filter { self.band(for: $0) == band }
    }

    private static func isColour(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 7 && bytes[0] == UInt8(ascii: "#") && bytes.dropFirst().allSatisfy {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
        }
    }
}
