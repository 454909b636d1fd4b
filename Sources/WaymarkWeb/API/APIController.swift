import Vapor
import WaymarkDomain
import WaymarkStore

/// The JSON API: the same register, the same rules, asked of the same access policy.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: PeopleAPI())
        try routes.register(collection: OrganisationsAPI())
        try routes.register(collection: StructureAPI())
        try routes.register(collection: ProjectsAPI())
        try routes.register(collection: RisksAPI())
        try routes.register(collection: RiskSettingsAPI())
        try routes.register(collection: GlossaryAPI())
        try routes.register(collection: SPCAPI())
        try routes.register(collection: MeasuresAPI())
        try routes.register(collection: LogAPI<MeasuresLogAPI>())
        try routes.register(collection: LogAPI<BenefitsAPI>())
        try routes.register(collection: LogAPI<LessonsAPI>())
        try routes.register(collection: LessonSearchAPI())
        try routes.register(collection: SearchAPI())
        try routes.register(collection: ResourcesAPI())
        try routes.register(collection: CapabilityAPI())
        try routes.register(collection: BenefitRegisterAPI())
        try routes.register(collection: QIAPI())
        try routes.register(collection: LogAPI<DriversAPI>())
        try routes.register(collection: LogAPI<PDSACyclesAPI>())
        try routes.register(collection: IssuesAPI())
        try routes.register(collection: DependenciesAPI())
        try routes.register(collection: LogAPI<AssumptionsAPI>())
        try routes.register(collection: LogAPI<ActionsAPI>())
        try routes.register(collection: MyWorkAPI())
        try routes.register(collection: LogAPI<DecisionsAPI>())
        try routes.register(collection: PlansAPI())
        try routes.register(collection: StatusAPI())
        try routes.register(collection: GatesAPI())
        try routes.register(collection: DashboardAPI())
        try routes.register(collection: ReportsAPI())
        try routes.register(collection: CalendarAPI())
    }

    // MARK: Helpers

    static func id(_ request: Request, _ name: String = "id") throws -> UUID {
        guard let id = request.parameters.get(name, as: UUID.self) else { throw NotFound(name) }
        return id
    }

    /// The page a request asks for (`page`, `per_page`), checked strictly.
    static func pageRequest(_ request: Request) throws -> PageRequest {
        var errors = FieldErrors()
        let page = PageRequest.parse(request.queryData, defaultPerPage: 50, strict: true, errors: &errors)
        try errors.throwIfAny()
        return page
    }

    /// Pages a list that is small enough to hold (organisations, people, themes).
    static func paged<Item: Content>(_ items: [Item], _ request: Request) throws -> Response {
        let page = try pageRequest(request)
        let slice = Array(items.dropFirst(page.offset).prefix(page.perPage))
        return try Response.json(ListDTO(items: slice, page: page.page, perPage: page.perPage, total: items.count))
    }
}
