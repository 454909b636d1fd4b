import FluentKit
import Foundation
import SQLKit

/// The audit trail keeps codes, field keys and stored values instead of English: an event gets
/// its code (`event`), its `summary` becomes the `subject` (the record's name at the time), a
/// change's label becomes its key and its displayed values the stored ones (names back to ids,
/// labels back to codes, "£1,250" back to pence). The web layer words events when it writes them.
///
/// Everything this migration knows about the old words is frozen here, as the code wrote them
/// before it: later label changes must not change what it does. A displayed value it cannot
/// turn back (an organisation renamed since) is kept as it was written.
struct M011_AuditEventsKeepKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE audit_events ADD COLUMN event TEXT").run()
        try await sql.raw("ALTER TABLE audit_events RENAME COLUMN summary TO subject").run()

        var names = Names()
        for (table, keyPath) in [("organisations", \Names.organisations), ("programmes", \.programmes), ("themes", \.themes),
                                 ("lifecycle_stages", \.stages)] as [(String, WritableKeyPath<Names, [String: String]>)] {
            for row in try await sql.raw("SELECT id, name FROM \(unsafeRaw: table)").all() {
                let id = try row.decode(column: "id", as: UUID.self).uuidString.lowercased()
                let name = try row.decode(column: "name", as: String.self)
                if names[keyPath: keyPath][name] == nil { names[keyPath: keyPath][name] = id }
            }
        }

        let rows = try await sql.raw("SELECT id, entity_type, action, subject, changes FROM audit_events").all()
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let old = OldEvent(entityType: try row.decode(column: "entity_type", as: String.self),
                               action: try row.decode(column: "action", as: String.self),
                               summary: try row.decode(column: "subject", as: String.self),
                               changes: try row.decode(column: "changes", as: String.self))
            let new = old.converted(names)
            try await sql.raw("""
                UPDATE audit_events SET event = \(bind: new.event), subject = \(bind: new.subject),
                       entity_type = \(bind: new.entityType), changes = \(bind: new.changes)
                WHERE id = \(bind: id)
                """).run()
        }
    }

    /// Back to sentences' places: the subject stands where the summary was, and the codes go.
    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE audit_events RENAME COLUMN subject TO summary").run()
        try await sql.raw("ALTER TABLE audit_events DROP COLUMN event").run()
    }

    /// Names to ids, as the database holds them when the migration runs.
    struct Names {
        var organisations: [String: String] = [:]
        var programmes: [String: String] = [:]
        var themes: [String: String] = [:]
        var stages: [String: String] = [:]
    }

    struct OldEvent {
        var entityType: String
        var action: String
        var summary: String
        var changes: String

        struct Change: Codable {
            var field: String
            var old: String?
            var new: String?
        }

        func converted(_ names: Names) -> (event: String, subject: String, entityType: String, changes: String) {
            let type = entityType == "strategic theme" ? "theme" : entityType
            var (verb, subject) = Self.verbAndSubject(type, action, summary)
            if verb == nil {
                verb = ["create": "created", "delete": "deleted", "close": "closed"][action] ?? "changed"
                subject = summary
            }
            var decoded = (try? JSONDecoder().decode([Change].self, from: Data(changes.utf8))) ?? []
            for index in decoded.indices {
                let key = Self.key(type, decoded[index].field)
                decoded[index].old = decoded[index].old.map { Self.value(type, key, $0, names) }
                decoded[index].new = decoded[index].new.map { Self.value(type, key, $0, names) }
                decoded[index].field = key
            }
            let json = (try? JSONEncoder().encode(decoded)).map { String(decoding: $0, as: UTF8.self) } ?? changes
            return ("\(type).\(verb!)", subject, type, json)
        }

        /// The sentences the code wrote, by kind of record and action.
        static func verbAndSubject(_ type: String, _ action: String, _ summary: String) -> (String?, String) {
            func after(_ prefix: String) -> String? { summary.hasPrefix(prefix) ? String(summary.dropFirst(prefix.count)) : nil }
            switch (type, action) {
            case ("project", "create"): if let rest = after("Created project ") { return ("created", rest) }
            case ("project", "update"): if let rest = after("Changed project ") { return ("changed", rest) }
            case ("project", "close"): if let rest = after("Closed project ") { return ("closed", rest) }
            case ("project", "delete"): if let rest = after("Deleted project ") { return ("deleted", rest) }
            case ("team-member", "create"):
                if let rest = after("Added "), let range = rest.range(of: " to the team as ", options: .backwards) {
                    return ("added", String(rest[..<range.lowerBound]))
                }
            case ("team-member", "update"):
                if let rest = after("Changed "), let range = rest.range(of: "'s team role to ", options: .backwards) {
                    return ("role-changed", String(rest[..<range.lowerBound]))
                }
            case ("team-member", "delete"):
                if let rest = after("Removed "), rest.hasSuffix(" from the team") {
                    return ("removed", String(rest.dropLast(" from the team".count)))
                }
            case ("person", "create"): if let rest = after("Created account for ") { return ("created", rest) }
            case ("person", "update"):
                if let rest = after("Changed account of ") { return ("changed", rest) }
                if let rest = after("Reactivated ") { return ("reactivated", rest) }
                if let rest = after("Deactivated ") { return ("deactivated", rest) }
                if let rest = after("Reset password of ") { return ("password-reset", rest) }
            case ("organisation", "create"): if let rest = after("Created organisation ") { return ("created", rest) }
            case ("organisation", "update"): if let rest = after("Changed organisation ") { return ("changed", rest) }
            case ("theme", "create"): if let rest = after("Created strategic theme ") { return ("created", rest) }
            case ("theme", "update"): if let rest = after("Changed strategic theme ") { return ("changed", rest) }
            case ("programme", "create"): if let rest = after("Created programme ") { return ("created", rest) }
            case ("programme", "update"): if let rest = after("Changed programme ") { return ("changed", rest) }
            case ("api-token", "create"): if let rest = after("Created API token ") { return ("created", rest) }
            case ("api-token", "update"): if let rest = after("Revoked API token ") { return ("revoked", rest) }
            default: break
            }
            return (nil, summary)
        }

        static let projectKeys = [
            "Title": "title", "Aim and summary": "summary", "In scope": "scopeIn", "Out of scope": "scopeOut",
            "Objectives": "objectives", "Lead organisation": "leadOrganisationId", "Partner organisations": "partnerOrganisationIds",
            "Programme": "programmeId", "Strategic themes": "themeIds", "Method": "methodology", "Lifecycle stage": "stageId",
            "Status": "status", "Start date": "startDate", "End date": "endDate", "Budget": "budgetPence", "Tags": "tags",
            "Visibility": "visibility",
        ]
        static let personKeys = ["Name": "name", "Email": "email", "System role": "role", "Organisation": "organisationId",
                                 "Password": "password", "Active": "active"]
        static let organisationKeys = ["Name": "name", "Code": "code", "Code kind": "codeKind", "Kind": "kind"]
        static let namedKeys = ["Name": "name", "Description": "description"]

        static func key(_ type: String, _ label: String) -> String {
            switch type {
            case "project": projectKeys[label] ?? label
            case "person": personKeys[label] ?? label
            case "organisation": organisationKeys[label] ?? label
            case "theme", "programme": namedKeys[label] ?? label
            case "api-token": ["Name": "name", "Revoked": "revoked"][label] ?? label
            case "team-member": label.hasPrefix("Team role of ") ? "role" : label
            default: label
            }
        }

        static let methodologies = ["Project management": "project", "Quality improvement": "qi", "Programme": "programme"]
        static let statuses = ["Active": "active", "On hold": "on-hold", "Closed": "closed", "Cancelled": "cancelled"]
        static let visibilities = ["Everyone in the system": "system", "Lead and partner organisations": "organisation",
                                   "Project team only": "team"]
        static let systemRoles = ["System administrator": "admin", "Portfolio office": "portfolio", "Organisation admin": "orgadmin",
                                  "Member": "member", "Viewer (read only)": "viewer"]
        static let teamRoles = ["Senior responsible owner": "sro", "Project manager": "manager", "QI lead": "qilead",
                                "Team member": "member", "Observer": "observer"]
        static let codeKinds = ["ODS code": "ods", "Local code": "local"]
        static let organisationKinds = [
            "Integrated care board": "icb", "Acute trust": "acute-trust", "Community or mental health trust": "community-trust",
            "Primary care (practice or PCN)": "primary-care", "Local authority": "local-authority",
            "Voluntary and community sector": "voluntary-sector", "Other": "other",
        ]

        static func value(_ type: String, _ key: String, _ text: String, _ names: Names) -> String {
            func list(_ lookup: [String: String]) -> String {
                let ids = text.components(separatedBy: ", ").map { lookup[$0] }
                guard ids.allSatisfy({ $0 != nil }) else { return text }
                return ids.map { $0! }.sorted().joined(separator: ",")
            }
            switch (type, key) {
            case ("project", "leadOrganisationId"), ("person", "organisationId"): return names.organisations[text] ?? text
            case ("project", "partnerOrganisationIds"): return list(names.organisations)
            case ("project", "programmeId"): return names.programmes[text] ?? text
            case ("project", "themeIds"): return list(names.themes)
            case ("project", "stageId"): return names.stages[text] ?? text
            case ("project", "methodology"): return methodologies[text] ?? text
            case ("project", "status"): return statuses[text] ?? text
            case ("project", "visibility"): return visibilities[text] ?? text
            case ("project", "tags"): return text.components(separatedBy: ", ").joined(separator: ",")
            case ("project", "budgetPence"): return pence(text) ?? text
            case ("person", "role"): return systemRoles[text] ?? text
            case ("person", "active"): return text == "yes" ? "true" : text == "no" ? "false" : text
            case ("person", "password"): return text == "changed" ? "set" : text
            case ("api-token", "revoked"): return text == "yes" ? "true" : text == "no" ? "false" : text
            case ("team-member", "role"): return teamRoles[text] ?? text
            case ("organisation", "codeKind"): return codeKinds[text] ?? text
            case ("organisation", "kind"): return organisationKinds[text] ?? text
            default: return text
            }
        }

        /// "£12,500.50" as whole pence ("1250050").
        static func pence(_ text: String) -> String? {
            guard text.hasPrefix("£") else { return nil }
            let parts = text.dropFirst().replacingOccurrences(of: ",", with: "").split(separator: ".", omittingEmptySubsequences: false)
            guard let pounds = Int64(parts[0]) else { return nil }
            var pence = pounds * 100
            if parts.count == 2 {
                guard parts[1].count == 2, let fraction = Int64(parts[1]) else { return nil }
                pence += fraction
            }
            return String(pence)
        }
    }
}
