import Foundation

/// Slows password guessing: after too many failed sign-ins in a window, the account (or the
/// address the attempts come from) is locked for a while. Per address is looser than per account
/// because several people may share one address (an NHS site's proxy).
public struct SignInThrottlePolicy: Sendable, Equatable {
    public var accountFailures: Int
    public var addressFailures: Int
    public var window: TimeInterval
    public var lockout: TimeInterval

    public init(accountFailures: Int = 5, addressFailures: Int = 20, window: TimeInterval = 15 * 60,
                lockout: TimeInterval = 15 * 60) {
        self.accountFailures = accountFailures
        self.addressFailures = addressFailures
        self.window = window
        self.lockout = lockout
    }

    public static let standard = SignInThrottlePolicy()

    /// The counter behind one key ("account:…" or "address:…").
    public struct Counter: Sendable, Equatable {
        public var failures: Int
        public var windowStartedAt: Date
        public var lockedUntil: Date?

        public init(failures: Int, windowStartedAt: Date, lockedUntil: Date?) {
            self.failures = failures
            self.windowStartedAt = windowStartedAt
            self.lockedUntil = lockedUntil
        }
    }

    public enum Key: Sendable, Hashable {
        case account(String)
        case address(String)

        public var storageKey: String {
            switch self {
            case .account(let email): "account:" + EmailAddress.normalised(email)
            case .address(let address): "address:" + address
            }
        }
    }

    public func limit(for key: Key) -> Int {
        switch key {
        case .account: accountFailures
        case .address: addressFailures
        }
    }

    /// When the key may try again, or nil if it may try now.
    public func lockedUntil(_ counter: Counter?, now: Date) -> Date? {
        guard let until = counter?.lockedUntil, until > now else { return nil }
        return until
    }

    /// The counter after one more failure at `now`.
    public func afterFailure(_ counter: Counter?, key: Key, now: Date) -> Counter {
        var next = counter ?? Counter(failures: 0, windowStartedAt: now, lockedUntil: nil)
        if now.timeIntervalSince(next.windowStartedAt) > window || (next.lockedUntil.map { $0 <= now } ?? false) {
            next = Counter(failures: 0, windowStartedAt: now, lockedUntil: nil)
        }
        next.failures += 1
        if next.failures >= limit(for: key) {
            next.lockedUntil = now.addingTimeInterval(lockout)
        }
        return next
    }
}
