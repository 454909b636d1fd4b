import Foundation

/// Whether an assumption has been checked (NHS-CONVENTIONS 2: the RAID log's assumptions).
public enum AssumptionStatus: String, CaseIterable, Codable, Sendable {
    /// Not yet checked: the plan still rests on it.
    case unvalidated
    /// Checked and found to hold.
    case confirmed
    /// Checked and found not to hold: the plan must change (often a risk or issue follows).
    case disproved

    public var label: String {
        switch self {
        case .unvalidated: "Not yet validated"
        case .confirmed: "Confirmed"
        case .disproved: "Proved wrong"
        }
    }

    public var isOpen: Bool { self == .unvalidated }
}

/// An assumption as a person records it on a project's RAID log: what the plan takes to be true,
/// what happens if it is not, who checks it, by when, and what the check found.
public struct AssumptionFields: Equatable, Sendable {
    public var statement: String
    public var impactIfWrong: String
    public var ownerID: UUID?
    public var status: AssumptionStatus
    /// The date by which it should be checked, if one was set.
    public var validateBy: CalendarDate?
    /// When it was checked: set exactly when it is confirmed or proved wrong.
    public var validatedOn: CalendarDate?

    public init(statement: String, impactIfWrong: String = "", ownerID: UUID? = nil, status: AssumptionStatus = .unvalidated,
                validateBy: CalendarDate? = nil, validatedOn: CalendarDate? = nil) {
        self.statement = statement
        self.impactIfWrong = impactIfWrong
        self.ownerID = ownerID
        self.status = status
        self.validateBy = validateBy
        self.validatedOn = validatedOn
    }

    /// Not yet checked, and the date it should have been checked by has passed.
    public func isOverdue(today: CalendarDate) -> Bool {
        guard status.isOpen, let validateBy else { return false }
        return validateBy < today
    }

    public var auditValues: [(String, String?)] {
        [
            ("statement", statement), ("impactIfWrong", impactIfWrong), ("ownerId", ownerID?.lowercasedText),
            ("status", status.rawValue), ("validateBy", validateBy?.description), ("validatedOn", validatedOn?.description),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// An assumption as typed into a form or sent to the API.
public struct AssumptionInput: KeyedInput {
    public var statement: String?
    public var impactIfWrong: String?
    public var ownerID: String?
    public var status: String?
    public var validateBy: String?
    public var validatedOn: String?

    public static var fields: [(key: String, path: WritableKeyPath<AssumptionInput, String?>)] {
        [
            ("statement", \.statement), ("impactIfWrong", \.impactIfWrong), ("ownerId", \.ownerID), ("status", \.status),
            ("validateBy", \.validateBy), ("validatedOn", \.validatedOn),
        ]
    }

    public init() {}

    public init(showing fields: AssumptionFields) {
        statement = fields.statement
        impactIfWrong = fields.impactIfWrong
        ownerID = fields.ownerID?.lowercasedText ?? ""
        status = fields.status.rawValue
        validateBy = fields.validateBy?.description ?? ""
        validatedOn = fields.validatedOn?.description ?? ""
    }
}

extension AssumptionFields {
    public static let statementLimit = 300
    public static let textLimit = 4_000

    /// The assumption's input checked, every problem at once. `owners` are the people who may own
    /// it. One not yet validated has no date validated (a date kept from an earlier check is
    /// dropped when it is reopened); one checked needs the date, not after `today`.
    public static func validate(_ input: AssumptionInput, owners: Set<UUID>, today: CalendarDate) throws -> AssumptionFields {
        var errors = FieldErrors()
        let statement = errors.text(input.statement, "statement", "Assumption", limit: statementLimit,
                                    blank: "Enter the assumption: what the plan takes to be true")
        let impact = errors.text(input.impactIfWrong, "impactIfWrong", "Impact if wrong", limit: textLimit, multiline: true) ?? ""
        let status = errors.choice(input.status, "status", AssumptionStatus.unvalidated,
                                   "Select a status: not yet validated, confirmed or proved wrong")
        let owner = errors.owner(input.ownerID, owners: owners,
                                 required: status.isOpen ? "Select who validates the assumption: one not yet validated needs an owner" : nil)
        let validateBy = errors.date(input.validateBy, "validateBy", "Date to validate by")
        var validatedOn = errors.date(input.validatedOn, "validatedOn", "Date validated")
        if status.isOpen {
            validatedOn = nil
        } else if let date = validatedOn, date > today {
            errors.add("validatedOn", "The date validated cannot be in the future", kind: .rule)
        } else if validatedOn == nil && input.validatedOn.exactOrNil == nil {
            errors.add("validatedOn", "Enter the date the assumption was \(status == .confirmed ? "confirmed" : "proved wrong")", kind: .rule)
        }
        try errors.throwIfAny()
        return AssumptionFields(statement: statement!, impactIfWrong: impact, ownerID: owner, status: status,
                                validateBy: validateBy, validatedOn: validatedOn)
    }
}

/// An assumption on a project's log ("A2" there).
public struct Assumption: Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: AssumptionFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: AssumptionFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "A\(number)" }
}
