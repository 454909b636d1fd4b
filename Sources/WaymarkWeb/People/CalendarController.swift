import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// Calendar feeds: a person makes, resets and stops theirs on their account; a calendar program
/// reads one at its secret address, with no session, as iCalendar.
struct CalendarController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.calendarFeeds.pathComponents, use: list)
        routes.post(SiteURL.calendarFeeds.pathComponents, use: create)
        routes.post(SiteURL.revokeCalendarFeed(.key).pathComponents, use: revoke)
    }

    func list(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let notice = request.queryData["notice"] == "stopped" ? "The feed was stopped: its address no longer works." : nil
        return try await page(request, signedIn, notice: notice)
    }

    func create(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let form = try await request.verifiedForm()
        var projectID: UUID?
        if let text = form["project"].exactOrNil {
            guard let id = UUID(uuidString: text) else { throw NotFound("project") }
            projectID = id
        }
        let secret = SecretTokens.make()
        let made = try await request.calendar.create(projectID: projectID, tokenHash: SecretTokens.hash(secret), by: signedIn.acting)
        return try await page(request, signedIn, made: (made.feed, Self.address(request, secret)), status: .created)
    }

    func revoke(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        _ = try await request.verifiedForm()
        guard let id = request.parameters.get(SiteURL.Key.item, as: UUID.self) else { throw NotFound("calendar feed") }
        try await request.calendar.revoke(id, by: signedIn.acting)
        return request.redirect(to: SiteURL.calendarFeeds.path(query: [("notice", "stopped")]))
    }

    /// The feed's full address, as a calendar program needs it.
    static func address(_ request: Request, _ secret: String) -> String {
        origin(request) + SiteURL.calendarFeed(.value(secret + ".ics")).path
    }

    /// `http://host:port` as the request reached Waymark (https when it is served over HTTPS).
    static func origin(_ request: Request) -> String {
        let scheme = request.application.waymark.settings.secureCookies ? "https" : "http"
        return scheme + "://" + (request.headers.first(name: .host) ?? "127.0.0.1")
    }

    func page(_ request: Request, _ signedIn: SignedIn, notice: String? = nil, made: (feed: CalendarFeed, address: String)? = nil,
              status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = CalendarFeedsPage(chrome: PageChrome(title: "Calendar feeds", signedIn: signedIn, section: .account, notice: notice,
                                                        breadcrumbs: [("Your account", SiteURL.account.path)]),
                                     feeds: try await request.calendar.feeds(by: signedIn.acting), made: made)
        return HTMLResponse.make(page.render(), status: status)
    }
}

/// Calendar feeds in the API: a person lists, makes and stops their own. A feed's address holds
/// its secret, so it is answered once, when the feed is made; the list names each feed's project.
struct CalendarAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.myCalendarFeeds.components, use: list)
        routes.post(APIRoute.myCalendarFeeds.components, use: create)
        routes.delete(APIRoute.myCalendarFeed(.key).components, use: revoke)
    }

    func list(request: Request) async throws -> Response {
        let feeds = try await request.calendar.feeds(by: try request.acting)
        return Response.json(writing: LogListDTO(items: feeds) { row, json in
            json.object { json in
                CalendarFeedDTO(feed: row.feed, project: row.project.map { ($0.code, $0.title) }, hidden: row.hidden).writeMembers(to: &json)
            }
        })
    }

    /// `{"projectId": id}` for a project's feed; `{}` or a null projectId for the person's own. A
    /// new feed replaces theirs of the same, whose address stops working.
    func create(request: Request) async throws -> Response {
        let acting = try request.acting
        var body = try await JSONBody(request)
        var projectID: UUID?
        if let text = body.string("projectId").value {
            projectID = UUID(uuidString: text)
            if projectID == nil { body.errors.add("projectId", "projectId must be a project's id, or null for your own feed") }
        }
        try body.throwIfAny()
        let secret = SecretTokens.make()
        let (feed, project) = try await request.calendar.create(projectID: projectID, tokenHash: SecretTokens.hash(secret), by: acting)
        return Response.json(writing: CalendarFeedDTO(feed: feed, project: project.map { ($0.code, $0.fields.title) }, hidden: false,
                                                      address: CalendarController.address(request, secret)),
                             status: .created, location: APIRoute.myCalendarFeed(.value(feed.id)).path)
    }

    func revoke(request: Request) async throws -> Response {
        try await request.calendar.revoke(try APIController.id(request), by: try request.acting)
        return Response(status: .noContent)
    }
}

/// A feed in the API; its address only when it has just been made (the secret is kept hashed).
struct CalendarFeedDTO: JSONWritable {
    var feed: CalendarFeed
    /// Its project's code and title, when the person may read it.
    var project: (code: String, title: String)?
    var hidden: Bool
    var address: String? = nil

    func write(to json: inout JSONText) { json.object { json in writeMembers(to: &json) } }

    func writeMembers(to json: inout JSONText) {
        json.member("id", feed.id.wire)
        json.member("kind", feed.projectID == nil ? "own" : "project")
        json.member("projectId", nullable: feed.projectID?.wire)
        json.member("projectCode", nullable: project?.code)
        json.member("projectTitle", nullable: project?.title)
        json.member("projectHidden", hidden)
        json.member("createdAt", Timestamp.string(feed.createdAt))
        if let address { json.member("address", address) }
    }
}

/// A calendar feed as a calendar program reads it: at its secret address, with no session, as
/// iCalendar. The address is the only key: a 404 for any that is not a live feed.
struct CalendarFeedRoute: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.calendarFeed(.key).pathComponents, use: feed)
    }

    func feed(request: Request) async throws -> Response {
        guard let file = request.parameters.get("file"), file.hasSuffix(".ics") else { throw NotFound("calendar feed") }
        let content = try await request.calendar.content(tokenHash: SecretTokens.hash(String(file.dropLast(4))), today: request.today)
        let origin = CalendarController.origin(request)
        var events = content.items.map { item, code in
            CalendarEvent(uid: "\(item.kind.rawValue)-\(item.id.lowercasedText)@waymark", date: item.due,
                          summary: "\(item.kind.label): \(item.reference) \(item.title) (\(code))",
                          description: "\(item.kind.label) on \(code), due \(item.due.longFormat).", url: origin + item.url.path)
        }
        events += content.updatesDue.map { due in
            CalendarEvent(uid: "status-update-\(due.projectID.lowercasedText)-\(due.period.key)@waymark", date: due.due,
                          summary: "Status update due: \(due.period.label) (\(due.projectCode))",
                          description: "The \(due.period.label) update of \(due.projectCode) \(due.projectTitle) is due.",
                          url: origin + SiteURL.projectUpdates(.value(due.projectID)).path)
        }
        events.sort { ($0.date, $0.uid) < ($1.date, $1.uid) }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return Response(status: .ok, headers: headers,
                        body: .init(string: ICalendar.document(name: content.name, events: events, stamp: request.application.waymark.clock())))
    }
}
