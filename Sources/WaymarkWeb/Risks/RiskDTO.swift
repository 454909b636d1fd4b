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

    func write(to json: inout JSONText) {
        json.object { members(&$0) }
    }

    /// The object's members, with the reader's permissions.
    func members(_ json: inout JSONText) {
        Self.members(readable.risk, settings, today, &json)
        json.member("permissions", object: { json in
            json.member("canEdit", readable.canEdit)
            json.member("canDelete", readable.canDelete)
        })
    }

    /// The members of each of the three ratings, made once rather than for every risk written.
    private static let ratingKeys = ["inherent", "current", "target"].map {
        (likelihood: $0 + "Likelihood", consequence: $0 + "Consequence", score: $0 + "Score", band: $0 + "Band")
    }

    /// The members every answer about a risk has.
    static func members(_ risk: Risk, _ settings: RiskSettings, _ today: CalendarDate, _ json: inout JSONText) {
        let fields = risk.fields
        json.member("id", risk.id.wire)
        json.member("projectId", risk.projectID.wire)
        json.member("reference", risk.reference)
        json.member("title", fields.title)
        json.member("cause", fields.cause)
        json.member("event", fields.event)
        json.member("effect", fields.effect)
        json.member("categoryId", fields.categoryID?.wire)
        json.member("ownerId", fields.ownerID?.wire)
        for (keys, rating, band) in [(ratingKeys[0], fields.inherent, risk.inherentBand), (ratingKeys[1], fields.current, risk.currentBand),
                                     (ratingKeys[2], fields.target, risk.targetBand)] {
            json.member(keys.likelihood, rating.likelihood.rawValue)
            json.member(keys.consequence, rating.consequence.rawValue)
            json.member(keys.score, rating.score)
            json.member(keys.band, band)
        }
        json.member("response", fields.response.rawValue)
        json.member("proximity", fields.proximity?.description)
        json.member("reviewDate", fields.reviewDate?.description)
        json.member("reviewOverdue", fields.isReviewOverdue(today: today))
        json.member("status", fields.status.rawValue)
        json.member("escalation", fields.escalation.rawValue)
        json.member("escalationReason", risk.escalationReason)
        json.member("escalationCandidate", settings.isEscalationCandidate(fields))
        json.member("version", risk.version)
        json.member("createdAt", Timestamp.string(risk.createdAt))
        json.member("updatedAt", Timestamp.string(risk.updatedAt))
    }
}

/// The risks on an organisation's or the system's register, each with its project.
struct RiskRegisterDTO: JSONWritable {
    var page: Page<RegisteredRisk>
    var settings: RiskSettings
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: page.items) { json, entry in
                json.object { json in
                    RiskDTO.members(entry.risk, settings, today, &json)
                    json.member("project", object: { json in
                        json.member("id", entry.risk.projectID.wire)
                        json.member("code", entry.projectCode)
                        json.member("title", entry.projectTitle)
                        json.member("leadOrganisationId", entry.leadOrganisationID.wire)
                    })
                }
            }
            json.member("page", page.request.page)
            json.member("perPage", page.request.perPage)
            json.member("total", page.total)
        }
    }
}

struct RiskListDTO: JSONWritable {
    var risks: [ReadableRisk]
    var settings: RiskSettings
    var today: CalendarDate

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: risks) { json, risk in RiskDTO(readable: risk, settings: settings, today: today).write(to: &json) }
            json.member("page", 1)
            json.member("perPage", max(risks.count, 1))
            json.member("total", risks.count)
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
