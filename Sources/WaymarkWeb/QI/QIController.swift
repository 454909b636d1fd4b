import Vapor
import WaymarkMarkup
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// QI pages: a project's aim, driver diagram and PDSA cycles, and the annotations on its
/// measures' charts.
struct QIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.projectQI(.key).pathComponents, use: show)
        routes.get(SiteURL.editAim(.key).pathComponents, use: editAim)
        routes.post(SiteURL.editAim(.key).pathComponents, use: saveAim)
        routes.get(SiteURL.projectDrivers(.key).pathComponents) { request in
            request.redirect(to: SiteURL.projectQI(.value(try ProjectsController.projectID(request))).path)
        }
        routes.post(SiteURL.projectDrivers(.key).pathComponents, use: addDriver)
        routes.get(SiteURL.editDriver(.key).pathComponents, use: editDriver)
        routes.post(SiteURL.editDriver(.key).pathComponents, use: updateDriver)
        routes.get(SiteURL.deleteDriver(.key).pathComponents, use: confirmDeleteDriver)
        routes.post(SiteURL.deleteDriver(.key).pathComponents, use: deleteDriver)
        routes.get(SiteURL.projectPDSA(.key).pathComponents) { request in
            request.redirect(to: SiteURL.projectQI(.value(try ProjectsController.projectID(request))).path + "#pdsa-heading")
        }
        routes.post(SiteURL.projectPDSA(.key).pathComponents, use: createCycle)
        routes.get(SiteURL.newPDSA(.key).pathComponents, use: newCycle)
        routes.get(SiteURL.pdsa(.key).pathComponents, use: showCycle)
        routes.get(SiteURL.editPDSA(.key).pathComponents, use: editCycle)
        routes.post(SiteURL.editPDSA(.key).pathComponents, use: updateCycle)
        routes.get(SiteURL.deletePDSA(.key).pathComponents, use: confirmDeleteCycle)
        routes.post(SiteURL.deletePDSA(.key).pathComponents, use: deleteCycle)
        routes.post(SiteURL.measureAnnotations(.key).pathComponents, use: annotate)
        routes.get(SiteURL.editAnnotation(.key).pathComponents, use: editAnnotation)
        routes.post(SiteURL.editAnnotation(.key).pathComponents, use: updateAnnotation)
        routes.post(SiteURL.deleteAnnotation(.key).pathComponents, use: deleteAnnotation)
    }

    static let notices = ["aim": "The aim was saved.", "driver": "It was added to the driver diagram.", "driver-saved": "Your changes were saved.",
                          "driver-deleted": "It was deleted from the driver diagram.", "pdsa-deleted": "The PDSA cycle was deleted.",
                          "created": "The PDSA cycle was planned.", "saved": "Your changes were saved."]

    static func id(_ request: Request, _ key: String, _ noun: String) throws -> UUID {
        guard let id = request.parameters.get(key, as: UUID.self) else { throw NotFound(noun) }
        return id
    }

    func show(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let record = try await request.qi.record(try ProjectsController.projectID(request), by: signedIn.acting)
        return HTMLResponse.make(QIPage(signedIn: signedIn, project: record.project.project, canEdit: record.project.canEdit, aim: record.aim,
                                        drivers: record.drivers, cycles: record.cycles, notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    // MARK: The aim

    private func aimForm(_ signedIn: SignedIn, _ project: ReadableProject, input: AimInput, errors: [FieldError], version: Int,
                         conflict: Int? = nil) -> LogFormPage {
        LogFormPage(signedIn: signedIn, project: project.project, section: .qi, title: "The aim", action: SiteURL.editAim(.value(project.project.id)).path,
                    errors: errors, version: version,
                    conflict: conflict.map { ("aim", $0, SiteURL.projectQI(.value(project.project.id)).path) }, submit: "Save the aim") { failure in
            AimFormFields(input: input, failure: failure)
        }
    }

    func editAim(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.qi.editableProject(try ProjectsController.projectID(request), by: signedIn.acting)
        let aim = try await request.qi.aim(project.project.id, by: signedIn.acting)
        return HTMLResponse.make(aimForm(signedIn, project, input: AimInput(showing: aim.fields), errors: [], version: aim.version).render())
    }

    func saveAim(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let project = try await request.qi.editableProject(try ProjectsController.projectID(request), by: signedIn.acting)
        let input = AimInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "aim", firstField: "statement", refuse: { errors, conflict in
            aimForm(signedIn, project, input: input, errors: errors, version: Int(form["version"] ?? "") ?? 0, conflict: conflict)
        }) { version in
            _ = try await request.qi.saveAim(project.project.id, input, expectedVersion: version, by: signedIn.acting)
            return SiteURL.projectQI(.value(project.project.id)).path(query: [("notice", "aim")])
        }
    }

    // MARK: The driver diagram

    func addDriver(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = DriverInput(form: form)
        do {
            let created = try await request.qi.createDriver(projectID: projectID, input, by: signedIn.acting)
            return request.redirect(to: SiteURL.projectQI(.value(projectID)).path(query: [("notice", "driver")])
                                    + "#driver-\(created.item.reference.lowercased())")
        } catch let failure as ValidationFailure {
            let record = try await request.qi.record(projectID, by: signedIn.acting)
            return HTMLResponse.make(QIPage(signedIn: signedIn, project: record.project.project, canEdit: record.project.canEdit, aim: record.aim,
                                        drivers: record.drivers, cycles: record.cycles, driverInput: input, driverErrors: failure.errors).render(),
                                     status: .unprocessableEntity)
        }
    }

    private func driverForm(_ request: Request, _ signedIn: SignedIn, _ driver: ReadableDriver, input: DriverInput, errors: [FieldError],
                            version: Int, conflict: Int? = nil) async throws -> LogFormPage {
        let nodes = try await request.store.drivers(ofProject: driver.item.projectID)
        let excluded = DriverTree(nodes).descendants(of: driver.item.id).union([driver.item.id])
        var page = LogFormPage(signedIn: signedIn, project: driver.project.project, section: .qi,
                               title: "Change \(driver.item.reference) \(driver.item.fields.text)", action: SiteURL.editDriver(.value(driver.item.id)).path,
                               errors: errors, version: version,
                               conflict: conflict.map { ("driver", $0, SiteURL.projectQI(.value(driver.item.projectID)).path) },
                               submit: "Save changes") { failure in
            DriverFormFields(input: input, failure: failure, nodes: nodes.filter { !excluded.contains($0.id) }, showPosition: true)
        }
        if driver.canDelete {
            page.after = El("p", [("class", "wm-body wm-delete-form")]) {
                TextLink("Delete \(driver.item.reference) and everything under it", SiteURL.deleteDriver(.value(driver.item.id)).path)
            }
        }
        return page
    }

    private func editableDriver(_ request: Request, _ signedIn: SignedIn) async throws -> ReadableDriver {
        let driver = try await request.qi.driver(try Self.id(request, SiteURL.Key.driver, "driver"), by: signedIn.acting)
        try AccessPolicy.require(driver.canEdit, else: .editProject)
        return driver
    }

    func editDriver(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let driver = try await editableDriver(request, signedIn)
        return HTMLResponse.make(try await driverForm(request, signedIn, driver, input: DriverInput(showing: driver.item.fields), errors: [],
                                                      version: driver.item.version).render())
    }

    func updateDriver(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let driver = try await editableDriver(request, signedIn)
        let input = DriverInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "driver", firstField: "text", refuse: { errors, conflict in
            try await driverForm(request, signedIn, driver, input: input.overlaid(on: driver.item.fields), errors: errors,
                                 version: Int(form["version"] ?? "") ?? driver.item.version, conflict: conflict)
        }) { version in
            let saved = try await request.qi.updateDriver(driver, input, expectedVersion: version, by: signedIn.acting)
            return SiteURL.projectQI(.value(driver.item.projectID)).path(query: [("notice", "driver-saved")]) + "#driver-\(saved.item.reference.lowercased())"
        }
    }

    func confirmDeleteDriver(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let driver = try await editableDriver(request, signedIn)
        try AccessPolicy.require(driver.canDelete, else: .deleteQIRecord)
        let under = DriverTree(try await request.store.drivers(ofProject: driver.item.projectID)).descendants(of: driver.item.id).count
        return HTMLResponse.make(DeleteLogItemPage(
            signedIn: signedIn, project: driver.project.project, section: .qi, noun: driver.item.fields.kind.label.lowercased(),
            name: driver.item.reference + " " + driver.item.fields.text,
            explanation: (under == 0 ? "Nothing hangs from it." : "\(under) driver\(under == 1 ? "" : "s") and change idea\(under == 1 ? "" : "s") under it will be deleted too.")
                + " PDSA cycles that tested a deleted change idea are kept, without it. The project's history keeps a record.",
            action: SiteURL.deleteDriver(.value(driver.item.id)).path, cancel: SiteURL.editDriver(.value(driver.item.id)).path).render())
    }

    func deleteDriver(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.qi.deleteDriver(try Self.id(request, SiteURL.Key.driver, "driver"), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectQI(.value(deleted.item.projectID)).path(query: [("notice", "driver-deleted")]))
    }

    // MARK: PDSA cycles

    private func cycleForm(_ request: Request, _ signedIn: SignedIn, _ project: ReadableProject, _ cycle: PDSACycle?, input: PDSAInput,
                           errors: [FieldError], version: Int? = nil, conflict: Int? = nil) async throws -> LogFormPage {
        let (ideas, measures) = try await request.qi.cycleChoices(project.project.id)
        return LogFormPage(signedIn: signedIn, project: project.project, section: .qi,
                           title: cycle.map { "Edit \($0.reference) \($0.fields.title)" } ?? "Plan a PDSA cycle",
                           action: cycle.map { SiteURL.editPDSA(.value($0.id)).path } ?? SiteURL.projectPDSA(.value(project.project.id)).path,
                           errors: errors, version: version,
                           conflict: cycle.flatMap { item in conflict.map { ("PDSA cycle", $0, SiteURL.pdsa(.value(item.id)).path) } },
                           submit: cycle == nil ? "Plan cycle" : "Save changes") { failure in
            PDSAFormFields(input: input, failure: failure, changeIdeas: ideas, measures: measures)
        }
    }

    func newCycle(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let project = try await request.qi.editableProject(try ProjectsController.projectID(request), by: signedIn.acting)
        var input = PDSAInput()
        input.startDate = request.today.description
        input.changeIdeaID = request.queryData["changeIdea"]
        return HTMLResponse.make(try await cycleForm(request, signedIn, project, nil, input: input, errors: []).render())
    }

    func createCycle(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let projectID = try ProjectsController.projectID(request)
        let input = PDSAInput(form: form)
        do {
            let created = try await request.qi.createCycle(projectID: projectID, input, by: signedIn.acting)
            return request.redirect(to: SiteURL.pdsa(.value(created.item.id)).path(query: [("notice", "created")]))
        } catch let failure as ValidationFailure {
            let project = try await request.qi.editableProject(projectID, by: signedIn.acting)
            return HTMLResponse.make(try await cycleForm(request, signedIn, project, nil, input: input, errors: failure.errors).render(),
                                     status: .unprocessableEntity)
        }
    }

    func showCycle(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let cycle = try await request.qi.cycle(try Self.id(request, SiteURL.Key.pdsa, "PDSA cycle"), by: signedIn.acting)
        let (ideas, measures) = try await request.qi.cycleChoices(cycle.item.projectID)
        return HTMLResponse.make(PDSAPage(signedIn: signedIn, project: cycle.project.project, cycle: cycle.item,
                                          changeIdea: ideas.first { $0.id == cycle.item.fields.changeIdeaID }, measures: measures,
                                          canEdit: cycle.canEdit, canDelete: cycle.canDelete,
                                          notice: request.queryData["notice"].flatMap { Self.notices[$0] }).render())
    }

    private func editableCycle(_ request: Request, _ signedIn: SignedIn) async throws -> ReadablePDSACycle {
        let cycle = try await request.qi.cycle(try Self.id(request, SiteURL.Key.pdsa, "PDSA cycle"), by: signedIn.acting)
        try AccessPolicy.require(cycle.canEdit, else: .editProject)
        return cycle
    }

    func editCycle(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let cycle = try await editableCycle(request, signedIn)
        return HTMLResponse.make(try await cycleForm(request, signedIn, cycle.project, cycle.item, input: PDSAInput(showing: cycle.item.fields),
                                                     errors: [], version: cycle.item.version).render())
    }

    func updateCycle(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let cycle = try await editableCycle(request, signedIn)
        let input = PDSAInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "PDSA cycle", firstField: "title", refuse: { errors, conflict in
            try await cycleForm(request, signedIn, cycle.project, cycle.item, input: input.overlaid(on: cycle.item.fields), errors: errors,
                                version: Int(form["version"] ?? ""), conflict: conflict)
        }) { version in
            _ = try await request.qi.updateCycle(cycle, input, expectedVersion: version, by: signedIn.acting)
            return SiteURL.pdsa(.value(cycle.item.id)).path(query: [("notice", "saved")])
        }
    }

    func confirmDeleteCycle(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let cycle = try await editableCycle(request, signedIn)
        try AccessPolicy.require(cycle.canDelete, else: .deleteQIRecord)
        return HTMLResponse.make(DeleteLogItemPage(
            signedIn: signedIn, project: cycle.project.project, section: .qi, noun: "PDSA cycle",
            name: cycle.item.reference + " " + cycle.item.fields.title,
            explanation: "Deleting removes a cycle recorded by mistake, and its marks on the measures' charts. The project's history keeps a record. A cycle that was tried and abandoned should stay, marked abandoned: it is learning.",
            action: SiteURL.deletePDSA(.value(cycle.item.id)).path, cancel: SiteURL.pdsa(.value(cycle.item.id)).path).render())
    }

    func deleteCycle(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let deleted = try await request.qi.deleteCycle(try Self.id(request, SiteURL.Key.pdsa, "PDSA cycle"), by: signedIn.acting)
        return request.redirect(to: SiteURL.projectQI(.value(deleted.item.projectID)).path(query: [("notice", "pdsa-deleted")]))
    }

    // MARK: Annotations

    func annotate(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let measure = try await request.measures.readable(try MeasuresController.measureID(request), by: signedIn.acting)
        let input = AnnotationInput(reading: { form["annotation-" + $0] })
        do {
            _ = try await request.qi.annotate(measure, input, by: signedIn.acting)
            return request.redirect(to: SiteURL.measure(.value(measure.item.id)).path(query: [("notice", "annotated")]) + "#marks-heading")
        } catch let failure as ValidationFailure {
            return try await MeasuresController().page(request, signedIn, measure, refused: { page in
                page.annotationInput = input
                page.annotationErrors = failure.errors
            }, status: .unprocessableEntity)
        }
    }

    private func annotationForm(_ signedIn: SignedIn, _ measure: ReadableMeasure, _ annotation: Annotation, input: AnnotationInput,
                                errors: [FieldError], version: Int, conflict: Int? = nil) -> LogFormPage {
        var page = LogFormPage(signedIn: signedIn, project: measure.project.project, section: .measures,
                               title: "Change an annotation of \(measure.item.reference) \(measure.item.fields.name)",
                               action: SiteURL.editAnnotation(.value(annotation.id)).path, errors: errors, version: version,
                               conflict: conflict.map { ("annotation", $0, SiteURL.measure(.value(measure.item.id)).path) },
                               submit: "Save changes") { failure in
            AnnotationFormFields(input: input, failure: failure)
        }
        page.after = DeleteButtonForm(action: SiteURL.deleteAnnotation(.value(annotation.id)).path, csrf: signedIn.csrfToken,
                                      label: "Delete this annotation")
        return page
    }

    func editAnnotation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let (annotation, measure) = try await request.qi.annotation(try Self.id(request, SiteURL.Key.annotation, "annotation"), by: signedIn.acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        return HTMLResponse.make(annotationForm(signedIn, measure, annotation, input: AnnotationInput(showing: annotation.fields), errors: [],
                                                version: annotation.version).render())
    }

    func updateAnnotation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let (annotation, measure) = try await request.qi.annotation(try Self.id(request, SiteURL.Key.annotation, "annotation"), by: signedIn.acting)
        try AccessPolicy.require(measure.canEdit, else: .editProject)
        let input = AnnotationInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "annotation", firstField: "date", refuse: { errors, conflict in
            annotationForm(signedIn, measure, annotation, input: input.overlaid(on: annotation.fields), errors: errors,
                           version: Int(form["version"] ?? "") ?? annotation.version, conflict: conflict)
        }) { version in
            _ = try await request.qi.updateAnnotation(annotation.id, input, expectedVersion: version, by: signedIn.acting)
            return SiteURL.measure(.value(measure.item.id)).path(query: [("notice", "annotation-saved")]) + "#marks-heading"
        }
    }

    func deleteAnnotation(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        let measure = try await request.qi.deleteAnnotation(try Self.id(request, SiteURL.Key.annotation, "annotation"), by: signedIn.acting)
        return request.redirect(to: SiteURL.measure(.value(measure.item.id)).path(query: [("notice", "annotation-deleted")]))
    }
}
