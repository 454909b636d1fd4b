import Foundation
import WaymarkDomain
import WaymarkStore

public typealias ReadableDriver = ReadableLogItem<Driver>
public typealias ReadablePDSACycle = ReadableLogItem<PDSACycle>

/// A project's QI lens as one person may see it: its aim, driver diagram and PDSA cycles.
public struct QIRecord: Sendable {
    public var project: ReadableProject
    public var aim: Aim
    public var drivers: DriverTree
    public var cycles: [PDSACycle]
}

/// Everything a person does to a project's QI lens and to the annotations on its measures'
/// charts, each once, for pages and the API alike. Its team records them.
public struct QIWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }
    var measures: MeasureWorkflows { MeasureWorkflows(store) }
    var risks: RiskWorkflows { RiskWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    public func record(_ projectID: UUID, by acting: Acting) async throws -> QIRecord {
        let project = try await projects.readable(projectID, by: acting)
        async let aim = store.aim(of: projectID)
        async let drivers = store.drivers(ofProject: projectID)
        async let cycles = store.pdsaCycles(ofProject: projectID)
        return QIRecord(project: project, aim: try await aim, drivers: DriverTree(try await drivers), cycles: try await cycles)
    }

    /// A project's aim alone (version 0 until first written).
    public func aim(_ projectID: UUID, by acting: Acting) async throws -> Aim {
        _ = try await projects.readable(projectID, by: acting)
        return try await store.aim(of: projectID)
    }

    /// A project's driver diagram alone, each node followed by those under it.
    public func drivers(_ projectID: UUID, by acting: Acting) async throws -> (ReadableProject, [Driver]) {
        let project = try await projects.readable(projectID, by: acting)
        return (project, DriverTree(try await store.drivers(ofProject: projectID)).ordered.map(\.node))
    }

    /// A project's PDSA cycles alone, the latest started first.
    public func cycles(_ projectID: UUID, by acting: Acting) async throws -> (ReadableProject, [PDSACycle]) {
        let project = try await projects.readable(projectID, by: acting)
        return (project, try await store.pdsaCycles(ofProject: projectID))
    }

    /// The project, if the person may change its QI lens.
    public func editableProject(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        try await risks.projectForNewRisk(projectID, by: acting)
    }

    // MARK: The aim

    public func saveAim(_ projectID: UUID, _ input: AimInput, expectedVersion: Int, by acting: Acting) async throws -> Aim {
        _ = try await editableProject(projectID, by: acting)
        let current = try await store.aim(of: projectID)
        let fields = try AimFields.validate(input.overlaid(on: current.fields))
        return try await store.saveAim(of: projectID, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
    }

    // MARK: The driver diagram

    public func driver(_ id: UUID, by acting: Acting) async throws -> ReadableDriver {
        guard let driver = try await store.driver(id) else { throw NotFound("driver") }
        return ReadableDriver(item: driver, project: try await projects.readable(driver.projectID, by: acting, hiding: "driver"))
    }

    public func createDriver(projectID: UUID, _ input: DriverInput, by acting: Acting) async throws -> ReadableDriver {
        let project = try await editableProject(projectID, by: acting)
        let fields = try DriverFields.validate(input, nodes: try await store.drivers(ofProject: projectID), isNew: true)
        return ReadableDriver(item: try await store.createDriver(projectID: projectID, fields: fields, by: acting.audit), project: project)
    }

    /// Changes a node: its text, kind, parent or position. A node with others under it keeps its
    /// kind (they would no longer fit), and cannot move under one of its own.
    public func updateDriver(_ current: ReadableDriver, _ input: DriverInput, expectedVersion: Int, by acting: Acting) async throws -> ReadableDriver {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let nodes = try await store.drivers(ofProject: current.item.projectID)
        let tree = DriverTree(nodes)
        let descendants = tree.descendants(of: current.item.id)
        let merged = input.overlaid(on: current.item.fields)
        let fields = try DriverFields.validate(merged, nodes: nodes.filter { $0.id != current.item.id }, descendants: descendants, isNew: false)
        if fields.kind != current.item.fields.kind && !descendants.isEmpty {
            throw ValidationFailure("kind", "Move or delete what hangs from \(current.item.reference) before changing what it is", kind: .rule)
        }
        return ReadableDriver(item: try await store.updateDriver(current.item.id, expectedVersion: expectedVersion, fields: fields, by: acting.audit),
                              project: current.project)
    }

    public func deleteDriver(_ id: UUID, by acting: Acting) async throws -> ReadableDriver {
        let current = try await driver(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteQIRecord)
        try await store.deleteDriver(id, by: acting.audit)
        return current
    }

    // MARK: PDSA cycles

    public func cycle(_ id: UUID, by acting: Acting) async throws -> ReadablePDSACycle {
        guard let cycle = try await store.pdsaCycle(id) else { throw NotFound("PDSA cycle") }
        return ReadablePDSACycle(item: cycle, project: try await projects.readable(cycle.projectID, by: acting, hiding: "PDSA cycle"))
    }

    public func createCycle(projectID: UUID, _ input: PDSAInput, by acting: Acting) async throws -> ReadablePDSACycle {
        let project = try await editableProject(projectID, by: acting)
        let fields = try await validate(input, projectID: projectID)
        return ReadablePDSACycle(item: try await store.createPDSACycle(projectID: projectID, fields: fields, by: acting.audit), project: project)
    }

    public func updateCycle(_ current: ReadablePDSACycle, _ input: PDSAInput, expectedVersion: Int, by acting: Acting) async throws -> ReadablePDSACycle {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let fields = try await validate(input.overlaid(on: current.item.fields), projectID: current.item.projectID)
        return ReadablePDSACycle(item: try await store.updatePDSACycle(current.item.id, expectedVersion: expectedVersion, fields: fields,
                                                                      by: acting.audit), project: current.project)
    }

    public func deleteCycle(_ id: UUID, by acting: Acting) async throws -> ReadablePDSACycle {
        let current = try await cycle(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteQIRecord)
        try await store.deletePDSACycle(id, by: acting.audit)
        return current
    }

    /// What a cycle's form offers: the project's change ideas and measures.
    public func cycleChoices(_ projectID: UUID) async throws -> (changeIdeas: [Driver], measures: [Measure]) {
        async let drivers = store.drivers(ofProject: projectID)
        async let measures = store.measures(ofProject: projectID)
        return (DriverTree(try await drivers).changeIdeas, try await measures)
    }

    private func validate(_ input: PDSAInput, projectID: UUID) async throws -> PDSAFields {
        let (ideas, measures) = try await cycleChoices(projectID)
        return try PDSAFields.validate(input, changeIdeas: Set(ideas.map(\.id)), measures: Set(measures.map(\.id)))
    }

    // MARK: Annotations on a measure's chart

    /// What a measure's chart marks: its annotations and the PDSA cycles judged by it.
    public func marks(of measureID: UUID) async throws -> (annotations: [Annotation], cycles: [PDSACycle]) {
        async let annotations = store.annotations(of: measureID)
        async let cycles = store.pdsaCycles(judgedBy: measureID)
        return (try await annotations, try await cycles)
    }

    public func annotation(_ id: UUID, by acting: Acting) async throws -> (Annotation, ReadableMeasure) {
        guard let annotation = try await store.annotation(id) else { throw NotFound("annotation") }
        do {
            return (annotation, try await measures.readable(annotation.measureID, by: acting))
        } catch is NotFound {
            throw NotFound("annotation")
        }
    }

    public func annotate(_ measure: ReadableMeasure, _ input: AnnotationInput, by acting: Acting) async throws -> Annotation {
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        return try await store.createAnnotation(measureID: measure.item.id, fields: try AnnotationFields.validate(input), by: acting.audit)
    }

    public func updateAnnotation(_ id: UUID, _ input: AnnotationInput, expectedVersion: Int, by acting: Acting) async throws -> Annotation {
        let (current, measure) = try await annotation(id, by: acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        let fields = try AnnotationFields.validate(input.overlaid(on: current.fields))
        return try await store.updateAnnotation(id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
    }

    public func deleteAnnotation(_ id: UUID, by acting: Acting) async throws -> ReadableMeasure {
        let (_, measure) = try await annotation(id, by: acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        try await store.deleteAnnotation(id, by: acting.audit)
        return measure
    }
}
