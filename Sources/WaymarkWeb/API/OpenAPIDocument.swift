import Foundation
import OpenAPIKit
import Vapor
import WaymarkDomain

/// The OpenAPI 3.1 description of exactly what the API routes implement, as OpenAPIKit's typed
/// values: built once from the same declarations validation and the DTOs use (the limits of
/// `ProjectFields`, `ProjectFields.texts`, the domain's enumerations, `BlankText`), encoded once.
enum OpenAPIDocument {
    static func response() -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(data: json))
    }

    static let json: Data = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return try encoder.encode(document)
        } catch {
            preconditionFailure("The API document could not be encoded: \(error)")
        }
    }()

    // MARK: Schema helpers

    static func ref(_ name: String) -> JSONSchema { .reference(.component(named: name)) }

    /// The end of the text, as every regular expression engine reads it. JSON Schema's patterns are
    /// ECMAScript, whose `$` is the very end; Python's (schemathesis generates from it) and ICU's
    /// `$` also match before a final line break, so a generator would offer "AB\n" as a valid
    /// code. "No character follows" means the same everywhere.
    static let end = "(?![\\s\\S])"

    /// An id in either case, as the server reads it. `format: uuid` alone is an annotation that
    /// generators may ignore (schemathesis offered "" as a valid id), so the shape is a pattern too.
    static let uuidPattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}" + end
    static func uuid(nullable: Bool = false) -> JSONSchema { .string(format: .uuid, nullable: nullable, pattern: uuidPattern) }

    /// CalendarDate takes the years 1900 to 2200.
    static let datePattern = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}" + end
    static func date(nullable: Bool = false) -> JSONSchema {
        .string(format: .date, nullable: nullable,
                description: "A date from 1900-01-01 to 2200-12-31" + (nullable ? ", or null for none" : ""), pattern: datePattern)
    }

    static let timestamp = JSONSchema.string(format: .dateTime)
    static let integer = JSONSchema.integer()
    static let plainString = JSONSchema.string()
    static let boolean = JSONSchema.boolean()
    static let version = JSONSchema.integer(description: "The version you read; a stale one is refused with 409.",
                                            maximum: (2_147_483_646, exclusive: false), minimum: (0, exclusive: false))

    /// Text as validation (`FieldErrors.text`) takes it: no control character (line breaks and
    /// tabs only where text has several lines), and, when required, a character that is not
    /// blank (`BlankText`, from which the pattern is built). `extra` characters are refused too.
    static func text(max: Int, required: Bool = false, multiline: Bool = false, refusing extra: String = "") -> JSONSchema {
        .string(maxLength: max, pattern: textPattern(required: required, multiline: multiline, refusing: extra))
    }

    static func textPattern(required: Bool = false, multiline: Bool = false, refusing extra: String = "") -> String {
        let controls: [ClosedRange<UInt32>] = multiline ? [0x00...0x08, 0x0B...0x0C, 0x0E...0x1F, 0x7F...0x9F]
                                                        : [0x00...0x1F, 0x7F...0x9F]
        let allowed = "[^" + extra + characterClass(controls) + "]"
        return required ? "^\(allowed)*[^\(extra)\(characterClass(BlankText.ranges))]\(allowed)*\(end)" : "^\(allowed)*\(end)"
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

    static func choice(_ values: [String], nullable: Bool = false, description: String? = nil) -> JSONSchema {
        // A nullable choice lists null among its values: JSON Schema checks `enum` whatever the type says.
        .string(nullable: nullable, description: description,
                allowedValues: values.map { AnyCodable($0) } + (nullable ? [AnyCodable(Optional<String>.none)] : []))
    }

    static func choice<Choice: CaseIterable & RawRepresentable<String>>(_ type: Choice.Type) -> JSONSchema {
        choice(Choice.allCases.map(\.rawValue))
    }

    static func array(_ items: JSONSchema, maxItems: Int? = nil) -> JSONSchema { .array(maxItems: maxItems, items: items) }

    /// An object whose members are `required` or optional as listed: OpenAPIKit reads required-ness
    /// from each member's schema, so it is set here, in one place.
    static func object(_ properties: [(String, JSONSchema)], required: [String] = []) -> JSONSchema {
        var members = OrderedDictionary<String, JSONSchema>()
        for (name, schema) in properties {
            members[name] = required.contains(name) ? schema.requiredSchemaObject() : schema.optionalSchemaObject()
        }
        return .object(properties: members)
    }

    /// An object that may be null, every member required when it is not.
    static func nullableObject(_ properties: [(String, JSONSchema)]) -> JSONSchema {
        var members = OrderedDictionary<String, JSONSchema>()
        for (name, schema) in properties { members[name] = schema.requiredSchemaObject() }
        return .object(nullable: true, properties: members)
    }

    static func list(_ item: String) -> JSONSchema {
        object([("items", array(ref(item))), ("page", integer), ("perPage", integer), ("total", integer)],
               required: ["items", "page", "perPage", "total"])
    }

    // MARK: Operations

    static let problemJSON = OpenAPI.ContentType(rawValue: "application/problem+json")!

    static func problem(_ description: String) -> OpenAPI.Response {
        OpenAPI.Response(description: description, content: [problemJSON: .b(OpenAPI.Content(schema: ref("Problem")))])
    }

    static func ok(_ schema: JSONSchema, _ description: String = "OK", etag: Bool = false,
                   links: OpenAPI.Link.Map = [:]) -> OpenAPI.Response {
        OpenAPI.Response(description: description,
                         headers: etag ? ["ETag": .b(OpenAPI.Header(schema: .string(), description: "The version, for If-Match"))] : nil,
                         content: [.json: .b(OpenAPI.Content(schema: schema))], links: links)
    }

    static func empty(_ description: String) -> OpenAPI.Response { OpenAPI.Response(description: description) }

    /// A file to download, in any of these formats (the request chooses which).
    static func download(_ types: [OpenAPI.ContentType], _ description: String) -> OpenAPI.Response {
        var content = OpenAPI.Content.Map()
        for type in types { content[type] = .b(OpenAPI.Content(schema: .string(contentEncoding: .binary))) }
        return OpenAPI.Response(description: description, content: content)
    }

    typealias Responses = [(Int, OpenAPI.Response)]

    static let commonErrors: Responses = [(401, problem("No valid API token or session")), (405, problem("Method not allowed"))]

    static func operation(_ id: String, _ summary: String, tag: String, parameters: [OpenAPI.Parameter] = [],
                          body: JSONSchema? = nil, responses: Responses) -> OpenAPI.Operation {
        var map = OpenAPI.Response.Map()
        for (status, response) in responses + commonErrors where map[.init(integerLiteral: status)] == nil {
            map[.init(integerLiteral: status)] = .b(response)
        }
        return OpenAPI.Operation(tags: [tag], summary: summary, operationId: id, parameters: parameters.map { .b($0) },
                                 requestBody: body.map { OpenAPI.Request(content: [.json: .b(OpenAPI.Content(schema: $0))], required: true) },
                                 responses: map)
    }

    static func pathID(_ name: String = "id") -> OpenAPI.Parameter {
        OpenAPI.Parameter(name: name, context: .path(schema: uuid()))
    }

    static func query(_ name: String, _ schema: JSONSchema, _ description: String) -> OpenAPI.Parameter {
        OpenAPI.Parameter(name: name, context: .query(schema: schema), description: description)
    }

    static let paging: [OpenAPI.Parameter] = [
        query("page", .integer(maximum: (100_000, exclusive: false), minimum: (1, exclusive: false)), "Page number, from 1"),
        query("per_page", .integer(maximum: (PageRequest.maximumPerPage, exclusive: false), minimum: (1, exclusive: false)),
              "Items per page (at most 100)"),
    ]

    static let ifMatch = OpenAPI.Parameter(
        name: "If-Match", context: .header(schema: .string(pattern: "^(W/)?\"?[0-9]{1,9}\"?" + end)),
        description: "The version you read (as in ETag); a stale one is refused with 412.")

    static let updateErrors: Responses = [
        (403, problem("You may read it but not change it")),
        (404, problem("No such record, or you may not read it")),
        (409, problem("The version in the body is not the current one; nothing was changed")),
        (412, problem("If-Match names a version that is not the current one; nothing was changed")),
        (415, problem("The body is not JSON")),
        (422, problem("Invalid fields; nothing was changed")),
        (428, problem("Neither a version nor If-Match was sent")),
    ]

    static let createErrors: Responses = [
        (403, problem("You may not create this")),
        (415, problem("The body is not JSON")),
        (422, problem("Invalid fields; nothing was created")),
    ]

    /// OpenAPI links from a created record to the operations on it, each given the new record's
    /// id: how a client (and schemathesis's stateful phase) goes on from a 201.
    static func links(to operations: [String], parameter: String = "id") -> OpenAPI.Link.Map {
        var links = OpenAPI.Link.Map()
        for operationID in operations {
            links[operationID.prefix(1).uppercased() + operationID.dropFirst()] =
                .b(OpenAPI.Link(operationId: operationID, parameters: [parameter: .a(responseID)]))
        }
        return links
    }

    static let responseID = OpenAPI.RuntimeExpression(rawValue: "$response.body#/id")!

    static func created(_ item: String, links operations: [String]) -> OpenAPI.Response {
        ok(ref(item), "Created", etag: true, links: links(to: operations))
    }

    static func crud(_ name: String, plural: String, tag: String, item: String, create: String, update: String,
                     listParameters: [OpenAPI.Parameter] = []) -> (OpenAPI.PathItem, OpenAPI.PathItem) {
        let singular = name.capitalized.replacingOccurrences(of: " ", with: "")
        let collection = OpenAPI.PathItem(
            get: operation("list\(plural)", "List \(name)s", tag: tag, parameters: listParameters + paging,
                           responses: [(200, ok(list(item))), (422, problem("Invalid query parameters"))]),
            post: operation("create\(singular)", "Create a \(name)", tag: tag, body: ref(create),
                            responses: [(201, created(item, links: ["get\(singular)", "update\(singular)"]))] + createErrors))
        let single = OpenAPI.PathItem(
            get: operation("get\(singular)", "Get a \(name)", tag: tag, parameters: [pathID()],
                           responses: [(200, ok(ref(item), etag: true)), (404, problem("No such \(name)"))]),
            patch: operation("update\(singular)", "Change a \(name)", tag: tag, parameters: [pathID(), ifMatch], body: ref(update),
                             responses: [(200, ok(ref(item), etag: true))] + updateErrors))
        return (collection, single)
    }

    static var paths: OpenAPI.PathItem.Map {
        var paths = OpenAPI.PathItem.Map()
        func put(_ route: APIRoute, _ item: OpenAPI.PathItem) { paths[OpenAPI.Path(rawValue: route.openAPIPath)] = .b(item) }

        put(.me, OpenAPI.PathItem(get: operation("getMe", "The signed-in person", tag: "People", responses: [(200, ok(ref("Person")))])))

        let (organisations, organisation) = crud("organisation", plural: "Organisations", tag: "Organisations", item: "Organisation",
                                                 create: "OrganisationCreate", update: "OrganisationUpdate")
        put(.organisations, organisations)
        put(.organisation(.key), organisation)

        let (people, person) = crud("person", plural: "People", tag: "People", item: "Person", create: "PersonCreate",
                                    update: "PersonUpdate", listParameters: [
                                        query("organisation", uuid(), "Only people of this organisation"),
                                        query("q", .string(maxLength: 200), "Name, email or organisation contains"),
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

        put(.stages, OpenAPI.PathItem(get: operation("listStages", "The lifecycle stages, in order", tag: "Portfolio structure",
                                                     responses: [(200, ok(list("Stage")))])))

        let notReadable = problem("No such project, or you may not read it")
        // The portfolio's filters, as the project list, its download and the key milestones take them.
        let portfolioFilters: [OpenAPI.Parameter] = [
            query("organisation", uuid(), "Lead organisation"),
            query("programme", uuid(), "Programme"),
            query("theme", uuid(), "Strategic theme"),
            query("stage", uuid(), "Lifecycle stage"),
            query("methodology", choice(Methodology.self), "Method"),
            query("status", choice(ProjectStatus.self), "Lifecycle status"),
            query("visibility", choice(Visibility.self), "Visibility"),
            query("q", .string(maxLength: 200), "Title, code or summary contains"),
            query("delivery", choice(DeliveryFilter.self), "Latest reported overall status (not-reported: none reported)"),
            query("past_end", choice(["true", "false"]), "Only active projects whose end date has passed"),
        ]
        let portfolioOrder: [OpenAPI.Parameter] = [
            query("mine", choice(["true", "false"]), "Only projects whose team you are on"),
            query("sort", choice(PortfolioSort.self), "Sort key"),
            query("order", choice(["asc", "desc"]), "Sort order"),
        ]
        put(.projectExport, OpenAPI.PathItem(get: operation(
            "exportProjects", "Every project the filters select (not a page), as CSV or an Excel workbook (.xlsx)", tag: "Projects",
            parameters: [query("format", choice(ExportFormat.allCases.map(\.rawValue)), "csv (the default) or xlsx")]
                + portfolioFilters + portfolioOrder,
            responses: [(200, download([.csv, XLSXWorkbook.contentType], "The projects, one a row, with a header row")),
                        (422, problem("Invalid query parameters"))])))
        put(.projects, OpenAPI.PathItem(
            get: operation("listProjects", "Projects you may read, filtered, sorted and paged", tag: "Projects",
                           parameters: portfolioFilters + portfolioOrder + paging,
                           responses: [(200, ok(list("ProjectSummary"))), (422, problem("Invalid query parameters"))]),
            post: operation("createProject", "Create a project (its code is generated from the lead organisation's)",
                            tag: "Projects", body: ref("ProjectCreate"),
                            responses: [(201, created("Project", links: ["getProject", "updateProject", "deleteProject",
                                                                         "getProjectHistory", "listProjectTeam"]))] + createErrors)))
        put(.project(.key), OpenAPI.PathItem(
            get: operation("getProject", "Get a project", tag: "Projects", parameters: [pathID()],
                           responses: [(200, ok(ref("Project"), etag: true)), (404, notReadable)]),
            delete: operation("deleteProject", "Delete a project (administrators only; close it instead)", tag: "Projects",
                              parameters: [pathID()],
                              responses: [(204, empty("Deleted")), (403, problem("Only administrators delete projects")), (404, notReadable)]),
            patch: operation("updateProject", "Change a project's fields; absent fields keep their value, null clears",
                             tag: "Projects", parameters: [pathID(), ifMatch], body: ref("ProjectUpdate"),
                             responses: [(200, ok(ref("Project"), etag: true))] + updateErrors)))
        put(.projectTeam(.key), OpenAPI.PathItem(get: operation("listProjectTeam", "The project team", tag: "Projects", parameters: [pathID()],
                                                                responses: [(200, ok(list("TeamMember"))), (404, notReadable)])))
        put(.projectTeamMember(.key, .key), OpenAPI.PathItem(
            put: operation("setProjectTeamMember", "Add a person to the team, or change their role", tag: "Projects",
                           parameters: [pathID(), pathID("personId")], body: ref("TeamMemberUpdate"),
                           responses: [(200, ok(ref("TeamMember"))), (403, problem("You may not change the team")),
                                       (404, problem("No such project or person")), (415, problem("The body is not JSON")),
                                       (422, problem("Invalid role, or the person is deactivated"))]),
            delete: operation("removeProjectTeamMember", "Remove a person from the team", tag: "Projects",
                              parameters: [pathID(), pathID("personId")],
                              responses: [(204, empty("Removed")), (403, problem("You may not change the team")),
                                          (404, problem("No such project, or the person is not on its team"))])))
        put(.projectHistory(.key), OpenAPI.PathItem(get: operation(
            "getProjectHistory", "Every recorded change to the project and its team, newest first", tag: "Projects",
            parameters: [pathID()] + paging,
            responses: [(200, ok(list("AuditEvent"))), (404, notReadable), (422, problem("Invalid query parameters"))])))

        let noRisk = problem("No such risk, or you may not read its project")
        put(.projectRisks(.key), OpenAPI.PathItem(
            get: operation("listProjectRisks", "The project's risk register, by number", tag: "Risks", parameters: [pathID()],
                           responses: [(200, ok(list("Risk"))), (404, notReadable)]),
            post: operation("createRisk", "Record a risk on the project's register (each rating graded by the band table in force)",
                            tag: "Risks", parameters: [pathID()], body: ref("RiskCreate"),
                            responses: [(201, created("Risk", links: ["getRisk", "updateRisk", "deleteRisk", "escalateRisk"])), (404, notReadable)]
                                + createErrors)))
        put(.risk(.key), OpenAPI.PathItem(
            get: operation("getRisk", "Get a risk", tag: "Risks", parameters: [pathID()],
                           responses: [(200, ok(ref("Risk"), etag: true)), (404, noRisk)]),
            delete: operation("deleteRisk", "Delete a risk recorded by mistake (close it otherwise)", tag: "Risks", parameters: [pathID()],
                              responses: [(204, empty("Deleted")), (403, problem("You may not delete this risk")), (404, noRisk)]),
            patch: operation("updateRisk", "Change a risk; absent members keep their value, null clears", tag: "Risks",
                             parameters: [pathID(), ifMatch], body: ref("RiskUpdate"),
                             responses: [(200, ok(ref("Risk"), etag: true)), (404, noRisk)] + updateErrors)))
        let noCategory = problem("No such risk category")
        put(.riskCategories, OpenAPI.PathItem(
            get: operation("listRiskCategories", "The system's risk categories, in the order forms list them (retired ones included)",
                           tag: "Risk settings", responses: [(200, ok(list("RiskCategory")))]),
            post: operation("createRiskCategory", "Add a risk category (the portfolio office); with no position it goes last",
                            tag: "Risk settings", body: ref("RiskCategoryCreate"),
                            responses: [(201, created("RiskCategory", links: ["getRiskCategory", "updateRiskCategory", "deleteRiskCategory"]))]
                                + createErrors)))
        put(.riskCategory(.key), OpenAPI.PathItem(
            get: operation("getRiskCategory", "Get a risk category", tag: "Risk settings", parameters: [pathID()],
                           responses: [(200, ok(ref("RiskCategory"), etag: true)), (404, noCategory)]),
            delete: operation("deleteRiskCategory", "Delete a category no risk carries (retire one that risks carry)",
                              tag: "Risk settings", parameters: [pathID(), ifMatch],
                              responses: [(204, empty("Deleted")), (403, problem("Only the portfolio office keeps the categories")),
                                          (404, noCategory), (409, problem("Risks carry the category: retire it instead")),
                                          (412, problem("If-Match named a version that is no longer current")),
                                          (422, problem("If-Match is not a version"))]),
            patch: operation("updateRiskCategory", "Rename, move, retire or bring back a category; absent members keep their value",
                             tag: "Risk settings", parameters: [pathID(), ifMatch], body: ref("RiskCategoryUpdate"),
                             responses: [(200, ok(ref("RiskCategory"), etag: true)), (404, noCategory)] + updateErrors)))
        log(.projectLessons(.key), .lesson(.key), schema: "Lesson", plural: "Lessons", tag: "Lessons",
            listSummary: "The project's lessons log, the latest learnt first",
            createSummary: "Record a lesson: what happened, why, whether to repeat or avoid it, the recommendation, when in the work and how it was learnt, its themes and tags",
            deleteSummary: "Delete a lesson recorded by mistake (other projects' reviews of it go with it)")
        put(.lessons, OpenAPI.PathItem(get: operation(
            "searchLessons", "The lessons of every project you may read, the latest learnt first; with q, those holding every word (in the title, what happened, why, the recommendation or tags)",
            tag: "Lessons", parameters: [
                query("q", .string(minLength: 1, maxLength: LessonQuery.textLimit, pattern: textPattern()), "Words to find"),
                query("phase", choice(LessonPhase.self), "Only lessons learnt at this time"),
                query("outcome", choice(LessonOutcome.self), "Only lessons to repeat, or to avoid"),
                query("technique", choice(LessonTechnique.self), "Only lessons drawn out this way"),
                query("theme", uuid(), "Only lessons with this strategic theme"),
                query("organisation", uuid(), "Only lessons of projects this organisation leads"),
            ] + paging,
            responses: [(200, ok(ref("LessonPage"))), (422, problem("Invalid query parameters"))])))
        put(.lessonSuggestions(.key), OpenAPI.PathItem(get: operation(
            "getLessonSuggestions", "Learn before: the lessons of other projects you may read most relevant to this one (shared themes count 3 each, shared tags 2, words in common up to 4, a lead organisation of the same kind 1), best first, and those its team reviewed",
            tag: "Lessons", parameters: [pathID()], responses: [(200, ok(ref("LessonSuggestions"))), (404, notReadable)])))
        put(.lessonReviews(.key), OpenAPI.PathItem(post: operation(
            "reviewLesson", "Record that the project's team reviewed another project's lesson (again changes nothing)", tag: "Lessons",
            parameters: [pathID()], body: ref("LessonReviewCreate"),
            responses: [(201, ok(ref("LessonReview"), "Created")), (403, problem("You may not change this project")),
                        (404, problem("No such project or lesson, or you may not read it")), (415, problem("The body is not JSON")),
                        (422, problem("Invalid fields"))])))
        put(.lessonReview(.key, .key), OpenAPI.PathItem(delete: operation(
            "withdrawLessonReview", "Withdraw the team's review of a lesson", tag: "Lessons",
            parameters: [pathID(), pathID("lessonId")],
            responses: [(204, empty("Withdrawn")), (403, problem("You may not change this project")),
                        (404, problem("No such project or lesson, or you may not read it"))])))
        put(.search, OpenAPI.PathItem(get: operation(
            "search", "One search across the projects, lessons, glossary terms, risks, issues and measures you may see, best first, each with a passage around its matches (between [[ and ]]), and how many of each kind match",
            tag: "Search", parameters: [
                query("q", .string(minLength: 1, maxLength: SearchQuery.textLimit, pattern: textPattern(required: true)), "Words to find (every one, as a prefix)"),
                query("kind", choice(SearchKind.self), "Only this kind of record"),
            ] + paging,
            responses: [(200, ok(ref("SearchResults"))), (422, problem("Invalid query parameters"))])))
        let noResource = problem("No such resource")
        put(.resources, OpenAPI.PathItem(
            get: operation("listResources", "The resource library, by title: templates, guides, training, case studies and links", tag: "Resources",
                           parameters: [
                               query("q", .string(minLength: 1, maxLength: ResourceQuery.textLimit, pattern: textPattern()), "Words to find"),
                               query("kind", choice(ResourceKind.self), "Only resources of this kind"),
                               query("stage", uuid(), "Only resources for this lifecycle stage"),
                           ],
                           responses: [(200, ok(list("Resource"))), (422, problem("Invalid query parameters"))]),
            post: operation("createResource", "Add a resource written in Markdown, or an external link (the portfolio office; files are uploaded with the web form)",
                            tag: "Resources", body: ref("ResourceCreate"),
                            responses: [(201, created("Resource", links: ["getResource", "updateResource", "deleteResource"])),
                                        (403, problem("Only the portfolio office keeps the library"))] + createErrors)))
        put(.resource(.key), OpenAPI.PathItem(
            get: operation("getResource", "Get a resource (its Markdown as written; pages show it made safe)", tag: "Resources",
                           parameters: [pathID()], responses: [(200, ok(ref("Resource"), etag: true)), (404, noResource)]),
            delete: operation("deleteResource", "Delete a resource and its file", tag: "Resources", parameters: [pathID(), ifMatch],
                              responses: [(204, empty("Deleted")), (403, problem("Only the portfolio office keeps the library")),
                                          (404, noResource), (412, problem("If-Match named a version that is no longer current")),
                                          (422, problem("If-Match is not a version"))]),
            patch: operation("updateResource", "Change a resource; absent members keep their value", tag: "Resources",
                             parameters: [pathID(), ifMatch], body: ref("ResourceUpdate"),
                             responses: [(200, ok(ref("Resource"), etag: true)), (403, problem("Only the portfolio office keeps the library")),
                                         (404, noResource)] + updateErrors)))
        put(.competencyFramework, OpenAPI.PathItem(get: operation(
            "getCompetencyFramework", "The competency framework in force: domains, competencies, what each level looks like, and the level each role needs",
            tag: "Capability", responses: [(200, ok(ref("CompetencyFramework")))])))
        put(.myAssessments, OpenAPI.PathItem(
            get: operation("listMyAssessments", "Your self-assessments, the latest first", tag: "Capability", responses: [(200, ok(list("Assessment")))]),
            post: operation("createMyAssessment", "Assess yourself against the framework in force (a level for at least one competency)",
                            tag: "Capability", body: ref("AssessmentCreate"),
                            responses: [(201, ok(ref("Assessment"), "Created")), (415, problem("The body is not JSON")), (422, problem("Invalid fields"))])))
        put(.assessment(.key), OpenAPI.PathItem(get: operation(
            "getAssessment", "One self-assessment: yours, or one of your organisation's people if you are its admin (404 otherwise)", tag: "Capability",
            parameters: [pathID()], responses: [(200, ok(ref("Assessment"))), (404, problem("No such assessment, or not one you may see"))])))
        put(.capabilityHeatMap, OpenAPI.PathItem(get: operation(
            "getCapabilityHeatMap", "Average self-assessed levels by organisation and competency, every group of fewer than five people suppressed (organisation admins see their own organisation)",
            tag: "Capability", responses: [(200, ok(ref("CapabilityHeatMap"))), (403, problem("Only organisation admins, the portfolio office and system administrators"))])))
        let noTerm = problem("No such glossary term")
        put(.glossaryTerms, OpenAPI.PathItem(
            get: operation("listGlossaryTerms", "The glossary's terms, alphabetically; with q, those matching every word (in the name, other names, local synonyms or definition), best first",
                           tag: "Glossary", parameters: [
                               query("q", .string(minLength: 1, maxLength: GlossaryQuery.textLimit, pattern: textPattern()), "Words to find"),
                               query("topic", choice(GlossaryTopic.self), "Only terms of this topic"),
                           ],
                           responses: [(200, ok(list("GlossaryTerm"))), (422, problem("Invalid query parameters"))]),
            post: operation("createGlossaryTerm", "Add a term (the portfolio office)", tag: "Glossary", body: ref("GlossaryTermCreate"),
                            responses: [(201, created("GlossaryTerm", links: ["getGlossaryTerm", "updateGlossaryTerm", "deleteGlossaryTerm"])),
                                        (403, problem("Only the portfolio office keeps the glossary"))] + createErrors)))
        put(.glossaryTerm(.key), OpenAPI.PathItem(
            get: operation("getGlossaryTerm", "Get a glossary term", tag: "Glossary", parameters: [pathID()],
                           responses: [(200, ok(ref("GlossaryTerm"), etag: true)), (404, noTerm)]),
            delete: operation("deleteGlossaryTerm", "Delete a term no screen explains its words with (reword one that screens use)",
                              tag: "Glossary", parameters: [pathID(), ifMatch],
                              responses: [(204, empty("Deleted")), (403, problem("Only the portfolio office keeps the glossary")),
                                          (404, noTerm), (409, problem("Screens explain their words with the term: reword it instead")),
                                          (412, problem("If-Match named a version that is no longer current")),
                                          (422, problem("If-Match is not a version"))]),
            patch: operation("updateGlossaryTerm", "Change a term (its key stays); absent members keep their value",
                             tag: "Glossary", parameters: [pathID(), ifMatch], body: ref("GlossaryTermUpdate"),
                             responses: [(200, ok(ref("GlossaryTerm"), etag: true)), (403, problem("Only the portfolio office keeps the glossary")),
                                         (404, noTerm)] + updateErrors)))
        put(.spcAnalysis, OpenAPI.PathItem(post: operation(
            "analyseSeries",
            "The Making Data Count analysis of a series (XmR chart, or a run chart below the minimum), saving nothing: every point's lines, rules and class, the periods, the variation and assurance icons, and the settings and engine version used",
            tag: "Measures", body: ref("SPCAnalysisRequest"),
            responses: [(200, ok(ref("SPCAnalysis"))), (415, problem("The body is not JSON")), (422, problem("Invalid fields"))])))
        put(.riskSettings, OpenAPI.PathItem(
            get: operation("getRiskSettings", "The band table and escalation threshold in force", tag: "Risk settings",
                           responses: [(200, ok(ref("RiskSettings"), etag: true))]),
            patch: operation("updateRiskSettings",
                             "Change the band table or threshold (system administrators); ratings already stored keep their bands",
                             tag: "Risk settings", parameters: [ifMatch], body: ref("RiskSettingsUpdate"),
                             responses: [(200, ok(ref("RiskSettings"), etag: true))] + updateErrors)))
        put(.riskEscalation(.key), OpenAPI.PathItem(post: operation(
            "escalateRisk", "Move a risk to another register (project, organisation or system), with the reason", tag: "Risks",
            parameters: [pathID(), ifMatch], body: ref("RiskEscalation"),
            responses: [(200, ok(ref("Risk"), etag: true)), (404, noRisk)] + updateErrors)))
        put(.riskMaterialisation(.key), OpenAPI.PathItem(post: operation(
            "materialiseRisk", "The risk happened: close it as materialised and log an issue from it, each naming the other",
            tag: "Issues", parameters: [pathID(), ifMatch], body: ref("Materialisation"),
            responses: [(201, created("RiskMaterialised", links: [])), (404, noRisk)] + updateErrors)))

        let noIssue = problem("No such issue, or you may not read its project")
        put(.projectIssues(.key), OpenAPI.PathItem(
            get: operation("listProjectIssues", "The project's issue log, by number", tag: "Issues", parameters: [pathID()],
                           responses: [(200, ok(list("Issue"))), (404, notReadable)]),
            post: operation("createIssue", "Log an issue on the project", tag: "Issues", parameters: [pathID()], body: ref("IssueCreate"),
                            responses: [(201, created("Issue", links: ["getIssue", "updateIssue", "deleteIssue", "escalateIssue"])),
                                        (404, notReadable)] + createErrors)))
        put(.issue(.key), OpenAPI.PathItem(
            get: operation("getIssue", "Get an issue", tag: "Issues", parameters: [pathID()],
                           responses: [(200, ok(ref("Issue"), etag: true)), (404, noIssue)]),
            delete: operation("deleteIssue", "Delete an issue logged by mistake (resolve or close it otherwise)", tag: "Issues",
                              parameters: [pathID()],
                              responses: [(204, empty("Deleted")), (403, problem("You may not delete this issue")), (404, noIssue)]),
            patch: operation("updateIssue", "Change an issue; absent members keep their value, null clears", tag: "Issues",
                             parameters: [pathID(), ifMatch], body: ref("IssueUpdate"),
                             responses: [(200, ok(ref("Issue"), etag: true)), (404, noIssue)] + updateErrors)))
        put(.issueEscalation(.key), OpenAPI.PathItem(post: operation(
            "escalateIssue", "Move an issue to another register (project, organisation or system), with the reason", tag: "Issues",
            parameters: [pathID(), ifMatch], body: ref("RiskEscalation"),
            responses: [(200, ok(ref("Issue"), etag: true)), (404, noIssue)] + updateErrors)))
        let noDependency = problem("No such dependency, or you may read neither of its projects")
        put(.projectDependencies(.key), OpenAPI.PathItem(
            get: operation("listProjectDependencies",
                           "What the project depends on (by number), then what depends on it (soonest needed first); an end you may not read is shown without its code, title or organisation",
                           tag: "Dependencies", parameters: [pathID()], responses: [(200, ok(list("Dependency"))), (404, notReadable)]),
            post: operation("createDependency", "Record what the project depends on: another project (by id or code) or something outside Waymark",
                            tag: "Dependencies", parameters: [pathID()], body: ref("DependencyCreate"),
                            responses: [(201, created("Dependency", links: ["getDependency", "updateDependency", "deleteDependency"])),
                                        (404, notReadable)] + createErrors)))
        put(.dependency(.key), OpenAPI.PathItem(
            get: operation("getDependency", "Get a dependency", tag: "Dependencies", parameters: [pathID()],
                           responses: [(200, ok(ref("Dependency"), etag: true)), (404, noDependency)]),
            delete: operation("deleteDependency", "Delete a dependency recorded by mistake (mark it met otherwise)", tag: "Dependencies",
                              parameters: [pathID()],
                              responses: [(204, empty("Deleted")), (403, problem("You may not delete this dependency")), (404, noDependency)]),
            patch: operation("updateDependency", "Change a dependency (its depending project's team); absent members keep their value, null clears",
                             tag: "Dependencies", parameters: [pathID(), ifMatch], body: ref("DependencyUpdate"),
                             responses: [(200, ok(ref("Dependency"), etag: true)), (404, noDependency)] + updateErrors)))
        put(.dependencyRegister, OpenAPI.PathItem(get: operation(
            "listDependencyRegister",
            "Dependencies of every project you may read (either end): those at risk, late or overdue first, then those across organisations, then the soonest needed",
            tag: "Dependencies", parameters: [
                query("status", choice(["open", "all"] + DependencyStatus.allCases.map(\.rawValue)), "Status (default open: not yet met)"),
                query("crossOrganisation", choice(["true", "false"]), "Only those whose two projects have different lead organisations"),
                query("organisation", uuid(), "Only those with a project this organisation leads"),
            ] + paging,
            responses: [(200, ok(list("Dependency"))), (422, problem("Invalid query parameters"))])))
        /// A project log's two paths: the project's list (and recording an item on it), and one item.
        func log(_ list: APIRoute, _ one: APIRoute, schema: String, plural: String, tag: String, listSummary: String, createSummary: String,
                 deleteSummary: String) {
            let notFound = problem("No such \(schema.lowercased()), or you may not read its project")
            put(list, OpenAPI.PathItem(
                get: operation("listProject\(plural)", listSummary, tag: tag, parameters: [pathID()],
                               responses: [(200, ok(self.list(schema))), (404, notReadable)]),
                post: operation("create\(schema)", createSummary, tag: tag, parameters: [pathID()], body: ref("\(schema)Create"),
                                responses: [(201, created(schema, links: ["get\(schema)", "update\(schema)", "delete\(schema)"])),
                                            (404, notReadable)] + createErrors)))
            put(one, OpenAPI.PathItem(
                get: operation("get\(schema)", "Get one", tag: tag, parameters: [pathID()],
                               responses: [(200, ok(ref(schema), etag: true)), (404, notFound)]),
                delete: operation("delete\(schema)", deleteSummary, tag: tag, parameters: [pathID()],
                                  responses: [(204, empty("Deleted")), (403, problem("You may not delete it")), (404, notFound)]),
                patch: operation("update\(schema)", "Change it; absent members keep their value, null clears", tag: tag,
                                 parameters: [pathID(), ifMatch], body: ref("\(schema)Update"),
                                 responses: [(200, ok(ref(schema), etag: true)), (404, notFound)] + updateErrors)))
        }
        log(.projectAssumptions(.key), .assumption(.key), schema: "Assumption", plural: "Assumptions", tag: "Assumptions",
            listSummary: "The project's assumptions, by number",
            createSummary: "Record an assumption: what the plan takes to be true, the impact if it is not, who validates it and by when",
            deleteSummary: "Delete an assumption recorded by mistake (record what its check found otherwise)")
        log(.projectActions(.key), .action(.key), schema: "Action", plural: "Actions", tag: "Actions",
            listSummary: "The project's actions log (shared by its risks, issues, assumptions and dependencies): not done first, soonest due",
            createSummary: "Record an action, for one of the project's RAID items (itemId) or the project as a whole",
            deleteSummary: "Delete an action recorded by mistake (record the date it was done otherwise)")
        log(.projectDecisions(.key), .decision(.key), schema: "Decision", plural: "Decisions", tag: "Decisions",
            listSummary: "The project's decisions log, the latest first",
            createSummary: "Record a decision: what, when, by a person (deciderId) or a board, why, the options considered, and the RAID items it bears on",
            deleteSummary: "Delete a decision recorded by mistake (record a later decision otherwise)")
        let noUpdate = problem("No such status update, or you may not read its project")
        put(.projectStatusUpdates(.key), OpenAPI.PathItem(
            get: operation("listProjectStatusUpdates", "Every revision of the project's status updates, the latest period first, its latest revision first",
                           tag: "Status updates", parameters: [pathID()], responses: [(200, ok(list("StatusUpdate"))), (404, notReadable)]),
            post: operation("startStatusUpdate", "Start the update for a period (the one open for reporting by default): a draft prefilled from the last update reported and from the plan and RAID log, or, after a submitted one, a correction (the next revision). A draft already under way is returned as it is (200).",
                            tag: "Status updates", parameters: [pathID()], body: ref("StatusUpdateStart"),
                            responses: [(201, created("StatusUpdate", links: ["getStatusUpdate", "updateStatusUpdate", "submitStatusUpdate"])),
                                        (200, ok(ref("StatusUpdate"), "The draft already under way", etag: true)), (404, notReadable)]
                                + createErrors)))
        put(.statusUpdate(.key), OpenAPI.PathItem(
            get: operation("getStatusUpdate", "Get one revision", tag: "Status updates", parameters: [pathID()],
                           responses: [(200, ok(ref("StatusUpdate"), etag: true)), (404, noUpdate)]),
            delete: operation("discardStatusUpdate", "Discard a draft (a submitted revision is kept for good: 409)", tag: "Status updates",
                              parameters: [pathID()], responses: [(204, empty("Discarded")), (403, problem("You may not change the project")),
                                                                  (404, noUpdate), (409, problem("It was submitted and is kept"))]),
            patch: operation("updateStatusUpdate", "Change a draft; absent members keep their value, null clears a rating (a submitted revision: 409)",
                             tag: "Status updates", parameters: [pathID(), ifMatch], body: ref("StatusUpdateUpdate"),
                             responses: [(200, ok(ref("StatusUpdate"), etag: true)), (404, noUpdate)] + updateErrors)))
        put(.statusUpdateSubmission(.key), OpenAPI.PathItem(
            post: operation("submitStatusUpdate", "Submit a draft, with any changes sent: every rating, a reason for each red and amber, and a summary are needed. It is locked from then on; a correction is a new revision.",
                            tag: "Status updates", parameters: [pathID(), ifMatch], body: ref("StatusUpdateUpdate"),
                            responses: [(200, ok(ref("StatusUpdate"), etag: true)), (404, noUpdate)] + updateErrors)))
        put(.reportingCycles, OpenAPI.PathItem(get: operation(
            "getReportingCycles", "The system's reporting cycle and the programmes that keep their own", tag: "Reporting",
            responses: [(200, ok(ref("ReportingCycles")))])))
        put(.systemReportingCycle, OpenAPI.PathItem(put: operation(
            "setSystemReportingCycle", "Set the system's cycle (portfolio office)", tag: "Reporting", parameters: [ifMatch],
            body: ref("ReportingCycleUpdate"), responses: [(200, ok(ref("ReportingCycles")))] + updateErrors)))
        put(.programmeReportingCycle(.key), OpenAPI.PathItem(
            put: operation("setProgrammeReportingCycle", "Give a programme a cycle of its own, or change it (portfolio office; version 0 when it has none yet)",
                           tag: "Reporting", parameters: [pathID(), ifMatch], body: ref("ReportingCycleUpdate"),
                           responses: [(200, ok(ref("ReportingCycles")))] + updateErrors),
            delete: operation("removeProgrammeReportingCycle", "Return a programme to the system's cycle (portfolio office); one without a cycle of its own is there already",
                              tag: "Reporting", parameters: [pathID()],
                              responses: [(204, empty("The programme reports on the system's cycle")), (403, problem("Only the portfolio office sets cycles")),
                                          (404, problem("No such programme"))])))
        put(.bankHolidays, OpenAPI.PathItem(
            get: operation("listBankHolidays", "The bank holidays due dates skip, by date", tag: "Reporting",
                           responses: [(200, ok(list("BankHoliday")))]),
            post: operation("addBankHoliday", "Add a holiday (portfolio office): a weekday not already listed", tag: "Reporting",
                            body: ref("BankHolidayCreate"), responses: [(201, ok(ref("BankHoliday"), "Added"))] + createErrors)))
        put(.bankHoliday(.key), OpenAPI.PathItem(delete: operation(
            "removeBankHoliday", "Remove a holiday (portfolio office)", tag: "Reporting",
            parameters: [OpenAPI.Parameter(name: "date", context: .path(schema: date()))],
            responses: [(204, empty("Removed")), (403, problem("Only the portfolio office keeps the list")), (404, problem("No holiday on that date"))])))
        put(.reportingOverview, OpenAPI.PathItem(get: operation(
            "getReportingOverview", "Who has reported (portfolio office and organisation admins): each active project you may read with its open period's update, and those overdue with the period before",
            tag: "Reporting", responses: [(200, ok(ref("ReportingOverview"))), (403, problem("Only the portfolio office and organisation admins follow reporting"))])))
        put(.dashboard, OpenAPI.PathItem(get: operation(
            "getDashboard", "The portfolio dashboard: the projects you may read (or, scope=mine, those whose team you are on) by delivery status, stage, status, organisation, programme and theme; red and amber projects; updates overdue; the top escalated risks; key milestones slipped or due in 30 days; dependencies across organisations at risk; benefits planned and realised; data-quality flags",
            tag: "Reporting", parameters: [query("scope", choice(DashboardScope.self), "all (every project you may read) or mine (projects whose team you are on); by default mine for a project team member who does not follow reporting")],
            responses: [(200, ok(ref("Dashboard"))), (422, problem("Invalid query parameters"))])))
        put(.highlightReport(.key), OpenAPI.PathItem(get: operation(
            "getHighlightReport", "The project's highlight report for a period it has reported (the latest by default), built from its update and from the plan, RAID log, measures and benefits as they stand",
            tag: "Status updates", parameters: [pathID(), query("period", plainString, "The period's first month, YYYY-MM")],
            responses: [(200, ok(ref("HighlightReport"))), (404, notReadable),
                        (422, problem("The project has reported no update (for that period)"))])))
        let period = query("period", JSONSchema.string(pattern: "^[0-9]{4}-[0-9]{2}" + end),
                           "The period's month, YYYY-MM: one of the last 12 (by default the latest whose update has fallen due)")
        put(.portfolioReport, OpenAPI.PathItem(get: operation(
            "getPortfolioReport", "The portfolio report for the projects the portfolio's filters select (the whole system by default) and a reporting period: what each project reported for it, every rating, the counts by overall status and their movement since the period before, and the slice's dashboard; counting only the projects you may read",
            tag: "Reporting", parameters: [period] + portfolioFilters,
            responses: [(200, ok(ref("PortfolioReport"))), (422, problem("Invalid query parameters, or a period outside the last 12"))])))
        let packParameters = [period, query("project", array(uuid(), maxItems: BoardPack.projectLimit),
                                            "The projects whose highlight reports follow the portfolio report (repeat it; at most \(BoardPack.projectLimit)), each one of the report's that reported the period; by default its red and amber projects, red first then those that worsened, the first \(BoardPack.projectLimit)")]
            + portfolioFilters
        let packRefused = problem("Invalid query parameters, a period outside the last 12, or a project not of the report or not reported for the period")
        put(.boardPack, OpenAPI.PathItem(get: operation(
            "getBoardPack", "A board pack: the portfolio report for the slice and period, then the highlight report of each project chosen, as the two reports' own operations send them; holding only what you may read",
            tag: "Reporting", parameters: packParameters, responses: [(200, ok(ref("BoardPack"))), (422, packRefused)])))
        put(.boardPackPDF, OpenAPI.PathItem(get: operation(
            "getBoardPackPDF", "The board pack as one A4 PDF: a contents page giving each section's page, the portfolio report, then each highlight report, every page numbered. 503 where the server has no PDF renderer (WeasyPrint) or the pack took too long to make",
            tag: "Reporting", parameters: packParameters,
            responses: [(200, download([.pdf], "The board pack")), (422, packRefused),
                        (503, problem("No PDF renderer here, or the pack took too long to make: print the board pack's page instead"))])))
        put(.logsExport(.key), OpenAPI.PathItem(get: operation(
            "exportLogAcrossProjects", "Every item of one log (milestones, risks, issues, assumptions, dependencies, actions, decisions, measures or benefits) of the projects the filters select that you may read, each row led by its project's code, title and lead organisation, as CSV or an Excel workbook (.xlsx; dates as dates, scores as numbers)",
            tag: "Reporting", parameters: [OpenAPI.Parameter(name: "log", context: .path(schema: choice(ExportsController.logsAcross)), description: "Which log"),
                                           query("format", choice(ExportFormat.allCases.map(\.rawValue)), "csv (the default) or xlsx")] + portfolioFilters,
            responses: [(200, download([.csv, XLSXWorkbook.contentType], "The items, one a row, with a header row")),
                        (404, problem("No such log")), (422, problem("Invalid query parameters"))])))
        put(.reportingPeriods, OpenAPI.PathItem(get: operation(
            "listReportingPeriods", "The system cycle's last 12 reporting periods, the latest first, each with its due date and, once closed, when and by whom",
            tag: "Reporting", responses: [(200, ok(list("ReportingPeriod")))])))
        put(.periodClosure(.key), OpenAPI.PathItem(post: operation(
            "closeReportingPeriod", "Close a period whose updates have fallen due (portfolio office): the portfolio's reported state and every highlight report of the period are frozen as they stand, and any report of the period is made from them from now on. A period closes once: closing it again is refused (422). Send an empty object.",
            tag: "Reporting", parameters: [OpenAPI.Parameter(name: "period", context: .path(schema: JSONSchema.string(pattern: "^[0-9]{4}-[0-9]{2}" + end)),
                                                             description: "The period's month, YYYY-MM: one of the last 12")],
            body: object([]), responses: [(201, ok(ref("PeriodClosure"), "Closed")), (403, problem("Only the portfolio office closes periods"))]
                + createErrors.filter { $0.0 != 403 })))
        let noFeed = problem("No such calendar feed of yours")
        put(.myCalendarFeeds, OpenAPI.PathItem(
            get: operation("listMyCalendarFeeds", "Your calendar feeds: your own (what you own across projects) and each project's you made; their addresses are not shown again",
                           tag: "Reporting", responses: [(200, ok(list("CalendarFeed")))]),
            post: operation("createMyCalendarFeed", "Make a calendar feed, of a project you may read (projectId) or your own ({} or a null projectId), replacing yours of the same, whose address stops working. The answer holds its secret address, once: an iCalendar feed a calendar program subscribes to",
                            tag: "Reporting", body: object([("projectId", uuid(nullable: true))]),
                            responses: [(201, ok(ref("NewCalendarFeed"), "Made")), (404, notReadable)] + createErrors.filter { $0.0 != 403 })))
        put(.myCalendarFeed(.key), OpenAPI.PathItem(delete: operation(
            "deleteMyCalendarFeed", "Stop a calendar feed of yours: its address no longer works", tag: "Reporting", parameters: [pathID()],
            responses: [(204, empty("Stopped")), (404, noFeed)])))
        put(.statusHistoryExport, OpenAPI.PathItem(get: operation(
            "exportStatusHistory", "The status history of the projects the filters select (you may read): each period's update reported over the last 12 periods (its latest submitted revision), one a row with every rating, reason and section, as CSV or an Excel workbook (.xlsx)",
            tag: "Reporting", parameters: [query("format", choice(ExportFormat.allCases.map(\.rawValue)), "csv (the default) or xlsx")] + portfolioFilters,
            responses: [(200, download([.csv, XLSXWorkbook.contentType], "The updates, one a row, with a header row")),
                        (422, problem("Invalid query parameters"))])))
        let noReview = problem("No such gate review, or you may not read its project")
        put(.gates, OpenAPI.PathItem(get: operation(
            "listGates", "Every gate of the lifecycle, in stage order: the stage it leads into, the board that decides it, its criteria and the board's members",
            tag: "Gates", responses: [(200, ok(list("Gate")))])))
        put(.gate(.key), OpenAPI.PathItem(put: operation(
            "setGate", "Change a gate's board, criteria or members (portfolio office); absent members keep their value. Reviews already asked for keep the criteria they were asked against.",
            tag: "Gates", parameters: [pathID(), ifMatch], body: ref("GateUpdate"),
            responses: [(200, ok(ref("Gate"), etag: true)), (404, problem("No gate leads into that stage"))] + updateErrors)))
        put(.gateReviews, OpenAPI.PathItem(get: operation(
            "listWaitingGateReviews", "The gate reviews waiting for a decision among the projects you may read, the longest waiting first, with whether you may decide each",
            tag: "Gates", responses: [(200, ok(list("GateReviewWaiting")))])))
        put(.projectGateReviews(.key), OpenAPI.PathItem(
            get: operation("listProjectGateReviews", "The project's gate reviews, the latest first", tag: "Gates", parameters: [pathID()],
                           responses: [(200, ok(list("GateReview"))), (404, notReadable)]),
            post: operation("requestGateReview", "Ask for the gate into the project's next stage (its SRO or manager): the case, the criteria met (by number) and the evidence. The report the board decides on is made from the project's data now and kept with the review. One review waits at a time.",
                            tag: "Gates", parameters: [pathID()], body: ref("GateReviewRequest"),
                            responses: [(201, created("GateReview", links: ["getGateReview", "decideGateReview", "withdrawGateReview"])),
                                        (404, notReadable)] + createErrors)))
        put(.gateReview(.key), OpenAPI.PathItem(get: operation(
            "getGateReview", "Get one gate review, with its decision and the report it is decided on", tag: "Gates", parameters: [pathID()],
            responses: [(200, ok(ref("GateReview"), etag: true)), (404, noReview)])))
        put(.gateReviewDecision(.key), OpenAPI.PathItem(post: operation(
            "decideGateReview", "Record the board's decision on a waiting review (the portfolio office or a member of the gate's board): approve, approve with conditions, defer or reject. An approval moves the project into the gate's stage. A review no longer waiting: 409.",
            tag: "Gates", parameters: [pathID(), ifMatch], body: ref("GateDecision"),
            responses: [(200, ok(ref("GateReview"), etag: true)), (404, noReview)] + updateErrors)))
        put(.gateReviewWithdrawal(.key), OpenAPI.PathItem(post: operation(
            "withdrawGateReview", "Withdraw a review still waiting for its decision (the project's SRO or manager). A review no longer waiting: 409.",
            tag: "Gates", parameters: [pathID(), ifMatch], body: ref("GateReviewWithdrawal"),
            responses: [(200, ok(ref("GateReview"), etag: true)), (404, noReview)] + updateErrors)))
        put(.myStatusReminders, OpenAPI.PathItem(get: operation(
            "listMyStatusReminders", "The status updates you owe for projects you run as SRO or manager: overdue, or due within 5 working days",
            tag: "Reporting", responses: [(200, ok(list("StatusReminder")))])))
        log(.projectBenefits(.key), .benefit(.key), schema: "Benefit", plural: "Benefits", tag: "Benefits",
            listSummary: "The project's benefits and dis-benefits, by number",
            createSummary: "Add a benefit profile: category, owner, baseline, target, trajectory, the measures that evidence it, and cash by financial year",
            deleteSummary: "Delete a benefit recorded by mistake (mark it not realised otherwise)")
        put(.benefitRegister, OpenAPI.PathItem(get: operation(
            "getBenefitRegister", "The benefits register: every benefit of the projects you may read (closed ones too), with planned against realised cash-releasing value by financial year and by lead organisation",
            tag: "Benefits", parameters: [
                query("organisation", uuid(), "Only benefits of projects this organisation leads"),
                query("programme", uuid(), "Only benefits of projects in this programme"),
                query("projectStatus", choice(ProjectStatus.self), "Only benefits of projects with this status"),
                query("category", choice(BenefitCategory.self), "Only benefits of this category"),
                query("status", choice(BenefitStatus.self), "Only benefits with this status"),
            ] + paging,
            responses: [(200, ok(ref("BenefitRegister"))), (422, problem("Invalid query parameters"))])))
        put(.projectAim(.key), OpenAPI.PathItem(
            get: operation("getProjectAim", "The project's QI aim: what, by how much, by when (version 0 until first written)", tag: "Quality improvement",
                           parameters: [pathID()], responses: [(200, ok(ref("Aim"), etag: true)), (404, notReadable)]),
            put: operation("putProjectAim", "Write the aim whole, at the version you read (0 before it was first written)", tag: "Quality improvement",
                           parameters: [pathID(), ifMatch], body: ref("AimUpdate"),
                           responses: [(200, ok(ref("Aim"), etag: true)), (404, notReadable)] + updateErrors)))
        log(.projectDrivers(.key), .driver(.key), schema: "Driver", plural: "Drivers", tag: "Quality improvement",
            listSummary: "The project's driver diagram, each node followed by those under it",
            createSummary: "Add a primary driver (under the aim), a secondary driver (under a primary one) or a change idea (under a secondary one)",
            deleteSummary: "Delete a node and everything under it")
        log(.projectPDSACycles(.key), .pdsaCycle(.key), schema: "PDSACycle", plural: "PDSACycles", tag: "Quality improvement",
            listSummary: "The project's PDSA cycles, the latest started first",
            createSummary: "Plan a PDSA cycle: what it tests, its change idea, dates, the four steps and the measures it is judged by",
            deleteSummary: "Delete a cycle recorded by mistake (mark it abandoned otherwise)")
        let noAnnotation = problem("No such annotation, or you may not read its project")
        put(.measureAnnotations(.key), OpenAPI.PathItem(
            get: operation("listAnnotations", "The annotations on the measure's chart, oldest first", tag: "Measures", parameters: [pathID()],
                           responses: [(200, ok(list("Annotation"))), (404, problem("No such measure, or you may not read its project"))]),
            post: operation("createAnnotation", "Mark a change, PDSA cycle or event on a date of the measure's chart", tag: "Measures",
                            parameters: [pathID()], body: ref("AnnotationCreate"),
                            responses: [(201, created("Annotation", links: ["getAnnotation", "updateAnnotation", "deleteAnnotation"])),
                                        (404, problem("No such measure, or you may not read its project"))] + createErrors)))
        put(.annotation(.key), OpenAPI.PathItem(
            get: operation("getAnnotation", "Get one annotation", tag: "Measures", parameters: [pathID()],
                           responses: [(200, ok(ref("Annotation"), etag: true)), (404, noAnnotation)]),
            delete: operation("deleteAnnotation", "Delete an annotation", tag: "Measures", parameters: [pathID()],
                              responses: [(204, empty("Deleted")), (403, problem("You may not change this project")), (404, noAnnotation)]),
            patch: operation("updateAnnotation", "Change an annotation; absent members keep their value", tag: "Measures",
                             parameters: [pathID(), ifMatch], body: ref("AnnotationUpdate"),
                             responses: [(200, ok(ref("Annotation"), etag: true)), (404, noAnnotation)] + updateErrors)))
        put(.measureSummary, OpenAPI.PathItem(get: operation(
            "listMeasureSummary", "The icon summary: every measure of the projects you may read, with its latest value, target, variation and assurance, concern first",
            tag: "Measures", parameters: [
                query("organisation", uuid(), "Only measures of projects this organisation leads"),
                query("programme", uuid(), "Only measures of projects in this programme"),
                query("project", uuid(), "Only this project's measures"),
                query("variation", choice(SPCVariation.self), "Only measures whose latest point is of this class"),
                query("assurance", choice(SPCAssurance.self), "Only measures with this assurance"),
                query("sort", choice(MeasureSummaryQuery.Sort.allCases.map(\.rawValue)), "attention (concern first), project or name"),
            ] + paging,
            responses: [(200, ok(list("MeasureSummaryLine"))), (422, problem("Invalid query parameters"))])))
        log(.projectMeasures(.key), .measure(.key), schema: "Measure", plural: "Measures", tag: "Measures",
            listSummary: "The project's measures, by number, each with its latest value and its Making Data Count icons",
            createSummary: "Add a measure: what is counted, which way is better, its targets and the SPC rules its chart uses",
            deleteSummary: "Delete a measure and its observations")
        let noMeasure = problem("No such measure, or you may not read its project")
        let noObservation = problem("No such observation, or you may not read its project")
        put(.measureObservations(.key), OpenAPI.PathItem(
            get: operation("listObservations", "The measure's observations, oldest first", tag: "Measures", parameters: [pathID()],
                           responses: [(200, ok(list("Observation"))), (404, noMeasure)]),
            post: operation("addObservation", "Record one observation (one per date)", tag: "Measures", parameters: [pathID()],
                            body: ref("ObservationCreate"),
                            responses: [(201, created("Observation", links: ["getObservation", "updateObservation", "deleteObservation"]))]
                                + [(404, noMeasure)] + createErrors)))
        put(.measureObservationImport(.key), OpenAPI.PathItem(post: operation(
            "importObservations", "Record many observations at once: every one is checked first, and all are saved or none (each problem named by its place in the list)",
            tag: "Measures", parameters: [pathID()], body: ref("ObservationImport"),
            responses: [(201, ok(list("Observation"), "Recorded")), (404, noMeasure)] + createErrors)))
        put(.measureAnalysis(.key), OpenAPI.PathItem(get: operation(
            "getMeasureAnalysis", "The measure's SPC analysis with its preset, baseline and targets", tag: "Measures", parameters: [pathID()],
            responses: [(200, ok(ref("SPCAnalysis"))), (404, noMeasure)])))
        put(.observation(.key), OpenAPI.PathItem(
            get: operation("getObservation", "Get one observation", tag: "Measures", parameters: [pathID()],
                           responses: [(200, ok(ref("Observation"), etag: true)), (404, noObservation)]),
            delete: operation("deleteObservation", "Delete an observation", tag: "Measures", parameters: [pathID()],
                              responses: [(204, empty("Deleted")), (403, problem("You may not change this project")), (404, noObservation)]),
            patch: operation("updateObservation", "Change an observation (ghost it, mark a recalculation); absent members keep their value",
                             tag: "Measures", parameters: [pathID(), ifMatch], body: ref("ObservationUpdate"),
                             responses: [(200, ok(ref("Observation"), etag: true)), (404, noObservation)] + updateErrors)))
        put(.myWork, OpenAPI.PathItem(get: operation(
            "listMyWork",
            "What you own, across the projects you may read, that is overdue or due within the window: risks to review, issues, milestones, dependencies, assumptions to validate, actions",
            tag: "Actions", parameters: [query("window", choice(WorkWindow.allCases.map { String($0.rawValue) }), "Days ahead: 7, 14 (the default) or 30")],
            responses: [(200, ok(ref("MyWork"))), (422, problem("Invalid query parameters"))])))
        let noMilestone = problem("No such milestone, or you may not read its project")
        put(.projectMilestones(.key), OpenAPI.PathItem(
            get: operation("listProjectMilestones", "The project's plan: its milestones by date", tag: "Plans", parameters: [pathID()],
                           responses: [(200, ok(list("Milestone"))), (404, notReadable)]),
            post: operation("createMilestone", "Add a milestone to the project's plan", tag: "Plans", parameters: [pathID()],
                            body: ref("MilestoneCreate"),
                            responses: [(201, created("Milestone", links: ["getMilestone", "updateMilestone", "deleteMilestone"])),
                                        (404, notReadable)] + createErrors)))
        put(.milestone(.key), OpenAPI.PathItem(
            get: operation("getMilestone", "Get a milestone", tag: "Plans", parameters: [pathID()],
                           responses: [(200, ok(ref("Milestone"), etag: true)), (404, noMilestone)]),
            delete: operation("deleteMilestone", "Remove a milestone from the plan (baselines keep its date)", tag: "Plans",
                              parameters: [pathID()],
                              responses: [(204, empty("Deleted")), (403, problem("You may not delete this milestone")), (404, noMilestone)]),
            patch: operation("updateMilestone", "Change a milestone; absent members keep their value, null clears", tag: "Plans",
                             parameters: [pathID(), ifMatch], body: ref("MilestoneUpdate"),
                             responses: [(200, ok(ref("Milestone"), etag: true)), (404, noMilestone)] + updateErrors)))
        put(.projectBaselines(.key), OpenAPI.PathItem(
            get: operation("listProjectBaselines", "Every baseline of the project's plan, newest first, with each milestone's date",
                           tag: "Plans", parameters: [pathID()], responses: [(200, ok(list("Baseline"))), (404, notReadable)]),
            post: operation("baselinePlan", "Baseline the whole plan with a reason: each milestone's forecast becomes its baseline",
                            tag: "Plans", parameters: [pathID()], body: ref("BaselineCreate"),
                            responses: [(201, ok(ref("Baseline"), "Created")), (403, problem("You may not baseline this plan")),
                                        (404, notReadable), (415, problem("The body is not JSON")),
                                        (422, problem("No reason, or no milestones to baseline; nothing was changed"))])))
        put(.milestoneTimeline, OpenAPI.PathItem(get: operation(
            "listKeyMilestones", "Key milestones due, overdue or slipped in the window, of the projects you may read, filtered like the portfolio",
            tag: "Plans", parameters: [
                query("window", choice(MilestoneWindow.choices.map(String.init)), "Days ahead: 30 (the default), 60 or 90"),
            ] + portfolioFilters + paging,
            responses: [(200, ok(ref("KeyMilestones"))), (422, problem("Invalid query parameters"))])))
        let issueFilters: [OpenAPI.Parameter] = [
            query("status", choice(["active", "all"] + IssueStatus.allCases.map(\.rawValue)), "Status (default active: open or in progress)"),
            query("priority", choice(IssuePriority.self), "Priority"),
            query("sort", choice(IssueRegisterQuery.Sort.self), "Priority, soonest target date, or project"),
        ]
        put(.systemIssueRegister, OpenAPI.PathItem(get: operation(
            "listSystemIssueRegister", "Issues escalated to the system (ICS) register, of the projects you may read", tag: "Issues",
            parameters: issueFilters + [query("organisation", uuid(), "Only issues of projects this organisation leads")] + paging,
            responses: [(200, ok(list("RegisteredIssue"))), (422, problem("Invalid query parameters"))])))
        put(.organisationIssueRegister(.key), OpenAPI.PathItem(get: operation(
            "listOrganisationIssueRegister", "Issues escalated to an organisation's register (of the projects it leads), of those you may read",
            tag: "Issues", parameters: [pathID()] + issueFilters + paging,
            responses: [(200, ok(list("RegisteredIssue"))), (404, problem("No such organisation")),
                        (422, problem("Invalid query parameters"))])))
        let registerFilters: [OpenAPI.Parameter] = [
            query("status", choice(["all"] + RiskStatus.allCases.map(\.rawValue)), "Status (default open)"),
            query("band", .string(minLength: 1, maxLength: 100), "Current band, by name"),
            query("likelihood", .integer(maximum: (5, exclusive: false), minimum: (1, exclusive: false)), "Current likelihood (with consequence)"),
            query("consequence", .integer(maximum: (5, exclusive: false), minimum: (1, exclusive: false)), "Current consequence (with likelihood)"),
            query("sort", choice(RiskRegisterQuery.Sort.self), "Highest score, soonest review, or project"),
        ]
        put(.systemRiskRegister, OpenAPI.PathItem(get: operation(
            "listSystemRiskRegister", "Risks escalated to the system (ICS) register, of the projects you may read", tag: "Risks",
            parameters: registerFilters + [query("organisation", uuid(), "Only risks of projects this organisation leads")] + paging,
            responses: [(200, ok(list("RegisteredRisk"))), (422, problem("Invalid query parameters"))])))
        put(.organisationRiskRegister(.key), OpenAPI.PathItem(get: operation(
            "listOrganisationRiskRegister", "Risks escalated to an organisation's register (of the projects it leads), of those you may read",
            tag: "Risks", parameters: [pathID()] + registerFilters + paging,
            responses: [(200, ok(list("RegisteredRisk"))), (404, problem("No such organisation")),
                        (422, problem("Invalid query parameters"))])))
        return paths
    }

    // MARK: Schemas

    /// A risk's members as a body sends them: the ratings as likelihood and consequence, 1 to 5.
    static let riskFields: [(String, JSONSchema)] = {
        let scale = JSONSchema.integer(maximum: (5, exclusive: false), minimum: (1, exclusive: false))
        return [
            ("title", text(max: RiskFields.titleLimit, required: true)),
            ("cause", text(max: RiskFields.textLimit, multiline: true)),
            ("event", text(max: RiskFields.textLimit, multiline: true)),
            ("effect", text(max: RiskFields.textLimit, multiline: true)),
            ("categoryId", uuid(nullable: true)),
            ("ownerId", uuid(nullable: true)),
        ] + ["inherent", "current", "target"].flatMap { [("\($0)Likelihood", scale), ("\($0)Consequence", scale)] } + [
            ("response", choice(RiskResponse.self)),
            ("proximity", date(nullable: true)),
            ("reviewDate", date(nullable: true)),
            ("status", choice(RiskStatus.self)),
        ]
    }()

    /// The members of a body's schema that take null (for "none"): what a request reader clears on null.
    static func nullableMembers(_ fields: [(String, JSONSchema)]) -> Set<String> {
        Set(fields.filter { $0.1.nullable }.map(\.0))
    }

    /// An issue's members as a body sends them.
    static let issueFields: [(String, JSONSchema)] = [
        ("title", text(max: IssueFields.titleLimit, required: true)),
        ("description", text(max: IssueFields.textLimit, multiline: true)),
        ("priority", choice(IssuePriority.self)),
        ("ownerId", uuid(nullable: true)),
        ("raisedOn", date()),
        ("targetDate", date(nullable: true)),
        ("status", choice(IssueStatus.self)),
        ("resolution", text(max: IssueFields.textLimit, multiline: true)),
    ]

    /// A dependency's members as a body sends them.
    static let dependencyFields: [(String, JSONSchema)] = [
        ("title", text(max: DependencyFields.titleLimit, required: true)),
        ("description", text(max: DependencyFields.textLimit, multiline: true)),
        ("dependsOnProject", JSONSchema.string(nullable: true,
                                               description: "The id or code of the project depended on (one you may read); null when it is something outside Waymark",
                                               minLength: 1, maxLength: DependencyFields.projectLimit, pattern: textPattern())),
        ("external", text(max: DependencyFields.externalLimit)),
        ("neededBy", date()),
        ("ownerId", uuid(nullable: true)),
        ("status", choice(DependencyStatus.self)),
    ]

    /// An assumption's members as a body sends them.
    static let assumptionFields: [(String, JSONSchema)] = [
        ("statement", text(max: AssumptionFields.statementLimit, required: true)),
        ("impactIfWrong", text(max: AssumptionFields.textLimit, multiline: true)),
        ("ownerId", uuid(nullable: true)),
        ("status", choice(AssumptionStatus.self)),
        ("validateBy", date(nullable: true)),
        ("validatedOn", date(nullable: true)),
    ]

    /// A measure's text members as a body sends them (its baseline and targets are read apart).
    static let measureFields: [(String, JSONSchema)] = [
        ("name", text(max: MeasureFields.nameLimit, required: true)),
        ("definition", text(max: MeasureFields.textLimit, multiline: true)),
        ("type", choice(MeasureType.self)),
        ("unit", text(max: MeasureFields.unitLimit)),
        ("improvementDirection", choice(ImprovementDirection.self)),
        ("frequency", choice(MeasureFrequency.self)),
        ("dataSource", text(max: 300)),
        ("ownerId", uuid(nullable: true)),
        ("spcPreset", choice(SPCSettings.presets.map(\.name))),
    ]

    /// A benefit's text members as a body sends them (its flag, values, lines and cash are read apart).
    static let benefitFields: [(String, JSONSchema)] = [
        ("title", text(max: BenefitFields.titleLimit, required: true)),
        ("description", text(max: BenefitFields.textLimit, multiline: true)),
        ("category", choice(BenefitCategory.self)),
        ("ownerId", uuid(nullable: true)),
        ("unit", text(max: BenefitFields.unitLimit)),
        ("baselineDate", date(nullable: true)),
        ("targetDate", date(nullable: true)),
        ("measureIds", array(uuid(), maxItems: BenefitFields.measureLimit)),
        ("actualsMeasureId", uuid(nullable: true)),
        ("status", choice(BenefitStatus.self)),
    ]

    /// A lesson's text members as a body sends them (its tags are a list, read apart).
    static let lessonFields: [(String, JSONSchema)] = [
        ("title", text(max: LessonFields.titleLimit, required: true)),
        ("happened", text(max: LessonFields.textLimit, multiline: true)),
        ("why", text(max: LessonFields.textLimit, multiline: true)),
        ("outcome", choice(LessonOutcome.self)),
        ("recommendation", text(max: LessonFields.textLimit, required: true, multiline: true)),
        ("phase", choice(LessonPhase.self)),
        ("technique", choice(LessonTechnique.self)),
        ("learnedOn", date()),
        ("themeIds", array(uuid(), maxItems: LessonFields.themeLimit)),
    ]

    /// A resource's text members as a body sends them (its tags are a list, read apart).
    static let resourceFields: [(String, JSONSchema)] = [
        ("title", text(max: ResourceFields.titleLimit, required: true)),
        ("summary", text(max: ResourceFields.summaryLimit)),
        ("kind", choice(ResourceKind.self)),
        ("body", text(max: ResourceFields.bodyLimit, multiline: true)),
        ("url", text(max: ResourceFields.urlLimit)),
        ("stageIds", array(uuid(), maxItems: 10)),
    ]

    /// A glossary term's text members as a body sends them (its other names and local synonyms are read apart).
    static let glossaryFields: [(String, JSONSchema)] = [
        ("name", text(max: GlossaryTermFields.nameLimit, required: true)),
        ("definition", text(max: GlossaryTermFields.definitionLimit, required: true, multiline: true)),
        ("topic", choice(GlossaryTopic.self)),
        ("source", choice(GlossarySource.self)),
        ("relatedTermIds", array(uuid(), maxItems: GlossaryTermFields.relatedLimit)),
    ]

    /// A project's aim as a body sends it.
    static let aimFields: [(String, JSONSchema)] = [
        ("statement", text(max: AimFields.statementLimit, required: true, multiline: true)),
        ("byHowMuch", text(max: AimFields.byHowMuchLimit)),
        ("byWhen", date()),
    ]

    /// A driver diagram node's text members as a body sends them (its position is read apart).
    static let driverFields: [(String, JSONSchema)] = {
        [("kind", choice(DriverKind.self)), ("text", text(max: DriverFields.textLimit, required: true)), ("parentId", uuid(nullable: true))]
    }()

    /// A PDSA cycle's members as a body sends them.
    static let pdsaFields: [(String, JSONSchema)] = [
        ("title", text(max: PDSAFields.titleLimit, required: true)),
        ("changeIdeaId", uuid(nullable: true)),
        ("status", choice(PDSAStatus.self)),
        ("startDate", date()),
        ("endDate", date(nullable: true)),
        ("plan", text(max: PDSAFields.textLimit, multiline: true)),
        ("do", text(max: PDSAFields.textLimit, multiline: true)),
        ("study", text(max: PDSAFields.textLimit, multiline: true)),
        ("act", text(max: PDSAFields.textLimit, multiline: true)),
        ("decision", choice(PDSADecision.allCases.map(\.rawValue), nullable: true)),
        ("measureIds", array(uuid(), maxItems: PDSAFields.measureLimit)),
    ]

    /// An annotation's members as a body sends them.
    static let annotationFields: [(String, JSONSchema)] = [
        ("date", date()),
        ("kind", choice(AnnotationKind.self)),
        ("label", text(max: AnnotationFields.labelLimit, required: true)),
        ("note", text(max: AnnotationFields.noteLimit, multiline: true)),
    ]

    /// An action's members as a body sends them.
    static let actionFields: [(String, JSONSchema)] = [
        ("itemId", uuid(nullable: true)),
        ("title", text(max: ActionFields.titleLimit, required: true)),
        ("notes", text(max: ActionFields.notesLimit, multiline: true)),
        ("ownerId", uuid(nullable: true)),
        ("dueDate", date()),
        ("doneOn", date(nullable: true)),
    ]

    /// A decision's members as a body sends them.
    static let decisionFields: [(String, JSONSchema)] = [
        ("title", text(max: DecisionFields.titleLimit, required: true)),
        ("decidedOn", date()),
        ("deciderId", uuid(nullable: true)),
        ("board", text(max: DecisionFields.boardLimit)),
        ("rationale", text(max: DecisionFields.textLimit, multiline: true)),
        ("options", text(max: DecisionFields.textLimit, multiline: true)),
        ("linkedItemIds", array(uuid(), maxItems: DecisionFields.linkLimit)),
    ]

    /// A status update's ratings, reasons and sections as a body sends them.
    static let statusUpdateFields: [(String, JSONSchema)] = {
        var fields: [(String, JSONSchema)] = [
            ("overall", choice(RAG.allCases.map(\.rawValue), nullable: true, description: "Blue (complete), green, amber or red; null: not rated yet")),
            ("overallJustification", text(max: StatusUpdateFields.justificationLimit, multiline: true)),
        ]
        for dimension in StatusDimension.allCases {
            fields.append((dimension.rawValue, choice([RAG.green, .amber, .red].map(\.rawValue), nullable: true,
                                                      description: dimension.label + ": green, amber or red; null: not rated yet")))
            fields.append((dimension.rawValue + "Justification", text(max: StatusUpdateFields.justificationLimit, multiline: true)))
        }
        for section in StatusNarrative.allCases {
            fields.append((section.rawValue, text(max: StatusUpdateFields.narrativeLimit, multiline: true)))
        }
        return fields
    }()

    /// A log item's schema as answers send it: its id, project and reference, its fields as a body
    /// sends them (those not nullable always there), what else it derives, and what you may do.
    static func logItem(reference: String, fields: [(String, JSONSchema)], derived: [(String, JSONSchema)]) -> JSONSchema {
        let members = [("id", uuid()), ("projectId", uuid()), ("reference", JSONSchema.string(description: reference))] + fields + derived
            + [("version", integer), ("createdAt", timestamp), ("updatedAt", timestamp),
               ("permissions", object([("canEdit", boolean), ("canDelete", boolean)], required: ["canEdit", "canDelete"]))]
        return object(members, required: members.filter { !$0.1.nullable }.map(\.0).filter { $0 != "item" })
    }

    /// A milestone's members as a body sends them.
    static let milestoneFields: [(String, JSONSchema)] = [
        ("title", text(max: MilestoneFields.titleLimit, required: true)),
        ("ownerId", uuid(nullable: true)),
        ("forecastDate", date()),
        ("actualDate", date(nullable: true)),
        ("status", choice(MilestoneStatus.self)),
        ("stageId", uuid(nullable: true)),
        ("notes", text(max: MilestoneFields.notesLimit, multiline: true)),
        ("key", boolean),
    ]

    /// The project's fields as a body sends them; the free-text ones from `ProjectFields.texts`.
    static let projectFields: [(String, JSONSchema)] = {
        [("title", text(max: ProjectFields.titleLimit, required: true))]
            + ProjectFields.texts.map { ($0.key, text(max: ProjectFields.textLimit, multiline: true)) }
            + [
                ("leadOrganisationId", uuid()),
                ("partnerOrganisationIds", array(uuid(), maxItems: 50)),
                ("programmeId", uuid(nullable: true)),
                ("themeIds", array(uuid(), maxItems: 50)),
                ("methodology", choice(Methodology.self)),
                ("stageId", uuid()),
                ("status", choice(ProjectStatus.self)),
                ("startDate", date(nullable: true)),
                ("endDate", date(nullable: true)),
                ("budgetPence", .integer(nullable: true, maximum: (Int(ProjectFields.maximumBudgetPence), exclusive: false),
                                         minimum: (0, exclusive: false))),
                ("tags", array(text(max: 40, required: true, refusing: ","), maxItems: ProjectFields.tagLimit)),
                ("visibility", choice(Visibility.self)),
            ]
    }()

    static let odsCodePattern = "^[A-Za-z][A-Za-z0-9]{2,5}" + end

    /// An ODS code's shape applies when `codeKind` says "ods": either the kind sent is another, or
    /// the code sent has that shape. (The same as JSON Schema's if/then, which OpenAPIKit does not
    /// model; a member not sent satisfies either branch, as it would the if/then.)
    static let odsCodeRule = JSONSchema.any(of: [
        object([("codeKind", choice(OrganisationCodeKind.allCases.map(\.rawValue).filter { $0 != OrganisationCodeKind.ods.rawValue }))]),
        object([("code", .string(pattern: odsCodePattern))]),
    ])

    static var schemas: OpenAPI.ComponentDictionary<JSONSchema> {
        let organisationFields: [(String, JSONSchema)] = [
            ("name", text(max: 200, required: true)),
            ("code", .string(description: "ODS: 3 to 6 letters and digits starting with a letter; local: 2 to 12 letters, digits and hyphens. Stored in capitals.",
                             pattern: "^[A-Za-z0-9][A-Za-z0-9-]{0,10}[A-Za-z0-9]" + end)),
            ("codeKind", choice(OrganisationCodeKind.self)),
            ("kind", choice(OrganisationKind.self)),
        ]
        let personFields: [(String, JSONSchema)] = [
            ("name", text(max: 200, required: true)),
            ("email", .string(format: .email, maxLength: 254)),
            ("role", choice(SystemRole.self)),
            ("organisationId", uuid()),
            ("password", .string(description: "At most \(PasswordRules.maximumBytes) bytes in UTF-8 (bcrypt reads no more)",
                                 minLength: PasswordRules.minimumLength, maxLength: PasswordRules.maximumBytes)),
        ]
        let named: [(String, JSONSchema)] = [("name", text(max: 120, required: true)), ("description", text(max: 2_000, multiline: true))]
        let fieldErrorKinds = "invalid: the document already says so; reference: no such record, or one that cannot be chosen; taken: another record has it; rule: a rule across fields, or about who may set it, that no schema can state"

        var schemas = OpenAPI.ComponentDictionary<JSONSchema>()
        schemas["Problem"] = object([
            ("type", plainString), ("title", plainString), ("status", integer), ("detail", plainString),
            ("errors", array(object([("field", plainString), ("message", plainString),
                                     ("kind", choice(FieldErrorKind.allCases.map(\.rawValue), description: fieldErrorKinds))],
                                    required: ["field", "message", "kind"]))),
            ("currentVersion", integer),
        ], required: ["type", "title", "status", "detail"])
        schemas["Organisation"] = object([
            ("id", uuid()), ("name", plainString), ("code", plainString), ("codeKind", choice(OrganisationCodeKind.self)),
            ("kind", choice(OrganisationKind.self)), ("version", integer),
        ], required: ["id", "name", "code", "codeKind", "kind", "version"])
        schemas["OrganisationCreate"] = .all(of: [object(organisationFields, required: ["name", "code", "codeKind", "kind"]), odsCodeRule])
        schemas["OrganisationUpdate"] = .all(of: [object(organisationFields + [("version", version)]), odsCodeRule])
        schemas["Person"] = object([
            ("id", uuid()), ("name", plainString), ("email", plainString), ("role", choice(SystemRole.self)),
            ("organisationId", uuid()), ("active", boolean), ("version", integer),
        ], required: ["id", "name", "email", "role", "organisationId", "active", "version"])
        schemas["PersonCreate"] = object(personFields, required: ["name", "email", "role", "organisationId", "password"])
        schemas["PersonUpdate"] = object(personFields + [("active", boolean), ("version", version)])
        schemas["NamedItem"] = object([("id", uuid()), ("name", plainString), ("description", plainString), ("version", integer)],
                                      required: ["id", "name", "description", "version"])
        schemas["NamedItemCreate"] = object(named, required: ["name"])
        schemas["NamedItemUpdate"] = object(named + [("version", version)])
        schemas["Stage"] = object([
            ("id", uuid()), ("key", plainString), ("name", plainString), ("position", integer),
            ("gate", .string(nullable: true)), ("description", plainString),
        ], required: ["id", "key", "name", "position", "description"])
        let projectRequired = ["id", "code", "title"] + ProjectFields.texts.map(\.key)
            + ["leadOrganisationId", "partnerOrganisationIds", "themeIds", "methodology", "stageId", "status", "tags", "visibility",
               "version", "createdAt", "updatedAt", "permissions"]
        schemas["Project"] = object(
            [("id", uuid()), ("code", plainString), ("title", plainString)]
                + ProjectFields.texts.map { ($0.key, plainString) }
                + [
                    ("leadOrganisationId", uuid()), ("partnerOrganisationIds", array(uuid())), ("programmeId", uuid(nullable: true)),
                    ("themeIds", array(uuid())), ("methodology", choice(Methodology.self)), ("stageId", uuid()),
                    ("status", choice(ProjectStatus.self)), ("startDate", date(nullable: true)), ("endDate", date(nullable: true)),
                    ("budgetPence", .integer(nullable: true)), ("tags", array(plainString)), ("visibility", choice(Visibility.self)),
                    ("version", integer), ("createdAt", timestamp), ("updatedAt", timestamp),
                    ("permissions", object([("canEdit", boolean), ("canManage", boolean), ("canDelete", boolean)],
                                           required: ["canEdit", "canManage", "canDelete"])),
                ],
            required: projectRequired)
        schemas["ProjectCreate"] = object(projectFields, required: ["title", "leadOrganisationId", "methodology", "stageId", "visibility"])
        schemas["ProjectUpdate"] = object(projectFields + [("version", version)])
        schemas["ProjectSummary"] = object([
            ("id", uuid()), ("code", plainString), ("title", plainString), ("summary", plainString),
            ("leadOrganisationId", uuid()), ("leadOrganisationName", plainString), ("programmeId", uuid(nullable: true)),
            ("programmeName", .string(nullable: true)), ("methodology", choice(Methodology.self)), ("stageId", uuid()),
            ("stageName", plainString), ("status", choice(ProjectStatus.self)), ("visibility", choice(Visibility.self)),
            ("startDate", date(nullable: true)), ("endDate", date(nullable: true)), ("version", integer), ("updatedAt", timestamp),
            ("seniorResponsibleOwner", .string(description: "The team's senior responsible owners by name, joined by commas; absent when none")),
            ("projectManager", .string(description: "The team's project managers by name, joined by commas; absent when none")),
            ("budgetPence", .integer(description: "Absent when no budget is recorded")),
        ], required: ["id", "code", "title", "summary", "leadOrganisationId", "leadOrganisationName", "methodology",
                      "stageId", "stageName", "status", "visibility", "version", "updatedAt"])
        schemas["TeamMember"] = object([("personId", uuid()), ("name", plainString), ("email", plainString),
                                        ("organisationId", uuid()), ("role", choice(TeamRole.self))],
                                       required: ["personId", "name", "email", "organisationId", "role"])
        schemas["TeamMemberUpdate"] = object([("role", choice(TeamRole.self))], required: ["role"])
        schemas["AuditEvent"] = object([
            ("id", uuid()), ("occurredAt", timestamp), ("actorId", uuid(nullable: true)), ("actorName", plainString),
            ("entityType", plainString), ("entityId", uuid()), ("action", choice(["create", "update", "delete", "close"])),
            ("event", choice(AuditEventCode.allCases.map(\.rawValue), description: "What happened, as a stable code")),
            ("subject", .string(description: "The record as it was named when the change was made")),
            ("summary", .string(description: "The event in words, as the history page shows it")),
            ("changes", array(object([
                ("key", .string(description: "The field's key, as the API's members name it")),
                ("field", .string(description: "The field's label")),
                ("old", .string(nullable: true)), ("new", .string(nullable: true)),
                ("oldValue", .string(nullable: true, description: "As stored: ids, codes, whole pence")),
                ("newValue", .string(nullable: true, description: "As stored: ids, codes, whole pence")),
            ], required: ["key", "field"]))),
        ], required: ["id", "occurredAt", "actorName", "entityType", "entityId", "action", "event", "subject", "summary", "changes"])
        schemas["RiskEscalation"] = object([
            ("level", choice(EscalationLevel.self)),
            ("reason", text(max: RiskEscalation.reasonLimit, required: true, multiline: true)),
            ("version", version),
        ], required: ["level", "reason"])
        let ratings = ["inherent", "current", "target"].flatMap { name -> [(String, JSONSchema)] in
            [("\(name)Likelihood", integer), ("\(name)Consequence", integer),
             ("\(name)Score", .integer(description: "Likelihood × consequence, 1 to 25")),
             ("\(name)Band", .string(description: "The band the band table in force gave the rating when it was stored"))]
        }
        let riskMembers: [(String, JSONSchema)] =
            [("id", uuid()), ("projectId", uuid()), ("reference", .string(description: "R and its number on the project")),
             ("title", plainString), ("cause", plainString), ("event", plainString), ("effect", plainString),
             ("categoryId", uuid(nullable: true)), ("ownerId", uuid(nullable: true))] + ratings + [
                ("response", choice(RiskResponse.self)), ("proximity", date(nullable: true)), ("reviewDate", date(nullable: true)),
                ("reviewOverdue", boolean), ("status", choice(RiskStatus.self)), ("escalation", choice(EscalationLevel.self)),
                ("escalationReason", .string(description: "Why it is on the register it is on; empty on its project's")),
                ("escalationCandidate", .boolean(description: "Open, on its project's register, and scored at or above the escalation threshold")),
                ("version", integer), ("createdAt", timestamp), ("updatedAt", timestamp),
            ]
        let riskRequired = ["id", "projectId", "reference", "title", "cause", "event", "effect"] + ratings.map(\.0)
            + ["response", "reviewOverdue", "status", "escalation", "escalationReason", "escalationCandidate", "version", "createdAt",
               "updatedAt"]
        schemas["Risk"] = object(riskMembers + [
            ("permissions", object([("canEdit", boolean), ("canDelete", boolean)], required: ["canEdit", "canDelete"])),
        ], required: riskRequired + ["permissions"])
        schemas["RegisteredRisk"] = object(riskMembers + [
            ("project", object([("id", uuid()), ("code", plainString), ("title", plainString), ("leadOrganisationId", uuid())],
                               required: ["id", "code", "title", "leadOrganisationId"])),
        ], required: riskRequired + ["project"])
        schemas["RiskCreate"] = object(riskFields, required: ["title", "inherentLikelihood", "inherentConsequence", "currentLikelihood",
                                                              "currentConsequence", "targetLikelihood", "targetConsequence"])
        schemas["RiskUpdate"] = object(riskFields + [("version", version)])
        let issueMembers: [(String, JSONSchema)] = [
            ("id", uuid()), ("projectId", uuid()), ("reference", .string(description: "I and its number on the project")),
            ("title", plainString), ("description", plainString), ("priority", choice(IssuePriority.self)), ("ownerId", uuid(nullable: true)),
            ("raisedOn", date()), ("targetDate", date(nullable: true)),
            ("overdue", .boolean(description: "Open or in progress, and past its target resolution date")),
            ("status", choice(IssueStatus.self)), ("resolution", plainString),
            ("riskId", uuid(nullable: true)), ("escalation", choice(EscalationLevel.self)),
            ("escalationReason", .string(description: "Why it is on the register it is on; empty on its project's")),
            ("version", integer), ("createdAt", timestamp), ("updatedAt", timestamp),
        ]
        let issueRequired = ["id", "projectId", "reference", "title", "description", "priority", "raisedOn", "overdue", "status",
                             "resolution", "escalation", "escalationReason", "version", "createdAt", "updatedAt"]
        schemas["Issue"] = object(issueMembers + [
            ("permissions", object([("canEdit", boolean), ("canDelete", boolean)], required: ["canEdit", "canDelete"])),
        ], required: issueRequired + ["permissions"])
        schemas["RegisteredIssue"] = object(issueMembers + [
            ("project", object([("id", uuid()), ("code", plainString), ("title", plainString), ("leadOrganisationId", uuid())],
                               required: ["id", "code", "title", "leadOrganisationId"])),
        ], required: issueRequired + ["project"])
        schemas["IssueCreate"] = object(issueFields, required: ["title"])
        schemas["IssueUpdate"] = object(issueFields + [("version", version)])
        schemas["Materialisation"] = object([("version", version)])
        schemas["RiskMaterialised"] = object([("risk", ref("Risk")), ("issue", ref("Issue"))], required: ["risk", "issue"])
        let milestoneMembers: [(String, JSONSchema)] = [
            ("id", uuid()), ("projectId", uuid()), ("reference", .string(description: "M and its number on the project")),
            ("title", plainString), ("ownerId", uuid(nullable: true)),
            ("baselineDate", date(nullable: true)), ("forecastDate", date()), ("actualDate", date(nullable: true)),
            ("slippageDays", .integer(nullable: true, description: "Days later than the baseline (negative: earlier), from the actual date or the forecast; null before a baseline")),
            ("overdue", .boolean(description: "Its forecast has passed without its being achieved")),
            ("status", choice(MilestoneStatus.self)), ("stageId", uuid(nullable: true)), ("notes", plainString), ("key", boolean),
            ("version", integer), ("createdAt", timestamp), ("updatedAt", timestamp),
        ]
        let milestoneRequired = ["id", "projectId", "reference", "title", "forecastDate", "overdue", "status", "notes", "key", "version",
                                 "createdAt", "updatedAt"]
        schemas["Milestone"] = object(milestoneMembers + [
            ("permissions", object([("canEdit", boolean), ("canDelete", boolean)], required: ["canEdit", "canDelete"])),
        ], required: milestoneRequired + ["permissions"])
        schemas["MilestoneCreate"] = object(milestoneFields, required: ["title", "forecastDate"])
        schemas["MilestoneUpdate"] = object(milestoneFields + [("version", version)])
        schemas["Baseline"] = object([
            ("id", uuid()), ("projectId", uuid()), ("number", integer), ("reason", plainString), ("actorName", plainString),
            ("createdAt", timestamp),
            ("milestones", array(object([("milestoneId", uuid()), ("reference", plainString), ("title", plainString),
                                         ("baselineDate", date())], required: ["milestoneId", "reference", "title", "baselineDate"]))),
        ], required: ["id", "projectId", "number", "reason", "actorName", "createdAt", "milestones"])
        schemas["BaselineCreate"] = object([("reason", text(max: PlanBaseline.reasonLimit, required: true, multiline: true))],
                                           required: ["reason"])
        schemas["KeyMilestones"] = object([
            ("windowDays", integer),
            ("items", array(object(milestoneMembers + [
                ("project", object([("id", uuid()), ("code", plainString), ("title", plainString), ("leadOrganisationId", uuid())],
                                   required: ["id", "code", "title", "leadOrganisationId"])),
            ], required: milestoneRequired + ["project"]))),
            ("page", integer), ("perPage", integer), ("total", integer),
        ], required: ["windowDays", "items", "page", "perPage", "total"])
        let end = object([("access", choice(["readable", "hidden", "deleted"])), ("id", uuid()), ("code", plainString),
                          ("title", plainString), ("leadOrganisationId", uuid())], required: ["access"])
        schemas["Dependency"] = object([
            ("id", uuid()), ("reference", .string(description: "D and its number on the depending project")),
            ("direction", choice(["depends-on", "depended-on-by"], description: "On a project's list: which way it points")),
            ("title", plainString), ("description", plainString),
            ("dependsOnProject", uuid(nullable: true)), ("external", plainString), ("neededBy", date()), ("ownerId", uuid(nullable: true)),
            ("status", choice(DependencyStatus.self)),
            ("overdue", .boolean(description: "Not yet met, and past its needed-by date")),
            ("crossOrganisation", .boolean(description: "Its two projects have different lead organisations; left out when you may not read both")),
            ("dependent", end), ("provider", end),
            ("version", integer), ("createdAt", timestamp), ("updatedAt", timestamp),
            ("permissions", object([("canEdit", boolean), ("canDelete", boolean)], required: ["canEdit", "canDelete"])),
        ], required: ["id", "reference", "title", "description", "external", "neededBy", "status", "overdue", "dependent", "version",
                      "createdAt", "updatedAt"])
        schemas["DependencyCreate"] = object(dependencyFields, required: ["title", "neededBy"])
        schemas["DependencyUpdate"] = object(dependencyFields + [("version", version)])
        schemas["Assumption"] = logItem(reference: "A and its number on the project", fields: assumptionFields, derived: [
            ("overdue", .boolean(description: "Not yet validated, and past its validate-by date")),
        ])
        schemas["AssumptionCreate"] = object(assumptionFields, required: ["statement"])
        schemas["AssumptionUpdate"] = object(assumptionFields + [("version", version)])
        schemas["Action"] = logItem(reference: "AC and its number on the project", fields: actionFields, derived: [
            ("item", object([("kind", choice(RAIDItem.kinds)), ("id", uuid()), ("reference", plainString), ("title", plainString)],
                            required: ["kind", "id"])),
            ("overdue", .boolean(description: "Not done, and past its due date")),
        ])
        schemas["ActionCreate"] = object(actionFields, required: ["title", "dueDate"])
        schemas["ActionUpdate"] = object(actionFields + [("version", version)])
        schemas["Decision"] = logItem(reference: "DEC and its number on the project", fields: decisionFields, derived: [
            ("linkedItems", array(object([("kind", choice(RAIDItem.kinds)), ("id", uuid()), ("reference", plainString), ("title", plainString)],
                                         required: ["kind", "id", "reference", "title"]))),
        ])
        schemas["DecisionCreate"] = object(decisionFields, required: ["title", "decidedOn"])
        schemas["DecisionUpdate"] = object(decisionFields + [("version", version)])
        schemas["StatusUpdate"] = logItem(reference: "The period and revision, as words: \"September 2026 update, revision 2\"",
                                          fields: statusUpdateFields, derived: [
            ("period", JSONSchema.string(description: "The period's first month, YYYY-MM")),
            ("periodMonths", integer), ("periodLabel", plainString), ("revision", integer),
            ("state", choice(StatusUpdateState.self)),
            ("submittedAt", .string(format: .dateTime, nullable: true)), ("submittedBy", uuid(nullable: true)),
        ])
        schemas["StatusUpdateStart"] = object([
            ("period", JSONSchema.string(description: "The period's first month, YYYY-MM; the period open for reporting when left out")),
        ])
        schemas["StatusUpdateUpdate"] = object(statusUpdateFields + [("version", version)])
        let cycleMembers: [(String, JSONSchema)] = [("frequency", choice(ReportingFrequency.self)), ("dueWorkingDay", integer),
                                                    ("description", plainString), ("version", integer)]
        schemas["ReportingCycles"] = object([
            ("system", object(cycleMembers, required: cycleMembers.map(\.0))),
            ("programmes", array(object([("programmeId", uuid())] + cycleMembers, required: ["programmeId"] + cycleMembers.map(\.0)))),
        ], required: ["system", "programmes"])
        schemas["ReportingCycleUpdate"] = object([
            ("frequency", choice(ReportingFrequency.self)),
            ("dueWorkingDay", .integer(description: "The working day of the month after a period on which its update is due",
                                       maximum: (ReportingCycle.dueDayRange.upperBound, exclusive: false),
                                       minimum: (ReportingCycle.dueDayRange.lowerBound, exclusive: false))),
            ("version", .integer(description: "The version you read (0 for a programme without a cycle of its own yet); a stale one is refused with 409.",
                                 maximum: (Int(Int32.max) - 1, exclusive: false), minimum: (0, exclusive: false))),
        ], required: ["frequency", "dueWorkingDay"])
        let ragOrNull = choice(RAG.allCases.map(\.rawValue), nullable: true)
        let portfolioReportLine: [(String, JSONSchema)] = [
            ("projectId", uuid()), ("projectCode", plainString), ("projectTitle", plainString), ("stage", plainString), ("period", plainString),
            ("statusUpdateId", uuid(nullable: true)), ("overall", ragOrNull), ("overallJustification", .string(nullable: true)),
            ("previous", ragOrNull), ("movement", choice(["improved", "worsened", "unchanged", "new"], nullable: true)),
            ("dimensions", object(StatusDimension.allCases.map { ($0.rawValue, ragOrNull) }, required: StatusDimension.allCases.map(\.rawValue))),
            ("summary", .string(nullable: true)),
        ]
        let closureMembers: [(String, JSONSchema)] = [
            ("period", plainString), ("periodLabel", plainString), ("closedAt", timestamp), ("closedOn", date()), ("closedBy", uuid(nullable: true)),
            ("closedByName", .string(nullable: true)), ("projectCount", integer), ("highlightCount", integer),
        ]
        schemas["PeriodClosure"] = object(closureMembers, required: closureMembers.map(\.0))
        let feedMembers: [(String, JSONSchema)] = [
            ("id", uuid()), ("kind", choice(["own", "project"])), ("projectId", uuid(nullable: true)), ("projectCode", .string(nullable: true)),
            ("projectTitle", .string(nullable: true)), ("projectHidden", boolean), ("createdAt", timestamp),
        ]
        schemas["CalendarFeed"] = object(feedMembers, required: feedMembers.map(\.0))
        schemas["NewCalendarFeed"] = object(feedMembers + [("address", plainString)],
                                            required: feedMembers.map(\.0) + ["address"])
        schemas["ReportingPeriod"] = object([("period", plainString), ("periodLabel", plainString), ("due", date()), ("closed", boolean),
                                             ("closure", nullableObject(closureMembers))],
                                            required: ["period", "periodLabel", "due", "closed", "closure"])
        /// A report made from a closed period's snapshot says which; one made from the data now has null.
        let asAt = nullableObject(closureMembers)
        let reportCounts = RAG.allCases.map { ($0.rawValue, integer) } + [("notReported", integer)]
        let reportMovement: [(String, JSONSchema)] = ["improved", "worsened", "unchanged", "new"].map { ($0, integer) }
        let portfolioReport: [(String, JSONSchema)] = [
            ("slice", plainString), ("period", plainString), ("periodLabel", plainString), ("due", date()), ("generatedAt", timestamp),
            ("counts", object(reportCounts, required: reportCounts.map(\.0))), ("movement", object(reportMovement, required: reportMovement.map(\.0))),
            ("projects", array(object(portfolioReportLine, required: portfolioReportLine.map(\.0)))), ("dashboard", ref("Dashboard")),
            ("asAt", asAt),
        ]
        schemas["PortfolioReport"] = object(portfolioReport, required: portfolioReport.map(\.0))
        schemas["BoardPack"] = object([("title", plainString), ("portfolioReport", ref("PortfolioReport")), ("highlightReports", array(ref("HighlightReport")))],
                                      required: ["title", "portfolioReport", "highlightReports"])
        let gateMembers: [(String, JSONSchema)] = [
            ("stageId", uuid()), ("gate", plainString), ("stageName", plainString), ("board", plainString), ("criteria", array(plainString)),
            ("memberIds", array(uuid())), ("memberEmails", array(plainString)), ("version", integer),
        ]
        schemas["Gate"] = object(gateMembers, required: gateMembers.map(\.0))
        schemas["GateUpdate"] = object([
            ("board", text(max: GateSettingFields.boardLimit, required: true)),
            ("criteria", array(text(max: GateSettingFields.criterionLimit, required: true), maxItems: GateSettingFields.criteriaLimit)),
            ("memberEmails", array(JSONSchema.string(description: "The email address a board member signs in with"), maxItems: GateSettingFields.memberLimit)),
            ("version", version),
        ])
        let reportLine = object([("reference", plainString), ("title", plainString), ("detail", plainString)], required: ["reference", "title", "detail"])
        let reportMembers: [(String, JSONSchema)] = [
            ("projectCode", plainString), ("projectTitle", plainString), ("fromStage", plainString), ("toStage", plainString),
            ("gate", plainString), ("board", plainString), ("seniorResponsibleOwners", array(plainString)), ("projectManagers", array(plainString)),
            ("projectStatus", plainString), ("startDate", date(nullable: true)), ("endDate", date(nullable: true)),
            ("criteria", array(object([("text", plainString), ("met", boolean)], required: ["text", "met"]))),
            ("summary", plainString), ("evidence", plainString),
            ("reported", .object(nullable: true, properties: [
                "period": plainString.requiredSchemaObject(), "summary": plainString.requiredSchemaObject(),
                "ratings": array(object([("label", plainString), ("status", plainString), ("justification", plainString)],
                                        required: ["label", "status", "justification"])).requiredSchemaObject(),
            ])),
            ("milestoneCount", integer), ("milestonesComplete", integer), ("comingUp", array(reportLine)), ("slipped", array(reportLine)),
            ("openRiskCount", integer), ("risks", array(reportLine)), ("openIssueCount", integer), ("issues", array(reportLine)),
            ("benefits", array(reportLine)), ("generatedAt", timestamp),
        ]
        let decisionMembers: [(String, JSONSchema)] = [
            ("outcome", choice(GateOutcome.self)), ("decidedOn", date()), ("board", plainString), ("rationale", plainString),
            ("conditions", plainString), ("decidedBy", uuid(nullable: true)), ("decidedAt", .string(format: .dateTime, nullable: true)),
        ]
        let reviewMembers: [(String, JSONSchema)] = [
            ("id", uuid()), ("projectId", uuid()), ("reference", JSONSchema.string(description: "GR and its number on the project")),
            ("title", plainString), ("gate", plainString), ("stageId", uuid()), ("fromStageId", uuid()), ("board", plainString),
            ("criteria", array(object([("number", integer), ("text", plainString), ("met", boolean)], required: ["number", "text", "met"]))),
            ("criteriaMet", array(integer)), ("summary", plainString), ("evidence", plainString), ("requestedBy", uuid(nullable: true)),
            ("requestedAt", timestamp), ("state", choice(GateReviewState.self)),
            ("decision", nullableObject(decisionMembers)),
            ("report", object(reportMembers, required: reportMembers.map(\.0))), ("version", integer),
            ("permissions", object([("canDecide", boolean), ("canWithdraw", boolean)], required: ["canDecide", "canWithdraw"])),
        ]
        schemas["GateReview"] = object(reviewMembers, required: reviewMembers.map(\.0))
        schemas["GateReviewRequest"] = object([
            ("stageId", uuid()),
            ("summary", text(max: GateRequestFields.summaryLimit, required: true, multiline: true)),
            ("criteriaMet", array(.integer(maximum: (GateSettingFields.criteriaLimit, exclusive: false), minimum: (1, exclusive: false)),
                                   maxItems: GateSettingFields.criteriaLimit)),
            ("evidence", text(max: GateRequestFields.evidenceLimit, multiline: true)),
        ], required: ["summary"])
        schemas["GateDecision"] = object([
            ("outcome", choice(GateOutcome.self)), ("decidedOn", date()),
            ("board", text(max: GateSettingFields.boardLimit, required: true)),
            ("rationale", text(max: GateDecisionFields.textLimit, required: true, multiline: true)),
            ("conditions", text(max: GateDecisionFields.textLimit, multiline: true)), ("version", version),
        ], required: ["outcome", "decidedOn", "board", "rationale"])
        schemas["GateReviewWithdrawal"] = object([("version", version)])
        let waitingMembers: [(String, JSONSchema)] = [
            ("id", uuid()), ("projectId", uuid()), ("projectCode", plainString), ("projectTitle", plainString), ("title", plainString),
            ("board", plainString), ("stageId", uuid()), ("requestedAt", timestamp), ("canDecide", boolean),
        ]
        schemas["GateReviewWaiting"] = object(waitingMembers, required: waitingMembers.map(\.0))
        schemas["BankHoliday"] = object([("date", date()), ("name", plainString)], required: ["date", "name"])
        schemas["BankHolidayCreate"] = object([("date", date()), ("name", text(max: BankHoliday.nameLimit, required: true))],
                                              required: ["date", "name"])
        let line: [(String, JSONSchema)] = [
            ("projectId", uuid()), ("projectCode", plainString), ("projectTitle", plainString),
            ("period", plainString), ("due", date()), ("state", choice(["not-started"] + StatusUpdateState.allCases.map(\.rawValue))),
            ("overall", choice(RAG.allCases.map(\.rawValue), nullable: true)), ("overdue", boolean),
        ]
        schemas["ReportingOverview"] = object([
            ("period", plainString), ("periodLabel", plainString), ("due", date()),
            ("current", array(object(line, required: line.map(\.0)))), ("overdue", array(object(line, required: line.map(\.0)))),
        ], required: ["period", "periodLabel", "due", "current", "overdue"])
        let reminder: [(String, JSONSchema)] = [
            ("projectId", uuid()), ("projectCode", plainString), ("projectTitle", plainString), ("period", plainString),
            ("periodLabel", plainString), ("due", date()), ("overdue", boolean), ("workingDaysLeft", integer),
        ]
        schemas["StatusReminder"] = object(reminder, required: reminder.map(\.0))
        func required(_ members: [(String, JSONSchema)], optional: Set<String> = []) -> JSONSchema {
            object(members, required: members.map(\.0).filter { !optional.contains($0) })
        }
        let bar: [(String, JSONSchema)] = [("key", plainString), ("label", plainString), ("count", integer)]
        let chart: [(String, JSONSchema)] = [("facet", choice(DashboardFacet.self)), ("parameter", plainString), ("bars", array(required(bar)))]
        let exception: [(String, JSONSchema)] = [
            ("projectId", uuid()), ("projectCode", plainString), ("projectTitle", plainString), ("period", plainString),
            ("overall", choice(RAG.self)), ("previous", choice(RAG.allCases.map(\.rawValue), nullable: true)),
            ("movement", choice(["improved", "worsened", "unchanged", "new"])),
        ]
        let topRisk: [(String, JSONSchema)] = [("id", uuid()), ("reference", plainString), ("title", plainString), ("projectId", uuid()),
                                               ("projectCode", plainString), ("score", integer), ("band", plainString)]
        let keyMilestone: [(String, JSONSchema)] = [("id", uuid()), ("reference", plainString), ("title", plainString), ("projectId", uuid()),
                                                    ("projectCode", plainString), ("forecastDate", date()), ("slippageDays", .integer(nullable: true))]
        let atRisk: [(String, JSONSchema)] = [("id", uuid()), ("reference", plainString), ("title", plainString), ("projectId", uuid(nullable: true)),
                                              ("providerProjectId", uuid(nullable: true)), ("neededBy", date()), ("status", choice(DependencyStatus.self))]
        let cash: [(String, JSONSchema)] = [("year", plainString), ("planned", .number), ("realised", .number)]
        let quality: [(String, JSONSchema)] = [("check", choice(DataQualityCheck.self)), ("projects", integer), ("items", integer),
                                               ("projectIds", array(uuid()))]
        let movementCounts: [(String, JSONSchema)] = ["improved", "worsened", "unchanged", "new"].map { ($0, integer) }
        let dashboard: [(String, JSONSchema)] = [
            ("scope", choice(DashboardScope.self)), ("period", plainString), ("periodLabel", plainString), ("due", date()),
            ("projects", integer), ("submitted", integer), ("expected", integer), ("charts", array(required(chart))),
            ("movement", required(movementCounts)), ("exceptions", array(required(exception))),
            ("overdue", array(object(line, required: line.map(\.0)))), ("topRisks", array(required(topRisk))), ("topRisksTotal", integer),
            ("milestones", array(required(keyMilestone))), ("milestonesTotal", integer), ("dependencies", array(required(atRisk))),
            ("dependenciesTotal", integer), ("benefits", array(required(cash))), ("dataQuality", array(required(quality))),
            ("gatesWaiting", array(required([("id", uuid()), ("projectId", uuid()), ("projectCode", plainString), ("projectTitle", plainString),
                                             ("title", plainString), ("board", plainString), ("requestedAt", timestamp)]))),
        ]
        schemas["Dashboard"] = required(dashboard)
        func items(_ members: [(String, JSONSchema)], optional: Set<String> = []) -> JSONSchema {
            array(object(members, required: members.map(\.0).filter { !optional.contains($0) }))
        }
        let milestone: [(String, JSONSchema)] = [("id", uuid()), ("reference", plainString), ("title", plainString), ("forecastDate", date()),
                                                 ("actualDate", date(nullable: true)), ("slippageDays", .integer(nullable: true))]
        let movement = choice(["improved", "worsened", "unchanged", "new"], nullable: true)
        schemas["HighlightReport"] = object([
            ("projectId", uuid()), ("projectCode", plainString), ("projectTitle", plainString), ("period", plainString),
            ("periodLabel", plainString), ("stage", plainString), ("seniorResponsibleOwners", array(plainString)),
            ("projectManagers", array(plainString)), ("budgetPence", .integer(nullable: true)), ("generatedAt", timestamp),
            ("update", ref("StatusUpdate")), ("previousPeriod", .string(nullable: true)), ("asAt", asAt),
            // An update reported for the period after it closed: a correction of the report kept, or a first, late, update.
            ("afterClose", nullableObject([("kind", choice(ReportedAfterClose.Kind.self)), ("closure", ref("PeriodClosure")), ("updateId", uuid()),
                                           ("revision", integer), ("submittedAt", .string(format: .dateTime, nullable: true))])),
            ("movement", object([("overall", movement)] + StatusDimension.allCases.map { ($0.rawValue, movement) },
                                required: ["overall"] + StatusDimension.allCases.map(\.rawValue))),
            ("completed", items(milestone)), ("comingUp", items(milestone)), ("slipped", items(milestone)),
            ("risks", items([("id", uuid()), ("reference", plainString), ("title", plainString), ("currentScore", integer),
                             ("currentBand", plainString), ("escalation", choice(EscalationLevel.self))])),
            ("issues", items([("id", uuid()), ("reference", plainString), ("title", plainString), ("priority", choice(IssuePriority.self)),
                              ("targetDate", date(nullable: true))])),
            ("dependencies", items([("id", uuid()), ("reference", plainString), ("title", plainString),
                                    ("status", choice(DependencyStatus.self)), ("neededBy", date())])),
            ("decisions", items([("id", uuid()), ("reference", plainString), ("title", plainString), ("decidedOn", date())])),
            ("benefits", items([("id", uuid()), ("reference", plainString), ("title", plainString), ("category", choice(BenefitCategory.self)),
                                ("status", choice(BenefitStatus.self))])),
            ("measures", items([("id", uuid()), ("reference", plainString), ("name", plainString),
                                ("variation", choice(SPCVariation.allCases.map(\.rawValue), nullable: true)),
                                ("assurance", choice(SPCAssurance.allCases.map(\.rawValue), nullable: true))])),
        ], required: ["projectId", "projectCode", "projectTitle", "period", "periodLabel", "stage", "seniorResponsibleOwners",
                      "projectManagers", "budgetPence", "generatedAt", "update", "previousPeriod", "movement", "completed", "comingUp",
                      "slipped", "risks", "issues", "dependencies", "decisions", "benefits", "measures", "asAt",
                      "afterClose"])
        schemas["MyWork"] = object([
            ("windowDays", integer),
            ("items", array(object([
                ("kind", choice(WorkKind.self)), ("id", uuid()), ("reference", plainString), ("title", plainString), ("due", date()),
                ("overdue", boolean),
                ("project", object([("id", uuid()), ("code", plainString), ("title", plainString)], required: ["id", "code", "title"])),
            ], required: ["kind", "id", "reference", "title", "due", "overdue", "project"]))),
            ("total", integer),
        ], required: ["windowDays", "items", "total"])
        let measureNumber = JSONSchema.number(maximum: (MeasureNumber.limit, exclusive: false), minimum: (-MeasureNumber.limit, exclusive: false))
        let measureExtras: [(String, JSONSchema)] = [
            ("baselinePoints", .integer(nullable: true, maximum: (MeasureFields.baselineRange.upperBound, exclusive: false),
                                        minimum: (MeasureFields.baselineRange.lowerBound, exclusive: false))),
            ("targets", array(object([("from", date()), ("value", measureNumber)], required: ["from", "value"]),
                              maxItems: MeasureFields.targetLimit)),
        ]
        schemas["Measure"] = logItem(reference: "M and its number on the project", fields: measureFields + [
            ("baselinePoints", .integer(nullable: true)),
            ("targets", array(object([("from", plainString), ("value", .number())], required: ["from", "value"]))),
        ], derived: [
            ("observationCount", integer), ("latestDate", .string(nullable: true)), ("latestValue", .number(nullable: true)),
            ("chart", choice(["xmr", "run-chart"])), ("variation", choice(SPCVariation.allCases.map(\.rawValue), nullable: true)),
            ("assurance", choice(SPCAssurance.allCases.map(\.rawValue), nullable: true)),
        ])
        let datedValues = array(object([("date", date()), ("value", measureNumber)], required: ["date", "value"]),
                                maxItems: BenefitFields.pointLimit)
        let cashYear = JSONSchema.string(description: "A financial year, April to March, like 2026/27 (the second year follows the first)",
                                         pattern: "^20[0-9]{2}/[0-9]{2}" + OpenAPIDocument.end)
        let benefitExtras: [(String, JSONSchema)] = [
            ("disbenefit", boolean), ("baselineValue", .number(nullable: true, maximum: (MeasureNumber.limit, exclusive: false),
                                                                minimum: (-MeasureNumber.limit, exclusive: false))),
            ("targetValue", .number(nullable: true, maximum: (MeasureNumber.limit, exclusive: false), minimum: (-MeasureNumber.limit, exclusive: false))),
            ("trajectory", datedValues), ("actuals", datedValues),
            ("cash", array(object([("year", cashYear), ("planned", measureNumber),
                                   ("realised", .number(nullable: true, maximum: (MeasureNumber.limit, exclusive: false),
                                                        minimum: (-MeasureNumber.limit, exclusive: false)))],
                                  required: ["year", "planned"]), maxItems: BenefitFields.yearLimit)),
        ]
        let benefitAnswerExtras: [(String, JSONSchema)] = [
            ("disbenefit", boolean), ("baselineValue", .number(nullable: true)), ("targetValue", .number(nullable: true)),
            ("trajectory", array(object([("date", plainString), ("value", .number())], required: ["date", "value"]))),
            ("actuals", array(object([("date", plainString), ("value", .number())], required: ["date", "value"]))),
            ("cash", array(object([("year", plainString), ("planned", .number()), ("realised", .number(nullable: true))],
                                  required: ["year", "planned", "realised"]))),
            ("plannedCashTotal", .number()), ("realisedCashTotal", .number()),
        ]
        schemas["Benefit"] = logItem(reference: "B and its number on the project", fields: benefitFields, derived: benefitAnswerExtras)
        schemas["BenefitCreate"] = object(benefitFields + benefitExtras, required: ["title"])
        schemas["BenefitUpdate"] = object(benefitFields + benefitExtras + [("version", version)])
        let registerLine = benefitFields.map(\.0).filter { !["description", "ownerId", "baselineDate", "targetDate", "actualsMeasureId"].contains($0) }
        let cashTotal: [(String, JSONSchema)] = [("year", plainString), ("planned", .number()), ("realised", .number())]
        schemas["BenefitRegister"] = object([
            ("items", array(object([("id", uuid()), ("projectId", uuid()), ("reference", plainString)] + benefitFields + benefitAnswerExtras
                                   + [("projectCode", plainString), ("projectTitle", plainString), ("projectStatus", choice(ProjectStatus.self)),
                                      ("leadOrganisation", plainString)],
                                   required: ["id", "projectId", "reference", "projectCode", "projectTitle", "projectStatus", "leadOrganisation"]
                                       + registerLine + benefitAnswerExtras.map(\.0)))),
            ("page", integer), ("perPage", integer), ("total", integer),
            ("cashByYear", array(object(cashTotal, required: ["year", "planned", "realised"]))),
            ("cashByOrganisation", array(object(cashTotal + [("organisationId", uuid()), ("organisationName", plainString)],
                                                required: ["year", "planned", "realised", "organisationId", "organisationName"]))),
        ], required: ["items", "page", "perPage", "total", "cashByYear", "cashByOrganisation"])
        schemas["Aim"] = object([("projectId", uuid()), ("statement", plainString), ("byHowMuch", plainString), ("byWhen", .string(nullable: true)),
                                 ("sentence", plainString), ("version", integer)],
                                required: ["projectId", "statement", "byHowMuch", "byWhen", "sentence", "version"])
        schemas["AimUpdate"] = object(aimFields + [("version", version)], required: ["statement"])
        let permissions = object([("canEdit", boolean), ("canDelete", boolean)], required: ["canEdit", "canDelete"])
        let driverPosition = JSONSchema.integer(maximum: (DriverFields.nodeLimit, exclusive: false), minimum: (1, exclusive: false))
        schemas["Driver"] = object([("id", uuid()), ("projectId", uuid()), ("reference", JSONSchema.string(description: "P, S or C (its kind) and its number on the project"))]
                                   + driverFields + [("position", integer), ("version", integer), ("permissions", permissions)],
                                   required: ["id", "projectId", "reference", "kind", "text", "position", "version", "permissions"])
        schemas["DriverCreate"] = object(driverFields + [("position", driverPosition)], required: ["kind", "text"])
        schemas["DriverUpdate"] = object(driverFields + [("position", driverPosition), ("version", version)])
        schemas["PDSACycle"] = logItem(reference: "PDSA and its number on the project", fields: pdsaFields, derived: [])
        schemas["PDSACycleCreate"] = object(pdsaFields, required: ["title", "startDate"])
        schemas["PDSACycleUpdate"] = object(pdsaFields + [("version", version)])
        schemas["Annotation"] = object([("id", uuid()), ("measureId", uuid())] + annotationFields + [("version", integer)],
                                       required: ["id", "measureId", "date", "kind", "label", "note", "version"])
        schemas["AnnotationCreate"] = object(annotationFields, required: ["date", "label"])
        schemas["AnnotationUpdate"] = object(annotationFields + [("version", version)])
        schemas["MeasureSummaryLine"] = object([
            ("measureId", uuid()), ("reference", plainString), ("name", plainString), ("unit", plainString),
            ("improvementDirection", choice(ImprovementDirection.self)), ("projectId", uuid()), ("projectCode", plainString),
            ("projectTitle", plainString), ("chart", choice(["xmr", "run-chart"])), ("observationCount", integer),
            ("latestDate", .string(nullable: true)), ("latestValue", .number(nullable: true)), ("target", .number(nullable: true)),
            ("variation", choice(SPCVariation.allCases.map(\.rawValue), nullable: true)),
            ("assurance", choice(SPCAssurance.allCases.map(\.rawValue), nullable: true)), ("recentValues", array(.number())),
            ("engineVersion", plainString),
        ], required: ["measureId", "reference", "name", "unit", "improvementDirection", "projectId", "projectCode", "projectTitle", "chart",
                      "observationCount", "latestDate", "latestValue", "target", "variation", "assurance", "recentValues", "engineVersion"])
        schemas["MeasureCreate"] = object(measureFields + measureExtras, required: ["name", "improvementDirection"])
        schemas["MeasureUpdate"] = object(measureFields + measureExtras + [("version", version)])
        let observationFields: [(String, JSONSchema)] = [
            ("date", date()), ("value", measureNumber), ("note", text(max: ObservationFields.noteLimit)), ("ghosted", boolean),
            ("recalculate", boolean),
        ]
        schemas["Observation"] = object([("id", uuid()), ("measureId", uuid()), ("date", plainString), ("value", .number()),
                                         ("note", plainString), ("ghosted", boolean), ("recalculate", boolean), ("version", integer)],
                                        required: ["id", "measureId", "date", "value", "note", "ghosted", "recalculate", "version"])
        schemas["ObservationCreate"] = object(observationFields, required: ["date", "value"])
        schemas["ObservationUpdate"] = object(observationFields + [("version", version)])
        schemas["ObservationImport"] = object([
            ("observations", .array(minItems: 1, maxItems: ObservationImport.rowLimit, items: object(
                [("date", date()), ("value", measureNumber), ("note", text(max: ObservationFields.noteLimit))], required: ["date", "value"]))),
        ], required: ["observations"])
        let rules = choice(SPCRule.self)
        let spcSettings: [(String, JSONSchema)] = [
            ("shiftLength", .integer(maximum: (SPCSettings.runLengths.upperBound, exclusive: false),
                                     minimum: (SPCSettings.runLengths.lowerBound, exclusive: false))),
            ("trendLength", .integer(maximum: (SPCSettings.runLengths.upperBound, exclusive: false),
                                     minimum: (SPCSettings.runLengths.lowerBound, exclusive: false))),
            ("pointOnMeanBreaksRun", boolean), ("screening", choice(MovingRangeScreening.self)),
            ("minimumPointsForLimits", .integer(maximum: (SPCSettings.pointMinimums.upperBound, exclusive: false),
                                                minimum: (SPCSettings.pointMinimums.lowerBound, exclusive: false))),
            ("minimumPointsPerPeriod", .integer(maximum: (SPCSettings.pointMinimums.upperBound, exclusive: false),
                                                minimum: (SPCSettings.pointMinimums.lowerBound, exclusive: false))),
            ("trendCrossesRecalculation", boolean), ("baselineBreaksRuns", boolean),
            ("targetOnLimit", choice(TargetOnLimit.self)),
            ("precedence", .array(minItems: SPCRule.allCases.count, maxItems: SPCRule.allCases.count, uniqueItems: true, items: rules)),
            ("conflict", choice(SPCConflict.self)),
        ]
        schemas["SPCAnalysisRequest"] = object([
            ("points", array(object([
                ("label", text(max: SPCAPI.labelLimit)), ("value", .number(nullable: true)), ("ghosted", boolean),
                ("recalculate", boolean), ("target", .number(nullable: true)),
            ], required: ["label", "value"]), maxItems: SPCAPI.pointLimit)),
            ("improvementDirection", choice(ImprovementDirection.self)),
            ("baselinePoints", .integer(maximum: (SPCAPI.pointLimit, exclusive: false), minimum: (1, exclusive: false))),
            ("preset", choice(SPCSettings.presets.map(\.name))),
            ("settings", object(spcSettings)),
        ], required: ["points", "improvementDirection"])
        let number = JSONSchema.number(nullable: true)
        let lines: [(String, JSONSchema)] = [("mean", number), ("upperProcessLimit", number), ("lowerProcessLimit", number),
                                             ("upperTwoSigma", number), ("lowerTwoSigma", number)]
        schemas["SPCAnalysis"] = object([
            ("engineVersion", plainString), ("preset", .string(nullable: true)),
            ("settings", object(spcSettings.map { $0.0 == "precedence" ? ($0.0, array(rules)) : $0 }, required: spcSettings.map(\.0))),
            ("improvementDirection", choice(ImprovementDirection.self)), ("chart", choice(["xmr", "run-chart"])),
            ("median", number),
            ("periods", array(object([("firstPoint", integer), ("lastPoint", integer), ("basisPoints", integer), ("fromBaseline", boolean)]
                                     + lines + [("movingRangeMean", number)],
                                     required: ["firstPoint", "lastPoint", "basisPoints", "fromBaseline"] + lines.map(\.0) + ["movingRangeMean"]))),
            ("points", array(object([("label", plainString), ("value", number), ("ghosted", boolean), ("counted", boolean),
                                     ("period", integer), ("movingRange", number)] + lines + [
                                        ("rules", array(object([("rule", rules), ("side", choice(["high", "low"]))], required: ["rule", "side"]))),
                                        ("primaryRule", choice(SPCRule.allCases.map(\.rawValue), nullable: true)),
                                        ("variation", choice(SPCVariation.allCases.map(\.rawValue), nullable: true)),
                                        ("target", number),
                                     ], required: ["label", "value", "ghosted", "counted", "period", "movingRange"] + lines.map(\.0)
                                        + ["rules", "primaryRule", "variation", "target"]))),
            ("variation", choice(SPCVariation.allCases.map(\.rawValue), nullable: true)), ("variationLabel", .string(nullable: true)),
            ("assurance", choice(SPCAssurance.allCases.map(\.rawValue), nullable: true)), ("assuranceLabel", .string(nullable: true)),
            ("warnings", array(plainString)),
        ], required: ["engineVersion", "preset", "settings", "improvementDirection", "chart", "median", "periods", "points",
                      "variation", "variationLabel", "assurance", "assuranceLabel", "warnings"])
        schemas["RiskCategory"] = object([("id", uuid()), ("name", plainString), ("position", integer),
                                          ("status", choice(RiskCategoryStatus.self)), ("version", integer)],
                                         required: ["id", "name", "position", "status", "version"])
        let position = JSONSchema.integer(maximum: (RiskCategoryFields.positions.upperBound, exclusive: false),
                                          minimum: (RiskCategoryFields.positions.lowerBound, exclusive: false))
        let categoryFields: [(String, JSONSchema)] = [
            ("name", text(max: RiskCategoryFields.nameLimit, required: true)), ("position", position),
            ("status", choice(RiskCategoryStatus.self)),
        ]
        schemas["RiskCategoryCreate"] = object(categoryFields, required: ["name"])
        schemas["RiskCategoryUpdate"] = object(categoryFields + [("version", version)])
        let score = JSONSchema.integer(maximum: (25, exclusive: false), minimum: (1, exclusive: false))
        let colour = JSONSchema.string(description: "A colour as #rrggbb", pattern: "^#[0-9A-Fa-f]{6}" + OpenAPIDocument.end)
        schemas["RiskSettings"] = object([
            ("bands", array(object([("name", plainString), ("lowestScore", score), ("colour", colour), ("scores", array(score))],
                                   required: ["name", "lowestScore", "colour", "scores"]))),
            ("escalationThreshold", score), ("version", integer),
        ], required: ["bands", "escalationThreshold", "version"])
        schemas["RiskSettingsUpdate"] = object([
            ("bands", .array(minItems: 1, maxItems: RiskSettings.bandLimit, items: object([
                ("name", text(max: RiskSettings.bandNameLimit, required: true)), ("lowestScore", score), ("colour", colour),
            ], required: ["name", "lowestScore", "colour"]))),
            ("escalationThreshold", score), ("version", version),
        ])
        let tags = array(text(max: 40, required: true, refusing: ","), maxItems: LessonFields.tagLimit)
        schemas["Lesson"] = logItem(reference: "L and its number on the project", fields: lessonFields, derived: [("tags", array(plainString))])
        schemas["LessonCreate"] = object(lessonFields + [("tags", tags)], required: ["title", "outcome", "recommendation", "learnedOn"])
        schemas["LessonUpdate"] = object(lessonFields + [("tags", tags), ("version", version)])
        let lessonLine: [(String, JSONSchema)] = [("id", uuid()), ("projectId", uuid()), ("reference", plainString)] + lessonFields
            + [("tags", array(plainString)), ("version", integer), ("createdAt", timestamp), ("updatedAt", timestamp),
               ("projectCode", plainString), ("projectTitle", plainString), ("organisationId", uuid()), ("organisationName", plainString)]
        let lineRequired = lessonLine.map(\.0)
        schemas["LessonPage"] = object([("items", array(object(lessonLine, required: lineRequired))), ("page", integer), ("perPage", integer),
                                        ("total", integer)], required: ["items", "page", "perPage", "total"])
        let suggestion = lessonLine + [("score", .number()), ("sharedThemeIds", array(uuid())), ("sharedTags", array(plainString)),
                                       ("sameKindOfOrganisation", boolean), ("sharedWords", array(plainString)), ("reviewed", boolean)]
        schemas["LessonSuggestions"] = object([
            ("projectId", uuid()), ("earlyStage", boolean),
            ("items", array(object(suggestion, required: suggestion.map(\.0)))),
            ("reviewed", array(object(lessonLine + [("reviewerName", plainString), ("reviewedAt", timestamp)], required: lineRequired))),
        ], required: ["projectId", "earlyStage", "items", "reviewed"])
        schemas["LessonReviewCreate"] = object([("lessonId", uuid())], required: ["lessonId"])
        schemas["LessonReview"] = object([("projectId", uuid()), ("lessonId", uuid()), ("reviewerName", plainString), ("reviewedAt", timestamp)],
                                         required: ["projectId", "lessonId", "reviewerName", "reviewedAt"])
        schemas["SearchResults"] = object([
            ("items", array(object([("kind", choice(SearchKind.self)), ("id", uuid()), ("projectId", uuid(nullable: true)),
                                    ("project", .string(nullable: true)), ("title", plainString), ("snippet", plainString), ("url", plainString)],
                                   required: ["kind", "id", "title", "snippet", "url"]))),
            ("page", integer), ("perPage", integer), ("total", integer),
            ("counts", array(object([("kind", choice(SearchKind.self)), ("count", integer)], required: ["kind", "count"]))),
        ], required: ["items", "page", "perPage", "total", "counts"])
        let resourceTags = array(text(max: 40, required: true, refusing: ","), maxItems: ResourceFields.tagLimit)
        schemas["Resource"] = object([("id", uuid())] + resourceFields + [
            ("tags", array(plainString)),
            ("file", JSONSchema.object(nullable: true, properties: ["name": plainString.requiredSchemaObject(), "type": choice(ResourceFileType.self).requiredSchemaObject(),
                                                                   "size": integer.requiredSchemaObject(), "url": plainString.requiredSchemaObject()])),
            ("page", plainString), ("version", integer), ("createdAt", timestamp), ("updatedAt", timestamp),
        ], required: ["id", "title", "summary", "kind", "body", "url", "stageIds", "tags", "file", "page", "version", "createdAt", "updatedAt"])
        schemas["ResourceCreate"] = object(resourceFields + [("tags", resourceTags)], required: ["title", "kind"])
        schemas["ResourceUpdate"] = object(resourceFields + [("tags", resourceTags), ("version", version)])
        let level = JSONSchema.integer(maximum: (4, exclusive: false), minimum: (1, exclusive: false))
        schemas["CompetencyFramework"] = object([
            ("version", integer),
            ("domains", array(object([("name", plainString), ("competencies", array(object([
                ("key", plainString), ("name", plainString), ("description", plainString),
                ("levels", array(object([("level", integer), ("label", plainString), ("descriptor", plainString)], required: ["level", "label", "descriptor"]))),
                ("targets", array(object([("role", choice(CapabilityRole.self)), ("level", integer)], required: ["role", "level"]))),
            ], required: ["key", "name", "description", "levels", "targets"])))], required: ["name", "competencies"]))),
        ], required: ["version", "domains"])
        let rating = object([("key", plainString), ("level", integer), ("evidence", plainString)], required: ["key", "level", "evidence"])
        schemas["Assessment"] = object([("id", uuid()), ("personId", uuid()), ("frameworkVersion", integer), ("assessedOn", plainString),
                                        ("ratings", array(rating)), ("createdAt", timestamp)],
                                       required: ["id", "personId", "frameworkVersion", "assessedOn", "ratings", "createdAt"])
        schemas["AssessmentCreate"] = object([
            ("assessedOn", date()),
            ("ratings", array(object([("key", text(max: 80, required: true)), ("level", level),
                                      ("evidence", text(max: AssessmentInput.evidenceLimit, multiline: true))], required: ["key", "level"]),
                              maxItems: 50)),
        ], required: ["ratings"])
        let cell = object([("key", plainString), ("suppressed", boolean), ("people", .integer(nullable: true)), ("average", .number(nullable: true)),
                           ("belowTarget", .integer(nullable: true))], required: ["key", "suppressed", "people", "average", "belowTarget"])
        schemas["CapabilityHeatMap"] = object([
            ("frameworkVersion", integer), ("minimumGroup", integer),
            ("organisations", array(object([("organisationId", uuid()), ("organisationName", plainString), ("people", .integer(nullable: true)),
                                            ("cells", array(cell))], required: ["organisationId", "organisationName", "people", "cells"]))),
            ("system", object([("people", .integer(nullable: true)), ("cells", array(cell))], required: ["people", "cells"])),
        ], required: ["frameworkVersion", "minimumGroup", "organisations", "system"])
        let glossaryExtras: [(String, JSONSchema)] = [
            ("aliases", array(text(max: GlossaryTermFields.nameLimit), maxItems: GlossaryTermFields.aliasLimit)),
            ("localSynonyms", array(object([("organisationId", uuid()), ("word", text(max: GlossaryTermFields.nameLimit, required: true))],
                                           required: ["organisationId", "word"]), maxItems: GlossaryTermFields.synonymLimit)),
        ]
        schemas["GlossaryTerm"] = object([("id", uuid()), ("key", plainString)] + glossaryFields + [
            ("aliases", array(plainString)),
            ("localSynonyms", array(object([("organisationId", uuid()), ("organisationName", plainString), ("word", plainString)],
                                           required: ["organisationId", "organisationName", "word"]))),
            ("screens", array(choice(GlossaryScreen.self))), ("url", plainString), ("version", integer),
            ("createdAt", timestamp), ("updatedAt", timestamp),
        ], required: ["id", "key", "name", "definition", "topic", "source", "relatedTermIds", "aliases", "localSynonyms", "screens", "url",
                      "version", "createdAt", "updatedAt"])
        schemas["GlossaryTermCreate"] = object(glossaryFields + glossaryExtras, required: ["name", "definition"])
        schemas["GlossaryTermUpdate"] = object(glossaryFields + glossaryExtras + [("version", version)])
        return schemas
    }

    static var document: OpenAPI.Document {
        OpenAPI.Document(
            openAPIVersion: .v3_1_0,
            info: OpenAPI.Document.Info(
                title: "Waymark API",
                description: "The shared project register of an Integrated Care System. Every call sees and changes exactly what the signed-in person may, by the same access policy as the web pages. Errors are application/problem+json (RFC 9457). Updates carry the version read, in the body or as If-Match: a stale one is refused, never silently overwritten.",
                version: "1.0.0"),
            servers: [OpenAPI.Server(urlTemplate: URLTemplate(rawValue: APIRoute.prefix)!)],
            paths: paths,
            components: OpenAPI.Components(
                schemas: schemas,
                securitySchemes: ["bearer": .b(.http(scheme: "bearer",
                                                     description: "A personal API token (Waymark: API tokens, or `waymark token create`)"))]),
            security: [[.component(named: "bearer"): []]])
    }
}
