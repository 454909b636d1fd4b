import Foundation
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A milestone as the API sends it: the fields a body sends, the baseline date, the derived
/// slippage and overdue flag, and what the reader may do.
struct MilestoneDTO: JSONWritable {
    var readable: ReadableMilestone
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            Self.members(readable.milestone, today, &json)
            json.member("permissions", object: { json in
                json.member("canEdit", readable.canEdit)
                json.member("canDelete", readable.canDelete)
            })
        }
    }

    /// The members every answer about a milestone has. The milestone's own fields are written once
    /// and kept in `rendered` when there is one, in two runs either side of whether it is overdue.
    static func members(_ milestone: Milestone, _ today: CalendarDate, rendered: Memo<[[UInt8]]>? = nil, _ json: inout JSONText) {
        let written = rendered.value { fields(milestone) }
        json.members(written[0])
        json.member("overdue", milestone.isOverdue(today: today))
        json.members(written[1])
    }

    /// The members that are the same for every reader on every day, in two runs.
    private static func fields(_ milestone: Milestone) -> [[UInt8]] {
        let fields = milestone.fields
        return [
            JSONText.fragment { json in
                json.member("id", milestone.id.wire)
                json.member("projectId", milestone.projectID.wire)
                json.member("reference", milestone.reference)
                json.member("title", fields.title)
                json.member("ownerId", fields.ownerID?.wire)
                json.member("baselineDate", milestone.baselineDate?.description)
                json.member("forecastDate", fields.forecastDate.description)
                json.member("actualDate", fields.actualDate?.description)
                if let slippage = milestone.slippageDays { json.member("slippageDays", slippage) } else { json.member("slippageDays", nil as String?) }
            },
            JSONText.fragment { json in
                json.member("status", fields.status.rawValue)
                json.member("stageId", fields.stageID?.wire)
                json.member("notes", fields.notes)
                json.member("key", fields.isKey)
                json.member("version", milestone.version)
                json.member("createdAt", Timestamp.string(milestone.createdAt))
                json.member("updatedAt", Timestamp.string(milestone.updatedAt))
            },
        ]
    }
}

struct MilestoneListDTO: JSONWritable {
    var milestones: [ReadableMilestone]
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: milestones) { json, milestone in MilestoneDTO(readable: milestone, today: today).write(to: &json) }
            json.member("page", 1)
            json.member("perPage", max(milestones.count, 1))
            json.member("total", milestones.count)
        }
    }
}

struct BaselineDTO: JSONWritable {
    var baseline: PlanBaseline

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("id", baseline.id.wire)
            json.member("projectId", baseline.projectID.wire)
            json.member("number", baseline.number)
            json.member("reason", baseline.reason)
            json.member("actorName", baseline.actorName)
            json.member("createdAt", Timestamp.string(baseline.createdAt))
            json.member("milestones", array: baseline.entries) { json, entry in
                json.object { json in
                    json.member("milestoneId", entry.milestoneID.wire)
                    json.member("reference", entry.reference)
                    json.member("title", entry.title)
                    json.member("baselineDate", entry.date.description)
                }
            }
        }
    }
}

struct BaselineListDTO: JSONWritable {
    var baselines: [PlanBaseline]

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: baselines) { json, baseline in BaselineDTO(baseline: baseline).write(to: &json) }
            json.member("page", 1)
            json.member("perPage", max(baselines.count, 1))
            json.member("total", baselines.count)
        }
    }
}

/// The portfolio's key milestones in a window, each with its project.
struct TimelineDTO: JSONWritable {
    var page: Page<ScheduledMilestone>
    var window: MilestoneWindow
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("windowDays", window.days)
            json.member("items", objects: page.items) { json, item in
                MilestoneDTO.members(item.milestone, today, rendered: item.rendered, &json)
                json.listedItemsProject(id: item.milestone.projectID, code: item.projectCode, title: item.projectTitle,
                                        leadOrganisationID: item.leadOrganisationID, rendered: item.renderedProject)
            }
            json.member("page", page.request.page)
            json.member("perPage", page.request.perPage)
            json.member("total", page.total)
        }
    }
}
