import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The risk settings pages: everyone signed in reads how risks are graded; system administrators
/// change the band table and threshold, the portfolio office the categories.
struct RiskSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.riskSettings.pathComponents, use: show)
        routes.post(SiteURL.riskSettings.pathComponents, use: update)
        routes.get(SiteURL.riskSettingsHistory.pathComponents, use: history)
        routes.get(SiteURL.riskCategories.pathComponents) { $0.redirect(to: SiteURL.riskSettings.path) }
        routes.post(SiteURL.riskCategories.pathComponents, use: createCategory)
        routes.get(SiteURL.riskCategory(.key).pathComponents, use: editCategory)
        routes.post(SiteURL.riskCategory(.key).pathComponents, use: updateCategory)
        routes.get(SiteURL.deleteRiskCategory(.key).pathComponents, use: confirmDelete)
        routes.post(SiteURL.deleteRiskCategory(.key).pathComponents, use: deleteCategory)
    }

    static let notices = ["saved": "Risk settings saved.", "category-saved": "Category saved.", "category-deleted": "Category deleted."]

    func show(request: Request) async throws -> Response {
        try await page(request, try request.requireSignedIn())
    }

    /// The settings page, with what a refused form sent (`refused`).
    func page(_ request: Request, _ signedIn: SignedIn, refused: ((inout RiskSettingsPage) -> Void)? = nil,
              status: HTTPResponseStatus = .ok) async throws -> Response {
        let workflows = request.riskSettings
        async let record = workflows.settings()
        async let categories = workflows.categories()
        async let use = workflows.categoryUse()
        async let history = workflows.history(page: RecentHistory.request)
        let (settings, version) = try await record
        let failed = refused != nil
        var page = RiskSettingsPage(
            chrome: PageChrome(title: (failed ? "Error: " : "") + "Risk settings", signedIn: signedIn, section: .risks,
                               notice: failed ? nil : request.queryData["notice"].flatMap { Self.notices[$0] }),
            settings: settings, version: version, categories: try await categories, use: try await use,
            history: try await history, wording: AuditWording(references: try await request.store.referenceData()),
            canChangeSettings: AccessPolicy.canManageRiskSettings(signedIn.actor),
            canManageCategories: AccessPolicy.canManageRiskCategories(signedIn.actor))
        refused?(&page)
        return HTMLResponse.make(page.render(), status: status)
    }

    func update(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let input = RiskSettingsInput(form: form)
        func refuse(_ errors: [FieldError], conflict: Int? = nil, _ status: HTTPResponseStatus) async throws -> Response {
            try await page(request, signedIn, refused: { page in
                page.settingsInput = input
                page.settingsErrors = errors
                page.conflictVersion = conflict
            }, status: status)
        }
        guard let version = Int(form["version"] ?? "") else {
            return try await refuse([FieldError("bands", "The form was missing its version: reload the page and make your change again")],
                                    .unprocessableEntity)
        }
        do {
            _ = try await request.riskSettings.update(input, expectedVersion: version, by: signedIn.acting)
            return request.redirect(to: SiteURL.riskSettings.path(query: [("notice", "saved")]))
        } catch let failure as ValidationFailure {
            return try await refuse(failure.errors, .unprocessableEntity)
        } catch let conflict as VersionConflict {
            return try await refuse([FieldError("bands", "Someone else changed the risk settings while you were editing them. Your changes have not been saved")],
                                    conflict: conflict.currentVersion, .conflict)
        }
    }

    func history(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let page = try HistoryPage.request(request.queryData)
        let history = HistoryPage(
            chrome: PageChrome(title: "History of the risk settings", signedIn: signedIn, section: .risks,
                               breadcrumbs: [("Risk settings", SiteURL.riskSettings.path)]),
            subject: "Risk settings and categories", history: try await request.riskSettings.history(page: page),
            wording: AuditWording(references: try await request.store.referenceData()), path: SiteURL.riskSettingsHistory.path)
        return HTMLResponse.make(history.render())
    }

    func createCategory(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let input = RiskCategoryInput(reading: { form["category-" + $0] })
        do {
            _ = try await request.riskSettings.createCategory(input, by: signedIn.acting)
            return request.redirect(to: SiteURL.riskSettings.path(query: [("notice", "category-saved")]) + "#categories-heading")
        } catch let failure as ValidationFailure {
            return try await page(request, signedIn, refused: { page in
                page.categoryInput = input
                page.categoryErrors = failure.errors.map { FieldError("category-" + $0.field, $0.message, kind: $0.kind) }
            }, status: .unprocessableEntity)
        }
    }

    func editCategory(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.riskSettings.requireCategoryManager(signedIn.acting)
        let category = try await Self.category(request)
        return HTMLResponse.make(RiskCategoryPage(signedIn: signedIn, category: category, risks: try await Self.risks(request, category),
                                                  input: RiskCategoryInput(showing: category.fields)).render())
    }

    func updateCategory(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        try request.riskSettings.requireCategoryManager(signedIn.acting)
        let category = try await Self.category(request)
        let input = RiskCategoryInput(form: form)
        let risks = try await Self.risks(request, category)
        return try await request.saving(input, version: form["version"], noun: "category", firstField: "name", refuse: { errors, conflict in
            RiskCategoryPage(signedIn: signedIn, category: category, risks: risks, input: input, errors: errors, conflictVersion: conflict)
        }, save: { version in
            _ = try await request.riskSettings.updateCategory(category, input, expectedVersion: version, by: signedIn.acting)
            return SiteURL.riskSettings.path(query: [("notice", "category-saved")]) + "#categories-heading"
        })
    }

    func confirmDelete(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        try request.riskSettings.requireCategoryManager(signedIn.acting)
        let category = try await Self.category(request)
        guard try await Self.risks(request, category) == 0 else { return request.redirect(to: SiteURL.riskCategory(.value(category.id)).path) }
        return HTMLResponse.make(DeleteRiskCategoryPage(signedIn: signedIn, category: category).render())
    }

    func deleteCategory(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        let category = try await Self.category(request)
        try await request.riskSettings.deleteCategory(category.id, expectedVersion: Int(form["version"] ?? ""), by: signedIn.acting)
        return request.redirect(to: SiteURL.riskSettings.path(query: [("notice", "category-deleted")]) + "#categories-heading")
    }

    static func category(_ request: Request) async throws -> RiskCategory {
        guard let id = request.parameters.get(SiteURL.Key.item, as: UUID.self) else { throw NotFound("risk category") }
        return try await request.riskSettings.category(id)
    }

    static func risks(_ request: Request, _ category: RiskCategory) async throws -> Int {
        try await request.riskSettings.risksCarrying(category)
    }
}

extension RiskSettingsInput {
    /// What the settings form sent: its band rows, numbered from 1, and the threshold.
    init(form: FormData) {
        let bands = (1...RiskSettings.bandLimit).map { number in
            RiskBandInput(name: form["band-\(number)-name"], lowestScore: form["band-\(number)-lowestScore"],
                          colour: form["band-\(number)-colour"])
        }
        self.init(bands: bands, escalationThreshold: form["escalationThreshold"] ?? "")
    }
}
