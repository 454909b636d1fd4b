import Foundation

/// One row of a proposed band table, as typed or sent: every value as text.
public struct RiskBandInput: Equatable, Sendable {
    public var name: String?
    public var lowestScore: String?
    public var colour: String?

    public init(name: String? = nil, lowestScore: String? = nil, colour: String? = nil) {
        self.name = name
        self.lowestScore = lowestScore
        self.colour = colour
    }

    public init(showing band: RiskBand) {
        self.init(name: band.name, lowestScore: String(band.lowestScore), colour: band.colour)
    }

    /// A form's row left empty (a colour picker always sends a colour): not a band.
    public var isBlank: Bool { [name, lowestScore].allSatisfy { $0.trimmedOrNil == nil } }
}

/// The system's risk settings as an administrator proposes them: the band table and the
/// escalation threshold (nil keeps the one in force).
public struct RiskSettingsInput: Equatable, Sendable {
    public var bands: [RiskBandInput]?
    public var escalationThreshold: String?

    public init(bands: [RiskBandInput]? = nil, escalationThreshold: String? = nil) {
        self.bands = bands
        self.escalationThreshold = escalationThreshold
    }

    public init(showing settings: RiskSettings) {
        self.init(bands: settings.bands.bands.map(RiskBandInput.init(showing:)),
                  escalationThreshold: String(settings.escalationThreshold))
    }
}

extension RiskSettings {
    public static let bandLimit = 8
    public static let bandNameLimit = 40

    /// The settings `input` proposes, every problem at once: bands (rows left blank dropped) keyed
    /// "bands", the threshold "escalationThreshold". What the input does not carry is kept from `current`.
    public static func validate(_ input: RiskSettingsInput, current: RiskSettings) throws -> RiskSettings {
        var errors = FieldErrors()
        var table = current.bands
        if let rows = input.bands?.filter({ !$0.isBlank }) {
            var bands: [RiskBand] = []
            for (index, row) in rows.enumerated() {
                let label = "Band \(index + 1)"
                let name = errors.text(row.name, "bands", "\(label)'s name", limit: bandNameLimit,
                                       blank: "\(label) needs a name, such as Moderate")
                let score = row.lowestScore.trimmedOrNil.flatMap(Int.init)
                if score == nil || !(1...25).contains(score!) {
                    errors.add("bands", "\(label)'s lowest score must be a whole number from 1 to 25")
                }
                let colour = row.colour.trimmedOrNil?.lowercased() ?? ""
                if let name, let score { bands.append(RiskBand(name: name, lowestScore: score, colour: colour)) }
            }
            if rows.count > bandLimit { errors.add("bands", "Give at most \(bandLimit) bands") }
            if errors.isEmpty {
                do {
                    table = try RiskBandTable(bands)
                } catch {
                    errors.add("bands", error.description, kind: .rule)
                }
            }
        }
        var threshold = current.escalationThreshold
        if let text = input.escalationThreshold {
            if let number = text.trimmedOrNil.flatMap(Int.init), (1...25).contains(number) {
                threshold = number
            } else {
                errors.add("escalationThreshold", "The escalation threshold must be a score from 1 to 25, such as 15")
            }
        }
        try errors.throwIfAny()
        return RiskSettings(bands: table, escalationThreshold: threshold)
    }

    /// How the audit trail keeps the settings: the table as "Low 1 #007f3b, Moderate 4 …".
    public var auditValues: [(String, String?)] {
        [
            ("bands", bands.bands.map { "\($0.name) \($0.lowestScore) \($0.colour)" }.joined(separator: ", ")),
            ("escalationThreshold", String(escalationThreshold)),
        ]
    }

    /// The record the audit trail files changes to the settings under: there is one.
    public static let auditEntityID = UUID(uuidString: "00000000-0000-4000-8000-000000000014")!
}
