import Foundation
import SQLKit
import WaymarkDomain

extension Store {
    static let benefitColumns: SQLQueryString = """
        b.id, b.project_id, b.number, b.title, b.description, b.category, b.disbenefit, b.owner_id, b.unit, b.baseline_value,
        b.baseline_date, b.target_value, b.target_date, b.trajectory, b.actuals, b.actuals_measure_id, b.status, b.version,
        b.created_at, b.updated_at
        """

    public func benefit(_ id: UUID) async throws -> Benefit? {
        try await withParts(try await rows("SELECT \(Self.benefitColumns) FROM benefits b WHERE b.id = \(bind: id)",
                                           reading: Self.benefit)).first
    }

    /// A project's benefits, by number.
    public func benefits(ofProject projectID: UUID) async throws -> [Benefit] {
        try await withParts(try await rows("SELECT \(Self.benefitColumns) FROM benefits b WHERE b.project_id = \(bind: projectID) ORDER BY b.number",
                                           reading: Self.benefit))
    }

    /// The benefits with their linked measures and cash by year, read in two more statements.
    private func withParts(_ benefits: [Benefit]) async throws -> [Benefit] {
        guard !benefits.isEmpty else { return benefits }
        let ids = SQLBind.group(benefits.map(\.id))
        async let links = rows("SELECT benefit_id, measure_id FROM benefit_measures WHERE benefit_id IN \(ids) ORDER BY benefit_id, position",
                               reading: { (try $0.uuid("benefit_id"), try $0.uuid("measure_id")) })
        async let cash = rows("SELECT benefit_id, start_year, planned, realised FROM benefit_cash WHERE benefit_id IN \(ids) ORDER BY benefit_id, start_year",
                              reading: { columns in
                                  (try columns.uuid("benefit_id"), BenefitCash(
                                      year: FinancialYear(startYear: try columns.int("start_year")), planned: try columns.double("planned"),
                                      realised: try columns.isNull("realised") ? nil : try columns.double("realised")))
                              })
        let measuresByBenefit = Dictionary(grouping: try await links, by: \.0).mapValues { $0.map(\.1) }
        let cashByBenefit = Dictionary(grouping: try await cash, by: \.0).mapValues { $0.map(\.1) }
        return benefits.map { benefit in
            var benefit = benefit
            benefit.fields.measureIDs = measuresByBenefit[benefit.id] ?? []
            benefit.fields.cash = cashByBenefit[benefit.id] ?? []
            return benefit
        }
    }

    /// Records a benefit on a project with the next number.
    public func createBenefit(projectID: UUID, fields: BenefitFields, by actor: AuditActor) async throws -> Benefit {
        try await write { store in
            let code = try await store.lockedProjectCode(projectID)
            let number = try await store.count("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM benefits WHERE project_id = \(bind: projectID)")
            let id = UUID(), now = store.now()
            try await store.run("""
                INSERT INTO benefits (id, project_id, project_code, number, title, description, category, disbenefit, owner_id, unit, baseline_value,
                    baseline_date, target_value, target_date, trajectory, actuals, actuals_measure_id, status, version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: projectID), \(bind: code), \(bind: number), \(Self.benefitValues(fields)), 1, \(bind: now),
                        \(bind: now))
                """)
            try await store.replaceParts(of: id, with: fields)
            let benefit = Benefit(id: id, projectID: projectID, number: number, fields: fields, version: 1, createdAt: now, updatedAt: now)
            try await store.record(.benefitCreated, id, projectID: projectID, subject: "\(benefit.reference) \(fields.title)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            return benefit
        }
    }

    /// Changes a benefit if it is still at `expectedVersion` (else `VersionConflict`).
    public func updateBenefit(_ id: UUID, expectedVersion: Int, fields: BenefitFields, by actor: AuditActor) async throws -> Benefit {
        try await write { store in
            guard var benefit = try await store.benefit(id) else { throw NotFound("benefit") }
            let now = store.now()
            let version = try await store.conditionalUpdate("benefits", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), description = \(bind: fields.description), category = \(bind: fields.category.rawValue),
                disbenefit = \(bind: fields.isDisbenefit), owner_id = \(bind: fields.ownerID), unit = \(bind: fields.unit),
                baseline_value = \(bind: fields.baseline?.value), baseline_date = \(bind: fields.baseline?.date.description),
                target_value = \(bind: fields.target?.value), target_date = \(bind: fields.target?.date.description),
                trajectory = \(bind: Self.linesText(fields.trajectory)), actuals = \(bind: Self.linesText(fields.actuals)),
                actuals_measure_id = \(bind: fields.actualsMeasureID), status = \(bind: fields.status.rawValue)
                """)
            try await store.replaceParts(of: id, with: fields)
            try await store.record(.benefitChanged, id, projectID: benefit.projectID, subject: "\(benefit.reference) \(fields.title)",
                                   changes: FieldChange.between(benefit.fields.auditValues, fields.auditValues), by: actor)
            benefit.fields = fields
            benefit.version = version
            benefit.updatedAt = now
            return benefit
        }
    }

    /// Removes a benefit recorded by mistake. The audit trail keeps the record.
    public func deleteBenefit(_ id: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard let benefit = try await store.benefit(id) else { throw NotFound("benefit") }
            try await store.run("DELETE FROM benefits WHERE id = \(bind: id)")
            try await store.record(.benefitDeleted, id, projectID: benefit.projectID, subject: "\(benefit.reference) \(benefit.fields.title)",
                                   changes: [], by: actor)
        }
    }

    /// The benefits that a measure evidences (its page lists them).
    public func benefits(linkedTo measureID: UUID) async throws -> [Benefit] {
        try await withParts(try await rows("""
            SELECT \(Self.benefitColumns) FROM benefits b
            WHERE b.id IN (SELECT benefit_id FROM benefit_measures WHERE measure_id = \(bind: measureID)) ORDER BY b.number
            """, reading: Self.benefit))
    }

    private func replaceParts(of benefitID: UUID, with fields: BenefitFields) async throws {
        try await run("DELETE FROM benefit_measures WHERE benefit_id = \(bind: benefitID)")
        for (position, measure) in fields.measureIDs.enumerated() {
            try await run("""
                INSERT INTO benefit_measures (benefit_id, position, measure_id) VALUES (\(bind: benefitID), \(bind: position), \(bind: measure))
                """)
        }
        try await run("DELETE FROM benefit_cash WHERE benefit_id = \(bind: benefitID)")
        for year in fields.cash {
            try await run("""
                INSERT INTO benefit_cash (benefit_id, start_year, planned, realised)
                VALUES (\(bind: benefitID), \(bind: year.year.startYear), \(bind: year.planned), \(bind: year.realised))
                """)
        }
    }

    static func benefitValues(_ fields: BenefitFields) -> SQLQueryString {
        """
        \(bind: fields.title), \(bind: fields.description), \(bind: fields.category.rawValue), \(bind: fields.isDisbenefit), \(bind: fields.ownerID),
        \(bind: fields.unit), \(bind: fields.baseline?.value), \(bind: fields.baseline?.date.description), \(bind: fields.target?.value),
        \(bind: fields.target?.date.description), \(bind: linesText(fields.trajectory)), \(bind: linesText(fields.actuals)),
        \(bind: fields.actualsMeasureID), \(bind: fields.status.rawValue)
        """
    }

    static func linesText(_ values: [DatedValue]) -> String { values.map(\.text).joined(separator: "\n") }

    static func datedValues(_ text: String, _ column: String) throws -> [DatedValue] {
        try text.split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let date = CalendarDate(String(parts[0])), let value = Double(String(parts[1])) else {
                throw Columns.UnknownValue(column: column, value: String(line))
            }
            return DatedValue(date: date, value: value)
        }
    }

    static func benefit(_ columns: Columns) throws -> Benefit {
        func point(_ name: String) throws -> DatedValue? {
            guard !(try columns.isNull(name + "_value")), let date = try columns.optionalString(name + "_date") else { return nil }
            return DatedValue(date: try calendarDate(date), value: try columns.double(name + "_value"))
        }
        let fields = BenefitFields(
            title: try columns.string("title"), description: try columns.string("description"),
            category: try Columns.choice(try columns.string("category"), "category"), isDisbenefit: try columns.bool("disbenefit"),
            ownerID: try columns.optionalUUID("owner_id"), unit: try columns.string("unit"), baseline: try point("baseline"),
            target: try point("target"), trajectory: try datedValues(try columns.string("trajectory"), "trajectory"),
            actuals: try datedValues(try columns.string("actuals"), "actuals"), actualsMeasureID: try columns.optionalUUID("actuals_measure_id"),
            status: try Columns.choice(try columns.string("status"), "status"))
        return Benefit(id: try columns.uuid("id"), projectID: try columns.uuid("project_id"), number: try columns.int("number"),
                       fields: fields, version: try columns.int("version"), createdAt: try columns.date("created_at"),
                       updatedAt: try columns.date("updated_at"))
    }
}

extension Store {
    /// The benefits register: one page of the benefits of the projects `rule` admits (the
    /// readable-projects seam), filtered, by project and number, with the cash totals of all of
    /// them by year and by lead organisation and year, summed in the database.
    public func benefitRegister(_ query: BenefitRegisterQuery, rule: ProjectReadRule) async throws -> BenefitRegister {
        var conditions: [SQLQueryString] = ["b.project_id IN (\(Self.readableProjects(rule)))"]
        if let organisation = query.organisationID { conditions.append("p.lead_organisation_id = \(bind: organisation)") }
        if let programme = query.programmeID { conditions.append("p.programme_id = \(bind: programme)") }
        if let status = query.projectStatus { conditions.append("p.status = \(bind: status.rawValue)") }
        if let category = query.category { conditions.append("b.category = \(bind: category.rawValue)") }
        if let status = query.status { conditions.append("b.status = \(bind: status.rawValue)") }
        var filter: SQLQueryString = "(\(conditions[0]))"
        for condition in conditions.dropFirst() { filter = "\(filter) AND (\(condition))" }
        let from: SQLQueryString = "benefits b JOIN projects p ON p.id = b.project_id JOIN organisations o ON o.id = p.lead_organisation_id"
        // A page read along the index of each benefit's project code and number; the count apart.
        async let lines = rows("""
            SELECT \(Self.benefitColumns), b.project_code, p.title AS project_title, p.status AS project_status, o.name AS organisation_name
            FROM \(from) WHERE \(filter)
            ORDER BY b.project_code, b.number
            LIMIT \(bind: query.page.perPage) OFFSET \(bind: query.page.offset)
            """, reading: { columns in
                BenefitRegisterLine(benefit: try Self.benefit(columns), projectCode: try columns.string("project_code"),
                                    projectTitle: try columns.string("project_title"),
                                    projectStatus: try Columns.choice(try columns.string("project_status"), "project_status"),
                                    organisationName: try columns.string("organisation_name"))
            })
        async let total = count("SELECT COUNT(*) AS n FROM \(from) WHERE \(filter)")
        async let byOrganisation = rows("""
            SELECT c.start_year, p.lead_organisation_id, o.name, SUM(c.planned) AS planned, SUM(COALESCE(c.realised, 0)) AS realised
            FROM benefit_cash c JOIN benefits b ON b.id = c.benefit_id JOIN projects p ON p.id = b.project_id
                JOIN organisations o ON o.id = p.lead_organisation_id
            WHERE \(filter)
            GROUP BY c.start_year, p.lead_organisation_id, o.name ORDER BY c.start_year, o.name
            """, reading: { columns in
                BenefitCashTotal(year: FinancialYear(startYear: try columns.int("start_year")),
                                 organisationID: try columns.uuid("lead_organisation_id"), organisationName: try columns.string("name"),
                                 planned: try columns.double("planned"), realised: try columns.double("realised"))
            })
        let found = try await lines
        let organisations = try await byOrganisation
        let years = Dictionary(grouping: organisations, by: \.year).map { year, totals in
            BenefitCashTotal(year: year, organisationID: nil, organisationName: nil, planned: totals.reduce(0) { $0 + $1.planned },
                             realised: totals.reduce(0) { $0 + $1.realised })
        }.sorted { $0.year < $1.year }
        let page = Page(items: try await withParts(found.map(\.benefit)).enumerated().map { index, benefit in
            var line = found[index]
            line.benefit = benefit
            return line
        }, request: query.page, total: try await total)
        return BenefitRegister(page: page, totalsByYear: years, totalsByOrganisation: organisations)
    }
}
