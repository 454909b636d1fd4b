import Fluent
import Foundation
import Prometheus
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// What the running application shares with every request: settings, clock, metrics.
public struct WaymarkContext: Sendable {
    public let settings: WaymarkSettings
    public let clock: @Sendable () -> Date
    public let metrics: PrometheusCollectorRegistry
    public let throttle: SignInThrottlePolicy
    /// What this instance keeps in memory (the portfolio index), shared by every request.
    public let storeInstance = StoreInstance()
    /// Board packs as PDF, one at a time.
    let pdf: PDFRenderer

    init(settings: WaymarkSettings, clock: @escaping @Sendable () -> Date, metrics: PrometheusCollectorRegistry, throttle: SignInThrottlePolicy) {
        self.settings = settings
        self.clock = clock
        self.metrics = metrics
        self.throttle = throttle
        pdf = PDFRenderer(path: settings.pdfRenderer)
    }
}

struct WaymarkContextKey: StorageKey {
    typealias Value = WaymarkContext
}

extension Application {
    public var waymark: WaymarkContext {
        guard let context = storage[WaymarkContextKey.self] else {
            fatalError("configure(_:settings:) has not been called on this application")
        }
        return context
    }

    public var store: Store {
        Store(db, writer: waymark.settings.database.writerID.map { db($0) }, now: waymark.clock, instance: waymark.storeInstance)
    }
}

/// Builds the whole application: database, middleware, routes and commands. The executable and
/// every test call this same function, so tests run the real configuration.
public func configure(_ app: Application, settings: WaymarkSettings,
                      clock: @escaping @Sendable () -> Date = { Date() },
                      throttle: SignInThrottlePolicy = .standard) async throws {
    app.storage[WaymarkContextKey.self] = WaymarkContext(settings: settings, clock: clock,
                                                         metrics: PrometheusCollectorRegistry(), throttle: throttle)
    try settings.database.register(on: app.databases)
    app.migrations.add(WaymarkMigrations.all)

    app.http.server.configuration.hostname = settings.hostname
    app.http.server.configuration.port = settings.port
    // A connection that goes silent (a request never finished, a client gone) is closed.
    app.http.server.configuration.idleTimeout = .milliseconds(Int64(settings.idleTimeout * 1000))
    app.routes.defaultMaxBodySize = "1mb"
    app.passwords.use(.bcrypt)

    app.middleware = Middlewares()
    // Outermost first: headers go on every response, error pages included; metrics see the
    // status the error middleware chose.
    app.middleware.use(SecurityHeadersMiddleware(secure: settings.secureCookies))
    app.middleware.use(MetricsMiddleware())
    app.middleware.use(WaymarkErrorMiddleware())
    app.middleware.use(AuthenticationMiddleware())

    try routes(app)

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(TokenCommand(), as: "token")
    app.lifecycle.use(ExpiredSessionSweeper())
}

func routes(_ app: Application) throws {
    try app.register(collection: PublicController())
    try app.register(collection: ProblemPagesController())
    try app.register(collection: SignInController())
    try app.register(collection: CalendarFeedRoute())

    let pages = app.grouped(RequireSignIn())
    try pages.register(collection: DashboardController())
    try pages.register(collection: PortfolioController())
    try pages.register(collection: AccountController())
    try pages.register(collection: ProjectsController())
    try pages.register(collection: RisksController())
    try pages.register(collection: IssuesController())
    try pages.register(collection: DependenciesController())
    try pages.register(collection: AssumptionsController())
    try pages.register(collection: ActionsController())
    try pages.register(collection: DecisionsController())
    try pages.register(collection: StatusController())
    try pages.register(collection: GatesController())
    try pages.register(collection: ReportsController())
    try pages.register(collection: CalendarController())
    try pages.register(collection: ReportingController())
    try pages.register(collection: ExportsController())
    try pages.register(collection: PlansController())
    try pages.register(collection: OrganisationsController())
    try pages.register(collection: PeopleController())
    try pages.register(collection: StructureController())
    try pages.register(collection: RiskSettingsController())
    try pages.register(collection: GlossaryController())
    try pages.register(collection: LessonsController())
    try pages.register(collection: SearchController())
    try pages.register(collection: ResourcesController())
    try pages.register(collection: CapabilityController())
    try pages.register(collection: MeasuresController())
    try pages.register(collection: BenefitsController())
    try pages.register(collection: QIController())
    try pages.register(collection: TokensController())

    let api = app.grouped(APIRoute.prefixComponents).grouped(RequireAPIAuthentication())
    try api.register(collection: APIController())
    // The API document is public: it describes the contract, not data.
    app.get(APIRoute.openAPI.pathComponents) { _ in OpenAPIDocument.response() }
}

/// Applies migrations and, on the default embedded database only, loads the demo ICS when the
/// database is empty. Several instances starting at once on one PostgreSQL take turns.
public enum Startup {
    /// The demo ICS, and the periods its boards have seen closed by its portfolio office: all that
    /// have fallen due but the latest, left for the demo to close.
    public static func loadDemoSystem(_ app: Application) async throws {
        let store = app.store
        try await DemoSystem.load(into: store, passwordHash: try await app.password.async.hash(DemoSystem.password))
        guard let office = try await store.person(email: DemoSystem.portfolioOfficeEmail) else { return }
        _ = try await ReportWorkflows(store).closeFallenDue(keepingOpen: 1, today: CalendarDate(store.now()), by: Acting(office))
    }

    public enum DemoState: Sendable { case loaded, alreadyThere, none }

    @discardableResult
    public static func prepare(_ app: Application, loadDemo: Bool) async throws -> DemoState {
        let store = app.store
        return try await store.withStartupLock {
            try await app.autoMigrate()
            try await store.tuneForConcurrency()
            try await app.waymark.settings.database.tuneConnections(app.databases, on: app.eventLoopGroup, logger: app.logger)
            guard loadDemo else { return .none }
            if try await store.isEmpty() {
                try await loadDemoSystem(app)
                return .loaded
            }
            return try await store.person(email: DemoSystem.projectManagerEmail) == nil ? .none : .alreadyThere
        }
    }
}

/// The executable's whole job: read settings, build the app, run the command.
public enum WaymarkMain {
    public static func run() async throws {
        var environment = try Environment.detect()
        let settings: WaymarkSettings
        do {
            settings = try WaymarkSettings.parse(arguments: &environment.arguments,
                                                 environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(64)
        }
        // Vapor's console logger, behind a wall that keeps secrets out of the log at every level.
        try LoggingSystem.bootstrap(from: &environment) { level in
            let console = Terminal()
            return { label in RedactingLogHandler(ConsoleLogger(label: label, console: console, level: level)) }
        }
        let app = try await Application.make(environment)
        do {
            try await configure(app, settings: settings)
            let arguments = environment.arguments.dropFirst()
            let command = arguments.first { !$0.hasPrefix("-") } ?? "serve"
            if command == "serve", !arguments.contains("--help"), !arguments.contains("-h") {
                let started = Date()
                let demo = try await Startup.prepare(app, loadDemo: settings.demo && settings.database.isDefault)
                announce(settings, demo: demo, preparedIn: Date().timeIntervalSince(started))
            }
            try await app.execute()
        } catch {
            // The command runner has already logged it; say plainly that Waymark stopped.
            try? await app.asyncShutdown()
            FileHandle.standardError.write(Data("Waymark stopped: \(error)\n".utf8))
            exit(1)
        }
        try await app.asyncShutdown()
    }

    static func announce(_ settings: WaymarkSettings, demo: Startup.DemoState, preparedIn seconds: TimeInterval) {
        var lines = ["Waymark is starting on http://\(settings.hostname):\(settings.port)",
                     "Database: \(settings.database) (ready in \(String(format: "%.2f", seconds)) s)"]
        switch demo {
        case .loaded, .alreadyThere:
            lines.append(demo == .loaded ? "Loaded the demo ICS (Wessex Vale)." : "Using the demo ICS (Wessex Vale) loaded earlier.")
            lines.append("Demo sign-in: \(DemoSystem.projectManagerEmail) (a member who manages projects) or \(DemoSystem.administratorEmail) (system administrator), password \(DemoSystem.password)")
        case .none:
            lines.append("No demo data. Create the first administrator with: waymark user create --help")
        }
        print(lines.joined(separator: "\n"))
    }
}
