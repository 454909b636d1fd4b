import Foundation
import WaymarkDomain
import WaymarkStore

extension AuditWording {
    /// The wording for these events, with the names of the people and risk categories their
    /// changes name looked up (a statement each, only when a change names one).
    static func reading(_ events: [AuditEvent], store: Store) async throws -> AuditWording {
        var wording = AuditWording(references: try await store.referenceData())
        let changes = events.flatMap(\.changes)
        let people = Set(changes.filter { personFields.contains($0.field) }.flatMap { [$0.old, $0.new] }.compactMap { $0.flatMap(UUID.init(uuidString:)) })
        wording.people = try await store.personNames(people)
        if changes.contains(where: { $0.field == "categoryId" }) {
            wording.riskCategories = Dictionary(try await store.riskCategories().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        }
        return wording
    }
}
