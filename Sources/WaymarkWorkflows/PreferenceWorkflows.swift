import Foundation
import WaymarkDomain
import WaymarkStore

/// The choices a person makes for themselves: anyone signed in may make their own, and no one
/// anyone else's.
public struct PreferenceWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// How the person last chose to see the portfolio; cards until they choose.
    public func portfolioView(by acting: Acting) async throws -> PortfolioView {
        try await store.preference(.portfolioView, of: acting.person.id).flatMap(PortfolioView.init(rawValue:)) ?? .cards
    }

    public func choosePortfolioView(_ view: PortfolioView, by acting: Acting) async throws {
        try await store.remember(.portfolioView, view.rawValue, of: acting.person.id)
    }
}
