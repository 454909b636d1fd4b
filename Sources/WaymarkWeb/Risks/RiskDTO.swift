import Foundation
import Vapor
import WaymarkDomain
import WaymarkWorkflows

/// A risk as the API sends it: the fields a body sends (the ratings as likelihood and
/// consequence), each rating's score and the band it was given, and what the reader may do.
struct RiskDTO: JSONWritable {
    var readable: ReadableRisk
    var settings: RiskSettings
    var today: CalendarDate
    /// Where the risk's own members are kept once written, when it is held in memory.
    var rendered: Memo<[[UInt8]]>? = nil

    func write(to json: inout JSONText) {
        json.object { members(&$0) }
    }

    /// The object's members, with the reader's permissions.
    func members(_ json: inout JSONText) {
        Self.members(readable.risk, settings, today, rendered: rendered, &json)
        json.member("permissions", object: { json in
            json.member("canEdit", readable.canEdit)
            json.member("canDelete", readable.canDelete)
        })
    }

    /// The members of each of the three ratings, made once rather than for every risk written.
    private static let ratingKeys = ["inherent", "current", "target"].map {
        (likelihood: $0 + "Likelihood", consequence: $0 + "Consequence", score: $0 + "Score", band: $0 + "Band")
    }

    /// The members every answer about a risk has. The risk's own fields are written once and kept
    /// in `rendered` when there is one, in three runs between the members that depend on the day
    /// and the settings.
    static func members(_ risk: Risk, _ settings: RiskSettings, _ today: CalendarDate, rendered: Memo<[[UInt8]]>? = nil,
                        _ json: inout JSONText) {
        let written = rendered.value { fields(risk) }
        json.members(written[0])
        json.member("reviewOverdue", risk.fields.isReviewOverdue(today: today))
        json.members(written[1])
        json.member("escalationCandidate", settings.isEscalationCandidate(risk.fields))
        json.members(written[2])
    }

    /// The members that are the same for every reader on every day, in three runs.
    private static func fields(_ risk: Risk) -> [[UInt8]] {
        let fields = risk.fields
        return [
            JSONText.fragment { json in
                json.member("id", risk.id.wire)
                json.member("projectId", risk.projectID.wire)
                json.member("reference", risk.reference)
                json.member("title", fields.title)
                json.member("cause", fields.cause)
                json.member("event", fields.event)
                json.member("effect", fields.effect)
                json.member("categoryId", fields.categoryID?.wire)
                json.member("ownerId", fields.ownerID?.wire)
                for (keys, rating, band) in [(ratingKeys[0], fields.inherent, risk.inherentBand),
                                             (ratingKeys[1], fields.current, risk.currentBand),
                                             (ratingKeys[2], fields.target, risk.targetBand)] {
                    json.member(keys.likelihood, rating.likelihood.rawValue)
                    json.member(keys.consequence, rating.consequence.rawValue)
                    json.member(keys.score, rating.score)
                    json.member(keys.band, band)
                }
                json.member("response", fields.response.rawValue)
                json.member("proximity", fields.proximity?.description)
                json.member("reviewDate", fields.reviewDate?.description)
            },
            JSONText.fragment { json in
                json.member("status", fields.status.rawValue)
                json.member("escalation", fields.escalation.rawValue)
                json.member("escalationReason", risk.escalationReason)
            },
            JSONText.fragment { json in
                json.member("version", risk.version)
                json.member("createdAt", Timestamp.string(risk.createdAt))
                json.member("updatedAt", Timestamp.string(risk.updatedAt))
            },
        ]
    }
}

/// The risks on an organisation's or the system's register, each with its project.
struct RiskRegisterDTO: JSONWritable {
    var listing: RiskRegisterListing
    var settings: RiskSettings
    var today: CalendarDate

    func write(to json: inout JSONText) {
        // Each risk is written once a day for every reader while the index stands (`written`).
        let items = listing.written(today: today) { entry in
            var written = JSONText(capacity: 1_024)
            written.object { json in
                RiskDTO.members(entry.risk, settings, today, rendered: entry.rendered, &json)
                json.listedItemsProject(id: entry.risk.projectID, code: entry.projectCode, title: entry.projectTitle,
                                        leadOrganisationID: entry.leadOrganisationID, rendered: entry.renderedProject)
            }
            return written.bytes
        }
        json.object { json in
            json.member("items", array: items) { json, item in json.raw(item) }
            json.member("page", listing.request.page)
            json.member("perPage", listing.request.perPage)
            json.member("total", listing.total)
        }
    }
}

/// A project's risk register, every risk with the reader's permissions (the project's).
struct RiskListDTO: JSONWritable {
    var register: RiskRegister
    var today: CalendarDate

    func write(to json: inout JSONText) {
        let held = register.held
        json.object { json in
            json.member("items", array: held.items.indices) { json, slot in
                RiskDTO(readable: ReadableRisk(risk: held.items[slot], project: register.project), settings: register.settings,
                        today: today, rendered: held.rendered[slot]).write(to: &json)
            }
            json.member("page", 1)
            json.member("perPage", max(held.items.count, 1))
            json.member("total", held.items.count)
        }
    }
}

struct RiskCategoryDTO: Content {
    var id: WireID
    var name: String
    var position: Int
    var status: String
    var version: Int

    init(_ category: RiskCategory) {
        id = category.id.wire
        name = category.name
        position = category.position
        status = category.fields.status.rawValue
        version = category.version
    }
}

/// The band table and escalation threshold, as the API sends them.
struct RiskSettingsDTO: Content {
    struct Band: Content {
        var name: String
        var lowestScore: Int
        var colour: String
        /// The scores of the 5x5 matrix that fall in the band.
        var scores: [Int]
    }

    var bands: [Band]
    var escalationThreshold: Int
    var version: Int

    init(_ settings: RiskSettings, version: Int) {
        bands = settings.bands.bands.map {
            Band(name: $0.name, lowestScore: $0.lowestScore, colour: $0.colour, scores: settings.bands.scores(of: $0))
        }
        escalationThreshold = settings.escalationThreshold
        self.version = version
    }
}
