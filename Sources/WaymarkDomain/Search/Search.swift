import Foundation

/// What one search finds.
public enum SearchKind: String, CaseIterable, Codable, Sendable {
    case project, lesson, glossary, resource, risk, issue, measure

    public var label: String {
        switch self {
        case .project: "Project"
        case .lesson: "Lesson"
        case .glossary: "Glossary term"
        case .resource: "Resource"
        case .risk: "Risk"
        case .issue: "Issue"
        case .measure: "Measure"
        }
    }

    public var plural: String {
        switch self {
        case .project: "Projects"
        case .lesson: "Lessons"
        case .glossary: "Glossary terms"
        case .resource: "Resources"
        case .risk: "Risks"
        case .issue: "Issues"
        case .measure: "Measures"
        }
    }
}

/// A search across everything a person may see: words and, optionally, one kind of record.
public struct SearchQuery: Equatable, Sendable {
    public var text: String
    public var kind: SearchKind?
    public var page: PageRequest

    public init(text: String = "", kind: SearchKind? = nil, page: PageRequest = PageRequest(page: 1, perPage: 20)) {
        self.text = text
        self.kind = kind
        self.page = page
    }

    public static let textLimit = 200
    public static let wordLimit = 8

    /// The words searched for: runs of letters and digits, in lower case, at most eight (each at
    /// most 40 characters). Nothing else reaches the database's query language.
    public var words: [String] {
        Array(text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map { String($0.prefix(40)) }
            .reduce(into: [String]()) { words, word in if !words.contains(word) { words.append(word) } }.prefix(Self.wordLimit))
    }

    /// The marks the database puts around each match in a snippet: characters from Unicode's
    /// private use area, which no one types, turned into highlighting after the text is escaped.
    public static let matchStart: Character = "\u{E000}", matchEnd: Character = "\u{E001}"
}

/// One record found.
public struct SearchHit: Equatable, Sendable {
    public var kind: SearchKind
    public var id: UUID
    public var projectID: UUID?
    /// "RZV-0042 Virtual wards", for a record a project holds (its own, for a project).
    public var project: String?
    public var title: String
    /// A passage around the matches, each match between `SearchQuery.matchStart` and `matchEnd`.
    public var snippet: String
    /// A glossary term's key, for its address.
    public var termKey: String?

    /// The passage with each match between [[ and ]], as the API gives it.
    public var bracketedSnippet: String {
        let start = SearchQuery.matchStart.unicodeScalars.first!, end = SearchQuery.matchEnd.unicodeScalars.first!
        var text = String.UnicodeScalarView()
        for scalar in snippet.unicodeScalars {
            switch scalar {
            case start: text.append(contentsOf: "[[".unicodeScalars)
            case end: text.append(contentsOf: "]]".unicodeScalars)
            default: text.append(scalar)
            }
        }
        return String(text)
    }

    public init(kind: SearchKind, id: UUID, projectID: UUID?, project: String?, title: String, snippet: String, termKey: String?) {
        self.kind = kind
        self.id = id
        self.projectID = projectID
        self.project = project
        self.title = title
        self.snippet = snippet
        self.termKey = termKey
    }
}

/// A page of what a search found, best first, and how many of each kind it found in all.
public struct SearchResults: Sendable {
    public var query: SearchQuery
    public var page: Page<SearchHit>
    public var counts: [SearchKind: Int]

    public init(query: SearchQuery, page: Page<SearchHit>, counts: [SearchKind: Int]) {
        self.query = query
        self.page = page
        self.counts = counts
    }

    public var total: Int { counts.values.reduce(0, +) }
}
