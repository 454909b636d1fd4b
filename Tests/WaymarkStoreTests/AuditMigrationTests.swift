import FluentKit
import Foundation
import SQLKit
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

/// Events recorded before M011 (English sentences, labels and displayed values) become codes,
/// keys and stored values, on both databases; and the migration reverts.
final class AuditMigrationTests: XCTestCase {
    func testOldEventsBecomeCodesKeysAndStoredValues() async throws {
        try await forEachDatabase { app, database in
            let store = app.store
            let world = try await World.build(store)
            let sql = app.db as! any SQLDatabase
            let migration = M011_AuditEventsKeepKeys()
            try await migration.revert(on: app.db)
            try await sql.raw("DELETE FROM audit_events").run()

            let project = world.projects[.organisation]!
            let person = world.person("viewer-partner")
            let stage = try await store.stages()[0]
            func old(_ sequence: Int, _ entityType: String, _ entityID: UUID, project: UUID?, _ action: String, _ summary: String,
                     _ changes: [[String: String?]]) async throws {
                let json = String(decoding: try JSONSerialization.data(withJSONObject: changes.map { $0.mapValues { $0 ?? NSNull() as Any } }),
                                  as: UTF8.self)
                try await sql.raw("""
                    INSERT INTO audit_events (id, occurred_at, sequence, actor_name, entity_type, entity_id, project_id, action, summary, changes)
                    VALUES (\(bind: UUID()), \(bind: Date()), \(bind: sequence), 'someone', \(bind: entityType), \(bind: entityID),
                            \(bind: project), \(bind: action), \(bind: summary), \(bind: json))
                    """).run()
            }
            try await old(1, "project", project.id, project: project.id, "create", "Created project RAA-0001 Virtual wards", [
                ["field": "Title", "old": nil, "new": "Virtual wards"],
                ["field": "Lead organisation", "old": nil, "new": "Lead Trust"],
                ["field": "Partner organisations", "old": nil, "new": "Other Trust, Partner Trust"],
                ["field": "Lifecycle stage", "old": nil, "new": stage.name],
                ["field": "Status", "old": nil, "new": "Active"],
                ["field": "Budget", "old": nil, "new": "£12,500.50"],
                ["field": "Tags", "old": nil, "new": "winter, frailty"],
                ["field": "Visibility", "old": nil, "new": "Lead and partner organisations"],
                ["field": "Method", "old": nil, "new": "Quality improvement"],
            ])
            try await old(2, "project", project.id, project: project.id, "close", "Closed project RAA-0001", [
                ["field": "Status", "old": "On hold", "new": "Closed"],
                ["field": "Lead organisation", "old": "A Trust Since Renamed", "new": "Lead Trust"],
            ])
            try await old(3, "team-member", person.id, project: project.id, "create", "Added viewer-partner to the team as Project manager", [
                ["field": "Team role of viewer-partner", "old": nil, "new": "Project manager"],
            ])
            try await old(4, "person", person.id, project: nil, "update", "Deactivated viewer-partner", [
                ["field": "Active", "old": "yes", "new": "no"],
            ])
            try await old(5, "person", person.id, project: nil, "update", "Changed account of viewer-partner", [
                ["field": "System role", "old": "Viewer (read only)", "new": "Member"],
                ["field": "Password", "old": nil, "new": "changed"],
            ])
            try await old(6, "strategic theme", UUID(), project: nil, "create", "Created strategic theme Frailty", [
                ["field": "Name", "old": nil, "new": "Frailty"],
            ])

            try await migration.prepare(on: app.db)

            let projectEvents = try await store.projectHistory(project.id, page: PageRequest(perPage: 10)).items
            XCTAssertEqual(projectEvents.map(\.event), [.teamMemberAdded, .projectClosed, .projectCreated], database.rawValue)
            XCTAssertEqual(projectEvents.map(\.subject), ["viewer-partner", "RAA-0001", "RAA-0001 Virtual wards"])
            XCTAssertEqual(projectEvents[0].changes, [FieldChange(field: "role", old: nil, new: "manager")])
            XCTAssertEqual(projectEvents[1].changes, [
                FieldChange(field: "status", old: "on-hold", new: "closed"),
                // A name that no longer names anything is kept as it was written.
                FieldChange(field: "leadOrganisationId", old: "A Trust Since Renamed", new: world.lead.id.lowercasedText),
            ])
            XCTAssertEqual(projectEvents[2].changes, [
                FieldChange(field: "title", old: nil, new: "Virtual wards"),
                FieldChange(field: "leadOrganisationId", old: nil, new: world.lead.id.lowercasedText),
                FieldChange(field: "partnerOrganisationIds", old: nil,
                            new: [world.other.id, world.partner.id].map(\.lowercasedText).sorted().joined(separator: ",")),
                FieldChange(field: "stageId", old: nil, new: stage.id.lowercasedText),
                FieldChange(field: "status", old: nil, new: "active"),
                FieldChange(field: "budgetPence", old: nil, new: "1250050"),
                FieldChange(field: "tags", old: nil, new: "winter,frailty"),
                FieldChange(field: "visibility", old: nil, new: "organisation"),
                FieldChange(field: "methodology", old: nil, new: "qi"),
            ])
            let account = try await store.history(of: person.id, page: PageRequest(perPage: 10), readableBy: AccessPolicy.readRule(for: world.person("admin").actor)).items
            XCTAssertEqual(account.map(\.event), [.personChanged, .personDeactivated, .teamMemberAdded])
            XCTAssertEqual(account[0].changes, [FieldChange(field: "role", old: "viewer", new: "member"),
                                                FieldChange(field: "password", old: nil, new: AuditValue.passwordSet)])
            XCTAssertEqual(account[1].changes, [FieldChange(field: "active", old: "true", new: "false")])
            let theme = try await sql.raw("SELECT entity_type, event, subject FROM audit_events WHERE sequence = 6").first()
            XCTAssertEqual(try theme?.decode(column: "entity_type", as: String.self), "theme")
            XCTAssertEqual(try theme?.decode(column: "event", as: String.self), "theme.created")
            XCTAssertEqual(try theme?.decode(column: "subject", as: String.self), "Frailty")
        }
    }
}
