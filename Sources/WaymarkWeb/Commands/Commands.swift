import Fluent
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// `waymark migrate [--revert]`: bring the database schema up to date (or undo the last batch).
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Undo the most recent batch of migrations.")
        var revert: Bool
        init() {}
    }

    var help: String { "Applies database migrations (the database comes from --database or DATABASE_URL)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.store.withStartupLock {
            if signature.revert {
                try await app.autoRevert()
            } else {
                try await app.autoMigrate()
                try await app.store.tuneForConcurrency()
            }
        }
        context.console.print(signature.revert ? "Reverted the last batch of migrations." : "The database is up to date.")
    }
}

/// `waymark seed --demo` or `waymark seed --scale ics|region [--seed N]`: fill an empty database.
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "demo", help: "Load the fictional demo ICS (Wessex Vale) into an empty database.")
        var demo: Bool
        @Option(name: "scale", help: "Generate a synthetic system: tiny, ics (one ICS) or region (ten ICSs).")
        var scale: String?
        @Option(name: "seed", help: "Random seed for --scale (default 1): the same seed gives the same data.")
        var seed: String?
        init() {}
    }

    var help: String { "Fills an empty database: --demo loads the fictional demo ICS; --scale generates a synthetic system." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let scale = try signature.scale.map { name -> SyntheticScale in
            guard let scale = SyntheticScale(rawValue: name) else {
                throw CommandFailure("--scale must be one of: " + SyntheticScale.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return scale
        }
        guard signature.demo != (scale != nil) else {
            throw CommandFailure("Say what to load: --demo, or --scale tiny|ics|region (see waymark seed --help)")
        }
        guard let seed = UInt64(signature.seed ?? "1") else { throw CommandFailure("--seed must be a whole number") }
        let app = context.application
        let store = app.store
        let console = context.console
        let started = Date()
        let counts = try await store.withStartupLock { () -> SyntheticCounts? in
            try await app.autoMigrate()
            try await store.tuneForConcurrency()
            guard try await store.isEmpty() else { return nil }
            if let scale {
                let hash = try await app.password.async.hash(SyntheticSystem.password)
                let counts = try await SyntheticSystem.load(scale, seed: seed, into: store, passwordHash: hash) { line in
                    console.print("  \(line)")
                }
                // Two periods its boards have seen, closed by the administrator, and the latest due left open.
                if let administrator = try await store.person(email: SyntheticSystem.administratorEmail) {
                    let started = Date()
                    let closed = try await ReportWorkflows(store).closeFallenDue(keepingOpen: 1, atMost: 2, today: CalendarDate(store.now()),
                                                                                 by: Acting(administrator))
                    let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                    console.print("  \(closed.count) reporting periods closed (\(closed.map(\.highlightCount).reduce(0, +)) highlight reports frozen) in \(seconds) s")
                }
                return counts
            }
            try await Startup.loadDemoSystem(app)
            return SyntheticCounts()
        }
        guard counts != nil else {
            throw CommandFailure("The database already has data: seeding fills only an empty database.")
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        if let scale {
            console.print("Generated the \(scale.rawValue) system (seed \(seed)) in \(seconds) s. Everyone's password is \(SyntheticSystem.password); person0@scale.example is the administrator.")
        } else {
            console.print("Loaded the demo ICS in \(seconds) s. Sign in as \(DemoSystem.projectManagerEmail) or \(DemoSystem.administratorEmail), password \(DemoSystem.password)")
        }
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `waymark user create|reset-password|role`: manage accounts from the command line (the first
/// administrator of a new database comes from here).
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create, reset-password or role")
        var action: String
        @Option(name: "email", help: "The person's email address")
        var email: String?
        @Option(name: "name", help: "Full name (create)")
        var name: String?
        @Option(name: "role", help: "System role: admin, portfolio, orgadmin, member or viewer (create, role)")
        var role: String?
        @Option(name: "organisation", help: "The organisation's code (create). With --organisation-name, it is created if missing.")
        var organisation: String?
        @Option(name: "organisation-name", help: "Name of a new organisation to create with --organisation's code")
        var organisationName: String?
        @Option(name: "organisation-kind", help: "Kind of a new organisation (default icb)")
        var organisationKind: String?
        @Option(name: "password", help: "The password; if left out it is read from WAYMARK_PASSWORD or asked for")
        var password: String?
        init() {}
    }

    var help: String {
        "Creates accounts, resets passwords and changes roles. Example: waymark user create --email a@nhs.net --name \"A Person\" --role admin --organisation QSL --organisation-name \"NHS Example ICB\""
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.store.withStartupLock { try await app.autoMigrate() }
        let store = app.store
        guard let email = signature.email else { throw CommandFailure("--email is required") }
        switch signature.action {
        case "create":
            let organisationID = try await organisation(signature, store: store)
            let password = try self.password(signature, context: context)
            let fields = try PersonFields.validate(
                PersonInput(name: signature.name, email: email, role: signature.role ?? SystemRole.member.rawValue,
                            organisationID: organisationID.lowercasedText, password: password),
                knownOrganisations: [organisationID], passwordRequired: true)
            let person = try await store.createPerson(fields, passwordHash: try await app.password.async.hash(password),
                                                      by: .system)
            context.console.print("Created \(person.name) <\(person.email)> as \(person.role.label).")
        case "reset-password":
            let password = try self.password(signature, context: context)
            if let problem = PasswordRules.problem(with: password) { throw CommandFailure(problem) }
            let person = try await store.resetPassword(email: email, passwordHash: try await app.password.async.hash(password), by: .system)
            context.console.print("Set a new password for \(person.name); their sessions and API tokens have ended.")
        case "role":
            guard let person = try await store.person(email: email) else { throw CommandFailure("No one has the email address \(email)") }
            guard let role = signature.role.flatMap(SystemRole.init(rawValue:)) else {
                throw CommandFailure("--role must be one of: " + SystemRole.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let fields = PersonFields(name: person.name, email: person.email, role: role, organisationID: person.organisationID, password: nil)
            _ = try await store.updatePerson(person.id, expectedVersion: person.version, fields: fields, passwordHash: nil, by: .system)
            context.console.print("\(person.name) is now \(role.label).")
        default:
            throw CommandFailure("Unknown action \(signature.action): use create, reset-password or role")
        }
    }

    func organisation(_ signature: Signature, store: Store) async throws -> UUID {
        guard let code = signature.organisation?.uppercased() else { throw CommandFailure("--organisation CODE is required") }
        if let existing = try await store.organisations().first(where: { $0.code == code }) { return existing.id }
        guard let name = signature.organisationName else {
            throw CommandFailure("No organisation has the code \(code). Add --organisation-name to create it.")
        }
        let codeKind: OrganisationCodeKind = OrganisationCodeRules.problem(with: code, kind: .ods) == nil ? .ods : .local
        let fields = try OrganisationFields.validate(OrganisationInput(name: name, code: code, codeKind: codeKind.rawValue,
                                                                       kind: signature.organisationKind ?? OrganisationKind.icb.rawValue))
        return try await store.createOrganisation(fields, by: .system).id
    }

    func password(_ signature: Signature, context: CommandContext) throws -> String {
        if let password = signature.password ?? ProcessInfo.processInfo.environment["WAYMARK_PASSWORD"] { return password }
        let prompt = "Password (at least " + String(PasswordRules.minimumLength) + " characters):"
        return context.console.ask(ConsoleText(stringLiteral: prompt), isSecure: true)
    }
}

/// `waymark token create --email E --name N`: make an API token for a person and print it once.
struct TokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "email", help: "Whose token it is")
        var email: String?
        @Option(name: "name", help: "What the token is for (default: command line)")
        var name: String?
        init() {}
    }

    var help: String { "Creates an API token for a person and prints it (it is stored only as a hash)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CommandFailure("Unknown action \(signature.action): use create") }
        guard let email = signature.email else { throw CommandFailure("--email is required") }
        let app = context.application
        try await app.store.withStartupLock { try await app.autoMigrate() }
        guard let person = try await app.store.person(email: email), person.active else {
            throw CommandFailure("No active person has the email address \(email)")
        }
        let name: String
        do {
            name = try APITokenName.validate(signature.name ?? "Command line")
        } catch let failure as ValidationFailure {
            throw CommandFailure(failure.errors.map(\.message).joined(separator: "; "))
        }
        let token = SecretTokens.makeAPIToken()
        _ = try await app.store.createToken(personID: person.id, name: name,
                                            tokenHash: SecretTokens.hash(token), by: .system)
        context.console.print(token)
    }
}
