import Vapor
import WaymarkDomain
import WaymarkStore

/// The home page: the portfolio dashboard of the person signed in.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.home.pathComponents, use: dashboard)
    }

    func dashboard(request: Request) async throws -> Response {
        let signedIn = try request.requireSignedIn()
        let scope = try DashboardScope.parse(request.queryData)
        async let dashboard = request.dashboard.dashboard(scope: scope, today: request.today, by: signedIn.acting)
        async let reminders = request.status.reminders(today: request.today, by: signedIn.acting)
        return HTMLResponse.make(DashboardPage(signedIn: signedIn, dashboard: try await dashboard, reminders: try await reminders,
                                               canFollowReporting: AccessPolicy.canFollowReporting(signedIn.actor)).render())
    }
}

extension DashboardScope {
    /// `scope`, once, all or mine; nil when not given (the person's default).
    static func parse(_ data: FormData) throws -> DashboardScope? {
        let values = data.all("scope")
        guard let text = values.first else { return nil }
        guard values.count == 1, let scope = DashboardScope(rawValue: text) else {
            throw ValidationFailure("scope", "scope must be all (every project you can see) or mine (projects whose team you are on), once")
        }
        return scope
    }
}

/// The dashboard as the API sends it: the same figures the home page shows.
struct DashboardAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIRoute.dashboard.components) { request in
            let acting = try request.acting
            let dashboard = try await request.dashboard.dashboard(scope: try DashboardScope.parse(request.queryData), today: request.today, by: acting)
            // Written once while the dashboard is kept: a region's whole-system dashboard lists
            // thousands of exceptions and overdue updates, and was written anew for every request.
            return Response.json(buffer: await dashboard.writings.value("api") { ByteBuffer(bytes: JSONText.encode(DashboardDTO(dashboard: dashboard))) })
        }
    }
}

struct DashboardDTO: JSONWritable {
    var dashboard: PortfolioDashboard

    func write(to json: inout JSONText) {
        json.object { json in writeMembers(to: &json) }
    }

    func writeMembers(to json: inout JSONText) {
        let dashboard = self.dashboard
        json.member("scope", dashboard.scope.rawValue)
        json.member("period", dashboard.period.key)
        json.member("periodLabel", dashboard.period.label)
        json.member("due", dashboard.due.description)
        json.member("projects", dashboard.projectCount)
        json.member("submitted", dashboard.submitted)
        json.member("expected", dashboard.expected)
        json.member("charts", array: dashboard.charts) { json, chart in
            json.object { json in
                json.member("facet", chart.facet.rawValue)
                json.member("parameter", chart.facet.parameter)
                json.member("bars", array: chart.bars) { json, bar in
                    json.object { json in
                        json.member("key", bar.key)
                        json.member("label", bar.label)
                        json.member("count", bar.count)
                    }
                }
            }
        }
        json.member("movement", object: { json in
            for movement in [RAGMovement.improved, .worsened, .unchanged, .new] {
                json.member(movement.rawValue, dashboard.movement[movement] ?? 0)
            }
        })
        json.member("exceptions", array: dashboard.exceptions) { json, exception in
            json.object { json in
                json.member("projectId", exception.project.id.wire)
                json.member("projectCode", exception.project.code)
                json.member("projectTitle", exception.project.title)
                json.member("period", exception.delivery.period.key)
                json.member("overall", exception.delivery.overall.rawValue)
                json.member("previous", nullable: exception.delivery.previous?.rawValue)
                json.member("movement", exception.delivery.movement.rawValue)
            }
        }
        json.member("overdue", array: dashboard.overdue) { json, line in ReportingOverviewDTO.write(line, to: &json) }
        json.member("gatesWaiting", array: dashboard.gatesWaiting) { json, waiting in
            json.object { json in GatesAPI.writeWaiting(waiting.review, waiting.project, to: &json) }
        }
        json.member("topRisks", array: dashboard.topRisks.items) { json, item in
            json.object { json in
                json.member("id", item.risk.id.wire)
                json.member("reference", item.risk.reference)
                json.member("title", item.risk.fields.title)
                json.member("projectId", item.risk.projectID.wire)
                json.member("projectCode", item.projectCode)
                json.member("score", item.risk.fields.current.score)
                json.member("band", item.risk.currentBand)
            }
        }
        json.member("topRisksTotal", dashboard.topRisks.total)
        json.member("milestones", array: dashboard.milestones.items) { json, item in
            json.object { json in
                json.member("id", item.milestone.id.wire)
                json.member("reference", item.milestone.reference)
                json.member("title", item.milestone.fields.title)
                json.member("projectId", item.milestone.projectID.wire)
                json.member("projectCode", item.projectCode)
                json.member("forecastDate", item.milestone.fields.forecastDate.description)
                json.member("slippageDays", integer: item.milestone.slippageDays)
            }
        }
        json.member("milestonesTotal", dashboard.milestones.total)
        json.member("dependencies", array: dashboard.dependencies.items) { json, item in
            json.object { json in
                json.member("id", item.dependency.id.wire)
                json.member("reference", item.dependency.reference)
                json.member("title", item.dependency.fields.title)
                json.member("projectId", nullable: item.dependent.projectID?.wire)
                json.member("providerProjectId", nullable: item.provider?.projectID?.wire)
                json.member("neededBy", item.dependency.fields.neededBy.description)
                json.member("status", item.dependency.fields.status.rawValue)
            }
        }
        json.member("dependenciesTotal", dashboard.dependencies.total)
        json.member("benefits", array: dashboard.benefits) { json, total in
            json.object { json in
                json.member("year", total.year.label)
                json.member("planned", number: total.planned)
                json.member("realised", number: total.realised)
            }
        }
        json.member("dataQuality", array: dashboard.quality) { json, flag in
            json.object { json in
                json.member("check", flag.check.rawValue)
                json.member("projects", flag.projects.count)
                json.member("items", flag.items)
                json.member("projectIds", array: flag.projects) { json, item in json.value(item.project.id.wire) }
            }
        }
    }
}
