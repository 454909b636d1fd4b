import Plot
import Vapor
import WaymarkDomain
import WaymarkMarkup

/// What each problem the API answers with means and what to do about it: a problem+json's `type`
/// is the address of its page here (`/problems/422`), so a developer who meets one can read it.
/// A status without a page of its own has the type `about:blank` (RFC 9457: the status says it all).
enum ProblemType {
    struct Explanation {
        var code: Int
        var title: String
        var meaning: String
        var whatToDo: String
    }

    static let all: [Explanation] = [
        Explanation(code: 400, title: "Bad request",
                    meaning: "The request could not be read at all: a body that is not what its Content-Type says, or a malformed query.",
                    whatToDo: "Check the request against the API document (/api/v1/openapi.json) and send it again."),
        Explanation(code: 401, title: "Sign-in required",
                    meaning: "The request carried no valid API token or session. A token may have been revoked, or may have expired.",
                    whatToDo: "Send a personal API token as \"Authorization: Bearer wmk_...\". Make one under Account, API tokens."),
        Explanation(code: 403, title: "You cannot do that",
                    meaning: "You may see the record, but your role does not let you make this change. The detail says which rule applies.",
                    whatToDo: "Ask someone who manages the project or your organisation, or the portfolio office, to make the change or to give you the role."),
        Explanation(code: 404, title: "Not found",
                    meaning: "There is nothing at this address, or there is something you may not read: Waymark answers both the same way, so that nothing hidden is revealed.",
                    whatToDo: "Check the id. If you expected to see the record, ask its project's team whether its visibility includes you."),
        Explanation(code: 405, title: "Method not allowed",
                    meaning: "The address exists, but not for this HTTP method.",
                    whatToDo: "Use a method the Allow header lists."),
        Explanation(code: 409, title: "The record has changed",
                    meaning: "Someone saved a newer version since yours was read, or the record is still in use by others. Nothing was changed.",
                    whatToDo: "Read the record again (currentVersion says which version is now current), reapply your change and send it with the new version."),
        Explanation(code: 412, title: "The record has changed",
                    meaning: "If-Match named a version that is no longer current. Nothing was changed.",
                    whatToDo: "Read the record again, reapply your change and send it with the new ETag in If-Match."),
        Explanation(code: 413, title: "Request too large",
                    meaning: "The body is larger than Waymark accepts for this request (a file upload has its own limit, said on its form).",
                    whatToDo: "Send less: split a large import into several."),
        Explanation(code: 415, title: "Unsupported media type",
                    meaning: "The body is not in a format this address takes; most take JSON.",
                    whatToDo: "Send JSON with \"Content-Type: application/json\", or the type the API document names."),
        Explanation(code: 422, title: "The request has invalid fields",
                    meaning: "The request was read but some of what it says cannot be accepted. Each field error names the field, says what is wrong in words, and gives its kind: invalid (the value itself), required, reference (an id that names nothing you may use), taken (already in use) or rule (a rule across fields or records). Nothing was changed.",
                    whatToDo: "Correct each field the errors name and send the whole request again."),
        Explanation(code: 428, title: "Version required",
                    meaning: "A change must say which version of the record it was made to, so that no one's change is silently overwritten.",
                    whatToDo: "Send the version you read, as \"version\" in the body or as If-Match."),
        Explanation(code: 429, title: "Too many attempts",
                    meaning: "Too many failed sign-in attempts for this account or address in a short time.",
                    whatToDo: "Wait for the time Retry-After gives, then try again."),
        Explanation(code: 500, title: "Something went wrong",
                    meaning: "Waymark could not complete the request because of a fault of its own. The error was logged.",
                    whatToDo: "Try again; if it keeps happening, tell your administrator the time it happened."),
        Explanation(code: 503, title: "Not available here",
                    meaning: "This server cannot make what was asked for just now: a board pack as a PDF where no PDF renderer (WeasyPrint) is installed, or a pack too long to make in the time allowed. The problem's detail says which.",
                    whatToDo: "Ask for less (fewer highlight reports, a smaller part of the portfolio), or open the board pack's page and print it; an administrator can install WeasyPrint."),
    ]

    static let byCode = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// A problem's `type`: the page that explains its status, or `about:blank`.
    static func uri(for status: HTTPResponseStatus) -> String {
        byCode[Int(status.code)] == nil ? "about:blank" : SiteURL.problem(.value(Int(status.code))).path
    }
}

/// The pages the problem types point to: no sign-in needed.
struct ProblemPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.problems.pathComponents, use: index)
        routes.get(SiteURL.problem(.key).pathComponents, use: show)
    }

    func index(request: Request) -> Response {
        HTMLResponse.make(Layout.render(PageChrome(title: "Problems the API reports", signedIn: request.signedIn)) {
            El("h1", [("class", "wm-heading-l")]) { Safe("Problems the API reports") }
            El("p", [("class", "wm-body")]) {
                Safe("Every error from Waymark's API is a problem+json document (RFC 9457) whose type is one of these pages.")
            }
            El("ul", [("class", "wm-list")]) {
                for problem in ProblemType.all {
                    El("li") { TextLink("\(problem.code): \(problem.title)", SiteURL.problem(.value(problem.code)).path) }
                }
            }
        })
    }

    func show(request: Request) throws -> Response {
        guard let code = request.parameters.get(SiteURL.Key.problem, as: Int.self), let problem = ProblemType.byCode[code] else {
            throw NotFound("problem")
        }
        return HTMLResponse.make(Layout.render(PageChrome(title: problem.title, signedIn: request.signedIn,
                                                          breadcrumbs: [("Problems the API reports", SiteURL.problems.path)])) {
            El("span", [("class", "wm-caption")]) { Safe("HTTP \(problem.code)") }
            El("h1", [("class", "wm-heading-l")]) { Safe(problem.title) }
            El("h2", [("class", "wm-heading-m")]) { Safe("What it means") }
            El("p", [("class", "wm-body")]) { Safe(problem.meaning) }
            El("h2", [("class", "wm-heading-m")]) { Safe("What to do") }
            El("p", [("class", "wm-body")]) { Safe(problem.whatToDo) }
        })
    }
}
