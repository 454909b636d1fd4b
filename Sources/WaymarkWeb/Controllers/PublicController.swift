import Crypto
import Vapor
import WaymarkStore

/// Health, readiness, metrics and the static assets: no sign-in needed.
struct PublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.home.pathComponents, use: home)
        routes.get(SiteURL.health.pathComponents) { _ in Self.text("ok") }
        routes.get(SiteURL.ready.pathComponents, use: ready)
        routes.get(SiteURL.metrics.pathComponents, use: metrics)
        routes.get(SiteURL.stylesheet.pathComponents) { request in
            Self.asset(Stylesheet.css, type: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]), request: request)
        }
        routes.get(SiteURL.script.pathComponents) { request in
            Self.asset(Script.javascript, type: HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]), request: request)
        }
    }

    func home(request: Request) -> Response {
        request.redirect(to: request.signedIn == nil ? SiteURL.signIn.path : SiteURL.portfolio.path)
    }

    /// Ready when the database answers a query.
    func ready(request: Request) async throws -> Response {
        do {
            _ = try await request.store.isEmpty()
            return Self.text("ready")
        } catch {
            request.logger.warning("Not ready: \(error)")
            return Self.text("database unavailable", status: .serviceUnavailable)
        }
    }

    func metrics(request: Request) -> Response {
        var buffer: [UInt8] = []
        request.application.waymark.metrics.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(data: Data(buffer)))
    }

    static func text(_ text: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .plainText
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: text))
    }

    static let assetTags: [String: String] = [
        Stylesheet.css: "\"" + SHA256.hash(data: Data(Stylesheet.css.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined() + "\"",
        Script.javascript: "\"" + SHA256.hash(data: Data(Script.javascript.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined() + "\"",
    ]

    static func asset(_ content: String, type: HTTPMediaType, request: Request) -> Response {
        let tag = assetTags[content] ?? "\"0\""
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.replaceOrAdd(name: .eTag, value: tag)
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        if request.headers.first(name: .ifNoneMatch) == tag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(string: content))
    }
}
