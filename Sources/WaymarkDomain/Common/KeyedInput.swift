import Foundation

/// What a person typed into a form or sent to the API for one kind of record: every value as
/// text, nil for "not sent, keep it". Each field is declared once, by the key forms, the API and
/// the audit trail name it; forms, bodies and merging are written once over that list.
public protocol KeyedInput: Sendable {
    associatedtype Fields
    /// Every field, by its key, with its place in the input.
    static var fields: [(key: String, path: WritableKeyPath<Self, String?>)] { get }
    init()
    /// A record's fields as a form shows them.
    init(showing fields: Fields)
    /// The fields that hold a list of ids, joined by commas (a form's checkboxes, a body's array).
    static var listKeys: Set<String> { get }
}

extension KeyedInput {
    public static var listKeys: Set<String> { [] }

    /// This input with every field it does not carry (nil) taken from `fields`.
    public func overlaid(on fields: Fields) -> Self {
        let current = Self(showing: fields)
        var merged = self
        for (_, path) in Self.fields where merged[keyPath: path] == nil {
            merged[keyPath: path] = current[keyPath: path]
        }
        return merged
    }

    /// The input from values found by key (a form, a JSON body's members).
    public init(reading value: (String) -> String?) {
        self.init()
        for (key, path) in Self.fields { self[keyPath: path] = value(key) }
    }
}

extension FieldErrors {
    /// A choice from a fixed list, by its code; `fallback` when nothing was sent, nil (with
    /// `message`) when what was sent is not one of them.
    public mutating func choice<Choice: RawRepresentable<String>>(_ text: String?, _ field: String, _ fallback: Choice,
                                                                  _ message: String) -> Choice {
        guard let text = text.exactOrNil else { return fallback }
        guard let choice = Choice(rawValue: text) else {
            add(field, message)
            return fallback
        }
        return choice
    }

    /// Ids chosen from `allowed` (a project's measures), joined by commas as forms and bodies
    /// send them, each once in the order given; the first that is not one of them is reported
    /// with `message`, and more than `limit` with "Link at most".
    public mutating func ids(_ text: String?, _ field: String, allowed: Set<UUID>, limit: Int, noun: String, message: String) -> [UUID] {
        guard let text = text.exactOrNil else { return [] }
        let texts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if texts.count > limit { add(field, "Link at most \(limit) \(noun)") }
        var ids: [UUID] = []
        for text in texts {
            guard let id = UUID(uuidString: text), allowed.contains(id) else {
                add(field, message, kind: UUID(uuidString: text) == nil ? .invalid : .reference)
                break
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// The owner chosen, by id, from `owners` (the people who may own it); `required` says why
    /// one is needed when none was chosen (nil when none is needed).
    public mutating func owner(_ text: String?, _ field: String = "ownerId", owners: Set<UUID>, required: String?) -> UUID? {
        guard let text = text.exactOrNil else {
            if let required { add(field, required, kind: .rule) }
            return nil
        }
        guard let id = UUID(uuidString: text), owners.contains(id) else {
            add(field, "Select an owner from the people listed", kind: UUID(uuidString: text) == nil ? .invalid : .reference)
            return nil
        }
        return id
    }
}
