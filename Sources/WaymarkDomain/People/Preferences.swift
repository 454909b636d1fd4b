/// A choice a person makes once and finds remembered wherever they sign in.
public enum Preference: String, CaseIterable, Sendable {
    /// How the portfolio lists projects (`PortfolioView`).
    case portfolioView = "portfolio_view"
}

/// The portfolio as cards (a project's summary and tags) or as a dense table of columns.
public enum PortfolioView: String, CaseIterable, Sendable {
    case cards, table

    public var label: String {
        switch self {
        case .cards: "Cards"
        case .table: "Table"
        }
    }
}
