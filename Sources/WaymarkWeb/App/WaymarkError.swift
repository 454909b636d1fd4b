import Vapor
import WaymarkDomain

/// Errors the web layer raises itself, each with what the person needs to know.
enum WaymarkError: Error {
    case unauthenticated(String)
    /// A change without the right CSRF token.
    case csrf
    case badRequest(String)
    /// Too many failed sign-ins; try again after the date.
    case throttled(until: Date)
    /// `If-Match` named a version that is no longer current.
    case preconditionFailed(currentVersion: Int)
    /// An update sent neither a `version` nor `If-Match`.
    case versionRequired
    case payloadTooLarge
}

/// An RFC 9457 problem document.
struct Problem: Content {
    struct FieldProblem: Content {
        var field: String
        var message: String
        var kind: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    var errors: [FieldProblem]?
    var currentVersion: Int?
}
