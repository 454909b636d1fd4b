import Foundation
import WaymarkDomain
import WaymarkStore

/// What a person does to their own account: change their password, see where they are signed
/// in, sign out everywhere else. Anyone signed in may, for themselves alone.
public struct AccountWorkflows: Sendable {
    let store: Store
    let passwords: PasswordHashing
    /// Whether a password is the one a hash was made from.
    let verify: @Sendable (String, String) async throws -> Bool
    let throttle: SignInThrottlePolicy

    public init(_ store: Store, passwords: PasswordHashing, verify: @escaping @Sendable (String, String) async throws -> Bool,
                throttle: SignInThrottlePolicy) {
        self.store = store
        self.passwords = passwords
        self.verify = verify
        self.throttle = throttle
    }

    /// The person's new password, given their current one: the same rules as any password; a
    /// wrong current password counts against the account as a failed sign-in does (so the form
    /// cannot be used to guess it). Every other session ends; `keepingSession` stays.
    public func changePassword(current: String, new: String, confirmation: String, keepingSession idHash: String?,
                               by acting: Acting) async throws {
        let key = SignInThrottlePolicy.Key.account(acting.person.email)
        if let until = throttle.lockedUntil(try await store.throttleCounters([key])[key], now: store.now()) {
            let minutes = max(1, Int((until.timeIntervalSince(store.now()) / 60).rounded(.up)))
            throw ValidationFailure("currentPassword", "Too many wrong passwords. Try again in \(minutes) minute\(minutes == 1 ? "" : "s")",
                                    kind: .rule)
        }
        var errors = FieldErrors()
        if current.isEmpty { errors.add("currentPassword", "Enter your current password") }
        if new.isEmpty {
            errors.add("newPassword", "Enter a new password")
        } else if let problem = PasswordRules.problem(with: new) {
            errors.add("newPassword", problem)
        } else if new == current {
            errors.add("newPassword", "Choose a new password that is not your current one")
        }
        if !new.isEmpty && confirmation != new { errors.add("confirmPassword", "Enter the same new password again") }
        try errors.throwIfAny()
        guard let credentials = try await store.credentials(email: acting.person.email), try await verify(current, credentials.passwordHash) else {
            try await store.recordSignInFailure([key], policy: throttle)
            throw ValidationFailure("currentPassword", "Your current password is not right")
        }
        try await store.changeOwnPassword(acting.person.id, passwordHash: try await passwords.hash(new), keepingSession: idHash,
                                          by: acting.audit)
    }

    /// Where the person is signed in, the most recently used first.
    public func sessions(by acting: Acting) async throws -> [SessionRecord] {
        try await store.sessions(of: acting.person.id)
    }

    /// Ends every session of the person's but `idHash`, the one they are using.
    public func signOutEverywhereElse(keeping idHash: String, by acting: Acting) async throws {
        try await store.endSessions(of: acting.person.id, except: idHash)
    }

    /// The teams the person is on, by role: what the account page says of their team roles,
    /// apart from their system role.
    public func teamRoles(by acting: Acting) async throws -> [(role: TeamRole, projects: Int)] {
        let index = try await store.portfolioIndex()
        var counts: [TeamRole: Int] = [:]
        for projectID in index.projects(withTeamMember: acting.person.id) {
            if let role = index.entry(projectID)?.team[acting.person.id] { counts[role, default: 0] += 1 }
        }
        return TeamRole.allCases.compactMap { role in counts[role].map { (role, $0) } }
    }
}
