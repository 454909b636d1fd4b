import Foundation

// MARK: The gates a system keeps (NHS-CONVENTIONS.md section 6)

/// What a gate asks and who decides it: the board named for it, its criteria (a checklist the
/// project answers when it asks for a review) and the people who sit on the board. A gate is
/// the way into a lifecycle stage that has one ("Gate 1" into Business case).
public struct GateSetting: Equatable, Sendable, Identifiable {
    /// The stage the gate leads into.
    public var stageID: UUID
    public var gate: String
    public var stageName: String
    public var position: Int
    public var board: String
    public var criteria: [String]
    /// The board's members: they may record the gate's decisions, as the portfolio office may.
    public var memberIDs: [UUID]
    /// 0 until the portfolio office first changes it.
    public var version: Int

    public var id: UUID { stageID }

    public init(stageID: UUID, gate: String, stageName: String, position: Int, board: String, criteria: [String], memberIDs: [UUID],
                version: Int) {
        self.stageID = stageID
        self.gate = gate
        self.stageName = stageName
        self.position = position
        self.board = board
        self.criteria = criteria
        self.memberIDs = memberIDs
        self.version = version
    }

    /// "Gate 1: Business case".
    public var title: String { gate + ": " + stageName }
}

/// A gate's board, criteria and members as the portfolio office changes them.
public struct GateSettingFields: Equatable, Sendable {
    public var board: String
    public var criteria: [String]
    public var memberIDs: [UUID]

    public init(board: String, criteria: [String], memberIDs: [UUID]) {
        self.board = board
        self.criteria = criteria
        self.memberIDs = memberIDs
    }

    public var auditValues: [(String, String?)] {
        [("board", board), ("criteria", criteria.joined(separator: "\n")), ("memberIds", AuditValue.list(memberIDs.map(\.lowercasedText)))]
    }
}

/// A gate's setting as typed into a form (criteria one to a line, members' email addresses one
/// to a line) or sent to the API (each a list).
public struct GateSettingInput: KeyedInput {
    public var board: String?
    public var criteria: String?
    public var memberEmails: String?

    public static var fields: [(key: String, path: WritableKeyPath<GateSettingInput, String?>)] {
        [("board", \.board), ("criteria", \.criteria), ("memberEmails", \.memberEmails)]
    }

    /// Lists arrive joined: by line breaks from a form's text area, by line breaks or commas
    /// from a body's array (neither a criterion nor an address may hold a line break).
    public static var listKeys: Set<String> { ["memberEmails"] }

    public init() {}

    public init(showing fields: GateSettingFields) {
        board = fields.board
        criteria = fields.criteria.joined(separator: "\n")
        memberEmails = nil
    }

    public init(showing fields: GateSettingFields, emails: [UUID: String]) {
        self.init(showing: fields)
        memberEmails = fields.memberIDs.compactMap { emails[$0] }.joined(separator: "\n")
    }
}

extension GateSettingFields {
    public static let boardLimit = 200
    public static let criterionLimit = 500
    public static let criteriaLimit = 30
    public static let memberLimit = 50

    /// The lines of a list as typed: split at line breaks (and commas, for addresses), trimmed,
    /// blank ones dropped.
    public static func lines(_ text: String?, commas: Bool) -> [String] {
        (text ?? "").split(whereSeparator: { $0.isNewline || (commas && $0 == ",") })
            .map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A setting's input checked, every problem at once. `people` are the active people by their
    /// email address (lowercased).
    public static func validate(_ input: GateSettingInput, people: [String: UUID]) throws -> GateSettingFields {
        var errors = FieldErrors()
        let board = errors.text(input.board, "board", "Board", limit: boardLimit, blank: "Name the board that decides this gate")
        errors.refuseControlCharacters(input.criteria, "criteria", "Criteria", multiline: true)
        let criteria = lines(input.criteria, commas: false)
        if criteria.isEmpty { errors.add("criteria", "Enter the gate's criteria, one to a line") }
        if criteria.count > criteriaLimit { errors.add("criteria", "A gate has at most \(criteriaLimit) criteria") }
        if let long = criteria.first(where: { $0.count > criterionLimit }) {
            errors.add("criteria", "Each criterion must be \(criterionLimit) characters or fewer: \"\(long.prefix(40))...\" is longer")
        }
        errors.refuseControlCharacters(input.memberEmails, "memberEmails", "Board members", multiline: true)
        var members: [UUID] = []
        let emails = lines(input.memberEmails, commas: true)
        if emails.count > memberLimit { errors.add("memberEmails", "A board has at most \(memberLimit) members in Waymark") }
        let unknown = emails.filter { people[$0.lowercased()] == nil }
        if !unknown.isEmpty {
            errors.add("memberEmails", "No active person has the email address " + unknown.prefix(3).joined(separator: ", ")
                       + ": enter the addresses people sign in with", kind: .reference)
        }
        for email in emails { if let id = people[email.lowercased()], !members.contains(id) { members.append(id) } }
        try errors.throwIfAny()
        return GateSettingFields(board: board!, criteria: criteria, memberIDs: members)
    }
}

// MARK: Gate reviews

/// A board's decision on a gate (NHS-CONVENTIONS.md section 6).
public enum GateOutcome: String, CaseIterable, Codable, Sendable {
    case approved
    case approvedWithConditions = "approved-with-conditions"
    case deferred
    case rejected

    public var label: String {
        switch self {
        case .approved: "Approved"
        case .approvedWithConditions: "Approved with conditions"
        case .deferred: "Deferred"
        case .rejected: "Rejected"
        }
    }

    /// Approval (with or without conditions) moves the project into the gate's stage.
    public var movesStage: Bool { self == .approved || self == .approvedWithConditions }
}

/// Where a review stands: asked for and waiting for the board, withdrawn by the project, or
/// decided.
public enum GateReviewState: String, CaseIterable, Codable, Sendable {
    case requested, withdrawn, decided

    public var label: String {
        switch self {
        case .requested: "Waiting for a decision"
        case .withdrawn: "Withdrawn"
        case .decided: "Decided"
        }
    }
}

/// What a project says when it asks for a gate review: its case, which of the gate's criteria it
/// meets (by number, from 1), and its evidence.
public struct GateRequestFields: Equatable, Sendable {
    public var summary: String
    public var criteriaMet: [Int]
    public var evidence: String

    public init(summary: String, criteriaMet: [Int], evidence: String) {
        self.summary = summary
        self.criteriaMet = criteriaMet
        self.evidence = evidence
    }

    public var auditValues: [(String, String?)] {
        [("summary", summary), ("criteriaMet", AuditValue.list(criteriaMet.map(String.init))), ("evidence", evidence.isEmpty ? nil : evidence)]
    }
}

public struct GateRequestInput: KeyedInput {
    public var stageID: String?
    public var summary: String?
    public var criteriaMet: String?
    public var evidence: String?

    public static var fields: [(key: String, path: WritableKeyPath<GateRequestInput, String?>)] {
        [("stageId", \.stageID), ("summary", \.summary), ("criteriaMet", \.criteriaMet), ("evidence", \.evidence)]
    }

    public static var listKeys: Set<String> { ["criteriaMet"] }

    public init() {}

    public init(showing fields: GateRequestFields) {
        summary = fields.summary
        criteriaMet = fields.criteriaMet.map(String.init).joined(separator: ",")
        evidence = fields.evidence
    }
}

extension GateRequestFields {
    public static let summaryLimit = 4_000
    public static let evidenceLimit = 8_000

    /// A request checked against the gate it is for, every problem at once. `gate` is the gate
    /// ahead of the project (nil when the next stage has none); a `stageId` sent must name it.
    public static func validate(_ input: GateRequestInput, gate: GateSetting?, nextStageName: String?) throws -> GateRequestFields {
        var errors = FieldErrors()
        if let gate {
            if let text = input.stageID.exactOrNil, UUID(uuidString: text) != gate.stageID {
                errors.add("stageId", "A project asks for the gate into its next stage only: \(gate.title)",
                           kind: UUID(uuidString: text) == nil ? .invalid : .rule)
            }
        } else {
            errors.add("stageId", nextStageName.map { "The move into \($0) has no gate: change the project's stage on its details instead" }
                       ?? "The project is at the last stage of the lifecycle: there is no gate ahead of it", kind: .rule)
        }
        let summary = errors.text(input.summary, "summary", "The case for the gate", limit: summaryLimit, multiline: true,
                                  blank: "Say why the project is ready to pass the gate")
        let evidence = errors.text(input.evidence, "evidence", "Evidence", limit: evidenceLimit, multiline: true) ?? ""
        var met: [Int] = []
        let ticked = input.criteriaMet.exactOrNil.map { $0.split(separator: ",", omittingEmptySubsequences: false) } ?? []
        for text in ticked {
            guard let number = Int(text), let gate, (1...gate.criteria.count).contains(number) else {
                if gate != nil { errors.add("criteriaMet", "Tick only the gate's criteria, numbered from 1", kind: Int(text) == nil ? .invalid : .reference) }
                break
            }
            if !met.contains(number) { met.append(number) }
        }
        try errors.throwIfAny()
        return GateRequestFields(summary: summary!, criteriaMet: met.sorted(), evidence: evidence)
    }
}

/// What a board decided on a review.
public struct GateDecisionFields: Equatable, Sendable {
    public var outcome: GateOutcome
    public var decidedOn: CalendarDate
    public var board: String
    public var rationale: String
    public var conditions: String

    public init(outcome: GateOutcome, decidedOn: CalendarDate, board: String, rationale: String, conditions: String) {
        self.outcome = outcome
        self.decidedOn = decidedOn
        self.board = board
        self.rationale = rationale
        self.conditions = conditions
    }

    public var auditValues: [(String, String?)] {
        [("outcome", outcome.rawValue), ("decidedOn", decidedOn.description), ("board", board), ("rationale", rationale),
         ("conditions", conditions.isEmpty ? nil : conditions)]
    }
}

public struct GateDecisionInput: KeyedInput {
    public var outcome: String?
    public var decidedOn: String?
    public var board: String?
    public var rationale: String?
    public var conditions: String?

    public static var fields: [(key: String, path: WritableKeyPath<GateDecisionInput, String?>)] {
        [("outcome", \.outcome), ("decidedOn", \.decidedOn), ("board", \.board), ("rationale", \.rationale), ("conditions", \.conditions)]
    }

    public init() {}

    public init(showing fields: GateDecisionFields) {
        outcome = fields.outcome.rawValue
        decidedOn = fields.decidedOn.description
        board = fields.board
        rationale = fields.rationale
        conditions = fields.conditions
    }
}

extension GateDecisionFields {
    public static let textLimit = 4_000

    /// A decision checked, every problem at once: on a date from the request's to `today`, with
    /// a rationale, and conditions when (and only when) approved with conditions.
    public static func validate(_ input: GateDecisionInput, requestedOn: CalendarDate, today: CalendarDate) throws -> GateDecisionFields {
        var errors = FieldErrors()
        var outcome: GateOutcome?
        if let text = input.outcome.exactOrNil {
            outcome = GateOutcome(rawValue: text)
            if outcome == nil { errors.add("outcome", "Select approve, approve with conditions, defer or reject") }
        } else {
            errors.add("outcome", "Select the board's decision")
        }
        let decided = errors.date(input.decidedOn, "decidedOn", "Date decided")
        if input.decidedOn.exactOrNil == nil { errors.add("decidedOn", "Enter the date the board decided") }
        if let decided, decided > today { errors.add("decidedOn", "The date decided cannot be in the future", kind: .rule) }
        if let decided, decided < requestedOn {
            errors.add("decidedOn", "The date decided cannot be before the review was asked for (\(requestedOn.longFormat))", kind: .rule)
        }
        let board = errors.text(input.board, "board", "Board", limit: GateSettingFields.boardLimit, blank: "Name the board that decided")
        let rationale = errors.text(input.rationale, "rationale", "Rationale", limit: textLimit, multiline: true,
                                    blank: "Say why the board decided as it did")
        let conditions = errors.text(input.conditions, "conditions", "Conditions", limit: textLimit, multiline: true) ?? ""
        if outcome == .approvedWithConditions, conditions.isEmpty {
            errors.add("conditions", "Write the conditions of the approval", kind: .rule)
        } else if let outcome, outcome != .approvedWithConditions, !conditions.isEmpty {
            errors.add("conditions", "Conditions go with an approval with conditions: clear them, or choose that decision", kind: .rule)
        }
        try errors.throwIfAny()
        return GateDecisionFields(outcome: outcome!, decidedOn: decided!, board: board!, rationale: rationale!, conditions: conditions)
    }
}

/// A review that is no longer waiting cannot be withdrawn or decided again.
public struct GateReviewClosed: Error, Equatable, Sendable {
    public var state: GateReviewState
    public init(_ state: GateReviewState) { self.state = state }
}

/// One request for a gate review, and what became of it.
public struct GateReview: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    /// The project's reviews are numbered from 1 ("GR2").
    public var number: Int
    /// The stage the gate leads into, and the one the project was at when it asked.
    public var stageID: UUID
    public var fromStageID: UUID
    /// The gate's name, board and criteria when it was asked for: kept as they were.
    public var gate: String
    public var board: String
    public var criteria: [String]
    public var request: GateRequestFields
    public var requestedBy: UUID?
    public var requestedAt: Date
    public var state: GateReviewState
    public var decision: GateDecisionFields?
    public var decidedBy: UUID?
    public var decidedAt: Date?
    /// What the board reviews, as it stood when the review was asked for: never changed after.
    public var report: GateReport
    public var version: Int

    public init(id: UUID, projectID: UUID, number: Int, stageID: UUID, fromStageID: UUID, gate: String, board: String, criteria: [String],
                request: GateRequestFields, requestedBy: UUID?, requestedAt: Date, state: GateReviewState, decision: GateDecisionFields?,
                decidedBy: UUID?, decidedAt: Date?, report: GateReport, version: Int) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.stageID = stageID
        self.fromStageID = fromStageID
        self.gate = gate
        self.board = board
        self.criteria = criteria
        self.request = request
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.state = state
        self.decision = decision
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.report = report
        self.version = version
    }

    public var reference: String { "GR\(number)" }

    /// "Gate 1 review (GR2)".
    public var title: String { gate + " review (" + reference + ")" }

    /// The state as a person reads it: the outcome once decided.
    public var statusLabel: String { decision?.outcome.label ?? state.label }
}

/// A waiting review as lists show it, without its report.
public struct GateReviewLine: Codable, Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var gate: String
    public var board: String
    public var stageID: UUID
    public var requestedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, gate: String, board: String, stageID: UUID, requestedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.gate = gate
        self.board = board
        self.stageID = stageID
        self.requestedAt = requestedAt
    }

    public var title: String { gate + " review (GR\(number))" }
}

/// The report a gate review is decided on: the project as it stood when the review was asked
/// for, kept with the review and never rebuilt, so the decision can always be read against what
/// the board saw.
public struct GateReport: Codable, Equatable, Sendable {
    public struct Criterion: Codable, Equatable, Sendable {
        public var text: String
        public var met: Bool
    }

    public struct Line: Codable, Equatable, Sendable {
        public var reference: String
        public var title: String
        public var detail: String
    }

    public struct Reported: Codable, Equatable, Sendable {
        public var period: String
        public var ratings: [Line]
        public var summary: String
    }

    public var projectCode: String
    public var projectTitle: String
    public var fromStage: String
    public var toStage: String
    public var gate: String
    public var board: String
    public var seniorResponsibleOwners: [String]
    public var projectManagers: [String]
    public var projectStatus: String
    public var startDate: String?
    public var endDate: String?
    public var criteria: [Criterion]
    public var summary: String
    public var evidence: String
    /// The last status update reported, if any.
    public var reported: Reported?
    public var milestoneCount: Int
    public var milestonesComplete: Int
    public var comingUp: [Line]
    public var slipped: [Line]
    public var openRiskCount: Int
    public var risks: [Line]
    public var openIssueCount: Int
    public var issues: [Line]
    public var benefits: [Line]
    public var generatedAt: Date

    /// A report that says only what was asked and the project's name, with no figures: what the
    /// generator keeps for the reviews of a synthetic system.
    public static func outline(projectCode: String, projectTitle: String, fromStage: String, gate: GateSetting, criteriaMet: [Int], summary: String,
                               generatedAt: Date) -> GateReport {
        GateReport(projectCode: projectCode, projectTitle: projectTitle, fromStage: fromStage, toStage: gate.stageName, gate: gate.gate,
                   board: gate.board, seniorResponsibleOwners: [], projectManagers: [], projectStatus: ProjectStatus.active.label, startDate: nil,
                   endDate: nil, criteria: gate.criteria.enumerated().map { Criterion(text: $0.element, met: criteriaMet.contains($0.offset + 1)) },
                   summary: summary, evidence: "", reported: nil, milestoneCount: 0, milestonesComplete: 0, comingUp: [], slipped: [],
                   openRiskCount: 0, risks: [], openIssueCount: 0, issues: [], benefits: [], generatedAt: generatedAt)
    }

    /// What the data says as the review is asked for. `bands` grades the risks' scores as the
    /// risk settings do now.
    public static func make(project: Project, fromStage: String, gate: GateSetting, request: GateRequestFields,
                            seniorResponsibleOwners: [String], projectManagers: [String], reported: StatusUpdate?,
                            milestones: [Milestone], risks: [Risk], issues: [Issue], benefits: [Benefit], today: CalendarDate,
                            now: Date) -> GateReport {
        let month = ReportingPeriod(start: CalendarDate(year: today.year, month: today.month, day: 1)!, months: 1)
        let sections = HighlightSections(period: month, milestones: milestones, risks: risks, issues: issues, dependencies: [],
                                         decisions: [])
        return GateReport(
            projectCode: project.code, projectTitle: project.fields.title, fromStage: fromStage, toStage: gate.stageName, gate: gate.gate,
            board: gate.board, seniorResponsibleOwners: seniorResponsibleOwners, projectManagers: projectManagers,
            projectStatus: project.fields.status.label, startDate: project.fields.startDate?.description,
            endDate: project.fields.endDate?.description,
            criteria: gate.criteria.enumerated().map { Criterion(text: $0.element, met: request.criteriaMet.contains($0.offset + 1)) },
            summary: request.summary, evidence: request.evidence,
            reported: reported.map { update in
                Reported(period: update.period.label, ratings: update.fields.ratings(comparedWith: nil).map { row in
                    Line(reference: row.label, title: row.rating.rag?.label ?? "Not rated", detail: row.rating.justification)
                }, summary: update.fields.text(.summary))
            },
            milestoneCount: milestones.count, milestonesComplete: milestones.filter { $0.fields.actualDate != nil }.count,
            comingUp: milestones
                .filter { $0.fields.actualDate == nil && $0.fields.forecastDate >= today }
                .sorted { ($0.fields.forecastDate, $0.number) < ($1.fields.forecastDate, $1.number) }.prefix(HighlightSections.topCount)
                .map { Line(reference: $0.reference, title: $0.fields.title, detail: "Forecast " + $0.fields.forecastDate.longFormat) },
            slipped: sections.slipped.prefix(HighlightSections.topCount).map {
                Line(reference: $0.reference, title: $0.fields.title, detail: "\($0.slippageDays ?? 0) days later than its baseline")
            },
            openRiskCount: risks.filter { $0.fields.status == .open }.count,
            risks: sections.risks.map { Line(reference: $0.reference, title: $0.fields.title, detail: "Current score \($0.fields.current.score) (\($0.currentBand))") },
            openIssueCount: issues.filter { $0.fields.status.isActive }.count,
            issues: sections.issues.map { Line(reference: $0.reference, title: $0.fields.title, detail: $0.fields.priority.label + " priority") },
            benefits: benefits.map { Line(reference: $0.reference, title: $0.fields.title, detail: $0.fields.status.label) },
            generatedAt: now)
    }
}
