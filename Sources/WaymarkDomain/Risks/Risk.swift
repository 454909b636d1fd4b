import Foundation

/// How a project answers a risk (the "4 Ts").
public enum RiskResponse: String, CaseIterable, Codable, Sendable {
    case treat, tolerate, transfer, terminate

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

public enum RiskStatus: String, CaseIterable, Codable, Sendable {
    case open, closed
    /// It happened: the risk closed and an issue was raised from it.
    case materialised

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// Where a risk or issue is managed: its project's own register, or escalated to the lead
/// organisation's register or to the system's (the ICS's) register (NHS-CONVENTIONS 1).
public enum EscalationLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case project, organisation, system

    public var label: String {
        switch self {
        case .project: "Project"
        case .organisation: "Organisation register"
        case .system: "System (ICS) register"
        }
    }

    public static func < (a: EscalationLevel, b: EscalationLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The system's settings for risks: the band table, and the current score from which a risk is
/// flagged as a candidate for escalation (NHS-CONVENTIONS 1: typically 15).
public struct RiskSettings: Hashable, Codable, Sendable {
    public var bands: RiskBandTable
    public var escalationThreshold: Int

    public static let nhsDefault = RiskSettings(bands: .nhsDefault, escalationThreshold: 15)

    public init(bands: RiskBandTable, escalationThreshold: Int) {
        self.bands = bands
        self.escalationThreshold = escalationThreshold
    }

    /// Whether a risk should be considered for escalation: open, still on its project's register,
    /// and scored at or above the threshold now.
    public func isEscalationCandidate(_ risk: RiskFields) -> Bool {
        risk.status == .open && risk.escalation == .project && risk.current.score >= escalationThreshold
    }
}

/// A risk as a person describes it. The three ratings follow NHS practice: inherent (before
/// controls), current (now) and target (once the planned actions are done).
public struct RiskFields: Codable, Equatable, Sendable {
    public var title: String
    /// Cause → event → effect: what could lead to it, what would happen, and what that would do.
    public var cause: String
    public var event: String
    public var effect: String
    public var categoryID: UUID?
    public var ownerID: UUID?
    public var inherent: RiskRating
    public var current: RiskRating
    public var target: RiskRating
    public var response: RiskResponse
    /// When the risk could happen, if it is known: how close it is.
    public var proximity: CalendarDate?
    public var reviewDate: CalendarDate?
    public var status: RiskStatus
    public var escalation: EscalationLevel

    public init(title: String, cause: String = "", event: String = "", effect: String = "", categoryID: UUID? = nil,
                ownerID: UUID? = nil, inherent: RiskRating, current: RiskRating, target: RiskRating,
                response: RiskResponse = .treat, proximity: CalendarDate? = nil, reviewDate: CalendarDate? = nil,
                status: RiskStatus = .open, escalation: EscalationLevel = .project) {
        self.title = title
        self.cause = cause
        self.event = event
        self.effect = effect
        self.categoryID = categoryID
        self.ownerID = ownerID
        self.inherent = inherent
        self.current = current
        self.target = target
        self.response = response
        self.proximity = proximity
        self.reviewDate = reviewDate
        self.status = status
        self.escalation = escalation
    }

    /// Whether its review is due: open, with a review date before `today`.
    public func isReviewOverdue(today: CalendarDate) -> Bool {
        guard status == .open, let reviewDate else { return false }
        return reviewDate < today
    }
}

/// A risk as typed into a form or sent to the API: every value as text, nil for "keep".
public struct RiskInput: Sendable {
    public var title: String?
    public var cause: String?
    public var event: String?
    public var effect: String?
    public var categoryID: String?
    public var ownerID: String?
    public var inherentLikelihood: String?
    public var inherentConsequence: String?
    public var currentLikelihood: String?
    public var currentConsequence: String?
    public var targetLikelihood: String?
    public var targetConsequence: String?
    public var response: String?
    public var proximity: String?
    public var reviewDate: String?
    public var status: String?

    public init() {}

    /// A risk's fields as a form shows them.
    public init(_ fields: RiskFields) {
        title = fields.title
        cause = fields.cause
        event = fields.event
        effect = fields.effect
        categoryID = fields.categoryID?.lowercasedText ?? ""
        ownerID = fields.ownerID?.lowercasedText ?? ""
        (inherentLikelihood, inherentConsequence) = (String(fields.inherent.likelihood.rawValue), String(fields.inherent.consequence.rawValue))
        (currentLikelihood, currentConsequence) = (String(fields.current.likelihood.rawValue), String(fields.current.consequence.rawValue))
        (targetLikelihood, targetConsequence) = (String(fields.target.likelihood.rawValue), String(fields.target.consequence.rawValue))
        response = fields.response.rawValue
        proximity = fields.proximity?.description ?? ""
        reviewDate = fields.reviewDate?.description ?? ""
        status = fields.status.rawValue
    }

    /// This input with every field it does not carry (nil) taken from `fields`: a change keeps
    /// what it does not mention.
    public func overlaid(on fields: RiskFields) -> RiskInput {
        let current = RiskInput(fields)
        var merged = self
        for path: WritableKeyPath<RiskInput, String?> in [
            \.title, \.cause, \.event, \.effect, \.categoryID, \.ownerID, \.inherentLikelihood, \.inherentConsequence,
            \.currentLikelihood, \.currentConsequence, \.targetLikelihood, \.targetConsequence, \.response, \.proximity,
            \.reviewDate, \.status,
        ] where merged[keyPath: path] == nil {
            merged[keyPath: path] = current[keyPath: path]
        }
        return merged
    }
}

/// What a risk's input may name, as the store knows it when it is checked.
public struct RiskReferences: Sendable {
    public var categories: Set<UUID>
    /// People who may own a risk: active accounts.
    public var owners: Set<UUID>

    public init(categories: Set<UUID>, owners: Set<UUID>) {
        self.categories = categories
        self.owners = owners
    }
}

extension RiskFields {
    public static let titleLimit = 200
    public static let textLimit = 4_000

    /// The risk's input checked: every problem at once, in words a project manager can act on.
    /// Escalation is not typed here; it moves by its own recorded action.
    public static func validate(_ input: RiskInput, references: RiskReferences,
                                escalation: EscalationLevel = .project) throws -> RiskFields {
        var errors = FieldErrors()
        let title = errors.text(input.title, "title", "Title", limit: titleLimit, blank: "Enter a short title for the risk")
        let cause = errors.text(input.cause, "cause", "Cause", limit: textLimit, multiline: true) ?? ""
        let event = errors.text(input.event, "event", "Event", limit: textLimit, multiline: true) ?? ""
        let effect = errors.text(input.effect, "effect", "Effect", limit: textLimit, multiline: true) ?? ""

        func reference(_ text: String?, _ field: String, in known: Set<UUID>, _ message: String) -> UUID? {
            guard let text = text.exactOrNil else { return nil }
            guard let id = UUID(uuidString: text), known.contains(id) else {
                errors.add(field, message, kind: UUID(uuidString: text) == nil ? .invalid : .reference)
                return nil
            }
            return id
        }
        let category = reference(input.categoryID, "categoryId", in: references.categories, "Select a category from the list")
        let owner = reference(input.ownerID, "ownerId", in: references.owners, "Select an owner from the people listed")

        func rating(_ likelihood: String?, _ consequence: String?, _ name: String, _ label: String) -> RiskRating? {
            let l = likelihood.trimmedOrNil.flatMap(Int.init).flatMap(Likelihood.init(rawValue:))
            let c = consequence.trimmedOrNil.flatMap(Int.init).flatMap(Consequence.init(rawValue:))
            if l == nil { errors.add("\(name)Likelihood", "Select the \(label) likelihood, from 1 (rare) to 5 (almost certain)") }
            if c == nil { errors.add("\(name)Consequence", "Select the \(label) consequence, from 1 (negligible) to 5 (catastrophic)") }
            guard let l, let c else { return nil }
            return RiskRating(likelihood: l, consequence: c)
        }
        let inherent = rating(input.inherentLikelihood, input.inherentConsequence, "inherent", "inherent")
        let current = rating(input.currentLikelihood, input.currentConsequence, "current", "current")
        let target = rating(input.targetLikelihood, input.targetConsequence, "target", "target")

        var response = RiskResponse.treat
        if let text = input.response.exactOrNil {
            if let parsed = RiskResponse(rawValue: text) { response = parsed }
            else { errors.add("response", "Select a response: treat, tolerate, transfer or terminate") }
        }
        var status = RiskStatus.open
        if let text = input.status.exactOrNil {
            if let parsed = RiskStatus(rawValue: text) { status = parsed }
            else { errors.add("status", "Select a status: open, closed or materialised") }
        }

        let proximity = errors.date(input.proximity, "proximity", "Proximity")
        let review = errors.date(input.reviewDate, "reviewDate", "Review date")
        // NHS practice: an open risk has an owner and a date for its next review.
        if status == .open && owner == nil {
            errors.add("ownerId", "Select who owns the risk: an open risk needs an owner", kind: .rule)
        }
        if status == .open && review == nil {
            errors.add("reviewDate", "Enter when the risk will next be reviewed: an open risk needs a review date", kind: .rule)
        }

        try errors.throwIfAny()
        return RiskFields(title: title!, cause: cause, event: event, effect: effect, categoryID: category, ownerID: owner,
                          inherent: inherent!, current: current!, target: target!, response: response, proximity: proximity,
                          reviewDate: review, status: status, escalation: escalation)
    }
}

/// A risk on a project's register, as stored: its number on the project ("R3"), its fields, and
/// the band each of its three ratings was given when it was stored.
public struct Risk: Codable, Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    /// The risk's number within its project, from 1: shown as "R3".
    public var number: Int
    public var fields: RiskFields
    public var inherentBand: String
    public var currentBand: String
    public var targetBand: String
    public var escalationReason: String
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: RiskFields, inherentBand: String, currentBand: String,
                targetBand: String, escalationReason: String = "", version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.inherentBand = inherentBand
        self.currentBand = currentBand
        self.targetBand = targetBand
        self.escalationReason = escalationReason
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "R\(number)" }
    public var current: GradedRating { GradedRating(rating: fields.current, band: currentBand) }
}

/// One point of a risk's score history: its current rating from a moment on.
public struct RiskScorePoint: Equatable, Sendable {
    public var recordedAt: Date
    public var rating: GradedRating

    public init(recordedAt: Date, rating: GradedRating) {
        self.recordedAt = recordedAt
        self.rating = rating
    }
}

extension RiskFields {
    /// The fields as the audit trail keeps them: by the API's keys, stored values, nil for empty.
    public var auditValues: [(String, String?)] {
        [
            ("title", title), ("cause", cause), ("event", event), ("effect", effect),
            ("categoryId", categoryID?.lowercasedText), ("ownerId", ownerID?.lowercasedText),
            ("inherentLikelihood", String(inherent.likelihood.rawValue)), ("inherentConsequence", String(inherent.consequence.rawValue)),
            ("currentLikelihood", String(current.likelihood.rawValue)), ("currentConsequence", String(current.consequence.rawValue)),
            ("targetLikelihood", String(target.likelihood.rawValue)), ("targetConsequence", String(target.consequence.rawValue)),
            ("response", response.rawValue), ("proximity", proximity?.description), ("reviewDate", reviewDate?.description),
            ("status", status.rawValue),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// Moving a risk to another register (NHS-CONVENTIONS 1: project → organisation → system), or
/// back, with the reason the register's owners will read.
public struct RiskEscalation: Equatable, Sendable {
    public var level: EscalationLevel
    public var reason: String

    public static let reasonLimit = 2_000

    public init(level: EscalationLevel, reason: String) {
        self.level = level
        self.reason = reason
    }

    /// The escalation as typed: a register other than the risk's own, and a reason.
    public static func validate(level text: String?, reason: String?, from current: EscalationLevel,
                                item: String = "risk") throws -> RiskEscalation {
        var errors = FieldErrors()
        let level = text.exactOrNil.flatMap(EscalationLevel.init(rawValue:))
        if level == nil {
            errors.add("level", "Select a register: project, organisation or system")
        } else if level == current {
            errors.add("level", "The \(item) is already on the \(current.label.lowercased()): select another register", kind: .rule)
        }
        let reason = errors.text(reason, "reason", "Reason", limit: reasonLimit, multiline: true,
                                 blank: "Say why the \(item) moves to this register")
        try errors.throwIfAny()
        return RiskEscalation(level: level!, reason: reason!)
    }
}

/// Which escalated risks a register lists: those on the system's register, or on one
/// organisation's (the risks of the projects it leads), filtered and sorted.
public struct RiskRegisterQuery: Equatable, Sendable {
    public enum Scope: Equatable, Sendable {
        case system
        case organisation(UUID)
    }

    public enum Sort: String, CaseIterable, Sendable {
        /// Highest current score first, then the soonest review.
        case score
        case review
        case project
    }

    public var scope: Scope
    /// nil: every status.
    public var status: RiskStatus?
    /// Only risks whose current band has this name.
    public var band: String?
    /// On the system register: only the risks of projects this organisation leads.
    public var organisationID: UUID?
    /// Only risks whose current rating is this cell of the matrix (a heat map's link).
    public var cell: RiskRating?
    public var sort: Sort

    public init(scope: Scope, status: RiskStatus? = .open, band: String? = nil, organisationID: UUID? = nil,
                cell: RiskRating? = nil, sort: Sort = .score) {
        self.scope = scope
        self.cell = cell
        self.status = status
        self.band = band
        self.organisationID = organisationID
        self.sort = sort
    }

    public var level: EscalationLevel {
        switch scope {
        case .system: .system
        case .organisation: .organisation
        }
    }
}

/// A risk on an organisation's or the system's register, with the project it belongs to.
public struct RegisteredRisk: Equatable, Sendable {
    public var risk: Risk
    public var projectCode: String
    public var projectTitle: String
    public var leadOrganisationID: UUID
    /// Where the web layer keeps what it writes of the risk while the register holds it, and of
    /// its project while the portfolio index does.
    public let rendered: Memo<[[UInt8]]>?
    public let renderedProject: Memo<[UInt8]>?
    /// Where the register page keeps its row's HTML for the risk, and the project's cell, likewise.
    public let renderedRow: Memo<[[UInt8]]>?
    public let renderedProjectCell: Memo<[UInt8]>?

    public init(risk: Risk, projectCode: String, projectTitle: String, leadOrganisationID: UUID,
                rendered: Memo<[[UInt8]]>? = nil, renderedProject: Memo<[UInt8]>? = nil, renderedRow: Memo<[[UInt8]]>? = nil,
                renderedProjectCell: Memo<[UInt8]>? = nil) {
        self.risk = risk
        self.projectCode = projectCode
        self.projectTitle = projectTitle
        self.leadOrganisationID = leadOrganisationID
        self.rendered = rendered
        self.renderedProject = renderedProject
        self.renderedRow = renderedRow
        self.renderedProjectCell = renderedProjectCell
    }

    /// The same risk on the same project: what is kept of its writing is not part of what it is.
    public static func == (a: RegisteredRisk, b: RegisteredRisk) -> Bool {
        a.risk == b.risk && a.projectCode == b.projectCode && a.projectTitle == b.projectTitle
            && a.leadOrganisationID == b.leadOrganisationID
    }
}

/// A project's items of one kind (its risks, its issues) by number, as read at one moment, each
/// with a place to keep what is written from it (its API members) for as long as this reading is
/// held: items read again after a change are a new `ProjectItems`, with nothing kept.
public struct ProjectItems<Item: Sendable>: Sendable {
    public let items: [Item]
    /// One per item, in the same order.
    public let rendered: [Memo<[[UInt8]]>]

    public init(_ items: [Item]) {
        self.items = items
        rendered = items.map { _ in Memo() }
    }
}

public typealias ProjectRisks = ProjectItems<Risk>
public typealias ProjectIssues = ProjectItems<Issue>
