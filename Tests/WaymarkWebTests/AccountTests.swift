import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Your account (issue 14): your own password changed with the current one (other sessions end,
/// this one stays), where you are signed in and signing out everywhere else, your system role
/// said apart from your team roles, and API tokens under the account rather than the navigation.
final class AccountTests: XCTestCase {
    static let newPassword = "a brand new passphrase"

    func testChangingYourPasswordNeedsTheCurrentOneAndEndsYourOtherSessions() async throws {
        try await withServer { server, world, database in
            let here = server.client()
            try await here.signIn("teammate@test.example")
            let elsewhere = server.client()
            try await elsewhere.signIn("teammate@test.example")
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let form = try await here.get("/account/password")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            XCTAssertTrue(form.body.contains("autocomplete=\"current-password\""), "[\(database)]")

            func attempt(_ current: String, _ new: String, _ again: String) async throws -> TestResponse {
                try await here.post("/account/password", [("currentPassword", current), ("newPassword", new), ("confirmPassword", again)],
                                    csrf: form.csrfToken)
            }
            let weak = try await attempt(World.password, "short", "short")
            XCTAssertEqual(weak.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(weak.body.contains("Password must be at least 12 characters"), "[\(database)]")
            XCTAssertFalse(weak.body.contains(World.password), "[\(database)] a password is never written back")
            let mismatch = try await attempt(World.password, Self.newPassword, Self.newPassword + "!")
            XCTAssertTrue(mismatch.body.contains("Enter the same new password again"), "[\(database)]")
            let same = try await attempt(World.password, World.password, World.password)
            XCTAssertTrue(same.body.contains("Choose a new password that is not your current one"), "[\(database)]")
            let wrong = try await attempt("not my password at all", Self.newPassword, Self.newPassword)
            XCTAssertEqual(wrong.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(wrong.body.contains("Your current password is not right"), "[\(database)]")
            let stillOld = try await server.client().signIn("teammate@test.example")
            XCTAssertEqual(stillOld.status, .seeOther, "[\(database)] nothing changed")

            let changed = try await attempt(World.password, Self.newPassword, Self.newPassword)
            XCTAssertEqual(changed.status, .seeOther, "[\(database)]")
            XCTAssertEqual(changed.location, "/account?notice=password", "[\(database)]")
            let account = try await here.get("/account?notice=password")
            XCTAssertEqual(account.status, .ok, "[\(database)] this session stays")
            XCTAssertTrue(account.body.contains("Your password was changed."), "[\(database)]")
            let ended = try await elsewhere.get("/portfolio")
            XCTAssertEqual(ended.status, .seeOther, "[\(database)] every other session ended")
            let tokenStillWorks = try await api.get("/api/v1/me")
            XCTAssertEqual(tokenStillWorks.status, .ok, "[\(database)] API tokens are revoked on their own page")
            let oldRefused = try await server.client().signIn("teammate@test.example")
            XCTAssertEqual(oldRefused.status, .unauthorized, "[\(database)]")
            let newAccepted = try await server.client().signIn("teammate@test.example", password: Self.newPassword)
            XCTAssertEqual(newAccepted.status, .seeOther, "[\(database)]")
            let history = try await server.app.store.history(of: world.teamPerson.id, page: PageRequest(perPage: 10),
                                                             readableBy: AccessPolicy.readRule(for: world.person("admin").actor)).items
            XCTAssertEqual(history.first?.event, .personPasswordChanged, "[\(database)]")
            XCTAssertEqual(history.first?.changes, [FieldChange(field: "password", old: nil, new: AuditValue.passwordSet)], "[\(database)]")
        }
    }

    func testGuessingTheCurrentPasswordIsThrottledLikeSigningIn() async throws {
        try await withServer { server, world, database in
            let browser = server.client()
            try await browser.signIn("member-lead@test.example")
            let form = try await browser.get("/account/password")
            for _ in 1...5 {
                _ = try await browser.post("/account/password", [("currentPassword", "a wrong guess"), ("newPassword", Self.newPassword),
                                                                 ("confirmPassword", Self.newPassword)], csrf: form.csrfToken)
            }
            let locked = try await browser.post("/account/password", [("currentPassword", World.password), ("newPassword", Self.newPassword),
                                                                      ("confirmPassword", Self.newPassword)], csrf: form.csrfToken)
            XCTAssertEqual(locked.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(locked.body.contains("Too many wrong passwords. Try again in"), "[\(database)]")
            let unchanged = try await server.client().signIn("member-lead@test.example", password: Self.newPassword)
            XCTAssertNotEqual(unchanged.status, .seeOther, "[\(database)] the right password did not get through the lock")
        }
    }

    func testYourAccountSaysYourRolesAndWhereYouAreSignedIn() async throws {
        try await withServer { server, world, database in
            let here = server.client()
            try await here.signIn("teammate@test.example")
            let elsewhere = server.client()
            try await elsewhere.signIn("teammate@test.example")
            let page = try await here.get("/portfolio")
            XCTAssertTrue(page.body.contains("<a class=\"wm-header__person\" href=\"/account\">teammate"), "[\(database)]")
            XCTAssertFalse(page.body.contains("class=\"wm-navigation__link\" href=\"/account/api-tokens\""),
                           "[\(database)] API tokens are under the account, not the main navigation")
            let account = try await here.get("/account")
            XCTAssertTrue(account.body.contains("<strong>Member</strong>. You can create projects and work on the teams you are on."),
                          "[\(database)] the system role in plain words")
            XCTAssertTrue(account.body.contains("<li>Team member on 3 projects</li>"), "[\(database)] team roles apart from it")
            XCTAssertEqual(account.body.components(separatedBy: "<td data-label=\"Browser\">").count - 1, 2, "[\(database)]")
            XCTAssertEqual(account.body.components(separatedBy: ">This browser<").count - 1, 1, "[\(database)]")
            XCTAssertTrue(account.body.contains("href=\"/account/api-tokens\""), "[\(database)]")

            let signedOut = try await here.post("/account/sessions/end-others", [], csrf: account.csrfToken)
            XCTAssertEqual(signedOut.location, "/account?notice=signed-out", "[\(database)]")
            let gone = try await elsewhere.get("/portfolio")
            XCTAssertEqual(gone.status, .seeOther, "[\(database)] the other session ended")
            let stays = try await here.get("/account")
            XCTAssertEqual(stays.status, .ok, "[\(database)] this one stays")
            XCTAssertEqual(stays.body.components(separatedBy: "<td data-label=\"Browser\">").count - 1, 1, "[\(database)]")
            XCTAssertFalse(stays.body.contains("Sign out everywhere else"), "[\(database)] nowhere else to sign out of")
        }
    }

    func testABrowserIsNamedAsAPersonKnowsIt() {
        XCTAssertEqual(DeviceName.from(userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0"),
                       "Edge on Windows")
        XCTAssertEqual(DeviceName.from(userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
                       "Safari on iPhone")
        XCTAssertEqual(DeviceName.from(userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"), "Firefox on Linux")
        XCTAssertEqual(DeviceName.from(userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"),
                       "Chrome on macOS")
        XCTAssertEqual(DeviceName.from(userAgent: "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"),
                       "Chrome on Android")
        XCTAssertEqual(DeviceName.from(userAgent: "something odd"), "An unknown browser")
        XCTAssertNil(DeviceName.from(userAgent: nil))
    }
}
