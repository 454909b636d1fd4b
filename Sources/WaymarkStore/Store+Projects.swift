import Foundation
import SQLKit
import WaymarkDomain

struct ProjectRow {
    var id: UUID
    var code: String
    var title: String
    /// The free-text fields, in the order of `Store.projectTextColumns`.
    var texts: [String]
    var leadOrganisationId: UUID
    var programmeId: UUID?
    var methodology: String
    var stageId: UUID
    var status: String
    var startDate: String?
    var endDate: String?
    var budgetPence: Int64?
    var tags: String
    var visibility: String
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    /// The columns `Store.projectColumns` names.
    init(_ columns: Columns) throws {
        id = try columns.uuid("id")
        code = try columns.string("code")
        title = try columns.string("title")
        texts = try Store.projectTextColumns.map { try columns.string($0.column) }
        leadOrganisationId = try columns.uuid("lead_organisation_id")
        programmeId = try columns.optionalUUID("programme_id")
        methodology = try columns.string("methodology")
        stageId = try columns.uuid("stage_id")
        status = try columns.string("status")
        startDate = try columns.optionalString("start_date")
        endDate = try columns.optionalString("end_date")
        budgetPence = try columns.optionalInt64("budget_pence")
        tags = try columns.string("tags")
        visibility = try columns.string("visibility")
        version = try columns.int("version")
        createdAt = try columns.date("created_at")
        updatedAt = try columns.date("updated_at")
    }
}

extension Store {
    /// The column of each of the project's free-text fields (`ProjectFields.texts`): a new one
    /// is a line here and its migration.
    static let projectTextColumns: [(column: String, field: ProjectTextField)] = ProjectFields.texts.map { text in
        let column = switch text.key {
        case "summary": "summary"
        case "scopeIn": "scope_in"
        case "scopeOut": "scope_out"
        case "objectives": "objectives"
        case "expectedOutcome": "expected_outcome"
        default: preconditionFailure("ProjectFields.texts has \(text.key), which has no column in Store.projectTextColumns")
        }
        return (column, text)
    }
}

struct LinkRow {
    var projectId: UUID
    var otherId: UUID

    init(_ columns: Columns) throws {
        projectId = try columns.uuid("project_id")
        otherId = try columns.uuid("other_id")
    }
}

/// One of a project's partner organisations, themes or (when asked for) team members, from the
/// `part_` columns of the statement that reads the project.
struct ProjectPartRow {
    var kind: String
    var otherId: UUID
    var role: String?
    var name: String?
    var email: String?
    var organisationId: UUID?

    /// The part on this row; nil for the one row of a project with no parts.
    init?(_ columns: Columns) throws {
        guard let kind = try columns.optionalString("part_kind") else { return nil }
        self.kind = kind
        otherId = try columns.uuid("part_id")
        role = try columns.optionalString("part_role")
        name = try columns.optionalString("part_name")
        email = try columns.optionalString("part_email")
        organisationId = try columns.optionalUUID("part_organisation_id")
    }

    /// The team member on this row, if it is one.
    var teamRow: TeamRow? {
        guard kind == "team", let role, let name, let email, let organisationId else { return nil }
        return TeamRow(personId: otherId, role: role, name: name, email: email, organisationId: organisationId)
    }
}

struct TeamRow: Decodable {
    var personId: UUID
    var role: String
    var name: String
    var email: String
    var organisationId: UUID
}

extension TeamRow {
    /// The team member on a row with `person_id`, `role`, `name`, `email` and `organisation_id`.
    init(_ columns: Columns) throws {
        self.init(personId: try columns.uuid("person_id"), role: try columns.string("role"), name: try columns.string("name"),
                  email: try columns.string("email"), organisationId: try columns.uuid("organisation_id"))
    }
}

struct SequenceRow: Decodable {
    var projectSequence: Int
    var code: String
}

extension ProjectFields {
    /// Partners and themes in the one order a project read from the store has them.
    var linksInStoredOrder: ProjectFields {
        var fields = self
        fields.partnerOrganisationIDs.sort { $0.lowercasedText < $1.lowercasedText }
        fields.themeIDs.sort { $0.lowercasedText < $1.lowercasedText }
        return fields
    }
}

enum TagsColumn {
    static func encode(_ tags: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(tags), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> [String] {
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw Columns.UnknownValue(column: "tags", value: text)
        }
    }
}

extension Store {
    // MARK: Reading one project

    public func project(_ id: UUID) async throws -> Project? {
        try await projectWithTeamRole(id, of: nil)?.0
    }

    /// The columns `ProjectRow` reads, named: a prepared statement's columns are fixed when it is
    /// prepared, so `p.*` would break it when a later migration adds a column.
    static let projectColumns = SQLQueryString(
        (["id", "code", "title"] + projectTextColumns.map(\.column)
            + ["lead_organisation_id", "programme_id", "methodology", "stage_id", "status", "start_date", "end_date", "budget_pence",
               "tags", "visibility", "version", "created_at", "updated_at"]).map { "p." + $0 }.joined(separator: ", "))

    /// The project, with that person's role on its team when `personID` is given, and its team when
    /// `withTeam`: one statement. Each of the project's partners, themes and team members is a row
    /// of its own, the project's columns repeated (one row with none when it has none of them).
    /// From the portfolio index when this instance holds it as current as the request, without a
    /// statement: the index has every project with its team.
    private func projectWithTeamRole(_ id: UUID, of personID: UUID?, withTeam: Bool = false)
        async throws -> (Project, TeamRole?, [TeamMember])? {
        if let index = currentDerived(.portfolio, from: \.portfolio) {
            // The index is at least as new as the request: a project not in it did not exist
            // when the request came.
            guard let entry = index.entry(id) else { return nil }
            if let details = entry.details {
                return (details.project, personID.flatMap { entry.team[$0] }, withTeam ? details.team : [])
            }
        }
        // The team comes first when asked for: PostgreSQL takes a UNION's column types from the
        // left, and the links' NULLs alone would make its organisation id text.
        let team: SQLQueryString = withTeam ? """
            SELECT 'team' AS kind, t.person_id AS other_id, t.role, m.name, m.email, m.organisation_id
            FROM team_members t JOIN people m ON m.id = t.person_id WHERE t.project_id = \(bind: id)
            UNION ALL
            """ : ""
        let rows = try await reusing.rows("""
            SELECT \(Store.projectColumns),
                   (SELECT t.role FROM team_members t WHERE t.project_id = p.id AND t.person_id = \(bind: personID))
                   AS reader_team_role,
                   x.kind AS part_kind, x.other_id AS part_id, x.role AS part_role, x.name AS part_name,
                   x.email AS part_email, x.organisation_id AS part_organisation_id
            FROM projects p LEFT JOIN (
                \(team)
                SELECT 'partner' AS kind, organisation_id AS other_id, NULL AS role, NULL AS name, NULL AS email,
                       NULL AS organisation_id
                FROM project_partners WHERE project_id = \(bind: id)
                UNION ALL
                SELECT 'theme' AS kind, theme_id AS other_id, NULL, NULL, NULL, NULL
                FROM project_themes WHERE project_id = \(bind: id)
            ) x ON 1 = 1
            WHERE p.id = \(bind: id)
            ORDER BY x.kind, x.name
            """, reading: { $0 })
        guard let first = rows.first else { return nil }
        let row = try ProjectRow(first)
        let readerTeamRole = try first.optionalString("reader_team_role").map { try Columns.choice($0, "role", as: TeamRole.self) }
        let parts = try rows.compactMap(ProjectPartRow.init)
        let project = try project(from: row, partners: parts.filter { $0.kind == "partner" }.map(\.otherId),
                              themes: parts.filter { $0.kind == "theme" }.map(\.otherId))
        return (project, readerTeamRole, try Self.teamInRoleOrder(parts.compactMap(\.teamRow)))
    }

    func project(from row: ProjectRow, partners: [UUID], themes: [UUID]) throws -> Project {
        var fields = ProjectFields(
            title: row.title, leadOrganisationID: row.leadOrganisationId,
            partnerOrganisationIDs: partners, programmeID: row.programmeId, themeIDs: themes,
            methodology: try Columns.choice(row.methodology, "methodology"), stageID: row.stageId,
            status: try Columns.choice(row.status, "status"), startDate: try row.startDate.map(Self.calendarDate),
            endDate: try row.endDate.map(Self.calendarDate), budgetPence: row.budgetPence,
            tags: try TagsColumn.decode(row.tags), visibility: try Columns.choice(row.visibility, "visibility"))
        for (text, value) in zip(Self.projectTextColumns, row.texts) { fields[keyPath: text.field.field] = value }
        return Project(id: row.id, code: row.code, fields: fields.linksInStoredOrder, version: row.version,
                       createdAt: row.createdAt, updatedAt: row.updatedAt)
    }

    static func calendarDate(_ text: String) throws -> CalendarDate {
        guard let date = CalendarDate(text) else { throw Columns.UnknownValue(column: "date", value: text) }
        return date
    }

    public func teamRole(of personID: UUID, in projectID: UUID) async throws -> TeamRole? {
        try await scalar("""
            SELECT role FROM team_members WHERE project_id = \(bind: projectID) AND person_id = \(bind: personID)
            """, column: "role", as: String.self).map { try Columns.choice($0, "role", as: TeamRole.self) }
    }

    /// The project and the facts the access policy needs about it for this person.
    public func projectForAccess(_ id: UUID, actor: Actor) async throws -> (Project, ProjectAccessFacts)? {
        guard let (project, role, _) = try await projectWithTeamRole(id, of: actor.personID) else { return nil }
        return (project, project.accessFacts(actorTeamRole: role))
    }

    /// As `projectForAccess`, with the project's team (what its page shows), in the same one statement.
    public func projectWithTeam(_ id: UUID, actor: Actor) async throws -> (Project, ProjectAccessFacts, [TeamMember])? {
        guard let (project, role, team) = try await projectWithTeamRole(id, of: actor.personID, withTeam: true) else {
            return nil
        }
        return (project, project.accessFacts(actorTeamRole: role), team)
    }

    /// Team members in the order a reader expects: SRO, manager, QI lead, members, observers. From
    /// the portfolio index when it is as new as the request (a project's pages name its team's
    /// members as owners), else from the database.
    public func team(of projectID: UUID) async throws -> [TeamMember] {
        if let details = currentDerived(.portfolio, from: \.portfolio)?.entry(projectID)?.details { return details.team }
        let rows = try await rows("""
            SELECT t.person_id, t.role, p.name, p.email, p.organisation_id
            FROM team_members t JOIN people p ON p.id = t.person_id
            WHERE t.project_id = \(bind: projectID) ORDER BY p.name
            """, reading: TeamRow.init)
        return try Self.teamInRoleOrder(rows)
    }

    /// Rows in name order, as members in role order and by name within a role.
    static func teamInRoleOrder(_ rows: [TeamRow]) throws -> [TeamMember] {
        let order = TeamRole.allCases
        return try rows.enumerated().map { position, row in
            let role = try Columns.choice(row.role, "role", as: TeamRole.self)
            return (order.firstIndex(of: role)!, position, TeamMember(personID: row.personId, name: row.name, email: row.email,
                                                                     organisationID: row.organisationId, role: role))
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    // MARK: Changing projects

    /// Creates a project with the next code of its lead organisation ("RH5-0042").
    public func createProject(_ fields: ProjectFields, references: ReferenceData, team: [(UUID, TeamRole)] = [],
                              by actor: AuditActor) async throws -> Project {
        try await write { store in
            guard let sequence = try await store.row("""
                UPDATE organisations SET project_sequence = project_sequence + 1
                WHERE id = \(bind: fields.leadOrganisationID) RETURNING project_sequence, code
                """, as: SequenceRow.self) else {
                throw ValidationFailure("leadOrganisationId", "Select the lead organisation", kind: .reference)
            }
            let code = ProjectCode(organisationCode: sequence.code, number: sequence.projectSequence).description
            let id = UUID()
            let now = store.now()
            try await store.run("""
                INSERT INTO projects (id, code, title, \(Self.textColumnList), lead_organisation_id,
                    programme_id, methodology, stage_id, status, start_date, end_date, budget_pence, tags, visibility,
                    version, created_at, updated_at)
                VALUES (\(bind: id), \(bind: code), \(try store.fieldValues(fields)), 1, \(bind: now), \(bind: now))
                """)
            try await store.replaceLinks(of: id, fields)
            try await store.record(.projectCreated, id, projectID: id, subject: "\(code) \(fields.title)",
                                   changes: FieldChange.created(fields.auditValues), by: actor)
            for (personID, role) in team {
                try await store.setTeamMember(projectID: id, personID: personID, role: role, by: actor)
            }
            return Project(id: id, code: code, fields: fields.linksInStoredOrder, version: 1, createdAt: now, updatedAt: now)
        }
    }

    private func fieldValues(_ fields: ProjectFields) throws -> SQLQueryString {
        """
        \(bind: fields.title), \(binds: Self.projectTextColumns.map { fields[keyPath: $0.field.field] }),
        \(bind: fields.leadOrganisationID), \(bind: fields.programmeID),
        \(bind: fields.methodology.rawValue), \(bind: fields.stageID), \(bind: fields.status.rawValue),
        \(bind: fields.startDate?.description), \(bind: fields.endDate?.description), \(bind: fields.budgetPence),
        \(bind: try TagsColumn.encode(fields.tags)), \(bind: fields.visibility.rawValue)
        """
    }

    static let textColumnList = SQLQueryString(projectTextColumns.map(\.column).joined(separator: ", "))

    static func textAssignments(_ fields: ProjectFields) -> SQLQueryString {
        projectTextColumns.map { "\(ident: $0.column) = \(bind: fields[keyPath: $0.field.field])" as SQLQueryString }
            .joined(separator: ", ")
    }

    private func replaceLinks(of projectID: UUID, _ fields: ProjectFields) async throws {
        try await run("DELETE FROM project_partners WHERE project_id = \(bind: projectID)")
        try await run("DELETE FROM project_themes WHERE project_id = \(bind: projectID)")
        for partner in fields.partnerOrganisationIDs {
            try await run("INSERT INTO project_partners (project_id, organisation_id) VALUES (\(bind: projectID), \(bind: partner))")
        }
        for theme in fields.themeIDs {
            try await run("INSERT INTO project_themes (project_id, theme_id) VALUES (\(bind: projectID), \(bind: theme))")
        }
    }

    /// Saves new register fields if nobody saved since `expectedVersion`. `current` is the project
    /// as the caller read it: when it has that version it is what the update replaces (every change
    /// to a project's fields moves its version), and is not read again.
    public func updateProject(_ id: UUID, expectedVersion: Int, fields: ProjectFields, references: ReferenceData,
                              current: Project? = nil, by actor: AuditActor) async throws -> Project {
        try await write { store in
            let known = current.flatMap { $0.id == id && $0.version == expectedVersion ? $0 : nil }
            guard let before = try await known.asyncOr({ try await store.project(id) }) else { throw NotFound("project") }
            let now = store.now()
            let version = try await store.conditionalUpdate("projects", id: id, expectedVersion: expectedVersion, at: now, set: """
                title = \(bind: fields.title), \(Self.textAssignments(fields)),
                lead_organisation_id = \(bind: fields.leadOrganisationID), programme_id = \(bind: fields.programmeID),
                methodology = \(bind: fields.methodology.rawValue), stage_id = \(bind: fields.stageID),
                status = \(bind: fields.status.rawValue), start_date = \(bind: fields.startDate?.description),
                end_date = \(bind: fields.endDate?.description), budget_pence = \(bind: fields.budgetPence),
                tags = \(bind: try TagsColumn.encode(fields.tags)), visibility = \(bind: fields.visibility.rawValue)
                """)
            if Set(before.fields.partnerOrganisationIDs) != Set(fields.partnerOrganisationIDs) || Set(before.fields.themeIDs) != Set(fields.themeIDs) {
                try await store.replaceLinks(of: id, fields)
            }
            let changes = FieldChange.between(before.fields.auditValues, fields.auditValues)
            let closing = before.fields.status != .closed && fields.status == .closed
            try await store.record(closing ? .projectClosed : .projectChanged, id, projectID: id,
                                   subject: "\(before.code) \(fields.title)", changes: changes, by: actor)
            return Project(id: id, code: before.code, fields: fields.linksInStoredOrder, version: version,
                           createdAt: before.createdAt, updatedAt: now)
        }
    }

    /// Hard delete (administrators only; closing is the normal end). The audit trail keeps the record.
    public func deleteProject(_ id: UUID, references: ReferenceData, by actor: AuditActor) async throws {
        try await write { store in
            guard let project = try await store.project(id) else { throw NotFound("project") }
            try await store.run("DELETE FROM projects WHERE id = \(bind: id)")
            // Its dependencies go with it and others' on it lose their provider (M018): both
            // change the dependency register whether or not the database's triggers see them.
            try await store.run("UPDATE change_counters SET value = value + 1 WHERE name = 'dependencies'")
            try await store.record(.projectDeleted, id, projectID: id, subject: "\(project.code) \(project.fields.title)",
                                   changes: FieldChange.between(project.fields.auditValues, []), by: actor)
        }
    }

    /// Within a write: whether the project exists, holding its row until the write commits so
    /// that changes to one project's parts take turns. SQLite's writes already take turns (one
    /// writer at a time); PostgreSQL's take a row lock.
    func lockProject(_ id: UUID) async throws -> Bool {
        switch dialect {
        case .sqlite:
            return try await count("SELECT COUNT(*) AS n FROM projects WHERE id = \(bind: id)") == 1
        case .postgres:
            return try await count("SELECT COUNT(*) AS n FROM (SELECT id FROM projects WHERE id = \(bind: id) FOR UPDATE) p") == 1
        }
    }

    /// The project's code, the project locked as `lockProject` locks it; `NotFound` when there is
    /// none. For records that keep their project's code (it never changes once given).
    func lockedProjectCode(_ id: UUID) async throws -> String {
        let query: SQLQueryString = switch dialect {
        case .sqlite: "SELECT code FROM projects WHERE id = \(bind: id)"
        case .postgres: "SELECT code FROM projects WHERE id = \(bind: id) FOR UPDATE"
        }
        guard let code = try await rows(query, reading: { try $0.string("code") }).first else { throw NotFound("project") }
        return code
    }

    /// Adds a person to the team, or changes their role if they are on it.
    public func setTeamMember(projectID: UUID, personID: UUID, role: TeamRole, by actor: AuditActor) async throws {
        try await write { store in
            guard let person = try await store.person(personID), person.active else {
                throw ValidationFailure("personId", "Select an active person to add to the team", kind: .reference)
            }
            // Team changes to one project take turns from here, so the role read next is the one
            // this change replaces: two people adding the same member at once make one insert and
            // one no-change (on PostgreSQL the second had failed on the team's primary key).
            guard try await store.lockProject(projectID) else { throw NotFound("project") }
            let current = try await store.teamRole(of: personID, in: projectID)
            if current == role { return }
            if current == nil {
                try await store.run("""
                    INSERT INTO team_members (project_id, person_id, role, added_at)
                    VALUES (\(bind: projectID), \(bind: personID), \(bind: role.rawValue), \(bind: store.now()))
                    """)
            } else {
                try await store.run("""
                    UPDATE team_members SET role = \(bind: role.rawValue)
                    WHERE project_id = \(bind: projectID) AND person_id = \(bind: personID)
                    """)
            }
            try await store.record(current == nil ? .teamMemberAdded : .teamMemberRoleChanged, personID, projectID: projectID,
                                   subject: person.name,
                                   changes: [FieldChange(field: "role", old: current?.rawValue, new: role.rawValue)], by: actor)
        }
    }

    public func removeTeamMember(projectID: UUID, personID: UUID, by actor: AuditActor) async throws {
        try await write { store in
            guard try await store.lockProject(projectID) else { throw NotFound("team member") }
            guard let current = try await store.teamRole(of: personID, in: projectID) else {
                throw NotFound("team member")
            }
            let name = try await store.person(personID)?.name ?? personID.lowercasedText
            try await store.run("DELETE FROM team_members WHERE project_id = \(bind: projectID) AND person_id = \(bind: personID)")
            try await store.record(.teamMemberRemoved, personID, projectID: projectID, subject: name,
                                   changes: [FieldChange(field: "role", old: current.rawValue, new: nil)], by: actor)
        }
    }
}
