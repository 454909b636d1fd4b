import Foundation
import WaymarkDomain
import WaymarkStore

/// A project's gates as one person may see them: where it stands in the lifecycle, the gate
/// ahead of it (if the next stage has one), and every review it has asked for.
public struct GateLog: Sendable {
    public var project: ReadableProject
    public var stage: LifecycleStage?
    public var nextStage: LifecycleStage?
    /// The gate into the next stage, when it has one.
    public var gate: GateSetting?
    /// The latest first.
    public var reviews: [GateReview]

    /// The review waiting for a decision, if one is.
    public var waiting: GateReview? { reviews.first { $0.state == .requested } }
    /// Whether the reader may ask for the gate ahead now.
    public var canRequest: Bool {
        project.canManage && gate != nil && waiting == nil && [.active, .onHold].contains(project.project.fields.status)
    }
}

/// One review as one person may see it, and what they may do with it.
public struct ReadableGateReview: Sendable {
    public var review: GateReview
    public var project: ReadableProject
    public var canDecide: Bool
    public var canWithdraw: Bool { project.canManage && review.state == .requested }
}

/// Everything a person does with gates, each once, for pages and the API alike: keeping the
/// gates' boards and criteria (the portfolio office), asking for a review and withdrawing it
/// (the project's SRO or manager), and recording the board's decision, which moves the project's
/// stage when it approves. Whoever may not read a project gets `NotFound` for its reviews too.
public struct GateWorkflows: Sendable {
    let store: Store
    var projects: ProjectWorkflows { ProjectWorkflows(store) }

    public init(_ store: Store) { self.store = store }

    // MARK: The gates

    public func settings() async throws -> [GateSetting] { try await store.gateSettings() }

    public func setting(_ stageID: UUID) async throws -> GateSetting {
        guard let setting = try await store.gateSettings().first(where: { $0.stageID == stageID }) else { throw NotFound("gate") }
        return setting
    }

    /// The email addresses of the gates' board members, by person.
    public func memberEmails(_ settings: [GateSetting]) async throws -> [UUID: (name: String, email: String)] {
        var found: [UUID: (name: String, email: String)] = [:]
        for id in Set(settings.flatMap(\.memberIDs)) {
            if let person = try await store.person(id) { found[id] = (person.name, person.email) }
        }
        return found
    }

    /// Changes a gate's board, criteria and members (the portfolio office's).
    public func setGate(_ stageID: UUID, _ input: GateSettingInput, expectedVersion: Int, by acting: Acting) async throws -> GateSetting {
        try AccessPolicy.require(AccessPolicy.canManageGates(acting.actor), else: .manageGates)
        let current = try await setting(stageID)
        if current.version != expectedVersion { throw VersionConflict(currentVersion: current.version) }
        var people: [String: UUID] = [:]
        for email in GateSettingFields.lines(input.memberEmails, commas: true).prefix(GateSettingFields.memberLimit + 1) {
            if let person = try await store.person(email: email), person.active { people[email.lowercased()] = person.id }
        }
        let fields = try GateSettingFields.validate(input, people: people)
        return try await store.setGate(stageID, fields, expectedVersion: expectedVersion, by: acting.audit)
    }

    // MARK: A project's reviews

    public func log(_ projectID: UUID, by acting: Acting) async throws -> GateLog {
        let project = try await projects.readable(projectID, by: acting)
        async let references = store.referenceData()
        async let settings = store.gateSettings()
        async let reviews = store.gateReviews(ofProject: projectID)
        let stages = try await references.stages.sorted { $0.position < $1.position }
        let stage = stages.first { $0.id == project.project.fields.stageID }
        let next = stage.flatMap { current in stages.first { $0.position > current.position } }
        let gates = try await settings
        let gate = next.flatMap { next in gates.first { $0.stageID == next.id } }
        return GateLog(project: project, stage: stage, nextStage: next, gate: gate, reviews: try await reviews)
    }

    /// A project's reviews as the reader may see them, the latest first: the project and the
    /// gates read once for all of them.
    public func readableReviews(_ projectID: UUID, by acting: Acting) async throws -> [ReadableGateReview] {
        let log = try await self.log(projectID, by: acting)
        let members = Dictionary(uniqueKeysWithValues: try await store.gateSettings().map { ($0.stageID, $0.memberIDs) })
        return log.reviews.map { review in
            ReadableGateReview(review: review, project: log.project,
                               canDecide: review.state == .requested
                                   && AccessPolicy.canDecideGate(acting.actor, boardMembers: members[review.stageID] ?? []))
        }
    }

    public func readable(_ id: UUID, by acting: Acting) async throws -> ReadableGateReview {
        guard let review = try await store.gateReview(id) else { throw NotFound("gate review") }
        let project = try await projects.readable(review.projectID, by: acting, hiding: "gate review")
        return ReadableGateReview(review: review, project: project, canDecide: try await canDecide(review, by: acting))
    }

    /// Whether the review is waiting and the person may decide it.
    private func canDecide(_ review: GateReview, by acting: Acting) async throws -> Bool {
        guard review.state == .requested else { return false }
        return try await mayDecide(review, by: acting)
    }

    /// Whether the person may decide reviews of the gate: the portfolio office or a board member.
    private func mayDecide(_ review: GateReview, by acting: Acting) async throws -> Bool {
        let members = try await store.gateSettings().first { $0.stageID == review.stageID }?.memberIDs ?? []
        return AccessPolicy.canDecideGate(acting.actor, boardMembers: members)
    }

    /// Asks for the gate into the project's next stage, with the project's case, the criteria it
    /// meets and its evidence; the report the board will decide on is made from the data now and
    /// kept with the review.
    public func request(_ projectID: UUID, _ input: GateRequestInput, today: CalendarDate, by acting: Acting) async throws -> ReadableGateReview {
        let log = try await self.log(projectID, by: acting)
        try AccessPolicy.require(log.project.canManage, else: .requestGate)
        let project = log.project.project
        guard [.active, .onHold].contains(project.fields.status) else {
            throw ValidationFailure("stageId", "A \(project.fields.status.label.lowercased()) project does not pass gates: reopen it first", kind: .rule)
        }
        let fields = try GateRequestFields.validate(input, gate: log.gate, nextStageName: log.nextStage?.name)
        guard let gate = log.gate, let stage = log.stage else { throw NotFound("gate") }
        async let team = store.team(of: projectID)
        async let reported = store.reportedUpdate(ofProject: projectID, before: ReportingPeriod(start: today.firstOfMonth(adding: 1), months: 1))
        async let milestones = store.milestones(ofProject: projectID)
        async let risks = store.risks(ofProject: projectID)
        async let issues = store.issues(ofProject: projectID)
        async let benefits = store.benefits(ofProject: projectID)
        let members = try await team
        let report = GateReport.make(project: project, fromStage: stage.name, gate: gate, request: fields,
                                     seniorResponsibleOwners: members.filter { $0.role == .sro }.map(\.name),
                                     projectManagers: members.filter { $0.role == .manager }.map(\.name), reported: try await reported,
                                     milestones: try await milestones, risks: try await risks, issues: try await issues,
                                     benefits: try await benefits, today: today, now: store.now())
        let review = try await store.requestGateReview(projectID: projectID, fromStageID: stage.id, gate: gate, request: fields, report: report,
                                                       by: acting.audit)
        return ReadableGateReview(review: review, project: log.project, canDecide: AccessPolicy.canDecideGate(acting.actor, boardMembers: gate.memberIDs))
    }

    /// Withdraws a review still waiting for its decision.
    public func withdraw(_ id: UUID, expectedVersion: Int, by acting: Acting) async throws -> ReadableGateReview {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(current.project.canManage, else: .requestGate)
        if current.review.version != expectedVersion { throw VersionConflict(currentVersion: current.review.version) }
        guard current.review.state == .requested else { throw GateReviewClosed(current.review.state) }
        let review = try await store.withdrawGateReview(id, expectedVersion: expectedVersion, by: acting.audit)
        return ReadableGateReview(review: review, project: current.project, canDecide: false)
    }

    /// Records the board's decision; an approval moves the project into the gate's stage.
    public func decide(_ id: UUID, _ input: GateDecisionInput, expectedVersion: Int, today: CalendarDate,
                       by acting: Acting) async throws -> ReadableGateReview {
        let current = try await readable(id, by: acting)
        try AccessPolicy.require(try await mayDecide(current.review, by: acting), else: .decideGate)
        // What was typed is checked first, then that it was written against the review as it is.
        let fields = try GateDecisionFields.validate(input, requestedOn: CalendarDate(current.review.requestedAt), today: today)
        if current.review.version != expectedVersion { throw VersionConflict(currentVersion: current.review.version) }
        guard current.review.state == .requested else { throw GateReviewClosed(current.review.state) }
        let review = try await store.decideGateReview(id, expectedVersion: expectedVersion, fields, references: try await store.referenceData(),
                                                      by: acting.audit)
        let project = try await projects.readable(review.projectID, by: acting)
        return ReadableGateReview(review: review, project: project, canDecide: false)
    }

    /// What a new decision's form starts from: today, and the board the gate names.
    public func newDecision(_ review: GateReview, today: CalendarDate) -> GateDecisionInput {
        var input = GateDecisionInput()
        input.decidedOn = today.description
        input.board = review.board
        return input
    }

    /// The reviews waiting for a decision among the projects the person may read, the longest
    /// waiting first, with whether the person may decide each.
    public func waiting(by acting: Acting) async throws -> [(review: GateReviewLine, project: ProjectSummary, canDecide: Bool)] {
        let settings = try await store.gateSettings()
        let members = Dictionary(uniqueKeysWithValues: settings.map { ($0.stageID, $0.memberIDs) })
        return try await store.waitingGateReviews(rule: AccessPolicy.readRule(for: acting.actor)).map { line, entry in
            (line, entry.summary, AccessPolicy.canDecideGate(acting.actor, boardMembers: members[line.stageID] ?? []))
        }
    }
}
