import CSV
import Plot
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Measure pages: a project's measures, one measure with its chart and data, recording, changing
/// and deleting one, and its observations (one at a time, pasted or uploaded, changed, deleted,
/// downloaded).
struct MeasuresController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.measureSummary.pathComponents, use: summary)
        routes.get(SiteURL.projectMeasures(.key).pathComponents, use: list)
        routes.get(SiteURL.measure(.key).pathComponents, use: show)
        try routes.register(collection: LogPages<MeasurePages>())
        routes.get(SiteURL.measureObservations(.key).pathComponents) { request in
            request.redirect(to: SiteURL.measure(.value(try Self.measureID(request))).path)
        }
        routes.post(SiteURL.measureObservations(.key).pathComponents, use: addObservation)
        routes.post(SiteURL.measureImport(.key).pathComponents, use: importObservations)
        routes.get(SiteURL.measureExport(.key).pathComponents, use: export)
        routes.get(SiteURL.editObservation(.key).pathComponents, use: editObservation)
        routes.post(SiteURL.editObservation(.key).pathComponents, use: updateObservation)
        routes.post(SiteURL.deleteObservation(.key).pathComponents, use: deleteObservation)
    }

    static let notices = ["created": "The measure was added.", "saved": "Your changes were saved.", "deleted": "The measure was deleted.",
                          "observation": "The observation was recorded.", "imported": "The observations were imported.",
                          "observation-saved": "The observation was changed.", "observation-deleted": "The observation was deleted.",
                          "annotated": "The annotation was added to the chart.", "annotation-saved": "The annotation was changed.",
                          "annotation-deleted": "The annotation was deleted."]

    static func measureID(_ request: Request) throws -> UUID {
        try LogPages<MeasurePages>.itemID(request)
    }

    static func observationID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get(SiteURL.Key.observation, as: UUID.self) else { throw NotFound("observation") }
        return id
    }

    func summary(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (query, errors) = MeasureSummaryQuery.parse(request.queryData)
        async let page = request.measures.summary(query, by: signedIn.acting)
        async let references = request.store.referenceData()
        let (lines, reference) = (try await page, try await references)
        return HTMLResponse.make(MeasureSummaryPage(signedIn: signedIn, page: lines, query: query,
                                                    organisations: reference.organisations.map { ($0.id, $0.name) },
                                                    programmes: reference.programmes.map { ($0.id, $0.name) }, errors: errors).render(),
                                 status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func list(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let list = try await request.measures.list(try ProjectsController.projectID(request), by: signedIn.acting)
        return HTMLResponse.make(MeasureListPage(signedIn: signedIn, project: list.project.project, measures: list.measures,
                                                 analyses: list.analyses, counts: list.counts, canEdit: list.project.canEdit,
                                                 notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return page(request, signedIn, try await request.measures.record(try Self.measureID(request), by: signedIn.acting))
    }

    /// The measure's page for a form it refused, with what the form sent (`refused`).
    func page(_ request: Request, _ signedIn: SignedIn, _ readable: ReadableMeasure, refused: @escaping (inout MeasurePage) -> Void,
              status: HTTPResponseStatus) async throws -> Response {
        page(request, signedIn, try await request.measures.record(readable), refused: refused, status: status)
    }

    /// The measure's page, with what a refused form sent (`refused`).
    func page(_ request: Request, _ signedIn: SignedIn, _ record: MeasureRecord, refused: ((inout MeasurePage) -> Void)? = nil,
              status: HTTPResponseStatus = .ok) -> Response {
        var page = MeasurePage(signedIn: signedIn, project: record.measure.project.project, detail: record.detail,
                               canEdit: record.measure.canEdit, canDelete: record.measure.canDelete,
                               notice: refused == nil ? request.queryData["notice"].flatMap { Self.notices[$0] } : nil)
        refused?(&page)
        return HTMLResponse.make(bytes: page.renderBytes(), status: status)
    }

    /// An observation as its form sent it (its checkboxes as true or false).
    static func observationInput(_ form: FormData) -> [String: String] {
        let flags = Set(form.all("flags"))
        return ["date": form["date"] ?? "", "value": form["value"] ?? "", "note": form["note"] ?? "",
                "ghosted": flags.contains("ghosted") ? "true" : "false", "recalculate": flags.contains("recalculate") ? "true" : "false"]
    }

    static func observationFields(_ input: [String: String]) throws -> ObservationFields {
        try ObservationFields.validate(date: input["date"], value: input["value"], note: input["note"], ghosted: input["ghosted"],
                                       recalculate: input["recalculate"])
    }

    func addObservation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let readable = try await LogPages<MeasurePages>.editable(request, signedIn)
        let input = Self.observationInput(form)
        do {
            _ = try await request.measures.addObservation(readable, try Self.observationFields(input), by: signedIn.acting)
            return request.redirect(to: SiteURL.measure(.value(readable.item.id)).path(query: [("notice", "observation")]))
        } catch let failure as ValidationFailure {
            return try await page(request, signedIn, readable, refused: { page in
                page.observationInput = input
                page.observationErrors = failure.errors
            }, status: .unprocessableEntity)
        }
    }

    /// Observations pasted or in an uploaded CSV file: all saved, or none with every bad row named.
    func importObservations(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedUpload()
        let readable = try await LogPages<MeasurePages>.editable(request, signedIn)
        let pasted = form["pasted"] ?? "", file = form["file"] ?? ""
        func refuse(_ problems: [ObservationImport.Problem]) async throws -> Response {
            try await page(request, signedIn, readable, refused: { page in
                page.pasted = pasted
                page.importProblems = problems
            }, status: .unprocessableEntity)
        }
        let rows: [[String]]
        if !file.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard pasted.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return try await refuse([ObservationImport.Problem(row: 1, column: "file", message: "Paste the observations or upload a file, not both")])
            }
            do {
                rows = try Self.csvRows(file)
            } catch {
                return try await refuse([ObservationImport.Problem(row: 1, column: "file", message: "The file could not be read as CSV: save it from the spreadsheet as CSV (comma separated)")])
            }
        } else {
            rows = ObservationImport.rows(pasted: pasted)
        }
        do {
            _ = try await request.measures.importObservations(readable, rows: rows, by: signedIn.acting)
            return request.redirect(to: SiteURL.measure(.value(readable.item.id)).path(query: [("notice", "imported")]))
        } catch let refused as ObservationImport.Refused {
            return try await refuse(refused.problems)
        }
    }

    /// The rows of a CSV file, as CSV.swift reads them (quoted cells, commas and line breaks in them).
    static func csvRows(_ text: String) throws -> [[String]] {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let reader = try CSVReader(string: body, hasHeaderRow: false)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        if let error = reader.error { throw error }
        return rows
    }

    func export(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let record = try await request.measures.record(try Self.measureID(request), by: signedIn.acting)
        var table = CSVTable(filename: "\(record.measure.project.project.code)-\(record.measure.item.reference)-observations",
                             headers: ["Date", "Value", "Note", "Ghosted", "Limits recalculated from here", "Centre line", "Lower limit",
                                       "Upper limit", "Target", "Signal"])
        for (observation, point) in zip(record.observations, record.analysis.points) {
            let period = record.analysis.periods.indices.contains(point.period) ? record.analysis.periods[point.period] : nil
            let centre = record.analysis.kind == .xmr ? period?.mean : record.analysis.median
            table.add([observation.fields.date.description, MeasureNumber.text(observation.fields.value), observation.fields.note,
                       observation.fields.ghosted ? "Yes" : "No", observation.fields.recalculate ? "Yes" : "No",
                       centre.map { String($0) } ?? "", period?.lowerLimit.map { String($0) } ?? "", period?.upperLimit.map { String($0) } ?? "",
                       point.target.map(MeasureNumber.text) ?? "", MeasurePage.signal(point)])
        }
        return try await table.response(for: request)
    }

    private func observationForm(_ signedIn: SignedIn, _ measure: ReadableMeasure, _ observation: Observation, input: [String: String],
                                 errors: [FieldError], version: Int, conflict: Int? = nil) -> LogFormPage {
        LogFormPage(signedIn: signedIn, project: measure.project.project, section: .measures,
                    title: "Change the observation of \(observation.fields.date) (\(measure.item.reference) \(measure.item.fields.name))",
                    action: SiteURL.editObservation(.value(observation.id)).path, errors: errors, version: version,
                    conflict: conflict.map { ("observation", $0, SiteURL.measure(.value(measure.item.id)).path) },
                    submit: "Save changes") { failure in
            ObservationFormFields(input: input, failure: failure)
        }
    }

    func editObservation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (observation, measure) = try await request.measures.observation(try Self.observationID(request), by: signedIn.acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        let fields = observation.fields
        let input = ["date": fields.date.description, "value": MeasureNumber.text(fields.value), "note": fields.note,
                     "ghosted": String(fields.ghosted), "recalculate": String(fields.recalculate)]
        var page = observationForm(signedIn, measure, observation, input: input, errors: [], version: observation.version)
        page.after = DeleteButtonForm(action: SiteURL.deleteObservation(.value(observation.id)).path, csrf: signedIn.csrfToken,
                                      label: "Delete this observation")
        return HTMLResponse.make(page.render())
    }

    func updateObservation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let (observation, measure) = try await request.measures.observation(try Self.observationID(request), by: signedIn.acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        let input = Self.observationInput(form)
        func refuse(_ errors: [FieldError], conflict: Int? = nil, _ status: HTTPResponseStatus) -> Response {
            HTMLResponse.make(observationForm(signedIn, measure, observation, input: input, errors: errors,
                                              version: Int(form["version"] ?? "") ?? observation.version, conflict: conflict).render(),
                              status: status)
        }
        guard let version = Int(form["version"] ?? "") else {
            return refuse([FieldError("date", "The form was missing its version: reload the page and make your change again")], .unprocessableEntity)
        }
        do {
            _ = try await request.measures.updateObservation(observation.id, try Self.observationFields(input), expectedVersion: version,
                                                             by: signedIn.acting)
            return request.redirect(to: SiteURL.measure(.value(measure.item.id)).path(query: [("notice", "observation-saved")]))
        } catch let failure as ValidationFailure {
            return refuse(failure.errors, .unprocessableEntity)
        } catch let conflict as VersionConflict {
            return refuse([FieldError("date", "Someone else changed this observation while you were editing it. Your changes have not been saved")],
                          conflict: conflict.currentVersion, .conflict)
        }
    }

    func deleteObservation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let measure = try await request.measures.deleteObservation(try Self.observationID(request), by: signedIn.acting)
        return request.redirect(to: SiteURL.measure(.value(measure.item.id)).path(query: [("notice", "observation-deleted")]))
    }
}

extension Request {
    /// A multipart form (a file upload) or an ordinary one, its fields by name, with the session's
    /// CSRF token checked.
    func verifiedUpload() async throws -> [String: String] {
        let fields: [String: String]
        if headers.contentType?.type == "multipart" {
            do {
                fields = try content.decode([String: String].self)
            } catch {
                throw WaymarkError.badRequest("The upload could not be read: choose the file again and resend the form.")
            }
        } else {
            fields = Dictionary(try await formData().pairs, uniquingKeysWith: { first, _ in first })
        }
        try verifyCSRF(fields[CSRF.fieldName])
        return fields
    }
}

/// Adding, changing and deleting a measure, through `LogPages`.
enum MeasurePages: LogPagesResource {
    static let noun = "measure", firstField = "name", section = ProjectSection.measures
    static let newTitle = "Add a measure", newSubmit = "Add measure"
    static let itemKey = SiteURL.Key.measure, deleteRefusal = Refusal.deleteMeasure
    static let deleteExplanation = "Deleting removes the measure and every observation of it. The project's history keeps a record that it existed. A measure the project no longer collects can stay, with its data, for the record."

    static func listRoute(_ project: Param<UUID>) -> SiteURL { .projectMeasures(project) }
    static func newRoute(_ project: Param<UUID>) -> SiteURL { .newMeasure(project) }
    static func itemRoute(_ item: Param<UUID>) -> SiteURL { .measure(item) }
    static func editRoute(_ item: Param<UUID>) -> SiteURL { .editMeasure(item) }
    static func deleteRoute(_ item: Param<UUID>) -> SiteURL { .deleteMeasure(item) }
    static func name(_ item: Measure) -> String { item.reference + " " + item.fields.name }
    static func identity(_ item: Measure) -> (id: UUID, version: Int) { (item.id, item.version) }
    static func recorded(_ item: Measure) -> MeasureFields { item.fields }

    static func projectForNew(_ projectID: UUID, _ request: Request, by acting: Acting) async throws -> ReadableProject {
        try await request.measures.projectForNewMeasure(projectID, by: acting)
    }

    static func readable(_ id: UUID, _ request: Request, by acting: Acting) async throws -> ReadableMeasure {
        try await request.measures.readable(id, by: acting)
    }

    static func create(_ projectID: UUID, _ input: MeasureInput, _ request: Request, by acting: Acting) async throws -> ReadableMeasure {
        try await request.measures.create(projectID: projectID, input, by: acting)
    }

    static func update(_ current: ReadableMeasure, _ input: MeasureInput, expectedVersion: Int, _ request: Request,
                       by acting: Acting) async throws {
        _ = try await request.measures.update(current, input, expectedVersion: expectedVersion, by: acting)
    }

    static func delete(_ id: UUID, _ request: Request, by acting: Acting) async throws -> UUID {
        try await request.measures.delete(id, by: acting).item.projectID
    }

    /// The person owns a new measure if they are on the team.
    static func newInput(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject) async throws -> MeasureInput {
        var input = MeasureInput()
        let owners = try await request.measures.owners(project)
        input.ownerID = owners.contains { $0.0 == signedIn.person.id } ? signedIn.person.id.lowercasedText : nil
        return input
    }

    static func fields(_ request: Request, _ project: ReadableProject, _ item: Measure?, _ input: MeasureInput) async throws
        -> (ValidationFailure) -> Component {
        let owner = input.ownerID.flatMap { UUID(uuidString: $0) } ?? item?.fields.ownerID
        let owners = try await request.measures.owners(project, owner: owner)
        return { failure in MeasureFormFields(input: input, failure: failure, owners: owners) }
    }
}
