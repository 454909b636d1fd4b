import Foundation

/// The kinds of organisation in an Integrated Care System (NHS-CONVENTIONS.md, section 7).
public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    case icb
    case acuteTrust = "acute-trust"
    case communityTrust = "community-trust"
    case primaryCare = "primary-care"
    case localAuthority = "local-authority"
    case voluntarySector = "voluntary-sector"
    case other

    public var label: String {
        switch self {
        case .icb: "Integrated care board"
        case .acuteTrust: "Acute trust"
        case .communityTrust: "Community or mental health trust"
        case .primaryCare: "Primary care (practice or PCN)"
        case .localAuthority: "Local authority"
        case .voluntarySector: "Voluntary and community sector"
        case .other: "Other"
        }
    }
}

/// Whether an organisation's code is an NHS ODS code or one the system gave it.
public enum OrganisationCodeKind: String, CaseIterable, Codable, Sendable {
    case ods
    case local

    public var label: String {
        switch self {
        case .ods: "ODS code"
        case .local: "Local code"
        }
    }
}

public struct Organisation: Codable, Equatable, Sendable, Identifiable {
    public var id: UUID
    public var name: String
    public var code: String
    public var codeKind: OrganisationCodeKind
    public var kind: OrganisationKind
    public var version: Int

    public init(id: UUID, name: String, code: String, codeKind: OrganisationCodeKind,
                kind: OrganisationKind, version: Int) {
        self.id = id
        self.name = name
        self.code = code
        self.codeKind = codeKind
        self.kind = kind
        self.version = version
    }
}

/// What a person typed to create or change an organisation.
public struct OrganisationInput: Equatable, Sendable {
    public var name: String?
    public var code: String?
    public var codeKind: String?
    public var kind: String?

    public init(name: String? = nil, code: String? = nil, codeKind: String? = nil, kind: String? = nil) {
        self.name = name
        self.code = code
        self.codeKind = codeKind
        self.kind = kind
    }

    public init(_ organisation: Organisation) {
        self.init(name: organisation.name, code: organisation.code,
                  codeKind: organisation.codeKind.rawValue, kind: organisation.kind.rawValue)
    }
}

/// An organisation's fields after validation.
public struct OrganisationFields: Equatable, Sendable {
    public var name: String
    public var code: String
    public var codeKind: OrganisationCodeKind
    public var kind: OrganisationKind

    public init(name: String, code: String, codeKind: OrganisationCodeKind, kind: OrganisationKind) {
        self.name = name
        self.code = code
        self.codeKind = codeKind
        self.kind = kind
    }

    public static func validate(_ input: OrganisationInput) throws -> OrganisationFields {
        var errors = FieldErrors()
        let name = errors.text(input.name, "name", "Name", limit: 200, blank: "Enter the organisation's name")

        let kind = input.kind.exactOrNil.flatMap(OrganisationKind.init(rawValue:))
        if kind == nil { errors.add("kind", "Select the kind of organisation") }

        let codeKind = input.codeKind.exactOrNil.flatMap(OrganisationCodeKind.init(rawValue:))
        if codeKind == nil { errors.add("codeKind", "Select whether the code is an ODS code or a local code") }

        let code = input.code.exactOrNil?.uppercased()
        if code == nil {
            errors.add("code", "Enter the organisation's ODS code or local code")
        } else if let codeKind, let problem = OrganisationCodeRules.problem(with: code!, kind: codeKind) {
            errors.add("code", problem)
        }
        try errors.throwIfAny()
        return OrganisationFields(name: name!, code: code!, codeKind: codeKind!, kind: kind!)
    }
}

/// The shapes codes may take. ODS codes are 3 to 6 letters and digits starting with a letter
/// (trusts "RH5", ICBs "QSL", sites "RH802", practices "A81001", PCNs "U12345"); they are never
/// reused. Councils and voluntary partners often have none, so a local code of letters, digits and
/// hyphens is allowed. Project codes are built from them ("RH5-0042").
public enum OrganisationCodeRules {
    public static func problem(with code: String, kind: OrganisationCodeKind) -> String? {
        let characters = Array(code)
        let isUpperLetter: (Character) -> Bool = { $0.isASCII && $0.isUppercase }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        switch kind {
        case .ods:
            guard (3...6).contains(characters.count),
                  let first = characters.first, isUpperLetter(first),
                  characters.allSatisfy({ isUpperLetter($0) || isDigit($0) }) else {
                return "An ODS code is 3 to 6 letters and numbers starting with a letter, like RH5 or A81001"
            }
        case .local:
            guard (2...12).contains(characters.count),
                  let first = characters.first, isUpperLetter(first) || isDigit(first),
                  let last = characters.last, last != "-",
                  characters.allSatisfy({ isUpperLetter($0) || isDigit($0) || $0 == "-" }) else {
                return "A local code is 2 to 12 letters, numbers and hyphens, like SCC or VCS-ALLIANCE"
            }
        }
        return nil
    }
}
