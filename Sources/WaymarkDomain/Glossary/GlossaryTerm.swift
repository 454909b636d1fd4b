import Foundation

/// The part of the system's vocabulary a term belongs to: the glossary's index filters by it.
public enum GlossaryTopic: String, CaseIterable, Codable, Sendable {
    case project, programme, portfolio, governance, risk, benefits
    case qualityImprovement = "quality-improvement"
    case measurement
    case finance

    public var label: String {
        switch self {
        case .project: "Projects"
        case .programme: "Programmes"
        case .portfolio: "Portfolios"
        case .governance: "Governance and reporting"
        case .risk: "Risks, issues and RAID"
        case .benefits: "Benefits"
        case .qualityImprovement: "Quality improvement"
        case .measurement: "Measurement and SPC"
        case .finance: "Finance and business cases"
        }
    }
}

/// Where a term's meaning comes from.
public enum GlossarySource: String, CaseIterable, Codable, Sendable {
    case prince2
    case msp
    case apm
    case nhsEngland = "nhs-england"
    case makingDataCount = "making-data-count"
    case ihi
    case treasury
    case waymark
    case local

    public var label: String {
        switch self {
        case .prince2: "PRINCE2"
        case .msp: "Managing Successful Programmes (MSP)"
        case .apm: "APM Body of Knowledge"
        case .nhsEngland: "NHS England"
        case .makingDataCount: "Making Data Count"
        case .ihi: "Model for Improvement (IHI)"
        case .treasury: "HM Treasury (Green Book)"
        case .waymark: "Waymark"
        case .local: "Local usage"
        }
    }
}

/// One organisation's own word for a term: one trust's "flash report" is the system's
/// "highlight report".
public struct LocalSynonym: Equatable, Sendable {
    public var organisationID: UUID
    public var word: String

    public init(organisationID: UUID, word: String) {
        self.organisationID = organisationID
        self.word = word
    }
}

/// A glossary term as the portfolio office writes it.
public struct GlossaryTermFields: Equatable, Sendable {
    public var name: String
    /// What it means, in plain English.
    public var definition: String
    public var topic: GlossaryTopic
    public var source: GlossarySource
    /// Other names for it used across the system ("SRO"), in the order given.
    public var aliases: [String]
    public var localSynonyms: [LocalSynonym]
    /// Other terms worth reading with it, in the order given.
    public var relatedIDs: [UUID]

    public init(name: String, definition: String, topic: GlossaryTopic, source: GlossarySource, aliases: [String] = [],
                localSynonyms: [LocalSynonym] = [], relatedIDs: [UUID] = []) {
        self.name = name
        self.definition = definition
        self.topic = topic
        self.source = source
        self.aliases = aliases
        self.localSynonyms = localSynonyms
        self.relatedIDs = relatedIDs
    }

    public var auditValues: [(String, String?)] {
        [
            ("name", name), ("definition", definition), ("topic", topic.rawValue), ("source", source.rawValue),
            ("aliases", aliases.isEmpty ? nil : aliases.joined(separator: "; ")),
            ("localSynonyms", localSynonyms.isEmpty ? nil : GlossaryTermInput.lines(localSynonyms)),
            ("relatedTermIds", AuditValue.list(relatedIDs.map(\.lowercasedText))),
        ]
    }
}

/// A term as typed into a form or sent to the API. `aliases` holds one name per line;
/// `localSynonyms` one synonym per line as "organisation id|word" (the form's rows and the API's
/// objects are written into it); `relatedTermIds` ids joined by commas.
public struct GlossaryTermInput: KeyedInput {
    public var name: String?
    public var definition: String?
    public var topic: String?
    public var source: String?
    public var aliases: String?
    public var localSynonyms: String?
    public var relatedTermIDs: String?

    public static var fields: [(key: String, path: WritableKeyPath<GlossaryTermInput, String?>)] {
        [
            ("name", \.name), ("definition", \.definition), ("topic", \.topic), ("source", \.source), ("aliases", \.aliases),
            ("localSynonyms", \.localSynonyms), ("relatedTermIds", \.relatedTermIDs),
        ]
    }

    public static var listKeys: Set<String> { ["relatedTermIds"] }

    public init() {}

    public init(showing fields: GlossaryTermFields) {
        name = fields.name
        definition = fields.definition
        topic = fields.topic.rawValue
        source = fields.source.rawValue
        aliases = fields.aliases.joined(separator: "\n")
        localSynonyms = Self.lines(fields.localSynonyms)
        relatedTermIDs = fields.relatedIDs.map(\.lowercasedText).joined(separator: ",")
    }

    public static let synonymSeparator: Character = "|"

    static func lines(_ synonyms: [LocalSynonym]) -> String {
        synonyms.map { $0.organisationID.lowercasedText + String(synonymSeparator) + $0.word }.joined(separator: "\n")
    }

    /// The synonyms' lines as pairs of organisation id (as typed) and word.
    public static func synonymPairs(_ text: String?) -> [(organisation: String, word: String)] {
        // Split on scalars, not characters: a word that starts with a combining mark or an emoji
        // modifier would otherwise make one character of the separator and itself.
        (text ?? "").unicodeScalars.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            guard let bar = line.firstIndex(of: synonymSeparator.unicodeScalars.first!) else { return (String(line), "") }
            return (String(line[..<bar]), String(line[line.index(after: bar)...]))
        }
    }
}

extension GlossaryTermFields {
    public static let nameLimit = 120
    public static let definitionLimit = 2_000
    public static let aliasLimit = 20
    public static let synonymLimit = 20
    public static let relatedLimit = 20

    /// The term's input checked, every problem at once. `organisations` are those that may be named
    /// for a local synonym; `terms` the glossary's other terms (a term is not related to itself);
    /// `taken` the name of another term that has this one's name, whatever its case.
    public static func validate(_ input: GlossaryTermInput, organisations: Set<UUID>, terms: Set<UUID>,
                                taken: String? = nil) throws -> GlossaryTermFields {
        var errors = FieldErrors()
        let name = errors.text(input.name, "name", "Term", limit: nameLimit, blank: "Enter the term")
        if let taken { errors.add("name", "A term called \(taken) is already in the glossary", kind: .taken) }
        if let name, GlossaryTerm.key(for: name).isEmpty {
            errors.add("name", "The term must contain a letter or a digit", kind: .rule)
        }
        let definition = errors.text(input.definition, "definition", "Definition", limit: definitionLimit, multiline: true,
                                     blank: "Enter what the term means, in plain English")
        let topic = errors.choice(input.topic, "topic", GlossaryTopic.project, "Select the topic the term belongs to")
        let source = errors.choice(input.source, "source", GlossarySource.local, "Select where the term's meaning comes from")

        // Other names: one per line, each once whatever its case, never the term itself.
        errors.refuseControlCharacters(input.aliases, "aliases", "Other names", multiline: true)
        var aliases: [String] = []
        for line in (input.aliases ?? "").split(whereSeparator: \.isNewline) {
            guard let alias = String(line).trimmedOrNil else { continue }
            if alias.length > nameLimit { errors.add("aliases", "Each other name must be \(nameLimit) characters or fewer") }
            let folded = GlossaryTerm.folded(alias)
            if folded != name.map(GlossaryTerm.folded) && !aliases.contains(where: { GlossaryTerm.folded($0) == folded }) {
                aliases.append(alias)
            }
        }
        if aliases.count > aliasLimit { errors.add("aliases", "Give at most \(aliasLimit) other names") }

        var synonyms: [LocalSynonym] = []
        let pairs = GlossaryTermInput.synonymPairs(input.localSynonyms)
        if pairs.count > synonymLimit { errors.add("localSynonyms", "Give at most \(synonymLimit) local synonyms") }
        for pair in pairs {
            guard let id = UUID(uuidString: pair.organisation), organisations.contains(id) else {
                errors.add("localSynonyms", "Select the organisation that uses each local synonym",
                           kind: UUID(uuidString: pair.organisation) == nil ? .invalid : .reference)
                break
            }
            errors.refuseControlCharacters(pair.word, "localSynonyms", "A local synonym")
            guard let word = pair.word.trimmedOrNil else {
                errors.add("localSynonyms", "Enter the word each organisation uses", kind: .rule)
                break
            }
            if word.length > nameLimit { errors.add("localSynonyms", "Each local synonym must be \(nameLimit) characters or fewer") }
            let synonym = LocalSynonym(organisationID: id, word: word)
            if !synonyms.contains(where: { $0.organisationID == id && GlossaryTerm.folded($0.word) == GlossaryTerm.folded(word) }) {
                synonyms.append(synonym)
            }
        }

        let related = errors.ids(input.relatedTermIDs, "relatedTermIds", allowed: terms, limit: relatedLimit, noun: "related terms",
                                 message: "Select related terms from the glossary's other terms")
        try errors.throwIfAny()
        return GlossaryTermFields(name: name!, definition: definition!, topic: topic, source: source, aliases: aliases,
                                  localSynonyms: synonyms, relatedIDs: related)
    }
}

/// A term in the system's glossary. Its `key` (from its first name) names it in addresses and
/// in the screens that explain their words, and does not change when the term is renamed.
public struct GlossaryTerm: Equatable, Sendable {
    public var id: UUID
    public var key: String
    public var fields: GlossaryTermFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, key: String, fields: GlossaryTermFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.key = key
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var name: String { fields.name }

    /// The letter the index files it under: A to Z, or "#" for a term that starts otherwise.
    public var indexLetter: String {
        let first = Self.folded(name).unicodeScalars.first { CharacterSet.alphanumerics.contains($0) }
        guard let first, ("a"..."z").contains(String(first)) else { return "#" }
        return String(first).uppercased()
    }

    public static let keyLimit = 80
    /// Keys no term takes: the glossary's own pages sit at these addresses.
    public static let reservedKeys: Set<String> = ["new", "history"]

    /// "Senior responsible owner (SRO)" → "senior-responsible-owner-sro": letters and digits
    /// without accents, lower case, runs of anything else as one hyphen.
    public static func key(for name: String) -> String {
        var key = ""
        for scalar in folded(name).unicodeScalars {
            if scalar.isASCII && CharacterSet.alphanumerics.contains(scalar) {
                key.unicodeScalars.append(scalar)
            } else if !key.isEmpty && key.last != "-" {
                key.append("-")
            }
        }
        while key.last == "-" { key.removeLast() }
        return String(key.prefix(keyLimit)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// A name as compared: case, accents and width set aside ("Go-Live" is "go-live").
    public static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_GB"))
    }

    /// Whether every word of `query` is in the term's name, other names, local synonyms or
    /// definition (case and accents set aside), and how well: a match in the name ranks first.
    public func match(_ query: String) -> Int? {
        let words = Self.searchWords(query)
        guard !words.isEmpty else { return 0 }
        return FoldedText(self).score(words)
    }

    /// The words of a search, folded as names are.
    public static func searchWords(_ query: String) -> [String] {
        folded(query).split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// A term's texts as a search compares them, folded once (folding is most of a search's work).
    public struct FoldedText: Sendable {
        let name: String
        let others: String
        let definition: String

        public init(_ term: GlossaryTerm) {
            name = GlossaryTerm.folded(term.fields.name)
            others = (term.fields.aliases + term.fields.localSynonyms.map(\.word)).map(GlossaryTerm.folded).joined(separator: "\n")
            definition = GlossaryTerm.folded(term.fields.definition)
        }

        /// Nil unless every word is found; 4 for a word beginning the name or one of its words, 3
        /// elsewhere in the name, 2 in another name or a local word, 1 in the definition.
        public func score(_ words: [String]) -> Int? {
            var score = 0
            for word in words {
                if name.hasPrefix(word) || name.contains(" " + word) { score += 4 }
                else if name.contains(word) { score += 3 }
                else if others.contains(word) { score += 2 }
                else if definition.contains(word) { score += 1 }
                else { return nil }
            }
            return score
        }
    }
}

/// The whole glossary as one instance keeps it: every term in the index's order, each with its
/// texts folded for search and its index letter.
public struct GlossaryCatalogue: Sendable {
    public let terms: [GlossaryTerm]
    public let folded: [GlossaryTerm.FoldedText]
    public let letters: [String]

    public init(_ terms: [GlossaryTerm]) {
        self.terms = terms
        folded = terms.map(GlossaryTerm.FoldedText.init)
        letters = terms.map(\.indexLetter)
    }
}

/// The screens that explain their key words from the glossary, and the terms each explains (by
/// key) beside which field or part. A term a screen explains cannot be deleted: the office
/// rewords it instead.
public enum GlossaryScreen: String, CaseIterable, Sendable {
    case projectForm = "project-form"
    case projectPage = "project-page"
    case portfolioFilters = "portfolio-filters"

    public var label: String {
        switch self {
        case .projectForm: "The project form"
        case .projectPage: "A project's page"
        case .portfolioFilters: "The portfolio's filters"
        }
    }

    /// The part of the screen (a field's key) and the term it explains.
    public var terms: [(part: String, key: String)] {
        switch self {
        case .projectForm:
            [("summary", "aim"), ("scopeIn", "scope"), ("objectives", "objective"), ("expectedOutcome", "outcome"),
             ("leadOrganisationId", "lead-organisation"), ("partnerOrganisationIds", "partner-organisation"),
             ("programmeId", "programme"), ("themeIds", "strategic-theme"), ("methodology", "delivery-method"),
             ("stageId", "lifecycle-stage"), ("status", "project-status"), ("budgetPence", "budget"), ("visibility", "visibility")]
        case .projectPage:
            [("sro", "senior-responsible-owner"), ("manager", "project-manager"), ("stageId", "lifecycle-stage"),
             ("programmeId", "programme"), ("themeIds", "strategic-theme"), ("leadOrganisationId", "lead-organisation"),
             ("raid", "raid-log"), ("benefits", "benefit"), ("measures", "measure"), ("plan", "milestone")]
        case .portfolioFilters:
            [("organisation", "lead-organisation"), ("programme", "programme"), ("theme", "strategic-theme"),
             ("stage", "lifecycle-stage"), ("status", "project-status"), ("method", "delivery-method")]
        }
    }

    /// The key of the term a part of this screen explains.
    public func key(for part: String) -> String? { terms.first { $0.part == part }?.key }

    /// The screens that explain the term with this key.
    public static func using(_ key: String) -> [GlossaryScreen] { allCases.filter { $0.terms.contains { $0.key == key } } }
}

/// What the glossary's index shows: the terms a search and topic leave, best first when searched,
/// else alphabetically, and the letters that have terms.
public struct GlossaryIndex: Sendable {
    public var query: GlossaryQuery
    public var terms: [GlossaryTerm]
    /// How many terms the glossary has in all.
    public var total: Int
    public var letters: Set<String>

    public init(query: GlossaryQuery, terms: [GlossaryTerm], total: Int, letters: Set<String>) {
        self.query = query
        self.terms = terms
        self.total = total
        self.letters = letters
    }
}

/// A search of the glossary: words to find (in the name, other names, local synonyms or the
/// definition, every word) and a topic.
public struct GlossaryQuery: Equatable, Sendable {
    public var text: String
    public var topic: GlossaryTopic?

    public init(text: String = "", topic: GlossaryTopic? = nil) {
        self.text = text
        self.topic = topic
    }

    public static let textLimit = 200
}

/// One term as its page shows it: the names of its related terms and of the organisations whose
/// synonyms it lists, the terms that point to it, and the screens that explain it.
public struct GlossaryEntry: Sendable {
    public var term: GlossaryTerm
    public var related: [(key: String, name: String)]
    public var relatedBy: [(key: String, name: String)]
    public var organisations: [UUID: String]
    public var screens: [GlossaryScreen]

    public init(term: GlossaryTerm, related: [(key: String, name: String)], relatedBy: [(key: String, name: String)],
                organisations: [UUID: String], screens: [GlossaryScreen]) {
        self.term = term
        self.related = related
        self.relatedBy = relatedBy
        self.organisations = organisations
        self.screens = screens
    }
}
