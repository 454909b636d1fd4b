import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// One page of what `query` finds among the records `rule`'s reader may see (glossary terms
    /// and resources, which no project holds, and the records of the projects it admits), best
    /// first, with a passage around the matches; and how many of each kind match in all. SQLite's
    /// FTS5 and PostgreSQL's full-text search rank the same rows (M028); nothing the rule hides is
    /// returned or counted.
    ///
    /// What the words find, ranked, is the same for everyone: it is kept by this instance while
    /// no searched document has changed (`SearchCache`), and each request then asks the portfolio
    /// index which of the matches' projects its reader may see, counts and cuts its page in
    /// memory, and reads only the passages of that page it has not read before.
    public func search(_ query: SearchQuery, rule: ProjectReadRule) async throws -> SearchResults {
        let words = query.words
        guard !words.isEmpty else {
            return SearchResults(query: query, page: Page(items: [], request: query.page, total: 0), counts: [:])
        }
        async let found = searchMatches(words)
        let index = try await portfolioIndex()
        let matches = try await found
        let readable = index.readableProjects(rule: rule)
        let admitted = matches.projects.admitted(by: readable)
        // Counted by kind in one pass over two plain arrays (a match's project and kind), the page's matches picked as it goes.
        let kinds = SearchKind.allCases
        let wanted = query.kind.flatMap { kinds.firstIndex(of: $0) }.map(UInt8.init) ?? .max
        var tally = [Int](repeating: 0, count: kinds.count)
        var chosen: [Int] = []
        var skipped = 0
        for (position, (slot, kind)) in zip(matches.projects.slots, matches.kinds).enumerated() {
            if slot >= 0, admitted[Int(slot)] == nil { continue }
            tally[Int(kind)] += 1
            guard wanted == .max || kind == wanted else { continue }
            if skipped < query.page.offset { skipped += 1 } else if chosen.count < query.page.perPage { chosen.append(position) }
        }
        let counts = Dictionary(uniqueKeysWithValues: zip(kinds, tally).filter { $0.1 > 0 })
        let snippets = try await searchSnippets(chosen.map { matches.matches[$0].row }, in: matches, words: words)
        let hits = chosen.map { position in
            let match = matches.matches[position], slot = Int(matches.projects.slots[position])
            let entry = slot >= 0 ? admitted[slot] : nil
            return SearchHit(kind: match.kind, id: match.refID, projectID: entry?.summary.id,
                             project: entry.map { "\($0.summary.code) \($0.summary.title)" }, title: match.title,
                             snippet: snippets[match.row] ?? "", termKey: match.termKey)
        }
        let total = query.kind.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
        return SearchResults(query: query, page: Page(items: hits, request: query.page, total: total), counts: counts)
    }

    /// Every document the words find, best first: from this instance's cache while the search
    /// documents and the glossary (for its terms' keys) have not changed since this request began.
    func searchMatches(_ words: [String]) async throws -> SearchMatches {
        if inTransaction { return try await loadSearchMatches(words) }
        var generation = SearchMatches.Generation(search: requestCounters?.value(.search), glossary: requestCounters?.value(.glossary))
        if generation.search == nil { generation.search = try await self.generation(of: .search) }
        if generation.glossary == nil { generation.glossary = try await self.generation(of: .glossary) }
        return try await instance.search.matches(words.joined(separator: " "), atLeast: generation) {
            try await self.readSnapshot { try await $0.loadSearchMatches(words) }
        }
    }

    /// Ranks every match in one statement, reading the counters first in the same snapshot.
    private func loadSearchMatches(_ words: [String]) async throws -> SearchMatches {
        let generation = SearchMatches.Generation(search: try await self.generation(of: .search),
                                                  glossary: try await self.generation(of: .glossary))
        // Whole records before their parts: a project, a lesson, a glossary term or a resource
        // matching as well as a risk, an issue or a measure comes first.
        let weight: SQLQueryString = "(CASE d.kind WHEN 'project' THEN 1.6 WHEN 'lesson' THEN 1.3 WHEN 'glossary' THEN 1.3 WHEN 'resource' THEN 1.3 ELSE 1.0 END)"
        let columns: SQLQueryString = "d.kind, d.ref_id, d.project_id, d.title, g.key AS term_key"
        let term: SQLQueryString = "LEFT JOIN glossary_terms g ON d.kind = 'glossary' AND g.id = d.ref_id"
        let found: [SearchMatches.Match]
        switch dialect {
        case .sqlite:
            found = try await rows("""
                SELECT d.rowid AS row, \(columns) FROM search_fts JOIN search_documents d ON d.rowid = search_fts.rowid \(term)
                WHERE search_fts MATCH \(bind: Self.ftsMatch(words)) ORDER BY bm25(search_fts, 10.0, 1.0) * \(weight), d.title, d.rowid
                """, reading: Self.searchMatch)
        case .postgres:
            found = try await rows("""
                WITH q AS (SELECT to_tsquery('english', \(bind: Self.tsMatch(words))) AS query)
                SELECT d.id AS row, \(columns) FROM search_documents d CROSS JOIN q \(term)
                WHERE d.document @@ q.query ORDER BY ts_rank(d.document, q.query) * \(weight) DESC, d.title, d.id
                """, reading: Self.searchMatch)
        }
        return SearchMatches(found, generation: generation)
    }

    /// The passages around the matches of these documents, from `matches` when read before.
    private func searchSnippets(_ rows: [Int64], in matches: SearchMatches, words: [String]) async throws -> [Int64: String] {
        var snippets = matches.snippets(rows)
        let missing = rows.filter { snippets[$0] == nil }
        guard !missing.isEmpty else { return snippets }
        let marks = (String(SearchQuery.matchStart), String(SearchQuery.matchEnd))
        let read: [(Int64, String)]
        switch dialect {
        case .sqlite:
            // `+` keeps SQLite from handing the rowids to FTS5, which would scan the matches once for each.
            read = try await self.rows("""
                SELECT search_fts.rowid AS row, snippet(search_fts, -1, \(bind: marks.0), \(bind: marks.1), '…', 24) AS snippet
                FROM search_fts WHERE search_fts MATCH \(bind: Self.ftsMatch(words)) AND +search_fts.rowid IN (\(binds: missing))
                """, reading: { (try $0.int64("row"), try $0.optionalString("snippet") ?? "") })
        case .postgres:
            let options = "StartSel=\(marks.0), StopSel=\(marks.1), MaxWords=30, MinWords=12"
            read = try await self.rows("""
                SELECT d.id AS row, ts_headline('english', d.title || ' — ' || d.body, to_tsquery('english', \(bind: Self.tsMatch(words))),
                                                \(bind: options)) AS snippet
                FROM search_documents d WHERE d.id IN (\(binds: missing))
                """, reading: { (try $0.int64("row"), try $0.optionalString("snippet") ?? "") })
        }
        // A document changed since the matches were ranked is shown as it is now; the next
        // request ranks afresh, as its generation has moved.
        matches.keep(read)
        for (row, snippet) in read { snippets[row] = snippet }
        return snippets
    }

    /// Every word, as a prefix ("discharg"* finds "discharges"); the words hold only letters and digits.
    private static func ftsMatch(_ words: [String]) -> String { words.map { "\"\($0)\"*" }.joined(separator: " ") }
    private static func tsMatch(_ words: [String]) -> String { words.map { "\($0):*" }.joined(separator: " & ") }

    static func searchMatch(_ columns: Columns) throws -> SearchMatches.Match {
        SearchMatches.Match(row: try columns.int64("row"), kind: try Columns.choice(try columns.string("kind"), "kind"),
                            refID: try columns.uuid("ref_id"), projectID: try columns.optionalUUID("project_id"),
                            title: try columns.string("title"), termKey: try columns.optionalString("term_key"))
    }
}

/// Every document one search's words find, best first, as the database ranked them at one
/// generation of the search documents and the glossary; the same for every reader, filtered per
/// request. The passages shown around matches are read a page at a time and kept as they are read.
final class SearchMatches: @unchecked Sendable {
    /// The counters the matches were read at: either moving makes them out of date.
    struct Generation: Equatable, Sendable {
        var search: Int64?
        var glossary: Int64?

        func covers(_ other: Generation) -> Bool { (search ?? 0) >= (other.search ?? 0) && (glossary ?? 0) >= (other.glossary ?? 0) }
    }

    struct Match: Sendable {
        let row: Int64
        let kind: SearchKind
        let refID: UUID
        let projectID: UUID?
        let title: String
        let termKey: String?
    }

    let generation: Generation
    let matches: [Match]
    /// Each match's project and its kind's place in `SearchKind.allCases`: what every request runs through.
    let projects: ProjectSlots
    let kinds: [UInt8]
    // `passages` is only touched while holding `lock`.
    private let lock = NSLock()
    private var passages: [Int64: String] = [:]

    init(_ matches: [Match], generation: Generation) {
        self.matches = matches
        self.generation = generation
        projects = ProjectSlots(matches.map(\.projectID))
        let ordinals = Dictionary(uniqueKeysWithValues: SearchKind.allCases.enumerated().map { ($1, UInt8($0)) })
        kinds = matches.map { ordinals[$0.kind]! }
    }

    func snippets(_ rows: [Int64]) -> [Int64: String] {
        lock.withLock { Dictionary(rows.compactMap { row in passages[row].map { (row, $0) } }, uniquingKeysWith: { first, _ in first }) }
    }

    func keep(_ read: [(Int64, String)]) {
        lock.withLock { for (row, snippet) in read { passages[row] = snippet } }
    }
}

/// The matches of the words searched for lately, while the documents stand still: at most
/// `limit` documents held in all (about 100 bytes each), the least recently searched dropped
/// first, and everything dropped when a newer generation is seen. Concurrent searches for the
/// same words wait for one statement.
final class SearchCache: @unchecked Sendable {
    private struct Held {
        var matches: SearchMatches
        var used: UInt64
    }

    static let limit = 500_000
    // Everything below is only touched while holding `lock`.
    private let lock = NSLock()
    private var held: [String: Held] = [:]
    private var loading: [String: Task<SearchMatches, any Error>] = [:]
    private var newest = SearchMatches.Generation()
    private var clock: UInt64 = 0
    private var size = 0

    func matches(_ key: String, atLeast generation: SearchMatches.Generation,
                 load: @escaping @Sendable () async throws -> SearchMatches) async throws -> SearchMatches {
        while true {
            let (ready, pending): (SearchMatches?, Task<SearchMatches, any Error>?) = lock.withLock {
                clock += 1
                if let found = held[key], found.matches.generation.covers(generation) {
                    held[key]?.used = clock
                    return (found.matches, nil)
                }
                if let loading = loading[key] { return (nil, loading) }
                let task = Task { self.keep(key, try await load()) }
                loading[key] = task
                return (nil, task)
            }
            if let ready { return ready }
            do {
                let loaded = try await pending!.value
                if loaded.generation.covers(generation) { return loaded }
            } catch {
                lock.withLock { if loading[key] == pending { loading[key] = nil } }
                throw error
            }
        }
    }

    private func keep(_ key: String, _ matches: SearchMatches) -> SearchMatches {
        lock.withLock {
            loading[key] = nil
            if !newest.covers(matches.generation) {
                // The documents have changed: what was found before is out of date for everyone.
                newest = matches.generation
                held.removeAll()
                size = 0
            } else if !matches.generation.covers(newest) {
                return matches
            }
            size -= held[key]?.matches.matches.count ?? 0
            held[key] = Held(matches: matches, used: clock)
            size += matches.matches.count
            while size > Self.limit, held.count > 1,
                  let oldest = held.min(by: { $0.value.used < $1.value.used }), oldest.key != key {
                size -= oldest.value.matches.matches.count
                held[oldest.key] = nil
            }
            return matches
        }
    }
}
