import Vapor
import WaymarkDomain
import WaymarkStore

/// Turns every error into the answer a person or client can act on, with the real status code:
/// problem+json under /api, an HTML page elsewhere. A known path asked with the wrong method is
/// 405 with `Allow` (Vapor says 404). Anything unexpected is logged and is a 500: a bug.
struct WaymarkErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, to: request)
        }
    }

    struct Outcome {
        var status: HTTPResponseStatus
        var title: String
        var detail: String
        var fieldErrors: [FieldError] = []
        var currentVersion: Int?
        var headers: HTTPHeaders = [:]
    }

    func outcome(for error: any Error, request: Request) -> Outcome {
        switch error {
        case let failure as ValidationFailure:
            return Outcome(status: .unprocessableEntity, title: "The request has invalid fields",
                           detail: failure.errors.map(\.message).joined(separator: "; "), fieldErrors: failure.errors)
        case let conflict as VersionConflict:
            return Outcome(status: .conflict, title: "The record has changed",
                           detail: "Someone saved a newer version (\(conflict.currentVersion)) since yours was read; nothing was changed. Read it again and reapply your change.",
                           currentVersion: conflict.currentVersion)
        case is NotFound, is RouteNotFound:
            if error is RouteNotFound, request.route == nil {
                let allowed = Self.allowedMethods(for: request)
                if !allowed.isEmpty {
                    var headers = HTTPHeaders()
                    headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
                    return Outcome(status: .methodNotAllowed, title: "Method not allowed",
                                   detail: "\(request.method.rawValue) is not allowed here; use \(allowed.joined(separator: " or ")).",
                                   headers: headers)
                }
            }
            return Outcome(status: .notFound, title: "Page not found",
                           detail: "There is nothing here, or you do not have access to it. Check the address.")
        case let forbidden as Forbidden:
            return Outcome(status: .forbidden, title: "You cannot do that", detail: forbidden.reason)
        case is StatusUpdateLocked:
            return Outcome(status: .conflict, title: "Already submitted",
                           detail: "This status update was submitted and is kept as it was; nothing was changed. Start a correction (a new revision) to change what it says.")
        case let closed as GateReviewClosed:
            return Outcome(status: .conflict, title: "No longer waiting",
                           detail: "This gate review was \(closed.state == .withdrawn ? "withdrawn" : "decided") already and is kept as it is; nothing was changed.")
        case let inUse as StillInUse:
            return Outcome(status: .conflict, title: "Still in use", detail: inUse.reason)
        case let waymark as WaymarkError:
            switch waymark {
            case .unauthenticated(let detail):
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"waymark\"")
                return Outcome(status: .unauthorized, title: "Sign-in required", detail: detail, headers: headers)
            case .csrf:
                return Outcome(status: .forbidden, title: "The form could not be accepted",
                               detail: "The page was out of date or did not come from Waymark. Go back, reload the page and try again.")
            case .badRequest(let detail):
                return Outcome(status: .badRequest, title: "Bad request", detail: detail)
            case .throttled(let until):
                let minutes = max(1, Int((until.timeIntervalSince(request.application.waymark.clock()) / 60).rounded(.up)))
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .retryAfter, value: String(minutes * 60))
                return Outcome(status: .tooManyRequests, title: "Too many attempts",
                               detail: "Too many failed sign-in attempts. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").",
                               headers: headers)
            case .preconditionFailed(let current):
                return Outcome(status: .preconditionFailed, title: "The record has changed",
                               detail: "If-Match named a version that is no longer current (now \(current)); nothing was changed.",
                               currentVersion: current)
            case .versionRequired:
                return Outcome(status: .preconditionRequired, title: "Version required",
                               detail: "Send the version you read, as 'version' in the body or as If-Match, so that no one's change is overwritten.",
                               fieldErrors: [FieldError("version", "Send the version you read")])
            case .payloadTooLarge:
                return Outcome(status: .payloadTooLarge, title: "Request too large", detail: "The request body is too large.")
            }
        case let decoding as DecodingError:
            let (field, message) = Self.describe(decoding)
            return Outcome(status: .unprocessableEntity, title: "The request has invalid fields",
                           detail: message, fieldErrors: [FieldError(field, message)])
        case let abort as any AbortError:
            let status = abort.status
            if status == .internalServerError { fallthrough }
            return Outcome(status: status, title: status.reasonPhrase,
                           detail: status == .payloadTooLarge ? "The request body is too large." : abort.reason,
                           headers: abort.headers)
        default:
            request.logger.report(error: error)
            return Outcome(status: .internalServerError, title: "Something went wrong",
                           detail: "Waymark could not complete the request. The error has been logged; try again, and tell your administrator if it keeps happening.")
        }
    }

    func response(for error: any Error, to request: Request) async -> Response {
        let outcome = outcome(for: error, request: request)
        let response: Response
        if request.url.path.hasPrefix(APIRoute.prefix) || request.url.path == SiteURL.metrics.path {
            let problem = Problem(
                type: ProblemType.uri(for: outcome.status),
                title: outcome.title, status: Int(outcome.status.code), detail: outcome.detail,
                errors: outcome.fieldErrors.isEmpty ? nil : outcome.fieldErrors.map { .init(field: $0.field, message: $0.message, kind: $0.kind.rawValue) },
                currentVersion: outcome.currentVersion)
            response = Response(status: outcome.status)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            response.body = .init(data: (try? encoder.encode(problem)) ?? Data())
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
            // As every API answer: what a person may read is never kept by a shared cache.
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        } else {
            let page = ErrorPage(chrome: PageChrome(title: outcome.title, signedIn: request.signedIn),
                                 status: Int(outcome.status.code), title: outcome.title, detail: outcome.detail)
            response = HTMLResponse.make(page.render(), status: outcome.status)
        }
        for (name, value) in outcome.headers where name.lowercased() != "content-type" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }

    /// The methods some route accepts for this path, for a 405's `Allow`.
    static func allowedMethods(for request: Request) -> [String] {
        let parts = request.url.path.split(separator: "/").map(String.init)
        var methods = Set<String>()
        for route in request.application.routes.all where route.path.count == parts.count {
            let matches = zip(route.path, parts).allSatisfy { component, part in
                switch component {
                case .constant(let text): text == part
                case .parameter: true
                case .anything, .catchall: true
                }
            }
            if matches { methods.insert(route.method.rawValue) }
        }
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }

    static func describe(_ error: DecodingError) -> (String, String) {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return names.isEmpty ? "body" : names.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return (path(context), "\(path(context)) must be \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            return (path(context), "\(path(context)) must be \(Self.describe(type)), not null")
        case .keyNotFound(let key, let context):
            let field = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return (field, "\(field) is required")
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? ("body", "The body must be a JSON object")
                : (path(context), "\(path(context)) is not valid: \(context.debugDescription)")
        @unknown default:
            return ("body", "The body could not be read")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [String].Type: "a list of text values"
        default: "a value of the right type"
        }
    }
}
