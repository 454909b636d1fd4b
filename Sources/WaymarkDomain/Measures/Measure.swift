import Foundation

/// What a measure tells a project (the IHI's family of measures).
public enum MeasureType: String, CaseIterable, Codable, Sendable {
    /// The result the project exists for (waiting times, falls).
    case outcome
    /// Whether the change is being done (the proportion of patients screened).
    case process
    /// Whether something else got worse because of it (readmissions after earlier discharge).
    case balancing

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// How often a measure is taken.
public enum MeasureFrequency: String, CaseIterable, Codable, Sendable {
    case daily, weekly, monthly, quarterly

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// A target from a date on: a measure's target may change over time.
public struct MeasureTarget: Equatable, Codable, Sendable {
    public var from: CalendarDate
    public var value: Double

    public init(from: CalendarDate, value: Double) {
        self.from = from
        self.value = value
    }

    /// "2026-04-01 95", as a form's line and the audit trail write it.
    public var text: String { "\(from) \(MeasureNumber.text(value))" }
}

/// Numbers as measures take them: finite, within a trillion either way, written back without
/// trailing noise (12.5, 95, -3.25).
public enum MeasureNumber {
    public static let limit = 1e12

    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 30,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") }),
              let value = Double(trimmed), value.isFinite, abs(value) <= limit else { return nil }
        return value
    }

    public static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// A measure as a person describes it.
public struct MeasureFields: Codable, Equatable, Sendable {
    public var name: String
    /// What exactly is counted, from where, and how (numerator and denominator).
    public var definition: String
    public var type: MeasureType
    public var unit: String
    public var direction: ImprovementDirection
    public var frequency: MeasureFrequency
    public var dataSource: String
    public var ownerID: UUID?
    /// The SPC preset its charts use (a name from `SPCSettings.presets`).
    public var spcPreset: String
    /// Fix the limits on the first this many points, if set.
    public var baselinePoints: Int?
    /// Its targets, oldest first, each from a date on.
    public var targets: [MeasureTarget]

    public init(name: String, definition: String = "", type: MeasureType = .outcome, unit: String = "",
                direction: ImprovementDirection = .up, frequency: MeasureFrequency = .monthly, dataSource: String = "",
                ownerID: UUID? = nil, spcPreset: String = "nhs-england-sql", baselinePoints: Int? = nil, targets: [MeasureTarget] = []) {
        self.name = name
        self.definition = definition
        self.type = type
        self.unit = unit
        self.direction = direction
        self.frequency = frequency
        self.dataSource = dataSource
        self.ownerID = ownerID
        self.spcPreset = spcPreset
        self.baselinePoints = baselinePoints
        self.targets = targets
    }

    public var settings: SPCSettings {
        SPCSettings.presets.first { $0.name == spcPreset }?.settings ?? .makingDataCount
    }

    /// The target in force on a date: the latest one from on or before it.
    public func target(on date: CalendarDate) -> Double? {
        targets.last { $0.from <= date }?.value
    }

    public var auditValues: [(String, String?)] {
        [
            ("name", name), ("definition", definition), ("type", type.rawValue), ("unit", unit),
            ("improvementDirection", direction.rawValue), ("frequency", frequency.rawValue), ("dataSource", dataSource),
            ("ownerId", ownerID?.lowercasedText), ("spcPreset", spcPreset), ("baselinePoints", baselinePoints.map(String.init)),
            ("targets", targets.isEmpty ? nil : targets.map(\.text).joined(separator: "; ")),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// A measure as typed into a form or sent to the API. Targets are lines of "date value".
public struct MeasureInput: KeyedInput {
    public var name: String?
    public var definition: String?
    public var type: String?
    public var unit: String?
    public var direction: String?
    public var frequency: String?
    public var dataSource: String?
    public var ownerID: String?
    public var spcPreset: String?
    public var baselinePoints: String?
    public var targets: String?

    public static var fields: [(key: String, path: WritableKeyPath<MeasureInput, String?>)] {
        [
            ("name", \.name), ("definition", \.definition), ("type", \.type), ("unit", \.unit), ("improvementDirection", \.direction),
            ("frequency", \.frequency), ("dataSource", \.dataSource), ("ownerId", \.ownerID), ("spcPreset", \.spcPreset),
            ("baselinePoints", \.baselinePoints), ("targets", \.targets),
        ]
    }

    public init() {}

    public init(showing fields: MeasureFields) {
        name = fields.name
        definition = fields.definition
        type = fields.type.rawValue
        unit = fields.unit
        direction = fields.direction.rawValue
        frequency = fields.frequency.rawValue
        dataSource = fields.dataSource
        ownerID = fields.ownerID?.lowercasedText ?? ""
        spcPreset = fields.spcPreset
        baselinePoints = fields.baselinePoints.map(String.init) ?? ""
        targets = fields.targets.map(\.text).joined(separator: "\n")
    }
}

extension MeasureFields {
    public static let nameLimit = 200
    public static let textLimit = 4_000
    public static let unitLimit = 40
    public static let targetLimit = 50
    public static let baselineRange = 2...1_000

    /// The measure's input checked, every problem at once. `owners` are the people who may own it.
    public static func validate(_ input: MeasureInput, owners: Set<UUID>) throws -> MeasureFields {
        var errors = FieldErrors()
        let name = errors.text(input.name, "name", "Name", limit: nameLimit, blank: "Enter the measure's name")
        let definition = errors.text(input.definition, "definition", "Definition", limit: textLimit, multiline: true) ?? ""
        let type = errors.choice(input.type, "type", MeasureType.outcome, "Select the type: outcome, process or balancing")
        let unit = errors.text(input.unit, "unit", "Unit", limit: unitLimit) ?? ""
        var direction = ImprovementDirection.up
        if input.direction.exactOrNil == nil {
            errors.add("improvementDirection", "Select which way is better: higher, lower, or neither")
        } else {
            direction = errors.choice(input.direction, "improvementDirection", ImprovementDirection.up,
                                      "Select which way is better: higher, lower, or neither")
        }
        let frequency = errors.choice(input.frequency, "frequency", MeasureFrequency.monthly,
                                      "Select how often it is measured: daily, weekly, monthly or quarterly")
        let dataSource = errors.text(input.dataSource, "dataSource", "Data source", limit: 300) ?? ""
        let owner = errors.owner(input.ownerID, owners: owners, required: nil)
        var preset = SPCSettings.presets[0].name
        if let text = input.spcPreset.exactOrNil {
            if SPCSettings.presets.contains(where: { $0.name == text }) {
                preset = text
            } else {
                errors.add("spcPreset", "Select the SPC rules: NHS England's SQL or NHSRplotthedots")
            }
        }
        var baseline: Int?
        if let text = input.baselinePoints.trimmedOrNil {
            if let number = Int(text), baselineRange.contains(number) {
                baseline = number
            } else {
                errors.add("baselinePoints", "The baseline must be a whole number of points from \(baselineRange.lowerBound) to \(baselineRange.upperBound), or empty for none")
            }
        }
        var targets: [MeasureTarget] = []
        if let text = input.targets {
            errors.refuseControlCharacters(text, "targets", "Targets", multiline: true)
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for (number, line) in lines.enumerated() {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
                guard parts.count == 2, let date = CalendarDate(parts[0]), let value = MeasureNumber.parse(parts[1]) else {
                    errors.add("targets", "Target line \(number + 1) must be a date and a number, like 2026-04-01 95")
                    break
                }
                if let last = targets.last, last.from >= date {
                    errors.add("targets", "Target line \(number + 1): list targets oldest first, one per date", kind: .rule)
                    break
                }
                targets.append(MeasureTarget(from: date, value: value))
            }
            if targets.count > targetLimit { errors.add("targets", "Give at most \(targetLimit) targets") }
        }
        try errors.throwIfAny()
        return MeasureFields(name: name!, definition: definition, type: type, unit: unit, direction: direction, frequency: frequency,
                             dataSource: dataSource, ownerID: owner, spcPreset: preset, baselinePoints: baseline, targets: targets)
    }
}

/// A measure of a project ("M2" there).
public struct Measure: Codable, Equatable, Sendable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var fields: MeasureFields
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, projectID: UUID, number: Int, fields: MeasureFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var reference: String { "M\(number)" }
}

/// One observation of a measure: its value on a date.
public struct ObservationFields: Equatable, Sendable {
    public var date: CalendarDate
    public var value: Double
    public var note: String
    /// Shown on the chart, left out of its calculations (a known one-off).
    public var ghosted: Bool
    /// The process changed here: the limits are calculated afresh from this point.
    public var recalculate: Bool

    public init(date: CalendarDate, value: Double, note: String = "", ghosted: Bool = false, recalculate: Bool = false) {
        self.date = date
        self.value = value
        self.note = note
        self.ghosted = ghosted
        self.recalculate = recalculate
    }

    public static let noteLimit = 500

    public var auditValues: [(String, String?)] {
        [("date", date.description), ("value", MeasureNumber.text(value)), ("note", note.isEmpty ? nil : note),
         ("ghosted", AuditValue.boolean(ghosted)), ("recalculate", AuditValue.boolean(recalculate))]
    }

    /// An observation as typed: a date, a number, an optional note, and two flags ("true" when set).
    public static func validate(date: String?, value: String?, note: String?, ghosted: String?, recalculate: String?,
                                prefix: String = "") throws -> ObservationFields {
        var errors = FieldErrors()
        var day: CalendarDate?
        if date.exactOrNil == nil {
            errors.add(prefix + "date", "Enter the date of the observation, like 2026-03-31")
        } else {
            day = errors.date(date, prefix + "date", "Date")
        }
        var number: Double?
        if let text = value.trimmedOrNil {
            number = MeasureNumber.parse(text)
            if number == nil { errors.add(prefix + "value", "The value must be a number, like 42 or 87.5, within a trillion either way") }
        } else {
            errors.add(prefix + "value", "Enter the value")
        }
        let note = errors.text(note, prefix + "note", "Note", limit: noteLimit) ?? ""
        func flag(_ text: String?, _ field: String) -> Bool {
            switch text.trimmedOrNil {
            case nil, "false": return false
            case "true": return true
            default:
                errors.add(prefix + field, "\(field) must be true or false")
                return false
            }
        }
        let ghosted = flag(ghosted, "ghosted"), recalculate = flag(recalculate, "recalculate")
        try errors.throwIfAny()
        return ObservationFields(date: day!, value: number!, note: note, ghosted: ghosted, recalculate: recalculate)
    }
}

public struct Observation: Equatable, Sendable {
    public var id: UUID
    public var measureID: UUID
    public var fields: ObservationFields
    public var version: Int

    public init(id: UUID, measureID: UUID, fields: ObservationFields, version: Int = 1) {
        self.id = id
        self.measureID = measureID
        self.fields = fields
        self.version = version
    }
}

extension Measure {
    /// The analysis of its observations (oldest first) with its preset, baseline and targets.
    public func analysis(_ observations: [Observation]) -> SPCAnalysis {
        let points = observations.map { observation in
            SPCObservation(label: observation.fields.date.description, value: observation.fields.value,
                           ghosted: observation.fields.ghosted, recalculate: observation.fields.recalculate,
                           target: fields.target(on: observation.fields.date))
        }
        return SPCEngine.analyse(points, direction: fields.direction, baselinePoints: fields.baselinePoints, settings: fields.settings)
    }
}

/// A measure with everything its page and its analysis read, as one read found them: its
/// observations (oldest first) and their analysis, the annotations and PDSA cycles its chart marks,
/// the benefits it evidences and its owner's name. An instance holds it while none of that
/// changes, with what is written from it (`rendered`), which is the same for everyone who reads it.
public struct MeasureDetail: Sendable {
    public let measure: Measure
    public let observations: [Observation]
    public let analysis: SPCAnalysis
    public let annotations: [Annotation]
    /// The PDSA cycles judged by this measure, oldest first.
    public let cycles: [PDSACycle]
    public let benefits: [Benefit]
    public let ownerName: String?
    /// The chart, the data table and the analysis as its page and the API write them, each made by
    /// the first request that writes it.
    public let rendered = MeasureRenderings()

    public init(measure: Measure, observations: [Observation], annotations: [Annotation], cycles: [PDSACycle], benefits: [Benefit],
                ownerName: String?) {
        self.measure = measure
        self.observations = observations
        analysis = measure.analysis(observations)
        self.annotations = annotations
        self.cycles = cycles
        self.benefits = benefits
        self.ownerName = ownerName
    }
}

/// What is written from a `MeasureDetail` alone, as UTF-8: its page's chart, and data table for
/// those who may change observations (with a Change column) and for those who may not; and the
/// API's analysis.
public final class MeasureRenderings: Sendable {
    public let chart = Memo<[UInt8]>()
    public let tableForEditors = Memo<[UInt8]>()
    public let tableForReaders = Memo<[UInt8]>()
    public let analysisJSON = Memo<[UInt8]>()

    public init() {}
}

/// A measure's latest analysis in brief: what the icon summary lists for it.
public struct MeasureSummary: Equatable, Sendable {
    public static let recentCount = 24

    public var chart: SPCChartKind
    public var count: Int
    public var latestDate: CalendarDate?
    public var latestValue: Double?
    public var target: Double?
    public var variation: SPCVariation?
    public var assurance: SPCAssurance?
    /// The last counted values, oldest first, for a sparkline.
    public var recent: [Double]
    public var engine: String

    public init(chart: SPCChartKind = .runChart, count: Int = 0, latestDate: CalendarDate? = nil, latestValue: Double? = nil,
                target: Double? = nil, variation: SPCVariation? = nil, assurance: SPCAssurance? = nil, recent: [Double] = [],
                engine: String = SPCAnalysis.engineVersion) {
        self.chart = chart
        self.count = count
        self.latestDate = latestDate
        self.latestValue = latestValue
        self.target = target
        self.variation = variation
        self.assurance = assurance
        self.recent = recent
        self.engine = engine
    }

    public init(_ analysis: SPCAnalysis) {
        let counted = analysis.points.filter(\.counted)
        let latest = counted.last
        self.init(chart: analysis.kind, count: analysis.points.count, latestDate: latest.flatMap { CalendarDate($0.label) },
                  latestValue: latest?.value, target: latest?.target, variation: analysis.variation, assurance: analysis.assurance,
                  recent: counted.suffix(Self.recentCount).compactMap(\.value), engine: analysis.engineVersion)
    }

    /// The recent values as the store keeps them.
    public var recentText: String { recent.map(MeasureNumber.text).joined(separator: " ") }

    /// Where it comes in the icon summary's "attention" order, lowest first: concern, then
    /// improvement, neither, common cause, and run charts or no data last; within each, failing
    /// the target first, then hit and miss, passing, and no target. Kept with the summary, so the
    /// order is an index, not a sum worked out for every measure on every request.
    public var attentionRank: Int {
        let variation = switch self.variation {
        case .concernHigh?, .concernLow?: 0
        case .improvementHigh?, .improvementLow?: 1
        case .neitherHigh?, .neitherLow?: 2
        case .commonCause?: 3
        case nil: 4
        }
        let assurance = switch self.assurance {
        case .consistentlyFail?: 0
        case .hitAndMiss?: 1
        case .consistentlyPass?: 2
        case nil: 3
        }
        return variation * 4 + assurance
    }
}

/// One line of the icon summary: a measure, its project, and its latest analysis in brief.
public struct MeasureSummaryLine: Equatable, Sendable {
    public var measureID: UUID
    public var reference: String
    public var name: String
    public var unit: String
    public var direction: ImprovementDirection
    public var projectID: UUID
    public var projectCode: String
    public var projectTitle: String
    public var summary: MeasureSummary
    /// The page's cells drawn from the measure alone (latest, target, icons, sparkline), written
    /// once while the measure is unchanged: kept with the measure in `PortfolioMeasures`.
    public let renderedCells: Memo<String>

    public init(measureID: UUID, reference: String, name: String, unit: String, direction: ImprovementDirection, projectID: UUID,
                projectCode: String, projectTitle: String, summary: MeasureSummary, renderedCells: Memo<String> = Memo()) {
        self.renderedCells = renderedCells
        self.measureID = measureID
        self.reference = reference
        self.name = name
        self.unit = unit
        self.direction = direction
        self.projectID = projectID
        self.projectCode = projectCode
        self.projectTitle = projectTitle
        self.summary = summary
    }

    public static func == (a: MeasureSummaryLine, b: MeasureSummaryLine) -> Bool {
        (a.measureID, a.reference, a.name, a.unit, a.direction) == (b.measureID, b.reference, b.name, b.unit, b.direction)
            && (a.projectID, a.projectCode, a.projectTitle, a.summary) == (b.projectID, b.projectCode, b.projectTitle, b.summary)
    }
}

/// Which measures the icon summary lists: those of projects led by an organisation or in a
/// programme or of one project, by class, and how they are sorted.
public struct MeasureSummaryQuery: Equatable, Sendable {
    public enum Sort: String, CaseIterable, Sendable {
        /// Concern first, then improvement, neither, common cause, and run charts last.
        case attention
        case project
        case name
    }

    public var organisationID: UUID?
    public var programmeID: UUID?
    public var projectID: UUID?
    public var variation: SPCVariation?
    public var assurance: SPCAssurance?
    public var sort: Sort
    public var page: PageRequest

    public init(organisationID: UUID? = nil, programmeID: UUID? = nil, projectID: UUID? = nil, variation: SPCVariation? = nil,
                assurance: SPCAssurance? = nil, sort: Sort = .attention, page: PageRequest = PageRequest(perPage: 50)) {
        self.organisationID = organisationID
        self.programmeID = programmeID
        self.projectID = projectID
        self.variation = variation
        self.assurance = assurance
        self.sort = sort
        self.page = page
    }
}
