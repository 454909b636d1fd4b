import Foundation
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// An issue as the API sends it: the fields a body sends, whether it is overdue, the risk it was
/// raised from, its register, and what the reader may do.
struct IssueDTO: JSONWritable {
    var readable: ReadableIssue
    var today: CalendarDate
    /// Where the issue's own members are kept once written, when it is held in memory.
    var rendered: Memo<[[UInt8]]>? = nil

    func write(to json: inout JSONText) {
        json.object { members(&$0) }
    }

    func members(_ json: inout JSONText) {
        Self.members(readable.issue, today, rendered: rendered, &json)
        json.member("permissions", object: { json in
            json.member("canEdit", readable.canEdit)
            json.member("canDelete", readable.canDelete)
        })
    }

    /// The members every answer about an issue has. The issue's own fields are written once and
    /// kept in `rendered` when there is one, in two runs either side of whether it is overdue.
    static func members(_ issue: Issue, _ today: CalendarDate, rendered: Memo<[[UInt8]]>? = nil, _ json: inout JSONText) {
        let written = rendered.value { fields(issue) }
        json.members(written[0])
        json.member("overdue", issue.fields.isOverdue(today: today))
        json.members(written[1])
    }

    /// The members that are the same for every reader on every day, in two runs.
    private static func fields(_ issue: Issue) -> [[UInt8]] {
        let fields = issue.fields
        return [
            JSONText.fragment { json in
                json.member("id", issue.id.wire)
                json.member("projectId", issue.projectID.wire)
                json.member("reference", issue.reference)
                json.member("title", fields.title)
                json.member("description", fields.description)
                json.member("priority", fields.priority.rawValue)
                json.member("ownerId", fields.ownerID?.wire)
                json.member("raisedOn", fields.raisedOn.description)
                json.member("targetDate", fields.targetDate?.description)
            },
            JSONText.fragment { json in
                json.member("status", fields.status.rawValue)
                json.member("resolution", fields.resolution)
                json.member("riskId", issue.riskID?.wire)
                json.member("escalation", fields.escalation.rawValue)
                json.member("escalationReason", issue.escalationReason)
                json.member("version", issue.version)
                json.member("createdAt", Timestamp.string(issue.createdAt))
                json.member("updatedAt", Timestamp.string(issue.updatedAt))
            },
        ]
    }
}

/// A project's issue log, every issue with the reader's permissions (the project's).
struct IssueListDTO: JSONWritable {
    var log: IssueLog
    var today: CalendarDate

    func write(to json: inout JSONText) {
        let held = log.held
        json.object { json in
            json.member("items", array: held.items.indices) { json, slot in
                IssueDTO(readable: ReadableIssue(issue: held.items[slot], project: log.project), today: today,
                         rendered: held.rendered[slot]).write(to: &json)
            }
            json.member("page", 1)
            json.member("perPage", max(held.items.count, 1))
            json.member("total", held.items.count)
        }
    }
}

/// What materialising a risk made: the risk, now closed as materialised, and the issue raised from it.
struct MaterialisationDTO: JSONWritable {
    var risk: RiskDTO
    var issue: IssueDTO

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("risk", object: risk.members)
            json.member("issue", object: issue.members)
        }
    }
}

/// The issues on an organisation's or the system's register, each with its project.
struct IssueRegisterDTO: JSONWritable {
    var page: Page<RegisteredIssue>
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", objects: page.items) { json, entry in
                IssueDTO.members(entry.issue, today, rendered: entry.rendered, &json)
                json.listedItemsProject(id: entry.issue.projectID, code: entry.projectCode, title: entry.projectTitle,
                                        leadOrganisationID: entry.leadOrganisationID, rendered: entry.renderedProject)
            }
            json.member("page", page.request.page)
            json.member("perPage", page.request.perPage)
            json.member("total", page.total)
        }
    }
}
