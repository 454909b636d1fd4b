import Vapor
import WaymarkDomain
import WaymarkStore

/// The portfolio: every project the person may read, filtered, sorted, counted, as cards or a
/// table, and downloaded.
struct PortfolioController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portfolio.pathComponents) { try await portfolio($0, mine: false) }
        routes.get(SiteURL.myProjects.pathComponents) { try await portfolio($0, mine: true) }
        routes.post(SiteURL.portfolioView.pathComponents, use: chooseView)
        routes.get(SiteURL.portfolioExport.pathComponents, use: export)
    }

    func portfolio(_ request: Request, mine: Bool) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        var (query, errors) = PortfolioQuery.parse(request.queryData, defaultPerPage: PortfolioPage.pageSizes[0], today: request.today)
        if mine { query.teamMemberID = signedIn.person.id }
        let resolved = try await request.store.resolvingDelivery(query, today: request.today)
        let rule = AccessPolicy.readRule(for: signedIn.actor)
        async let view = request.preferences.portfolioView(by: signedIn.acting)
        // One read of the change counter for the list, the counts and the names.
        let index = try await request.store.portfolioIndex()
        let (page, counts) = index.pageAndCounts(resolved, rule: rule)
        let references = index.references
        let model = PortfolioPage(
            chrome: PageChrome(title: mine ? "My projects" : "Portfolio", signedIn: signedIn,
                               section: mine ? .myProjects : .portfolio,
                               notice: request.queryData["notice"] == "deleted" ? "The project was deleted." : nil),
            mine: mine, query: query, errors: errors, page: page, counts: counts, references: references,
            canCreate: AccessPolicy.canCreateProjects(signedIn.actor), view: try await view, today: request.today)
        return HTMLResponse.make(model.render())
    }

    /// Remembers cards or table for this person and goes back to the list they were on (only
    /// ever the portfolio or their projects: `return` cannot send anyone elsewhere).
    func chooseView(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        guard let view = form["view"].flatMap(PortfolioView.init(rawValue:)) else {
            throw ValidationFailure([FieldError("view", "Choose how to show projects: as cards or as a table")])
        }
        try await request.preferences.choosePortfolioView(view, by: signedIn.acting)
        let back = form["return"] ?? ""
        let path = back.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let safe = [SiteURL.portfolio.path, SiteURL.myProjects.path].contains(path) && !back.contains("#") ? back : SiteURL.portfolio.path
        return request.redirect(to: safe)
    }

    /// What the page's filters select, whole, as CSV or `.xlsx` (`mine=true`: only projects whose
    /// team the person is on, as "My projects" lists them).
    func export(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let format = try ExportFormat.parse(request.queryData)
        var (query, errors) = PortfolioQuery.parse(request.queryData, defaultPerPage: PortfolioPage.pageSizes[0], today: request.today)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        if request.queryData["mine"] == "true" { query.teamMemberID = signedIn.person.id }
        return try await PortfolioExport.response(request, query: query, signedIn: signedIn, format: format)
    }
}
