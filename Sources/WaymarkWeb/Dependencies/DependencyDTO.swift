import Foundation
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A dependency as the API sends it: the fields a body sends, both ends as the reader may see
/// them (an end they may not read has no id, code, title or organisation), whether it is overdue
/// and whether it crosses organisations (left out when an end is hidden). Members without a value
/// are left out, as elsewhere.
struct DependencyDTO: JSONWritable {
    var seen: SeenDependency
    var today: CalendarDate
    var permissions: (canEdit: Bool, canDelete: Bool)?
    /// On a project's list: "depends-on" or "depended-on-by".
    var direction: String?

    init(readable: ReadableDependency, today: CalendarDate) {
        seen = readable.seen
        self.today = today
        permissions = (readable.canEdit, readable.canDelete)
    }

    init(seen: SeenDependency, today: CalendarDate, direction: String? = nil) {
        self.seen = seen
        self.today = today
        self.direction = direction
    }

    func write(to json: inout JSONText) {
        json.object { members(&$0) }
    }

    func members(_ json: inout JSONText) {
        Self.members(seen, today, direction: direction, &json)
        if let permissions {
            json.member("permissions", object: { json in
                json.member("canEdit", permissions.canEdit)
                json.member("canDelete", permissions.canDelete)
            })
        }
    }

    /// The members of a dependency as its reader sees it (a register's rows write themselves
    /// through this without copying each dependency into a `DependencyDTO`).
    static func members(_ seen: SeenDependency, _ today: CalendarDate, direction: String? = nil, _ json: inout JSONText) {
        // The dependency's own fields are written once and kept with it (`renderedFields`), in
        // four runs between the members that depend on the reader, the day or the list, and the
        // provider's id as a fifth.
        let written = seen.renderedFields.value { Self.fields(seen.dependency) }
        json.members(written[0])
        if let direction { json.member("direction", direction) }
        json.members(written[1])
        // The provider's id, written with the fields, is shown only when the reader may read it.
        if case .project? = seen.provider { json.members(written[4]) }
        json.members(written[2])
        json.member("overdue", seen.dependency.fields.isOverdue(today: today))
        if let crossing = seen.crossOrganisation { json.member("crossOrganisation", crossing) }
        Self.end("dependent", seen.dependent, seen.renderedDependent, &json)
        if let provider = seen.provider { Self.end("provider", provider, seen.renderedProvider, &json) }
        json.members(written[3])
    }

    /// The members that are the same for every reader on every day, in four runs, then the
    /// provider's id (empty for an external dependency).
    static func fields(_ dependency: Dependency) -> [[UInt8]] {
        let fields = dependency.fields
        return [
            JSONText.fragment { json in
                json.member("id", dependency.id.wire)
                json.member("reference", dependency.reference)
            },
            JSONText.fragment { json in
                json.member("title", fields.title)
                json.member("description", fields.description)
            },
            JSONText.fragment { json in
                json.member("external", fields.external)
                json.member("neededBy", fields.neededBy.description)
                json.member("ownerId", fields.ownerID?.wire)
                json.member("status", fields.status.rawValue)
            },
            JSONText.fragment { json in
                json.member("version", dependency.version)
                json.member("createdAt", Timestamp.string(dependency.createdAt))
                json.member("updatedAt", Timestamp.string(dependency.updatedAt))
            },
            JSONText.fragment { json in json.member("dependsOnProject", fields.providerProjectID?.wire) },
        ]
    }

    /// One end as a member; a readable project's object is written once and kept with its entry.
    static func end(_ key: String, _ end: DependencyEnd, _ rendered: Memo<[UInt8]>?, _ json: inout JSONText) {
        guard let rendered else {
            json.member(key, object: { Self.end(end, &$0) })
            return
        }
        json.member(key, raw: rendered.value {
            var written = JSONText(capacity: 256)
            written.object { Self.end(end, &$0) }
            return written.bytes
        })
    }

    static func end(_ end: DependencyEnd, _ json: inout JSONText) {
        switch end {
        case .project(let id, let code, let title, let organisation):
            json.member("access", "readable")
            json.member("id", id.wire)
            json.member("code", code)
            json.member("title", title)
            json.member("leadOrganisationId", organisation.wire)
        case .hidden, .deleted:
            json.member("access", end == .hidden ? "hidden" : "deleted")
        }
    }
}

/// A project's dependencies: what it depends on, then what depends on it.
struct DependencyLogDTO: JSONWritable {
    var log: DependencyLog
    var today: CalendarDate

    func write(to json: inout JSONText) {
        let items = log.dependsOn.map { DependencyDTO(seen: $0, today: today, direction: "depends-on") }
            + log.dependedOnBy.map { DependencyDTO(seen: $0, today: today, direction: "depended-on-by") }
        json.object { json in
            json.member("items", array: items) { json, item in item.write(to: &json) }
            json.member("page", 1)
            json.member("perPage", max(items.count, 1))
            json.member("total", items.count)
        }
    }
}

/// One page of the dependency register. Each item is written once for every reader who may read
/// the same of its ends, on one day and while no project or dependency changes
/// (`DependencyRegisterListing.written`), not per request.
struct DependencyRegisterDTO: JSONWritable {
    var page: DependencyRegisterListing
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: page.listed) { json, item in
                json.raw(page.written(item) { seen in
                    // Kept for as long as the index stands: sized for one item, not a whole answer.
                    var written = JSONText(capacity: 1_024)
                    DependencyDTO(seen: seen, today: today).write(to: &written)
                    return written.bytes
                })
            }
            json.member("page", page.request.page)
            json.member("perPage", page.request.perPage)
            json.member("total", page.total)
        }
    }
}
