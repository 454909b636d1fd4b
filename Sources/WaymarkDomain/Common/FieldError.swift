/// What kind of problem a field error is. The API's clients, and its conformance test, can tell
/// a value the API's document already says is wrong from a refusal no schema can state.
public enum FieldErrorKind: String, Codable, Sendable, CaseIterable {
    /// The value itself is wrong, as the API's document states (type, format, length, pattern, choice).
    case invalid
    /// It names a record that does not exist or cannot be chosen (an unknown stage, an inactive person).
    case reference
    /// Another record already has it (an email, an organisation's code, a theme's name).
    case taken
    /// A rule across fields, or about who may set a value, that no schema can state (an end before
    /// its start, a role you may not give, the last administrator).
    case rule
}

/// One problem with one input field, in words the person who typed it can act on.
public struct FieldError: Error, Equatable, Sendable, Codable {
    /// The field's name as the form and the API call it (`title`, `leadOrganisationId`).
    public var field: String
    public var message: String
    public var kind: FieldErrorKind

    public init(_ field: String, _ message: String, kind: FieldErrorKind = .invalid) {
        self.field = field
        self.message = message
        self.kind = kind
    }
}

/// Input that was refused; nothing was changed.
public struct ValidationFailure: Error, Equatable, Sendable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public init(_ field: String, _ message: String, kind: FieldErrorKind = .invalid) {
        self.errors = [FieldError(field, message, kind: kind)]
    }

    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }
}

/// Collects field errors while a form or body is checked, so every problem is reported at once.
public struct FieldErrors: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String, kind: FieldErrorKind = .invalid) {
        // One message per field: the first problem found is the one to fix first.
        guard !errors.contains(where: { $0.field == field }) else { return }
        errors.append(FieldError(field, message, kind: kind))
    }

    public var isEmpty: Bool { errors.isEmpty }

    public func throwIfAny() throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

/// The record changed since the person loaded it: their save is refused, not merged.
public struct VersionConflict: Error, Equatable, Sendable {
    public var currentVersion: Int
    public init(currentVersion: Int) { self.currentVersion = currentVersion }
}

/// The record cannot be deleted while others refer to it; `reason` says what to do instead.
public struct StillInUse: Error, Equatable, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// The thing does not exist, or the person may not know that it does.
public struct NotFound: Error, Equatable, Sendable {
    public var what: String
    public init(_ what: String) { self.what = what }
}

/// The person may see the thing but not do this to it.
public struct Forbidden: Error, Equatable, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
