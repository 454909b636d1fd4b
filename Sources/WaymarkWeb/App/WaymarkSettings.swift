import Foundation
import WaymarkStore

/// Waymark's own settings, read before Vapor sees the command line: a flag beats the
/// environment, which beats the default. Every missing or invalid setting is named at once.
public struct WaymarkSettings: Sendable, Equatable {
    public var hostname = "127.0.0.1"
    public var port = 8080
    public var database = DatabaseLocation.default
    /// Load the demo ICS into an empty default database.
    public var demo = true
    /// Read the client address from X-Forwarded-For (only behind a proxy you run).
    public var trustForwardedFor = false
    /// How many proxies of yours stand in front of Waymark, each adding one X-Forwarded-For
    /// entry: the client is the entry that many places from the right. Entries further left
    /// were sent by the client itself and prove nothing.
    public var forwardedProxies = 1
    /// Mark cookies Secure, give them the `__Host-` prefix, and send HSTS (serve over HTTPS).
    public var secureCookies = false
    /// How long a session may go unused before it ends.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// How long a session may last however much it is used: sign in again after this.
    public var sessionMaximumLifetime: TimeInterval = 7 * 24 * 3600
    /// A connection that sends and receives nothing for this long is closed, so a client that
    /// starts a request and never finishes it cannot hold a connection open.
    public var idleTimeout: TimeInterval = 60
    /// The HTML-to-PDF renderer board packs are made with (WeasyPrint): found on the PATH unless
    /// set; nil when there is none (the print view is offered instead).
    public var pdfRenderer: String? = PDFRenderer.find()

    public init() {}

    /// Which settings the command line and environment may carry.
    public static let help = """
        Waymark settings (a flag beats the environment variable, which beats the default):
          --hostname HOST        WAYMARK_HOSTNAME        address to listen on (default 127.0.0.1)
          --port PORT            WAYMARK_PORT            port to listen on (default 8080)
          --database URL         DATABASE_URL            sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB
                                                         (default sqlite://./waymark-data/waymark.sqlite)
          --no-demo              WAYMARK_DEMO=false      do not load the demo ICS into an empty default database
          --trust-forwarded-for  WAYMARK_TRUST_FORWARDED_FOR=true  take client addresses from X-Forwarded-For
          --forwarded-proxies N  WAYMARK_FORWARDED_PROXIES  how many proxies of yours add to X-Forwarded-For (default 1)
          --secure-cookies       WAYMARK_SECURE_COOKIES=true       HTTPS only: Secure __Host- cookies and HSTS
          --session-hours N      WAYMARK_SESSION_HOURS   idle time before a session ends (default 12)
          --session-max-days N   WAYMARK_SESSION_MAX_DAYS  longest a session lasts however much it is used (default 7)
          --idle-timeout N       WAYMARK_IDLE_TIMEOUT    seconds before a silent connection is closed (default 60)
          --pdf-renderer PATH    WAYMARK_PDF_RENDERER    WeasyPrint, for board packs as PDF (default: weasyprint on the PATH;
                                                         "none" for no PDF)
        """

    /// Removes Waymark's own flags from `arguments` (leaving Vapor's command and its flags) and
    /// returns the settings, or throws naming every bad setting.
    public static func parse(arguments: inout [String], environment: [String: String]) throws -> WaymarkSettings {
        var settings = WaymarkSettings()
        var problems: [String] = []
        var flags: [String: String] = [:]
        var switches: Set<String> = []
        let valued = ["--hostname", "--port", "--database", "--session-hours", "--session-max-days", "--forwarded-proxies",
                      "--idle-timeout", "--pdf-renderer"]
        let booleanFlags = ["--no-demo", "--trust-forwarded-for", "--secure-cookies"]

        var remaining: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            if valued.contains(parts[0]) {
                if parts.count == 2 {
                    flags[parts[0]] = parts[1]
                } else if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                    flags[parts[0]] = arguments[index + 1]
                    index += 1
                } else {
                    problems.append("\(parts[0]) needs a value")
                }
            } else if booleanFlags.contains(argument) {
                switches.insert(argument)
            } else {
                remaining.append(argument)
            }
            index += 1
        }

        func value(_ flag: String, _ variable: String) -> (String, String)? {
            if let text = flags[flag] { return (text, flag) }
            if let text = environment[variable], !text.isEmpty { return (text, variable) }
            return nil
        }
        func boolean(_ flag: String, _ variable: String, default defaultValue: Bool, flagMeans: Bool) -> Bool {
            if switches.contains(flag) { return flagMeans }
            guard let text = environment[variable], !text.isEmpty else { return defaultValue }
            switch text.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default:
                problems.append("\(variable) must be true or false, not \"\(text)\"")
                return defaultValue
            }
        }

        if let (text, source) = value("--hostname", "WAYMARK_HOSTNAME") {
            if text.isEmpty || text.contains(where: { $0.isWhitespace || $0 == "/" }) {
                problems.append("\(source) must be a host name or IP address, not \"\(text)\"")
            } else {
                settings.hostname = text
            }
        }
        if let (text, source) = value("--port", "WAYMARK_PORT") {
            if let port = Int(text), (1...65_535).contains(port) {
                settings.port = port
            } else {
                problems.append("\(source) must be a port number from 1 to 65535, not \"\(text)\"")
            }
        }
        if let (text, source) = value("--database", "DATABASE_URL") {
            do {
                settings.database = try DatabaseLocation.parse(text)
            } catch {
                problems.append("\(source) is not a database Waymark can use: \(error)")
            }
        }
        if let (text, source) = value("--session-hours", "WAYMARK_SESSION_HOURS") {
            if let hours = Double(text), hours > 0, hours <= 24 * 30 {
                settings.sessionLifetime = hours * 3600
            } else {
                problems.append("\(source) must be a number of hours from 0 to 720, not \"\(text)\"")
            }
        }
        if let (text, source) = value("--session-max-days", "WAYMARK_SESSION_MAX_DAYS") {
            if let days = Double(text), days > 0, days <= 365 {
                settings.sessionMaximumLifetime = days * 24 * 3600
            } else {
                problems.append("\(source) must be a number of days from 0 to 365, not \"\(text)\"")
            }
        }
        if value("--session-max-days", "WAYMARK_SESSION_MAX_DAYS") == nil {
            settings.sessionMaximumLifetime = max(settings.sessionMaximumLifetime, settings.sessionLifetime)
        } else if settings.sessionMaximumLifetime < settings.sessionLifetime {
            problems.append("A session's longest life (--session-max-days) cannot be shorter than its idle time (--session-hours)")
        }
        if let (text, source) = value("--forwarded-proxies", "WAYMARK_FORWARDED_PROXIES") {
            if let count = Int(text), (1...10).contains(count) {
                settings.forwardedProxies = count
            } else {
                problems.append("\(source) must be a number of proxies from 1 to 10, not \"\(text)\"")
            }
        }
        if let (text, source) = value("--idle-timeout", "WAYMARK_IDLE_TIMEOUT") {
            if let seconds = Double(text), seconds >= 1, seconds <= 3600 {
                settings.idleTimeout = seconds
            } else {
                problems.append("\(source) must be a number of seconds from 1 to 3600, not \"\(text)\"")
            }
        }
        if let (text, source) = value("--pdf-renderer", "WAYMARK_PDF_RENDERER") {
            if text == "none" {
                settings.pdfRenderer = nil
            } else if FileManager.default.isExecutableFile(atPath: text) {
                settings.pdfRenderer = text
            } else {
                problems.append("\(source) must be the path of WeasyPrint's program (or none), not \"\(text)\": no program is there")
            }
        }
        settings.demo = !switches.contains("--no-demo") && boolean("--no-demo", "WAYMARK_DEMO", default: true, flagMeans: false)
        settings.trustForwardedFor = boolean("--trust-forwarded-for", "WAYMARK_TRUST_FORWARDED_FOR", default: false, flagMeans: true)
        settings.secureCookies = boolean("--secure-cookies", "WAYMARK_SECURE_COOKIES", default: false, flagMeans: true)

        if !problems.isEmpty { throw SettingsError(problems: problems) }
        arguments = remaining
        return settings
    }
}

public struct SettingsError: Error, CustomStringConvertible, Equatable {
    public var problems: [String]
    public var description: String {
        "Waymark cannot start:\n" + problems.map { "  - " + $0 }.joined(separator: "\n") + "\n\n" + WaymarkSettings.help
    }
}
