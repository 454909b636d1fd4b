import Vapor
import WaymarkDomain
import WaymarkStore

/// The portfolio: every project the person may read, filtered, sorted, counted.
struct PortfolioController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portfolio.pathComponents) { try await portfolio($0, mine: false) }
        routes.get(SiteURL.myProjects.pathComponents) { try await portfolio($0, mine: true) }
    }

    func portfolio(_ request: Request, mine: Bool) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        var (query, errors) = PortfolioQuery.parse(request.queryData, defaultPerPage: 25)
        if mine { query.teamMemberID = signedIn.person.id }
        let rule = AccessPolicy.readRule(for: signedIn.actor)
        // One read of the change counter for the list, the counts and the names.
        let index = try await request.store.portfolioIndex()
        let (page, counts) = index.pageAndCounts(query, rule: rule)
        let references = index.references
        let model = PortfolioPage(
            chrome: PageChrome(title: mine ? "My projects" : "Portfolio", signedIn: signedIn,
                               section: mine ? .myProjects : .portfolio,
                               notice: request.queryData["notice"] == "deleted" ? "The project was deleted." : nil),
            mine: mine, query: query, errors: errors, page: page, counts: counts, references: references,
            canCreate: AccessPolicy.canCreateProjects(signedIn.actor))
        return HTMLResponse.make(model.render())
    }
}
