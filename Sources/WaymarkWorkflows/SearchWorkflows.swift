import Foundation
import WaymarkDomain
import WaymarkStore

/// One search across everything a person may see: projects, lessons, glossary terms, risks,
/// issues and measures, filtered by the same rule as every list.
public struct SearchWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public func search(_ query: SearchQuery, by acting: Acting) async throws -> SearchResults {
        try await store.search(query, rule: AccessPolicy.readRule(for: acting.actor))
    }
}
