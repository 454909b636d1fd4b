import Foundation

/// A decision as a person records it on a project's decisions log: what was decided, when, by
/// whom (a person, or a board or group), why, what else was considered, and the RAID items it
/// bears on.
public struct DecisionFields: Codable, Equatable, Sendable {
    public var title: String
    public var decidedOn: CalendarDate
    /// The person who decided, when one person did.
    public var deciderID: UUID?
    /// The board or group that decided ("Urgent care programme board"), when one did.
    public var board: String
    public var rationale: String
    public var options: String
    /// The project's risks, issues, assumptions and dependencies it bears on, in the log's order.
    public var links: [RAIDItem]

    public init(title: String, decidedOn: CalendarDate, deciderID: UUID? = nil, board: String = "", rationale: String = "",
                options: String = "", links: [RAIDItem] = []) {
        self.title = title
        self.decidedOn = decidedOn
        self.deciderID = deciderID
        self.board = board
        self.rationale = rationale
        self.options = options
        self.links = links
    }

    public var auditValues: [(String, String?)] {
        [
            ("title", title), ("decidedOn", decidedOn.description), ("deciderId", deciderID?.lowercasedText), ("board", board),
            ("rationale", rationale), ("options", options), ("linkedItemIds", AuditValue.list(links.map(\.id.lowercasedText))),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// A decision as typed into a form or sent to the API. `linkedItemIds` holds the ids of the RAID
/// items it links to, joined by commas (ids hold none).
public struct DecisionInput: KeyedInput {
    public var title: String?
    public var decidedOn: String?
    public var deciderID: String?
    public var board: String?
    public var rationale: String?
    public var options: String?
    public var linkedItemIDs: String?

    public static var fields: [(key: String, path: WritableKeyPath<DecisionInput, String?>)] {
        [
            ("title", \.title), ("decidedOn", \.decidedOn), ("deciderId", \.deciderID), ("board", \.board), ("rationale", \.rationale),
            ("options", \.options), ("linkedItemIds", \.linkedItemIDs),
        ]
    }

    public static var listKeys: Set<String> { ["linkedItemIds"] }

    public init() {}

    public init(showing fields: DecisionFields) {
        title = fields.title
        decidedOn = fields.decidedOn.description
        deciderID = fields.deciderID?.lowercasedText ?? ""
        board = fields.board
        rationale = fields.rationale
        options = fields.options
        linkedItemIDs = fields.links.map(\.id.lowercasedText).joined(separator: ",")
    }
}

extension DecisionFields {
    public static let titleLimit = 300
    public static let boardLimit = 200
    public static let textLimit = 4_000
    public static let linkLimit = 50

    /// The decision's input checked, every problem at once. `items` are its project's RAID items
    /// by id; `deciders` the people who may be named as deciding. Decided by a person or a board,
    /// not both; on a date not after `today`.
    public static func validate(_ input: DecisionInput, items: [UUID: RAIDItem], deciders: Set<UUID>,
                                today: CalendarDate) throws -> DecisionFields {
        var errors = FieldErrors()
        let title = errors.text(input.title, "title", "Decision", limit: titleLimit, blank: "Enter the decision: what was decided")
        let board = errors.text(input.board, "board", "Board or group", limit: boardLimit) ?? ""
        let rationale = errors.text(input.rationale, "rationale", "Rationale", limit: textLimit, multiline: true) ?? ""
        let options = errors.text(input.options, "options", "Options considered", limit: textLimit, multiline: true) ?? ""
        let decided = errors.date(input.decidedOn, "decidedOn", "Date decided")
        if let decided, decided > today { errors.add("decidedOn", "The date decided cannot be in the future", kind: .rule) }
        if decided == nil && input.decidedOn.exactOrNil == nil { errors.add("decidedOn", "Enter the date it was decided", kind: .rule) }
        var decider: UUID?
        if let text = input.deciderID.exactOrNil {
            if let id = UUID(uuidString: text), deciders.contains(id) { decider = id }
            else {
                errors.add("deciderId", "Select the person who decided from the people listed",
                           kind: UUID(uuidString: text) == nil ? .invalid : .reference)
            }
            if !board.isEmpty { errors.add("board", "Name the person or the board who decided, not both: clear one of them", kind: .rule) }
        } else if board.isEmpty && !errors.errors.contains(where: { $0.field == "board" }) {
            errors.add("deciderId", "Say who decided: select a person or name the board or group", kind: .rule)
        }
        var links: [RAIDItem] = []
        let texts = (input.linkedItemIDs ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if input.linkedItemIDs.exactOrNil != nil {
            if texts.count > linkLimit { errors.add("linkedItemIds", "Link at most \(linkLimit) RAID items") }
            for text in texts {
                guard let id = UUID(uuidString: text), let item = items[id] else {
                    errors.add("linkedItemIds", "Select only this project's risks, issues, assumptions and dependencies",
                               kind: UUID(uuidString: text) == nil ? .invalid : .reference)
                    break
                }
                if !links.contains(item) { links.append(item) }
            }
        }
        try errors.throwIfAny()
        return DecisionFields(title: title!, decidedOn: decided!, deciderID: decider, board: board, rationale: rationale,
                              options: options, links: links)
    }
}

/// A decision on a project's decisions log ("DEC2" there).
public struct Decision: Codable, Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: DecisionFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: DecisionFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "DEC\(number)" }
}
