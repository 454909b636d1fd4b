import Foundation

// The QI lens on a project (NHS-CONVENTIONS.md section 6's QI methods; the IHI Model for
// Improvement): an aim statement, a driver diagram from the aim through primary and secondary
// drivers to change ideas, and PDSA cycles that test the change ideas, shown on the charts of the
// measures they are judged by. A QI project keeps its project record too: one project, two lenses.

/// What the project is trying to accomplish, by how much, by when.
public struct AimFields: Equatable, Sendable {
    public var statement: String
    /// By how much: "from 62% to 85% of patients".
    public var byHowMuch: String
    public var byWhen: CalendarDate?

    public init(statement: String = "", byHowMuch: String = "", byWhen: CalendarDate? = nil) {
        self.statement = statement
        self.byHowMuch = byHowMuch
        self.byWhen = byWhen
    }

    public var isEmpty: Bool { statement.isEmpty && byHowMuch.isEmpty && byWhen == nil }

    /// "Reduce falls ... from 6.5 to 5 per 1,000 bed days by 31 March 2027."
    public var sentence: String {
        [statement, byHowMuch, byWhen.map { "by " + $0.longFormat } ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
    }

    public var auditValues: [(String, String?)] {
        [("statement", statement), ("byHowMuch", byHowMuch), ("byWhen", byWhen?.description)].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }

    public static let statementLimit = 500
    public static let byHowMuchLimit = 200

    public static func validate(_ input: AimInput) throws -> AimFields {
        var errors = FieldErrors()
        let statement = errors.text(input.statement, "statement", "Aim", limit: statementLimit, multiline: true,
                                    blank: "Enter the aim: what the project will improve, and for whom")
        let byHowMuch = errors.text(input.byHowMuch, "byHowMuch", "By how much", limit: byHowMuchLimit) ?? ""
        let byWhen = errors.date(input.byWhen, "byWhen", "By when")
        if byHowMuch.isEmpty { errors.add("byHowMuch", "Say by how much: a measurable change, like from 62% to 85%", kind: .rule) }
        if byWhen == nil && input.byWhen.exactOrNil == nil { errors.add("byWhen", "Enter the date the aim is to be met by", kind: .rule) }
        try errors.throwIfAny()
        return AimFields(statement: statement!, byHowMuch: byHowMuch, byWhen: byWhen)
    }
}

public struct AimInput: KeyedInput {
    public var statement: String?
    public var byHowMuch: String?
    public var byWhen: String?

    public static var fields: [(key: String, path: WritableKeyPath<AimInput, String?>)] {
        [("statement", \.statement), ("byHowMuch", \.byHowMuch), ("byWhen", \.byWhen)]
    }

    public init() {}

    public init(showing fields: AimFields) {
        statement = fields.statement
        byHowMuch = fields.byHowMuch
        byWhen = fields.byWhen?.description ?? ""
    }
}

/// A project's aim as kept: version 0 until it is first written.
public struct Aim: Equatable, Sendable {
    public var projectID: UUID
    public var fields: AimFields
    public var version: Int

    public init(projectID: UUID, fields: AimFields = AimFields(), version: Int = 0) {
        self.projectID = projectID
        self.fields = fields
        self.version = version
    }
}

/// The columns of a driver diagram, from the aim outwards.
public enum DriverKind: String, CaseIterable, Codable, Sendable {
    case primary
    case secondary
    case changeIdea = "change-idea"

    public var label: String {
        switch self {
        case .primary: "Primary driver"
        case .secondary: "Secondary driver"
        case .changeIdea: "Change idea"
        }
    }

    /// The kind a node of this kind hangs from (nil: the aim).
    public var parentKind: DriverKind? {
        switch self {
        case .primary: nil
        case .secondary: .primary
        case .changeIdea: .secondary
        }
    }

    var prefix: String {
        switch self {
        case .primary: "P"
        case .secondary: "S"
        case .changeIdea: "C"
        }
    }
}

public struct DriverFields: Equatable, Sendable {
    public var kind: DriverKind
    public var text: String
    /// The node it hangs from: none for a primary driver, a primary driver for a secondary, a
    /// secondary driver for a change idea.
    public var parentID: UUID?
    /// Its place among its siblings (1 first).
    public var position: Int

    public init(kind: DriverKind, text: String, parentID: UUID? = nil, position: Int = 1) {
        self.kind = kind
        self.text = text
        self.parentID = parentID
        self.position = position
    }

    public var auditValues: [(String, String?)] {
        [("kind", kind.rawValue), ("text", text), ("parentId", parentID?.lowercasedText), ("position", String(position))]
    }

    public static let textLimit = 300
    public static let nodeLimit = 200

    /// The node's input checked against the project's diagram (`nodes`, without this node when it
    /// is changed; `descendants` are this node's own, which it cannot hang from; `isNew` when it
    /// would add to the diagram).
    public static func validate(_ input: DriverInput, nodes: [Driver], descendants: Set<UUID> = [], isNew: Bool) throws -> DriverFields {
        var errors = FieldErrors()
        let text = errors.text(input.text, "text", "Text", limit: textLimit, blank: "Enter the driver or change idea")
        var kind = DriverKind.primary
        if input.kind.exactOrNil == nil {
            errors.add("kind", "Select what it is: a primary driver, a secondary driver or a change idea")
        } else {
            kind = errors.choice(input.kind, "kind", DriverKind.primary, "Select what it is: a primary driver, a secondary driver or a change idea")
        }
        var parent: UUID?
        if let text = input.parentID.exactOrNil {
            if let id = UUID(uuidString: text), let node = nodes.first(where: { $0.id == id }), !descendants.contains(id) {
                parent = id
                if kind.parentKind != node.fields.kind {
                    errors.add("parentId", kind == .primary ? "A primary driver hangs from the aim: choose no parent"
                               : "A \(kind.label.lowercased()) hangs from a \(kind.parentKind!.label.lowercased())", kind: .rule)
                }
            } else {
                errors.add("parentId", "Select where it hangs from in this project's diagram", kind: UUID(uuidString: text) == nil ? .invalid : .reference)
            }
        } else if let parentKind = kind.parentKind, errors.errors.allSatisfy({ $0.field != "kind" }) {
            errors.add("parentId", "Select the \(parentKind.label.lowercased()) it hangs from", kind: .rule)
        }
        var position = (nodes.filter { $0.fields.parentID == parent && $0.fields.kind == kind }.map(\.fields.position).max() ?? 0) + 1
        if let text = input.position.trimmedOrNil {
            if let number = Int(text), (1...nodeLimit).contains(number) { position = number } else {
                errors.add("position", "The position must be a whole number from 1 to \(nodeLimit)")
            }
        }
        if isNew && nodes.count >= nodeLimit { errors.add("text", "A driver diagram holds at most \(nodeLimit) drivers and change ideas", kind: .rule) }
        try errors.throwIfAny()
        return DriverFields(kind: kind, text: text!, parentID: parent, position: position)
    }
}

public struct DriverInput: KeyedInput {
    public var kind: String?
    public var text: String?
    public var parentID: String?
    public var position: String?

    public static var fields: [(key: String, path: WritableKeyPath<DriverInput, String?>)] {
        [("kind", \.kind), ("text", \.text), ("parentId", \.parentID), ("position", \.position)]
    }

    public init() {}

    public init(showing fields: DriverFields) {
        kind = fields.kind.rawValue
        text = fields.text
        parentID = fields.parentID?.lowercasedText ?? ""
        position = String(fields.position)
    }
}

/// A node of a project's driver diagram ("P1", "S3", "C7": its kind and number on the project).
public struct Driver: Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: DriverFields
    public var version: Int

    public init(id: UUID, projectID: UUID, number: Int, fields: DriverFields, version: Int = 1) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.version = version
    }

    public var reference: String { fields.kind.prefix + String(number) }
}

/// A driver diagram as a tree: the nodes under each parent (nil: the aim), by position.
public struct DriverTree: Sendable {
    public let nodes: [Driver]
    private let children: [UUID?: [Driver]]

    public init(_ nodes: [Driver]) {
        self.nodes = nodes
        children = Dictionary(grouping: nodes, by: \.fields.parentID).mapValues {
            $0.sorted { ($0.fields.position, $0.number) < ($1.fields.position, $1.number) }
        }
    }

    public func children(of id: UUID?) -> [Driver] { children[id] ?? [] }

    /// Every node under `id`, at any depth.
    public func descendants(of id: UUID) -> Set<UUID> {
        var found: Set<UUID> = [], queue = [id]
        while let next = queue.popLast() {
            for child in children(of: next) where found.insert(child.id).inserted { queue.append(child.id) }
        }
        return found
    }

    /// The nodes in reading order: each followed by those under it.
    public var ordered: [(node: Driver, depth: Int)] {
        var list: [(Driver, Int)] = []
        func visit(_ parent: UUID?, _ depth: Int) {
            for node in children(of: parent) {
                list.append((node, depth))
                visit(node.id, depth + 1)
            }
        }
        visit(nil, 0)
        return list
    }

    public var changeIdeas: [Driver] { nodes.filter { $0.fields.kind == .changeIdea }.sorted { $0.number < $1.number } }
}

/// Where a PDSA cycle is.
public enum PDSAStatus: String, CaseIterable, Codable, Sendable {
    case planned
    case running
    case complete
    case abandoned

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// What the Act step decided about the change idea.
public enum PDSADecision: String, CaseIterable, Codable, Sendable {
    case adopt, adapt, abandon

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// A Plan-Do-Study-Act cycle testing a change idea, judged by some of the project's measures.
public struct PDSAFields: Equatable, Sendable {
    public var title: String
    public var changeIdeaID: UUID?
    public var status: PDSAStatus
    public var startDate: CalendarDate
    public var endDate: CalendarDate?
    /// Plan: the question, the prediction, who does what, when, where.
    public var plan: String
    /// Do: what happened, problems and observations.
    public var doing: String
    /// Study: the data against the prediction.
    public var study: String
    /// Act: what to change next.
    public var act: String
    public var decision: PDSADecision?
    public var measureIDs: [UUID]

    public init(title: String, changeIdeaID: UUID? = nil, status: PDSAStatus = .planned, startDate: CalendarDate, endDate: CalendarDate? = nil,
                plan: String = "", doing: String = "", study: String = "", act: String = "", decision: PDSADecision? = nil,
                measureIDs: [UUID] = []) {
        self.title = title
        self.changeIdeaID = changeIdeaID
        self.status = status
        self.startDate = startDate
        self.endDate = endDate
        self.plan = plan
        self.doing = doing
        self.study = study
        self.act = act
        self.decision = decision
        self.measureIDs = measureIDs
    }

    public var auditValues: [(String, String?)] {
        [
            ("title", title), ("changeIdeaId", changeIdeaID?.lowercasedText), ("status", status.rawValue), ("startDate", startDate.description),
            ("endDate", endDate?.description), ("plan", plan), ("do", doing), ("study", study), ("act", act), ("decision", decision?.rawValue),
            ("measureIds", AuditValue.list(measureIDs.map(\.lowercasedText))),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }

    public static let titleLimit = 200
    public static let textLimit = 4_000
    public static let measureLimit = 20

    /// The cycle's input checked: `changeIdeas` are the project's change ideas, `measures` its measures.
    public static func validate(_ input: PDSAInput, changeIdeas: Set<UUID>, measures: Set<UUID>) throws -> PDSAFields {
        var errors = FieldErrors()
        let title = errors.text(input.title, "title", "Title", limit: titleLimit, blank: "Enter what the cycle tests")
        let status = errors.choice(input.status, "status", PDSAStatus.planned, "Select the status: planned, running, complete or abandoned")
        let start = errors.date(input.startDate, "startDate", "The start date")
        if start == nil && input.startDate.exactOrNil == nil { errors.add("startDate", "Enter the date the cycle starts", kind: .rule) }
        let end = errors.date(input.endDate, "endDate", "The end date")
        if let start, let end, end < start { errors.add("endDate", "The end date must be on or after the start date", kind: .rule) }
        var texts: [String] = []
        for (key, label) in [("plan", "Plan"), ("do", "Do"), ("study", "Study"), ("act", "Act")] {
            let value = [("plan", input.plan), ("do", input.doing), ("study", input.study), ("act", input.act)].first { $0.0 == key }!.1
            texts.append(errors.text(value, key, label, limit: textLimit, multiline: true) ?? "")
        }
        var decision: PDSADecision?
        if let text = input.decision.exactOrNil {
            decision = PDSADecision(rawValue: text)
            if decision == nil { errors.add("decision", "Select the decision: adopt, adapt or abandon") }
        }
        if decision != nil && status != .complete {
            errors.add("decision", "Record the decision when the cycle is complete: set the status to complete, or clear the decision", kind: .rule)
        }
        var changeIdea: UUID?
        if let text = input.changeIdeaID.exactOrNil {
            if let id = UUID(uuidString: text), changeIdeas.contains(id) { changeIdea = id } else {
                errors.add("changeIdeaId", "Select one of this project's change ideas", kind: UUID(uuidString: text) == nil ? .invalid : .reference)
            }
        }
        let measureIDs = errors.ids(input.measureIDs, "measureIds", allowed: measures, limit: measureLimit, noun: "measures",
                                    message: "Select only this project's measures")
        try errors.throwIfAny()
        return PDSAFields(title: title!, changeIdeaID: changeIdea, status: status, startDate: start!, endDate: end, plan: texts[0],
                          doing: texts[1], study: texts[2], act: texts[3], decision: decision, measureIDs: measureIDs)
    }
}

public struct PDSAInput: KeyedInput {
    public var title: String?
    public var changeIdeaID: String?
    public var status: String?
    public var startDate: String?
    public var endDate: String?
    public var plan: String?
    public var doing: String?
    public var study: String?
    public var act: String?
    public var decision: String?
    public var measureIDs: String?

    public static var fields: [(key: String, path: WritableKeyPath<PDSAInput, String?>)] {
        [
            ("title", \.title), ("changeIdeaId", \.changeIdeaID), ("status", \.status), ("startDate", \.startDate), ("endDate", \.endDate),
            ("plan", \.plan), ("do", \.doing), ("study", \.study), ("act", \.act), ("decision", \.decision), ("measureIds", \.measureIDs),
        ]
    }

    public static var listKeys: Set<String> { ["measureIds"] }

    public init() {}

    public init(showing fields: PDSAFields) {
        title = fields.title
        changeIdeaID = fields.changeIdeaID?.lowercasedText ?? ""
        status = fields.status.rawValue
        startDate = fields.startDate.description
        endDate = fields.endDate?.description ?? ""
        plan = fields.plan
        doing = fields.doing
        study = fields.study
        act = fields.act
        decision = fields.decision?.rawValue ?? ""
        measureIDs = fields.measureIDs.map(\.lowercasedText).joined(separator: ",")
    }
}

/// A PDSA cycle of a project ("PDSA2" there).
public struct PDSACycle: Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: PDSAFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: PDSAFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "PDSA\(number)" }
}

/// What an annotation on a measure's chart marks.
public enum AnnotationKind: String, CaseIterable, Codable, Sendable {
    case changeIdea = "change-idea"
    case pdsa
    case event

    public var label: String {
        switch self {
        case .changeIdea: "Change idea"
        case .pdsa: "PDSA cycle"
        case .event: "Event"
        }
    }
}

/// A note placed on a date of a measure's chart: a change made, a PDSA cycle, an event.
public struct AnnotationFields: Equatable, Sendable {
    public var date: CalendarDate
    public var kind: AnnotationKind
    public var label: String
    public var note: String

    public init(date: CalendarDate, kind: AnnotationKind = .event, label: String, note: String = "") {
        self.date = date
        self.kind = kind
        self.label = label
        self.note = note
    }

    public var auditValues: [(String, String?)] {
        [("date", date.description), ("kind", kind.rawValue), ("label", label), ("note", note.isEmpty ? nil : note)]
    }

    public static let labelLimit = 80
    public static let noteLimit = 500

    public static func validate(_ input: AnnotationInput) throws -> AnnotationFields {
        var errors = FieldErrors()
        let date = errors.date(input.date, "date", "The date")
        if date == nil && input.date.exactOrNil == nil { errors.add("date", "Enter the date it happened, like 2026-03-31", kind: .rule) }
        let kind = errors.choice(input.kind, "kind", AnnotationKind.event, "Select what it marks: a change idea, a PDSA cycle or an event")
        let label = errors.text(input.label, "label", "Label", limit: labelLimit, blank: "Enter a short label for the chart")
        let note = errors.text(input.note, "note", "Note", limit: noteLimit, multiline: true) ?? ""
        try errors.throwIfAny()
        return AnnotationFields(date: date!, kind: kind, label: label!, note: note)
    }
}

public struct AnnotationInput: KeyedInput {
    public var date: String?
    public var kind: String?
    public var label: String?
    public var note: String?

    public static var fields: [(key: String, path: WritableKeyPath<AnnotationInput, String?>)] {
        [("date", \.date), ("kind", \.kind), ("label", \.label), ("note", \.note)]
    }

    public init() {}

    public init(showing fields: AnnotationFields) {
        date = fields.date.description
        kind = fields.kind.rawValue
        label = fields.label
        note = fields.note
    }
}

public struct Annotation: Equatable, Sendable {
    public var id: UUID
    public var measureID: UUID
    public var fields: AnnotationFields
    public var version: Int

    public init(id: UUID, measureID: UUID, fields: AnnotationFields, version: Int = 1) {
        self.id = id
        self.measureID = measureID
        self.fields = fields
        self.version = version
    }
}

/// What a measure's chart marks on a date: its own annotations and the PDSA cycles judged by it
/// (at their start), oldest first, numbered for the chart and the table beside it.
public struct ChartMark: Equatable, Sendable {
    /// What it marks: an annotation of the measure, or a PDSA cycle judged by it.
    public enum Source: Equatable, Sendable {
        case annotation(UUID)
        case pdsa(UUID)
    }

    public var date: CalendarDate
    public var kind: AnnotationKind
    public var label: String
    public var note: String
    public var source: Source

    public init(date: CalendarDate, kind: AnnotationKind, label: String, note: String, source: Source) {
        self.date = date
        self.kind = kind
        self.label = label
        self.note = note
        self.source = source
    }

    public static func marks(annotations: [Annotation], cycles: [PDSACycle]) -> [ChartMark] {
        (annotations.map { ChartMark(date: $0.fields.date, kind: $0.fields.kind, label: $0.fields.label, note: $0.fields.note,
                                     source: .annotation($0.id)) }
         + cycles.map { ChartMark(date: $0.fields.startDate, kind: .pdsa, label: "\($0.reference) \($0.fields.title)",
                                  note: "\($0.fields.status.label)" + ($0.fields.decision.map { ": " + $0.label.lowercased() } ?? ""),
                                  source: .pdsa($0.id)) })
            .sorted { ($0.date, $0.label) < ($1.date, $1.label) }
    }
}
