import Foundation
import Vapor
import WaymarkDomain
import WaymarkMarkup
import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// Every workflow, for every system role (in the lead organisation and another) and every team
/// role, done once through the HTML form and once through the API: both must reach the same
/// outcome, allowed, not found, refused with the same reason, or refused with the same field
/// errors. The pages and the API are adapters onto one workflow layer; this is what holds them
/// to it.
final class WorkflowAgreementTests: XCTestCase {
    /// What a response says happened, as the two channels can both say it.
    enum Outcome: Equatable, CustomStringConvertible {
        case allowed
        case notFound
        case refused(String)
        case invalid([String])
        case other(Int)

        var description: String {
            switch self {
            case .allowed: "allowed"
            case .notFound: "not found"
            case .refused(let reason): "refused: " + reason
            case .invalid(let messages): "invalid: " + messages.joined(separator: " | ")
            case .other(let status): "status \(status)"
            }
        }

        var kind: String { String(description.prefix { $0 != ":" }) }
    }

    static func apiOutcome(_ response: TestResponse) throws -> Outcome {
        switch response.status.code {
        case 200, 201, 204: return .allowed
        case 404: return .notFound
        case 403: return .refused(try response.json(Problem.self).detail)
        case 422: return .invalid((try response.json(Problem.self).errors ?? []).map(\.message).sorted())
        default: return .other(Int(response.status.code))
        }
    }

    /// Whether the page says what the API said: the same kind of outcome, and the API's reason
    /// or every one of its field messages written on the page.
    static func agrees(page: TestResponse, with api: Outcome) -> Bool {
        let pageKind: String = switch page.status.code {
        case 200, 303: "allowed"
        case 404: "not found"
        case 403: "refused"
        case 422: "invalid"
        default: "status \(page.status.code)"
        }
        guard pageKind == api.kind else { return false }
        switch api {
        case .refused(let reason): return page.body.contains(HTMLEscaping.escape(reason))
        case .invalid(let messages): return messages.allSatisfy { page.body.contains(HTMLEscaping.escape($0)) }
        default: return true
        }
    }

    func testTheFormAndTheAPIReachTheSameOutcomeForEveryRole() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let references = try await store.referenceData()
            let stage = references.stages[0].id
            let newcomer = world.person("viewer-lead")
            var seen: [String: Int] = [:]
            var serial = 0

            for role in SystemRole.allCases {
                for home in [world.lead, world.other] {
                    for teamRole in [TeamRole?.none] + TeamRole.allCases.map(Optional.some) {
                        let name = "\(role.rawValue)-\(home.code.lowercased())-\(teamRole?.rawValue ?? "none")"
                        let person = try await store.createPerson(
                            PersonFields(name: name, email: "\(name)@agree.example", role: role, organisationID: home.id, password: nil),
                            passwordHash: World.passwordHash, by: .system)
                        let browser = server.client()
                        try await browser.signIn(person.email)
                        let csrf = try await browser.get(SiteURL.tokens.path).csrfToken
                        let api = server.client()
                        api.bearer = try await apiToken(server, person.email)

                        // Two identical projects, one for each channel: each action finds both alike.
                        func project() async throws -> Project {
                            try await store.createProject(
                                ProjectFields(title: "Agreement", leadOrganisationID: world.lead.id,
                                              partnerOrganisationIDs: [world.partner.id], methodology: .project, stageID: stage,
                                              visibility: .organisation),
                                references: references, team: teamRole.map { [(person.id, $0)] } ?? [], by: .system)
                        }
                        let onPage = try await project()
                        let onAPI = try await project()
                        // Each project has a risk on its register, for the risk actions.
                        let rating = RiskRating(likelihood: .possible, consequence: .major)
                        for project in [onPage, onAPI] {
                            _ = try await store.createRisk(projectID: project.id, fields: RiskFields(
                                title: "Agreement risk", ownerID: person.id, inherent: rating, current: rating, target: rating,
                                reviewDate: CalendarDate("2027-01-15")), settings: .nhsDefault, by: .system)
                        }
                        func risk(_ project: Project) async throws -> Risk { try await store.risks(ofProject: project.id)[0] }
                        // And an issue on its log, for the issue actions.
                        for project in [onPage, onAPI] {
                            _ = try await store.createIssue(projectID: project.id, fields: IssueFields(
                                title: "Agreement issue", ownerID: person.id, raisedOn: CalendarDate("2026-09-01")!), by: .system)
                        }
                        func issue(_ project: Project) async throws -> Issue { try await store.issues(ofProject: project.id)[0] }
                        let issueForm: [(String, String)] = [
                            ("title", "Logged by \(name)"), ("description", "What happened"), ("priority", "high"),
                            ("ownerId", person.id.lowercasedText), ("raisedOn", "2026-09-10"), ("targetDate", "2026-10-01"),
                            ("status", "open"), ("resolution", ""),
                        ]
                        func issueBody(_ pairs: [(String, String)]) -> [String: Any] {
                            // The API takes null, not "", for an empty member; an empty form field is left out.
                            Dictionary(uniqueKeysWithValues: pairs.filter { !$0.1.isEmpty }.map { ($0.0, $0.1 as Any) })
                        }
                        let riskForm: [(String, String)] = [
                            ("title", "Recorded by \(name)"), ("ownerId", person.id.lowercasedText), ("inherentLikelihood", "4"),
                            ("inherentConsequence", "4"), ("currentLikelihood", "3"), ("currentConsequence", "4"), ("targetLikelihood", "2"),
                            ("targetConsequence", "3"), ("response", "treat"), ("reviewDate", "2027-01-15"), ("status", "open"),
                        ]
                        func riskBody(_ pairs: [(String, String)]) -> [String: Any] {
                            Dictionary(uniqueKeysWithValues: pairs.map { key, value in (key, key.hasSuffix("hood") || key.hasSuffix("quence") ? Int(value)! as Any : value) })
                        }
                        func replacing(_ pairs: [(String, String)], _ name: String, _ value: String) -> [(String, String)] {
                            pairs.map { $0.0 == name ? (name, value) : $0 }
                        }
                        func version(_ project: Project) async throws -> String {
                            String(try await store.project(project.id)?.version ?? 0)
                        }
                        func check(_ action: String, page: (Project) async throws -> TestResponse,
                                   api call: (Project) async throws -> TestResponse) async throws {
                            let pageResponse = try await page(onPage)
                            let apiOutcome = try Self.apiOutcome(try await call(onAPI))
                            XCTAssertTrue(Self.agrees(page: pageResponse, with: apiOutcome),
                                          "[\(database)] \(name) \(action): the API said \(apiOutcome), the page answered \(pageResponse.status.code): \(pageResponse.body.prefix(3_000))")
                            seen[apiOutcome.kind, default: 0] += 1
                        }
                        func editForm(_ project: Project, _ change: (inout [(String, String)]) -> Void) async throws -> TestResponse {
                            let fields = project.fields
                            var pairs: [(String, String)] = [
                                ("title", fields.title), ("summary", fields.summary), ("leadOrganisationId", fields.leadOrganisationID.lowercasedText),
                                ("methodology", fields.methodology.rawValue), ("stageId", fields.stageID.lowercasedText),
                                ("partnerOrganisationIds", world.partner.id.lowercasedText), ("version", try await version(project)),
                            ]
                            change(&pairs)
                            return try await browser.post(SiteURL.editProject(.value(project.id)).path, pairs, csrf: csrf)
                        }
                        func set(_ name: String, _ value: String) -> (inout [(String, String)]) -> Void {
                            { pairs in pairs.removeAll { $0.0 == name }; pairs.append((name, value)) }
                        }
                        func patch(_ project: Project, _ body: [String: Any]) async throws -> TestResponse {
                            var body = body
                            body["version"] = Int(try await version(project))
                            return try await api.json(.PATCH, APIRoute.project(.value(project.id)).path, body)
                        }

                        try await check("read", page: { try await browser.get(SiteURL.project(.value($0.id)).path) },
                                        api: { try await api.get(APIRoute.project(.value($0.id)).path) })
                        try await check("edit the title", page: { try await editForm($0, set("title", "Renamed on the page")) },
                                        api: { try await patch($0, ["title": "Renamed in the API"]) })
                        try await check("blank the title", page: { try await editForm($0, set("title", " ")) },
                                        api: { try await patch($0, ["title": " "]) })
                        try await check("widen visibility", page: { try await editForm($0, set("visibility", "system")) },
                                        api: { try await patch($0, ["visibility": "system"]) })
                        try await check("hand to another organisation", page: { try await editForm($0, set("leadOrganisationId", world.other.id.lowercasedText)) },
                                        api: { try await patch($0, ["leadOrganisationId": world.other.id.lowercasedText]) })
                        try await check("put on hold", page: {
                            try await browser.post(SiteURL.projectStatus(.value($0.id)).path,
                                                   [("status", "on-hold"), ("version", try await version($0))], csrf: csrf)
                        }, api: { try await patch($0, ["status": "on-hold"]) })
                        try await check("add to the team", page: {
                            try await browser.post(SiteURL.projectTeam(.value($0.id)).path, [("personId", newcomer.id.lowercasedText), ("role", "observer")], csrf: csrf)
                        }, api: { try await api.json(.PUT, APIRoute.projectTeamMember(.value($0.id), .value(newcomer.id)).path, ["role": "observer"]) })
                        try await check("add with an unknown team role", page: {
                            try await browser.post(SiteURL.projectTeam(.value($0.id)).path, [("personId", newcomer.id.lowercasedText), ("role", "chief")], csrf: csrf)
                        }, api: { try await api.json(.PUT, APIRoute.projectTeamMember(.value($0.id), .value(newcomer.id)).path, ["role": "chief"]) })
                        try await check("remove from the team", page: {
                            try await browser.post(SiteURL.removeTeamMember(.value($0.id), .value(newcomer.id)).path, [], csrf: csrf)
                        }, api: { try await api.request(.DELETE, APIRoute.projectTeamMember(.value($0.id), .value(newcomer.id)).path) })
                        try await check("record a risk", page: {
                            try await browser.post(SiteURL.projectRisks(.value($0.id)).path, riskForm, csrf: csrf)
                        }, api: { try await api.json(.POST, APIRoute.projectRisks(.value($0.id)).path, riskBody(riskForm)) })
                        try await check("record a risk with a likelihood of 6", page: {
                            try await browser.post(SiteURL.projectRisks(.value($0.id)).path, replacing(riskForm, "currentLikelihood", "6"), csrf: csrf)
                        }, api: { try await api.json(.POST, APIRoute.projectRisks(.value($0.id)).path,
                                                     riskBody(replacing(riskForm, "currentLikelihood", "6"))) })
                        try await check("raise a risk's score", page: {
                            let current = try await risk($0)
                            return try await browser.post(SiteURL.editRisk(.value(current.id)).path,
                                                          replacing(riskForm, "currentLikelihood", "5") + [("version", String(current.version))], csrf: csrf)
                        }, api: {
                            let current = try await risk($0)
                            return try await api.json(.PATCH, APIRoute.risk(.value(current.id)).path,
                                                      ["currentLikelihood": 5, "version": current.version])
                        })
                        try await check("log an issue", page: {
                            try await browser.post(SiteURL.projectIssues(.value($0.id)).path, issueForm, csrf: csrf)
                        }, api: { try await api.json(.POST, APIRoute.projectIssues(.value($0.id)).path, issueBody(issueForm)) })
                        try await check("log an issue due before it was raised", page: {
                            try await browser.post(SiteURL.projectIssues(.value($0.id)).path, replacing(issueForm, "targetDate", "2026-09-01"),
                                                   csrf: csrf)
                        }, api: { try await api.json(.POST, APIRoute.projectIssues(.value($0.id)).path,
                                                     issueBody(replacing(issueForm, "targetDate", "2026-09-01"))) })
                        try await check("escalate an issue", page: {
                            let current = try await issue($0)
                            return try await browser.post(SiteURL.escalateIssue(.value(current.id)).path,
                                                          [("level", "system"), ("reason", "Every partner"), ("version", String(current.version))],
                                                          csrf: csrf)
                        }, api: {
                            let current = try await issue($0)
                            return try await api.json(.POST, APIRoute.issueEscalation(.value(current.id)).path,
                                                      ["level": "system", "reason": "Every partner", "version": current.version])
                        })
                        try await check("materialise a risk", page: {
                            let current = try await risk($0)
                            return try await browser.post(SiteURL.materialiseRisk(.value(current.id)).path, [("version", String(current.version))],
                                                          csrf: csrf)
                        }, api: {
                            let current = try await risk($0)
                            return try await api.json(.POST, APIRoute.riskMaterialisation(.value(current.id)).path, ["version": current.version])
                        })
                        let milestoneForm: [(String, String)] = [
                            ("title", "Planned by \(name)"), ("forecastDate", "2026-12-01"), ("status", "on-track"), ("key", "true"),
                        ]
                        try await check("add a milestone", page: {
                            try await browser.post(SiteURL.projectPlan(.value($0.id)).path, milestoneForm, csrf: csrf)
                        }, api: { try await api.json(.POST, APIRoute.projectMilestones(.value($0.id)).path,
                                                     ["title": "Planned by \(name)", "forecastDate": "2026-12-01", "status": "on-track", "key": true]) })
                        try await check("add a milestone achieved in the future", page: {
                            try await browser.post(SiteURL.projectPlan(.value($0.id)).path,
                                                   replacing(milestoneForm, "status", "complete") + [("actualDate", "2027-01-01")], csrf: csrf)
                        }, api: { try await api.json(.POST, APIRoute.projectMilestones(.value($0.id)).path,
                                                     ["title": "Planned by \(name)", "forecastDate": "2026-12-01", "status": "complete",
                                                      "actualDate": "2027-01-01"]) })
                        try await check("baseline the plan", page: {
                            try await browser.post(SiteURL.baselinePlan(.value($0.id)).path, [("reason", "Approved")], csrf: csrf)
                        }, api: { try await api.json(.POST, APIRoute.projectBaselines(.value($0.id)).path, ["reason": "Approved"]) })
                        try await check("delete an issue", page: {
                            try await browser.post(SiteURL.deleteIssue(.value(try await issue($0).id)).path, [], csrf: csrf)
                        }, api: { try await api.request(.DELETE, APIRoute.issue(.value(try await issue($0).id)).path) })
                        try await check("delete a risk", page: {
                            try await browser.post(SiteURL.deleteRisk(.value(try await risk($0).id)).path, [], csrf: csrf)
                        }, api: { try await api.request(.DELETE, APIRoute.risk(.value(try await risk($0).id)).path) })
                        try await check("delete", page: { try await browser.post(SiteURL.deleteProject(.value($0.id)).path, [], csrf: csrf) },
                                        api: { try await api.request(.DELETE, APIRoute.project(.value($0.id)).path) })
                        let create: [(String, String)] = [
                            ("title", "Created by \(name)"), ("leadOrganisationId", world.lead.id.lowercasedText),
                            ("methodology", "project"), ("stageId", stage.lowercasedText), ("visibility", "organisation"),
                        ]
                        try await check("create a project led by the lead organisation", page: { _ in
                            try await browser.post(SiteURL.projects.path, create, csrf: csrf)
                        }, api: { _ in try await api.json(.POST, APIRoute.projects.path, Dictionary(uniqueKeysWithValues: create)) })

                        // Accounts, organisations and structure do not depend on a team role.
                        guard teamRole == nil else { continue }
                        func account(_ role: SystemRole, organisation: Organisation) -> [(String, String)] {
                            serial += 1
                            return [("name", "Account \(serial)"), ("email", "account-\(serial)@agree.example"), ("role", role.rawValue),
                                    ("organisationId", organisation.id.lowercasedText), ("password", "a long enough password")]
                        }
                        for (label, grant, organisation) in [("add a member to the lead organisation", SystemRole.member, world.lead),
                                                             ("add an administrator", .admin, home),
                                                             ("add a member to another organisation", .member, world.partner)] {
                            try await check(label, page: { _ in try await browser.post(SiteURL.people.path, account(grant, organisation: organisation), csrf: csrf) },
                                            api: { _ in try await api.json(.POST, APIRoute.people.path,
                                                                           Dictionary(uniqueKeysWithValues: account(grant, organisation: organisation))) })
                        }
                        let colleague = world.person("member-lead")
                        try await check("rename a member of the lead organisation", page: { _ in
                            let current = try await store.person(colleague.id)!
                            return try await browser.post(SiteURL.editPerson(.value(colleague.id)).path,
                                                          [("name", "Renamed \(name)"), ("email", current.email), ("role", current.role.rawValue),
                                                           ("organisationId", current.organisationID.lowercasedText), ("version", String(current.version))],
                                                          csrf: csrf)
                        }, api: { _ in
                            let current = try await store.person(colleague.id)!
                            return try await api.json(.PATCH, APIRoute.person(.value(colleague.id)).path,
                                                      ["name": "Renamed by API \(name)", "version": current.version])
                        })
                        try await check("deactivate one's own account", page: { _ in
                            let current = try await store.person(person.id)!
                            return try await browser.post(SiteURL.personActive(.value(person.id)).path,
                                                          [("active", "false"), ("version", String(current.version))], csrf: csrf)
                        }, api: { _ in
                            let current = try await store.person(person.id)!
                            return try await api.json(.PATCH, APIRoute.person(.value(person.id)).path, ["active": false, "version": current.version])
                        })
                        func organisation() -> [(String, String)] {
                            serial += 1
                            return [("name", "Organisation \(serial)"), ("code", "AGREE-\(serial)"), ("codeKind", "local"), ("kind", "voluntary")]
                        }
                        try await check("add an organisation", page: { _ in try await browser.post(SiteURL.organisations.path, organisation(), csrf: csrf) },
                                        api: { _ in try await api.json(.POST, APIRoute.organisations.path, Dictionary(uniqueKeysWithValues: organisation())) })
                        try await check("add a strategic theme", page: { _ in
                            try await browser.post(SiteURL.themes.path, [("name", "Theme by \(name)"), ("description", "")], csrf: csrf)
                        }, api: { _ in try await api.json(.POST, APIRoute.themes.path, ["name": "Theme by API \(name)", "description": ""]) })
                        try await check("add a nameless strategic theme", page: { _ in
                            try await browser.post(SiteURL.themes.path, [("name", ""), ("description", "")], csrf: csrf)
                        }, api: { _ in try await api.json(.POST, APIRoute.themes.path, ["name": " ", "description": ""]) })
                    }
                }
            }
            // The table reaches every kind of outcome, so agreeing is not agreeing on one answer.
            for kind in ["allowed", "not found", "refused", "invalid"] {
                XCTAssertGreaterThan(seen[kind] ?? 0, 10, "[\(database)] \(kind): \(seen)")
            }
            XCTAssertNil(seen.keys.first { $0.hasPrefix("status") }, "[\(database)] \(seen)")
        }
    }
}
