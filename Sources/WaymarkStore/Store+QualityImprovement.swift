import Foundation
import SQLKit
import WaymarkDomain

// The QI lens: a project's aim, driver diagram and PDSA cycles, and the annotations on a
// measure's chart.

extension Store {
    /// A project's aim; version 0 and empty until it is first written.
    public func aim(of projectID: UUID) async throws -> Aim {
        try await rows("SELECT project_id, statement, by_how_much, by_when, version FROM qi_aims WHERE project_id = \(bind: projectID)",
                       reading: { columns in
                           Aim(projectID: try columns.uuid("project_id"), fields: AimFields(
                               statement: try columns.string("statement"), byHowMuch: try columns.string("by_how_much"),
                               byWhen: try columns.optionalString("by_when").map { try Store.calendarDate($0) }), version: try columns.int("version"))
                       }).first ?? Aim(projectID: projectID)
    }

    /// Writes a project's aim if it is still at `expectedVersion` (0: never written).
    public func saveAim(of projectID: UUID, expectedVersion: Int, fields: AimFields, by actor: AuditActor) async throws -> Aim {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let current = try await store.aim(of: projectID)
            guard current.version == expectedVersion else { throw VersionConflict(currentVersion: current.version) }
            let now = store.now()
            if current.version == 0 {
                try await store.run("""
                    INSERT INTO qi_aims (project_id, statement, by_how_much, by_when, version, updated_at)
                    VALUES (\(bind: projectID), \(bind: fields.statement), \(bind: fields.byHowMuch), \(bind: fields.byWhen?.description), 1, \(bind: now))
                    """)
            } else {
                try await store.run("""
                    UPDATE qi_aims SET statement = \(bind: fields.statement), by_how_much = \(bind: fields.byHowMuch),
                        by_when = \(bind: fields.byWhen?.description), version = version + 1, updated_at = \(bind: now)
                    WHERE project_id = \(bind: projectID)
                    """)
            }
            try await store.record(.aimChanged, projectID, projectID: projectID, subject: "Aim",
                                   changes: FieldChange.between(current.fields.auditValues, fields.auditValues), by: actor)
            return Aim(projectID: projectID, fields: fields, version: current.version + 1)
        }
    }

    static let driverColumns: SQLQueryString = "d.id, d.project_id, d.number, d.kind, d.text, d.parent_id, d.position, d.version"

    /// A project's driver diagram, every node.
    public func drivers(ofProject projectID: UUID) async throws -> [Driver] {
        try await rows("SELECT \(Self.driverColumns) FROM drivers d WHERE d.project_id = \(bind: projectID) ORDER BY d.number",
                       reading: Self.driver)
    }

    public func driver(_ id: UUID) async throws -> Driver? {
        try await rows("SELECT \(Self.driverColumns) FROM drivers d WHERE d.id = \(bind: id)", reading: Self.driver).first
    }

    public func createDriver(projectID: UUID, fields: DriverFields, by actor: AuditActor) async throws -> Driver {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM drivers WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO drivers (id, project_id, number, kind, text, parent_id, position, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: fields.kind.rawValue), \(bind: fields.text),
                        \(bind: fields.parentID), \(bind: fields.position), 1, \(bind: now), \(bind: now))
                """)
            let driver = Driver(id: id, projectID: projectID, number: number, fields: fields)
            try await store.record(.driverCreated, id, projectID: projectID, subject: "\(driver.reference) \(fields.text)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return driver
        }
    }

    public func updateDriver(_ id: UUID, expectedVersion: Int, fields: DriverFields, by actor: AuditActor) async throws -> Driver {
        try await write { store in
            guard var driver = try await store.driver(id) else { throw NotFound("driver") }
            let version = try await store.conditionalUpdate("drivers", id: id, expectedVersion: expectedVersion, set: """
                kind = \(bind: fields.kind.rawValue), text = \(bind: fields.text), parent_id = \(bind: fields.parentID),
                position = \(bind: fields.position)
                """)
            try await store.record(.driverChanged, id, projectID: driver.projectID, subject: "\(driver.reference) \(fields.text)",
                                   changes: FieldChange.between(driver.fields.auditValues, fields.auditValues), by: actor)
            driver.fields = fields
            driver.version = version
            return driver
        }
    }

    /// Removes a node and every node under it. The audit trail keeps the record.
    public func deleteDriver(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let driver = try await store.driver(id) else { throw NotFound("driver") }
            try await store.run("DELETE FROM drivers WHERE id = \(bind: id)")
            try await store.record(.driverDeleted, id, projectID: driver.projectID, subject: "\(driver.reference) \(driver.fields.text)",
                                   changes: [], by: actor)
        }
    }

    static func driver(_ columns: Columns) throws -> Driver {
        Driver(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"), fields: DriverFields(
            kind: try Columns.choice(try columns.string("kind"), "kind"), text: try columns.string("text"),
            parentID: try columns.optionalUUID("parent_id"), position: try columns.int("position")), version: try columns.int("version"))
    }
}

extension Store {
    static let pdsaColumns: SQLQueryString = """
        c.id, c.project_id, c.number, c.title, c.change_idea_id, c.status, c.start_date, c.end_date, c.plan, c.doing, c.study, c.act,
        c.decision, c.version, c.created_at, c.updated_at
        """

    public func pdsaCycle(_ id: UUID) async throws -> PDSACycle? {
        try await withMeasures(try await rows("SELECT \(Self.pdsaColumns) FROM pdsa_cycles c WHERE c.id = \(bind: id)", reading: Self.pdsa)).first
    }

    /// A project's PDSA cycles, the latest started first.
    public func pdsaCycles(ofProject projectID: UUID) async throws -> [PDSACycle] {
        try await withMeasures(try await rows("""
            SELECT \(Self.pdsaColumns) FROM pdsa_cycles c WHERE c.project_id = \(bind: projectID) ORDER BY c.start_date DESC, c.number DESC
            """, reading: Self.pdsa))
    }

    /// The PDSA cycles judged by a measure, oldest first (its chart marks them).
    public func pdsaCycles(judgedBy measureID: UUID) async throws -> [PDSACycle] {
        try await withMeasures(try await rows("""
            SELECT \(Self.pdsaColumns) FROM pdsa_cycles c
            WHERE c.id IN (SELECT pdsa_id FROM pdsa_measures WHERE measure_id = \(bind: measureID)) ORDER BY c.start_date, c.number
            """, reading: Self.pdsa))
    }

    private func withMeasures(_ cycles: [PDSACycle]) async throws -> [PDSACycle] {
        guard !cycles.isEmpty else { return cycles }
        let links = try await rows("""
            SELECT pdsa_id, measure_id FROM pdsa_measures WHERE pdsa_id IN \(SQLBind.group(cycles.map(\.id))) ORDER BY pdsa_id, position
            """, reading: { (try $0.uuid("pdsa_id"), try $0.uuid("measure_id")) })
        let byCycle = Dictionary(grouping: links, by: \.0).mapValues { $0.map(\.1) }
        return cycles.map { cycle in
            var cycle = cycle
            cycle.fields.measureIDs = byCycle[cycle.id] ?? []
            return cycle
        }
    }

    public func createPDSACycle(projectID: UUID, fields: PDSAFields, by actor: AuditActor) async throws -> PDSACycle {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM pdsa_cycles WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO pdsa_cycles (id, project_id, number, title, change_idea_id, status, start_date, end_date, plan, doing, study, act,
                    decision, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(bind: fields.title), \(bind: fields.changeIdeaID),
                        \(bind: fields.status.rawValue), \(bind: fields.startDate.description), \(bind: fields.endDate?.description),
                        \(bind: fields.plan), \(bind: fields.doing), \(bind: fields.study), \(bind: fields.act), \(bind: fields.decision?.rawValue),
                        1, \(bind: now), \(bind: now))
                """)
            try await store.replaceMeasures(ofCycle: id, with: fields.measureIDs)
            let cycle = PDSACycle(id: id, projectID: projectID, number: number, fields: fields, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.pdsaCreated, id, projectID: projectID, subject: "\(cycle.reference) \(fields.title)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return cycle
        }
    }

    public func updatePDSACycle(_ id: UUID, expectedVersion: Int, fields: PDSAFields, by actor: AuditActor) async throws -> PDSACycle {
        try await write { store in
            guard var cycle = try await store.pdsaCycle(id) else { throw NotFound("pdsa-cycle") }
            let now = store.now()
            let version = try await store.conditionalUpdate("pdsa_cycles", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), change_idea_id = \(bind: fields.changeIdeaID), status = \(bind: fields.status.rawValue),
                start_date = \(bind: fields.startDate.description), end_date = \(bind: fields.endDate?.description), plan = \(bind: fields.plan),
                doing = \(bind: fields.doing), study = \(bind: fields.study), act = \(bind: fields.act), decision = \(bind: fields.decision?.rawValue)
                """)
            try await store.replaceMeasures(ofCycle: id, with: fields.measureIDs)
            try await store.record(.pdsaChanged, id, projectID: cycle.projectID, subject: "\(cycle.reference) \(fields.title)",
                                   changes: FieldChange.between(cycle.fields.auditValues, fields.auditValues), by: actor)
            cycle.fields = fields
            cycle.version = version
            cycle.updatedAt = now
            return cycle
        }
    }

    public func deletePDSACycle(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let cycle = try await store.pdsaCycle(id) else { throw NotFound("pdsa-cycle") }
            try await store.run("DELETE FROM pdsa_cycles WHERE id = \(bind: id)")
            try await store.record(.pdsaDeleted, id, projectID: cycle.projectID, subject: "\(cycle.reference) \(cycle.fields.title)",
                                   changes: [], by: actor)
        }
    }

    private func replaceMeasures(ofCycle id: UUID, with measures: [UUID]) async throws {
        try await run("DELETE FROM pdsa_measures WHERE pdsa_id = \(bind: id)")
        for (position, measure) in measures.enumerated() {
            try await run("INSERT INTO pdsa_measures (pdsa_id, position, measure_id) VALUES (\(bind: id), \(bind: position), \(bind: measure))")
        }
    }

    static func pdsa(_ columns: Columns) throws -> PDSACycle {
        let fields = PDSAFields(
            title: try columns.string("title"), changeIdeaID: try columns.optionalUUID("change_idea_id"),
            status: try Columns.choice(try columns.string("status"), "status"), startDate: try calendarDate(try columns.string("start_date")),
            endDate: try columns.optionalString("end_date").map { try calendarDate($0) }, plan: try columns.string("plan"),
            doing: try columns.string("doing"), study: try columns.string("study"), act: try columns.string("act"),
            decision: try columns.optionalString("decision").map { try Columns.choice($0, "decision") })
        return PDSACycle(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                         fields: fields, version: try columns.int("version"), createdAt: try columns.date("created_at"),
                         updatedAt: try columns.date("updated_at"))
    }
}

extension Store {
    static let annotationColumns: SQLQueryString = "a.id, a.measure_id, a.date, a.kind, a.label, a.note, a.version"

    /// A measure's annotations, oldest first.
    public func annotations(of measureID: UUID) async throws -> [Annotation] {
        try await rows("SELECT \(Self.annotationColumns) FROM annotations a WHERE a.measure_id = \(bind: measureID) ORDER BY a.date, a.label",
                       reading: Self.annotation)
    }

    public func annotation(_ id: UUID) async throws -> Annotation? {
        try await rows("SELECT \(Self.annotationColumns) FROM annotations a WHERE a.id = \(bind: id)", reading: Self.annotation).first
    }

    public func createAnnotation(measureID: UUID, fields: AnnotationFields, by actor: AuditActor) async throws -> Annotation {
        try await write { store in
            guard let measure = try await store.measure(measureID) else { throw NotFound("measure") }
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO annotations (id, measure_id, date, kind, label, note, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: measureID), \(bind: fields.date.description), \(bind: fields.kind.rawValue), \(bind: fields.label),
                        \(bind: fields.note), 1, \(bind: now), \(bind: now))
                """)
            try await store.record(.annotationCreated, id, projectID: measure.projectID, subject: "\(measure.reference) \(measure.fields.name)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return Annotation(id: id, measureID: measureID, fields: fields)
        }
    }

    public func updateAnnotation(_ id: UUID, expectedVersion: Int, fields: AnnotationFields, by actor: AuditActor) async throws -> Annotation {
        try await write { store in
            guard let before = try await store.annotation(id), let measure = try await store.measure(before.measureID) else {
                throw NotFound("annotation")
            }
            let version = try await store.conditionalUpdate("annotations", id: id, expectedVersion: expectedVersion, set: """
                date = \(bind: fields.date.description), kind = \(bind: fields.kind.rawValue), label = \(bind: fields.label), note = \(bind: fields.note)
                """)
            try await store.record(.annotationChanged, id, projectID: measure.projectID, subject: "\(measure.reference) \(measure.fields.name)",
                                   changes: FieldChange.between(before.fields.auditValues, fields.auditValues), by: actor)
            return Annotation(id: id, measureID: before.measureID, fields: fields, version: version)
        }
    }

    public func deleteAnnotation(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let annotation = try await store.annotation(id), let measure = try await store.measure(annotation.measureID) else {
                throw NotFound("annotation")
            }
            try await store.run("DELETE FROM annotations WHERE id = \(bind: id)")
            try await store.record(.annotationDeleted, id, projectID: measure.projectID, subject: "\(measure.reference) \(measure.fields.name)",
                                   changes: FieldChange.between(annotation.fields.auditValues, []), by: actor)
        }
    }

    static func annotation(_ columns: Columns) throws -> Annotation {
        Annotation(id: try columns.uuid("id"), measureID: try columns.uuid("measure_id"), fields: AnnotationFields(
            date: try calendarDate(try columns.string("date")), kind: try Columns.choice(try columns.string("kind"), "kind"),
            label: try columns.string("label"), note: try columns.string("note")), version: try columns.int("version"))
    }
}
