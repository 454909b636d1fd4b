import Foundation
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A project as the API sends it: its register fields (the free-text ones from
/// `ProjectFields.texts`), its version and what the person asking may do with it.
struct ProjectDTO: JSONWritable {
    /// The project with what the person asking may do with it.
    var readable: ReadableProject

    init(_ readable: ReadableProject) { self.readable = readable }

    func write(to json: inout JSONText) {
        let project = readable.project
        let fields = project.fields
        json.object { json in
            json.member("id", project.id.wire)
            json.member("code", project.code)
            json.member("title", fields.title)
            for text in ProjectFields.texts { json.member(text.key, fields[keyPath: text.field]) }
            json.member("leadOrganisationId", fields.leadOrganisationID.wire)
            json.member("partnerOrganisationIds", array: fields.partnerOrganisationIDs) { json, id in json.value(id.wire) }
            json.member("programmeId", fields.programmeID?.wire)
            json.member("themeIds", array: fields.themeIDs) { json, id in json.value(id.wire) }
            json.member("methodology", fields.methodology.rawValue)
            json.member("stageId", fields.stageID.wire)
            json.member("status", fields.status.rawValue)
            json.member("startDate", fields.startDate?.description)
            json.member("endDate", fields.endDate?.description)
            if let pence = fields.budgetPence { json.member("budgetPence", pence) }
            json.member("tags", array: fields.tags) { json, tag in json.value(tag) }
            json.member("visibility", fields.visibility.rawValue)
            json.member("version", project.version)
            json.member("createdAt", Timestamp.string(project.createdAt))
            json.member("updatedAt", Timestamp.string(project.updatedAt))
            json.member("permissions", object: { json in
                json.member("canEdit", readable.canEdit)
                json.member("canManage", readable.canManage)
                json.member("canDelete", readable.canDelete)
            })
        }
    }
}
