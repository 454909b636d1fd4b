import Foundation
import SQLKit
import WaymarkDomain

// MARK: The gates' settings

extension Store {
    /// Every gated stage's gate, in lifecycle order, with its board, criteria and members (a gate
    /// the portfolio office has not set up has no criteria yet and is at version 0).
    public func gateSettings() async throws -> [GateSetting] {
        async let found = rows("""
            SELECT s.id, s.name, s.gate, s.position, g.board, g.criteria, g.version
            FROM lifecycle_stages s LEFT JOIN gate_settings g ON g.stage_id = s.id
            WHERE s.gate IS NOT NULL ORDER BY s.position
            """, reading: { columns in
                GateSetting(stageID: try columns.uuid("id"), gate: try columns.string("gate"), stageName: try columns.string("name"),
                            position: try columns.int("position"), board: try columns.optionalString("board") ?? "",
                            criteria: (try columns.optionalString("criteria") ?? "").split(separator: "\n").map(String.init),
                            memberIDs: [], version: Int(try columns.optionalInt64("version") ?? 0))
            })
        async let members = rows("SELECT stage_id, person_id FROM gate_board_members ORDER BY person_id", reading: { columns in
            (try columns.uuid("stage_id"), try columns.uuid("person_id"))
        })
        var settings = try await found
        let byStage = Dictionary(grouping: try await members, by: \.0)
        for index in settings.indices { settings[index].memberIDs = byStage[settings[index].stageID]?.map(\.1) ?? [] }
        return settings
    }

    /// Changes a gate's board, criteria and members, if it is still at `expectedVersion`.
    public func setGate(_ stageID: UUID, _ fields: GateSettingFields, expectedVersion: Int, by actor: AuditActor) async throws -> GateSetting {
        try await write { store in
            guard let before = try await store.gateSettings().first(where: { $0.stageID == stageID }) else { throw NotFound("gate") }
            guard before.version == expectedVersion else { throw VersionConflict(currentVersion: before.version) }
            let now = store.now()
            let criteria = fields.criteria.joined(separator: "\n")
            if before.version == 0 {
                try await store.run("""
                    INSERT INTO gate_settings (id, stage_id, board, criteria, version, updated_at)
                    VALUES (\(bind: UUID()), \(bind: stageID), \(bind: fields.board), \(bind: criteria), 1, \(bind: now))
                    """)
            } else {
                let updated = try await store.count("""
                    SELECT COUNT(*) AS n FROM gate_settings WHERE stage_id = \(bind: stageID) AND version = \(bind: expectedVersion)
                    """)
                guard updated == 1 else { throw VersionConflict(currentVersion: before.version) }
                try await store.run("""
                    UPDATE gate_settings SET board = \(bind: fields.board), criteria = \(bind: criteria), version = version + 1,
                    updated_at = \(bind: now) WHERE stage_id = \(bind: stageID)
                    """)
            }
            try await store.run("DELETE FROM gate_board_members WHERE stage_id = \(bind: stageID)")
            for member in fields.memberIDs {
                try await store.run("INSERT INTO gate_board_members (stage_id, person_id) VALUES (\(bind: stageID), \(bind: member))")
            }
            let old = GateSettingFields(board: before.board, criteria: before.criteria, memberIDs: before.memberIDs)
            try await store.record(.gateChanged, stageID, subject: before.title, changes: FieldChange.between(old.auditValues, fields.auditValues),
                                   by: actor)
            var after = before
            after.board = fields.board
            after.criteria = fields.criteria
            after.memberIDs = fields.memberIDs
            after.version = before.version + 1
            return after
        }
    }
}

// MARK: Gate reviews

extension Store {
    static let gateReviewColumns: SQLQueryString = """
        r.id, r.project_id, r.number, r.stage_id, r.from_stage_id, r.gate, r.board, r.criteria, r.summary, r.criteria_met, r.evidence,
        r.requested_by, r.requested_at, r.state, r.outcome, r.decided_on, r.decision_board, r.rationale, r.conditions, r.decided_by,
        r.decided_at, r.report, r.version
        """

    public func gateReview(_ id: UUID) async throws -> GateReview? {
        try await rows("SELECT \(Self.gateReviewColumns) FROM gate_reviews r WHERE r.id = \(bind: id)", reading: Self.gateReview).first
    }

    /// A project's gate reviews, the latest first.
    public func gateReviews(ofProject projectID: UUID) async throws -> [GateReview] {
        try await rows("""
            SELECT \(Self.gateReviewColumns) FROM gate_reviews r WHERE r.project_id = \(bind: projectID) ORDER BY r.number DESC
            """, reading: Self.gateReview)
    }

    /// The reviews waiting for a decision, of the projects `rule` lets its reader read, the
    /// longest waiting first: without their reports, which the list does not show.
    public func waitingGateReviews(rule: ProjectReadRule) async throws -> [(review: GateReviewLine, project: PortfolioIndex.Entry)] {
        async let index = portfolioIndex()
        let found = try await waitingGateLines()
        let readable = try await index.readableProjects(rule: rule)
        return found.compactMap { line in readable.entry(line.projectID).map { (line, $0) } }
    }

    /// Every review waiting for a decision, the longest waiting first: a few rows, from an index
    /// on the state.
    func waitingGateLines() async throws -> [GateReviewLine] {
        try await rows("""
            SELECT r.id, r.project_id, r.number, r.gate, r.board, r.stage_id, r.requested_at FROM gate_reviews r
            WHERE r.state = 'requested' ORDER BY r.requested_at, r.id
            """, reading: { columns in
                GateReviewLine(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                               gate: try columns.string("gate"), board: try columns.string("board"), stageID: try columns.uuid("stage_id"),
                               requestedAt: try columns.date("requested_at"))
            })
    }

    /// Records a project's request for the gate into `gate`'s stage, with the report the board
    /// will decide on. Refused while another of its reviews waits, or once the project has left
    /// `fromStageID` (the request was made against a stage it is no longer at).
    public func requestGateReview(projectID: UUID, fromStageID: UUID, gate: GateSetting, request: GateRequestFields, report: GateReport,
                                  by actor: AuditActor) async throws -> GateReview {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            guard let project = try await store.project(projectID) else { throw NotFound("project") }
            guard project.fields.stageID == fromStageID else {
                throw ValidationFailure("stageId", "The project's stage changed while the request was written: look at it again", kind: .rule)
            }
            let waiting = try await store.count("""
                SELECT COUNT(*) AS n FROM gate_reviews WHERE project_id = \(bind: projectID) AND state = 'requested'
                """)
            guard waiting == 0 else {
                throw ValidationFailure("stageId", "A gate review of this project is already waiting for a decision: withdraw it first to ask again",
                                        kind: .rule)
            }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) AS n FROM gate_reviews WHERE project_id = \(bind: projectID)") + 1
            let review = GateReview(id: UUID(), projectID: projectID, number: number, stageID: gate.stageID, fromStageID: fromStageID, gate: gate.gate,
                                    board: gate.board, criteria: gate.criteria, request: request, requestedBy: actor.id, requestedAt: store.now(),
                                    state: .requested, decision: nil, decidedBy: nil, decidedAt: nil, report: report, version: 1)
            try await store.insertGateReview(review)
            let id = review.id
            try await store.record(.gateReviewRequested, id, projectID: projectID, subject: review.title,
                                   changes: FieldChange.created(request.auditValues), by: actor)
            return review
        }
    }

    /// Writes a review as it is given (a new request; the demo's past reviews with their decisions).
    func insertGateReview(_ review: GateReview) async throws {
        let reportText = String(decoding: try JSONEncoder.gateReports.encode(review.report), as: UTF8.self)
        let decision = review.decision
        try await run("""
            INSERT INTO gate_reviews (id, project_id, number, stage_id, from_stage_id, gate, board, criteria, summary, criteria_met,
                                      evidence, requested_by, requested_at, state, outcome, decided_on, decision_board, rationale, conditions,
                                      decided_by, decided_at, report, version, created_at, updated_at)
            VALUES (\(bind: review.id), \(bind: review.projectID), \(bind: review.number), \(bind: review.stageID), \(bind: review.fromStageID),
                    \(bind: review.gate), \(bind: review.board), \(bind: review.criteria.joined(separator: "\n")), \(bind: review.request.summary),
                    \(bind: review.request.criteriaMet.map(String.init).joined(separator: ",")), \(bind: review.request.evidence),
                    \(bind: review.requestedBy), \(bind: review.requestedAt), \(bind: review.state.rawValue), \(bind: decision?.outcome.rawValue),
                    \(bind: decision?.decidedOn.description), \(bind: decision?.board), \(bind: decision?.rationale), \(bind: decision?.conditions),
                    \(bind: review.decidedBy), \(bind: review.decidedAt), \(bind: reportText), \(bind: review.version), \(bind: review.requestedAt),
                    \(bind: review.decidedAt ?? review.requestedAt))
            """)
    }

    /// Withdraws a waiting review at `expectedVersion`.
    public func withdrawGateReview(_ id: UUID, expectedVersion: Int, by actor: AuditActor) async throws -> GateReview {
        try await write { store in
            guard var review = try await store.gateReview(id) else { throw NotFound("gate review") }
            guard review.version == expectedVersion else { throw VersionConflict(currentVersion: review.version) }
            guard review.state == .requested else { throw GateReviewClosed(review.state) }
            let now = store.now()
            review.version = try await store.conditionalUpdate("gate_reviews", id: id, expectedVersion: expectedVersion, at: now,
                                                               set: "state = 'withdrawn'")
            review.state = .withdrawn
            try await store.record(.gateReviewWithdrawn, id, projectID: review.projectID, subject: review.title,
                                   changes: [FieldChange(field: "state", old: "requested", new: "withdrawn")], by: actor)
            return review
        }
    }

    /// Records the board's decision on a waiting review at `expectedVersion`; an approval moves
    /// the project into the gate's stage (a change to the project, in its history), which it
    /// must still be ready for: at the stage it asked from.
    public func decideGateReview(_ id: UUID, expectedVersion: Int, _ decision: GateDecisionFields, references: ReferenceData,
                                 by actor: AuditActor) async throws -> GateReview {
        try await write { store in
            guard var review = try await store.gateReview(id) else { throw NotFound("gate review") }
            guard review.version == expectedVersion else { throw VersionConflict(currentVersion: review.version) }
            guard review.state == .requested else { throw GateReviewClosed(review.state) }
            guard try await store.lockProject(review.projectID), let project = try await store.project(review.projectID) else {
                throw NotFound("project")
            }
            if decision.outcome.movesStage, project.fields.stageID != review.fromStageID {
                throw ValidationFailure("outcome", "The project's stage has changed since the review was asked for: it cannot be moved by this approval. Defer or reject it, or ask the project to withdraw it and ask again",
                                        kind: .rule)
            }
            let now = store.now()
            review.version = try await store.conditionalUpdate("gate_reviews", id: id, expectedVersion: expectedVersion, at: now, set: """
                state = 'decided', outcome = \(bind: decision.outcome.rawValue), decided_on = \(bind: decision.decidedOn.description),
                decision_board = \(bind: decision.board), rationale = \(bind: decision.rationale), conditions = \(bind: decision.conditions),
                decided_by = \(bind: actor.id), decided_at = \(bind: now)
                """)
            review.state = .decided
            review.decision = decision
            review.decidedBy = actor.id
            review.decidedAt = now
            try await store.record(.gateReviewDecided, id, projectID: review.projectID, subject: review.title,
                                   changes: FieldChange.created(decision.auditValues), by: actor)
            if decision.outcome.movesStage {
                var fields = project.fields
                fields.stageID = review.stageID
                _ = try await store.updateProject(project.id, expectedVersion: project.version, fields: fields, references: references,
                                                  current: project, by: actor)
            }
            return review
        }
    }

    static func gateReview(_ columns: Columns) throws -> GateReview {
        let report = try JSONDecoder.gateReports.decode(GateReport.self, from: Data(try columns.string("report").utf8))
        var decision: GateDecisionFields?
        if let outcome = try columns.optionalString("outcome") {
            decision = GateDecisionFields(outcome: try Columns.choice(outcome, "outcome"),
                                          decidedOn: try calendarDate(try columns.string("decided_on")),
                                          board: try columns.string("decision_board"), rationale: try columns.string("rationale"),
                                          conditions: try columns.optionalString("conditions") ?? "")
        }
        return GateReview(
            id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
            stageID: try columns.uuid("stage_id"), fromStageID: try columns.uuid("from_stage_id"), gate: try columns.string("gate"),
            board: try columns.string("board"), criteria: try columns.string("criteria").split(separator: "\n").map(String.init),
            request: GateRequestFields(summary: try columns.string("summary"),
                                       criteriaMet: try columns.string("criteria_met").split(separator: ",").compactMap { Int($0) },
                                       evidence: try columns.string("evidence")),
            requestedBy: try columns.optionalUUID("requested_by"), requestedAt: try columns.date("requested_at"),
            state: try Columns.choice(try columns.string("state"), "state"), decision: decision,
            decidedBy: try columns.optionalUUID("decided_by"), decidedAt: try columns.isNull("decided_at") ? nil : try columns.date("decided_at"),
            report: report, version: try columns.int("version"))
    }
}

extension JSONEncoder {
    /// Gate reports as kept: keys sorted and dates as ISO 8601, so a kept report reads the same
    /// on both databases.
    static var gateReports: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    static var gateReports: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
