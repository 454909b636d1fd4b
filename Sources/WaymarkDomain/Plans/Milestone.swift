import Foundation

public enum MilestoneStatus: String, CaseIterable, Codable, Sendable {
    case notStarted = "not-started"
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case missed
    case complete

    public var label: String {
        switch self {
        case .notStarted: "Not started"
        case .onTrack: "On track"
        case .atRisk: "At risk"
        case .missed: "Missed"
        case .complete: "Complete"
        }
    }
}

/// A milestone as a person plans it. Its baseline date is not typed: baselining the plan copies
/// each milestone's forecast into it (`PlanBaseline`).
public struct MilestoneFields: Codable, Equatable, Sendable {
    public var title: String
    public var ownerID: UUID?
    /// When it is expected now.
    public var forecastDate: CalendarDate
    /// When it was achieved.
    public var actualDate: CalendarDate?
    public var status: MilestoneStatus
    /// The lifecycle stage it belongs to, if any.
    public var stageID: UUID?
    public var notes: String
    /// A key milestone is one reports and the portfolio timeline show.
    public var isKey: Bool

    public init(title: String, ownerID: UUID? = nil, forecastDate: CalendarDate, actualDate: CalendarDate? = nil,
                status: MilestoneStatus = .notStarted, stageID: UUID? = nil, notes: String = "", isKey: Bool = false) {
        self.title = title
        self.ownerID = ownerID
        self.forecastDate = forecastDate
        self.actualDate = actualDate
        self.status = status
        self.stageID = stageID
        self.notes = notes
        self.isKey = isKey
    }

    public var auditValues: [(String, String?)] {
        [
            ("title", title), ("ownerId", ownerID?.lowercasedText), ("forecastDate", forecastDate.description),
            ("actualDate", actualDate?.description), ("status", status.rawValue), ("stageId", stageID?.lowercasedText),
            ("notes", notes), ("key", AuditValue.boolean(isKey)),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// A milestone as typed into a form or sent to the API: every value as text, nil for "keep".
public struct MilestoneInput: Sendable {
    public var title: String?
    public var ownerID: String?
    public var forecastDate: String?
    public var actualDate: String?
    public var status: String?
    public var stageID: String?
    public var notes: String?
    /// "true" or "false".
    public var isKey: String?

    /// Every field, by the key forms and the API name it.
    public static var fields: [(key: String, path: WritableKeyPath<MilestoneInput, String?>)] {
        [
            ("title", \.title), ("ownerId", \.ownerID), ("forecastDate", \.forecastDate), ("actualDate", \.actualDate),
            ("status", \.status), ("stageId", \.stageID), ("notes", \.notes), ("key", \.isKey),
        ]
    }

    public init() {}

    public init(_ fields: MilestoneFields) {
        title = fields.title
        ownerID = fields.ownerID?.lowercasedText ?? ""
        forecastDate = fields.forecastDate.description
        actualDate = fields.actualDate?.description ?? ""
        status = fields.status.rawValue
        stageID = fields.stageID?.lowercasedText ?? ""
        notes = fields.notes
        isKey = AuditValue.boolean(fields.isKey)
    }

    public func overlaid(on fields: MilestoneFields) -> MilestoneInput {
        let current = MilestoneInput(fields)
        var merged = self
        for (_, path) in Self.fields where merged[keyPath: path] == nil {
            merged[keyPath: path] = current[keyPath: path]
        }
        return merged
    }
}

extension MilestoneFields {
    public static let titleLimit = 200
    public static let notesLimit = 4_000

    /// The milestone's input checked, every problem at once. `owners` are the people who may own
    /// it (active accounts), `stages` the lifecycle's stages.
    public static func validate(_ input: MilestoneInput, owners: Set<UUID>, stages: Set<UUID>, today: CalendarDate) throws -> MilestoneFields {
        var errors = FieldErrors()
        let title = errors.text(input.title, "title", "Title", limit: titleLimit, blank: "Enter a short title for the milestone")
        let notes = errors.text(input.notes, "notes", "Notes", limit: notesLimit, multiline: true) ?? ""
        var status = MilestoneStatus.notStarted
        if let text = input.status.exactOrNil {
            if let parsed = MilestoneStatus(rawValue: text) { status = parsed }
            else { errors.add("status", "Select a status: not started, on track, at risk, missed or complete") }
        }
        func reference(_ text: String?, _ field: String, in known: Set<UUID>, _ message: String) -> UUID? {
            guard let text = text.exactOrNil else { return nil }
            guard let id = UUID(uuidString: text), known.contains(id) else {
                errors.add(field, message, kind: UUID(uuidString: text) == nil ? .invalid : .reference)
                return nil
            }
            return id
        }
        let owner = reference(input.ownerID, "ownerId", in: owners, "Select an owner from the people listed")
        let stage = reference(input.stageID, "stageId", in: stages, "Select a stage from the list")
        let forecast = errors.date(input.forecastDate, "forecastDate", "Forecast date")
        if forecast == nil && input.forecastDate.exactOrNil == nil {
            errors.add("forecastDate", "Enter when the milestone is expected", kind: .rule)
        }
        let actual = errors.date(input.actualDate, "actualDate", "Actual date")
        if let actual, actual > today {
            errors.add("actualDate", "The actual date cannot be in the future: it is when the milestone was achieved", kind: .rule)
        }
        if status == .complete && actual == nil && input.actualDate.exactOrNil == nil {
            errors.add("actualDate", "Enter when the milestone was achieved: a complete milestone needs its actual date", kind: .rule)
        }
        if status != .complete && actual != nil {
            errors.add("status", "A milestone with an actual date has been achieved: set its status to complete, or clear the date", kind: .rule)
        }
        var isKey = false
        switch input.isKey.exactOrNil {
        case nil, "false": break
        case "true": isKey = true
        default: errors.add("key", "key must be true or false")
        }
        try errors.throwIfAny()
        return MilestoneFields(title: title!, ownerID: owner, forecastDate: forecast!, actualDate: actual, status: status,
                               stageID: stage, notes: notes, isKey: isKey)
    }
}

/// A milestone on a project's plan: its number ("M3"), its fields, and the date the latest
/// baseline gave it (nil until the plan is baselined with it in).
public struct Milestone: Codable, Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: MilestoneFields
    public var baselineDate: CalendarDate?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: MilestoneFields, baselineDate: CalendarDate? = nil, version: Int,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.baselineDate = baselineDate
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "M\(number)" }

    /// The date it is achieved or expected: the actual date once there is one.
    public var expectedDate: CalendarDate { fields.actualDate ?? fields.forecastDate }

    /// Days later than the baseline (negative: earlier), from the actual date or else the forecast;
    /// nil before the plan is baselined with it. Derived, never typed.
    public var slippageDays: Int? {
        baselineDate.map { Int(expectedDate.daysSinceEpoch - $0.daysSinceEpoch) }
    }

    /// Its forecast has passed without its being achieved.
    public func isOverdue(today: CalendarDate) -> Bool {
        fields.actualDate == nil && fields.status != .complete && fields.forecastDate < today
    }
}

/// "12 days late", "3 days early", "On the baseline", or nil before a baseline.
public func slippageText(_ days: Int?) -> String? {
    guard let days else { return nil }
    switch days {
    case 0: return "On the baseline"
    case 1: return "1 day late"
    case -1: return "1 day early"
    case let late where late > 0: return "\(late) days late"
    default: return "\(-days) days early"
    }
}

/// An explicit, recorded baselining of a project's plan: the reason, who did it and when, and each
/// milestone's date as it was baselined (kept whatever happens to the milestone later).
public struct PlanBaseline: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var milestoneID: UUID
        public var reference: String
        public var title: String
        public var date: CalendarDate

        public init(milestoneID: UUID, reference: String, title: String, date: CalendarDate) {
            self.milestoneID = milestoneID
            self.reference = reference
            self.title = title
            self.date = date
        }
    }

    public var id: UUID
    public var projectID: UUID
    /// 1 for the first baseline of the plan.
    public var number: Int
    public var reason: String
    public var actorName: String
    public var createdAt: Date
    public var entries: [Entry]

    public static let reasonLimit = 2_000

    public init(id: UUID, projectID: UUID, number: Int, reason: String, actorName: String, createdAt: Date, entries: [Entry]) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.reason = reason
        self.actorName = actorName
        self.createdAt = createdAt
        self.entries = entries
    }

    /// The reason as typed: required.
    public static func validate(reason: String?) throws -> String {
        var errors = FieldErrors()
        let reason = errors.text(reason, "reason", "Reason", limit: reasonLimit, multiline: true,
                                 blank: "Say why the plan is baselined now (for example, approved at the project board)")
        try errors.throwIfAny()
        return reason!
    }
}

/// Which key milestones the portfolio timeline lists: those not complete that fall due in the
/// next `days` (from today), those already overdue, and those whose baseline falls in the window
/// but whose forecast has slipped beyond it.
public struct MilestoneWindow: Equatable, Sendable {
    public static let choices = [30, 60, 90]
    public var days: Int

    public init(days: Int = 30) { self.days = days }

    public func includes(_ milestone: Milestone, today: CalendarDate) -> Bool {
        Self.includes(Dates(milestone), end: today.adding(days: days).daysSinceEpoch)
    }

    /// What the window looks at of a milestone, as days since the epoch: kept apart from the
    /// milestone so the timeline's walk over every held one copies nothing.
    struct Dates {
        /// Neither complete nor done (an actual date).
        var open: Bool
        var forecast: Int64
        var baseline: Int64?

        init(_ milestone: Milestone) {
            open = milestone.fields.status != .complete && milestone.fields.actualDate == nil
            forecast = milestone.fields.forecastDate.daysSinceEpoch
            baseline = milestone.baselineDate?.daysSinceEpoch
        }
    }

    /// Whether a milestone open and due by `end`, or slipped past a baseline due by then, is in.
    static func includes(_ dates: Dates, end: Int64) -> Bool {
        guard dates.open else { return false }
        if dates.forecast <= end { return true }
        if let baseline = dates.baseline, baseline <= end, dates.forecast > baseline { return true }
        return false
    }
}

/// A key milestone with its project, as the portfolio timeline lists it.
public struct ScheduledMilestone: Equatable, Sendable {
    public var milestone: Milestone
    public var projectCode: String
    public var projectTitle: String
    public var leadOrganisationID: UUID
    /// Where the web layer keeps what it writes of the milestone while the timeline holds it, and
    /// of its project while the portfolio index does.
    public let rendered: Memo<[[UInt8]]>?
    public let renderedProject: Memo<[UInt8]>?

    public init(milestone: Milestone, projectCode: String, projectTitle: String, leadOrganisationID: UUID,
                rendered: Memo<[[UInt8]]>? = nil, renderedProject: Memo<[UInt8]>? = nil) {
        self.milestone = milestone
        self.projectCode = projectCode
        self.projectTitle = projectTitle
        self.leadOrganisationID = leadOrganisationID
        self.rendered = rendered
        self.renderedProject = renderedProject
    }

    /// The same milestone on the same project: what is kept of its writing is not part of what it is.
    public static func == (a: ScheduledMilestone, b: ScheduledMilestone) -> Bool {
        a.milestone == b.milestone && a.projectCode == b.projectCode && a.projectTitle == b.projectTitle
            && a.leadOrganisationID == b.leadOrganisationID
    }
}

/// Every key milestone not yet complete, held in memory with the `key_milestones` counter it was
/// read at (M017): the portfolio timeline is answered from it for the projects the person may read
/// and the portfolio's filters select (`PortfolioIndex.projects`).
public struct KeyMilestones: Sendable {
    public let generation: Int64
    private let milestones: [Milestone]
    /// Each milestone's project as a slot, and a place to keep what the web layer writes of it.
    private let projects: ProjectSlots
    private let rendered: [Memo<[[UInt8]]>]
    /// Each milestone's dates, as the window looks at them.
    private let dates: [MilestoneWindow.Dates]
    /// Every milestone held, soonest forecast first.
    public var all: [Milestone] { milestones }

    public init(generation: Int64, milestones: [Milestone]) {
        self.generation = generation
        self.milestones = milestones.filter { $0.fields.isKey && $0.fields.status != .complete }
            .sorted { ($0.fields.forecastDate, $0.number) < ($1.fields.forecastDate, $1.number) }
        projects = ProjectSlots(self.milestones.lazy.map(\.projectID))
        rendered = self.milestones.map { _ in Memo() }
        dates = self.milestones.map(MilestoneWindow.Dates.init)
    }

    /// One page of the window's milestones of the selected projects, soonest forecast first, with
    /// how many there are in all. Only the page's milestones are copied out.
    public func timeline(_ window: MilestoneWindow, today: CalendarDate, projects selected: ReadableProjects,
                         page: PageRequest) -> Page<ScheduledMilestone> {
        let admitted = projects.admitted(by: selected)
        let end = today.adding(days: window.days).daysSinceEpoch
        var items: [ScheduledMilestone] = []
        var total = 0
        for slot in milestones.indices {
            guard MilestoneWindow.includes(dates[slot], end: end), let entry = admitted[Int(projects.slots[slot])] else { continue }
            if total >= page.offset && items.count < page.perPage {
                items.append(ScheduledMilestone(milestone: milestones[slot], projectCode: entry.summary.code,
                                                projectTitle: entry.summary.title, leadOrganisationID: entry.summary.leadOrganisationID,
                                                rendered: rendered[slot], renderedProject: entry.renderedAsListedItemsProject))
            }
            total += 1
        }
        return Page(items: items, request: page, total: total)
    }
}

/// A project's plan as read at one moment: its milestones by forecast date (then number) and every
/// baseline, newest first.
public struct PlanRecords: Sendable {
    public let milestones: [Milestone]
    public let baselines: [PlanBaseline]

    public init(milestones: [Milestone], baselines: [PlanBaseline]) {
        self.milestones = milestones
        self.baselines = baselines
    }
}
