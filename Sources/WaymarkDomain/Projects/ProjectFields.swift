import Foundation

/// The register fields of a project after validation (DESIGN.md, "Project register").
/// The SRO, project manager and team are team members with roles, kept separately.
public struct ProjectFields: Codable, Equatable, Sendable {
    public var title: String
    public var summary: String
    public var scopeIn: String
    public var scopeOut: String
    public var objectives: String
    /// What the project will achieve and how its success will be measured.
    public var expectedOutcome: String
    public var leadOrganisationID: UUID
    public var partnerOrganisationIDs: [UUID]
    public var programmeID: UUID?
    public var themeIDs: [UUID]
    public var methodology: Methodology
    public var stageID: UUID
    public var status: ProjectStatus
    public var startDate: CalendarDate?
    public var endDate: CalendarDate?
    /// Whole pence, so sums never drift.
    public var budgetPence: Int64?
    public var tags: [String]
    public var visibility: Visibility

    public init(title: String, summary: String = "", scopeIn: String = "", scopeOut: String = "",
                objectives: String = "", expectedOutcome: String = "", leadOrganisationID: UUID, partnerOrganisationIDs: [UUID] = [],
                programmeID: UUID? = nil, themeIDs: [UUID] = [], methodology: Methodology, stageID: UUID,
                status: ProjectStatus = .active, startDate: CalendarDate? = nil, endDate: CalendarDate? = nil,
                budgetPence: Int64? = nil, tags: [String] = [], visibility: Visibility) {
        self.title = title
        self.summary = summary
        self.scopeIn = scopeIn
        self.scopeOut = scopeOut
        self.objectives = objectives
        self.expectedOutcome = expectedOutcome
        self.leadOrganisationID = leadOrganisationID
        self.partnerOrganisationIDs = partnerOrganisationIDs
        self.programmeID = programmeID
        self.themeIDs = themeIDs
        self.methodology = methodology
        self.stageID = stageID
        self.status = status
        self.startDate = startDate
        self.endDate = endDate
        self.budgetPence = budgetPence
        self.tags = tags
        self.visibility = visibility
    }
}

/// What a person submitted for a project, before validation. Forms and API bodies both map to it,
/// so both get the same rules and the same messages. A field that is nil was not sent: a new
/// project takes its default, a change keeps the current value (`overlaid(on:)`); "" clears.
public struct ProjectInput: Equatable, Sendable {
    public var title: String?
    public var summary: String?
    public var scopeIn: String?
    public var scopeOut: String?
    public var objectives: String?
    public var expectedOutcome: String?
    public var leadOrganisationID: String?
    public var partnerOrganisationIDs: [String]?
    public var programmeID: String?
    public var themeIDs: [String]?
    public var methodology: String?
    public var stageID: String?
    public var status: String?
    public var startDate: String?
    public var endDate: String?
    /// Pounds, as typed ("12,500.50" or "12500").
    public var budget: String?
    /// Comma-separated.
    public var tags: String?
    public var visibility: String?

    public init(title: String? = nil, summary: String? = nil, scopeIn: String? = nil, scopeOut: String? = nil,
                objectives: String? = nil, expectedOutcome: String? = nil, leadOrganisationID: String? = nil,
                partnerOrganisationIDs: [String]? = nil,
                programmeID: String? = nil, themeIDs: [String]? = nil, methodology: String? = nil,
                stageID: String? = nil, status: String? = nil, startDate: String? = nil, endDate: String? = nil,
                budget: String? = nil, tags: String? = nil, visibility: String? = nil) {
        self.title = title
        self.summary = summary
        self.scopeIn = scopeIn
        self.scopeOut = scopeOut
        self.objectives = objectives
        self.expectedOutcome = expectedOutcome
        self.leadOrganisationID = leadOrganisationID
        self.partnerOrganisationIDs = partnerOrganisationIDs
        self.programmeID = programmeID
        self.themeIDs = themeIDs
        self.methodology = methodology
        self.stageID = stageID
        self.status = status
        self.startDate = startDate
        self.endDate = endDate
        self.budget = budget
        self.tags = tags
        self.visibility = visibility
    }

    /// The input that would reproduce `fields` exactly: what an edit form starts from.
    public init(_ fields: ProjectFields) {
        self.init(title: fields.title,
                  leadOrganisationID: fields.leadOrganisationID.lowercasedText,
                  partnerOrganisationIDs: fields.partnerOrganisationIDs.map(\.lowercasedText),
                  programmeID: fields.programmeID?.lowercasedText, themeIDs: fields.themeIDs.map(\.lowercasedText),
                  methodology: fields.methodology.rawValue, stageID: fields.stageID.lowercasedText,
                  status: fields.status.rawValue, startDate: fields.startDate?.description,
                  endDate: fields.endDate?.description, budget: fields.budgetPence.map(Money.poundsText),
                  tags: fields.tags.joined(separator: ", "), visibility: fields.visibility.rawValue)
        for text in ProjectFields.texts { self[keyPath: text.input] = fields[keyPath: text.field] }
    }

    /// This input with every field it leaves out taken from `current`: a change alters only what
    /// it sends, whether it came from a form or an API body.
    public func overlaid(on current: ProjectFields) -> ProjectInput {
        let base = ProjectInput(current)
        var overlaid = ProjectInput(title: title ?? base.title,
                            leadOrganisationID: leadOrganisationID ?? base.leadOrganisationID,
                            partnerOrganisationIDs: partnerOrganisationIDs ?? base.partnerOrganisationIDs,
                            programmeID: programmeID ?? base.programmeID, themeIDs: themeIDs ?? base.themeIDs,
                            methodology: methodology ?? base.methodology, stageID: stageID ?? base.stageID,
                            status: status ?? base.status, startDate: startDate ?? base.startDate,
                            endDate: endDate ?? base.endDate, budget: budget ?? base.budget, tags: tags ?? base.tags,
                            visibility: visibility ?? base.visibility)
        for text in ProjectFields.texts { overlaid[keyPath: text.input] = self[keyPath: text.input] ?? base[keyPath: text.input] }
        return overlaid
    }
}

/// The ids a project may refer to, so validation can name a bad reference as a field error.
public struct ProjectReferences: Sendable {
    public var organisations: Set<UUID>
    public var programmes: Set<UUID>
    public var themes: Set<UUID>
    public var stages: Set<UUID>

    public init(organisations: Set<UUID>, programmes: Set<UUID>, themes: Set<UUID>, stages: Set<UUID>) {
        self.organisations = organisations
        self.programmes = programmes
        self.themes = themes
        self.stages = stages
    }
}

/// One of a project's free-text fields: its key (as forms, the API, exports and the audit trail
/// name it), the label its messages use, and where it lives in the input and the fields.
public struct ProjectTextField: Sendable {
    public let key: String
    public let label: String
    public let input: WritableKeyPath<ProjectInput, String?> & Sendable
    public let field: WritableKeyPath<ProjectFields, String> & Sendable
}

extension ProjectFields {
    /// Every free-text field, in the order a page shows them. Validation, changes, the audit
    /// trail, the store's columns and the web layer's declarations all go through this list.
    public static let texts: [ProjectTextField] = [
        ProjectTextField(key: "summary", label: "Aim and summary", input: \.summary, field: \.summary),
        ProjectTextField(key: "scopeIn", label: "In scope", input: \.scopeIn, field: \.scopeIn),
        ProjectTextField(key: "scopeOut", label: "Out of scope", input: \.scopeOut, field: \.scopeOut),
        ProjectTextField(key: "objectives", label: "Objectives", input: \.objectives, field: \.objectives),
        ProjectTextField(key: "expectedOutcome", label: "Expected outcome and success measures",
                         input: \.expectedOutcome, field: \.expectedOutcome),
    ]

    public static let titleLimit = 200
    public static let textLimit = 10_000
    public static let tagLimit = 20
    public static let maximumBudgetPence: Int64 = 99_999_999_999_999

    public static func validate(_ input: ProjectInput, references: ProjectReferences) throws -> ProjectFields {
        var errors = FieldErrors()

        let title = errors.text(input.title, "title", "Title", limit: titleLimit, blank: "Enter a project title")

        let texts = Self.texts.map { text in
            (text.field, errors.text(input[keyPath: text.input], text.key, text.label, limit: textLimit, multiline: true) ?? "")
        }

        func reference(_ text: String?, in known: Set<UUID>) -> UUID? {
            text.exactOrNil.flatMap(UUID.init(uuidString:)).flatMap { known.contains($0) ? $0 : nil }
        }
        let lead = reference(input.leadOrganisationID, in: references.organisations)
        if lead == nil { errors.add("leadOrganisationId", "Select the lead organisation", kind: input.leadOrganisationID.exactOrNil == nil ? .invalid : .reference) }

        var partners: [UUID] = []
        for text in input.partnerOrganisationIDs ?? [] where !text.isEmpty {
            guard let id = reference(text, in: references.organisations) else {
                errors.add("partnerOrganisationIds", "Select partner organisations from the list", kind: .reference)
                continue
            }
            if id == lead {
                errors.add("partnerOrganisationIds", "The lead organisation cannot also be a partner", kind: .rule)
            } else if !partners.contains(id) {
                partners.append(id)
            }
        }

        var programme: UUID?
        if input.programmeID.exactOrNil != nil {
            programme = reference(input.programmeID, in: references.programmes)
            if programme == nil { errors.add("programmeId", "Select a programme from the list", kind: .reference) }
        }

        var themes: [UUID] = []
        for text in input.themeIDs ?? [] where !text.isEmpty {
            if let id = reference(text, in: references.themes) {
                if !themes.contains(id) { themes.append(id) }
            } else {
                errors.add("themeIds", "Select strategic themes from the list", kind: .reference)
            }
        }

        let methodology = input.methodology.exactOrNil.flatMap(Methodology.init(rawValue:))
        if methodology == nil { errors.add("methodology", "Select the method the project follows") }

        let stage = reference(input.stageID, in: references.stages)
        if stage == nil { errors.add("stageId", "Select the lifecycle stage", kind: input.stageID.exactOrNil == nil ? .invalid : .reference) }

        var status = ProjectStatus.active
        if let text = input.status.exactOrNil {
            if let parsed = ProjectStatus(rawValue: text) { status = parsed }
            else { errors.add("status", "Select a status: active, on hold, closed or cancelled") }
        }

        let start = errors.date(input.startDate, "startDate", "Start date")
        let end = errors.date(input.endDate, "endDate", "End date")
        if let start, let end, end < start {
            errors.add("endDate", "End date must be the same as or after the start date", kind: .rule)
        }

        var budget: Int64?
        if let text = input.budget.trimmedOrNil {
            switch Money.pence(fromPounds: text) {
            case .some(let pence) where pence > maximumBudgetPence: errors.add("budget", "Budget must be less than £1 trillion")
            case .some(let pence) where pence >= 0: budget = pence
            case .some: errors.add("budget", "Budget must be £0 or more")
            case .none: errors.add("budget", "Budget must be an amount in pounds, like 12500 or 12,500.50")
            }
        }

        let tags = errors.tags(input.tags, limit: tagLimit)

        let visibility = input.visibility.exactOrNil.flatMap(Visibility.init(rawValue:))
        if visibility == nil { errors.add("visibility", "Select who can see the project") }

        try errors.throwIfAny()
        var fields = ProjectFields(title: title!, leadOrganisationID: lead!, partnerOrganisationIDs: partners,
                                   programmeID: programme, themeIDs: themes, methodology: methodology!, stageID: stage!,
                                   status: status, startDate: start, endDate: end, budgetPence: budget, tags: tags,
                                   visibility: visibility!)
        for (field, value) in texts { fields[keyPath: field] = value }
        return fields
    }
}

extension ProjectFields {
    /// The fields as the audit trail keeps them: by key, stored values, nil for empty.
    public var auditValues: [(String, String?)] {
        ([("title", title)] + Self.texts.map { ($0.key, self[keyPath: $0.field]) } + [
            ("leadOrganisationId", leadOrganisationID.lowercasedText),
            ("partnerOrganisationIds", AuditValue.list(partnerOrganisationIDs.map(\.lowercasedText).sorted())),
            ("programmeId", programmeID?.lowercasedText), ("themeIds", AuditValue.list(themeIDs.map(\.lowercasedText).sorted())),
            ("methodology", methodology.rawValue), ("stageId", stageID.lowercasedText), ("status", status.rawValue),
            ("startDate", startDate?.description), ("endDate", endDate?.description), ("budgetPence", budgetPence.map(String.init)),
            ("tags", AuditValue.list(tags)), ("visibility", visibility.rawValue),
        ]).map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

extension FieldErrors {
    /// Tags as typed (separated by commas), each once whatever its case, at most `limit` of at
    /// most 40 characters each.
    public mutating func tags(_ text: String?, _ field: String = "tags", limit: Int) -> [String] {
        refuseControlCharacters(text, field, "Tags")
        let tags = Tags.parse(text ?? "")
        if tags.count > limit { add(field, "Use \(limit) tags or fewer") }
        if tags.contains(where: { $0.length > Tags.lengthLimit }) { add(field, "Each tag must be \(Tags.lengthLimit) characters or fewer") }
        return tags
    }
}

public enum Tags {
    public static let lengthLimit = 40

    /// Tags are compared without regard to case and kept in the order first given.
    public static func parse(_ text: String) -> [String] {
        var seen = Set<String>()
        var tags: [String] = []
        for raw in text.split(separator: ",") {
            guard let tag = String(raw).trimmedOrNil else { continue }
            let folded = tag.lowercased()
            guard !seen.contains(folded) else { continue }
            seen.insert(folded)
            tags.append(tag)
        }
        return tags
    }
}

public enum Money {
    /// Parses pounds as typed in the UK: optional £, thousands commas, at most two decimals.
    public static func pence(fromPounds text: String) -> Int64? {
        var cleaned = text.trimmed.replacingOccurrences(of: ",", with: "")
        if cleaned.hasPrefix("£") { cleaned.removeFirst() }
        var negative = false
        if cleaned.hasPrefix("-") { negative = true; cleaned.removeFirst() }
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        // Up to 16 digits of pounds: a figure too large for a budget is refused as too large, not as unreadable.
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 16,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              let whole = Int64(parts[0]) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int64(digits) else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        let pence = whole * 100 + fraction
        return negative ? -pence : pence
    }

    /// "12500.5" pounds as an input value: "12500.50"; whole pounds without decimals.
    public static func poundsText(_ pence: Int64) -> String {
        let pounds = pence / 100
        let rest = pence % 100
        return rest == 0 ? String(pounds) : String(pounds) + "." + (rest < 10 ? "0" : "") + String(rest)
    }

    /// "£12,500.50" for display.
    public static func display(_ pence: Int64) -> String {
        let rest = pence % 100
        return "£" + (pence / 100).withThousandsSeparators + (rest == 0 ? "" : "." + (rest < 10 ? "0" : "") + String(rest))
    }
}
