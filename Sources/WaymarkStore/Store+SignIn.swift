import Foundation
import SQLKit
import WaymarkDomain

/// A signed-in browser session, found by the SHA-256 of its cookie value.
public struct SessionRecord: Sendable, Equatable {
    public var idHash: String
    public var personID: UUID
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date
    public var refreshedAt: Date
    /// What it was started from, in words ("Firefox on Windows"); nil when not known.
    public var device: String? = nil
}

struct TokenRow: Decodable {
    var id: UUID
    var personId: UUID
    var name: String
    var createdAt: Date
    var revokedAt: Date?

    var info: APITokenInfo { APITokenInfo(id: id, personID: personId, name: name, createdAt: createdAt, revokedAt: revokedAt) }
}

struct ThrottleRow: Decodable {
    var key: String
    var failures: Int
    var windowStartedAt: Date
    var lockedUntil: Date?
}

extension Store {
    // MARK: Sessions

    public func createSession(idHash: String, personID: UUID, csrfToken: String, expiresAt: Date, device: String? = nil) async throws {
        try await run("""
            INSERT INTO sessions (id_hash, person_id, csrf_token, created_at, expires_at, refreshed_at, device)
            VALUES (\(bind: idHash), \(bind: personID), \(bind: csrfToken), \(bind: now()), \(bind: expiresAt), \(bind: now()),
                    \(bind: device))
            """)
    }

    /// The person's live sessions, the most recently used first.
    public func sessions(of personID: UUID) async throws -> [SessionRecord] {
        try await rows("""
            SELECT id_hash, person_id, csrf_token, created_at, expires_at, refreshed_at, device FROM sessions
            WHERE person_id = \(bind: personID) AND expires_at > \(bind: now())
            ORDER BY refreshed_at DESC, created_at DESC
            """, reading: { columns in
                SessionRecord(idHash: try columns.string("id_hash"), personID: try columns.uuid("person_id"),
                              csrfToken: try columns.string("csrf_token"), createdAt: try columns.date("created_at"),
                              expiresAt: try columns.date("expires_at"), refreshedAt: try columns.date("refreshed_at"),
                              device: try columns.optionalString("device"))
            })
    }

    /// Ends every session of the person but this one.
    public func endSessions(of personID: UUID, except idHash: String) async throws {
        try await run("DELETE FROM sessions WHERE person_id = \(bind: personID) AND id_hash <> \(bind: idHash)")
    }

    /// The live session and its active person; sessions that expired unused or began before
    /// `startedAfter` (the longest a session may last), and deactivated people, get nothing.
    public func session(idHash: String, startedAfter: Date = .distantPast) async throws -> (SessionRecord, Person)? {
        // One query on every signed-in request: the session and its person together.
        try await reusing.rows("""
            SELECT s.id_hash, s.csrf_token, s.created_at, s.expires_at, s.refreshed_at, \(Store.personColumns("p")), \(counterColumn)
            FROM sessions s JOIN people p ON p.id = s.person_id
            WHERE s.id_hash = \(bind: idHash) AND s.expires_at > \(bind: now()) AND s.created_at > \(bind: startedAfter)
            AND p.active = TRUE
            """, reading: { columns in
                recordCounters(from: columns)
                let person = try Person(columns)
                return (SessionRecord(idHash: try columns.string("id_hash"), personID: person.id,
                                      csrfToken: try columns.string("csrf_token"), createdAt: try columns.date("created_at"),
                                      expiresAt: try columns.date("expires_at"), refreshedAt: try columns.date("refreshed_at")), person)
            }).first
    }

    /// Slides the expiry forward; callers do this rarely, so reading pages writes nothing.
    public func refreshSession(idHash: String, expiresAt: Date) async throws {
        try await run("UPDATE sessions SET expires_at = \(bind: expiresAt), refreshed_at = \(bind: now()) WHERE id_hash = \(bind: idHash)")
    }

    public func deleteSession(idHash: String) async throws {
        try await run("DELETE FROM sessions WHERE id_hash = \(bind: idHash)")
    }

    public func endSessions(of personID: UUID) async throws {
        try await run("DELETE FROM sessions WHERE person_id = \(bind: personID)")
    }

    /// Removes expired sessions and throttle counters nobody needs any more.
    @discardableResult
    public func sweepExpired(olderThan window: TimeInterval) async throws -> Int {
        let expired = try await count("SELECT COUNT(*) AS n FROM sessions WHERE expires_at <= \(bind: now())")
        try await run("DELETE FROM sessions WHERE expires_at <= \(bind: now())")
        let cutoff = now().addingTimeInterval(-window)
        try await run("""
            DELETE FROM sign_in_throttle WHERE window_started_at < \(bind: cutoff)
            AND (locked_until IS NULL OR locked_until < \(bind: now()))
            """)
        return expired
    }

    // MARK: API tokens

    public func createToken(personID: UUID, name: String, tokenHash: String, by actor: AuditActor) async throws -> APITokenInfo {
        try await write { store in
            let id = UUID()
            let created = store.now()
            try await store.run("""
                INSERT INTO api_tokens (id, person_id, name, token_hash, created_at)
                VALUES (\(bind: id), \(bind: personID), \(bind: name), \(bind: tokenHash), \(bind: created))
                """)
            try await store.record(.apiTokenCreated, id, subject: name, changes: [FieldChange(field: "name", old: nil, new: name)],
                                   by: actor)
            return APITokenInfo(id: id, personID: personID, name: name, createdAt: created, revokedAt: nil)
        }
    }

    public func tokens(of personID: UUID) async throws -> [APITokenInfo] {
        try await rows("""
            SELECT id, person_id, name, created_at, revoked_at FROM api_tokens
            WHERE person_id = \(bind: personID) ORDER BY created_at DESC
            """, as: TokenRow.self).map(\.info)
    }

    /// Revokes one of the person's own tokens; false if they have no such live token.
    public func revokeToken(_ id: UUID, of personID: UUID, by actor: AuditActor) async throws -> Bool {
        try await write { store in
            guard let token = try await store.row("""
                SELECT id, person_id, name, created_at, revoked_at FROM api_tokens
                WHERE id = \(bind: id) AND person_id = \(bind: personID) AND revoked_at IS NULL
                """, as: TokenRow.self) else { return false }
            try await store.run("UPDATE api_tokens SET revoked_at = \(bind: store.now()) WHERE id = \(bind: id)")
            try await store.record(.apiTokenRevoked, id, subject: token.name,
                                   changes: [FieldChange(field: "revoked", old: AuditValue.boolean(false), new: AuditValue.boolean(true))],
                                   by: actor)
            return true
        }
    }

    /// Revokes every live token of the person (deactivation, a password set by someone else).
    func revokeTokens(of personID: UUID) async throws {
        try await run("UPDATE api_tokens SET revoked_at = \(bind: now()) WHERE person_id = \(bind: personID) AND revoked_at IS NULL")
    }

    /// The active person a live token belongs to.
    public func person(tokenHash: String) async throws -> Person? {
        try await reusing.rows("""
            SELECT \(Store.personColumns("p")), \(counterColumn)
            FROM api_tokens t JOIN people p ON p.id = t.person_id
            WHERE t.token_hash = \(bind: tokenHash) AND t.revoked_at IS NULL AND p.active = TRUE
            """, reading: { columns in
                recordCounters(from: columns)
                return try Person(columns)
            }).first
    }

    // MARK: Sign-in throttling

    public func throttleCounters(_ keys: [SignInThrottlePolicy.Key]) async throws -> [SignInThrottlePolicy.Key: SignInThrottlePolicy.Counter] {
        let storageKeys = keys.map(\.storageKey)
        let rows = try await rows("""
            SELECT key, failures, window_started_at, locked_until FROM sign_in_throttle WHERE key IN (\(binds: storageKeys))
            """, as: ThrottleRow.self)
        var counters: [SignInThrottlePolicy.Key: SignInThrottlePolicy.Counter] = [:]
        for key in keys {
            if let row = rows.first(where: { $0.key == key.storageKey }) {
                counters[key] = .init(failures: row.failures, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil)
            }
        }
        return counters
    }

    public func recordSignInFailure(_ keys: [SignInThrottlePolicy.Key], policy: SignInThrottlePolicy) async throws {
        try await write { store in
            let counters = try await store.throttleCounters(keys)
            for key in keys {
                let next = policy.afterFailure(counters[key], key: key, now: store.now())
                try await store.run("""
                    INSERT INTO sign_in_throttle (key, failures, window_started_at, locked_until)
                    VALUES (\(bind: key.storageKey), \(bind: next.failures), \(bind: next.windowStartedAt), \(bind: next.lockedUntil))
                    ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
                        window_started_at = excluded.window_started_at, locked_until = excluded.locked_until
                    """)
            }
        }
    }

    public func clearSignInFailures(_ key: SignInThrottlePolicy.Key) async throws {
        try await run("DELETE FROM sign_in_throttle WHERE key = \(bind: key.storageKey)")
    }
}
