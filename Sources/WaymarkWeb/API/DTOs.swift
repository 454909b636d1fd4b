import Foundation
import Vapor
import WaymarkDomain
import WaymarkStore
import WaymarkWorkflows

/// What the API sends: plain structs mapped from domain values, described by the OpenAPI document.
enum Timestamp {
    /// `2026-03-31T14:05:09Z`. Written by hand: Foundation's ISO8601DateFormatter builds an ICU
    /// formatter on every call, which was most of the time a 100-project list took.
    static func string(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let (year, month, day) = CalendarDate.civil(fromDaysSinceEpoch: days)
        var text = DigitText()
        text.append(year, width: 4, then: "-")
        text.append(month, width: 2, then: "-")
        text.append(day, width: 2, then: "T")
        text.append(Int(time / 3_600), width: 2, then: ":")
        text.append(Int(time % 3_600 / 60), width: 2, then: ":")
        text.append(Int(time % 60), width: 2, then: "Z")
        return text.string
    }
}

/// An id on the wire: lower-case 8-4-4-4-12 hexadecimal, as RFC 9562 asks of output. Requests
/// may send either case (`UUID(text:)` reads both).
typealias WireID = String

extension UUID {
    var wire: WireID { lowercasedText }
}

struct ListDTO<Item: Content>: Content {
    var items: [Item]
    var page: Int
    var perPage: Int
    var total: Int
}

extension ListDTO: JSONWritable where Item: JSONWritable {
    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: items) { json, item in item.write(to: &json) }
            json.member("page", page)
            json.member("perPage", perPage)
            json.member("total", total)
        }
    }
}

struct OrganisationDTO: Content {
    var id: WireID
    var name: String
    var code: String
    var codeKind: String
    var kind: String
    var version: Int

    init(_ organisation: Organisation) {
        id = organisation.id.wire
        name = organisation.name
        code = organisation.code
        codeKind = organisation.codeKind.rawValue
        kind = organisation.kind.rawValue
        version = organisation.version
    }
}

struct PersonDTO: Content {
    var id: WireID
    var name: String
    var email: String
    var role: String
    var organisationId: WireID
    var active: Bool
    var version: Int

    init(_ person: Person) {
        id = person.id.wire
        name = person.name
        email = person.email
        role = person.role.rawValue
        organisationId = person.organisationID.wire
        active = person.active
        version = person.version
    }
}

struct NamedItemDTO: Content {
    var id: WireID
    var name: String
    var description: String
    var version: Int

    init(_ item: NamedItem) {
        id = item.id.wire
        name = item.name
        description = item.description
        version = item.version
    }
}

struct StageDTO: Content {
    var id: WireID
    var key: String
    var name: String
    var position: Int
    var gate: String?
    var description: String

    init(_ stage: LifecycleStage) {
        id = stage.id.wire
        key = stage.key
        name = stage.name
        position = stage.position
        gate = stage.gate
        description = stage.description
    }
}

struct ProjectSummaryDTO: Content {
    var id: WireID
    var code: String
    var title: String
    var summary: String
    var leadOrganisationId: WireID
    var leadOrganisationName: String
    var programmeId: WireID?
    var programmeName: String?
    var methodology: String
    var stageId: WireID
    var stageName: String
    var status: String
    var visibility: String
    var startDate: String?
    var endDate: String?
    var version: Int
    var updatedAt: String
    var seniorResponsibleOwner: String?
    var projectManager: String?
    var budgetPence: Int64?

    init(_ summary: ProjectSummary) {
        id = summary.id.wire
        code = summary.code
        title = summary.title
        self.summary = summary.summary
        leadOrganisationId = summary.leadOrganisationID.wire
        leadOrganisationName = summary.leadOrganisationName
        programmeId = summary.programmeID?.wire
        programmeName = summary.programmeName
        methodology = summary.methodology.rawValue
        stageId = summary.stageID.wire
        stageName = summary.stageName
        status = summary.status.rawValue
        visibility = summary.visibility.rawValue
        startDate = summary.startDate?.description
        endDate = summary.endDate?.description
        version = summary.version
        updatedAt = Timestamp.string(summary.updatedAt)
        seniorResponsibleOwner = summary.seniorResponsibleOwner
        projectManager = summary.projectManager
        budgetPence = summary.budgetPence
    }
}

/// A page of the portfolio as the API lists it: the same JSON as `ListDTO<ProjectSummaryDTO>`, with
/// each project's written once per portfolio index and reused by every list that includes it (the
/// person's access is applied to every list; only a project's own fields are reused).
struct ProjectPageDTO: JSONWritable {
    var page: Page<PortfolioIndex.Entry>

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: page.items) { json, entry in
                json.raw(entry.renderedJSON.value { JSONText.encode(ProjectSummaryDTO(entry.summary)) })
            }
            json.member("page", page.request.page)
            json.member("perPage", page.request.perPage)
            json.member("total", page.total)
        }
    }
}

extension ProjectSummaryDTO: JSONWritable {
    func write(to json: inout JSONText) {
        json.object { json in
            if let budgetPence { json.member("budgetPence", budgetPence) }
            json.member("code", code)
            json.member("endDate", endDate)
            json.member("id", id)
            json.member("leadOrganisationId", leadOrganisationId)
            json.member("leadOrganisationName", leadOrganisationName)
            json.member("methodology", methodology)
            json.member("programmeId", programmeId)
            json.member("programmeName", programmeName)
            json.member("projectManager", projectManager)
            json.member("seniorResponsibleOwner", seniorResponsibleOwner)
            json.member("stageId", stageId)
            json.member("stageName", stageName)
            json.member("startDate", startDate)
            json.member("status", status)
            json.member("summary", summary)
            json.member("title", title)
            json.member("updatedAt", updatedAt)
            json.member("version", version)
            json.member("visibility", visibility)
        }
    }
}

struct TeamMemberDTO: Content {
    var personId: WireID
    var name: String
    var email: String
    var organisationId: WireID
    var role: String

    init(_ member: TeamMember) {
        personId = member.personID.wire
        name = member.name
        email = member.email
        organisationId = member.organisationID.wire
        role = member.role.rawValue
    }
}

struct FieldChangeDTO: Content {
    /// The field's stable key, as the API's own members name it.
    var key: String
    /// The field's label, and its values as a person reads them.
    var field: String
    var old: String?
    var new: String?
    /// The values as stored (ids, codes, whole pence).
    var oldValue: String?
    var newValue: String?
}

struct AuditEventDTO: Content {
    var id: WireID
    var occurredAt: String
    var actorId: WireID?
    var actorName: String
    var entityType: String
    var entityId: WireID
    var action: String
    /// The event's stable code, such as "project.closed".
    var event: String
    /// The record as it was named when the change was made.
    var subject: String
    var summary: String
    var changes: [FieldChangeDTO]

    init(_ event: AuditEvent, _ wording: AuditWording) {
        id = event.id.wire
        occurredAt = Timestamp.string(event.occurredAt)
        actorId = event.actorID?.wire
        actorName = event.actorName
        entityType = event.entityType
        entityId = event.entityID.wire
        action = event.action.rawValue
        self.event = event.event.rawValue
        subject = event.subject
        summary = wording.sentence(event)
        changes = event.changes.map {
            FieldChangeDTO(key: $0.field, field: wording.label(event, $0.field), old: wording.value(event, $0.field, $0.old),
                           new: wording.value(event, $0.field, $0.new), oldValue: $0.old, newValue: $0.new)
        }
    }
}

extension Response {
    /// A JSON response with an ETag of the record's version (for If-Match).
    static func json(_ value: some Encodable, status: HTTPResponseStatus = .ok, version: Int? = nil,
                     location: String? = nil) throws -> Response {
        if let writable = value as? any JSONWritable {
            return json(writing: writable, status: status, version: version, location: location)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: jsonHeaders(version: version, location: location),
                        body: .init(data: try encoder.encode(value)))
    }

    static func json(writing value: some JSONWritable, status: HTTPResponseStatus = .ok, version: Int? = nil,
                     location: String? = nil, capacity: Int = 16_384) -> Response {
        Response(status: status, headers: jsonHeaders(version: version, location: location),
                 body: .init(buffer: ByteBuffer(bytes: JSONText.encode(value, capacity: capacity))))
    }

    /// JSON already written (`JSONText.encode`), sent as it is.
    static func json(bytes: [UInt8], status: HTTPResponseStatus = .ok) -> Response {
        json(buffer: ByteBuffer(bytes: bytes), status: status)
    }

    /// JSON already written and kept, sent without being copied.
    static func json(buffer: ByteBuffer, status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, headers: jsonHeaders(version: nil, location: nil), body: .init(buffer: buffer))
    }

    private static func jsonHeaders(version: Int?, location: String?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        if let version { headers.replaceOrAdd(name: .eTag, value: "\"\(version)\"") }
        if let location { headers.replaceOrAdd(name: .location, value: location) }
        return headers
    }
}

/// A page of any list, each item written by `write`.
struct PageDTO<Item: Sendable>: JSONWritable {
    var page: Page<Item>
    var write: (Item, inout JSONText) -> Void

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: page.items) { json, item in write(item, &json) }
            json.member("page", page.request.page)
            json.member("perPage", page.request.perPage)
            json.member("total", page.total)
        }
    }
}
