import Foundation

/// Everything a project form or page needs to name what it refers to.
public struct ReferenceData: Codable, Sendable {
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
}
