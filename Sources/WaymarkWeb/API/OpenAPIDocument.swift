import Foundation
import Vapor
import WaymarkDomain

/// The OpenAPI 3.1 description of exactly what `APIController` implements. Built once, as JSON.
///
/// The schema fragments are `[String: Any]` (what JSONSerialization takes), which Swift cannot
/// prove Sendable; they are immutable `let`s, so `nonisolated(unsafe)` is safe for them.
enum OpenAPIDocument {
    typealias JSON = [String: Any]

    static func response() -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(data: json))
    }

    static let json: Data = {
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data("{}".utf8)
    }()

    // MARK: Schema helpers

    static func ref(_ name: String) -> JSON { ["$ref": "#/components/schemas/\(name)"] }
    /// An id in either case, as the server reads it. `format: uuid` alone is an annotation that
    /// generators may ignore (schemathesis offered "" as a valid id), so the shape is a pattern too.
    static let uuidPattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}" + end
    nonisolated(unsafe) static let uuid: JSON = ["type": "string", "format": "uuid", "pattern": uuidPattern]
    nonisolated(unsafe) static let nullableUUID: JSON = ["type": ["string", "null"], "format": "uuid", "pattern": uuidPattern]
    /// The end of the text, as every regular expression engine reads it. JSON Schema's patterns are
    /// ECMAScript, whose `$` is the very end; Python's (schemathesis generates from it) and ICU's
    /// `$` also match before a final line break, so a generator would offer "AB\n" as a valid
    /// code. "No character follows" means the same everywhere.
    static let end = "(?![\\s\\S])"

    /// CalendarDate takes the years 1900 to 2200.
    static let datePattern = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}" + end
    nonisolated(unsafe) static let date: JSON = ["type": "string", "format": "date", "pattern": datePattern,
                                                 "description": "A date from 1900-01-01 to 2200-12-31"]
    nonisolated(unsafe) static let nullableDate: JSON = ["type": ["string", "null"], "format": "date", "pattern": datePattern,
                                                         "description": "A date from 1900-01-01 to 2200-12-31, or null for none"]
    nonisolated(unsafe) static let timestamp: JSON = ["type": "string", "format": "date-time"]
    nonisolated(unsafe) static let integer: JSON = ["type": "integer"]
    nonisolated(unsafe) static let version: JSON = ["type": "integer", "minimum": 0, "maximum": 2_147_483_646,
                                "description": "The version you read; a stale one is refused with 409."]
    /// Text as validation (`FieldErrors.text`) takes it: no control character (line breaks and
    /// tabs only where text has several lines), and, when required, a character that is not
    /// blank (`BlankText`, from which the pattern is built). `extra` characters are refused too.
    static func text(max: Int, required: Bool = false, multiline: Bool = false, refusing extra: String = "") -> JSON {
        let controls: [ClosedRange<UInt32>] = multiline ? [0x00...0x08, 0x0B...0x0C, 0x0E...0x1F, 0x7F...0x9F]
                                                        : [0x00...0x1F, 0x7F...0x9F]
        let allowed = "[^" + extra + characterClass(controls) + "]"
        let pattern = required ? "^\(allowed)*[^\(extra)\(characterClass(BlankText.ranges))]\(allowed)*\(end)" : "^\(allowed)*\(end)"
        return ["type": "string", "maxLength": max, "pattern": pattern]
    }

    /// Code point ranges as the inside of a regular expression's character class, in `\uXXXX`
    /// escapes that ECMAScript and Python read alike.
    static func characterClass(_ ranges: [ClosedRange<UInt32>]) -> String {
        func escaped(_ value: UInt32) -> String {
            let hex = String(value, radix: 16)
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return ranges.map { $0.count == 1 ? escaped($0.lowerBound) : escaped($0.lowerBound) + "-" + escaped($0.upperBound) }.joined()
    }
    static func choice(_ values: [String]) -> JSON { ["type": "string", "enum": values] }
    static func object(_ properties: JSON, required: [String] = []) -> JSON {
        var schema: JSON = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }
    static func list(_ item: String) -> JSON {
        object(["items": ["type": "array", "items": ref(item)], "page": integer, "perPage": integer, "total": integer],
               required: ["items", "page", "perPage", "total"])
    }

    static let methodologies = Methodology.allCases.map(\.rawValue)
    static let statuses = ProjectStatus.allCases.map(\.rawValue)
    static let visibilities = Visibility.allCases.map(\.rawValue)

    // MARK: Operations

    static func problem(_ description: String) -> JSON {
        ["description": description, "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }

    static func ok(_ schema: JSON, _ description: String = "OK", etag: Bool = false) -> JSON {
        var response: JSON = ["description": description, "content": ["application/json": ["schema": schema]]]
        if etag { response["headers"] = ["ETag": ["description": "The version, for If-Match", "schema": ["type": "string"]]] }
        return response
    }

    nonisolated(unsafe) static let commonErrors: JSON = [
        "401": problem("No valid API token or session"),
        "405": problem("Method not allowed"),
    ]

    static func operation(_ id: String, _ summary: String, tag: String, parameters: [JSON] = [], body: JSON? = nil,
                          responses: JSON) -> JSON {
        var operation: JSON = ["operationId": id, "summary": summary, "tags": [tag],
                               "responses": responses.merging(commonErrors) { first, _ in first }]
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if let body {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]]
        }
        return operation
    }

    static func pathID(_ name: String = "id") -> JSON {
        ["name": name, "in": "path", "required": true, "schema": uuid]
    }

    static func query(_ name: String, _ schema: JSON, _ description: String) -> JSON {
        ["name": name, "in": "query", "required": false, "schema": schema, "description": description]
    }

    nonisolated(unsafe) static let paging: [JSON] = [
        query("page", ["type": "integer", "minimum": 1, "maximum": 100_000], "Page number, from 1"),
        query("per_page", ["type": "integer", "minimum": 1, "maximum": PageRequest.maximumPerPage], "Items per page (at most 100)"),
    ]

    nonisolated(unsafe) static let ifMatch: JSON = ["name": "If-Match", "in": "header", "required": false,
                                "schema": ["type": "string", "pattern": "^(W/)?\"?[0-9]{1,9}\"?" + end],
                                "description": "The version you read (as in ETag); a stale one is refused with 412."]

    nonisolated(unsafe) static let updateErrors: JSON = [
        "403": problem("You may read it but not change it"),
        "404": problem("No such record, or you may not read it"),
        "409": problem("The version in the body is not the current one; nothing was changed"),
        "412": problem("If-Match names a version that is not the current one; nothing was changed"),
        "415": problem("The body is not JSON"),
        "422": problem("Invalid fields; nothing was changed"),
        "428": problem("Neither a version nor If-Match was sent"),
    ]

    nonisolated(unsafe) static let createErrors: JSON = [
        "403": problem("You may not create this"),
        "415": problem("The body is not JSON"),
        "422": problem("Invalid fields; nothing was created"),
    ]

    /// OpenAPI links from a created record to the operations on it, each given the new record's
    /// id: how a client (and schemathesis's stateful phase) goes on from a 201.
    static func links(to operations: [String], parameter: String = "id") -> JSON {
        Dictionary(uniqueKeysWithValues: operations.map { operationID in
            (operationID.prefix(1).uppercased() + operationID.dropFirst(),
             ["operationId": operationID, "parameters": [parameter: "$response.body#/id"]] as JSON)
        })
    }

    static func created(_ item: String, links operations: [String]) -> JSON {
        ok(ref(item), "Created", etag: true).merging(["links": links(to: operations)]) { a, _ in a }
    }

    static func crud(_ name: String, plural: String, tag: String, item: String, create: String, update: String,
                     listParameters: [JSON] = []) -> (JSON, JSON) {
        let singular = name.capitalized.replacingOccurrences(of: " ", with: "")
        let collection: JSON = [
            "get": operation("list\(plural)", "List \(name)s", tag: tag, parameters: listParameters + paging,
                             responses: ["200": ok(list(item)), "422": problem("Invalid query parameters")]),
            "post": operation("create\(singular)", "Create a \(name)", tag: tag, body: ref(create),
                              responses: ["201": created(item, links: ["get\(singular)", "update\(singular)"])]
                                .merging(createErrors) { a, _ in a }),
        ]
        let single: JSON = [
            "get": operation("get\(singular)", "Get a \(name)", tag: tag, parameters: [pathID()],
                             responses: ["200": ok(ref(item), etag: true), "404": problem("No such \(name)")]),
            "patch": operation("update\(singular)", "Change a \(name)", tag: tag,
                               parameters: [pathID(), ifMatch], body: ref(update),
                               responses: ["200": ok(ref(item), etag: true)].merging(updateErrors) { a, _ in a }),
        ]
        return (collection, single)
    }

    static var paths: JSON {
        var paths: JSON = [:]
        func put(_ route: APIRoute, _ value: JSON) { paths[route.openAPIPath] = value }

        put(.me, ["get": operation("getMe", "The signed-in person", tag: "People", responses: ["200": ok(ref("Person"))])])

        let (organisations, organisation) = crud("organisation", plural: "Organisations", tag: "Organisations", item: "Organisation",
                                                 create: "OrganisationCreate", update: "OrganisationUpdate")
        put(.organisations, organisations)
        put(.organisation(.key), organisation)

        let (people, person) = crud("person", plural: "People", tag: "People", item: "Person", create: "PersonCreate",
                                    update: "PersonUpdate", listParameters: [
                                        query("organisation", uuid, "Only people of this organisation"),
                                        query("q", ["type": "string", "maxLength": 200], "Name or email contains"),
                                        query("include_inactive", choice(["true", "false"]), "Include deactivated accounts (administrators only)"),
                                    ])
        put(.people, people)
        put(.person(.key), person)

        let (themes, theme) = crud("theme", plural: "Themes", tag: "Portfolio structure", item: "NamedItem",
                                   create: "NamedItemCreate", update: "NamedItemUpdate")
        put(.themes, themes)
        put(.theme(.key), theme)
        let (programmes, programme) = crud("programme", plural: "Programmes", tag: "Portfolio structure", item: "NamedItem",
                                           create: "NamedItemCreate", update: "NamedItemUpdate")
        put(.programmes, programmes)
        put(.programme(.key), programme)

        put(.stages, ["get": operation("listStages", "The lifecycle stages, in order", tag: "Portfolio structure",
                                       responses: ["200": ok(list("Stage"))])])

        put(.projects, [
            "get": operation("listProjects", "Projects you may read, filtered, sorted and paged", tag: "Projects",
                             parameters: [
                                query("organisation", uuid, "Lead organisation"),
                                query("programme", uuid, "Programme"),
                                query("theme", uuid, "Strategic theme"),
                                query("stage", uuid, "Lifecycle stage"),
                                query("methodology", choice(methodologies), "Method"),
                                query("status", choice(statuses), "Lifecycle status"),
                                query("visibility", choice(visibilities), "Visibility"),
                                query("q", ["type": "string", "maxLength": 200], "Title, code or summary contains"),
                                query("mine", choice(["true", "false"]), "Only projects whose team you are on"),
                                query("sort", choice(PortfolioSort.allCases.map(\.rawValue)), "Sort key"),
                                query("order", choice(["asc", "desc"]), "Sort order"),
                             ] + paging,
                             responses: ["200": ok(list("ProjectSummary")), "422": problem("Invalid query parameters")]),
            "post": operation("createProject", "Create a project (its code is generated from the lead organisation's)",
                              tag: "Projects", body: ref("ProjectCreate"),
                              responses: ["201": created("Project", links: ["getProject", "updateProject", "deleteProject",
                                                                            "getProjectHistory", "listProjectTeam"])]
                                .merging(createErrors) { a, _ in a }),
        ])
        put(.project(.key), [
            "get": operation("getProject", "Get a project", tag: "Projects", parameters: [pathID()],
                             responses: ["200": ok(ref("Project"), etag: true), "404": problem("No such project, or you may not read it")]),
            "patch": operation("updateProject", "Change a project's fields; absent fields keep their value, null clears",
                               tag: "Projects", parameters: [pathID(), ifMatch], body: ref("ProjectUpdate"),
                               responses: ["200": ok(ref("Project"), etag: true)].merging(updateErrors) { a, _ in a }),
            "delete": operation("deleteProject", "Delete a project (administrators only; close it instead)", tag: "Projects",
                                parameters: [pathID()],
                                responses: ["204": ["description": "Deleted"], "403": problem("Only administrators delete projects"),
                                            "404": problem("No such project, or you may not read it")]),
        ])
        put(.projectTeam(.key), ["get": operation("listProjectTeam", "The project team", tag: "Projects", parameters: [pathID()],
                                                  responses: ["200": ok(list("TeamMember")), "404": problem("No such project, or you may not read it")])])
        put(.projectTeamMember(.key, .key), [
            "put": operation("setProjectTeamMember", "Add a person to the team, or change their role", tag: "Projects",
                             parameters: [pathID(), pathID("personId")], body: ref("TeamMemberUpdate"),
                             responses: ["200": ok(ref("TeamMember")), "403": problem("You may not change the team"),
                                         "404": problem("No such project or person"), "415": problem("The body is not JSON"),
                                         "422": problem("Invalid role, or the person is deactivated")]),
            "delete": operation("removeProjectTeamMember", "Remove a person from the team", tag: "Projects",
                                parameters: [pathID(), pathID("personId")],
                                responses: ["204": ["description": "Removed"], "403": problem("You may not change the team"),
                                            "404": problem("No such project, or the person is not on its team")]),
        ])
        put(.projectHistory(.key), ["get": operation("getProjectHistory", "Every recorded change to the project and its team, newest first",
                                                     tag: "Projects", parameters: [pathID()] + paging,
                                                     responses: ["200": ok(list("AuditEvent")), "404": problem("No such project, or you may not read it"),
                                                                 "422": problem("Invalid query parameters")])])
        return paths
    }

    // MARK: Schemas

    static var projectFields: JSON {
        var fields: JSON = [
            "title": text(max: ProjectFields.titleLimit, required: true),
            "leadOrganisationId": uuid,
            "partnerOrganisationIds": ["type": "array", "items": uuid, "maxItems": 50],
            "programmeId": nullableUUID,
            "themeIds": ["type": "array", "items": uuid, "maxItems": 50],
            "methodology": choice(methodologies),
            "stageId": uuid,
            "status": choice(statuses),
            "startDate": nullableDate,
            "endDate": nullableDate,
            "budgetPence": ["type": ["integer", "null"], "minimum": 0, "maximum": ProjectFields.maximumBudgetPence],
            "tags": ["type": "array", "maxItems": ProjectFields.tagLimit,
                     "items": text(max: 40, required: true, refusing: ",")],
            "visibility": choice(visibilities),
        ]
        for field in ProjectFields.texts { fields[field.key] = text(max: ProjectFields.textLimit, multiline: true) }
        return fields
    }

    /// An ODS code's shape depends on `codeKind`, which JSON Schema says with if/then.
    static var odsCodeRule: JSON {
        ["if": ["properties": ["codeKind": ["const": "ods"]], "required": ["codeKind"]],
         "then": ["properties": ["code": ["pattern": "^[A-Za-z][A-Za-z0-9]{2,5}" + end]]]]
    }

    static var schemas: JSON {
        let organisationFields: JSON = [
            "name": text(max: 200, required: true),
            "code": ["type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9-]{0,10}[A-Za-z0-9]" + end,
                     "description": "ODS: 3 to 6 letters and digits starting with a letter; local: 2 to 12 letters, digits and hyphens. Stored in capitals."],
            "codeKind": choice(OrganisationCodeKind.allCases.map(\.rawValue)),
            "kind": choice(OrganisationKind.allCases.map(\.rawValue)),
        ]
        let personFields: JSON = [
            "name": text(max: 200, required: true),
            "email": ["type": "string", "format": "email", "maxLength": 254],
            "role": choice(SystemRole.allCases.map(\.rawValue)),
            "organisationId": uuid,
            "password": ["type": "string", "minLength": PasswordRules.minimumLength, "maxLength": PasswordRules.maximumBytes,
                         "description": "At most \(PasswordRules.maximumBytes) bytes in UTF-8 (bcrypt reads no more)"],
        ]
        var personUpdate = personFields
        personUpdate["active"] = ["type": "boolean"]
        personUpdate["version"] = version
        var organisationUpdate = organisationFields
        organisationUpdate["version"] = version
        var projectUpdate = projectFields
        projectUpdate["version"] = version
        let named: JSON = ["name": text(max: 120, required: true), "description": text(max: 2_000, multiline: true)]
        var namedUpdate = named
        namedUpdate["version"] = version

        return [
            "Problem": object([
                "type": ["type": "string"], "title": ["type": "string"], "status": integer, "detail": ["type": "string"],
                "errors": ["type": "array", "items": object(["field": ["type": "string"], "message": ["type": "string"],
                                                             "kind": ["type": "string", "enum": FieldErrorKind.allCases.map(\.rawValue),
                                                                      "description": "invalid: the document already says so; reference: no such record, or one that cannot be chosen; taken: another record has it; rule: a rule across fields, or about who may set it, that no schema can state"]],
                                                            required: ["field", "message", "kind"])],
                "currentVersion": integer,
            ], required: ["type", "title", "status", "detail"]),
            "Organisation": object([
                "id": uuid, "name": ["type": "string"], "code": ["type": "string"],
                "codeKind": choice(OrganisationCodeKind.allCases.map(\.rawValue)),
                "kind": choice(OrganisationKind.allCases.map(\.rawValue)), "version": integer,
            ], required: ["id", "name", "code", "codeKind", "kind", "version"]),
            "OrganisationCreate": object(organisationFields, required: ["name", "code", "codeKind", "kind"])
                .merging(["allOf": [odsCodeRule]]) { a, _ in a },
            "OrganisationUpdate": object(organisationUpdate).merging(["allOf": [odsCodeRule]]) { a, _ in a },
            "Person": object([
                "id": uuid, "name": ["type": "string"], "email": ["type": "string"],
                "role": choice(SystemRole.allCases.map(\.rawValue)), "organisationId": uuid, "active": ["type": "boolean"],
                "version": integer,
            ], required: ["id", "name", "email", "role", "organisationId", "active", "version"]),
            "PersonCreate": object(personFields, required: ["name", "email", "role", "organisationId", "password"]),
            "PersonUpdate": object(personUpdate),
            "NamedItem": object(["id": uuid, "name": ["type": "string"], "description": ["type": "string"], "version": integer],
                                required: ["id", "name", "description", "version"]),
            "NamedItemCreate": object(named, required: ["name"]),
            "NamedItemUpdate": object(namedUpdate),
            "Stage": object(["id": uuid, "key": ["type": "string"], "name": ["type": "string"], "position": integer,
                             "gate": ["type": ["string", "null"]], "description": ["type": "string"]],
                            required: ["id", "key", "name", "position", "description"]),
            "Project": object([
                "id": uuid, "code": ["type": "string"], "title": ["type": "string"],
                "leadOrganisationId": uuid, "partnerOrganisationIds": ["type": "array", "items": uuid],
                "programmeId": nullableUUID, "themeIds": ["type": "array", "items": uuid],
                "methodology": choice(methodologies), "stageId": uuid, "status": choice(statuses),
                "startDate": nullableDate, "endDate": nullableDate, "budgetPence": ["type": ["integer", "null"]],
                "tags": ["type": "array", "items": ["type": "string"]], "visibility": choice(visibilities),
                "version": integer, "createdAt": timestamp, "updatedAt": timestamp,
                "permissions": object(["canEdit": ["type": "boolean"], "canManage": ["type": "boolean"], "canDelete": ["type": "boolean"]],
                                      required: ["canEdit", "canManage", "canDelete"]),
            ].merging(Dictionary(uniqueKeysWithValues: ProjectFields.texts.map { ($0.key, ["type": "string"] as JSON) })) { a, _ in a },
            required: ["id", "code", "title"] + ProjectFields.texts.map(\.key)
                + ["leadOrganisationId", "partnerOrganisationIds", "themeIds", "methodology", "stageId", "status", "tags", "visibility",
                   "version", "createdAt", "updatedAt", "permissions"]),
            "ProjectCreate": object(projectFields, required: ["title", "leadOrganisationId", "methodology", "stageId", "visibility"]),
            "ProjectUpdate": object(projectUpdate),
            "ProjectSummary": object([
                "id": uuid, "code": ["type": "string"], "title": ["type": "string"], "summary": ["type": "string"],
                "leadOrganisationId": uuid, "leadOrganisationName": ["type": "string"], "programmeId": nullableUUID,
                "programmeName": ["type": ["string", "null"]], "methodology": choice(methodologies), "stageId": uuid,
                "stageName": ["type": "string"], "status": choice(statuses), "visibility": choice(visibilities),
                "startDate": nullableDate, "endDate": nullableDate, "version": integer, "updatedAt": timestamp,
            ], required: ["id", "code", "title", "summary", "leadOrganisationId", "leadOrganisationName", "methodology",
                          "stageId", "stageName", "status", "visibility", "version", "updatedAt"]),
            "TeamMember": object(["personId": uuid, "name": ["type": "string"], "email": ["type": "string"],
                                  "organisationId": uuid, "role": choice(TeamRole.allCases.map(\.rawValue))],
                                 required: ["personId", "name", "email", "organisationId", "role"]),
            "TeamMemberUpdate": object(["role": choice(TeamRole.allCases.map(\.rawValue))], required: ["role"]),
            "AuditEvent": object([
                "id": uuid, "occurredAt": timestamp, "actorId": nullableUUID, "actorName": ["type": "string"],
                "entityType": ["type": "string"], "entityId": uuid, "action": choice(["create", "update", "delete", "close"]),
                "event": ["type": "string", "enum": AuditEventCode.allCases.map(\.rawValue),
                          "description": "What happened, as a stable code"],
                "subject": ["type": "string", "description": "The record as it was named when the change was made"],
                "summary": ["type": "string", "description": "The event in words, as the history page shows it"],
                "changes": ["type": "array", "items": object([
                    "key": ["type": "string", "description": "The field's key, as the API's members name it"],
                    "field": ["type": "string", "description": "The field's label"],
                    "old": ["type": ["string", "null"]], "new": ["type": ["string", "null"]],
                    "oldValue": ["type": ["string", "null"], "description": "As stored: ids, codes, whole pence"],
                    "newValue": ["type": ["string", "null"]],
                ], required: ["key", "field"])],
            ], required: ["id", "occurredAt", "actorName", "entityType", "entityId", "action", "event", "subject", "summary", "changes"]),
        ]
    }

    static var document: JSON {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Waymark API",
                "version": "1.0.0",
                "description": "The shared project register of an Integrated Care System. Every call sees and changes exactly what the signed-in person may, by the same access policy as the web pages. Errors are application/problem+json (RFC 9457). Updates carry the version read, in the body or as If-Match: a stale one is refused, never silently overwritten.",
            ],
            "servers": [["url": APIRoute.prefix]],
            "security": [["bearer": [String]()]],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer",
                                               "description": "A personal API token (Waymark: API tokens, or `waymark token create`)"]],
                "schemas": schemas,
            ],
            "paths": paths,
        ]
    }
}
