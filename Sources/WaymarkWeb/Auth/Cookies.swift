import Foundation
import Vapor

/// Waymark's two cookies, named and shaped in one place. Over HTTPS (`--secure-cookies`) they
/// carry the `__Host-` prefix, which a browser accepts only from a secure origin with
/// `Secure`, `Path=/` and no `Domain`: a sibling subdomain or a plain-HTTP page cannot plant or
/// overwrite them. Every cookie, a deleting one too, is written here, so none lacks the
/// attributes its name promises.
struct WaymarkCookies: Sendable {
    let secure: Bool

    /// The session: a random id whose SHA-256 the database keeps.
    var session: String { secure ? "__Host-waymark_session" : "waymark_session" }
    /// Before sign-in there is no session: the sign-in form pairs this cookie with a field.
    var signIn: String { secure ? "__Host-waymark_signin" : "waymark_signin" }

    /// `__Host-` cookies must have `Path=/`; without the prefix the sign-in cookie goes only to
    /// the sign-in page.
    private var signInPath: String { secure ? "/" : SiteURL.signIn.path }

    func session(_ id: String, maxAge: TimeInterval) -> HTTPCookies.Value {
        HTTPCookies.Value(string: id, maxAge: Int(maxAge), path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    func signIn(_ token: String) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, maxAge: 3600, path: signInPath, isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }

    var expiredSession: HTTPCookies.Value { expired(path: "/", sameSite: .lax) }
    var expiredSignIn: HTTPCookies.Value { expired(path: signInPath, sameSite: .strict) }

    private func expired(path: String, sameSite: HTTPCookies.SameSitePolicy) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: path, isSecure: secure,
                          isHTTPOnly: true, sameSite: sameSite)
    }
}

extension Request {
    var waymarkCookies: WaymarkCookies { WaymarkCookies(secure: application.waymark.settings.secureCookies) }
}
