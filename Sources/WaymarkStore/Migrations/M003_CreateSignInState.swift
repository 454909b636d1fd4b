import FluentKit
import SQLKit

/// Sessions, API tokens and sign-in throttling live in the database so that several Waymark
/// instances behind a load balancer share them.
struct M003_CreateSignInState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            // SHA-256 of the cookie value: a copy of the table gives no one a session.
            .field("id_hash", .string, .identifier(auto: false))
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("refreshed_at", .datetime, .required)
            .create()
        try await database.schema("api_tokens")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("sign_in_throttle")
            .field("key", .string, .identifier(auto: false))
            .field("failures", .int, .required)
            .field("window_started_at", .datetime, .required)
            .field("locked_until", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "sessions_person_idx").on("sessions").column("person_id").run()
        try await sql.create(index: "sessions_expiry_idx").on("sessions").column("expires_at").run()
        try await sql.create(index: "api_tokens_person_idx").on("api_tokens").column("person_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_throttle").delete()
        try await database.schema("api_tokens").delete()
        try await database.schema("sessions").delete()
    }
}
