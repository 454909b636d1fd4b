import Foundation
import WaymarkDomain
import WaymarkStore

public typealias ReadableBenefit = ReadableLogItem<Benefit>

/// A project's benefits as one person may see them, with what their charts draw on: the
/// project's measures and their observations.
public struct BenefitList: Sendable {
    public var project: ReadableProject
    public var benefits: [Benefit]
    public var measures: [Measure]
    /// The observations of the measures the benefits take their actual values from (none when
    /// the list was asked for without actuals), oldest first, by measure.
    public var observations: [UUID: [Observation]]
}

/// One benefit as its page shows it: the project's measures (those it links among them) and its
/// actual values.
public struct BenefitRecord: Sendable {
    public var benefit: ReadableBenefit
    public var measures: [Measure]
    public var actuals: [DatedValue]
}

/// Everything a person does to a project's benefits, each once, for pages and the API alike;
/// and the benefits register across every project the person may read. A benefit is tracked
/// after its project closes: a closed project's team still records its realisation.
public struct BenefitWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }
    var risks: RiskWorkflows { RiskWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    /// The project's benefits and measures; with `actuals`, the values of the measures some
    /// benefit takes its actuals from (only those: a project's other measures can hold years of
    /// weekly values no benefit reads).
    public func list(_ projectID: UUID, actuals: Bool = true, by acting: Acting) async throws -> BenefitList {
        let project = try await projects.readable(projectID, by: acting)
        async let measures = store.measures(ofProject: projectID)
        let benefits = try await store.benefits(ofProject: projectID)
        let sources = Set(benefits.compactMap(\.fields.actualsMeasureID))
        let observations = actuals && !sources.isEmpty ? try await store.observations(ofMeasures: sources) : [:]
        return BenefitList(project: project, benefits: benefits, measures: try await measures, observations: observations)
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableBenefit {
        guard let benefit = try await store.benefit(id) else { throw NotFound("benefit") }
        return ReadableBenefit(item: benefit, project: try await projects.readable(benefit.projectID, by: acting, hiding: "benefit"))
    }

    /// The benefit with the measures and values its page draws on.
    public func record(_ id: UUID, by acting: Acting) async throws -> BenefitRecord {
        let benefit = try await readable(id, by: acting)
        async let measures = store.measures(ofProject: benefit.item.projectID)
        var observations: [UUID: [Observation]] = [:]
        if let source = benefit.item.fields.actualsMeasureID { observations[source] = try await store.observations(of: source) }
        return BenefitRecord(benefit: benefit, measures: try await measures, actuals: benefit.item.actuals(measureObservations: observations))
    }

    /// The benefits a measure evidences, for its page.
    public func benefits(linkedTo measureID: UUID) async throws -> [Benefit] {
        try await store.benefits(linkedTo: measureID)
    }

    public func projectForNewBenefit(_ projectID: UUID, by acting: Acting) async throws -> ReadableProject {
        try await risks.projectForNewRisk(projectID, by: acting)
    }

    public func create(projectID: UUID, _ input: BenefitInput, by acting: Acting) async throws -> ReadableBenefit {
        let project = try await projectForNewBenefit(projectID, by: acting)
        let fields = try await validate(input, projectID: projectID)
        return ReadableBenefit(item: try await store.createBenefit(projectID: projectID, fields: fields, by: acting.audit), project: project)
    }

    /// Changes the fields `input` carries (nil keeps a field), if it is still at `expectedVersion`.
    public func update(_ current: ReadableBenefit, _ input: BenefitInput, expectedVersion: Int, by acting: Acting) async throws -> ReadableBenefit {
        try AccessPolicy.require(current.canEdit, else: .editProject)
        let fields = try await validate(input.overlaid(on: current.item.fields), projectID: current.item.projectID)
        let benefit = try await store.updateBenefit(current.item.id, expectedVersion: expectedVersion, fields: fields, by: acting.audit)
        return ReadableBenefit(item: benefit, project: current.project)
    }

    public func delete(_ id: UUID, by acting: Acting) async throws -> ReadableBenefit {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.canDelete, else: .deleteBenefit)
        try await store.deleteBenefit(id, by: acting.audit)
        return current
    }

    /// The register: the benefits of every project the person may read, filtered, with the
    /// cash-releasing totals by year and organisation.
    public func register(_ query: BenefitRegisterQuery, by acting: Acting) async throws -> BenefitRegister {
        try await store.benefitRegister(query, rule: AccessPolicy.readRule(for: acting.actor))
    }

    /// What a benefit's form offers: the project's measures and the people who may own it.
    public func formChoices(_ project: ReadableProject, owner: UUID? = nil) async throws -> (measures: [Measure], owners: [(UUID, String)]) {
        async let measures = store.measures(ofProject: project.project.id)
        async let owners = risks.owners(project, owner: owner)
        return (try await measures, try await owners)
    }

    private func validate(_ input: BenefitInput, projectID: UUID) async throws -> BenefitFields {
        let measures = Set(try await store.measures(ofProject: projectID).map(\.id))
        return try BenefitFields.validate(input, owners: try await store.isActivePerson(input.ownerID), measures: measures)
    }
}
