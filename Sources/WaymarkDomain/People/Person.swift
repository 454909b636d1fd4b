import Foundation

public struct Person: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var name: String
    public var email: String
    public var role: SystemRole
    public var organisationID: UUID
    public var active: Bool
    public var version: Int

    public init(id: UUID, name: String, email: String, role: SystemRole, organisationID: UUID,
                active: Bool, version: Int) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.organisationID = organisationID
        self.active = active
        self.version = version
    }

    public var actor: Actor { Actor(personID: id, role: role, organisationID: organisationID) }
}

/// What was typed to create or change a person.
public struct PersonInput: Equatable, Sendable {
    public var name: String?
    public var email: String?
    public var role: String?
    public var organisationID: String?
    /// Only when creating a person or setting a new password.
    public var password: String?

    public init(name: String? = nil, email: String? = nil, role: String? = nil,
                organisationID: String? = nil, password: String? = nil) {
        self.name = name
        self.email = email
        self.role = role
        self.organisationID = organisationID
        self.password = password
    }

    public init(_ person: Person) {
        self.init(name: person.name, email: person.email, role: person.role.rawValue,
                  organisationID: person.organisationID.lowercasedText)
    }
}

public struct PersonFields: Equatable, Sendable {
    public var name: String
    public var email: String
    public var role: SystemRole
    public var organisationID: UUID
    public var password: String?

    public init(name: String, email: String, role: SystemRole, organisationID: UUID, password: String?) {
        self.name = name
        self.email = email
        self.role = role
        self.organisationID = organisationID
        self.password = password
    }

    /// - Parameter passwordRequired: true when creating a person.
    public static func validate(_ input: PersonInput, knownOrganisations: Set<UUID>,
                                passwordRequired: Bool) throws -> PersonFields {
        var errors = FieldErrors()
        let name = errors.text(input.name, "name", "Name", limit: 200, blank: "Enter the person's full name")

        let email = input.email.map(EmailAddress.normalised).exactOrNil
        if email == nil { errors.add("email", "Enter an email address") }
        else if let problem = EmailAddress.problem(with: email!) {
            // The API's document states an address's shape; invisible characters and mixed
            // alphabets are Waymark's own rule against look-alike accounts.
            errors.add("email", problem, kind: EmailAddress.isPlausible(email!) ? .rule : .invalid)
        }

        let role = input.role.exactOrNil.flatMap(SystemRole.init(rawValue:))
        if role == nil { errors.add("role", "Select a system role") }

        let organisationID = input.organisationID.exactOrNil.flatMap(UUID.init(uuidString:))
        if organisationID == nil || !knownOrganisations.contains(organisationID!) {
            errors.add("organisationId", "Select the person's organisation", kind: organisationID == nil ? .invalid : .reference)
        }

        let password = input.password.flatMap { $0.isEmpty ? nil : $0 }
        if let password {
            // Length in characters is in the API's document; bcrypt's limit in bytes cannot be.
            if let problem = PasswordRules.problem(with: password) {
                errors.add("password", problem, kind: password.length >= PasswordRules.minimumLength ? .rule : .invalid)
            }
        } else if passwordRequired {
            errors.add("password", "Enter a password of at least \(PasswordRules.minimumLength) characters")
        }
        try errors.throwIfAny()
        return PersonFields(name: name!, email: email!, role: role!, organisationID: organisationID!,
                            password: password)
    }
}

/// NCSC guidance favours length over composition rules.
public enum PasswordRules {
    public static let minimumLength = 12
    /// bcrypt reads only the first 72 bytes of a password and ignores the rest, so a longer one
    /// would be accepted with any ending. Waymark refuses it instead of pretending every
    /// character counts. In UTF-8 a letter of English is one byte, an accented letter two, most
    /// symbols three or four.
    public static let maximumBytes = 72

    public static func problem(with password: String) -> String? {
        if password.length < minimumLength {
            return "Password must be at least \(minimumLength) characters"
        }
        if password.utf8.count > maximumBytes {
            return "Password must be \(maximumBytes) bytes or fewer (72 plain letters or digits; accented letters and symbols count as 2 to 4)"
        }
        return nil
    }
}
