import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// The risk settings and categories routes of the JSON API.
struct RiskSettingsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.riskSettings.components, use: settings)
        routes.patch(APIRoute.riskSettings.components, use: updateSettings)
        routes.get(APIRoute.riskCategories.components, use: categories)
        routes.post(APIRoute.riskCategories.components, use: createCategory)
        routes.get(APIRoute.riskCategory(.key).components, use: category)
        routes.patch(APIRoute.riskCategory(.key).components, use: updateCategory)
        routes.delete(APIRoute.riskCategory(.key).components, use: deleteCategory)
    }

    func settings(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        let (settings, version) = try await request.riskSettings.settings()
        return try Response.json(RiskSettingsDTO(settings, version: version), version: version)
    }

    func updateSettings(request: Request) async throws -> Response {
        let acting = try request.acting
        try AccessPolicy.require(AccessPolicy.canManageRiskSettings(acting.actor), else: .manageRiskSettings)
        var body = try await JSONBody(request)
        var input = RiskSettingsInput()
        input.bands = Self.bands(&body)
        switch body.integer("escalationThreshold") {
        case .value(let number): input.escalationThreshold = String(number)
        case .null: body.errors.add("escalationThreshold", "escalationThreshold cannot be null")
        case .absent: break
        }
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let saved = try await withVersionCheck(expected) {
            try await request.riskSettings.update(input, expectedVersion: $0, by: acting)
        }
        return try Response.json(RiskSettingsDTO(saved.settings, version: saved.version), version: saved.version)
    }

    /// The `bands` member: a list of objects with a name, a lowest score and a colour.
    static func bands(_ body: inout JSONBody) -> [RiskBandInput]? {
        switch body.object["bands"] {
        case nil: return nil
        case .array(let items)?:
            var bands: [RiskBandInput] = []
            for item in items {
                guard case .object(let band) = item, case .string(let name)? = band["name"],
                      case .number(let score)? = band["lowestScore"], score == score.rounded(), abs(score) < 1e9,
                      case .string(let colour)? = band["colour"] else {
                    body.errors.add("bands", "Each band must be an object with a name (text), a lowestScore (a whole number) and a colour (#rrggbb)")
                    return nil
                }
                bands.append(RiskBandInput(name: name, lowestScore: String(Int(score)), colour: colour))
            }
            if bands.isEmpty { body.errors.add("bands", "Give at least one band") }
            return bands
        default:
            body.errors.add("bands", "bands must be a list of bands")
            return nil
        }
    }

    func categories(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        let categories = try await request.riskSettings.categories().map(RiskCategoryDTO.init)
        return try Response.json(ListDTO(items: categories, page: 1, perPage: max(categories.count, 1), total: categories.count))
    }

    func category(request: Request) async throws -> Response {
        _ = try request.requireSignedIn()
        let category = try await request.riskSettings.category(try APIController.id(request))
        return try Response.json(RiskCategoryDTO(category), version: category.version)
    }

    func createCategory(request: Request) async throws -> Response {
        let acting = try request.acting
        try request.riskSettings.requireCategoryManager(acting)
        var body = try await JSONBody(request)
        let input = Self.categoryInput(&body)
        try body.throwIfAny()
        let category = try await request.riskSettings.createCategory(input, by: acting)
        return try Response.json(RiskCategoryDTO(category), status: .created, version: category.version,
                                 location: APIRoute.riskCategory(.value(category.id)).path)
    }

    func updateCategory(request: Request) async throws -> Response {
        let acting = try request.acting
        try request.riskSettings.requireCategoryManager(acting)
        let current = try await request.riskSettings.category(try APIController.id(request))
        var body = try await JSONBody(request)
        let input = Self.categoryInput(&body)
        let expected = try request.expectedVersion(body: &body)
        try body.throwIfAny()
        let category = try await withVersionCheck(expected) {
            try await request.riskSettings.updateCategory(current, input, expectedVersion: $0, by: acting)
        }
        return try Response.json(RiskCategoryDTO(category), version: category.version)
    }

    /// Deletes a category no risk carries (409 otherwise); with If-Match, only at that version (412).
    func deleteCategory(request: Request) async throws -> Response {
        let acting = try request.acting
        let id = try APIController.id(request)
        return try await deleting(request) { expected in try await request.riskSettings.deleteCategory(id, expectedVersion: expected, by: acting) }
    }

    /// A category's members: name and status as text, position as a whole number.
    static func categoryInput(_ body: inout JSONBody) -> RiskCategoryInput {
        var input = RiskCategoryInput()
        input.name = body.required(body.string("name"), "name")
        input.status = body.required(body.string("status"), "status")
        switch body.integer("position") {
        case .value(let number): input.position = String(number)
        case .null: body.errors.add("position", "position cannot be null")
        case .absent: break
        }
        return input
    }
}
