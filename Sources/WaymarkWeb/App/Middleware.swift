import Prometheus
import Vapor

/// Headers that close off whole classes of attack: no inline script, no framing, no sniffing;
/// with `--secure-cookies` (served over HTTPS), HSTS. It is also the last wall against header
/// injection: a response carrying a control character in any header value (a CR or LF would
/// end the header and start another) is never sent; a 500 goes instead, and the bug is logged.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")
    /// Two years, as the HSTS preload list asks.
    static let strictTransportSecurity = "max-age=63072000; includeSubDomains"

    let secure: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var response = try await next.respond(to: request)
        if let name = Self.headerWithControlCharacter(response.headers) {
            response = await WaymarkErrorMiddleware().response(for: UnsafeHeaderValue(name: name), to: request)
        }
        if secure { response.headers.replaceOrAdd(name: .strictTransportSecurity, value: Self.strictTransportSecurity) }
        // A response that set a stricter policy of its own (a downloaded file: sandboxed) keeps it.
        if !response.headers.contains(name: "Content-Security-Policy") {
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        }
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()")
        response.headers.replaceOrAdd(name: "Cross-Origin-Opener-Policy", value: "same-origin")
        return response
    }

    /// The first header whose name or value holds a control character (tab included: RFC 9110
    /// allows it inside a value, but nothing Waymark sends needs one).
    static func headerWithControlCharacter(_ headers: HTTPHeaders) -> String? {
        func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }
        return headers.first { name, value in name.utf8.contains(where: isControl) || value.utf8.contains(where: isControl) }?.name
    }
}

/// A response header that would have carried a control character: a bug, answered with a 500.
struct UnsafeHeaderValue: Error, CustomStringConvertible {
    var name: String
    var description: String { "A response header (\(name)) held a control character; the response was not sent" }
}

/// Counts requests and times them by route template (never by raw path, which would let one
/// client create unbounded series).
struct MetricsMiddleware: AsyncMiddleware {
    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                      .seconds(2.5), .seconds(5)]

    // Computed: MetricNameDescriptor is not Sendable, and the registry returns the existing series.
    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "waymark", subsystem: "http", metricName: "requests", unitName: "total",
                             helpText: "HTTP requests answered, by method, route template and status")
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "waymark", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                             helpText: "Time to answer HTTP requests")
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            record(request, status: (error as? any AbortError)?.status.code ?? 500, started: started)
            throw error
        }
        record(request, status: response.status.code, started: started)
        return response
    }

    private func record(_ request: Request, status: UInt, started: ContinuousClock.Instant) {
        let registry = request.application.waymark.metrics
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let labels = [("method", request.method.rawValue), ("route", route), ("status", String(status))]
        registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
        registry.makeDurationHistogram(descriptor: Self.duration, labels: [("method", request.method.rawValue), ("route", route)],
                                       buckets: Self.buckets).record(ContinuousClock.now - started)
    }
}

/// Deletes expired sessions and stale throttle counters, and prunes the portfolio's change log,
/// every ten minutes while serving.
struct ExpiredSessionSweeper: LifecycleHandler {
    final class Box: @unchecked Sendable {
        // Written once in didBoot and read once in shutdown: Vapor calls both from its lifecycle,
        // one after the other, never at the same time.
        var task: Task<Void, Never>?
    }
    let box = Box()
    let interval: Duration = .seconds(600)

    func didBoot(_ application: Application) throws {
        let interval = self.interval
        box.task = Task { [application] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                do {
                    try await application.store.sweepExpired(olderThan: application.waymark.throttle.window)
                } catch {
                    application.logger.warning("Could not sweep expired sessions: \(error)")
                }
                do {
                    try await application.store.prunePortfolioLog()
                } catch {
                    application.logger.warning("Could not prune the portfolio's change log: \(error)")
                }
            }
        }
    }

    func shutdown(_ application: Application) {
        box.task?.cancel()
    }
}
