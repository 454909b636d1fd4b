extension Optional where Wrapped: Sendable {
    /// The value, or what `fallback` finds when there is none.
    public func asyncOr(_ fallback: () async throws -> Wrapped?) async rethrows -> Wrapped? {
        if let self { return self }
        return try await fallback()
    }
}
