import Foundation

/// An action as a person records it: what will be done, by whom, by when, and when it was done.
public struct ActionFields: Equatable, Sendable {
    /// The RAID item it serves; nil for the project as a whole.
    public var item: RAIDItem?
    public var title: String
    public var notes: String
    public var ownerID: UUID?
    public var dueDate: CalendarDate
    public var doneOn: CalendarDate?

    public init(item: RAIDItem? = nil, title: String, notes: String = "", ownerID: UUID? = nil, dueDate: CalendarDate,
                doneOn: CalendarDate? = nil) {
        self.item = item
        self.title = title
        self.notes = notes
        self.ownerID = ownerID
        self.dueDate = dueDate
        self.doneOn = doneOn
    }

    public var isDone: Bool { doneOn != nil }

    /// Not done, and its due date has passed.
    public func isOverdue(today: CalendarDate) -> Bool { !isDone && dueDate < today }

    public var auditValues: [(String, String?)] {
        [
            ("itemId", item?.id.lowercasedText), ("title", title), ("notes", notes), ("ownerId", ownerID?.lowercasedText),
            ("dueDate", dueDate.description),
            ("doneOn", doneOn?.description),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// An action as typed into a form or sent to the API.
public struct ActionInput: KeyedInput {
    /// The id of the project's risk, issue, assumption or dependency it is for; "" for none.
    public var itemID: String?
    public var title: String?
    public var notes: String?
    public var ownerID: String?
    public var dueDate: String?
    public var doneOn: String?

    public static var fields: [(key: String, path: WritableKeyPath<ActionInput, String?>)] {
        [("itemId", \.itemID), ("title", \.title), ("notes", \.notes), ("ownerId", \.ownerID), ("dueDate", \.dueDate), ("doneOn", \.doneOn)]
    }

    public init() {}

    public init(showing fields: ActionFields) {
        itemID = fields.item?.id.lowercasedText ?? ""
        title = fields.title
        notes = fields.notes
        ownerID = fields.ownerID?.lowercasedText ?? ""
        dueDate = fields.dueDate.description
        doneOn = fields.doneOn?.description ?? ""
    }
}

extension ActionFields {
    public static let titleLimit = 300
    public static let notesLimit = 4_000

    /// The action's input checked, every problem at once. `items` are the RAID items of its project
    /// by id; an action not yet done needs an owner; the date done cannot be in the future.
    public static func validate(_ input: ActionInput, items: [UUID: RAIDItem], owners: Set<UUID>,
                                today: CalendarDate) throws -> ActionFields {
        var errors = FieldErrors()
        var item: RAIDItem?
        if let text = input.itemID.exactOrNil {
            if let id = UUID(uuidString: text), let found = items[id] { item = found }
            else {
                errors.add("itemId", "Select one of this project's risks, issues, assumptions or dependencies, or none",
                           kind: UUID(uuidString: text) == nil ? .invalid : .reference)
            }
        }
        let title = errors.text(input.title, "title", "Action", limit: titleLimit, blank: "Enter the action: what will be done")
        let notes = errors.text(input.notes, "notes", "Notes", limit: notesLimit, multiline: true) ?? ""
        let due = errors.date(input.dueDate, "dueDate", "Due date")
        if due == nil && input.dueDate.exactOrNil == nil { errors.add("dueDate", "Enter the date the action is due", kind: .rule) }
        let done = errors.date(input.doneOn, "doneOn", "Date done")
        if let done, done > today { errors.add("doneOn", "The date done cannot be in the future", kind: .rule) }
        let isDone = done != nil || input.doneOn.exactOrNil != nil
        let owner = errors.owner(input.ownerID, owners: owners,
                                 required: isDone ? nil : "Select who does the action: one not yet done needs an owner")
        try errors.throwIfAny()
        return ActionFields(item: item, title: title!, notes: notes, ownerID: owner, dueDate: due!, doneOn: done)
    }
}

/// An action on a project's actions log ("AC4" there), perhaps for one of its RAID items.
public struct Action: Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: ActionFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: ActionFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "AC\(number)" }
}
