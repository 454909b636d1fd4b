import Vapor
import WaymarkStore

/// Health, readiness, metrics and the static assets: no sign-in needed. (The home page is the
/// dashboard, `DashboardController`.)
struct PublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.health.pathComponents) { _ in Self.text("ok") }
        routes.get(SiteURL.ready.pathComponents, use: ready)
        routes.get(SiteURL.metrics.pathComponents, use: metrics)
        for asset in Assets.all {
            routes.get(SiteURL.asset(asset).pathComponents) { request in
                Self.serve(asset, cacheControl: "public, max-age=3600", request: request)
            }
            routes.get(SiteURL.versionedAsset(asset).pathComponents) { request in
                Self.serve(asset, cacheControl: "public, max-age=31536000, immutable", request: request)
            }
        }
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

    static func serve(_ asset: Asset, cacheControl: String, request: Request) -> Response {
        let tag = "\"" + asset.hash + "\""
        var headers = HTTPHeaders()
        headers.contentType = asset.type
        headers.replaceOrAdd(name: .eTag, value: tag)
        headers.replaceOrAdd(name: .cacheControl, value: cacheControl)
        if request.headers.first(name: .ifNoneMatch) == tag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: asset.content)))
    }
}
