import Foundation
import WaymarkStore
@testable import WaymarkWeb
import XCTest

final class SettingsTests: XCTestCase {
    func testDefaultsAreTheEmbeddedDemoOnLocalhost() throws {
        var arguments = ["waymark", "serve"]
        let settings = try WaymarkSettings.parse(arguments: &arguments, environment: [:])
        XCTAssertEqual(settings.hostname, "127.0.0.1")
        XCTAssertEqual(settings.port, 8080)
        XCTAssertEqual(settings.database, .sqlite(path: "./waymark-data/waymark.sqlite"))
        XCTAssertTrue(settings.database.isDefault)
        XCTAssertTrue(settings.demo)
        XCTAssertEqual(arguments, ["waymark", "serve"])
    }

    func testFlagsBeatTheEnvironmentAndAreRemovedForVapor() throws {
        var arguments = ["waymark", "serve", "--port", "9090", "--database=postgres://u:p@db.example:5432/w", "--no-demo", "--log", "debug"]
        let settings = try WaymarkSettings.parse(arguments: &arguments, environment: [
            "WAYMARK_PORT": "7070", "DATABASE_URL": "sqlite://other.sqlite", "WAYMARK_HOSTNAME": "0.0.0.0",
        ])
        XCTAssertEqual(settings.port, 9090)
        XCTAssertEqual(settings.hostname, "0.0.0.0")
        XCTAssertEqual(settings.database, .postgres(url: "postgres://u:p@db.example:5432/w"))
        XCTAssertEqual(settings.database.description, "postgres://u:***@db.example:5432/w")
        XCTAssertFalse(settings.demo)
        XCTAssertEqual(arguments, ["waymark", "serve", "--log", "debug"])
    }

    func testEveryBadSettingIsNamedAtOnce() {
        var arguments = ["waymark", "serve", "--port", "http", "--database", "mysql://x"]
        XCTAssertThrowsError(try WaymarkSettings.parse(arguments: &arguments, environment: ["WAYMARK_DEMO": "maybe"])) { error in
            let problems = (error as! SettingsError).problems
            XCTAssertEqual(problems.count, 3)
            XCTAssertTrue(problems[0].hasPrefix("--port must be a port number"), problems[0])
            XCTAssertTrue(problems[1].hasPrefix("--database is not a database Waymark can use"), problems[1])
            XCTAssertEqual(problems[2], "WAYMARK_DEMO must be true or false, not \"maybe\"")
        }
        var missing = ["waymark", "serve", "--port"]
        XCTAssertThrowsError(try WaymarkSettings.parse(arguments: &missing, environment: [:]))
    }

    func testSessionProxyAndConnectionSettings() throws {
        var defaults = ["waymark", "serve"]
        let standard = try WaymarkSettings.parse(arguments: &defaults, environment: [:])
        XCTAssertEqual(standard.sessionLifetime, 12 * 3600)
        XCTAssertEqual(standard.sessionMaximumLifetime, 7 * 24 * 3600)
        XCTAssertEqual(standard.forwardedProxies, 1)
        XCTAssertEqual(standard.idleTimeout, 60)

        var arguments = ["waymark", "serve", "--session-max-days", "2", "--forwarded-proxies=2", "--idle-timeout", "30"]
        let set = try WaymarkSettings.parse(arguments: &arguments, environment: ["WAYMARK_SESSION_HOURS": "0.5"])
        XCTAssertEqual(set.sessionLifetime, 1800)
        XCTAssertEqual(set.sessionMaximumLifetime, 2 * 24 * 3600)
        XCTAssertEqual(set.forwardedProxies, 2)
        XCTAssertEqual(set.idleTimeout, 30)
        XCTAssertEqual(arguments, ["waymark", "serve"])

        // A long idle time stretches the default longest life rather than failing.
        var long = ["waymark", "serve", "--session-hours", "240"]
        XCTAssertEqual(try WaymarkSettings.parse(arguments: &long, environment: [:]).sessionMaximumLifetime, 240 * 3600)

        var bad = ["waymark", "serve", "--session-hours", "48", "--session-max-days", "1", "--forwarded-proxies", "0", "--idle-timeout", "0"]
        XCTAssertThrowsError(try WaymarkSettings.parse(arguments: &bad, environment: [:])) { error in
            XCTAssertEqual((error as! SettingsError).problems, [
                "A session's longest life (--session-max-days) cannot be shorter than its idle time (--session-hours)",
                "--forwarded-proxies must be a number of proxies from 1 to 10, not \"0\"",
                "--idle-timeout must be a number of seconds from 1 to 3600, not \"0\"",
            ])
        }
        XCTAssertEqual(AuthenticationMiddleware.refreshInterval(idle: 12 * 3600), 3600)
        XCTAssertEqual(AuthenticationMiddleware.refreshInterval(idle: 1800), 150)
    }
}

final class TimestampTests: XCTestCase {
    func testTimestampsAreISO8601InUTC() {
        XCTAssertEqual(Timestamp.string(Date(timeIntervalSince1970: 1_767_225_600)), "2026-01-01T00:00:00Z")
        XCTAssertEqual(Timestamp.string(Date(timeIntervalSince1970: 951_827_696.9)), "2000-02-29T12:34:56Z")
        XCTAssertEqual(Timestamp.string(Date(timeIntervalSince1970: -1)), "1969-12-31T23:59:59Z")
        XCTAssertEqual(Timestamp.string(Date(timeIntervalSince1970: 4_107_542_399)), "2100-02-28T23:59:59Z")
        // Agrees with Foundation's formatter over a spread of instants.
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000.0, by: 86_399_937.0) {
            let date = Date(timeIntervalSince1970: seconds)
            XCTAssertEqual(Timestamp.string(date), formatter.string(from: date))
        }
    }
}
