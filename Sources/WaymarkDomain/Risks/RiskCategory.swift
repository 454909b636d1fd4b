import Foundation

/// Whether a category is offered for new risks. A retired one stays on the risks that carry it
/// (and in the registers' filters), so retiring never rewrites a risk.
public enum RiskCategoryStatus: String, CaseIterable, Codable, Sendable {
    case active, retired

    public var label: String {
        switch self {
        case .active: "Offered for new risks"
        case .retired: "Retired"
        }
    }
}

/// A risk category, from the system's list (the portfolio office keeps it).
public struct RiskCategory: Equatable, Sendable {
    public var id: UUID
    public var fields: RiskCategoryFields
    public var version: Int

    public init(id: UUID, fields: RiskCategoryFields, version: Int) {
        self.id = id
        self.fields = fields
        self.version = version
    }

    public var name: String { fields.name }
    public var position: Int { fields.position }
    public var isRetired: Bool { fields.status == .retired }

    /// The categories a risk's form offers: those in use, and the one the risk has (retired or not).
    public static func offered(_ categories: [RiskCategory], keeping current: UUID?) -> [RiskCategory] {
        categories.filter { !$0.isRetired || $0.id == current }
    }
}

public struct RiskCategoryFields: Equatable, Sendable {
    public var name: String
    /// Where it comes in the lists (1 first); categories at the same place go by name.
    public var position: Int
    public var status: RiskCategoryStatus

    public init(name: String, position: Int, status: RiskCategoryStatus = .active) {
        self.name = name
        self.position = position
        self.status = status
    }

    public var auditValues: [(String, String?)] {
        [("name", name), ("position", String(position)), ("status", status.rawValue)]
    }

    public static let nameLimit = 80
    public static let positions = 1...999

    /// The category's input checked, every problem at once; with no position given it goes at
    /// `endOfList`. Names are unique, whatever their case: the store says which name is taken.
    public static func validate(_ input: RiskCategoryInput, endOfList: Int) throws -> RiskCategoryFields {
        var errors = FieldErrors()
        let name = errors.text(input.name, "name", "Name", limit: nameLimit, blank: "Enter the category's name")
        var position = min(max(endOfList, positions.lowerBound), positions.upperBound)
        if let text = input.position.exactOrNil {
            if let number = Int(text), positions.contains(number) {
                position = number
            } else {
                errors.add("position", "Position must be a whole number from \(positions.lowerBound) to \(positions.upperBound)")
            }
        }
        let status = errors.choice(input.status, "status", RiskCategoryStatus.active,
                                   "Select whether the category is offered for new risks or retired")
        try errors.throwIfAny()
        return RiskCategoryFields(name: name!, position: position, status: status)
    }
}

/// A category as typed into a form or sent to the API.
public struct RiskCategoryInput: KeyedInput {
    public var name: String?
    public var position: String?
    public var status: String?

    public static var fields: [(key: String, path: WritableKeyPath<RiskCategoryInput, String?>)] {
        [("name", \.name), ("position", \.position), ("status", \.status)]
    }

    public init() {}

    public init(showing fields: RiskCategoryFields) {
        name = fields.name
        position = String(fields.position)
        status = fields.status.rawValue
    }
}
