import Foundation

/// A delivery status (NHS-CONVENTIONS.md section 2): Blue complete, Green on track, Amber off
/// plan but recoverable within tolerance, Red will not deliver without intervention.
public enum RAG: String, CaseIterable, Codable, Sendable, Comparable {
    case blue, green, amber, red

    public var label: String {
        switch self {
        case .blue: "Blue"
        case .green: "Green"
        case .amber: "Amber"
        case .red: "Red"
        }
    }

    public var meaning: String {
        switch self {
        case .blue: "Complete, delivered and closed"
        case .green: "On track"
        case .amber: "Off plan, recoverable within tolerance"
        case .red: "Will not deliver to time, cost or scope without intervention"
        }
    }

    /// How much attention it asks for: Blue least, Red most.
    public var severity: Int {
        switch self {
        case .blue: 0
        case .green: 1
        case .amber: 2
        case .red: 3
        }
    }

    /// Red and amber must say why.
    public var needsJustification: Bool { self == .amber || self == .red }

    public static func < (lhs: RAG, rhs: RAG) -> Bool { lhs.severity < rhs.severity }
}

/// How a rating moved since the previous period's.
public enum RAGMovement: String, Sendable, Equatable {
    case improved, worsened, unchanged, new

    public static func between(_ previous: RAG?, _ current: RAG?) -> RAGMovement? {
        guard let current else { return nil }
        guard let previous else { return .new }
        return current < previous ? .improved : current > previous ? .worsened : .unchanged
    }

    public var label: String {
        switch self {
        case .improved: "Improved"
        case .worsened: "Worsened"
        case .unchanged: "No change"
        case .new: "First rating"
        }
    }
}

/// What a status update rates besides the overall status.
public enum StatusDimension: String, CaseIterable, Codable, Sendable {
    case schedule, finance, resources, risks, benefits, scope

    public var label: String {
        switch self {
        case .schedule: "Schedule"
        case .finance: "Finance"
        case .resources: "Resources"
        case .risks: "Risks and issues"
        case .benefits: "Benefits"
        case .scope: "Scope and quality"
        }
    }
}

/// The narrative sections of an update, as a highlight report shows them.
public enum StatusNarrative: String, Codable, CaseIterable, Sendable {
    case summary, doneThisPeriod, plannedNextPeriod, decisionsNeeded, escalations

    public var label: String {
        switch self {
        case .summary: "Summary"
        case .doneThisPeriod: "Done this period"
        case .plannedNextPeriod: "Planned next period"
        case .decisionsNeeded: "Decisions and support needed"
        case .escalations: "Escalations"
        }
    }
}

/// One rating: a status and why.
public struct Rating: Codable, Equatable, Sendable {
    public var rag: RAG?
    public var justification: String

    public init(_ rag: RAG?, _ justification: String = "") {
        self.rag = rag
        self.justification = justification
    }
}

/// What a project reports for a period: the overall status, one rating per dimension, and the
/// narrative. A draft may be incomplete; a submitted one is whole.
public struct StatusUpdateFields: Codable, Equatable, Sendable {
    public var overall: Rating
    public var dimensions: [StatusDimension: Rating]
    public var narrative: [StatusNarrative: String]

    public init(overall: Rating = Rating(nil), dimensions: [StatusDimension: Rating] = [:], narrative: [StatusNarrative: String] = [:]) {
        self.overall = overall
        self.dimensions = dimensions
        self.narrative = narrative
    }

    public func rating(_ dimension: StatusDimension) -> Rating { dimensions[dimension] ?? Rating(nil) }
    public func text(_ section: StatusNarrative) -> String { narrative[section] ?? "" }

    /// Each rating, overall first, with its movement since `previous` (none without one).
    public func ratings(comparedWith previous: StatusUpdateFields?) -> [(label: String, rating: Rating, movement: RAGMovement?)] {
        func movement(_ now: RAG?, _ before: RAG?) -> RAGMovement? { previous == nil ? nil : RAGMovement.between(before, now) }
        return [("Overall", overall, movement(overall.rag, previous?.overall.rag))] + StatusDimension.allCases.map { dimension in
            (dimension.label, rating(dimension), movement(rating(dimension).rag, previous?.rating(dimension).rag))
        }
    }

    /// The worst dimension's status: what the overall rating would be if nothing else were known.
    public var worstDimension: RAG? { StatusDimension.allCases.compactMap { rating($0).rag }.max() }

    public var auditValues: [(String, String?)] {
        var values: [(String, String?)] = [("overall", overall.rag?.rawValue), ("overallJustification", overall.justification)]
        for dimension in StatusDimension.allCases {
            values.append((dimension.rawValue, rating(dimension).rag?.rawValue))
            values.append((dimension.rawValue + "Justification", rating(dimension).justification))
        }
        for section in StatusNarrative.allCases { values.append((section.rawValue, text(section))) }
        return values.map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// An update as typed into a form or sent to the API.
public struct StatusUpdateInput: KeyedInput {
    public var values: [String: String] = [:]

    /// Every key: each rating and its justification, then each narrative section.
    public static let keys: [String] = ["overall", "overallJustification"]
        + StatusDimension.allCases.flatMap { [$0.rawValue, $0.rawValue + "Justification"] }
        + StatusNarrative.allCases.map(\.rawValue)

    public static var fields: [(key: String, path: WritableKeyPath<StatusUpdateInput, String?>)] {
        keys.map { key in (key, \StatusUpdateInput.values[key]) }
    }

    public init() {}

    public init(showing fields: StatusUpdateFields) {
        for (key, value) in fields.auditValues { values[key] = value ?? "" }
    }
}

extension StatusUpdateFields {
    public static let justificationLimit = 1_000
    public static let narrativeLimit = 4_000

    /// An update's input checked, every problem at once. A draft needs only what it holds to be
    /// well formed; `submitting` also needs every rating, a reason for each red or amber, and a
    /// summary. Blue (complete) is for the overall status only.
    public static func validate(_ input: StatusUpdateInput, submitting: Bool) throws -> StatusUpdateFields {
        var errors = FieldErrors()
        func rating(_ key: String, _ label: String, allowBlue: Bool) -> Rating {
            var rag: RAG?
            if let text = input.values[key].exactOrNil {
                if let value = RAG(rawValue: text), allowBlue || value != .blue { rag = value }
                else { errors.add(key, allowBlue ? "Select blue, green, amber or red for \(label.lowercased())" : "Select green, amber or red for \(label.lowercased())") }
            } else if submitting {
                errors.add(key, "Select a status for \(label.lowercased())", kind: .rule)
            }
            let why = errors.text(input.values[key + "Justification"], key + "Justification", "Why \(label.lowercased()) is \(rag?.label.lowercased() ?? "rated so")",
                                  limit: justificationLimit, multiline: true) ?? ""
            if submitting, let rag, rag.needsJustification, why.isEmpty {
                errors.add(key + "Justification", "Say why \(label.lowercased()) is \(rag.label.lowercased()): what is off plan and what is being done", kind: .rule)
            }
            return Rating(rag, why)
        }
        let overall = rating("overall", "The overall status", allowBlue: true)
        var dimensions: [StatusDimension: Rating] = [:]
        for dimension in StatusDimension.allCases { dimensions[dimension] = rating(dimension.rawValue, dimension.label, allowBlue: false) }
        var narrative: [StatusNarrative: String] = [:]
        for section in StatusNarrative.allCases {
            narrative[section] = errors.text(input.values[section.rawValue], section.rawValue, section.label, limit: narrativeLimit, multiline: true,
                                             blank: submitting && section == .summary ? "Write a summary of the project's status" : nil) ?? ""
        }
        try errors.throwIfAny()
        return StatusUpdateFields(overall: overall, dimensions: dimensions, narrative: narrative)
    }
}

/// Where an update stands: a draft the team is writing, or submitted (locked; a correction is
/// a new revision).
public enum StatusUpdateState: String, CaseIterable, Codable, Sendable {
    case draft, submitted

    public var label: String { self == .draft ? "Draft" : "Submitted" }
}

/// A submitted update is kept as it was: a change is a correction, the next revision.
public struct StatusUpdateLocked: Error, Equatable, Sendable {
    public init() {}
}

/// One revision of a project's update for one period.
public struct StatusUpdate: Codable, Equatable, Sendable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    public var period: ReportingPeriod
    public var revision: Int
    public var state: StatusUpdateState
    public var fields: StatusUpdateFields
    public var submittedAt: Date?
    public var submittedBy: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, period: ReportingPeriod, revision: Int, state: StatusUpdateState, fields: StatusUpdateFields,
                submittedAt: Date?, submittedBy: UUID?, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.period = period
        self.revision = revision
        self.state = state
        self.fields = fields
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// "September 2026 update", "September 2026 update, revision 2".
    public var title: String { period.label + " update" + (revision > 1 ? ", revision \(revision)" : "") }
}

/// What the data already says about a period, to write into a new update so nobody retypes it.
public struct StatusFacts: Sendable {
    public var completed: [(reference: String, title: String, on: CalendarDate)]
    public var comingUp: [(reference: String, title: String, due: CalendarDate)]
    public var slipped: [(reference: String, title: String, days: Int)]
    public var escalated: [(reference: String, title: String)]

    public init(completed: [(reference: String, title: String, on: CalendarDate)] = [],
                comingUp: [(reference: String, title: String, due: CalendarDate)] = [],
                slipped: [(reference: String, title: String, days: Int)] = [],
                escalated: [(reference: String, title: String)] = []) {
        self.completed = completed
        self.comingUp = comingUp
        self.slipped = slipped
        self.escalated = escalated
    }
}

public enum StatusPrefill {
    /// A new update's first draft: the last submitted update's ratings and summary (nothing is
    /// retyped that has not changed), what it planned as a starting point for what was done,
    /// and the milestones completed, coming up and slipped and the escalated risks and issues
    /// from the data.
    public static func draft(previous: StatusUpdateFields?, facts: StatusFacts) -> StatusUpdateFields {
        var fields = StatusUpdateFields()
        if let previous {
            fields.overall = previous.overall
            fields.dimensions = previous.dimensions
            fields.narrative[.summary] = previous.text(.summary)
            fields.narrative[.decisionsNeeded] = previous.text(.decisionsNeeded)
        }
        var done: [String] = []
        if let planned = previous?.text(.plannedNextPeriod), !planned.isEmpty { done.append("Planned last period:\n" + planned) }
        if !facts.completed.isEmpty {
            done.append("Milestones completed:\n" + facts.completed.map { "- \($0.reference) \($0.title) (\($0.on.longFormat))" }.joined(separator: "\n"))
        }
        fields.narrative[.doneThisPeriod] = done.joined(separator: "\n\n")
        if !facts.comingUp.isEmpty {
            fields.narrative[.plannedNextPeriod] = "Milestones due:\n"
                + facts.comingUp.map { "- \($0.reference) \($0.title) (\($0.due.longFormat))" }.joined(separator: "\n")
        }
        var escalations: [String] = []
        if !facts.escalated.isEmpty {
            escalations.append("Escalated risks and issues:\n" + facts.escalated.map { "- \($0.reference) \($0.title)" }.joined(separator: "\n"))
        }
        if !facts.slipped.isEmpty {
            escalations.append("Milestones slipped:\n" + facts.slipped.map { "- \($0.reference) \($0.title), \($0.days) days late" }.joined(separator: "\n"))
        }
        fields.narrative[.escalations] = escalations.joined(separator: "\n\n")
        return fields
    }
}

/// How many projects reported each status, for a portfolio's roll-up.
public struct RAGCounts: Equatable, Sendable {
    public private(set) var counts: [RAG: Int] = [:]
    public private(set) var notReported = 0

    public init() {}

    public mutating func add(_ rag: RAG?) {
        if let rag { counts[rag, default: 0] += 1 } else { notReported += 1 }
    }

    public subscript(rag: RAG) -> Int { counts[rag] ?? 0 }
    public var total: Int { counts.values.reduce(0, +) + notReported }

    /// The share (0 to 1) rated red or amber among those that reported.
    public var exceptionShare: Double {
        let reported = counts.values.reduce(0, +)
        return reported == 0 ? 0 : Double(self[.red] + self[.amber]) / Double(reported)
    }
}
