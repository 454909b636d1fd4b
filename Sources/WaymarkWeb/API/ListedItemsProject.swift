import Foundation
import WaymarkDomain

extension JSONText {
    /// The `project` member of an item listed across projects (a risk or issue on an organisation's
    /// or the system's register, a milestone on the portfolio timeline), written once for each
    /// portfolio index entry (`PortfolioIndex.Entry.renderedAsListedItemsProject`) when there is one.
    mutating func listedItemsProject(id: UUID, code: String, title: String, leadOrganisationID: UUID, rendered: Memo<[UInt8]>?) {
        func write(_ json: inout JSONText) {
            json.member("id", id.wire)
            json.member("code", code)
            json.member("title", title)
            json.member("leadOrganisationId", leadOrganisationID.wire)
        }
        guard let rendered else { return member("project", object: write) }
        member("project", raw: rendered.value {
            var written = JSONText(capacity: 160)
            written.object(write)
            return written.bytes
        })
    }
}
