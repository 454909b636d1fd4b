import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    /// One page of what `query` finds among the records `rule`'s reader may see (glossary terms,
    /// which no project holds, and the records of the projects it admits), best first, with a
    /// passage around the matches; and how many of each kind match in all. SQLite's FTS5 and
    /// PostgreSQL's full-text search answer the same question through the same rows (M028);
    /// nothing the rule hides is returned or counted.
    public func search(_ query: SearchQuery, rule: ProjectReadRule) async throws -> SearchResults {
        let words = query.words
        guard !words.isEmpty else {
            return SearchResults(query: query, page: Page(items: [], request: query.page, total: 0), counts: [:])
        }
        // Each match's project is joined (for its code and title) and tested as it is found.
        let readable: SQLQueryString = "(d.project_id IS NULL OR \(Self.readableProject(rule, alias: "p")))"
        let kind: SQLQueryString = query.kind.map { "AND d.kind = \(bind: $0.rawValue)" } ?? ""
        let marks = (String(SearchQuery.matchStart), String(SearchQuery.matchEnd))
        // Whole records before their parts: a project, a lesson or a glossary term matching as well
        // as a risk, an issue or a measure comes first.
        let weight: SQLQueryString = "(CASE d.kind WHEN 'project' THEN 1.6 WHEN 'lesson' THEN 1.3 WHEN 'glossary' THEN 1.3 WHEN 'resource' THEN 1.3 ELSE 1.0 END)"
        let hits: [SearchHit]
        let counted: [(SearchKind, Int)]
        switch dialect {
        case .sqlite:
            // Every word, as a prefix ("discharg"* finds "discharges"); the words hold only letters and digits.
            let match = words.map { "\"\($0)\"*" }.joined(separator: " ")
            let from: SQLQueryString = """
                search_fts JOIN search_documents d ON d.rowid = search_fts.rowid LEFT JOIN projects p ON p.id = d.project_id
                """
            async let found = rows("""
                SELECT d.kind, d.ref_id, d.project_id, d.title, p.code AS project_code, p.title AS project_title, g.key AS term_key,
                       snippet(search_fts, -1, \(bind: marks.0), \(bind: marks.1), '…', 24) AS snippet
                FROM \(from) LEFT JOIN glossary_terms g ON d.kind = 'glossary' AND g.id = d.ref_id
                WHERE search_fts MATCH \(bind: match) AND \(readable) \(kind)
                ORDER BY bm25(search_fts, 10.0, 1.0) * \(weight), d.title LIMIT \(bind: query.page.perPage) OFFSET \(bind: query.page.offset)
                """, reading: Self.searchHit)
            async let counts = rows("""
                SELECT d.kind, COUNT(*) AS n FROM \(from) WHERE search_fts MATCH \(bind: match) AND \(readable) GROUP BY d.kind
                """, reading: Self.searchCount)
            (hits, counted) = (try await found, try await counts)
        case .postgres:
            let match = words.map { "\($0):*" }.joined(separator: " & ")
            let options = "StartSel=\(marks.0), StopSel=\(marks.1), MaxWords=30, MinWords=12"
            async let found = rows("""
                WITH q AS (SELECT to_tsquery('english', \(bind: match)) AS query)
                SELECT d.kind, d.ref_id, d.project_id, d.title, p.code AS project_code, p.title AS project_title, g.key AS term_key,
                       ts_headline('english', d.title || ' — ' || d.body, q.query, \(bind: options)) AS snippet
                FROM (SELECT d.kind, d.ref_id, d.project_id, d.title, d.body, ts_rank(d.document, q.query) * \(weight) AS rank
                      FROM search_documents d CROSS JOIN q LEFT JOIN projects p ON p.id = d.project_id
                      WHERE d.document @@ q.query AND \(readable) \(kind)
                      ORDER BY rank DESC, d.title LIMIT \(bind: query.page.perPage) OFFSET \(bind: query.page.offset)) d
                CROSS JOIN q LEFT JOIN projects p ON p.id = d.project_id LEFT JOIN glossary_terms g ON d.kind = 'glossary' AND g.id = d.ref_id
                ORDER BY d.rank DESC, d.title
                """, reading: Self.searchHit)
            async let counts = rows("""
                SELECT d.kind, COUNT(*) AS n FROM search_documents d LEFT JOIN projects p ON p.id = d.project_id
                WHERE d.document @@ to_tsquery('english', \(bind: match)) AND \(readable) GROUP BY d.kind
                """, reading: Self.searchCount)
            (hits, counted) = (try await found, try await counts)
        }
        let counts = Dictionary(counted, uniquingKeysWith: +)
        let total = query.kind.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
        return SearchResults(query: query, page: Page(items: hits, request: query.page, total: total), counts: counts)
    }

    static func searchHit(_ columns: Columns) throws -> SearchHit {
        let code = try columns.optionalString("project_code"), title = try columns.optionalString("project_title")
        return SearchHit(kind: try Columns.choice(try columns.string("kind"), "kind"), id: try columns.uuid("ref_id"),
                         projectID: try columns.optionalUUID("project_id"), project: code.map { [$0, title ?? ""].joined(separator: " ") },
                         title: try columns.string("title"), snippet: try columns.optionalString("snippet") ?? "",
                         termKey: try columns.optionalString("term_key"))
    }

    static func searchCount(_ columns: Columns) throws -> (SearchKind, Int) {
        (try Columns.choice(try columns.string("kind"), "kind"), try columns.int("n"))
    }
}
