import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let riskColumns: SQLQueryString = """
        r.id, r.project_id, r.number, r.title, r.cause, r.event, r.effect, r.category_id, r.owner_id,
        r.inherent_likelihood, r.inherent_consequence, r.inherent_band, r.current_likelihood, r.current_consequence,
        r.current_band, r.target_likelihood, r.target_consequence, r.target_band, r.response, r.proximity, r.review_date,
        r.status, r.escalation, r.escalation_reason, r.version, r.created_at, r.updated_at
        """

    /// The system's settings for risks (M014): the band table in force and the escalation threshold.
    public func riskSettings() async throws -> RiskSettings {
        try await derived(.references, from: \.riskSettings) { store in
            (try await store.generation(of: .references), try await store.readRiskSettings())
        }
    }

    private func readRiskSettings() async throws -> RiskSettings {
        let values = Dictionary(try await rows("SELECT name, value FROM system_settings WHERE name LIKE 'risk.%'", reading: {
            (try $0.string("name"), try $0.string("value"))
        }), uniquingKeysWith: { first, _ in first })
        let bands = try values["risk.bands"].map { text in
            try RiskBandTable(try JSONDecoder().decode([RiskBand].self, from: Data(text.utf8)))
        } ?? .nhsDefault
        let threshold = values["risk.escalation-threshold"].flatMap(Int.init) ?? RiskSettings.nhsDefault.escalationThreshold
        return RiskSettings(bands: bands, escalationThreshold: threshold)
    }

    /// The settings with the version they are at: the band table's row carries the version of both.
    public func riskSettingsRecord() async throws -> (settings: RiskSettings, version: Int) {
        let version = try await scalar("SELECT version FROM system_settings WHERE name = 'risk.bands'", column: "version", as: Int.self)
        return (try await readRiskSettings(), version ?? 1)
    }

    /// Replaces the band table and threshold if they are still at `expectedVersion`: ratings stored
    /// from now on are graded by the new table; stored ones keep their bands.
    @discardableResult
    public func updateRiskSettings(_ settings: RiskSettings, expectedVersion: Int, by actor: AuditActor) async throws -> Int {
        let json = String(decoding: try JSONEncoder().encode(settings.bands.bands), as: UTF8.self)
        return try await write { store in
            let before = try await store.readRiskSettings()
            guard let version = try await store.scalar("""
                UPDATE system_settings SET value = \(bind: json), version = version + 1
                WHERE name = 'risk.bands' AND version = \(bind: expectedVersion) RETURNING version
                """, column: "version", as: Int.self) else {
                let current = try await store.scalar("SELECT version FROM system_settings WHERE name = 'risk.bands'",
                                                     column: "version", as: Int.self)
                throw VersionConflict(currentVersion: current ?? 0)
            }
            try await store.run("""
                UPDATE system_settings SET value = \(bind: String(settings.escalationThreshold)), version = version + 1
                WHERE name = 'risk.escalation-threshold'
                """)
            let changes = FieldChange.between(before.auditValues, settings.auditValues)
            if !changes.isEmpty {
                try await store.record(.riskSettingsChanged, RiskSettings.auditEntityID, subject: "Risk settings", changes: changes,
                                       by: actor)
            }
            return version
        }
    }

    static let riskCategoryColumns: SQLQueryString = "id, name, position, retired, version"

    public func riskCategories() async throws -> [RiskCategory] {
        try await rows("SELECT \(Self.riskCategoryColumns) FROM risk_categories ORDER BY position, name", reading: Self.riskCategory)
    }

    public func riskCategory(_ id: UUID) async throws -> RiskCategory? {
        try await rows("SELECT \(Self.riskCategoryColumns) FROM risk_categories WHERE id = \(bind: id)", reading: Self.riskCategory).first
    }

    static func riskCategory(_ row: Columns) throws -> RiskCategory {
        RiskCategory(id: try row.uuid("id"),
                     fields: RiskCategoryFields(name: try row.string("name"), position: try row.int("position"),
                                                status: try row.bool("retired") ? .retired : .active),
                     version: try row.int("version"))
    }

    /// How many risks carry each category (those no risk carries are absent).
    public func riskCategoryUse() async throws -> [UUID: Int] {
        Dictionary(try await rows("""
            SELECT category_id, COUNT(*) AS n FROM risks WHERE category_id IS NOT NULL GROUP BY category_id
            """, reading: { (try $0.uuid("category_id"), try $0.int("n")) }), uniquingKeysWith: +)
    }

    /// How many risks carry one category.
    public func risksCarrying(category id: UUID) async throws -> Int {
        try await count("SELECT COUNT(*) AS n FROM risks WHERE category_id = \(bind: id)")
    }

    public func createRiskCategory(_ fields: RiskCategoryFields, by actor: AuditActor) async throws -> RiskCategory {
        try await write { store in
            try await store.refuseDuplicateCategory(fields.name, except: nil)
            let id = UUID()
            try await store.insertingUniquely(field: "name", "A risk category called \(fields.name) already exists") {
                try await store.run("""
                    INSERT INTO risk_categories (id, name, position, retired, version, updated_at)
                    VALUES (\(bind: id), \(bind: fields.name), \(bind: fields.position), \(bind: fields.status == .retired), 1,
                            \(bind: store.now()))
                    """)
            }
            try await store.record(.riskCategoryCreated, id, subject: fields.name, changes: FieldChange.created(fields.auditValues),
                                   by: actor)
            return RiskCategory(id: id, fields: fields, version: 1)
        }
    }

    public func updateRiskCategory(_ id: UUID, expectedVersion: Int, _ fields: RiskCategoryFields,
                                   by actor: AuditActor) async throws -> RiskCategory {
        try await write { store in
            guard let before = try await store.riskCategory(id) else { throw NotFound("risk category") }
            try await store.refuseDuplicateCategory(fields.name, except: id)
            let version = try await store.insertingUniquely(field: "name", "A risk category called \(fields.name) already exists") {
                try await store.conditionalUpdate("risk_categories", id: id, expectedVersion: expectedVersion, set: """
                    name = \(bind: fields.name), position = \(bind: fields.position), retired = \(bind: fields.status == .retired)
                    """)
            }
            let changes = FieldChange.between(before.fields.auditValues, fields.auditValues)
            if !changes.isEmpty {
                try await store.record(.riskCategoryChanged, id, subject: fields.name, changes: changes, by: actor)
            }
            return RiskCategory(id: id, fields: fields, version: version)
        }
    }

    /// Deletes a category no risk carries; one in use is retired instead (`StillInUse` says so).
    public func deleteRiskCategory(_ id: UUID, expectedVersion: Int?, by actor: AuditActor) async throws {
        try await write { store in
            guard let category = try await store.riskCategory(id) else { throw NotFound("risk category") }
            if let expectedVersion, expectedVersion != category.version {
                throw VersionConflict(currentVersion: category.version)
            }
            let risks = try await store.risksCarrying(category: id)
            guard risks == 0 else {
                throw StillInUse("\(risks) risk\(risks == 1 ? " carries" : "s carry") the category \(category.name), so it cannot be deleted: retire it instead, and it will no longer be offered for new risks.")
            }
            try await store.run("DELETE FROM risk_categories WHERE id = \(bind: id)")
            try await store.record(.riskCategoryDeleted, id, subject: category.name,
                                   changes: FieldChange.between(category.fields.auditValues, []), by: actor)
        }
    }

    private func refuseDuplicateCategory(_ name: String, except id: UUID?) async throws {
        let clash = try await rows("""
            SELECT \(Self.riskCategoryColumns) FROM risk_categories WHERE LOWER(name) = \(bind: name.lowercased())
            """, reading: Self.riskCategory).first { $0.id != id }
        if let clash { throw ValidationFailure("name", "A risk category called \(clash.name) already exists", kind: .taken) }
    }

    /// Which of the category and owner a risk's input names exist and may be chosen (an owner is
    /// an active person): two indexed lookups, not the whole list of people.
    public func riskReferences(category: String?, owner: String?, keeping kept: UUID? = nil) async throws -> RiskReferences {
        func id(_ text: String?) -> UUID? { text.flatMap { UUID(uuidString: $0) } }
        var categories = Set<UUID>(), owners = Set<UUID>()
        // A retired category is kept on the risk that has it, not chosen anew.
        if let category = id(category) {
            let offered = try await count("""
                SELECT COUNT(*) AS n FROM risk_categories WHERE id = \(bind: category) AND (retired = FALSE OR id = \(bind: kept))
                """)
            if offered > 0 { categories.insert(category) }
        }
        if let owner = id(owner),
           try await count("SELECT COUNT(*) AS n FROM people WHERE id = \(bind: owner) AND active = TRUE") > 0 {
            owners.insert(owner)
        }
        return RiskReferences(categories: categories, owners: owners)
    }

    public func risk(_ id: UUID) async throws -> Risk? {
        try await rows("SELECT \(Self.riskColumns) FROM risks r WHERE r.id = \(bind: id)", reading: Self.risk).first
    }

    /// A project's register, by number.
    public func risks(ofProject projectID: UUID) async throws -> [Risk] {
        try await projectRisks(projectID).items
    }

    /// A project's register, by number, held in this instance's memory (`held`).
    public func projectRisks(_ projectID: UUID) async throws -> ProjectRisks {
        try await projectItems(projectID, in: instance.projectRisks, table: "risks", alias: "r", columns: Self.riskColumns,
                               reading: Self.risk)
    }

    /// The risks `filter` (on `r`) selects, by number.
    func risks(where filter: SQLQueryString) async throws -> [Risk] {
        try await rows("SELECT \(Self.riskColumns) FROM risks r WHERE \(filter) ORDER BY r.number", reading: Self.risk)
    }

    /// The current rating from each time it changed, oldest first.
    public func riskScoreHistory(_ id: UUID) async throws -> [RiskScorePoint] {
        try await rows("""
            SELECT recorded_at, likelihood, consequence, band FROM risk_ratings WHERE risk_id = \(bind: id) ORDER BY risk_version
            """, reading: { columns in
            guard let rating = RiskRating(likelihood: try columns.int("likelihood"), consequence: try columns.int("consequence")) else {
                throw Columns.UnknownValue(column: "likelihood", value: "\(try columns.int("likelihood"))")
            }
            return RiskScorePoint(recordedAt: try columns.date("recorded_at"), rating: GradedRating(rating: rating, band: try columns.string("band")))
        })
    }

    /// Records a risk on a project's register with the next number, each rating graded by the band
    /// table in force, and the first point of its score history.
    public func createRisk(projectID: UUID, fields: RiskFields, settings: RiskSettings, by actor: AuditActor) async throws -> Risk {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM risks WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            let bands = settings.bands
            try await store.run("""
                INSERT INTO risks (id, project_id, number, title, cause, event, effect, category_id, owner_id,
                    inherent_likelihood, inherent_consequence, inherent_band, current_likelihood, current_consequence,
                    current_score, current_band, target_likelihood, target_consequence, target_band, response, proximity,
                    review_date, status, escalation, escalation_reason, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: number), \(Self.riskValues(fields, bands)),
                        \(bind: fields.escalation.rawValue), '', 1, \(bind: now), \(bind: now))
                """)
            try await store.recordRating(id, version: 1, fields.current, bands, at: now)
            let risk = Risk(id: id, projectID: projectID, number: number, fields: fields,
                            inherentBand: bands.band(for: fields.inherent.score).name, currentBand: bands.band(for: fields.current.score).name,
                            targetBand: bands.band(for: fields.target.score).name, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.riskCreated, id, projectID: projectID, subject: "\(risk.reference) \(fields.title)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return risk
        }
    }

    /// Changes a risk if it is still at `expectedVersion` (else `VersionConflict`). A rating that
    /// changed is graded by the table in force now; one that did not keeps the band it had. A
    /// change of the current rating adds a point to its score history.
    public func updateRisk(_ id: UUID, expectedVersion: Int, fields: RiskFields, settings: RiskSettings,
                           by actor: AuditActor) async throws -> Risk {
        try await write { store in
            guard let before = try await store.risk(id) else { throw NotFound("risk") }
            let bands = settings.bands
            func band(_ new: RiskRating, _ old: RiskRating, _ oldBand: String) -> String {
                new == old ? oldBand : bands.band(for: new.score).name
            }
            let inherentBand = band(fields.inherent, before.fields.inherent, before.inherentBand)
            let currentBand = band(fields.current, before.fields.current, before.currentBand)
            let targetBand = band(fields.target, before.fields.target, before.targetBand)
            let now = store.now()
            let version = try await store.conditionalUpdate("risks", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), cause = \(bind: fields.cause), event = \(bind: fields.event), effect = \(bind: fields.effect),
                category_id = \(bind: fields.categoryID), owner_id = \(bind: fields.ownerID),
                inherent_likelihood = \(bind: fields.inherent.likelihood.rawValue), inherent_consequence = \(bind: fields.inherent.consequence.rawValue),
                inherent_band = \(bind: inherentBand),
                current_likelihood = \(bind: fields.current.likelihood.rawValue), current_consequence = \(bind: fields.current.consequence.rawValue),
                current_score = \(bind: fields.current.score), current_band = \(bind: currentBand),
                target_likelihood = \(bind: fields.target.likelihood.rawValue), target_consequence = \(bind: fields.target.consequence.rawValue),
                target_band = \(bind: targetBand), response = \(bind: fields.response.rawValue),
                proximity = \(bind: fields.proximity?.description), review_date = \(bind: fields.reviewDate?.description),
                status = \(bind: fields.status.rawValue)
                """)
            if fields.current != before.fields.current { try await store.recordRating(id, version: version, fields.current, bands, at: now) }
            var kept = fields
            kept.escalation = before.fields.escalation
            let closing = before.fields.status == .open && fields.status != .open
            try await store.record(closing ? .riskClosed : .riskChanged, id, projectID: before.projectID,
                                   subject: "R\(before.number) \(fields.title)",
                                   changes: FieldChange.between(before.fields.auditValues, fields.auditValues), by: actor)
            return Risk(id: id, projectID: before.projectID, number: before.number, fields: kept, inherentBand: inherentBand,
                        currentBand: currentBand, targetBand: targetBand, escalationReason: before.escalationReason,
                        version: version, createdAt: before.createdAt, updatedAt: now)
        }
    }

    /// Moves a risk to another register with the reason, if it is still at `expectedVersion`;
    /// recorded as an escalation (to a higher register) or a de-escalation.
    public func escalateRisk(_ id: UUID, expectedVersion: Int, to escalation: RiskEscalation, by actor: AuditActor) async throws -> Risk {
        try await write { store in
            guard var risk = try await store.risk(id) else { throw NotFound("risk") }
            let now = store.now()
            let version = try await store.conditionalUpdate("risks", id: id, expectedVersion: expectedVersion, at: now, set: """
                escalation = \(bind: escalation.level.rawValue), escalation_reason = \(bind: escalation.reason)
                """)
            let event: AuditEventCode = escalation.level > risk.fields.escalation ? .riskEscalated : .riskDeEscalated
            try await store.record(event, id, projectID: risk.projectID, subject: "\(risk.reference) \(risk.fields.title)",
                                   changes: FieldChange.between([("escalation", risk.fields.escalation.rawValue), ("escalationReason", risk.escalationReason)],
                                                                [("escalation", escalation.level.rawValue), ("escalationReason", escalation.reason)]),
                                   by: actor)
            risk.fields.escalation = escalation.level
            risk.escalationReason = escalation.reason
            risk.version = version
            risk.updatedAt = now
            return risk
        }
    }

    /// One page of an organisation's or the system's register (the escalated risks of the projects
    /// this person may read, from this instance's `EscalatedRiskRegister` and portfolio index) and
    /// how many of them sit in each cell of the matrix: what its page and API show.
    public func riskRegister(_ query: RiskRegisterQuery, rule: ProjectReadRule,
                             page: PageRequest = PageRequest(perPage: PageRequest.maximumPerPage))
        async throws -> (listing: RiskRegisterListing, cells: [RiskRating: Int]) {
        async let index = portfolioIndex()
        async let register = escalatedRisks()
        let (listing, cells) = try await register.listingAndCells(query, readable: try await index.readableProjects(rule: rule), page: page)
        return (listing, cells)
    }

    /// Every escalated risk, from this instance's memory while the `escalated_risks` counter has not
    /// moved; read again, with the counter, in one statement when it has.
    func escalatedRisks() async throws -> EscalatedRiskRegister {
        try await derived(.escalatedRisks, from: \.escalatedRisks) { store in
            let rows = try await store.rows("""
                SELECT g.value AS generation, \(Self.riskColumns)
                FROM change_counters g LEFT JOIN risks r ON r.escalation <> 'project'
                WHERE g.name = 'escalated_risks'
                """, reading: { columns in
                (try columns.int64("generation"), try columns.optionalUUID("id") == nil ? nil : try Self.risk(columns))
            })
            let generation = rows.first?.0 ?? 0
            return (generation, EscalatedRiskRegister(generation: generation, risks: rows.compactMap(\.1)))
        }
    }

    /// Removes a risk from its register (a mistake, not a closure: closing is the normal end). The
    /// audit trail keeps the record.
    public func deleteRisk(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let risk = try await store.risk(id) else { throw NotFound("risk") }
            try await store.run("DELETE FROM risks WHERE id = \(bind: id)")
            try await store.record(.riskDeleted, id, projectID: risk.projectID, subject: "\(risk.reference) \(risk.fields.title)",
                                   changes: [], by: actor)
        }
    }

    private func recordRating(_ riskID: UUID, version: Int, _ rating: RiskRating, _ bands: RiskBandTable, at time: Date) async throws {
        try await run("""
            INSERT INTO risk_ratings (id, risk_id, risk_version, recorded_at, likelihood, consequence, band)
            VALUES (\(bind: UUID()), \(bind: riskID), \(bind: version), \(bind: time), \(bind: rating.likelihood.rawValue),
                    \(bind: rating.consequence.rawValue), \(bind: bands.band(for: rating.score).name))
            """)
    }

    private static func riskValues(_ fields: RiskFields, _ bands: RiskBandTable) -> SQLQueryString {
        func band(_ rating: RiskRating) -> String { bands.band(for: rating.score).name }
        return """
            \(bind: fields.title), \(bind: fields.cause), \(bind: fields.event), \(bind: fields.effect),
            \(bind: fields.categoryID), \(bind: fields.ownerID),
            \(bind: fields.inherent.likelihood.rawValue), \(bind: fields.inherent.consequence.rawValue), \(bind: band(fields.inherent)),
            \(bind: fields.current.likelihood.rawValue), \(bind: fields.current.consequence.rawValue), \(bind: fields.current.score),
            \(bind: band(fields.current)),
            \(bind: fields.target.likelihood.rawValue), \(bind: fields.target.consequence.rawValue), \(bind: band(fields.target)),
            \(bind: fields.response.rawValue), \(bind: fields.proximity?.description), \(bind: fields.reviewDate?.description),
            \(bind: fields.status.rawValue)
            """
    }

    static func risk(_ columns: Columns) throws -> Risk {
        func rating(_ prefix: String) throws -> RiskRating {
            let likelihood = try columns.int("\(prefix)_likelihood"), consequence = try columns.int("\(prefix)_consequence")
            guard let rating = RiskRating(likelihood: likelihood, consequence: consequence) else {
                throw Columns.UnknownValue(column: "\(prefix)_likelihood", value: "\(likelihood) x \(consequence)")
            }
            return rating
        }
        let fields = RiskFields(
            title: try columns.string("title"), cause: try columns.string("cause"), event: try columns.string("event"),
            effect: try columns.string("effect"), categoryID: try columns.optionalUUID("category_id"),
            ownerID: try columns.optionalUUID("owner_id"), inherent: try rating("inherent"), current: try rating("current"),
            target: try rating("target"), response: try Columns.choice(try columns.string("response"), "response"),
            proximity: try columns.optionalString("proximity").map(calendarDate),
            reviewDate: try columns.optionalString("review_date").map(calendarDate),
            status: try Columns.choice(try columns.string("status"), "status"),
            escalation: try Columns.choice(try columns.string("escalation"), "escalation"))
        return Risk(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                    fields: fields, inherentBand: try columns.string("inherent_band"), currentBand: try columns.string("current_band"),
                    targetBand: try columns.string("target_band"), escalationReason: try columns.string("escalation_reason"),
                    version: try columns.int("version"), createdAt: try columns.date("created_at"), updatedAt: try columns.date("updated_at"))
    }
}
