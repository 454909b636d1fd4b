import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The search page (every page's header has its box) and the API's search.
struct SearchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.search.pathComponents, use: page)
    }

    func page(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, errors) = SearchQuery.parse(request.queryData, strict: false)
        let results = errors.isEmpty ? try await request.search.search(query, by: signedIn.acting)
                                     : SearchResults(query: query, page: Page(items: [], request: query.page, total: 0), counts: [:])
        let title = query.words.isEmpty ? "Search" : "Search: " + query.text
        return HTMLResponse.make(SearchPage(chrome: PageChrome(title: (errors.isEmpty ? "" : "Error: ") + title, signedIn: signedIn),
                                            results: results, errors: errors).render(),
                                 status: errors.isEmpty ? .ok : .badRequest)
    }
}

/// A search as the API sends it: a page of what was found, best first, and how many of each kind.
struct SearchResultsDTO: JSONWritable {
    var results: SearchResults

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: results.page.items) { json, hit in
                json.object { json in
                    json.member("kind", hit.kind.rawValue)
                    json.member("id", hit.id.wire)
                    json.member("projectId", hit.projectID?.wire)
                    json.member("project", hit.project)
                    json.member("title", hit.title)
                    // The passage with each match between [[ and ]].
                    json.member("snippet", hit.bracketedSnippet)
                    json.member("url", hit.path)
                }
            }
            json.member("page", results.page.request.page)
            json.member("perPage", results.page.request.perPage)
            json.member("total", results.page.total)
            json.member("counts", array: SearchKind.allCases) { json, kind in
                json.object { json in
                    json.member("kind", kind.rawValue)
                    json.member("count", results.counts[kind] ?? 0)
                }
            }
        }
    }
}

struct SearchAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.search.components) { request in
            let (query, errors) = SearchQuery.parse(request.queryData, strict: true)
            if !errors.isEmpty { throw ValidationFailure(errors) }
            guard !query.words.isEmpty else { throw ValidationFailure("q", "Give q: the words to search for (letters or digits)", kind: .rule) }
            return Response.json(writing: SearchResultsDTO(results: try await request.search.search(query, by: try request.acting)))
        }
    }
}

extension SearchQuery {
    /// The words, kind and page from a query string; what is wrong is reported and left out.
    static func parse(_ data: FormData, strict: Bool) -> (SearchQuery, [FieldError]) {
        var reader = QueryStringReader(data, strict: strict, keys: ["q", "kind"])
        var query = SearchQuery()
        if let text = data["q"] {
            if text.length > textLimit || text.firstControlCharacter(multiline: false) != nil {
                reader.errors.add("q", "Search for at most \(textLimit) characters on one line")
            } else {
                query.text = text.trimmedOrNil ?? ""
            }
        }
        query.kind = reader.choice("kind", "Select a kind of result from the list")
        query.page = reader.page(perPage: 20)
        return (query, reader.errors.errors)
    }
}
