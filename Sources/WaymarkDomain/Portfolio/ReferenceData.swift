import Foundation

/// Everything a project form or page needs to name what it refers to.
public struct ReferenceData: Sendable {
    public var organisations: [Organisation]
    public var programmes: [Programme]
    public var themes: [Theme]
    public var stages: [LifecycleStage]

    public init(organisations: [Organisation], programmes: [Programme], themes: [Theme], stages: [LifecycleStage]) {
        self.organisations = organisations
        self.programmes = programmes
        self.themes = themes
        self.stages = stages
    }

    public var projectReferences: ProjectReferences {
        ProjectReferences(organisations: Set(organisations.map(\.id)), programmes: Set(programmes.map(\.id)),
                          themes: Set(themes.map(\.id)), stages: Set(stages.map(\.id)))
    }

    public func organisation(_ id: UUID) -> Organisation? { organisations.first { $0.id == id } }
    public func programme(_ id: UUID?) -> Programme? { id.flatMap { id in programmes.first { $0.id == id } } }
    public func theme(_ id: UUID) -> Theme? { themes.first { $0.id == id } }
    public func stage(_ id: UUID) -> LifecycleStage? { stages.first { $0.id == id } }

    /// A project's fields as the audit trail shows them: names, not ids.
    public func auditValues(_ fields: ProjectFields) -> [(String, String?)] {
        func names(_ ids: [UUID], _ name: (UUID) -> String?) -> String {
            ids.map { name($0) ?? $0.lowercasedText }.sorted().joined(separator: ", ")
        }
        return [
            ("Title", fields.title),
            ("Aim and summary", fields.summary),
            ("In scope", fields.scopeIn),
            ("Out of scope", fields.scopeOut),
            ("Objectives", fields.objectives),
            ("Lead organisation", organisation(fields.leadOrganisationID)?.name),
            ("Partner organisations", names(fields.partnerOrganisationIDs) { organisation($0)?.name }),
            ("Programme", programme(fields.programmeID)?.name),
            ("Strategic themes", names(fields.themeIDs) { theme($0)?.name }),
            ("Method", fields.methodology.label),
            ("Lifecycle stage", stage(fields.stageID)?.name),
            ("Status", fields.status.label),
            ("Start date", fields.startDate?.description),
            ("End date", fields.endDate?.description),
            ("Budget", fields.budgetPence.map(Money.display)),
            ("Tags", fields.tags.joined(separator: ", ")),
            ("Visibility", fields.visibility.label),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}
