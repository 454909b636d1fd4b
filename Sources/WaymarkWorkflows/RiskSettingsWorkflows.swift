import Foundation
import WaymarkDomain
import WaymarkStore

/// The system's risk settings (the band table and escalation threshold, for system
/// administrators) and its risk categories (for the portfolio office). Anyone signed in may read
/// both: they say how every risk is graded.
public struct RiskSettingsWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// The record kinds whose history the settings page shows.
    public static let historyKinds = [AuditEventCode.riskSettingsChanged.entityType, AuditEventCode.riskCategoryCreated.entityType]

    public func settings() async throws -> (settings: RiskSettings, version: Int) {
        try await store.riskSettingsRecord()
    }

    /// Changes what `input` carries (nil keeps it), if the settings are still at `expectedVersion`.
    public func update(_ input: RiskSettingsInput, expectedVersion: Int, by acting: Acting) async throws -> (settings: RiskSettings, version: Int) {
        try AccessPolicy.require(AccessPolicy.canManageRiskSettings(acting.actor), else: .manageRiskSettings)
        let current = try await store.riskSettingsRecord()
        let settings = try RiskSettings.validate(input, current: current.settings)
        let version = try await store.updateRiskSettings(settings, expectedVersion: expectedVersion, by: acting.audit)
        return (settings, version)
    }

    public func categories() async throws -> [RiskCategory] { try await store.riskCategories() }

    /// How many risks carry each category, across the system: only counts, so no project is named.
    public func categoryUse() async throws -> [UUID: Int] { try await store.riskCategoryUse() }

    public func risksCarrying(_ category: RiskCategory) async throws -> Int {
        try await store.risksCarrying(category: category.id)
    }

    public func category(_ id: UUID) async throws -> RiskCategory {
        guard let category = try await store.riskCategory(id) else { throw NotFound("risk category") }
        return category
    }

    public func requireCategoryManager(_ acting: Acting) throws {
        try AccessPolicy.require(AccessPolicy.canManageRiskCategories(acting.actor), else: .manageRiskCategories)
    }

    /// Adds a category; with no position it goes at the end of the list.
    public func createCategory(_ input: RiskCategoryInput, by acting: Acting) async throws -> RiskCategory {
        try requireCategoryManager(acting)
        let last = try await store.riskCategories().map(\.position).max() ?? 0
        return try await store.createRiskCategory(try RiskCategoryFields.validate(input, endOfList: last + 1), by: acting.audit)
    }

    /// Changes what `input` carries (nil keeps it), if the category is still at `expectedVersion`.
    public func updateCategory(_ current: RiskCategory, _ input: RiskCategoryInput, expectedVersion: Int,
                               by acting: Acting) async throws -> RiskCategory {
        try requireCategoryManager(acting)
        let fields = try RiskCategoryFields.validate(input.overlaid(on: current.fields), endOfList: current.position)
        return try await store.updateRiskCategory(current.id, expectedVersion: expectedVersion, fields, by: acting.audit)
    }

    /// Deletes a category no risk carries (`StillInUse` otherwise: retire it instead).
    public func deleteCategory(_ id: UUID, expectedVersion: Int?, by acting: Acting) async throws {
        try requireCategoryManager(acting)
        try await store.deleteRiskCategory(id, expectedVersion: expectedVersion, by: acting.audit)
    }

    /// The latest changes to the settings and the categories.
    public func history(page: PageRequest) async throws -> Page<AuditEvent> {
        try await store.history(ofKinds: Self.historyKinds, page: page)
    }
}
