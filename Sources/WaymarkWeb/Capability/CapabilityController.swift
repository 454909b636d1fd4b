import Vapor
import WaymarkCharts
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The capability pages: your self-assessments and gaps, the framework (the portfolio office
/// changes it), a person's record for those who may see it, and capability across
/// organisations with every small group suppressed.
struct CapabilityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.capability.pathComponents, use: mine)
        routes.get(SiteURL.personCapability(.key).pathComponents, use: person)
        routes.get(SiteURL.assess.pathComponents, use: assessForm)
        routes.post(SiteURL.assess.pathComponents, use: assess)
        routes.get(SiteURL.assessment(.key).pathComponents, use: assessment)
        routes.get(SiteURL.framework.pathComponents, use: framework)
        routes.get(SiteURL.frameworkHistory.pathComponents, use: history)
        routes.get(SiteURL.editCompetency(.key).pathComponents, use: editCompetency)
        routes.post(SiteURL.editCompetency(.key).pathComponents, use: updateCompetency)
        routes.get(SiteURL.capabilityHeatMap.pathComponents, use: heatMap)
        routes.get(SiteURL.capabilityHeatMapExport.pathComponents, use: export)
    }

    static let notices = ["assessed": "Your assessment was saved.", "saved": "The framework was changed: a new version is in force."]

    static func role(_ request: Request) -> CapabilityRole {
        request.queryData["role"].flatMap(CapabilityRole.init(rawValue:)) ?? .projectManager
    }

    func mine(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return try await page(request, signedIn, personID: signedIn.person.id)
    }

    func person(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        guard let id = request.parameters.get(SiteURL.Key.person, as: UUID.self) else { throw NotFound("person") }
        return try await page(request, signedIn, personID: id)
    }

    func page(_ request: Request, _ signedIn: SignedIn, personID: UUID) async throws -> Response {
        let record = try await request.capability.record(of: personID, role: Self.role(request), by: signedIn.acting)
        let own = personID == signedIn.person.id
        return HTMLResponse.make(CapabilityPage(
            chrome: PageChrome(title: own ? "Your capability" : "Capability of " + record.person.name, signedIn: signedIn, section: .capability,
                               notice: request.queryData["notice"].flatMap { Self.notices[$0] }),
            person: record.person, own: own, framework: record.framework, assessments: record.assessments, role: record.role,
            gaps: record.gaps, canSeeCapability: AccessPolicy.canSeeCapability(signedIn.actor)).render())
    }

    func assessForm(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let record = try await request.capability.record(of: signedIn.person.id, role: .projectManager, by: signedIn.acting)
        // Starts from the latest assessment: most levels carry over.
        var input = AssessmentInput(assessedOn: request.today.description)
        for rating in record.latest?.ratings ?? [] where record.framework.competency(rating.key) != nil {
            input.levels[rating.key] = String(rating.level.rawValue)
            input.evidence[rating.key] = rating.evidence
        }
        return HTMLResponse.make(AssessPage(signedIn: signedIn, framework: record.framework, input: input).render())
    }

    func assess(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let framework = try await request.capability.framework()
        var input = AssessmentInput(assessedOn: form["assessedOn"])
        for competency in framework.competencies {
            input.levels[competency.key] = form["level-" + competency.key]
            input.evidence[competency.key] = form["evidence-" + competency.key]
        }
        do {
            _ = try await request.capability.assess(input, today: request.today, by: signedIn.acting)
            return request.redirect(to: SiteURL.capability.path(query: [("notice", "assessed")]))
        } catch let failure as ValidationFailure {
            return HTMLResponse.make(AssessPage(signedIn: signedIn, framework: framework, input: input, errors: failure.errors).render(),
                                     status: .unprocessableEntity)
        }
    }

    func assessment(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        guard let id = request.parameters.get(SiteURL.Key.item, as: UUID.self) else { throw NotFound("assessment") }
        let (assessment, framework, person) = try await request.capability.assessment(id, by: signedIn.acting)
        let back = person.id == signedIn.person.id ? ("Your capability", SiteURL.capability.path)
                                                    : ("Capability of " + person.name, SiteURL.personCapability(.value(person.id)).path)
        return HTMLResponse.make(AssessmentPage(chrome: PageChrome(title: "Self-assessment of \(assessment.assessedOn.longFormat)", signedIn: signedIn,
                                                                   section: .capability, breadcrumbs: [back]),
                                                assessment: assessment, framework: framework, person: person).render())
    }

    func framework(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        return HTMLResponse.make(FrameworkPage(chrome: PageChrome(title: "The competency framework", signedIn: signedIn, section: .capability,
                                                                  notice: request.queryData["notice"].flatMap { Self.notices[$0] }),
                                               framework: try await request.capability.framework(),
                                               canManage: AccessPolicy.canKeepSharedKnowledge(signedIn.actor)).render())
    }

    func history(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        return HTMLResponse.make(HistoryPage(
            chrome: PageChrome(title: "Changes to the competency framework", signedIn: signedIn, section: .capability,
                               breadcrumbs: [("The competency framework", SiteURL.framework.path)]),
            subject: "The competency framework", history: try await request.capability.frameworkHistory(page: page),
            wording: AuditWording(references: try await request.store.referenceData()), path: SiteURL.frameworkHistory.path).render())
    }

    func competency(_ request: Request) async throws -> (CompetencyFramework, Competency) {
        let framework = try await request.capability.framework()
        guard let key = request.parameters.get(SiteURL.Key.term), let competency = framework.competency(key) else { throw NotFound("competency") }
        return (framework, competency)
    }

    func editCompetency(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.capability.requireManager(signedIn.acting)
        let (framework, competency) = try await competency(request)
        return HTMLResponse.make(CompetencyFormPage(signedIn: signedIn, framework: framework, competency: competency,
                                                    input: CompetencyInput(showing: competency)).render())
    }

    func updateCompetency(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        try request.capability.requireManager(signedIn.acting)
        let (framework, competency) = try await competency(request)
        let input = CompetencyInput(form: form)
        return try await request.saving(input, version: form["version"], noun: "framework", firstField: "name", refuse: { errors, conflict in
            CompetencyFormPage(signedIn: signedIn, framework: framework, competency: competency, input: input, errors: errors, conflictVersion: conflict)
        }, save: { version in
            _ = try await request.capability.changeCompetency(competency.key, input, expectedVersion: version, by: signedIn.acting)
            return SiteURL.framework.path(query: [("notice", "saved")]) + "#" + competency.key
        })
    }

    func heatMap(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let map = try await request.capability.heatMap(by: signedIn.acting)
        return HTMLResponse.make(CapabilityHeatMapPage(chrome: PageChrome(title: "Capability across organisations", signedIn: signedIn,
                                                                          section: .capability), map: map).render())
    }

    /// The heat map's figures as CSV: one row per organisation and competency, small groups suppressed.
    func export(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let map = try await request.capability.heatMap(by: signedIn.acting)
        var table = CSVTable(filename: "capability", headers: ["Organisation", "Competency", "People", "Average level", "Below project manager target"])
        for row in map.rows + [map.total] {
            for competency in map.framework.competencies {
                let cell = row.cells[competency.key]
                table.add([row.organisationName, competency.name, cell?.people.map(String.init) ?? "fewer than 5",
                           cell?.average.map(CapabilityHeatMapChart.format) ?? "", cell?.belowTarget.map(String.init) ?? ""])
            }
        }
        return try await table.response(for: request)
    }
}
