import Foundation
import WaymarkDomain
import WaymarkStore

public typealias ReadableMeasure = ReadableLogItem<Measure>

/// A project's measures as one person may see them.
public struct MeasureList: Sendable {
    public var project: ReadableProject
    public var measures: [Measure]
    /// Each measure's analysis, by its id.
    public var analyses: [UUID: SPCAnalysis]
    public var counts: [UUID: Int]
}

/// A measure as one person may read it, with its observations and their analysis, and the rest
/// its page shows (`detail`).
public struct MeasureRecord: Sendable {
    public var measure: ReadableMeasure
    public var detail: MeasureDetail
    public var observations: [Observation] { detail.observations }
    public var analysis: SPCAnalysis { detail.analysis }
}

/// Everything a person does to a project's measures and their observations, each once, for
/// pages and the API alike. Its team records them; whoever may not read the project gets
/// `NotFound`.
public struct MeasureWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }
    var risks: RiskWorkflows { RiskWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func list(_ projectID: UUID, by acting: Acting) async throws -> MeasureList {
        let project = try await projects.readable(projectID, by: acting)
        async let measures = store.measures(ofProject: projectID)
        async let observations = store.observations(ofProject: projectID)
        let (list, byMeasure) = (try await measures, try await observations)
        return MeasureList(project: project, measures: list,
                           analyses: Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0.analysis(byMeasure[$0.id] ?? [])) }),
                           counts: byMeasure.mapValues(\.count))
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableMeasure {
        guard let measure = try await store.measure(id) else { throw NotFound("measure") }
        return ReadableMeasure(item: measure, project: try await projects.readable(measure.projectID, by: acting, hiding: "measure"))
    }

    /// The measure, its observations and their analysis, and the rest its page shows: held in
    /// memory while none of it changes (`Store.measureDetail`).
    public func record(_ id: UUID, by acting: Acting) async throws -> MeasureRecord {
        guard let detail = try await store.measureDetail(id) else { throw NotFound("measure") }
        let project = try await projects.readable(detail.measure.projectID, by: acting, hiding: "measure")
        return MeasureRecord(measure: ReadableMeasure(item: detail.measure, project: project), detail: detail)
    }

    /// The record of a measure already found readable, as it is now.
    public func record(_ readable: ReadableMeasure) async throws -> MeasureRecord {
        guard let detail = try await store.measureDetail(readable.item.id) else { throw NotFound("measure") }
        return MeasureRecord(measure: ReadableMeasure(item: detail.measure, project: readable.project), detail: detail)
    }

    public func projectForNewMeasure(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        try await risks.projectForNewRisk(projectID, by: acting)
    }

    public func create(projectID: UUID, _ input: MeasureInput, by acting: Acting) async throws -> ReadableMeasure {
        let project = try await projectForNewMeasure(projectID, by: acting)
        let fields = try MeasureFields.validate(input, owners: try await store.isActivePerson(input.ownerID))
        return ReadableMeasure(item: try await store.createMeasure(projectID: projectID, fields: fields, by: acting.audit), project: project)
    }

    /// Changes the fields `input` carries (nil keeps a field), if it is still at `expectedVersion`.
    public func update(_ current: ReadableMeasure, _ input: MeasureInput, expectedVersion: Int, by acting: Acting) async throws -> ReadableMeasure {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let merged = input.overlaid(on: current.item.fields)
        let fields = try MeasureFields.validate(merged, owners: try await store.isActivePerson(merged.ownerID))
        let measure = try await store.updateMeasure(current.item.id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
        return ReadableMeasure(item: measure, project: current.project)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableMeasure {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteMeasure)
        try await store.deleteMeasure(id, by: acting.audit)
        return current
    }

    /// Records one observation.
    public func addObservation(_ current: ReadableMeasure, _ fields: ObservationFields, by acting: Acting) async throws -> Observation {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        return try await store.addObservations([fields], to: current.item.id, by: acting.audit)[0]
    }

    /// Records every row of an import, or none: `ObservationImport.Refused` names each bad row.
    public func importObservations(_ current: ReadableMeasure, rows: [[String]], by acting: Acting) async throws -> [Observation] {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let recorded = Set(try await store.observations(of: current.item.id).map(\.fields.date))
        let list = try ObservationImport.read(rows, recorded: recorded)
        return try await store.addObservations(list, to: current.item.id, by: acting.audit)
    }

    /// One observation of a measure the person may read.
    public func observation(_ id: UUID, by acting: Acting) async throws -> (Observation, ReadableMeasure) {
        guard let observation = try await store.observation(id) else { throw NotFound("observation") }
        do {
            return (observation, try await readable(observation.measureID, by: acting))
        } catch is NotFound {
            throw NotFound("observation")
        }
    }

    public func updateObservation(_ id: UUID, _ fields: ObservationFields, expectedVersion: Int, by acting: Acting) async throws -> Observation {
        let (_, measure) = try await observation(id, by: acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        return try await store.updateObservation(id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
    }

    public func deleteObservation(_ id: UUID, by acting: Acting) async throws -> ReadableMeasure {
        let (_, measure) = try await observation(id, by: acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        try await store.deleteObservation(id, by: acting.audit)
        return measure
    }

    /// The icon summary: the measures of every project the person may read, filtered and sorted.
    public func summary(_ query: MeasureSummaryQuery, by acting: Acting) async throws -> Page<MeasureSummaryLine> {
        try await store.measureSummaries(query, rule: AccessPolicy.readRule(for: acting.actor))
    }

    public func owners(_ project: ReadableProject, owner: UUID? = nil) async throws -> [(UUID, String)] {
        try await risks.owners(project, owner: owner)
    }
}
