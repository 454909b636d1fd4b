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
        try await benefits(where: "b.project_id = \(bind: projectID)")
    }

    /// The benefits `filter` (on `b`) selects, by number, with their measures and cash.
    func benefits(where filter: SQLQueryString) async throws -> [Benefit] {
        try await withParts(try await rows("SELECT \(Self.benefitColumns) FROM benefits b WHERE \(filter) ORDER BY b.number",
                                           reading: Self.benefit))
    }

    /// The benefits with their linked measures and cash by year, read in two more statements
    /// (`all`: `benefits` are every benefit there is, and the parts are read without naming them).
    private func withParts(_ benefits: [Benefit], all: Bool = false) async throws -> [Benefit] {
        guard !benefits.isEmpty else { return benefits }
        let which: SQLQueryString = all ? "" : "WHERE benefit_id IN \(SQLBind.group(benefits.map(\.id)))"
        async let links = rows("SELECT benefit_id, measure_id FROM benefit_measures \(which) ORDER BY benefit_id, position",
                               reading: { (try $0.uuid("benefit_id"), try $0.uuid("measure_id")) })
        async let cash = rows("SELECT benefit_id, start_year, planned, realised FROM benefit_cash \(which) ORDER BY benefit_id, start_year",
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
    /// readable-projects seam: the portfolio index), filtered, by project and number, with the cash
    /// totals of all of them by year and by lead organisation and year; from every benefit, which
    /// this instance holds while no benefit changes.
    public func benefitRegister(_ query: BenefitRegisterQuery, rule: ProjectReadRule) async throws -> BenefitRegister {
        async let benefits = portfolioBenefits()
        let readable = try await portfolioIndex().readableProjects(rule: rule)
        return try await benefits.register(query, readable: readable)
    }

    /// Every benefit, whole, from memory while the `benefits` counter stands still; read in three
    /// statements when it has moved.
    func portfolioBenefits() async throws -> PortfolioBenefits {
        try await derived(.benefits, from: \.benefits) { store in
            let generation = try await store.generation(of: .benefits)
            let found = try await store.rows("SELECT \(Self.benefitColumns), b.project_code FROM benefits b", reading: { columns in
                (try Self.benefit(columns), try columns.string("project_code"))
            })
            let whole = try await store.withParts(found.map(\.0), all: true)
            return (generation, PortfolioBenefits(generation: generation, benefits: whole.enumerated().map { index, benefit in
                (benefit, found[index].1)
            }))
        }
    }
}
