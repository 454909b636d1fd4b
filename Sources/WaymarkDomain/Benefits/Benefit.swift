import Foundation

/// What kind of improvement a benefit is (NHS-CONVENTIONS.md section 4): how it is valued
/// (cash-releasing, non-cash-releasing, quantitative, qualitative) or what it improves.
public enum BenefitCategory: String, CaseIterable, Codable, Sendable {
    case cashReleasing = "cash-releasing"
    case nonCashReleasing = "non-cash-releasing"
    case quantitative
    case qualitative
    case quality
    case safety
    case patientExperience = "patient-experience"
    case staff
    case sustainability

    public var label: String {
        switch self {
        case .cashReleasing: "Cash-releasing"
        case .nonCashReleasing: "Non-cash-releasing"
        case .patientExperience: "Patient experience"
        default: rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }
}

/// Where a benefit stands in its realisation.
public enum BenefitStatus: String, CaseIterable, Codable, Sendable {
    case planned
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case realised
    case notRealised = "not-realised"

    public var label: String {
        switch self {
        case .planned: "Planned"
        case .onTrack: "On track"
        case .atRisk: "At risk"
        case .realised: "Realised"
        case .notRealised: "Not realised"
        }
    }
}

/// An NHS financial year, April to March, named by the year it starts in ("2026/27").
public struct FinancialYear: Codable, Hashable, Comparable, Sendable {
    public var startYear: Int

    public init(startYear: Int) { self.startYear = startYear }

    /// The financial year a date falls in.
    public init(containing date: CalendarDate) { startYear = date.month >= 4 ? date.year : date.year - 1 }

    /// "2026/27" or "2026-27" (the second year must follow the first).
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "/" || $0 == "-" })
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let start = Int(parts[0]), let end = Int(parts[1]),
              (2000...2099).contains(start), end == (start + 1) % 100 else { return nil }
        startYear = start
    }

    public var label: String { "\(startYear)/\(CalendarDate.pad((startYear + 1) % 100, 2))" }

    public static func < (lhs: FinancialYear, rhs: FinancialYear) -> Bool { lhs.startYear < rhs.startYear }
}

/// A value on a date: a point of a benefit's planned trajectory or of its actuals.
public struct DatedValue: Codable, Equatable, Sendable {
    public var date: CalendarDate
    public var value: Double

    public init(date: CalendarDate, value: Double) {
        self.date = date
        self.value = value
    }

    /// "2026-04-01 95", as a form's line and the audit trail write it.
    public var text: String { "\(date) \(MeasureNumber.text(value))" }

    /// Lines of "date value" (a space, tab or comma between), dates ascending and unique; the
    /// first bad line is reported on `field`.
    static func lines(_ text: String?, _ field: String, _ label: String, limit: Int, errors: inout FieldErrors) -> [DatedValue] {
        guard let text else { return [] }
        errors.refuseControlCharacters(text, field, label, multiline: true)
        var values: [DatedValue] = []
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (number, line) in lines.enumerated() {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
            guard parts.count == 2, let date = CalendarDate(parts[0]), let value = MeasureNumber.parse(parts[1]) else {
                errors.add(field, "\(label) line \(number + 1) must be a date and a number, like 2026-04-01 95")
                return []
            }
            if let last = values.last, last.date >= date {
                errors.add(field, "\(label) line \(number + 1): list the dates oldest first, one line per date", kind: .rule)
                return []
            }
            values.append(DatedValue(date: date, value: value))
        }
        if values.count > limit { errors.add(field, "\(label): give at most \(limit) lines") }
        return values
    }
}

/// A cash-releasing benefit's money in one financial year: planned, and realised once known.
public struct BenefitCash: Codable, Equatable, Sendable {
    public var year: FinancialYear
    public var planned: Double
    public var realised: Double?

    public init(year: FinancialYear, planned: Double, realised: Double? = nil) {
        self.year = year
        self.planned = planned
        self.realised = realised
    }

    /// "2026/27 120000 80000", or "2026/27 120000 -" before anything is realised.
    public var text: String { "\(year.label) \(MeasureNumber.text(planned)) \(realised.map(MeasureNumber.text) ?? "-")" }
}

/// A benefit as a person describes it in its profile.
public struct BenefitFields: Codable, Equatable, Sendable {
    public var title: String
    public var description: String
    public var category: BenefitCategory
    /// An expected negative outcome of the change (not a risk: it is expected).
    public var isDisbenefit: Bool
    public var ownerID: UUID?
    public var unit: String
    public var baseline: DatedValue?
    public var target: DatedValue?
    /// The planned values over time, oldest first.
    public var trajectory: [DatedValue]
    /// Actual values entered by hand, oldest first (when no linked measure carries them).
    public var actuals: [DatedValue]
    /// The project's measures that evidence it, in the order chosen.
    public var measureIDs: [UUID]
    /// The linked measure whose observations are its actuals, if one is.
    public var actualsMeasureID: UUID?
    public var status: BenefitStatus
    /// For a cash-releasing benefit: planned and realised value by financial year.
    public var cash: [BenefitCash]

    public init(title: String, description: String = "", category: BenefitCategory = .quality, isDisbenefit: Bool = false,
                ownerID: UUID? = nil, unit: String = "", baseline: DatedValue? = nil, target: DatedValue? = nil,
                trajectory: [DatedValue] = [], actuals: [DatedValue] = [], measureIDs: [UUID] = [], actualsMeasureID: UUID? = nil,
                status: BenefitStatus = .planned, cash: [BenefitCash] = []) {
        self.title = title
        self.description = description
        self.category = category
        self.isDisbenefit = isDisbenefit
        self.ownerID = ownerID
        self.unit = unit
        self.baseline = baseline
        self.target = target
        self.trajectory = trajectory
        self.actuals = actuals
        self.measureIDs = measureIDs
        self.actualsMeasureID = actualsMeasureID
        self.status = status
        self.cash = cash
    }

    public var plannedCash: Double { cash.reduce(0) { $0 + $1.planned } }
    public var realisedCash: Double { cash.reduce(0) { $0 + ($1.realised ?? 0) } }

    public var auditValues: [(String, String?)] {
        [
            ("title", title), ("description", description), ("category", category.rawValue), ("disbenefit", AuditValue.boolean(isDisbenefit)),
            ("ownerId", ownerID?.lowercasedText), ("unit", unit),
            ("baselineValue", baseline.map { MeasureNumber.text($0.value) }), ("baselineDate", baseline?.date.description),
            ("targetValue", target.map { MeasureNumber.text($0.value) }), ("targetDate", target?.date.description),
            ("trajectory", trajectory.map(\.text).joined(separator: "; ")), ("actuals", actuals.map(\.text).joined(separator: "; ")),
            ("measureIds", AuditValue.list(measureIDs.map(\.lowercasedText))), ("actualsMeasureId", actualsMeasureID?.lowercasedText),
            ("status", status.rawValue), ("cash", cash.map(\.text).joined(separator: "; ")),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// A benefit as typed into a form or sent to the API. Values and dates are text; the trajectory
/// and actuals are lines of "date value", the cash lines of "2026/27 planned realised".
public struct BenefitInput: KeyedInput {
    public var title: String?
    public var description: String?
    public var category: String?
    public var disbenefit: String?
    public var ownerID: String?
    public var unit: String?
    public var baselineValue: String?
    public var baselineDate: String?
    public var targetValue: String?
    public var targetDate: String?
    public var trajectory: String?
    public var actuals: String?
    public var measureIDs: String?
    public var actualsMeasureID: String?
    public var status: String?
    public var cash: String?

    public static var fields: [(key: String, path: WritableKeyPath<BenefitInput, String?>)] {
        [
            ("title", \.title), ("description", \.description), ("category", \.category), ("disbenefit", \.disbenefit),
            ("ownerId", \.ownerID), ("unit", \.unit), ("baselineValue", \.baselineValue), ("baselineDate", \.baselineDate),
            ("targetValue", \.targetValue), ("targetDate", \.targetDate), ("trajectory", \.trajectory), ("actuals", \.actuals),
            ("measureIds", \.measureIDs), ("actualsMeasureId", \.actualsMeasureID), ("status", \.status), ("cash", \.cash),
        ]
    }

    public static var listKeys: Set<String> { ["measureIds"] }

    public init() {}

    public init(showing fields: BenefitFields) {
        title = fields.title
        description = fields.description
        category = fields.category.rawValue
        disbenefit = AuditValue.boolean(fields.isDisbenefit)
        ownerID = fields.ownerID?.lowercasedText ?? ""
        unit = fields.unit
        baselineValue = fields.baseline.map { MeasureNumber.text($0.value) } ?? ""
        baselineDate = fields.baseline?.date.description ?? ""
        targetValue = fields.target.map { MeasureNumber.text($0.value) } ?? ""
        targetDate = fields.target?.date.description ?? ""
        trajectory = fields.trajectory.map(\.text).joined(separator: "\n")
        actuals = fields.actuals.map(\.text).joined(separator: "\n")
        measureIDs = fields.measureIDs.map(\.lowercasedText).joined(separator: ",")
        actualsMeasureID = fields.actualsMeasureID?.lowercasedText ?? ""
        status = fields.status.rawValue
        cash = fields.cash.map(\.text).joined(separator: "\n")
    }
}

extension BenefitFields {
    public static let titleLimit = 300
    public static let textLimit = 4_000
    public static let unitLimit = 40
    public static let pointLimit = 200
    public static let measureLimit = 20
    public static let yearLimit = 20

    /// The benefit's input checked, every problem at once. `owners` are the people who may own
    /// it; `measures` the ids of its project's measures.
    public static func validate(_ input: BenefitInput, owners: Set<UUID>, measures: Set<UUID>) throws -> BenefitFields {
        var errors = FieldErrors()
        let title = errors.text(input.title, "title", "Benefit", limit: titleLimit, blank: "Enter the benefit: the improvement expected")
        let description = errors.text(input.description, "description", "Description", limit: textLimit, multiline: true) ?? ""
        let category = errors.choice(input.category, "category", BenefitCategory.quality, "Select the benefit's category from the list")
        let status = errors.choice(input.status, "status", BenefitStatus.planned,
                                   "Select the status: planned, on track, at risk, realised or not realised")
        var disbenefit = false
        switch input.disbenefit.trimmedOrNil {
        case nil, "false": break
        case "true": disbenefit = true
        default: errors.add("disbenefit", "disbenefit must be true or false")
        }
        let owner = errors.owner(input.ownerID, owners: owners, required: nil)
        let unit = errors.text(input.unit, "unit", "Unit", limit: unitLimit) ?? ""
        func point(_ value: String?, _ date: String?, _ name: String, _ label: String) -> DatedValue? {
            var number: Double?
            if let text = value.trimmedOrNil {
                number = MeasureNumber.parse(text)
                if number == nil { errors.add(name + "Value", "The \(label) value must be a number, like 42 or 87.5") }
            }
            let day = errors.date(date, name + "Date", "The \(label) date")
            switch (number, day) {
            case let (number?, day?): return DatedValue(date: day, value: number)
            case (.some, nil) where date.exactOrNil == nil:
                errors.add(name + "Date", "Enter the date of the \(label) value, or clear the value", kind: .rule)
            case (nil, .some) where value.trimmedOrNil == nil:
                errors.add(name + "Value", "Enter the \(label) value, or clear its date", kind: .rule)
            default: break
            }
            return nil
        }
        let baseline = point(input.baselineValue, input.baselineDate, "baseline", "baseline")
        let target = point(input.targetValue, input.targetDate, "target", "target")
        if let baseline, let target, target.date <= baseline.date {
            errors.add("targetDate", "The target date must be after the baseline date", kind: .rule)
        }
        let trajectory = DatedValue.lines(input.trajectory, "trajectory", "Trajectory", limit: pointLimit, errors: &errors)
        let actuals = DatedValue.lines(input.actuals, "actuals", "Actuals", limit: pointLimit, errors: &errors)
        let measureIDs = errors.ids(input.measureIDs, "measureIds", allowed: measures, limit: measureLimit, noun: "measures",
                                    message: "Select only this project's measures")
        var actualsMeasure: UUID?
        if let text = input.actualsMeasureID.exactOrNil {
            if let id = UUID(uuidString: text), measureIDs.contains(id) {
                actualsMeasure = id
            } else {
                errors.add("actualsMeasureId", "The measure that carries the actuals must be one of the linked measures",
                           kind: UUID(uuidString: text) == nil ? .invalid : .rule)
            }
            if !actuals.isEmpty {
                errors.add("actuals", "Take the actuals from the measure or enter them here, not both: clear one of them", kind: .rule)
            }
        }
        let cash = Self.cashLines(input.cash, errors: &errors)
        if !cash.isEmpty && category != .cashReleasing {
            errors.add("cash", "Only a cash-releasing benefit has planned and realised cash by year: change the category or clear these lines",
                       kind: .rule)
        }
        try errors.throwIfAny()
        return BenefitFields(title: title!, description: description, category: category, isDisbenefit: disbenefit, ownerID: owner,
                             unit: unit, baseline: baseline, target: target, trajectory: trajectory, actuals: actuals,
                             measureIDs: measureIDs, actualsMeasureID: actualsMeasure, status: status, cash: cash)
    }

    /// Lines of "2026/27 planned realised" (realised "-" or left off when not yet known), one per
    /// financial year, earliest first.
    static func cashLines(_ text: String?, errors: inout FieldErrors) -> [BenefitCash] {
        guard let text else { return [] }
        errors.refuseControlCharacters(text, "cash", "Cash by year", multiline: true)
        var cash: [BenefitCash] = []
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (number, line) in lines.enumerated() {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
            if let first = parts.first, FinancialYear(first) == nil, first.count == 7,
               first.enumerated().allSatisfy({ $0.offset == 4 ? ($0.element == "/" || $0.element == "-") : $0.element.isASCII && $0.element.isNumber }) {
                // Shaped like a financial year, but its two years do not follow one another.
                errors.add("cash", "Cash line \(number + 1): a financial year runs April to March, so its second year follows the first, like 2026/27",
                           kind: .rule)
                return []
            }
            guard (2...3).contains(parts.count), let year = FinancialYear(parts[0]), let planned = MeasureNumber.parse(parts[1]) else {
                errors.add("cash", "Cash line \(number + 1) must be a financial year, the planned value and the realised value, like 2026/27 120000 80000")
                return []
            }
            var realised: Double?
            if parts.count == 3 && parts[2] != "-" {
                guard let value = MeasureNumber.parse(parts[2]) else {
                    errors.add("cash", "Cash line \(number + 1): the realised value must be a number, or - when not yet known")
                    return []
                }
                realised = value
            }
            if let last = cash.last, last.year >= year {
                errors.add("cash", "Cash line \(number + 1): list the years earliest first, one line per year", kind: .rule)
                return []
            }
            cash.append(BenefitCash(year: year, planned: planned, realised: realised))
        }
        if cash.count > yearLimit { errors.add("cash", "Give at most \(yearLimit) financial years") }
        return cash
    }
}

/// A benefit of a project ("B3" there).
public struct Benefit: Codable, Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: BenefitFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: BenefitFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "B\(number)" }

    /// Its actual values: the observations of the measure that carries them, or those entered.
    public func actuals(measureObservations: [UUID: [Observation]]) -> [DatedValue] {
        guard let measure = fields.actualsMeasureID else { return fields.actuals }
        return (measureObservations[measure] ?? []).filter { !$0.fields.ghosted }.map { DatedValue(date: $0.fields.date, value: $0.fields.value) }
    }

    /// The planned value on a date, read along the trajectory (straight between its points; the
    /// baseline before the first, the last after it).
    public func planned(on date: CalendarDate) -> Double? {
        var points = fields.trajectory
        if let baseline = fields.baseline, points.first.map({ baseline.date < $0.date }) ?? true { points.insert(baseline, at: 0) }
        if let target = fields.target, points.last.map({ target.date > $0.date }) ?? true { points.append(target) }
        guard let first = points.first else { return nil }
        if date <= first.date { return first.value }
        for (earlier, later) in zip(points, points.dropFirst()) where date <= later.date {
            let span = Double(later.date.daysSinceEpoch - earlier.date.daysSinceEpoch)
            let along = Double(date.daysSinceEpoch - earlier.date.daysSinceEpoch)
            return earlier.value + (later.value - earlier.value) * along / span
        }
        return points.last?.value
    }
}

/// Which benefits the register lists: the portfolio's filters, and the benefit's own.
public struct BenefitRegisterQuery: Equatable, Sendable {
    public var organisationID: UUID?
    public var programmeID: UUID?
    public var projectStatus: ProjectStatus?
    public var category: BenefitCategory?
    public var status: BenefitStatus?
    public var page: PageRequest

    public init(organisationID: UUID? = nil, programmeID: UUID? = nil, projectStatus: ProjectStatus? = nil,
                category: BenefitCategory? = nil, status: BenefitStatus? = nil, page: PageRequest = PageRequest(perPage: 50)) {
        self.organisationID = organisationID
        self.programmeID = programmeID
        self.projectStatus = projectStatus
        self.category = category
        self.status = status
        self.page = page
    }
}

/// One line of the benefits register: a benefit with its project and its money in total.
public struct BenefitRegisterLine: Equatable, Sendable {
    public var benefit: Benefit
    public var projectCode: String
    public var projectTitle: String
    public var projectStatus: ProjectStatus
    public var organisationName: String
    /// The page's cells drawn from the benefit alone (the one before its project's and those
    /// after), written once while the benefit is unchanged: kept with it in `PortfolioBenefits`.
    public let renderedCells: Memo<(before: String, after: String)>

    public init(benefit: Benefit, projectCode: String, projectTitle: String, projectStatus: ProjectStatus, organisationName: String,
                renderedCells: Memo<(before: String, after: String)> = Memo()) {
        self.renderedCells = renderedCells
        self.benefit = benefit
        self.projectCode = projectCode
        self.projectTitle = projectTitle
        self.projectStatus = projectStatus
        self.organisationName = organisationName
    }

    public static func == (a: BenefitRegisterLine, b: BenefitRegisterLine) -> Bool {
        (a.benefit, a.projectCode, a.projectTitle, a.projectStatus, a.organisationName)
            == (b.benefit, b.projectCode, b.projectTitle, b.projectStatus, b.organisationName)
    }
}

/// Planned against realised cash-releasing value in one financial year, for one lead
/// organisation (or all of them, when `organisation` is nil).
public struct BenefitCashTotal: Equatable, Sendable {
    public var year: FinancialYear
    public var organisationID: UUID?
    public var organisationName: String?
    public var planned: Double
    public var realised: Double

    public init(year: FinancialYear, organisationID: UUID?, organisationName: String?, planned: Double, realised: Double) {
        self.year = year
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.planned = planned
        self.realised = realised
    }
}

/// The benefits register: a page of benefits and the cash totals of every benefit the query
/// admits (not only the page's), by year and by organisation and year.
public struct BenefitRegister: Sendable {
    public var page: Page<BenefitRegisterLine>
    public var totalsByYear: [BenefitCashTotal]
    public var totalsByOrganisation: [BenefitCashTotal]

    public init(page: Page<BenefitRegisterLine>, totalsByYear: [BenefitCashTotal], totalsByOrganisation: [BenefitCashTotal]) {
        self.page = page
        self.totalsByYear = totalsByYear
        self.totalsByOrganisation = totalsByOrganisation
    }
}
