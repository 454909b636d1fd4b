import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let measureColumns: SQLQueryString = """
        m.id, m.project_id, m.number, m.name, m.definition, m.type, m.unit, m.direction, m.frequency, m.data_source, m.owner_id,
        m.spc_preset, m.baseline_points, m.targets, m.version, m.created_at, m.updated_at
        """

    public func measure(_ id: UUID) async throws -> Measure? {
        try await rows("SELECT \(Self.measureColumns) FROM measures m WHERE m.id = \(bind: id)", reading: Self.measure).first
    }

    /// A measure with everything its page and analysis read, held as `held` says at the
    /// `measure_records` counter (M045), which moves with every table it is read from; nil when
    /// there is no such measure (and nothing is kept).
    public func measureDetail(_ id: UUID) async throws -> MeasureDetail? {
        try await held(id, in: instance.measureDetails, counter: .measureRecords) {
            try await inReadSnapshot { store -> (generation: Int64?, value: MeasureDetail?) in
                let generation = try await store.generation(of: .measureRecords)
                guard let measure = try await store.measure(id) else { return (nil, nil) }
                let owner: String? = if let ownerID = measure.fields.ownerID { try await store.personNames([ownerID])[ownerID] } else { nil }
                return (generation, MeasureDetail(
                    measure: measure, observations: try await store.observations(of: id), annotations: try await store.annotations(of: id),
                    cycles: try await store.pdsaCycles(judgedBy: id), benefits: try await store.benefits(linkedTo: id), ownerName: owner))
            }
        }
    }

    /// A project's measures, by number.
    public func measures(ofProject projectID: UUID) async throws -> [Measure] {
        try await measures(where: "m.project_id = \(bind: projectID)")
    }

    /// The measures `filter` (on `m`) selects, by number.
    func measures(where filter: SQLQueryString) async throws -> [Measure] {
        try await rows("SELECT \(Self.measureColumns) FROM measures m WHERE \(filter) ORDER BY m.number", reading: Self.measure)
    }

    /// Records a measure on a project with the next number.
    public func createMeasure(projectID: UUID, fields: MeasureFields, by actor: AuditActor) async throws -> Measure {
        try await write { store in
            let code = try await store.lockedProjectCode(projectID)
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM measures WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO measures (id, project_id, project_code, number, name, definition, type, unit, direction, frequency, data_source,
                    owner_id, spc_preset, baseline_points, targets, summary_chart, summary_count, summary_recent, summary_engine, summary_rank,
                    version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: code), \(bind: number), \(Self.measureValues(fields)),
                        \(bind: SPCChartKind.runChart.rawValue), 0, '', \(bind: SPCAnalysis.engineVersion), \(bind: MeasureSummary().attentionRank),
                        1, \(bind: now), \(bind: now))
                """)
            let measure = Measure(id: id, projectID: projectID, number: number, fields: fields, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.measureCreated, id, projectID: projectID, subject: "\(measure.reference) \(fields.name)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return measure
        }
    }

    /// Changes a measure if it is still at `expectedVersion` (else `VersionConflict`).
    public func updateMeasure(_ id: UUID, expectedVersion: Int, fields: MeasureFields, by actor: AuditActor) async throws -> Measure {
        try await write { store in
            guard var measure = try await store.measure(id) else { throw NotFound("measure") }
            let now = store.now()
            let version = try await store.conditionalUpdate("measures", id: id, expectedVersion: expectedVersion, at: now, set: """
                name = \(bind: fields.name), definition = \(bind: fields.definition), type = \(bind: fields.type.rawValue),
                unit = \(bind: fields.unit), direction = \(bind: fields.direction.rawValue), frequency = \(bind: fields.frequency.rawValue),
                data_source = \(bind: fields.dataSource), owner_id = \(bind: fields.ownerID), spc_preset = \(bind: fields.spcPreset),
                baseline_points = \(bind: fields.baselinePoints), targets = \(bind: Self.targetsText(fields.targets))
                """)
            try await store.record(.measureChanged, id, projectID: measure.projectID, subject: "\(measure.reference) \(fields.name)",
                                   changes: FieldChange.between(measure.fields.auditValues, fields.auditValues), by: actor)
            try await store.refreshSummary(id)
            measure.fields = fields
            measure.version = version
            measure.updatedAt = now
            return measure
        }
    }

    /// Removes a measure recorded by mistake, with its observations. The audit trail keeps the record.
    public func deleteMeasure(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let measure = try await store.measure(id) else { throw NotFound("measure") }
            try await store.run("DELETE FROM measures WHERE id = \(bind: id)")
            try await store.record(.measureDeleted, id, projectID: measure.projectID, subject: "\(measure.reference) \(measure.fields.name)",
                                   changes: [], by: actor)
        }
    }

    static let observationColumns: SQLQueryString = "o.id, o.measure_id, o.date, o.value, o.note, o.ghosted, o.recalculate, o.version"

    /// A measure's observations, oldest first.
    public func observations(of measureID: UUID) async throws -> [Observation] {
        try await rows("SELECT \(Self.observationColumns) FROM observations o WHERE o.measure_id = \(bind: measureID) ORDER BY o.date",
                       reading: Self.observation)
    }

    /// The observations of every measure of a project, oldest first, by measure.
    public func observations(ofProject projectID: UUID) async throws -> [UUID: [Observation]] {
        Dictionary(grouping: try await observations(where: "m.project_id = \(bind: projectID)"), by: \.measureID)
    }

    /// The observations of the measures `filter` (on `m`) selects, by measure, oldest first.
    func observations(where filter: SQLQueryString) async throws -> [Observation] {
        try await rows("""
            SELECT \(Self.observationColumns) FROM observations o JOIN measures m ON m.id = o.measure_id
            WHERE \(filter) ORDER BY o.measure_id, o.date
            """, reading: Self.observation)
    }

    /// The observations of some measures, oldest first, by measure (in one statement a thousand at a time).
    public func observations(ofMeasures ids: Set<UUID>) async throws -> [UUID: [Observation]] {
        var found: [Observation] = []
        let list = Array(ids)
        for start in stride(from: 0, to: list.count, by: 1_000) {
            found += try await rows("""
                SELECT \(Self.observationColumns) FROM observations o WHERE o.measure_id IN \(SQLBind.group(Array(list[start..<min(start + 1_000, list.count)])))
                ORDER BY o.measure_id, o.date
                """, reading: Self.observation)
        }
        return Dictionary(grouping: found, by: \.measureID)
    }

    /// The latest observation of each of some measures that is not ghosted, by measure: what a
    /// benefit taking its actuals from a measure shows as its latest actual (in one statement a
    /// thousand at a time; each found by the unique index of a measure's dates).
    public func latestObservations(ofMeasures ids: Set<UUID>) async throws -> [UUID: [Observation]] {
        var found: [UUID: [Observation]] = [:]
        let list = Array(ids)
        for start in stride(from: 0, to: list.count, by: 1_000) {
            for observation in try await rows("""
                SELECT \(Self.observationColumns) FROM observations o
                WHERE o.measure_id IN \(SQLBind.group(Array(list[start..<min(start + 1_000, list.count)]))) AND o.ghosted = FALSE
                AND NOT EXISTS (SELECT 1 FROM observations l WHERE l.measure_id = o.measure_id AND l.ghosted = FALSE AND l.date > o.date)
                """, reading: Self.observation) {
                found[observation.measureID] = [observation]
            }
        }
        return found
    }

    public func observation(_ id: UUID) async throws -> Observation? {
        try await rows("SELECT \(Self.observationColumns) FROM observations o WHERE o.id = \(bind: id)", reading: Self.observation).first
    }

    /// Adds observations to a measure, all or none: a date it already has refuses them all.
    /// One is recorded as added; several as one import.
    @discardableResult
    public func addObservations(_ list: [ObservationFields], to measureID: UUID, by actor: AuditActor) async throws -> [Observation] {
        try await write { store in
            guard let measure = try await store.measure(measureID) else { throw NotFound("measure") }
            let now = store.now()
            var added: [Observation] = []
            for fields in list {
                let id = UUID()
                try await store.insertingUniquely(field: "date", "\(fields.date) is already recorded for this measure: change or delete that observation instead") {
                    try await store.run("""
                        INSERT INTO observations (id, measure_id, date, value, note, ghosted, recalculate, version, created_at, updated_at)
                        VALUES (\(bind: id), \(bind: measureID), \(bind: fields.date.description), \(bind: fields.value), \(bind: fields.note),
                                \(bind: fields.ghosted), \(bind: fields.recalculate), 1, \(bind: now), \(bind: now))
                        """)
                }
                added.append(Observation(id: id, measureID: measureID, fields: fields))
            }
            let subject = "\(measure.reference) \(measure.fields.name)"
            if list.count == 1, let only = added.first {
                try await store.record(.observationAdded, only.id, projectID: measure.projectID, subject: "\(subject), \(only.fields.date)",
                                       changes: FieldChange.created(only.fields.auditValues), by: actor)
            } else if let first = list.first, let last = list.last {
                try await store.record(.measureObservationsImported, measureID, projectID: measure.projectID, subject: subject,
                                       changes: [FieldChange(field: "observations", old: nil,
                                                             new: "\(list.count) from \(first.date) to \(last.date)")], by: actor)
            }
            try await store.refreshSummary(measureID)
            return added
        }
    }

    /// Changes an observation if it is still at `expectedVersion` (else `VersionConflict`).
    public func updateObservation(_ id: UUID, expectedVersion: Int, fields: ObservationFields, by actor: AuditActor) async throws -> Observation {
        try await write { store in
            guard let before = try await store.observation(id), let measure = try await store.measure(before.measureID) else {
                throw NotFound("observation")
            }
            let version = try await store.insertingUniquely(field: "date", "\(fields.date) is already recorded for this measure") {
                try await store.conditionalUpdate("observations", id: id, expectedVersion: expectedVersion, set: """
                    date = \(bind: fields.date.description), value = \(bind: fields.value), note = \(bind: fields.note),
                    ghosted = \(bind: fields.ghosted), recalculate = \(bind: fields.recalculate)
                    """)
            }
            try await store.record(.observationChanged, id, projectID: measure.projectID,
                                   subject: "\(measure.reference) \(measure.fields.name), \(fields.date)",
                                   changes: FieldChange.between(before.fields.auditValues, fields.auditValues), by: actor)
            try await store.refreshSummary(before.measureID)
            return Observation(id: id, measureID: before.measureID, fields: fields, version: version)
        }
    }

    public func deleteObservation(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let observation = try await store.observation(id), let measure = try await store.measure(observation.measureID) else {
                throw NotFound("observation")
            }
            try await store.run("DELETE FROM observations WHERE id = \(bind: id)")
            try await store.record(.observationDeleted, id, projectID: measure.projectID,
                                   subject: "\(measure.reference) \(measure.fields.name), \(observation.fields.date)",
                                   changes: FieldChange.between(observation.fields.auditValues, []), by: actor)
            try await store.refreshSummary(observation.measureID)
        }
    }

    /// Brings a measure's kept summary up to date with its observations and settings; called in
    /// the transaction of every write to either, so the icon summary never reads a stale one.
    func refreshSummary(_ measureID: UUID) async throws {
        guard let measure = try await measure(measureID) else { return }
        let summary = MeasureSummary(measure.analysis(try await observations(of: measureID)))
        try await run("""
            UPDATE measures SET \(Self.summaryAssignments(summary)) WHERE id = \(bind: measureID)
            """)
    }

    static func summaryAssignments(_ summary: MeasureSummary) -> SQLQueryString {
        """
        summary_chart = \(bind: summary.chart.rawValue), summary_count = \(bind: summary.count),
        summary_latest_date = \(bind: summary.latestDate?.description), summary_latest_value = \(bind: summary.latestValue),
        summary_target = \(bind: summary.target), summary_variation = \(bind: summary.variation?.rawValue),
        summary_assurance = \(bind: summary.assurance?.rawValue), summary_recent = \(bind: summary.recentText),
        summary_engine = \(bind: summary.engine), summary_rank = \(bind: summary.attentionRank)
        """
    }

    /// The summary columns of a generated measure, in `summaryColumns`' order.
    static func summaryValues(_ summary: MeasureSummary) -> [any Encodable & Sendable] {
        [summary.chart.rawValue, summary.count, summary.latestDate?.description, summary.latestValue, summary.target,
         summary.variation?.rawValue, summary.assurance?.rawValue, summary.recentText, summary.engine, summary.attentionRank]
    }

    static let summaryColumns = ["summary_chart", "summary_count", "summary_latest_date", "summary_latest_value", "summary_target",
                                 "summary_variation", "summary_assurance", "summary_recent", "summary_engine", "summary_rank"]

    static func measureValues(_ fields: MeasureFields) -> SQLQueryString {
        """
        \(bind: fields.name), \(bind: fields.definition), \(bind: fields.type.rawValue), \(bind: fields.unit), \(bind: fields.direction.rawValue),
        \(bind: fields.frequency.rawValue), \(bind: fields.dataSource), \(bind: fields.ownerID), \(bind: fields.spcPreset),
        \(bind: fields.baselinePoints), \(bind: targetsText(fields.targets))
        """
    }

    static func targetsText(_ targets: [MeasureTarget]) -> String { targets.map(\.text).joined(separator: "\n") }

    static func measure(_ columns: Columns) throws -> Measure {
        let targets = try columns.string("targets").split(separator: "\n").map { line -> MeasureTarget in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let date = CalendarDate(String(parts[0])), let value = Double(String(parts[1])) else {
                throw Columns.UnknownValue(column: "targets", value: String(line))
            }
            return MeasureTarget(from: date, value: value)
        }
        let fields = MeasureFields(
            name: try columns.string("name"), definition: try columns.string("definition"), type: try Columns.choice(try columns.string("type"), "type"),
            unit: try columns.string("unit"), direction: try Columns.choice(try columns.string("direction"), "direction"),
            frequency: try Columns.choice(try columns.string("frequency"), "frequency"), dataSource: try columns.string("data_source"),
            ownerID: try columns.optionalUUID("owner_id"), spcPreset: try columns.string("spc_preset"),
            baselinePoints: try columns.optionalInt64("baseline_points").map(Int.init), targets: targets)
        return Measure(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                       fields: fields, version: try columns.int("version"), createdAt: try columns.date("created_at"),
                       updatedAt: try columns.date("updated_at"))
    }

    static func observation(_ columns: Columns) throws -> Observation {
        Observation(id: try columns.uuid("id"), measureID: try columns.uuid("measure_id"), fields: ObservationFields(
            date: try calendarDate(try columns.string("date")), value: try columns.double("value"), note: try columns.string("note"),
            ghosted: try columns.bool("ghosted"), recalculate: try columns.bool("recalculate")), version: try columns.int("version"))
    }
}

extension Store {
    /// One page of the icon summary: the measures of the projects `rule` admits (the readable-
    /// projects seam: the portfolio index), filtered and sorted, from the kept summaries alone,
    /// which this instance holds while no measure changes.
    public func measureSummaries(_ query: MeasureSummaryQuery, rule: ProjectReadRule) async throws -> Page<MeasureSummaryLine> {
        async let measures = portfolioMeasures()
        let readable = try await portfolioIndex().readableProjects(rule: rule)
        return try await measures.page(query, readable: readable)
    }

    /// Every measure's kept summary, from memory while the `measures` counter stands still.
    func portfolioMeasures() async throws -> PortfolioMeasures {
        try await derived(.measures, from: \.measures) { store in
            let generation = try await store.generation(of: .measures)
            let items = try await store.rows("""
                SELECT id, number, name, unit, direction, project_id, project_code, \(unsafeRaw: Self.summaryColumns.joined(separator: ", "))
                FROM measures
                """, reading: Self.summaryItem)
            return (generation, PortfolioMeasures(generation: generation, items: items))
        }
    }

    static func summaryItem(_ columns: Columns) throws -> PortfolioMeasures.Item {
        PortfolioMeasures.Item(
            measureID: try columns.uuid("id"), number: try columns.int("number"), name: try columns.string("name"),
            unit: try columns.string("unit"), direction: try Columns.choice(try columns.string("direction"), "direction"),
            projectID: try columns.uuid("project_id"), projectCode: try columns.string("project_code"), summary: try summary(columns))
    }

    /// A measure's kept summary, from its `summaryColumns`.
    static func summary(_ columns: Columns) throws -> MeasureSummary {
        let recent = try columns.string("summary_recent").split(separator: " ").compactMap { Double(String($0)) }
        let summary = MeasureSummary(
            chart: try Columns.choice(try columns.string("summary_chart"), "summary_chart"), count: try columns.int("summary_count"),
            latestDate: try columns.optionalString("summary_latest_date").flatMap(CalendarDate.init),
            latestValue: try columns.isNull("summary_latest_value") ? nil : try columns.double("summary_latest_value"),
            target: try columns.isNull("summary_target") ? nil : try columns.double("summary_target"),
            variation: try columns.optionalString("summary_variation").map { try Columns.choice($0, "summary_variation") },
            assurance: try columns.optionalString("summary_assurance").map { try Columns.choice($0, "summary_assurance") },
            recent: recent, engine: try columns.string("summary_engine"))
        return summary
    }
}
